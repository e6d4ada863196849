//! What customers are found by, and how a typed query is matched.
//!
//! Each customer has one lower-cased search body (name, phones and their bare
//! digits, email, company, tags, notes), stored in `customer_search`. A query
//! matches when every term is a substring of the body. The same test runs in
//! two places with the same meaning: in memory for search as you type
//! (`search_index.rs`) and in SQL (`contains_text`) for exports.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::validate::{phone_digits, ValidCustomer};

/// The text a customer is found by.
pub fn search_body(c: &ValidCustomer) -> String {
    let mut parts: Vec<String> = vec![c.name.clone()];
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
    parts.join("\n").to_lowercase()
}

/// Keeps the search tables in step with one customer; call inside the write.
pub fn index_customer(conn: &Connection, id: i64, c: &ValidCustomer) -> Result<()> {
    let body = search_body(c);
    conn.execute(
        "INSERT OR REPLACE INTO customer_search (id, body) VALUES (?1, ?2)",
        params![id, body],
    )?;
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
    let q = query.trim();
    if q.is_empty() {
        return vec![];
    }
    let phone_like = q.chars().any(|c| c.is_ascii_digit())
        && q.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.'));
    if phone_like {
        return vec![phone_digits(q)];
    }
    q.split_whitespace().map(|t| t.to_lowercase()).collect()
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
