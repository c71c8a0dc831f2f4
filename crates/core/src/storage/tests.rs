#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::*;
use crate::catalog::{EntryKind, Tag};
use crate::conversations::{Conversation, ConversationStore};
use crate::ledger::{TurnOutcome, UsageLedger, UsageRecord};

fn record(turn_id: &str, time_ms: u64) -> UsageRecord {
    UsageRecord {
        time_ms,
        turn_id: turn_id.into(),
        entry_id: "arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/abc"
            .into(),
        kind: EntryKind::ApplicationProfile,
        entry_name: "dev".into(),
        profile_arn: None,
        tags: vec![Tag {
            key: "Env".into(),
            value: "Dev".into(),
        }],
        model_id: Some("anthropic.claude-3-haiku-20240307-v1:0".into()),
        region: "ap-northeast-1".into(),
        input_tokens: Some(1),
        output_tokens: Some(2),
        latency_ms: 3,
        ttft_ms: Some(1),
        cost_usd: Some(0.25),
        price_source: Some(crate::pricing::PriceSource::BuiltIn),
        price_as_of: Some("2026-11-25".to_owned()),
        outcome: TurnOutcome::Completed,
        stop_reason: Some("end_turn".into()),
        error_kind: None,
        cache_read_tokens: None,
        cache_write_tokens: None,
        reasoning_tokens: None,
        service_tier: None,
    }
}

fn conversation(id: &str) -> Conversation {
    crate::conversations::tests::conversation(id, 1)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_new_database_is_at_the_current_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    assert_eq!(db.status().notice, None);
    assert!(!db.is_read_only());
    let raw = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    assert_eq!(user_version(&raw).unwrap(), SCHEMA_VERSION);
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = db
        .read("test", |c| {
            c.pragma_query_value(None, "synchronous", |r| r.get(0))
        })
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    // Opening again migrates nothing and loses nothing.
    ConversationStore::new(Arc::new(db))
        .save(conversation("a"))
        .unwrap();
    let again = ConversationStore::new(Arc::new(Database::open_in(dir.path()).unwrap()));
    assert_eq!(again.list().unwrap().len(), 1);
}

#[test]
fn a_database_from_a_newer_strata_opens_read_only_and_is_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let db = Arc::new(Database::open(&path).unwrap());
        ConversationStore::new(db.clone())
            .save(conversation("kept"))
            .unwrap();
        UsageLedger::with_database(db)
            .append(&record("t1", 1))
            .unwrap();
    }
    {
        let raw = Connection::open(&path).unwrap();
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 3)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    // SQLite's own side files of a read-only reader (`-wal`, `-shm`) may come and go.
    let files = |dir: &Path| -> Vec<String> {
        names(dir)
            .into_iter()
            .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
            .collect()
    };
    let before_names = files(dir.path());

    let db = Arc::new(Database::open(&path).unwrap());
    assert!(db.is_read_only());
    let status = db.status();
    assert!(status.read_only);
    let notice = status.notice.unwrap();
    assert!(notice.contains("newer version of Strata"), "{notice}");
    assert!(
        notice.contains(&format!("version {}", SCHEMA_VERSION + 3)),
        "{notice}"
    );
    // What it holds is still shown…
    let conversations = ConversationStore::new(db.clone());
    assert_eq!(conversations.list().unwrap()[0].id, "kept");
    let ledger = UsageLedger::with_database(db.clone());
    assert_eq!(ledger.read().unwrap().records.len(), 1);
    // …but nothing is written.
    let err = conversations.save(conversation("new")).unwrap_err();
    assert!(err.message().contains("read-only"), "{err}");
    assert!(err.hint().unwrap().contains("Update Strata"));
    assert!(ledger.append(&record("t2", 2)).is_err());
    assert!(conversations.delete("kept").is_err());
    drop((conversations, ledger, db));
    assert_eq!(std::fs::read(&path).unwrap(), before, "never rewritten");
    assert_eq!(files(dir.path()), before_names);
}

#[test]
fn a_damaged_database_is_moved_aside_and_a_new_one_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let garbage = b"this is not a database, just bytes ".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    assert!(!db.is_read_only());
    let notice = db.status().notice.unwrap();
    assert!(notice.contains("damaged"), "{notice}");
    let kept: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("strata.db.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", names(dir.path()));
    assert!(notice.contains(&kept[0]), "{notice}");
    assert_eq!(std::fs::read(dir.path().join(&kept[0])).unwrap(), garbage);
    // The new one works.
    let store = ConversationStore::new(db);
    store.save(conversation("fresh")).unwrap();
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn a_file_that_cannot_be_opened_is_an_error_and_is_not_moved() {
    // A folder where the database should be: not "damaged", so it must not be moved aside.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(DATABASE_FILE)).unwrap();
    let err = Database::open(&dir.path().join(DATABASE_FILE)).unwrap_err();
    assert!(err.message().contains("could not be opened"), "{err}");
    assert_eq!(names(dir.path()), [DATABASE_FILE]);
}

#[test]
fn two_writers_on_one_file_append_side_by_side() {
    // Two connections on one file, as the window and `strata chat` have: each writes while the
    // other does, and no turn is lost or fails on the lock.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let first = UsageLedger::with_database(Arc::new(Database::open(&path).unwrap()));
    let second = UsageLedger::with_database(Arc::new(Database::open(&path).unwrap()));
    let writer = |ledger: UsageLedger, name: &'static str| {
        std::thread::spawn(move || {
            for i in 0..40 {
                ledger.append(&record(&format!("{name}-{i}"), i)).unwrap();
            }
        })
    };
    let a = writer(first.clone(), "window");
    let b = writer(second.clone(), "cli");
    a.join().unwrap();
    b.join().unwrap();
    assert_eq!(first.turns().unwrap(), 80);
    let records = second.read().unwrap().records;
    assert_eq!(records.len(), 80);
    assert!(records.iter().all(|r| r.tags.len() == 1));
}

#[test]
fn the_old_files_are_imported_once_and_bad_lines_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let good = |id: &str, t: u64| serde_json::to_string(&record(id, t)).unwrap();
    let mut ledger = Vec::new();
    ledger.extend_from_slice(good("old-1", 1).as_bytes());
    ledger.extend_from_slice(b"\n");
    // A line torn by a crash, then one that is not UTF-8, then an empty one.
    ledger.extend_from_slice(br#"{"timeMs": 2, "turnId": "to"#);
    ledger.extend_from_slice(b"\n");
    ledger.extend_from_slice(b"{\"turnId\": \"\xff\xfe\"}\n\n");
    ledger.extend_from_slice(good("old-2", 3).as_bytes());
    ledger.extend_from_slice(b"\n");
    std::fs::write(dir.path().join("usage.jsonl"), &ledger).unwrap();
    let conversations = serde_json::json!({
        "conversations": [conversation("c1"), {"id": "broken"}, conversation("c2")]
    });
    std::fs::write(
        dir.path().join("conversations.json"),
        serde_json::to_vec(&conversations).unwrap(),
    )
    .unwrap();

    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    let notice = db.status().notice.unwrap();
    assert!(notice.contains("3 unreadable line(s)"), "{notice}");
    let ledger = UsageLedger::with_database(db.clone());
    let ids: Vec<String> = ledger
        .read()
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.turn_id)
        .collect();
    assert_eq!(ids, ["old-1", "old-2"]);
    let store = ConversationStore::new(db.clone());
    assert_eq!(store.list().unwrap().len(), 2);
    assert_eq!(
        names(dir.path())
            .into_iter()
            .filter(|n| !n.starts_with("strata.db"))
            .collect::<Vec<_>>(),
        ["conversations.json.imported", "usage.jsonl.imported"]
    );
    drop((ledger, store, db));

    // Put back (a crash between the commit and the rename, or a copy restored by hand): the
    // file is renamed again, never imported a second time.
    std::fs::copy(
        dir.path().join("usage.jsonl.imported"),
        dir.path().join("usage.jsonl"),
    )
    .unwrap();
    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    assert_eq!(db.status().notice, None);
    assert_eq!(UsageLedger::with_database(db).turns().unwrap(), 2);
    assert!(!dir.path().join("usage.jsonl").exists());
}

#[test]
fn an_unreadable_conversations_file_is_counted_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("conversations.json"),
        b"{\"conversations\": [",
    )
    .unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    assert!(db.status().notice.unwrap().contains("1 unreadable"));
    assert_eq!(
        std::fs::read(dir.path().join("conversations.json.imported")).unwrap(),
        b"{\"conversations\": ["
    );
}

#[test]
fn an_old_conversations_file_with_plain_text_errors_and_stop_reasons_is_imported_whole() {
    let dir = tempfile::tempdir().unwrap();
    // As Strata wrote it before errors kept their kind: the error as one text.
    let mut old = serde_json::to_value(conversation("c1")).unwrap();
    old["messages"].as_array_mut().unwrap().push(serde_json::json!({
        "role": "assistant", "text": "Half", "outcome": "failed", "stopReason": "a_newer_reason",
        "usage": null, "error": "The answer stalled. Retry; the part that arrived is kept."
    }));
    std::fs::write(
        dir.path().join("conversations.json"),
        serde_json::to_vec(&serde_json::json!({ "conversations": [old] })).unwrap(),
    )
    .unwrap();
    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    assert_eq!(db.status().notice, None, "nothing skipped");
    let list = ConversationStore::new(db).list().unwrap();
    assert_eq!(list.len(), 1);
    let answer = &list[0].messages[1];
    assert_eq!(answer.text, "Half");
    assert_eq!(
        answer.stop_reason,
        Some(crate::chat::StopReason::Other("a_newer_reason".into()))
    );
    let error = answer.error.as_ref().unwrap();
    assert_eq!(
        error.kind(),
        crate::ErrorKind::Internal,
        "its kind was not kept"
    );
    assert_eq!(
        error.message(),
        "The answer stalled. Retry; the part that arrived is kept."
    );
}

#[test]
fn a_version_1_ledger_migrates_and_its_turns_read_back_without_a_price_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        // The database as the first released schema left it, with one turn.
        let raw = Connection::open(&path).unwrap();
        raw.execute_batch(schema::MIGRATIONS[0]).unwrap();
        raw.pragma_update(None, "user_version", 1).unwrap();
        raw.execute(
            "INSERT INTO turns (turn_id, time_ms, entry_id, kind, entry_name, region, latency_ms, cost_usd, outcome)
             VALUES ('old', 5, 'm', 'Foundation', 'M', 'us-east-1', 10, 0.5, 'completed')",
            [],
        )
        .unwrap();
    }
    let ledger = UsageLedger::with_database(Arc::new(Database::open(&path).unwrap()));
    let read = ledger.read().unwrap();
    assert_eq!(read.records.len(), 1);
    assert_eq!(read.records[0].cost_usd, Some(0.5));
    assert_eq!(
        read.records[0].price_source, None,
        "not kept before version 2"
    );
    ledger.append(&record("new", 9)).unwrap();
    let read = ledger.read().unwrap();
    assert_eq!(
        read.records[1].price_source,
        Some(crate::pricing::PriceSource::BuiltIn)
    );
    assert_eq!(read.records[1].price_as_of.as_deref(), Some("2026-11-25"));
    let raw = Connection::open(&path).unwrap();
    assert_eq!(user_version(&raw).unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_version_2_database_migrates_and_reads_back_without_the_model_feature_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        // The database as version 2 left it: one turn, one conversation with a priced answer
        // whose usage JSON predates the cache fields.
        let raw = Connection::open(&path).unwrap();
        raw.execute_batch(schema::MIGRATIONS[0]).unwrap();
        raw.execute_batch(schema::MIGRATIONS[1]).unwrap();
        raw.pragma_update(None, "user_version", 2).unwrap();
        raw.execute_batch(
            r#"INSERT INTO turns (turn_id, time_ms, entry_id, kind, entry_name, region, latency_ms,
                 input_tokens, output_tokens, cost_usd, outcome, price_source, price_as_of)
               VALUES ('old', 5, 'm', 'Foundation', 'M', 'us-east-1', 10, 7, 9, 0.5, 'completed',
                 'BuiltIn', '2026-11-25');
               INSERT INTO conversations (id, title, entry_id, entry_name, system, max_tokens,
                 created_ms, updated_ms)
               VALUES ('c', 'Old chat', 'm', 'M', 'Be brief.', 512, 1, 2);
               INSERT INTO messages (conversation_id, position, role, text)
               VALUES ('c', 0, 'user', 'hello');
               INSERT INTO messages (conversation_id, position, role, text, outcome, stop_reason,
                 usage, turn_id)
               VALUES ('c', 1, 'assistant', 'hi', 'completed', 'end_turn',
                 '{"inputTokens":7,"outputTokens":9,"latencyMs":10,"ttftMs":3,"costUsd":0.5}',
                 'old');"#,
        )
        .unwrap();
    }
    let db = Arc::new(Database::open(&path).unwrap());
    assert!(!db.status().read_only);
    let ledger = UsageLedger::with_database(db.clone());
    let read = ledger.read().unwrap();
    assert_eq!(read.damaged_lines, 0);
    let old = &read.records[0];
    assert_eq!((old.turn_id.as_str(), old.cost_usd), ("old", Some(0.5)));
    assert_eq!(
        (
            old.cache_read_tokens,
            old.cache_write_tokens,
            old.reasoning_tokens,
            old.service_tier
        ),
        (None, None, None, None)
    );

    let conversations = ConversationStore::new(db.clone()).list().unwrap();
    assert_eq!(conversations.len(), 1);
    let c = &conversations[0];
    assert_eq!(c.parameters, crate::chat::ChatParameters::default());
    assert_eq!(c.max_tokens, Some(512));
    assert!(c.messages.iter().all(|m| m.attachments.is_empty()));
    assert!(c.messages.iter().all(|m| m.reasoning.is_none()));
    let usage = c.messages[1].usage.as_ref().unwrap();
    assert_eq!(usage.cost_usd, Some(0.5));
    assert_eq!(
        (
            usage.cache_read_tokens,
            usage.service_tier,
            usage.cache_saved_usd
        ),
        (None, None, None)
    );

    // New turns keep their cache, reasoning and tier beside the old one.
    let mut new = record("new", 9);
    new.cache_read_tokens = Some(4_096);
    new.cache_write_tokens = Some(0);
    new.reasoning_tokens = Some(1);
    new.service_tier = Some(crate::chat::ServiceTier::Default);
    ledger.append(&new).unwrap();
    assert_eq!(ledger.read().unwrap().records[1], new);
    drop((ledger, db));
    let raw = Connection::open(&path).unwrap();
    assert_eq!(user_version(&raw).unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 3);
}

#[test]
fn an_old_usage_line_without_the_cache_fields_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = serde_json::to_value(record("before-15", 4)).unwrap();
    let object = line.as_object_mut().unwrap();
    for field in [
        "cacheReadTokens",
        "cacheWriteTokens",
        "reasoningTokens",
        "serviceTier",
    ] {
        object.remove(field).unwrap();
    }
    std::fs::write(
        dir.path().join("usage.jsonl"),
        format!("{}\n", serde_json::to_string(&line).unwrap()),
    )
    .unwrap();
    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    assert_eq!(db.status().notice, None, "nothing skipped");
    let records = UsageLedger::with_database(db).read().unwrap().records;
    assert_eq!(records, [record("before-15", 4)]);
}
