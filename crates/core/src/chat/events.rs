//! What the caller hears while a turn runs and what it gets at the end: the events, the stop
//! reason, the usage and the recorded report.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::ledger::{TurnOutcome, UsageRecord};

/// Why the model stopped: the values of Bedrock's `StopReason` (botocore's bedrock-runtime
/// model), and any value a newer Bedrock sends, kept as it came. Known values cross IPC as
/// Bedrock's own words (`"end_turn"`, `"max_tokens"` …), an unknown one as `{ "other": "…" }`;
/// either form, and any word, reads back (an unknown word as [`StopReason::Other`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The model finished its answer.
    EndTurn,
    /// The model asks for a tool to be run.
    ToolUse,
    /// The answer was cut at the max-token limit.
    MaxTokens,
    /// The model wrote one of the request's stop sequences.
    StopSequence,
    /// A guardrail stopped the answer.
    GuardrailIntervened,
    /// Content filters stopped the answer.
    ContentFiltered,
    /// The model's output could not be parsed.
    MalformedModelOutput,
    /// The model asked for a tool in a form that could not be parsed.
    MalformedToolUse,
    /// The conversation no longer fits the model's context window.
    ModelContextWindowExceeded,
    /// A value this Strata does not know, exactly as Bedrock sent it.
    Other(String),
}

impl StopReason {
    /// Bedrock's word for it (`end_turn` …; an unknown value as it came), as the ledger and the
    /// database keep it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::EndTurn => "end_turn",
            Self::ToolUse => "tool_use",
            Self::MaxTokens => "max_tokens",
            Self::StopSequence => "stop_sequence",
            Self::GuardrailIntervened => "guardrail_intervened",
            Self::ContentFiltered => "content_filtered",
            Self::MalformedModelOutput => "malformed_model_output",
            Self::MalformedToolUse => "malformed_tool_use",
            Self::ModelContextWindowExceeded => "model_context_window_exceeded",
            Self::Other(other) => other,
        }
    }
}

impl From<&str> for StopReason {
    fn from(word: &str) -> Self {
        match word {
            "end_turn" => Self::EndTurn,
            "tool_use" => Self::ToolUse,
            "max_tokens" => Self::MaxTokens,
            "stop_sequence" => Self::StopSequence,
            "guardrail_intervened" => Self::GuardrailIntervened,
            "content_filtered" => Self::ContentFiltered,
            "malformed_model_output" => Self::MalformedModelOutput,
            "malformed_tool_use" => Self::MalformedToolUse,
            "model_context_window_exceeded" => Self::ModelContextWindowExceeded,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for StopReason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The forms a stop reason is read from: a word, or the catch-all's `{ "other": … }`.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Word(String),
            Other { other: String },
        }
        Ok(match Form::deserialize(deserializer)? {
            Form::Word(word) | Form::Other { other: word } => Self::from(word.as_str()),
        })
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    /// From sending to the first text of the answer (a reasoning turn's reasoning comes first
    /// and does not count: this is the wait for the answer itself).
    #[ts(type = "number | null")]
    pub ttft_ms: Option<u64>,
    /// Estimated USD; `None` when unknown (never 0 for "unknown"). Cache reads and writes are
    /// priced at their own rates and the service tier at its own (see `Price::cost_of`).
    pub cost_usd: Option<f64>,
    /// The model that priced it.
    pub priced_as: Option<String>,
    /// Input tokens read from the prompt cache (`cacheReadInputTokens`); `None` when Bedrock
    /// did not say.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub cache_read_tokens: Option<u64>,
    /// Input tokens written to the prompt cache (`cacheWriteInputTokens`).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub cache_write_tokens: Option<u64>,
    /// Of the output tokens, those of the reasoning: Bedrock counts reasoning within
    /// `outputTokens` and does not report it apart, so this is the output count apportioned by
    /// the characters of reasoning and answer (`None` without reasoning).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub reasoning_tokens: Option<u64>,
    /// The service tier Bedrock says served the turn (`None` when it did not say).
    #[serde(default)]
    pub service_tier: Option<super::ServiceTier>,
    /// What the prompt cache saved on this turn, in USD, against the same tokens all priced as
    /// plain input (negative when a cache write cost more than it saved yet); `None` when
    /// unknown or no cache was used.
    #[serde(default)]
    pub cache_saved_usd: Option<f64>,
}

impl TurnUsage {
    /// The usage of a turn that sent no request: only its time, nothing counted or priced.
    pub(super) fn no_call(latency_ms: u64) -> Self {
        Self {
            input_tokens: None,
            output_tokens: None,
            latency_ms,
            ttft_ms: None,
            cost_usd: None,
            priced_as: None,
            cache_read_tokens: None,
            cache_write_tokens: None,
            reasoning_tokens: None,
            service_tier: None,
            cache_saved_usd: None,
        }
    }
}

/// What the caller hears while a turn runs, in this order: `started`, (`reasoningDelta`×N,
/// `reasoningSignature` / `reasoningRedacted`, before the answer's text, for a turn with
/// reasoning), `delta`×N, `stopped`,
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
    /// More of the model's reasoning (extended thinking), before the answer.
    ReasoningDelta {
        /// The new reasoning text.
        text: String,
    },
    /// The signature of the reasoning so far, to send back with it on the next turn.
    ReasoningSignature {
        /// Bedrock's signature.
        signature: String,
    },
    /// Reasoning the provider encrypted (`redactedContent`), to send back as it came.
    ReasoningRedacted {
        /// The bytes, base64.
        data: String,
    },
    /// More of the answer.
    Delta {
        /// The new text.
        text: String,
    },
    /// The model stopped: `end_turn`, `max_tokens` (the answer was cut), `stop_sequence` …
    Stopped {
        /// Bedrock's stop reason.
        reason: StopReason,
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
    /// The reasoning before it, for a turn with reasoning.
    pub reasoning: Option<super::Reasoning>,
    /// How it ended.
    pub outcome: TurnOutcome,
    /// Bedrock's stop reason, if it gave one.
    pub stop_reason: Option<StopReason>,
    /// The error, for a failed turn.
    pub error: Option<Error>,
    /// Tokens, timing and cost.
    pub usage: TurnUsage,
    /// The ledger line written for it.
    pub record: UsageRecord,
}

/// How a turn ended, whether or not its request was sent: what [`super::RunningTurn::finished`]
/// gives once the turn is over (and recorded).
#[derive(Debug, Clone, PartialEq)]
pub struct TurnEnd {
    /// How it ended (as the `finished` event said).
    pub outcome: TurnOutcome,
    /// Tokens, timing and cost (as the `finished` event said; nothing counted when no request
    /// was sent).
    pub usage: TurnUsage,
    /// What went wrong, for a failed or ended-early turn (as the `failed` event said).
    pub error: Option<Error>,
    /// The entry the turn went through, with its tags, once it was found.
    pub entry: Option<crate::catalog::ModelEntry>,
    /// The turn as recorded in the ledger; `None` when no request was sent (cancelled, or the
    /// connection or the entry lookup failed), since nothing reached Bedrock.
    pub report: Option<TurnReport>,
}
