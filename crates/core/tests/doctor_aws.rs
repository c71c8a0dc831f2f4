//! The doctor's `profile`, `permissions`, `model-source` and `tags` checks in demo mode against
//! the Bedrock emulator over real HTTP: a profile in another region, a name found nowhere, a
//! region without application profiles, denied calls and denied mutations (found by
//! `iam:SimulatePrincipalPolicy`), a simulation that is itself denied, a profile-only model, and
//! tag keys not activated for cost allocation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::chat::{ensure_tags, run_turn, ChatMessage, ChatRequest, Role, TurnOptions};
use strata_core::costs::{BilledCache, Costs};
use strata_core::doctor::{
    Check, CheckId, CheckStatus, Doctor, DoctorEvent, DoctorRequest, FixAction,
};
use strata_core::ledger::UsageLedger;
use strata_core::pricing::PriceTable;
use strata_core::profiles::{ProfileDraft, Profiles};
use strata_core::{CatalogService, DemoBedrock, RunMode, Settings, Tag};
use tokio_util::sync::CancellationToken;

const TOKYO: &str = "ap-northeast-1";
const VIRGINIA: &str = "us-east-1";
const FRANKFURT: &str = "eu-central-1";
const ACCOUNT: &str = "210987654321";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
/// Offered in Tokyo only through cross-region profiles (Claude 4.5 and later).
const OPUS_45: &str = "anthropic.claude-opus-4-5-20251101-v1:0";

struct World {
    emulator: EmulatorHandle,
    /// Holds the ledger's folder for the test's length.
    _dir: tempfile::TempDir,
    ledger: UsageLedger,
}

impl World {
    async fn new(seed: Seed) -> Self {
        let emulator = Emulator::start(EmulatorConfig::for_tests(seed).with_account_id(ACCOUNT))
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("usage.db"));
        Self {
            emulator,
            _dir: dir,
            ledger,
        }
    }

    /// Demo mode in `region`, through this emulator.
    fn catalog(&self, region: &str) -> Arc<CatalogService> {
        Arc::new(CatalogService::new(
            RunMode::from_switches(["--demo"], None),
            Settings {
                region: Some(region.to_owned()),
                enable_inference_profiles: true,
                ..Settings::default()
            },
            None,
            DemoBedrock::external(self.emulator.endpoint()),
        ))
    }

    fn doctor(&self, catalog: &Arc<CatalogService>) -> Doctor {
        let costs = Costs::new(
            catalog.clone(),
            self.ledger.clone(),
            Arc::new(BilledCache::in_memory()),
        );
        Doctor::new(catalog.clone(), Arc::new(costs))
    }

    /// An application profile copying Claude 3 Haiku in `region`, with `tags`; its ARN.
    async fn profile(&self, region: &str, name: &str, tags: &[(&str, &str)]) -> String {
        let draft = ProfileDraft {
            name: name.to_owned(),
            description: String::new(),
            source: HAIKU.to_owned(),
            tags: tags
                .iter()
                .map(|(k, v)| Tag {
                    key: (*k).to_owned(),
                    value: (*v).to_owned(),
                })
                .collect(),
        };
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("5d1c2b3a-4f0a-4c3a-9d56-{n:012}");
        Profiles::new(self.catalog(region))
            .create(&draft, &token)
            .await
            .unwrap()
            .arn
    }

    /// One chat turn through the profile named `name` of `catalog`'s region, so that billing
    /// sees its tags.
    async fn turn(&self, catalog: &Arc<CatalogService>, name: &str) {
        let list = catalog.refresh().await;
        let mut entry = list
            .catalog
            .unwrap()
            .entries
            .into_iter()
            .find(|e| e.name == name)
            .unwrap();
        let session = catalog.session().await.unwrap();
        ensure_tags(&session, &mut entry).await;
        let request = ChatRequest::new(
            entry.id.clone(),
            vec![ChatMessage::text(Role::User, "How much does this cost?")],
        );
        run_turn(
            &session,
            &PriceTable::built_in(),
            &self.ledger,
            &entry,
            &request,
            TurnOptions::default(),
            CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
    }

    fn deny(&self, actions: &[&str]) {
        self.emulator
            .add_fault(Fault::Deny {
                actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            })
            .unwrap();
    }
}

fn request(
    checks: &[CheckId],
    profile_identifier: Option<&str>,
    model_source: Option<&str>,
) -> DoctorRequest {
    DoctorRequest {
        profile_identifier: profile_identifier.map(str::to_owned),
        model_source: model_source.map(str::to_owned),
        checks: Some(checks.to_vec()),
    }
}

/// Runs `request` and returns the one check `id`.
async fn run(doctor: &Doctor, request: &DoctorRequest, id: CheckId) -> Check {
    let report = doctor.run(request, |_| {}).await.unwrap();
    report.get(id).unwrap().clone()
}

fn detail<'a>(check: &'a Check, starts: &str) -> &'a str {
    check
        .details
        .iter()
        .find(|d| d.starts_with(starts))
        .unwrap_or_else(|| panic!("no detail {starts:?} in {check:#?}"))
}

fn policy_actions(check: &Check) -> Vec<String> {
    let policy: serde_json::Value =
        serde_json::from_str(check.policy.as_deref().expect("a policy")).unwrap();
    assert_eq!(policy["Effect"], "Allow", "{policy}");
    assert_eq!(policy["Resource"], "*", "{policy}");
    policy["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_profile_that_exists_only_in_another_region_is_found_there_with_a_switch() {
    let world = World::new(Seed::Empty).await;
    let arn = world.profile(VIRGINIA, "team-haiku", &[]).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);

    // By name: asked here, then in every region at once.
    let by_name = run(
        &doctor,
        &request(&[CheckId::Profile], Some("team-haiku"), None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(by_name.status, CheckStatus::Fail, "{by_name:#?}");
    assert_eq!(
        by_name.finding,
        "team-haiku is in us-east-1; Strata is using ap-northeast-1."
    );
    assert_eq!(
        by_name.action,
        Some(FixAction::SwitchRegion {
            region: VIRGINIA.to_owned()
        })
    );
    assert!(
        detail(&by_name, "team-haiku (").contains(&arn),
        "{by_name:#?}"
    );

    // By ARN: its own region is asked directly, no listing anywhere.
    world.emulator.clear_requests();
    let by_arn = run(
        &doctor,
        &request(&[CheckId::Profile], Some(&arn), None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(by_arn.status, CheckStatus::Fail, "{by_arn:#?}");
    assert!(by_arn
        .finding
        .contains("us-east-1; Strata is using ap-northeast-1"));
    assert_eq!(
        by_arn.action,
        Some(FixAction::SwitchRegion {
            region: VIRGINIA.to_owned()
        })
    );
    let asked: Vec<(String, String)> = world
        .emulator
        .requests()
        .into_iter()
        .filter(|r| r.operation.contains("InferenceProfile"))
        .map(|r| (r.operation, r.region))
        .collect();
    assert!(
        asked
            .iter()
            .all(|(op, region)| op == "GetInferenceProfile" && region == VIRGINIA),
        "{asked:?}"
    );

    // In its own region it passes, with what it routes to.
    let here = run(
        &world.doctor(&world.catalog(VIRGINIA)),
        &request(&[CheckId::Profile], Some("team-haiku"), None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(here.status, CheckStatus::Pass, "{here:#?}");
    assert!(here.finding.starts_with("team-haiku is in us-east-1"));
    assert!(detail(&here, "team-haiku (").contains(HAIKU), "{here:#?}");
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn a_name_found_nowhere_and_an_arn_of_another_account_say_so() {
    let world = World::new(Seed::Empty).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    let nowhere = run(
        &doctor,
        &request(&[CheckId::Profile], Some("no-such-profile"), None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(nowhere.status, CheckStatus::Fail, "{nowhere:#?}");
    assert_eq!(
        nowhere.finding,
        format!("no-such-profile was not found in any Bedrock region of account {ACCOUNT}.")
    );
    assert_eq!(nowhere.action, None);

    let foreign =
        "arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/abcdef123456";
    let other_account = run(
        &doctor,
        &request(&[CheckId::Profile], Some(foreign), None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(
        other_account.status,
        CheckStatus::Fail,
        "{other_account:#?}"
    );
    assert_eq!(
        other_account.finding,
        format!("{foreign} belongs to account 123456789012; Strata acts as account {ACCOUNT}.")
    );
    assert_eq!(
        detail(&other_account, "your account"),
        format!("your account: {ACCOUNT}")
    );
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn a_region_without_application_profiles_points_to_the_region_with_the_most() {
    let world = World::new(Seed::Empty).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    let none = run(
        &doctor,
        &request(&[CheckId::Profile], None, None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(none.status, CheckStatus::Warn, "{none:#?}");
    assert_eq!(
        none.finding,
        "No application profiles in ap-northeast-1 or any other Bedrock region of this account."
    );
    assert!(none
        .fix
        .as_deref()
        .unwrap()
        .contains("strata profiles create"));

    world.profile(VIRGINIA, "virginia-a", &[]).await;
    world.profile(VIRGINIA, "virginia-b", &[]).await;
    world.profile(FRANKFURT, "frankfurt-a", &[]).await;
    let elsewhere = run(
        &doctor,
        &request(&[CheckId::Profile], None, None),
        CheckId::Profile,
    )
    .await;
    assert_eq!(elsewhere.status, CheckStatus::Fail, "{elsewhere:#?}");
    assert_eq!(
        elsewhere.finding,
        "No application profiles in ap-northeast-1, but 1 in eu-central-1, 2 in us-east-1."
    );
    assert_eq!(
        elsewhere.action,
        Some(FixAction::SwitchRegion {
            region: VIRGINIA.to_owned()
        })
    );
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn list_inference_profiles_denied_is_named_with_the_statement_that_grants_it() {
    let world = World::new(Seed::Demo).await;
    world.deny(&["bedrock:ListInferenceProfiles"]);
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    let events = std::sync::Mutex::new(Vec::new());
    let report = doctor
        .run(
            &request(&[CheckId::Profile, CheckId::Permissions], None, None),
            |e| events.lock().unwrap().push(e),
        )
        .await
        .unwrap();
    let events = events.into_inner().unwrap();
    assert_eq!(
        events[0],
        DoctorEvent::Started {
            checks: vec![CheckId::Profile, CheckId::Permissions]
        }
    );
    assert_eq!(events.len(), 3, "{events:#?}");

    let permissions = report.get(CheckId::Permissions).unwrap();
    assert_eq!(permissions.status, CheckStatus::Fail, "{permissions:#?}");
    assert_eq!(
        permissions.finding,
        "Denied to your AWS identity: bedrock:ListInferenceProfiles."
    );
    assert_eq!(
        policy_actions(permissions),
        ["bedrock:ListInferenceProfiles"]
    );
    assert!(detail(permissions, "bedrock:ListInferenceProfiles:").contains("AccessDenied"));
    // The others were asked and allowed.
    assert!(detail(permissions, "bedrock:ListFoundationModels:").contains("allowed"));
    assert!(detail(permissions, "bedrock:CreateInferenceProfile:").contains("simulated: allowed"));

    let profile = report.get(CheckId::Profile).unwrap();
    assert_eq!(profile.status, CheckStatus::Fail, "{profile:#?}");
    assert!(
        profile
            .finding
            .contains("bedrock:ListInferenceProfiles is denied"),
        "{profile:#?}"
    );
    assert_eq!(policy_actions(profile), ["bedrock:ListInferenceProfiles"]);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn every_action_allowed_passes_and_a_denied_mutation_is_found_by_the_simulation() {
    let world = World::new(Seed::Demo).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    let all = run(
        &doctor,
        &request(&[CheckId::Permissions], None, None),
        CheckId::Permissions,
    )
    .await;
    assert_eq!(all.status, CheckStatus::Pass, "{all:#?}");
    assert_eq!(all.finding, "All 20 IAM actions Strata uses are allowed.");
    assert_eq!(all.policy, None);

    world.deny(&[
        "bedrock:CreateInferenceProfile",
        "cloudwatch:PutMetricAlarm",
    ]);
    world.emulator.clear_requests();
    let denied = run(
        &doctor,
        &request(&[CheckId::Permissions], None, None),
        CheckId::Permissions,
    )
    .await;
    assert_eq!(denied.status, CheckStatus::Fail, "{denied:#?}");
    assert_eq!(
        denied.finding,
        "Denied to your AWS identity: bedrock:CreateInferenceProfile, cloudwatch:PutMetricAlarm."
    );
    assert_eq!(
        policy_actions(&denied),
        [
            "bedrock:CreateInferenceProfile",
            "cloudwatch:PutMetricAlarm"
        ]
    );
    assert_eq!(
        detail(&denied, "bedrock:CreateInferenceProfile:"),
        "bedrock:CreateInferenceProfile: denied (simulated: implicitDeny)"
    );
    assert_eq!(
        detail(&denied, "simulated for"),
        format!("simulated for arn:aws:iam::{ACCOUNT}:user/emulator-user")
    );
    // Never a mutation, an invocation or a Cost Explorer call to find out.
    let operations: Vec<String> = world
        .emulator
        .requests()
        .into_iter()
        .map(|r| r.operation)
        .collect();
    for never in [
        "CreateInferenceProfile",
        "PutMetricAlarm",
        "InvokeModel",
        "Converse",
        "GetCostAndUsage",
        "ListCostAllocationTags",
    ] {
        assert!(
            !operations.iter().any(|o| o == never),
            "{never} in {operations:?}"
        );
    }
    assert!(operations.iter().any(|o| o == "SimulatePrincipalPolicy"));
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn a_denied_simulation_leaves_the_mutations_not_checked_never_allowed() {
    let world = World::new(Seed::Demo).await;
    world.deny(&["iam:SimulatePrincipalPolicy"]);
    let tokyo = world.catalog(TOKYO);
    let check = run(
        &world.doctor(&tokyo),
        &request(&[CheckId::Permissions], None, None),
        CheckId::Permissions,
    )
    .await;
    assert_eq!(check.status, CheckStatus::Warn, "{check:#?}");
    assert!(
        check
            .finding
            .starts_with("6 of 20 actions allowed; not checked: bedrock:GetFoundationModel, bedrock:CreateInferenceProfile"),
        "{check:#?}"
    );
    let create = detail(&check, "bedrock:CreateInferenceProfile:");
    assert!(create.contains("not checked"), "{create}");
    assert!(
        create.contains("iam:SimulatePrincipalPolicy is denied"),
        "{create}"
    );
    assert!(!create.contains("allowed"), "{create}");
    assert_eq!(check.policy, None);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn a_profile_only_model_fails_and_names_the_system_profile_to_copy() {
    let world = World::new(Seed::Empty).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    let opus = run(
        &doctor,
        &request(&[CheckId::ModelSource], None, Some(OPUS_45)),
        CheckId::ModelSource,
    )
    .await;
    assert_eq!(opus.status, CheckStatus::Fail, "{opus:#?}");
    assert!(
        opus.finding
            .starts_with(&format!("{OPUS_45} cannot be copied in ap-northeast-1: Offered only through cross-region profiles")),
        "{opus:#?}"
    );
    let fix = opus.fix.as_deref().unwrap();
    assert!(fix.contains(&format!("global.{OPUS_45}")), "{fix}");

    let haiku = run(
        &doctor,
        &request(&[CheckId::ModelSource], None, Some(HAIKU)),
        CheckId::ModelSource,
    )
    .await;
    assert_eq!(haiku.status, CheckStatus::Pass, "{haiku:#?}");
    assert_eq!(
        haiku.finding,
        format!("{HAIKU} (foundation model) can be copied in ap-northeast-1.")
    );
    assert!(haiku
        .details
        .iter()
        .any(|d| d.starts_with("model access: not checked")));

    let skipped = run(
        &doctor,
        &request(&[CheckId::ModelSource], None, None),
        CheckId::ModelSource,
    )
    .await;
    assert_eq!(skipped.status, CheckStatus::Skipped);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn a_tag_key_not_activated_warns_with_the_activation_and_passes_once_active() {
    let world = World::new(Seed::Empty).await;
    let tokyo = world.catalog(TOKYO);
    let doctor = world.doctor(&tokyo);
    world.profile(TOKYO, "untagged-haiku", &[]).await;
    let untagged = run(
        &doctor,
        &request(&[CheckId::Tags], Some("untagged-haiku"), None),
        CheckId::Tags,
    )
    .await;
    assert_eq!(untagged.status, CheckStatus::Warn, "{untagged:#?}");
    assert_eq!(
        untagged.finding,
        "No tags on untagged-haiku: their costs cannot be split by project or team."
    );

    world
        .profile(TOKYO, "alpha-haiku", &[("Project", "Alpha")])
        .await;
    world.turn(&tokyo, "alpha-haiku").await;
    let inactive = run(
        &doctor,
        &request(&[CheckId::Tags], Some("alpha-haiku"), None),
        CheckId::Tags,
    )
    .await;
    assert_eq!(inactive.status, CheckStatus::Warn, "{inactive:#?}");
    assert!(
        inactive
            .finding
            .starts_with("Not activated for cost allocation: Project;"),
        "{inactive:#?}"
    );
    assert_eq!(
        inactive.action,
        Some(FixAction::ActivateCostTags {
            keys: vec!["Project".to_owned()]
        })
    );
    assert!(inactive.fix.as_deref().unwrap().contains("24 hours"));

    let costs = Costs::new(
        tokyo.clone(),
        world.ledger.clone(),
        Arc::new(BilledCache::in_memory()),
    );
    costs.activate_tags(&["Project".to_owned()]).await.unwrap();
    let active = run(
        &doctor,
        &request(&[CheckId::Tags], Some("alpha-haiku"), None),
        CheckId::Tags,
    )
    .await;
    assert_eq!(active.status, CheckStatus::Pass, "{active:#?}");
    assert_eq!(
        active.finding,
        "Every tag key is active for cost allocation: Project."
    );
    assert_eq!(active.action, None);
    world.emulator.shutdown().await;
}
