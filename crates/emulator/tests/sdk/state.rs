//! The state file: round trip across restarts, atomic writes, corruption.

use aws_sdk_bedrock::types::{InferenceProfileType, Tag};
use bedrock_emulator::{Emulator, EmulatorConfig, Seed, StartError};

use crate::common::*;

fn config(path: &std::path::Path, seed: Seed) -> EmulatorConfig {
    EmulatorConfig::for_tests(seed).with_state_file(path)
}

async fn app_profiles(client: &aws_sdk_bedrock::Client) -> Vec<(String, String)> {
    client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.inference_profile_name, p.inference_profile_arn))
        .collect()
}

#[tokio::test]
async fn profiles_tags_and_tokens_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(config(&path, Seed::Demo)).await;
    let client = bedrock(&emulator, VIRGINIA);
    let tokyo = bedrock(&emulator, TOKYO);
    assert!(!path.exists(), "nothing is written before the first change");
    let arn = client
        .create_inference_profile()
        .inference_profile_name("persisted")
        .description("Kept across restarts")
        .model_source(
            aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(fm_arn(VIRGINIA, HAIKU)),
        )
        .tags(Tag::builder().key("Team").value("Data").build().unwrap())
        .client_request_token("token-1")
        .send()
        .await
        .unwrap()
        .inference_profile_arn;
    assert!(path.exists());
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(Tag::builder().key("Env").value("Test").build().unwrap())
        .send()
        .await
        .unwrap();
    let demo = app_profiles(&tokyo).await;
    let dev = demo
        .iter()
        .find(|(name, _)| name == "dev-claude-haiku")
        .unwrap()
        .1
        .clone();
    tokyo
        .delete_inference_profile()
        .inference_profile_identifier(&dev)
        .send()
        .await
        .unwrap();
    let before_virginia = app_profiles(&client).await;
    let before_tokyo = app_profiles(&tokyo).await;
    emulator.shutdown().await;

    // No temp files are left next to the state file.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["state.json"]);

    // The seed does not come back over the saved state: the deleted demo profile stays deleted.
    let emulator = start_with(config(&path, Seed::Demo)).await;
    let client = bedrock(&emulator, VIRGINIA);
    let tokyo = bedrock(&emulator, TOKYO);
    assert_eq!(app_profiles(&client).await, before_virginia);
    assert_eq!(app_profiles(&tokyo).await, before_tokyo);
    assert_eq!(before_tokyo.len(), 4);
    let got = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.description.as_deref(), Some("Kept across restarts"));
    let mut tags: Vec<String> = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap()
        .into_iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect();
    tags.sort();
    assert_eq!(tags, ["Env=Test", "Team=Data"]);
    // The idempotency token is remembered too.
    let again = client
        .create_inference_profile()
        .inference_profile_name("persisted")
        .description("Kept across restarts")
        .model_source(
            aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(fm_arn(VIRGINIA, HAIKU)),
        )
        .tags(Tag::builder().key("Team").value("Data").build().unwrap())
        .client_request_token("token-1")
        .send()
        .await
        .unwrap()
        .inference_profile_arn;
    assert_eq!(again, arn);
    // Runtime calls through the restored profile work.
    runtime(&emulator, VIRGINIA)
        .converse()
        .model_id(&arn)
        .messages(
            aws_sdk_bedrockruntime::types::Message::builder()
                .role(aws_sdk_bedrockruntime::types::ConversationRole::User)
                .content(aws_sdk_bedrockruntime::types::ContentBlock::Text(
                    "hi".into(),
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // Reset writes the seed back.
    emulator.reset().await.unwrap();
    emulator.shutdown().await;
    let emulator = start_with(config(&path, Seed::Demo)).await;
    assert!(app_profiles(&bedrock(&emulator, VIRGINIA)).await.is_empty());
    assert_eq!(app_profiles(&bedrock(&emulator, TOKYO)).await.len(), 5);
}

#[tokio::test]
async fn a_corrupt_state_file_stops_the_start_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (i, content) in [
        "{ this is not json",
        "",
        r#"{"format":"something-else","version":1,"accountId":"123456789012","regions":{}}"#,
        r#"{"format":"bedrock-emulator-state","version":99,"accountId":"123456789012","regions":{}}"#,
        r#"{"format":"bedrock-emulator-state","version":1,"accountId":"123456789012","regions":{"us-east-1":{"profiles":[{"id":"TOO-SHORT","name":"x","createdAt":"","updatedAt":"","modelSource":"","models":["m"],"tags":[]}]}}}"#,
    ]
    .into_iter()
    .enumerate()
    {
        let path = dir.path().join(format!("state-{i}.json"));
        std::fs::write(&path, content).unwrap();
        let err = Emulator::start(config(&path, Seed::Demo)).await.unwrap_err();
        assert!(matches!(err, StartError::CorruptState { .. }), "{content:?}: {err}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()) && message.contains("left untouched"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), content, "never overwritten");
    }
}

#[tokio::test]
async fn a_state_file_of_another_account_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(config(&path, Seed::Empty)).await;
    create_profile(&bedrock(&emulator, TOKYO), TOKYO, "mine").await;
    emulator.shutdown().await;
    let err = Emulator::start(config(&path, Seed::Empty).with_account_id("210987654321"))
        .await
        .unwrap_err();
    assert!(matches!(err, StartError::Config(_)), "{err}");
}

fn tag_request(
    client: &aws_sdk_bedrock::Client,
    arn: &str,
    key: &str,
) -> aws_sdk_bedrock::operation::tag_resource::builders::TagResourceFluentBuilder {
    client
        .tag_resource()
        .resource_arn(arn)
        .tags(Tag::builder().key(key).value("v").build().unwrap())
}

#[tokio::test]
async fn a_state_write_that_fails_keeps_the_previous_file_and_answers_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(config(&path, Seed::Empty)).await;
    let client = bedrock_no_retry(&emulator, TOKYO);
    let arn = create_profile(&client, TOKYO, "kept").await;
    let before = std::fs::read(&path).unwrap();
    // The default writer's temp file is `.state.json.tmp-<pid>`: a folder in its place makes the
    // write fail as a full or read-only disk would (as root, permissions would not stop it).
    let blocker = dir
        .path()
        .join(format!(".state.json.tmp-{}", std::process::id()));
    std::fs::create_dir(&blocker).unwrap();
    let err = tag_request(&client, &arn, "Lost").send().await.unwrap_err();
    assert_eq!(
        aws_sdk_bedrock::error::ProvideErrorMetadata::code(&err),
        Some("InternalServerException"),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the previous state is intact"
    );
    assert!(
        blocker.is_dir(),
        "the writer did not remove what it did not create"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_injected_state_writer_writes_the_state_and_its_failure_is_reported() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let calls = Arc::new(AtomicUsize::new(0));
    let fail = Arc::new(AtomicBool::new(false));
    let (c, f) = (calls.clone(), fail.clone());
    let writer: Arc<bedrock_emulator::StateWriteFn> =
        Arc::new(move |p: &std::path::Path, bytes: &[u8]| {
            c.fetch_add(1, Ordering::SeqCst);
            if f.load(Ordering::SeqCst) {
                return Err(std::io::Error::other("disk full"));
            }
            std::fs::write(p, bytes)
        });
    let emulator = start_with(config(&path, Seed::Empty).with_state_writer(writer)).await;
    let client = bedrock_no_retry(&emulator, TOKYO);
    let arn = create_profile(&client, TOKYO, "injected").await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let before = std::fs::read(&path).unwrap();
    assert!(String::from_utf8_lossy(&before).contains("injected"));
    fail.store(true, Ordering::SeqCst);
    let err = tag_request(&client, &arn, "Lost").send().await.unwrap_err();
    assert_eq!(
        aws_sdk_bedrock::error::ProvideErrorMetadata::code(&err),
        Some("InternalServerException"),
        "{err:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    emulator.shutdown().await;
}
