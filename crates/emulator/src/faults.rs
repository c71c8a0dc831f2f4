//! Fault injection: errors, latency, throttling, access denied, broken, stalled and truncated
//! streams, and listings that never end, per operation.
//!
//! Faults are set at start ([`crate::EmulatorConfig::faults`], `--fault-*` flags), through the admin
//! API (`POST /_emulator/faults`) or in-process ([`crate::EmulatorHandle::add_fault`]). They apply
//! to AWS operations only, never to `/_emulator/...`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{AwsError, ErrorKind};

/// The AWS operation names faults can target (besides `*`, every operation).
pub const OPERATIONS: [&str; 13] = [
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
];

/// The streaming operations, the only ones a [`Fault::StreamBreak`], [`Fault::Stall`] or
/// [`Fault::NoMessageStop`] can target.
pub const STREAMING_OPERATIONS: [&str; 2] = ["ConverseStream", "InvokeModelWithResponseStream"];

/// The ListInferenceProfiles types a [`Fault::RepeatNextToken`] can target (besides `*`).
pub const PROFILE_TYPES: [&str; 2] = ["SYSTEM_DEFINED", "APPLICATION"];

/// The longest delay a fault or the pacing makes (a day): larger values, up to `u64::MAX` ms, are
/// clamped so that the arithmetic never overflows and the timer never sees an absurd deadline.
pub const MAX_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

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
}

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
    pub fn validated(self) -> Result<Self, FaultError> {
        self.validate()?;
        Ok(self)
    }

    /// Checks operation names, rates and exception kinds.
    pub fn validate(&self) -> Result<(), FaultError> {
        match self {
            Fault::Error {
                operation, count, ..
            } => {
                check_operation(operation, &OPERATIONS)?;
                if *count == Some(0) {
                    return Err(FaultError(
                        "count must be at least 1 (omit it for every call)".into(),
                    ));
                }
                Ok(())
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
        }
    }

    /// Parses `--fault-error OP=ERROR[:COUNT]`, e.g. `ConverseStream=ThrottlingException:2`.
    pub fn parse_error_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, rest) = split_flag(text)?;
        let (kind, count) = match rest.split_once(':') {
            Some((kind, count)) => (kind, Some(parse_num::<u32>(count, "count")?)),
            None => (rest, None),
        };
        let error = ErrorKind::from_code(kind)
            .ok_or_else(|| FaultError(format!("unknown AWS error {kind:?}")))?;
        Fault::Error {
            operation,
            error,
            count,
            message: None,
        }
        .validated()
    }

    /// Parses `--fault-latency OP=MS`, e.g. `*=200`.
    pub fn parse_latency_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, ms) = split_flag(text)?;
        Fault::Latency {
            operation,
            ms: parse_num(ms, "milliseconds")?,
        }
        .validated()
    }

    /// Parses `--fault-throttle OP=RATE`, e.g. `Converse=0.5`.
    pub fn parse_throttle_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, rate) = split_flag(text)?;
        Fault::Throttle {
            operation,
            rate: parse_num(rate, "rate")?,
        }
        .validated()
    }

    /// Parses `--fault-deny ACTION[,ACTION…]`, e.g. `bedrock:CreateInferenceProfile`.
    pub fn parse_deny_flag(text: &str) -> Result<Fault, FaultError> {
        let actions = text
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        Fault::Deny { actions }.validated()
    }

    /// Parses `--fault-stream-break OP=N[:drop|:EXCEPTION][:COUNT]`, e.g. `ConverseStream=3:drop`
    /// or `ConverseStream=5:ModelStreamErrorException:1`.
    pub fn parse_stream_break_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, rest) = split_flag(text)?;
        let mut parts = rest.split(':');
        let after_chunks = parse_num(parts.next().unwrap_or_default(), "chunk count")?;
        let mut mode = BreakMode::Exception;
        let mut exception = None;
        let mut count = None;
        for part in parts {
            if part.eq_ignore_ascii_case("drop") {
                mode = BreakMode::Drop;
            } else if part.eq_ignore_ascii_case("exception") {
                mode = BreakMode::Exception;
            } else if let Some(kind) = ErrorKind::from_code(part) {
                exception = Some(kind);
            } else {
                count = Some(parse_num(part, "count")?);
            }
        }
        Fault::StreamBreak {
            operation,
            after_chunks,
            mode,
            exception,
            count,
        }
        .validated()
    }

    /// Parses `--fault-stall OP=N[:COUNT]`, e.g. `ConverseStream=2` (two chunks, then silence).
    pub fn parse_stall_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, rest) = split_flag(text)?;
        let (after, count) = match rest.split_once(':') {
            Some((after, count)) => (after, Some(parse_num(count, "count")?)),
            None => (rest, None),
        };
        Fault::Stall {
            operation,
            after_chunks: parse_num(after, "chunk count")?,
            count,
        }
        .validated()
    }

    /// Parses `--fault-no-message-stop OP[:COUNT]`, e.g. `ConverseStream` or `*:1`.
    pub fn parse_no_message_stop_flag(text: &str) -> Result<Fault, FaultError> {
        let (operation, count) = match text.split_once(':') {
            Some((operation, count)) => (operation, Some(parse_num(count, "count")?)),
            None => (text, None),
        };
        Fault::NoMessageStop {
            operation: operation.trim().to_owned(),
            count,
        }
        .validated()
    }

    /// Parses `--fault-repeat-next-token TYPE[:COUNT]`, e.g. `APPLICATION` or `*`.
    pub fn parse_repeat_next_token_flag(text: &str) -> Result<Fault, FaultError> {
        let (profile_type, count) = match text.split_once(':') {
            Some((kind, count)) => (kind, Some(parse_num(count, "count")?)),
            None => (text, None),
        };
        Fault::RepeatNextToken {
            profile_type: profile_type.trim().to_owned(),
            count,
        }
        .validated()
    }
}

fn split_flag(text: &str) -> Result<(String, &str), FaultError> {
    let (operation, rest) = text
        .split_once('=')
        .ok_or_else(|| FaultError(format!("{text:?} is not of the form OPERATION=VALUE")))?;
    Ok((operation.trim().to_owned(), rest.trim()))
}

fn parse_num<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, FaultError> {
    text.trim()
        .parse()
        .map_err(|_| FaultError(format!("{text:?} is not a valid {what}")))
}

/// How a faulted stream ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StreamEnd {
    /// An exception event of this kind.
    Exception(ErrorKind),
    /// The connection is aborted.
    Drop,
    /// Nothing more is sent; the connection stays open until the client closes it.
    Stall,
    /// The body ends without the closing events.
    Truncate,
}

/// What a stream fault decided for one streaming call: the text chunks sent (all when `None`)
/// and how the stream then ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StreamBreakPlan {
    pub after_chunks: Option<u32>,
    pub end: StreamEnd,
}

/// What the faults decided for one call before it is handled.
#[derive(Debug, Default)]
pub(crate) struct Injection {
    pub latency: Duration,
    pub error: Option<AwsError>,
}

struct Entry {
    fault: Fault,
    calls: u64,
}

/// The live set of faults; cheap to consult when empty.
pub(crate) struct FaultState {
    any: AtomicBool,
    entries: Mutex<Vec<Entry>>,
}

fn matches(target: &str, operation: &str) -> bool {
    target == "*" || target == operation
}

impl FaultState {
    pub fn new(faults: Vec<Fault>) -> Self {
        let state = Self {
            any: AtomicBool::new(false),
            entries: Mutex::new(Vec::new()),
        };
        for fault in faults {
            state.add(fault);
        }
        state
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Entry>> {
        // A panic while holding this lock cannot leave the list inconsistent, so poisoning is ignored.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn add(&self, fault: Fault) {
        let mut entries = self.lock();
        entries.push(Entry { fault, calls: 0 });
        self.any.store(true, Ordering::Release);
    }

    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.clear();
        self.any.store(false, Ordering::Release);
    }

    pub fn list(&self) -> Vec<Fault> {
        self.lock()
            .iter()
            .map(|entry| entry.fault.clone())
            .collect()
    }

    /// Applies latency, deny, error and throttle faults to one call of `operation`.
    pub fn on_request(
        &self,
        operation: &str,
        action: &str,
        resource: impl FnOnce() -> String,
        account: &str,
    ) -> Injection {
        let mut injection = Injection::default();
        if !self.any.load(Ordering::Acquire) {
            return injection;
        }
        let mut entries = self.lock();
        let mut denied = false;
        for entry in entries.iter() {
            match &entry.fault {
                Fault::Latency {
                    operation: target,
                    ms,
                } if matches(target, operation) => {
                    // Saturating: several faults of u64::MAX ms must not overflow.
                    injection.latency =
                        clamp_delay(injection.latency.saturating_add(Duration::from_millis(*ms)));
                }
                Fault::Deny { actions } => {
                    denied |= actions.iter().any(|denied_action| {
                        denied_action.eq_ignore_ascii_case(action)
                            || denied_action.eq_ignore_ascii_case("bedrock:*")
                    });
                }
                _ => {}
            }
        }
        if denied {
            let resource = resource();
            injection.error = Some(AwsError::new(
                ErrorKind::AccessDeniedException,
                format!(
                    "User: arn:aws:iam::{account}:user/emulator-user is not authorized to perform: {action} on resource: \
                     {resource} because no identity-based policy allows the {action} action"
                ),
            ));
            return injection;
        }
        let mut exhausted = None;
        for (index, entry) in entries.iter_mut().enumerate() {
            if let Fault::Error {
                operation: target,
                error,
                count,
                message,
            } = &mut entry.fault
            {
                if matches(target, operation) {
                    let message = message
                        .clone()
                        .unwrap_or_else(|| error.default_message().to_owned());
                    injection.error = Some(AwsError::new(*error, message));
                    if let Some(left) = count {
                        *left = left.saturating_sub(1);
                        if *left == 0 {
                            exhausted = Some(index);
                        }
                    }
                    break;
                }
            }
        }
        if let Some(index) = exhausted {
            entries.remove(index);
        }
        if injection.error.is_none() {
            for entry in entries.iter_mut() {
                if let Fault::Throttle {
                    operation: target,
                    rate,
                } = &entry.fault
                {
                    if matches(target, operation) {
                        // Deterministic: throttled when the running total of `rate` crosses an integer.
                        let before = (entry.calls as f64 * rate).floor();
                        entry.calls = entry.calls.saturating_add(1);
                        let after = (entry.calls as f64 * rate).floor();
                        if after > before {
                            injection.error = Some(AwsError::new(
                                ErrorKind::ThrottlingException,
                                ErrorKind::ThrottlingException.default_message(),
                            ));
                            break;
                        }
                    }
                }
            }
        }
        self.any.store(!entries.is_empty(), Ordering::Release);
        injection
    }

    /// The stream fault (break, stall or truncation), if any, for one call of a streaming
    /// `operation`: the first one that matches, used up by one if counted.
    pub fn stream_break(&self, operation: &str) -> Option<StreamBreakPlan> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let mut entries = self.lock();
        let mut plan = None;
        let mut exhausted = None;
        for (index, entry) in entries.iter_mut().enumerate() {
            let (target, count, decided) = match &mut entry.fault {
                Fault::StreamBreak {
                    operation: target,
                    after_chunks,
                    mode,
                    exception,
                    count,
                } => {
                    let end = match mode {
                        BreakMode::Exception => StreamEnd::Exception(
                            exception.unwrap_or(ErrorKind::InternalServerException),
                        ),
                        BreakMode::Drop => StreamEnd::Drop,
                    };
                    (target, count, (Some(*after_chunks), end))
                }
                Fault::Stall {
                    operation: target,
                    after_chunks,
                    count,
                } => (target, count, (Some(*after_chunks), StreamEnd::Stall)),
                Fault::NoMessageStop {
                    operation: target,
                    count,
                } => (target, count, (None, StreamEnd::Truncate)),
                _ => continue,
            };
            if matches(target, operation) {
                plan = Some(StreamBreakPlan {
                    after_chunks: decided.0,
                    end: decided.1,
                });
                if use_one(count) {
                    exhausted = Some(index);
                }
                break;
            }
        }
        if let Some(index) = exhausted {
            entries.remove(index);
        }
        self.any.store(!entries.is_empty(), Ordering::Release);
        plan
    }

    /// Whether this page of ListInferenceProfiles of `profile_type` repeats its `nextToken`.
    pub fn repeat_next_token(&self, profile_type: &str) -> bool {
        if !self.any.load(Ordering::Acquire) {
            return false;
        }
        let mut entries = self.lock();
        let mut found = None;
        for (index, entry) in entries.iter_mut().enumerate() {
            if let Fault::RepeatNextToken {
                profile_type: target,
                count,
            } = &mut entry.fault
            {
                if matches(target, profile_type) {
                    found = Some((index, use_one(count)));
                    break;
                }
            }
        }
        if let Some((index, true)) = found {
            entries.remove(index);
        }
        self.any.store(!entries.is_empty(), Ordering::Release);
        found.is_some()
    }
}

/// Counts one use of a counted fault; true when it is used up.
fn use_one(count: &mut Option<u32>) -> bool {
    match count {
        Some(left) => {
            *left = left.saturating_sub(1);
            *left == 0
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn flags_parse() {
        assert_eq!(
            Fault::parse_error_flag("ConverseStream=Throttling:2").unwrap(),
            Fault::Error {
                operation: "ConverseStream".into(),
                error: ErrorKind::ThrottlingException,
                count: Some(2),
                message: None
            }
        );
        assert_eq!(
            Fault::parse_stream_break_flag("ConverseStream=3:drop").unwrap(),
            Fault::StreamBreak {
                operation: "ConverseStream".into(),
                after_chunks: 3,
                mode: BreakMode::Drop,
                exception: None,
                count: None
            }
        );
        assert!(Fault::parse_error_flag("Nope=ThrottlingException").is_err());
        assert!(Fault::parse_throttle_flag("Converse=1.5").is_err());
        assert!(Fault::parse_stream_break_flag("Converse=1").is_err());
    }

    #[test]
    fn throttle_rate_is_deterministic() {
        let state = FaultState::new(vec![Fault::Throttle {
            operation: "Converse".into(),
            rate: 0.5,
        }]);
        let throttled: Vec<bool> = (0..6)
            .map(|_| {
                state
                    .on_request("Converse", "bedrock:InvokeModel", String::new, "1")
                    .error
                    .is_some()
            })
            .collect();
        assert_eq!(throttled, [false, true, false, true, false, true]);
    }

    #[test]
    fn counted_errors_expire() {
        let state = FaultState::new(vec![
            Fault::parse_error_flag("*=InternalServerException:2").unwrap()
        ]);
        let errors: Vec<bool> = (0..3)
            .map(|_| {
                state
                    .on_request("Converse", "a:b", String::new, "1")
                    .error
                    .is_some()
            })
            .collect();
        assert_eq!(errors, [true, true, false]);
        assert!(state.list().is_empty());
    }
}
