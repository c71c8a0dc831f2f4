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
