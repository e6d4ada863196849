//! Before a customer is saved: who already has one of these phones or this
//! email? The form warns, so the same person is not typed in twice.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::db::Db;
use crate::error::Result;
use crate::import::{email_key, phone_key};
use crate::model::CustomerInput;

/// A live customer who already has a phone or the email being saved.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactMatch {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The phone or email they share, as the other customer has it.
    pub matched_on: String,
}

/// Candidates come from the search bodies (which hold every phone's digits
/// and the email), then each is checked exactly.
fn matches(
    conn: &Connection,
    input: &CustomerInput,
    except: Option<i64>,
) -> Result<Vec<ContactMatch>> {
    let mut wanted: Vec<(String, String)> = input
        .phones
        .iter()
        .filter_map(|p| phone_key(p).map(|k| (k, p.clone())))
        .collect();
    let email = input.email.trim();
    if !email.is_empty() {
        wanted.push((email_key(email), email.to_string()));
    }
    let mut out: Vec<ContactMatch> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.phones, c.email FROM customer_search s
         JOIN customers c ON c.id = s.id
         WHERE c.deleted_at IS NULL AND contains_text(s.body, ?1)",
    )?;
    for (key, _) in &wanted {
        // The digits (or the email) as the body holds them.
        let needle = key[2..].to_string();
        let mut rows = stmt.query([&needle])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if Some(id) == except || out.iter().any(|m| m.id == id) {
                continue;
            }
            let phones: Vec<String> =
                serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default();
            let email: Option<String> = r.get(3)?;
            let shared = phones
                .iter()
                .find(|p| phone_key(p).as_deref() == Some(key.as_str()))
                .cloned()
                .or_else(|| email.filter(|e| email_key(e) == *key));
            if let Some(matched_on) = shared {
                out.push(ContactMatch {
                    id,
                    name: r.get(1)?,
                    matched_on,
                });
            }
        }
    }
    Ok(out)
}

impl Db {
    /// Live customers (other than `except`, the one being edited) who already
    /// have one of `input`'s phones (ignoring spaces, dashes and a +86
    /// prefix) or its email (ignoring case).
    pub fn contact_matches(
        &self,
        input: &CustomerInput,
        except: Option<i64>,
    ) -> Result<Vec<ContactMatch>> {
        self.read(|conn| matches(conn, input, except))
    }
}
