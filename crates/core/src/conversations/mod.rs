//! Conversations kept across restarts, in the database (see [`crate::storage`]). The UI saves a
//! conversation when the message is sent; the backend writes the answer into it when the turn
//! ends, in the same transaction as the turn's ledger line, so that a quit or a crash mid-answer
//! still leaves the partial answer saved.

use std::sync::Arc;

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::chat::{
    Attachment, ChatParameters, Reasoning, Role, ServiceTier, StopReason, TurnUsage,
};
use crate::error::{Error, ErrorKind, Result};
use crate::ledger::TurnOutcome;
use crate::storage::{enum_from_text, enum_text, from_sql_int, to_sql_int, Database};

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
    pub stop_reason: Option<StopReason>,
    /// For answers: tokens, timing and cost.
    #[serde(default)]
    pub usage: Option<StoredUsage>,
    /// For failed turns: what went wrong, with its kind and hint (as the `failed` event said).
    pub error: Option<Error>,
    /// For user messages: the files sent with it.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// For answers: the model's reasoning before the text (with its signature).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub reasoning: Option<Reasoning>,
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
    /// Input tokens read from the prompt cache.
    #[serde(default)]
    #[ts(optional = nullable, type = "number | null")]
    pub cache_read_tokens: Option<u64>,
    /// Input tokens written to the prompt cache.
    #[serde(default)]
    #[ts(optional = nullable, type = "number | null")]
    pub cache_write_tokens: Option<u64>,
    /// Of the output tokens, those of the reasoning (apportioned; see `TurnUsage`).
    #[serde(default)]
    #[ts(optional = nullable, type = "number | null")]
    pub reasoning_tokens: Option<u64>,
    /// The service tier Bedrock says served the turn.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub service_tier: Option<ServiceTier>,
    /// What the prompt cache saved on this turn, in USD (see `TurnUsage::cache_saved_usd`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub cache_saved_usd: Option<f64>,
}

impl From<&TurnUsage> for StoredUsage {
    fn from(u: &TurnUsage) -> Self {
        Self {
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
            latency_ms: u.latency_ms,
            ttft_ms: u.ttft_ms,
            cost_usd: u.cost_usd,
            cache_read_tokens: u.cache_read_tokens,
            cache_write_tokens: u.cache_write_tokens,
            reasoning_tokens: u.reasoning_tokens,
            service_tier: u.service_tier,
            cache_saved_usd: u.cache_saved_usd,
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
    /// Its other inference parameters (temperature, top-p, stop sequences, reasoning, tier).
    #[serde(default)]
    pub parameters: ChatParameters,
    /// Created, ms since the epoch.
    #[ts(type = "number")]
    pub created_ms: u64,
    /// Last changed, ms since the epoch.
    #[ts(type = "number")]
    pub updated_ms: u64,
    /// The messages, oldest first.
    pub messages: Vec<StoredMessage>,
}

/// The conversations in the database (see [`crate::storage`]): `save` replaces one
/// conversation in one transaction, so nothing is rewritten but what changed.
#[derive(Clone)]
pub struct ConversationStore {
    db: Arc<Database>,
}

/// The end of a turn, as the backend writes it into its conversation (so that quitting or a
/// crash mid-answer still leaves the partial answer saved).
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedTurn {
    /// The conversation (created when the UI has not saved it yet).
    pub conversation_id: String,
    /// The entry the turn went to.
    pub entry_id: String,
    /// Its name.
    pub entry_name: String,
    /// The instructions sent.
    pub system: Option<String>,
    /// The max-token limit sent.
    pub max_tokens: Option<u32>,
    /// The user's message this answers.
    pub user_text: String,
    /// The files sent with it.
    pub user_attachments: Vec<Attachment>,

    /// The answer (partial for an interrupted, failed or ended-early turn).
    pub answer: StoredMessage,
    /// When the turn ended, ms since the epoch.
    pub time_ms: u64,
}

impl ConversationStore {
    /// The conversations in `db`.
    pub fn new(db: Arc<Database>) -> Self {
        Self { db }
    }

    /// Every conversation, most recently changed first.
    pub fn list(&self) -> Result<Vec<Conversation>> {
        self.db
            .read("The saved conversations could not be read", |c| {
                let mut messages = c.prepare(
                    "SELECT role, text, outcome, stop_reason, usage, error, reasoning FROM messages
                     WHERE conversation_id = ?1 ORDER BY position",
                )?;
                let mut attachments = c.prepare(
                    "SELECT position, name, kind, format, size, data FROM attachments
                     WHERE conversation_id = ?1 ORDER BY position, idx",
                )?;
                let mut stmt = c.prepare(
                    "SELECT id, title, entry_id, entry_name, system, max_tokens, created_ms, updated_ms,
                       parameters
                     FROM conversations ORDER BY updated_ms DESC, rowid DESC",
                )?;
                let heads = stmt
                    .query_map([], conversation_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let mut out = Vec::with_capacity(heads.len());
                for mut conversation in heads {
                    conversation.messages = messages
                        .query_map([&conversation.id], message_from_row)?
                        .collect::<rusqlite::Result<_>>()?;
                    let files = attachments
                        .query_map([&conversation.id], attachment_from_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    for (position, file) in files {
                        if let Some(m) = conversation.messages.get_mut(usize_of(position)) {
                            m.attachments.push(file);
                        }
                    }
                    out.push(conversation);
                }
                Ok(out)
            })
    }

    /// One conversation, if it exists.
    pub fn get(&self, id: &str) -> Result<Option<Conversation>> {
        Ok(self.list()?.into_iter().find(|c| c.id == id))
    }

    /// Adds or replaces `conversation` (by id), messages included.
    pub fn save(&self, conversation: Conversation) -> Result<()> {
        self.db.write("The conversation could not be saved", |tx| {
            upsert(tx, &conversation)
        })
    }

    /// Removes a conversation and its messages; true when it existed. Its turns stay in the
    /// usage ledger (what was spent stays spent).
    pub fn delete(&self, id: &str) -> Result<bool> {
        self.db
            .write("The conversation could not be deleted", |tx| {
                Ok(tx.execute("DELETE FROM conversations WHERE id = ?1", [id])? > 0)
            })
    }
}

pub(crate) fn upsert(tx: &Transaction<'_>, c: &Conversation) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO conversations (id, title, entry_id, entry_name, system, max_tokens, created_ms, updated_ms, parameters)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, entry_id = excluded.entry_id,
           entry_name = excluded.entry_name, system = excluded.system,
           max_tokens = excluded.max_tokens, created_ms = excluded.created_ms,
           updated_ms = excluded.updated_ms, parameters = excluded.parameters",
        rusqlite::params![
            c.id,
            c.title,
            c.entry_id,
            c.entry_name,
            c.system,
            c.max_tokens,
            to_sql_int(c.created_ms),
            to_sql_int(c.updated_ms),
            parameters_json(&c.parameters),
        ],
    )?;
    tx.execute("DELETE FROM messages WHERE conversation_id = ?1", [&c.id])?;
    for (i, m) in c.messages.iter().enumerate() {
        insert_message(tx, &c.id, i, m, None)?;
    }
    tx.execute(
        "DELETE FROM attachments WHERE conversation_id = ?1 AND position >= ?2",
        rusqlite::params![c.id, to_sql_int(c.messages.len() as u64)],
    )?;
    Ok(())
}

/// The parameters as the `conversations.parameters` column keeps them; `None` when they are
/// all defaults (a conversation that never changed them reads back the same).
fn parameters_json(p: &ChatParameters) -> Option<String> {
    (*p != ChatParameters::default())
        .then(|| serde_json::to_string(p).ok())
        .flatten()
}

/// Writes the attachments of the message at `position`: a row whose file is unchanged is left
/// as it is (its bytes are not written again), a changed one is replaced, and rows past the
/// message's last attachment are removed.
fn write_attachments(
    tx: &Transaction<'_>,
    conversation_id: &str,
    position: usize,
    files: &[Attachment],
) -> rusqlite::Result<()> {
    let position = to_sql_int(position as u64);
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attachments (conversation_id, position, idx, name, kind, format, size, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (conversation_id, position, idx) DO UPDATE SET name = excluded.name,
           kind = excluded.kind, format = excluded.format, size = excluded.size,
           data = excluded.data
         WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind
           OR format IS NOT excluded.format OR size IS NOT excluded.size
           OR data IS NOT excluded.data",
    )?;
    for (i, f) in files.iter().enumerate() {
        stmt.execute(rusqlite::params![
            conversation_id,
            position,
            to_sql_int(i as u64),
            f.name,
            enum_text(&f.kind),
            f.format,
            to_sql_int(f.size),
            f.data.as_bytes(),
        ])?;
    }
    tx.prepare_cached(
        "DELETE FROM attachments WHERE conversation_id = ?1 AND position = ?2 AND idx >= ?3",
    )?
    .execute(rusqlite::params![
        conversation_id,
        position,
        to_sql_int(files.len() as u64)
    ])?;
    Ok(())
}

fn insert_message(
    tx: &Transaction<'_>,
    conversation_id: &str,
    position: usize,
    m: &StoredMessage,
    turn_id: Option<&str>,
) -> rusqlite::Result<()> {
    let usage = m
        .usage
        .as_ref()
        .map(|u| serde_json::to_string(u).unwrap_or_default());
    let error = m
        .error
        .as_ref()
        .map(|e| serde_json::to_string(e).unwrap_or_else(|_| e.message().to_owned()));
    let reasoning = m
        .reasoning
        .as_ref()
        .and_then(|r| serde_json::to_string(r).ok());
    tx.prepare_cached(
        "INSERT OR REPLACE INTO messages (conversation_id, position, role, text, outcome, stop_reason, usage, error, turn_id, reasoning)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        conversation_id,
        to_sql_int(position as u64),
        enum_text(&m.role),
        m.text,
        m.outcome.as_ref().map(enum_text),
        m.stop_reason.as_ref().map(StopReason::as_str),
        usage,
        error,
        turn_id,
        reasoning,
    ])?;
    write_attachments(tx, conversation_id, position, &m.attachments)
}

/// Writes a finished turn's answer into its conversation: after the user's message it answers,
/// in place of the empty placeholder the UI may have saved, or (when the UI saved nothing yet)
/// with the user's message before it, creating the conversation when it does not exist.
pub(crate) fn write_finished_turn(
    tx: &Transaction<'_>,
    turn: &FinishedTurn,
    turn_id: &str,
) -> rusqlite::Result<()> {
    let exists = tx
        .query_row(
            "SELECT 1 FROM conversations WHERE id = ?1",
            [&turn.conversation_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !exists {
        tx.execute(
            "INSERT INTO conversations (id, title, entry_id, entry_name, system, max_tokens, created_ms, updated_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            rusqlite::params![
                turn.conversation_id,
                title(&turn.user_text),
                turn.entry_id,
                turn.entry_name,
                turn.system,
                turn.max_tokens,
                to_sql_int(turn.time_ms),
            ],
        )?;
    }
    let last: Option<(i64, String, String, Option<String>)> = tx
        .query_row(
            "SELECT position, role, text, outcome FROM messages WHERE conversation_id = ?1
             ORDER BY position DESC LIMIT 1",
            [&turn.conversation_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let user = enum_text(&Role::User);
    let assistant = enum_text(&Role::Assistant);
    let position = match &last {
        // The UI's placeholder for this answer.
        Some((p, role, _, None)) if *role == assistant => from_sql_int(*p),
        // The user's message, saved at send time.
        Some((p, role, text, _)) if *role == user && *text == turn.user_text => {
            from_sql_int(*p) + 1
        }
        // Nothing of this turn was saved: the user's message first.
        other => {
            let next = other.as_ref().map_or(0, |(p, ..)| from_sql_int(*p) + 1);
            let message = StoredMessage {
                role: Role::User,
                text: turn.user_text.clone(),
                outcome: None,
                stop_reason: None,
                usage: None,
                error: None,
                attachments: turn.user_attachments.clone(),
                reasoning: None,
            };
            insert_message(tx, &turn.conversation_id, usize_of(next), &message, None)?;
            next + 1
        }
    };
    insert_message(
        tx,
        &turn.conversation_id,
        usize_of(position),
        &turn.answer,
        Some(turn_id),
    )?;
    tx.execute(
        "UPDATE conversations SET updated_ms = max(updated_ms, ?2) WHERE id = ?1",
        rusqlite::params![turn.conversation_id, to_sql_int(turn.time_ms)],
    )?;
    Ok(())
}

fn usize_of(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// A title from the first line of the first message: at most 60 characters, cut at a character
/// (code point) boundary, never inside one.
pub(crate) fn title(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return "New chat".to_owned();
    }
    if line.chars().count() > 60 {
        let mut cut: String = line.chars().take(57).collect();
        cut.push('…');
        cut
    } else {
        line.to_owned()
    }
}

fn conversation_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: r.get(0)?,
        title: r.get(1)?,
        entry_id: r.get(2)?,
        entry_name: r.get(3)?,
        system: r.get(4)?,
        max_tokens: r.get(5)?,
        parameters: match r.get::<_, Option<String>>(8)? {
            Some(p) => serde_json::from_str(&p).map_err(|e| bad_json(8, e))?,
            None => ChatParameters::default(),
        },
        created_ms: from_sql_int(r.get(6)?),
        updated_ms: from_sql_int(r.get(7)?),
        messages: Vec::new(),
    })
}

fn bad_json(i: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

/// One row of `attachments`: the position of its message, and the file.
fn attachment_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(u64, Attachment)> {
    let data: Vec<u8> = r.get(5)?;
    let data = String::from_utf8(data).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Blob, Box::new(e))
    })?;
    Ok((
        from_sql_int(r.get(0)?),
        Attachment {
            name: r.get(1)?,
            kind: enum_from_text(&r.get::<_, String>(2)?).map_err(|e| bad_json(2, e))?,
            format: r.get(3)?,
            size: from_sql_int(r.get(4)?),
            data,
        },
    ))
}

fn message_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredMessage> {
    let bad = bad_json;
    Ok(StoredMessage {
        role: enum_from_text(&r.get::<_, String>(0)?).map_err(|e| bad(0, e))?,
        text: r.get(1)?,
        outcome: match r.get::<_, Option<String>>(2)? {
            Some(o) => Some(enum_from_text(&o).map_err(|e| bad(2, e))?),
            None => None,
        },
        stop_reason: r
            .get::<_, Option<String>>(3)?
            .map(|word| StopReason::from(word.as_str())),
        usage: match r.get::<_, Option<String>>(4)? {
            Some(u) => Some(serde_json::from_str(&u).map_err(|e| bad(4, e))?),
            None => None,
        },
        error: r
            .get::<_, Option<String>>(5)?
            .map(|text| stored_error(&text)),
        // Filled in from the `attachments` table by the caller.
        attachments: Vec::new(),
        reasoning: match r.get::<_, Option<String>>(6)? {
            Some(text) => Some(serde_json::from_str(&text).map_err(|e| bad(6, e))?),
            None => None,
        },
    })
}

/// A message's error as the database keeps it: the error as JSON (`{kind, message, hint}`), or
/// the text alone, as Strata wrote it before the kind was kept (see [`legacy_error`]).
fn stored_error(text: &str) -> Error {
    serde_json::from_str(text).unwrap_or_else(|_| legacy_error(text))
}

/// An error saved by a Strata that kept only its text ("message hint"): its kind is not known,
/// so it reads back as `Internal` with that text as the message, and old conversations still
/// load and show what went wrong.
fn legacy_error(text: &str) -> Error {
    Error::new(ErrorKind::Internal, text)
}

/// Gives the messages of a conversation as JSON (the `conversations.json` of earlier versions)
/// whose error is still plain text (`"error": "…"`) the structured form, so that it can be read.
pub(crate) fn upgrade_legacy_errors(conversation: &mut serde_json::Value) {
    let Some(messages) = conversation
        .get_mut("messages")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return;
    };
    for message in messages {
        if let Some(error) = message.get_mut("error") {
            if let Some(text) = error.as_str() {
                *error =
                    serde_json::to_value(legacy_error(text)).unwrap_or(serde_json::Value::Null);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
