//! CloudWatch metric alarms: PutMetricAlarm, DescribeAlarms and DeleteAlarms, signed for
//! `monitoring`. CloudWatch is query-compatible and speaks two protocols to today's clients:
//! awsJson1.0 on `POST /` with `X-Amz-Target: GraniteServiceVersion20100801.*` (AWS CLI v1,
//! boto3), and Smithy RPC v2 CBOR on `POST /service/GraniteServiceVersion20100801/operation/*`
//! (the Rust SDK). Both carry the same members, so one set of request types serves both
//! ([`cbor`] converts), and errors carry the awsQuery code in `x-amzn-query-error`.
//!
//! Alarms on the billing metric (`AWS/Billing` `EstimatedCharges` in us-east-1) are evaluated
//! against the emulator's own cost records of this month; other metrics have no data here, so
//! their alarms stay `INSUFFICIENT_DATA`.

mod cbor;
mod put;

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::store::{AlarmRecord, Dimension};
use crate::validate::Violations;

/// The `X-Amz-Target` prefix (awsJson1.0) and the service name in RPC v2 CBOR paths.
pub(crate) const SERVICE: &str = "GraniteServiceVersion20100801";

/// The alarm operations served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AlarmOp {
    PutMetricAlarm,
    DescribeAlarms,
    DeleteAlarms,
}

/// The protocol a CloudWatch request came in, which its answer must use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wire {
    /// awsJson1.0.
    Json,
    /// Smithy RPC v2 CBOR.
    Cbor,
}

impl AlarmOp {
    /// The operation of an `X-Amz-Target` suffix or an RPC v2 path's operation segment.
    pub(crate) fn from_name(op: &str) -> Option<Self> {
        Some(match op {
            "PutMetricAlarm" => Self::PutMetricAlarm,
            "DescribeAlarms" => Self::DescribeAlarms,
            "DeleteAlarms" => Self::DeleteAlarms,
            _ => return None,
        })
    }

    /// The operation's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::PutMetricAlarm => "PutMetricAlarm",
            Self::DescribeAlarms => "DescribeAlarms",
            Self::DeleteAlarms => "DeleteAlarms",
        }
    }

    /// The IAM action.
    pub(crate) fn action(self) -> &'static str {
        match self {
            Self::PutMetricAlarm => "cloudwatch:PutMetricAlarm",
            Self::DescribeAlarms => "cloudwatch:DescribeAlarms",
            Self::DeleteAlarms => "cloudwatch:DeleteAlarms",
        }
    }
}

/// The members an answer writes as timestamps.
const TIMESTAMPS: [&str; 3] = [
    "AlarmConfigurationUpdatedTimestamp",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
];

fn answer(wire: Wire, body: &Value) -> Response {
    let (content_type, bytes) = match wire {
        Wire::Json => ("application/x-amz-json-1.0", body.to_string().into_bytes()),
        Wire::Cbor => ("application/cbor", cbor::encode(body, &TIMESTAMPS)),
    };
    let mut response = (axum::http::StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(content_type));
    if wire == Wire::Cbor {
        headers.insert("smithy-protocol", HeaderValue::from_static("rpc-v2-cbor"));
    }
    response
}

/// An error in the request's protocol, with the awsQuery code CloudWatch's clients read.
pub(crate) fn error_response(error: &AwsError, wire: Wire) -> Response {
    let kind = error.kind;
    let type_name = format!("com.amazonaws.cloudwatch#{}", kind.code());
    let body = json!({"__type": type_name, "message": error.message});
    let (content_type, bytes) = match wire {
        Wire::Json => ("application/x-amz-json-1.0", body.to_string().into_bytes()),
        Wire::Cbor => ("application/cbor", cbor::encode(&body, &[])),
    };
    let status = axum::http::StatusCode::from_u16(kind.status())
        .unwrap_or(axum::http::StatusCode::BAD_REQUEST);
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(content_type));
    if wire == Wire::Cbor {
        headers.insert("smithy-protocol", HeaderValue::from_static("rpc-v2-cbor"));
    }
    let fault = if kind.status() >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    if let Ok(value) = HeaderValue::from_str(&format!("{};{fault}", kind.query_code())) {
        headers.insert("x-amzn-query-error", value);
    }
    if let Ok(value) = HeaderValue::from_str(kind.code()) {
        headers.insert("x-amzn-errortype", value);
    }
    response
}

fn parse<T: DeserializeOwned>(wire: Wire, body: &[u8]) -> Result<T, AwsError> {
    let value = match wire {
        Wire::Json if body.iter().all(u8::is_ascii_whitespace) => json!({}),
        Wire::Json => serde_json::from_slice(body).map_err(AwsError::serialization)?,
        Wire::Cbor => cbor::decode(body).map_err(AwsError::serialization)?,
    };
    serde_json::from_value(value).map_err(AwsError::serialization)
}

fn bad_value(message: impl Into<String>) -> AwsError {
    AwsError::new(ErrorKind::InvalidParameterValueException, message)
}

fn missing(parameter: &str) -> AwsError {
    AwsError::new(
        ErrorKind::MissingRequiredParameterException,
        format!("The parameter {parameter} is required."),
    )
}

/// Dispatches one alarm operation.
pub(crate) async fn handle(
    shared: &Shared,
    region: &str,
    op: AlarmOp,
    wire: Wire,
    body: &[u8],
) -> Result<Response, AwsError> {
    match op {
        AlarmOp::PutMetricAlarm => put::put_metric_alarm(shared, region, wire, body).await,
        AlarmOp::DescribeAlarms => describe_alarms(shared, region, wire, body),
        AlarmOp::DeleteAlarms => delete_alarms(shared, region, wire, body).await,
    }
}

const STATES: [&str; 3] = ["OK", "ALARM", "INSUFFICIENT_DATA"];

fn check_len(violations: &mut Violations, value: &str, at: &str, min: usize, max: usize) {
    violations.string(value, at, min, max, ".*", |_| true);
}

/// The month-to-date estimated charges the billing metric reports for `alarm`, or `None` when
/// the alarm watches another metric or region (which has no data in the emulator).
fn estimated_charges(shared: &Shared, region: &str, alarm: &AlarmRecord) -> Option<f64> {
    if region != "us-east-1"
        || alarm.namespace != "AWS/Billing"
        || alarm.metric_name != "EstimatedCharges"
    {
        return None;
    }
    let mut service = None;
    for d in &alarm.dimensions {
        match (d.name.as_str(), d.value.as_str()) {
            ("Currency", "USD") => {}
            ("ServiceName", name) => service = Some(name.to_owned()),
            ("LinkedAccount", account) if account == shared.account => {}
            _ => return None,
        }
    }
    let month = crate::clock::today().get(..7)?.to_owned();
    let records = shared.store.cost_records();
    let this_month: Vec<_> = records
        .iter()
        .filter(|r| r.day.starts_with(&month))
        .collect();
    if this_month.is_empty() {
        return None;
    }
    Some(
        this_month
            .iter()
            .filter(|r| match service.as_deref() {
                // Bedrock's own spend; Marketplace models bill under their own service names.
                Some("AmazonBedrock") => r.service == crate::costs::BEDROCK_SERVICE,
                Some(_) => false,
                None => true,
            })
            .filter_map(|r| r.cost_usd)
            .sum(),
    )
}

/// The alarm's state now: evaluated on the billing metric, else as stored.
fn state_of(shared: &Shared, region: &str, alarm: &AlarmRecord) -> (String, String) {
    let Some(value) = estimated_charges(shared, region, alarm) else {
        return (alarm.state_value.clone(), alarm.state_reason.clone());
    };
    let t = alarm.threshold;
    let breached = match alarm.comparison_operator.as_str() {
        "GreaterThanOrEqualToThreshold" => value >= t,
        "GreaterThanThreshold" => value > t,
        "LessThanThreshold" => value < t,
        _ => value <= t,
    };
    let reason = format!(
        "Threshold Crossed: 1 datapoint [{value}] was {} the threshold ({t}).",
        if breached { "past" } else { "not past" }
    );
    (if breached { "ALARM" } else { "OK" }.to_owned(), reason)
}

fn alarm_json(shared: &Shared, region: &str, alarm: &AlarmRecord) -> Value {
    let (state, reason) = state_of(shared, region, alarm);
    let dims: Vec<Value> = alarm
        .dimensions
        .iter()
        .map(|d| json!({"Name": d.name, "Value": d.value}))
        .collect();
    let mut out = json!({
        "AlarmName": alarm.name,
        "AlarmArn": format!("arn:aws:cloudwatch:{region}:{}:alarm:{}", shared.account, alarm.name),
        "AlarmConfigurationUpdatedTimestamp": alarm.configuration_updated,
        "ActionsEnabled": alarm.actions_enabled,
        "OKActions": alarm.ok_actions,
        "AlarmActions": alarm.alarm_actions,
        "InsufficientDataActions": alarm.insufficient_data_actions,
        "StateValue": state,
        "StateReason": reason,
        "StateUpdatedTimestamp": alarm.state_updated,
        "StateTransitionedTimestamp": alarm.state_updated,
        "MetricName": alarm.metric_name,
        "Namespace": alarm.namespace,
        "Statistic": alarm.statistic,
        "Dimensions": dims,
        "Period": alarm.period,
        "EvaluationPeriods": alarm.evaluation_periods,
        "Threshold": alarm.threshold,
        "ComparisonOperator": alarm.comparison_operator,
    });
    if let Some(map) = out.as_object_mut() {
        // A whole threshold must stay a double on the wire (CBOR clients read a float).
        map.insert(
            "Threshold".into(),
            serde_json::Number::from_f64(alarm.threshold).map_or(Value::Null, Value::Number),
        );
        if let Some(d) = &alarm.description {
            map.insert("AlarmDescription".into(), json!(d));
        }
        if let Some(u) = &alarm.unit {
            map.insert("Unit".into(), json!(u));
        }
        if let Some(d) = alarm.datapoints_to_alarm {
            map.insert("DatapointsToAlarm".into(), json!(d));
        }
        if let Some(t) = &alarm.treat_missing_data {
            map.insert("TreatMissingData".into(), json!(t));
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeRequest {
    alarm_names: Option<Vec<String>>,
    alarm_name_prefix: Option<String>,
    alarm_types: Option<Vec<String>>,
    state_value: Option<String>,
    action_prefix: Option<String>,
    max_records: Option<i64>,
    next_token: Option<String>,
    children_of_alarm_name: Option<String>,
    parents_of_alarm_name: Option<String>,
}

fn describe_alarms(
    shared: &Shared,
    region: &str,
    wire: Wire,
    body: &[u8],
) -> Result<Response, AwsError> {
    let r: DescribeRequest = parse(wire, body)?;
    let mut v = Violations::new();
    if let Some(names) = &r.alarm_names {
        v.list_len(names.len(), "alarmNames", 100);
        for (i, n) in names.iter().enumerate() {
            check_len(&mut v, n, &format!("alarmNames.{}.member", i + 1), 1, 255);
        }
    }
    if let Some(p) = &r.alarm_name_prefix {
        check_len(&mut v, p, "alarmNamePrefix", 1, 255);
    }
    if let Some(p) = &r.action_prefix {
        check_len(&mut v, p, "actionPrefix", 1, 1024);
    }
    if let Some(s) = &r.state_value {
        v.one_of(s, "stateValue", &STATES);
    }
    for (i, t) in r.alarm_types.iter().flatten().enumerate() {
        v.one_of(
            t,
            &format!("alarmTypes.{}.member", i + 1),
            &["CompositeAlarm", "MetricAlarm", "LogAlarm"],
        );
    }
    if let Some(m) = r.max_records {
        v.range(m, "maxRecords", 1, 100);
    }
    v.finish()?;
    if r.alarm_names.is_some() && r.alarm_name_prefix.is_some() {
        return Err(AwsError::new(
            ErrorKind::InvalidParameterCombinationException,
            "AlarmNames and AlarmNamePrefix cannot be specified together.",
        ));
    }
    if r.children_of_alarm_name.is_some() || r.parents_of_alarm_name.is_some() {
        // Only composite alarms have children or parents, and the emulator has none.
        return Ok(answer(
            wire,
            &json!({"MetricAlarms": [], "CompositeAlarms": []}),
        ));
    }
    let wants_metric = r
        .alarm_types
        .as_ref()
        .is_none_or(|types| types.iter().any(|t| t == "MetricAlarm"));
    let alarms: Vec<AlarmRecord> = if wants_metric {
        shared
            .store
            .alarms(region)
            .into_iter()
            .filter(|a| {
                r.alarm_names
                    .as_ref()
                    .is_none_or(|names| names.contains(&a.name))
            })
            .filter(|a| {
                r.alarm_name_prefix
                    .as_ref()
                    .is_none_or(|p| a.name.starts_with(p.as_str()))
            })
            .filter(|a| {
                r.action_prefix.as_ref().is_none_or(|p| {
                    a.alarm_actions
                        .iter()
                        .chain(&a.ok_actions)
                        .chain(&a.insufficient_data_actions)
                        .any(|action| action.starts_with(p.as_str()))
                })
            })
            .filter(|a| {
                r.state_value
                    .as_ref()
                    .is_none_or(|s| state_of(shared, region, a).0 == *s)
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = r
        .max_records
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(50);
    let start = match &r.next_token {
        None => 0,
        Some(token) => token
            .strip_prefix("alarms-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= alarms.len())
            .ok_or_else(|| {
                AwsError::new(
                    ErrorKind::InvalidNextTokenException,
                    "The service cannot parse the NextToken.",
                )
            })?,
    };
    let end = alarms.len().min(start.saturating_add(page));
    let listed: Vec<Value> = alarms[start..end]
        .iter()
        .map(|a| alarm_json(shared, region, a))
        .collect();
    let mut out = json!({"MetricAlarms": listed, "CompositeAlarms": []});
    if end < alarms.len() {
        out["NextToken"] = json!(format!("alarms-{end}"));
    }
    Ok(answer(wire, &out))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteRequest {
    alarm_names: Option<Vec<String>>,
}

async fn delete_alarms(
    shared: &Shared,
    region: &str,
    wire: Wire,
    body: &[u8],
) -> Result<Response, AwsError> {
    let r: DeleteRequest = parse(wire, body)?;
    let names = r.alarm_names.ok_or_else(|| missing("AlarmNames"))?;
    let mut v = Violations::new();
    v.list_len(names.len(), "alarmNames", 100);
    for (i, n) in names.iter().enumerate() {
        check_len(&mut v, n, &format!("alarmNames.{}.member", i + 1), 1, 255);
    }
    v.finish()?;
    let generation = shared.store.delete_alarms(region, &names).map_err(|name| {
        AwsError::new(
            ErrorKind::ResourceNotFound,
            format!("An alarm named {name} does not exist; no alarms were deleted."),
        )
    })?;
    shared.store.persist(generation).await?;
    Ok(answer(wire, &json!({})))
}
