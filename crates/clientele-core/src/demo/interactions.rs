//! Demo interactions: a year of visits, calls, messages, emails, purchases and
//! notes in shop hours, spread unevenly over the customers and written oldest
//! first, as a shop would have logged them (so a customer's interactions are
//! scattered through the table, as in real use).

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::Connection;

use super::texts::*;
use super::{at_local, pick, rng_for, STREAM_COUNTS, STREAM_INTERACTIONS};
use crate::contact_cycle::local_date;
use crate::error::Result;
use crate::interactions::{write_interaction, ValidInteraction};
use crate::model::InteractionKind;

/// What `demo --customers N` writes unless told otherwise.
pub const DEFAULT_INTERACTIONS_PER_CUSTOMER: usize = 10;

/// How many of `total` interactions each of `customers` gets: a weight per
/// customer (none, occasional, regular, very regular), and the total split in
/// proportion, rounded so that the counts add up to exactly `total`.
pub(super) fn counts(customers: usize, total: usize, seed: u64) -> Vec<usize> {
    let mut weights: Vec<u128> = (0..customers)
        .map(|i| {
            let mut rng = rng_for(seed, STREAM_COUNTS, i as u64, 0);
            match rng.u8(..100) {
                0..=11 => 0,
                12..=51 => rng.u128(1..=2),
                52..=81 => rng.u128(2..=5),
                _ => rng.u128(6..=16),
            }
        })
        .collect();
    if weights.iter().all(|w| *w == 0) {
        weights.fill(1); // a handful of customers who all drew "none"
    }
    let sum: u128 = weights.iter().sum();
    let (mut acc, mut given) = (0u128, 0u128);
    weights
        .into_iter()
        .map(|w| {
            acc += w;
            let upto = acc * total as u128 / sum.max(1);
            let n = upto - given;
            given = upto;
            n as usize
        })
        .collect()
}

/// The day (days before today) and the minute past midnight of one
/// interaction: recent weeks busier than the rest of the year, 08:00–20:59.
fn draw_moment(rng: &mut fastrand::Rng) -> (u32, u32) {
    let days = if rng.u8(..100) < 15 {
        rng.u32(..7)
    } else {
        rng.u32(..365)
    };
    (days, 8 * 60 + rng.u32(..13 * 60))
}

/// The moment itself; one that would lie after `now` (today, later than
/// the clock) happened the day before instead.
fn place(today: NaiveDate, now: DateTime<Utc>, days: u32, minute: u32) -> DateTime<Utc> {
    let on = |d: u32| {
        at_local(
            today.checked_sub_days(Days::new(d.into())).unwrap_or(today),
            minute,
        )
    };
    let at = on(days);
    if at <= now {
        at
    } else {
        on(days + 1).min(now)
    }
}

/// Everything but the moment, drawn after it from the same generator.
fn draw_content(rng: &mut fastrand::Rng, at: DateTime<Utc>) -> ValidInteraction {
    let kind = match rng.u8(..100) {
        0..=17 => InteractionKind::Visit,
        18..=35 => InteractionKind::Call,
        36..=57 => InteractionKind::Message,
        58..=62 => InteractionKind::Email,
        63..=92 => InteractionKind::Purchase,
        _ => InteractionKind::Note,
    };
    let (summary, amount_cents, items) = match kind {
        InteractionKind::Purchase => purchase(rng),
        other => {
            let list = match other {
                InteractionKind::Visit => VISITS,
                InteractionKind::Call => CALLS,
                InteractionKind::Message => MESSAGES,
                InteractionKind::Email => EMAILS,
                _ => NOTES,
            };
            (pick(rng, list).to_string(), None, None)
        }
    };
    ValidInteraction {
        kind,
        occurred_at: at,
        summary,
        amount_cents,
        refunded_cents: None,
        items,
    }
}

/// A purchase: one to three items (Chinese, now and then English) priced in
/// yuan, or now and then a wholesale order.
fn purchase(rng: &mut fastrand::Rng) -> (String, Option<i64>, Option<String>) {
    if rng.u8(..100) < 4 {
        let yuan = rng.i64(800..8_000);
        let items = pick(rng, WHOLESALE_ITEMS).to_string();
        return ("批发进货，开了发票".into(), Some(yuan * 100), Some(items));
    }
    let (list, sep) = if rng.u8(..100) < 85 {
        (ITEMS_ZH, "、")
    } else {
        (ITEMS_EN, ", ")
    };
    let mut names = Vec::with_capacity(3);
    let mut cents = 0i64;
    for _ in 0..1 + rng.usize(..3) {
        let (name, lo, hi) = pick(rng, list);
        if !names.contains(&name) {
            names.push(name);
            // Prices end in .00, .50, .80 or .90, as on a shop's labels.
            cents += i64::from(rng.u32(lo..=hi)) * 100 + [0, 0, 50, 80, 90][rng.usize(..5)];
        }
    }
    (
        pick(rng, PURCHASE_NOTES).to_string(),
        Some(cents),
        Some(names.join(sep)),
    )
}

/// Writes `total` interactions for the customers `ids`, oldest first.
pub(super) fn write(
    conn: &Connection,
    ids: &[i64],
    total: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let today = local_date(now);
    let counts = counts(ids.len(), total, seed);
    // First only the moments (16 bytes each, not the texts), to sort them.
    let mut order: Vec<(i64, u32, u32)> = Vec::with_capacity(counts.iter().sum());
    for (i, n) in counts.into_iter().enumerate() {
        for j in 0..n {
            let mut rng = rng_for(seed, STREAM_INTERACTIONS, i as u64, j as u64);
            let (days, minute) = draw_moment(&mut rng);
            let at = place(today, now, days, minute);
            order.push((at.timestamp_millis(), i as u32, j as u32));
        }
    }
    order.sort_unstable();
    bulk_load(conn, || {
        for (millis, i, j) in order {
            let mut rng = rng_for(seed, STREAM_INTERACTIONS, i.into(), j.into());
            draw_moment(&mut rng); // the moment is known; keep the draws in step
            let at = DateTime::from_timestamp_millis(millis).expect("made from a time");
            let v = draw_content(&mut rng, at);
            // Logged when it happened: created then.
            write_interaction(conn, ids[i as usize], &v, at)?;
        }
        Ok(())
    })
}

/// Runs `insert` with the interactions table's indexes and triggers set
/// aside, then puts them back exactly as they were (their SQL is read from the
/// schema, so a later migration's changes are kept) and brings up to date what
/// the insert trigger keeps: each customer's last contact, as migration 4 first
/// filled it.
///
/// A million inserts into indexes ordered by customer and by time are a
/// million random B-tree writes; building each index once, sorted, after the
/// rows are in halves the time. All within the caller's transaction: a
/// failure rolls the schema back with the rows.
fn bulk_load(conn: &Connection, insert: impl FnOnce() -> Result<()>) -> Result<()> {
    let set_aside: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema
             WHERE tbl_name = 'interactions' AND type IN ('index', 'trigger') AND sql IS NOT NULL
             ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &set_aside {
        // Names come from SQLite's own schema table; quoted all the same.
        conn.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    insert()?;
    for (_, _, sql) in &set_aside {
        conn.execute_batch(sql)?;
    }
    conn.execute_batch(
        "INSERT INTO customer_contact (customer_id, last_contact_at)
             SELECT customer_id, max(occurred_at) FROM interactions
             WHERE deleted_at IS NULL GROUP BY customer_id
         ON CONFLICT (customer_id) DO UPDATE SET last_contact_at = excluded.last_contact_at",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_to_the_total_and_are_uneven() {
        for (customers, total) in [(1, 0), (1, 7), (3, 10), (100, 1_000), (7, 1_000_003)] {
            let c = counts(customers, total, 42);
            assert_eq!(c.len(), customers);
            assert_eq!(c.iter().sum::<usize>(), total, "{customers} {total}");
        }
        assert!(counts(0, 100, 42).is_empty());
        let c = counts(1_000, 10_000, 42);
        let none = c.iter().filter(|n| **n == 0).count();
        assert!(
            (50..200).contains(&none),
            "some customers have none: {none}"
        );
        assert!(*c.iter().max().unwrap() > 30, "regulars have many");
        assert_eq!(c, counts(1_000, 10_000, 42));
    }

    #[test]
    fn a_moment_later_today_than_now_is_yesterday() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let now = at_local(today, 10 * 60);
        assert_eq!(place(today, now, 0, 9 * 60), at_local(today, 9 * 60));
        let yesterday = today.pred_opt().unwrap();
        assert_eq!(place(today, now, 0, 11 * 60), at_local(yesterday, 11 * 60));
        assert_eq!(place(today, now, 1, 11 * 60), at_local(yesterday, 11 * 60));
    }
}
