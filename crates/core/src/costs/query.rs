//! What the Costs screen and `strata costs` ask for: a period, a grouping and which side
//! (estimate, bill or both), as they cross IPC.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::estimate::Grouping;
use super::period::Period;
use crate::error::Result;

/// A period as the UI names it; custom dates are `YYYY-MM-DD` (`to` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PeriodChoice {
    /// From the first of this month through today.
    ThisMonth,
    /// The whole previous month.
    LastMonth,
    /// Today and the six days before.
    Last7Days,
    /// Today and the 29 days before.
    Last30Days,
    /// From `from` (inclusive) to `to` (exclusive).
    Custom {
        /// The first day counted, `YYYY-MM-DD`.
        from: String,
        /// The first day no longer counted, `YYYY-MM-DD`.
        to: String,
    },
}

impl PeriodChoice {
    /// The period, with custom dates checked ([`Period::custom`]).
    pub fn period(&self) -> Result<Period> {
        Ok(match self {
            Self::ThisMonth => Period::ThisMonth,
            Self::LastMonth => Period::LastMonth,
            Self::Last7Days => Period::Last7Days,
            Self::Last30Days => Period::Last30Days,
            Self::Custom { from, to } => Period::custom(from, to)?,
        })
    }
}

/// Which figures to show: the ledger's estimate, Cost Explorer's bill, or both side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CostSource {
    /// The ledger only (free, offline, at once).
    Estimate,
    /// Cost Explorer only (each request costs $0.01; answers are cached).
    Billed,
    /// Both, per group, with the difference.
    Both,
}

impl CostSource {
    /// Parses `estimate`, `billed` or `both` (`strata costs --source`).
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "estimate" => Ok(Self::Estimate),
            "billed" => Ok(Self::Billed),
            "both" => Ok(Self::Both),
            _ => Err(crate::error::Error::validation(format!(
                "“{text}” is not a source of costs."
            ))
            .with_hint("Use estimate, billed or both.")),
        }
    }

    /// Whether Cost Explorer is asked.
    pub fn wants_billed(self) -> bool {
        matches!(self, Self::Billed | Self::Both)
    }
}

/// One request of the Costs screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostQuery {
    /// The days covered.
    pub period: PeriodChoice,
    /// `profile`, `model` or `tag:KEY` ([`Grouping::parse`]).
    pub by: String,
    /// Which figures.
    pub source: CostSource,
    /// Ask Cost Explorer again even when a cached answer exists (one more $0.01 request).
    pub refresh: bool,
}

impl CostQuery {
    /// The checked period and grouping.
    pub fn parts(&self) -> Result<(Period, Grouping)> {
        Ok((self.period.period()?, Grouping::parse(&self.by)?))
    }
}
