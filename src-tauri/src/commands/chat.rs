//! Chat commands: start a streamed turn (events through a `Channel`), cancel it, the saved
//! conversations, and the usage totals.

use std::sync::Arc;

use serde::Serialize;
use strata_core::chat::{features_for, ChatEvent, ChatFeatures, ChatRequest, StartOptions};
use strata_core::conversations::Conversation;
use strata_core::ledger::{GroupBy, UsageTotal};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::IpcError;
use crate::state::Domain;

/// Starts a turn; returns its request id at once. Events (`started`, `reasoningDelta`…, `delta`…,
/// `stopped`, `failed`, `finished`) arrive on `on_event` in order. Invalid requests are refused before any
/// call, so the UI keeps the user's draft; everything else runs in the background after the turn
/// is registered, so `cancel_chat` works from the first moment (see `ChatService::start`).
/// When the entry is in the loaded list, the request is checked against its model's features
/// first (an image to a text-only model, a reasoning budget for a model without reasoning …), so
/// the promise rejects and the draft stays; the turn checks again once it has found its entry.
#[tauri::command]
pub(crate) async fn start_chat<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    request: ChatRequest,
    on_event: Channel<ChatEvent>,
) -> Result<String, IpcError> {
    if let Some(entry) = domain.catalog.entry(&request.entry_id).await {
        request.validate_for(&features_for(&entry, &entry.region))?;
    }
    let turn = domain.chat.start(
        Arc::clone(&domain.catalog),
        request,
        StartOptions::default(),
        move |event| {
            // A closed window drops the channel; the turn still finishes and is recorded.
            let _ = on_event.send(event);
        },
    )?;
    Ok(turn.request_id().to_owned())
}

/// What a chat through an entry can do (prompt caching, reasoning budgets, images and
/// documents, parameters, service tiers) and the price its turns are estimated with, looked up
/// from the model underneath whichever way it is reached.
#[tauri::command]
pub(crate) async fn chat_features<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    entry_id: String,
) -> Result<ChatFeatures, IpcError> {
    domain.chat.features(&domain.catalog, &entry_id).await
}

/// Stops a running turn, at any point from its start: the partial answer is kept and recorded as
/// interrupted (nothing is recorded when no request was sent yet). False when the turn had
/// already ended.
#[tauri::command]
pub(crate) fn cancel_chat<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    request_id: String,
) -> bool {
    domain.chat.cancel(&request_id)
}

/// Runs file or database work on the blocking pool, off the UI thread and the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(crate::error::from_tauri)?
}

/// The saved conversations, most recent first.
#[tauri::command]
pub(crate) async fn list_conversations<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<Vec<Conversation>, IpcError> {
    let store = domain.conversations.clone();
    blocking(move || store.list()).await
}

/// Saves (adds or replaces) a conversation, its messages included. The UI calls it when a
/// message is sent (and awaits it before `start_chat`); the backend then writes the answer into
/// it when the turn ends (see `ChatRequest::conversation_id`).
#[tauri::command]
pub(crate) async fn save_conversation<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    conversation: Conversation,
) -> Result<(), IpcError> {
    let store = domain.conversations.clone();
    blocking(move || store.save(conversation)).await
}

/// Deletes a conversation (its turns stay in the usage ledger).
#[tauri::command]
pub(crate) async fn delete_conversation<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    id: String,
) -> Result<bool, IpcError> {
    let store = domain.conversations.clone();
    blocking(move || store.delete(&id)).await
}

/// Usage totals from the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UsageSummary {
    /// Totals per group, largest cost first.
    pub totals: Vec<UsageTotal>,
    /// Turns counted.
    pub turns: u32,
    /// Lines of the old `usage.jsonl` that could not be imported.
    pub damaged_lines: u32,
    /// The database file.
    pub path: String,
}

/// Totals by entry, or by the value of the tag `tag_key` (SQL over the ledger, off the UI thread).
#[tauri::command]
pub(crate) async fn usage_totals<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    tag_key: Option<String>,
) -> Result<UsageSummary, IpcError> {
    let ledger = domain.chat.ledger().clone();
    blocking(move || {
        let by = tag_key.map_or(GroupBy::Entry, GroupBy::Tag);
        Ok(UsageSummary {
            totals: ledger.totals(&by)?,
            turns: u32::try_from(ledger.turns()?).unwrap_or(u32::MAX),
            damaged_lines: u32::try_from(ledger.skipped_at_import()?).unwrap_or(u32::MAX),
            path: ledger.path().display().to_string(),
        })
    })
    .await
}
