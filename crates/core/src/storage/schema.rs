//! The database's schema, as numbered migrations: migration N brings `PRAGMA user_version` from
//! N-1 to N. Never edit a released migration; add the next one.

use rusqlite::{Connection, TransactionBehavior};

/// The schema version this Strata writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// `'STRA'`: marks the file as Strata's for tools such as `file(1)`.
const APPLICATION_ID: i32 = 0x5354_5241;

pub(super) const MIGRATIONS: &[&str] = &[
    // 1: conversations, their messages, the usage ledger with its tag snapshots, the imports done.
    "CREATE TABLE conversations (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        entry_id    TEXT NOT NULL,
        entry_name  TEXT NOT NULL,
        system      TEXT,
        max_tokens  INTEGER,
        created_ms  INTEGER NOT NULL,
        updated_ms  INTEGER NOT NULL
    );
    CREATE INDEX conversations_by_update ON conversations (updated_ms DESC);
    CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        role            TEXT NOT NULL,
        text            TEXT NOT NULL,
        outcome         TEXT,
        stop_reason     TEXT,
        usage           TEXT,
        error           TEXT,
        turn_id         TEXT,
        PRIMARY KEY (conversation_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE turns (
        turn_id         TEXT PRIMARY KEY,
        time_ms         INTEGER NOT NULL,
        entry_id        TEXT NOT NULL,
        kind            TEXT NOT NULL,
        entry_name      TEXT NOT NULL,
        profile_arn     TEXT,
        model_id        TEXT,
        region          TEXT NOT NULL,
        input_tokens    INTEGER,
        output_tokens   INTEGER,
        latency_ms      INTEGER NOT NULL,
        ttft_ms         INTEGER,
        cost_usd        REAL,
        outcome         TEXT NOT NULL,
        stop_reason     TEXT,
        error_kind      TEXT,
        conversation_id TEXT
    );
    CREATE INDEX turns_by_time ON turns (time_ms);
    CREATE INDEX turns_by_entry ON turns (entry_id);
    CREATE TABLE turn_tags (
        turn_id  TEXT NOT NULL REFERENCES turns (turn_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        key      TEXT NOT NULL,
        value    TEXT NOT NULL,
        PRIMARY KEY (turn_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX turn_tags_by_key ON turn_tags (key, value);
    CREATE TABLE imports (
        name        TEXT PRIMARY KEY,
        imported_ms INTEGER NOT NULL,
        records     INTEGER NOT NULL,
        skipped     INTEGER NOT NULL
    );",
    // 2: which price table priced each turn, and its date, so a cost can say where it comes from.
    "ALTER TABLE turns ADD COLUMN price_source TEXT;
    ALTER TABLE turns ADD COLUMN price_as_of TEXT;",
    // 3: model features (issue 15). Per turn its cache and reasoning tokens and the tier that
    // served it; per message its reasoning (JSON, signature kept); per conversation its
    // parameters (JSON). Attachments get their own table rather than a JSON column of the
    // message: saving a conversation rewrites its messages, and a separate row whose bytes did
    // not change is left as it is (see `conversations::write_attachments`), so a file is kept
    // once and not copied again on every save. `data` holds the base64 text as Bedrock's
    // request and the UI take it, so nothing is re-encoded on load.
    "ALTER TABLE turns ADD COLUMN cache_read_tokens INTEGER;
    ALTER TABLE turns ADD COLUMN cache_write_tokens INTEGER;
    ALTER TABLE turns ADD COLUMN reasoning_tokens INTEGER;
    ALTER TABLE turns ADD COLUMN service_tier TEXT;
    ALTER TABLE messages ADD COLUMN reasoning TEXT;
    ALTER TABLE conversations ADD COLUMN parameters TEXT;
    CREATE TABLE attachments (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        idx             INTEGER NOT NULL,
        name            TEXT NOT NULL,
        kind            TEXT NOT NULL,
        format          TEXT NOT NULL,
        size            INTEGER NOT NULL,
        data            BLOB NOT NULL,
        PRIMARY KEY (conversation_id, position, idx)
    ) WITHOUT ROWID;",
];

/// Where migrating left the database.
pub(super) enum Migrated {
    /// At [`SCHEMA_VERSION`].
    Current,
    /// A newer Strata got there first: this version (untouched).
    Newer(u32),
}

/// Applies the missing migrations, each in its own write transaction that re-reads the version
/// first (two processes starting together migrate once).
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = super::user_version(&tx)?;
        if version > SCHEMA_VERSION {
            return Ok(Migrated::Newer(version));
        }
        let Some(sql) = MIGRATIONS.get(version as usize) else {
            return Ok(Migrated::Current);
        };
        tx.execute_batch(sql)?;
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
        tracing::info!(target: super::LOG_TARGET, version = version + 1, "database schema migrated");
    }
}
