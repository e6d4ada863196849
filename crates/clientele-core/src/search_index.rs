//! The in-memory search index behind search as you type: every customer's
//! search body and sort keys, so a keystroke is one pass over memory instead
//! of a table scan plus a lookup per match.
//!
//! It is kept in step with the database by SQLite's own change hooks: any
//! committed change to a customer (by any code path, in any transaction)
//! marks that customer stale, and the next search re-reads just those rows.
//! Changes rolled back are forgotten. The database stays the only truth.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rusqlite::hooks::Action;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{CustomerQuery, SortDir, SortField};
use crate::search::{query_terms, Matcher};

/// Past this many stale customers, reloading everything is cheaper.
const FULL_RELOAD_AFTER: usize = 20_000;

struct Entry {
    id: i64,
    name: Box<str>,
    created: Box<str>,
    updated: Box<str>,
    deleted: Option<Box<str>>,
    body: Box<str>,
    /// Merged into another customer: in neither the list nor the trash.
    merged: bool,
}

#[derive(Default)]
pub struct SearchIndex {
    /// Sorted by id.
    entries: Vec<Entry>,
    loaded: bool,
}

/// Customers changed by transactions: pending until commit, then stale.
#[derive(Default)]
pub struct ChangeLog {
    pending: HashSet<i64>,
    stale: HashSet<i64>,
    reload_all: bool,
}

pub type SharedChangeLog = Arc<Mutex<ChangeLog>>;

fn lock(log: &SharedChangeLog) -> std::sync::MutexGuard<'_, ChangeLog> {
    log.lock().unwrap_or_else(|p| p.into_inner())
}

/// Installs the hooks that record which customers each commit changed.
pub fn watch(conn: &mut Connection) -> Result<SharedChangeLog> {
    let log: SharedChangeLog = Arc::default();
    let on_change = log.clone();
    conn.update_hook(Some(move |_: Action, _: &str, table: &str, rowid: i64| {
        if table == "customers" || table == "customer_search" {
            lock(&on_change).pending.insert(rowid);
        }
    }))?;
    let on_commit = log.clone();
    conn.commit_hook(Some(move || {
        let mut log = lock(&on_commit);
        let pending = std::mem::take(&mut log.pending);
        log.stale.extend(pending);
        false // let the commit go ahead
    }))?;
    let on_rollback = log.clone();
    conn.rollback_hook(Some(move || lock(&on_rollback).pending.clear()))?;
    Ok(log)
}

/// Forces a full reload at the next search, for changes the hooks cannot see
/// (SQLite skips them for `DELETE` without `WHERE`, and for a restored file).
pub fn invalidate(log: &SharedChangeLog) {
    lock(log).reload_all = true;
}

const ENTRY_SQL: &str = "SELECT c.id, c.name, c.created_at, c.updated_at, c.deleted_at, s.body,
            c.merged_into IS NOT NULL
     FROM customers c JOIN customer_search s ON s.id = c.id";

fn entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        name: r.get::<_, String>(1)?.into(),
        created: r.get::<_, String>(2)?.into(),
        updated: r.get::<_, String>(3)?.into(),
        deleted: r.get::<_, Option<String>>(4)?.map(Into::into),
        body: r.get::<_, String>(5)?.into(),
        merged: r.get(6)?,
    })
}

impl SearchIndex {
    /// Brings the index up to date with what has been committed.
    pub fn refresh(&mut self, conn: &Connection, log: &SharedChangeLog) -> Result<()> {
        let (stale, reload_all) = {
            let mut log = lock(log);
            (
                std::mem::take(&mut log.stale),
                std::mem::take(&mut log.reload_all),
            )
        };
        if !self.loaded || reload_all || stale.len() > FULL_RELOAD_AFTER {
            let mut stmt = conn.prepare(&format!("{ENTRY_SQL} ORDER BY c.id"))?;
            self.entries = stmt
                .query_map([], entry)?
                .collect::<rusqlite::Result<_>>()?;
            self.loaded = true;
            return Ok(());
        }
        if stale.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = stale.into_iter().collect();
        let mut fresh: Vec<Entry> = conn
            .prepare_cached(&format!(
                "{ENTRY_SQL} WHERE c.id IN (SELECT value FROM json_each(?1))"
            ))?
            .query_map([serde_json::to_string(&ids).expect("ids serialise")], entry)?
            .collect::<rusqlite::Result<_>>()?;
        let found: HashSet<i64> = fresh.iter().map(|e| e.id).collect();
        for id in ids.iter().filter(|id| !found.contains(id)) {
            if let Ok(at) = self.entries.binary_search_by_key(id, |e| e.id) {
                self.entries.remove(at);
            }
        }
        for e in fresh.drain(..) {
            match self.entries.binary_search_by_key(&e.id, |x| x.id) {
                Ok(at) => self.entries[at] = e,
                Err(at) => self.entries.insert(at, e),
            }
        }
        Ok(())
    }

    /// How many customers match `q`, and the ids of the requested page in
    /// list order. `only` restricts to a set of ids (a tag's customers).
    pub fn find(
        &self,
        q: &CustomerQuery,
        only: Option<&HashSet<i64>>,
        limit: u32,
    ) -> (u32, Vec<i64>) {
        let matcher = Matcher::new(&query_terms(&q.search));
        let mut hits: Vec<(&str, i64)> = self
            .entries
            .iter()
            .filter(|e| e.deleted.is_some() == q.trash && !e.merged)
            .filter(|e| only.is_none_or(|ids| ids.contains(&e.id)))
            .filter(|e| matcher.is_match(&e.body))
            .map(|e| {
                let key: &str = match (q.trash, q.sort) {
                    (true, _) => e.deleted.as_deref().unwrap_or(""),
                    (false, SortField::Name) => &e.name,
                    (false, SortField::Created) => &e.created,
                    (false, SortField::Updated) => &e.updated,
                };
                (key, e.id)
            })
            .collect();
        let total = hits.len() as u32;
        let start = (q.offset as usize).min(hits.len());
        let end = (start + limit as usize).min(hits.len());
        if end == start {
            return (total, vec![]);
        }
        let cmp = |a: &(&str, i64), b: &(&str, i64)| compare(a, b, q.dir);
        // Only the page needs to be in order: partition around it, sort it.
        hits.select_nth_unstable_by(end - 1, cmp);
        let head = &mut hits[..end];
        if start > 0 {
            head.select_nth_unstable_by(start, cmp);
        }
        head[start..].sort_unstable_by(cmp);
        (total, head[start..].iter().map(|h| h.1).collect())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The order of SQL's `ORDER BY key COLLATE NOCASE, id` (NOCASE folds ASCII
/// only, as SQLite does), so the list on screen and the export agree.
fn compare(a: &(&str, i64), b: &(&str, i64), dir: SortDir) -> std::cmp::Ordering {
    let ord =
        a.0.bytes()
            .map(|b| b.to_ascii_lowercase())
            .cmp(b.0.bytes().map(|b| b.to_ascii_lowercase()))
            .then(a.1.cmp(&b.1));
    match dir {
        SortDir::Asc => ord,
        SortDir::Desc => ord.reverse(),
    }
}
