//! Contact cycles (联系周期): a customer with a cycle of N days is due for
//! contact N days after their last interaction, and overdue at twice that.
//! Logging any interaction moves the date, so nobody is reminded to call a
//! customer they talked to yesterday. Days are the owner's local calendar days.

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::customers::get_customer;
use crate::db::Db;
use crate::error::Result;
use crate::stored_time::read_ts;

/// The owner's calendar day at instant `t`.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// Where a customer stands in their contact cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CycleState {
    NotDue,
    /// Past the cycle.
    Due,
    /// Past twice the cycle.
    Overdue,
}

/// The state on `today` of a cycle of `cycle_days` counted from `last_contact_on`.
/// A clock set back before the last contact is never due.
///
/// ```
/// use chrono::NaiveDate;
/// use clientele_core::contact_cycle::{cycle_state, CycleState};
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// assert_eq!(cycle_state(d(11, 1), 30, d(11, 30)), CycleState::NotDue);
/// assert_eq!(cycle_state(d(11, 1), 30, d(12, 1)), CycleState::Due);
/// assert_eq!(cycle_state(d(10, 1), 30, d(11, 30)), CycleState::Overdue);
/// ```
pub fn cycle_state(last_contact_on: NaiveDate, cycle_days: u32, today: NaiveDate) -> CycleState {
    let since = (today - last_contact_on).num_days();
    let cycle = i64::from(cycle_days.max(1));
    if since >= 2 * cycle {
        CycleState::Overdue
    } else if since >= cycle {
        CycleState::Due
    } else {
        CycleState::NotDue
    }
}

/// The day the next contact is due.
pub fn next_contact_on(last_contact_on: NaiveDate, cycle_days: u32) -> NaiveDate {
    last_contact_on
        .checked_add_days(chrono::Days::new(u64::from(cycle_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// A customer's place in their contact cycle, for Today and the detail page.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactDue {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub cycle_days: u32,
    /// Their newest interaction; `None` when there is none yet (the cycle
    /// then counts from when they were added).
    pub last_contact_at: Option<DateTime<Utc>>,
    pub next_due_on: NaiveDate,
    /// Days past the due date (negative: days left).
    #[ts(type = "number")]
    pub days_overdue: i64,
    pub state: CycleState,
}

impl ContactDue {
    pub fn new(
        customer_id: i64,
        customer_name: String,
        cycle_days: u32,
        last_contact_at: Option<DateTime<Utc>>,
        added_at: DateTime<Utc>,
        today: NaiveDate,
    ) -> ContactDue {
        let from = local_date(last_contact_at.unwrap_or(added_at));
        let next_due_on = next_contact_on(from, cycle_days);
        ContactDue {
            customer_id,
            customer_name,
            cycle_days,
            last_contact_at,
            next_due_on,
            days_overdue: (today - next_due_on).num_days(),
            state: cycle_state(from, cycle_days, today),
        }
    }
}

/// Where customer `id` stands in their contact cycle; `None` without a cycle.
pub fn contact_due(conn: &Connection, id: i64, today: NaiveDate) -> Result<Option<ContactDue>> {
    let c = get_customer(conn, id)?;
    let Some(cycle) = c.contact_cycle_days else {
        return Ok(None);
    };
    let last = conn
        .query_row(
            "SELECT last_contact_at FROM customer_contact WHERE customer_id = ?1",
            [id],
            |r| read_ts(r, 0),
        )
        .optional()?;
    Ok(Some(ContactDue::new(
        id,
        c.name,
        cycle,
        last,
        c.created_at,
        today,
    )))
}

impl Db {
    pub fn contact_due(&self, customer_id: i64) -> Result<Option<ContactDue>> {
        let today = self.today();
        self.read(|c| contact_due(c, customer_id, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn cycles_cross_month_ends_and_leap_days() {
        // 30 days after 31 January of a leap year is 1 March.
        assert_eq!(next_contact_on(d(2028, 1, 31), 30), d(2028, 3, 1));
        assert_eq!(next_contact_on(d(2027, 1, 31), 30), d(2027, 3, 2));
        assert_eq!(next_contact_on(d(2028, 2, 29), 365), d(2029, 2, 28));
        assert_eq!(
            cycle_state(d(2028, 2, 1), 28, d(2028, 2, 28)),
            CycleState::NotDue
        );
        assert_eq!(
            cycle_state(d(2028, 2, 1), 28, d(2028, 2, 29)),
            CycleState::Due
        );
        assert_eq!(
            cycle_state(d(2026, 12, 20), 7, d(2027, 1, 3)),
            CycleState::Overdue
        );
    }

    #[test]
    fn a_clock_set_back_is_never_due() {
        assert_eq!(
            cycle_state(d(2026, 11, 23), 1, d(2026, 11, 1)),
            CycleState::NotDue
        );
    }
}
