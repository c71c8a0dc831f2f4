//! A real-AWS user whose region comes from the AWS config file (not from Strata's settings) gets
//! the cached catalog at start, before anything is connected, with no call to Bedrock.
//!
//! Its own test binary: it sets process-wide AWS environment variables, which must not leak into
//! tests running beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use bedrock_emulator::{Emulator, EmulatorConfig, Seed};
use strata_core::{CatalogService, DemoBedrock, DemoPreference, RunMode, Settings};

#[tokio::test]
async fn the_cache_answers_at_start_for_a_region_from_the_aws_config_file() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    // Demo mode's Bedrock, should "Automatic" wrongly choose it (the test says it must not).
    let demo = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, "[default]\nregion = ap-northeast-1\n").unwrap();
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        home.path().join("credentials"),
    );
    std::env::remove_var("AWS_REGION");
    std::env::remove_var("AWS_DEFAULT_REGION");
    std::env::remove_var("AWS_PROFILE");
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");

    let settings = Settings {
        enable_inference_profiles: true,
        region: None,
        endpoint_url: Some(emulator.endpoint()),
        demo_mode: DemoPreference::Auto,
        ..Settings::default()
    };
    let cache = home.path().join("cache");
    let service = || {
        CatalogService::new(
            RunMode::default(),
            settings.clone(),
            Some(cache.clone()),
            DemoBedrock::external(demo.endpoint()),
        )
    };

    // A first run connects (region from the config file) and writes the cache.
    let first = service();
    let (empty, needs_refresh) = first.cached().await;
    assert!(empty.catalog.is_none() && needs_refresh);
    let loaded = first.refresh().await;
    assert_eq!(loaded.error, None);
    let connection = loaded.connection.unwrap();
    assert_eq!(connection.region, "ap-northeast-1");
    assert_eq!(
        connection.demo, None,
        "real mode, with keys from the environment"
    );
    let listed = loaded.catalog.unwrap();
    first.shutdown().await;

    // The next start answers from that cache without a single call.
    let calls_before = emulator.requests().len();
    let second = service();
    let (cached, needs_refresh) = second.cached().await;
    assert_eq!(
        emulator.requests().len(),
        calls_before,
        "no call to Bedrock"
    );
    assert!(
        cached.stale && needs_refresh,
        "shown as cached, refresh follows"
    );
    let catalog = cached.catalog.expect("the cached catalog");
    assert_eq!(catalog.region, "ap-northeast-1");
    assert_eq!(catalog.entries, listed.entries);

    emulator.shutdown().await;
    demo.shutdown().await;
}
