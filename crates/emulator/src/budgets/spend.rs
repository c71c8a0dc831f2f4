//! `CalculatedSpend.ActualSpend`: the sum of the emulator's cost records in the budget's current
//! period that pass its cost filters. A `TagKeyValue` filter sees spend only once its tag key is
//! activated for cost allocation, as in AWS, where inactive tags are not in the billing data.

use std::collections::BTreeSet;

use time::{Date, Month};

use crate::server::Shared;
use crate::store::{BudgetRecord, Notification};

/// The `TimePeriod.End` AWS gives a budget created without one (2087-06-15T00:00:00Z).
pub(super) const NO_END: i64 = 3_706_473_600;

/// `user:KEY$VALUE` (or `aws:KEY$VALUE`) as `(KEY with its prefix, VALUE)`; an empty value
/// stands for spend without the tag.
pub(super) fn tag_filter(value: &str) -> Option<(&str, &str)> {
    let (key, tag_value) = value.split_once('$')?;
    let bare = key
        .strip_prefix("user:")
        .or_else(|| key.strip_prefix("aws:"))?;
    (!bare.is_empty()).then_some((key, tag_value))
}

/// The first day of the period of `time_unit` that contains `today`.
pub(super) fn period_start(time_unit: &str, today: Date) -> Date {
    let first_of = |month: Month| Date::from_calendar_date(today.year(), month, 1).unwrap_or(today);
    match time_unit {
        "DAILY" => today,
        "QUARTERLY" => {
            let quarter_month = (u8::from(today.month()) - 1) / 3 * 3 + 1;
            first_of(Month::try_from(quarter_month).unwrap_or(Month::January))
        }
        "ANNUALLY" => first_of(Month::January),
        _ => first_of(today.month()),
    }
}

/// Midnight UTC of `day`, in epoch seconds.
pub(super) fn epoch_seconds(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

/// An amount as Budgets writes it: a plain decimal string, no exponent.
pub(super) fn amount_text(amount: f64) -> String {
    let text = format!("{amount:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".into()
    } else {
        text.to_owned()
    }
}

fn day_text(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// The budget's spend in its current period, USD.
pub(super) fn actual_spend(shared: &Shared, budget: &BudgetRecord) -> f64 {
    let today = time::OffsetDateTime::now_utc().date();
    let from = day_text(period_start(&budget.time_unit, today));
    let active: BTreeSet<String> = shared
        .store
        .cost_allocation_tags()
        .into_iter()
        .filter(|(_, activation, _)| activation.status == "Active")
        .map(|(key, _, _)| key)
        .collect();
    shared
        .store
        .cost_records()
        .iter()
        .filter(|r| r.day >= from)
        .filter(|r| {
            budget
                .cost_filters
                .iter()
                .all(|(key, values)| match key.as_str() {
                    "TagKeyValue" => values.iter().any(|v| {
                        let Some((key, value)) = tag_filter(v) else {
                            return false;
                        };
                        let bare = key.split_once(':').map_or(key, |(_, k)| k);
                        if !active.contains(bare) {
                            return false;
                        }
                        match r.tags.get(bare) {
                            Some(tagged) => tagged == value,
                            None => value.is_empty(),
                        }
                    }),
                    "Service" => values.contains(&r.service),
                    "Region" => values.contains(&r.region),
                    "LinkedAccount" => values.contains(&shared.account),
                    _ => false,
                })
        })
        .filter_map(|r| r.cost_usd)
        .sum()
}

/// Whether an `ACTUAL` notification's condition holds now. The emulator makes no forecast, so a
/// `FORECASTED` notification stays `OK`.
pub(super) fn is_breached(shared: &Shared, budget: &BudgetRecord, n: &Notification) -> bool {
    if n.notification_type != "ACTUAL" {
        return false;
    }
    let Ok(limit) = budget.limit.amount.parse::<f64>() else {
        return false;
    };
    let line = if n.threshold_type == "ABSOLUTE_VALUE" {
        n.threshold
    } else {
        limit * n.threshold / 100.0
    };
    let actual = actual_spend(shared, budget);
    match n.comparison_operator.as_str() {
        "GREATER_THAN" => actual > line,
        "LESS_THAN" => actual < line,
        _ => (actual - line).abs() < 1e-9,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tag_filters_parse_like_budgets_writes_them() {
        assert_eq!(
            tag_filter("user:Project$Alpha"),
            Some(("user:Project", "Alpha"))
        );
        assert_eq!(tag_filter("user:Project$"), Some(("user:Project", "")));
        assert_eq!(tag_filter("Project$Alpha"), None);
        assert_eq!(tag_filter("user:$Alpha"), None);
        assert_eq!(tag_filter("user:Project"), None);
    }

    #[test]
    fn periods_start_on_the_first_day() {
        let day = Date::from_calendar_date(2026, Month::August, 17).unwrap();
        assert_eq!(day_text(period_start("MONTHLY", day)), "2026-08-01");
        assert_eq!(day_text(period_start("QUARTERLY", day)), "2026-07-01");
        assert_eq!(day_text(period_start("ANNUALLY", day)), "2026-01-01");
        assert_eq!(day_text(period_start("DAILY", day)), "2026-08-17");
    }

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(amount_text(0.0), "0");
        assert_eq!(amount_text(100.0), "100");
        assert_eq!(amount_text(0.012_345), "0.012345");
    }
}
