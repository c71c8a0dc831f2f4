//! CloudWatch alarms through aws-sdk-cloudwatch, which speaks RPC v2 CBOR: the guide's billing
//! alarm, evaluated on the emulator's own billing records; names, prefixes and paging; regions;
//! deletion; validation with the awsQuery error codes the SDK reads.

use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, StateValue, Statistic};
use bedrock_emulator::{EmulatorHandle, Seed};

use crate::common::*;

pub(crate) fn cloudwatch(emulator: &EmulatorHandle, region: &str) -> aws_sdk_cloudwatch::Client {
    aws_sdk_cloudwatch::Client::new(&services(emulator, region))
}

fn dimension(name: &str, value: &str) -> Dimension {
    Dimension::builder().name(name).value(value).build()
}

/// The user guide's alarm: EstimatedCharges > $100, daily, Bedrock's service name.
pub(crate) async fn put_guide_alarm(client: &aws_sdk_cloudwatch::Client, name: &str) {
    client
        .put_metric_alarm()
        .alarm_name(name)
        .alarm_description("Alert when Project Alpha Bedrock costs exceed threshold")
        .metric_name("EstimatedCharges")
        .namespace("AWS/Billing")
        .statistic(Statistic::Maximum)
        .period(86400)
        .threshold(100.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .dimensions(dimension("Currency", "USD"))
        .dimensions(dimension("ServiceName", "AmazonBedrock"))
        .evaluation_periods(1)
        .send()
        .await
        .unwrap();
}

async fn alarm(
    client: &aws_sdk_cloudwatch::Client,
    name: &str,
) -> aws_sdk_cloudwatch::types::MetricAlarm {
    let mut alarms = client
        .describe_alarms()
        .alarm_names(name)
        .send()
        .await
        .unwrap()
        .metric_alarms
        .unwrap();
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    alarms.remove(0)
}

#[tokio::test]
async fn the_guides_billing_alarm_is_described_as_put_and_watches_bedrock_spend() {
    let emulator = start(Seed::Empty).await;
    let client = cloudwatch(&emulator, VIRGINIA);
    put_guide_alarm(&client, "Project-Alpha-Bedrock-Cost-Alert").await;
    let described = alarm(&client, "Project-Alpha-Bedrock-Cost-Alert").await;
    assert_eq!(described.metric_name(), Some("EstimatedCharges"));
    assert_eq!(described.namespace(), Some("AWS/Billing"));
    assert_eq!(described.statistic(), Some(&Statistic::Maximum));
    assert_eq!(described.period(), Some(86400));
    assert_eq!(described.evaluation_periods(), Some(1));
    assert_eq!(described.threshold(), Some(100.0));
    assert_eq!(
        described.comparison_operator(),
        Some(&ComparisonOperator::GreaterThanThreshold)
    );
    assert_eq!(
        described.dimensions(),
        [
            dimension("Currency", "USD"),
            dimension("ServiceName", "AmazonBedrock")
        ]
    );
    assert_eq!(
        described.alarm_arn(),
        Some("arn:aws:cloudwatch:us-east-1:123456789012:alarm:Project-Alpha-Bedrock-Cost-Alert")
    );
    assert!(described.alarm_configuration_updated_timestamp().is_some());
    // No charges this month yet: the metric has no data.
    assert_eq!(described.state_value(), Some(&StateValue::InsufficientData));

    // Nova bills under "Amazon Bedrock" (ServiceName AmazonBedrock): charges of cents, under $100.
    runtime(&emulator, VIRGINIA)
        .converse()
        .model_id("amazon.nova-micro-v1:0")
        .messages(user("hello"))
        .send()
        .await
        .unwrap();
    let bedrock: f64 = emulator
        .cost_records()
        .iter()
        .filter(|r| r.service == "Amazon Bedrock")
        .filter_map(|r| r.cost_usd)
        .sum();
    assert!(bedrock > 0.0);
    assert_eq!(
        alarm(&client, "Project-Alpha-Bedrock-Cost-Alert")
            .await
            .state_value(),
        Some(&StateValue::Ok)
    );
    // A threshold below what was spent puts the alarm in ALARM.
    client
        .put_metric_alarm()
        .alarm_name("low")
        .metric_name("EstimatedCharges")
        .namespace("AWS/Billing")
        .statistic(Statistic::Maximum)
        .period(86400)
        .threshold(bedrock / 2.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .dimensions(dimension("Currency", "USD"))
        .dimensions(dimension("ServiceName", "AmazonBedrock"))
        .evaluation_periods(1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        alarm(&client, "low").await.state_value(),
        Some(&StateValue::Alarm)
    );
    let in_alarm = client
        .describe_alarms()
        .state_value(StateValue::Alarm)
        .send()
        .await
        .unwrap()
        .metric_alarms
        .unwrap();
    assert_eq!(in_alarm.len(), 1);
    assert_eq!(in_alarm[0].alarm_name(), Some("low"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn alarms_are_listed_by_prefix_in_pages_per_region_and_deleted() {
    let emulator = start(Seed::Empty).await;
    let client = cloudwatch(&emulator, VIRGINIA);
    for name in ["bedrock-a", "bedrock-b", "bedrock-c", "other"] {
        put_guide_alarm(&client, name).await;
    }
    let first = client
        .describe_alarms()
        .alarm_name_prefix("bedrock-")
        .max_records(2)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = first
        .metric_alarms()
        .iter()
        .filter_map(|a| a.alarm_name())
        .collect();
    assert_eq!(names, ["bedrock-a", "bedrock-b"]);
    let rest = client
        .describe_alarms()
        .alarm_name_prefix("bedrock-")
        .max_records(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.metric_alarms().len(), 1);
    assert!(rest.next_token().is_none());
    // Alarms are regional.
    let tokyo = cloudwatch(&emulator, TOKYO)
        .describe_alarms()
        .send()
        .await
        .unwrap();
    assert!(tokyo.metric_alarms().is_empty());

    let missing = client
        .delete_alarms()
        .alarm_names("bedrock-a")
        .alarm_names("no-such-alarm")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_resource_not_found(), "{missing:?}");
    // All or nothing: bedrock-a is still there.
    alarm(&client, "bedrock-a").await;
    client
        .delete_alarms()
        .alarm_names("bedrock-a")
        .alarm_names("other")
        .send()
        .await
        .unwrap();
    let left: Vec<String> = client
        .describe_alarms()
        .send()
        .await
        .unwrap()
        .metric_alarms()
        .iter()
        .filter_map(|a| a.alarm_name().map(str::to_owned))
        .collect();
    assert_eq!(left, ["bedrock-b", "bedrock-c"]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn alarms_are_validated_with_cloudwatchs_error_codes() {
    let emulator = start(Seed::Empty).await;
    let client = cloudwatch(&emulator, VIRGINIA);
    let base = || {
        client
            .put_metric_alarm()
            .alarm_name("bad")
            .metric_name("EstimatedCharges")
            .namespace("AWS/Billing")
            .statistic(Statistic::Maximum)
            .period(86400)
            .threshold(1.0)
            .comparison_operator(ComparisonOperator::GreaterThanThreshold)
            .evaluation_periods(1)
    };
    let period = base()
        .period(45)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        period.meta().code(),
        Some("InvalidParameterValue"),
        "{period:?}"
    );
    assert!(period.meta().message().unwrap().contains("Period"));
    let operator = base()
        .comparison_operator(ComparisonOperator::from("Bigger"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        operator.meta().code(),
        Some("ValidationError"),
        "{operator:?}"
    );
    assert!(operator
        .meta()
        .message()
        .unwrap()
        .contains("comparisonOperator"));
    let too_long = base()
        .evaluation_periods(8)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(too_long.meta().code(), Some("InvalidParameterValue"));
    let no_threshold = client
        .put_metric_alarm()
        .alarm_name("bad")
        .metric_name("EstimatedCharges")
        .namespace("AWS/Billing")
        .statistic(Statistic::Maximum)
        .period(60)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .evaluation_periods(1)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(no_threshold.meta().code(), Some("MissingParameter"));
    assert!(client
        .describe_alarms()
        .send()
        .await
        .unwrap()
        .metric_alarms()
        .is_empty());
    emulator.shutdown().await;
}
