//! The catalog against the Bedrock emulator over real HTTP: the merge, pagination, the toggle,
//! region separation, every error kind through fault injection, and the stale-while-revalidate
//! cache.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use bedrock_emulator::{
    Emulator, EmulatorConfig, EmulatorHandle, ErrorKind as AwsKind, Fault, Seed,
};
use strata_core::aws::{sdk_config, Target};
use strata_core::catalog::{fetch_tags, Catalog, CatalogSection, LoadOptions, MAX_PAGES};
use strata_core::{
    CatalogService, DemoBedrock, DemoReason, EntryKind, ErrorKind, RunMode, Settings,
};

const TOKYO: &str = "ap-northeast-1";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET_V1: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";

async fn emulator(seed: Seed) -> EmulatorHandle {
    Emulator::start(EmulatorConfig::for_tests(seed))
        .await
        .unwrap()
}

fn target(emulator: &EmulatorHandle, region: &str) -> Target {
    Target {
        region: region.into(),
        profile: None,
        endpoint_url: Some(emulator.endpoint()),
        demo: true,
    }
}

async fn client(target: &Target) -> aws_sdk_bedrock::Client {
    aws_sdk_bedrock::Client::new(&sdk_config(target).await.expect("SDK config"))
}

fn with_profiles() -> LoadOptions {
    LoadOptions {
        application_profiles: true,
        ..LoadOptions::default()
    }
}

fn count_calls(emulator: &EmulatorHandle, operation: &str) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.operation == operation)
        .count()
}

#[tokio::test]
async fn merges_models_system_profiles_and_application_profiles() {
    let emu = emulator(Seed::Demo).await;
    let t = target(&emu, TOKYO);
    let catalog = Catalog::load(&client(&t).await, &t, with_profiles())
        .await
        .unwrap();

    assert_eq!(catalog.region, TOKYO);
    assert!(catalog.stats.foundation_models > 5, "{:?}", catalog.stats);
    assert!(catalog.stats.system_profiles > 0, "{:?}", catalog.stats);
    assert_eq!(catalog.stats.application_profiles, 5);

    // Application profiles come first, by name.
    let aips: Vec<&str> = catalog
        .entries
        .iter()
        .take_while(|e| e.kind == EntryKind::ApplicationProfile)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        aips,
        [
            "custom-bedrock-profile",
            "dev-claude-haiku",
            "marketing-team-claude-haiku",
            "prod-claude-sonnet",
            "project-alpha-claude-sonnet"
        ]
    );

    let alpha = catalog
        .entries
        .iter()
        .find(|e| e.name == "project-alpha-claude-sonnet")
        .unwrap();
    // An AIP is called by its ARN and inherits what its model can do.
    assert_eq!(alpha.id, alpha.arn);
    assert!(alpha.arn.starts_with(&format!("arn:aws:bedrock:{TOKYO}:")));
    assert!(alpha.arn.contains(":application-inference-profile/"));
    assert_eq!(alpha.underlying_models.len(), 1);
    assert_eq!(alpha.underlying_models[0].model_id, SONNET_V1);
    assert_eq!(alpha.underlying_models[0].region, TOKYO);
    assert_eq!(alpha.provider.as_deref(), Some("Anthropic"));
    assert_eq!(alpha.base_model_name.as_deref(), Some("Claude 3.5 Sonnet"));
    assert!(alpha.capabilities.streaming && alpha.capabilities.text_output);
    assert!(alpha.capabilities.image_input);
    assert_eq!(alpha.capabilities.tool_use, Some(true));
    assert_eq!(
        alpha.tags, None,
        "tags come afterwards, never with the list"
    );

    let haiku = catalog.entries.iter().find(|e| e.id == HAIKU).unwrap();
    assert_eq!(haiku.kind, EntryKind::Foundation);
    assert_eq!(
        haiku.arn,
        format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}")
    );

    let system = catalog
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::SystemProfile && e.id == format!("apac.{HAIKU}"))
        .unwrap();
    assert_eq!(system.geography.as_deref(), Some("APAC"));
    assert!(
        system.underlying_models.len() > 1,
        "a cross-region profile spans regions"
    );
    assert!(system.capabilities.on_demand);

    // The tags of every AIP, fetched after the list.
    let tags = fetch_tags(&client(&t).await, &t, catalog.application_profile_arns()).await;
    assert_eq!(tags.len(), 5);
    let alpha_tags = &tags.iter().find(|(arn, _)| arn == &alpha.arn).unwrap().1;
    let mut pairs: Vec<(String, String)> = alpha_tags
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("CostCenter".to_owned(), "CC-1001".to_owned()),
            ("Department".to_owned(), "Engineering".to_owned()),
            ("Environment".to_owned(), "Production".to_owned()),
            ("Project".to_owned(), "Alpha".to_owned())
        ]
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn with_the_setting_off_no_application_profile_is_asked_for_or_listed() {
    let emu = emulator(Seed::Demo).await;
    let t = target(&emu, TOKYO);
    let catalog = Catalog::load(&client(&t).await, &t, LoadOptions::default())
        .await
        .unwrap();
    assert!(catalog
        .entries
        .iter()
        .all(|e| e.kind != EntryKind::ApplicationProfile));
    assert!(!catalog.application_profiles_included);
    // Only the SYSTEM_DEFINED listing was made.
    assert_eq!(count_calls(&emu, "ListInferenceProfiles"), 1);

    Catalog::load(&client(&t).await, &t, with_profiles())
        .await
        .unwrap();
    assert_eq!(count_calls(&emu, "ListInferenceProfiles"), 3);
    emu.shutdown().await;
}

async fn create_profile(client: &aws_sdk_bedrock::Client, name: &str, region: &str) -> String {
    client
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(
            aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(format!(
                "arn:aws:bedrock:{region}::foundation-model/{HAIKU}"
            )),
        )
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned()
}

#[tokio::test]
async fn follows_every_page() {
    let emu = emulator(Seed::Empty).await;
    let t = target(&emu, "us-east-1");
    let c = client(&t).await;
    for i in 0..7 {
        create_profile(&c, &format!("team-{i}"), "us-east-1").await;
    }
    let options = LoadOptions {
        application_profiles: true,
        page_size: 2,
    };
    let catalog = Catalog::load(&c, &t, options).await.unwrap();
    assert_eq!(catalog.stats.application_profiles, 7);
    let mut names: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::ApplicationProfile)
        .map(|e| e.name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["team-0", "team-1", "team-2", "team-3", "team-4", "team-5", "team-6"]
    );
    // 7 application profiles in pages of 2 is 4 pages; the system profiles need pages too.
    assert!(catalog.stats.pages >= 1 + 4 + 2, "{:?}", catalog.stats);
    emu.shutdown().await;
}

#[tokio::test]
async fn regions_are_separate() {
    let emu = emulator(Seed::Empty).await;
    let virginia = target(&emu, "us-east-1");
    let arn = create_profile(&client(&virginia).await, "virginia-only", "us-east-1").await;

    let tokyo = target(&emu, TOKYO);
    let in_tokyo = Catalog::load(&client(&tokyo).await, &tokyo, with_profiles())
        .await
        .unwrap();
    assert!(in_tokyo.entries.iter().all(|e| e.arn != arn));
    let in_virginia = Catalog::load(&client(&virginia).await, &virginia, with_profiles())
        .await
        .unwrap();
    assert!(in_virginia
        .entries
        .iter()
        .any(|e| e.arn == arn && e.region == "us-east-1"));
    emu.shutdown().await;
}

async fn load_error(emu: &EmulatorHandle, region: &str) -> strata_core::Error {
    let t = target(emu, region);
    Catalog::load(&client(&t).await, &t, with_profiles())
        .await
        .unwrap_err()
}

fn error_fault(operation: &str, error: AwsKind) -> Fault {
    Fault::Error {
        operation: operation.into(),
        error,
        count: None,
        message: None,
    }
}

#[tokio::test]
async fn every_error_kind_surfaces_with_a_hint() {
    let emu = emulator(Seed::Demo).await;

    // Every listing fails: the whole list's error (one failing listing is a section's error, see
    // one_failing_listing_does_not_hide_the_others).
    emu.add_fault(Fault::Deny {
        actions: vec![
            "bedrock:ListFoundationModels".into(),
            "bedrock:ListInferenceProfiles".into(),
        ],
    })
    .unwrap();
    let e = load_error(&emu, TOKYO).await;
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e}");
    assert!(
        e.hint().unwrap().contains("bedrock:ListFoundationModels"),
        "{e:?}"
    );
    emu.clear_faults();

    emu.add_fault(Fault::Throttle {
        operation: "*".into(),
        rate: 1.0,
    })
    .unwrap();
    let e = load_error(&emu, TOKYO).await;
    assert_eq!(e.kind(), ErrorKind::Throttled, "{e}");
    assert!(e.hint().is_some());
    emu.clear_faults();

    for (aws, kind) in [
        (
            AwsKind::ExpiredTokenException,
            ErrorKind::ExpiredCredentials,
        ),
        (
            AwsKind::UnrecognizedClientException,
            ErrorKind::NoCredentials,
        ),
        (AwsKind::ValidationException, ErrorKind::Validation),
        (AwsKind::ResourceNotFoundException, ErrorKind::NotFound),
        (AwsKind::InternalServerException, ErrorKind::Internal),
    ] {
        emu.add_fault(error_fault("*", aws)).unwrap();
        let e = load_error(&emu, TOKYO).await;
        assert_eq!(e.kind(), kind, "{aws:?} gave {e:?}");
        emu.clear_faults();
    }

    // With the faults cleared the same load works again.
    let t = target(&emu, TOKYO);
    assert!(Catalog::load(&client(&t).await, &t, with_profiles())
        .await
        .is_ok());
    emu.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error_or_a_region_without_bedrock() {
    // A port that was free a moment ago: nothing answers there.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    for (region, kind) in [
        ("eu-central-1", ErrorKind::Network),
        ("xx-nowhere-1", ErrorKind::RegionMismatch),
    ] {
        let t = Target {
            region: region.into(),
            profile: None,
            endpoint_url: Some(closed.clone()),
            demo: true,
        };
        let e = Catalog::load(&client(&t).await, &t, LoadOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), kind, "{region}: {e:?}");
        assert!(e.message().contains(region), "{e}");
        assert!(e.hint().is_some());
    }
}

fn demo_settings(profiles: bool) -> Settings {
    Settings {
        enable_inference_profiles: profiles,
        ..Settings::default()
    }
}

fn demo_mode() -> RunMode {
    RunMode::from_switches(["--demo"], None)
}

#[tokio::test]
async fn the_service_toggles_profiles_live() {
    let emu = emulator(Seed::Demo).await;
    let service = CatalogService::new(
        demo_mode(),
        demo_settings(false),
        None,
        DemoBedrock::external(emu.endpoint()),
    );
    let list = service.refresh().await;
    assert_eq!(list.error, None);
    let conn = list.connection.unwrap();
    assert_eq!(conn.demo, Some(DemoReason::Flag));
    assert_eq!(
        conn.region, TOKYO,
        "demo mode defaults to the demo profiles' region"
    );
    let catalog = list.catalog.unwrap();
    assert!(catalog
        .entries
        .iter()
        .all(|e| e.kind != EntryKind::ApplicationProfile));

    let change = service.set_settings(demo_settings(true)).await.unwrap();
    assert!(change.inference_profiles && change.needs_refresh && !change.connection);
    let on = service.refresh().await.catalog.unwrap();
    assert_eq!(on.stats.application_profiles, 5);
    let with_tags = service.load_tags().await.unwrap().catalog.unwrap();
    assert!(with_tags
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::ApplicationProfile)
        .all(|e| e.tags.as_ref().is_some_and(|t| !t.is_empty())));

    // Off again: gone at once, without a call to Bedrock.
    emu.clear_requests();
    let change = service.set_settings(demo_settings(false)).await.unwrap();
    assert!(!change.needs_refresh);
    let (off, needs_refresh) = service.cached().await;
    assert!(!needs_refresh);
    assert!(off
        .catalog
        .unwrap()
        .entries
        .iter()
        .all(|e| e.kind != EntryKind::ApplicationProfile));
    assert!(emu.requests().is_empty());

    // A region change is a new connection.
    let change = service
        .set_settings(Settings {
            region: Some("us-east-1".into()),
            ..demo_settings(false)
        })
        .await
        .unwrap();
    assert!(change.connection && change.needs_refresh);
    assert_eq!(
        service.refresh().await.connection.unwrap().region,
        "us-east-1"
    );

    // Invalid settings are refused and change nothing.
    let e = service
        .set_settings(Settings {
            region: Some("Tokyo".into()),
            ..demo_settings(true)
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(!service.settings().await.enable_inference_profiles);
    emu.shutdown().await;
}

#[tokio::test]
async fn the_cache_answers_at_once_and_survives_a_failed_refresh() {
    let emu = emulator(Seed::Demo).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let make = || {
        CatalogService::new(
            demo_mode(),
            demo_settings(true),
            Some(cache_dir.path().to_owned()),
            DemoBedrock::external(emu.endpoint()),
        )
    };
    let first = make();
    let (nothing, needs_refresh) = first.cached().await;
    assert!(nothing.catalog.is_none() && needs_refresh);
    let fresh = first.refresh().await;
    assert!(!fresh.stale);
    first.load_tags().await.unwrap();

    // A restart: the cached list (with its tags) is there before any call.
    emu.clear_requests();
    let second = make();
    let (cached, needs_refresh) = second.cached().await;
    assert!(cached.stale && needs_refresh);
    let cached_catalog = cached.catalog.unwrap();
    assert_eq!(cached_catalog.stats.application_profiles, 5);
    assert!(cached_catalog.entries.iter().any(|e| e.tags.is_some()));
    assert!(
        emu.requests().is_empty(),
        "the cache answered without calling Bedrock"
    );

    // The refresh fails: the cached list stays, marked stale, with the error.
    emu.add_fault(Fault::Deny {
        actions: vec!["bedrock:*".into()],
    })
    .unwrap();
    let failed = second.refresh().await;
    assert!(failed.stale);
    assert_eq!(
        failed.error.as_ref().unwrap().kind(),
        ErrorKind::AccessDenied
    );
    assert_eq!(failed.catalog.unwrap().stats.application_profiles, 5);

    // Fixed: the next refresh is fresh again.
    emu.clear_faults();
    let ok = second.refresh().await;
    assert!(!ok.stale && ok.error.is_none());
    emu.shutdown().await;
}

#[tokio::test]
async fn one_failing_listing_does_not_hide_the_others() {
    let emu = emulator(Seed::Demo).await;
    let t = target(&emu, TOKYO);
    let c = client(&t).await;

    // ListInferenceProfiles denied: the foundation models still show; both profile sections say why.
    emu.add_fault(Fault::Deny {
        actions: vec!["bedrock:ListInferenceProfiles".into()],
    })
    .unwrap();
    let catalog = Catalog::load(&c, &t, with_profiles()).await.unwrap();
    assert!(catalog.stats.foundation_models > 5, "{:?}", catalog.stats);
    assert!(catalog
        .entries
        .iter()
        .all(|e| e.kind == EntryKind::Foundation));
    let denied = catalog
        .section_error(CatalogSection::ApplicationProfiles)
        .unwrap();
    assert_eq!(denied.kind(), ErrorKind::AccessDenied);
    assert!(
        denied
            .hint()
            .unwrap()
            .contains("bedrock:ListInferenceProfiles"),
        "{denied:?}"
    );
    assert!(catalog
        .section_error(CatalogSection::SystemProfiles)
        .is_some());
    assert!(catalog
        .section_error(CatalogSection::FoundationModels)
        .is_none());
    emu.clear_faults();

    // Only the application listing fails: models and system profiles show.
    emu.add_fault(Fault::RepeatNextToken {
        profile_type: "APPLICATION".into(),
        count: None,
    })
    .unwrap();
    let catalog = Catalog::load(&c, &t, with_profiles()).await.unwrap();
    assert!(catalog.stats.foundation_models > 5);
    assert!(catalog.stats.system_profiles > 0);
    assert_eq!(catalog.stats.application_profiles, 0);
    assert_eq!(
        catalog.section_errors.len(),
        1,
        "{:?}",
        catalog.section_errors
    );
    assert_eq!(
        catalog.section_errors[0].section,
        CatalogSection::ApplicationProfiles
    );
    emu.clear_faults();

    // Only the system listing fails: models and application profiles show.
    emu.add_fault(Fault::RepeatNextToken {
        profile_type: "SYSTEM_DEFINED".into(),
        count: None,
    })
    .unwrap();
    let catalog = Catalog::load(&c, &t, with_profiles()).await.unwrap();
    assert_eq!(catalog.stats.application_profiles, 5);
    assert_eq!(catalog.stats.system_profiles, 0);
    assert!(catalog
        .section_error(CatalogSection::SystemProfiles)
        .is_some());
    assert_eq!(catalog.section_errors.len(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_listing_whose_next_token_repeats_stops_with_an_error() {
    let emu = emulator(Seed::Demo).await;
    let t = target(&emu, TOKYO);
    emu.add_fault(Fault::RepeatNextToken {
        profile_type: "APPLICATION".into(),
        count: None,
    })
    .unwrap();
    let catalog = Catalog::load(&client(&t).await, &t, with_profiles())
        .await
        .unwrap();
    let e = catalog
        .section_error(CatalogSection::ApplicationProfiles)
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::Internal);
    assert!(
        e.message().contains("ListInferenceProfiles") && e.message().contains("nextToken repeated"),
        "{e}"
    );
    assert!(e.hint().is_some());
    // One system page, and two application pages: the second repeated the first's token.
    assert_eq!(count_calls(&emu, "ListInferenceProfiles"), 3);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_listing_past_the_page_limit_stops_with_an_error() {
    let emu = emulator(Seed::Empty).await;
    let t = target(&emu, "us-east-1");
    let c = client(&t).await;
    for i in 0..=MAX_PAGES {
        create_profile(&c, &format!("team-{i}"), "us-east-1").await;
    }
    emu.clear_requests();
    let options = LoadOptions {
        application_profiles: true,
        page_size: 1,
    };
    let catalog = Catalog::load(&c, &t, options).await.unwrap();
    let e = catalog
        .section_error(CatalogSection::ApplicationProfiles)
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::Internal);
    assert!(
        e.message().contains("ListInferenceProfiles")
            && e.message().contains("more than 100 pages"),
        "{e}"
    );
    assert!(catalog.stats.foundation_models > 0, "the models still show");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_service_passes_section_errors_through_and_caches_them_as_such() {
    let emu = emulator(Seed::Demo).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let make = || {
        CatalogService::new(
            demo_mode(),
            demo_settings(true),
            Some(cache_dir.path().to_owned()),
            DemoBedrock::external(emu.endpoint()),
        )
    };
    emu.add_fault(Fault::RepeatNextToken {
        profile_type: "APPLICATION".into(),
        count: None,
    })
    .unwrap();
    let service = make();
    let list = service.refresh().await;
    assert_eq!(list.error, None, "not a whole-list error");
    let catalog = list.catalog.unwrap();
    assert!(catalog.stats.foundation_models > 0);
    assert!(catalog
        .section_error(CatalogSection::ApplicationProfiles)
        .is_some());

    // A restart reads the partial list back as partial, never as complete.
    let (cached, needs_refresh) = make().cached().await;
    assert!(needs_refresh);
    assert!(cached
        .catalog
        .unwrap()
        .section_error(CatalogSection::ApplicationProfiles)
        .is_some());

    // Turning profiles off drops their section's error with them.
    service.set_settings(demo_settings(false)).await.unwrap();
    let (off, _) = service.cached().await;
    assert!(off.catalog.unwrap().section_errors.is_empty());

    // Fixed: complete again.
    emu.clear_faults();
    service.set_settings(demo_settings(true)).await.unwrap();
    let fixed = service.refresh().await.catalog.unwrap();
    assert!(fixed.section_errors.is_empty());
    assert_eq!(fixed.stats.application_profiles, 5);
    emu.shutdown().await;
}
