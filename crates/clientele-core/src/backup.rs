//! Copies of the database, and putting one back: automatic backups in
//! `<data folder>/backups` (daily, before an import, before a schema
//! migration, before a restore), "back up now" to a file the owner chooses,
//! and restoring from any backup or file.
//!
//! Copies are written with SQLite's online backup API (a page copy: ~1 s for
//! a 260 MB file, where `VACUUM INTO` would rebuild every index) from a
//! second, read-only connection, so the app keeps working while the daily
//! backup runs. A copy appears under its final name only once complete.
//!
//! Restoring never writes to the chosen file: it is inspected like a database
//! at start-up (a newer Clientele's, another program's, a damaged file are
//! refused), copied read-only into a temporary file, checked and migrated
//! there, and only then copied into the live connection, after a pre-restore
//! backup of the data it replaces.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant, SystemTime};

use chrono::{DateTime, Duration, Local, NaiveDateTime, TimeZone, Timelike, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact_cycle::local_date;
use crate::customers::count_customers;
use crate::db::{configure, inspect_existing, migrate, open_untouched, Db, APPLICATION_ID};
use crate::error::{Error, Result};

/// Why an automatic backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BackupKind {
    /// The first start of each day.
    Daily,
    /// Before a spreadsheet import.
    PreImport,
    /// Before the schema of an older database file is upgraded.
    PreMigration,
    /// Before a restore replaced the data.
    PreRestore,
    /// `clientele-cli backup` without `--out`.
    Manual,
}

impl BackupKind {
    const ALL: [BackupKind; 5] = [
        BackupKind::Daily,
        BackupKind::PreImport,
        BackupKind::PreMigration,
        BackupKind::PreRestore,
        BackupKind::Manual,
    ];

    /// The word in the file name: `clientele-<word>-YYYYMMDD-HHMMSS.db`.
    pub fn file_word(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::PreImport => "pre-import",
            BackupKind::PreMigration => "pre-migration",
            BackupKind::PreRestore => "pre-restore",
            BackupKind::Manual => "manual",
        }
    }
}

/// Daily backups kept (the newest ones).
pub const KEEP_DAILY: usize = 14;
/// Other automatic backups are kept this long (the newest of each kind but
/// pre-import ones is kept even when older).
pub const KEEP_DAYS: i64 = 30;

/// One backup file, as the Settings list and `clientele-cli backup list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// `None` for a file written by "Back up now" to a place the owner chose.
    pub kind: Option<BackupKind>,
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Customers not in the trash; `None` when the file cannot be read.
    pub customers: Option<u32>,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreReport {
    /// The copy of the data the restore replaced, in the backups folder.
    pub pre_restore_backup: String,
    /// Customers (not in the trash) in the restored data.
    pub customers: u32,
    /// The restored file's schema before it was brought up to date.
    #[ts(type = "number")]
    pub restored_schema: i64,
}

/// `<folder of the database>/backups`.
pub fn backups_dir_of(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("backups")
}

impl Db {
    /// Where the automatic backups go: `backups` beside the database file;
    /// `None` for an in-memory database.
    pub fn backups_dir(&self) -> Option<PathBuf> {
        self.path().map(backups_dir_of)
    }

    /// Writes `backups/clientele-<kind>-YYYYMMDD-HHMMSS.db` (local time), then
    /// drops the backups the retention rules no longer keep. `Ok(None)` for an
    /// in-memory database.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// use clientele_core::{backup::BackupKind, Db};
    /// let db = Db::open(&dir.path().join("clientele.db")).unwrap();
    /// let info = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    /// assert!(info.file_name.starts_with("clientele-pre-import-"));
    /// assert_eq!(db.list_backups().unwrap(), vec![info]);
    /// ```
    pub fn snapshot(&self, kind: BackupKind) -> Result<Option<BackupInfo>> {
        let (Some(dir), Some(reader)) = (self.backups_dir(), self.reader()?) else {
            return Ok(None);
        };
        snapshot_connection(&reader, &dir, kind, self.now()).map(Some)
    }

    /// The daily backup, unless one was already made today (local date).
    pub fn daily_backup_if_due(&self) -> Result<Option<BackupInfo>> {
        let Some(dir) = self.backups_dir() else {
            return Ok(None);
        };
        let today = local_date(self.now());
        let done_today = scan(&dir)?
            .iter()
            .any(|b| b.kind == BackupKind::Daily && local_date(b.created_at) == today);
        if done_today {
            return Ok(None);
        }
        self.snapshot(BackupKind::Daily)
    }

    /// "Back up now": a copy at `target` (replaced if it exists). It is
    /// written beside `target` under a temporary name and renamed when
    /// complete, so a half-written copy never carries the chosen name.
    pub fn backup_to(&self, target: &Path) -> Result<BackupInfo> {
        let Some(reader) = self.reader()? else {
            return Err(Error::BackupFailed(
                "an in-memory database cannot be backed up".into(),
            ));
        };
        if self.path().is_some_and(|live| is_live_file(live, target)) {
            return Err(Error::BackupFailed(
                "a backup cannot replace the database itself".into(),
            ));
        }
        write_copy(&reader, target)?;
        Ok(read_info(target, None, self.now()))
    }

    /// The backups in the backups folder, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        let Some(dir) = self.backups_dir() else {
            return Ok(vec![]);
        };
        Ok(scan(&dir)?
            .into_iter()
            .map(|b| read_info(&b.path, Some(b.kind), b.created_at))
            .collect())
    }

    /// Replaces the data with the database in `source`, which is only read.
    ///
    /// Refused, with nothing changed, when `source` is not a Clientele
    /// database, was written by a newer Clientele, or is damaged. An older
    /// schema is upgraded in a temporary copy. The data replaced is first
    /// copied to a pre-restore backup.
    pub fn restore_from(&self, source: &Path) -> Result<RestoreReport> {
        let Some(dir) = self.backups_dir() else {
            return Err(Error::BackupFailed(
                "an in-memory database has no backups folder".into(),
            ));
        };
        let restored_schema = inspect_existing(source).map_err(refused_source)?;
        if restored_schema == 0 {
            // An empty file or an empty SQLite database: restoring it would
            // wipe the book, and no Clientele ever wrote one.
            return Err(Error::RestoreSourceNotClientele);
        }
        create_dir(&dir)?;
        let temp = TempFile(dir.join(format!(
            ".restoring-{}-{}.tmp",
            std::process::id(),
            self.now().timestamp_millis()
        )));

        // A copy made through a read-only connection; the chosen file and its
        // folder are never written to.
        let src = open_untouched(source).map_err(|e| refused_source(e.into()))?;
        write_copy(&src, &temp.0).map_err(damaged_source)?;
        drop(src);

        let live_page_size = self.read(|c| Ok(page_size(c)?))?;
        let (copy, customers) = prepare_copy(&temp.0, live_page_size).map_err(damaged_source)?;

        let mut live = self.lock();
        // No other write of this app can slip in between the pre-restore
        // backup and the restore: the connection is ours until the end.
        let pre = self
            .snapshot(BackupKind::PreRestore)?
            .expect("a database with a backups folder is a file");
        run_to_end(&Backup::new(&copy, &mut live)?)?;
        live.flush_prepared_statement_cache();
        // The restore went through the write-ahead log; fold it into the file
        // now instead of keeping a log the size of the database.
        let _ = live.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        drop(live);
        drop(copy);
        // The page copy bypasses the change hooks the search index follows.
        self.invalidate_search_index();
        Ok(RestoreReport {
            pre_restore_backup: pre.path,
            customers,
            restored_schema,
        })
    }

    /// A second connection to the database file, for copying it without
    /// holding the app's connection. `None` for an in-memory database.
    fn reader(&self) -> Result<Option<Connection>> {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(StdDuration::from_secs(5))?;
        Ok(Some(conn))
    }
}

/// Writes a backup of `src` of this `kind` into `dir` (created if needed),
/// then prunes `dir`. Also used before a migration, when there is no `Db` yet.
pub(crate) fn snapshot_connection(
    src: &Connection,
    dir: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    create_dir(dir)?;
    // To the second, as the name says it (and the list reads it back).
    let now = now.with_nanosecond(0).unwrap_or(now);
    let stamp = now.with_timezone(&Local).format("%Y%m%d-%H%M%S");
    let base = format!("clientele-{}-{stamp}", kind.file_word());
    let mut target = dir.join(format!("{base}.db"));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{base}-{n}.db"));
        n += 1;
    }
    write_copy(src, &target)?;
    let info = read_info(&target, Some(kind), now);
    // A backup that was written is a success even if an old one could not be
    // removed; the next backup tries again.
    let _ = prune(dir, now);
    Ok(info)
}

/// Deletes the backups the retention rules no longer keep: daily ones beyond
/// the newest 14; pre-import ones older than 30 days; pre-migration,
/// pre-restore and manual ones older than 30 days unless the newest of their
/// kind. Only files named like our backups are considered. Returns the paths
/// removed.
pub fn prune(dir: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    let mut removed = vec![];
    let mut dailies = 0;
    let mut newest_seen = HashSet::new();
    for b in scan(dir)? {
        let young = now - b.created_at < Duration::days(KEEP_DAYS);
        let keep = match b.kind {
            BackupKind::Daily => {
                dailies += 1;
                dailies <= KEEP_DAILY
            }
            BackupKind::PreImport => young,
            BackupKind::PreMigration | BackupKind::PreRestore | BackupKind::Manual => {
                newest_seen.insert(b.kind) || young
            }
        };
        if !keep && std::fs::remove_file(&b.path).is_ok() {
            removed.push(b.path);
        }
    }
    remove_stale_partials(dir);
    Ok(removed)
}

/// A backup file found in the backups folder, from its name.
struct Found {
    path: PathBuf,
    kind: BackupKind,
    created_at: DateTime<Utc>,
    seq: u32,
    name: String,
}

/// The backups in `dir`, newest first; nothing when `dir` does not exist.
fn scan(dir: &Path) -> Result<Vec<Found>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e.into()),
    };
    let mut found = vec![];
    for entry in entries {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if let Some((kind, created_at, seq)) = parse_name(&name) {
            found.push(Found {
                path: entry.path(),
                kind,
                created_at,
                seq,
                name,
            });
        }
    }
    // Newest first; made in the same second: the later one, then by name.
    found.sort_by(|a, b| (b.created_at, b.seq, &b.name).cmp(&(a.created_at, a.seq, &a.name)));
    Ok(found)
}

/// `clientele-<kind>-YYYYMMDD-HHMMSS[-N].db` → kind, time (written as local
/// time), N (0 without).
fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>, u32)> {
    let rest = name.strip_prefix("clientele-")?.strip_suffix(".db")?;
    let kind = *BackupKind::ALL.iter().find(|k| {
        rest.strip_prefix(k.file_word())
            .is_some_and(|r| r.starts_with('-'))
    })?;
    let rest = &rest[kind.file_word().len() + 1..];
    let (stamp, seq) = match rest.split_at_checked(15)? {
        (stamp, "") => (stamp, 0),
        (stamp, tail) => {
            let n = tail.strip_prefix('-')?;
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (stamp, n.parse().ok()?)
        }
    };
    let naive = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let local = Local.from_local_datetime(&naive).earliest()?;
    Some((kind, local.with_timezone(&Utc), seq))
}

/// Size, customers and schema of a backup file; the last two `None` when the
/// file is not a Clientele database we can read.
fn read_info(path: &Path, kind: Option<BackupKind>, created_at: DateTime<Utc>) -> BackupInfo {
    let probe = || -> rusqlite::Result<Option<(i64, u32)>> {
        let conn = open_untouched(path)?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Ok(None);
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let customers: u32 = conn.query_row(
            "SELECT count(*) FROM customers WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(Some((version, customers)))
    };
    let read = probe().ok().flatten();
    BackupInfo {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind,
        created_at,
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        customers: read.map(|r| r.1),
        schema_version: read.map(|r| r.0),
    }
}

/// Copies everything `src` holds into a new file at `target` (replacing it),
/// through a temporary file beside it that is renamed only when complete.
fn write_copy(src: &Connection, target: &Path) -> Result<()> {
    let partial = partial_path(target);
    remove_with_companions(&partial);
    let result = (|| -> Result<()> {
        let mut dst = Connection::open(&partial)?;
        // A fresh file: nothing to roll back to, so no journal while copying.
        dst.pragma_update(None, "journal_mode", "OFF")?;
        dst.pragma_update(None, "synchronous", "OFF")?;
        run_to_end(&Backup::new(src, &mut dst)?)?;
        // The copy says "write-ahead log" like the live file; a backup is
        // easier to move and mail as one plain file.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        drop(dst);
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, target)?;
        Ok(())
    })();
    if result.is_err() {
        remove_with_companions(&partial);
    }
    result
}

/// `.<name>.partial` beside `target`: hidden, and never named like a backup.
fn partial_path(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.partial"))
}

/// Leftovers of a copy interrupted by a crash (an hour old: none is running).
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = SystemTime::now() - StdDuration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with(".clientele-") && name.contains(".db.partial")
            || name.starts_with(".restoring-") && name.contains(".tmp");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if ours && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn remove_with_companions(path: &Path) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(path.with_file_name(format!("{name}{suffix}")));
    }
}

/// A temporary database file, removed (with its companions) when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        remove_with_companions(&self.0);
    }
}

/// Runs a backup in one step, waiting a little while another process writes.
fn run_to_end(backup: &Backup) -> Result<()> {
    let deadline = Instant::now() + StdDuration::from_secs(10);
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if Instant::now() > deadline => {
                return Err(Error::BackupFailed(
                    "the database stayed busy (another program is writing to it)".into(),
                ))
            }
            _ => std::thread::sleep(StdDuration::from_millis(50)),
        }
    }
}

/// Checks the temporary copy of a file to restore and brings it to the
/// current schema (triggers and indexes included) and the live page size.
/// Returns it open, with its number of customers.
fn prepare_copy(temp: &Path, live_page_size: i64) -> Result<(Connection, u32)> {
    let copy = Connection::open(temp)?;
    configure(&copy)?;
    let check: String = copy.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::RestoreSourceUnreadable(
            "the integrity check failed".into(),
        ));
    }
    migrate(&copy)?;
    let customers = count_customers(&copy, false)?;
    match_page_size(&copy, live_page_size)?;
    Ok((copy, customers))
}

fn page_size(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "page_size", |r| r.get(0))
}

/// A backup into a database in write-ahead-log mode needs equal page sizes;
/// a file from elsewhere may use another, so the copy is rebuilt with ours.
fn match_page_size(copy: &Connection, want: i64) -> Result<()> {
    if page_size(copy)? != want {
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        copy.pragma_update(None, "page_size", want)?;
        copy.execute_batch("VACUUM")?;
    }
    Ok(())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::DataFolder(format!("{}: {e}", dir.display())))
}

/// Whether `target` names the live database file or one of its companions.
fn is_live_file(live: &Path, target: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        let parent = p.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
        Some(dir.join(p.file_name()?))
    };
    let (Some(live), Some(target)) = (canonical(live), canonical(target)) else {
        return false;
    };
    let live_name = live.file_name().unwrap_or_default().to_string_lossy();
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| live.with_file_name(format!("{live_name}{suffix}")) == target)
}

/// The start-up refusals, said of the chosen file rather than the live database.
fn refused_source(e: Error) -> Error {
    match e {
        Error::SchemaTooNew { found, supported } => Error::RestoreSourceTooNew { found, supported },
        Error::NotClienteleDatabase => Error::RestoreSourceNotClientele,
        Error::DatabaseUnreadable(why) => Error::RestoreSourceUnreadable(why),
        Error::Sqlite(e) => Error::RestoreSourceUnreadable(e.to_string()),
        other => other,
    }
}

/// A read of the chosen file that fails on its content means it is damaged;
/// other failures (a full disk) are reported as they are.
fn damaged_source(e: Error) -> Error {
    match &e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) =>
        {
            Error::RestoreSourceUnreadable(e.to_string())
        }
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back_and_others_ignored() {
        let t = Local
            .with_ymd_and_hms(2026, 11, 23, 7, 5, 9)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_name("clientele-daily-20261123-070509.db"),
            Some((BackupKind::Daily, t, 0))
        );
        assert_eq!(
            parse_name("clientele-pre-import-20261123-070509-2.db"),
            Some((BackupKind::PreImport, t, 2))
        );
        for other in [
            "clientele.db",
            "clientele-daily-20261123-070509.db-wal",
            "clientele-weekly-20261123-070509.db",
            "clientele-daily-20261123-0705.db",
            "clientele-daily-20261123-070509-.db",
            "clientele-daily-20261123-070509-x.db",
            ".clientele-daily-20261123-070509.db.partial",
            "clientele-pre-restore-2026112-0705099.db",
            "photo.jpg",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
        for kind in BackupKind::ALL {
            let name = format!("clientele-{}-20261123-070509.db", kind.file_word());
            assert_eq!(parse_name(&name).map(|p| p.0), Some(kind));
        }
    }
}
