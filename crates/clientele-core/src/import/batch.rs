//! Writing an import plan as one batch, remembered so it can be undone:
//! which customers it added, and what the ones it updated were before.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::plan::Plan;
use super::{ImportBatch, UndoReport};
use crate::customers::{get_customer, insert_customer, trash_customer, update_customer};
use crate::error::{Error, Result};
use crate::model::Customer;
use crate::search::unindex_customer;
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::ValidCustomer;

/// How often (in rows) `progress` hears how far the import is.
const PROGRESS_EVERY: usize = 1000;

pub(super) fn apply(
    tx: &Transaction,
    file_name: &str,
    plan: &Plan,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<i64> {
    let s = &plan.summary;
    tx.execute(
        "INSERT INTO import_batches (file_name, imported_at, added, updated, skipped, failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![file_name, ts(now), s.added, s.updated, s.skipped, s.failed],
    )?;
    let batch = tx.last_insert_rowid();
    let total = (plan.adds.len() + plan.updates.len()) as u32;
    let mut done = 0usize;
    let mut step = |done: &mut usize| {
        *done += 1;
        if *done % PROGRESS_EVERY == 0 {
            progress(*done as u32, total);
        }
    };
    let mut record = tx.prepare_cached(
        "INSERT INTO import_changes (batch_id, customer_id, action, before) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (_, customer) in &plan.adds {
        let id = insert_customer(tx, customer, now)?;
        record.execute(params![batch, id, "added", Option::<String>::None])?;
        step(&mut done);
    }
    for u in &plan.updates {
        update_customer(tx, u.id, &u.after, now)?;
        let before = serde_json::to_string(&u.before).expect("a customer serialises");
        record.execute(params![batch, u.id, "updated", before])?;
        step(&mut done);
    }
    progress(total, total);
    Ok(batch)
}

fn has_records(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM interactions WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM complaints WHERE customer_id = ?1)
             OR EXISTS (SELECT 1 FROM reminders WHERE customer_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

pub(super) fn undo(tx: &Transaction, batch: i64, now: DateTime<Utc>) -> Result<UndoReport> {
    let found: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT imported_at, undone_at FROM import_batches WHERE id = ?1",
            [batch],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((imported_at, undone)) = found else {
        return Err(Error::ImportNotFound(batch));
    };
    if undone.is_some() {
        return Err(Error::ImportAlreadyUndone(batch));
    }
    let changes: Vec<(i64, String, Option<String>)> = tx
        .prepare("SELECT customer_id, action, before FROM import_changes WHERE batch_id = ?1")?
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;

    let mut report = UndoReport::default();
    for (id, action, before) in changes {
        let current = match get_customer(tx, id) {
            Ok(c) => c,
            Err(Error::CustomerNotFound(_)) => continue, // deleted for good since
            Err(e) => return Err(e),
        };
        // Untouched since the import: the import wrote it last.
        let untouched = ts(current.updated_at) == imported_at;
        if action == "added" {
            if untouched && !has_records(tx, id)? {
                unindex_customer(tx, id)?;
                tx.execute("DELETE FROM customers WHERE id = ?1", [id])?;
                report.removed += 1;
            } else {
                trash_customer(tx, id, now)?;
                report.trashed += 1;
            }
        } else if untouched {
            let before: Customer = serde_json::from_str(before.as_deref().unwrap_or("null"))
                .map_err(|e| Error::ImportUnreadable(format!("import {batch}: {e}")))?;
            update_customer(tx, id, &ValidCustomer::from(&before), now)?;
            report.restored += 1;
        } else {
            report.kept += 1;
        }
    }
    // Tags only the removed customers had leave the tag filter.
    tx.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM customer_tags)",
        [],
    )?;
    tx.execute(
        "UPDATE import_batches SET undone_at = ?2 WHERE id = ?1",
        params![batch, ts(now)],
    )?;
    Ok(report)
}

pub(super) fn list(conn: &Connection) -> Result<Vec<ImportBatch>> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, imported_at, added, updated, skipped, failed, undone_at
         FROM import_batches ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ImportBatch {
            id: r.get(0)?,
            file_name: r.get(1)?,
            imported_at: read_ts(r, 2)?,
            added: r.get(3)?,
            updated: r.get(4)?,
            skipped: r.get(5)?,
            failed: r.get(6)?,
            undone_at: read_opt_ts(r, 7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
