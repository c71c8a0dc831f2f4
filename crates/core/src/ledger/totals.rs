//! Totals of the ledger by entry, by a tag's value and by day: in SQL over the database, and the
//! same in memory over records.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::{UsageLedger, UsageRecord};
use crate::error::Result;

impl UsageLedger {
    /// Totals per group, computed by SQL (see [`totals`] for the order).
    pub fn totals(&self, by: &GroupBy) -> Result<Vec<UsageTotal>> {
        let (key, label) = match by {
            GroupBy::Entry => (
                "entry_id".to_owned(),
                // The name of the group's first turn (a bare column beside MIN takes its row).
                "entry_name".to_owned(),
            ),
            GroupBy::Tag(_) => (
                format!("COALESCE({TAG_VALUE}, '{UNTAGGED}')"),
                format!("CASE WHEN {TAG_VALUE} IS NULL THEN ?1 || ' not set' ELSE ?1 || '=' || {TAG_VALUE} END"),
            ),
            GroupBy::Day => (DAY.to_owned(), DAY.to_owned()),
        };
        let order = match by {
            GroupBy::Day => "key ASC",
            _ => "cost DESC, key ASC",
        };
        let sql = format!(
            "SELECT key, label, turns, input_tokens, output_tokens, cost, unpriced FROM (
                SELECT {key} AS key, {label} AS label, MIN(time_ms),
                       count(*) AS turns,
                       total(COALESCE(input_tokens, 0)) AS input_tokens,
                       total(COALESCE(output_tokens, 0)) AS output_tokens,
                       total(cost_usd) AS cost,
                       sum(cost_usd IS NULL) AS unpriced
                FROM turns GROUP BY 1
            ) ORDER BY {order}"
        );
        let tag_key = match by {
            GroupBy::Tag(k) => Some(k.clone()),
            _ => None,
        };
        self.database()?
            .read("The usage totals could not be computed", |c| {
                let mut stmt = c.prepare(&sql)?;
                let map = |r: &rusqlite::Row<'_>| {
                    Ok(UsageTotal {
                        key: r.get(0)?,
                        label: r.get(1)?,
                        turns: u32::try_from(r.get::<_, i64>(2)?).unwrap_or(u32::MAX),
                        input_tokens: float_count(r.get(3)?),
                        output_tokens: float_count(r.get(4)?),
                        cost_usd: r.get(5)?,
                        unpriced_turns: u32::try_from(r.get::<_, i64>(6)?).unwrap_or(u32::MAX),
                    })
                };
                let rows = match &tag_key {
                    Some(k) => stmt.query_map([k], map)?.collect(),
                    None => stmt.query_map([], map)?.collect(),
                };
                rows
            })
    }
}

/// `total()` sums as a float (it never overflows); the counts are whole numbers.
fn float_count(v: f64) -> u64 {
    if v.is_finite() && v > 0.0 {
        // Token counts stay far below 2^53, where f64 is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = v as u64;
        n
    } else {
        0
    }
}

const UNTAGGED: &str = "(untagged)";

/// The value of the tag `?1` of the row's turn (the first, should a key repeat).
const TAG_VALUE: &str =
    "(SELECT value FROM turn_tags t WHERE t.turn_id = turns.turn_id AND t.key = ?1 ORDER BY t.position LIMIT 1)";

/// The turn's day, UTC, as `YYYY-MM-DD`.
const DAY: &str = "strftime('%Y-%m-%d', time_ms / 1000, 'unixepoch')";

/// How to group totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// By what was called (entry id).
    Entry,
    /// By the value of one tag key; turns without that tag go under "(untagged)".
    Tag(String),
    /// By the day the turn ended (UTC, `YYYY-MM-DD`), oldest first.
    Day,
}

/// Totals of one group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageTotal {
    /// The entry id, or the tag value.
    pub key: String,
    /// A display label: the entry's name, or `KEY=VALUE`.
    pub label: String,
    /// Turns counted.
    pub turns: u32,
    /// Input tokens.
    #[ts(type = "number")]
    pub input_tokens: u64,
    /// Output tokens.
    #[ts(type = "number")]
    pub output_tokens: u64,
    /// The sum of the known costs.
    pub cost_usd: f64,
    /// Turns whose cost is unknown (not in the sum).
    pub unpriced_turns: u32,
}

/// Totals per group of `records` in memory: largest cost first (then by key), or oldest day first
/// for [`GroupBy::Day`]. [`UsageLedger::totals`] computes the same in SQL.
pub fn totals(records: &[UsageRecord], by: &GroupBy) -> Vec<UsageTotal> {
    let mut groups: BTreeMap<String, UsageTotal> = BTreeMap::new();
    for r in records {
        let (key, label) = match by {
            GroupBy::Entry => (r.entry_id.clone(), r.entry_name.clone()),
            GroupBy::Tag(k) => match r.tags.iter().find(|t| &t.key == k) {
                Some(t) => (t.value.clone(), format!("{}={}", t.key, t.value)),
                None => (UNTAGGED.to_owned(), format!("{k} not set")),
            },
            GroupBy::Day => {
                let day = utc_day(r.time_ms);
                (day.clone(), day)
            }
        };
        let total = groups.entry(key.clone()).or_insert_with(|| UsageTotal {
            key,
            label,
            turns: 0,
            input_tokens: 0,
            output_tokens: 0,
            cost_usd: 0.0,
            unpriced_turns: 0,
        });
        total.turns += 1;
        total.input_tokens += r.input_tokens.unwrap_or(0);
        total.output_tokens += r.output_tokens.unwrap_or(0);
        match r.cost_usd {
            Some(c) => total.cost_usd += c,
            None => total.unpriced_turns += 1,
        }
    }
    let mut out: Vec<UsageTotal> = groups.into_values().collect();
    if *by == GroupBy::Day {
        return out;
    }
    out.sort_by(|a, b| {
        b.cost_usd
            .total_cmp(&a.cost_usd)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// `YYYY-MM-DD` (UTC) of a time in ms since the epoch (the civil-from-days algorithm).
pub(super) fn utc_day(time_ms: u64) -> String {
    let days = i64::try_from(time_ms / 86_400_000).unwrap_or(0);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
