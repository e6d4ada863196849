//! Demo complaints, taken through the real workflow (recorded, moved, followed
//! up) so each is in a state the app itself could have produced: open, in
//! progress, resolved, closed, some reopened, some past their targets.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::texts::{self, CategoryTexts, COMPLAINTS};
use super::{at_local, days_ago_at, pick, rng_for, LogBudget, STREAM_COMPLAINTS};
use crate::complaints::{move_complaint, record_complaint, ComplaintInput, ComplaintMove};
use crate::contact_cycle::local_date;
use crate::error::Result;
use crate::model::InteractionInput;
use crate::reminders::complete_reminder;

/// Where a demo complaint's story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Received within the day, not answered yet (not overdue).
    OpenFresh,
    /// Days old and never answered.
    OpenOverdue,
    InProgress,
    /// Being handled, but past the resolution target.
    InProgressOverdue,
    /// Resolved; its follow-up is due around today.
    Resolved,
    /// Resolved, followed up, closed with the cause.
    Closed,
    /// Resolved, then reopened: the customer was not satisfied.
    Reopened,
    /// Reopened, resolved again, followed up and closed.
    ReopenedClosed,
}

/// Each story and how often (in %) it is told. The first complaints tell each
/// once, so that even a small demo shows every state.
const STORIES: [(Story, u8); 8] = [
    (Story::OpenFresh, 4),
    (Story::OpenOverdue, 4),
    (Story::InProgress, 5),
    (Story::InProgressOverdue, 4),
    (Story::Resolved, 12),
    (Story::Closed, 55),
    (Story::Reopened, 6),
    (Story::ReopenedClosed, 10),
];

/// How many complaints a demo of `customers` has: one per 40 customers.
pub(super) fn count(customers: usize) -> usize {
    (customers / 40).max(customers.min(STORIES.len()))
}

fn weighted(mut roll: u8) -> Story {
    for (story, weight) in STORIES {
        if roll < weight {
            return story;
        }
        roll -= weight;
    }
    Story::Closed
}

/// Writes the demo's complaints against the customers `ids`.
pub(super) fn write(
    conn: &Connection,
    ids: &[i64],
    seed: u64,
    now: DateTime<Utc>,
    logs: &mut LogBudget,
) -> Result<()> {
    let mut rng = rng_for(seed, STREAM_COMPLAINTS, 0, 0);
    for k in 0..count(ids.len()) {
        let story = match STORIES.get(k) {
            Some((s, _)) => *s,
            None => weighted(rng.u8(..100)),
        };
        let texts = &COMPLAINTS[rng.usize(..COMPLAINTS.len())];
        let customer = ids[rng.usize(..ids.len())];
        let input = ComplaintInput {
            received_at: String::new(), // when it is recorded
            channel: pick(&mut rng, texts::CHANNELS).into(),
            category: texts.category.into(),
            severity: ["low", "low", "medium", "medium", "medium", "high"][rng.usize(..6)].into(),
            description: pick(&mut rng, texts.descriptions).into(),
        };
        let mut h = Handling {
            conn,
            rng: &mut rng,
            texts,
            now,
            logs,
            id: 0,
        };
        h.tell(story, customer, &input)?;
    }
    Ok(())
}

/// One complaint being handled, step by step, at times in the past.
struct Handling<'a> {
    conn: &'a Connection,
    rng: &'a mut fastrand::Rng,
    texts: &'static CategoryTexts,
    now: DateTime<Utc>,
    logs: &'a mut LogBudget,
    id: i64,
}

impl Handling<'_> {
    /// 09:00–18:59 on the day `days_ago`.
    fn day(&mut self, days_ago: u32) -> DateTime<Utc> {
        let minute = 9 * 60 + self.rng.u32(..10 * 60);
        days_ago_at(self.now, days_ago, minute)
    }

    fn minutes_ago(&mut self, range: std::ops::RangeInclusive<i64>) -> DateTime<Utc> {
        self.now - Duration::minutes(self.rng.i64(range))
    }

    fn later(&mut self, t: DateTime<Utc>, minutes: std::ops::RangeInclusive<i64>) -> DateTime<Utc> {
        (t + Duration::minutes(self.rng.i64(minutes))).min(self.now)
    }

    fn tell(&mut self, story: Story, customer: i64, input: &ComplaintInput) -> Result<()> {
        let received = match story {
            Story::OpenFresh => self.minutes_ago(30..=20 * 60),
            Story::InProgress => self.minutes_ago(10 * 60..=40 * 60),
            Story::OpenOverdue => {
                let d = self.rng.u32(2..=6);
                self.day(d)
            }
            Story::InProgressOverdue => {
                let d = self.rng.u32(4..=9);
                self.day(d)
            }
            Story::Resolved => {
                let d = self.rng.u32(2..=9);
                return self.resolved(customer, input, d);
            }
            Story::Closed => {
                let d = self.rng.u32(10..=300);
                return self.closed(customer, input, d);
            }
            Story::Reopened => {
                let d = self.rng.u32(6..=20);
                return self.reopened(customer, input, d);
            }
            Story::ReopenedClosed => {
                let d = self.rng.u32(20..=200);
                return self.reopened_closed(customer, input, d);
            }
        };
        self.id = record_complaint(self.conn, customer, input, received)?;
        match story {
            Story::InProgress => {
                let at = self.later(received, 20..=300);
                self.step("inProgress", at)?;
            }
            Story::InProgressOverdue => {
                let at = self.later(received, 60..=600);
                self.step("inProgress", at)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Received `d` days ago (taken up the same day), resolved since.
    fn resolved(&mut self, customer: i64, input: &ComplaintInput, d: u32) -> Result<()> {
        let received = self.day(d);
        self.id = record_complaint(self.conn, customer, input, received)?;
        if self.rng.u8(..100) < 80 {
            let at = self.later(received, 30..=180);
            self.step("inProgress", at)?;
        }
        let resolved_ago = self.rng.u32(1..d);
        let at = self.day(resolved_ago);
        self.step("resolved", at)
    }

    fn closed(&mut self, customer: i64, input: &ComplaintInput, d: u32) -> Result<()> {
        let received = self.day(d);
        self.id = record_complaint(self.conn, customer, input, received)?;
        // Small matters are settled on the spot, without a separate step.
        if self.rng.u8(..100) < 70 {
            let at = self.later(received, 30..=180);
            self.step("inProgress", at)?;
        }
        let resolved_ago = d - self.rng.u32(1..=3);
        let resolved = self.day(resolved_ago);
        self.step("resolved", resolved)?;
        let followed = self.follow_up()?.unwrap_or(resolved);
        let at = self.later(followed, 20 * 60..=60 * 60);
        self.step("closed", at)
    }

    fn reopened(&mut self, customer: i64, input: &ComplaintInput, d: u32) -> Result<()> {
        let received = self.day(d);
        self.id = record_complaint(self.conn, customer, input, received)?;
        let at = self.later(received, 30..=180);
        self.step("inProgress", at)?;
        let at = self.day(d - 2);
        self.step("resolved", at)?;
        let reopened_ago = self.rng.u32(1..=d - 3);
        let reopened = self.day(reopened_ago);
        self.step("open", reopened)?;
        if self.rng.bool() {
            let at = self.later(reopened, 60..=240);
            self.step("inProgress", at)?;
        }
        Ok(())
    }

    fn reopened_closed(&mut self, customer: i64, input: &ComplaintInput, d: u32) -> Result<()> {
        let received = self.day(d);
        self.id = record_complaint(self.conn, customer, input, received)?;
        let at = self.later(received, 30..=180);
        self.step("inProgress", at)?;
        let at = self.day(d - 2);
        self.step("resolved", at)?;
        // Reopening withdraws the first follow-up (the workflow trashes it).
        let reopened = self.day(d - 5);
        self.step("open", reopened)?;
        let at = self.later(reopened, 60..=180);
        self.step("inProgress", at)?;
        let resolved = self.day(d - 7);
        self.step("resolved", resolved)?;
        let followed = self.follow_up()?.unwrap_or(resolved);
        let at = self.later(followed, 20 * 60..=60 * 60);
        self.step("closed", at)
    }

    /// One move, with the note (and remedy or cause) the move needs.
    fn step(&mut self, to: &str, at: DateTime<Utc>) -> Result<()> {
        let rng = &mut *self.rng;
        let mut m = ComplaintMove {
            to: to.into(),
            ..Default::default()
        };
        match to {
            "inProgress" => m.note = pick(rng, texts::IN_PROGRESS_NOTES).into(),
            "resolved" => {
                let (remedy, note) = pick(rng, self.texts.remedies);
                m.note = pick(rng, texts::RESOLVE_NOTES).into();
                m.remedy = remedy.into();
                m.remedy_note = note.into();
            }
            "open" => m.note = pick(rng, texts::REOPEN_NOTES).into(),
            _ => {
                m.note = pick(rng, texts::CLOSE_NOTES).into();
                m.cause_summary = pick(rng, self.texts.causes).into();
            }
        }
        move_complaint(self.conn, self.id, &m, at)
    }

    /// Does the follow-up that resolving scheduled, on its day, if that day
    /// has passed; returns when.
    fn follow_up(&mut self) -> Result<Option<DateTime<Utc>>> {
        // Drawn whether or not it is used, so the draws after stay in step.
        let minute = 10 * 60 + self.rng.u32(..8 * 60);
        let (kind, summary) = pick(self.rng, texts::FOLLOW_UP_LOGS);
        let log = (self.rng.u8(..100) < 80).then(|| InteractionInput {
            kind: kind.into(),
            summary: summary.into(),
            ..Default::default()
        });
        let open: Option<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, due_on FROM reminders
                 WHERE complaint_id = ?1 AND done_at IS NULL AND deleted_at IS NULL",
            )?
            .query_row([self.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        // None when the owner set follow-ups off (0 days).
        let Some((reminder, due_on)) = open else {
            return Ok(None);
        };
        let Ok(due_on) = due_on.parse::<NaiveDate>() else {
            return Ok(None);
        };
        if due_on >= local_date(self.now) {
            return Ok(None);
        }
        let done = at_local(due_on, minute).min(self.now);
        complete_reminder(self.conn, reminder, self.logs.take(log).as_ref(), done)?;
        Ok(Some(done))
    }
}
