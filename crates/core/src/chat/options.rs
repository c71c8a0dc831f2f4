//! How a turn behaves beyond its request: how long a silent stream may stall
//! (`STRATA_STREAM_IDLE_TIMEOUT_S`).

use std::sync::OnceLock;
use std::time::Duration;

use super::LOG_TARGET;

/// The variable that sets how long a silent stream may stall, in whole seconds.
pub(crate) const IDLE_TIMEOUT_ENV: &str = "STRATA_STREAM_IDLE_TIMEOUT_S";

/// How long a stream may send nothing before the turn fails, when the variable is not set.
pub(crate) const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest idle timeout the variable may set (a day); longer values are refused.
const MAX_IDLE_TIMEOUT_S: u64 = 24 * 60 * 60;

/// How a turn behaves beyond its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TurnOptions {
    /// How long Bedrock may send nothing (no response, then no event) before the turn fails as
    /// stalled.
    pub idle_timeout: Duration,
}

impl TurnOptions {
    /// The options from the environment (`STRATA_STREAM_IDLE_TIMEOUT_S`), read once per process;
    /// a bad value falls back to the default with a warning.
    pub fn from_env() -> Self {
        static FROM_ENV: OnceLock<TurnOptions> = OnceLock::new();
        *FROM_ENV.get_or_init(|| {
            let value = std::env::var(IDLE_TIMEOUT_ENV).ok();
            let (idle_timeout, warning) = idle_timeout_from(value.as_deref());
            if let Some(warning) = warning {
                tracing::warn!(target: LOG_TARGET, variable = IDLE_TIMEOUT_ENV, "{warning}");
            }
            TurnOptions { idle_timeout }
        })
    }
}

impl Default for TurnOptions {
    fn default() -> Self {
        Self::from_env()
    }
}

/// The idle timeout a value of `STRATA_STREAM_IDLE_TIMEOUT_S` sets, and a warning when the value
/// is not a whole number of seconds from 1 to a day (the default is used then).
pub(super) fn idle_timeout_from(value: Option<&str>) -> (Duration, Option<String>) {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return (DEFAULT_IDLE_TIMEOUT, None);
    };
    match text.parse::<u64>() {
        Ok(secs) if (1..=MAX_IDLE_TIMEOUT_S).contains(&secs) => (Duration::from_secs(secs), None),
        _ => (
            DEFAULT_IDLE_TIMEOUT,
            Some(format!(
                "{IDLE_TIMEOUT_ENV}={text:?} is not a whole number of seconds from 1 to {MAX_IDLE_TIMEOUT_S}; using {} s",
                DEFAULT_IDLE_TIMEOUT.as_secs()
            )),
        ),
    }
}

/// A duration as the user reads it: whole seconds, or milliseconds under a second.
pub(super) fn duration_text(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}
