//! The estimate side of Costs: the ledger's turns of a period, summed per group (profile, model
//! or a tag's value) and per day, in one pass over the period's turns.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::period::{DateText, Day, DayRange, Period};
use crate::error::{Error, Result};
use crate::ledger::{UsageLedger, UsageRecord};
use crate::pricing::PriceSource;

/// The group of the turns whose model the ledger does not know. AWS allows no parentheses in
/// model ids, profile ARNs or tag values, so this can never be a real group's key.
pub const UNKNOWN_MODEL: &str = "(model unknown)";

/// How turns are grouped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    /// By application profile ARN; a turn not made through one goes under its entry id (the
    /// model or system profile called).
    Profile,
    /// By the foundation model that priced the turn, as the ledger recorded it.
    Model,
    /// By the value of one tag key; turns without it form their own group (see
    /// [`Grouping::untagged_key`]), never dropped.
    Tag(String),
}

impl Grouping {
    /// Parses `profile`, `model` or `tag:KEY`, the values of `strata costs --by`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "profile" => Ok(Self::Profile),
            "model" => Ok(Self::Model),
            _ => match text.strip_prefix("tag:") {
                Some(key) if !key.trim().is_empty() && key.chars().count() <= 128 => {
                    Ok(Self::Tag(key.to_owned()))
                }
                Some(_) => Err(Error::validation(format!(
                    "“{text}” names no tag key: a key has 1 to 128 characters."
                ))
                .with_hint("Write the key after tag:, as in tag:Project.")),
                None => Err(
                    Error::validation(format!("Costs cannot be grouped by “{text}”."))
                        .with_hint("Group by profile, model or tag:KEY (as in tag:Project)."),
                ),
            },
        }
    }

    /// The group of the turns without the tag key `key`: `(Project not set)`. Tag values
    /// cannot contain parentheses, so it never collides with a real value.
    pub fn untagged_key(key: &str) -> String {
        format!("({key} not set)")
    }

    /// The key a turn is counted under.
    fn key_of(&self, r: &UsageRecord) -> String {
        match self {
            Self::Profile => r.profile_arn.clone().unwrap_or_else(|| r.entry_id.clone()),
            Self::Model => r
                .model_id
                .clone()
                .unwrap_or_else(|| UNKNOWN_MODEL.to_owned()),
            Self::Tag(key) => match r.tags.iter().find(|t| &t.key == key) {
                Some(t) => t.value.clone(),
                None => Self::untagged_key(key),
            },
        }
    }
}

impl std::fmt::Display for Grouping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Profile => f.write_str("profile"),
            Self::Model => f.write_str("model"),
            Self::Tag(key) => write!(f, "tag:{key}"),
        }
    }
}

/// One group's figures for the period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupEstimate {
    /// The profile ARN (or entry id), the model id, or the tag value (or `(KEY not set)`).
    pub key: String,
    /// The sum of the turns whose cost is known; `None` when no turn of the group has one
    /// (never 0 for "unknown").
    pub estimated_usd: Option<f64>,
    /// What AWS billed: never filled from the ledger (`None`); the billed side sets it.
    pub billed_usd: Option<f64>,
    /// Input tokens, as Bedrock counted them.
    #[ts(type = "number")]
    pub input_tokens: u64,
    /// Output tokens.
    #[ts(type = "number")]
    pub output_tokens: u64,
    /// Turns counted, priced or not.
    #[ts(type = "number")]
    pub turns: u64,
    /// Turns whose cost is unknown (no price for the model, or no token counts): not in
    /// `estimated_usd`.
    #[ts(type = "number")]
    pub unknown_cost_turns: u64,
}

impl GroupEstimate {
    fn empty(key: String) -> Self {
        Self {
            key,
            estimated_usd: None,
            billed_usd: None,
            input_tokens: 0,
            output_tokens: 0,
            turns: 0,
            unknown_cost_turns: 0,
        }
    }

    fn add(&mut self, r: &UsageRecord) {
        self.turns += 1;
        self.input_tokens += r.input_tokens.unwrap_or(0);
        self.output_tokens += r.output_tokens.unwrap_or(0);
        match r.cost_usd {
            Some(c) => *self.estimated_usd.get_or_insert(0.0) += c,
            None => self.unknown_cost_turns += 1,
        }
    }
}

/// One group's part of one day, for the stacked chart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayGroup {
    /// The group's key (as in [`GroupEstimate::key`]).
    pub key: String,
    /// The known costs of the group's turns that day; `None` when none is known.
    pub estimated_usd: Option<f64>,
    /// The group's turns that day.
    #[ts(type = "number")]
    pub turns: u64,
    /// Of which with an unknown cost.
    #[ts(type = "number")]
    pub unknown_cost_turns: u64,
}

/// One day of the chart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayEstimate {
    /// The day, UTC.
    pub date: DateText,
    /// The groups with turns that day, in the order of [`Estimate::groups`]; empty on a day
    /// without turns.
    pub groups: Vec<DayGroup>,
}

/// Where the figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EstimateBasis {
    /// Each turn's cost is the one the ledger recorded when the turn ran, with the price table
    /// in effect then, so a change of prices does not alter past turns.
    pub priced_when_recorded: bool,
    /// The price tables the period's priced turns were priced with (built-in of date X, the
    /// user's `prices.json`), with how many turns each; turns recorded before Strata kept the
    /// table are counted under a `None` source.
    pub price_sources: Vec<PriceBasis>,
    /// When the first priced turn of the period ended (ms since the Unix epoch).
    #[ts(type = "number | null")]
    pub first_priced_ms: Option<u64>,
    /// When the last priced turn of the period ended.
    #[ts(type = "number | null")]
    pub last_priced_ms: Option<u64>,
    /// Rows of the period the ledger could not read (not counted anywhere above).
    #[ts(type = "number")]
    pub unreadable_turns: u64,
}

/// One price table the estimate's turns were priced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceBasis {
    /// Built-in or the user's file; `None` for turns recorded before Strata kept it.
    pub source: Option<PriceSource>,
    /// The table's date (`YYYY-MM-DD`), when it has one.
    pub as_of: Option<String>,
    /// Priced turns of the period that used it.
    #[ts(type = "number")]
    pub turns: u64,
}

/// The estimate for one period and grouping, shaped as `strata costs --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The first day counted (`YYYY-MM-DD`, UTC).
    pub from: DateText,
    /// The first day no longer counted.
    pub to: DateText,
    /// The grouping: `profile`, `model` or `tag:KEY`.
    pub by: String,
    /// Always `USD`: Bedrock prices and the ledger are in US dollars.
    pub currency: String,
    /// The groups: largest known estimate first, groups with no known cost last, then by key.
    pub groups: Vec<GroupEstimate>,
    /// Every day of the period, oldest first.
    pub days: Vec<DayEstimate>,
    /// All groups together (`key` is `total`).
    pub totals: GroupEstimate,
    /// Where the figures come from.
    pub basis: EstimateBasis,
}

impl Estimate {
    /// The estimate of `period` (resolved at `now_ms`) grouped by `grouping`, from the ledger.
    pub fn from_ledger(
        ledger: &UsageLedger,
        period: Period,
        grouping: &Grouping,
        now_ms: u64,
    ) -> Result<Self> {
        let range = period.range(now_ms);
        let contents = ledger.read_between(range.from.start_ms(), range.to.start_ms())?;
        let mut estimate = Self::from_records(&contents.records, range, grouping);
        estimate.basis.unreadable_turns = contents.damaged_lines as u64;
        Ok(estimate)
    }

    /// The same over records in memory (those outside `range` are left out).
    pub fn from_records(records: &[UsageRecord], range: DayRange, grouping: &Grouping) -> Self {
        let (start, end) = (range.from.start_ms(), range.to.start_ms());
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<GroupEstimate> = Vec::new();
        // Per day, per group index: the day's part.
        let mut per_day: Vec<HashMap<usize, GroupEstimate>> = vec![HashMap::new(); range.days()];
        let mut totals = GroupEstimate::empty("total".to_owned());
        let mut basis = EstimateBasis {
            priced_when_recorded: true,
            price_sources: Vec::new(),
            first_priced_ms: None,
            last_priced_ms: None,
            unreadable_turns: 0,
        };
        for r in records
            .iter()
            .filter(|r| r.time_ms >= start && r.time_ms < end)
        {
            let key = grouping.key_of(r);
            let g = *index.entry(key.clone()).or_insert_with(|| {
                groups.push(GroupEstimate::empty(key.clone()));
                groups.len() - 1
            });
            groups[g].add(r);
            totals.add(r);
            let day = usize::try_from(range.from.days_until(Day::of_ms(r.time_ms))).unwrap_or(0);
            if let Some(slot) = per_day.get_mut(day) {
                slot.entry(g)
                    .or_insert_with(|| GroupEstimate::empty(key))
                    .add(r);
            }
            if r.cost_usd.is_some() {
                basis.first_priced_ms = Some(
                    basis
                        .first_priced_ms
                        .map_or(r.time_ms, |t| t.min(r.time_ms)),
                );
                basis.last_priced_ms =
                    Some(basis.last_priced_ms.map_or(r.time_ms, |t| t.max(r.time_ms)));
                match basis
                    .price_sources
                    .iter_mut()
                    .find(|b| b.source == r.price_source && b.as_of == r.price_as_of)
                {
                    Some(b) => b.turns += 1,
                    None => basis.price_sources.push(PriceBasis {
                        source: r.price_source,
                        as_of: r.price_as_of.clone(),
                        turns: 1,
                    }),
                }
            }
        }
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&groups[a], &groups[b]);
            // Known costs first, largest first; then by key.
            match (a.estimated_usd, b.estimated_usd) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.key.cmp(&b.key))
        });
        let days = range
            .each_day()
            .zip(per_day)
            .map(|(day, mut parts)| DayEstimate {
                date: day.into(),
                groups: order
                    .iter()
                    .filter_map(|g| parts.remove(g))
                    .map(|p| DayGroup {
                        key: p.key,
                        estimated_usd: p.estimated_usd,
                        turns: p.turns,
                        unknown_cost_turns: p.unknown_cost_turns,
                    })
                    .collect(),
            })
            .collect();
        let groups = order.iter().map(|&g| groups[g].clone()).collect();
        Self {
            from: range.from.into(),
            to: range.to.into(),
            by: grouping.to_string(),
            currency: "USD".to_owned(),
            groups,
            days,
            totals,
            basis,
        }
    }
}
