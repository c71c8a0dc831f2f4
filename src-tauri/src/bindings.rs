//! Generates the TypeScript types for everything that crosses IPC, into one committed file.
//! `cargo test` fails when the file is stale; `UPDATE_BINDINGS=1 cargo test -p strata bindings`
//! rewrites it.

use ts_rs::{Config, TS};

use strata_core::catalog::{CatalogSection, SectionError};
use strata_core::{
    Capabilities, Catalog, CatalogStats, ConnectionInfo, DemoPreference, DemoReason, EntryKind,
    ModelEntry, ModelList, Settings, Tag, UnderlyingModel,
};

use strata_core::chat::{ChatEvent, ChatMessage, ChatRequest, Role, StopReason, TurnUsage};
use strata_core::conversations::{Conversation, StoredMessage, StoredUsage};
use strata_core::ledger::{TurnOutcome, UsageTotal};

use crate::commands::chat::UsageSummary;
use crate::commands::settings::AwsOptions;
use crate::error::{IpcError, IpcErrorKind};
use crate::events::{AppEvent, AppInfo, LogLevel, LogLine, MenuAction};
use crate::settings_store::SettingsSnapshot;

/// Where the generated file lives, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/bindings/index.ts";

/// The full text of the generated TypeScript file.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        AppInfo::decl(&cfg),
        LogLevel::decl(&cfg),
        LogLine::decl(&cfg),
        MenuAction::decl(&cfg),
        AppEvent::decl(&cfg),
        IpcErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        DemoPreference::decl(&cfg),
        Settings::decl(&cfg),
        SettingsSnapshot::decl(&cfg),
        DemoReason::decl(&cfg),
        ConnectionInfo::decl(&cfg),
        EntryKind::decl(&cfg),
        Tag::decl(&cfg),
        Capabilities::decl(&cfg),
        UnderlyingModel::decl(&cfg),
        ModelEntry::decl(&cfg),
        CatalogStats::decl(&cfg),
        CatalogSection::decl(&cfg),
        SectionError::decl(&cfg),
        Catalog::decl(&cfg),
        ModelList::decl(&cfg),
        AwsOptions::decl(&cfg),
        Role::decl(&cfg),
        ChatMessage::decl(&cfg),
        ChatRequest::decl(&cfg),
        TurnOutcome::decl(&cfg),
        TurnUsage::decl(&cfg),
        StopReason::decl(&cfg),
        ChatEvent::decl(&cfg),
        StoredUsage::decl(&cfg),
        StoredMessage::decl(&cfg),
        Conversation::decl(&cfg),
        UsageTotal::decl(&cfg),
        UsageSummary::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p strata bindings`.\n\
         // Do not edit by hand: a test fails when this file differs from what the Rust code generates.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::path::Path;

    #[test]
    fn bindings_file_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(super::BINDINGS_PATH);
        let wanted = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &wanted).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == wanted,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p strata bindings` and commit it",
            super::BINDINGS_PATH
        );
    }
}
