//! What a turn sends: the conversation so far and its settings, checked as Bedrock would check
//! them before anything is sent.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The largest `maxTokens` Strata sends (the model may allow less; Bedrock then says so).
pub(crate) const MAX_TOKENS_LIMIT: u32 = 128_000;

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The person chatting.
    User,
    /// The model.
    Assistant,
}

/// What kind of file an attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AttachmentKind {
    /// An image block (PNG, JPEG, GIF, WebP).
    Image,
    /// A document block (PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD).
    Document,
}

/// A file sent with a user message, kept with the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The file's name as the user chose it (a document's name sent to Bedrock is derived from
    /// it, see `chat::attachments`).
    pub name: String,
    /// Image or document.
    pub kind: AttachmentKind,
    /// Bedrock's format word: `png`, `jpeg`, `gif`, `webp`, `pdf`, `csv`, `doc`, `docx`, `xls`,
    /// `xlsx`, `html`, `txt`, `md`.
    pub format: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub data: String,
    /// The file's size in bytes (of the decoded data).
    #[ts(type = "number")]
    pub size: u64,
}

/// The model's reasoning (extended thinking) before an answer, kept so that it can be sent back
/// as Bedrock requires (with its signature, unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reasoning {
    /// The reasoning text as it streamed.
    pub text: String,
    /// The signature Bedrock sent with it; `None` while streaming or when it never came.
    #[serde(default)]
    pub signature: Option<String>,
    /// Reasoning the model's provider encrypted (`redactedContent`), base64, sent back as it came.
    #[serde(default)]
    pub redacted: Vec<String>,
}

/// One message of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// Who said it.
    pub role: Role,
    /// What was said.
    pub text: String,
    /// Files sent with a user message (none for answers).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// For answers: the reasoning before the text, sent back with its signature.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub reasoning: Option<Reasoning>,
}

impl ChatMessage {
    /// A message of text alone.
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        Self {
            role,
            text: text.into(),
            attachments: Vec::new(),
            reasoning: None,
        }
    }
}

/// A conversation's inference parameters, chosen in its options panel and saved with it (the
/// max-token limit is the conversation's own field). Each becomes a field of [`ChatRequest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ChatParameters {
    /// Sampling temperature, 0 to 1 (`None`: the model's default).
    pub temperature: Option<f32>,
    /// Nucleus sampling, 0 to 1 (`None`: the model's default).
    pub top_p: Option<f32>,
    /// Texts that stop the answer.
    pub stop_sequences: Vec<String>,
    /// Extended thinking: off, low, medium or high (the tokens come from the model).
    pub reasoning: super::ReasoningLevel,
    /// The service tier (`None`: Bedrock's default).
    pub service_tier: Option<super::ServiceTier>,
}

/// A turn to run: the conversation so far, ending with the user's new message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatRequest {
    /// The catalog entry to call (model id, system profile id or application profile ARN; the
    /// entry's name too, for `ChatService::start`).
    pub entry_id: String,
    /// Instructions for the model, if any.
    pub system: Option<String>,
    /// The conversation, oldest first; the last message is the user's.
    pub messages: Vec<ChatMessage>,
    /// The most tokens the answer may have.
    pub max_tokens: Option<u32>,
    /// Sampling temperature, 0 to 1.
    pub temperature: Option<f32>,
    /// Nucleus sampling, 0 to 1.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub top_p: Option<f32>,
    /// Texts that stop the answer when the model writes them.
    #[serde(default)]
    pub stop_sequences: Vec<String>,
    /// Extended thinking: the reasoning budget in tokens (`None`: off). The model must have
    /// reasoning ([`super::ModelFeatures::reasoning`]) and the budget be within its limits.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub reasoning_budget: Option<u32>,
    /// The service tier to ask for (`None`: Bedrock's default, and no `serviceTier` sent).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub service_tier: Option<super::ServiceTier>,
    /// Put cache points on the system prompt and the conversation prefix, for models with prompt
    /// caching (the setting "Prompt caching"; `strata chat --no-cache` turns it off).
    #[serde(default = "default_true")]
    pub prompt_cache: bool,
    /// The saved conversation this turn belongs to: when the turn ends (completed, interrupted,
    /// failed or ended early) the backend writes the answer into it, so that quitting or a crash
    /// mid-answer still leaves the partial answer saved.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub conversation_id: Option<String>,
}

fn default_true() -> bool {
    true
}

impl ChatRequest {
    /// A request of `messages` to `entry_id` with every option at its default (prompt caching
    /// on, nothing else set).
    pub fn new(entry_id: impl Into<String>, messages: Vec<ChatMessage>) -> Self {
        Self {
            entry_id: entry_id.into(),
            system: None,
            messages,
            max_tokens: None,
            temperature: None,
            top_p: None,
            stop_sequences: Vec::new(),
            reasoning_budget: None,
            service_tier: None,
            prompt_cache: true,
            conversation_id: None,
        }
    }

    /// Checks the request against what the model underneath can take, as Bedrock would, before
    /// any call: reasoning only where the model has it and within its budget limits (and below
    /// `max_tokens`), no temperature / top-p the model refuses (with reasoning on, Claude takes no
    /// temperature and a top-p of 0.95 to 1 only), at most its stop sequences, a tier it offers,
    /// max tokens up to its limit, images and documents only where it takes them and within
    /// AWS's limits (size, count, names; see `chat::attachments`). Each refusal names the
    /// option, the model and what to do. [`ChatRequest::validate`] is checked too.
    pub fn validate_for(&self, features: &super::ModelFeatures) -> Result<()> {
        self.validate()?;
        super::validate::against(self, features)
    }

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
        if let Some(p) = self.top_p {
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::validation(format!(
                    "Top-p must be between 0 and 1, not {p}."
                )));
            }
        }
        if self.stop_sequences.iter().any(|s| s.is_empty()) {
            return Err(Error::validation(
                "A stop sequence is empty; each must have at least one character.",
            ));
        }
        let most = super::table::MAX_STOP_SEQUENCES as usize;
        if self.stop_sequences.len() > most {
            return Err(Error::validation(format!(
                "{} stop sequences were given; Bedrock takes at most {most}.",
                self.stop_sequences.len()
            )));
        }
        if let Some(b) = self.reasoning_budget {
            let min = super::table::MIN_REASONING_BUDGET;
            if b < min {
                return Err(Error::validation(format!(
                    "A reasoning budget of {b} tokens is too small: Bedrock takes at least {min}."
                ))
                .with_hint(format!(
                    "Set a budget of {min} tokens or more, or turn reasoning off."
                )));
            }
        }
        super::attachments::check(&self.messages)
    }
}
