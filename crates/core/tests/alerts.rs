//! Alerts against the emulator over real HTTP: a budget for Project=Alpha is created, listed
//! with its tag, thresholds, e-mails and the spend AWS calculated, and deleted; a duplicate name
//! is a conflict; bad drafts are refused before any request; the billing alarm lands in
//! us-east-1 whatever the connection's region; a denied call names its action and the policy.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::costs::{
    AlertKind, BilledCache, BillingAlarmDraft, BudgetDraft, Costs, ALERTS_POLICY,
};
use strata_core::ledger::UsageLedger;
use strata_core::{CatalogService, DemoBedrock, ErrorKind, RunMode, Settings, Tag};

const TOKYO: &str = "ap-northeast-1";

async fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap()
}

struct Fixture {
    costs: Costs,
    catalog: Arc<CatalogService>,
    _dir: tempfile::TempDir,
}

fn costs(emu: &EmulatorHandle) -> Fixture {
    let catalog = Arc::new(CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        Settings {
            region: Some(TOKYO.to_owned()),
            enable_inference_profiles: true,
            ..Settings::default()
        },
        None,
        DemoBedrock::external(emu.endpoint()),
    ));
    let dir = tempfile::tempdir().unwrap();
    Fixture {
        costs: Costs::new(
            catalog.clone(),
            UsageLedger::new(dir.path().join("strata.db")),
            Arc::new(BilledCache::in_memory()),
        ),
        catalog,
        _dir: dir,
    }
}

fn alpha() -> Tag {
    Tag {
        key: "Project".into(),
        value: "Alpha".into(),
    }
}

fn alpha_draft(name: &str) -> BudgetDraft {
    BudgetDraft {
        name: name.into(),
        monthly_usd: 100.0,
        tag: Some(alpha()),
        emails: vec!["alpha-lead@example.com".into()],
        thresholds_percent: vec![],
    }
}

/// One Converse turn through the demo's Project=Alpha profile, and Project activated for cost
/// allocation (as the Costs screen's Activate does), so that Budgets sees the spend.
async fn alpha_turn_billed(fixture: &Fixture) {
    let session = fixture.catalog.session().await.unwrap();
    let config = session.services_config();
    let bedrock = aws_sdk_bedrock::Client::new(&config);
    let arn = bedrock
        .list_inference_profiles()
        .type_equals(aws_sdk_bedrock::types::InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap()
        .into_iter()
        .find(|p| p.inference_profile_name == "project-alpha-claude-sonnet")
        .unwrap()
        .inference_profile_arn;
    aws_sdk_bedrockruntime::Client::new(&config)
        .converse()
        .model_id(arn)
        .messages(
            aws_sdk_bedrockruntime::types::Message::builder()
                .role(aws_sdk_bedrockruntime::types::ConversationRole::User)
                .content(aws_sdk_bedrockruntime::types::ContentBlock::Text(
                    "What did Project Alpha spend?".into(),
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    aws_sdk_costexplorer::Client::new(&config)
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(
            aws_sdk_costexplorer::types::CostAllocationTagStatusEntry::builder()
                .tag_key("Project")
                .status(aws_sdk_costexplorer::types::CostAllocationTagStatus::Active)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_project_alpha_budget_is_listed_with_its_tag_thresholds_and_spend_then_deleted() {
    let emu = emulator().await;
    let f = costs(&emu);
    alpha_turn_billed(&f).await;
    let alpha_spend: f64 = emu
        .cost_records()
        .iter()
        .filter(|r| r.tags.get("Project").map(String::as_str) == Some("Alpha"))
        .filter_map(|r| r.cost_usd)
        .sum();
    // The demo's Alpha profile copies Claude 3.5 Sonnet, which the emulator prices (its Price
    // List publishes the same figure), so the budget has real spend to report.
    assert!(alpha_spend > 0.0, "Alpha's turn was billed {alpha_spend}");

    let created = f
        .costs
        .create_budget(&alpha_draft("project-alpha"))
        .await
        .unwrap();
    assert_eq!(created.kind, AlertKind::Budget);
    assert_eq!(created.tag, Some(alpha()));
    assert_eq!(created.limit_usd, 100.0);
    assert_eq!(created.thresholds_percent, [80.0, 100.0]);
    assert_eq!(created.emails, ["alpha-lead@example.com"]);
    assert!(
        created.scope.contains("Project = Alpha"),
        "{}",
        created.scope
    );
    let actual = created.actual_usd.unwrap();
    assert!(
        (actual - alpha_spend).abs() < 1e-9,
        "{actual} vs {alpha_spend}"
    );
    // The budget went to the account STS names, filtered by the cost allocation tag.
    let requests = emu.requests();
    assert!(requests.iter().any(|r| r.operation == "GetCallerIdentity"));
    assert!(requests
        .iter()
        .any(|r| r.operation == "CreateBudget" && r.status == 200));

    // A budget made elsewhere is not Strata's to list.
    let session = f.catalog.session().await.unwrap();
    aws_sdk_budgets::Client::new(&session.services_config())
        .create_budget()
        .account_id(bedrock_emulator::DEFAULT_ACCOUNT_ID)
        .budget(
            aws_sdk_budgets::types::Budget::builder()
                .budget_name("made-in-the-console")
                .budget_limit(
                    aws_sdk_budgets::types::Spend::builder()
                        .amount("5")
                        .unit("USD")
                        .build()
                        .unwrap(),
                )
                .time_unit(aws_sdk_budgets::types::TimeUnit::Monthly)
                .budget_type(aws_sdk_budgets::types::BudgetType::Cost)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let listed = f.costs.alerts().await.unwrap();
    assert_eq!(listed, vec![created.clone()]);

    let deleted = f.costs.delete_alert("project-alpha").await.unwrap();
    assert_eq!(deleted, created);
    assert!(f.costs.alerts().await.unwrap().is_empty());
    let again = f.costs.delete_alert("project-alpha").await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
    assert!(again.message().contains("project-alpha"), "{again:?}");
    // Not Strata's: not deleted either.
    let foreign = f
        .costs
        .delete_alert("made-in-the-console")
        .await
        .unwrap_err();
    assert_eq!(foreign.kind(), ErrorKind::NotFound);
    f.catalog.shutdown().await;
    emu.shutdown().await;
}

#[tokio::test]
async fn a_budget_without_a_tag_covers_the_bedrock_service_and_says_what_it_leaves_out() {
    let emu = emulator().await;
    let f = costs(&emu);
    let created = f
        .costs
        .create_budget(&BudgetDraft {
            tag: None,
            emails: vec![],
            ..alpha_draft("all-bedrock")
        })
        .await
        .unwrap();
    assert_eq!(created.tag, None);
    assert!(created.thresholds_percent.is_empty());
    assert!(created.scope.contains("Amazon Bedrock service"));
    assert!(created.scope.contains("Marketplace"));
    f.catalog.shutdown().await;
    emu.shutdown().await;
}

#[tokio::test]
async fn a_duplicate_name_is_a_conflict() {
    let emu = emulator().await;
    let f = costs(&emu);
    f.costs
        .create_budget(&alpha_draft("same-name"))
        .await
        .unwrap();
    let e = f
        .costs
        .create_budget(&alpha_draft("same-name"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e:?}");
    let alarm = BillingAlarmDraft {
        name: "same-alarm".into(),
        threshold_usd: 100.0,
    };
    f.costs.create_billing_alarm(&alarm).await.unwrap();
    let e = f.costs.create_billing_alarm(&alarm).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e:?}");
    assert_eq!(
        emu.requests()
            .iter()
            .filter(|r| r.operation == "PutMetricAlarm")
            .count(),
        1,
        "the existing alarm was not replaced"
    );
    f.catalog.shutdown().await;
    emu.shutdown().await;
}

#[tokio::test]
async fn bad_drafts_are_refused_before_any_request() {
    let emu = emulator().await;
    let f = costs(&emu);
    emu.clear_requests();
    for (draft, field) in [
        (
            BudgetDraft {
                name: "alpha:monthly".into(),
                ..alpha_draft("x")
            },
            "Budget name",
        ),
        (
            BudgetDraft {
                monthly_usd: 0.0,
                ..alpha_draft("x")
            },
            "Monthly limit",
        ),
        (
            BudgetDraft {
                emails: vec!["nobody".into()],
                ..alpha_draft("x")
            },
            "E-mail",
        ),
        (
            BudgetDraft {
                thresholds_percent: vec![-1.0],
                ..alpha_draft("x")
            },
            "Threshold",
        ),
    ] {
        let e = f.costs.create_budget(&draft).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(e.message().starts_with(field), "{e:?}");
    }
    let e = f
        .costs
        .create_billing_alarm(&BillingAlarmDraft {
            name: String::new(),
            threshold_usd: 100.0,
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(emu.requests(), vec![], "no request reached the emulator");
    f.catalog.shutdown().await;
    emu.shutdown().await;
}

#[tokio::test]
async fn the_billing_alarm_lands_in_us_east_1_and_says_it_covers_all_bedrock_spend() {
    let emu = emulator().await;
    let f = costs(&emu);
    let created = f
        .costs
        .create_billing_alarm(&BillingAlarmDraft {
            name: "Project-Alpha-Bedrock-Cost-Alert".into(),
            threshold_usd: 100.0,
        })
        .await
        .unwrap();
    assert_eq!(created.kind, AlertKind::BillingAlarm);
    assert_eq!(created.limit_usd, 100.0);
    assert!(
        created.scope.contains("no tag dimension"),
        "{}",
        created.scope
    );
    assert_eq!(created.state.as_deref(), Some("INSUFFICIENT_DATA"));
    let puts: Vec<String> = emu
        .requests()
        .into_iter()
        .filter(|r| r.operation == "PutMetricAlarm")
        .map(|r| r.region)
        .collect();
    assert_eq!(puts, ["us-east-1"], "the connection is in Tokyo");
    let listed = f.costs.alerts().await.unwrap();
    assert_eq!(listed, vec![created.clone()]);
    let deleted = f
        .costs
        .delete_alert("Project-Alpha-Bedrock-Cost-Alert")
        .await
        .unwrap();
    assert_eq!(deleted.kind, AlertKind::BillingAlarm);
    assert!(f.costs.alerts().await.unwrap().is_empty());
    f.catalog.shutdown().await;
    emu.shutdown().await;
}

#[tokio::test]
async fn a_denied_call_names_its_action_and_the_policy_statement() {
    let emu = emulator().await;
    emu.add_fault(Fault::Deny {
        actions: vec!["budgets:ModifyBudget".into()],
    })
    .unwrap();
    let f = costs(&emu);
    let e = f
        .costs
        .create_budget(&alpha_draft("denied"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(e.message().contains("budgets:ModifyBudget"), "{e:?}");
    assert!(e.hint().unwrap().contains(ALERTS_POLICY));
    emu.add_fault(Fault::Deny {
        actions: vec!["cloudwatch:DescribeAlarms".into()],
    })
    .unwrap();
    let e = f.costs.alerts().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(e.message().contains("cloudwatch:DescribeAlarms"), "{e:?}");
    f.catalog.shutdown().await;
    emu.shutdown().await;
}
