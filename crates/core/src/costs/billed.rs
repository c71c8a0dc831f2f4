//! The billed side of Costs: Cost Explorer's GetCostAndUsage for a period, grouped by one tag
//! key and by service, kept to the Bedrock services (`Amazon Bedrock` and the Marketplace
//! "… (Amazon Bedrock Edition)" names). Each request costs $0.01, so answers are cached per
//! (account, period, grouping) and fetched only when asked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::period::DateText;
use crate::error::Error;

/// One Bedrock service's part of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCost {
    /// The service name as Cost Explorer gives it (`Amazon Bedrock`,
    /// `Claude 3.5 Sonnet (Amazon Bedrock Edition)`).
    pub service: String,
    /// Its unblended cost in the period, USD.
    pub billed_usd: f64,
}

/// One tag value's bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BilledGroup {
    /// The tag value; spend without the tag (Cost Explorer's `Project$`) is under
    /// [`Grouping::untagged_key`](super::Grouping::untagged_key), as in the estimate.
    pub key: String,
    /// The group's unblended cost over the Bedrock services, USD.
    pub billed_usd: f64,
    /// Per service, largest first.
    pub services: Vec<ServiceCost>,
}

/// Cost Explorer's answer for one (account, period, tag key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Billed {
    /// The first day counted, `YYYY-MM-DD`.
    pub from: DateText,
    /// The first day no longer counted.
    pub to: DateText,
    /// The tag key grouped by.
    pub tag_key: String,
    /// The account the bill is for.
    pub account: String,
    /// The groups, largest first.
    pub groups: Vec<BilledGroup>,
    /// All Bedrock services together, USD.
    pub total_usd: f64,
    /// Cost Explorer marked part of the period as estimated (not final yet).
    pub estimated_by_aws: bool,
    /// When Cost Explorer answered (ms since the Unix epoch).
    #[ts(type = "number")]
    pub fetched_ms: u64,
    /// The answer came from the cache (no request was made, nothing was charged).
    pub from_cache: bool,
    /// How many Cost Explorer requests the answer took when it was fetched (each $0.01).
    pub requests: u32,
}

/// Why the billed side is missing, so the screen can say it in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BilledGap {
    /// The bill is grouped by a tag key only: grouping by profile or model has no billed side.
    NotByTag,
    /// The identity lacks `ce:GetCostAndUsage` (the error carries the IAM statement to add).
    NoPermission,
    /// Bedrock API-key credentials reach only Bedrock, not Cost Explorer.
    ApiKey,
    /// Anything else (network, throttling, expired credentials …): see the error.
    Failed,
}

/// The billed side of a report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum BilledSide {
    /// Not asked for (source `estimate`).
    NotAsked,
    /// Cost Explorer's figures.
    Available {
        /// The bill.
        billed: Billed,
    },
    /// Asked for but missing, and why.
    Unavailable {
        /// Which case it is.
        gap: BilledGap,
        /// The message and what to do (for `NoPermission`, the IAM statement).
        error: Error,
    },
}

/// The IAM statement the billed side and tag activation need.
pub const COSTS_POLICY: &str = r#"{
  "Effect": "Allow",
  "Action": [
    "ce:GetCostAndUsage",
    "ce:ListCostAllocationTags",
    "ce:UpdateCostAllocationTagsStatus"
  ],
  "Resource": "*"
}"#;

/// The groups of Cost Explorer's rows: per group, its services summed and largest first; the
/// groups largest first (then by key), and the total.
pub(crate) fn summarise(rows: &[super::ce_calls::CostRow]) -> (Vec<BilledGroup>, f64) {
    use std::collections::BTreeMap;
    let mut per_group: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
    for row in rows {
        *per_group
            .entry(row.group.as_str())
            .or_default()
            .entry(row.service.as_str())
            .or_insert(0.0) += row.usd;
    }
    let mut groups: Vec<BilledGroup> = per_group
        .into_iter()
        .map(|(key, services)| {
            let mut services: Vec<ServiceCost> = services
                .into_iter()
                .map(|(service, billed_usd)| ServiceCost {
                    service: service.to_owned(),
                    billed_usd,
                })
                .collect();
            services.sort_by(|a, b| {
                b.billed_usd
                    .total_cmp(&a.billed_usd)
                    .then_with(|| a.service.cmp(&b.service))
            });
            BilledGroup {
                key: key.to_owned(),
                billed_usd: services.iter().map(|s| s.billed_usd).sum(),
                services,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.billed_usd
            .total_cmp(&a.billed_usd)
            .then_with(|| a.key.cmp(&b.key))
    });
    let total = groups.iter().map(|g| g.billed_usd).sum();
    (groups, total)
}

/// Sets the billed figure of each of `estimate`'s groups from `billed` (grouped by the same tag
/// key). A group the bill does not name was billed nothing in the period; a bill group without
/// ledger turns is added with no estimate (never $0) and no tokens or turns.
pub(crate) fn merge_into(estimate: &mut super::Estimate, billed: &Billed) {
    for group in &mut estimate.groups {
        group.billed_usd = Some(
            billed
                .groups
                .iter()
                .find(|b| b.key == group.key)
                .map_or(0.0, |b| b.billed_usd),
        );
    }
    for b in &billed.groups {
        if !estimate.groups.iter().any(|g| g.key == b.key) {
            estimate.groups.push(super::GroupEstimate {
                key: b.key.clone(),
                estimated_usd: None,
                billed_usd: Some(b.billed_usd),
                input_tokens: 0,
                output_tokens: 0,
                turns: 0,
                unknown_cost_turns: 0,
            });
        }
    }
    estimate.totals.billed_usd = Some(billed.total_usd);
}
