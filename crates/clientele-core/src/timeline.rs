//! A customer's story in one list, newest first: interactions, complaints
//! with their handling thread, and reminders done.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::complaints::{
    complaint_steps, list_complaints, Complaint, ComplaintFilter, ComplaintTargets,
};
use crate::db::Db;
use crate::error::Result;
use crate::interactions::list_interactions;
use crate::model::Interaction;
use crate::reminders::{from_row, select_sql, Reminder};
use crate::settings::complaint_settings;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum TimelineEntry {
    Interaction {
        at: DateTime<Utc>,
        interaction: Interaction,
    },
    /// Placed at its latest step, so a complaint handled today is on top.
    Complaint {
        at: DateTime<Utc>,
        complaint: Complaint,
    },
    ReminderDone {
        at: DateTime<Utc>,
        reminder: Reminder,
    },
}

impl TimelineEntry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Interaction { at, .. }
            | TimelineEntry::Complaint { at, .. }
            | TimelineEntry::ReminderDone { at, .. } => *at,
        }
    }
}

pub fn timeline(
    conn: &Connection,
    customer_id: i64,
    now: DateTime<Utc>,
    targets: ComplaintTargets,
) -> Result<Vec<TimelineEntry>> {
    let mut entries: Vec<TimelineEntry> = list_interactions(conn, customer_id, false)?
        .into_iter()
        .map(|i| TimelineEntry::Interaction {
            at: i.occurred_at,
            interaction: i,
        })
        .collect();
    let filter = ComplaintFilter {
        customer_id: Some(customer_id),
        ..Default::default()
    };
    for mut complaint in list_complaints(conn, &filter, now, targets)? {
        complaint.steps = complaint_steps(conn, complaint.id)?;
        let at = complaint
            .steps
            .iter()
            .map(|s| s.at)
            .max()
            .unwrap_or(complaint.received_at);
        entries.push(TimelineEntry::Complaint { at, complaint });
    }
    let done = conn
        .prepare_cached(&select_sql(
            "WHERE r.customer_id = ?1 AND r.done_at IS NOT NULL AND r.deleted_at IS NULL",
        ))?
        .query_map([customer_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    entries.extend(done.into_iter().map(|r| TimelineEntry::ReminderDone {
        at: r.done_at.expect("selected done"),
        reminder: r,
    }));
    // Newest first; the sort is stable, so equal times keep their kind's order.
    entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
    Ok(entries)
}

impl Db {
    pub fn timeline(&self, customer_id: i64) -> Result<Vec<TimelineEntry>> {
        let now = self.now();
        self.read(|c| timeline(c, customer_id, now, complaint_settings(c)?.targets()))
    }
}
