//! The doctor's connection checks (`setting`, `credentials`, `identity`, `region`) in demo mode,
//! against the Bedrock emulator over real HTTP: what each finds, the fix it offers, and the
//! accounts it compares.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use strata_core::costs::{BilledCache, Costs};
use strata_core::doctor::{
    CheckId, CheckStatus, Doctor, DoctorEvent, DoctorReport, DoctorRequest, FixAction,
};
use strata_core::ledger::UsageLedger;
use strata_core::{CatalogService, DemoBedrock, RunMode, Settings};

/// The account the emulator acts as in these tests (not its default, so a hard-coded one
/// would not pass).
const ACCOUNT: &str = "444455556666";

struct World {
    emulator: EmulatorHandle,
    dir: tempfile::TempDir,
}

impl World {
    async fn new() -> Self {
        let emulator =
            Emulator::start(EmulatorConfig::for_tests(Seed::Demo).with_account_id(ACCOUNT))
                .await
                .unwrap();
        Self {
            emulator,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The doctor of a demo-mode (`--demo`) connection with `settings`.
    fn doctor(&self, settings: Settings) -> Doctor {
        let catalog = Arc::new(CatalogService::new(
            RunMode::from_switches(["--demo"], None),
            settings,
            None,
            DemoBedrock::external(self.emulator.endpoint()),
        ));
        let costs = Arc::new(Costs::new(
            catalog.clone(),
            UsageLedger::new(self.dir.path().join("usage.db")),
            Arc::new(BilledCache::in_memory()),
        ));
        Doctor::new(catalog, costs)
    }

    /// Runs `checks` only, with `identifier` as the profile asked about.
    async fn run(
        &self,
        settings: Settings,
        identifier: Option<&str>,
        checks: &[CheckId],
    ) -> DoctorReport {
        let request = DoctorRequest {
            profile_identifier: identifier.map(str::to_owned),
            model_source: None,
            checks: Some(checks.to_vec()),
        };
        self.doctor(settings).run(&request, |_| {}).await.unwrap()
    }

    fn operations(&self) -> Vec<String> {
        self.emulator
            .requests()
            .into_iter()
            .map(|r| r.operation)
            .collect()
    }
}

fn settings(enable_inference_profiles: bool) -> Settings {
    Settings {
        enable_inference_profiles,
        ..Settings::default()
    }
}

#[tokio::test]
async fn the_setting_off_fails_with_the_fix_the_app_applies_and_on_passes() {
    let world = World::new().await;
    let off = world.run(settings(false), None, &[CheckId::Setting]).await;
    let check = off.get(CheckId::Setting).unwrap();
    assert_eq!(check.status, CheckStatus::Fail);
    assert_eq!(
        check.finding,
        "Enable Inference Profiles is off: application profiles are not listed in the picker."
    );
    assert_eq!(check.action, Some(FixAction::EnableInferenceProfiles));
    let fix = check.fix.as_deref().unwrap();
    assert!(
        fix.contains("Settings → AWS") && fix.contains("--inference-profiles"),
        "{fix}"
    );
    assert!(off.failed());
    assert_eq!(off.checks.len(), 1, "only the check asked for runs");

    let on = world.run(settings(true), None, &[CheckId::Setting]).await;
    assert_eq!(on.get(CheckId::Setting).unwrap().status, CheckStatus::Pass);
    assert!(!on.failed());
}

#[tokio::test]
async fn demo_mode_is_said_plainly_in_credentials() {
    let world = World::new().await;
    let report = world
        .run(settings(true), None, &[CheckId::Credentials])
        .await;
    let check = report.get(CheckId::Credentials).unwrap();
    assert_eq!(check.status, CheckStatus::Pass);
    assert!(
        check.finding.starts_with("Demo mode, because of --demo"),
        "{check:?}"
    );
    assert!(
        check.finding.contains("built-in emulator, not to AWS"),
        "{check:?}"
    );
}

#[tokio::test]
async fn identity_names_the_emulators_account_and_principal_from_sts() {
    let world = World::new().await;
    let report = world.run(settings(true), None, &[CheckId::Identity]).await;
    let check = report.get(CheckId::Identity).unwrap();
    assert_eq!(check.status, CheckStatus::Pass, "{check:?}");
    let principal = format!("arn:aws:iam::{ACCOUNT}:user/emulator-user");
    assert_eq!(
        check.finding,
        format!("Strata acts as {ACCOUNT} ({principal}).")
    );
    assert!(check.details.contains(&format!("account: {ACCOUNT}")));
    assert!(check.details.contains(&format!("principal: {principal}")));
    assert_eq!(
        world
            .operations()
            .iter()
            .filter(|op| *op == "GetCallerIdentity")
            .count(),
        1,
        "STS is asked once"
    );
}

#[tokio::test]
async fn a_profile_arn_of_another_account_fails_naming_both_accounts() {
    let world = World::new().await;
    let arn =
        "arn:aws:bedrock:ap-northeast-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
    let report = world
        .run(settings(true), Some(arn), &[CheckId::Identity])
        .await;
    let check = report.get(CheckId::Identity).unwrap();
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(
        check.finding.starts_with(&format!(
            "The profile's ARN is in account 111122223333; Strata acts as {ACCOUNT} (arn:aws:iam::{ACCOUNT}:user/emulator-user)"
        )),
        "{check:?}"
    );
    assert!(check
        .fix
        .as_deref()
        .unwrap()
        .contains("account 111122223333"));

    // The same ARN in the caller's own account is no problem for this check.
    let own = arn.replace("111122223333", ACCOUNT);
    let report = world
        .run(settings(true), Some(&own), &[CheckId::Identity])
        .await;
    assert_eq!(
        report.get(CheckId::Identity).unwrap().status,
        CheckStatus::Pass
    );
}

#[tokio::test]
async fn region_says_where_it_came_from_and_fails_where_bedrock_is_not_offered() {
    let world = World::new().await;
    let report = world.run(settings(true), None, &[CheckId::Region]).await;
    let check = report.get(CheckId::Region).unwrap();
    assert_eq!(check.status, CheckStatus::Pass);
    assert!(
        check
            .finding
            .starts_with("Region ap-northeast-1 (from demo mode's region"),
        "{check:?}"
    );

    let elsewhere = Settings {
        region: Some("eu-west-9".to_owned()),
        ..settings(true)
    };
    let report = world.run(elsewhere, None, &[CheckId::Region]).await;
    let check = report.get(CheckId::Region).unwrap();
    assert_eq!(check.status, CheckStatus::Fail);
    assert_eq!(
        check.finding,
        "Amazon Bedrock is not offered in eu-west-9 (from Strata's Region setting (Settings → AWS, or --region))."
    );
    assert!(check
        .fix
        .as_deref()
        .unwrap()
        .contains("eu-west-1, eu-west-2, eu-west-3"));
    assert_eq!(
        check.action,
        Some(FixAction::SwitchRegion {
            region: "eu-west-1".to_owned()
        })
    );
}

#[tokio::test]
async fn every_connection_check_is_heard_finishing_and_reported_in_order() {
    let world = World::new().await;
    let heard = Mutex::new(Vec::new());
    let request = DoctorRequest {
        checks: Some(vec![
            CheckId::Region,
            CheckId::Identity,
            CheckId::Setting,
            CheckId::Credentials,
        ]),
        ..DoctorRequest::default()
    };
    let report = world
        .doctor(settings(false))
        .run(&request, |event| heard.lock().unwrap().push(event))
        .await
        .unwrap();
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            CheckId::Setting,
            CheckId::Credentials,
            CheckId::Identity,
            CheckId::Region
        ]
    );
    let heard = heard.into_inner().unwrap();
    assert_eq!(heard.len(), 5);
    let mut finished: Vec<CheckId> = heard
        .iter()
        .filter_map(|e| match e {
            DoctorEvent::Finished { check } => Some(check.id),
            DoctorEvent::Started { .. } => None,
        })
        .collect();
    finished.sort();
    assert_eq!(finished, ids);
    // Only the setting is wrong here.
    let failed: Vec<CheckId> = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .map(|c| c.id)
        .collect();
    assert_eq!(failed, [CheckId::Setting]);
}
