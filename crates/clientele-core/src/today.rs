//! The Today screen: what needs the owner today, at a glance. Overdue and due
//! reminders and contact cycles, open complaints (overdue first), birthdays
//! in the next seven days, and the customers contacted recently.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::complaints::{
    list_complaints, Complaint, ComplaintFilter, ComplaintStatus, ComplaintTargets,
};
use crate::contact_cycle::{cycle_state, local_date, ContactDue, CycleState};
use crate::db::Db;
use crate::error::Result;
use crate::interactions;
use crate::model::Interaction;
use crate::reminders::{from_row, select_sql, Reminder};
use crate::settings::complaint_settings;
use crate::stored_time::{read_opt_ts, read_ts, ts};

/// The most items a section lists (its total is always given).
pub const SECTION_LIMIT: usize = 20;
/// Birthdays from today to this many days ahead.
pub const BIRTHDAY_DAYS: i64 = 7;
/// "Recently contacted": within this many days, at most `RECENT_LIMIT` customers.
pub const RECENT_DAYS: i64 = 7;
pub const RECENT_LIMIT: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Birthday {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub birthday: NaiveDate,
    /// The day it falls on (29 February birthdays: 28 February in other years).
    pub on: NaiveDate,
    pub days_until: u32,
    /// The age they turn.
    pub age: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecentContact {
    pub customer_name: String,
    /// Their latest interaction.
    pub interaction: Interaction,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Today {
    pub date: NaiveDate,
    /// Open reminders due today or before, oldest first.
    pub reminders: Vec<Reminder>,
    pub reminders_total: u32,
    /// Customers past their contact cycle, most overdue first.
    pub contacts: Vec<ContactDue>,
    pub contacts_total: u32,
    /// Open and in-progress complaints, overdue first, then oldest first.
    pub complaints: Vec<Complaint>,
    pub complaints_total: u32,
    /// Soonest first.
    pub birthdays: Vec<Birthday>,
    pub birthdays_total: u32,
    pub recent: Vec<RecentContact>,
}

impl Today {
    /// What the start-up notification counts: things that need doing.
    pub fn due_count(&self) -> u32 {
        self.reminders_total + self.contacts_total + self.complaints_total
    }
}

/// A section's first `SECTION_LIMIT` items and how many there are in all.
type Section<T> = (Vec<T>, u32);

fn limited<T>(mut items: Vec<T>) -> Section<T> {
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    items.truncate(SECTION_LIMIT);
    (items, total)
}

fn due_reminders(conn: &Connection, today: NaiveDate) -> Result<(Vec<Reminder>, u32)> {
    // Trashed customers are few (and indexed): leaving theirs out by id spares
    // a customer row read per due reminder, thousands of them at scale.
    let total: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM reminders r
         WHERE r.done_at IS NULL AND r.deleted_at IS NULL AND r.due_on <= ?1
           AND r.customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)",
        )?
        .query_row([today.to_string()], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(&select_sql(
            "WHERE r.done_at IS NULL AND r.deleted_at IS NULL AND r.due_on <= ?1
               AND c.deleted_at IS NULL
             ORDER BY r.due_on, r.id LIMIT ?2",
        ))?
        .query_map(params![today.to_string(), SECTION_LIMIT as i64], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((rows, total))
}

fn open_complaints(
    conn: &Connection,
    now: DateTime<Utc>,
    targets: ComplaintTargets,
) -> Result<(Vec<Complaint>, u32)> {
    let filter = ComplaintFilter {
        statuses: vec![ComplaintStatus::Open, ComplaintStatus::InProgress],
        ..Default::default()
    };
    let mut open = list_complaints(conn, &filter, now, targets)?;
    open.sort_by_key(|c| {
        (
            !(c.response_overdue || c.resolution_overdue),
            c.received_at,
            c.id,
        )
    });
    Ok(limited(open))
}

/// The month-days (`MM-DD`) falling from `today` to `BIRTHDAY_DAYS` ahead, with their dates.
fn birthday_window(today: NaiveDate) -> Vec<(String, NaiveDate)> {
    let mut days = Vec::new();
    for n in 0..=BIRTHDAY_DAYS {
        let day = today + Duration::days(n);
        days.push((day.format("%m-%d").to_string(), day));
        if day.month() == 2 && day.day() == 28 && !day.leap_year() {
            days.push(("02-29".to_string(), day));
        }
    }
    days
}

/// Customers past their contact cycle, and birthdays in the window, each off
/// its own partial index (schema 4) so neither reads the customers' rows:
/// at 100,000 customers a scan of the table alone took ~42 ms.
fn contacts_and_birthdays(
    conn: &Connection,
    today: NaiveDate,
) -> Result<(Section<ContactDue>, Section<Birthday>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.contact_cycle_days, cc.last_contact_at, c.created_at
         FROM customers c INDEXED BY customers_with_cycle
         LEFT JOIN customer_contact cc ON cc.customer_id = c.id
         WHERE c.contact_cycle_days IS NOT NULL AND c.deleted_at IS NULL",
    )?;
    let mut due = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cycle: u32 = r.get(1)?;
        let last = read_opt_ts(r, 2)?;
        let added = read_ts(r, 3)?;
        let from = local_date(last.unwrap_or(added));
        if cycle_state(from, cycle, today) != CycleState::NotDue {
            // The name is read only for the few that are shown.
            due.push(ContactDue::new(
                r.get(0)?,
                String::new(),
                cycle,
                last,
                added,
                today,
            ));
        }
    }
    due.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let (mut due, due_total) = limited(due);
    let mut name = conn.prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
    for d in &mut due {
        d.customer_name = name.query_row([d.customer_id], |r| r.get(0))?;
    }

    let window = birthday_window(today);
    let keys: Vec<&str> = window.iter().map(|(k, _)| k.as_str()).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, birthday FROM customers INDEXED BY customers_by_birthday_day
         WHERE birthday IS NOT NULL AND deleted_at IS NULL
           AND substr(birthday, 6) IN (SELECT value FROM json_each(?1))",
    )?;
    let mut born = Vec::new();
    let mut rows = stmt.query([serde_json::to_string(&keys).expect("strings serialise")])?;
    while let Some(r) = rows.next()? {
        if let Some(b) = birthday(r, &window, today)? {
            born.push(b);
        }
    }
    born.sort_by_key(|b| (b.on, b.customer_id));
    Ok(((due, due_total), limited(born)))
}

/// The birthday of row `r` (id, name, birthday) if it falls in `window`.
fn birthday(
    r: &rusqlite::Row,
    window: &[(String, NaiveDate)],
    today: NaiveDate,
) -> Result<Option<Birthday>> {
    let Some(text) = r.get::<_, Option<String>>(2)? else {
        return Ok(None);
    };
    let key = text.get(5..).unwrap_or("");
    let Some((_, on)) = window.iter().find(|(k, _)| k == key) else {
        return Ok(None);
    };
    let Ok(birthday) = text.parse::<NaiveDate>() else {
        return Ok(None);
    };
    if birthday > *on {
        return Ok(None); // not born yet: a clock set far back
    }
    Ok(Some(Birthday {
        customer_id: r.get(0)?,
        customer_name: r.get(1)?,
        birthday,
        on: *on,
        days_until: u32::try_from((*on - today).num_days()).unwrap_or(0),
        age: u32::try_from(on.year() - birthday.year()).unwrap_or(0),
    }))
}

fn recent(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<RecentContact>> {
    // Newest first straight off the time index, so the loop below stops after
    // a few rows. The live-customer test is a lookup per row: written as
    // `customer_id IN (SELECT … FROM customers)` SQLite ran it the other way
    // round, every customer's interactions of the week, then a sort (0.35 s
    // at 100,000 customers and a million interactions).
    let sql = format!(
        "SELECT {}, (SELECT name FROM customers WHERE id = customer_id)
         FROM interactions
         WHERE deleted_at IS NULL AND occurred_at >= ?1 AND occurred_at <= ?2
           AND EXISTS (SELECT 1 FROM customers c WHERE c.id = customer_id AND c.deleted_at IS NULL)
         ORDER BY occurred_at DESC, id DESC",
        interactions::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    // Tomorrow's bound: interactions may be dated a little ahead.
    let mut rows = stmt.query(params![
        ts(now - Duration::days(RECENT_DAYS)),
        ts(now + Duration::days(1))
    ])?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let interaction = interactions::from_row(r)?;
        if seen.insert(interaction.customer_id) {
            out.push(RecentContact {
                customer_name: r.get(interactions::COLUMN_COUNT)?,
                interaction,
            });
            if out.len() == RECENT_LIMIT {
                break;
            }
        }
    }
    Ok(out)
}

pub fn today(conn: &Connection, now: DateTime<Utc>, targets: ComplaintTargets) -> Result<Today> {
    let date = local_date(now);
    let (reminders, reminders_total) = due_reminders(conn, date)?;
    let ((contacts, contacts_total), (birthdays, birthdays_total)) =
        contacts_and_birthdays(conn, date)?;
    let (complaints, complaints_total) = open_complaints(conn, now, targets)?;
    Ok(Today {
        date,
        reminders,
        reminders_total,
        contacts,
        contacts_total,
        complaints,
        complaints_total,
        birthdays,
        birthdays_total,
        recent: recent(conn, now)?,
    })
}

impl Db {
    pub fn today_overview(&self) -> Result<Today> {
        let now = self.now();
        self.read(|c| today(c, now, complaint_settings(c)?.targets()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_birthday_window_wraps_the_year_and_keeps_leap_birthdays() {
        let w = birthday_window(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
        let keys: Vec<&str> = w.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys.first(), Some(&"12-28"));
        assert_eq!(keys.last(), Some(&"01-04"));
        let w = birthday_window(NaiveDate::from_ymd_opt(2027, 2, 25).unwrap());
        assert!(w.contains(&(
            "02-29".into(),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        )));
        let w = birthday_window(NaiveDate::from_ymd_opt(2028, 2, 25).unwrap());
        assert!(w.contains(&(
            "02-29".into(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        )));
        assert_eq!(w.iter().filter(|(k, _)| k == "02-29").count(), 1);
    }
}
