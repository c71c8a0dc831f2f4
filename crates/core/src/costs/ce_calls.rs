//! The Cost Explorer calls of the billed side and of tag activation, and how their failures are
//! told apart (no permission, Bedrock API-key credentials, the rest).

use std::collections::BTreeMap;

use aws_sdk_costexplorer::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_costexplorer::types::{
    CostAllocationTagStatus, CostAllocationTagStatusEntry, CostAllocationTagType, DateInterval,
    Granularity, GroupDefinition, GroupDefinitionType,
};

use super::billed::{BilledGap, COSTS_POLICY};
use super::estimate::Grouping;
use super::period::DayRange;
use crate::error::{CallContext, Error, ErrorKind, Result};
use crate::session::Session;

/// The metric the bill is read in: what AWS charged before credits and discounts are shared out.
const METRIC: &str = "UnblendedCost";
/// The most keys one ListCostAllocationTags `TagKeys` list takes (botocore's `ce` model).
pub(crate) const MAX_KEYS_PER_LISTING: usize = 100;
/// The variable a Bedrock API key is given in; the Rust SDK's Bedrock clients read it.
pub(crate) const BEARER_TOKEN_VAR: &str = "AWS_BEARER_TOKEN_BEDROCK";

/// A Cost Explorer failure, sorted for the billed side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CeFailure {
    /// Which case it is.
    pub(crate) gap: BilledGap,
    /// What to tell the user.
    pub(crate) error: Error,
}

/// Whether a service name is Bedrock's: `Amazon Bedrock` itself, or a model sold through AWS
/// Marketplace and billed under its own "… (Amazon Bedrock Edition)" name.
pub(crate) fn is_bedrock_service(name: &str) -> bool {
    name == "Amazon Bedrock" || name.ends_with(" (Amazon Bedrock Edition)")
}

/// The group a Cost Explorer TAG key (`Project$Alpha`) belongs to: the value, or for spend
/// without the tag (`Project$`) the estimate's untagged group. `None` when it is not a key of
/// `tag_key` at all.
pub(crate) fn tag_group(cost_explorer_key: &str, tag_key: &str) -> Option<String> {
    let value = cost_explorer_key.strip_prefix(tag_key)?.strip_prefix('$')?;
    Some(if value.is_empty() {
        Grouping::untagged_key(tag_key)
    } else {
        value.to_owned()
    })
}

/// One row of GetCostAndUsage: a (tag group, service) pair's cost in one period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CostRow {
    /// The tag value or the untagged group.
    pub(crate) group: String,
    /// The service name.
    pub(crate) service: String,
    /// USD.
    pub(crate) usd: f64,
}

/// What the pages of one GetCostAndUsage question held, Bedrock services only.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct CostRows {
    /// The rows, every period.
    pub(crate) rows: Vec<CostRow>,
    /// Some period was marked estimated (not final).
    pub(crate) estimated: bool,
    /// Requests made (each billed $0.01).
    pub(crate) requests: u32,
}

/// The region Cost Explorer answers in: its one endpoint per partition.
fn cost_explorer_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "cn-northwest-1"
    } else if region.starts_with("us-gov-") {
        "us-gov-west-1"
    } else {
        "us-east-1"
    }
}

/// A Cost Explorer client of `session` (in demo mode, the emulator).
pub(crate) fn client(session: &Session) -> aws_sdk_costexplorer::Client {
    let config = aws_sdk_costexplorer::config::Builder::from(&session.services_config())
        .region(aws_config::Region::new(cost_explorer_region(
            &session.target.region,
        )))
        .build();
    aws_sdk_costexplorer::Client::from_conf(config)
}

/// Whether a failure with `error` is because the connection has only a Bedrock API key: the
/// key is set (read through `var`) and the SigV4 chain found no credentials.
pub(crate) fn is_api_key_only(error: &Error, var: impl Fn(&str) -> Option<String>) -> bool {
    error.kind() == ErrorKind::NoCredentials
        && var(BEARER_TOKEN_VAR).is_some_and(|v| !v.trim().is_empty())
}

/// Sorts a failed Cost Explorer (or STS) call; `var` reads the environment.
pub(crate) fn sort_failure<E, R>(
    err: &SdkError<E, R>,
    cx: CallContext<'_>,
    var: impl Fn(&str) -> Option<String>,
) -> CeFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if let SdkError::ServiceError(service) = err {
        let e = service.err();
        let aws_says = e
            .message()
            .filter(|m| !m.is_empty())
            .map(|m| format!(" AWS says: {m}"))
            .unwrap_or_default();
        let sorted = match e.code().unwrap_or("") {
            "AccessDeniedException" | "AccessDenied" => Some((
                BilledGap::NoPermission,
                Error::new(
                    ErrorKind::AccessDenied,
                    format!(
                        "Your AWS identity is not allowed to call {}: it needs {}.{aws_says}",
                        cx.operation, cx.action
                    ),
                )
                .with_hint(format!(
                    "Ask your administrator to allow {} on your IAM user or role. The policy \
                     statement the Costs features need:\n{COSTS_POLICY}",
                    cx.action
                )),
            )),
            "LimitExceededException" | "ThrottlingException" => Some((
                BilledGap::Failed,
                Error::new(
                    ErrorKind::Throttled,
                    format!("Cost Explorer is throttling {}.{aws_says}", cx.operation),
                )
                .with_hint("Wait a minute and ask again (each request costs $0.01)."),
            )),
            "DataUnavailableException" => Some((
                BilledGap::Failed,
                Error::new(
                    ErrorKind::NotFound,
                    format!("Cost Explorer has no data for this period yet.{aws_says}"),
                )
                .with_hint(
                    "Cost Explorer must be enabled for the account, and its data lags 24–48 hours.",
                ),
            )),
            "BillExpirationException" => Some((
                BilledGap::Failed,
                Error::new(
                    ErrorKind::Validation,
                    format!("Cost Explorer no longer holds this period.{aws_says}"),
                )
                .with_hint("Choose a period within the last 13 months."),
            )),
            _ => None,
        };
        if let Some((gap, error)) = sorted {
            return CeFailure { gap, error };
        }
    }
    let error = Error::from_sdk(err, cx);
    if is_api_key_only(&error, var) {
        return CeFailure {
            gap: BilledGap::ApiKey,
            error: Error::new(
                ErrorKind::NoCredentials,
                format!(
                    "{} needs AWS credentials: a Bedrock API key ({BEARER_TOKEN_VAR}) reaches only \
                     Bedrock, not Cost Explorer.",
                    cx.operation
                ),
            )
            .with_hint(format!(
                "Sign in with an AWS profile or access keys that may use Cost Explorer; the \
                 statement to allow:\n{COSTS_POLICY}"
            )),
        };
    }
    CeFailure {
        gap: BilledGap::Failed,
        error,
    }
}

fn context<'a>(
    session: &'a Session,
    operation: &'static str,
    action: &'static str,
) -> CallContext<'a> {
    CallContext {
        operation,
        action,
        region: &session.target.region,
        profile: session.target.profile.as_deref(),
    }
}

/// The environment, for [`sort_failure`].
pub(crate) fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Reads a metric amount in USD; anything else is refused rather than summed as dollars.
fn usd(amount: Option<&str>, unit: Option<&str>) -> Result<f64> {
    if let Some(unit) = unit.filter(|u| *u != "USD") {
        return Err(Error::internal(format!(
            "Cost Explorer answered in {unit}, not USD: Strata shows bills in US dollars only."
        )));
    }
    let text = amount.unwrap_or("0");
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            Error::internal(format!(
                "Cost Explorer answered an amount that is not a number: {text:?}."
            ))
        })
}

/// GetCostAndUsage of `range` grouped by `tag_key` and by service, every page, keeping the
/// Bedrock services. MONTHLY: the sums are the same as DAILY's with far fewer rows.
pub(crate) async fn cost_and_usage(
    session: &Session,
    range: DayRange,
    tag_key: &str,
) -> std::result::Result<CostRows, CeFailure> {
    let client = client(session);
    let interval = DateInterval::builder()
        .start(range.from.to_string())
        .end(range.to.to_string())
        .build()
        .map_err(|e| CeFailure {
            gap: BilledGap::Failed,
            error: Error::internal(format!("The period could not be put in a request: {e}")),
        })?;
    let mut out = CostRows::default();
    let mut token: Option<String> = None;
    loop {
        let answer = client
            .get_cost_and_usage()
            .time_period(interval.clone())
            .granularity(Granularity::Monthly)
            .metrics(METRIC)
            .group_by(
                GroupDefinition::builder()
                    .r#type(GroupDefinitionType::Tag)
                    .key(tag_key)
                    .build(),
            )
            .group_by(
                GroupDefinition::builder()
                    .r#type(GroupDefinitionType::Dimension)
                    .key("SERVICE")
                    .build(),
            )
            .set_next_page_token(token.take())
            .send()
            .await;
        out.requests += 1;
        let answer = answer.map_err(|e| {
            sort_failure(
                &e,
                context(session, "GetCostAndUsage", "ce:GetCostAndUsage"),
                env_var,
            )
        })?;
        for period in answer.results_by_time() {
            out.estimated |= period.estimated();
            for group in period.groups() {
                // Keys come in the order of GroupBy: the tag, then the service.
                let (Some(tag), Some(service)) = (group.keys().first(), group.keys().get(1)) else {
                    continue;
                };
                if !is_bedrock_service(service) {
                    continue;
                }
                let Some(key) = tag_group(tag, tag_key) else {
                    continue;
                };
                let metric = group.metrics().and_then(|m| m.get(METRIC));
                let amount = usd(
                    metric.and_then(|m| m.amount()),
                    metric.and_then(|m| m.unit()),
                )
                .map_err(|error| CeFailure {
                    gap: BilledGap::Failed,
                    error,
                })?;
                out.rows.push(CostRow {
                    group: key,
                    service: service.clone(),
                    usd: amount,
                });
            }
        }
        match answer.next_page_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_owned()),
            _ => break,
        }
    }
    Ok(out)
}

/// A tag key's cost allocation status as ListCostAllocationTags gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListedTag {
    /// Active or not.
    pub(crate) active: bool,
    /// `LastUpdatedDate`.
    pub(crate) last_updated: Option<String>,
    /// `LastUsedDate`.
    pub(crate) last_used: Option<String>,
}

/// The user-defined cost allocation tags among `keys` that billing knows, asked in lists of at
/// most [`MAX_KEYS_PER_LISTING`] keys, every page.
pub(crate) async fn list_tags(
    session: &Session,
    keys: &[String],
) -> std::result::Result<BTreeMap<String, ListedTag>, CeFailure> {
    let client = client(session);
    let mut found = BTreeMap::new();
    for chunk in keys.chunks(MAX_KEYS_PER_LISTING) {
        let mut token: Option<String> = None;
        loop {
            let answer = client
                .list_cost_allocation_tags()
                .set_tag_keys(Some(chunk.to_vec()))
                .r#type(CostAllocationTagType::UserDefined)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| {
                    sort_failure(
                        &e,
                        context(
                            session,
                            "ListCostAllocationTags",
                            "ce:ListCostAllocationTags",
                        ),
                        env_var,
                    )
                })?;
            for tag in answer.cost_allocation_tags() {
                found.insert(
                    tag.tag_key().to_owned(),
                    ListedTag {
                        active: *tag.status() == CostAllocationTagStatus::Active,
                        last_updated: tag.last_updated_date().map(str::to_owned),
                        last_used: tag.last_used_date().map(str::to_owned),
                    },
                );
            }
            match answer.next_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                _ => break,
            }
        }
    }
    Ok(found)
}

/// One key AWS refused to activate, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// The key.
    pub(crate) key: String,
    /// AWS's code (`TagKeyNotFound` …).
    pub(crate) code: String,
    /// AWS's message.
    pub(crate) message: String,
}

/// UpdateCostAllocationTagsStatus setting `keys` Active (at most 20, checked by the caller);
/// returns the keys AWS refused.
pub(crate) async fn activate(
    session: &Session,
    keys: &[String],
) -> std::result::Result<Vec<Refusal>, CeFailure> {
    let mut entries = Vec::with_capacity(keys.len());
    for key in keys {
        entries.push(
            CostAllocationTagStatusEntry::builder()
                .tag_key(key)
                .status(CostAllocationTagStatus::Active)
                .build()
                .map_err(|e| CeFailure {
                    gap: BilledGap::Failed,
                    error: Error::internal(format!("The key could not be put in a request: {e}")),
                })?,
        );
    }
    let answer = client(session)
        .update_cost_allocation_tags_status()
        .set_cost_allocation_tags_status(Some(entries))
        .send()
        .await
        .map_err(|e| {
            sort_failure(
                &e,
                context(
                    session,
                    "UpdateCostAllocationTagsStatus",
                    "ce:UpdateCostAllocationTagsStatus",
                ),
                env_var,
            )
        })?;
    Ok(answer
        .errors()
        .iter()
        .map(|e| Refusal {
            key: e.tag_key().unwrap_or_default().to_owned(),
            code: e.code().unwrap_or("Unknown").to_owned(),
            message: e.message().unwrap_or_default().to_owned(),
        })
        .collect())
}

/// STS GetCallerIdentity's account, sorted like a Cost Explorer failure (an API key reaches no
/// STS either).
pub(crate) async fn account(session: &Session) -> std::result::Result<String, CeFailure> {
    let client = aws_sdk_sts::Client::new(&session.services_config());
    let answer = client.get_caller_identity().send().await.map_err(|e| {
        sort_failure(
            &e,
            context(session, "GetCallerIdentity", "sts:GetCallerIdentity"),
            env_var,
        )
    })?;
    answer.account.ok_or_else(|| CeFailure {
        gap: BilledGap::Failed,
        error: Error::internal("STS answered GetCallerIdentity without an account."),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::costs::billed::{merge_into, summarise, Billed};
    use crate::costs::{DayRange, Estimate, Grouping};

    fn row(group: &str, service: &str, usd: f64) -> CostRow {
        CostRow {
            group: group.into(),
            service: service.into(),
            usd,
        }
    }

    #[test]
    fn only_bedrock_and_its_marketplace_editions_are_bedrock_services() {
        assert!(is_bedrock_service("Amazon Bedrock"));
        assert!(is_bedrock_service(
            "Claude 3.5 Sonnet (Amazon Bedrock Edition)"
        ));
        assert!(!is_bedrock_service("Amazon Bedrock Edition"));
        assert!(!is_bedrock_service(
            "Amazon Elastic Compute Cloud - Compute"
        ));
        assert!(!is_bedrock_service("amazon bedrock"));
    }

    #[test]
    fn tag_keys_map_to_values_and_the_empty_value_to_the_untagged_group() {
        assert_eq!(
            tag_group("Project$Alpha", "Project").as_deref(),
            Some("Alpha")
        );
        assert_eq!(
            tag_group("Project$", "Project"),
            Some(Grouping::untagged_key("Project"))
        );
        // A `$` inside the value stays in it; another key is not this one.
        assert_eq!(tag_group("Project$a$b", "Project").as_deref(), Some("a$b"));
        assert_eq!(tag_group("ProjectX$Alpha", "Project"), None);
        assert_eq!(tag_group("Alpha", "Project"), None);
    }

    #[test]
    fn api_key_credentials_are_told_by_the_bearer_token_and_no_sigv4_credentials() {
        let none = Error::new(ErrorKind::NoCredentials, "no credentials");
        let denied = Error::new(ErrorKind::AccessDenied, "denied");
        let with_key = |name: &str| (name == BEARER_TOKEN_VAR).then(|| "ABSKexample".to_owned());
        let blank = |name: &str| (name == BEARER_TOKEN_VAR).then(|| "  ".to_owned());
        assert!(is_api_key_only(&none, with_key));
        assert!(!is_api_key_only(&none, |_| None));
        assert!(!is_api_key_only(&none, blank));
        // SigV4 credentials that fail otherwise are not an API-key case.
        assert!(!is_api_key_only(&denied, with_key));
    }

    #[test]
    fn amounts_in_another_currency_or_not_numbers_are_refused() {
        assert_eq!(usd(Some("1.25"), Some("USD")).unwrap(), 1.25);
        assert_eq!(usd(Some("0.5"), None).unwrap(), 0.5);
        assert!(usd(Some("1.25"), Some("EUR")).is_err());
        assert!(usd(Some("NaN"), Some("USD")).is_err());
        assert!(usd(Some("lots"), Some("USD")).is_err());
    }

    #[test]
    fn rows_sum_per_group_and_service_largest_first() {
        let rows = [
            row("Alpha", "Amazon Bedrock", 0.5),
            row("Beta", "Amazon Bedrock", 3.0),
            row("Alpha", "Claude 3 Haiku (Amazon Bedrock Edition)", 1.0),
            row("Alpha", "Amazon Bedrock", 0.25),
        ];
        let (groups, total) = summarise(&rows);
        assert_eq!(total, 4.75);
        let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["Beta", "Alpha"]);
        assert_eq!(groups[1].billed_usd, 1.75);
        let services: Vec<(&str, f64)> = groups[1]
            .services
            .iter()
            .map(|s| (s.service.as_str(), s.billed_usd))
            .collect();
        assert_eq!(
            services,
            [
                ("Claude 3 Haiku (Amazon Bedrock Edition)", 1.0),
                ("Amazon Bedrock", 0.75)
            ]
        );
    }

    #[test]
    fn the_bill_fills_matching_groups_zero_for_unbilled_and_adds_bill_only_groups() {
        let range = DayRange {
            from: crate::costs::Day::parse("2024-01-01").unwrap(),
            to: crate::costs::Day::parse("2024-02-01").unwrap(),
        };
        let mut estimate = Estimate::from_records(&[], range, &Grouping::Tag("Project".into()));
        estimate.groups.push(crate::costs::GroupEstimate {
            key: "Alpha".into(),
            estimated_usd: Some(1.0),
            billed_usd: None,
            input_tokens: 10,
            output_tokens: 5,
            turns: 1,
            unknown_cost_turns: 0,
        });
        estimate.groups.push(crate::costs::GroupEstimate {
            key: "Gamma".into(),
            estimated_usd: Some(0.5),
            billed_usd: None,
            input_tokens: 1,
            output_tokens: 1,
            turns: 1,
            unknown_cost_turns: 0,
        });
        let (groups, total_usd) = summarise(&[
            row("Alpha", "Amazon Bedrock", 0.9),
            row("(Project not set)", "Amazon Bedrock", 2.0),
        ]);
        let billed = Billed {
            from: range.from.into(),
            to: range.to.into(),
            tag_key: "Project".into(),
            account: "123456789012".into(),
            groups,
            total_usd,
            estimated_by_aws: false,
            fetched_ms: 0,
            from_cache: false,
            requests: 1,
        };
        merge_into(&mut estimate, &billed);
        let got: Vec<(&str, Option<f64>, Option<f64>, u64)> = estimate
            .groups
            .iter()
            .map(|g| (g.key.as_str(), g.estimated_usd, g.billed_usd, g.turns))
            .collect();
        assert_eq!(
            got,
            [
                ("Alpha", Some(1.0), Some(0.9), 1),
                ("Gamma", Some(0.5), Some(0.0), 1),
                ("(Project not set)", None, Some(2.0), 0),
            ]
        );
        assert_eq!(estimate.totals.billed_usd, Some(2.9));
    }
}
