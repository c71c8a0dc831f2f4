//! Conversations kept across restarts: one JSON file, rewritten atomically (temp file + rename)
//! on every change, so a crash leaves the old or the new version, never half of one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::chat::{Role, TurnUsage};
use crate::error::{Error, Result};
use crate::ledger::TurnOutcome;

/// One message as shown and kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredMessage {
    /// Who said it.
    pub role: Role,
    /// The text (partial for an interrupted or failed answer).
    pub text: String,
    /// For answers: how the turn ended.
    pub outcome: Option<TurnOutcome>,
    /// For answers: Bedrock's stop reason (`max_tokens` means the answer was cut).
    pub stop_reason: Option<String>,
    /// For answers: tokens, timing and cost.
    #[serde(default)]
    pub usage: Option<StoredUsage>,
    /// For failed turns: what went wrong.
    pub error: Option<String>,
}

/// Usage as stored with a message (the same fields as [`TurnUsage`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredUsage {
    /// Input tokens.
    #[ts(type = "number | null")]
    pub input_tokens: Option<u64>,
    /// Output tokens.
    #[ts(type = "number | null")]
    pub output_tokens: Option<u64>,
    /// Latency in ms.
    #[ts(type = "number")]
    pub latency_ms: u64,
    /// Time to first token in ms.
    #[ts(type = "number | null")]
    pub ttft_ms: Option<u64>,
    /// Estimated USD, `None` when unknown.
    pub cost_usd: Option<f64>,
}

impl From<&TurnUsage> for StoredUsage {
    fn from(u: &TurnUsage) -> Self {
        Self {
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
            latency_ms: u.latency_ms,
            ttft_ms: u.ttft_ms,
            cost_usd: u.cost_usd,
        }
    }
}

/// A conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// Its id.
    pub id: String,
    /// A title (the start of the first message).
    pub title: String,
    /// The entry it talks to.
    pub entry_id: String,
    /// That entry's name when the conversation started.
    pub entry_name: String,
    /// Instructions for the model.
    pub system: Option<String>,
    /// The max-token limit of its answers.
    pub max_tokens: Option<u32>,
    /// Created, ms since the epoch.
    #[ts(type = "number")]
    pub created_ms: u64,
    /// Last changed, ms since the epoch.
    #[ts(type = "number")]
    pub updated_ms: u64,
    /// The messages, oldest first.
    pub messages: Vec<StoredMessage>,
}

#[derive(Serialize, Deserialize, Default)]
struct File {
    conversations: Vec<Conversation>,
}

/// The conversations file.
pub struct ConversationStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl ConversationStore {
    /// The store at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_file(&self) -> Result<File> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::internal(format!(
                    "The saved conversations in {} could not be read: {e}",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::default()),
            Err(e) => Err(Error::internal(format!(
                "The saved conversations in {} could not be read: {e}",
                self.path.display()
            ))),
        }
    }

    fn write_file(&self, file: &File) -> Result<()> {
        let io = |e: std::io::Error| {
            Error::internal(format!(
                "The conversations could not be saved to {}: {e}",
                self.path.display()
            ))
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let bytes = serde_json::to_vec(file).map_err(|e| Error::internal(e.to_string()))?;
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }

    /// Every conversation, most recently changed first. A damaged file is moved aside (kept, not
    /// lost) and the list starts empty.
    pub fn list(&self) -> Result<Vec<Conversation>> {
        let _g = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut file = match self.read_file() {
            Ok(f) => f,
            Err(e) => {
                let backup = self
                    .path
                    .with_extension(format!("corrupt-{}", crate::catalog::now_ms()));
                let _ = std::fs::rename(&self.path, &backup);
                tracing::warn!(target: "chat", error = %e, backup = %backup.display(), "saved conversations were unreadable; kept a copy");
                File::default()
            }
        };
        file.conversations
            .sort_by_key(|c| std::cmp::Reverse(c.updated_ms));
        Ok(file.conversations)
    }

    /// Adds or replaces `conversation` (by id).
    pub fn save(&self, conversation: Conversation) -> Result<()> {
        let _g = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut file = self.read_file()?;
        file.conversations.retain(|c| c.id != conversation.id);
        file.conversations.push(conversation);
        self.write_file(&file)
    }

    /// Removes a conversation; true when it existed.
    pub fn delete(&self, id: &str) -> Result<bool> {
        let _g = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut file = self.read_file()?;
        let before = file.conversations.len();
        file.conversations.retain(|c| c.id != id);
        let removed = file.conversations.len() != before;
        if removed {
            self.write_file(&file)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn conversation(id: &str, updated: u64) -> Conversation {
        Conversation {
            id: id.into(),
            title: "t".into(),
            entry_id: "m".into(),
            entry_name: "M".into(),
            system: None,
            max_tokens: None,
            created_ms: 1,
            updated_ms: updated,
            messages: vec![StoredMessage {
                role: Role::User,
                text: "hello".into(),
                outcome: None,
                stop_reason: None,
                usage: None,
                error: None,
            }],
        }
    }

    #[test]
    fn save_list_replace_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConversationStore::new(dir.path().join("conversations.json"));
        assert!(store.list().unwrap().is_empty());
        store.save(conversation("a", 1)).unwrap();
        store.save(conversation("b", 5)).unwrap();
        store.save(conversation("a", 9)).unwrap();
        let ids: Vec<String> = store.list().unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(store.delete("a").unwrap());
        assert!(!store.delete("a").unwrap());
        assert_eq!(store.list().unwrap().len(), 1);
    }

    #[test]
    fn a_damaged_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conversations.json");
        std::fs::write(&path, b"{broken").unwrap();
        let store = ConversationStore::new(&path);
        assert!(store.list().unwrap().is_empty());
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("corrupt-"))
            .collect();
        assert_eq!(kept.len(), 1);
    }
}
