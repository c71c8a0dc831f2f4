//! Time as the wire shows it: Bedrock's timestamps and the latencies responses report.

use std::time::Instant;

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, Month, OffsetDateTime};

static TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+00:00");

/// Now, as Bedrock formats timestamps: `2025-01-15T09:30:12.345678+00:00`.
pub(crate) fn now_timestamp() -> String {
    OffsetDateTime::now_utc()
        .format(TIMESTAMP)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000000+00:00".into())
}

/// Today's UTC date, `YYYY-MM-DD` (billing's "today" may be set instead: [`crate::Billing`]).
pub(crate) fn today() -> String {
    day_text(OffsetDateTime::now_utc().date())
}

/// A date as `YYYY-MM-DD`.
pub(crate) fn day_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A real date of the form `YYYY-MM-DD`.
pub(crate) fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// Milliseconds since the Unix epoch, now (0 before it).
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Now as Cost Explorer's `ZonedDateTime`: `2026-12-01T09:30:12Z`.
pub(crate) fn now_zoned() -> String {
    let now = OffsetDateTime::now_utc();
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        today(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// Milliseconds since `started` (a latency), saturating.
pub(crate) fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The emulator's clock: the wall clock moved by `skew_s` seconds (a [`crate::Fault::ClockSkew`]),
/// saturating at the ends of what `time` can hold.
pub(crate) fn skewed_now(skew_s: i64) -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.checked_add(time::Duration::seconds(skew_s))
        .unwrap_or(now)
}

static HTTP_DATE: &[FormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

static AMZ_DATE: &[FormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

/// `t` as the HTTP `Date` header writes it (RFC 7231 IMF-fixdate): `Tue, 01 Dec 2026 12:00:00 GMT`.
pub(crate) fn http_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(HTTP_DATE)
        .unwrap_or_else(|_| "Thu, 01 Jan 1970 00:00:00 GMT".into())
}

/// `t` as SigV4's `X-Amz-Date` writes it: `20261201T120000Z`.
pub(crate) fn amz_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(AMZ_DATE)
        .unwrap_or_else(|_| "19700101T000000Z".into())
}

/// Reads an `X-Amz-Date` (`20261201T120000Z`).
pub(crate) fn parse_amz_date(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text.trim(), AMZ_DATE)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

/// Reads an HTTP `Date` header (`Tue, 01 Dec 2026 12:00:00 GMT`), which SigV4 accepts when
/// there is no `X-Amz-Date`.
pub(crate) fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text.trim(), HTTP_DATE)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates_are_written_and_read_as_the_wire_has_them() {
        let t = parse_amz_date("20261201T120500Z").unwrap();
        assert_eq!(amz_date(t), "20261201T120500Z");
        assert_eq!(http_date(t), "Tue, 01 Dec 2026 12:05:00 GMT");
        assert_eq!(parse_http_date("Tue, 01 Dec 2026 12:05:00 GMT"), Some(t));
        assert_eq!(parse_amz_date("2026-12-01T12:05:00Z"), None);
        let skewed = skewed_now(-600);
        let drift = (OffsetDateTime::now_utc() - skewed).whole_seconds();
        assert!((599..=601).contains(&drift), "{drift}");
    }
}
