//! Shared helpers for the core's integration tests: real SQLite files in temp folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use clientele_core::db::Clock;
use clientele_core::model::{CustomerInput, CustomerQuery};
use clientele_core::Db;

/// A clock that starts at a fixed time and moves only when told.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    pub fn new() -> Self {
        TestClock(Arc::new(Mutex::new(
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
        )))
    }
    pub fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
    pub fn clock(&self) -> Clock {
        let t = self.0.clone();
        Arc::new(move || *t.lock().unwrap())
    }
}

/// A database file in its own temp folder (kept alive by the returned guard).
pub fn temp_db() -> (tempfile::TempDir, Db, TestClock) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let db = Db::open_with_clock(&dir.path().join("clientele.db"), clock.clock()).unwrap();
    (dir, db, clock)
}

pub fn customer(name: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        ..Default::default()
    }
}

/// A file in the repository's `tests/fixtures` folder.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// The text of a fixture (the schema-N.sql files).
pub fn fixture_sql(name: &str) -> String {
    let path = fixture_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema as SQL text, ordered, for comparing two databases.
pub fn schema(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(format!(
            "{}|{}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The names of the live customers a search finds, in list order.
pub fn search_names(db: &Db, search: &str) -> Vec<String> {
    db.list_customers(&CustomerQuery {
        search: search.into(),
        ..Default::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.name)
    .collect()
}

/// A Clientele database as a newer release would write it (schema + 1).
pub fn write_future_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&fixture_sql("schema-v1.sql")).unwrap();
    conn.pragma_update(None, "user_version", clientele_core::db::SCHEMA_VERSION + 1)
        .unwrap();
}

/// Another program's SQLite database.
pub fn write_foreign_database(path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);",
        )
        .unwrap();
}

/// The id of a built-in survey dimension, by its key (`price`, ...).
pub fn dim(db: &Db, key: &str) -> i64 {
    db.list_survey_dimensions()
        .unwrap()
        .into_iter()
        .find(|d| d.key.as_deref() == Some(key))
        .unwrap()
        .id
}
