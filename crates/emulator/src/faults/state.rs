//! The live set of faults: what each call of an operation meets (latency, denial, errors,
//! throttling), how each stream ends, and which listing pages repeat their token.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::{clamp_delay, BreakMode, Fault};
use crate::error::{AwsError, ErrorKind};

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
    pub(crate) after_chunks: Option<u32>,
    pub(crate) end: StreamEnd,
}

/// What the faults decided for one call before it is handled.
#[derive(Debug, Default)]
pub(crate) struct Injection {
    pub(crate) latency: Duration,
    pub(crate) error: Option<AwsError>,
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

/// True when a deny list names `action`, or holds `bedrock:*` (which the calls and the
/// simulation both read as "deny everything").
fn deny_matches(actions: &[String], action: &str) -> bool {
    actions.iter().any(|denied_action| {
        denied_action.eq_ignore_ascii_case(action)
            || denied_action.eq_ignore_ascii_case("bedrock:*")
    })
}

impl FaultState {
    /// True when a [`Fault::Deny`] denies `action`, as a call of it would be: what
    /// `iam:SimulatePrincipalPolicy` answers from.
    pub(crate) fn denies(&self, action: &str) -> bool {
        if !self.any.load(Ordering::Acquire) {
            return false;
        }
        self.lock().iter().any(|entry| match &entry.fault {
            Fault::Deny { actions } => deny_matches(actions, action),
            _ => false,
        })
    }

    pub(crate) fn new(faults: Vec<Fault>) -> Self {
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

    pub(crate) fn add(&self, fault: Fault) {
        let mut entries = self.lock();
        entries.push(Entry { fault, calls: 0 });
        self.any.store(true, Ordering::Release);
    }

    pub(crate) fn clear(&self) {
        let mut entries = self.lock();
        entries.clear();
        self.any.store(false, Ordering::Release);
    }

    pub(crate) fn list(&self) -> Vec<Fault> {
        self.lock()
            .iter()
            .map(|entry| entry.fault.clone())
            .collect()
    }

    /// How far the emulator's clock runs from the real one, in seconds: the last
    /// [`Fault::ClockSkew`] added, else 0.
    pub(crate) fn clock_skew(&self) -> i64 {
        if !self.any.load(Ordering::Acquire) {
            return 0;
        }
        self.lock()
            .iter()
            .rev()
            .find_map(|entry| match entry.fault {
                Fault::ClockSkew { seconds } => Some(seconds),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// Applies latency, deny, error and throttle faults to one call of `operation`;
    /// `principal` is the caller's ARN, named in AccessDenied as IAM does.
    pub(crate) fn on_request(
        &self,
        operation: &str,
        action: &str,
        resource: impl FnOnce() -> String,
        principal: &str,
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
                Fault::Deny { actions } => denied |= deny_matches(actions, action),
                _ => {}
            }
        }
        if denied {
            let resource = resource();
            injection.error = Some(AwsError::new(
                ErrorKind::AccessDeniedException,
                format!(
                    "User: {principal} is not authorized to perform: {action} on resource: \
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
                    if use_one(count) {
                        exhausted = Some(index);
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
    pub(crate) fn stream_break(&self, operation: &str) -> Option<StreamBreakPlan> {
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
    pub(crate) fn repeat_next_token(&self, profile_type: &str) -> bool {
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
