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

impl Billed {
    /// True when the bill says what each value of the key was billed: some spend is under a
    /// value of the key, or nothing was billed at all. Until the key is activated for cost
    /// allocation (and for up to 24 hours after), Cost Explorer puts all spend under "not
    /// set", and a value missing from the answer is unknown, not $0.
    pub fn splits_by_key(&self) -> bool {
        let untagged = super::Grouping::untagged_key(&self.tag_key);
        self.total_usd == 0.0 || self.groups.iter().any(|g| g.key != untagged)
    }
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
/// key). A group the bill does not name was billed nothing in the period once the bill is split
/// by the key ([`Billed::splits_by_key`]), and is unknown (`None`) before; a bill group without
/// ledger turns is added with no estimate (never $0) and no tokens or turns.
pub(crate) fn merge_into(estimate: &mut super::Estimate, billed: &Billed) {
    let splits = billed.splits_by_key();
    for group in &mut estimate.groups {
        group.billed_usd = match billed.groups.iter().find(|b| b.key == group.key) {
            Some(b) => Some(b.billed_usd),
            // Cost Explorer leaves out a value with no cost: $0 once the bill is split by the
            // key; before that, what each value was billed is not known.
            None if splits => Some(0.0),
            None => None,
        };
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::costs::{Day, DayRange, Estimate, GroupEstimate, Grouping};

    fn estimate_of(keys: &[&str]) -> Estimate {
        let range = DayRange {
            from: Day::parse("2024-01-01").unwrap(),
            to: Day::parse("2024-02-01").unwrap(),
        };
        let mut estimate = Estimate::from_records(&[], range, &Grouping::Tag("Project".into()));
        for key in keys {
            estimate.groups.push(GroupEstimate {
                key: (*key).into(),
                estimated_usd: Some(1.0),
                billed_usd: None,
                input_tokens: 1,
                output_tokens: 1,
                turns: 1,
                unknown_cost_turns: 0,
            });
        }
        estimate
    }

    fn bill(groups: &[(&str, f64)]) -> Billed {
        let groups: Vec<BilledGroup> = groups
            .iter()
            .map(|(key, usd)| BilledGroup {
                key: (*key).into(),
                billed_usd: *usd,
                services: Vec::new(),
            })
            .collect();
        Billed {
            from: DateText("2024-01-01".into()),
            to: DateText("2024-02-01".into()),
            tag_key: "Project".into(),
            account: "123456789012".into(),
            total_usd: groups.iter().map(|g| g.billed_usd).sum(),
            groups,
            estimated_by_aws: false,
            fetched_ms: 0,
            from_cache: false,
            requests: 1,
        }
    }

    fn billed_of(estimate: &Estimate) -> Vec<(&str, Option<f64>)> {
        estimate
            .groups
            .iter()
            .map(|g| (g.key.as_str(), g.billed_usd))
            .collect()
    }

    #[test]
    fn before_the_bill_is_split_by_the_key_each_values_bill_is_unknown_not_zero() {
        let mut estimate = estimate_of(&["Alpha", "Beta"]);
        let unsplit = bill(&[("(Project not set)", 2.5)]);
        assert!(!unsplit.splits_by_key());
        merge_into(&mut estimate, &unsplit);
        assert_eq!(
            billed_of(&estimate),
            [
                ("Alpha", None),
                ("Beta", None),
                ("(Project not set)", Some(2.5))
            ]
        );
        assert_eq!(estimate.totals.billed_usd, Some(2.5));
    }

    #[test]
    fn once_split_a_value_the_bill_leaves_out_was_billed_nothing() {
        let mut estimate = estimate_of(&["Alpha", "Beta"]);
        let split = bill(&[("Alpha", 0.9), ("(Project not set)", 2.0)]);
        assert!(split.splits_by_key());
        merge_into(&mut estimate, &split);
        assert_eq!(
            billed_of(&estimate)[..2],
            [("Alpha", Some(0.9)), ("Beta", Some(0.0))]
        );
        // Nothing billed at all: every value's bill is $0, as the bill says.
        let mut estimate = estimate_of(&["Alpha"]);
        merge_into(&mut estimate, &bill(&[]));
        assert_eq!(billed_of(&estimate), [("Alpha", Some(0.0))]);
    }
}
