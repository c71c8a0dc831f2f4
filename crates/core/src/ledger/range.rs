//! The turns of one time range, read with their tags in two queries (not one tag query per turn),
//! so that a period of 100,000 turns is read in one pass.

use std::collections::HashMap;

use super::rows::{record_from_row, RECORD_COLUMNS};
use super::{LedgerContents, UsageLedger};
use crate::catalog::Tag;
use crate::error::Result;
use crate::storage::to_sql_int;

impl UsageLedger {
    /// The readable turns that ended at or after `from_ms` and before `to_ms` (milliseconds
    /// since the Unix epoch), oldest first, each with its tags; rows that cannot be read are
    /// counted in [`LedgerContents::damaged_lines`].
    pub fn read_between(&self, from_ms: u64, to_ms: u64) -> Result<LedgerContents> {
        let (from, to) = (to_sql_int(from_ms), to_sql_int(to_ms));
        self.database()?
            .read("The usage ledger could not be read", |c| {
                let mut tags: HashMap<String, Vec<Tag>> = HashMap::new();
                let mut stmt = c.prepare(
                    "SELECT t.turn_id, t.key, t.value FROM turn_tags t
                     JOIN turns USING (turn_id)
                     WHERE turns.time_ms >= ?1 AND turns.time_ms < ?2
                     ORDER BY t.turn_id, t.position",
                )?;
                let mut rows = stmt.query([from, to])?;
                while let Some(row) = rows.next()? {
                    tags.entry(row.get(0)?).or_default().push(Tag {
                        key: row.get(1)?,
                        value: row.get(2)?,
                    });
                }
                let mut contents = LedgerContents::default();
                let mut stmt = c.prepare(&format!(
                    "SELECT {RECORD_COLUMNS} FROM turns
                     WHERE time_ms >= ?1 AND time_ms < ?2 ORDER BY time_ms, rowid"
                ))?;
                let mut rows = stmt.query([from, to])?;
                while let Some(row) = rows.next()? {
                    match record_from_row(row) {
                        Ok(mut record) => {
                            record.tags = tags.remove(&record.turn_id).unwrap_or_default();
                            contents.records.push(record);
                        }
                        Err(_) => contents.damaged_lines += 1,
                    }
                }
                Ok(contents)
            })
    }
}
