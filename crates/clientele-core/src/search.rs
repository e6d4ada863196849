//! What customers are found by, and how a typed query is matched.
//!
//! Each customer has one lower-cased, half-width search body (name, its
//! pinyin in full and as initials, phones and their bare digits, email,
//! company, tags, notes), stored in `customer_search`. A query
//! matches when every term is a substring of the body. The same test runs in
//! two places with the same meaning: in memory for search as you type
//! (`search_index.rs`) and in SQL (`contains_text`) for exports.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::pinyin_name::spellings;
use crate::text::fold;
use crate::validate::{phone_digits, ValidCustomer};

/// The text a customer is found by.
pub fn search_body(c: &ValidCustomer) -> String {
    let mut parts: Vec<String> = vec![c.name.clone()];
    // 张三 is also typed `zhangsan` and `zs`; one spelling per word, so a
    // query (which has no spaces inside a term) never spans two.
    let (full, initials) = spellings(&c.name);
    if !full.is_empty() {
        parts.push(full.join(" "));
        parts.push(initials.join(" "));
    }
    for p in &c.phones {
        parts.push(p.clone());
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
    parts.extend(c.email.iter().cloned());
    parts.extend(c.company.iter().cloned());
    parts.extend(c.tags.iter().cloned());
    parts.push(c.notes.clone());
    fold(&parts.join("\n"))
}

/// The version of what [`search_body`] writes. When it changes, every stored
/// body is written again once, as the database opens (see [`reindex_if_stale`]).
/// 2: pinyin of names, half-width folding.
pub const SEARCH_BODY_VERSION: &str = "2";

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
    Ok(())
}

/// The terms of a typed query. A query that is all phone characters
/// (`138 0013-8000`, `+86 138`) is one term of its digits, so spacing does
/// not matter; otherwise terms are split on whitespace and all must match.
pub fn query_terms(query: &str) -> Vec<String> {
    let folded = fold(query);
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
