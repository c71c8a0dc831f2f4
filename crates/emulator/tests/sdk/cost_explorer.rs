//! Cost Explorer through aws-sdk-costexplorer: cost allocation tags seen on billed calls, their
//! activation, and AWS's limits.

use aws_sdk_bedrock::types::{InferenceProfileModelSource, Tag};
use aws_sdk_costexplorer::types::{CostAllocationTagStatus, CostAllocationTagStatusEntry};
use bedrock_emulator::{EmulatorConfig, EmulatorHandle, Seed};

use crate::common::*;

pub(crate) fn ce(emulator: &EmulatorHandle) -> aws_sdk_costexplorer::Client {
    aws_sdk_costexplorer::Client::new(&services(emulator, VIRGINIA))
}

/// A profile copying Claude 3 Haiku in Tokyo with `tags`, called once through Converse.
pub(crate) async fn billed_profile(
    emulator: &EmulatorHandle,
    name: &str,
    tags: &[(&str, &str)],
    prompt: &str,
) -> String {
    let mut create = bedrock(emulator, TOKYO)
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)));
    for (key, value) in tags {
        create = create.tags(Tag::builder().key(*key).value(*value).build().unwrap());
    }
    let arn = create.send().await.unwrap().inference_profile_arn;
    runtime(emulator, TOKYO)
        .converse()
        .model_id(&arn)
        .messages(user(prompt))
        .send()
        .await
        .unwrap();
    arn
}

fn entry(key: &str, status: CostAllocationTagStatus) -> CostAllocationTagStatusEntry {
    CostAllocationTagStatusEntry::builder()
        .tag_key(key)
        .status(status)
        .build()
        .unwrap()
}

async fn listed(
    client: &aws_sdk_costexplorer::Client,
    status: Option<CostAllocationTagStatus>,
) -> Vec<(String, String)> {
    client
        .list_cost_allocation_tags()
        .set_status(status)
        .send()
        .await
        .unwrap()
        .cost_allocation_tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.tag_key, t.status.as_str().to_owned()))
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn tag_keys_of_billed_calls_are_inactive_until_activated() {
    let emulator = start(Seed::Empty).await;
    let client = ce(&emulator);
    assert!(listed(&client, None).await.is_empty(), "nothing billed yet");
    // A tagged profile that is never called is not seen by billing.
    bedrock(&emulator, TOKYO)
        .create_inference_profile()
        .inference_profile_name("unused")
        .model_source(InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)))
        .tags(Tag::builder().key("Unused").value("x").build().unwrap())
        .send()
        .await
        .unwrap();
    billed_profile(
        &emulator,
        "alpha",
        &[("Project", "Alpha"), ("Team", "Data")],
        "a",
    )
    .await;
    billed_profile(&emulator, "beta", &[("Project", "Beta")], "b").await;
    assert_eq!(
        listed(&client, None).await,
        owned(&[("Project", "Inactive"), ("Team", "Inactive")])
    );

    let out = client
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(entry("Project", CostAllocationTagStatus::Active))
        .cost_allocation_tags_status(entry("Unused", CostAllocationTagStatus::Active))
        .send()
        .await
        .unwrap();
    let errors: Vec<&str> = out
        .errors
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.tag_key.as_deref())
        .collect();
    assert_eq!(
        errors,
        ["Unused"],
        "a key billing has not seen cannot be set"
    );
    assert_eq!(
        listed(&client, Some(CostAllocationTagStatus::Active)).await,
        owned(&[("Project", "Active")])
    );
    assert_eq!(
        listed(&client, Some(CostAllocationTagStatus::Inactive)).await,
        owned(&[("Team", "Inactive")])
    );
    let project = client
        .list_cost_allocation_tags()
        .tag_keys("Project")
        .send()
        .await
        .unwrap()
        .cost_allocation_tags
        .unwrap();
    assert_eq!(project.len(), 1);
    assert_eq!(project[0].r#type.as_str(), "UserDefined");
    assert!(project[0]
        .last_updated_date
        .as_deref()
        .unwrap()
        .ends_with('Z'));
    assert!(project[0]
        .last_used_date
        .as_deref()
        .unwrap()
        .ends_with("T00:00:00Z"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn updates_take_at_most_20_keys_and_lists_page() {
    let emulator = start(Seed::Empty).await;
    let client = ce(&emulator);
    let tags: Vec<(String, String)> = (0..21)
        .map(|i| (format!("K{i:02}"), "v".to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    billed_profile(&emulator, "many", &pairs, "x").await;
    let mut update = client.update_cost_allocation_tags_status();
    for (key, _) in &tags {
        update = update.cost_allocation_tags_status(entry(key, CostAllocationTagStatus::Active));
    }
    let err = update.send().await.unwrap_err().into_service_error();
    let message = err.meta().message().unwrap_or_default().to_owned();
    assert_eq!(err.meta().code(), Some("ValidationException"), "{message}");
    assert!(
        message.contains("'CostAllocationTagsStatus' failed to satisfy constraint: Member must have length less than or equal to 20"),
        "{message}"
    );
    assert!(listed(&client, Some(CostAllocationTagStatus::Active))
        .await
        .is_empty());

    let first = client
        .list_cost_allocation_tags()
        .max_results(20)
        .send()
        .await
        .unwrap();
    assert_eq!(first.cost_allocation_tags.unwrap().len(), 20);
    let token = first.next_token.unwrap();
    let second = client
        .list_cost_allocation_tags()
        .max_results(20)
        .next_token(token)
        .send()
        .await
        .unwrap();
    let rest: Vec<String> = second
        .cost_allocation_tags
        .unwrap()
        .into_iter()
        .map(|t| t.tag_key)
        .collect();
    assert_eq!(rest, ["K20"]);
    assert!(second.next_token.is_none());
    let bad = client
        .list_cost_allocation_tags()
        .next_token("forged")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad.is_invalid_next_token_exception(), "{bad:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn activation_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    billed_profile(&emulator, "alpha", &[("Project", "Alpha")], "a").await;
    ce(&emulator)
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(entry("Project", CostAllocationTagStatus::Active))
        .send()
        .await
        .unwrap();
    emulator.shutdown().await;
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    assert_eq!(
        listed(&ce(&emulator), None).await,
        owned(&[("Project", "Active")])
    );
    emulator.shutdown().await;
}
