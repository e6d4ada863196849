//! Interactions (联系记录): every visit, call, message, email, purchase or note
//! recorded against a customer, with its rules and its store.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::customers::{get_customer, require_live_customer};
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::model::{Interaction, InteractionInput, InteractionKind};
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::parse_date;

pub const MAX_SUMMARY_CHARS: usize = 10_000;
/// The largest amount one purchase may carry: 100,000,000.00.
pub const MAX_AMOUNT_CENTS: i64 = 10_000_000_000;
/// How far ahead an interaction may be dated (clocks and time zones differ a little).
const FUTURE_SLACK_HOURS: i64 = 24;

/// An interaction that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidInteraction {
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub amount_cents: Option<i64>,
    /// Purchases only: money given back; never more than the amount.
    pub refunded_cents: Option<i64>,
    pub items: Option<String>,
}

/// Checks an interaction; `now` fills an empty time and bounds a future one.
///
/// ```
/// use clientele_core::{interactions::validate_interaction, model::InteractionInput};
/// let now = chrono::Utc::now();
/// let call = InteractionInput { kind: "call".into(), summary: "no answer".into(), ..Default::default() };
/// assert_eq!(validate_interaction(&call, now).unwrap().occurred_at, now);
/// let bad = InteractionInput { kind: "purchase".into(), amount: "-5".into(), ..Default::default() };
/// assert_eq!(bad_fields(&bad, now), vec!["amount"]);
/// # fn bad_fields(i: &InteractionInput, now: chrono::DateTime<chrono::Utc>) -> Vec<String> {
/// #     validate_interaction(i, now).unwrap_err().field_errors().iter().map(|f| f.field.clone()).collect()
/// # }
/// ```
pub fn validate_interaction(
    input: &InteractionInput,
    now: DateTime<Utc>,
) -> Result<ValidInteraction> {
    let mut errors = Vec::new();
    let kind = InteractionKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            if input.kind.trim().is_empty() {
                "required"
            } else {
                "invalid"
            },
        ));
    }

    let occurred_at = match input.occurred_at.trim() {
        "" => Some(now),
        text => match parse_moment(text) {
            None => {
                errors.push(FieldError::new("occurredAt", "invalid"));
                None
            }
            Some(t) if t > now + chrono::Duration::hours(FUTURE_SLACK_HOURS) => {
                errors.push(FieldError::new("occurredAt", "inFuture"));
                None
            }
            Some(t) if t.date_naive() < chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() => {
                errors.push(FieldError::new("occurredAt", "tooOld").limit(1900));
                None
            }
            Some(t) => Some(t),
        },
    };

    let summary = input.summary.trim().to_string();
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        errors.push(FieldError::new("summary", "tooLong").limit(MAX_SUMMARY_CHARS as u32));
    }
    if kind == Some(InteractionKind::Note) && summary.is_empty() {
        errors.push(FieldError::new("summary", "required"));
    }

    let amount_text = input.amount.trim();
    let amount_cents = match (kind, amount_text) {
        (Some(InteractionKind::Purchase), "") => {
            errors.push(FieldError::new("amount", "required"));
            None
        }
        (Some(InteractionKind::Purchase), text) => match parse_amount(text) {
            Some(c) if c <= MAX_AMOUNT_CENTS => Some(c),
            Some(_) => {
                errors.push(FieldError::new("amount", "outOfRange").limit(100_000_000));
                None
            }
            None => {
                errors.push(FieldError::new("amount", "invalid"));
                None
            }
        },
        (_, "") => None,
        (_, _) => {
            // Money belongs to purchases; elsewhere it would be silently lost.
            errors.push(FieldError::new("amount", "notAPurchase"));
            None
        }
    };
    let refunded_cents = validate_refund(kind, input.refund.trim(), amount_cents, &mut errors);
    let items = Some(input.items.trim().to_string()).filter(|s| !s.is_empty());
    if items
        .as_ref()
        .is_some_and(|i| i.chars().count() > MAX_SUMMARY_CHARS)
    {
        errors.push(FieldError::new("items", "tooLong").limit(MAX_SUMMARY_CHARS as u32));
    }

    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(ValidInteraction {
        kind: kind.expect("checked above"),
        occurred_at: occurred_at.expect("checked above"),
        summary,
        amount_cents,
        refunded_cents,
        items: if kind == Some(InteractionKind::Purchase) {
            items
        } else {
            None
        },
    })
}

/// A refund belongs to a purchase and gives back at most what was paid; an
/// empty or zero refund is none.
fn validate_refund(
    kind: Option<InteractionKind>,
    text: &str,
    amount_cents: Option<i64>,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    if kind != Some(InteractionKind::Purchase) {
        errors.push(FieldError::new("refund", "notAPurchase"));
        return None;
    }
    match parse_amount(text) {
        None => {
            errors.push(FieldError::new("refund", "invalid"));
            None
        }
        Some(0) => None,
        Some(c) if amount_cents.is_some_and(|a| c > a) => {
            errors.push(FieldError::new("refund", "moreThanAmount"));
            None
        }
        Some(c) => Some(c),
    }
}

/// `2026-11-20T14:00:00+08:00`, or local `2026-11-20 14:00` / `2026-11-20T14:00`, or a date alone.
pub fn parse_moment(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| parse_date(s).and_then(|d| d.and_hms_opt(12, 0, 0)))?;
    // A local time that does not exist (a DST gap) is refused, not guessed.
    Local
        .from_local_datetime(&local)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// `128`, `128.5`, `128.50`, `1,280.00`, `¥128` → hundredths. Negative or
/// more than two decimals → `None`.
pub fn parse_amount(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 12 {
        return None;
    }
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + cents)
}

pub(crate) const COLUMNS: &str = "id, customer_id, kind, occurred_at, summary, amount_cents, items,
     created_at, updated_at, deleted_at, refunded_cents";
/// How many columns `COLUMNS` names: where a query's own extra columns start.
pub(crate) const COLUMN_COUNT: usize = 11;

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        kind: InteractionKind::parse(&r.get::<_, String>(2)?).unwrap_or(InteractionKind::Note),
        occurred_at: read_ts(r, 3)?,
        summary: r.get(4)?,
        amount_cents: r.get(5)?,
        items: r.get(6)?,
        created_at: read_ts(r, 7)?,
        updated_at: read_ts(r, 8)?,
        deleted_at: read_opt_ts(r, 9)?,
        refunded_cents: r.get(10)?,
    })
}

pub fn insert_interaction(
    conn: &Connection,
    customer_id: i64,
    v: &ValidInteraction,
    now: DateTime<Utc>,
) -> Result<i64> {
    require_live_customer(conn, customer_id)?;
    write_interaction(conn, customer_id, v, now)
}

/// The insert alone, for callers that know the customer is live: the demo
/// writes a million of these for customers it has just added, and reading the
/// customer back for each would double its time.
pub(crate) fn write_interaction(
    conn: &Connection,
    customer_id: i64,
    v: &ValidInteraction,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO interactions (customer_id, kind, occurred_at, summary, amount_cents, items,
                                   created_at, updated_at, refunded_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    )?
    .execute(params![
        customer_id,
        v.kind.as_str(),
        ts(v.occurred_at),
        v.summary,
        v.amount_cents,
        v.items,
        ts(now),
        v.refunded_cents
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn get_interaction(conn: &Connection, id: i64) -> Result<Interaction> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM interactions WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::InteractionNotFound(id))
}

pub fn update_interaction(
    conn: &Connection,
    id: i64,
    v: &ValidInteraction,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = get_interaction(conn, id)?;
    require_live_customer(conn, existing.customer_id)?;
    conn.execute(
        "UPDATE interactions SET kind = ?2, occurred_at = ?3, summary = ?4, amount_cents = ?5,
                items = ?6, updated_at = ?7, refunded_cents = ?8 WHERE id = ?1",
        params![
            id,
            v.kind.as_str(),
            ts(v.occurred_at),
            v.summary,
            v.amount_cents,
            v.items,
            ts(now),
            v.refunded_cents
        ],
    )?;
    Ok(())
}

/// A customer's interactions, newest first (the trashed ones only when asked).
pub fn list_interactions(
    conn: &Connection,
    customer_id: i64,
    trash: bool,
) -> Result<Vec<Interaction>> {
    get_customer(conn, customer_id)?;
    let filter = if trash {
        "deleted_at IS NOT NULL"
    } else {
        "deleted_at IS NULL"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM interactions WHERE customer_id = ?1 AND {filter}
         ORDER BY occurred_at DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([customer_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Db {
    pub fn add_interaction(
        &self,
        customer_id: i64,
        input: &InteractionInput,
    ) -> Result<Interaction> {
        let now = self.now();
        let valid = validate_interaction(input, now)?;
        self.write(|tx| {
            let id = insert_interaction(tx, customer_id, &valid, now)?;
            get_interaction(tx, id)
        })
    }

    pub fn update_interaction(&self, id: i64, input: &InteractionInput) -> Result<Interaction> {
        let now = self.now();
        let valid = validate_interaction(input, now)?;
        self.write(|tx| {
            update_interaction(tx, id, &valid, now)?;
            get_interaction(tx, id)
        })
    }

    /// Moves an interaction to the trash.
    pub fn trash_interaction(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
            get_interaction(tx, id)?;
            tx.execute(
                "UPDATE interactions SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, ts(now)],
            )?;
            Ok(())
        })
    }

    pub fn restore_interaction(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            let i = get_interaction(tx, id)?;
            require_live_customer(tx, i.customer_id)?;
            tx.execute(
                "UPDATE interactions SET deleted_at = NULL WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
    }

    pub fn list_interactions(&self, customer_id: i64) -> Result<Vec<Interaction>> {
        self.read(|c| list_interactions(c, customer_id, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_hundredths() {
        assert_eq!(parse_amount("128"), Some(12_800));
        assert_eq!(parse_amount("128.5"), Some(12_850));
        assert_eq!(parse_amount("128.05"), Some(12_805));
        assert_eq!(parse_amount("¥1,280.00"), Some(128_000));
        assert_eq!(parse_amount("0"), Some(0));
        for bad in ["-1", "1.234", "abc", "", ".5", "1e3", "12.3.4"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    fn rules(input: InteractionInput) -> Vec<(String, String)> {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        match validate_interaction(&input, now) {
            Ok(_) => vec![],
            Err(e) => e
                .field_errors()
                .iter()
                .map(|f| (f.field.clone(), f.rule.clone()))
                .collect(),
        }
    }

    fn kind(k: &str) -> InteractionInput {
        InteractionInput {
            kind: k.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_rules_of_an_interaction() {
        assert!(rules(kind("call")).is_empty(), "a call needs nothing more");
        assert_eq!(rules(kind("")), vec![("kind".into(), "required".into())]);
        assert_eq!(rules(kind("fax")), vec![("kind".into(), "invalid".into())]);
        assert_eq!(
            rules(kind("note")),
            vec![("summary".into(), "required".into())]
        );
        assert_eq!(
            rules(kind("purchase")),
            vec![("amount".into(), "required".into())]
        );
        assert_eq!(
            rules(InteractionInput {
                amount: "-3".into(),
                ..kind("purchase")
            }),
            vec![("amount".into(), "invalid".into())]
        );
        assert_eq!(
            rules(InteractionInput {
                amount: "5".into(),
                ..kind("call")
            }),
            vec![("amount".into(), "notAPurchase".into())]
        );
        assert_eq!(
            rules(InteractionInput {
                occurred_at: "2026-02-30 10:00".into(),
                ..kind("visit")
            }),
            vec![("occurredAt".into(), "invalid".into())]
        );
        assert_eq!(
            rules(InteractionInput {
                occurred_at: "2027-01-01T00:00:00Z".into(),
                ..kind("visit")
            }),
            vec![("occurredAt".into(), "inFuture".into())]
        );
        assert_eq!(
            rules(InteractionInput {
                occurred_at: "1899-12-31T00:00:00Z".into(),
                ..kind("visit")
            }),
            vec![("occurredAt".into(), "tooOld".into())]
        );
        assert!(rules(InteractionInput {
            occurred_at: "2024-02-29 18:30".into(),
            ..kind("visit")
        })
        .is_empty());
        assert!(rules(InteractionInput {
            amount: "99.90".into(),
            ..kind("消费")
        })
        .is_empty());
    }
}
