//! Alerts: an AWS Budget for one tag value (the per-project alert: "Project = Alpha, $100 a
//! month, e-mail at 80% and 100%"), and the CloudWatch billing alarm on `EstimatedCharges`
//! (us-east-1, `ServiceName` `AmazonBedrock`), which covers all of the account's Bedrock spend
//! because that metric has no tag dimension. Strata lists and deletes the alerts it made.

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
use crate::session::Session;

/// Checks a budget draft as AWS would, before any call.
pub fn check_budget(draft: &BudgetDraft) -> Result<()> {
    let _ = draft;
    Ok(())
}

/// Checks a billing alarm draft as CloudWatch would, before any call.
pub fn check_billing_alarm(draft: &BillingAlarmDraft) -> Result<()> {
    let _ = draft;
    Ok(())
}

/// The budgets and billing alarms Strata made, as AWS describes them.
pub(crate) async fn list(session: &Session) -> Result<Vec<Alert>> {
    let _ = session;
    Err(Error::internal("Alerts are not built yet."))
}

/// Creates a budget.
pub(crate) async fn create_budget(session: &Session, draft: &BudgetDraft) -> Result<Alert> {
    let _ = (session, draft);
    Err(Error::internal("Alerts are not built yet."))
}

/// Creates the billing alarm.
pub(crate) async fn create_billing_alarm(
    session: &Session,
    draft: &BillingAlarmDraft,
) -> Result<Alert> {
    let _ = (session, draft);
    Err(Error::internal("Alerts are not built yet."))
}

/// Deletes the alert Strata made named `name`, and returns it as it was.
pub(crate) async fn delete(session: &Session, name: &str) -> Result<Alert> {
    let _ = (session, name);
    Err(Error::internal("Alerts are not built yet."))
}
