//! The one SQLite database in the data folder (`strata.db`) that holds what grows: the
//! conversations with their messages, and the usage ledger.
//!
//! - WAL with `synchronous=FULL`: a committed turn is on disk before the turn is reported done,
//!   and a reader never waits for the writer.
//! - A busy timeout, so the window and `strata chat` (another process) write side by side.
//! - Numbered migrations in `PRAGMA user_version`. A database from a newer Strata (a higher
//!   version than this one knows) is opened read-only, with a notice, and never rewritten.
//! - A file that is not a readable database is moved aside (`strata.db.corrupt-<ms>`) and a fresh
//!   one is created, with a notice.
//! - On first start, `conversations.json` and `usage.jsonl` of earlier versions are imported
//!   once and renamed `*.imported` (see [`import`]).

pub mod import;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

pub use schema::SCHEMA_VERSION;

/// The database's file name in the data folder.
pub const DATABASE_FILE: &str = "strata.db";

/// How long a write waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Tracing target for storage.
pub const LOG_TARGET: &str = "storage";

/// What the UI shows about the database (a notice only when something needs the user's eye).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageStatus {
    /// The database file.
    pub path: String,
    /// True when nothing can be saved (a database from a newer Strata).
    pub read_only: bool,
    /// What happened at start that the user should know (a database moved aside, a newer one
    /// opened read-only, lines of the old files that could not be imported).
    pub notice: Option<String>,
}

/// The open database (one connection per process; SQLite's locks order the processes).
pub struct Database {
    path: PathBuf,
    conn: Mutex<Connection>,
    read_only: bool,
    notices: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// Why opening failed, as far as the recovery cares.
enum OpenFailure {
    /// The file is not a database, or a damaged one: move it aside.
    Corrupt(rusqlite::Error),
    /// Anything else (permissions, a lock held too long, a full disk): report it, touch nothing.
    Other(rusqlite::Error),
}

fn classify(e: rusqlite::Error) -> OpenFailure {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => OpenFailure::Corrupt(e),
        _ => OpenFailure::Other(e),
    }
}

impl Database {
    /// Opens the database of the data folder `dir` (creating both when missing) and imports the
    /// files of earlier versions found there (once).
    pub fn open_in(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::internal(format!(
                "The data folder {} could not be created: {e}",
                dir.display()
            ))
            .with_hint("Check that the folder is writable.")
        })?;
        let db = Self::open(&dir.join(DATABASE_FILE))?;
        if !db.read_only {
            let report = import::import_legacy(&db, dir);
            if let Some(notice) = report.notice() {
                db.add_notice(notice);
            }
        }
        Ok(db)
    }

    /// Opens (or creates) the database at `path`; see the module docs for what happens to a
    /// newer or a damaged one.
    pub fn open(path: &Path) -> Result<Self> {
        let mut notices = Vec::new();
        let opened = match Self::open_writable(path) {
            Ok(opened) => opened,
            Err(OpenFailure::Corrupt(e)) => {
                let kept = move_aside(path).map_err(|io| {
                    Error::internal(format!(
                        "The database {} is damaged ({e}) and could not be moved aside: {io}",
                        path.display()
                    ))
                    .with_hint("Move the file away by hand; Strata then starts a new one.")
                })?;
                tracing::warn!(target: LOG_TARGET, path = %path.display(), kept = %kept.display(), error = %e, "the database was unreadable; it was moved aside and a new one started");
                notices.push(format!(
                    "Your saved conversations and usage could not be read (the database is damaged), so Strata started a new database. The old file was kept as {}.",
                    kept.display()
                ));
                Self::open_writable(path).map_err(|f| match f {
                    OpenFailure::Corrupt(e) | OpenFailure::Other(e) => open_error(path, &e),
                })?
            }
            Err(OpenFailure::Other(e)) => return Err(open_error(path, &e)),
        };
        let (conn, read_only) = match opened {
            Opened::Current(conn) => (conn, false),
            Opened::Newer(version) => {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| open_error(path, &e))?;
                conn.busy_timeout(BUSY_TIMEOUT)
                    .map_err(|e| open_error(path, &e))?;
                tracing::warn!(target: LOG_TARGET, path = %path.display(), version, known = SCHEMA_VERSION, "the database is from a newer Strata; opened read-only");
                notices.push(format!(
                    "Your conversations and usage were saved by a newer version of Strata (database version {version}; this one knows {SCHEMA_VERSION}). They are shown read-only and nothing new is saved until you update Strata."
                ));
                (conn, true)
            }
        };
        Ok(Self {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            read_only,
            notices: Mutex::new(notices),
        })
    }

    /// A database in memory, for when the real one cannot be opened at all: the app still works,
    /// nothing of this session is saved, and `reason` is the notice that says so.
    pub fn temporary(path: &Path, reason: String) -> Result<Self> {
        let mut conn = Connection::open_in_memory().map_err(|e| open_error(path, &e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| open_error(path, &e))?;
        schema::migrate(&mut conn).map_err(|e| open_error(path, &e))?;
        Ok(Self {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            read_only: false,
            notices: Mutex::new(vec![reason]),
        })
    }

    fn open_writable(path: &Path) -> std::result::Result<Opened, OpenFailure> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(classify)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        // Reading the header and the schema is what finds a file that is not a database.
        let version = user_version(&conn).map_err(classify)?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(classify)?;
        if version > SCHEMA_VERSION {
            // Not even the journal mode is changed: a newer Strata's file is left as it is.
            return Ok(Opened::Newer(version));
        }
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .map_err(classify)?;
        // FULL: each commit (a ledger line) is fsync'd before the turn is reported done.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(classify)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(classify)?;
        let mut conn = conn;
        match schema::migrate(&mut conn).map_err(classify)? {
            schema::Migrated::Current => Ok(Opened::Current(conn)),
            // Another process of a newer Strata migrated it meanwhile.
            schema::Migrated::Newer(v) => Ok(Opened::Newer(v)),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the database is from a newer Strata and nothing can be written.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// What the UI shows about the database.
    pub fn status(&self) -> StorageStatus {
        let notices = self.notices.lock().unwrap_or_else(PoisonError::into_inner);
        StorageStatus {
            path: self.path.display().to_string(),
            read_only: self.read_only,
            notice: (!notices.is_empty()).then(|| notices.join(" ")),
        }
    }

    fn add_notice(&self, notice: String) {
        self.notices
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(notice);
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-statement leaves no open transaction (rusqlite rolls back on drop).
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a read.
    pub(crate) fn read<T>(
        &self,
        what: &str,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let conn = self.conn();
        f(&conn).map_err(|e| self.error(what, &e))
    }

    /// Runs `f` in one write transaction (taken at once, so two processes queue instead of
    /// failing midway) and commits it; nothing is written when `f` fails.
    pub(crate) fn write<T>(
        &self,
        what: &str,
        f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(Error::internal(format!(
                "{what}: the database {} is from a newer Strata and is open read-only.",
                self.path.display()
            ))
            .with_hint("Update Strata to save new conversations and usage."));
        }
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.error(what, &e))?;
        let value = f(&tx).map_err(|e| self.error(what, &e))?;
        tx.commit().map_err(|e| self.error(what, &e))?;
        Ok(value)
    }

    fn error(&self, what: &str, e: &rusqlite::Error) -> Error {
        let hint = match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                "Another Strata is writing for a long time; try again in a moment."
            }
            Some(ErrorCode::DiskFull) => "The disk is full: free some space and try again.",
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
                "Check that the data folder is writable."
            }
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                "The database is damaged: restart Strata to move it aside and start a new one."
            }
            _ => "Check that the data folder is writable and the disk is not full.",
        };
        Error::internal(format!("{what} ({}): {e}", self.path.display())).with_hint(hint)
    }
}

enum Opened {
    Current(Connection),
    Newer(u32),
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
}

fn open_error(path: &Path, e: &rusqlite::Error) -> Error {
    Error::internal(format!(
        "The database {} could not be opened: {e}",
        path.display()
    ))
    .with_hint("Check that the data folder is writable and the disk is not full.")
}

/// `strata.db` → `strata.db.corrupt-<ms>` (its WAL beside it; the shared-memory index is
/// rebuilt from the files, so it is removed). Returns the new name.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DATABASE_FILE.to_owned());
    let kept = path.with_file_name(format!("{name}.corrupt-{}", crate::clock::now_ms()));
    std::fs::rename(path, &kept)?;
    let side = |suffix: &str| path.with_file_name(format!("{name}{suffix}"));
    if side("-wal").exists() {
        let mut wal = kept.clone().into_os_string();
        wal.push("-wal");
        std::fs::rename(side("-wal"), wal)?;
    }
    let _ = std::fs::remove_file(side("-shm"));
    Ok(kept)
}

/// Converts a count or a time for SQLite (which stores signed 64-bit integers).
pub(crate) fn to_sql_int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Converts back; a negative number (written by hand) reads as 0.
pub(crate) fn from_sql_int(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// An enum as the text serde gives it (`"completed"`, `"ApplicationProfile"` …), so that the
/// database reads like the JSON the app speaks, and a new variant needs no migration.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The enum written by [`enum_text`].
pub(crate) fn enum_from_text<T: serde::de::DeserializeOwned>(
    text: &str,
) -> std::result::Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
}

#[cfg(test)]
mod tests;
