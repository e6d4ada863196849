//! Shared helpers for the core's integration tests: real SQLite files in temp folders.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use clientele_core::db::Clock;
use clientele_core::model::CustomerInput;
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
