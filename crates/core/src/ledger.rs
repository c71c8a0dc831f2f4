//! The usage ledger: one JSON line per chat turn, appended and fsync'd before the turn is reported
//! done, so a crash or a kill between turns loses nothing. Reading skips a torn last line (a
//! write cut by a crash) instead of failing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{EntryKind, Tag};
use crate::error::{Error, ErrorKind, Result};

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

/// The ledger file.
pub struct UsageLedger {
    path: PathBuf,
    // One writer at a time, so lines never interleave.
    lock: Mutex<()>,
}

/// What reading the ledger found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LedgerContents {
    /// The readable records, oldest first.
    pub records: Vec<UsageRecord>,
    /// Lines that could not be read (a torn write, a hand edit).
    pub damaged_lines: usize,
}

impl UsageLedger {
    /// The ledger at `path` (created on the first append).
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

    /// Appends `record` and waits until it is on disk.
    pub fn append(&self, record: &UsageRecord) -> Result<()> {
        let _guard = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut line = serde_json::to_vec(record)
            .map_err(|e| Error::internal(format!("A usage record could not be encoded: {e}")))?;
        line.push(b'\n');
        let io = |e: std::io::Error| {
            Error::internal(format!(
                "The usage ledger {} could not be written: {e}",
                self.path.display()
            ))
            .with_hint("Check that the folder is writable and the disk is not full.")
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        // A torn line left by a crash must not swallow this one.
        if needs_newline(&self.path) {
            file.write_all(b"\n").map_err(io)?;
        }
        file.write_all(&line).map_err(io)?;
        file.sync_data().map_err(io)
    }

    /// Every readable record (see [`LedgerContents`]).
    pub fn read(&self) -> Result<LedgerContents> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LedgerContents::default())
            }
            Err(e) => {
                return Err(Error::internal(format!(
                    "The usage ledger {} could not be read: {e}",
                    self.path.display()
                )))
            }
        };
        let mut contents = LedgerContents::default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str(line) {
                Ok(r) => contents.records.push(r),
                Err(_) => contents.damaged_lines += 1,
            }
        }
        Ok(contents)
    }
}

fn needs_newline(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    if f.seek(SeekFrom::End(-1)).is_err() {
        return false;
    }
    let mut last = [0u8; 1];
    f.read_exact(&mut last).is_ok() && last[0] != b'\n'
}

/// How to group totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// By what was called (entry id).
    Entry,
    /// By the value of one tag key; turns without that tag go under "(untagged)".
    Tag(String),
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

/// Totals per group, largest cost first.
pub fn totals(records: &[UsageRecord], by: &GroupBy) -> Vec<UsageTotal> {
    let mut groups: BTreeMap<String, UsageTotal> = BTreeMap::new();
    for r in records {
        let (key, label) = match by {
            GroupBy::Entry => (r.entry_id.clone(), r.entry_name.clone()),
            GroupBy::Tag(k) => match r.tags.iter().find(|t| &t.key == k) {
                Some(t) => (t.value.clone(), format!("{}={}", t.key, t.value)),
                None => ("(untagged)".to_owned(), format!("{k} not set")),
            },
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
    out.sort_by(|a, b| {
        b.cost_usd
            .total_cmp(&a.cost_usd)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
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

    #[test]
    fn appends_read_back_and_a_torn_line_is_skipped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("usage.jsonl"));
        assert_eq!(ledger.read().unwrap(), LedgerContents::default());
        ledger.append(&record("a", &[], Some(0.5))).unwrap();
        // A crash in the middle of a write leaves half a line…
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(ledger.path())
            .unwrap();
        f.write_all(br#"{"timeMs": 2, "turnId": "tor"#).unwrap();
        drop(f);
        // …which neither hides the next record nor stops reading.
        ledger.append(&record("b", &[], Some(0.25))).unwrap();
        let contents = ledger.read().unwrap();
        let ids: Vec<&str> = contents
            .records
            .iter()
            .map(|r| r.entry_id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(contents.damaged_lines, 1);
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
