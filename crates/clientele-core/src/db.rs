//! The one owner of the SQLite connection: opening (safely), migrating, and
//! handing out reads and transactions.
//!
//! Opening never changes a file it cannot understand: a damaged file, a file
//! that is not ours, or one written by a newer Clientele is reported and left
//! byte-for-byte as it was. There is no server copy of a shop's customers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction};

use crate::backup::BackupKind;
use crate::error::{Error, Result};
use crate::search_index::{watch, SearchIndex, SharedChangeLog};

/// `PRAGMA application_id` of a Clientele database: "Clnt".
pub const APPLICATION_ID: i64 = 0x436C_6E74;

/// The migrations, in order; migration N brings the schema to `user_version` N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_interactions.sql"),
    include_str!("migrations/0003_complaints.sql"),
    include_str!("migrations/0004_reminders.sql"),
    include_str!("migrations/0005_imports.sql"),
    include_str!("migrations/0006_surveys_and_undo.sql"),
    include_str!("migrations/0007_distinct_customers.sql"),
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Where "now" comes from; tests inject a fixed or moving clock.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

pub struct Db {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
    clock: Clock,
    search: Mutex<SearchIndex>,
    changes: SharedChangeLog,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Opens (or creates) the database file at `path`, migrating it to the
    /// current schema. Creates the parent folder if needed.
    pub fn open(path: &Path) -> Result<Db> {
        Self::open_with_clock(path, system_clock())
    }

    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Db> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::DataFolder(format!("{}: {e}", parent.display())))?;
        }
        let existing_version = if path.exists() {
            Some(inspect_existing(path)?)
        } else {
            None
        };

        let conn = Connection::open(path).map_err(|e| Error::DatabaseUnreadable(e.to_string()))?;
        configure(&conn)?;
        if existing_version.is_some_and(|v| v > 0 && v < SCHEMA_VERSION) {
            backup_before_migration(&conn, path, clock())?;
        }
        migrate(&conn)?;
        Db::new(conn, Some(path.to_path_buf()), clock)
    }

    /// A private in-memory database with the real schema, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        Self::open_in_memory_with_clock(system_clock())
    }

    pub fn open_in_memory_with_clock(clock: Clock) -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&conn)?;
        Db::new(conn, None, clock)
    }

    fn new(mut conn: Connection, path: Option<PathBuf>, clock: Clock) -> Result<Db> {
        let changes = watch(&mut conn)?;
        Ok(Db {
            conn: Mutex::new(conn),
            path,
            clock,
            search: Mutex::default(),
            changes,
        })
    }

    /// Runs `f` with the connection and the search index, brought up to date.
    pub fn with_search_index<T>(
        &self,
        f: impl FnOnce(&Connection, &SearchIndex) -> Result<T>,
    ) -> Result<T> {
        let conn = self.lock();
        let mut index = self.search.lock().unwrap_or_else(|p| p.into_inner());
        index.refresh(&conn, &self.changes)?;
        f(&conn, &index)
    }

    /// Loads the search index now (the app does this in the background at
    /// start, so the first keystroke does not wait for it).
    pub fn warm_search_index(&self) -> Result<usize> {
        self.with_search_index(|_, index| Ok(index.len()))
    }

    /// For writes the change hooks cannot see (see `search_index::invalidate`).
    pub fn invalidate_search_index(&self) {
        crate::search_index::invalidate(&self.changes);
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Runs `f` with the connection for reading.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }

    /// Runs `f` in one transaction: committed if `f` succeeds, rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolls back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads an existing file without writing to it (not even SQLite's `-wal` and
/// `-shm` companions), and refuses what we must not touch. Returns its schema
/// version (0 for an empty database).
pub(crate) fn inspect_existing(path: &Path) -> Result<i64> {
    use std::io::Read;
    let mut header = Vec::with_capacity(100);
    let read = std::fs::File::open(path).and_then(|f| f.take(100).read_to_end(&mut header));
    match read {
        Ok(0) => return Ok(0), // an empty file is a new database
        Ok(100) if header.starts_with(b"SQLite format 3\0") => {}
        Ok(_) => return Err(Error::DatabaseUnreadable("not an SQLite database".into())),
        Err(e) => return Err(Error::DatabaseUnreadable(e.to_string())),
    }

    let unreadable = |e: rusqlite::Error| Error::DatabaseUnreadable(e.to_string());
    let ro = open_untouched(path).map_err(unreadable)?;
    let version: i64 = ro
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(unreadable)?;
    let app_id: i64 = ro
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(unreadable)?;
    let tables: i64 = ro
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(unreadable)?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(Error::NotClienteleDatabase);
    }
    if version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// Opens an existing SQLite file read-only, creating and changing nothing.
///
/// Without a leftover write-ahead log, `immutable` reads the file as it is
/// and creates nothing beside it. With one (the app was stopped mid-session),
/// a read-only open is needed so the log's committed changes are seen.
pub(crate) fn open_untouched(path: &Path) -> rusqlite::Result<Connection> {
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = format!(
        "{}{}",
        file_uri(path),
        if wal.exists() {
            "?mode=ro"
        } else {
            "?immutable=1"
        }
    );
    Connection::open_with_flags(uri, flags)
}

/// `file:` URI for SQLite, escaping what URIs give meaning to.
fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/'); // Windows: file:/C:/...
    }
    let mut out = String::from("file:");
    for ch in s.chars() {
        match ch {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", ch as u32)),
            _ => out.push(ch),
        }
    }
    out
}

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL: a reader (export) never blocks the UI's writes, and a crash mid-write
    // cannot damage what was committed. In-memory databases ignore it.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    crate::search::register_functions(conn)?;
    Ok(())
}

/// Applies the migrations the file lacks, all in one transaction.
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    if current == SCHEMA_VERSION && !crate::search::bodies_are_stale(conn)? {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        // Derived data written by an older build (search bodies) is
        // rewritten in the same transaction.
        crate::search::reindex_if_stale(conn)?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

/// Copies the database into the backups folder before its schema changes:
/// if a migration goes wrong, the owner still has yesterday's customers.
fn backup_before_migration(conn: &Connection, path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = crate::backup::backups_dir_of(path);
    let info = crate::backup::snapshot_connection(conn, &dir, BackupKind::PreMigration, now)?;
    Ok(PathBuf::from(info.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_is_at_the_current_schema() {
        let db = Db::open_in_memory().unwrap();
        let v: i64 = db
            .read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let fk: i64 = db
            .read(|c| Ok(c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_failed_write_rolls_back_everything() {
        let db = Db::open_in_memory().unwrap();
        let r: Result<()> = db.write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('a', '1')", [])?;
            Err(Error::CustomerNotFound(1))
        });
        assert!(r.is_err());
        let n: i64 = db
            .read(|c| {
                Ok(
                    c.query_row("SELECT count(*) FROM settings WHERE key = 'a'", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap();
        assert_eq!(n, 0);
    }
}
