//! GetCostAndUsage over the emulator's cost records: periods of the requested granularity
//! (Start inclusive, End exclusive), a filter expression, up to two group-by keys. A tag counts
//! only while its key is active for cost allocation, as in AWS: until then every call falls in
//! the `KEY$` group (spend without the tag) and a tag filter matches nothing.

use std::collections::BTreeMap;

use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use time::{Date, Month};

use super::json11;
use crate::costs::CostRecord;
use crate::error::AwsError;
use crate::server::Shared;
use crate::validate::Violations;
use crate::wire::parse_body;

/// The metrics Cost Explorer knows (its API reference).
const METRICS: [&str; 7] = [
    "AmortizedCost",
    "BlendedCost",
    "NetAmortizedCost",
    "NetUnblendedCost",
    "NormalizedUsageAmount",
    "UnblendedCost",
    "UsageQuantity",
];
/// The dimensions the emulator's records carry.
const DIMENSIONS: [&str; 3] = ["SERVICE", "REGION", "LINKED_ACCOUNT"];
/// The most periods one answer holds (ten years of days).
const MAX_PERIODS: usize = 3660;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    time_period: Option<Interval>,
    granularity: Option<String>,
    filter: Option<Expression>,
    metrics: Option<Vec<String>>,
    group_by: Option<Vec<GroupDefinition>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Interval {
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Expression {
    or: Option<Vec<Expression>>,
    and: Option<Vec<Expression>>,
    not: Option<Box<Expression>>,
    dimensions: Option<KeyValues>,
    tags: Option<KeyValues>,
    cost_categories: Option<KeyValues>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyValues {
    key: Option<String>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    match_options: Vec<String>,
}

#[derive(Deserialize, serde::Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct GroupDefinition {
    #[serde(rename = "Type")]
    kind: Option<String>,
    key: Option<String>,
}

/// `YYYY-MM-DD` (a trailing `THH:MM:SSZ` is accepted, as the model's pattern allows).
fn parse_day(text: &str) -> Option<Date> {
    let day = match text.split_once('T') {
        Some((day, time)) => {
            let ok = time.len() == 9
                && time.ends_with('Z')
                && time[..8].bytes().enumerate().all(|(i, b)| {
                    if i == 2 || i == 5 {
                        b == b':'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            ok.then_some(day)?
        }
        None => text,
    };
    let mut parts = day.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

fn day_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The first day of the month after `date`'s.
fn next_month(date: Date) -> Option<Date> {
    let (year, month) = match date.month() {
        Month::December => (date.year() + 1, Month::January),
        m => (date.year(), m.next()),
    };
    Date::from_calendar_date(year, month, 1).ok()
}

/// The periods between `start` (inclusive) and `end` (exclusive).
fn periods(start: Date, end: Date, monthly: bool) -> Result<Vec<(Date, Date)>, AwsError> {
    let mut out = Vec::new();
    let mut from = start;
    while from < end {
        if out.len() == MAX_PERIODS {
            return Err(AwsError::validation(format!(
                "The time period holds more than {MAX_PERIODS} periods; ask for a shorter one."
            )));
        }
        let next = if monthly {
            next_month(from)
        } else {
            from.next_day()
        }
        .unwrap_or(end)
        .min(end);
        out.push((from, next));
        from = next;
    }
    Ok(out)
}

/// The value of a dimension for one record.
fn dimension<'a>(record: &'a CostRecord, key: &str, account: &'a str) -> &'a str {
    match key {
        "SERVICE" => &record.service,
        "REGION" => &record.region,
        _ => account,
    }
}

/// The record's value of tag `key`, if the key is active for cost allocation.
fn tag<'a>(record: &'a CostRecord, key: &str, active: &[String]) -> Option<&'a str> {
    if !active.iter().any(|k| k == key) {
        return None;
    }
    record.tags.get(key).map(String::as_str)
}

fn check_expression(e: &Expression, at: &str, v: &mut Violations) {
    let set = [
        e.or.is_some(),
        e.and.is_some(),
        e.not.is_some(),
        e.dimensions.is_some(),
        e.tags.is_some(),
        e.cost_categories.is_some(),
    ]
    .iter()
    .filter(|s| **s)
    .count();
    if set != 1 {
        v.push_raw(&format!(
            "{at} must have exactly one of Or, And, Not, Dimensions, Tags, CostCategories"
        ));
        return;
    }
    for (list, name) in [(&e.or, "Or"), (&e.and, "And")] {
        if let Some(list) = list {
            if list.len() < 2 {
                v.push_raw(&format!("{at}.{name} must hold at least two expressions"));
            }
            for (i, inner) in list.iter().enumerate() {
                check_expression(inner, &format!("{at}.{name}.{}", i + 1), v);
            }
        }
    }
    if let Some(inner) = &e.not {
        check_expression(inner, &format!("{at}.Not"), v);
    }
    if let Some(d) = &e.dimensions {
        match d.key.as_deref() {
            Some(key) if DIMENSIONS.contains(&key) => {}
            Some(key) => v.push_raw(&format!(
                "{at}.Dimensions.Key {key} is not a dimension the emulator records ({})",
                DIMENSIONS.join(", ")
            )),
            None => v.missing(&format!("{at}.Dimensions.Key")),
        }
    }
    if let Some(t) = &e.tags {
        if t.key.is_none() {
            v.missing(&format!("{at}.Tags.Key"));
        }
    }
    if e.cost_categories.is_some() {
        v.push_raw(&format!(
            "{at}.CostCategories: the emulator has no cost categories"
        ));
    }
    for kv in [&e.dimensions, &e.tags].into_iter().flatten() {
        for option in &kv.match_options {
            if option != "EQUALS" && option != "ABSENT" && option != "CASE_SENSITIVE" {
                v.push_raw(&format!(
                    "{at}: MatchOptions {option} is not supported by the emulator (EQUALS, ABSENT, CASE_SENSITIVE)"
                ));
            }
        }
    }
}

fn matches(e: &Expression, r: &CostRecord, account: &str, active: &[String]) -> bool {
    if let Some(list) = &e.or {
        return list.iter().any(|x| matches(x, r, account, active));
    }
    if let Some(list) = &e.and {
        return list.iter().all(|x| matches(x, r, account, active));
    }
    if let Some(inner) = &e.not {
        return !matches(inner, r, account, active);
    }
    if let Some(d) = &e.dimensions {
        let value = dimension(r, d.key.as_deref().unwrap_or_default(), account);
        return d.values.iter().any(|v| v == value);
    }
    if let Some(t) = &e.tags {
        let value = tag(r, t.key.as_deref().unwrap_or_default(), active);
        if t.match_options.iter().any(|o| o == "ABSENT") {
            return value.is_none();
        }
        return value.is_some_and(|value| t.values.iter().any(|v| v == value));
    }
    false
}

/// Sums of one set of records.
#[derive(Default, Clone, Copy)]
struct Sums {
    cost: f64,
    tokens: u64,
}

impl Sums {
    fn add(&mut self, record: &CostRecord) {
        // A call without a price adds its tokens, never a made-up cost.
        self.cost += record.cost_usd.unwrap_or(0.0);
        self.tokens = self
            .tokens
            .saturating_add(record.input_tokens.saturating_add(record.output_tokens));
    }

    fn metrics(self, names: &[String]) -> Value {
        let mut out = serde_json::Map::new();
        for name in names {
            let value = match name.as_str() {
                "UsageQuantity" => json!({"Amount": self.tokens.to_string(), "Unit": "N/A"}),
                "NormalizedUsageAmount" => json!({"Amount": "0", "Unit": "N/A"}),
                _ => json!({"Amount": format!("{}", self.cost), "Unit": "USD"}),
            };
            out.insert(name.clone(), value);
        }
        Value::Object(out)
    }
}

/// `AWSInsightsIndexService.GetCostAndUsage`.
pub(crate) fn get_cost_and_usage(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: Request = parse_body(body)?;
    let mut v = Violations::new();
    let mut interval = None;
    match &request.time_period {
        None => v.missing("TimePeriod"),
        Some(period) => match (&period.start, &period.end) {
            (Some(start), Some(end)) => match (parse_day(start), parse_day(end)) {
                (Some(s), Some(e)) => interval = Some((s, e)),
                _ => v.push_raw(&format!(
                    "TimePeriod: Start {start:?} and End {end:?} must match (\\d{{4}}-\\d{{2}}-\\d{{2}})(T\\d{{2}}:\\d{{2}}:\\d{{2}}Z)? and name real days"
                )),
            },
            (start, end) => {
                if start.is_none() {
                    v.missing("TimePeriod.Start");
                }
                if end.is_none() {
                    v.missing("TimePeriod.End");
                }
            }
        },
    }
    match &request.granularity {
        None => v.missing("Granularity"),
        Some(g) => v.one_of(g, "Granularity", &["DAILY", "MONTHLY", "HOURLY"]),
    }
    match &request.metrics {
        None => v.missing("Metrics"),
        Some(names) => {
            for name in names {
                v.one_of(name, "Metrics", &METRICS);
            }
        }
    }
    let groups = request.group_by.clone().unwrap_or_default();
    if groups.len() > 2 {
        v.push_raw("GroupBy holds at most two keys");
    }
    for (i, g) in groups.iter().enumerate() {
        let at = format!("GroupBy.{}.member", i + 1);
        match (g.kind.as_deref(), g.key.as_deref()) {
            (Some("DIMENSION"), Some(key)) if DIMENSIONS.contains(&key) => {}
            (Some("DIMENSION"), Some(key)) => v.push_raw(&format!(
                "{at}.Key {key} is not a dimension the emulator records ({})",
                DIMENSIONS.join(", ")
            )),
            (Some("TAG"), Some(_)) => {}
            (Some(kind), Some(_)) => v.one_of(kind, &format!("{at}.Type"), &["DIMENSION", "TAG"]),
            (_, None) => v.missing(&format!("{at}.Key")),
            (None, _) => v.missing(&format!("{at}.Type")),
        }
    }
    if let Some(filter) = &request.filter {
        check_expression(filter, "Filter", &mut v);
    }
    v.finish()?;
    let metrics = request.metrics.unwrap_or_default();
    if metrics.is_empty() {
        return Err(AwsError::validation(
            "Metrics must hold at least one metric.",
        ));
    }
    let Some((start, end)) = interval else {
        return Err(AwsError::validation("TimePeriod is required."));
    };
    if start >= end {
        return Err(AwsError::validation(
            "Start date (and hour) should be before end date (and hour)",
        ));
    }
    if request.granularity.as_deref() == Some("HOURLY") {
        return Err(AwsError::validation(
            "HOURLY granularity needs hourly cost data, which the emulator does not keep; use DAILY or MONTHLY.",
        ));
    }
    let monthly = request.granularity.as_deref() == Some("MONTHLY");
    let periods = periods(start, end, monthly)?;
    // Calls younger than billing's delay are not billed yet, as AWS's bill lags.
    let billing = shared.billing();
    let now_ms = crate::clock::now_ms();
    let records: Vec<CostRecord> = shared
        .store
        .cost_records()
        .into_iter()
        .filter(|r| r.is_billed(now_ms, billing.delay))
        .collect();
    let active: Vec<String> = shared
        .store
        .cost_allocation_tags()
        .into_iter()
        .filter(|(_, a, _)| a.status == "Active")
        .map(|(key, _, _)| key)
        .collect();
    let account = shared.account.as_str();
    let today = shared.billing_today();
    let mut results = Vec::new();
    for (from, to) in periods {
        let (from_text, to_text) = (day_text(from), day_text(to));
        let mut total = Sums::default();
        let mut grouped: BTreeMap<Vec<String>, Sums> = BTreeMap::new();
        for r in records
            .iter()
            .filter(|r| r.day.as_str() >= from_text.as_str() && r.day.as_str() < to_text.as_str())
        {
            if let Some(filter) = &request.filter {
                if !matches(filter, r, account, &active) {
                    continue;
                }
            }
            total.add(r);
            if !groups.is_empty() {
                let keys = groups
                    .iter()
                    .map(|g| {
                        let key = g.key.as_deref().unwrap_or_default();
                        if g.kind.as_deref() == Some("TAG") {
                            format!("{key}${}", tag(r, key, &active).unwrap_or_default())
                        } else {
                            dimension(r, key, account).to_owned()
                        }
                    })
                    .collect();
                grouped.entry(keys).or_default().add(r);
            }
        }
        let estimated = from_text.as_str() <= today.as_str() && today.as_str() < to_text.as_str();
        let mut result = json!({
            "TimePeriod": {"Start": from_text, "End": to_text},
            "Total": {},
            "Groups": [],
            "Estimated": estimated,
        });
        if groups.is_empty() {
            result["Total"] = total.metrics(&metrics);
        } else {
            result["Groups"] = grouped
                .into_iter()
                .map(|(keys, sums)| json!({"Keys": keys, "Metrics": sums.metrics(&metrics)}))
                .collect();
        }
        results.push(result);
    }
    let mut answer = json!({"ResultsByTime": results, "DimensionValueAttributes": []});
    if !groups.is_empty() {
        answer["GroupDefinitions"] = json!(groups);
    }
    Ok(json11(&answer))
}
