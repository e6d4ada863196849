//! Complaints (投诉): every complaint recorded, handled and summarised.
//!
//! A complaint moves open → in progress → resolved → closed, and can be
//! reopened. Every move is a timestamped step with a note, so the handling
//! reads as a thread. Resolving needs the remedy given to the customer;
//! closing needs a summary of the cause and what changes so it does not recur.
//! The clock: time to first response and to resolution are kept, and a
//! complaint past its targets is overdue.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact_cycle::local_date;
use crate::customers::get_customer;
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::interactions::parse_moment;
use crate::reminders::{insert_reminder, trash_follow_ups, ValidReminder};
use crate::settings::complaint_settings;
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::string_enum::string_enum;

pub const MAX_TEXT_CHARS: usize = 10_000;

string_enum!(
    /// Where the complaint stands.
    ComplaintStatus { Open => "open", InProgress => "inProgress", Resolved => "resolved", Closed => "closed" }
);
string_enum!(
    /// The typical causes in DOMAIN.md.
    ComplaintCategory {
        ProductQuality => "productQuality", StaffAttitude => "staffAttitude",
        PromiseNotKept => "promiseNotKept", Delivery => "delivery", Price => "price", Other => "other",
    }
);
string_enum!(Severity { Low => "low", Medium => "medium", High => "high" });

impl ComplaintCategory {
    pub const ALL: [ComplaintCategory; 6] = [
        ComplaintCategory::ProductQuality,
        ComplaintCategory::StaffAttitude,
        ComplaintCategory::PromiseNotKept,
        ComplaintCategory::Delivery,
        ComplaintCategory::Price,
        ComplaintCategory::Other,
    ];
}
string_enum!(
    /// What was done for the customer.
    Remedy { Refund => "refund", Replacement => "replacement", Discount => "discount", Apology => "apology", Other => "other" }
);

/// Response and resolution targets (settings; defaults from the issue).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComplaintTargets {
    pub response: Duration,
    pub resolution: Duration,
}

impl Default for ComplaintTargets {
    fn default() -> Self {
        ComplaintTargets {
            response: Duration::hours(24),
            resolution: Duration::days(3),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintStep {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub from_status: Option<ComplaintStatus>,
    pub to_status: ComplaintStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Complaint {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub received_at: DateTime<Utc>,
    pub channel: String,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub description: String,
    pub status: ComplaintStatus,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub remedy: Option<Remedy>,
    pub remedy_note: Option<String>,
    pub cause_summary: Option<String>,
    /// The handling thread, oldest first (empty in lists).
    pub steps: Vec<ComplaintStep>,
    /// Not answered within the response target.
    pub response_overdue: bool,
    /// Not resolved within the resolution target.
    pub resolution_overdue: bool,
}

/// What the "record a complaint" form (or the CLI) sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ComplaintInput {
    /// Empty for now.
    pub received_at: String,
    pub channel: String,
    pub category: String,
    /// Empty for medium.
    pub severity: String,
    pub description: String,
}

/// A move in the workflow, with what the move needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ComplaintMove {
    pub to: String,
    pub note: String,
    /// Needed to resolve.
    pub remedy: String,
    pub remedy_note: String,
    /// Needed to close: the cause and what changes so it does not recur.
    pub cause_summary: String,
}

/// Which moves the workflow allows.
pub fn allowed(from: ComplaintStatus, to: ComplaintStatus) -> bool {
    use ComplaintStatus::*;
    matches!(
        (from, to),
        (Open, InProgress) | (Open, Resolved) | (InProgress, Resolved) | (Resolved, Closed)
            // Reopening: the customer is still not satisfied.
            | (Resolved, Open) | (Closed, Open) | (InProgress, Open)
    )
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool) -> String {
    let v = value.trim().to_string();
    if required && v.is_empty() {
        errors.push(FieldError::new(field, "required"));
    } else if v.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new(field, "tooLong").limit(MAX_TEXT_CHARS as u32));
    }
    v
}

/// Records a complaint against a live customer; returns its id.
pub fn record_complaint(
    conn: &Connection,
    customer_id: i64,
    input: &ComplaintInput,
    now: DateTime<Utc>,
) -> Result<i64> {
    let mut errors = Vec::new();
    let received_at = match input.received_at.trim() {
        "" => Some(now),
        t => match parse_moment(t) {
            Some(at) if at <= now + Duration::hours(24) => Some(at),
            Some(_) => {
                errors.push(FieldError::new("receivedAt", "inFuture"));
                None
            }
            None => {
                errors.push(FieldError::new("receivedAt", "invalid"));
                None
            }
        },
    };
    let category = ComplaintCategory::parse(&input.category);
    if category.is_none() {
        let rule = if input.category.trim().is_empty() {
            "required"
        } else {
            "invalid"
        };
        errors.push(FieldError::new("category", rule));
    }
    let severity = match input.severity.trim() {
        "" => Some(Severity::Medium),
        s => Severity::parse(s),
    };
    if severity.is_none() {
        errors.push(FieldError::new("severity", "invalid"));
    }
    let channel = text(&mut errors, "channel", &input.channel, false);
    let description = text(&mut errors, "description", &input.description, true);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if get_customer(conn, customer_id)?.deleted_at.is_some() {
        return Err(Error::CustomerInTrash(customer_id));
    }
    let received_at = ts(received_at.expect("checked"));
    conn.execute(
        "INSERT INTO complaints (customer_id, received_at, channel, category, severity, description,
                                 status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?7)",
        params![
            customer_id,
            received_at,
            channel,
            category.expect("checked").as_str(),
            severity.expect("checked").as_str(),
            description,
            ts(now)
        ],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO complaint_steps (complaint_id, at, from_status, to_status, note)
         VALUES (?1, ?2, NULL, 'open', '')",
        params![id, received_at],
    )?;
    Ok(id)
}

/// Moves a complaint along the workflow, refusing moves that skip a rule.
pub fn move_complaint(
    conn: &Connection,
    id: i64,
    m: &ComplaintMove,
    now: DateTime<Utc>,
) -> Result<()> {
    let settings = complaint_settings(conn)?;
    let c = get_complaint(conn, id, now, settings.targets())?;
    let Some(to) = ComplaintStatus::parse(&m.to) else {
        return Err(Error::Validation(vec![FieldError::new("to", "invalid")]));
    };
    if get_customer(conn, c.customer_id)?.deleted_at.is_some() {
        return Err(Error::CustomerInTrash(c.customer_id));
    }
    if !allowed(c.status, to) {
        return Err(Error::TransitionNotAllowed {
            from: c.status.as_str().into(),
            to: to.as_str().into(),
        });
    }
    let mut errors = Vec::new();
    let note = text(&mut errors, "note", &m.note, false);
    let remedy = if to == ComplaintStatus::Resolved {
        let r = Remedy::parse(&m.remedy);
        if r.is_none() {
            let rule = if m.remedy.trim().is_empty() {
                "required"
            } else {
                "invalid"
            };
            errors.push(FieldError::new("remedy", rule));
        }
        r
    } else {
        c.remedy
    };
    let remedy_note = text(&mut errors, "remedyNote", &m.remedy_note, false);
    let cause = text(
        &mut errors,
        "causeSummary",
        &m.cause_summary,
        to == ComplaintStatus::Closed,
    );
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let at = ts(now);
    let first_response = c.first_response_at.map(ts).or_else(|| {
        (c.status == ComplaintStatus::Open && to != ComplaintStatus::Open).then(|| at.clone())
    });
    let resolved_at = match to {
        ComplaintStatus::Resolved => Some(at.clone()),
        ComplaintStatus::Closed => c.resolved_at.map(ts),
        _ => None, // reopened: the resolution clock runs again
    };
    let closed_at = (to == ComplaintStatus::Closed).then(|| at.clone());
    conn.execute(
        "UPDATE complaints SET status = ?2, first_response_at = ?3, resolved_at = ?4, closed_at = ?5,
                remedy = ?6, remedy_note = coalesce(nullif(?7, ''), remedy_note),
                cause_summary = coalesce(nullif(?8, ''), cause_summary), updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            to.as_str(),
            first_response,
            resolved_at,
            closed_at,
            remedy.map(Remedy::as_str),
            remedy_note,
            cause,
            at
        ],
    )?;
    conn.execute(
        "INSERT INTO complaint_steps (complaint_id, at, from_status, to_status, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, at, c.status.as_str(), to.as_str(), note],
    )?;
    match to {
        // Service recovery: check later that the customer is satisfied now.
        ComplaintStatus::Resolved if settings.follow_up_days > 0 => {
            let follow_up = ValidReminder {
                due_on: local_date(now) + chrono::Days::new(settings.follow_up_days.into()),
                note: String::new(),
                repeat: None,
            };
            insert_reminder(
                conn,
                c.customer_id,
                Some(id),
                &follow_up,
                follow_up.due_on,
                now,
            )?;
        }
        ComplaintStatus::Open => {
            trash_follow_ups(conn, id, now)?;
        }
        _ => {}
    }
    Ok(())
}

const COLUMNS: &str = "k.id, k.customer_id, c.name, k.received_at, k.channel, k.category,
     k.severity, k.description, k.status, k.first_response_at, k.resolved_at, k.closed_at,
     k.remedy, k.remedy_note, k.cause_summary";

pub(crate) fn select_sql(rest: &str) -> String {
    format!("SELECT {COLUMNS} FROM complaints k JOIN customers c ON c.id = k.customer_id {rest}")
}

/// A complaint without its steps, its overdue flags not yet set.
pub(crate) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Complaint> {
    Ok(Complaint {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        received_at: read_ts(r, 3)?,
        channel: r.get(4)?,
        category: ComplaintCategory::parse(&r.get::<_, String>(5)?)
            .unwrap_or(ComplaintCategory::Other),
        severity: Severity::parse(&r.get::<_, String>(6)?).unwrap_or(Severity::Medium),
        description: r.get(7)?,
        status: ComplaintStatus::parse(&r.get::<_, String>(8)?).unwrap_or(ComplaintStatus::Open),
        first_response_at: read_opt_ts(r, 9)?,
        resolved_at: read_opt_ts(r, 10)?,
        closed_at: read_opt_ts(r, 11)?,
        remedy: r
            .get::<_, Option<String>>(12)?
            .and_then(|s| Remedy::parse(&s)),
        remedy_note: r.get(13)?,
        cause_summary: r.get(14)?,
        steps: vec![],
        response_overdue: false,
        resolution_overdue: false,
    })
}

/// The steps of complaint `id`, oldest first.
pub fn complaint_steps(conn: &Connection, id: i64) -> Result<Vec<ComplaintStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, from_status, to_status, note FROM complaint_steps
         WHERE complaint_id = ?1 ORDER BY at, id",
    )?;
    let steps = stmt
        .query_map([id], step_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(steps)
}

/// A step from `id, at, from_status, to_status, note` (columns 0 to 4).
pub(crate) fn step_from_row(r: &rusqlite::Row) -> rusqlite::Result<ComplaintStep> {
    Ok(ComplaintStep {
        id: r.get(0)?,
        at: read_ts(r, 1)?,
        from_status: r
            .get::<_, Option<String>>(2)?
            .and_then(|s| ComplaintStatus::parse(&s)),
        to_status: ComplaintStatus::parse(&r.get::<_, String>(3)?).unwrap_or(ComplaintStatus::Open),
        note: r.get(4)?,
    })
}

pub fn get_complaint(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
    targets: ComplaintTargets,
) -> Result<Complaint> {
    let mut c = conn
        .prepare_cached(&select_sql("WHERE k.id = ?1 AND k.deleted_at IS NULL"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::ComplaintNotFound(id))?;
    c.steps = complaint_steps(conn, id)?;
    c.set_overdue(now, targets);
    Ok(c)
}

impl Complaint {
    fn set_overdue(&mut self, now: DateTime<Utc>, targets: ComplaintTargets) {
        (self.response_overdue, self.resolution_overdue) = overdue(self, now, targets);
    }
}

/// Which complaints the complaints list shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ComplaintFilter {
    /// Only these statuses (all when empty).
    pub statuses: Vec<ComplaintStatus>,
    pub category: Option<ComplaintCategory>,
    /// Only those past a target.
    pub overdue: bool,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
}

/// Complaints matching `f`, newest first (steps not loaded). Customers in
/// the trash take their complaints with them.
pub fn list_complaints(
    conn: &Connection,
    f: &ComplaintFilter,
    now: DateTime<Utc>,
    targets: ComplaintTargets,
) -> Result<Vec<Complaint>> {
    let statuses: Vec<&str> = f.statuses.iter().map(|s| s.as_str()).collect();
    let sql = select_sql(
        "WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL
           AND (?1 = '[]' OR k.status IN (SELECT value FROM json_each(?1)))
           AND (?2 IS NULL OR k.category = ?2)
           AND (?3 IS NULL OR k.customer_id = ?3)
           AND (NOT ?4 OR (k.status IN ('open', 'inProgress')
                AND (k.received_at < ?5 OR (k.status = 'open' AND k.first_response_at IS NULL
                                            AND k.received_at < ?6))))
         ORDER BY k.received_at DESC, k.id DESC",
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            serde_json::to_string(&statuses).expect("strings serialise"),
            f.category.map(ComplaintCategory::as_str),
            f.customer_id,
            f.overdue,
            ts(now - targets.resolution),
            ts(now - targets.response),
        ],
        from_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        let mut c = row?;
        c.set_overdue(now, targets);
        out.push(c);
    }
    Ok(out)
}

/// Whether a complaint is past its response and resolution targets at `now`.
/// A clock that moved backwards (now before received) is never overdue.
pub fn overdue(c: &Complaint, now: DateTime<Utc>, t: ComplaintTargets) -> (bool, bool) {
    let waited = now - c.received_at;
    let unanswered = c.first_response_at.is_none() && c.status == ComplaintStatus::Open;
    let unresolved = matches!(
        c.status,
        ComplaintStatus::Open | ComplaintStatus::InProgress
    );
    (
        unanswered && waited > t.response,
        unresolved && waited > t.resolution,
    )
}

impl Db {
    fn complaint_targets(&self, conn: &Connection) -> Result<ComplaintTargets> {
        Ok(complaint_settings(conn)?.targets())
    }

    pub fn record_complaint(&self, customer_id: i64, input: &ComplaintInput) -> Result<Complaint> {
        let now = self.now();
        self.write(|tx| {
            let id = record_complaint(tx, customer_id, input, now)?;
            get_complaint(tx, id, now, self.complaint_targets(tx)?)
        })
    }

    pub fn move_complaint(&self, id: i64, m: &ComplaintMove) -> Result<Complaint> {
        let now = self.now();
        self.write(|tx| {
            move_complaint(tx, id, m, now)?;
            get_complaint(tx, id, now, self.complaint_targets(tx)?)
        })
    }

    pub fn get_complaint(&self, id: i64) -> Result<Complaint> {
        let now = self.now();
        self.read(|c| get_complaint(c, id, now, self.complaint_targets(c)?))
    }

    pub fn list_complaints(&self, filter: &ComplaintFilter) -> Result<Vec<Complaint>> {
        let now = self.now();
        self.read(|c| list_complaints(c, filter, now, self.complaint_targets(c)?))
    }
}
