//! Chat through any catalog entry with ConverseStream: the entry's id (model id, system profile id,
//! or the application profile's ARN, so that AWS bills the turn under the profile's tags) is the
//! `modelId`. Events reach the caller as they arrive; a cancel stops the stream at once and keeps
//! the partial answer. Every finished, interrupted or failed turn is written to the usage ledger
//! exactly once, with its tokens, latency, time to first token and estimated cost.
//!
//! Nothing hangs: a stream silent for the idle timeout ([`TurnOptions::idle_timeout`],
//! `STRATA_STREAM_IDLE_TIMEOUT_S`, default 60 s) fails with kind `Network`, keeping the partial
//! answer, and a stream that closes without `messageStop` is
//! [`TurnOutcome::EndedEarly`](crate::ledger::TurnOutcome::EndedEarly), never completed. A turn is cancellable from the first moment: [`ChatService::start`] registers it
//! before anything else and resolves the session and entry under the turn's cancel token, and a
//! turn cancelled (or failed) before its request was sent records nothing.
//!
//! The files: `request` ([`ChatRequest`]: what is sent, validated), `options` ([`TurnOptions`]),
//! `features` (what the model underneath can do: caching, reasoning, attachments, parameters,
//! tiers; its figures in `table`), `validate` (a request against those features),
//! `attachments` (AWS's limits on images and documents, and reading a file), `events` (what the
//! caller hears and gets), `converse` (the request as the SDK sends it: cache points,
//! attachments, reasoning, tier), `stream` (the ConverseStream call and its reading),
//! `turn` (one turn from request to record), `entry` (its pricing model and tags) and `service`
//! ([`ChatService`]: the turns in flight and [`ChatService::start`]).

pub mod attachments;
mod converse;
mod entry;
mod events;
mod features;
mod options;
mod request;
mod service;
mod stream;
mod table;
mod turn;
mod validate;

#[cfg(test)]
mod features_tests;
#[cfg(test)]
mod tests;

pub use entry::ensure_tags;
pub(crate) use entry::pricing_model;
pub use events::{ChatEvent, StopReason, TurnEnd, TurnReport, TurnUsage};
pub use features::{
    features_for, features_of_model, ChatFeatures, ModelFeatures, PromptCacheSpec, ReasoningLevel,
    ReasoningSpec, ServiceTier,
};
pub use options::TurnOptions;
pub use request::{
    Attachment, AttachmentKind, ChatMessage, ChatParameters, ChatRequest, Reasoning, Role,
};
pub use service::{ChatService, RunningTurn, StartOptions};
pub use turn::{run_turn, run_turn_when_ready};

/// Tracing target for chat activity.
pub(crate) const LOG_TARGET: &str = "chat";
