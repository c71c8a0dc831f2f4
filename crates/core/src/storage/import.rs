//! The one-time import of the files earlier Strata versions kept: `conversations.json` (one JSON
//! document) and `usage.jsonl` (one turn per line). A line that is torn (a write cut by a crash)
//! or not UTF-8 is skipped and counted, never fatal. Each import is recorded in the `imports`
//! table in the same transaction as its rows, then the file is renamed `*.imported` (kept, not
//! deleted); a file already recorded is only renamed, so nothing is ever imported twice, even
//! when two processes start together or a crash falls between the commit and the rename.

use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde_json::Value;

use super::{to_sql_int, Database, LOG_TARGET};
use crate::conversations::Conversation;
use crate::ledger::UsageRecord;

/// The old conversations file.
pub const CONVERSATIONS_FILE: &str = "conversations.json";
/// The old ledger file.
pub const LEDGER_FILE: &str = "usage.jsonl";

/// What one start's import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Conversations imported.
    pub conversations: u64,
    /// Ledger turns imported.
    pub turns: u64,
    /// Lines (or conversations) that could not be read and were skipped.
    pub skipped: u64,
    /// Files that could not be imported at all, with why (they stay where they are).
    pub failed: Vec<String>,
}

impl ImportReport {
    /// What to tell the user, when anything was skipped or failed.
    pub fn notice(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.skipped > 0 {
            parts.push(format!(
                "While importing the saved conversations and usage of an earlier Strata, {} unreadable line(s) were skipped (the old files are kept beside the database as *.imported).",
                self.skipped
            ));
        }
        for failure in &self.failed {
            parts.push(failure.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Imports what `dir` holds of the old files into `db` (see the module docs).
pub fn import_legacy(db: &Database, dir: &Path) -> ImportReport {
    let mut report = ImportReport::default();
    for name in [CONVERSATIONS_FILE, LEDGER_FILE] {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        match import_file(db, &path, name) {
            Ok(Some(done)) => {
                tracing::info!(target: LOG_TARGET, file = name, records = done.records, skipped = done.skipped, "imported a file of an earlier Strata");
                report.skipped += done.skipped;
                if name == LEDGER_FILE {
                    report.turns += done.records;
                } else {
                    report.conversations += done.records;
                }
            }
            Ok(None) => {
                tracing::info!(target: LOG_TARGET, file = name, "already imported; renaming it");
            }
            Err(e) => {
                tracing::warn!(target: LOG_TARGET, file = name, error = %e, "a file of an earlier Strata could not be imported");
                report.failed.push(format!(
                    "{} could not be imported ({e}); it was left as it is and Strata will try again at the next start.",
                    path.display()
                ));
                continue;
            }
        }
        let imported = imported_path(&path);
        if let Err(e) = std::fs::rename(&path, &imported) {
            // Harmless: the `imports` table already says it is done, so it is not imported again.
            tracing::warn!(target: LOG_TARGET, file = name, error = %e, "an imported file could not be renamed");
        }
    }
    report
}

struct Done {
    records: u64,
    skipped: u64,
}

/// `usage.jsonl` → `usage.jsonl.imported`.
pub fn imported_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".imported");
    PathBuf::from(name)
}

/// Imports one file in one transaction; `None` when it was imported before.
fn import_file(db: &Database, path: &Path, name: &str) -> crate::Result<Option<Done>> {
    let bytes = std::fs::read(path).map_err(|e| {
        crate::Error::internal(format!("{} could not be read: {e}", path.display()))
    })?;
    db.write("The old data could not be imported", |tx| {
        let seen = tx
            .query_row("SELECT 1 FROM imports WHERE name = ?1", [name], |_| Ok(()))
            .optional()?;
        if seen.is_some() {
            return Ok(None);
        }
        let done = if name == LEDGER_FILE {
            import_ledger(tx, &bytes)?
        } else {
            import_conversations(tx, &bytes)?
        };
        tx.execute(
            "INSERT INTO imports (name, imported_ms, records, skipped) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                name,
                to_sql_int(crate::clock::now_ms()),
                to_sql_int(done.records),
                to_sql_int(done.skipped)
            ],
        )?;
        Ok(Some(done))
    })
}

fn import_ledger(tx: &rusqlite::Transaction<'_>, bytes: &[u8]) -> rusqlite::Result<Done> {
    let mut done = Done {
        records: 0,
        skipped: 0,
    };
    for line in bytes.split(|b| *b == b'\n') {
        let Ok(text) = std::str::from_utf8(line) else {
            done.skipped += 1;
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<UsageRecord>(text) {
            Ok(record) => {
                if crate::ledger::insert_record(tx, &record, None)? {
                    done.records += 1;
                }
            }
            Err(_) => done.skipped += 1,
        }
    }
    Ok(done)
}

fn import_conversations(tx: &rusqlite::Transaction<'_>, bytes: &[u8]) -> rusqlite::Result<Done> {
    let mut done = Done {
        records: 0,
        skipped: 0,
    };
    // Conversation by conversation, so one damaged entry does not cost the others.
    let list = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(mut file)) => match file.remove("conversations") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        },
        _ => {
            done.skipped += 1;
            return Ok(done);
        }
    };
    for mut value in list {
        crate::conversations::upgrade_legacy_errors(&mut value);
        match serde_json::from_value::<Conversation>(value) {
            Ok(c) => {
                crate::conversations::upsert(tx, &c)?;
                done.records += 1;
            }
            Err(_) => done.skipped += 1,
        }
    }
    Ok(done)
}
