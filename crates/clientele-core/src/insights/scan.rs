//! Reads every counted purchase once, customer by customer, in date order:
//! the one pass that loyalty, value and revenue figures are built from.

use std::collections::HashMap;

use chrono::{DateTime, Local, NaiveDate, Offset, Utc};
use rusqlite::Connection;

use crate::error::Result;

/// A purchase as the figures see it: its local day and what it brought after refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purchase {
    pub on: NaiveDate,
    pub net_cents: i64,
}

/// A live customer's name and what the figures need besides purchases.
#[derive(Debug, Clone)]
pub struct CustomerInfo {
    pub name: String,
    pub phone: Option<String>,
    pub contact_cycle_days: Option<u32>,
}

/// The live customers (not in the trash, not merged away), by id.
pub fn live_customers(conn: &Connection) -> Result<HashMap<i64, CustomerInfo>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, json_extract(phones, '$[0]'), contact_cycle_days
         FROM customers WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            CustomerInfo {
                name: r.get(1)?,
                phone: r.get(2)?,
                contact_cycle_days: r.get(3)?,
            },
        );
    }
    Ok(out)
}

/// Turns stored UTC times into the owner's calendar days. The offset is
/// looked up once per UTC hour: time-zone rules change on whole hours, and a
/// million purchases share a few thousand hours.
#[derive(Default)]
pub struct LocalDays {
    offsets: HashMap<[u8; 13], i32>,
}

impl LocalDays {
    pub fn day(&mut self, stored: &str) -> Option<NaiveDate> {
        let t = DateTime::parse_from_rfc3339(stored)
            .ok()?
            .with_timezone(&Utc);
        let offset = match stored
            .as_bytes()
            .get(..13)
            .and_then(|k| <[u8; 13]>::try_from(k).ok())
        {
            Some(key) => *self
                .offsets
                .entry(key)
                .or_insert_with(|| t.with_timezone(&Local).offset().fix().local_minus_utc()),
            None => t.with_timezone(&Local).offset().fix().local_minus_utc(),
        };
        Some((t.naive_utc() + chrono::Duration::seconds(offset.into())).date())
    }
}

/// Calls `each` with every live customer's counted purchases up to `until`
/// (inclusive), oldest first. A purchase refunded in full is not counted: the
/// customer did not, in the end, buy anything.
pub fn for_each_history(
    conn: &Connection,
    live: &HashMap<i64, CustomerInfo>,
    until: NaiveDate,
    mut each: impl FnMut(i64, &[Purchase]),
) -> Result<()> {
    // The covering index `interactions_purchases` gives the rows in
    // (customer, time) order without touching the table.
    let mut stmt = conn.prepare(
        "SELECT customer_id, occurred_at, amount_cents, refunded_cents FROM interactions
         INDEXED BY interactions_purchases
         WHERE kind = 'purchase' AND deleted_at IS NULL
         ORDER BY customer_id, occurred_at",
    )?;
    let mut rows = stmt.query([])?;
    let mut days = LocalDays::default();
    let mut current: Option<i64> = None;
    let mut history: Vec<Purchase> = Vec::new();
    while let Some(r) = rows.next()? {
        let customer: i64 = r.get(0)?;
        if current != Some(customer) {
            if let Some(done) = current.filter(|_| !history.is_empty()) {
                each(done, &history);
            }
            history.clear();
            current = Some(customer);
        }
        if !live.contains_key(&customer) {
            continue;
        }
        let amount: Option<i64> = r.get(2)?;
        let refunded: Option<i64> = r.get(3)?;
        let (amount, refunded) = (amount.unwrap_or(0), refunded.unwrap_or(0));
        if refunded > 0 && refunded >= amount {
            continue;
        }
        let stored = r.get_ref(1)?.as_str()?;
        let Some(on) = days.day(stored) else { continue };
        if on > until {
            continue;
        }
        history.push(Purchase {
            on,
            net_cents: amount - refunded,
        });
    }
    if let Some(done) = current.filter(|_| !history.is_empty()) {
        each(done, &history);
    }
    Ok(())
}
