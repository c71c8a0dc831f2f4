//! PutMetricAlarm: the request's members checked as CloudWatch checks them, then the alarm kept
//! (a new name creates it, an existing one is replaced, as AWS does).

use super::*;

const STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const COMPARISONS: [&str; 7] = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];
const UNITS: [&str; 27] = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];
const TREAT_MISSING: [&str; 4] = ["breaching", "notBreaching", "ignore", "missing"];
/// An alarm may look back at most seven days (Period × EvaluationPeriods).
const MAX_EVALUATION_SECONDS: i64 = 7 * 86_400;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PutRequest {
    alarm_name: Option<String>,
    alarm_description: Option<String>,
    actions_enabled: Option<bool>,
    #[serde(rename = "OKActions")]
    ok_actions: Option<Vec<String>>,
    alarm_actions: Option<Vec<String>>,
    insufficient_data_actions: Option<Vec<String>>,
    metric_name: Option<String>,
    namespace: Option<String>,
    statistic: Option<String>,
    extended_statistic: Option<String>,
    dimensions: Option<Vec<DimensionInput>>,
    period: Option<i64>,
    unit: Option<String>,
    evaluation_periods: Option<i64>,
    datapoints_to_alarm: Option<i64>,
    threshold: Option<f64>,
    comparison_operator: Option<String>,
    treat_missing_data: Option<String>,
    metrics: Option<Value>,
    threshold_metric_id: Option<Value>,
    tags: Option<Vec<TagInput>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DimensionInput {
    name: Option<String>,
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagInput {
    key: Option<String>,
    value: Option<String>,
}

pub(super) async fn put_metric_alarm(
    shared: &Shared,
    region: &str,
    wire: Wire,
    body: &[u8],
) -> Result<Response, AwsError> {
    let r: PutRequest = parse(wire, body)?;
    let mut v = Violations::new();
    let Some(name) = r.alarm_name.clone() else {
        return Err(missing("AlarmName"));
    };
    check_len(&mut v, &name, "alarmName", 1, 255);
    if let Some(d) = &r.alarm_description {
        check_len(&mut v, d, "alarmDescription", 0, 1024);
    }
    if let Some(m) = &r.metric_name {
        check_len(&mut v, m, "metricName", 1, 255);
    }
    if let Some(ns) = &r.namespace {
        v.string(ns, "namespace", 1, 255, "[^:].*", |n| !n.starts_with(':'));
    }
    if let Some(s) = &r.statistic {
        v.one_of(s, "statistic", &STATISTICS);
    }
    if let Some(c) = &r.comparison_operator {
        v.one_of(c, "comparisonOperator", &COMPARISONS);
    }
    if let Some(u) = &r.unit {
        v.one_of(u, "unit", &UNITS);
    }
    if let Some(t) = &r.treat_missing_data {
        check_len(&mut v, t, "treatMissingData", 1, 255);
    }
    for (value, at) in [
        (r.period, "period"),
        (r.evaluation_periods, "evaluationPeriods"),
        (r.datapoints_to_alarm, "datapointsToAlarm"),
    ] {
        if let Some(n) = value {
            v.range(n, at, 1, i64::from(i32::MAX));
        }
    }
    let dimensions = r.dimensions.unwrap_or_default();
    v.list_len(dimensions.len(), "dimensions", 30);
    let mut dims = Vec::new();
    for (i, d) in dimensions.iter().enumerate() {
        let at = format!("dimensions.{}.member", i + 1);
        match (&d.name, &d.value) {
            (Some(n), Some(val)) => {
                check_len(&mut v, n, &format!("{at}.name"), 1, 255);
                check_len(&mut v, val, &format!("{at}.value"), 1, 1024);
                dims.push(Dimension {
                    name: n.clone(),
                    value: val.clone(),
                });
            }
            (None, _) => v.missing(&format!("{at}.name")),
            (_, None) => v.missing(&format!("{at}.value")),
        }
    }
    let mut tags = Vec::new();
    for (i, t) in r.tags.unwrap_or_default().iter().enumerate() {
        let at = format!("tags.{}.member", i + 1);
        match (&t.key, &t.value) {
            (Some(k), Some(val)) => {
                check_len(&mut v, k, &format!("{at}.key"), 1, 128);
                check_len(&mut v, val, &format!("{at}.value"), 0, 256);
                tags.push(Dimension {
                    name: k.clone(),
                    value: val.clone(),
                });
            }
            (None, _) => v.missing(&format!("{at}.key")),
            (_, None) => v.missing(&format!("{at}.value")),
        }
    }
    for (list, at) in [
        (&r.ok_actions, "oKActions"),
        (&r.alarm_actions, "alarmActions"),
        (&r.insufficient_data_actions, "insufficientDataActions"),
    ] {
        if let Some(list) = list {
            v.list_len(list.len(), at, 5);
        }
    }
    v.finish()?;
    if r.metrics.is_some() || r.threshold_metric_id.is_some() {
        return Err(bad_value(
            "Metrics and ThresholdMetricId (metric math alarms) are not supported by this emulator: give MetricName, Namespace and Statistic.",
        ));
    }
    let metric_name = r.metric_name.ok_or_else(|| missing("MetricName"))?;
    let namespace = r.namespace.ok_or_else(|| missing("Namespace"))?;
    let statistic =
        match (r.statistic, r.extended_statistic) {
            (Some(s), None) => s,
            (None, Some(_)) => return Err(bad_value(
                "ExtendedStatistic (percentiles) is not supported by this emulator: use Statistic.",
            )),
            (Some(_), Some(_)) => {
                return Err(AwsError::new(
                    ErrorKind::InvalidParameterCombinationException,
                    "Exactly one of Statistic and ExtendedStatistic must be specified.",
                ))
            }
            (None, None) => {
                return Err(AwsError::new(
                    ErrorKind::InvalidParameterCombinationException,
                    "One of Statistic or ExtendedStatistic must be specified.",
                ))
            }
        };
    let period = r.period.ok_or_else(|| missing("Period"))?;
    if !matches!(period, 10 | 20 | 30) && period % 60 != 0 {
        return Err(bad_value(format!(
            "The parameter Period must be 10, 20, 30 or a multiple of 60, not {period}."
        )));
    }
    let evaluation_periods = r
        .evaluation_periods
        .ok_or_else(|| missing("EvaluationPeriods"))?;
    if period.saturating_mul(evaluation_periods) > MAX_EVALUATION_SECONDS {
        return Err(bad_value(
            "The product of Period and EvaluationPeriods must not exceed 604800 seconds (7 days).",
        ));
    }
    if let Some(d) = r.datapoints_to_alarm {
        if d > evaluation_periods {
            return Err(bad_value(
                "DatapointsToAlarm must be less than or equal to EvaluationPeriods.",
            ));
        }
    }
    let threshold = r.threshold.ok_or_else(|| missing("Threshold"))?;
    let comparison_operator = r
        .comparison_operator
        .ok_or_else(|| missing("ComparisonOperator"))?;
    if comparison_operator.contains("Lower") || comparison_operator.contains("Upper") {
        return Err(bad_value(format!(
            "ComparisonOperator {comparison_operator} is for anomaly detection alarms, which need ThresholdMetricId."
        )));
    }
    if let Some(t) = &r.treat_missing_data {
        if !TREAT_MISSING.contains(&t.as_str()) {
            return Err(bad_value(format!(
                "TreatMissingData must be one of {}, not {t}.",
                TREAT_MISSING.join(", ")
            )));
        }
    }
    let now = time::OffsetDateTime::now_utc();
    let now = now.unix_timestamp() as f64 + f64::from(now.millisecond()) / 1000.0;
    let alarm = AlarmRecord {
        name,
        description: r.alarm_description,
        actions_enabled: r.actions_enabled.unwrap_or(true),
        alarm_actions: r.alarm_actions.unwrap_or_default(),
        ok_actions: r.ok_actions.unwrap_or_default(),
        insufficient_data_actions: r.insufficient_data_actions.unwrap_or_default(),
        metric_name,
        namespace,
        statistic,
        dimensions: dims,
        period,
        unit: r.unit,
        evaluation_periods,
        datapoints_to_alarm: r.datapoints_to_alarm,
        threshold,
        comparison_operator,
        treat_missing_data: r.treat_missing_data,
        tags,
        configuration_updated: now,
        state_value: "INSUFFICIENT_DATA".into(),
        state_reason: "Unchecked: Initial alarm creation".into(),
        state_updated: now,
    };
    let generation = shared.store.put_alarm(region, alarm);
    shared.store.persist(generation).await?;
    Ok(answer(wire, &json!({})))
}
