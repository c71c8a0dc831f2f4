//! Chat through any catalog entry with ConverseStream: the entry's id (model id, system profile id,
//! or the application profile's ARN, so that AWS bills the turn under the profile's tags) is the
//! `modelId`. Events reach the caller as they arrive; a cancel stops the stream at once and keeps
//! the partial answer. Every finished, interrupted or failed turn is written to the usage ledger
//! exactly once, with its tokens, latency, time to first token and estimated cost.
//!
//! Nothing hangs: a stream silent for the idle timeout ([`TurnOptions::idle_timeout`],
//! `STRATA_STREAM_IDLE_TIMEOUT_S`, default 60 s) fails with kind `Network`, keeping the partial
//! answer, and a stream that closes without `messageStop` is [`TurnOutcome::EndedEarly`], never
//! completed. A turn is cancellable from the first moment: [`run_turn_when_ready`] resolves the
//! session and entry under the turn's cancel token, and a turn cancelled (or failed) before its
//! request was sent records nothing.

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput as StreamEvent,
    InferenceConfiguration, Message, SystemContentBlock,
};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::catalog::{EntryKind, ModelEntry, Tag};
use crate::conversations::{FinishedTurn, StoredMessage, StoredUsage};
use crate::error::{Error, ErrorKind, Result};
use crate::ledger::{TurnOutcome, UsageLedger, UsageRecord};
use crate::pricing::PriceTable;
use crate::session::Session;

/// Tracing target for chat activity.
pub const LOG_TARGET: &str = "chat";

/// The largest `maxTokens` Strata sends (the model may allow less; Bedrock then says so).
pub const MAX_TOKENS_LIMIT: u32 = 128_000;

/// The variable that sets how long a silent stream may stall, in whole seconds.
pub const IDLE_TIMEOUT_ENV: &str = "STRATA_STREAM_IDLE_TIMEOUT_S";

/// How long a stream may send nothing before the turn fails, when the variable is not set.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

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
fn idle_timeout_from(value: Option<&str>) -> (Duration, Option<String>) {
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
fn duration_text(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The person chatting.
    User,
    /// The model.
    Assistant,
}

/// One message of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// Who said it.
    pub role: Role,
    /// What was said.
    pub text: String,
}

/// A turn to run: the conversation so far, ending with the user's new message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatRequest {
    /// The catalog entry to call (model id, system profile id or application profile ARN).
    pub entry_id: String,
    /// Instructions for the model, if any.
    pub system: Option<String>,
    /// The conversation, oldest first; the last message is the user's.
    pub messages: Vec<ChatMessage>,
    /// The most tokens the answer may have.
    pub max_tokens: Option<u32>,
    /// Sampling temperature, 0 to 1.
    pub temperature: Option<f32>,
    /// The saved conversation this turn belongs to: when the turn ends (completed, interrupted,
    /// failed or ended early) the backend writes the answer into it, so that quitting or a crash
    /// mid-answer still leaves the partial answer saved.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub conversation_id: Option<String>,
}

impl ChatRequest {
    /// Checks the request as Bedrock would, before any call.
    pub fn validate(&self) -> Result<()> {
        let Some(last) = self.messages.last() else {
            return Err(Error::validation("There is no message to send."));
        };
        if last.role != Role::User {
            return Err(Error::validation("The last message must be the user's."));
        }
        if let Some(empty) = self.messages.iter().position(|m| m.text.trim().is_empty()) {
            return Err(Error::validation(if empty + 1 == self.messages.len() {
                "Type a message first: an empty message cannot be sent.".to_owned()
            } else {
                format!("Message {} of the conversation is empty.", empty + 1)
            }));
        }
        if let Some(pair) = self.messages.windows(2).find(|w| w[0].role == w[1].role) {
            return Err(Error::validation(format!(
                "Messages must alternate between user and assistant; two {:?} messages follow each other.",
                pair[0].role
            )));
        }
        crate::limits::turn_text(
            self.system
                .as_deref()
                .into_iter()
                .chain(self.messages.iter().map(|m| m.text.as_str())),
        )?;
        if self.messages[0].role != Role::User {
            return Err(Error::validation(
                "The conversation must start with a user message.",
            ));
        }
        if let Some(m) = self.max_tokens {
            if m == 0 || m > MAX_TOKENS_LIMIT {
                return Err(Error::validation(format!(
                    "Max tokens must be between 1 and {MAX_TOKENS_LIMIT}, not {m}."
                )));
            }
        }
        if let Some(t) = self.temperature {
            if !(0.0..=1.0).contains(&t) {
                return Err(Error::validation(format!(
                    "Temperature must be between 0 and 1, not {t}."
                )));
            }
        }
        Ok(())
    }
}

/// Tokens, timing and cost of a turn.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TurnUsage {
    /// Input tokens, as Bedrock counted them.
    #[ts(type = "number | null")]
    pub input_tokens: Option<u64>,
    /// Output tokens, as Bedrock counted them.
    #[ts(type = "number | null")]
    pub output_tokens: Option<u64>,
    /// From sending to the last event.
    #[ts(type = "number")]
    pub latency_ms: u64,
    /// From sending to the first text.
    #[ts(type = "number | null")]
    pub ttft_ms: Option<u64>,
    /// Estimated USD; `None` when unknown (never 0 for "unknown").
    pub cost_usd: Option<f64>,
    /// The model that priced it.
    pub priced_as: Option<String>,
}

/// What the caller hears while a turn runs, in this order: `started`, `delta`×N, `stopped`,
/// `finished` (with usage). A failure sends `failed` then `finished` (outcome `failed`); a stream
/// that closes without `messageStop` sends `failed` (kind `Network`) then `finished` with outcome
/// `endedEarly`. A turn cancelled before its request was sent hears only `finished` (outcome
/// `interrupted`, no tokens, no cost); one whose session or entry could not be resolved hears
/// `failed` then `finished` (outcome `failed`), and neither is recorded in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ChatEvent {
    /// The request was accepted by Bedrock.
    Started {
        /// The `modelId` sent.
        model_id: String,
    },
    /// More of the answer.
    Delta {
        /// The new text.
        text: String,
    },
    /// The model stopped: `end_turn`, `max_tokens` (the answer was cut), `stop_sequence` …
    Stopped {
        /// Bedrock's stop reason.
        reason: String,
    },
    /// The turn failed; what arrived before stays.
    Failed {
        /// What happened, with a hint.
        error: Error,
    },
    /// The turn is over (and recorded, when a request was sent).
    Finished {
        /// How it ended.
        outcome: TurnOutcome,
        /// Tokens, timing and cost.
        usage: TurnUsage,
    },
}

/// The result of a turn, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnReport {
    /// The answer's text (partial when interrupted or failed).
    pub text: String,
    /// How it ended.
    pub outcome: TurnOutcome,
    /// Bedrock's stop reason, if it gave one.
    pub stop_reason: Option<String>,
    /// The error, for a failed turn.
    pub error: Option<Error>,
    /// Tokens, timing and cost.
    pub usage: TurnUsage,
    /// The ledger line written for it.
    pub record: UsageRecord,
}

/// The foundation model a turn through `entry` is priced as: the entry itself, or the model
/// under a profile (the one in the calling region when it routes there).
pub fn pricing_model(entry: &ModelEntry, region: &str) -> Option<String> {
    match entry.kind {
        EntryKind::Foundation => Some(entry.id.clone()),
        _ => entry
            .underlying_models
            .iter()
            .find(|m| m.region == region)
            .or_else(|| entry.underlying_models.first())
            .map(|m| m.model_id.clone()),
    }
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Runs one turn through `entry` (see the module docs). `emit` is called for every event; the
/// ledger line is written before `Finished` is emitted. Never fails: a failed turn is reported
/// through `Failed` and recorded; only the validation of `request` is checked before anything
/// is sent, and is returned as an error with nothing recorded.
#[allow(clippy::too_many_arguments)]
pub async fn run_turn(
    session: &Session,
    prices: &PriceTable,
    ledger: &UsageLedger,
    entry: &ModelEntry,
    request: &ChatRequest,
    options: TurnOptions,
    cancel: CancellationToken,
    mut emit: impl FnMut(ChatEvent),
) -> Result<TurnReport> {
    request.validate()?;
    let region = session.target.region.clone();
    let started = Instant::now();
    let mut text = String::new();
    let mut ttft_ms = None;
    let mut stop_reason = None;
    let mut tokens: Option<(u64, u64)> = None;

    let result = stream(
        session,
        entry,
        request,
        options,
        &cancel,
        |event| match event {
            StreamStep::Started => emit(ChatEvent::Started {
                model_id: entry.id.clone(),
            }),
            StreamStep::Text(t) => {
                if ttft_ms.is_none() {
                    ttft_ms = Some(millis(started));
                }
                text.push_str(&t);
                emit(ChatEvent::Delta { text: t });
            }
            StreamStep::Stop(reason) => {
                emit(ChatEvent::Stopped {
                    reason: reason.clone(),
                });
                stop_reason = Some(reason);
            }
            StreamStep::Usage(input, output) => tokens = Some((input, output)),
        },
    )
    .await;
    let latency_ms = millis(started);

    let (outcome, error) = match result {
        Ok(StreamEnd::Cancelled) => (TurnOutcome::Interrupted, None),
        Ok(StreamEnd::Closed) if stop_reason.is_some() => (TurnOutcome::Completed, None),
        // Closed without messageStop: the answer may be cut anywhere, so it is never "completed".
        Ok(StreamEnd::Closed) => (TurnOutcome::EndedEarly, Some(ended_early())),
        Err(e) => (TurnOutcome::Failed, Some(e)),
    };
    if let Some(e) = &error {
        emit(ChatEvent::Failed { error: e.clone() });
    }
    let priced_as = pricing_model(entry, &region);
    let cost_usd = match (&priced_as, tokens) {
        // By the entry, not only its model: a `global.` route is billed differently.
        (Some(_), Some((i, o))) => prices.quote_for(entry, &region).map(|q| q.price.cost(i, o)),
        _ => None,
    };
    let usage = TurnUsage {
        input_tokens: tokens.map(|t| t.0),
        output_tokens: tokens.map(|t| t.1),
        latency_ms,
        ttft_ms,
        cost_usd,
        priced_as: priced_as.clone(),
    };
    let record = UsageRecord {
        time_ms: crate::catalog::now_ms(),
        turn_id: uuid::Uuid::new_v4().to_string(),
        entry_id: entry.id.clone(),
        kind: entry.kind,
        entry_name: entry.name.clone(),
        profile_arn: (entry.kind == EntryKind::ApplicationProfile).then(|| entry.arn.clone()),
        tags: entry.tags.clone().unwrap_or_default(),
        model_id: priced_as,
        region: region.clone(),
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        latency_ms,
        ttft_ms,
        cost_usd,
        outcome,
        stop_reason: stop_reason.clone(),
        error_kind: error.as_ref().map(Error::kind),
    };
    let answer = request.conversation_id.as_ref().map(|id| FinishedTurn {
        conversation_id: id.clone(),
        entry_id: entry.id.clone(),
        entry_name: entry.name.clone(),
        system: request.system.clone(),
        max_tokens: request.max_tokens,
        user_text: request
            .messages
            .last()
            .map(|m| m.text.clone())
            .unwrap_or_default(),
        answer: StoredMessage {
            role: Role::Assistant,
            text: text.clone(),
            outcome: Some(outcome),
            stop_reason: stop_reason.clone(),
            usage: Some(StoredUsage::from(&usage)),
            error: error.as_ref().map(|e| match e.hint() {
                Some(hint) => format!("{} {hint}", e.message()),
                None => e.message().to_owned(),
            }),
        },
        time_ms: record.time_ms,
    });
    // The database write (a full sync) runs off the async threads.
    let (writer, line) = (ledger.clone(), record.clone());
    let written =
        tokio::task::spawn_blocking(move || writer.record_turn(&line, answer.as_ref())).await;
    let failure = match written {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(e) => Some(format!("the ledger writer stopped: {e}")),
    };
    if let Some(e) = failure {
        // The answer is still the user's; the missing ledger line is reported loudly.
        tracing::error!(target: LOG_TARGET, error = %e, "the usage ledger could not be written");
    }
    let log_arn = record.profile_arn.as_deref().unwrap_or("");
    tracing::info!(
        target: LOG_TARGET,
        entry = %entry.id,
        profile_arn = log_arn,
        region = %region,
        outcome = ?outcome,
        input_tokens = ?usage.input_tokens,
        output_tokens = ?usage.output_tokens,
        latency_ms,
        ttft_ms = ?ttft_ms,
        cost_usd = ?cost_usd,
        error_kind = ?record.error_kind,
        "chat turn finished"
    );
    emit(ChatEvent::Finished {
        outcome,
        usage: usage.clone(),
    });
    Ok(TurnReport {
        text,
        outcome,
        stop_reason,
        error,
        usage,
        record,
    })
}

/// Runs a turn whose session and entry are still to be resolved (`prepare`: connecting, finding
/// the entry, fetching its tags), all under `cancel`, so that Stop works from the first moment.
/// `request` is validated first and returned as an error with nothing sent. A cancel before the
/// request is sent ends the turn with `finished` (interrupted, no tokens) and a `prepare` error
/// with `failed` + `finished` (failed); neither is recorded (`Ok(None)`), since no request reached
/// Bedrock. Otherwise it is [`run_turn`].
pub async fn run_turn_when_ready<P>(
    prices: &PriceTable,
    ledger: &UsageLedger,
    request: &ChatRequest,
    options: TurnOptions,
    cancel: CancellationToken,
    prepare: P,
    mut emit: impl FnMut(ChatEvent),
) -> Result<Option<TurnReport>>
where
    P: Future<Output = Result<(Arc<Session>, ModelEntry)>>,
{
    request.validate()?;
    let started = Instant::now();
    let prepared = tokio::select! {
        biased;
        () = cancel.cancelled() => None,
        prepared = prepare => Some(prepared),
    };
    let no_call = |outcome| ChatEvent::Finished {
        outcome,
        usage: TurnUsage {
            input_tokens: None,
            output_tokens: None,
            latency_ms: millis(started),
            ttft_ms: None,
            cost_usd: None,
            priced_as: None,
        },
    };
    match prepared {
        None => {
            tracing::info!(target: LOG_TARGET, entry = %request.entry_id, "chat turn cancelled before its request was sent; nothing recorded");
            emit(no_call(TurnOutcome::Interrupted));
            Ok(None)
        }
        Some(Err(error)) => {
            tracing::warn!(target: LOG_TARGET, entry = %request.entry_id, kind = ?error.kind(), error = %error, "chat turn could not start; nothing recorded");
            emit(ChatEvent::Failed { error });
            emit(no_call(TurnOutcome::Failed));
            Ok(None)
        }
        Some(Ok((session, entry))) => run_turn(
            &session, prices, ledger, &entry, request, options, cancel, emit,
        )
        .await
        .map(Some),
    }
}

/// How a stream ended without an error.
enum StreamEnd {
    /// The cancel token fired.
    Cancelled,
    /// Bedrock closed the stream (with or without `messageStop`).
    Closed,
}

/// The error of a stream that closed without `messageStop`.
fn ended_early() -> Error {
    Error::new(
        ErrorKind::Network,
        "The answer ended early: the stream closed before Bedrock said the answer was complete.",
    )
    .with_hint("Retry; the part that arrived is kept.")
}

/// The error of a stream that sent nothing for `idle`.
fn stalled(idle: Duration, region: &str) -> Error {
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

enum StreamStep {
    Started,
    Text(String),
    Stop(String),
    Usage(u64, u64),
}

fn sdk_messages(request: &ChatRequest) -> Result<Vec<Message>> {
    request
        .messages
        .iter()
        .map(|m| {
            Message::builder()
                .role(match m.role {
                    Role::User => ConversationRole::User,
                    Role::Assistant => ConversationRole::Assistant,
                })
                .content(ContentBlock::Text(m.text.clone()))
                .build()
                .map_err(|e| Error::internal(format!("A message could not be built: {e}")))
        })
        .collect()
}

/// Sends the request and feeds `step` until the stream ends, fails, stalls for longer than the
/// idle timeout, or `cancel` fires.
async fn stream(
    session: &Session,
    entry: &ModelEntry,
    request: &ChatRequest,
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
    let mut call = session
        .runtime()
        .converse_stream()
        .model_id(&entry.id)
        .set_messages(Some(sdk_messages(request)?));
    if let Some(system) = request.system.as_ref().filter(|s| !s.trim().is_empty()) {
        call = call.system(SystemContentBlock::Text(system.clone()));
    }
    if request.max_tokens.is_some() || request.temperature.is_some() {
        call = call.inference_config(
            InferenceConfiguration::builder()
                .set_max_tokens(
                    request
                        .max_tokens
                        .map(|m| i32::try_from(m).unwrap_or(i32::MAX)),
                )
                .set_temperature(request.temperature)
                .build(),
        );
    }
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
            Some(StreamEvent::ContentBlockDelta(d)) => {
                if let Some(ContentBlockDelta::Text(t)) = d.delta {
                    step(StreamStep::Text(t));
                }
            }
            Some(StreamEvent::MessageStop(stop)) => {
                step(StreamStep::Stop(stop.stop_reason.as_str().to_owned()));
            }
            Some(StreamEvent::Metadata(meta)) => {
                if let Some(u) = meta.usage {
                    step(StreamStep::Usage(
                        u64::try_from(u.input_tokens).unwrap_or(0),
                        u64::try_from(u.output_tokens).unwrap_or(0),
                    ));
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

/// The tags of an application profile entry, for its ledger lines (fetched when the entry has
/// none yet).
pub async fn ensure_tags(session: &Session, entry: &mut ModelEntry) {
    if entry.kind != EntryKind::ApplicationProfile || entry.tags.is_some() {
        return;
    }
    let fetched =
        crate::catalog::fetch_tags(session.control(), &session.target, vec![entry.arn.clone()])
            .await;
    if let Some((_, Ok(tags))) = fetched.into_iter().next() {
        entry.tags = Some(tags);
    }
}

/// Tags as `key=value` text.
pub fn tags_text(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect::<Vec<_>>()
        .join(",")
}

/// Chats in flight, the price table and the ledger: what the app and `strata chat` share.
pub struct ChatService {
    prices: PriceTable,
    ledger: UsageLedger,
    running: std::sync::Mutex<std::collections::HashMap<String, CancellationToken>>,
}

impl ChatService {
    /// A service pricing with `prices` and recording in `ledger` (and, for turns that name a
    /// conversation, in that conversation of the ledger's database).
    pub fn new(prices: PriceTable, ledger: UsageLedger) -> Self {
        Self {
            prices,
            ledger,
            running: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The ledger.
    pub fn ledger(&self) -> &UsageLedger {
        &self.ledger
    }

    /// The price table.
    pub fn prices(&self) -> &PriceTable {
        &self.prices
    }

    /// How many turns are running.
    pub fn running_count(&self) -> usize {
        self.running().len()
    }

    /// Cancels every running turn (the app is quitting) and waits, at most `timeout`, until each
    /// has recorded its partial turn in the ledger and its conversation. True when all did.
    pub async fn shutdown(&self, timeout: std::time::Duration) -> bool {
        let cancelled: Vec<CancellationToken> = self.running().values().cloned().collect();
        if cancelled.is_empty() {
            return true;
        }
        tracing::info!(target: LOG_TARGET, count = cancelled.len(), "stopping the running chat turns before quitting");
        for token in &cancelled {
            token.cancel();
        }
        let deadline = tokio::time::Instant::now() + timeout;
        while self.running_count() > 0 {
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(target: LOG_TARGET, left = self.running_count(), "chat turns still running at quit; their answers may not be saved");
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        true
    }

    fn running(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, CancellationToken>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers a new turn; returns its request id and the token that cancels it.
    pub fn begin(&self) -> (String, CancellationToken) {
        let id = uuid::Uuid::new_v4().to_string();
        let token = CancellationToken::new();
        self.running().insert(id.clone(), token.clone());
        (id, token)
    }

    /// Cancels a running turn; false when it is not running (finished already, or unknown).
    pub fn cancel(&self, request_id: &str) -> bool {
        match self.running().get(request_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Runs the turn registered as `request_id` and forgets it when done.
    pub async fn run(
        &self,
        session: &Session,
        entry: &ModelEntry,
        request: &ChatRequest,
        request_id: &str,
        cancel: CancellationToken,
        emit: impl FnMut(ChatEvent),
    ) -> Result<TurnReport> {
        let result = run_turn(
            session,
            &self.prices,
            &self.ledger,
            entry,
            request,
            TurnOptions::default(),
            cancel,
            emit,
        )
        .await;
        self.running().remove(request_id);
        result
    }

    /// Runs the turn registered as `request_id` once `prepare` has resolved its session and entry,
    /// cancellable throughout (see [`run_turn_when_ready`]), and forgets it when done.
    pub async fn run_when_ready<P>(
        &self,
        request: &ChatRequest,
        request_id: &str,
        cancel: CancellationToken,
        prepare: P,
        emit: impl FnMut(ChatEvent),
    ) -> Result<Option<TurnReport>>
    where
        P: Future<Output = Result<(Arc<Session>, ModelEntry)>>,
    {
        let result = run_turn_when_ready(
            &self.prices,
            &self.ledger,
            request,
            TurnOptions::default(),
            cancel,
            prepare,
            emit,
        )
        .await;
        self.running().remove(request_id);
        result
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn msg(role: Role, text: &str) -> ChatMessage {
        ChatMessage {
            role,
            text: text.into(),
        }
    }

    fn request(messages: Vec<ChatMessage>) -> ChatRequest {
        ChatRequest {
            entry_id: "m".into(),
            system: None,
            messages,
            max_tokens: None,
            temperature: None,
            conversation_id: None,
        }
    }

    #[test]
    fn the_idle_timeout_comes_from_whole_seconds_and_bad_values_fall_back_with_a_warning() {
        assert_eq!(idle_timeout_from(None), (DEFAULT_IDLE_TIMEOUT, None));
        assert_eq!(idle_timeout_from(Some("  ")), (DEFAULT_IDLE_TIMEOUT, None));
        assert_eq!(idle_timeout_from(Some("5")), (Duration::from_secs(5), None));
        for bad in ["0", "-3", "1.5", "soon", "86401", "99999999999999999999999"] {
            let (timeout, warning) = idle_timeout_from(Some(bad));
            assert_eq!(timeout, DEFAULT_IDLE_TIMEOUT, "{bad}");
            let warning = warning.unwrap();
            assert!(
                warning.contains(IDLE_TIMEOUT_ENV) && warning.contains(bad),
                "{warning}"
            );
        }
    }

    #[test]
    fn a_stall_says_how_long_and_what_to_do() {
        let e = stalled(Duration::from_secs(60), "us-east-1");
        assert_eq!(e.kind(), ErrorKind::Network);
        assert!(
            e.message().contains("stalled") && e.message().contains("60 s"),
            "{e}"
        );
        assert!(e.hint().unwrap().contains("kept"), "{e:?}");
        assert!(stalled(Duration::from_millis(300), "x")
            .message()
            .contains("300 ms"));
    }

    #[test]
    fn validation_says_what_is_wrong_before_any_call() {
        assert!(request(vec![msg(Role::User, "hi")]).validate().is_ok());
        for (bad, says) in [
            (request(vec![]), "no message"),
            (request(vec![msg(Role::User, "  ")]), "empty message"),
            (
                request(vec![msg(Role::User, "a"), msg(Role::Assistant, "b")]),
                "last message",
            ),
            (
                request(vec![msg(Role::User, "a"), msg(Role::User, "b")]),
                "alternate",
            ),
            (
                ChatRequest {
                    max_tokens: Some(0),
                    ..request(vec![msg(Role::User, "a")])
                },
                "Max tokens",
            ),
            (
                ChatRequest {
                    temperature: Some(1.5),
                    ..request(vec![msg(Role::User, "a")])
                },
                "Temperature",
            ),
        ] {
            let e = bad.validate().unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Validation);
            assert!(e.message().contains(says), "{e} should say {says}");
        }
    }
}
