//! The control plane through aws-sdk-bedrock: every operation, pagination, typed errors.

use aws_sdk_bedrock::operation::create_inference_profile::CreateInferenceProfileError;
use aws_sdk_bedrock::operation::delete_inference_profile::DeleteInferenceProfileError;
use aws_sdk_bedrock::operation::get_foundation_model::GetFoundationModelError;
use aws_sdk_bedrock::operation::get_inference_profile::GetInferenceProfileError;
use aws_sdk_bedrock::operation::list_inference_profiles::ListInferenceProfilesError;
use aws_sdk_bedrock::operation::list_tags_for_resource::ListTagsForResourceError;
use aws_sdk_bedrock::operation::tag_resource::TagResourceError;
use aws_sdk_bedrock::types::{
    InferenceProfileModelSource, InferenceProfileStatus, InferenceProfileType, InferenceType,
    ModelModality, Tag,
};
use bedrock_emulator::Seed;

use crate::common::*;

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

fn copy_from(arn: impl Into<String>) -> InferenceProfileModelSource {
    InferenceProfileModelSource::CopyFrom(arn.into())
}

#[tokio::test]
async fn lists_and_filters_foundation_models() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, VIRGINIA);
    let all = client
        .list_foundation_models()
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(all.len() >= 25, "{} models", all.len());
    let haiku = all.iter().find(|m| m.model_id == HAIKU).unwrap();
    assert_eq!(haiku.model_arn, fm_arn(VIRGINIA, HAIKU));
    assert_eq!(haiku.model_name.as_deref(), Some("Claude 3 Haiku"));
    assert_eq!(haiku.provider_name.as_deref(), Some("Anthropic"));
    assert_eq!(
        haiku.input_modalities.as_deref(),
        Some(&[ModelModality::Text, ModelModality::Image][..])
    );
    assert_eq!(haiku.response_streaming_supported, Some(true));
    assert!(haiku
        .inference_types_supported
        .as_ref()
        .unwrap()
        .contains(&InferenceType::OnDemand));
    assert_eq!(
        haiku.model_lifecycle.as_ref().map(|l| l.status.as_str()),
        Some("ACTIVE")
    );
    // Sonnet 4 is offered through inference profiles only.
    let sonnet4 = all
        .iter()
        .find(|m| m.model_id == "anthropic.claude-sonnet-4-20250514-v1:0")
        .unwrap();
    assert_eq!(
        sonnet4.inference_types_supported.as_ref().unwrap()[0].as_str(),
        "INFERENCE_PROFILE"
    );

    let anthropic = client
        .list_foundation_models()
        .by_provider("Anthropic")
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(
        !anthropic.is_empty()
            && anthropic
                .iter()
                .all(|m| m.provider_name.as_deref() == Some("Anthropic"))
    );
    let embeddings = client
        .list_foundation_models()
        .by_output_modality(ModelModality::Embedding)
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(embeddings
        .iter()
        .any(|m| m.model_id == "amazon.titan-embed-text-v2:0"));
    assert!(embeddings
        .iter()
        .all(|m| m.output_modalities.as_deref() == Some(&[ModelModality::Embedding][..])));
    let provisioned = client
        .list_foundation_models()
        .by_inference_type(InferenceType::Provisioned)
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert_eq!(
        provisioned
            .iter()
            .map(|m| m.model_id.as_str())
            .collect::<Vec<_>>(),
        ["amazon.titan-text-express-v1:0:8k"]
    );
    let fine_tunable = client
        .list_foundation_models()
        .by_customization_type(aws_sdk_bedrock::types::ModelCustomization::FineTuning)
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(fine_tunable
        .iter()
        .any(|m| m.model_id == "amazon.nova-micro-v1:0"));
    assert!(fine_tunable.iter().all(|m| m.model_id != HAIKU));

    // Regions differ: no Llama in Tokyo, nothing at all in a region without a catalog.
    let tokyo = bedrock(&emulator, TOKYO)
        .list_foundation_models()
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(tokyo.iter().all(|m| !m.model_id.starts_with("meta.")));
    assert!(tokyo
        .iter()
        .all(|m| m.model_arn.starts_with("arn:aws:bedrock:ap-northeast-1::")));
    let empty = bedrock(&emulator, "sa-east-1")
        .list_foundation_models()
        .send()
        .await
        .unwrap()
        .model_summaries
        .unwrap();
    assert!(empty.is_empty());
}

#[tokio::test]
async fn gets_a_foundation_model_by_id_or_arn() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let by_id = client
        .get_foundation_model()
        .model_identifier(HAIKU)
        .send()
        .await
        .unwrap()
        .model_details
        .unwrap();
    assert_eq!(by_id.model_arn, fm_arn(TOKYO, HAIKU));
    let by_arn = client
        .get_foundation_model()
        .model_identifier(fm_arn(TOKYO, HAIKU))
        .send()
        .await
        .unwrap()
        .model_details
        .unwrap();
    assert_eq!(by_arn.model_id, HAIKU);
    let err = client
        .get_foundation_model()
        .model_identifier("meta.llama3-8b-instruct-v1:0")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        GetFoundationModelError::ValidationException(_)
    ));
}

#[tokio::test]
async fn lists_system_profiles_by_default_and_application_ones_on_request() {
    let emulator = start(Seed::Demo).await;
    let client = bedrock(&emulator, TOKYO);
    let system = client
        .list_inference_profiles()
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap();
    assert!(system
        .iter()
        .all(|p| p.r#type == InferenceProfileType::SystemDefined));
    let apac_haiku = system
        .iter()
        .find(|p| p.inference_profile_id == format!("apac.{HAIKU}"))
        .unwrap();
    assert_eq!(
        apac_haiku.inference_profile_arn,
        format!("arn:aws:bedrock:{TOKYO}:123456789012:inference-profile/apac.{HAIKU}")
    );
    assert!(
        apac_haiku.models.len() >= 3,
        "a cross-region profile spans regions"
    );
    assert!(apac_haiku
        .models
        .iter()
        .any(|m| m.model_arn.as_deref() == Some(fm_arn(TOKYO, HAIKU).as_str())));
    assert!(apac_haiku
        .models
        .iter()
        .any(|m| m.model_arn.as_deref() == Some(fm_arn("ap-southeast-1", HAIKU).as_str())));
    assert!(system
        .iter()
        .any(|p| p.inference_profile_id.starts_with("global.")));
    assert!(system
        .iter()
        .all(|p| !p.inference_profile_id.starts_with("us.")));

    let apps = client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap();
    let names: Vec<&str> = apps
        .iter()
        .map(|p| p.inference_profile_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "custom-bedrock-profile",
            "project-alpha-claude-sonnet",
            "marketing-team-claude-haiku",
            "dev-claude-haiku",
            "prod-claude-sonnet"
        ]
    );
    for profile in &apps {
        assert_eq!(profile.r#type, InferenceProfileType::Application);
        assert_eq!(profile.status, InferenceProfileStatus::Active);
        assert_eq!(profile.inference_profile_id.len(), 12);
        assert!(profile
            .inference_profile_id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert!(profile.created_at.is_some() && profile.updated_at.is_some());
        assert!(bedrock_emulator::is_valid_description(
            profile.description.as_deref().unwrap()
        ));
        let model = profile.models[0].model_arn.as_deref().unwrap();
        let expected = if profile.inference_profile_name == "prod-claude-sonnet" {
            SONNET_45
        } else if profile.inference_profile_name.contains("sonnet") {
            SONNET_35
        } else {
            HAIKU
        };
        assert_eq!(model, fm_arn(TOKYO, expected));
    }
    // Demo profiles exist in Tokyo only.
    let virginia = bedrock(&emulator, VIRGINIA)
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap();
    assert!(virginia
        .inference_profile_summaries
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn paginates_application_and_system_profiles() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, VIRGINIA);
    let mut created = Vec::new();
    for i in 0..23 {
        created.push(create_profile(&client, VIRGINIA, &format!("page-test-{i:02}")).await);
    }
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = client
            .list_inference_profiles()
            .type_equals(InferenceProfileType::Application)
            .max_results(5)
            .set_next_token(token.take())
            .send()
            .await
            .unwrap();
        pages += 1;
        let summaries = page.inference_profile_summaries.unwrap_or_default();
        assert!(summaries.len() <= 5);
        seen.extend(summaries.into_iter().map(|p| p.inference_profile_arn));
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 5);
    assert_eq!(seen, created, "every profile once, in creation order");

    // The SDK paginator over system profiles, two at a time.
    let paged: Vec<String> = client
        .list_inference_profiles()
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.inference_profile_id)
        .collect();
    let whole: Vec<String> = client
        .list_inference_profiles()
        .max_results(1000)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap()
        .into_iter()
        .map(|p| p.inference_profile_id)
        .collect();
    assert!(whole.len() > 10);
    assert_eq!(paged, whole);
}

#[tokio::test]
async fn rejects_bad_list_parameters() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    for bad in [0, 1001] {
        let err = client
            .list_inference_profiles()
            .max_results(bad)
            .send()
            .await
            .unwrap_err();
        let ListInferenceProfilesError::ValidationException(e) = err.into_service_error() else {
            panic!("not validation")
        };
        assert!(e.message().unwrap().contains("maxResults"));
    }
    let err = client
        .list_inference_profiles()
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        ListInferenceProfilesError::ValidationException(_)
    ));
    // A token of the other listing type is refused too.
    let page = client
        .list_inference_profiles()
        .max_results(1)
        .send()
        .await
        .unwrap();
    let err = client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .next_token(page.next_token.unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        ListInferenceProfilesError::ValidationException(_)
    ));
}

#[tokio::test]
async fn creates_gets_tags_and_deletes_an_application_profile() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let created = client
        .create_inference_profile()
        .inference_profile_name("custom-bedrock-profile-2")
        .description("Copy of Claude 3 Haiku for cost tracking")
        .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
        .tags(tag("CostAllocateTag", "custom"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status, Some(InferenceProfileStatus::Active));
    let arn = created.inference_profile_arn;
    let id = arn.rsplit('/').next().unwrap().to_owned();
    assert!(arn
        .starts_with("arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/"));
    assert_eq!(id.len(), 12);

    for identifier in [arn.clone(), id.clone()] {
        let got = client
            .get_inference_profile()
            .inference_profile_identifier(identifier)
            .send()
            .await
            .unwrap();
        assert_eq!(got.inference_profile_arn, arn);
        assert_eq!(got.inference_profile_id, id);
        assert_eq!(got.inference_profile_name, "custom-bedrock-profile-2");
        assert_eq!(
            got.description.as_deref(),
            Some("Copy of Claude 3 Haiku for cost tracking")
        );
        assert_eq!(got.r#type, InferenceProfileType::Application);
        assert_eq!(got.models.len(), 1);
        assert_eq!(
            got.models[0].model_arn.as_deref(),
            Some(fm_arn(TOKYO, HAIKU).as_str())
        );
        assert!(got.created_at.is_some());
    }

    let tags = |client: aws_sdk_bedrock::Client, arn: String| async move {
        let mut tags: Vec<(String, String)> = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .unwrap()
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.key, t.value))
            .collect();
        tags.sort();
        tags
    };
    assert_eq!(
        tags(client.clone(), arn.clone()).await,
        [("CostAllocateTag".to_owned(), "custom".to_owned())]
    );
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("Team", "Data"))
        .tags(tag("CostAllocateTag", "shared"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags(client.clone(), arn.clone()).await,
        [
            ("CostAllocateTag".to_owned(), "shared".to_owned()),
            ("Team".to_owned(), "Data".to_owned())
        ]
    );
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("CostAllocateTag")
        .tag_keys("Absent")
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags(client.clone(), arn.clone()).await,
        [("Team".to_owned(), "Data".to_owned())]
    );

    client
        .delete_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    let err = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        GetInferenceProfileError::ResourceNotFoundException(_)
    ));
    let err = client
        .delete_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        DeleteInferenceProfileError::ResourceNotFoundException(_)
    ));
    let err = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        ListTagsForResourceError::ResourceNotFoundException(_)
    ));
    // The name is free again.
    create_profile(&client, TOKYO, "custom-bedrock-profile-2").await;
}

#[tokio::test]
async fn copies_a_system_profile_with_all_its_regions() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, VIRGINIA);
    let system_arn =
        format!("arn:aws:bedrock:{VIRGINIA}:123456789012:inference-profile/us.{HAIKU}");
    let arn = client
        .create_inference_profile()
        .inference_profile_name("cross-region-haiku")
        .model_source(copy_from(&system_arn))
        .send()
        .await
        .unwrap()
        .inference_profile_arn;
    let got = client
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    let models: Vec<String> = got.models.into_iter().filter_map(|m| m.model_arn).collect();
    assert_eq!(
        models,
        ["us-east-1", "us-east-2", "us-west-2"].map(|r| fm_arn(r, HAIKU))
    );
    let system = client
        .get_inference_profile()
        .inference_profile_identifier(&system_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(system.r#type, InferenceProfileType::SystemDefined);
    let by_id = client
        .get_inference_profile()
        .inference_profile_identifier(format!("us.{HAIKU}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_id.inference_profile_arn, system_arn);
}

#[tokio::test]
async fn create_errors_are_typed() {
    let emulator = start(Seed::Demo).await;
    let client = bedrock(&emulator, TOKYO);
    let create = |name: &str, description: Option<&str>, source: String, tags: Vec<Tag>| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .set_description(description.map(str::to_owned))
            .model_source(copy_from(source))
            .set_tags(Some(tags))
            .send()
    };
    let haiku = fm_arn(TOKYO, HAIKU);

    let err = create("custom-bedrock-profile", None, haiku.clone(), vec![])
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateInferenceProfileError::ConflictException(_)),
        "{err:?}"
    );

    for (name, description) in [
        ("bad name!", None),
        ("-leading", None),
        ("a".repeat(65).as_str(), None),
        ("ok", Some("Alpha - Beta")),
    ] {
        let err = create(name, description, haiku.clone(), vec![])
            .await
            .unwrap_err()
            .into_service_error();
        let CreateInferenceProfileError::ValidationException(e) = err else {
            panic!("{name}: {err:?}")
        };
        assert!(e.message().unwrap().contains("validation error"), "{e:?}");
    }
    let err = create("bad-tag", None, haiku.clone(), vec![tag("bad,key", "v")])
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateInferenceProfileError::ValidationException(_)),
        "{err:?}"
    );

    let many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
    let err = create("many-tags", None, haiku.clone(), many)
        .await
        .unwrap_err()
        .into_service_error();
    let CreateInferenceProfileError::TooManyTagsException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.resource_name(), Some("many-tags"));
    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    create("fifty-tags", None, haiku.clone(), fifty)
        .await
        .unwrap();

    let err = create(
        "unknown-model",
        None,
        fm_arn(TOKYO, "meta.llama3-8b-instruct-v1:0"),
        vec![],
    )
    .await
    .unwrap_err()
    .into_service_error();
    assert!(
        matches!(
            err,
            CreateInferenceProfileError::ResourceNotFoundException(_)
        ),
        "{err:?}"
    );
    let err = create("other-region", None, fm_arn(VIRGINIA, HAIKU), vec![])
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateInferenceProfileError::ValidationException(_)),
        "{err:?}"
    );
    let err = create("not-an-arn", None, HAIKU.to_owned(), vec![])
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateInferenceProfileError::ValidationException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn client_request_tokens_make_creates_idempotent() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let create = |name: &str| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
            .client_request_token("3f2c9a1e-7d4b-4c2a-9e1f-0a1b2c3d4e5f")
            .send()
    };
    let first = create("idempotent").await.unwrap().inference_profile_arn;
    let again = create("idempotent").await.unwrap().inference_profile_arn;
    assert_eq!(first, again);
    let listed = client
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap();
    assert_eq!(listed.len(), 1);
    let err = create("different-name")
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, CreateInferenceProfileError::ConflictException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn system_profiles_cannot_be_deleted_or_tagged() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let system = format!("apac.{HAIKU}");
    let err = client
        .delete_inference_profile()
        .inference_profile_identifier(&system)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        DeleteInferenceProfileError::ValidationException(_)
    ));
    let err = client
        .tag_resource()
        .resource_arn(format!(
            "arn:aws:bedrock:{TOKYO}:123456789012:inference-profile/{system}"
        ))
        .tags(tag("a", "b"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        TagResourceError::ValidationException(_)
    ));
    let err = client
        .get_inference_profile()
        .inference_profile_identifier("nosuchprofil")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        GetInferenceProfileError::ResourceNotFoundException(_)
    ));
}

#[tokio::test]
async fn tag_limits_hold_across_calls() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let arn = create_profile(&client, TOKYO, "tag-limit").await;
    let forty: Vec<Tag> = (0..40).map(|i| tag(&format!("k{i}"), "v")).collect();
    client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(forty))
        .send()
        .await
        .unwrap();
    let eleven: Vec<Tag> = (40..51).map(|i| tag(&format!("k{i}"), "v")).collect();
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(eleven))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        TagResourceError::TooManyTagsException(_)
    ));
    // Overwriting existing keys does not count twice; the failed call changed nothing.
    let overwrite: Vec<Tag> = (30..40).map(|i| tag(&format!("k{i}"), "w")).collect();
    client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(overwrite))
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap();
    assert_eq!(tags.len(), 40);
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("k", &"v".repeat(257)))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        TagResourceError::ValidationException(_)
    ));
}

#[tokio::test]
async fn regions_are_separate() {
    let emulator = start(Seed::Empty).await;
    let virginia = bedrock(&emulator, VIRGINIA);
    let oregon = bedrock(&emulator, "us-west-2");
    let arn = create_profile(&virginia, VIRGINIA, "regional").await;
    // Same name in another region is fine.
    create_profile(&oregon, "us-west-2", "regional").await;
    let err = oregon
        .get_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        GetInferenceProfileError::ResourceNotFoundException(_)
    ));
    let err = oregon
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        ListTagsForResourceError::ResourceNotFoundException(_)
    ));
    let virginia_apps = virginia
        .list_inference_profiles()
        .type_equals(InferenceProfileType::Application)
        .send()
        .await
        .unwrap();
    assert_eq!(virginia_apps.inference_profile_summaries.unwrap().len(), 1);
}

#[tokio::test]
async fn creates_beyond_the_region_quota_are_refused_and_retries_still_answer() {
    let emulator =
        start_with(bedrock_emulator::EmulatorConfig::for_tests(Seed::Empty).with_profile_quota(2))
            .await;
    let client = bedrock(&emulator, TOKYO);
    let create = |name: &'static str, token: &'static str| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
            .client_request_token(token)
            .send()
    };
    let first = create("quota-1", "token-quota-1").await.unwrap();
    create("quota-2", "token-quota-2").await.unwrap();
    let err = create("quota-3", "token-quota-3")
        .await
        .unwrap_err()
        .into_service_error();
    let CreateInferenceProfileError::ServiceQuotaExceededException(e) = &err else {
        panic!("{err:?}");
    };
    assert!(
        e.message().unwrap_or_default().contains("quota of 2"),
        "{e:?}"
    );
    // A retry of a create that succeeded is not a new profile: it still answers with its ARN.
    let again = create("quota-1", "token-quota-1").await.unwrap();
    assert_eq!(again.inference_profile_arn, first.inference_profile_arn);
    // Another region has its own quota, and a delete frees a place.
    create_profile(&bedrock(&emulator, VIRGINIA), VIRGINIA, "quota-elsewhere").await;
    client
        .delete_inference_profile()
        .inference_profile_identifier(&first.inference_profile_arn)
        .send()
        .await
        .unwrap();
    create("quota-3", "token-quota-3b").await.unwrap();
}

#[test]
fn the_default_quota_is_aws_default_of_2000_per_region() {
    assert_eq!(bedrock_emulator::DEFAULT_PROFILE_QUOTA, 2_000);
    assert_eq!(
        bedrock_emulator::EmulatorConfig::default().profile_quota,
        2_000
    );
}

#[tokio::test]
async fn tag_keys_starting_with_aws_are_reserved() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let err = client
        .create_inference_profile()
        .inference_profile_name("reserved")
        .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
        .tags(tag("aws:createdBy", "me"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateInferenceProfileError::ValidationException(e) = &err else {
        panic!("{err:?}");
    };
    assert!(
        e.message().unwrap_or_default().contains("aws:createdBy"),
        "{e:?}"
    );
    let arn = create_profile(&client, TOKYO, "reserved").await;
    for key in ["aws:Project", "AWS:Project", "Aws:x"] {
        let err = client
            .tag_resource()
            .resource_arn(&arn)
            .tags(tag("Project", "Alpha"))
            .tags(tag(key, "v"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            matches!(err, TagResourceError::ValidationException(_)),
            "{key}: {err:?}"
        );
    }
    // The refused call changed nothing; keys that only contain `aws` are the user's.
    let tags = |client: &aws_sdk_bedrock::Client| {
        client.list_tags_for_resource().resource_arn(&arn).send()
    };
    assert!(tags(&client).await.unwrap().tags.unwrap().is_empty());
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(tag("awsAccount", "dev"))
        .tags(tag("team:aws", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(tags(&client).await.unwrap().tags.unwrap().len(), 2);
}

// --- the rules of botocore's `bedrock` model (service-2.json, 2023-04-20) ---

/// The message of a ValidationException, panicking on any other error.
fn validation_message<E>(err: E) -> String
where
    E: aws_sdk_bedrock::error::ProvideErrorMetadata + std::fmt::Debug,
{
    assert_eq!(err.code(), Some("ValidationException"), "{err:?}");
    err.message().unwrap_or_default().to_owned()
}

/// The error code of a failed call.
fn code<E: aws_sdk_bedrock::error::ProvideErrorMetadata>(err: E) -> String {
    err.code().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn client_request_tokens_follow_the_models_pattern() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let create = |name: String, token: String| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
            .client_request_token(token)
            .send()
    };
    for token in ["-leading", "trailing-", "under_score", "with space"] {
        let message = validation_message(create("token".into(), token.into()).await.unwrap_err());
        assert!(
            message.contains("at 'clientRequestToken'")
                && message.contains("[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?"),
            "{token}: {message}"
        );
    }
    let message = validation_message(create("token".into(), "a".repeat(257)).await.unwrap_err());
    assert!(message.contains("less than or equal to 256"), "{message}");
    for (i, token) in ["a".to_owned(), "a--b".to_owned(), "b".repeat(256)]
        .into_iter()
        .enumerate()
    {
        create(format!("token-{i}"), token).await.unwrap();
    }
}

#[tokio::test]
async fn profile_identifiers_follow_the_models_pattern() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let get = |id: String| {
        client
            .get_inference_profile()
            .inference_profile_identifier(id)
            .send()
    };
    let delete = |id: String| {
        client
            .delete_inference_profile()
            .inference_profile_identifier(id)
            .send()
    };
    for id in [
        "bad id!".to_owned(),
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
        format!("arn:aws:bedrock:{TOKYO}:123456789012:application-inference-profile/a_b"),
        format!("arn:aws-eusc:bedrock:{TOKYO}:123456789012:application-inference-profile/abc"),
    ] {
        let message = validation_message(get(id.clone()).await.unwrap_err());
        assert!(
            message.contains("at 'inferenceProfileIdentifier'") && message.contains("pattern"),
            "{id}: {message}"
        );
        validation_message(delete(id).await.unwrap_err());
    }
    let message = validation_message(get("a".repeat(2049)).await.unwrap_err());
    assert!(message.contains("less than or equal to 2048"), "{message}");
    // The pattern admits these; they name no profile here.
    for id in [
        format!("arn:aws:bedrock:{TOKYO}:123456789012:nothing"),
        "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:application-inference-profile/abcdefghijkl".to_owned(),
    ] {
        assert_eq!(
            code(get(id.clone()).await.unwrap_err()),
            "ResourceNotFoundException",
            "{id}"
        );
        assert_eq!(
            code(delete(id.clone()).await.unwrap_err()),
            "ResourceNotFoundException",
            "{id}"
        );
    }
}

#[tokio::test]
async fn resource_arns_follow_the_models_taggable_pattern() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let list = |arn: &str| client.list_tags_for_resource().resource_arn(arn).send();
    let message = validation_message(list("arn:aws:bedrock:x").await.unwrap_err());
    assert!(
        message.contains("at 'resourceARN'") && message.contains("greater than or equal to 20"),
        "{message}"
    );
    for arn in [
        format!("arn:aws:bedrock:{TOKYO}:123456789012:application-inference-profile/a_b"),
        "arn:aws:bedrock::123456789012:application-inference-profile/abcdefghijkl".to_owned(),
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
        format!("arn:aws:bedrock:{TOKYO}:123456789012:guardrail/ABC"),
        format!("arn:aws:s3:{TOKYO}:123456789012:application-inference-profile/abc"),
    ] {
        let message = validation_message(list(&arn).await.unwrap_err());
        assert!(
            message.contains("at 'resourceARN'") && message.contains("custom-model"),
            "{arn}: {message}"
        );
        let err = client
            .tag_resource()
            .resource_arn(&arn)
            .tags(tag("a", "b"))
            .send()
            .await
            .unwrap_err();
        validation_message(err);
        let err = client
            .untag_resource()
            .resource_arn(&arn)
            .tag_keys("a")
            .send()
            .await
            .unwrap_err();
        validation_message(err);
    }
    // The pattern admits these; nothing of the kind exists here.
    for arn in [
        "abcdefghijklmnopqrstuvwx".to_owned(),
        "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:application-inference-profile/abcdefghijkl".to_owned(),
        format!("arn:aws:bedrock:{TOKYO}:123456789012:guardrail/abc123"),
        format!("arn:aws:bedrock:{TOKYO}:123456789012:provisioned-model/abcdef123456"),
    ] {
        assert_eq!(
            code(list(&arn).await.unwrap_err()),
            "ResourceNotFoundException",
            "{arn}"
        );
    }
}

#[tokio::test]
async fn a_request_lists_at_most_200_tags_or_keys() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let many = |n: usize| {
        (0..n)
            .map(|i| tag(&format!("k{i}"), "v"))
            .collect::<Vec<_>>()
    };
    // Beyond the model's 200 it is a ValidationException, not the 50-tag TooManyTagsException.
    let err = client
        .create_inference_profile()
        .inference_profile_name("tags-201")
        .model_source(copy_from(fm_arn(TOKYO, HAIKU)))
        .set_tags(Some(many(201)))
        .send()
        .await
        .unwrap_err();
    let message = validation_message(err);
    assert!(
        message.contains("at 'tags'") && message.contains("less than or equal to 200"),
        "{message}"
    );
    let arn = create_profile(&client, TOKYO, "tags-limit").await;
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(many(201)))
        .send()
        .await
        .unwrap_err();
    assert!(validation_message(err).contains("at 'tags'"));
    let keys = |n: usize| (0..n).map(|i| format!("k{i}")).collect::<Vec<_>>();
    let err = client
        .untag_resource()
        .resource_arn(&arn)
        .set_tag_keys(Some(keys(201)))
        .send()
        .await
        .unwrap_err();
    assert!(validation_message(err).contains("at 'tagKeys'"));
    client
        .untag_resource()
        .resource_arn(&arn)
        .set_tag_keys(Some(keys(200)))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn copy_from_follows_the_models_pattern() {
    let emulator = start(Seed::Empty).await;
    let client = bedrock(&emulator, TOKYO);
    let create = |name: &str, source: String| {
        client
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(copy_from(source))
            .send()
    };
    // An application profile cannot be copied: the pattern names only models and system
    // profiles.
    let aip = create_profile(&client, TOKYO, "original").await;
    for source in [
        aip,
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/a_b"),
        format!("arn:aws:bedrock:{TOKYO}::custom-model/{HAIKU}"),
    ] {
        let message = validation_message(create("copy", source.clone()).await.unwrap_err());
        assert!(
            message.contains("at 'modelSource.copyFrom'") && message.contains("pattern"),
            "{source}: {message}"
        );
    }
    // Another region than the request's: refused, naming both.
    let message = validation_message(create("copy", fm_arn(VIRGINIA, HAIKU)).await.unwrap_err());
    assert!(
        message.contains(VIRGINIA) && message.contains(TOKYO),
        "{message}"
    );
    // Another partition matches the pattern but names nothing this endpoint serves.
    let err = create(
        "copy",
        format!("arn:aws-us-gov:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
    )
    .await
    .unwrap_err();
    assert_eq!(code(err), "ResourceNotFoundException");
}
