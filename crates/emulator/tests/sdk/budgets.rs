//! AWS Budgets through aws-sdk-budgets: a budget for one tag value spends what its tagged calls
//! cost (once the tag is activated), with its notifications, subscribers and tags; paging,
//! duplicates, unknown names, validation and another account's id; kept across a restart.
// CostFilters is what the guide uses and the emulator serves; the SDK deprecates it.
#![allow(deprecated)]

use aws_sdk_budgets::types::{
    Budget, BudgetType, ComparisonOperator, Notification, NotificationState, NotificationType,
    NotificationWithSubscribers, ResourceTag, Spend, Subscriber, SubscriptionType, ThresholdType,
    TimeUnit,
};
use aws_sdk_costexplorer::types::{CostAllocationTagStatus, CostAllocationTagStatusEntry};
use bedrock_emulator::{EmulatorConfig, EmulatorHandle, Seed, DEFAULT_ACCOUNT_ID};

use crate::common::*;
use crate::cost_explorer::{billed_profile, ce};

pub(crate) fn budgets(emulator: &EmulatorHandle) -> aws_sdk_budgets::Client {
    aws_sdk_budgets::Client::new(&services(emulator, VIRGINIA))
}

fn budget(name: &str, amount: &str, filter: Option<&str>) -> Budget {
    let mut b = Budget::builder()
        .budget_name(name)
        .budget_limit(Spend::builder().amount(amount).unit("USD").build().unwrap())
        .time_unit(TimeUnit::Monthly)
        .budget_type(BudgetType::Cost);
    if let Some(filter) = filter {
        b = b.cost_filters("TagKeyValue", vec![filter.to_owned()]);
    }
    b.build().unwrap()
}

fn notification(threshold: f64) -> Notification {
    Notification::builder()
        .notification_type(NotificationType::Actual)
        .comparison_operator(ComparisonOperator::GreaterThan)
        .threshold(threshold)
        .threshold_type(ThresholdType::Percentage)
        .build()
        .unwrap()
}

fn email(address: &str) -> Subscriber {
    Subscriber::builder()
        .subscription_type(SubscriptionType::Email)
        .address(address)
        .build()
        .unwrap()
}

fn with_email(threshold: f64, address: &str) -> NotificationWithSubscribers {
    NotificationWithSubscribers::builder()
        .notification(notification(threshold))
        .subscribers(email(address))
        .build()
        .unwrap()
}

async fn actual(client: &aws_sdk_budgets::Client, name: &str) -> f64 {
    let described = client
        .describe_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name(name)
        .send()
        .await
        .unwrap()
        .budget
        .unwrap();
    described
        .calculated_spend
        .unwrap()
        .actual_spend
        .unwrap()
        .amount
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_project_budget_spends_what_its_tagged_calls_cost_once_the_tag_is_active() {
    let emulator = start(Seed::Empty).await;
    billed_profile(
        &emulator,
        "alpha",
        &[("Project", "Alpha")],
        "first alpha turn",
    )
    .await;
    billed_profile(&emulator, "beta", &[("Project", "Beta")], "a beta turn").await;
    let client = budgets(&emulator);
    client
        .create_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget(budget("alpha-monthly", "100", Some("user:Project$Alpha")))
        .notifications_with_subscribers(with_email(80.0, "alpha-lead@example.com"))
        .notifications_with_subscribers(with_email(100.0, "alpha-lead@example.com"))
        .resource_tags(
            ResourceTag::builder()
                .key("CreatedBy")
                .value("Strata")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // Inactive tags are not in the billing data, so the budget sees nothing yet.
    assert_eq!(actual(&client, "alpha-monthly").await, 0.0);
    ce(&emulator)
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(
            CostAllocationTagStatusEntry::builder()
                .tag_key("Project")
                .status(CostAllocationTagStatus::Active)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let records = emulator.cost_records();
    let alpha: f64 = records
        .iter()
        .filter(|r| r.tags.get("Project").map(String::as_str) == Some("Alpha"))
        .filter_map(|r| r.cost_usd)
        .sum();
    let all: f64 = records.iter().filter_map(|r| r.cost_usd).sum();
    assert!(alpha > 0.0 && alpha < all, "alpha {alpha} of {all}");
    let spent = actual(&client, "alpha-monthly").await;
    assert!((spent - alpha).abs() < 1e-9, "{spent} vs {alpha}");

    let described = client
        .describe_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("alpha-monthly")
        .send()
        .await
        .unwrap()
        .budget
        .unwrap();
    assert_eq!(described.budget_limit.unwrap().amount, "100");
    assert_eq!(described.time_unit, TimeUnit::Monthly);
    assert_eq!(
        described.cost_filters.unwrap().get("TagKeyValue").unwrap(),
        &vec!["user:Project$Alpha".to_owned()]
    );

    let notifications = client
        .describe_notifications_for_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("alpha-monthly")
        .send()
        .await
        .unwrap()
        .notifications
        .unwrap();
    let thresholds: Vec<f64> = notifications.iter().map(|n| n.threshold).collect();
    assert_eq!(thresholds, [80.0, 100.0]);
    // Cents of spend are far below 80% of $100.
    assert!(notifications
        .iter()
        .all(|n| n.notification_state == Some(NotificationState::Ok)));
    let subscribers = client
        .describe_subscribers_for_notification()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("alpha-monthly")
        .notification(notification(80.0))
        .send()
        .await
        .unwrap()
        .subscribers
        .unwrap();
    assert_eq!(subscribers, vec![email("alpha-lead@example.com")]);
    let tags = client
        .list_tags_for_resource()
        .resource_arn(format!(
            "arn:aws:budgets::{DEFAULT_ACCOUNT_ID}:budget/alpha-monthly"
        ))
        .send()
        .await
        .unwrap()
        .resource_tags
        .unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!((tags[0].key(), tags[0].value()), ("CreatedBy", "Strata"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_notification_past_its_threshold_is_in_alarm() {
    let emulator = start(Seed::Empty).await;
    billed_profile(&emulator, "alpha", &[("Project", "Alpha")], "an alpha turn").await;
    ce(&emulator)
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(
            CostAllocationTagStatusEntry::builder()
                .tag_key("Project")
                .status(CostAllocationTagStatus::Active)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let client = budgets(&emulator);
    // A limit of a millionth of a dollar: one turn is far past 100% of it.
    client
        .create_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget(budget("tiny", "0.000001", Some("user:Project$Alpha")))
        .notifications_with_subscribers(with_email(100.0, "a@example.com"))
        .send()
        .await
        .unwrap();
    let notifications = client
        .describe_notifications_for_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("tiny")
        .send()
        .await
        .unwrap()
        .notifications
        .unwrap();
    assert_eq!(
        notifications[0].notification_state,
        Some(NotificationState::Alarm)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn budgets_page_refuse_duplicates_and_unknown_names() {
    let emulator = start(Seed::Empty).await;
    let client = budgets(&emulator);
    for name in ["a", "b", "c"] {
        client
            .create_budget()
            .account_id(DEFAULT_ACCOUNT_ID)
            .budget(budget(name, "10", None))
            .send()
            .await
            .unwrap();
    }
    let dup = client
        .create_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget(budget("b", "20", None))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(dup.is_duplicate_record_exception(), "{dup:?}");

    let first = client
        .describe_budgets()
        .account_id(DEFAULT_ACCOUNT_ID)
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<String> = first
        .budgets()
        .iter()
        .map(|b| b.budget_name.clone())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let rest = client
        .describe_budgets()
        .account_id(DEFAULT_ACCOUNT_ID)
        .max_results(2)
        .next_token(first.next_token.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.budgets()[0].budget_name, "c");
    assert!(rest.next_token.is_none());
    let bad_token = client
        .describe_budgets()
        .account_id(DEFAULT_ACCOUNT_ID)
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_token.is_invalid_next_token_exception(), "{bad_token:?}");

    client
        .delete_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("b")
        .send()
        .await
        .unwrap();
    let gone = client
        .describe_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("b")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_not_found_exception(), "{gone:?}");
    let again = client
        .delete_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("b")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(again.is_not_found_exception(), "{again:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn budgets_are_validated_as_aws_does() {
    let emulator = start(Seed::Empty).await;
    let client = budgets(&emulator);
    let create = |b: Budget| {
        client
            .create_budget()
            .account_id(DEFAULT_ACCOUNT_ID)
            .budget(b)
    };
    for (b, wanted) in [
        (budget("a:b", "10", None), "budgetName"),
        (budget("ok", "ten", None), "budget.budgetLimit.amount"),
        (budget("ok", "0", None), "greater than 0"),
        (budget("ok", "10", Some("Project=Alpha")), "user:KEY$VALUE"),
    ] {
        let e = create(b).send().await.unwrap_err().into_service_error();
        assert!(e.is_invalid_parameter_exception(), "{e:?}");
        assert!(e.to_string().contains(wanted), "{e} should name {wanted}");
    }
    let bad_email = create(budget("ok", "10", None))
        .notifications_with_subscribers(with_email(80.0, "not-an-address"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_email.is_invalid_parameter_exception(), "{bad_email:?}");
    let duplicate_notification = create(budget("ok", "10", None))
        .notifications_with_subscribers(with_email(80.0, "a@example.com"))
        .notifications_with_subscribers(with_email(80.0, "b@example.com"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        duplicate_notification.is_duplicate_record_exception(),
        "{duplicate_notification:?}"
    );
    let other = client
        .describe_budgets()
        .account_id("999999999999")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(other.is_access_denied_exception(), "{other:?}");
    // Nothing above was created.
    let listed = client
        .describe_budgets()
        .account_id(DEFAULT_ACCOUNT_ID)
        .send()
        .await
        .unwrap();
    assert!(listed.budgets().is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn budgets_and_alarms_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    budgets(&emulator)
        .create_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget(budget("kept", "42.5", Some("user:Project$Alpha")))
        .notifications_with_subscribers(with_email(90.0, "kept@example.com"))
        .send()
        .await
        .unwrap();
    crate::alarms::put_guide_alarm(
        &crate::alarms::cloudwatch(&emulator, VIRGINIA),
        "kept-alarm",
    )
    .await;
    emulator.shutdown().await;
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    let client = budgets(&emulator);
    let described = client
        .describe_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("kept")
        .send()
        .await
        .unwrap()
        .budget
        .unwrap();
    assert_eq!(described.budget_limit.unwrap().amount, "42.5");
    let notifications = client
        .describe_notifications_for_budget()
        .account_id(DEFAULT_ACCOUNT_ID)
        .budget_name("kept")
        .send()
        .await
        .unwrap()
        .notifications
        .unwrap();
    assert_eq!(notifications.len(), 1);
    let alarms = crate::alarms::cloudwatch(&emulator, VIRGINIA)
        .describe_alarms()
        .alarm_names("kept-alarm")
        .send()
        .await
        .unwrap()
        .metric_alarms
        .unwrap();
    assert_eq!(alarms.len(), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_state_file_from_before_budgets_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(
        &path,
        format!(
            r#"{{"format":"bedrock-emulator-state","version":1,"accountId":"{DEFAULT_ACCOUNT_ID}","regions":{{}}}}"#
        ),
    )
    .unwrap();
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    let listed = budgets(&emulator)
        .describe_budgets()
        .account_id(DEFAULT_ACCOUNT_ID)
        .send()
        .await
        .unwrap();
    assert!(listed.budgets().is_empty());
    emulator.shutdown().await;
}
