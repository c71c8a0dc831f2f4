//! Concurrent creates: distinct names all succeed; one name gives exactly one success.

use aws_sdk_bedrock::operation::create_inference_profile::CreateInferenceProfileError;
use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use bedrock_emulator::{EmulatorConfig, Seed};

use crate::common::*;

async fn create_many(
    client: &aws_sdk_bedrock::Client,
    names: Vec<String>,
) -> Vec<Result<String, CreateInferenceProfileError>> {
    let tasks: Vec<_> = names
        .into_iter()
        .map(|name| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .create_inference_profile()
                    .inference_profile_name(name)
                    .model_source(InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)))
                    .send()
                    .await
                    .map(|out| out.inference_profile_arn)
                    .map_err(|e| e.into_service_error())
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

async fn count_apps(client: &aws_sdk_bedrock::Client) -> usize {
    client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .max_results(1000)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap_or_default()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_creates_of_distinct_names_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let emulator = start_with(
        EmulatorConfig::for_tests(Seed::Empty).with_state_file(dir.path().join("state.json")),
    )
    .await;
    let client = bedrock_no_retry(&emulator, TOKYO);
    let results = create_many(
        &client,
        (0..50).map(|i| format!("concurrent-{i}")).collect(),
    )
    .await;
    let mut arns: Vec<String> = results.into_iter().map(|r| r.unwrap()).collect();
    arns.sort();
    arns.dedup();
    assert_eq!(arns.len(), 50);
    assert_eq!(count_apps(&client).await, 50);
    // Every one of them reached the state file.
    emulator.shutdown().await;
    let emulator = start_with(
        EmulatorConfig::for_tests(Seed::Empty).with_state_file(dir.path().join("state.json")),
    )
    .await;
    assert_eq!(count_apps(&bedrock(&emulator, TOKYO)).await, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_one_name_give_one_success() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock_no_retry(&emulator, TOKYO);
    let results = create_many(&client, vec!["contested".to_owned(); 50]).await;
    let successes = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(CreateInferenceProfileError::ConflictException(_))))
        .count();
    assert_eq!((successes, conflicts), (1, 49));
    assert_eq!(count_apps(&client).await, 1);
}
