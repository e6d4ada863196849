//! "Not the same person": pairs of customers the owner has looked at in
//! "find duplicates" and said are different people (a couple sharing the
//! shop's phone, two namesakes), so the search stops grouping them. A pair
//! is only marked, never merged or changed; unmarking it (Undo) brings the
//! group back.

use std::collections::HashSet;

use rusqlite::{params, Connection};

use crate::customers::require_live_customer;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::stored_time::ts;

/// A pair as stored: the smaller id first.
pub type Pair = [i64; 2];

fn pair(a: i64, b: i64) -> Pair {
    [a.min(b), a.max(b)]
}

/// Every two of `ids` (repeats ignored), each pair once, smaller id first.
pub fn pairs_among(ids: &[i64]) -> Vec<Pair> {
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for &id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    unique
        .iter()
        .enumerate()
        .flat_map(|(x, &a)| unique[x + 1..].iter().map(move |&b| pair(a, b)))
        .collect()
}

/// Every pair marked as different people.
pub(crate) fn marked_pairs(conn: &Connection) -> Result<HashSet<Pair>> {
    let mut stmt = conn.prepare("SELECT a, b FROM distinct_customers")?;
    let pairs = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?]))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// Whether `a` and `b` were marked as different people.
pub(crate) fn apart(marked: &HashSet<Pair>, a: i64, b: i64) -> bool {
    marked.contains(&pair(a, b))
}

impl Db {
    /// Marks every two of `ids` (live customers) as different people, in one
    /// transaction. Returns the pairs newly marked, for [`Db::unmark_not_duplicates`].
    pub fn mark_not_duplicates(&self, ids: &[i64]) -> Result<Vec<Pair>> {
        let pairs = pairs_among(ids);
        if pairs.is_empty() {
            return Err(Error::NotDuplicatesNeedsTwo);
        }
        let now = ts(self.now());
        self.write(|tx| {
            for &id in ids {
                require_live_customer(tx, id)?;
            }
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO distinct_customers (a, b, created_at) VALUES (?1, ?2, ?3)",
            )?;
            let mut added = Vec::new();
            for [a, b] in pairs {
                if insert.execute(params![a, b, now])? > 0 {
                    added.push([a, b]);
                }
            }
            Ok(added)
        })
    }

    /// Takes back marks made by [`Db::mark_not_duplicates`] (its Undo).
    pub fn unmark_not_duplicates(&self, pairs: &[Pair]) -> Result<()> {
        self.write(|tx| {
            let mut delete =
                tx.prepare_cached("DELETE FROM distinct_customers WHERE a = ?1 AND b = ?2")?;
            for &[a, b] in pairs {
                let [a, b] = pair(a, b);
                delete.execute(params![a, b])?;
            }
            Ok(())
        })
    }
}
