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

use memchr::memmem::{Finder, FinderBuilder};
use rusqlite::hooks::Action;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{CustomerQuery, SortDir, SortField};
use crate::search::{query_terms, RankKeys, Ranker};

/// Past this many stale customers, reloading everything is cheaper.
const FULL_RELOAD_AFTER: usize = 20_000;

/// A search runs on at most this many threads (one per core)...
const MAX_THREADS: usize = 4;
/// ...each given at least this many customers (fewer are not worth a thread).
const MIN_RUN: usize = 40_000;

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
    ///
    /// A big book is cut into a few runs of slots scanned on their own
    /// threads (a one-letter query matches most of it, and one core cannot
    /// pull a million bodies through memory within a keystroke); each keeps
    /// its best hits and count, and the page is picked from their union.
    pub fn find(
        &self,
        q: &CustomerQuery,
        only: Option<&HashSet<i64>>,
        limit: u32,
    ) -> (u32, Vec<i64>) {
        // Asked once: on Linux it reads the cgroup's CPU quota from files.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores =
            *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |c| c.get()));
        let runs = cores.min(MAX_THREADS).min(self.slots.len() / MIN_RUN);
        self.find_in_runs(q, only, limit, runs)
    }

    /// [`SearchIndex::find`], scanning `runs` runs of slots side by side.
    fn find_in_runs(
        &self,
        q: &CustomerQuery,
        only: Option<&HashSet<i64>>,
        limit: u32,
        runs: usize,
    ) -> (u32, Vec<i64>) {
        let search = Search::new(self, q, only);
        let wanted = (q.offset as usize + limit as usize).max(1);
        let n = self.slots.len();
        let runs = runs.max(1);
        let runs: Vec<_> = (0..runs)
            .map(|i| n * i / runs..n * (i + 1) / runs)
            .collect();
        let (total, mut hits) = if runs.len() == 1 {
            search.scan(runs[0].clone(), wanted)
        } else {
            std::thread::scope(|scope| {
                let search = &search;
                let scans: Vec<_> = runs
                    .into_iter()
                    .map(|run| scope.spawn(move || search.scan(run, wanted)))
                    .collect();
                scans
                    .into_iter()
                    .fold((0, vec![]), |(total, mut hits), scan| {
                        let (n, mut more) = scan.join().expect("a search thread panicked");
                        hits.append(&mut more);
                        (total + n, hits)
                    })
            })
        };
        let cmp = |a: &Hit, b: &Hit| search.cmp(a, b);
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

/// One query, prepared: what it matches, and the order of its hits.
struct Search<'a> {
    index: &'a SearchIndex,
    q: &'a CustomerQuery,
    only: Option<&'a HashSet<i64>>,
    want: State,
    ranker: Ranker,
    /// The longest term drives the scan; the others are checked within each
    /// body it is found in. No driver: no search, every slot is a candidate.
    driver: Option<Finder<'static>>,
    others: Vec<Finder<'static>>,
}

impl<'a> Search<'a> {
    fn new(index: &'a SearchIndex, q: &'a CustomerQuery, only: Option<&'a HashSet<i64>>) -> Self {
        let terms = query_terms(&q.search);
        let finder = |t: &String| {
            FinderBuilder::new()
                .build_forward_with_ranker(&index.byte_rank, t.as_bytes())
                .into_owned()
        };
        let longest = terms.iter().max_by_key(|t| t.len());
        Search {
            index,
            q,
            only,
            want: if q.trash { State::Trashed } else { State::Live },
            ranker: Ranker::new(&terms),
            driver: longest.map(finder),
            others: terms
                .iter()
                .filter(|t| Some(*t) != longest)
                .map(finder)
                .collect(),
        }
    }

    fn sort_key(&self, s: &Slot) -> u64 {
        let time = |t: i64| (t as u64) ^ (1 << 63); // order-preserving
        match (self.q.trash, self.q.sort) {
            (true, _) => time(s.deleted),
            (false, SortField::Name) => s.name_key,
            (false, SortField::Created) => time(s.created),
            (false, SortField::Updated) => time(s.updated),
        }
    }

    /// List order: tier, then the chosen sort (then name and id for ties).
    fn cmp(&self, a: &Hit, b: &Hit) -> Ordering {
        a.tier.cmp(&b.tier).then_with(|| {
            let ord = a.key.cmp(&b.key).then_with(|| {
                let slots = &self.index.slots;
                let (sa, sb) = (&slots[a.slot as usize], &slots[b.slot as usize]);
                let names = if !self.q.trash && self.q.sort == SortField::Name {
                    nocase(self.index.name(sa), self.index.name(sb))
                } else {
                    Ordering::Equal
                };
                names.then(sa.id.cmp(&sb.id))
            });
            match self.q.dir {
                SortDir::Asc => ord,
                SortDir::Desc => ord.reverse(),
            }
        })
    }

    /// The matches among `slots`: how many, and (at least) the best `wanted`.
    fn scan(&self, slots: std::ops::Range<usize>, wanted: usize) -> (u32, Vec<Hit>) {
        let index = self.index;
        // Only the best `wanted` hits can be on the page: keep a buffer of
        // candidates, and when it fills, cut it to those and let the worst
        // of them bar later hits (a one-letter query matches most of the book).
        let cap = (wanted * 4).max(4096);
        let mut hits: Vec<Hit> = Vec::new();
        let mut bar: Option<Hit> = None;
        let mut total: u32 = 0;
        let mut keep = |slot: usize, first_at: usize| {
            let s = &index.slots[slot];
            if s.state != self.want || self.only.is_some_and(|ids| !ids.contains(&s.id)) {
                return;
            }
            // Every rank key that holds the query holds all its terms.
            let tier = if first_at >= s.head_end as usize {
                crate::search::tier::OTHER
            } else {
                index.tier(&self.ranker, s)
            };
            total += 1;
            let hit = Hit {
                tier,
                key: self.sort_key(s),
                slot: slot as u32,
            };
            if bar.is_some_and(|b| self.cmp(&hit, &b) != Ordering::Less) {
                return;
            }
            hits.push(hit);
            if hits.len() >= cap {
                hits.select_nth_unstable_by(wanted - 1, |a, b| self.cmp(a, b));
                hits.truncate(wanted);
                bar = Some(hits[wanted - 1]);
            }
        };
        let Some(driver) = &self.driver else {
            for slot in slots {
                keep(slot, usize::MAX);
            }
            return (total, hits);
        };
        if slots.is_empty() {
            return (total, hits);
        }
        let last = &index.slots[slots.end - 1];
        let stop = last.start + last.len as usize;
        let mut from = index.slots[slots.start].start;
        let mut slot = slots.start;
        while let Some(found) = driver.find(&index.text[from..stop]) {
            let at = from + found;
            slot = index.slot_at(slot, at);
            let s = &index.slots[slot];
            let body = index.body(s);
            if self.others.iter().all(|f| f.find(body).is_some()) {
                // Where the last of the terms is first found: past the
                // ranked part, some term is not in it, so no key is.
                let first = self
                    .others
                    .iter()
                    .filter_map(|f| f.find(body))
                    .fold(at - s.start, usize::max);
                keep(slot, first);
            }
            from = s.start + s.len as usize + 1;
            if from >= stop {
                break;
            }
        }
        (total, hits)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    /// Scanning in several runs, and cutting the candidates down to a bar
    /// as they pile up, give exactly the order of one full sort.
    #[test]
    fn runs_and_the_bar_give_the_order_of_a_full_sort() {
        let db = Db::open_in_memory().unwrap();
        // Enough that a one-letter query passes the 4,096-candidate cut in every run.
        db.insert_demo(20_000, 7).unwrap();
        db.write(|tx| {
            Ok(tx.execute(
                "UPDATE customers SET deleted_at = created_at WHERE id % 7 = 0",
                [],
            )?)
        })
        .unwrap();
        let only: HashSet<i64> = (1..20_000).filter(|id| id % 3 != 0).collect();
        db.with_search_index(|_, index| {
            for search in ["a", "1", "王", "zs", "w a", "138", "gmail", "", "nobody-here"] {
                for (sort, dir, trash) in [
                    (SortField::Name, SortDir::Asc, false),
                    (SortField::Updated, SortDir::Desc, false),
                    (SortField::Created, SortDir::Asc, true),
                ] {
                    for only in [None, Some(&only)] {
                        let q = |offset, limit| CustomerQuery {
                            search: search.into(),
                            sort,
                            dir,
                            trash,
                            offset,
                            limit,
                            ..Default::default()
                        };
                        // Every match wanted: no bar, one sort of everything.
                        let (total, all) = index.find_in_runs(&q(0, 20_000), only, 20_000, 1);
                        assert_eq!(total as usize, all.len(), "{search:?}");
                        for runs in [1, 2, 3] {
                            for (offset, limit) in [(0, 8), (0, 100), (4_500, 50)] {
                                let page = index.find_in_runs(&q(offset, limit), only, limit, runs);
                                let from = (offset as usize).min(all.len());
                                let to = (from + limit as usize).min(all.len());
                                assert_eq!(
                                    page,
                                    (total, all[from..to].to_vec()),
                                    "{search:?} {sort:?} {dir:?} trash {trash} runs {runs} at {offset}"
                                );
                            }
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    }
}
