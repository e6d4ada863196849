//! What customers are found by, and how a typed query is matched.
//!
//! Each customer has one lower-cased, half-width search body (name, its
//! pinyin in full and as initials, phones and their bare digits, email,
//! company, tags, notes), stored in `customer_search`. A query
//! matches when every term is a substring of the body. The same test runs in
//! two places with the same meaning: in memory for search as you type
//! (`search_index.rs`) and in SQL (`contains_text`) for exports.
//!
//! Matches are ranked ([`Ranker`]): the name itself first, then names and
//! pinyin that start with the query, then phones that are or start with it,
//! then the rest, each tier in the list's chosen order. The body begins with
//! what ranks (name, spellings, phones), closed by marker lines, so the rank
//! keys are found in the body itself ([`RankKeys`]) by both places alike.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::pinyin_name::spellings;
use crate::text::fold;
use crate::validate::{phone_digits, ValidCustomer};

/// The text a customer is found by.
pub fn search_body(c: &ValidCustomer) -> String {
    let mut parts: Vec<String> = vec![one_line(&c.name)];
    // 张三 is also typed `zhangsan` and `zs`; one spelling per word, so a
    // query (which has no spaces inside a term) never spans two.
    let (full, initials) = spellings(&c.name);
    if !full.is_empty() {
        parts.push(full.join(" "));
        parts.push(initials.join(" "));
    }
    parts.push(NAME_END.to_string());
    for p in &c.phones {
        parts.push(one_line(p));
        let digits = phone_digits(p);
        // `+86 138…` should be found by `138…` too.
        if let Some(national) = digits
            .strip_prefix("86")
            .filter(|_| p.trim_start().starts_with('+'))
        {
            parts.push(national.to_string());
        }
        parts.push(digits);
    }
    parts.push(RANKED_END.to_string());
    parts.extend(c.email.iter().cloned());
    parts.extend(c.company.iter().cloned());
    parts.extend(c.tags.iter().cloned());
    parts.push(c.notes.clone());
    fold(&parts.join("\n"))
}

/// A name or phone on one line of the body (the layout is by lines), and with
/// no marker character in it.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The line that ends the name and its spellings in a body.
const NAME_END: char = '\u{2}';
/// The line that ends the part of a body that ranks a match (name, phones).
const RANKED_END: char = '\u{1}';

/// The version of what [`search_body`] writes. When it changes, every stored
/// body is written again once, as the database opens (see [`reindex_if_stale`]).
/// 2: pinyin of names, half-width folding. 3: the ranked part marked.
pub const SEARCH_BODY_VERSION: &str = "3";

/// Where a body's rank keys start (byte offsets into the body): the words of
/// the name, each pinyin spelling, each phone line; and where the ranked part
/// ends. The name line itself starts at 0. Kept small: at most 255 keys of a
/// kind (a name has at most 64 spellings), offsets below 65,536.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RankKeys {
    pub words: Vec<u16>,
    pub spellings: Vec<u16>,
    pub phones: Vec<u16>,
    /// Where the ranked part ends; a match only after it ranks last.
    pub head_end: usize,
}

impl RankKeys {
    /// Reads the keys of `body` (as [`search_body`] writes it) into `self`.
    pub fn read(&mut self, body: &[u8]) {
        self.words.clear();
        self.spellings.clear();
        self.phones.clear();
        self.head_end = body.len();
        let push = |v: &mut Vec<u16>, at: usize| {
            if v.len() < 255 {
                if let Ok(at) = u16::try_from(at) {
                    v.push(at);
                }
            }
        };
        let mut at = 0;
        let mut line_no = 0;
        let mut in_phones = false;
        while at < body.len() {
            let end = memchr::memchr(b'\n', &body[at..]).map_or(body.len(), |i| at + i);
            let line = &body[at..end];
            if line == [RANKED_END as u8] {
                self.head_end = at;
                return;
            } else if line == [NAME_END as u8] {
                in_phones = true;
            } else if in_phones {
                push(&mut self.phones, at);
            } else {
                // The name's words (line 0), or spellings separated by spaces.
                let mut word_start = true;
                for (i, &b) in line.iter().enumerate() {
                    if b == b' ' {
                        word_start = true;
                    } else if word_start {
                        word_start = false;
                        let v = if line_no == 0 {
                            &mut self.words
                        } else {
                            &mut self.spellings
                        };
                        push(v, at + i);
                    }
                }
            }
            line_no += 1;
            at = end + 1;
        }
    }
}

/// Tiers of a match, best first.
pub mod tier {
    /// The name is the query.
    pub const NAME: u8 = 0;
    /// The name, a word of it or a pinyin spelling (full or initials) starts
    /// with the query; or a spelling is the query.
    pub const NAME_PREFIX: u8 = 1;
    /// A phone (as written, its digits, or without +86) is the query.
    pub const PHONE: u8 = 2;
    /// A phone starts with the query.
    pub const PHONE_PREFIX: u8 = 3;
    /// Found elsewhere: inside a word, or in email, company, tags or notes.
    pub const OTHER: u8 = 4;
}

/// Ranks matching bodies for one query ([`tier`]): a few comparisons at key
/// offsets, no scanning, so it can run on every hit of a one-letter query.
pub struct Ranker {
    /// The terms with single spaces (compared with the name), and run
    /// together (with spellings, words and phones: `zhang san`, `zhangsan`).
    spaced: Vec<u8>,
    joined: Vec<u8>,
}

impl Ranker {
    pub fn new(terms: &[String]) -> Ranker {
        Ranker {
            spaced: terms.join(" ").into_bytes(),
            joined: terms.concat().into_bytes(),
        }
    }

    /// The tier of `body`, whose keys are `keys`. Spelling exact matches
    /// count as the name's (`zs` is 张三 typed on a Latin keyboard).
    pub fn tier(&self, body: &[u8], keys: &RankKeys) -> u8 {
        self.tier_at(body, &keys.words, &keys.spellings, &keys.phones)
    }

    pub fn tier_at(&self, body: &[u8], words: &[u16], spellings: &[u16], phones: &[u16]) -> u8 {
        if self.joined.is_empty() {
            return tier::OTHER;
        }
        let name_end = memchr::memchr(b'\n', body).unwrap_or(body.len());
        let name = &body[..name_end];
        if name == self.spaced.as_slice() {
            return tier::NAME;
        }
        let key_at = |at: u16| body.get(at as usize..).unwrap_or_default();
        let mut best = if name.starts_with(&self.spaced) {
            tier::NAME_PREFIX
        } else {
            tier::OTHER
        };
        let n = self.joined.len();
        for &at in spellings {
            let key = key_at(at);
            if key.starts_with(&self.joined) {
                if matches!(key.get(n), None | Some(b' ' | b'\n')) {
                    return tier::NAME;
                }
                best = tier::NAME_PREFIX;
            }
        }
        if best == tier::NAME_PREFIX || words.iter().any(|&at| key_at(at).starts_with(&self.joined))
        {
            return tier::NAME_PREFIX;
        }
        for &at in phones {
            let key = key_at(at);
            if key.starts_with(&self.joined) {
                if matches!(key.get(n), None | Some(b'\n')) {
                    return tier::PHONE;
                }
                best = tier::PHONE_PREFIX;
            }
        }
        best
    }
}

/// The tier of one stored body for a typed query: [`Ranker`] without
/// anything prepared, for SQL's `search_rank`.
pub fn rank(body: &str, query: &str) -> u8 {
    let mut keys = RankKeys::default();
    keys.read(body.as_bytes());
    Ranker::new(&query_terms(query)).tier(body.as_bytes(), &keys)
}

/// Whether the stored search bodies were written by an older [`search_body`].
pub(crate) fn bodies_are_stale(conn: &Connection) -> Result<bool> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'searchBodyVersion'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.as_deref() != Some(SEARCH_BODY_VERSION))
}

/// Rewrites every customer's search body when they were written by an older
/// [`search_body`]. Runs as the database opens, inside the caller's transaction.
pub(crate) fn reindex_if_stale(conn: &Connection) -> Result<()> {
    if !bodies_are_stale(conn)? {
        return Ok(());
    }
    let mut bodies = Vec::new();
    crate::customers::for_each_stored_customer(conn, |c| {
        bodies.push((c.id, search_body(&ValidCustomer::from(&c))));
        Ok(())
    })?;
    let mut update =
        conn.prepare("INSERT OR REPLACE INTO customer_search (id, body) VALUES (?1, ?2)")?;
    for (id, body) in bodies {
        update.execute(params![id, body])?;
    }
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('searchBodyVersion', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SEARCH_BODY_VERSION],
    )?;
    Ok(())
}

/// Keeps the search tables in step with one customer; call inside the write.
pub fn index_customer(conn: &Connection, id: i64, c: &ValidCustomer) -> Result<()> {
    let body = search_body(c);
    conn.prepare_cached("INSERT OR REPLACE INTO customer_search (id, body) VALUES (?1, ?2)")?
        .execute(params![id, body])?;
    Ok(())
}

pub fn unindex_customer(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM customer_search WHERE id = ?1", [id])?;
    Ok(())
}

/// Registers `contains_text(haystack, needle)`, a byte substring test (both
/// sides are lower-cased UTF-8, so bytes match exactly when text does). It is
/// several times faster than `instr`, which counts characters to report a position.
pub fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "contains_text",
        2,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let hay = ctx.get_raw(0).as_bytes().unwrap_or_default();
            let needle = ctx.get_raw(1).as_bytes().unwrap_or_default();
            Ok(memchr::memmem::find(hay, needle).is_some())
        },
    )?;
    // `search_rank(body, query)`: [`rank`] for SQL, so exports order matches
    // as the list does.
    conn.create_scalar_function(
        "search_rank",
        2,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let body = ctx.get_raw(0).as_str().unwrap_or_default();
            let query = ctx.get_raw(1).as_str().unwrap_or_default();
            Ok(i64::from(rank(body, query)))
        },
    )?;
    Ok(())
}

/// The terms of a typed query. A query that is all phone characters
/// (`138 0013-8000`, `+86 138`) is one term of its digits, so spacing does
/// not matter; otherwise terms are split on whitespace and all must match.
pub fn query_terms(query: &str) -> Vec<String> {
    // Control characters never match: they mark the body's layout.
    let folded: String = fold(query)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let q = folded.trim();
    if q.is_empty() {
        return vec![];
    }
    let phone_like = q.chars().any(|c| c.is_ascii_digit())
        && q.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.'));
    if phone_like {
        return vec![phone_digits(q)];
    }
    q.split_whitespace().map(String::from).collect()
}

/// Whether a search body holds every term. Built once per query: each
/// term's substring searcher is prepared once, not once per customer.
pub struct Matcher {
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Matcher {
    pub fn new(terms: &[String]) -> Matcher {
        Matcher {
            finders: terms
                .iter()
                .map(|t| memchr::memmem::Finder::new(t.as_bytes()).into_owned())
                .collect(),
        }
    }

    pub fn is_match(&self, body: &str) -> bool {
        self.finders
            .iter()
            .all(|f| f.find(body.as_bytes()).is_some())
    }
}

/// A SQL condition on `c.id` with its parameters, matching every term.
pub fn search_condition(terms: &[String]) -> (String, Vec<String>) {
    let clauses: Vec<&str> = terms
        .iter()
        .map(|_| "c.id IN (SELECT id FROM customer_search WHERE contains_text(body, ?))")
        .collect();
    (clauses.join(" AND "), terms.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_like_queries_become_digits() {
        assert_eq!(query_terms(" 138 0013-8000 "), vec!["13800138000"]);
        assert_eq!(query_terms("+86 138"), vec!["86138"]);
        assert_eq!(query_terms("张 三"), vec!["张", "三"]);
        assert_eq!(query_terms("Wang 138"), vec!["wang", "138"]);
        assert_eq!(
            query_terms("Ａｎｎａ　李"),
            vec!["anna", "李"],
            "full width folds"
        );
        assert!(query_terms("   ").is_empty());
    }

    fn body(name: &str, phones: &[&str], notes: &str) -> String {
        search_body(&ValidCustomer {
            name: name.into(),
            phones: phones.iter().map(|p| p.to_string()).collect(),
            email: None,
            address: None,
            company: None,
            birthday: None,
            gender: None,
            source: None,
            tags: vec![],
            contact_cycle_days: None,
            notes: notes.into(),
        })
    }

    #[test]
    fn exact_then_prefix_then_phones_then_anywhere() {
        use tier::*;
        assert_eq!(rank(&body("张三", &[], ""), "张三"), NAME);
        assert_eq!(
            rank(&body("张三", &[], ""), "zs"),
            NAME,
            "the initials are the query"
        );
        assert_eq!(
            rank(&body("张三", &[], ""), "zhang san"),
            NAME,
            "pinyin with a space"
        );
        assert_eq!(rank(&body("张三丰", &[], ""), "张三"), NAME_PREFIX);
        assert_eq!(rank(&body("张三丰", &[], ""), "zhang"), NAME_PREFIX);
        assert_eq!(rank(&body("张三丰", &[], ""), "z"), NAME_PREFIX);
        assert_eq!(
            rank(&body("张三丰", &[], ""), "san"),
            OTHER,
            "inside a spelling"
        );
        assert_eq!(rank(&body("Anna Li", &[], ""), "anna li"), NAME);
        assert_eq!(rank(&body("Anna Li", &[], ""), "ANNA l"), NAME_PREFIX);
        assert_eq!(
            rank(&body("Anna Lim", &[], ""), "li"),
            NAME_PREFIX,
            "a word's start"
        );
        assert_eq!(rank(&body("Anna Lim", &[], ""), "im"), OTHER);
        assert_eq!(
            rank(&body("王五", &["138 0013 8000"], ""), "13800138000"),
            PHONE
        );
        assert_eq!(
            rank(&body("王五", &["+86 138 0013 8000"], ""), "13800138000"),
            PHONE
        );
        assert_eq!(
            rank(&body("王五", &["138 0013 8000"], ""), "138 0013"),
            PHONE_PREFIX
        );
        assert_eq!(rank(&body("王五", &["138 0013 8000"], ""), "0013"), OTHER);
        assert_eq!(
            rank(&body("王五", &[], "张三介绍的"), "张三"),
            OTHER,
            "in the notes"
        );
        assert_eq!(
            rank(&body("王五", &[], "zs"), "zs"),
            OTHER,
            "notes are not spellings"
        );
    }

    #[test]
    fn rank_keys_point_at_words_spellings_and_phones() {
        let b = body("Anna  Li", &["138-1"], "notes");
        let mut keys = RankKeys::default();
        keys.read(b.as_bytes());
        let at = |v: &[u16]| -> Vec<String> {
            v.iter()
                .map(|&i| b[i as usize..].lines().next().unwrap().to_string())
                .collect()
        };
        assert_eq!(at(&keys.words), ["anna  li", "li"]);
        assert!(keys.spellings.is_empty());
        assert_eq!(at(&keys.phones), ["138-1", "1381"]);
        assert!(b[keys.head_end..].starts_with('\u{1}'));
        let b = body("曾三", &[], "");
        keys.read(b.as_bytes());
        let spellings: Vec<&str> = keys
            .spellings
            .iter()
            .map(|&i| b[i as usize..].split([' ', '\n']).next().unwrap())
            .collect();
        assert!(
            spellings.contains(&"zengsan") && spellings.contains(&"cs"),
            "{spellings:?}"
        );
    }

    #[test]
    fn every_term_must_be_in_the_body() {
        let terms = query_terms("Anna 138");
        assert!(Matcher::new(&terms).is_match("anna müller\n13800138000"));
        assert!(!Matcher::new(&terms).is_match("anna müller"));
        let (sql, params) = search_condition(&terms);
        assert_eq!(sql.matches("contains_text").count(), 2);
        assert_eq!(params, vec!["anna", "138"]);
    }
}
