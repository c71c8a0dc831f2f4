//! What CreateBudget accepts, from botocore's `budgets` model (lengths, patterns, enums, list
//! sizes) and the service's own rules (a cost budget needs a USD limit above zero; e-mail
//! subscribers need an address). The emulator serves cost budgets with `CostFilters` on
//! `TagKeyValue`, `Service`, `Region` and `LinkedAccount`; other forms (`FilterExpression`,
//! planned or auto-adjusted limits, other budget types) are refused with a message saying so,
//! rather than accepted and then described with a spend the emulator did not compute.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::{invalid, spend};
use crate::error::{AwsError, ErrorKind};
use crate::store::{
    BudgetRecord, Notification, NotificationRecord, ResourceTag, Spend, Subscriber,
};
use crate::validate::Violations;

const TIME_UNITS: [&str; 5] = ["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY", "CUSTOM"];
const BUDGET_TYPES: [&str; 6] = [
    "USAGE",
    "COST",
    "RI_UTILIZATION",
    "RI_COVERAGE",
    "SAVINGS_PLANS_UTILIZATION",
    "SAVINGS_PLANS_COVERAGE",
];
const NOTIFICATION_TYPES: [&str; 2] = ["ACTUAL", "FORECASTED"];
const COMPARISONS: [&str; 3] = ["GREATER_THAN", "LESS_THAN", "EQUAL_TO"];
const THRESHOLD_TYPES: [&str; 2] = ["PERCENTAGE", "ABSOLUTE_VALUE"];
const SUBSCRIPTION_TYPES: [&str; 2] = ["SNS", "EMAIL"];
/// `NotificationThreshold` in botocore: 0 to 15,000,000,000,000.
const THRESHOLD_MAX: f64 = 15_000_000_000_000.0;
/// The cost filter keys whose spend the emulator computes.
pub(super) const FILTER_KEYS: [&str; 4] = ["TagKeyValue", "Service", "Region", "LinkedAccount"];

/// `Budget` of a CreateBudget request.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct BudgetInput {
    budget_name: Option<String>,
    budget_limit: Option<SpendInput>,
    planned_budget_limits: Option<Value>,
    cost_filters: Option<BTreeMap<String, Vec<String>>>,
    time_unit: Option<String>,
    time_period: Option<Value>,
    budget_type: Option<String>,
    filter_expression: Option<Value>,
    metrics: Option<Value>,
    auto_adjust_data: Option<Value>,
    billing_view_arn: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SpendInput {
    amount: Option<String>,
    unit: Option<String>,
}

/// `Notification` as a request carries it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct NotificationShape {
    notification_type: Option<String>,
    comparison_operator: Option<String>,
    threshold: Option<f64>,
    threshold_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SubscriberInput {
    subscription_type: Option<String>,
    address: Option<String>,
}

/// `NotificationWithSubscribers`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct NotificationInput {
    notification: Option<NotificationShape>,
    subscribers: Option<Vec<SubscriberInput>>,
}

/// `BudgetName`: 1–100 characters, none of `:` and `\`, no `/action/` or script tag.
pub(super) fn budget_name(name: &str, violations: &mut Violations) {
    violations.string(
        name,
        "budgetName",
        1,
        100,
        r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
        |n| {
            let lower = n.to_ascii_lowercase();
            !(n.contains([':', '\\'])
                || n.contains("/action/")
                || (lower.contains("<script>") && lower.contains("</script>")))
        },
    );
}

/// Checks a `Notification`; the checked notification when it is complete.
pub(super) fn notification(
    shape: &NotificationShape,
    at: &str,
    violations: &mut Violations,
) -> Option<Notification> {
    match &shape.notification_type {
        Some(t) => violations.one_of(t, &format!("{at}.notificationType"), &NOTIFICATION_TYPES),
        None => violations.missing(&format!("{at}.notificationType")),
    }
    match &shape.comparison_operator {
        Some(c) => violations.one_of(c, &format!("{at}.comparisonOperator"), &COMPARISONS),
        None => violations.missing(&format!("{at}.comparisonOperator")),
    }
    match shape.threshold {
        Some(t) if !(0.0..=THRESHOLD_MAX).contains(&t) => violations.push_raw(&format!(
            "Value '{t}' at '{at}.threshold' failed to satisfy constraint: Member must have value between 0 and 15000000000000"
        )),
        Some(_) => {}
        None => violations.missing(&format!("{at}.threshold")),
    }
    if let Some(t) = &shape.threshold_type {
        violations.one_of(t, &format!("{at}.thresholdType"), &THRESHOLD_TYPES);
    }
    Some(Notification {
        notification_type: shape.notification_type.clone()?,
        comparison_operator: shape.comparison_operator.clone()?,
        threshold: shape.threshold?,
        threshold_type: shape
            .threshold_type
            .clone()
            .unwrap_or_else(|| "PERCENTAGE".into()),
    })
}

/// Whether `address` looks like an e-mail address: one `@`, a local part, a dotted domain.
pub(super) fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !address.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// The constraints of the request's members (lengths, enums, list sizes, required members).
pub(super) fn shapes(
    budget: &BudgetInput,
    notifications: &[NotificationInput],
    tags: &[ResourceTag],
    violations: &mut Violations,
) {
    match &budget.budget_name {
        Some(name) => budget_name(name, violations),
        None => violations.missing("budget.budgetName"),
    }
    match &budget.time_unit {
        Some(unit) => violations.one_of(unit, "budget.timeUnit", &TIME_UNITS),
        None => violations.missing("budget.timeUnit"),
    }
    match &budget.budget_type {
        Some(kind) => violations.one_of(kind, "budget.budgetType", &BUDGET_TYPES),
        None => violations.missing("budget.budgetType"),
    }
    if let Some(limit) = &budget.budget_limit {
        match &limit.amount {
            Some(amount) => violations.string(
                amount,
                "budget.budgetLimit.amount",
                1,
                usize::MAX,
                "([0-9]*\\.)?[0-9]+",
                is_numeric_value,
            ),
            None => violations.missing("budget.budgetLimit.amount"),
        }
        match &limit.unit {
            Some(unit) if unit.is_empty() => violations.push_raw(
                "Value '' at 'budget.budgetLimit.unit' failed to satisfy constraint: Member must have length greater than or equal to 1",
            ),
            Some(_) => {}
            None => violations.missing("budget.budgetLimit.unit"),
        }
    }
    violations.list_len(notifications.len(), "notificationsWithSubscribers", 10);
    for (i, n) in notifications.iter().enumerate() {
        let at = format!("notificationsWithSubscribers.{}.member", i + 1);
        match &n.notification {
            Some(shape) => {
                notification(shape, &format!("{at}.notification"), violations);
            }
            None => violations.missing(&format!("{at}.notification")),
        }
        match &n.subscribers {
            Some(subscribers) => {
                if subscribers.is_empty() {
                    violations.push_raw(&format!(
                        "Value '[]' at '{at}.subscribers' failed to satisfy constraint: Member must have length greater than or equal to 1"
                    ));
                }
                violations.list_len(subscribers.len(), &format!("{at}.subscribers"), 11);
                for (j, s) in subscribers.iter().enumerate() {
                    let sat = format!("{at}.subscribers.{}.member", j + 1);
                    match &s.subscription_type {
                        Some(t) => violations.one_of(
                            t,
                            &format!("{sat}.subscriptionType"),
                            &SUBSCRIPTION_TYPES,
                        ),
                        None => violations.missing(&format!("{sat}.subscriptionType")),
                    }
                    match &s.address {
                        Some(a) if a.is_empty() => violations.push_raw(&format!(
                            "Value at '{sat}.address' failed to satisfy constraint: Member must have length greater than or equal to 1"
                        )),
                        Some(_) => {}
                        None => violations.missing(&format!("{sat}.address")),
                    }
                }
            }
            None => violations.missing(&format!("{at}.subscribers")),
        }
    }
    violations.list_len(tags.len(), "resourceTags", 200);
    for (i, tag) in tags.iter().enumerate() {
        let at = format!("resourceTags.{}.member", i + 1);
        if tag.key.is_empty() || tag.key.chars().count() > 128 {
            violations.push_raw(&format!(
                "Value '{}' at '{at}.key' failed to satisfy constraint: Member must have length between 1 and 128",
                tag.key
            ));
        }
        if tag.value.chars().count() > 256 {
            violations.push_raw(&format!(
                "Value at '{at}.value' failed to satisfy constraint: Member must have length less than or equal to 256"
            ));
        }
    }
}

/// `NumericValue`: `([0-9]*\.)?[0-9]+`.
fn is_numeric_value(text: &str) -> bool {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => ("", text),
    };
    whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

fn unsupported(what: &str) -> AwsError {
    invalid(format!(
        "{what} is not supported by this emulator: it serves COST budgets with a BudgetLimit and CostFilters on {}.",
        FILTER_KEYS.join(", ")
    ))
}

/// The service rules past the shapes, then the record to store.
pub(super) fn record(
    budget: BudgetInput,
    notifications: Vec<NotificationInput>,
    tags: Vec<ResourceTag>,
    now: OffsetDateTime,
) -> Result<BudgetRecord, AwsError> {
    for (present, what) in [
        (
            budget.planned_budget_limits.is_some(),
            "PlannedBudgetLimits",
        ),
        (budget.filter_expression.is_some(), "FilterExpression"),
        (budget.metrics.is_some(), "Metrics"),
        (budget.auto_adjust_data.is_some(), "AutoAdjustData"),
        (budget.billing_view_arn.is_some(), "BillingViewArn"),
        (budget.time_period.is_some(), "TimePeriod"),
    ] {
        if present {
            return Err(unsupported(what));
        }
    }
    let budget_type = budget.budget_type.unwrap_or_default();
    if budget_type != "COST" {
        return Err(unsupported(&format!("BudgetType {budget_type}")));
    }
    let time_unit = budget.time_unit.unwrap_or_default();
    if time_unit == "CUSTOM" {
        return Err(unsupported("TimeUnit CUSTOM"));
    }
    let Some(limit) = budget.budget_limit else {
        return Err(invalid("A cost budget needs a BudgetLimit."));
    };
    let amount = limit.amount.unwrap_or_default();
    let unit = limit.unit.unwrap_or_default();
    if !amount.parse::<f64>().is_ok_and(|a| a > 0.0) {
        return Err(invalid(format!(
            "The budget limit must be greater than 0, not {amount}."
        )));
    }
    if unit != "USD" {
        return Err(invalid(format!(
            "The unit of a cost budget's limit must be USD, not {unit}."
        )));
    }
    let cost_filters = budget.cost_filters.unwrap_or_default();
    for (key, values) in &cost_filters {
        if !FILTER_KEYS.contains(&key.as_str()) {
            return Err(unsupported(&format!("The cost filter {key}")));
        }
        if values.is_empty() {
            return Err(invalid(format!("The cost filter {key} has no values.")));
        }
        if key == "TagKeyValue" {
            if let Some(bad) = values.iter().find(|v| spend::tag_filter(v).is_none()) {
                return Err(invalid(format!(
                    "The TagKeyValue filter value {bad:?} is not of the form user:KEY$VALUE."
                )));
            }
        }
    }
    let mut stored: Vec<NotificationRecord> = Vec::new();
    for input in notifications {
        let mut ignored = Violations::new();
        let Some(notification) = input
            .notification
            .as_ref()
            .and_then(|shape| notification(shape, "", &mut ignored))
        else {
            return Err(invalid("A notification is incomplete."));
        };
        if stored.iter().any(|r| r.notification.same_as(&notification)) {
            return Err(AwsError::new(
                ErrorKind::DuplicateRecordException,
                format!(
                    "Error creating notification: {} {} {} - the notification already exists.",
                    notification.notification_type,
                    notification.comparison_operator,
                    notification.threshold
                ),
            ));
        }
        let mut subscribers = Vec::new();
        for s in input.subscribers.unwrap_or_default() {
            let subscriber = Subscriber {
                subscription_type: s.subscription_type.unwrap_or_default(),
                address: s.address.unwrap_or_default(),
            };
            let ok = match subscriber.subscription_type.as_str() {
                "EMAIL" => looks_like_email(&subscriber.address),
                _ => subscriber.address.starts_with("arn:aws:sns:"),
            };
            if !ok {
                return Err(invalid(format!(
                    "Invalid {} subscriber address: {}",
                    subscriber.subscription_type, subscriber.address
                )));
            }
            if subscribers.contains(&subscriber) {
                return Err(AwsError::new(
                    ErrorKind::DuplicateRecordException,
                    format!("The subscriber {} appears twice.", subscriber.address),
                ));
            }
            subscribers.push(subscriber);
        }
        stored.push(NotificationRecord {
            notification,
            subscribers,
        });
    }
    if let Some(tag) = tags.iter().find(|t| t.key.starts_with("aws:")) {
        return Err(invalid(format!(
            "The tag key {} is reserved: keys starting with aws: are AWS's.",
            tag.key
        )));
    }
    let period_start = spend::period_start(&time_unit, now.date());
    Ok(BudgetRecord {
        name: budget.budget_name.unwrap_or_default(),
        limit: Spend { amount, unit },
        time_unit,
        budget_type,
        cost_filters,
        period_start: spend::epoch_seconds(period_start),
        last_updated: now.unix_timestamp(),
        notifications: stored,
        resource_tags: tags,
    })
}
