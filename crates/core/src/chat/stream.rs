//! The ConverseStream call and its reading: the request as the SDK sends it, the stream's events
//! turned into steps, and every way it can end (closed, cancelled, stalled, broken), with the
//! errors said in the user's terms.

use std::time::Duration;

use aws_sdk_bedrockruntime::types::{
    ContentBlockDelta, ConverseStreamOutput as StreamEvent, ReasoningContentBlockDelta,
};
use tokio_util::sync::CancellationToken;

use super::options::{duration_text, IDLE_TIMEOUT_ENV};
use super::{converse, ChatRequest, ModelFeatures, ServiceTier, StopReason, TurnOptions};
use crate::catalog::{EntryKind, ModelEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::session::Session;

/// How a stream ended without an error.
pub(super) enum StreamEnd {
    /// The cancel token fired.
    Cancelled,
    /// Bedrock closed the stream (with or without `messageStop`).
    Closed,
}

/// The error of a stream that closed without `messageStop`.
pub(super) fn ended_early() -> Error {
    Error::new(
        ErrorKind::Network,
        "The answer ended early: the stream closed before Bedrock said the answer was complete.",
    )
    .with_hint("Retry; the part that arrived is kept.")
}

/// The error of a stream that sent nothing for `idle`.
pub(super) fn stalled(idle: Duration, region: &str) -> Error {
    Error::new(
        ErrorKind::Network,
        format!(
            "The answer stalled: nothing arrived from Bedrock in {region} for {}.",
            duration_text(idle)
        ),
    )
    .with_hint(format!(
        "Retry; the part that arrived is kept. ({IDLE_TIMEOUT_ENV} sets how long Strata waits.)"
    ))
}

/// The usage a stream's `metadata` reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct StreamUsage {
    /// Input tokens (excluding cache reads and writes).
    pub(super) input: u64,
    /// Output tokens (reasoning included).
    pub(super) output: u64,
    /// `cacheReadInputTokens`, when Bedrock sent it.
    pub(super) cache_read: Option<u64>,
    /// `cacheWriteInputTokens`, when Bedrock sent it.
    pub(super) cache_write: Option<u64>,
}

/// What the stream said, step by step.
pub(super) enum StreamStep {
    /// Bedrock accepted the request.
    Started,
    /// More reasoning text.
    ReasoningText(String),
    /// The reasoning's signature.
    ReasoningSignature(String),
    /// Encrypted reasoning, base64.
    ReasoningRedacted(String),
    /// More text.
    Text(String),
    /// The model stopped (`messageStop`).
    Stop(StopReason),
    /// Tokens (`metadata`).
    Usage(StreamUsage),
    /// The tier that served the turn (`metadata.serviceTier`).
    Tier(ServiceTier),
}

fn count(n: i32) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Sends the request and feeds `step` until the stream ends, fails, stalls for longer than the
/// idle timeout, or `cancel` fires.
pub(super) async fn stream(
    session: &Session,
    entry: &ModelEntry,
    request: &ChatRequest,
    features: &ModelFeatures,
    options: TurnOptions,
    cancel: &CancellationToken,
    mut step: impl FnMut(StreamStep),
) -> Result<StreamEnd> {
    let idle = options.idle_timeout;
    let cx = crate::aws::context(
        &session.target,
        "ConverseStream",
        "bedrock:InvokeModelWithResponseStream",
    );
    let system = converse::system(request, features)?;
    let call = session
        .runtime()
        .converse_stream()
        .model_id(&entry.id)
        .set_messages(Some(converse::messages(request, features)?))
        .set_system((!system.is_empty()).then_some(system))
        .set_inference_config(converse::inference(request, features))
        .set_additional_model_request_fields(converse::thinking(request))
        .set_service_tier(converse::service_tier(request)?);
    let sent = tokio::select! {
        biased;
        () = cancel.cancelled() => return Ok(StreamEnd::Cancelled),
        sent = tokio::time::timeout(idle, call.send()) => sent,
    };
    let sent = sent.map_err(|_| stalled(idle, cx.region))?;
    let mut output = sent.map_err(|e| with_entry_hint(Error::from_sdk(&e, cx), entry))?;
    step(StreamStep::Started);
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => return Ok(StreamEnd::Cancelled),
            next = tokio::time::timeout(idle, output.stream.recv()) => next,
        };
        let next = next.map_err(|_| stalled(idle, cx.region))?;
        match next.map_err(|e| stream_error(&e, cx))? {
            None => return Ok(StreamEnd::Closed),
            Some(StreamEvent::ContentBlockDelta(d)) => match d.delta {
                Some(ContentBlockDelta::Text(t)) => step(StreamStep::Text(t)),
                Some(ContentBlockDelta::ReasoningContent(r)) => match r {
                    ReasoningContentBlockDelta::Text(t) => step(StreamStep::ReasoningText(t)),
                    ReasoningContentBlockDelta::Signature(s) => {
                        step(StreamStep::ReasoningSignature(s));
                    }
                    ReasoningContentBlockDelta::RedactedContent(b) => step(
                        StreamStep::ReasoningRedacted(aws_smithy_types::base64::encode(b.as_ref())),
                    ),
                    _ => {}
                },
                _ => {}
            },
            Some(StreamEvent::MessageStop(stop)) => {
                step(StreamStep::Stop(StopReason::from(
                    stop.stop_reason.as_str(),
                )));
            }
            Some(StreamEvent::Metadata(meta)) => {
                if let Some(u) = meta.usage {
                    step(StreamStep::Usage(StreamUsage {
                        input: count(u.input_tokens),
                        output: count(u.output_tokens),
                        cache_read: u.cache_read_input_tokens.map(count),
                        cache_write: u.cache_write_input_tokens.map(count),
                    }));
                }
                if let Some(tier) = meta
                    .service_tier
                    .and_then(|t| ServiceTier::from_word(t.r#type().as_str()))
                {
                    step(StreamStep::Tier(tier));
                }
            }
            Some(_) => {}
        }
    }
}

/// An error event in the middle of an answer. The SDK does not give these an error code, so the
/// variant says what happened.
fn stream_error(
    e: &aws_sdk_bedrockruntime::error::SdkError<
        aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError,
        aws_smithy_types::event_stream::RawMessage,
    >,
    cx: crate::error::CallContext<'_>,
) -> Error {
    use aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError as E;
    let Some(service) = e.as_service_error() else {
        return Error::from_sdk(e, cx);
    };
    let said = service
        .meta()
        .message()
        .map(|m| format!(" AWS says: {m}"))
        .unwrap_or_default();
    match service {
        E::ThrottlingException(_) => Error::new(
            ErrorKind::Throttled,
            format!("Bedrock throttled the answer in {}.{said}", cx.region),
        )
        .with_hint("Wait a few seconds and retry; the part that arrived is kept."),
        E::ValidationException(_) => Error::new(
            ErrorKind::Validation,
            format!("Bedrock rejected the request mid-answer.{said}"),
        ),
        E::ModelStreamErrorException(_) => Error::new(
            ErrorKind::Internal,
            format!("The model's answer broke off (ModelStreamErrorException).{said}"),
        )
        .with_hint("Retry; the part that arrived is kept."),
        E::ServiceUnavailableException(_) | E::InternalServerException(_) => Error::new(
            ErrorKind::Internal,
            format!("Bedrock failed in the middle of the answer.{said}"),
        )
        .with_hint("Retry in a moment; the part that arrived is kept."),
        _ => Error::from_sdk(e, cx),
    }
}

/// Adds what to do when Bedrock rejects the entry itself (a deleted profile, a model that needs a
/// profile, a region that lacks it).
fn with_entry_hint(error: Error, entry: &ModelEntry) -> Error {
    if error.kind() != ErrorKind::Validation && error.kind() != ErrorKind::NotFound {
        return error;
    }
    let hint = match entry.kind {
        EntryKind::ApplicationProfile => format!(
            "The profile {} may have been deleted or belong to another region; refresh the model list.",
            entry.name
        ),
        EntryKind::Foundation if !entry.capabilities.on_demand => format!(
            "{} is offered only through an inference profile here: choose its cross-region profile.",
            entry.name
        ),
        _ => "Refresh the model list, or choose another model.".to_owned(),
    };
    error.with_hint(hint)
}
