//! Demo reminders: one-off ones overdue, due today, upcoming and done, and
//! recurring series (fixed weekly and monthly, and "after done") with their
//! past steps done through the real `complete_reminder`, which writes each
//! next step as the app would.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use rusqlite::Connection;

use super::texts;
use super::{at_local, days_ago_at, pick, rng_for, LogBudget, STREAM_REMINDERS};
use crate::contact_cycle::local_date;
use crate::error::Result;
use crate::model::InteractionInput;
use crate::reminders::{
    complete_reminder, insert_reminder, Repeat, RepeatRule, RepeatUnit, ValidReminder,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Overdue,
    DueToday,
    Upcoming,
    Done,
    Weekly,
    Monthly,
    AfterDone,
}

/// Each kind and how often (in %); the first reminders are one of each.
const KINDS: [(Kind, u8); 7] = [
    (Kind::Overdue, 18),
    (Kind::DueToday, 8),
    (Kind::Upcoming, 30),
    (Kind::Done, 22),
    (Kind::Weekly, 6),
    (Kind::Monthly, 8),
    (Kind::AfterDone, 8),
];

/// How many reminders (or series) a demo of `customers` has: one per ten customers.
pub(super) fn count(customers: usize) -> usize {
    (customers / 10).max(customers.min(KINDS.len()))
}

fn weighted(mut roll: u8) -> Kind {
    for (kind, weight) in KINDS {
        if roll < weight {
            return kind;
        }
        roll -= weight;
    }
    Kind::Upcoming
}

fn series(rule: RepeatRule, every: u32, unit: RepeatUnit) -> Repeat {
    Repeat { rule, every, unit }
}

/// `today` moved by `days` (negative: back).
fn shift(today: NaiveDate, days: i64) -> NaiveDate {
    let d = Days::new(days.unsigned_abs());
    if days < 0 {
        today.checked_sub_days(d)
    } else {
        today.checked_add_days(d)
    }
    .unwrap_or(today)
}

/// Writes the demo's reminders for the customers `ids`.
pub(super) fn write(
    conn: &Connection,
    ids: &[i64],
    seed: u64,
    now: DateTime<Utc>,
    logs: &mut LogBudget,
) -> Result<()> {
    let mut rng = rng_for(seed, STREAM_REMINDERS, 0, 0);
    let today = local_date(now);
    for k in 0..count(ids.len()) {
        let kind = match KINDS.get(k) {
            Some((kind, _)) => *kind,
            None => weighted(rng.u8(..100)),
        };
        let customer = ids[rng.usize(..ids.len())];
        let mut w = Writer {
            conn,
            rng: &mut rng,
            now,
            today,
            logs,
            customer,
        };
        match kind {
            Kind::Overdue => {
                let d = w.rng.i64(1..=14);
                w.one_off(shift(today, -d), false)?;
            }
            Kind::DueToday => w.one_off(today, false)?,
            Kind::Upcoming => {
                let d = w.rng.i64(1..=30);
                w.one_off(shift(today, d), false)?;
            }
            Kind::Done => {
                let d = w.rng.i64(1..=60);
                w.one_off(shift(today, -d), true)?;
            }
            Kind::Weekly => {
                let every = [1, 1, 2][w.rng.usize(..3)];
                let done = w.rng.u32(1..=5);
                // The open step lands from 5 days ago to 3 days ahead.
                let off = w.rng.i64(-3..=5);
                let anchor = shift(today, -(i64::from(done * 7 * every) + off));
                w.fixed(
                    series(RepeatRule::Fixed, every, RepeatUnit::Week),
                    anchor,
                    done,
                )?;
            }
            Kind::Monthly => {
                let done = w.rng.u32(1..=4);
                let off = w.rng.i64(-5..=5);
                let back = today.checked_sub_months(Months::new(done)).unwrap_or(today);
                let anchor = shift(back, -off);
                w.fixed(
                    series(RepeatRule::Fixed, 1, RepeatUnit::Month),
                    anchor,
                    done,
                )?;
            }
            Kind::AfterDone => w.after_done()?,
        }
    }
    Ok(())
}

/// One customer's reminder being written and, for past steps, done.
struct Writer<'a> {
    conn: &'a Connection,
    rng: &'a mut fastrand::Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    logs: &'a mut LogBudget,
    customer: i64,
}

impl Writer<'_> {
    /// Set some days before `first_due`, in shop hours.
    fn insert(&mut self, note: &str, first_due: NaiveDate, repeat: Option<Repeat>) -> Result<i64> {
        let lead = self.rng.u32(1..=14);
        let minute = 9 * 60 + self.rng.u32(..10 * 60);
        let set_on = first_due
            .checked_sub_days(Days::new(lead.into()))
            .unwrap_or(first_due);
        let days_ago = u32::try_from((self.today - set_on).num_days()).unwrap_or(0);
        let created = days_ago_at(self.now, days_ago, minute);
        let v = ValidReminder {
            due_on: first_due,
            note: note.into(),
            repeat,
        };
        insert_reminder(self.conn, self.customer, None, &v, first_due, created)
    }

    /// Marks reminder `id` done on `on` (a past day), perhaps logging a call;
    /// returns the next step of its series.
    fn complete(&mut self, id: i64, on: NaiveDate) -> Result<Option<i64>> {
        let minute = 9 * 60 + self.rng.u32(..10 * 60);
        let (kind, summary) = pick(self.rng, texts::REMINDER_LOGS);
        let log = (self.rng.u8(..100) < 75).then(|| InteractionInput {
            kind: kind.into(),
            summary: summary.into(),
            ..Default::default()
        });
        let done = at_local(on, minute).min(self.now);
        let c = complete_reminder(self.conn, id, self.logs.take(log).as_ref(), done)?;
        Ok(c.next.map(|r| r.id))
    }

    fn one_off(&mut self, due_on: NaiveDate, done: bool) -> Result<()> {
        let note = pick(self.rng, texts::REMINDER_NOTES);
        let id = self.insert(note, due_on, None)?;
        if done {
            // Done on the day, or the day after when that has passed too.
            let late = self.rng.bool() && shift(due_on, 1) < self.today;
            self.complete(id, shift(due_on, i64::from(late)))?;
        }
        Ok(())
    }

    /// A fixed series from `anchor` whose first `done` steps were done on their day.
    fn fixed(&mut self, repeat: Repeat, anchor: NaiveDate, done: u32) -> Result<()> {
        let notes = match repeat.unit {
            RepeatUnit::Month => texts::MONTHLY_NOTES,
            _ => texts::WEEKLY_NOTES,
        };
        let note = pick(self.rng, notes);
        let mut id = self.insert(note, anchor, Some(repeat))?;
        for i in 0..done {
            let Some(due) = repeat.step(anchor, i).filter(|d| *d < self.today) else {
                break;
            };
            match self.complete(id, due)? {
                Some(next) => id = next,
                None => break,
            }
        }
        Ok(())
    }

    /// Every two weeks or every month counted from the day the last was done,
    /// each done up to three days late.
    fn after_done(&mut self) -> Result<()> {
        let (repeat, longest) = if self.rng.bool() {
            (series(RepeatRule::AfterDone, 2, RepeatUnit::Week), 14)
        } else {
            (series(RepeatRule::AfterDone, 1, RepeatUnit::Month), 31)
        };
        let done = self.rng.u32(1..=4);
        let lates: Vec<u32> = (0..done).map(|_| self.rng.u32(0..=3)).collect();
        // Far enough back that every done step is in the past; the open step
        // lands from about two weeks ago to ten days ahead.
        let back = i64::from(done * (longest + 3)) + self.rng.i64(-10..=10);
        let note = pick(self.rng, texts::AFTER_DONE_NOTES);
        let mut due = shift(self.today, -back);
        let mut id = self.insert(note, due, Some(repeat))?;
        for late in lates {
            let on = shift(due, late.into());
            if on >= self.today {
                break;
            }
            let Some(next) = self.complete(id, on)? else {
                break;
            };
            id = next;
            due = repeat.step(on, 1).unwrap_or(self.today);
        }
        Ok(())
    }
}
