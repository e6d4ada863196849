//! The in-memory search index behind search as you type: every customer's
//! search body, rank keys and sort keys, so a keystroke is one pass over
//! memory instead of a table scan plus a lookup per match.
//!
//! The bodies sit back to back in one buffer (each followed by a NUL, which
//! no query holds), so a term is looked for across all of them in one
//! vectorised substring search that skips to the next body after each hit,
//! rather than one search per customer. A changed customer's old body is
//! left in place as dead and the new one appended; the buffer is compacted
//! when the dead part grows as large as the live one.
//!
//! It is kept in step with the database by SQLite's own change hooks: any
//! committed change to a customer (by any code path, in any transaction)
//! marks that customer stale, and the next search re-reads just those rows.
//! Changes rolled back are forgotten. The database stays the only truth.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rusqlite::hooks::Action;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{CustomerQuery, SortDir, SortField};
use crate::search::{query_terms, RankKeys, Ranker};

/// Past this many stale customers, reloading everything is cheaper.
const FULL_RELOAD_AFTER: usize = 20_000;

/// One stored body. Slots are in buffer order; a replaced one turns dead.
struct Slot {
    id: i64,
    /// The body is `text[start..start + len]`, then a NUL.
    start: usize,
    len: u32,
    state: State,
    /// Rank keys: `key_offsets[keys..]`, words, then spellings, then phones.
    keys: u32,
    words: u8,
    spellings: u8,
    phones: u8,
    /// Where the ranked part of the body ends (see `RankKeys::head_end`).
    head_end: u32,
    /// The name, as stored (SQL sorts the raw name): `names[name..name + name_len]`.
    name: u32,
    name_len: u32,
    /// Sort keys: the name's first 8 bytes (ASCII case folded, as NOCASE
    /// does), and times in milliseconds; ties fall back to the full name and id.
    name_key: u64,
    created: i64,
    updated: i64,
    deleted: i64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Live,
    Trashed,
    Dead,
}

#[derive(Default)]
pub struct SearchIndex {
    text: Vec<u8>,
    slots: Vec<Slot>,
    /// Where each slot's body ends (its NUL), apart from the slots: a hit is
    /// placed by searching these, and they stay in cache where slots would not.
    ends: Vec<usize>,
    key_offsets: Vec<u16>,
    names: String,
    /// Customer id → its (not dead) slot.
    by_id: HashMap<i64, u32>,
    dead_bytes: usize,
    loaded: bool,
    /// How common each byte is in the bodies (see [`ByteRank`]).
    byte_rank: ByteRank,
}

/// Each byte's frequency rank in the bodies themselves, for the substring
/// search's prefilter, which looks for a needle's two rarest bytes first. Its
/// built-in table is for English text; in pinyin-heavy bodies `a`, `n`, `g`
/// and `h` are far more common, and picking them made scans several times
/// slower. Measured when the index loads; later edits barely move it.
#[derive(Clone)]
struct ByteRank([u8; 256]);

impl Default for ByteRank {
    fn default() -> Self {
        ByteRank([128; 256])
    }
}

impl ByteRank {
    fn of(text: &[u8]) -> ByteRank {
        let mut counts = [0u64; 256];
        for &b in text {
            counts[b as usize] += 1;
        }
        let mut order: Vec<u8> = (0..=255).collect();
        order.sort_by_key(|&b| counts[b as usize]);
        let mut rank = [0u8; 256];
        for (r, b) in order.into_iter().enumerate() {
            rank[b as usize] = r as u8;
        }
        ByteRank(rank)
    }
}

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for &ByteRank {
    fn rank(&self, byte: u8) -> u8 {
        self.0[byte as usize]
    }
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

/// The first 8 bytes of `s`, ASCII lower-cased, as a big-endian number:
/// comparing these orders as `COLLATE NOCASE` does, up to ties.
fn name_key(s: &str) -> u64 {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(s.bytes()) {
        *k = b.to_ascii_lowercase();
    }
    u64::from_be_bytes(key)
}

/// A stored time (always `…T…:….sssZ`, so its text order is its time order)
/// in milliseconds.
fn millis(s: &str) -> i64 {
    crate::stored_time::parse(s).map_or(i64::MIN, |t| t.timestamp_millis())
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
            *self = SearchIndex::default();
            let mut stmt = conn.prepare(&format!("{ENTRY_SQL} ORDER BY c.id"))?;
            let mut rows = stmt.query([])?;
            let mut keys = RankKeys::default();
            while let Some(r) = rows.next()? {
                self.append(r, &mut keys)?;
            }
            self.loaded = true;
            self.byte_rank = ByteRank::of(&self.text);
            return Ok(());
        }
        if stale.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = stale.into_iter().collect();
        for id in &ids {
            if let Some(slot) = self.by_id.remove(id) {
                let slot = &mut self.slots[slot as usize];
                slot.state = State::Dead;
                self.dead_bytes += slot.len as usize + 1;
            }
        }
        let mut stmt = conn.prepare_cached(&format!(
            "{ENTRY_SQL} WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut rows = stmt.query([serde_json::to_string(&ids).expect("ids serialise")])?;
        let mut keys = RankKeys::default();
        while let Some(r) = rows.next()? {
            self.append(r, &mut keys)?;
        }
        if self.dead_bytes > self.text.len() / 2 {
            self.compact();
        }
        Ok(())
    }

    /// Adds one row of `ENTRY_SQL` at the end.
    fn append(&mut self, r: &rusqlite::Row, keys: &mut RankKeys) -> Result<()> {
        // Merged into another customer: in neither the list nor the trash
        // (until the merge is undone, which marks the row changed again).
        if r.get::<_, bool>(6)? {
            return Ok(());
        }
        let id: i64 = r.get(0)?;
        let name: String = r.get(1)?;
        let deleted: Option<String> = r.get(4)?;
        let body: String = r.get(5)?;
        keys.read(body.as_bytes());
        let slot = Slot {
            id,
            start: self.text.len(),
            len: body.len() as u32,
            state: if deleted.is_some() {
                State::Trashed
            } else {
                State::Live
            },
            keys: self.key_offsets.len() as u32,
            words: keys.words.len() as u8,
            spellings: keys.spellings.len() as u8,
            phones: keys.phones.len() as u8,
            head_end: keys.head_end as u32,
            name: self.names.len() as u32,
            name_len: name.len() as u32,
            name_key: name_key(&name),
            created: millis(&r.get::<_, String>(2)?),
            updated: millis(&r.get::<_, String>(3)?),
            deleted: deleted.as_deref().map_or(i64::MIN, millis),
        };
        self.text.extend_from_slice(body.as_bytes());
        self.ends.push(self.text.len());
        self.text.push(0);
        self.key_offsets.extend_from_slice(&keys.words);
        self.key_offsets.extend_from_slice(&keys.spellings);
        self.key_offsets.extend_from_slice(&keys.phones);
        self.names.push_str(&name);
        self.by_id.insert(id, self.slots.len() as u32);
        self.slots.push(slot);
        Ok(())
    }

    /// Drops dead bodies from the buffer.
    fn compact(&mut self) {
        let old = std::mem::take(self);
        self.loaded = old.loaded;
        self.byte_rank = old.byte_rank.clone();
        self.text.reserve(old.text.len() - old.dead_bytes);
        for s in old.slots.iter().filter(|s| s.state != State::Dead) {
            let keys = s.keys as usize;
            let nkeys = s.words as usize + s.spellings as usize + s.phones as usize;
            let name = &old.names[s.name as usize..(s.name + s.name_len) as usize];
            self.by_id.insert(s.id, self.slots.len() as u32);
            self.slots.push(Slot {
                start: self.text.len(),
                keys: self.key_offsets.len() as u32,
                name: self.names.len() as u32,
                ..*s
            });
            self.text
                .extend_from_slice(&old.text[s.start..s.start + s.len as usize]);
            self.ends.push(self.text.len());
            self.text.push(0);
            self.key_offsets
                .extend_from_slice(&old.key_offsets[keys..keys + nkeys]);
            self.names.push_str(name);
        }
    }

    fn body(&self, s: &Slot) -> &[u8] {
        &self.text[s.start..s.start + s.len as usize]
    }

    fn name(&self, s: &Slot) -> &str {
        &self.names[s.name as usize..(s.name + s.name_len) as usize]
    }

    fn tier(&self, ranker: &Ranker, s: &Slot) -> u8 {
        let k = s.keys as usize;
        let (w, sp, ph) = (s.words as usize, s.spellings as usize, s.phones as usize);
        ranker.tier_at(
            self.body(s),
            &self.key_offsets[k..k + w],
            &self.key_offsets[k + w..k + w + sp],
            &self.key_offsets[k + w + sp..k + w + sp + ph],
        )
    }

    /// How many customers match `q`, and the ids of the requested page in
    /// list order: best matches first ([`crate::search::tier`]), then by the
    /// chosen sort. `only` restricts to a set of ids (a tag's customers).
    pub fn find(
        &self,
        q: &CustomerQuery,
        only: Option<&HashSet<i64>>,
        limit: u32,
    ) -> (u32, Vec<i64>) {
        let terms = query_terms(&q.search);
        let ranker = Ranker::new(&terms);
        let want = if q.trash { State::Trashed } else { State::Live };
        let sort_key = |s: &Slot| -> u64 {
            let time = |t: i64| (t as u64) ^ (1 << 63); // order-preserving
            match (q.trash, q.sort) {
                (true, _) => time(s.deleted),
                (false, SortField::Name) => s.name_key,
                (false, SortField::Created) => time(s.created),
                (false, SortField::Updated) => time(s.updated),
            }
        };
        let by_name = !q.trash && q.sort == SortField::Name;
        let cmp = |a: &Hit, b: &Hit| {
            a.tier.cmp(&b.tier).then_with(|| {
                let ord = a.key.cmp(&b.key).then_with(|| {
                    let (sa, sb) = (&self.slots[a.slot as usize], &self.slots[b.slot as usize]);
                    let names = if by_name {
                        nocase(self.name(sa), self.name(sb))
                    } else {
                        Ordering::Equal
                    };
                    names.then(sa.id.cmp(&sb.id))
                });
                match q.dir {
                    SortDir::Asc => ord,
                    SortDir::Desc => ord.reverse(),
                }
            })
        };
        // Only the best `wanted` hits can be on the page: keep a buffer of
        // candidates, and when it fills, cut it to those and let the worst
        // of them bar later hits (a one-letter query matches most of the book).
        let wanted = (q.offset as usize + limit as usize).max(1);
        let cap = (wanted * 4).max(4096);
        let mut hits: Vec<Hit> = Vec::new();
        let mut bar: Option<Hit> = None;
        let mut total: u32 = 0;
        let mut keep = |slot: u32, first_at: usize| {
            let s = &self.slots[slot as usize];
            if s.state != want || only.is_some_and(|ids| !ids.contains(&s.id)) {
                return;
            }
            // Every rank key that holds the query holds all its terms.
            let tier = if first_at >= s.head_end as usize {
                crate::search::tier::OTHER
            } else {
                self.tier(&ranker, s)
            };
            total += 1;
            let hit = Hit {
                tier,
                key: sort_key(s),
                slot,
            };
            if bar.is_some_and(|b| cmp(&hit, &b) != Ordering::Less) {
                return;
            }
            hits.push(hit);
            if hits.len() >= cap {
                hits.select_nth_unstable_by(wanted - 1, cmp);
                hits.truncate(wanted);
                bar = Some(hits[wanted - 1]);
            }
        };
        match terms.iter().max_by_key(|t| t.len()) {
            None => {
                for slot in 0..self.slots.len() as u32 {
                    keep(slot, usize::MAX);
                }
            }
            Some(longest) => {
                // The longest term drives the scan; the others are checked
                // within each body it is found in.
                let finder = |t: &String| {
                    memchr::memmem::FinderBuilder::new()
                        .build_forward_with_ranker(&self.byte_rank, t.as_bytes())
                        .into_owned()
                };
                let driver = finder(longest);
                let others: Vec<_> = terms.iter().filter(|t| *t != longest).map(finder).collect();
                let mut from = 0;
                let mut slot = 0;
                while let Some(found) = driver.find(&self.text[from..]) {
                    let at = from + found;
                    slot = self.slot_at(slot, at);
                    let s = &self.slots[slot];
                    let body = self.body(s);
                    if others.iter().all(|f| f.find(body).is_some()) {
                        // Where the last of the terms is first found: past the
                        // ranked part, some term is not in it, so no key is.
                        let first = others
                            .iter()
                            .filter_map(|f| f.find(body))
                            .fold(at - s.start, usize::max);
                        keep(slot as u32, first);
                    }
                    from = s.start + s.len as usize + 1;
                }
            }
        }
        let start = (q.offset as usize).min(hits.len());
        let end = (start + limit as usize).min(hits.len());
        if end == start {
            return (total, vec![]);
        }
        // Only the page needs to be in order: partition around it, sort it.
        hits.select_nth_unstable_by(end - 1, cmp);
        let head = &mut hits[..end];
        if start > 0 {
            head.select_nth_unstable_by(start, cmp);
        }
        head[start..].sort_unstable_by(cmp);
        let ids = head[start..]
            .iter()
            .map(|h| self.slots[h.slot as usize].id)
            .collect();
        (total, ids)
    }

    /// The slot whose body holds byte `at`, searching from slot `from` on:
    /// hits come in buffer order, so gallop ahead, then bisect the last step.
    fn slot_at(&self, from: usize, at: usize) -> usize {
        let ends = &self.ends[from..];
        let (mut lo, mut hi) = (0, 1);
        while hi < ends.len() && ends[hi - 1] < at {
            lo = hi;
            hi = (hi * 2).min(ends.len());
        }
        from + lo + ends[lo..hi].partition_point(|&end| end < at)
    }

    /// How many customers (live and trashed) the index holds.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// A match: its tier, its sort key, and its slot.
#[derive(Clone, Copy)]
struct Hit {
    tier: u8,
    key: u64,
    slot: u32,
}

/// SQL's `COLLATE NOCASE` (ASCII case folded only, as SQLite does), so the
/// list on screen and the export agree.
fn nocase(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
}
