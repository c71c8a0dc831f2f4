//! AWS Budgets (awsJson1.1 on `POST /`, `X-Amz-Target: AWSBudgetServiceGateway.*`, signed for
//! `budgets`): CreateBudget, DescribeBudgets, DescribeBudget, DeleteBudget,
//! DescribeNotificationsForBudget, DescribeSubscribersForNotification and ListTagsForResource,
//! with botocore's shapes and errors. [`spend`] computes `CalculatedSpend.ActualSpend` from the
//! emulator's own cost records; [`checks`] validates a new budget as AWS does.

mod checks;
mod spend;

use axum::http::HeaderValue;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::store::{BudgetRecord, Notification, NotificationRecord, ResourceTag, Subscriber};
use crate::validate::Violations;
use crate::wire::{json_response, parse_body};

/// The `X-Amz-Target` prefix of the Budgets operations.
pub(crate) const TARGET_PREFIX: &str = "AWSBudgetServiceGateway.";

/// The Budgets operations served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BudgetOp {
    CreateBudget,
    DescribeBudgets,
    DescribeBudget,
    DeleteBudget,
    DescribeNotificationsForBudget,
    DescribeSubscribersForNotification,
    ListTagsForResource,
}

impl BudgetOp {
    /// The operation named by an `X-Amz-Target` suffix.
    pub(crate) fn from_target(op: &str) -> Option<Self> {
        Some(match op {
            "CreateBudget" => Self::CreateBudget,
            "DescribeBudgets" => Self::DescribeBudgets,
            "DescribeBudget" => Self::DescribeBudget,
            "DeleteBudget" => Self::DeleteBudget,
            "DescribeNotificationsForBudget" => Self::DescribeNotificationsForBudget,
            "DescribeSubscribersForNotification" => Self::DescribeSubscribersForNotification,
            "ListTagsForResource" => Self::ListTagsForResource,
            _ => return None,
        })
    }

    /// The operation's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::CreateBudget => "CreateBudget",
            Self::DescribeBudgets => "DescribeBudgets",
            Self::DescribeBudget => "DescribeBudget",
            Self::DeleteBudget => "DeleteBudget",
            Self::DescribeNotificationsForBudget => "DescribeNotificationsForBudget",
            Self::DescribeSubscribersForNotification => "DescribeSubscribersForNotification",
            Self::ListTagsForResource => "ListTagsForResource",
        }
    }

    /// The IAM action (Budgets authorises its reads as `ViewBudget`, its writes as `ModifyBudget`).
    pub(crate) fn action(self) -> &'static str {
        match self {
            Self::CreateBudget | Self::DeleteBudget => "budgets:ModifyBudget",
            Self::ListTagsForResource => "budgets:ListTagsForResource",
            _ => "budgets:ViewBudget",
        }
    }
}

/// A 200 awsJson1.1 answer.
fn json11(body: &Value) -> Response {
    let mut response = json_response(200, body.to_string());
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    response
}

/// Budgets reports broken constraints as `InvalidParameterException`, not `ValidationException`.
fn finish(violations: Violations) -> Result<(), AwsError> {
    violations
        .finish()
        .map_err(|e| AwsError::new(ErrorKind::InvalidParameterException, e.message))
}

fn invalid(message: impl Into<String>) -> AwsError {
    AwsError::new(ErrorKind::InvalidParameterException, message)
}

/// The budget's ARN, as Budgets' ListTagsForResource takes it.
fn budget_arn(account: &str, name: &str) -> String {
    format!("arn:aws:budgets::{account}:budget/{name}")
}

/// Checks `AccountId` (required, 12 digits); whose account it is is checked after.
fn check_account(account: Option<&str>, violations: &mut Violations) {
    match account {
        None => violations.missing("accountId"),
        Some(id) if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) => {
            violations.push_raw(&format!(
                "Value '{id}' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{{12}}"
            ));
        }
        Some(_) => {}
    }
}

/// `AccessDeniedException` for another account's budgets.
fn other_account(account: &str) -> AwsError {
    AwsError::new(
        ErrorKind::AccessDeniedException,
        format!("You are not authorized to access the budgets of account {account}."),
    )
}

/// Validates `AccountId` and `BudgetName` of the by-name operations.
fn account_and_name(
    shared: &Shared,
    account: Option<&str>,
    name: Option<&str>,
) -> Result<String, AwsError> {
    let mut violations = Violations::new();
    check_account(account, &mut violations);
    match name {
        None => violations.missing("budgetName"),
        Some(name) => checks::budget_name(name, &mut violations),
    }
    finish(violations)?;
    let account = account.unwrap_or_default();
    if account != shared.account {
        return Err(other_account(account));
    }
    Ok(name.unwrap_or_default().to_owned())
}

fn budget_not_found(operation: &str, account: &str, name: &str) -> AwsError {
    AwsError::new(
        ErrorKind::NotFoundException,
        format!(
            "[Exception=NotFoundException] Failed to call {operation} for [accountId: {account}] - Unable to get budget: {name} - the budget doesn't exist."
        ),
    )
}

/// Dispatches one Budgets operation.
pub(crate) async fn handle(
    shared: &Shared,
    op: BudgetOp,
    body: &[u8],
) -> Result<Response, AwsError> {
    match op {
        BudgetOp::CreateBudget => create_budget(shared, body).await,
        BudgetOp::DescribeBudgets => describe_budgets(shared, body),
        BudgetOp::DescribeBudget => describe_budget(shared, body),
        BudgetOp::DeleteBudget => delete_budget(shared, body).await,
        BudgetOp::DescribeNotificationsForBudget => describe_notifications(shared, body),
        BudgetOp::DescribeSubscribersForNotification => describe_subscribers(shared, body),
        BudgetOp::ListTagsForResource => list_tags(shared, body),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateRequest {
    account_id: Option<String>,
    budget: Option<checks::BudgetInput>,
    notifications_with_subscribers: Option<Vec<checks::NotificationInput>>,
    resource_tags: Option<Vec<ResourceTag>>,
}

async fn create_budget(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: CreateRequest = parse_body(body)?;
    let mut violations = Violations::new();
    check_account(request.account_id.as_deref(), &mut violations);
    let Some(budget) = request.budget else {
        violations.missing("budget");
        finish(violations)?;
        return Err(invalid("Budget is required."));
    };
    let notifications = request.notifications_with_subscribers.unwrap_or_default();
    let tags = request.resource_tags.unwrap_or_default();
    checks::shapes(&budget, &notifications, &tags, &mut violations);
    finish(violations)?;
    let account = request.account_id.unwrap_or_default();
    if account != shared.account {
        return Err(other_account(&account));
    }
    let now = time::OffsetDateTime::now_utc();
    let record = checks::record(budget, notifications, tags, now)?;
    let name = record.name.clone();
    let generation = shared.store.insert_budget(record).map_err(|()| {
        AwsError::new(
            ErrorKind::DuplicateRecordException,
            format!("Error creating budget: {name} - the budget already exists."),
        )
    })?;
    shared.store.persist(generation).await?;
    Ok(json11(&json!({})))
}

/// A budget as Budgets describes it, with this period's actual spend.
fn budget_json(shared: &Shared, budget: &BudgetRecord) -> Value {
    let actual = spend::actual_spend(shared, budget);
    let mut out = json!({
        "BudgetName": budget.name,
        "BudgetLimit": {"Amount": budget.limit.amount, "Unit": budget.limit.unit},
        "CostFilters": budget.cost_filters,
        "CostTypes": {
            "IncludeTax": true, "IncludeSubscription": true, "UseBlended": false,
            "IncludeRefund": false, "IncludeCredit": false, "IncludeUpfront": true,
            "IncludeRecurring": true, "IncludeOtherSubscription": true, "IncludeSupport": true,
            "IncludeDiscount": true, "UseAmortized": false
        },
        "TimeUnit": budget.time_unit,
        "TimePeriod": {"Start": budget.period_start, "End": spend::NO_END},
        "CalculatedSpend": {"ActualSpend": {"Amount": spend::amount_text(actual), "Unit": budget.limit.unit}},
        "BudgetType": budget.budget_type,
        "LastUpdatedTime": budget.last_updated,
    });
    if budget.cost_filters.is_empty() {
        if let Some(map) = out.as_object_mut() {
            map.remove("CostFilters");
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeBudgetsRequest {
    account_id: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

/// Parses `budgets-N` tokens (an index into the sorted list).
fn page_start(token: Option<&str>, prefix: &str, len: usize) -> Result<usize, AwsError> {
    let bad = || {
        AwsError::new(
            ErrorKind::InvalidNextTokenException,
            "The pagination token is invalid.",
        )
    };
    match token {
        None => Ok(0),
        Some(token) => {
            let start = token
                .strip_prefix(prefix)
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(bad)?;
            if start > len {
                return Err(bad());
            }
            Ok(start)
        }
    }
}

fn describe_budgets(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: DescribeBudgetsRequest = parse_body(body)?;
    let mut violations = Violations::new();
    check_account(request.account_id.as_deref(), &mut violations);
    if let Some(max) = request.max_results {
        violations.range(max, "maxResults", 1, 1000);
    }
    finish(violations)?;
    let account = request.account_id.unwrap_or_default();
    if account != shared.account {
        return Err(other_account(&account));
    }
    let budgets = shared.store.budgets();
    let page = request
        .max_results
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(100);
    let start = page_start(request.next_token.as_deref(), "budgets-", budgets.len())?;
    let end = budgets.len().min(start.saturating_add(page));
    let listed: Vec<Value> = budgets[start..end]
        .iter()
        .map(|b| budget_json(shared, b))
        .collect();
    let mut answer = json!({ "Budgets": listed });
    if end < budgets.len() {
        answer["NextToken"] = json!(format!("budgets-{end}"));
    }
    Ok(json11(&answer))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ByNameRequest {
    account_id: Option<String>,
    budget_name: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
    notification: Option<checks::NotificationShape>,
}

fn describe_budget(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: ByNameRequest = parse_body(body)?;
    let name = account_and_name(
        shared,
        request.account_id.as_deref(),
        request.budget_name.as_deref(),
    )?;
    let budget = shared
        .store
        .budget(&name)
        .ok_or_else(|| budget_not_found("DescribeBudget", &shared.account, &name))?;
    Ok(json11(&json!({ "Budget": budget_json(shared, &budget) })))
}

async fn delete_budget(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: ByNameRequest = parse_body(body)?;
    let name = account_and_name(
        shared,
        request.account_id.as_deref(),
        request.budget_name.as_deref(),
    )?;
    let generation = shared
        .store
        .remove_budget(&name)
        .ok_or_else(|| budget_not_found("DeleteBudget", &shared.account, &name))?;
    shared.store.persist(generation).await?;
    Ok(json11(&json!({})))
}

fn notification_json(shared: &Shared, budget: &BudgetRecord, n: &Notification) -> Value {
    let state = if spend::is_breached(shared, budget, n) {
        "ALARM"
    } else {
        "OK"
    };
    json!({
        "NotificationType": n.notification_type,
        "ComparisonOperator": n.comparison_operator,
        "Threshold": n.threshold,
        "ThresholdType": n.threshold_type,
        "NotificationState": state,
    })
}

fn page_size(max: Option<i64>, violations: &mut Violations) -> usize {
    if let Some(max) = max {
        violations.range(max, "maxResults", 1, 100);
    }
    max.and_then(|m| usize::try_from(m).ok()).unwrap_or(100)
}

fn describe_notifications(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: ByNameRequest = parse_body(body)?;
    let mut violations = Violations::new();
    let page = page_size(request.max_results, &mut violations);
    finish(violations)?;
    let name = account_and_name(
        shared,
        request.account_id.as_deref(),
        request.budget_name.as_deref(),
    )?;
    let budget = shared.store.budget(&name).ok_or_else(|| {
        budget_not_found("DescribeNotificationsForBudget", &shared.account, &name)
    })?;
    let all = &budget.notifications;
    let start = page_start(request.next_token.as_deref(), "notifications-", all.len())?;
    let end = all.len().min(start.saturating_add(page));
    let listed: Vec<Value> = all[start..end]
        .iter()
        .map(|r| notification_json(shared, &budget, &r.notification))
        .collect();
    let mut answer = json!({ "Notifications": listed });
    if end < all.len() {
        answer["NextToken"] = json!(format!("notifications-{end}"));
    }
    Ok(json11(&answer))
}

fn describe_subscribers(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: ByNameRequest = parse_body(body)?;
    let mut violations = Violations::new();
    let page = page_size(request.max_results, &mut violations);
    let wanted = match &request.notification {
        None => {
            violations.missing("notification");
            None
        }
        Some(shape) => checks::notification(shape, "notification", &mut violations),
    };
    finish(violations)?;
    let name = account_and_name(
        shared,
        request.account_id.as_deref(),
        request.budget_name.as_deref(),
    )?;
    let budget = shared.store.budget(&name).ok_or_else(|| {
        budget_not_found("DescribeSubscribersForNotification", &shared.account, &name)
    })?;
    let Some(wanted) = wanted else {
        return Err(invalid("Notification is required."));
    };
    let record: &NotificationRecord = budget
        .notifications
        .iter()
        .find(|r| r.notification.same_as(&wanted))
        .ok_or_else(|| {
            AwsError::new(
                ErrorKind::NotFoundException,
                format!(
                    "Unable to find notification {} {} {} of budget {name}.",
                    wanted.notification_type, wanted.comparison_operator, wanted.threshold
                ),
            )
        })?;
    let all: &[Subscriber] = &record.subscribers;
    let start = page_start(request.next_token.as_deref(), "subscribers-", all.len())?;
    let end = all.len().min(start.saturating_add(page));
    let mut answer = json!({ "Subscribers": &all[start..end] });
    if end < all.len() {
        answer["NextToken"] = json!(format!("subscribers-{end}"));
    }
    Ok(json11(&answer))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListTagsRequest {
    #[serde(rename = "ResourceARN")]
    resource_arn: Option<String>,
}

fn list_tags(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: ListTagsRequest = parse_body(body)?;
    let mut violations = Violations::new();
    let Some(arn) = request.resource_arn else {
        violations.missing("resourceARN");
        finish(violations)?;
        return Err(invalid("ResourceARN is required."));
    };
    let prefix = budget_arn(&shared.account, "");
    let name = arn.strip_prefix(&prefix).ok_or_else(|| {
        invalid(format!(
            "{arn} is not the ARN of a budget of this account ({prefix}NAME)."
        ))
    })?;
    let budget = shared
        .store
        .budget(name)
        .ok_or_else(|| budget_not_found("ListTagsForResource", &shared.account, name))?;
    Ok(json11(&json!({ "ResourceTags": budget.resource_tags })))
}
