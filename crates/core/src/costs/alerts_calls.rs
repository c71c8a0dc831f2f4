//! The AWS calls behind the alerts: Budgets (global; its client signs for us-east-1) and
//! CloudWatch in us-east-1, where the billing metric lives. Both clients are built from
//! [`Session::services_config`], so demo mode talks to the emulator.

use std::error::Error as StdError;

use aws_sdk_budgets::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_budgets::types::{
    Budget, BudgetType, ComparisonOperator, Notification, NotificationType,
    NotificationWithSubscribers, ResourceTag, Spend, Subscriber, SubscriptionType, ThresholdType,
    TimeUnit,
};
use aws_sdk_cloudwatch::types::{
    ComparisonOperator as AlarmComparison, Dimension, MetricAlarm, Statistic, Tag as AlarmTag,
};

use super::alerts::{
    amount_text, budget_scope, effective_thresholds, tag_filter_value, tag_of_filter, Alert,
    AlertKind, BillingAlarmDraft, BudgetDraft, ALARM_MARK, ALARM_MARK_VALUE, ALARM_SCOPE,
    ALERTS_POLICY, BEDROCK_SERVICE, BILLING_REGION, BUDGET_MARK, MARK_KEY,
};
use crate::error::{CallContext, Error, ErrorKind, Result};

/// Budgets authorises every Describe call as ViewBudget.
const VIEW: &str = "budgets:ViewBudget";
use crate::session::Session;

/// Sorts an SDK error of an alerts call: AccessDenied names the action and carries
/// [`ALERTS_POLICY`], a duplicate is a Conflict, AWS's refusals of a parameter are Validation;
/// the rest as every call sorts them.
fn alerts_error<E, R>(
    err: &SdkError<E, R>,
    session: &Session,
    operation: &'static str,
    action: &'static str,
    region: &str,
) -> Error
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    if let SdkError::ServiceError(service) = err {
        let e = service.err();
        let aws_says = e
            .message()
            .filter(|m| !m.is_empty())
            .map(|m| format!(" AWS says: {m}"))
            .unwrap_or_default();
        match e.code().unwrap_or("") {
            "AccessDeniedException" | "AccessDenied" => {
                return Error::new(
                    ErrorKind::AccessDenied,
                    format!(
                        "Your AWS identity is not allowed to call {operation}: it needs {action}.{aws_says}"
                    ),
                )
                .with_hint(format!(
                    "Ask your administrator to allow {action}. The policy statement the alerts \
                     need:\n{ALERTS_POLICY}"
                ))
            }
            "DuplicateRecordException" => {
                return Error::new(
                    ErrorKind::Conflict,
                    format!("An alert of that name already exists.{aws_says}"),
                )
                .with_hint("Budget names are unique per account: choose another name.")
            }
            "NotFoundException" | "ResourceNotFound" => {
                return Error::new(ErrorKind::NotFound, format!("{operation} found nothing.{aws_says}"))
                    .with_hint("`strata alerts list` shows the alerts Strata made.")
            }
            "InvalidParameterException"
            | "InvalidParameterValue"
            | "InvalidParameterCombination"
            | "MissingParameter"
            | "ValidationError" => {
                return Error::validation(format!("AWS refused {operation}.{aws_says}"))
                    .with_hint("Change the alert as the message says and try again.")
            }
            _ => {}
        }
    }
    Error::from_sdk(
        err,
        CallContext {
            operation,
            action,
            region,
            profile: session.target.profile.as_deref(),
        },
    )
}

fn budgets_client(session: &Session) -> aws_sdk_budgets::Client {
    let config = aws_sdk_budgets::config::Builder::from(&session.services_config())
        .region(aws_sdk_budgets::config::Region::new(BILLING_REGION))
        .build();
    aws_sdk_budgets::Client::from_conf(config)
}

fn cloudwatch_client(session: &Session) -> aws_sdk_cloudwatch::Client {
    let config = aws_sdk_cloudwatch::config::Builder::from(&session.services_config())
        .region(aws_sdk_cloudwatch::config::Region::new(BILLING_REGION))
        .build();
    aws_sdk_cloudwatch::Client::from_conf(config)
}

fn built<T, E: std::fmt::Display>(what: &str, result: std::result::Result<T, E>) -> Result<T> {
    result.map_err(|e| Error::internal(format!("The {what} for AWS could not be built: {e}")))
}

async fn account(session: &Session) -> Result<String> {
    Ok(super::identity::caller_identity(session).await?.account)
}

/// The budget's ARN, as Budgets' ListTagsForResource takes it.
fn budget_arn(account: &str, name: &str) -> String {
    format!("arn:aws:budgets::{account}:budget/{name}")
}

fn notification(percent: f64) -> Result<Notification> {
    built(
        "notification",
        Notification::builder()
            .notification_type(NotificationType::Actual)
            .comparison_operator(ComparisonOperator::GreaterThan)
            .threshold(percent)
            .threshold_type(ThresholdType::Percentage)
            .build(),
    )
}

/// Creates the budget, then describes it as AWS now has it.
// CostFilters (`TagKeyValue: ["user:Project$Alpha"]`) is the form the user guide and the AWS CLI
// examples use, and the one the emulator computes spend for; the SDK marks it deprecated in
// favour of FilterExpression.
#[allow(deprecated)]
pub(super) async fn create_budget(session: &Session, draft: &BudgetDraft) -> Result<Alert> {
    let account = account(session).await?;
    let limit = built(
        "budget limit",
        Spend::builder()
            .amount(amount_text(draft.monthly_usd))
            .unit("USD")
            .build(),
    )?;
    let mut budget = Budget::builder()
        .budget_name(&draft.name)
        .budget_limit(limit)
        .time_unit(TimeUnit::Monthly)
        .budget_type(BudgetType::Cost);
    budget = match &draft.tag {
        Some(tag) => budget.cost_filters("TagKeyValue", vec![tag_filter_value(tag)]),
        None => budget.cost_filters("Service", vec![BEDROCK_SERVICE.to_owned()]),
    };
    let mut request = budgets_client(session)
        .create_budget()
        .account_id(&account)
        .budget(built("budget", budget.build())?)
        .resource_tags(built(
            "budget tag",
            ResourceTag::builder()
                .key(MARK_KEY)
                .value(BUDGET_MARK)
                .build(),
        )?);
    for percent in effective_thresholds(draft) {
        let mut with = NotificationWithSubscribers::builder().notification(notification(percent)?);
        for email in &draft.emails {
            with = with.subscribers(built(
                "subscriber",
                Subscriber::builder()
                    .subscription_type(SubscriptionType::Email)
                    .address(email)
                    .build(),
            )?);
        }
        request = request.notifications_with_subscribers(built("notification", with.build())?);
    }
    request.send().await.map_err(|e| {
        alerts_error(
            &e,
            session,
            "CreateBudget",
            "budgets:ModifyBudget",
            BILLING_REGION,
        )
    })?;
    let client = budgets_client(session);
    let described = client
        .describe_budget()
        .account_id(&account)
        .budget_name(&draft.name)
        .send()
        .await
        .map_err(|e| {
            alerts_error(
                &e,
                session,
                "DescribeBudget",
                "budgets:ViewBudget",
                BILLING_REGION,
            )
        })?;
    let budget = described.budget.ok_or_else(|| {
        Error::internal("Budgets answered DescribeBudget without the budget just created.")
    })?;
    budget_alert(session, &client, &account, &budget).await
}

/// A budget as an [`Alert`], with its notifications' thresholds and e-mail subscribers.
#[allow(deprecated)] // CostFilters: see create_budget.
async fn budget_alert(
    session: &Session,
    client: &aws_sdk_budgets::Client,
    account: &str,
    budget: &Budget,
) -> Result<Alert> {
    let name = budget.budget_name.clone();
    let tag = budget
        .cost_filters
        .as_ref()
        .and_then(|filters| filters.get("TagKeyValue"))
        .and_then(|values| values.first())
        .and_then(|v| tag_of_filter(v));
    let limit_usd = budget
        .budget_limit
        .as_ref()
        .and_then(|l| l.amount.parse::<f64>().ok())
        .ok_or_else(|| Error::internal(format!("Budgets described {name} without a limit.")))?;
    let actual_usd = budget
        .calculated_spend
        .as_ref()
        .and_then(|c| c.actual_spend.as_ref())
        .and_then(|s| s.amount.parse::<f64>().ok());
    let mut notifications = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .describe_notifications_for_budget()
            .account_id(account)
            .budget_name(&name)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| {
                alerts_error(
                    &e,
                    session,
                    "DescribeNotificationsForBudget",
                    VIEW,
                    BILLING_REGION,
                )
            })?;
        notifications.extend(page.notifications.unwrap_or_default());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let mut thresholds_percent = Vec::new();
    let mut emails: Vec<String> = Vec::new();
    for n in notifications {
        thresholds_percent.push(n.threshold);
        let mut token = None;
        loop {
            let page = client
                .describe_subscribers_for_notification()
                .account_id(account)
                .budget_name(&name)
                .notification(n.clone())
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| {
                    alerts_error(
                        &e,
                        session,
                        "DescribeSubscribersForNotification",
                        VIEW,
                        BILLING_REGION,
                    )
                })?;
            for s in page.subscribers.unwrap_or_default() {
                if s.subscription_type == SubscriptionType::Email && !emails.contains(&s.address) {
                    emails.push(s.address);
                }
            }
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
    }
    Ok(Alert {
        scope: budget_scope(tag.as_ref()),
        name,
        kind: AlertKind::Budget,
        limit_usd,
        tag,
        thresholds_percent,
        emails,
        actual_usd,
        state: None,
    })
}

/// Every budget of the account that carries Strata's mark.
pub(super) async fn strata_budgets(session: &Session) -> Result<Vec<Alert>> {
    let account = account(session).await?;
    let client = budgets_client(session);
    let mut budgets = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .describe_budgets()
            .account_id(&account)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| {
                alerts_error(
                    &e,
                    session,
                    "DescribeBudgets",
                    "budgets:ViewBudget",
                    BILLING_REGION,
                )
            })?;
        budgets.extend(page.budgets.unwrap_or_default());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let mut alerts = Vec::new();
    for budget in budgets {
        let tags = client
            .list_tags_for_resource()
            .resource_arn(budget_arn(&account, &budget.budget_name))
            .send()
            .await
            .map_err(|e| {
                alerts_error(
                    &e,
                    session,
                    "ListTagsForResource",
                    "budgets:ListTagsForResource",
                    BILLING_REGION,
                )
            })?;
        let marked = tags
            .resource_tags
            .unwrap_or_default()
            .iter()
            .any(|t| t.key == MARK_KEY && t.value == BUDGET_MARK);
        if marked {
            alerts.push(budget_alert(session, &client, &account, &budget).await?);
        }
    }
    Ok(alerts)
}

/// Deletes the budget named `name`.
pub(super) async fn delete_budget(session: &Session, name: &str) -> Result<()> {
    let account = account(session).await?;
    budgets_client(session)
        .delete_budget()
        .account_id(&account)
        .budget_name(name)
        .send()
        .await
        .map_err(|e| {
            alerts_error(
                &e,
                session,
                "DeleteBudget",
                "budgets:ModifyBudget",
                BILLING_REGION,
            )
        })?;
    Ok(())
}

fn alarm_alert(alarm: &MetricAlarm) -> Alert {
    Alert {
        name: alarm.alarm_name().unwrap_or_default().to_owned(),
        kind: AlertKind::BillingAlarm,
        limit_usd: alarm.threshold().unwrap_or_default(),
        tag: None,
        scope: ALARM_SCOPE.to_owned(),
        thresholds_percent: Vec::new(),
        emails: Vec::new(),
        actual_usd: None,
        state: alarm.state_value().map(|s| s.as_str().to_owned()),
    }
}

/// The us-east-1 metric alarms whose description carries Strata's mark, or only `name`.
async fn described_alarms(session: &Session, name: Option<&str>) -> Result<Vec<MetricAlarm>> {
    let client = cloudwatch_client(session);
    let mut alarms = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .describe_alarms()
            .set_alarm_names(name.map(|n| vec![n.to_owned()]))
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| {
                alerts_error(
                    &e,
                    session,
                    "DescribeAlarms",
                    "cloudwatch:DescribeAlarms",
                    BILLING_REGION,
                )
            })?;
        alarms.extend(page.metric_alarms.unwrap_or_default());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    Ok(alarms)
}

fn is_strata_alarm(alarm: &MetricAlarm) -> bool {
    alarm
        .alarm_description()
        .is_some_and(|d| d.starts_with(ALARM_MARK))
}

/// The billing alarms Strata made.
pub(super) async fn strata_alarms(session: &Session) -> Result<Vec<Alert>> {
    Ok(described_alarms(session, None)
        .await?
        .iter()
        // Without a threshold there is no limit to show (never $0 for unknown).
        .filter(|a| is_strata_alarm(a) && a.threshold().is_some())
        .map(alarm_alert)
        .collect())
}

/// Puts the billing alarm, unless an alarm of that name exists (PutMetricAlarm would silently
/// replace it, which is not what "create" means).
pub(super) async fn create_billing_alarm(
    session: &Session,
    draft: &BillingAlarmDraft,
) -> Result<Alert> {
    if !described_alarms(session, Some(&draft.name))
        .await?
        .is_empty()
    {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!(
                "An alarm named {:?} already exists in us-east-1.",
                draft.name
            ),
        )
        .with_hint("Alarm names are unique per region: choose another name."));
    }
    let dimension = |name: &str, value: &str| Dimension::builder().name(name).value(value).build();
    cloudwatch_client(session)
        .put_metric_alarm()
        .alarm_name(&draft.name)
        .alarm_description(format!(
            "{ALARM_MARK} all of the account's Amazon Bedrock spend; EstimatedCharges has no tag dimension."
        ))
        .metric_name("EstimatedCharges")
        .namespace("AWS/Billing")
        .statistic(Statistic::Maximum)
        .period(86_400)
        .evaluation_periods(1)
        .threshold(draft.threshold_usd)
        .comparison_operator(AlarmComparison::GreaterThanThreshold)
        .dimensions(dimension("Currency", "USD"))
        .dimensions(dimension("ServiceName", "AmazonBedrock"))
        .tags(
            AlarmTag::builder()
                .key(MARK_KEY)
                .value(ALARM_MARK_VALUE)
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            alerts_error(&e, session, "PutMetricAlarm", "cloudwatch:PutMetricAlarm", BILLING_REGION)
        })?;
    let alarms = described_alarms(session, Some(&draft.name)).await?;
    let alarm = alarms
        .first()
        .ok_or_else(|| Error::internal("CloudWatch did not describe the alarm just put."))?;
    Ok(alarm_alert(alarm))
}

/// Deletes the alarm named `name` in us-east-1.
pub(super) async fn delete_alarm(session: &Session, name: &str) -> Result<()> {
    cloudwatch_client(session)
        .delete_alarms()
        .alarm_names(name)
        .send()
        .await
        .map_err(|e| {
            alerts_error(
                &e,
                session,
                "DeleteAlarms",
                "cloudwatch:DeleteAlarms",
                BILLING_REGION,
            )
        })?;
    Ok(())
}
