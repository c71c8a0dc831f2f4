//! `strata-cli usage --export` (what `strata usage --export` runs) as a real process: each turn's
//! cache-read, cache-write and reasoning tokens and its service tier, in JSON lines and in the
//! CSV's last columns; a line of the old `usage.jsonl` written before those fields still imports.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use strata_core::catalog::EntryKind;
use strata_core::chat::ServiceTier;
use strata_core::ledger::{TurnOutcome, UsageLedger, UsageRecord, CSV_COLUMNS};

fn data_dir(home: &Path) -> PathBuf {
    home.join(".local/share/io.strata.desktop")
}

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata-cli"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_CONFIG_FILE", home.join(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn record(turn_id: &str, time_ms: u64) -> UsageRecord {
    UsageRecord {
        time_ms,
        turn_id: turn_id.into(),
        entry_id: "us.anthropic.claude-3-7-sonnet-20250219-v1:0".into(),
        kind: EntryKind::SystemProfile,
        entry_name: "Claude 3.7 Sonnet".into(),
        profile_arn: None,
        tags: Vec::new(),
        model_id: Some("anthropic.claude-3-7-sonnet-20250219-v1:0".into()),
        region: "us-east-1".into(),
        input_tokens: Some(12),
        output_tokens: Some(80),
        latency_ms: 900,
        ttft_ms: Some(300),
        cost_usd: Some(0.002),
        price_source: Some(strata_core::pricing::PriceSource::BuiltIn),
        price_as_of: Some("2026-12-01".into()),
        outcome: TurnOutcome::Completed,
        stop_reason: Some("end_turn".into()),
        error_kind: None,
        cache_read_tokens: None,
        cache_write_tokens: None,
        reasoning_tokens: None,
        service_tier: None,
    }
}

#[test]
fn the_export_shows_cache_reasoning_and_tier_per_turn_and_old_lines_still_read() {
    let home = tempfile::tempdir().unwrap();
    let dir = data_dir(home.path());
    std::fs::create_dir_all(&dir).unwrap();
    // A line of the old usage.jsonl, written before the cache fields existed.
    let mut old = serde_json::to_value(record("old", 1)).unwrap();
    for field in [
        "cacheReadTokens",
        "cacheWriteTokens",
        "reasoningTokens",
        "serviceTier",
    ] {
        old.as_object_mut().unwrap().remove(field).unwrap();
    }
    std::fs::write(dir.join("usage.jsonl"), format!("{old}\n")).unwrap();
    // A turn of this version, recorded with them.
    let ledger = UsageLedger::new(dir.join("strata.db"));
    let mut cached = record("cached", 2);
    cached.cache_read_tokens = Some(2_048);
    cached.cache_write_tokens = Some(0);
    cached.reasoning_tokens = Some(64);
    cached.service_tier = Some(ServiceTier::Priority);
    ledger.append(&cached).unwrap();
    drop(ledger);

    let out = run(home.path(), &["usage", "--export", "jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["turnId"], "old");
    assert_eq!(lines[0]["cacheReadTokens"], Value::Null);
    assert_eq!(lines[0]["serviceTier"], Value::Null);
    assert_eq!(lines[1]["turnId"], "cached");
    assert_eq!(lines[1]["cacheReadTokens"], json!(2_048));
    assert_eq!(lines[1]["cacheWriteTokens"], json!(0));
    assert_eq!(lines[1]["reasoningTokens"], json!(64));
    assert_eq!(lines[1]["serviceTier"], "priority");

    let out = run(home.path(), &["usage", "--export", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert_eq!(rows[0], CSV_COLUMNS.join(","));
    assert!(
        rows[0]
            .ends_with(",priceAsOf,cacheReadTokens,cacheWriteTokens,reasoningTokens,serviceTier"),
        "{csv}"
    );
    assert!(rows[1].ends_with(",2026-12-01,,,,"), "{csv}");
    assert!(rows[2].ends_with(",2026-12-01,2048,0,64,priority"), "{csv}");
}
