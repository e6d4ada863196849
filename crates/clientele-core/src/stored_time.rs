//! How times are stored: RFC 3339 UTC text with milliseconds (`…T09:30:00.123Z`),
//! which sorts correctly as text. One place to write and read them.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Row;

/// A time as the database stores it.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a stored time from borrowed text (no copy: for exports of many rows).
pub(crate) fn parse(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Reads a stored time from column `i`.
pub fn read_ts(r: &Row, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    parse(&r.get::<_, String>(i)?)
}

/// Reads a stored time that may be NULL from column `i`.
pub fn read_opt_ts(r: &Row, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    r.get::<_, Option<String>>(i)?
        .map(|s| parse(&s))
        .transpose()
}
