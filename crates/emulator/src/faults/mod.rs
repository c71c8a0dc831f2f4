//! Fault injection: errors, latency, throttling, access denied, broken, stalled and truncated
//! streams, listings that never end, per operation, and a clock that runs wrong.
//!
//! Faults are set at start ([`crate::EmulatorConfig::faults`], `--fault-*` flags), through the admin
//! API (`POST /_emulator/faults`) or in-process ([`crate::EmulatorHandle::add_fault`]). They apply
//! to AWS operations only, never to `/_emulator/...`.
//!
//! [`Fault`] is what a fault is and how it is checked, [`flags`] parses the `--fault-*` flags and
//! [`state`] holds the live faults and decides, call by call, what they do.

mod flags;
mod state;
#[cfg(test)]
mod tests;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

pub(crate) use state::{FaultState, StreamBreakPlan, StreamEnd};

/// The AWS operation names faults can target (besides `*`, every operation).
pub(crate) const OPERATIONS: [&str; 19] = [
    "ListFoundationModels",
    "GetFoundationModel",
    "ListInferenceProfiles",
    "GetInferenceProfile",
    "CreateInferenceProfile",
    "DeleteInferenceProfile",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "Converse",
    "ConverseStream",
    "InvokeModel",
    "InvokeModelWithResponseStream",
    "GetCallerIdentity",
    "ListCostAllocationTags",
    "UpdateCostAllocationTagsStatus",
    "GetCostAndUsage",
    "GetProducts",
    "SimulatePrincipalPolicy",
];

/// The streaming operations, the only ones a [`Fault::StreamBreak`], [`Fault::Stall`] or
/// [`Fault::NoMessageStop`] can target.
pub(crate) const STREAMING_OPERATIONS: [&str; 2] =
    ["ConverseStream", "InvokeModelWithResponseStream"];

/// The ListInferenceProfiles types a [`Fault::RepeatNextToken`] can target (besides `*`).
pub(crate) const PROFILE_TYPES: [&str; 2] = ["SYSTEM_DEFINED", "APPLICATION"];

/// The longest delay a fault or the pacing makes (a day): larger values, up to `u64::MAX` ms, are
/// clamped so that the arithmetic never overflows and the timer never sees an absurd deadline.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// `delay`, at most [`MAX_DELAY`].
pub(crate) fn clamp_delay(delay: Duration) -> Duration {
    delay.min(MAX_DELAY)
}

/// How a broken stream ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BreakMode {
    /// An exception event (`:message-type: exception`) ends the stream, as Bedrock does mid-answer.
    #[default]
    Exception,
    /// The connection is dropped without finishing the HTTP response.
    Drop,
}

/// One injected fault. JSON form (admin API): internally tagged by `type`, fields in camelCase.
///
/// ```json
/// {"type": "error", "operation": "CreateInferenceProfile", "error": "ThrottlingException", "count": 2}
/// {"type": "latency", "operation": "*", "ms": 250}
/// {"type": "throttle", "operation": "Converse", "rate": 0.5}
/// {"type": "deny", "actions": ["bedrock:CreateInferenceProfile"]}
/// {"type": "streamBreak", "operation": "ConverseStream", "afterChunks": 3, "mode": "exception",
///  "exception": "ModelStreamErrorException", "count": 1}
/// {"type": "stall", "operation": "ConverseStream", "afterChunks": 2, "count": 1}
/// {"type": "noMessageStop", "operation": "ConverseStream"}
/// {"type": "repeatNextToken", "profileType": "APPLICATION"}
/// {"type": "clockSkew", "seconds": -600}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Fault {
    /// The next `count` calls of `operation` fail with `error` (every call while `count` is absent).
    Error {
        /// Operation name, or `*`.
        operation: String,
        /// The AWS error returned.
        error: ErrorKind,
        /// How many calls fail; `None` means every call until the fault is cleared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
        /// The message; the error's usual message when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Every call of `operation` is delayed by `ms` milliseconds before it is handled.
    Latency {
        /// Operation name, or `*`.
        operation: String,
        /// Added delay in milliseconds.
        ms: u64,
    },
    /// A fraction `rate` (0.0–1.0) of the calls of `operation` get a `ThrottlingException`,
    /// deterministically: with 0.5 every second call, with 1.0 every call.
    Throttle {
        /// Operation name, or `*`.
        operation: String,
        /// Fraction of calls throttled.
        rate: f64,
    },
    /// The named IAM actions (`bedrock:CreateInferenceProfile`, `bedrock:*`) are denied with an
    /// `AccessDeniedException` naming the action, as IAM does.
    Deny {
        /// IAM action names; case-insensitive.
        actions: Vec<String>,
    },
    /// Streams of `operation` break after `after_chunks` text chunks, `count` times (always when absent).
    StreamBreak {
        /// `ConverseStream`, `InvokeModelWithResponseStream` or `*`.
        operation: String,
        /// Text chunks sent before the break.
        after_chunks: u32,
        /// Exception event or dropped connection.
        #[serde(default)]
        mode: BreakMode,
        /// The exception sent in [`BreakMode::Exception`]; `InternalServerException` when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exception: Option<ErrorKind>,
        /// How many streams break; `None` means every stream until the fault is cleared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// Streams of `operation` send `after_chunks` text chunks and then nothing more, keeping the
    /// connection open until the client gives up, `count` times (always when absent).
    Stall {
        /// `ConverseStream`, `InvokeModelWithResponseStream` or `*`.
        operation: String,
        /// Text chunks sent before the silence.
        after_chunks: u32,
        /// How many streams stall; `None` means every stream until the fault is cleared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// Streams of `operation` end cleanly right after their text, without the closing events
    /// (`contentBlockStop`, `messageStop`, `metadata`), `count` times (always when absent).
    NoMessageStop {
        /// `ConverseStream`, `InvokeModelWithResponseStream` or `*`.
        operation: String,
        /// How many streams are cut; `None` means every stream until the fault is cleared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// ListInferenceProfiles of `profile_type` answers every page with the same `nextToken`, so
    /// the listing never ends, `count` times (every page when absent).
    RepeatNextToken {
        /// `SYSTEM_DEFINED`, `APPLICATION` or `*` (the default).
        #[serde(default = "any_operation")]
        profile_type: String,
        /// How many pages carry the repeated token; `None` means every page until cleared.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// The emulator's clock runs `seconds` away from the real one (negative: behind): the `Date`
    /// header of every AWS answer and the SigV4 time check use it, so that a client sees what a
    /// machine whose clock is off by `-seconds` sees against AWS. The last one added applies.
    ClockSkew {
        /// The offset, at most a year either way.
        seconds: i64,
    },
}

/// The largest [`Fault::ClockSkew`], in seconds (366 days).
pub(crate) const MAX_CLOCK_SKEW_S: i64 = 366 * 24 * 60 * 60;

fn any_operation() -> String {
    "*".to_owned()
}

/// A description of what went wrong when `count` is `Some(0)`.
fn check_count(count: Option<u32>, what: &str) -> Result<(), FaultError> {
    if count == Some(0) {
        return Err(FaultError(format!(
            "count must be at least 1 (omit it for every {what})"
        )));
    }
    Ok(())
}

/// Why a fault description was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault: {0}")]
pub struct FaultError(pub String);

fn check_operation(operation: &str, allowed: &[&str]) -> Result<(), FaultError> {
    if operation == "*" || allowed.contains(&operation) {
        Ok(())
    } else {
        Err(FaultError(format!(
            "unknown operation {operation:?}; expected * or one of {}",
            allowed.join(", ")
        )))
    }
}

impl Fault {
    /// The fault itself once [`Fault::validate`] accepts it.
    pub(crate) fn validated(self) -> Result<Self, FaultError> {
        self.validate()?;
        Ok(self)
    }

    /// Checks operation names, rates and exception kinds.
    pub(crate) fn validate(&self) -> Result<(), FaultError> {
        match self {
            Fault::Error {
                operation, count, ..
            } => {
                check_operation(operation, &OPERATIONS)?;
                check_count(*count, "call")
            }
            Fault::Latency { operation, .. } => check_operation(operation, &OPERATIONS),
            Fault::Throttle { operation, rate } => {
                check_operation(operation, &OPERATIONS)?;
                if !(0.0..=1.0).contains(rate) {
                    return Err(FaultError(format!("rate {rate} is not between 0 and 1")));
                }
                Ok(())
            }
            Fault::Deny { actions } => {
                if actions.is_empty() || actions.iter().any(|a| !a.contains(':')) {
                    return Err(FaultError(
                        "actions must be IAM action names like bedrock:CreateInferenceProfile"
                            .into(),
                    ));
                }
                Ok(())
            }
            Fault::StreamBreak {
                operation, count, ..
            }
            | Fault::Stall {
                operation, count, ..
            }
            | Fault::NoMessageStop { operation, count } => {
                check_operation(operation, &STREAMING_OPERATIONS)?;
                check_count(*count, "stream")
            }
            Fault::RepeatNextToken {
                profile_type,
                count,
            } => {
                if profile_type != "*" && !PROFILE_TYPES.contains(&profile_type.as_str()) {
                    return Err(FaultError(format!(
                        "unknown profile type {profile_type:?}; expected * or one of {}",
                        PROFILE_TYPES.join(", ")
                    )));
                }
                check_count(*count, "page")
            }
            Fault::ClockSkew { seconds } => {
                if seconds.unsigned_abs() > MAX_CLOCK_SKEW_S.unsigned_abs() {
                    return Err(FaultError(format!(
                        "clock skew of {seconds} s is more than a year ({MAX_CLOCK_SKEW_S} s) either way"
                    )));
                }
                Ok(())
            }
        }
    }
}
