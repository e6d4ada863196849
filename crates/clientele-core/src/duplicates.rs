//! Finding customers who are probably the same person: the same phone, the
//! same email, or the same name with a phone one slip of the finger apart.
//! Linked customers form one group (A and B share a phone, B and C an email:
//! one group of three), each with the evidence that links it.
//!
//! "The same phone" and "the same email" are the import's keys
//! ([`phone_key`], [`email_key`]), so the whole app agrees on them: digits
//! only, a +86/0086 prefix on a mobile dropped; an email in any case or width.
//!
//! "A similar phone" (only counted together with the same name, ignoring case,
//! width and spaces) is one of:
//! - the same length, and one digit differs (`13800138000` / `13800138001`);
//! - the same length, and two neighbouring digits swapped (`…8000` / `…0800`);
//! - one is the other's ending, at least 7 digits long (a landline written
//!   with and without its area code: `021-62345678` / `62345678`).
//!
//! Customers the owner has marked as different people
//! ([`crate::not_duplicates`]) are not linked to each other.
//!
//! Every comparison is a hash lookup (one key per phone and masked digit), so
//! 100,000 customers take well under a second; nothing is compared pairwise.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::db::Db;
use crate::error::Result;
use crate::import::{email_key, phone_key};
use crate::not_duplicates::{apart, marked_pairs};
use crate::stored_time::{parse, read_opt_ts};
use crate::string_enum::string_enum;
use crate::text::fold;

string_enum!(
    /// Why customers are thought to be the same person.
    EvidenceKind {
        SamePhone => "samePhone",
        SameEmail => "sameEmail",
        SimilarPhone => "similarPhone",
    }
);

/// One reason some customers of a group belong together.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateEvidence {
    pub kind: EvidenceKind,
    /// The phone or email as the customers have it (each spelling once); for
    /// a similar phone, the two phones.
    pub values: Vec<String>,
    #[ts(type = "number[]")]
    pub customer_ids: Vec<i64>,
}

/// A customer in a group, with what a merge would move.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateCustomer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Live interactions, complaints and reminders (open or done).
    pub interactions: u32,
    pub complaints: u32,
    pub reminders: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateGroup {
    /// Oldest first: the one usually kept.
    pub customers: Vec<DuplicateCustomer>,
    pub evidence: Vec<DuplicateEvidence>,
}

/// Every group of likely duplicates among the live customers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Duplicates {
    /// Largest first, then the most recently added.
    pub groups: Vec<DuplicateGroup>,
    /// How many customers were looked at.
    pub checked: u32,
}

/// How many similar-phone pairs one group lists as evidence (a name shared
/// by a whole family of typos would otherwise list every pair).
const MAX_SIMILAR_EVIDENCE: usize = 20;

struct Candidate {
    id: i64,
    name: String,
    phones: Vec<String>,
    email: Option<String>,
    company: Option<String>,
    created: String,
    updated: String,
}

/// Disjoint sets over candidate indexes.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]]; // path halving
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// A name as compared: lower case, half width, without spaces.
fn name_key(name: &str) -> String {
    fold(name).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The shortest ending of a phone that counts as "the same number without its
/// area code".
const MIN_SUFFIX: usize = 7;

/// Whether two phone keys' digits are similar (see the module comment).
pub fn similar_digits(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() == b.len() {
        // Called millions of times at 100,000 customers: no allocation, and
        // out at the third difference.
        let mut first = None;
        let mut second = None;
        for i in 0..a.len() {
            if a[i] != b[i] {
                match (first, second) {
                    (None, _) => first = Some(i),
                    (Some(_), None) => second = Some(i),
                    _ => return false,
                }
            }
        }
        return match (first, second) {
            (Some(_), None) => true,
            (Some(i), Some(j)) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
            _ => false,
        };
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.len() >= MIN_SUFFIX && long.ends_with(short)
}

fn load(conn: &Connection) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, phones, email, company, created_at, updated_at
         FROM customers WHERE deleted_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            name: r.get(1)?,
            phones: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
            email: r
                .get::<_, Option<String>>(3)?
                .filter(|e| !e.trim().is_empty()),
            company: r.get(4)?,
            created: r.get(5)?,
            updated: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Evidence before it is assigned to a group: candidate indexes.
struct Link {
    kind: EvidenceKind,
    values: Vec<String>,
    members: Vec<usize>,
}

/// Each candidate's phones as keys' digits, each once, with the phone's index.
fn phone_digits(cands: &[Candidate]) -> Vec<Vec<(String, usize)>> {
    cands
        .iter()
        .map(|c| {
            let mut out: Vec<(String, usize)> = Vec::new();
            for (at, p) in c.phones.iter().enumerate() {
                if let Some(k) = phone_key(p) {
                    let d = k[2..].to_string();
                    if !out.iter().any(|(x, _)| *x == d) {
                        out.push((d, at));
                    }
                }
            }
            out
        })
        .collect()
}

/// Links for runs of equal keys holding more than one candidate. `entries`
/// are (key, candidate, value as written); sorting finds the runs without a
/// hash map of 100,000 small vectors.
fn shared(mut entries: Vec<(&str, usize, &str)>, kind: EvidenceKind, links: &mut Vec<Link>) {
    entries.sort_unstable();
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        let mut members: Vec<usize> = run.iter().map(|e| e.1).collect();
        members.dedup();
        if members.len() < 2 {
            continue;
        }
        let mut values: Vec<String> = Vec::new();
        // In candidate (id) order, so the oldest spelling comes first.
        for e in run {
            if !values.iter().any(|v| v == e.2) {
                values.push(e.2.to_string());
            }
        }
        links.push(Link {
            kind,
            values,
            members,
        });
    }
}

/// Name groups up to this size are compared pair by pair (a few million
/// cheap comparisons at most); larger ones (a placeholder name typed for
/// thousands) through hashed variants of each phone.
const PAIRWISE_MAX: usize = 400;

/// Same name and similar phone.
fn similar(cands: &[Candidate], digits: &[Vec<(String, usize)>], links: &mut Vec<Link>) {
    let mut named: Vec<(String, usize)> = cands
        .iter()
        .enumerate()
        .filter(|(i, _)| !digits[*i].is_empty())
        .map(|(i, c)| (name_key(&c.name), i))
        .collect();
    named.sort_unstable();
    let mut pair = |a: usize, pa: usize, b: usize, pb: usize| {
        links.push(Link {
            kind: EvidenceKind::SimilarPhone,
            values: vec![cands[a].phones[pa].clone(), cands[b].phones[pb].clone()],
            members: vec![a, b],
        });
    };
    for run in named.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let members: Vec<usize> = run.iter().map(|r| r.1).collect();
        if members.len() <= PAIRWISE_MAX {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    for (da, pa) in &digits[a] {
                        for (db, pb) in &digits[b] {
                            if similar_digits(da, db) {
                                pair(a, *pa, b, *pb);
                            }
                        }
                    }
                }
            }
        } else {
            for (a, pa, b, pb) in similar_hashed(&members, digits) {
                pair(a, pa, b, pb);
            }
        }
    }
}

/// The similar pairs among many customers of one name, without comparing
/// every pair: phones one digit apart share a masked variant; a swap or an
/// ending is looked up directly.
fn similar_hashed(
    members: &[usize],
    digits: &[Vec<(String, usize)>],
) -> Vec<(usize, usize, usize, usize)> {
    let mut exact: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut masked: HashMap<String, Vec<(usize, &str, usize)>> = HashMap::new();
    for &i in members {
        for (d, p) in &digits[i] {
            exact.entry(d.as_str()).or_default().push((i, *p));
            let mut bytes = d.clone().into_bytes();
            for at in 0..bytes.len() {
                let was = bytes[at];
                bytes[at] = b'*';
                let key = String::from_utf8(bytes.clone()).expect("ascii digits");
                masked.entry(key).or_default().push((i, d.as_str(), *p));
                bytes[at] = was;
            }
        }
    }
    let mut out = Vec::new();
    for bucket in masked.values() {
        for (x, (i, di, pi)) in bucket.iter().enumerate() {
            for (j, dj, pj) in &bucket[x + 1..] {
                if di != dj && i != j {
                    out.push((*i, *pi, *j, *pj));
                }
            }
        }
    }
    for &i in members {
        for (d, p) in &digits[i] {
            let bytes = d.as_bytes();
            for at in 0..bytes.len().saturating_sub(1) {
                if bytes[at] == bytes[at + 1] {
                    continue;
                }
                let mut swapped = bytes.to_vec();
                swapped.swap(at, at + 1);
                let swapped = String::from_utf8(swapped).expect("ascii digits");
                // Each swapped pair is seen from both sides; keep one.
                for (j, q) in exact.get(swapped.as_str()).into_iter().flatten() {
                    if *j > i {
                        out.push((i, *p, *j, *q));
                    }
                }
            }
            for start in 1..=d.len().saturating_sub(MIN_SUFFIX) {
                for (j, q) in exact.get(&d[start..]).into_iter().flatten() {
                    if *j != i {
                        out.push((i, *p, *j, *q));
                    }
                }
            }
        }
    }
    out
}

fn find(conn: &Connection) -> Result<Duplicates> {
    let cands = load(conn)?;
    let digits = phone_digits(&cands);
    let mut links: Vec<Link> = Vec::new();
    let cands_ref = &cands;
    let phones: Vec<(&str, usize, &str)> = digits
        .iter()
        .enumerate()
        .flat_map(|(i, ds)| {
            ds.iter()
                .map(move |(d, at)| (d.as_str(), i, cands_ref[i].phones[*at].as_str()))
        })
        .collect();
    shared(phones, EvidenceKind::SamePhone, &mut links);
    let email_keys: Vec<(String, usize)> = cands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.email.as_deref().map(|e| (email_key(e), i)))
        .collect();
    let emails: Vec<(&str, usize, &str)> = email_keys
        .iter()
        .map(|(k, i)| (k.as_str(), *i, cands[*i].email.as_deref().unwrap_or("")))
        .collect();
    shared(emails, EvidenceKind::SameEmail, &mut links);
    similar(&cands, &digits, &mut links);

    let mut sets = Sets((0..cands.len()).collect());
    let marked = marked_pairs(conn)?;
    if marked.is_empty() {
        for l in &links {
            for m in &l.members[1..] {
                sets.union(l.members[0], *m);
            }
        }
    } else {
        // Customers marked as different people are not linked by this
        // evidence; it stays only for those it still links.
        for l in &mut links {
            let mut linked = vec![false; l.members.len()];
            for (x, &i) in l.members.iter().enumerate() {
                for (y, &j) in l.members.iter().enumerate().skip(x + 1) {
                    if !apart(&marked, cands[i].id, cands[j].id) {
                        sets.union(i, j);
                        (linked[x], linked[y]) = (true, true);
                    }
                }
            }
            let mut keep = linked.into_iter();
            l.members.retain(|_| keep.next().unwrap_or(false));
        }
        links.retain(|l| l.members.len() >= 2);
    }
    // Group by root, in id order (candidates are loaded by id).
    let mut by_root: HashMap<usize, (Vec<usize>, Vec<Link>)> = HashMap::new();
    for l in links {
        let root = sets.find(l.members[0]);
        by_root.entry(root).or_default().1.push(l);
    }
    for i in 0..cands.len() {
        let root = sets.find(i);
        if let Some(g) = by_root.get_mut(&root) {
            g.0.push(i);
        }
    }

    let grouped: Vec<i64> = by_root
        .values()
        .flat_map(|(members, _)| members.iter().map(|&i| cands[i].id))
        .collect();
    let counts = counts(conn, &grouped)?;
    let mut groups: Vec<DuplicateGroup> = Vec::with_capacity(by_root.len());
    for (_, (members, mut links)) in by_root {
        // The same phone before the same email before similar phones, and
        // similar-phone pairs capped.
        links.sort_by_key(|l| match l.kind {
            EvidenceKind::SamePhone => 0,
            EvidenceKind::SameEmail => 1,
            EvidenceKind::SimilarPhone => 2,
        });
        let mut similar_seen = 0;
        links.retain(|l| {
            if l.kind == EvidenceKind::SimilarPhone {
                similar_seen += 1;
                similar_seen <= MAX_SIMILAR_EVIDENCE
            } else {
                true
            }
        });
        let mut customers = members
            .iter()
            .map(|&i| {
                let c = &cands[i];
                let n = counts.get(&c.id).cloned().unwrap_or_default();
                Ok(DuplicateCustomer {
                    id: c.id,
                    name: c.name.clone(),
                    phones: c.phones.clone(),
                    email: c.email.clone(),
                    company: c.company.clone(),
                    created_at: parse(&c.created)?,
                    updated_at: parse(&c.updated)?,
                    last_contact_at: n.last_contact_at,
                    interactions: n.interactions,
                    complaints: n.complaints,
                    reminders: n.reminders,
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        customers.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        let evidence = links
            .into_iter()
            .map(|l| DuplicateEvidence {
                kind: l.kind,
                values: l.values,
                customer_ids: l.members.iter().map(|&i| cands[i].id).collect(),
            })
            .collect();
        groups.push(DuplicateGroup {
            customers,
            evidence,
        });
    }
    let newest = |g: &DuplicateGroup| g.customers.iter().map(|c| c.id).max().unwrap_or(0);
    groups.sort_by(|a, b| {
        b.customers
            .len()
            .cmp(&a.customers.len())
            .then(newest(b).cmp(&newest(a)))
    });
    Ok(Duplicates {
        groups,
        checked: cands.len() as u32,
    })
}

#[derive(Clone, Default)]
struct Counts {
    interactions: u32,
    complaints: u32,
    reminders: u32,
    last_contact_at: Option<DateTime<Utc>>,
}

/// What each of `ids` has recorded, in four grouped queries.
fn counts(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Counts>> {
    let mut out: HashMap<i64, Counts> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let json = serde_json::to_string(ids).expect("ids serialise");
    for (table, slot) in [
        ("interactions", 0usize),
        ("complaints", 1),
        ("reminders", 2),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT customer_id, count(*) FROM {table}
             WHERE deleted_at IS NULL AND customer_id IN (SELECT value FROM json_each(?1))
             GROUP BY customer_id"
        ))?;
        let mut rows = stmt.query([&json])?;
        while let Some(r) = rows.next()? {
            let e = out.entry(r.get(0)?).or_default();
            let n: u32 = r.get(1)?;
            match slot {
                0 => e.interactions = n,
                1 => e.complaints = n,
                _ => e.reminders = n,
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT customer_id, last_contact_at FROM customer_contact
         WHERE customer_id IN (SELECT value FROM json_each(?1))",
    )?;
    let mut rows = stmt.query([&json])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().last_contact_at = read_opt_ts(r, 1)?;
    }
    Ok(out)
}

impl Db {
    /// Groups of live customers who are probably the same person.
    pub fn find_duplicates(&self) -> Result<Duplicates> {
        self.read(find)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_phones() {
        assert!(similar_digits("13800138000", "13800138001"), "one digit");
        assert!(similar_digits("13800138000", "13800130800"), "swapped");
        assert!(similar_digits("02162345678", "62345678"), "area code");
        assert!(!similar_digits("13800138000", "13800138000"), "the same");
        assert!(!similar_digits("13800138000", "13800138011"), "two digits");
        assert!(!similar_digits("13800138000", "13900138001"), "apart");
        assert!(!similar_digits("2345678", "345678"), "too short an ending");
    }

    #[test]
    fn hashed_and_pairwise_find_the_same_pairs() {
        // Phones close to each other: many one-digit, swapped and ending pairs.
        let mut digits: Vec<Vec<(String, usize)>> = Vec::new();
        for i in 0..600u64 {
            let n = 13800000000 + (i * 7919) % 3000;
            let mut phones = vec![(n.to_string(), 0)];
            if i % 50 == 0 {
                phones.push(((n % 100_000_000).to_string(), 1));
            }
            digits.push(phones);
        }
        let members: Vec<usize> = (0..digits.len()).collect();
        let norm = |v: Vec<(usize, usize, usize, usize)>| {
            let mut v: Vec<(usize, usize)> = v
                .into_iter()
                .map(|(a, _, b, _)| (a.min(b), a.max(b)))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let mut brute = Vec::new();
        for a in 0..digits.len() {
            for b in a + 1..digits.len() {
                for (da, pa) in &digits[a] {
                    for (db, pb) in &digits[b] {
                        if similar_digits(da, db) {
                            brute.push((a, *pa, b, *pb));
                        }
                    }
                }
            }
        }
        let brute = norm(brute);
        assert!(brute.len() > 100, "the data has similar pairs");
        assert_eq!(norm(similar_hashed(&members, &digits)), brute);
    }

    #[test]
    fn names_compare_without_case_width_or_spaces() {
        assert_eq!(name_key("Anna  Müller"), name_key("ａｎｎａ müller"));
        assert_eq!(name_key("张 三"), name_key("张三"));
    }
}
