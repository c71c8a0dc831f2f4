//! `strata usage --export`: every turn as JSON lines or CSV.

use std::io::Write;

use super::{UsageLedger, UsageRecord};
use crate::error::{Error, Result};
use crate::storage::enum_text;

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
    "priceSource",
    "priceAsOf",
    "cacheReadTokens",
    "cacheWriteTokens",
    "reasoningTokens",
    "serviceTier",
];

impl UsageLedger {
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
        r.price_source.as_ref().map(enum_text).unwrap_or_default(),
        text(&r.price_as_of),
        num(r.cache_read_tokens),
        num(r.cache_write_tokens),
        num(r.reasoning_tokens),
        r.service_tier.as_ref().map(enum_text).unwrap_or_default(),
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
