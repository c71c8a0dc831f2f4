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
