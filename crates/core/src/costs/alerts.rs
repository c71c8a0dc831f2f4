//! Alerts: an AWS Budget for one tag value (the per-project alert: "Project = Alpha, $100 a
//! month, e-mail at 80% and 100%"), and the CloudWatch billing alarm on `EstimatedCharges`
//! (us-east-1, `ServiceName` `AmazonBedrock`), which covers all of the account's Bedrock spend
//! because that metric has no tag dimension. Strata lists and deletes the alerts it made.
//!
//! How Strata knows its own alerts: a budget carries the resource tag
//! [`MARK_KEY`]` = `[`BUDGET_MARK`] (set by CreateBudget's `ResourceTags`, read back with
//! Budgets' ListTagsForResource), and a billing alarm's description starts with
//! [`ALARM_MARK`] (DescribeAlarms returns descriptions but not tags; the alarm carries the tag
//! too). Budgets and alarms made elsewhere, the guide's own CLI alarm included, are left alone.
//!
//! The checks here run before any call and say, field by field, what AWS would refuse; the
//! calls themselves are in `alerts_calls.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Tag;

/// A budget to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BudgetDraft {
    /// The budget's name (AWS: 1–100 characters, no `:` or `\`).
    pub name: String,
    /// The monthly limit, USD.
    pub monthly_usd: f64,
    /// The tag value it is limited to (a cost allocation tag); `None` for all Bedrock spend.
    pub tag: Option<Tag>,
    /// Who is e-mailed (at most 10 per notification, as AWS allows).
    pub emails: Vec<String>,
    /// When, in percent of the limit of actual spend (80 and 100 when empty).
    pub thresholds_percent: Vec<f64>,
}

/// A CloudWatch billing alarm to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillingAlarmDraft {
    /// The alarm's name.
    pub name: String,
    /// The estimated charges that set it off, USD.
    pub threshold_usd: f64,
}

/// Which kind of alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AlertKind {
    /// An AWS Budget (can be limited to a tag value).
    Budget,
    /// A CloudWatch alarm on the billing metric (all Bedrock spend of the account).
    BillingAlarm,
}

/// An alert Strata made, as AWS describes it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    /// Its name.
    pub name: String,
    /// Budget or billing alarm.
    pub kind: AlertKind,
    /// The monthly limit (budget) or the threshold (alarm), USD.
    pub limit_usd: f64,
    /// The tag value a budget is limited to.
    pub tag: Option<Tag>,
    /// What it covers, in words ("Project = Alpha", "All of the account's Bedrock spend: the
    /// billing metric has no tag dimension").
    pub scope: String,
    /// A budget's notification thresholds, percent.
    pub thresholds_percent: Vec<f64>,
    /// Who is e-mailed.
    pub emails: Vec<String>,
    /// A budget's spend so far this month, as AWS calculated it; `None` when AWS gave none.
    pub actual_usd: Option<f64>,
    /// An alarm's state (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
    pub state: Option<String>,
}

use crate::error::{Error, Result};
use crate::profiles::{check_tag_key, check_tag_value};
use crate::session::Session;

/// The IAM statement the alerts need: Budgets (ViewBudget covers the Describe calls) and the
/// CloudWatch alarm calls, plus STS for the account id budgets are created in.
pub const ALERTS_POLICY: &str = r#"{
  "Effect": "Allow",
  "Action": [
    "budgets:ViewBudget",
    "budgets:ModifyBudget",
    "budgets:ListTagsForResource",
    "budgets:TagResource",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:DeleteAlarms",
    "cloudwatch:TagResource",
    "sts:GetCallerIdentity"
  ],
  "Resource": "*"
}"#;

/// The resource tag key that marks what Strata made.
pub const MARK_KEY: &str = "strata:alert";
/// [`MARK_KEY`]'s value on a budget.
pub const BUDGET_MARK: &str = "budget";
/// [`MARK_KEY`]'s value on a billing alarm.
pub const ALARM_MARK_VALUE: &str = "billing-alarm";
/// How the description of a billing alarm Strata made begins.
pub const ALARM_MARK: &str = "Made by Strata:";
/// The billing metric lives in this region only.
pub const BILLING_REGION: &str = "us-east-1";
/// The thresholds used when a draft names e-mail addresses but no threshold.
pub const DEFAULT_THRESHOLDS: [f64; 2] = [80.0, 100.0];
/// Most e-mail subscribers one budget notification may have (AWS Budgets).
pub const MAX_EMAILS: usize = 10;
/// Most notifications one budget may have (botocore: `NotificationWithSubscribersList`, 10).
pub const MAX_THRESHOLDS: usize = 10;
/// The highest threshold AWS accepts: 1,000,000% (its documentation of `Threshold`).
pub const MAX_THRESHOLD_PERCENT: f64 = 1_000_000.0;
/// The budget name's length limit (botocore: `BudgetName`, 1–100).
pub const BUDGET_NAME_MAX: usize = 100;
/// The alarm name's length limit (botocore: `AlarmName`, 1–255).
pub const ALARM_NAME_MAX: usize = 255;
/// The largest limit Strata sends, USD: far above any real budget, and still exact in cents.
const MAX_USD: f64 = 1_000_000_000_000.0;

/// The scope of a billing alarm, in words.
pub const ALARM_SCOPE: &str = "All of the account's Amazon Bedrock spend (EstimatedCharges,      ServiceName AmazonBedrock, in us-east-1): the billing metric has no tag dimension, so it      cannot be limited to one project.";

/// What a budget covers, in words: a tag value on every service, or Bedrock's own service.
pub(crate) fn budget_scope(tag: Option<&Tag>) -> String {
    match tag {
        Some(tag) => format!(
            "Spend tagged {} = {}, on every service (through the tagged profiles that is \
             Bedrock, Marketplace models such as Claude included). AWS counts it only once {} \
             is activated as a cost allocation tag.",
            tag.key, tag.value, tag.key
        ),
        None => "Spend billed under the Amazon Bedrock service. Models sold through AWS \
                 Marketplace (such as Anthropic's, billed as \"… (Amazon Bedrock Edition)\") \
                 are not included."
            .to_owned(),
    }
}

/// The Cost Explorer service a budget without a tag is limited to.
pub(crate) const BEDROCK_SERVICE: &str = "Amazon Bedrock";

/// `user:KEY$VALUE`: how Budgets names a user-defined cost allocation tag value.
pub(crate) fn tag_filter_value(tag: &Tag) -> String {
    format!("user:{}${}", tag.key, tag.value)
}

/// The tag of a `user:KEY$VALUE` filter value.
pub(crate) fn tag_of_filter(value: &str) -> Option<Tag> {
    let (key, tag_value) = value.strip_prefix("user:")?.split_once('$')?;
    Some(Tag {
        key: key.to_owned(),
        value: tag_value.to_owned(),
    })
}

/// An amount in USD as Budgets takes it: a plain decimal string, no exponent, cents at most.
pub(crate) fn amount_text(usd: f64) -> String {
    let text = format!("{usd:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// The thresholds a draft will be created with (none without an e-mail address to notify).
pub(crate) fn effective_thresholds(draft: &BudgetDraft) -> Vec<f64> {
    if draft.emails.is_empty() {
        Vec::new()
    } else if draft.thresholds_percent.is_empty() {
        DEFAULT_THRESHOLDS.to_vec()
    } else {
        draft.thresholds_percent.clone()
    }
}

/// Whether `address` looks like an e-mail address: a local part, one `@`, a dotted domain, no
/// spaces. (Budgets refuses the others; whether the mailbox exists only a delivery can tell.)
pub fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn field_error(field: &str, message: String, hint: &str) -> Error {
    Error::validation(format!("{field}: {message}")).with_hint(hint.to_owned())
}

fn check_usd(field: &str, usd: f64) -> Result<()> {
    let hint = "Give an amount in US dollars above zero, with at most two decimals (12.50).";
    if !usd.is_finite() || usd <= 0.0 {
        return Err(field_error(
            field,
            format!("{usd} is not an amount above zero."),
            hint,
        ));
    }
    if usd > MAX_USD {
        return Err(field_error(
            field,
            format!("{usd} is more than Strata sends (at most {MAX_USD:.0})."),
            hint,
        ));
    }
    if ((usd * 100.0).round() - usd * 100.0).abs() > 1e-6 {
        return Err(field_error(
            field,
            format!("{usd} has more than two decimals: AWS bills in cents."),
            hint,
        ));
    }
    Ok(())
}

/// Checks a budget draft as AWS would, before any call.
pub fn check_budget(draft: &BudgetDraft) -> Result<()> {
    let name_hint = "Budget names are 1 to 100 characters, without \":\" or \"\\\".";
    let length = draft.name.chars().count();
    if length == 0 || length > BUDGET_NAME_MAX {
        return Err(field_error(
            "Budget name",
            format!("it has {length} characters; AWS allows 1 to {BUDGET_NAME_MAX}."),
            name_hint,
        ));
    }
    if let Some((at, c)) = draft
        .name
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, ':' | '\\'))
    {
        return Err(field_error(
            "Budget name",
            format!("{c:?} at position {} is not allowed.", at + 1),
            name_hint,
        ));
    }
    check_usd("Monthly limit", draft.monthly_usd)?;
    if let Some(tag) = &draft.tag {
        let tag_hint = "Tag keys are 1 to 128 characters and values up to 256, of letters, \
                        digits, spaces and _ . : / = + - @ (the same rules as profile tags).";
        if let Some(problem) = check_tag_key(&tag.key, 0) {
            return Err(field_error("Tag key", problem.message, tag_hint));
        }
        if tag.value.is_empty() {
            return Err(field_error(
                "Tag value",
                format!("a budget for {} needs the value it is limited to.", tag.key),
                tag_hint,
            ));
        }
        if let Some(problem) = check_tag_value(&tag.value, 0) {
            return Err(field_error("Tag value", problem.message, tag_hint));
        }
    }
    let email_hint = "Give each address once, like name@example.com; at most 10.";
    if draft.emails.len() > MAX_EMAILS {
        return Err(field_error(
            "E-mail",
            format!(
                "{} addresses given; AWS allows {MAX_EMAILS} per notification.",
                draft.emails.len()
            ),
            email_hint,
        ));
    }
    for (i, email) in draft.emails.iter().enumerate() {
        if !looks_like_email(email) {
            return Err(field_error(
                "E-mail",
                format!("{email:?} is not an e-mail address."),
                email_hint,
            ));
        }
        if draft.emails[..i]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(email))
        {
            return Err(field_error(
                "E-mail",
                format!("{email} is given twice."),
                email_hint,
            ));
        }
    }
    let threshold_hint = "Thresholds are percentages of the limit above 0 and at most \
                          1,000,000, each once (80 and 100 when none is given).";
    if !draft.thresholds_percent.is_empty() && draft.emails.is_empty() {
        return Err(field_error(
            "Threshold",
            "thresholds notify someone: give at least one e-mail address with them.".to_owned(),
            "Add --email ADDRESS (or leave the thresholds out for a budget without alerts).",
        ));
    }
    if draft.thresholds_percent.len() > MAX_THRESHOLDS {
        return Err(field_error(
            "Threshold",
            format!(
                "{} thresholds given; AWS allows {MAX_THRESHOLDS} notifications per budget.",
                draft.thresholds_percent.len()
            ),
            threshold_hint,
        ));
    }
    for (i, p) in draft.thresholds_percent.iter().enumerate() {
        if !p.is_finite() || *p <= 0.0 || *p > MAX_THRESHOLD_PERCENT {
            return Err(field_error(
                "Threshold",
                format!("{p}% is outside what AWS accepts (above 0, at most 1,000,000)."),
                threshold_hint,
            ));
        }
        if draft.thresholds_percent[..i].contains(p) {
            return Err(field_error(
                "Threshold",
                format!("{p}% is given twice."),
                threshold_hint,
            ));
        }
    }
    Ok(())
}

/// Checks a billing alarm draft as CloudWatch would, before any call.
pub fn check_billing_alarm(draft: &BillingAlarmDraft) -> Result<()> {
    let hint = "Alarm names are 1 to 255 characters, without control characters, and unique in \
                us-east-1.";
    let length = draft.name.chars().count();
    if length == 0 || length > ALARM_NAME_MAX {
        return Err(field_error(
            "Alarm name",
            format!("it has {length} characters; CloudWatch allows 1 to {ALARM_NAME_MAX}."),
            hint,
        ));
    }
    if let Some((at, _)) = draft.name.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(field_error(
            "Alarm name",
            format!("a control character at position {} is not allowed.", at + 1),
            hint,
        ));
    }
    check_usd("Threshold", draft.threshold_usd)
}

/// The budgets and billing alarms Strata made, as AWS describes them.
pub(crate) async fn list(session: &Session) -> Result<Vec<Alert>> {
    let mut alerts = super::alerts_calls::strata_budgets(session).await?;
    alerts.extend(super::alerts_calls::strata_alarms(session).await?);
    Ok(alerts)
}

/// Creates a budget.
pub(crate) async fn create_budget(session: &Session, draft: &BudgetDraft) -> Result<Alert> {
    super::alerts_calls::create_budget(session, draft).await
}

/// Creates the billing alarm.
pub(crate) async fn create_billing_alarm(
    session: &Session,
    draft: &BillingAlarmDraft,
) -> Result<Alert> {
    super::alerts_calls::create_billing_alarm(session, draft).await
}

/// Deletes the alert Strata made named `name`, and returns it as it was.
pub(crate) async fn delete(session: &Session, name: &str) -> Result<Alert> {
    let alerts = list(session).await?;
    let Some(alert) = alerts.into_iter().find(|a| a.name == name) else {
        return Err(Error::new(
            crate::error::ErrorKind::NotFound,
            format!("No budget or billing alarm named {name:?} was made by Strata."),
        )
        .with_hint("`strata alerts list` shows the alerts Strata made; alerts made elsewhere are left alone."));
    };
    match alert.kind {
        AlertKind::Budget => super::alerts_calls::delete_budget(session, name).await?,
        AlertKind::BillingAlarm => super::alerts_calls::delete_alarm(session, name).await?,
    }
    Ok(alert)
}

#[cfg(test)]
mod tests;
