//! The catalog entry a turn goes through: the model that prices it, and the tags its ledger
//! lines carry.

use crate::catalog::{EntryKind, ModelEntry};
use crate::session::Session;

/// The foundation model a turn through `entry` is priced as: the entry itself, or the model
/// under a profile (the one in the calling region when it routes there).
pub(crate) fn pricing_model(entry: &ModelEntry, region: &str) -> Option<String> {
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
