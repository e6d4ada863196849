//! Merging customers who are the same person into one, and undoing it.
//!
//! A merge keeps one customer: each single-value field comes from the
//! customer chosen for it (by default the kept one, else the first who has a
//! value), phones and tags are combined (each phone once by its
//! [`phone_key`], each tag once in any case), and every note is kept, each
//! under its customer's name. Interactions, complaints (with their handling
//! steps, which hang on the complaint), reminders and surveys move to the kept
//! customer. The others stay stored, trashed and marked `merged_into`, so
//! they show nowhere (not even in the trash) until the merge is undone.
//!
//! Everything is one transaction, remembered in `change_batches` (kind
//! `merge`) and `change_rows`: the customers as they were, and each moved
//! record's previous owner. Undo puts back the kept customer's old values
//! (unless edited since: then the edit stays), moves the records that are
//! still with the kept customer back, and brings the others back. A merge
//! must be undone before an older one that involves the same customers.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::customers::{get_customer, update_customer};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::import::phone_key;
use crate::model::{Customer, CustomerInput};
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::{validate_customer, ValidCustomer};

/// The most customers one merge takes (the kept one included).
pub const MAX_MERGE: usize = 20;

/// The tables whose rows move to the kept customer, as `change_rows` names them.
const RECORDS: &[(&str, &str)] = &[
    ("interaction", "interactions"),
    ("complaint", "complaints"),
    ("reminder", "reminders"),
    ("survey", "surveys"),
];

/// Which customer each single-value field is taken from. Absent: the kept
/// customer's value, or the first customer (in request order) who has one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct MergeChoices {
    #[ts(optional, type = "number")]
    pub name: Option<i64>,
    #[ts(optional, type = "number")]
    pub email: Option<i64>,
    #[ts(optional, type = "number")]
    pub address: Option<i64>,
    #[ts(optional, type = "number")]
    pub company: Option<i64>,
    #[ts(optional, type = "number")]
    pub birthday: Option<i64>,
    #[ts(optional, type = "number")]
    pub gender: Option<i64>,
    #[ts(optional, type = "number")]
    pub source: Option<i64>,
    #[ts(optional, type = "number")]
    pub contact_cycle_days: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct MergeRequest {
    #[ts(type = "number")]
    pub keep: i64,
    #[ts(type = "number[]")]
    pub others: Vec<i64>,
    pub choices: MergeChoices,
}

/// The single-value fields a merge chooses, as the UI and `MergeChoices` name them.
pub const FIELDS: &[&str] = &[
    "name",
    "email",
    "address",
    "company",
    "birthday",
    "gender",
    "source",
    "contactCycleDays",
];

/// A customer offered for merging, with the records that would move.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeCandidate {
    pub customer: Customer,
    pub interactions: u32,
    pub complaints: u32,
    pub reminders: u32,
    pub surveys: u32,
}

/// One field's values, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeField {
    /// `name`, `email`, ... (see [`FIELDS`]).
    pub field: String,
    /// Each customer's value as stored (`""` for none), in `customers` order.
    pub values: Vec<String>,
    /// The customer whose value is taken unless another is chosen.
    #[ts(type = "number")]
    pub chosen: i64,
}

/// What a merge would make: each customer's values, the defaults, and the
/// combined phones, tags and notes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergePreview {
    #[ts(type = "number")]
    pub keep: i64,
    /// The kept customer first, then the others in request order.
    pub customers: Vec<MergeCandidate>,
    pub fields: Vec<MergeField>,
    pub phones: Vec<String>,
    pub tags: Vec<String>,
    pub notes: String,
}

/// A merge done.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeOutcome {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub customer: Customer,
    /// Records moved to the kept customer (all four kinds).
    pub moved: u32,
}

/// A customer merged away, named as they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergedName {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// A merge as the list of recent merges shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub made_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
    pub kept: MergedName,
    pub merged: Vec<MergedName>,
    pub moved: u32,
}

/// What an undo did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeUndoReport {
    /// Merged-away customers back in the list.
    pub customers_back: u32,
    /// Records moved back to their customers.
    pub moved_back: u32,
    /// Whether the kept customer got their old values back (not when edited
    /// since the merge, or deleted for good).
    pub kept_restored: bool,
}

/// What `change_batches.detail` holds for a merge.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    kept: MergedName,
    merged: Vec<MergedName>,
    moved: u32,
}

/// `c`'s value of a chosen field as text (`""` for none).
fn value_of(c: &Customer, field: &str) -> String {
    match field {
        "name" => c.name.clone(),
        "email" => c.email.clone().unwrap_or_default(),
        "address" => c.address.clone().unwrap_or_default(),
        "company" => c.company.clone().unwrap_or_default(),
        "birthday" => c.birthday.map(|d| d.to_string()).unwrap_or_default(),
        "gender" => c.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
        "source" => c.source.clone().unwrap_or_default(),
        "contactCycleDays" => c
            .contact_cycle_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn choice(choices: &MergeChoices, field: &str) -> Option<i64> {
    match field {
        "name" => choices.name,
        "email" => choices.email,
        "address" => choices.address,
        "company" => choices.company,
        "birthday" => choices.birthday,
        "gender" => choices.gender,
        "source" => choices.source,
        "contactCycleDays" => choices.contact_cycle_days,
        _ => None,
    }
}

/// The customers of a request, kept one first, each checked to be live.
fn load(conn: &Connection, req: &MergeRequest) -> Result<Vec<Customer>> {
    let mut ids = vec![req.keep];
    for &id in &req.others {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() < 2 {
        return Err(Error::MergeNeedsTwo);
    }
    if ids.len() > MAX_MERGE {
        return Err(Error::MergeTooMany(MAX_MERGE as u32));
    }
    ids.iter()
        .map(|&id| {
            let c = get_customer(conn, id)?;
            if c.deleted_at.is_some() {
                return Err(Error::CustomerInTrash(id));
            }
            Ok(c)
        })
        .collect()
}

/// The merged customer: chosen values, combined phones, tags and notes.
fn combine(customers: &[Customer], choices: &MergeChoices) -> (Vec<MergeField>, CustomerInput) {
    let kept = &customers[0];
    let fields: Vec<MergeField> = FIELDS
        .iter()
        .map(|&field| {
            let values: Vec<String> = customers.iter().map(|c| value_of(c, field)).collect();
            let default = customers
                .iter()
                .zip(&values)
                .find(|(_, v)| !v.is_empty())
                .map_or(kept.id, |(c, _)| c.id);
            let chosen = choice(choices, field)
                .filter(|id| customers.iter().any(|c| c.id == *id))
                .unwrap_or(default);
            MergeField {
                field: field.to_string(),
                values,
                chosen,
            }
        })
        .collect();
    let pick = |field: &str| -> String {
        let f = fields.iter().find(|f| f.field == field).expect("a field");
        let at = customers.iter().position(|c| c.id == f.chosen).unwrap_or(0);
        f.values[at].clone()
    };

    let mut phones: Vec<String> = Vec::new();
    let mut phone_keys: HashSet<String> = HashSet::new();
    let mut tags: Vec<String> = Vec::new();
    for c in customers {
        for p in &c.phones {
            // Numbers too short to have a key are compared as written.
            let key = phone_key(p).unwrap_or_else(|| p.trim().to_string());
            if phone_keys.insert(key) {
                phones.push(p.clone());
            }
        }
        for t in &c.tags {
            if !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
                tags.push(t.clone());
            }
        }
    }
    let mut notes = kept.notes.trim_end().to_string();
    for c in &customers[1..] {
        let text = c.notes.trim();
        if text.is_empty() || notes.contains(text) {
            continue;
        }
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        // Labelled with who wrote it, so nothing reads as the kept one's.
        notes.push_str(&format!("[{} #{}]\n{}", c.name, c.id, text));
    }

    let input = CustomerInput {
        name: pick("name"),
        phones,
        email: pick("email"),
        address: pick("address"),
        company: pick("company"),
        birthday: pick("birthday"),
        gender: pick("gender"),
        source: pick("source"),
        tags,
        contact_cycle_days: pick("contactCycleDays"),
        notes,
    };
    (fields, input)
}

fn count(conn: &Connection, table: &str, id: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM {table} WHERE customer_id = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([id], |r| r.get(0))?)
}

fn preview(conn: &Connection, req: &MergeRequest) -> Result<MergePreview> {
    let customers = load(conn, req)?;
    let (fields, input) = combine(&customers, &req.choices);
    let candidates = customers
        .into_iter()
        .map(|c| {
            Ok(MergeCandidate {
                interactions: count(conn, "interactions", c.id)?,
                complaints: count(conn, "complaints", c.id)?,
                reminders: count(conn, "reminders", c.id)?,
                surveys: count(conn, "surveys", c.id)?,
                customer: c,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MergePreview {
        keep: req.keep,
        customers: candidates,
        fields,
        phones: input.phones,
        tags: input.tags,
        notes: input.notes,
    })
}

fn merge(tx: &Transaction, req: &MergeRequest, now: DateTime<Utc>) -> Result<MergeOutcome> {
    let customers = load(tx, req)?;
    let (_, input) = combine(&customers, &req.choices);
    let merged: ValidCustomer = validate_customer(&input, now.date_naive())?;
    let keep = req.keep;
    let others: Vec<i64> = customers[1..].iter().map(|c| c.id).collect();
    let name = |c: &Customer| MergedName {
        id: c.id,
        name: c.name.clone(),
    };

    tx.execute(
        "INSERT INTO change_batches (kind, customers, made_at) VALUES ('merge', ?1, ?2)",
        params![customers.len() as i64, ts(now)],
    )?;
    let batch = tx.last_insert_rowid();
    let mut remember = tx.prepare_cached(
        "INSERT INTO change_rows (batch_id, entity, row_id, before) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for c in &customers {
        let before = serde_json::to_string(c).expect("a customer serialises");
        remember.execute(params![batch, "customer", c.id, before])?;
    }
    let others_json = serde_json::to_string(&others).expect("ids serialise");
    let mut moved = 0u32;
    for (entity, table) in RECORDS {
        let rows: Vec<(i64, i64)> = tx
            .prepare(&format!(
                "SELECT id, customer_id FROM {table}
                 WHERE customer_id IN (SELECT value FROM json_each(?1)) ORDER BY id"
            ))?
            .query_map([&others_json], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Trashed records move too, so restoring one later finds its customer.
        // Moved by id: the select above is the one scan (no index covers
        // trashed interactions). Interactions' triggers recount both
        // customers' last contact.
        let mut move_row = tx.prepare_cached(&format!(
            "UPDATE {table} SET customer_id = ?1 WHERE id = ?2"
        ))?;
        for (id, owner) in &rows {
            let before = serde_json::json!({ "customerId": owner }).to_string();
            remember.execute(params![batch, entity, id, before])?;
            move_row.execute(params![keep, id])?;
        }
        moved += rows.len() as u32;
    }
    update_customer(tx, keep, &merged, now)?;
    tx.execute(
        "UPDATE customers SET deleted_at = ?1, merged_into = ?2
         WHERE id IN (SELECT value FROM json_each(?3))",
        params![ts(now), keep, others_json],
    )?;
    let detail = Detail {
        kept: name(&customers[0]),
        merged: customers[1..].iter().map(name).collect(),
        moved,
    };
    tx.execute(
        "UPDATE change_batches SET detail = ?2 WHERE id = ?1",
        params![
            batch,
            serde_json::to_string(&detail).expect("detail serialises")
        ],
    )?;
    Ok(MergeOutcome {
        batch_id: batch,
        customer: get_customer(tx, keep)?,
        moved,
    })
}

/// A later merge, not undone, that touched any of `batch`'s customers.
fn later_merge(conn: &Connection, batch: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT b.id FROM change_batches b JOIN change_rows r ON r.batch_id = b.id
             WHERE b.kind = 'merge' AND b.undone_at IS NULL AND b.id > ?1
               AND r.entity = 'customer'
               AND r.row_id IN (SELECT row_id FROM change_rows
                                WHERE batch_id = ?1 AND entity = 'customer')
             ORDER BY b.id DESC LIMIT 1",
            [batch],
            |r| r.get(0),
        )
        .optional()?)
}

/// Undoes merge `batch` inside the caller's transaction (a general "undo
/// this change" can hand `merge` batches here).
pub(crate) fn undo(tx: &Transaction, batch: i64, now: DateTime<Utc>) -> Result<MergeUndoReport> {
    let found: Option<(String, Option<String>, String)> = tx
        .query_row(
            "SELECT made_at, undone_at, detail FROM change_batches WHERE id = ?1 AND kind = 'merge'",
            [batch],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((made_at, undone, detail)) = found else {
        return Err(Error::MergeNotFound(batch));
    };
    if undone.is_some() {
        return Err(Error::MergeAlreadyUndone(batch));
    }
    if let Some(later) = later_merge(tx, batch)? {
        return Err(Error::MergeUndoBlocked(later));
    }
    let detail: Detail = serde_json::from_str(&detail).map_err(|_| Error::MergeNotFound(batch))?;
    let keep = detail.kept.id;
    let rows: Vec<(String, i64, Option<String>)> = tx
        .prepare("SELECT entity, row_id, before FROM change_rows WHERE batch_id = ?1")?
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;

    let mut report = MergeUndoReport::default();
    let exists = |id: i64| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    };
    // The others first, so records have their owners back to move to.
    for (entity, id, _) in &rows {
        if entity == "customer" && *id != keep {
            let back = tx.execute(
                "UPDATE customers SET deleted_at = NULL, merged_into = NULL
                 WHERE id = ?1 AND deleted_at IS NOT NULL
                   AND (merged_into = ?2 OR merged_into IS NULL)",
                params![id, keep],
            )?;
            report.customers_back += back as u32;
        }
    }
    for (entity, id, before) in &rows {
        let Some(table) = RECORDS.iter().find(|(e, _)| e == entity).map(|(_, t)| t) else {
            continue;
        };
        let owner = before
            .as_deref()
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
            .and_then(|v| v["customerId"].as_i64());
        // A record deleted for good, or whose first owner is gone, stays put.
        let Some(owner) = owner.filter(|&o| exists(o).unwrap_or(false)) else {
            continue;
        };
        let n = tx.execute(
            &format!("UPDATE {table} SET customer_id = ?1 WHERE id = ?2 AND customer_id = ?3"),
            params![owner, id, keep],
        )?;
        report.moved_back += n as u32;
    }
    // The kept customer's old values, unless someone edited them since.
    if let Some((_, _, Some(before))) = rows
        .iter()
        .find(|(entity, id, _)| entity == "customer" && *id == keep)
    {
        let current = match get_customer(tx, keep) {
            Ok(c) => Some(c),
            Err(Error::CustomerNotFound(_)) => None,
            Err(e) => return Err(e),
        };
        if current.is_some_and(|c| ts(c.updated_at) == made_at) {
            let before: Customer =
                serde_json::from_str(before).map_err(|_| Error::MergeNotFound(batch))?;
            update_customer(tx, keep, &ValidCustomer::from(&before), now)?;
            tx.execute(
                "UPDATE customers SET updated_at = ?2 WHERE id = ?1",
                params![keep, ts(before.updated_at)],
            )?;
            report.kept_restored = true;
        }
    }
    tx.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM customer_tags)",
        [],
    )?;
    tx.execute(
        "UPDATE change_batches SET undone_at = ?2 WHERE id = ?1",
        params![batch, ts(now)],
    )?;
    Ok(report)
}

fn list(conn: &Connection, limit: u32) -> Result<Vec<MergeRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, made_at, undone_at, detail FROM change_batches
         WHERE kind = 'merge' ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            read_ts(r, 1)?,
            read_opt_ts(r, 2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, made_at, undone_at, detail) = row?;
        // A record this build cannot read is left out rather than failing the list.
        if let Ok(d) = serde_json::from_str::<Detail>(&detail) {
            out.push(MergeRecord {
                id,
                made_at,
                undone_at,
                kept: d.kept,
                merged: d.merged,
                moved: d.moved,
            });
        }
    }
    Ok(out)
}

impl Db {
    /// Each customer's values side by side and what a merge would make.
    pub fn merge_preview(&self, req: &MergeRequest) -> Result<MergePreview> {
        self.read(|conn| preview(conn, req))
    }

    /// Merges `req.others` into `req.keep` in one transaction; undoable.
    pub fn merge_customers(&self, req: &MergeRequest) -> Result<MergeOutcome> {
        let now = self.now();
        self.write(|tx| merge(tx, req, now))
    }

    /// Undoes a merge (see the module comment for what is put back).
    pub fn undo_merge(&self, batch: i64) -> Result<MergeUndoReport> {
        let now = self.now();
        self.write(|tx| undo(tx, batch, now))
    }

    /// The latest merges, newest first, undone ones included.
    pub fn recent_merges(&self, limit: u32) -> Result<Vec<MergeRecord>> {
        self.read(|conn| list(conn, limit))
    }
}
