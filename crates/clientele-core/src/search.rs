//! Search-as-you-type over customers: what text each customer is found by,
//! and how a typed query becomes SQL.
//!
//! Each customer has one lower-cased search body (name, phones and their bare
//! digits, email, company, tags, notes). Terms of three or more characters go
//! through the FTS5 trigram index; one- and two-character terms (most Chinese
//! given names are two characters, and a trigram cannot serve them) scan the
//! narrow `customer_search` table, which is still fast at 100,000 rows.

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
    conn.execute("DELETE FROM customer_fts WHERE rowid = ?1", [id])?;
    conn.execute(
        "INSERT INTO customer_fts (rowid, body) VALUES (?1, ?2)",
        params![id, body],
    )?;
    Ok(())
}

pub fn unindex_customer(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM customer_search WHERE id = ?1", [id])?;
    conn.execute("DELETE FROM customer_fts WHERE rowid = ?1", [id])?;
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

/// A SQL condition on `c.id` with its parameters, matching every term.
pub fn search_condition(terms: &[String]) -> (String, Vec<String>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    let long: Vec<&String> = terms.iter().filter(|t| t.chars().count() >= 3).collect();
    if !long.is_empty() {
        let fts = long
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        clauses.push(
            "c.id IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?)".to_string(),
        );
        params.push(fts);
    }
    for t in terms.iter().filter(|t| t.chars().count() < 3) {
        // instr, not LIKE: no wildcard characters to escape in what people type.
        clauses
            .push("c.id IN (SELECT id FROM customer_search WHERE instr(body, ?) > 0)".to_string());
        params.push(t.clone());
    }
    (clauses.join(" AND "), params)
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
    fn long_and_short_terms_take_different_paths() {
        let (sql, params) = search_condition(&["王".into(), "wang".into(), "a\"b".into()]);
        assert!(sql.contains("customer_fts MATCH"));
        assert!(sql.contains("instr(body"));
        assert_eq!(
            params,
            vec!["\"wang\" AND \"a\"\"b\"".to_string(), "王".to_string()]
        );
    }
}
