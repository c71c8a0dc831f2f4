//! Time as the wire shows it: Bedrock's timestamps and the latencies responses report.

use std::time::Instant;

use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

static TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+00:00");

/// Now, as Bedrock formats timestamps: `2025-01-15T09:30:12.345678+00:00`.
pub(crate) fn now_timestamp() -> String {
    OffsetDateTime::now_utc()
        .format(TIMESTAMP)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000000+00:00".into())
}

/// Today's UTC date, `YYYY-MM-DD`: the day a call is billed on.
pub(crate) fn today() -> String {
    let date = OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
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
