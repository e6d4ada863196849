//! Shared helpers for the CLI tests: the real binary on a temp database.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `clientele-cli --db DB ARGS...`, never on the user's own database.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clientele-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CLIENTELE_DB")
        .output()
        .unwrap()
}

/// Runs it and returns its stdout, failing the test with stderr if it failed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
