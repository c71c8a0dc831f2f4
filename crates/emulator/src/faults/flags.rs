//! The `--fault-*` command-line flags, each parsed into a [`Fault`] and checked.

use super::{BreakMode, Fault, FaultError};
use crate::error::ErrorKind;

impl Fault {
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

impl Fault {
    /// Parses `--fault-clock-skew SECONDS`, e.g. `-600` (the emulator's clock 10 minutes behind).
    pub fn parse_clock_skew_flag(text: &str) -> Result<Fault, FaultError> {
        Fault::ClockSkew {
            seconds: parse_num(text, "number of seconds")?,
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
