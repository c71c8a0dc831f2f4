//! The wall clock, in the one unit Strata stores: milliseconds since the Unix epoch.

/// Milliseconds since the Unix epoch (0 when the clock is before it, `u64::MAX` far after it).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
