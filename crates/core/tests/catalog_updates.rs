//! The catalog changed in place after a profile is created, retagged or deleted, against the
//! emulator over real HTTP: the entry a full load would build, without a second listing, kept in
//! the disk cache, ignored for another region, surviving a refresh that listed before it; and
//! connections to other regions that share the current one's credentials.
//!
//! One test points the SDK at its own AWS files through the process environment, so every test
//! of this file holds `ENV` for its whole run (this file is its own test binary).

#![allow(clippy::unwrap_used, clippy::expect_used)]
// The environment lock is held across awaits on purpose: it serialises whole tests.
#![allow(clippy::await_holding_lock)]

mod support;
use std::sync::{Mutex, MutexGuard};
use support::CLEARED;

use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::aws::{sdk_config, Target, BEDROCK_REGIONS};
use strata_core::catalog::{Catalog, EntryStatus, ModelEntry, Tag, UnderlyingModel};
use strata_core::profiles::{Profile, ProfileOrigin, ProfileType};
use strata_core::{CatalogService, DemoBedrock, DemoPreference, EntryKind, RunMode, Settings};

const TOKYO: &str = "ap-northeast-1";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";

static ENV: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    ENV.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap()
}

async fn client(emulator: &EmulatorHandle, region: &str) -> aws_sdk_bedrock::Client {
    let target = Target {
        region: region.into(),
        profile: None,
        endpoint_url: Some(emulator.endpoint()),
        demo: true,
    };
    aws_sdk_bedrock::Client::new(&sdk_config(&target).await.unwrap())
}

fn demo_service(emulator: &EmulatorHandle, cache_dir: Option<&std::path::Path>) -> CatalogService {
    CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        Settings {
            enable_inference_profiles: true,
            ..Settings::default()
        },
        cache_dir.map(ToOwned::to_owned),
        DemoBedrock::external(emulator.endpoint()),
    )
}

fn count_calls(emulator: &EmulatorHandle, operation: &str) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.operation == operation)
        .count()
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

/// Creates an application profile copying `source` directly through the SDK, as the Profiles
/// service does, and returns it as GetInferenceProfile and ListTagsForResource describe it.
async fn create(
    client: &aws_sdk_bedrock::Client,
    region: &str,
    name: &str,
    source: &str,
    tags: &[Tag],
) -> Profile {
    let mut call = client
        .create_inference_profile()
        .inference_profile_name(name)
        .description("Team Blue: created in place")
        .model_source(InferenceProfileModelSource::CopyFrom(source.into()));
    for t in tags {
        call = call.tags(
            aws_sdk_bedrock::types::Tag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .unwrap(),
        );
    }
    let arn = call
        .send()
        .await
        .unwrap()
        .inference_profile_arn()
        .to_owned();
    described(client, region, &arn).await
}

/// The profile with `arn` as Bedrock describes it now, with its tags.
async fn described(client: &aws_sdk_bedrock::Client, region: &str, arn: &str) -> Profile {
    let p = client
        .get_inference_profile()
        .inference_profile_identifier(arn)
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap()
        .tags()
        .iter()
        .map(|t| tag(t.key(), t.value()))
        .collect();
    Profile {
        name: p.inference_profile_name().to_owned(),
        id: p.inference_profile_id().to_owned(),
        arn: p.inference_profile_arn().to_owned(),
        description: p.description().map(str::to_owned),
        region: region.to_owned(),
        kind: ProfileType::Application,
        status: EntryStatus::from_bedrock(p.status().as_str()),
        created_at: None,
        updated_at: None,
        models: p
            .models()
            .iter()
            .filter_map(|m| m.model_arn())
            .map(|arn| {
                // arn:aws:bedrock:REGION::foundation-model/ID
                let mut parts = arn.splitn(6, ':');
                let region = parts.nth(3).unwrap().to_owned();
                let id = arn.split_once("foundation-model/").unwrap().1.to_owned();
                UnderlyingModel {
                    arn: arn.to_owned(),
                    model_id: id,
                    region,
                    name: None,
                }
            })
            .collect(),
        origin: ProfileOrigin::Unknown,
        tags: Some(tags),
    }
}

async fn current(service: &CatalogService) -> Catalog {
    service.cached().await.0.catalog.expect("a catalog")
}

fn entry<'a>(catalog: &'a Catalog, arn: &str) -> Option<&'a ModelEntry> {
    catalog.entries.iter().find(|e| e.arn == arn)
}

#[tokio::test]
async fn a_created_profile_is_the_entry_a_full_load_builds_without_a_second_listing() {
    let _env = serial();
    let emu = emulator().await;
    let cache_dir = tempfile::tempdir().unwrap();
    let service = demo_service(&emu, Some(cache_dir.path()));
    let before = service.refresh().await.catalog.unwrap();
    assert_eq!(before.stats.application_profiles, 5);
    let c = client(&emu, TOKYO).await;

    emu.clear_requests();
    let tags = [tag("Project", "Blue"), tag("CostCenter", "CC-42")];
    let model = create(
        &c,
        TOKYO,
        "blue-haiku",
        &format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
        &tags,
    )
    .await;
    service.profile_upserted(&model).await;
    let system_arn = before
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::SystemProfile && e.id == format!("apac.{HAIKU}"))
        .unwrap()
        .arn
        .clone();
    let cross = create(&c, TOKYO, "Apac Haiku", &system_arn, &[]).await;
    service.profile_upserted(&cross).await;

    let (list, _) = service.cached().await;
    let updated = list.catalog.unwrap();
    assert_eq!(
        count_calls(&emu, "ListInferenceProfiles"),
        0,
        "no listing was repeated"
    );
    assert_eq!(count_calls(&emu, "ListFoundationModels"), 0);
    assert_eq!(updated.stats.application_profiles, 7);

    let blue = entry(&updated, &model.arn).expect("the new profile is listed");
    let haiku = updated.entries.iter().find(|e| e.id == HAIKU).unwrap();
    assert_eq!(blue.kind, EntryKind::ApplicationProfile);
    assert_eq!(
        blue.id, model.arn,
        "an application profile is called by its ARN"
    );
    assert_eq!(blue.provider.as_deref(), Some("Anthropic"));
    assert_eq!(blue.base_model_name.as_deref(), Some("Claude 3 Haiku"));
    assert_eq!(
        blue.capabilities.image_input,
        haiku.capabilities.image_input
    );
    assert_eq!(blue.capabilities.tool_use, haiku.capabilities.tool_use);
    assert!(blue.capabilities.on_demand && blue.capabilities.streaming);
    assert_eq!(
        blue.description.as_deref(),
        Some("Team Blue: created in place")
    );
    assert_eq!(blue.tags.as_deref(), Some(&tags[..]));
    assert_eq!(
        blue.underlying_models[0].name.as_deref(),
        Some("Claude 3 Haiku")
    );
    let apac = entry(&updated, &cross.arn).unwrap();
    assert!(apac.underlying_models.len() > 1, "{apac:?}");

    // Application profiles first, each where a load sorts it.
    let first_other = updated
        .entries
        .iter()
        .position(|e| e.kind != EntryKind::ApplicationProfile)
        .unwrap();
    assert_eq!(first_other, 7);

    // A full load builds the same entries in the same order (tags already known are kept).
    let reloaded = service.refresh().await.catalog.unwrap();
    assert_eq!(reloaded.entries, updated.entries);
    assert_eq!(count_calls(&emu, "ListInferenceProfiles"), 2);

    // A restart reads the change back from the disk cache.
    let (cached, _) = demo_service(&emu, Some(cache_dir.path())).cached().await;
    assert_eq!(cached.catalog.unwrap().entries, updated.entries);
    emu.shutdown().await;
}

#[tokio::test]
async fn changed_tags_replace_the_entry_and_a_removed_profile_leaves_the_cache_too() {
    let _env = serial();
    let emu = emulator().await;
    let cache_dir = tempfile::tempdir().unwrap();
    let service = demo_service(&emu, Some(cache_dir.path()));
    service.refresh().await;
    let c = client(&emu, TOKYO).await;
    let source = format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}");
    let created = create(&c, TOKYO, "short-lived", &source, &[tag("Project", "A")]).await;
    service.profile_upserted(&created).await;

    c.tag_resource()
        .resource_arn(&created.arn)
        .tags(
            aws_sdk_bedrock::types::Tag::builder()
                .key("Project")
                .value("B")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    service
        .profile_upserted(&described(&c, TOKYO, &created.arn).await)
        .await;
    let retagged = current(&service).await;
    let matching: Vec<&ModelEntry> = retagged
        .entries
        .iter()
        .filter(|e| e.arn == created.arn)
        .collect();
    assert_eq!(matching.len(), 1, "replaced, not added twice");
    assert_eq!(
        matching[0].tags.as_deref(),
        Some(&[tag("Project", "B")][..])
    );
    assert_eq!(retagged.stats.application_profiles, 6);

    emu.clear_requests();
    c.delete_inference_profile()
        .inference_profile_identifier(&created.arn)
        .send()
        .await
        .unwrap();
    service.profile_removed(&created.arn).await;
    let removed = current(&service).await;
    assert!(entry(&removed, &created.arn).is_none());
    assert_eq!(removed.stats.application_profiles, 5);
    assert_eq!(count_calls(&emu, "ListInferenceProfiles"), 0);

    let (cached, _) = demo_service(&emu, Some(cache_dir.path())).cached().await;
    let cached = cached.catalog.unwrap();
    assert!(entry(&cached, &created.arn).is_none());
    assert_eq!(cached.entries, removed.entries);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_change_for_another_region_or_without_a_catalog_changes_nothing() {
    let _env = serial();
    let emu = emulator().await;
    let cache_dir = tempfile::tempdir().unwrap();
    let virginia = client(&emu, "us-east-1").await;
    let elsewhere = create(
        &virginia,
        "us-east-1",
        "virginia-haiku",
        &format!("arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}"),
        &[],
    )
    .await;

    // No catalog loaded yet: nothing to change, nothing written.
    let service = demo_service(&emu, Some(cache_dir.path()));
    service.profile_upserted(&elsewhere).await;
    assert!(service.cached().await.0.catalog.is_none());
    assert_eq!(std::fs::read_dir(cache_dir.path()).unwrap().count(), 0);

    let before = service.refresh().await.catalog.unwrap();
    let cache_file = std::fs::read_dir(cache_dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let written = std::fs::read(&cache_file).unwrap();
    service.profile_upserted(&elsewhere).await;
    // The same profile claimed for this region is still of another one by its ARN.
    service
        .profile_upserted(&Profile {
            region: TOKYO.into(),
            ..elsewhere.clone()
        })
        .await;
    service.profile_removed("arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/nothere00000").await;
    assert_eq!(current(&service).await, before);
    assert_eq!(std::fs::read(&cache_file).unwrap(), written);

    // With application profiles off, the catalog does not hold them: none is added.
    service
        .set_settings(Settings {
            enable_inference_profiles: false,
            ..Settings::default()
        })
        .await
        .unwrap();
    let tokyo = client(&emu, TOKYO).await;
    let here = create(
        &tokyo,
        TOKYO,
        "tokyo-haiku",
        &format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
        &[],
    )
    .await;
    service.profile_upserted(&here).await;
    let off = current(&service).await;
    assert!(off
        .entries
        .iter()
        .all(|e| e.kind != EntryKind::ApplicationProfile));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_profile_created_while_a_refresh_lists_is_kept_when_the_refresh_lands() {
    let _env = serial();
    let emu = emulator().await;
    let service = std::sync::Arc::new(demo_service(&emu, None));
    service.refresh().await;
    let c = client(&emu, TOKYO).await;

    // The refresh lists the profiles at once, but its model listing answers late.
    emu.add_fault(Fault::Latency {
        operation: "ListFoundationModels".into(),
        ms: 1500,
    })
    .unwrap();
    emu.clear_requests();
    let refreshing = tokio::spawn({
        let service = service.clone();
        async move { service.refresh().await }
    });
    while count_calls(&emu, "ListInferenceProfiles") < 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let created = create(
        &c,
        TOKYO,
        "made-meanwhile",
        &format!("arn:aws:bedrock:{TOKYO}::foundation-model/{HAIKU}"),
        &[],
    )
    .await;
    service.profile_upserted(&created).await;
    assert!(
        count_calls(&emu, "ListFoundationModels") == 0,
        "the refresh has not landed yet"
    );
    let landed = refreshing.await.unwrap().catalog.unwrap();
    assert!(
        entry(&landed, &created.arn).is_some(),
        "the refresh listed before the profile existed; the change made meanwhile stays"
    );
    assert_eq!(landed.stats.application_profiles, 6);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_session_in_another_region_reaches_that_regions_profiles() {
    let _env = serial();
    let emu = emulator().await;
    let service = demo_service(&emu, None);
    let home = service.session().await.unwrap();
    assert_eq!(home.target.region, TOKYO);
    let oregon_arn = create(
        &client(&emu, "us-west-2").await,
        "us-west-2",
        "oregon-haiku",
        &format!("arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"),
        &[],
    )
    .await
    .arn;

    let oregon = service.session_in("us-west-2").await.unwrap();
    assert_eq!(oregon.target.region, "us-west-2");
    assert_eq!(oregon.target.endpoint_url, home.target.endpoint_url);
    assert_eq!(oregon.info.demo, home.info.demo);
    let names =
        |out: aws_sdk_bedrock::operation::list_inference_profiles::ListInferenceProfilesOutput| {
            out.inference_profile_summaries()
                .iter()
                .map(|p| p.inference_profile_arn().to_owned())
                .collect::<Vec<_>>()
        };
    let listed = names(
        oregon
            .control()
            .list_inference_profiles()
            .type_equals(InferenceProfileType::Application)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(listed, std::slice::from_ref(&oregon_arn));
    let at_home = names(
        home.control()
            .list_inference_profiles()
            .type_equals(InferenceProfileType::Application)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(at_home.len(), 5);
    assert!(!at_home.contains(&oregon_arn));

    // The service's own connection is untouched; its own region gives that connection back.
    let again = service.session().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&home, &again));
    assert!(std::sync::Arc::ptr_eq(
        &home,
        &service.session_in(TOKYO).await.unwrap()
    ));
    // A bad region is refused before any call.
    emu.clear_requests();
    let e = service.session_in("Oregon").await.err().unwrap();
    assert_eq!(e.kind(), strata_core::ErrorKind::Validation);
    assert!(emu.requests().is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn sessions_in_every_region_at_once_resolve_the_credentials_once() {
    let _env = serial();
    let dir = tempfile::tempdir().unwrap();
    for var in CLEARED {
        std::env::remove_var(var);
    }
    let runs = dir.path().join("runs");
    // A credential_process that notes each run: the chain is asked once per resolution.
    std::fs::write(
        dir.path().join("config"),
        format!(
            "[profile counted]\ncredential_process = sh -c 'echo run >> {}; \
             echo {{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKIACOUNTED000000001\\\", \
             \\\"SecretAccessKey\\\": \\\"not-a-secret\\\"}}'\n",
            runs.display()
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("credentials"), "").unwrap();
    std::env::set_var("AWS_CONFIG_FILE", dir.path().join("config"));
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        dir.path().join("credentials"),
    );

    let emu = emulator().await;
    let demo = emulator().await;
    let service = CatalogService::new(
        RunMode::default(),
        Settings {
            region: Some("us-east-1".into()),
            aws_profile: Some("counted".into()),
            endpoint_url: Some(emu.endpoint()),
            runtime_endpoint_url: Some(emu.endpoint()),
            demo_mode: DemoPreference::Off,
            enable_inference_profiles: true,
            ..Settings::default()
        },
        None,
        DemoBedrock::external(demo.endpoint()),
    );
    let calls = BEDROCK_REGIONS.iter().map(|region| {
        let service = &service;
        async move {
            let session = service.session_in(region).await?;
            assert_eq!(session.target.profile.as_deref(), Some("counted"));
            assert!(session.info.demo.is_none());
            session
                .control()
                .list_inference_profiles()
                .type_equals(InferenceProfileType::Application)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| {
                    strata_core::Error::new(strata_core::ErrorKind::Internal, format!("{e:?}"))
                })
        }
    });
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // Every region was asked, each in its own SigV4 scope.
    let mut regions: Vec<String> = emu.requests().into_iter().map(|r| r.region).collect();
    regions.sort();
    let mut expected: Vec<String> = BEDROCK_REGIONS.iter().map(|r| (*r).to_owned()).collect();
    expected.sort();
    assert_eq!(regions, expected);
    assert_eq!(
        std::fs::read_to_string(&runs).unwrap().lines().count(),
        1,
        "the credentials were resolved once for all regions"
    );
    assert!(demo.requests().is_empty(), "real mode never used the demo");
    emu.shutdown().await;
    demo.shutdown().await;
}

#[tokio::test]
async fn an_auth_failure_in_another_region_drops_the_shared_connection() {
    let _env = serial();
    let emu = emulator().await;
    let service = demo_service(&emu, None);
    let home = service.session().await.unwrap();
    let oregon = service.session_in("us-west-2").await.unwrap();
    assert!(oregon.shares_credentials_with(&home));

    // Another kind of error keeps it.
    service
        .report_failure(
            &oregon,
            &strata_core::Error::new(strata_core::ErrorKind::Throttled, "slow down"),
        )
        .await;
    assert!(std::sync::Arc::ptr_eq(
        &home,
        &service.session().await.unwrap()
    ));

    // Its credentials are the home connection's: refused there, they are refused everywhere.
    service
        .report_failure(
            &oregon,
            &strata_core::Error::new(
                strata_core::ErrorKind::ExpiredCredentials,
                "The security token included in the request is expired.",
            ),
        )
        .await;
    let renewed = service.session().await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&home, &renewed));
    assert!(!renewed.shares_credentials_with(&home));
    emu.shutdown().await;
}
