//! GetCostAndUsage through aws-sdk-costexplorer over calls billed by the emulator: tag groups
//! appear only once the key is activated, then with each value's own spend.

use aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageOutput;
use aws_sdk_costexplorer::types::{
    CostAllocationTagStatus, CostAllocationTagStatusEntry, DateInterval, Dimension,
    DimensionValues, Expression, Granularity, GroupDefinition, GroupDefinitionType,
};
use bedrock_emulator::Seed;

use crate::common::*;
use crate::cost_explorer::{billed_profile, ce};

/// Billing's "today" in these tests: set, so that no test straddles midnight UTC (and a leap
/// day, so that the periods cross a month's end).
const BILLING_DAY: (i32, time::Month, u8) = (2024, time::Month::February, 29);

/// The day `offset` days from billing's "today".
fn day(offset: i64) -> String {
    let (y, m, d) = BILLING_DAY;
    let d = time::Date::from_calendar_date(y, m, d).unwrap() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// An emulator without profiles whose billing "today" is [`BILLING_DAY`].
async fn start_on_billing_day() -> bedrock_emulator::EmulatorHandle {
    start_with(bedrock_emulator::EmulatorConfig::for_tests(Seed::Empty).with_billing_today(day(0)))
        .await
}

fn by_tag(key: &str) -> GroupDefinition {
    GroupDefinition::builder()
        .r#type(GroupDefinitionType::Tag)
        .key(key)
        .build()
}

fn by_service() -> GroupDefinition {
    GroupDefinition::builder()
        .r#type(GroupDefinitionType::Dimension)
        .key("SERVICE")
        .build()
}

async fn usage(
    client: &aws_sdk_costexplorer::Client,
    granularity: Granularity,
    groups: Vec<GroupDefinition>,
    filter: Option<Expression>,
) -> GetCostAndUsageOutput {
    client
        .get_cost_and_usage()
        .time_period(
            DateInterval::builder()
                .start(day(-1))
                .end(day(1))
                .build()
                .unwrap(),
        )
        .granularity(granularity)
        .metrics("BlendedCost")
        .metrics("UsageQuantity")
        .set_group_by(Some(groups))
        .set_filter(filter)
        .send()
        .await
        .unwrap()
}

/// `(keys, BlendedCost amount, unit)` of every group of every period.
fn groups(out: &GetCostAndUsageOutput) -> Vec<(Vec<String>, f64, String)> {
    out.results_by_time()
        .iter()
        .flat_map(|r| r.groups())
        .map(|g| {
            let cost = &g.metrics.as_ref().unwrap()["BlendedCost"];
            (
                g.keys().to_vec(),
                cost.amount.as_deref().unwrap().parse().unwrap(),
                cost.unit.clone().unwrap(),
            )
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[tokio::test]
async fn tag_groups_appear_once_activated_with_each_projects_spend() {
    let emulator = start_on_billing_day().await;
    billed_profile(
        &emulator,
        "alpha",
        &[("Project", "Alpha")],
        "Alpha's long question here",
    )
    .await;
    billed_profile(&emulator, "beta", &[("Project", "Beta")], "Beta").await;
    let records = emulator.cost_records();
    let alpha: f64 = records[0].cost_usd.unwrap();
    let beta: f64 = records[1].cost_usd.unwrap();
    assert!(alpha > beta && beta > 0.0);
    let client = ce(&emulator);

    // Inactive: all the spend is "without the tag".
    let before = usage(&client, Granularity::Monthly, vec![by_tag("Project")], None).await;
    let seen = groups(&before);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].0, ["Project$"]);
    assert!(close(seen[0].1, alpha + beta));
    assert_eq!(seen[0].2, "USD");

    client
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
    let filter = Expression::builder()
        .dimensions(
            DimensionValues::builder()
                .key(Dimension::Service)
                .values("Claude 3 Haiku (Amazon Bedrock Edition)")
                .build(),
        )
        .build();
    let after = usage(
        &client,
        Granularity::Monthly,
        vec![by_service(), by_tag("Project")],
        Some(filter),
    )
    .await;
    let seen = groups(&after);
    let keys: Vec<Vec<String>> = seen.iter().map(|g| g.0.clone()).collect();
    assert_eq!(
        keys,
        [
            vec![
                "Claude 3 Haiku (Amazon Bedrock Edition)".to_owned(),
                "Project$Alpha".to_owned()
            ],
            vec![
                "Claude 3 Haiku (Amazon Bedrock Edition)".to_owned(),
                "Project$Beta".to_owned()
            ],
        ]
    );
    assert!(
        close(seen[0].1, alpha) && close(seen[1].1, beta),
        "{seen:?}"
    );
    assert_eq!(after.group_definitions().len(), 2);

    // Another service's filter matches nothing; DAILY has one period per day, today's holding it all.
    let none = usage(
        &client,
        Granularity::Daily,
        vec![by_tag("Project")],
        Some(
            Expression::builder()
                .dimensions(
                    DimensionValues::builder()
                        .key(Dimension::Service)
                        .values("Amazon Bedrock")
                        .build(),
                )
                .build(),
        ),
    )
    .await;
    assert!(groups(&none).is_empty());
    let daily = usage(&client, Granularity::Daily, vec![], None).await;
    let periods: Vec<(&str, &str)> = daily
        .results_by_time()
        .iter()
        .map(|r| {
            let p = r.time_period.as_ref().unwrap();
            (p.start.as_str(), p.end.as_str())
        })
        .collect();
    let (yesterday, today, tomorrow) = (day(-1), day(0), day(1));
    assert_eq!(
        periods,
        [
            (yesterday.as_str(), today.as_str()),
            (today.as_str(), tomorrow.as_str())
        ]
    );
    let totals: Vec<f64> = daily
        .results_by_time()
        .iter()
        .map(|r| {
            r.total.as_ref().unwrap()["BlendedCost"]
                .amount
                .as_deref()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(totals[0], 0.0);
    assert!(close(totals[1], alpha + beta));
    let tokens: u64 = records
        .iter()
        .map(|r| r.input_tokens + r.output_tokens)
        .sum();
    assert_eq!(
        daily.results_by_time()[1].total.as_ref().unwrap()["UsageQuantity"]
            .amount
            .as_deref(),
        Some(tokens.to_string().as_str())
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn requests_are_validated_as_cost_explorer_does() {
    let emulator = start(Seed::Empty).await;
    let client = ce(&emulator);
    let period = |start: &str, end: &str| {
        DateInterval::builder()
            .start(start)
            .end(end)
            .build()
            .unwrap()
    };
    let backwards = client
        .get_cost_and_usage()
        .time_period(period("2026-02-01", "2026-01-01"))
        .granularity(Granularity::Monthly)
        .metrics("BlendedCost")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(backwards.meta().code(), Some("ValidationException"));
    assert_eq!(
        backwards.meta().message(),
        Some("Start date (and hour) should be before end date (and hour)")
    );
    let bad_metric = client
        .get_cost_and_usage()
        .time_period(period("2026-01-01", "2026-02-01"))
        .granularity(Granularity::Monthly)
        .metrics("Dollars")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        bad_metric
            .meta()
            .message()
            .unwrap()
            .contains("'Metrics' failed to satisfy constraint"),
        "{bad_metric:?}"
    );
    let three = client
        .get_cost_and_usage()
        .time_period(period("2026-01-01", "2026-02-01"))
        .granularity(Granularity::Monthly)
        .metrics("BlendedCost")
        .group_by(by_service())
        .group_by(by_tag("A"))
        .group_by(by_tag("B"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        three.meta().code(),
        Some("ValidationException"),
        "{three:?}"
    );
    // MONTHLY periods are cut at month ends and at End.
    let months = client
        .get_cost_and_usage()
        .time_period(period("2026-01-15", "2026-03-10"))
        .granularity(Granularity::Monthly)
        .metrics("BlendedCost")
        .send()
        .await
        .unwrap();
    let cuts: Vec<(String, String)> = months
        .results_by_time()
        .iter()
        .map(|r| {
            let p = r.time_period.as_ref().unwrap();
            (p.start.clone(), p.end.clone())
        })
        .collect();
    assert_eq!(
        cuts,
        [
            ("2026-01-15".to_owned(), "2026-02-01".to_owned()),
            ("2026-02-01".to_owned(), "2026-03-01".to_owned()),
            ("2026-03-01".to_owned(), "2026-03-10".to_owned()),
        ]
    );
    let amount = months.results_by_time()[0].total.as_ref().unwrap()["BlendedCost"].clone();
    assert_eq!(
        (amount.amount.as_deref(), amount.unit.as_deref()),
        (Some("0"), Some("USD"))
    );
    emulator.shutdown().await;
}

/// `(start, total BlendedCost, Estimated)` of each DAILY period from `from` to `to`.
async fn daily_totals(
    client: &aws_sdk_costexplorer::Client,
    from: &str,
    to: &str,
) -> Vec<(String, f64, bool)> {
    let out = client
        .get_cost_and_usage()
        .time_period(DateInterval::builder().start(from).end(to).build().unwrap())
        .granularity(Granularity::Daily)
        .metrics("BlendedCost")
        .send()
        .await
        .unwrap();
    out.results_by_time()
        .iter()
        .map(|r| {
            let cost = r.total.as_ref().unwrap()["BlendedCost"]
                .amount
                .as_deref()
                .unwrap()
                .parse()
                .unwrap();
            (
                r.time_period.as_ref().unwrap().start.clone(),
                cost,
                r.estimated(),
            )
        })
        .collect()
}

#[tokio::test]
async fn calls_are_billed_on_the_set_billing_day_which_the_admin_api_can_move() {
    let emulator = start_on_billing_day().await;
    billed_profile(&emulator, "alpha", &[("Project", "Alpha")], "First day").await;
    let (status, billing) = admin(&emulator, "GET", "/_emulator/billing", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        billing,
        serde_json::json!({"delayMs": 0, "today": "2024-02-29"})
    );
    // The next day, by the admin API: later calls are billed on it, earlier ones stay put.
    let (status, _) = admin(
        &emulator,
        "PUT",
        "/_emulator/billing",
        r#"{"delayMs": 0, "today": "2024-03-01"}"#,
    )
    .await;
    assert_eq!(status, 200);
    runtime(&emulator, TOKYO)
        .converse()
        .model_id(HAIKU)
        .messages(user("Second day"))
        .send()
        .await
        .unwrap();
    let records = emulator.cost_records();
    let days: Vec<&str> = records.iter().map(|r| r.day.as_str()).collect();
    assert_eq!(days, ["2024-02-29", "2024-03-01"]);
    let (first, second) = (records[0].cost_usd.unwrap(), records[1].cost_usd.unwrap());
    assert!(first > 0.0 && second > 0.0);
    let client = ce(&emulator);
    let totals = daily_totals(&client, "2024-02-28", "2024-03-03").await;
    // Only billing's "today" is still an estimate.
    assert_eq!(
        totals,
        [
            ("2024-02-28".to_owned(), 0.0, false),
            ("2024-02-29".to_owned(), first, false),
            ("2024-03-01".to_owned(), second, true),
            ("2024-03-02".to_owned(), 0.0, false),
        ]
    );
    // Not a date: refused, and the setting is unchanged.
    let (status, body) = admin(
        &emulator,
        "PUT",
        "/_emulator/billing",
        r#"{"today": "2024-02-30"}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("2024-02-30"));
    assert_eq!(emulator.billing().today.as_deref(), Some("2024-03-01"));
    assert!(emulator
        .set_billing(bedrock_emulator::Billing {
            delay: std::time::Duration::ZERO,
            today: Some("29/02/2024".into()),
        })
        .is_err());
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_impossible_billing_day_stops_the_start() {
    let started = bedrock_emulator::Emulator::start(
        bedrock_emulator::EmulatorConfig::for_tests(Seed::Empty).with_billing_today("2023-02-29"),
    )
    .await;
    let Err(refused) = started else {
        panic!("2023 has no 29 February, yet the emulator started");
    };
    assert!(refused.to_string().contains("2023-02-29"), "{refused}");
}

#[tokio::test]
async fn calls_younger_than_the_billing_delay_are_not_billed_yet() {
    let emulator = start_with(
        bedrock_emulator::EmulatorConfig::for_tests(Seed::Empty)
            .with_billing_today(day(0))
            .with_billing_delay(std::time::Duration::from_secs(48 * 3600)),
    )
    .await;
    billed_profile(
        &emulator,
        "alpha",
        &[("Project", "Alpha")],
        "Not billed yet",
    )
    .await;
    let cost = emulator.cost_records()[0].cost_usd.unwrap();
    assert!(cost > 0.0);
    let client = ce(&emulator);
    let (from, to) = (day(0), day(1));
    // Recorded, but 48 hours have not passed: Cost Explorer shows nothing yet.
    assert_eq!(
        daily_totals(&client, &from, &to).await,
        [(from.clone(), 0.0, true)]
    );
    let (status, billing) = admin(&emulator, "GET", "/_emulator/billing", "").await;
    assert_eq!(status, 200);
    assert_eq!(billing["delayMs"], 48 * 3600 * 1000);
    // No delay any more: the same call is billed, nothing was lost.
    let (status, _) = admin(
        &emulator,
        "PUT",
        "/_emulator/billing",
        &format!(r#"{{"delayMs": 0, "today": "{from}"}}"#),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        daily_totals(&client, &from, &to).await,
        [(from.clone(), cost, true)]
    );
    emulator.shutdown().await;
}
