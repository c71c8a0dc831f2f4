//! Periods of the Costs screen, as UTC days: `from` inclusive and `to` exclusive, as Cost
//! Explorer's `TimePeriod` takes them, computed from a given "now" so that tests are exact.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

const DAY_MS: u64 = 86_400_000;

/// The longest custom period accepted, in days (ten years): the per-day series has one point
/// per day, so an unbounded range would be an unbounded allocation.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

/// A UTC calendar day, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day `time_ms` (milliseconds since the Unix epoch) falls on, in UTC.
    pub fn of_ms(time_ms: u64) -> Self {
        Self(i64::try_from(time_ms / DAY_MS).unwrap_or(i64::MAX))
    }

    /// The day of a civil date; `None` when it does not exist (2024-02-30, month 13) or is
    /// before 1970.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        (days >= 0).then_some(Self(days))
    }

    /// Parses `YYYY-MM-DD`, the form Cost Explorer and `strata costs --from` take.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            Error::validation(format!("“{text}” is not a date of the form YYYY-MM-DD."))
                .with_hint("Give a real calendar date, such as 2024-01-31.")
        };
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |s: &str| -> Option<u32> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (Some(y), Some(m), Some(d)) = (num(&text[..4]), num(&text[5..7]), num(&text[8..]))
        else {
            return Err(bad());
        };
        Self::from_ymd(i64::from(y), m, d).ok_or_else(bad)
    }

    /// The civil date `(year, month, day)`.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        Self(self.0 + n)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Self) -> i64 {
        later.0 - self.0
    }

    /// Midnight UTC at the start of the day, in milliseconds since the Unix epoch.
    pub fn start_ms(self) -> u64 {
        u64::try_from(self.0).unwrap_or(0).saturating_mul(DAY_MS)
    }

    /// The first day of the day's month.
    pub fn first_of_month(self) -> Self {
        let (y, m, _) = self.ymd();
        Self(days_from_civil(y, m, 1))
    }

    /// The first day of the previous month.
    pub fn first_of_previous_month(self) -> Self {
        let (y, m, _) = self.ymd();
        let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
        Self(days_from_civil(y, m, 1))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Which days the Costs screen covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// From the first of the current month through today.
    ThisMonth,
    /// The whole previous calendar month.
    LastMonth,
    /// Today and the six days before it.
    Last7Days,
    /// Today and the 29 days before it.
    Last30Days,
    /// From `from` (inclusive) to `to` (exclusive), as Cost Explorer takes them; build it with
    /// [`Period::custom`], which checks the range.
    Custom {
        /// The first day counted.
        from: Day,
        /// The first day no longer counted.
        to: Day,
    },
}

impl Period {
    /// A custom period from `from` (inclusive) to `to` (exclusive), both `YYYY-MM-DD`. Refused
    /// when a date is not one, when `to` is not after `from` (Cost Explorer refuses an empty
    /// period too), or when it spans more than [`MAX_PERIOD_DAYS`].
    pub fn custom(from: &str, to: &str) -> Result<Self> {
        let (from, to) = (Day::parse(from)?, Day::parse(to)?);
        let days = from.days_until(to);
        if days <= 0 {
            return Err(Error::validation(format!(
                "The period must end after it starts: {to} is not after {from} (the end date itself is not counted)."
            ))
            .with_hint(format!(
                "To count {from} alone, end the period on {}.",
                from.plus(1)
            )));
        }
        if days > MAX_PERIOD_DAYS {
            return Err(Error::validation(format!(
                "The period from {from} to {to} spans {days} days; at most {MAX_PERIOD_DAYS} are shown."
            ))
            .with_hint("Choose a shorter period."));
        }
        Ok(Self::Custom { from, to })
    }

    /// The days covered when it is `now_ms` (milliseconds since the Unix epoch, UTC).
    pub fn range(self, now_ms: u64) -> DayRange {
        let today = Day::of_ms(now_ms);
        let (from, to) = match self {
            Self::ThisMonth => (today.first_of_month(), today.plus(1)),
            Self::LastMonth => (today.first_of_previous_month(), today.first_of_month()),
            Self::Last7Days => (today.plus(-6), today.plus(1)),
            Self::Last30Days => (today.plus(-29), today.plus(1)),
            Self::Custom { from, to } => (from, to),
        };
        DayRange { from, to }
    }
}

/// A resolved period: from `from` (inclusive) to `to` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// The first day counted.
    pub from: Day,
    /// The first day no longer counted.
    pub to: Day,
}

impl DayRange {
    /// The number of days covered.
    pub fn days(self) -> usize {
        usize::try_from(self.from.days_until(self.to)).unwrap_or(0)
    }

    /// Every day covered, in order.
    pub fn each_day(self) -> impl Iterator<Item = Day> {
        (0..self.from.days_until(self.to)).map(move |n| self.from.plus(n))
    }
}

/// A day as it is serialised: `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(type = "string")]
pub struct DateText(pub String);

impl From<Day> for DateText {
    fn from(day: Day) -> Self {
        Self(day.to_string())
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (the days-from-civil algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of days since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=31, 1..=12).
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}
