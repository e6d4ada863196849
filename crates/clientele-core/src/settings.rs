//! App settings kept in the database, so they travel with the customer book:
//! the language, and the complaint targets and follow-up delay.

use chrono::Duration;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::complaints::ComplaintTargets;
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::model::Lang;

const LANGUAGE: &str = "language";
const RESPONSE_HOURS: &str = "complaints.responseHours";
const RESOLUTION_DAYS: &str = "complaints.resolutionDays";
const FOLLOW_UP_DAYS: &str = "complaints.followUpDays";

/// The complaint clock's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintSettings {
    /// A complaint not answered within this many hours is overdue (default 24).
    pub response_hours: u32,
    /// One not resolved within this many days is overdue (default 3).
    pub resolution_days: u32,
    /// Resolving schedules a follow-up this many days later (default 3; 0: none).
    pub follow_up_days: u32,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        ComplaintSettings {
            response_hours: 24,
            resolution_days: 3,
            follow_up_days: 3,
        }
    }
}

impl ComplaintSettings {
    pub fn targets(self) -> ComplaintTargets {
        ComplaintTargets {
            response: Duration::hours(self.response_hours.into()),
            resolution: Duration::days(self.resolution_days.into()),
        }
    }

    fn validate(self) -> Result<Self> {
        let mut errors = Vec::new();
        let mut check = |field: &str, value: u32, min: u32, max: u32| {
            if !(min..=max).contains(&value) {
                errors.push(FieldError::new(field, "outOfRange").limit(max));
            }
        };
        check("responseHours", self.response_hours, 1, 24 * 30);
        check("resolutionDays", self.resolution_days, 1, 365);
        check("followUpDays", self.follow_up_days, 0, 365);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::Validation(errors))
        }
    }
}

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The complaint settings as stored (defaults for anything missing or unreadable).
pub fn complaint_settings(conn: &Connection) -> Result<ComplaintSettings> {
    let d = ComplaintSettings::default();
    let num = |key: &str, default: u32| -> Result<u32> {
        Ok(get(conn, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(ComplaintSettings {
        response_hours: num(RESPONSE_HOURS, d.response_hours)?,
        resolution_days: num(RESOLUTION_DAYS, d.resolution_days)?,
        follow_up_days: num(FOLLOW_UP_DAYS, d.follow_up_days)?,
    })
}

impl Db {
    /// The language the user chose, if they ever chose one.
    pub fn language(&self) -> Result<Option<Lang>> {
        let value = self.read(|c| get(c, LANGUAGE))?;
        Ok(value.and_then(|v| serde_json::from_value(serde_json::Value::String(v)).ok()))
    }

    pub fn set_language(&self, lang: Lang) -> Result<()> {
        self.write(|tx| set(tx, LANGUAGE, lang.code()))
    }

    pub fn complaint_settings(&self) -> Result<ComplaintSettings> {
        self.read(complaint_settings)
    }

    pub fn set_complaint_settings(&self, s: ComplaintSettings) -> Result<ComplaintSettings> {
        let s = s.validate()?;
        self.write(|tx| {
            set(tx, RESPONSE_HOURS, &s.response_hours.to_string())?;
            set(tx, RESOLUTION_DAYS, &s.resolution_days.to_string())?;
            set(tx, FOLLOW_UP_DAYS, &s.follow_up_days.to_string())?;
            Ok(s)
        })
    }
}
