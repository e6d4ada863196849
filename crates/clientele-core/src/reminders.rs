//! Follow-ups and reminders (回访 / 提醒): one-off or recurring, done (with
//! the interaction logged in the same step), snoozed, or deleted to the trash.
//!
//! A recurring reminder is a series of rows: completing one writes the next.
//! "Fixed" series keep to the calendar that started on `anchor_on` (monthly on
//! the 31st falls on the 30th or 28th in shorter months, and back on the 31st
//! after); "after done" series count from the day the last one was done.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact_cycle::local_date;
use crate::customers::{get_customer, require_live_customer};
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::interactions::{get_interaction, insert_interaction, validate_interaction};
use crate::model::{Interaction, InteractionInput};
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::string_enum::string_enum;
use crate::validate::parse_date;

pub const MAX_NOTE_CHARS: usize = 10_000;
pub const MAX_REPEAT_EVERY: u32 = 999;
/// How far ahead a reminder may be set.
pub const MAX_YEARS_AHEAD: u32 = 10;

string_enum!(
    /// How a recurring reminder finds its next date.
    RepeatRule { Fixed => "fixed", AfterDone => "afterDone" }
);
string_enum!(RepeatUnit { Day => "day", Week => "week", Month => "month" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Repeat {
    pub rule: RepeatRule,
    pub every: u32,
    pub unit: RepeatUnit,
}

impl Repeat {
    /// `date` moved on by `times` steps; `None` past the calendar's end.
    pub fn step(self, date: NaiveDate, times: u32) -> Option<NaiveDate> {
        let n = self.every.checked_mul(times)?;
        match self.unit {
            RepeatUnit::Day => date.checked_add_days(Days::new(n.into())),
            RepeatUnit::Week => date.checked_add_days(Days::new(u64::from(n) * 7)),
            RepeatUnit::Month => date.checked_add_months(Months::new(n)),
        }
    }

    /// The date of the reminder that follows one due on `due_on`, done on `done_on`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use clientele_core::reminders::{Repeat, RepeatRule, RepeatUnit};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let monthly = Repeat { rule: RepeatRule::Fixed, every: 1, unit: RepeatUnit::Month };
    /// // Monthly from 31 January: 29 February (leap year), then 31 March.
    /// assert_eq!(monthly.next(d(2028, 1, 31), d(2028, 1, 31), d(2028, 1, 31)), Some(d(2028, 2, 29)));
    /// assert_eq!(monthly.next(d(2028, 1, 31), d(2028, 2, 29), d(2028, 2, 29)), Some(d(2028, 3, 31)));
    /// let after = Repeat { rule: RepeatRule::AfterDone, every: 2, unit: RepeatUnit::Week };
    /// assert_eq!(after.next(d(2026, 11, 1), d(2026, 11, 1), d(2026, 11, 5)), Some(d(2026, 11, 19)));
    /// ```
    pub fn next(
        self,
        anchor_on: NaiveDate,
        due_on: NaiveDate,
        done_on: NaiveDate,
    ) -> Option<NaiveDate> {
        match self.rule {
            RepeatRule::AfterDone => self.step(done_on, 1),
            RepeatRule::Fixed => {
                // The first date of the schedule after both this one and the
                // day it was done: missed dates are skipped, not piled up.
                let after = due_on.max(done_on);
                let mut k = self
                    .estimate_steps(anchor_on, after)
                    .saturating_sub(1)
                    .max(1);
                loop {
                    let date = self.step(anchor_on, k)?;
                    if date > after {
                        return Some(date);
                    }
                    k = k.checked_add(1)?;
                }
            }
        }
    }

    /// About how many steps lie between `from` and `to` (never more than the truth).
    fn estimate_steps(self, from: NaiveDate, to: NaiveDate) -> u32 {
        use chrono::Datelike;
        let every = i64::from(self.every.max(1));
        let steps = match self.unit {
            RepeatUnit::Day => (to - from).num_days() / every,
            RepeatUnit::Week => (to - from).num_days() / (7 * every),
            RepeatUnit::Month => {
                let months = i64::from(to.year() - from.year()) * 12 + i64::from(to.month())
                    - i64::from(from.month());
                (months - 1) / every
            }
        };
        u32::try_from(steps.max(0)).unwrap_or(u32::MAX)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    /// The complaint this follows up (service recovery), if any.
    #[ts(type = "number | null")]
    pub complaint_id: Option<i64>,
    pub due_on: NaiveDate,
    pub note: String,
    pub repeat: Option<Repeat>,
    pub anchor_on: NaiveDate,
    pub done_at: Option<DateTime<Utc>>,
    /// The interaction logged when it was done.
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// What the reminder form (or the CLI) sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ReminderInput {
    /// `YYYY-MM-DD` (also `2026/11/23`, `2026年11月23日`).
    pub due_on: String,
    pub note: String,
    /// Empty for a one-off reminder, else `fixed` or `afterDone`.
    pub repeat_rule: String,
    pub repeat_every: String,
    /// `day`, `week` or `month`.
    pub repeat_unit: String,
}

/// How to snooze: by some days (from today, or from the due date if later), or to a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Snooze {
    pub days: Option<u32>,
    pub until: String,
}

/// What completing a reminder did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Completed {
    pub reminder: Reminder,
    /// The next one of a recurring series.
    pub next: Option<Reminder>,
    pub interaction: Option<Interaction>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidReminder {
    pub due_on: NaiveDate,
    pub note: String,
    pub repeat: Option<Repeat>,
}

fn latest_allowed(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(12 * MAX_YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX)
}

/// Checks a due date typed by the user: a real date, not past, not absurdly far.
fn due_date(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, "required"));
        return None;
    }
    match parse_date(text) {
        None => errors.push(FieldError::new(field, "invalid")),
        Some(d) if d < today => errors.push(FieldError::new(field, "inPast")),
        Some(d) if d > latest_allowed(today) => {
            errors.push(FieldError::new(field, "tooFar").limit(MAX_YEARS_AHEAD))
        }
        Some(d) => return Some(d),
    }
    None
}

/// Checks a reminder; `today` (the owner's calendar day) bounds the due date.
pub fn validate_reminder(input: &ReminderInput, today: NaiveDate) -> Result<ValidReminder> {
    let mut errors = Vec::new();
    let due_on = due_date(&mut errors, "dueOn", &input.due_on, today);
    let note = input.note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.push(FieldError::new("note", "tooLong").limit(MAX_NOTE_CHARS as u32));
    }
    let repeat = match input.repeat_rule.trim() {
        "" => None,
        rule_text => {
            let rule = RepeatRule::parse(rule_text);
            if rule.is_none() {
                errors.push(FieldError::new("repeatRule", "invalid"));
            }
            let every = match input.repeat_every.trim() {
                "" => {
                    errors.push(FieldError::new("repeatEvery", "required"));
                    None
                }
                t => match t.parse::<u32>() {
                    Ok(n) if (1..=MAX_REPEAT_EVERY).contains(&n) => Some(n),
                    _ => {
                        errors.push(
                            FieldError::new("repeatEvery", "outOfRange").limit(MAX_REPEAT_EVERY),
                        );
                        None
                    }
                },
            };
            let unit = RepeatUnit::parse(&input.repeat_unit);
            if unit.is_none() {
                errors.push(FieldError::new("repeatUnit", "invalid"));
            }
            match (rule, every, unit) {
                (Some(rule), Some(every), Some(unit)) => Some(Repeat { rule, every, unit }),
                _ => None,
            }
        }
    };
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(ValidReminder {
        due_on: due_on.expect("checked above"),
        note,
        repeat,
    })
}

const COLUMNS: &str =
    "r.id, r.customer_id, c.name, r.complaint_id, r.due_on, r.note, r.repeat_rule,
     r.repeat_every, r.repeat_unit, r.anchor_on, r.done_at, r.interaction_id, r.created_at,
     r.updated_at, r.deleted_at";

fn read_date(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(i)?;
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Reminder> {
    let rule = r
        .get::<_, Option<String>>(6)?
        .and_then(|s| RepeatRule::parse(&s));
    let every: Option<u32> = r.get(7)?;
    let unit = r
        .get::<_, Option<String>>(8)?
        .and_then(|s| RepeatUnit::parse(&s));
    Ok(Reminder {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        complaint_id: r.get(3)?,
        due_on: read_date(r, 4)?,
        note: r.get(5)?,
        repeat: match (rule, every, unit) {
            (Some(rule), Some(every), Some(unit)) => Some(Repeat { rule, every, unit }),
            _ => None,
        },
        anchor_on: read_date(r, 9)?,
        done_at: read_opt_ts(r, 10)?,
        interaction_id: r.get(11)?,
        created_at: read_ts(r, 12)?,
        updated_at: read_ts(r, 13)?,
        deleted_at: read_opt_ts(r, 14)?,
    })
}

/// The `SELECT … FROM reminders r JOIN customers c` every reader starts from.
pub(crate) fn select_sql(rest: &str) -> String {
    format!("SELECT {COLUMNS} FROM reminders r JOIN customers c ON c.id = r.customer_id {rest}")
}

pub fn get_reminder(conn: &Connection, id: i64) -> Result<Reminder> {
    conn.prepare_cached(&select_sql("WHERE r.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::ReminderNotFound(id))
}

/// Writes a reminder for a live customer; returns its id.
pub fn insert_reminder(
    conn: &Connection,
    customer_id: i64,
    complaint_id: Option<i64>,
    v: &ValidReminder,
    anchor_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64> {
    require_live_customer(conn, customer_id)?;
    conn.prepare_cached(
        "INSERT INTO reminders (customer_id, complaint_id, due_on, note, repeat_rule, repeat_every,
                                repeat_unit, anchor_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        customer_id,
        complaint_id,
        v.due_on.to_string(),
        v.note,
        v.repeat.map(|r| r.rule.as_str()),
        v.repeat.map(|r| r.every),
        v.repeat.map(|r| r.unit.as_str()),
        anchor_on.to_string(),
        ts(now)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// An open reminder (not done, not in the trash), or why it cannot be changed.
fn open_reminder(conn: &Connection, id: i64) -> Result<Reminder> {
    let r = get_reminder(conn, id)?;
    if r.deleted_at.is_some() {
        return Err(Error::ReminderNotFound(id));
    }
    if r.done_at.is_some() {
        return Err(Error::ReminderDone(id));
    }
    require_live_customer(conn, r.customer_id)?;
    Ok(r)
}

pub fn update_reminder(
    conn: &Connection,
    id: i64,
    v: &ValidReminder,
    now: DateTime<Utc>,
) -> Result<()> {
    let old = open_reminder(conn, id)?;
    // A new schedule (or a new date for a one-off) starts a new series.
    let anchor = if old.repeat == v.repeat && old.repeat.is_some() {
        old.anchor_on
    } else {
        v.due_on
    };
    conn.execute(
        "UPDATE reminders SET due_on = ?2, note = ?3, repeat_rule = ?4, repeat_every = ?5,
                repeat_unit = ?6, anchor_on = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            v.due_on.to_string(),
            v.note,
            v.repeat.map(|r| r.rule.as_str()),
            v.repeat.map(|r| r.every),
            v.repeat.map(|r| r.unit.as_str()),
            anchor.to_string(),
            ts(now)
        ],
    )?;
    Ok(())
}

/// Marks a reminder done (logging `log` as an interaction in the same
/// transaction) and writes the next one of a recurring series.
pub fn complete_reminder(
    conn: &Connection,
    id: i64,
    log: Option<&InteractionInput>,
    now: DateTime<Utc>,
) -> Result<Completed> {
    let valid_log = log.map(|i| validate_interaction(i, now)).transpose()?;
    let r = open_reminder(conn, id)?;
    let interaction_id = valid_log
        .map(|v| insert_interaction(conn, r.customer_id, &v, now))
        .transpose()?;
    conn.execute(
        "UPDATE reminders SET done_at = ?2, interaction_id = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, ts(now), interaction_id],
    )?;
    let next_id = match r.repeat {
        Some(repeat) => {
            let due_on = repeat
                .next(r.anchor_on, r.due_on, local_date(now))
                .ok_or_else(|| Error::Validation(vec![FieldError::new("dueOn", "tooFar")]))?;
            let next = ValidReminder {
                due_on,
                note: r.note.clone(),
                repeat: Some(repeat),
            };
            Some(insert_reminder(
                conn,
                r.customer_id,
                r.complaint_id,
                &next,
                r.anchor_on,
                now,
            )?)
        }
        None => None,
    };
    Ok(Completed {
        reminder: get_reminder(conn, id)?,
        next: next_id.map(|i| get_reminder(conn, i)).transpose()?,
        interaction: interaction_id
            .map(|i| get_interaction(conn, i))
            .transpose()?,
    })
}

/// Moves an open reminder's due date on (see [`Snooze`]).
pub fn snooze_reminder(conn: &Connection, id: i64, s: &Snooze, now: DateTime<Utc>) -> Result<()> {
    let r = open_reminder(conn, id)?;
    let today = local_date(now);
    let due_on = match (s.days, s.until.trim()) {
        (Some(days), "") if (1..=366).contains(&days) => today
            .max(r.due_on)
            .checked_add_days(Days::new(days.into()))
            .ok_or_else(|| {
                Error::Validation(vec![FieldError::new("days", "outOfRange").limit(366)])
            })?,
        (Some(_), "") => {
            return Err(Error::Validation(vec![FieldError::new(
                "days",
                "outOfRange",
            )
            .limit(366)]))
        }
        (None, text) => {
            let mut errors = Vec::new();
            match due_date(&mut errors, "until", text, today) {
                Some(d) => d,
                None => return Err(Error::Validation(errors)),
            }
        }
        (Some(_), _) => return Err(Error::Validation(vec![FieldError::new("until", "invalid")])),
    };
    conn.execute(
        "UPDATE reminders SET due_on = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, due_on.to_string(), ts(now)],
    )?;
    Ok(())
}

/// A customer's open reminders, soonest first.
pub fn list_open_reminders(conn: &Connection, customer_id: i64) -> Result<Vec<Reminder>> {
    get_customer(conn, customer_id)?;
    let rows = conn
        .prepare_cached(&select_sql(
            "WHERE r.customer_id = ?1 AND r.done_at IS NULL AND r.deleted_at IS NULL
             ORDER BY r.due_on, r.id",
        ))?
        .query_map([customer_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Trashes the open follow-ups of a complaint (it was reopened: the check
/// that the customer is satisfied now waits for the next resolution).
pub fn trash_follow_ups(conn: &Connection, complaint_id: i64, now: DateTime<Utc>) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE reminders SET deleted_at = ?2, updated_at = ?2
         WHERE complaint_id = ?1 AND done_at IS NULL AND deleted_at IS NULL",
        params![complaint_id, ts(now)],
    )?)
}

impl Db {
    /// The owner's calendar day now.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now())
    }

    pub fn add_reminder(&self, customer_id: i64, input: &ReminderInput) -> Result<Reminder> {
        let now = self.now();
        let v = validate_reminder(input, local_date(now))?;
        self.write(|tx| {
            let id = insert_reminder(tx, customer_id, None, &v, v.due_on, now)?;
            get_reminder(tx, id)
        })
    }

    pub fn update_reminder(&self, id: i64, input: &ReminderInput) -> Result<Reminder> {
        let now = self.now();
        let v = validate_reminder(input, local_date(now))?;
        self.write(|tx| {
            update_reminder(tx, id, &v, now)?;
            get_reminder(tx, id)
        })
    }

    pub fn complete_reminder(&self, id: i64, log: Option<&InteractionInput>) -> Result<Completed> {
        let now = self.now();
        self.write(|tx| complete_reminder(tx, id, log, now))
    }

    pub fn snooze_reminder(&self, id: i64, snooze: &Snooze) -> Result<Reminder> {
        let now = self.now();
        self.write(|tx| {
            snooze_reminder(tx, id, snooze, now)?;
            get_reminder(tx, id)
        })
    }

    /// Moves a reminder to the trash (undone with `restore_reminder`).
    pub fn trash_reminder(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
            get_reminder(tx, id)?;
            tx.execute(
                "UPDATE reminders SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, ts(now)],
            )?;
            Ok(())
        })
    }

    pub fn restore_reminder(&self, id: i64) -> Result<Reminder> {
        self.write(|tx| {
            let r = get_reminder(tx, id)?;
            require_live_customer(tx, r.customer_id)?;
            tx.execute("UPDATE reminders SET deleted_at = NULL WHERE id = ?1", [id])?;
            get_reminder(tx, id)
        })
    }

    pub fn get_reminder(&self, id: i64) -> Result<Reminder> {
        self.read(|c| get_reminder(c, id))
    }

    pub fn list_open_reminders(&self, customer_id: i64) -> Result<Vec<Reminder>> {
        self.read(|c| list_open_reminders(c, customer_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn every(rule: RepeatRule, every: u32, unit: RepeatUnit) -> Repeat {
        Repeat { rule, every, unit }
    }

    #[test]
    fn a_fixed_monthly_series_keeps_its_day_through_short_months() {
        let m = every(RepeatRule::Fixed, 1, RepeatUnit::Month);
        let anchor = d(2027, 1, 31);
        let mut due = anchor;
        let mut seen = vec![];
        for _ in 0..4 {
            due = m.next(anchor, due, due).unwrap();
            seen.push(due);
        }
        assert_eq!(
            seen,
            vec![
                d(2027, 2, 28),
                d(2027, 3, 31),
                d(2027, 4, 30),
                d(2027, 5, 31)
            ]
        );
    }

    #[test]
    fn a_fixed_series_done_late_skips_the_missed_dates() {
        let w = every(RepeatRule::Fixed, 1, RepeatUnit::Week);
        // Due Monday 2 Nov, done Wednesday 18 Nov: the next is Monday 23 Nov.
        assert_eq!(
            w.next(d(2026, 11, 2), d(2026, 11, 2), d(2026, 11, 18)),
            Some(d(2026, 11, 23))
        );
        // Done early: the schedule still holds.
        assert_eq!(
            w.next(d(2026, 11, 2), d(2026, 11, 9), d(2026, 11, 6)),
            Some(d(2026, 11, 16))
        );
        // A clock set back (done "before" it was due) does not loop or go back.
        assert_eq!(
            w.next(d(2026, 11, 2), d(2026, 11, 9), d(2020, 1, 1)),
            Some(d(2026, 11, 16))
        );
        // Years of missed yearly dates, leap day anchor.
        let y = every(RepeatRule::Fixed, 12, RepeatUnit::Month);
        assert_eq!(
            y.next(d(2024, 2, 29), d(2024, 2, 29), d(2031, 6, 1)),
            Some(d(2032, 2, 29))
        );
        assert_eq!(
            y.next(d(2024, 2, 29), d(2024, 2, 29), d(2024, 3, 1)),
            Some(d(2025, 2, 28))
        );
    }

    #[test]
    fn an_after_done_series_counts_from_the_day_done() {
        let r = every(RepeatRule::AfterDone, 3, RepeatUnit::Day);
        assert_eq!(
            r.next(d(2026, 12, 1), d(2026, 12, 30), d(2026, 12, 30)),
            Some(d(2027, 1, 2))
        );
        let m = every(RepeatRule::AfterDone, 1, RepeatUnit::Month);
        assert_eq!(
            m.next(d(2026, 1, 1), d(2026, 1, 1), d(2026, 1, 31)),
            Some(d(2026, 2, 28))
        );
    }

    #[test]
    fn the_rules_of_a_reminder() {
        let today = d(2026, 11, 23);
        let rules = |i: ReminderInput| -> Vec<(String, String)> {
            match validate_reminder(&i, today) {
                Ok(_) => vec![],
                Err(e) => e
                    .field_errors()
                    .iter()
                    .map(|f| (f.field.clone(), f.rule.clone()))
                    .collect(),
            }
        };
        let on = |s: &str| ReminderInput {
            due_on: s.into(),
            ..Default::default()
        };
        assert!(rules(on("2026-11-23")).is_empty());
        assert!(rules(on("2028年2月29日")).is_empty());
        assert_eq!(rules(on("")), vec![("dueOn".into(), "required".into())]);
        assert_eq!(
            rules(on("2027-02-29")),
            vec![("dueOn".into(), "invalid".into())]
        );
        assert_eq!(
            rules(on("2026-11-22")),
            vec![("dueOn".into(), "inPast".into())]
        );
        assert_eq!(
            rules(on("2037-01-01")),
            vec![("dueOn".into(), "tooFar".into())]
        );
        let rep = |rule: &str, every: &str, unit: &str| ReminderInput {
            repeat_rule: rule.into(),
            repeat_every: every.into(),
            repeat_unit: unit.into(),
            ..on("2026-12-01")
        };
        assert!(rules(rep("fixed", "2", "week")).is_empty());
        assert_eq!(
            rules(rep("sometimes", "0", "year")),
            vec![
                ("repeatRule".into(), "invalid".into()),
                ("repeatEvery".into(), "outOfRange".into()),
                ("repeatUnit".into(), "invalid".into())
            ]
        );
    }
}
