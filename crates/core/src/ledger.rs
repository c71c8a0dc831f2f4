//! The usage ledger: one row per chat turn in the database (see [`crate::storage`]), committed
//! with a full sync before the turn is reported done, so a crash or a kill between turns loses
//! nothing. Totals by entry, by tag value and by day are SQL queries; `strata usage --export`
//! writes the flat file for people who want one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{EntryKind, Tag};
use crate::conversations::FinishedTurn;
use crate::error::{Error, ErrorKind, Result};
use crate::storage::{enum_from_text, enum_text, from_sql_int, to_sql_int, Database};

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
    /// How it ended.
    pub outcome: TurnOutcome,
    /// Bedrock's stop reason (`end_turn`, `max_tokens` …), when it gave one.
    pub stop_reason: Option<String>,
    /// The error kind of a failed turn.
    pub error_kind: Option<ErrorKind>,
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

/// The flat file `strata usage --export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One [`UsageRecord`] as JSON per line (the layout of the old `usage.jsonl`).
    Jsonl,
    /// A header line, then one turn per line; tags as a JSON array in one column.
    Csv,
}

/// The columns of [`ExportFormat::Csv`], in order: every field of [`UsageRecord`].
pub const CSV_COLUMNS: &[&str] = &[
    "timeMs",
    "turnId",
    "entryId",
    "kind",
    "entryName",
    "profileArn",
    "tags",
    "modelId",
    "region",
    "inputTokens",
    "outputTokens",
    "latencyMs",
    "ttftMs",
    "costUsd",
    "outcome",
    "stopReason",
    "errorKind",
];

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

    /// Totals per group, computed by SQL (see [`totals`] for the order).
    pub fn totals(&self, by: &GroupBy) -> Result<Vec<UsageTotal>> {
        let (key, label) = match by {
            GroupBy::Entry => (
                "entry_id".to_owned(),
                // The name of the group's first turn (a bare column beside MIN takes its row).
                "entry_name".to_owned(),
            ),
            GroupBy::Tag(_) => (
                format!("COALESCE({TAG_VALUE}, '{UNTAGGED}')"),
                format!("CASE WHEN {TAG_VALUE} IS NULL THEN ?1 || ' not set' ELSE ?1 || '=' || {TAG_VALUE} END"),
            ),
            GroupBy::Day => (DAY.to_owned(), DAY.to_owned()),
        };
        let order = match by {
            GroupBy::Day => "key ASC",
            _ => "cost DESC, key ASC",
        };
        let sql = format!(
            "SELECT key, label, turns, input_tokens, output_tokens, cost, unpriced FROM (
                SELECT {key} AS key, {label} AS label, MIN(time_ms),
                       count(*) AS turns,
                       total(COALESCE(input_tokens, 0)) AS input_tokens,
                       total(COALESCE(output_tokens, 0)) AS output_tokens,
                       total(cost_usd) AS cost,
                       sum(cost_usd IS NULL) AS unpriced
                FROM turns GROUP BY 1
            ) ORDER BY {order}"
        );
        let tag_key = match by {
            GroupBy::Tag(k) => Some(k.clone()),
            _ => None,
        };
        self.database()?
            .read("The usage totals could not be computed", |c| {
                let mut stmt = c.prepare(&sql)?;
                let map = |r: &rusqlite::Row<'_>| {
                    Ok(UsageTotal {
                        key: r.get(0)?,
                        label: r.get(1)?,
                        turns: u32::try_from(r.get::<_, i64>(2)?).unwrap_or(u32::MAX),
                        input_tokens: float_count(r.get(3)?),
                        output_tokens: float_count(r.get(4)?),
                        cost_usd: r.get(5)?,
                        unpriced_turns: u32::try_from(r.get::<_, i64>(6)?).unwrap_or(u32::MAX),
                    })
                };
                let rows = match &tag_key {
                    Some(k) => stmt.query_map([k], map)?.collect(),
                    None => stmt.query_map([], map)?.collect(),
                };
                rows
            })
    }

    /// Writes every turn, oldest first, to `out` as `format`; returns how many.
    pub fn export(&self, format: ExportFormat, out: &mut dyn Write) -> Result<u64> {
        let mut written = 0u64;
        let mut failure: Option<std::io::Error> = None;
        if format == ExportFormat::Csv {
            if let Err(e) = writeln!(out, "{}", CSV_COLUMNS.join(",")) {
                return Err(export_error(&e));
            }
        }
        self.for_each(|record| {
            if failure.is_some() {
                return;
            }
            let Some(record) = record else { return };
            let line = match format {
                ExportFormat::Jsonl => serde_json::to_string(&record).unwrap_or_default(),
                ExportFormat::Csv => csv_line(&record),
            };
            match writeln!(out, "{line}") {
                Ok(()) => written += 1,
                Err(e) => failure = Some(e),
            }
        })?;
        match failure {
            Some(e) => Err(export_error(&e)),
            None => Ok(written),
        }
    }
}

fn export_error(e: &std::io::Error) -> Error {
    Error::internal(format!("The usage could not be written out: {e}"))
}

/// `total()` sums as a float (it never overflows); the counts are whole numbers.
fn float_count(v: f64) -> u64 {
    if v.is_finite() && v > 0.0 {
        // Token counts stay far below 2^53, where f64 is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = v as u64;
        n
    } else {
        0
    }
}

const UNTAGGED: &str = "(untagged)";

/// The value of the tag `?1` of the row's turn (the first, should a key repeat).
const TAG_VALUE: &str =
    "(SELECT value FROM turn_tags t WHERE t.turn_id = turns.turn_id AND t.key = ?1 ORDER BY t.position LIMIT 1)";

/// The turn's day, UTC, as `YYYY-MM-DD`.
const DAY: &str = "strftime('%Y-%m-%d', time_ms / 1000, 'unixepoch')";

const RECORD_COLUMNS: &str = "time_ms, turn_id, entry_id, kind, entry_name, profile_arn, model_id, region, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, outcome, stop_reason, error_kind";

fn record_from_row(
    r: &rusqlite::Row<'_>,
) -> std::result::Result<UsageRecord, Box<dyn std::error::Error>> {
    let opt_int = |i: usize| -> rusqlite::Result<Option<u64>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(from_sql_int))
    };
    Ok(UsageRecord {
        time_ms: from_sql_int(r.get(0)?),
        turn_id: r.get(1)?,
        entry_id: r.get(2)?,
        kind: enum_from_text(&r.get::<_, String>(3)?)?,
        entry_name: r.get(4)?,
        profile_arn: r.get(5)?,
        tags: Vec::new(),
        model_id: r.get(6)?,
        region: r.get(7)?,
        input_tokens: opt_int(8)?,
        output_tokens: opt_int(9)?,
        latency_ms: from_sql_int(r.get(10)?),
        ttft_ms: opt_int(11)?,
        cost_usd: r.get(12)?,
        outcome: enum_from_text(&r.get::<_, String>(13)?)?,
        stop_reason: r.get(14)?,
        error_kind: match r.get::<_, Option<String>>(15)? {
            Some(k) => Some(enum_from_text(&k)?),
            None => None,
        },
    })
}

/// Inserts one turn and its tags; a turn id already there is left as it is (an import run
/// twice, or a record written again, counts once).
pub(crate) fn insert_record(
    tx: &rusqlite::Transaction<'_>,
    r: &UsageRecord,
    conversation_id: Option<&str>,
) -> rusqlite::Result<bool> {
    let opt = |v: Option<u64>| v.map(to_sql_int);
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO turns (time_ms, turn_id, entry_id, kind, entry_name, profile_arn, model_id, region, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, outcome, stop_reason, error_kind, conversation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        rusqlite::params![
            to_sql_int(r.time_ms),
            r.turn_id,
            r.entry_id,
            enum_text(&r.kind),
            r.entry_name,
            r.profile_arn,
            r.model_id,
            r.region,
            opt(r.input_tokens),
            opt(r.output_tokens),
            to_sql_int(r.latency_ms),
            opt(r.ttft_ms),
            r.cost_usd,
            enum_text(&r.outcome),
            r.stop_reason,
            r.error_kind.as_ref().map(enum_text),
            conversation_id,
        ],
    )? == 1;
    if inserted {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO turn_tags (turn_id, position, key, value) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, t) in r.tags.iter().enumerate() {
            stmt.execute(rusqlite::params![
                r.turn_id,
                to_sql_int(i as u64),
                t.key,
                t.value
            ])?;
        }
    }
    Ok(inserted)
}

/// One CSV line (RFC 4180 quoting).
fn csv_line(r: &UsageRecord) -> String {
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let cells = [
        r.time_ms.to_string(),
        r.turn_id.clone(),
        r.entry_id.clone(),
        enum_text(&r.kind),
        r.entry_name.clone(),
        text(&r.profile_arn),
        serde_json::to_string(&r.tags).unwrap_or_default(),
        text(&r.model_id),
        r.region.clone(),
        num(r.input_tokens),
        num(r.output_tokens),
        r.latency_ms.to_string(),
        num(r.ttft_ms),
        r.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
        enum_text(&r.outcome),
        text(&r.stop_reason),
        r.error_kind.as_ref().map(enum_text).unwrap_or_default(),
    ];
    cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// How to group totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// By what was called (entry id).
    Entry,
    /// By the value of one tag key; turns without that tag go under "(untagged)".
    Tag(String),
    /// By the day the turn ended (UTC, `YYYY-MM-DD`), oldest first.
    Day,
}

/// Totals of one group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageTotal {
    /// The entry id, or the tag value.
    pub key: String,
    /// A display label: the entry's name, or `KEY=VALUE`.
    pub label: String,
    /// Turns counted.
    pub turns: u32,
    /// Input tokens.
    #[ts(type = "number")]
    pub input_tokens: u64,
    /// Output tokens.
    #[ts(type = "number")]
    pub output_tokens: u64,
    /// The sum of the known costs.
    pub cost_usd: f64,
    /// Turns whose cost is unknown (not in the sum).
    pub unpriced_turns: u32,
}

/// Totals per group of `records` in memory: largest cost first (then by key), or oldest day first
/// for [`GroupBy::Day`]. [`UsageLedger::totals`] computes the same in SQL.
pub fn totals(records: &[UsageRecord], by: &GroupBy) -> Vec<UsageTotal> {
    let mut groups: BTreeMap<String, UsageTotal> = BTreeMap::new();
    for r in records {
        let (key, label) = match by {
            GroupBy::Entry => (r.entry_id.clone(), r.entry_name.clone()),
            GroupBy::Tag(k) => match r.tags.iter().find(|t| &t.key == k) {
                Some(t) => (t.value.clone(), format!("{}={}", t.key, t.value)),
                None => (UNTAGGED.to_owned(), format!("{k} not set")),
            },
            GroupBy::Day => {
                let day = utc_day(r.time_ms);
                (day.clone(), day)
            }
        };
        let total = groups.entry(key.clone()).or_insert_with(|| UsageTotal {
            key,
            label,
            turns: 0,
            input_tokens: 0,
            output_tokens: 0,
            cost_usd: 0.0,
            unpriced_turns: 0,
        });
        total.turns += 1;
        total.input_tokens += r.input_tokens.unwrap_or(0);
        total.output_tokens += r.output_tokens.unwrap_or(0);
        match r.cost_usd {
            Some(c) => total.cost_usd += c,
            None => total.unpriced_turns += 1,
        }
    }
    let mut out: Vec<UsageTotal> = groups.into_values().collect();
    if *by == GroupBy::Day {
        return out;
    }
    out.sort_by(|a, b| {
        b.cost_usd
            .total_cmp(&a.cost_usd)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// `YYYY-MM-DD` (UTC) of a time in ms since the epoch (the civil-from-days algorithm).
fn utc_day(time_ms: u64) -> String {
    let days = i64::try_from(time_ms / 86_400_000).unwrap_or(0);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn record(entry: &str, tags: &[(&str, &str)], cost: Option<f64>) -> UsageRecord {
        UsageRecord {
            time_ms: 1,
            turn_id: format!("turn-{entry}-{cost:?}"),
            entry_id: entry.into(),
            kind: EntryKind::ApplicationProfile,
            entry_name: entry.into(),
            profile_arn: Some(entry.into()),
            tags: tags
                .iter()
                .map(|(k, v)| Tag {
                    key: (*k).into(),
                    value: (*v).into(),
                })
                .collect(),
            model_id: Some("anthropic.claude-3-haiku-20240307-v1:0".into()),
            region: "ap-northeast-1".into(),
            input_tokens: Some(10),
            output_tokens: Some(20),
            latency_ms: 100,
            ttft_ms: Some(10),
            cost_usd: cost,
            outcome: TurnOutcome::Completed,
            stop_reason: Some("end_turn".into()),
            error_kind: None,
        }
    }

    fn with_time(mut r: UsageRecord, time_ms: u64) -> UsageRecord {
        r.time_ms = time_ms;
        r.turn_id = format!("{}-{time_ms}", r.turn_id);
        r
    }

    #[test]
    fn appends_read_back_with_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("strata.db"));
        assert_eq!(ledger.read().unwrap(), LedgerContents::default());
        let a = record("a", &[("Project", "Alpha"), ("Env", "Prod")], Some(0.5));
        let mut b = record("b", &[], None);
        b.time_ms = 2;
        b.outcome = TurnOutcome::Failed;
        b.error_kind = Some(ErrorKind::Throttled);
        b.input_tokens = None;
        b.ttft_ms = None;
        b.stop_reason = None;
        b.profile_arn = None;
        ledger.append(&a).unwrap();
        ledger.append(&b).unwrap();
        let contents = ledger.read().unwrap();
        assert_eq!(contents.records, [a, b]);
        assert_eq!(contents.damaged_lines, 0);
        assert_eq!(ledger.turns().unwrap(), 2);
        // The same turn written twice counts once.
        ledger.append(&contents.records[0]).unwrap();
        assert_eq!(ledger.turns().unwrap(), 2);
    }

    #[test]
    fn a_row_this_version_cannot_read_is_counted_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("strata.db"));
        ledger.append(&record("a", &[], Some(1.0))).unwrap();
        let mut odd = record("b", &[], Some(1.0));
        odd.time_ms = 5;
        ledger.append(&odd).unwrap();
        ledger
            .database()
            .unwrap()
            .write("test", |tx| {
                tx.execute(
                    "UPDATE turns SET outcome = 'someday' WHERE entry_id = 'b'",
                    [],
                )
            })
            .unwrap();
        let contents = ledger.read().unwrap();
        assert_eq!(contents.records.len(), 1);
        assert_eq!(contents.damaged_lines, 1);
    }

    #[test]
    fn sql_totals_match_the_in_memory_totals_for_every_grouping() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("strata.db"));
        let day = 86_400_000;
        let records = [
            with_time(record("alpha", &[("Project", "Alpha")], Some(1.0)), 10),
            with_time(
                record("alpha", &[("Project", "Alpha")], Some(2.0)),
                day + 10,
            ),
            with_time(record("beta", &[("Project", "Beta")], None), day + 20),
            with_time(record("plain", &[], Some(0.5)), 3 * day),
            with_time(
                record("zeta", &[("Project", "Zeta")], Some(2.0)),
                3 * day + 1,
            ),
        ];
        for r in &records {
            ledger.append(r).unwrap();
        }
        for by in [
            GroupBy::Entry,
            GroupBy::Tag("Project".into()),
            GroupBy::Tag("Missing".into()),
            GroupBy::Day,
        ] {
            assert_eq!(ledger.totals(&by).unwrap(), totals(&records, &by), "{by:?}");
        }
        let days: Vec<String> = ledger
            .totals(&GroupBy::Day)
            .unwrap()
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(days, ["1970-01-01", "1970-01-02", "1970-01-04"]);
    }

    #[test]
    fn utc_days_are_calendar_dates() {
        assert_eq!(utc_day(0), "1970-01-01");
        // 2024-02-29T12:00:00Z, a leap day.
        assert_eq!(utc_day(1_709_208_000_000), "2024-02-29");
        // 2026-12-31T23:59:59.999Z.
        assert_eq!(utc_day(1_798_761_599_999), "2026-12-31");
    }

    #[test]
    fn exports_every_field_one_turn_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("strata.db"));
        let mut a = record("a", &[("Project", "Alpha, \"quoted\"")], Some(0.5));
        a.entry_name = "name, with comma".into();
        let b = with_time(record("b", &[], None), 7);
        ledger.append(&a).unwrap();
        ledger.append(&b).unwrap();

        let mut jsonl = Vec::new();
        assert_eq!(ledger.export(ExportFormat::Jsonl, &mut jsonl).unwrap(), 2);
        let back: Vec<UsageRecord> = String::from_utf8(jsonl)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, [a.clone(), b]);

        let mut csv = Vec::new();
        assert_eq!(ledger.export(ExportFormat::Csv, &mut csv).unwrap(), 2);
        let csv = String::from_utf8(csv).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        // Every field of the record has a column.
        let fields = serde_json::to_value(&a).unwrap();
        assert_eq!(fields.as_object().unwrap().len(), CSV_COLUMNS.len());
        for column in CSV_COLUMNS {
            assert!(fields.get(*column).is_some(), "{column}");
        }
        assert!(
            lines[1].starts_with("1,turn-a-Some(0.5),a,ApplicationProfile,\"name, with comma\","),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains(r#""[{""key"":""Project"",""value"":""Alpha, \""quoted\""""}]""#),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].ends_with(",0.5,completed,end_turn,"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains(",[],"), "{}", lines[2]);
    }

    #[test]
    fn totals_by_entry_and_by_tag() {
        let records = [
            record("alpha", &[("Project", "Alpha")], Some(1.0)),
            record("alpha", &[("Project", "Alpha")], Some(2.0)),
            record("beta", &[("Project", "Beta")], None),
            record("plain", &[], Some(0.5)),
        ];
        let by_entry = totals(&records, &GroupBy::Entry);
        assert_eq!(by_entry[0].key, "alpha");
        assert_eq!(by_entry[0].turns, 2);
        assert_eq!(by_entry[0].cost_usd, 3.0);
        assert_eq!(by_entry[0].input_tokens, 20);
        let beta = by_entry.iter().find(|t| t.key == "beta").unwrap();
        assert_eq!((beta.cost_usd, beta.unpriced_turns), (0.0, 1));

        let by_project = totals(&records, &GroupBy::Tag("Project".into()));
        let keys: Vec<&str> = by_project.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["Alpha", "(untagged)", "Beta"]);
        assert_eq!(by_project[0].label, "Project=Alpha");
    }
}
