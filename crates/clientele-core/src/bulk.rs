//! Changes to many customers at once: add or remove tags, set the contact
//! cycle, move to the trash; and export a selection. Each change is one
//! transaction, remembered in `change_batches` / `change_rows` (schema 6) so
//! it can be undone as a whole, later.
//!
//! A selection is what the list's checkboxes say: some ids, or "every
//! customer matching the list's query, except these". The second is resolved
//! here, inside the transaction, with the same SQL the export uses, so
//! selecting 100,000 customers sends no ids over IPC.
//!
//! The work is set-based: the selected ids go into a temporary table and each
//! step is one statement over it. Only the search bodies are rewritten in
//! Rust, one per changed customer (tags are part of the body).
//!
//! Undo gives back exactly what each customer had (tags, cycle, trash state,
//! `updated_at`) unless they changed since: a customer whose `updated_at`
//! (for a trash: `deleted_at`) is no longer the change's own time was edited,
//! restored, merged or changed by a later bulk change, and is passed over, so
//! nothing written later is lost. The report counts them.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::customers::{
    filter_sql, for_each_customer_where, stream_customers, tags_json, CUSTOMER_COLUMNS,
};
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::model::{CustomerQuery, ExportReport, Lang};
use crate::search::search_body;
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::{contact_cycle, tag_list, ValidCustomer, MAX_TAGS};

/// Which customers a bulk change or export applies to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CustomerSelection {
    /// The list's search, tag filter, trash flag and sort; paging is ignored.
    pub query: CustomerQuery,
    /// Every customer matching `query` except `ids`; otherwise just `ids`.
    pub all_matching: bool,
    #[ts(type = "Array<number>")]
    pub ids: Vec<i64>,
}

impl CustomerSelection {
    pub fn ids(ids: &[i64]) -> Self {
        CustomerSelection {
            ids: ids.to_vec(),
            ..Default::default()
        }
    }

    pub fn matching(query: CustomerQuery, except: &[i64]) -> Self {
        CustomerSelection {
            query,
            all_matching: true,
            ids: except.to_vec(),
        }
    }
}

/// What to do to the selected customers, as typed (validated by the core).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum BulkAction {
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// Whole days, or empty to clear the cycle.
    SetContactCycle {
        days: String,
    },
    Trash,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BulkKind {
    AddTags,
    RemoveTags,
    SetContactCycle,
    Trash,
}

impl BulkKind {
    const ALL: [BulkKind; 4] = [
        BulkKind::AddTags,
        BulkKind::RemoveTags,
        BulkKind::SetContactCycle,
        BulkKind::Trash,
    ];

    fn as_str(self) -> &'static str {
        match self {
            BulkKind::AddTags => "addTags",
            BulkKind::RemoveTags => "removeTags",
            BulkKind::SetContactCycle => "setContactCycle",
            BulkKind::Trash => "trash",
        }
    }

    fn parse(s: &str) -> Option<BulkKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A validated action.
enum Valid {
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    SetContactCycle(Option<u32>),
    Trash,
}

impl Valid {
    fn kind(&self) -> BulkKind {
        match self {
            Valid::AddTags(_) => BulkKind::AddTags,
            Valid::RemoveTags(_) => BulkKind::RemoveTags,
            Valid::SetContactCycle(_) => BulkKind::SetContactCycle,
            Valid::Trash => BulkKind::Trash,
        }
    }

    fn detail(&self) -> Detail {
        match self {
            Valid::AddTags(tags) | Valid::RemoveTags(tags) => Detail {
                tags: tags.clone(),
                ..Default::default()
            },
            Valid::SetContactCycle(days) => Detail {
                contact_cycle_days: *days,
                ..Default::default()
            },
            Valid::Trash => Detail::default(),
        }
    }
}

/// `change_batches.detail` for the bulk kinds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Detail {
    tags: Vec<String>,
    contact_cycle_days: Option<u32>,
}

fn validate(action: &BulkAction) -> Result<Valid> {
    let mut errors = Vec::new();
    let valid = match action {
        BulkAction::AddTags { tags } | BulkAction::RemoveTags { tags } => {
            let tags = tag_list(tags, &mut errors);
            if tags.is_empty() && errors.is_empty() {
                errors.push(FieldError::new("tags", "required"));
            }
            if matches!(action, BulkAction::AddTags { .. }) {
                Valid::AddTags(tags)
            } else {
                Valid::RemoveTags(tags)
            }
        }
        BulkAction::SetContactCycle { days } => {
            Valid::SetContactCycle(contact_cycle(days).unwrap_or_else(|e| {
                errors.push(e);
                None
            }))
        }
        BulkAction::Trash => Valid::Trash,
    };
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(Error::Validation(errors))
    }
}

/// What a bulk change did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkReport {
    /// The change, to undo it; `None` when no customer needed changing.
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    /// Live customers selected.
    pub selected: u32,
    /// Customers changed; the others already were that way.
    pub changed: u32,
}

/// What undoing a bulk change did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkUndoReport {
    /// Customers given back exactly what they had before.
    pub restored: u32,
    /// Customers changed since (edited, restored, merged, or by a later bulk
    /// change): left as they are.
    pub kept: u32,
    /// Customers deleted for good since.
    pub gone: u32,
}

/// One remembered bulk change, for the history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkChange {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: BulkKind,
    /// The tags added or removed.
    pub tags: Vec<String>,
    /// The cycle set (`None` with `setContactCycle`: cleared).
    pub contact_cycle_days: Option<u32>,
    pub customers: u32,
    pub made_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

/// The SQL condition on `c` for a selection, and its parameters.
fn selection_filter(sel: &CustomerSelection) -> (String, Vec<Value>) {
    let ids = Value::Text(serde_json::to_string(&sel.ids).expect("ids serialise"));
    if sel.all_matching {
        let (mut filter, mut params) = filter_sql(&sel.query);
        if !sel.ids.is_empty() {
            filter.push_str(" AND c.id NOT IN (SELECT value FROM json_each(?))");
            params.push(ids);
        }
        (filter, params)
    } else {
        let place = if sel.query.trash {
            "c.deleted_at IS NOT NULL"
        } else {
            "c.deleted_at IS NULL"
        };
        (
            format!("{place} AND c.id IN (SELECT value FROM json_each(?))"),
            vec![ids],
        )
    }
}

/// Fills `temp.bulk_ids` with the live customers selected; returns how many.
/// Bulk changes act on live customers only (the trash has restore and purge).
fn select(tx: &Connection, sel: &CustomerSelection) -> Result<u32> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_ids (id INTEGER PRIMARY KEY);
         DELETE FROM temp.bulk_ids;",
    )?;
    let (filter, params) = selection_filter(sel);
    let n = tx.execute(
        &format!(
            "INSERT INTO temp.bulk_ids (id)
             SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND {filter}"
        ),
        params_from_iter(&params),
    )?;
    Ok(n as u32)
}

fn count(tx: &Connection, table: &str) -> Result<u32> {
    Ok(
        tx.query_row(&format!("SELECT count(*) FROM temp.{table}"), [], |r| {
            r.get(0)
        })?,
    )
}

/// Rewrites the search bodies of the customers in `temp.<table>`. The
/// bodies (pinyin of every name) are the costly part of a bulk change of
/// tags, so they are made on all cores.
fn reindex(tx: &Connection, table: &str) -> Result<()> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers c WHERE c.id IN (SELECT id FROM temp.{table})"
    );
    let mut customers = Vec::new();
    stream_customers(tx, &sql, [], |c| {
        customers.push(c);
        Ok(())
    })?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = customers.len().div_ceil(threads).max(1);
    let bodies: Vec<(i64, String)> = std::thread::scope(|s| {
        let parts: Vec<_> = customers
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|c| (c.id, search_body(&ValidCustomer::from(c))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("search bodies are made without panics"))
            .collect()
    });
    let mut write =
        tx.prepare_cached("INSERT OR REPLACE INTO customer_search (id, body) VALUES (?1, ?2)")?;
    for (id, body) in bodies {
        write.execute(params![id, body])?;
    }
    Ok(())
}

/// Tags no customer uses any more leave the tag filter.
fn drop_unused_tags(tx: &Connection) -> Result<()> {
    tx.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM customer_tags)",
        [],
    )?;
    Ok(())
}

fn apply(
    tx: &Transaction,
    sel: &CustomerSelection,
    action: &Valid,
    now: DateTime<Utc>,
) -> Result<BulkReport> {
    let selected = select(tx, sel)?;
    // Keep only the customers the change alters, so undo and "changed since"
    // concern just them.
    let unchanged: Option<(&str, Value)> = match action {
        Valid::AddTags(tags) => Some((
            "(SELECT count(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
              WHERE ct.customer_id = bulk_ids.id AND t.name IN (SELECT value FROM json_each(?1)))
             = json_array_length(?1)",
            Value::Text(serde_json::to_string(tags).expect("tags serialise")),
        )),
        Valid::RemoveTags(tags) => Some((
            "NOT EXISTS (SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
              WHERE ct.customer_id = bulk_ids.id AND t.name IN (SELECT value FROM json_each(?1)))",
            Value::Text(serde_json::to_string(tags).expect("tags serialise")),
        )),
        Valid::SetContactCycle(days) => Some((
            "(SELECT contact_cycle_days FROM customers WHERE id = bulk_ids.id) IS ?1",
            days.map_or(Value::Null, |d| Value::Integer(d.into())),
        )),
        Valid::Trash => None, // every selected customer is live
    };
    if let Some((condition, arg)) = unchanged {
        tx.execute(
            &format!("DELETE FROM temp.bulk_ids WHERE {condition}"),
            [arg],
        )?;
    }
    let changed = count(tx, "bulk_ids")?;
    if changed == 0 {
        return Ok(BulkReport {
            batch_id: None,
            selected,
            changed,
        });
    }
    if let Valid::AddTags(tags) = action {
        // The form's limit holds for every customer: refuse the whole change.
        let over: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.bulk_ids s WHERE
               (SELECT count(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
                WHERE ct.customer_id = s.id AND t.name NOT IN (SELECT value FROM json_each(?1)))
               + json_array_length(?1) > ?2)",
            params![
                serde_json::to_string(tags).expect("tags serialise"),
                MAX_TAGS as i64
            ],
            |r| r.get(0),
        )?;
        if over {
            return Err(Error::Validation(vec![
                FieldError::new("tags", "tooMany").limit(MAX_TAGS as u32)
            ]));
        }
    }

    let now = ts(now);
    tx.execute(
        "INSERT INTO change_batches (kind, detail, customers, made_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            action.kind().as_str(),
            serde_json::to_string(&action.detail()).expect("detail serialises"),
            changed,
            now
        ],
    )?;
    let batch = tx.last_insert_rowid();
    tx.execute(
        &format!(
            "INSERT INTO change_rows (batch_id, entity, row_id, before)
             SELECT ?1, 'customer', c.id, json_object(
                 'tags', json({}), 'contactCycleDays', c.contact_cycle_days,
                 'updatedAt', c.updated_at, 'deletedAt', c.deleted_at)
             FROM customers c JOIN temp.bulk_ids s ON s.id = c.id",
            tags_json!()
        ),
        [batch],
    )?;

    match action {
        Valid::AddTags(tags) => {
            for tag in tags {
                // The first spelling of a tag wins, as in the form.
                tx.execute(
                    "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
                    [tag],
                )?;
                tx.execute(
                    "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id)
                     SELECT s.id, t.id FROM temp.bulk_ids s, tags t WHERE t.name = ?1",
                    [tag],
                )?;
            }
        }
        Valid::RemoveTags(tags) => {
            tx.execute(
                "DELETE FROM customer_tags
                 WHERE customer_id IN (SELECT id FROM temp.bulk_ids)
                   AND tag_id IN (SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?1)))",
                [serde_json::to_string(tags).expect("tags serialise")],
            )?;
            drop_unused_tags(tx)?;
        }
        Valid::SetContactCycle(days) => {
            tx.execute(
                "UPDATE customers SET contact_cycle_days = ?1, updated_at = ?2
                 WHERE id IN (SELECT id FROM temp.bulk_ids)",
                params![days, now],
            )?;
        }
        Valid::Trash => {
            tx.execute(
                "UPDATE customers SET deleted_at = ?1 WHERE id IN (SELECT id FROM temp.bulk_ids)",
                [&now],
            )?;
        }
    }
    if matches!(action, Valid::AddTags(_) | Valid::RemoveTags(_)) {
        // Moving to the trash leaves `updated_at` alone, as for one customer.
        tx.execute(
            "UPDATE customers SET updated_at = ?1 WHERE id IN (SELECT id FROM temp.bulk_ids)",
            [&now],
        )?;
    }
    if matches!(action, Valid::AddTags(_) | Valid::RemoveTags(_)) {
        reindex(tx, "bulk_ids")?;
    }
    Ok(BulkReport {
        batch_id: Some(batch),
        selected,
        changed,
    })
}

fn undo(tx: &Transaction, batch: i64, now: DateTime<Utc>) -> Result<BulkUndoReport> {
    let found: Option<(String, String, Option<String>)> = tx
        .query_row(
            "SELECT kind, made_at, undone_at FROM change_batches WHERE id = ?1",
            [batch],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    // Merges are undone by their own code; to this one they do not exist.
    let Some((kind, made_at, undone)) =
        found.and_then(|(k, m, u)| Some((BulkKind::parse(&k)?, m, u)))
    else {
        return Err(Error::BulkChangeNotFound(batch));
    };
    if undone.is_some() {
        return Err(Error::BulkChangeAlreadyUndone(batch));
    }
    // The change wrote this time into every customer it changed; a different
    // one means someone changed them since.
    let mark = if kind == BulkKind::Trash {
        "c.deleted_at"
    } else {
        "c.updated_at"
    };
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_undo (id INTEGER PRIMARY KEY, before TEXT NOT NULL);
         DELETE FROM temp.bulk_undo;",
    )?;
    tx.execute(
        &format!(
            "INSERT INTO temp.bulk_undo (id, before)
             SELECT r.row_id, r.before FROM change_rows r JOIN customers c ON c.id = r.row_id
             WHERE r.batch_id = ?1 AND r.entity = 'customer' AND {mark} = ?2
               AND c.merged_into IS NULL"
        ),
        params![batch, made_at],
    )?;
    let (recorded, existing): (u32, u32) = tx.query_row(
        "SELECT count(*), count(c.id) FROM change_rows r LEFT JOIN customers c ON c.id = r.row_id
         WHERE r.batch_id = ?1 AND r.entity = 'customer'",
        [batch],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let restored = count(tx, "bulk_undo")?;

    match kind {
        BulkKind::AddTags | BulkKind::RemoveTags => {
            tx.execute_batch(
                "DELETE FROM customer_tags WHERE customer_id IN (SELECT id FROM temp.bulk_undo);
                 INSERT INTO tags (name)
                   SELECT j.value FROM temp.bulk_undo u, json_each(u.before, '$.tags') j WHERE true
                   ON CONFLICT (name) DO NOTHING;
                 INSERT OR IGNORE INTO customer_tags (customer_id, tag_id)
                   SELECT u.id, t.id FROM temp.bulk_undo u, json_each(u.before, '$.tags') j
                   JOIN tags t ON t.name = j.value;
                 UPDATE customers SET updated_at = json_extract(u.before, '$.updatedAt')
                   FROM temp.bulk_undo u WHERE customers.id = u.id;",
            )?;
            reindex(tx, "bulk_undo")?;
            drop_unused_tags(tx)?;
        }
        BulkKind::SetContactCycle => {
            tx.execute_batch(
                "UPDATE customers SET
                   contact_cycle_days = json_extract(u.before, '$.contactCycleDays'),
                   updated_at = json_extract(u.before, '$.updatedAt')
                 FROM temp.bulk_undo u WHERE customers.id = u.id;",
            )?;
        }
        BulkKind::Trash => {
            tx.execute_batch(
                "UPDATE customers SET deleted_at = json_extract(u.before, '$.deletedAt')
                 FROM temp.bulk_undo u WHERE customers.id = u.id;",
            )?;
        }
    }
    tx.execute(
        "UPDATE change_batches SET undone_at = ?2 WHERE id = ?1",
        params![batch, ts(now)],
    )?;
    Ok(BulkUndoReport {
        restored,
        kept: existing - restored,
        gone: recorded - existing,
    })
}

fn list(conn: &Connection) -> Result<Vec<BulkChange>> {
    let kinds: Vec<&str> = BulkKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut stmt = conn.prepare(
        "SELECT id, kind, detail, customers, made_at, undone_at FROM change_batches
         WHERE kind IN (SELECT value FROM json_each(?1)) ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(
        [serde_json::to_string(&kinds).expect("kinds serialise")],
        |r| {
            let kind: String = r.get(1)?;
            let detail: Detail = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default();
            Ok(BulkChange {
                id: r.get(0)?,
                kind: BulkKind::parse(&kind).expect("filtered to bulk kinds"),
                tags: detail.tags,
                contact_cycle_days: detail.contact_cycle_days,
                customers: r.get(3)?,
                made_at: read_ts(r, 4)?,
                undone_at: read_opt_ts(r, 5)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The page cache while a bulk change writes: it rewrites up to every
/// customer row and their index entries, and with SQLite's default 2 MB the
/// pages are spilled and read back again and again (as for the demo, see
/// `demo.rs`). Put back afterwards, for the app's connection.
const BULK_CACHE_KIB: i64 = -128 * 1024;

impl Db {
    fn with_big_cache<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let cache: i64 =
            self.read(|c| Ok(c.pragma_query_value(None, "cache_size", |r| r.get(0))?))?;
        self.read(|c| Ok(c.pragma_update(None, "cache_size", BULK_CACHE_KIB)?))?;
        let out = f();
        self.read(|c| Ok(c.pragma_update(None, "cache_size", cache)?))?;
        out
    }

    /// Does `action` to every selected live customer, in one transaction:
    /// all of them or, if anything fails, none.
    pub fn bulk_change(&self, sel: &CustomerSelection, action: &BulkAction) -> Result<BulkReport> {
        let valid = validate(action)?;
        let now = self.now();
        self.with_big_cache(|| self.write(|tx| apply(tx, sel, &valid, now)))
    }

    pub fn bulk_add_tags(&self, sel: &CustomerSelection, tags: &[String]) -> Result<BulkReport> {
        self.bulk_change(
            sel,
            &BulkAction::AddTags {
                tags: tags.to_vec(),
            },
        )
    }

    pub fn bulk_remove_tags(&self, sel: &CustomerSelection, tags: &[String]) -> Result<BulkReport> {
        self.bulk_change(
            sel,
            &BulkAction::RemoveTags {
                tags: tags.to_vec(),
            },
        )
    }

    /// `days` as typed in the form: whole days, or empty to clear the cycle.
    pub fn bulk_set_contact_cycle(
        &self,
        sel: &CustomerSelection,
        days: &str,
    ) -> Result<BulkReport> {
        self.bulk_change(sel, &BulkAction::SetContactCycle { days: days.into() })
    }

    pub fn bulk_trash(&self, sel: &CustomerSelection) -> Result<BulkReport> {
        self.bulk_change(sel, &BulkAction::Trash)
    }

    /// Takes a bulk change back, in one transaction (see the module's notes
    /// for customers changed since).
    pub fn undo_bulk(&self, batch: i64) -> Result<BulkUndoReport> {
        let now = self.now();
        self.with_big_cache(|| self.write(|tx| undo(tx, batch, now)))
    }

    /// Past bulk changes, newest first (merges are listed by their own code).
    pub fn list_bulk_changes(&self) -> Result<Vec<BulkChange>> {
        self.read(list)
    }

    /// How many customers a selection holds now (what the bulk bar shows
    /// for "all matching").
    pub fn count_selection(&self, sel: &CustomerSelection) -> Result<u32> {
        let (filter, params) = selection_filter(sel);
        self.read(|conn| {
            Ok(conn.query_row(
                &format!("SELECT count(*) FROM customers c WHERE {filter}"),
                params_from_iter(&params),
                |r| r.get(0),
            )?)
        })
    }
}

/// Writes the selected customers to an .xlsx file, in the list's order.
pub fn export_selection(
    db: &Db,
    sel: &CustomerSelection,
    lang: Lang,
    path: &std::path::Path,
) -> Result<ExportReport> {
    let (filter, params) = selection_filter(sel);
    crate::export::export_with(db, lang, path, |conn, f| {
        for_each_customer_where(conn, &filter, &params, &sel.query, f)
    })
}
