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
    pub contact_cycle_days: Option<u32>,
}

/// The live customers (not in the trash, not merged away), by id. Read from
/// the live-customer indexes, not the rows: a hundred thousand customers'
/// notes and addresses are ten times the bytes.
pub fn live_customers(conn: &Connection) -> Result<HashMap<i64, CustomerInfo>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, name FROM customers INDEXED BY customers_live_by_name WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            CustomerInfo {
                name: r.get(1)?,
                contact_cycle_days: None,
            },
        );
    }
    let mut stmt = conn.prepare(
        "SELECT id, contact_cycle_days FROM customers INDEXED BY customers_with_cycle
         WHERE contact_cycle_days IS NOT NULL AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(c) = out.get_mut(&r.get(0)?) {
            c.contact_cycle_days = r.get(1)?;
        }
    }
    Ok(out)
}

/// SQL for the customers in the trash (or merged away): `customer_id NOT IN`
/// this is "a live customer's", answered from the small trash index rather
/// than a look at each customer's row.
pub const TRASHED_CUSTOMER_IDS: &str = "(SELECT id FROM customers WHERE deleted_at IS NOT NULL)";

/// Turns stored UTC times into the owner's calendar days. Time-zone rules
/// change on whole UTC hours, so within one UTC hour (the stored text's first
/// 13 bytes, `YYYY-MM-DDTHH`) the offset is fixed; with a whole-hour offset
/// the local day is too, and a million purchases share a few thousand hours:
/// most are looked up, not parsed.
#[derive(Default)]
pub struct LocalDays {
    hours: HashMap<[u8; 13], HourRule>,
}

#[derive(Clone, Copy)]
enum HourRule {
    /// A whole-hour offset: every instant of the hour falls on this day.
    Day(NaiveDate),
    /// An offset like +05:45: the day depends on the minutes.
    Offset(i32),
}

impl LocalDays {
    pub fn day(&mut self, stored: &str) -> Option<NaiveDate> {
        let key: Option<[u8; 13]> = stored.as_bytes().get(..13).and_then(|k| k.try_into().ok());
        let rule = key.and_then(|k| self.hours.get(&k).copied());
        if let Some(HourRule::Day(day)) = rule {
            return Some(day);
        }
        let t = DateTime::parse_from_rfc3339(stored)
            .ok()?
            .with_timezone(&Utc);
        let offset = match rule {
            Some(HourRule::Offset(o)) => o,
            _ => t.with_timezone(&Local).offset().fix().local_minus_utc(),
        };
        let day = (t.naive_utc() + chrono::Duration::seconds(offset.into())).date();
        if let (Some(k), None) = (key, rule) {
            let rule = if offset % 3600 == 0 {
                HourRule::Day(day)
            } else {
                HourRule::Offset(offset)
            };
            self.hours.insert(k, rule);
        }
        Some(day)
    }
}

/// A purchase row as the figures count it: `None` when it was refunded in
/// full (the customer did not, in the end, buy anything) or has no readable time.
pub fn counted(
    days: &mut LocalDays,
    occurred_at: &str,
    amount: Option<i64>,
    refunded: Option<i64>,
) -> Option<Purchase> {
    let (amount, refunded) = (amount.unwrap_or(0), refunded.unwrap_or(0));
    if refunded > 0 && refunded >= amount {
        return None;
    }
    Some(Purchase {
        on: days.day(occurred_at)?,
        net_cents: amount - refunded,
    })
}

/// Calls `each` with every live customer's counted purchases up to `until`
/// (inclusive), oldest first (see `counted`).
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
        if let Some(p) = counted(&mut days, r.get_ref(1)?.as_str()?, r.get(2)?, r.get(3)?) {
            if p.on <= until {
                history.push(p);
            }
        }
    }
    if let Some(done) = current.filter(|_| !history.is_empty()) {
        each(done, &history);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instant_of_an_hour_lands_on_the_local_day_of_that_instant() {
        // Whatever zone the tests run in: the looked-up day (second call)
        // agrees with chrono's own conversion at both ends of the hour.
        let mut days = LocalDays::default();
        for stored in [
            "2026-06-10T23:00:00.000Z",
            "2026-06-10T23:59:59.999Z",
            "2026-06-10T15:30:00.000Z",
            "2026-06-10T15:59:00.000Z",
            "2026-03-29T01:10:00.000Z",
        ] {
            let want = DateTime::parse_from_rfc3339(stored)
                .unwrap()
                .with_timezone(&Local)
                .date_naive();
            assert_eq!(days.day(stored), Some(want), "{stored} first");
            assert_eq!(days.day(stored), Some(want), "{stored} looked up");
        }
        assert_eq!(days.day("not a time"), None);
    }
}
