//! The ledger's tests: records written and read back, totals in SQL and in memory, exports.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::totals::utc_day;
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
        price_source: cost.map(|_| crate::pricing::PriceSource::BuiltIn),
        price_as_of: cost.map(|_| "2026-11-25".to_owned()),
        outcome: TurnOutcome::Completed,
        stop_reason: Some("end_turn".into()),
        error_kind: None,
        cache_read_tokens: None,
        cache_write_tokens: None,
        reasoning_tokens: None,
        service_tier: None,
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
    a.cache_read_tokens = Some(1_200);
    a.cache_write_tokens = Some(0);
    a.reasoning_tokens = Some(40);
    a.service_tier = Some(crate::chat::ServiceTier::Priority);
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
        lines[1].ends_with(",0.5,completed,end_turn,,BuiltIn,2026-11-25,1200,0,40,priority"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains(",[],"), "{}", lines[2]);
    // A turn without them leaves the new columns empty (not 0).
    assert!(lines[2].ends_with(",end_turn,,,,,,,"), "{}", lines[2]);
}

#[test]
fn the_cache_reasoning_and_tier_of_a_turn_are_kept_and_exported_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = UsageLedger::new(dir.path().join("strata.db"));
    let mut a = record("a", &[], Some(0.25));
    a.cache_read_tokens = Some(3_000);
    a.cache_write_tokens = Some(512);
    a.reasoning_tokens = Some(77);
    a.service_tier = Some(crate::chat::ServiceTier::Flex);
    ledger.append(&a).unwrap();
    let mut jsonl = Vec::new();
    ledger.export(ExportFormat::Jsonl, &mut jsonl).unwrap();
    let line: serde_json::Value = serde_json::from_slice(&jsonl).unwrap();
    assert_eq!(line["cacheReadTokens"], 3_000);
    assert_eq!(line["cacheWriteTokens"], 512);
    assert_eq!(line["reasoningTokens"], 77);
    assert_eq!(line["serviceTier"], "flex");
    assert_eq!(ledger.read().unwrap().records, [a]);
}

#[test]
fn an_old_usage_line_without_the_cache_fields_still_reads() {
    let mut line = serde_json::to_value(record("old", &[], Some(0.1))).unwrap();
    let object = line.as_object_mut().unwrap();
    for field in [
        "cacheReadTokens",
        "cacheWriteTokens",
        "reasoningTokens",
        "serviceTier",
    ] {
        assert!(object.remove(field).is_some(), "{field}");
    }
    let back: UsageRecord = serde_json::from_value(line).unwrap();
    assert_eq!(back, record("old", &[], Some(0.1)));
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
