//! The usage ledger: one row per chat turn in the database (see [`crate::storage`]), committed
//! with a full sync before the turn is reported done, so a crash or a kill between turns loses
//! nothing. Totals by entry, by tag value and by day are SQL queries; `strata usage --export`
//! writes the flat file for people who want one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{EntryKind, Tag};
use crate::conversations::FinishedTurn;
use crate::error::{ErrorKind, Result};
use crate::storage::Database;

mod export;
mod range;
mod rows;
mod totals;

pub use export::{ExportFormat, CSV_COLUMNS};
pub(crate) use rows::insert_record;
use rows::{record_from_row, RECORD_COLUMNS};
pub use totals::{totals, GroupBy, UsageTotal};

/// How a turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TurnOutcome {
    /// The model finished its answer (or hit the max-token limit, which `stop_reason` says).
    Completed,
    /// The user stopped it; the partial answer was kept.
    Interrupted,
    /// An error ended it; what arrived before was kept.
    Failed,
    /// The stream closed before Bedrock said the answer was complete (no `messageStop`): what
    /// arrived was kept, but it may be cut anywhere.
    EndedEarly,
}

/// One turn in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageRecord {
    /// When the turn ended, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub time_ms: u64,
    /// A unique id of the turn.
    pub turn_id: String,
    /// What was called: model id, system profile id or application profile ARN.
    pub entry_id: String,
    /// Its kind.
    pub kind: EntryKind,
    /// Its display name.
    pub entry_name: String,
    /// The application profile's ARN, when the turn went through one.
    pub profile_arn: Option<String>,
    /// The profile's tags at the time of the turn.
    pub tags: Vec<Tag>,
    /// The foundation model that priced it.
    pub model_id: Option<String>,
    /// The region called.
    pub region: String,
    /// Input tokens, as Bedrock counted them (`None` when the turn ended before the count).
    #[ts(type = "number | null")]
    pub input_tokens: Option<u64>,
    /// Output tokens, as Bedrock counted them.
    #[ts(type = "number | null")]
    pub output_tokens: Option<u64>,
    /// From sending the request to the last event.
    #[ts(type = "number")]
    pub latency_ms: u64,
    /// From sending the request to the first text.
    #[ts(type = "number | null")]
    pub ttft_ms: Option<u64>,
    /// Estimated cost in USD; `None` when the price or the token counts are unknown.
    pub cost_usd: Option<f64>,
    /// Which price table priced it (`None` when unpriced, or recorded by a Strata that did not
    /// keep it).
    #[serde(default)]
    pub price_source: Option<crate::pricing::PriceSource>,
    /// The date (`YYYY-MM-DD`) of the price used, as its table gives it (`None` for the user's
    /// `prices.json`, which has no date, and where `price_source` is `None`).
    #[serde(default)]
    pub price_as_of: Option<String>,
    /// How it ended.
    pub outcome: TurnOutcome,
    /// Bedrock's stop reason (`end_turn`, `max_tokens` …), when it gave one.
    pub stop_reason: Option<String>,
    /// The error kind of a failed turn.
    pub error_kind: Option<ErrorKind>,
    /// Input tokens read from the prompt cache (`None`: not reported, or recorded by a Strata
    /// that did not keep it).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub cache_read_tokens: Option<u64>,
    /// Input tokens written to the prompt cache.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub cache_write_tokens: Option<u64>,
    /// Of the output tokens, those of the reasoning (apportioned; see `chat::TurnUsage`).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub reasoning_tokens: Option<u64>,
    /// The service tier Bedrock says served the turn.
    #[serde(default)]
    pub service_tier: Option<crate::chat::ServiceTier>,
}

/// The usage ledger: the `turns` table of the database (see [`crate::storage`]). Each turn is
/// committed with a full sync before the turn is reported done, so a crash or a kill between
/// turns loses nothing, and the window and `strata chat` append side by side.
#[derive(Clone)]
pub struct UsageLedger {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Open(Arc<Database>),
    /// Opened on first use (tests and callers that have no database yet).
    Lazy(Arc<LazyDatabase>),
}

struct LazyDatabase {
    path: PathBuf,
    db: Mutex<Option<Arc<Database>>>,
}

/// What reading the ledger found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LedgerContents {
    /// The readable records, oldest first.
    pub records: Vec<UsageRecord>,
    /// Rows that could not be read (a value this version does not know, a hand edit).
    pub damaged_lines: usize,
}

impl UsageLedger {
    /// The ledger in the database at `path`, opened (and created) on first use.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            source: Source::Lazy(Arc::new(LazyDatabase {
                path: path.into(),
                db: Mutex::new(None),
            })),
        }
    }

    /// The ledger in an open database.
    pub fn with_database(db: Arc<Database>) -> Self {
        Self {
            source: Source::Open(db),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        match &self.source {
            Source::Open(db) => db.path(),
            Source::Lazy(lazy) => &lazy.path,
        }
    }

    /// The database.
    pub fn database(&self) -> Result<Arc<Database>> {
        match &self.source {
            Source::Open(db) => Ok(db.clone()),
            Source::Lazy(lazy) => {
                let mut slot = lazy.db.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(db) = slot.as_ref() {
                    return Ok(db.clone());
                }
                let db = Arc::new(Database::open(&lazy.path)?);
                *slot = Some(db.clone());
                Ok(db)
            }
        }
    }

    /// Appends `record` and waits until it is on disk.
    pub fn append(&self, record: &UsageRecord) -> Result<()> {
        self.record_turn(record, None)
    }

    /// Appends `record` and, when given, writes the turn's answer into its conversation, in one
    /// transaction: the ledger line and the saved answer exist together or not at all.
    pub fn record_turn(&self, record: &UsageRecord, answer: Option<&FinishedTurn>) -> Result<()> {
        self.database()?
            .write("The usage ledger could not be written", |tx| {
                insert_record(tx, record, answer.map(|a| a.conversation_id.as_str()))?;
                if let Some(answer) = answer {
                    crate::conversations::write_finished_turn(tx, answer, &record.turn_id)?;
                }
                Ok(())
            })
    }

    /// Every readable record, oldest first (see [`LedgerContents`]).
    pub fn read(&self) -> Result<LedgerContents> {
        let mut contents = LedgerContents::default();
        self.for_each(|r| match r {
            Some(r) => contents.records.push(r),
            None => contents.damaged_lines += 1,
        })?;
        Ok(contents)
    }

    /// The number of turns recorded.
    pub fn turns(&self) -> Result<u64> {
        self.database()?
            .read("The usage ledger could not be read", |c| {
                c.query_row("SELECT count(*) FROM turns", [], |r| r.get::<_, i64>(0))
            })
            .map(crate::storage::from_sql_int)
    }

    /// Lines of the old `usage.jsonl` that could not be imported (see [`crate::storage::import`]).
    pub fn skipped_at_import(&self) -> Result<u64> {
        self.database()?
            .read("The usage ledger could not be read", |c| {
                c.query_row(
                    "SELECT COALESCE(sum(skipped), 0) FROM imports WHERE name = ?1",
                    [crate::storage::import::LEDGER_FILE],
                    |r| r.get::<_, i64>(0),
                )
            })
            .map(crate::storage::from_sql_int)
    }

    /// Calls `f` for each turn, oldest first; `None` for a row that cannot be read.
    fn for_each(&self, mut f: impl FnMut(Option<UsageRecord>)) -> Result<()> {
        self.database()?
            .read("The usage ledger could not be read", |c| {
                let mut tags = c.prepare(
                    "SELECT key, value FROM turn_tags WHERE turn_id = ?1 ORDER BY position",
                )?;
                let mut rows = c.prepare(&format!(
                    "SELECT {RECORD_COLUMNS} FROM turns ORDER BY time_ms, rowid"
                ))?;
                let mut rows = rows.query([])?;
                while let Some(row) = rows.next()? {
                    let record = match record_from_row(row) {
                        Ok(mut record) => {
                            record.tags = tags
                                .query_map([&record.turn_id], |r| {
                                    Ok(Tag {
                                        key: r.get(0)?,
                                        value: r.get(1)?,
                                    })
                                })?
                                .collect::<rusqlite::Result<_>>()?;
                            Some(record)
                        }
                        Err(_) => None,
                    };
                    f(record);
                }
                Ok(())
            })
    }
}

#[cfg(test)]
mod tests;
