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

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
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
    let emulator = start(Seed::Empty).await;
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
