//! One turn as a row of the `turns` table (and its tags in `turn_tags`), written and read back.

use super::UsageRecord;
use crate::storage::{enum_from_text, enum_text, from_sql_int, to_sql_int};

/// The columns [`record_from_row`] reads, in its order.
pub(super) const RECORD_COLUMNS: &str = "time_ms, turn_id, entry_id, kind, entry_name, profile_arn, model_id, region, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, outcome, stop_reason, error_kind, price_source, price_as_of, cache_read_tokens, cache_write_tokens, reasoning_tokens, service_tier";

pub(super) fn record_from_row(
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
        price_source: match r.get::<_, Option<String>>(16)? {
            Some(s) => Some(enum_from_text(&s)?),
            None => None,
        },
        price_as_of: r.get(17)?,
        cache_read_tokens: opt_int(18)?,
        cache_write_tokens: opt_int(19)?,
        reasoning_tokens: opt_int(20)?,
        service_tier: match r.get::<_, Option<String>>(21)? {
            Some(t) => Some(enum_from_text(&t)?),
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
        "INSERT OR IGNORE INTO turns (time_ms, turn_id, entry_id, kind, entry_name, profile_arn, model_id, region, input_tokens, output_tokens, latency_ms, ttft_ms, cost_usd, outcome, stop_reason, error_kind, conversation_id, price_source, price_as_of, cache_read_tokens, cache_write_tokens, reasoning_tokens, service_tier)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
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
            r.price_source.as_ref().map(enum_text),
            r.price_as_of,
            opt(r.cache_read_tokens),
            opt(r.cache_write_tokens),
            opt(r.reasoning_tokens),
            r.service_tier.as_ref().map(enum_text),
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
