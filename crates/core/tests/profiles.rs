//! The Profiles service against the Bedrock emulator over real HTTP: listing (every page, every
//! region), get by id, ARN and name, create (idempotent by request token), tags, delete, the
//! input rules refused before any request, and the errors the Profiles features explain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use bedrock_emulator::{
    Emulator, EmulatorConfig, EmulatorHandle, ErrorKind as AwsKind, Fault, Seed,
};
use strata_core::profiles::{ProfileDraft, ProfileOrigin, ProfileType, Profiles, PROFILES_POLICY};
use strata_core::{CatalogService, DemoBedrock, ErrorKind, RunMode, Settings, Tag};

const TOKYO: &str = "ap-northeast-1";
const VIRGINIA: &str = "us-east-1";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";

async fn emulator(config: EmulatorConfig) -> EmulatorHandle {
    Emulator::start(config).await.unwrap()
}

fn service(emu: &EmulatorHandle, region: &str) -> Arc<CatalogService> {
    Arc::new(CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        Settings {
            region: Some(region.to_owned()),
            enable_inference_profiles: true,
            ..Settings::default()
        },
        None,
        DemoBedrock::external(emu.endpoint()),
    ))
}

fn profiles(emu: &EmulatorHandle, region: &str) -> Profiles {
    Profiles::new(service(emu, region))
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

fn tag_map(tags: &Option<Vec<Tag>>) -> BTreeMap<String, String> {
    tags.as_ref()
        .expect("tags fetched")
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

fn draft(name: &str, source: &str, tags: Vec<Tag>) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        description: String::new(),
        source: source.into(),
        tags,
    }
}

fn operations(emu: &EmulatorHandle) -> Vec<String> {
    emu.requests().into_iter().map(|r| r.operation).collect()
}

fn count(emu: &EmulatorHandle, operation: &str) -> usize {
    operations(emu).iter().filter(|o| *o == operation).count()
}

fn token(n: u32) -> String {
    format!("0b6f6c0e-4f0a-4c3a-9d56-9b0e5f2f{n:04}")
}

#[tokio::test]
async fn the_rule_vectors_agree_with_the_emulator_and_every_suggestion_is_accepted() {
    // The emulator checks input as AWS documents it, independently of core's rules.
    let all: serde_json::Value =
        serde_json::from_str(include_str!("../src/profiles/rule_cases.json")).unwrap();
    type Check = fn(&str) -> bool;
    let checks: [(&str, Check); 4] = [
        ("name", bedrock_emulator::is_valid_profile_name),
        ("description", |d| {
            d.is_empty() || bedrock_emulator::is_valid_description(d)
        }),
        ("tagKey", |k| {
            bedrock_emulator::is_valid_tag_key(k) && !k.to_lowercase().starts_with("aws:")
        }),
        ("tagValue", bedrock_emulator::is_valid_tag_value),
    ];
    for (field, valid) in checks {
        for case in all[field].as_array().unwrap() {
            let input = case["input"].as_str().unwrap();
            assert_eq!(
                valid(input),
                case["valid"].as_bool().unwrap(),
                "{field} {input:?}"
            );
            if let Some(suggestion) = case["suggestion"].as_str() {
                assert!(valid(suggestion), "{field} suggestion {suggestion:?}");
            }
        }
    }
}

#[tokio::test]
async fn lists_every_page_with_tags_dates_and_what_each_profile_copies() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty)).await;
    let p = profiles(&emu, VIRGINIA).with_page_size(2);
    for i in 0..4 {
        p.create(
            &draft(
                &format!("team-{i}"),
                HAIKU,
                vec![tag("Team", &i.to_string())],
            ),
            &token(i),
        )
        .await
        .unwrap();
    }
    p.create(
        &draft("team-us", &format!("us.{HAIKU}"), vec![tag("Team", "us")]),
        &token(9),
    )
    .await
    .unwrap();
    emu.clear_requests();

    let listed = p.list(ProfileType::Application).await;
    assert_eq!(listed.error, None);
    assert_eq!(listed.region, VIRGINIA);
    // Five profiles in pages of two: three pages.
    assert_eq!(
        count(&emu, "ListInferenceProfiles"),
        3 + 1,
        "{:?}",
        operations(&emu)
    );
    let mut names: Vec<&str> = listed.profiles.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["team-0", "team-1", "team-2", "team-3", "team-us"]);
    for profile in &listed.profiles {
        assert_eq!(profile.kind, ProfileType::Application);
        assert_eq!(profile.region, VIRGINIA);
        let expected = profile.name.trim_start_matches("team-");
        assert_eq!(
            tag_map(&profile.tags),
            BTreeMap::from([("Team".to_owned(), expected.to_owned())])
        );
        let created = profile.created_at.as_deref().unwrap();
        // As the AWS CLI prints it: 2024-08-13T18:50:28.527000+00:00.
        assert_eq!(created.len(), 32, "{created}");
        assert_eq!(&created[10..11], "T");
        assert_eq!(&created[19..20], ".");
        assert!(created.ends_with("+00:00"), "{created}");
    }
    let copy = listed.profiles.iter().find(|p| p.name == "team-0").unwrap();
    assert_eq!(
        copy.origin,
        ProfileOrigin::Model {
            model_id: HAIKU.into()
        }
    );
    assert_eq!(copy.models.len(), 1);
    assert_eq!(copy.models[0].region, VIRGINIA);
    let cross = listed
        .profiles
        .iter()
        .find(|p| p.name == "team-us")
        .unwrap();
    assert_eq!(
        cross.origin,
        ProfileOrigin::CrossRegion {
            profile_id: format!("us.{HAIKU}"),
            geography: Some("US".into())
        }
    );
    assert!(cross.models.len() > 1, "{:?}", cross.models);

    let system = p.list(ProfileType::SystemDefined).await;
    assert_eq!(system.error, None);
    assert!(system
        .profiles
        .iter()
        .all(|p| p.kind == ProfileType::SystemDefined && p.tags.is_none()));
    assert!(system
        .profiles
        .iter()
        .any(|p| p.id == format!("us.{HAIKU}")));
    emu.shutdown().await;
}

#[tokio::test]
async fn the_demo_profiles_are_listed_with_their_tags() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let listed = profiles(&emu, TOKYO).list(ProfileType::Application).await;
    assert_eq!(listed.error, None);
    assert_eq!(listed.profiles.len(), 5);
    let alpha = listed
        .profiles
        .iter()
        .find(|p| p.name == "project-alpha-claude-sonnet")
        .unwrap();
    assert_eq!(tag_map(&alpha.tags)["CostCenter"], "CC-1001");
    assert_eq!(
        alpha.created_at.as_deref(),
        Some("2025-01-15T09:07:00.000000+00:00")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn get_finds_a_profile_by_id_arn_and_name() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let p = profiles(&emu, TOKYO);
    let listed = p.list(ProfileType::Application).await.profiles;
    let dev = listed
        .iter()
        .find(|p| p.name == "dev-claude-haiku")
        .unwrap();

    let by_id = p.get(&dev.id).await.unwrap();
    let by_arn = p.get(&dev.arn).await.unwrap();
    emu.clear_requests();
    let by_name = p.get("dev-claude-haiku").await.unwrap();
    assert_eq!(&by_id, dev);
    assert_eq!(by_arn, by_id);
    assert_eq!(by_name, by_id);
    // AWS has no get by name: the region's application profiles are listed.
    assert!(operations(&emu).contains(&"ListInferenceProfiles".to_owned()));
    assert_eq!(
        tag_map(&by_name.tags),
        BTreeMap::from([
            ("CostOptimized".to_owned(), "true".to_owned()),
            ("Environment".to_owned(), "Development".to_owned()),
        ])
    );

    let system = p.get(&format!("apac.{HAIKU}")).await.unwrap();
    assert_eq!(system.kind, ProfileType::SystemDefined);
    assert_eq!(system.tags, None);

    let e = p.get("no-such-profile").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.message().contains("no-such-profile"), "{e}");
    assert!(e.message().contains(TOKYO), "{e}");
    let e = p.get("abcdefghijkl").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    emu.clear_requests();
    let e = p.get("Project Alpha (Sonnet)").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = p
        .get("arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3d4e5f6")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RegionMismatch, "{e}");
    assert!(e.hint().unwrap().contains("us-west-2"), "{e:?}");
    assert_eq!(operations(&emu), Vec::<String>::new());
    emu.shutdown().await;
}

#[tokio::test]
async fn the_same_request_token_twice_makes_one_profile() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty)).await;
    let p = profiles(&emu, TOKYO);
    let d = ProfileDraft {
        name: "Project Alpha-Sonnet".into(),
        description: "Project Alpha: Claude 3.5 Sonnet".into(),
        source: HAIKU.into(),
        tags: vec![
            tag("Project", "Alpha"),
            tag("Department", "Engineering"),
            tag("CostCenter", "CC-1001"),
        ],
    };
    let first = p.create(&d, &token(1)).await.unwrap();
    let again = p.create(&d, &token(1)).await.unwrap();
    assert_eq!(count(&emu, "CreateInferenceProfile"), 2);
    assert_eq!(again.arn, first.arn);
    assert_eq!(first.name, "Project Alpha-Sonnet");
    assert_eq!(
        first.description.as_deref(),
        Some("Project Alpha: Claude 3.5 Sonnet")
    );
    assert_eq!(tag_map(&first.tags).len(), 3);
    assert_eq!(
        first.models[0].arn,
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}")
    );
    let listed = p.list(ProfileType::Application).await.profiles;
    assert_eq!(listed.len(), 1);

    // A new token is a new request: the name is taken.
    let e = p.create(&d, &token(2)).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_guide_descriptions_and_reserved_tags_are_refused_before_any_request() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let p = profiles(&emu, TOKYO);
    for (description, position, nearest) in [
        (
            "Project Alpha - Claude 3.5 Sonnet",
            15,
            "Project Alpha: Claude 3.5 Sonnet",
        ),
        (
            "Marketing Team - Claude 3 Haiku",
            16,
            "Marketing Team: Claude 3 Haiku",
        ),
    ] {
        let d = ProfileDraft {
            description: description.into(),
            ..draft("guide-profile", HAIKU, vec![tag("Project", "Alpha")])
        };
        let e = p.create(&d, &token(1)).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(
            e.message().contains(&format!(
                "Description: \"-\" at character {position} follows a space"
            )),
            "{e}"
        );
        assert!(e.hint().unwrap().contains(nearest), "{e:?}");
    }
    let e = p
        .create(
            &draft("guide-profile", HAIKU, vec![tag("aws:cost", "x")]),
            &token(1),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains("reserved"), "{e}");
    let arn = p.list(ProfileType::Application).await.profiles[0]
        .arn
        .clone();
    emu.clear_requests();
    let e = p.tag(&arn, &[tag("AWS:team", "x")]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = p.untag(&arn, &["aws:team".to_owned()]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = p
        .create(&draft("copy-of-a-copy", &arn, vec![]), &token(1))
        .await
        .unwrap_err();
    assert!(e.message().contains("cannot be copied"), "{e}");
    let e = p
        .create(&draft("x", HAIKU, vec![]), "not a token")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = p
        .create(
            &draft(
                "elsewhere",
                &format!("arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"),
                vec![],
            ),
            &token(1),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RegionMismatch, "{e}");
    assert_eq!(operations(&emu), Vec::<String>::new());
    emu.shutdown().await;
}

#[tokio::test]
async fn tags_are_added_changed_and_removed() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty)).await;
    let p = profiles(&emu, TOKYO);
    let created = p
        .create(
            &draft("tagged", HAIKU, vec![tag("Project", "Alpha")]),
            &token(1),
        )
        .await
        .unwrap();
    let tagged = p
        .tag(&created.arn, &[tag("Project", "Beta"), tag("Team", "Core")])
        .await
        .unwrap();
    assert_eq!(
        tag_map(&tagged.tags),
        BTreeMap::from([
            ("Project".to_owned(), "Beta".to_owned()),
            ("Team".to_owned(), "Core".to_owned()),
        ])
    );
    let untagged = p.untag(&created.arn, &["Team".to_owned()]).await.unwrap();
    assert_eq!(
        tag_map(&untagged.tags),
        BTreeMap::from([("Project".to_owned(), "Beta".to_owned())])
    );
    assert_eq!(p.get(&created.arn).await.unwrap(), untagged);

    // 49 more keys make 50; two new keys more would make 51: refused before TagResource.
    let many: Vec<Tag> = (0..49).map(|i| tag(&format!("k{i}"), "v")).collect();
    let full = p.tag(&created.arn, &many).await.unwrap();
    assert_eq!(tag_map(&full.tags).len(), 50);
    emu.clear_requests();
    let e = p
        .tag(
            &created.arn,
            &[tag("Project", "Gamma"), tag("x", "1"), tag("y", "2")],
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(
        e.message().contains("52") && e.message().contains("50"),
        "{e}"
    );
    assert_eq!(operations(&emu), ["ListTagsForResource"]);
    // Changing the value of a key it has is no new tag.
    let changed = p
        .tag(&created.arn, &[tag("Project", "Gamma")])
        .await
        .unwrap();
    assert_eq!(tag_map(&changed.tags)["Project"], "Gamma");

    let e = p
        .tag(
            &format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
            &[tag("a", "b")],
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_deleted_profile_is_not_found() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let p = profiles(&emu, TOKYO);
    let created = p
        .create(&draft("short-lived", HAIKU, vec![]), &token(1))
        .await
        .unwrap();
    p.delete("short-lived").await.unwrap();
    let e = p.get(&created.arn).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    let listed = p.list(ProfileType::Application).await.profiles;
    assert!(listed.iter().all(|p| p.arn != created.arn));
    assert_eq!(listed.len(), 5);

    let dev = listed
        .iter()
        .find(|p| p.name == "dev-claude-haiku")
        .unwrap();
    p.delete(&dev.arn).await.unwrap();
    assert_eq!(
        p.get(&dev.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );

    // A system profile cannot be deleted: refused before DeleteInferenceProfile.
    emu.clear_requests();
    let e = p.delete(&format!("apac.{HAIKU}")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    assert_eq!(count(&emu, "DeleteInferenceProfile"), 0);
    emu.shutdown().await;
}

#[tokio::test]
async fn all_regions_are_listed_at_once_and_a_failing_region_keeps_its_error() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty)).await;
    let p = profiles(&emu, VIRGINIA);
    let created = p
        .create(&draft("virginia-only", HAIKU, vec![]), &token(1))
        .await
        .unwrap();
    emu.add_fault(Fault::Error {
        operation: "ListInferenceProfiles".into(),
        error: AwsKind::AccessDeniedException,
        count: Some(1),
        message: None,
    })
    .unwrap();

    let all = p.list_all_regions(ProfileType::Application).await;
    let regions: Vec<&str> = all.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions[0], VIRGINIA);
    let mut rest = regions[1..].to_vec();
    rest.sort_unstable();
    assert_eq!(rest, regions[1..]);
    assert!(regions.contains(&"eu-central-1") && regions.contains(&TOKYO));
    assert!(
        regions
            .iter()
            .all(|r| !r.starts_with("us-gov-") && !r.starts_with("cn-")),
        "{regions:?}"
    );
    let failed: Vec<&str> = all
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| r.region.as_str())
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    let failure = all.iter().find(|r| r.error.is_some()).unwrap();
    assert_eq!(
        failure.error.as_ref().unwrap().kind(),
        ErrorKind::AccessDenied
    );
    assert!(failure.profiles.is_empty());
    for region in all.iter().filter(|r| r.error.is_none()) {
        let expected: Vec<&str> = if region.region == VIRGINIA {
            vec![created.arn.as_str()]
        } else {
            vec![]
        };
        let arns: Vec<&str> = region.profiles.iter().map(|p| p.arn.as_str()).collect();
        assert_eq!(arns, expected, "{}", region.region);
    }
    // Every region was asked, each in its own region.
    let asked: std::collections::BTreeSet<String> = emu
        .requests()
        .into_iter()
        .filter(|r| r.operation == "ListInferenceProfiles")
        .map(|r| r.region)
        .collect();
    assert_eq!(asked.len(), all.len());
    emu.shutdown().await;
}

#[tokio::test]
async fn access_denied_names_the_action_and_shows_the_policy_statement() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    emu.add_fault(Fault::Deny {
        actions: vec!["bedrock:CreateInferenceProfile".into()],
    })
    .unwrap();
    let p = profiles(&emu, TOKYO);
    let e = p
        .create(&draft("denied", HAIKU, vec![]), &token(1))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(
        e.message().contains("bedrock:CreateInferenceProfile"),
        "{e}"
    );
    let hint = e.hint().unwrap();
    assert!(
        hint.starts_with("Ask your administrator to allow bedrock:CreateInferenceProfile."),
        "{hint}"
    );
    let statement = &hint[hint.find("\n{").unwrap() + 1..];
    assert_eq!(statement, PROFILES_POLICY);

    let listed = p.list(ProfileType::Application).await;
    assert_eq!(listed.error, None, "listing is still allowed");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_used_up_quota_says_which_quota_and_where_to_raise_it() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty).with_profile_quota(1)).await;
    let p = profiles(&emu, TOKYO);
    p.create(&draft("the-only-one", HAIKU, vec![]), &token(1))
        .await
        .unwrap();
    let e = p
        .create(&draft("one-too-many", HAIKU, vec![]), &token(2))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::QuotaExceeded);
    assert_eq!(
        e.message(),
        format!(
            "You have reached the quota of application inference profiles in {TOKYO} (AWS's \
             default is 2,000 per account and region)."
        )
    );
    let hint = e.hint().unwrap();
    assert!(
        hint.contains("Application inference profiles per account"),
        "{hint}"
    );
    assert!(
        hint.contains("https://console.aws.amazon.com/servicequotas/"),
        "{hint}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn sources_are_the_regions_models_and_cross_region_profiles_and_say_what_cannot_be_copied() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Empty)).await;
    let p = profiles(&emu, TOKYO);
    let sources = p.sources().await.unwrap();
    let haiku = sources.iter().find(|s| s.id == HAIKU).unwrap();
    assert_eq!(haiku.problem, None);
    assert_eq!(
        haiku.arn,
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}")
    );
    let cross = sources
        .iter()
        .find(|s| s.id == format!("apac.{HAIKU}"))
        .unwrap();
    assert_eq!(cross.geography.as_deref(), Some("APAC"));
    assert_eq!(cross.problem, None);
    // Claude 3.7 Sonnet is offered in Tokyo only through cross-region profiles.
    let sonnet = sources
        .iter()
        .find(|s| s.id == "anthropic.claude-3-7-sonnet-20250219-v1:0")
        .unwrap();
    let problem = sonnet.problem.as_deref().unwrap();
    assert!(
        problem.starts_with(&format!(
            "Offered only through cross-region profiles in {TOKYO}: copy one of them instead"
        )),
        "{problem}"
    );
    assert!(
        problem.contains("apac.anthropic.claude-3-7-sonnet-20250219-v1:0"),
        "{problem}"
    );
    // A source from the list is created as it is.
    let made = p
        .create(&draft("from-the-list", &cross.id, vec![]), &token(1))
        .await
        .unwrap();
    assert_eq!(
        made.origin,
        ProfileOrigin::CrossRegion {
            profile_id: cross.id.clone(),
            geography: Some("APAC".into())
        }
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn a_listing_that_would_never_end_keeps_its_error_and_unreadable_tags_stay_unknown() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let p = profiles(&emu, TOKYO).with_page_size(2);
    emu.add_fault(Fault::RepeatNextToken {
        profile_type: "APPLICATION".into(),
        count: None,
    })
    .unwrap();
    let listed = p.list(ProfileType::Application).await;
    assert_eq!(listed.region, TOKYO);
    assert!(listed.profiles.is_empty());
    let e = listed.error.unwrap();
    assert_eq!(e.kind(), ErrorKind::Internal);
    assert!(e.message().contains("nextToken repeated"), "{e}");
    emu.clear_faults();

    // One profile's tags cannot be read: it is still listed, its tags unknown.
    emu.add_fault(Fault::Error {
        operation: "ListTagsForResource".into(),
        error: AwsKind::AccessDeniedException,
        count: Some(1),
        message: None,
    })
    .unwrap();
    let listed = p.list(ProfileType::Application).await;
    assert_eq!(listed.error, None);
    assert_eq!(listed.profiles.len(), 5);
    let unknown = listed.profiles.iter().filter(|p| p.tags.is_none()).count();
    assert_eq!(unknown, 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn every_change_shows_in_the_catalog_at_once_without_a_reload() {
    let emu = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let catalog = service(&emu, TOKYO);
    let p = Profiles::new(catalog.clone());
    assert_eq!(catalog.refresh().await.error, None);
    emu.clear_requests();

    let created = p
        .create(
            &draft("picker-profile", HAIKU, vec![tag("Project", "Alpha")]),
            &token(1),
        )
        .await
        .unwrap();
    let entry = catalog.entry(&created.arn).await.unwrap();
    assert_eq!(entry.kind, strata_core::EntryKind::ApplicationProfile);
    assert_eq!(entry.name, "picker-profile");
    assert_eq!(entry.tags_text(), "Project=Alpha");

    p.tag(&created.arn, &[tag("Project", "Beta")])
        .await
        .unwrap();
    assert_eq!(
        catalog.entry(&created.arn).await.unwrap().tags_text(),
        "Project=Beta"
    );
    p.untag(&created.arn, &["Project".to_owned()])
        .await
        .unwrap();
    assert_eq!(catalog.entry(&created.arn).await.unwrap().tags_text(), "");

    p.delete(&created.arn).await.unwrap();
    assert_eq!(catalog.entry(&created.arn).await, None);
    // No listing was repeated for any of it.
    for listing in ["ListFoundationModels", "ListInferenceProfiles"] {
        assert_eq!(count(&emu, listing), 0, "{:?}", operations(&emu));
    }
    emu.shutdown().await;
}
