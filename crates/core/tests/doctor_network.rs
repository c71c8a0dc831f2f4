//! The doctor's `network` check against the Bedrock emulator over real HTTP (demo mode): the
//! endpoint and the answer, a skewed clock, an endpoint where nothing listens; what a Bedrock
//! call gives under a skewed clock; and the principal STS names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::costs::{BilledCache, Costs};
use strata_core::doctor::{Check, CheckId, CheckStatus, Doctor, DoctorRequest};
use strata_core::ledger::UsageLedger;
use strata_core::{CatalogService, DemoBedrock, RunMode, Settings};

const TOKYO: &str = "ap-northeast-1";

fn catalog(endpoint: String) -> Arc<CatalogService> {
    Arc::new(CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        Settings {
            region: Some(TOKYO.to_owned()),
            enable_inference_profiles: true,
            ..Settings::default()
        },
        None,
        DemoBedrock::external(endpoint),
    ))
}

/// Runs only the `network` check against demo mode at `endpoint`.
async fn network_check(endpoint: String) -> Check {
    let catalog = catalog(endpoint);
    let dir = tempfile::tempdir().unwrap();
    let costs = Arc::new(Costs::new(
        catalog.clone(),
        UsageLedger::new(dir.path().join("usage.db")),
        Arc::new(BilledCache::in_memory()),
    ));
    let request = DoctorRequest {
        checks: Some(vec![CheckId::Network]),
        ..DoctorRequest::default()
    };
    let report = Doctor::new(catalog, costs)
        .run(&request, |_| {})
        .await
        .unwrap();
    assert_eq!(report.checks.len(), 1);
    report.get(CheckId::Network).unwrap().clone()
}

async fn emulator(config: EmulatorConfig) -> EmulatorHandle {
    Emulator::start(config).await.unwrap()
}

#[tokio::test]
async fn a_reachable_emulator_passes_with_the_endpoint_status_and_clock() {
    let emulator = emulator(EmulatorConfig::for_tests(Seed::Demo)).await;
    let check = network_check(emulator.endpoint()).await;
    assert_eq!(check.status, CheckStatus::Pass, "{check:#?}");
    assert!(check.finding.contains(&emulator.endpoint()), "{check:#?}");
    assert!(check.finding.contains("agrees"), "{check:#?}");
    assert_eq!(check.fix, None);
    let details = check.details.join("\n");
    assert!(
        details.contains(&format!(
            "endpoint: {} (demo mode: the built-in Bedrock emulator)",
            emulator.endpoint()
        )),
        "{details}"
    );
    assert!(
        details.contains("proxy: none (demo mode never uses one)"),
        "{details}"
    );
    assert!(
        details.contains("TLS trust: the system's root certificates"),
        "{details}"
    );
    // The emulator answers an unsigned GET / as AWS answers an unknown path.
    assert!(details.contains("answer: HTTP 404 in "), "{details}");
    assert!(
        details.contains("clock: this computer's clock is "),
        "{details}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_skewed_clock_fails_naming_the_skew_in_minutes_and_the_fix() {
    let emulator = emulator(
        EmulatorConfig::for_tests(Seed::Demo).with_fault(Fault::ClockSkew { seconds: -600 }),
    )
    .await;
    let check = network_check(emulator.endpoint()).await;
    assert_eq!(check.status, CheckStatus::Fail, "{check:#?}");
    // The emulator's clock is 10 minutes behind: this computer's is 10 minutes ahead of it.
    assert_eq!(
        check.finding,
        "This computer's clock is 10 min ahead of the demo emulator's: AWS refuses signatures \
         more than 5 minutes off."
    );
    let fix = check.fix.as_deref().unwrap();
    assert!(fix.contains("timedatectl set-ntp true"), "{fix}");
    assert!(fix.contains("Set time automatically"), "{fix}");
    assert!(
        check
            .details
            .iter()
            .any(|d| d.starts_with("clock: this computer's clock is 10 min ahead of")),
        "{check:#?}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_endpoint_with_nothing_listening_is_a_connect_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let check = network_check(endpoint.clone()).await;
    assert_eq!(check.status, CheckStatus::Fail, "{check:#?}");
    assert!(
        check
            .finding
            .starts_with(&format!("Nothing accepts connections at {endpoint}: ")),
        "{check:#?}"
    );
    assert!(
        check.fix.as_deref().unwrap().contains("demo emulator"),
        "{check:#?}"
    );
    assert!(
        !check.details.iter().any(|d| d.starts_with("answer:")),
        "{check:#?}"
    );
}

#[tokio::test]
async fn bedrock_calls_still_work_under_a_skewed_clock_after_one_refused_attempt() {
    let emulator = emulator(
        EmulatorConfig::for_tests(Seed::Demo).with_fault(Fault::ClockSkew { seconds: -600 }),
    )
    .await;
    let catalog = catalog(emulator.endpoint());
    let list = catalog.refresh().await;
    assert!(list.error.is_none(), "{:?}", list.error);
    assert!(!list.catalog.unwrap().entries.is_empty());
    // The SDK read the refusal's Date and re-signed: the refusals are in the log, each followed
    // by the same operation answered.
    let log = emulator.requests();
    let refused: Vec<_> = log
        .iter()
        .filter(|r| r.error.as_deref() == Some("InvalidSignatureException"))
        .collect();
    assert!(!refused.is_empty(), "{log:#?}");
    for r in &refused {
        assert!(
            log.iter().any(|later| later.seq > r.seq
                && later.operation == r.operation
                && later.status == 200),
            "{log:#?}"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn sts_names_the_assumed_role_the_emulator_is_set_to() {
    let role = "arn:aws:sts::123456789012:assumed-role/BedrockUsers/alice";
    let emulator = emulator(EmulatorConfig::for_tests(Seed::Demo).with_caller_arn(role)).await;
    let catalog = catalog(emulator.endpoint());
    let session = catalog.session().await.unwrap();
    let identity = strata_core::costs::identity::caller_identity(&session)
        .await
        .unwrap();
    assert_eq!(identity.arn, role);
    assert_eq!(identity.account, "123456789012");
    assert!(
        identity.user_id.starts_with("AROA") && identity.user_id.ends_with(":alice"),
        "{identity:?}"
    );
    emulator.shutdown().await;
}
