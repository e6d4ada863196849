//! Backups and restore on real SQLite files in temp folders: the round trip,
//! the files a restore must refuse without changing a byte, older schemas,
//! and which automatic backups are kept as the days go by.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Duration;
use clientele_core::backup::{BackupKind, KEEP_DAILY};
use clientele_core::db::{APPLICATION_ID, SCHEMA_VERSION};
use clientele_core::model::CustomerQuery;
use clientele_core::{Db, Error};
use common::{
    customer, fixture_sql, schema, search_names, temp_db, write_foreign_database,
    write_future_database,
};
use rusqlite::Connection;

/// Live customers' names, sorted by the store (name).
fn names(db: &Db) -> Vec<String> {
    db.list_customers(&CustomerQuery::default())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

/// Every file in a folder (recursively) with its bytes.
fn snapshot_of(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot_of(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

#[test]
fn back_up_change_restore_and_the_data_is_back_with_a_pre_restore_backup() {
    let (dir, db, _clock) = temp_db();
    let a = db.create_customer(&customer("张三")).unwrap().id;
    db.create_customer(&customer("李四")).unwrap();

    let mine_dir = tempfile::tempdir().unwrap();
    let mine = mine_dir.path().join("我的备份.db");
    let info = db.backup_to(&mine).unwrap();
    assert_eq!(info.path, mine.display().to_string());
    assert_eq!(info.kind, None);
    assert_eq!(info.customers, Some(2));
    assert_eq!(info.schema_version, Some(SCHEMA_VERSION));
    assert_eq!(info.size_bytes, std::fs::metadata(&mine).unwrap().len());
    // One plain file: no journal or log beside it.
    assert_eq!(snapshot_of(mine_dir.path()).len(), 1);

    // The search index is loaded, then the data changes.
    db.warm_search_index().unwrap();
    db.create_customer(&customer("王五")).unwrap();
    db.trash_customer(a).unwrap();
    assert_eq!(names(&db), ["李四", "王五"]);
    let chosen_before = snapshot_of(mine_dir.path());

    let report = db.restore_from(&mine).unwrap();
    assert_eq!(report.customers, 2);
    assert_eq!(report.restored_schema, SCHEMA_VERSION);
    assert_eq!(names(&db), ["张三", "李四"]);
    assert_eq!(
        search_names(&db, "张"),
        ["张三"],
        "the search index was rebuilt"
    );
    assert!(search_names(&db, "王五").is_empty());
    assert!(db.get_customer(a).unwrap().deleted_at.is_none());
    assert_eq!(
        snapshot_of(mine_dir.path()),
        chosen_before,
        "the chosen file was changed"
    );

    // What the restore replaced is kept, in the backups folder.
    let pre = PathBuf::from(&report.pre_restore_backup);
    assert_eq!(pre.parent().unwrap(), dir.path().join("backups"));
    let listed = db.list_backups().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, Some(BackupKind::PreRestore));
    assert_eq!(listed[0].path, report.pre_restore_backup);
    assert_eq!(
        listed[0].customers,
        Some(2),
        "李四 and 王五; 张三 was in the trash"
    );
    let before = Db::open(&pre).unwrap();
    assert_eq!(names(&before), ["李四", "王五"]);
    drop(before);

    // The restored book takes new writes, and they last.
    let d = db.create_customer(&customer("赵六")).unwrap().id;
    assert_eq!(search_names(&db, "赵"), ["赵六"]);
    drop(db);
    let reopened = Db::open(&dir.path().join("clientele.db")).unwrap();
    assert_eq!(names(&reopened), ["张三", "李四", "赵六"]);
    assert_eq!(reopened.get_customer(d).unwrap().name, "赵六");
}

#[test]
fn an_older_schema_is_restored_through_a_migrated_copy() {
    let (dir, db, _clock) = temp_db();
    db.create_customer(&customer("今天的客户")).unwrap();

    let old_dir = tempfile::tempdir().unwrap();
    let old = old_dir.path().join("old-v3.db");
    Connection::open(&old)
        .unwrap()
        .execute_batch(&fixture_sql("schema-v3.sql"))
        .unwrap();
    let chosen_before = snapshot_of(old_dir.path());

    let report = db.restore_from(&old).unwrap();
    assert_eq!(report.restored_schema, 3);
    assert_eq!(snapshot_of(old_dir.path()), chosen_before);
    let zhang = db.get_customer(1).unwrap();
    assert_eq!(zhang.name, "张三丰");
    assert_eq!(search_names(&db, "0013"), ["张三丰"]);
    assert!(search_names(&db, "今天").is_empty());
    assert_eq!(db.timeline(1).unwrap().len(), 3);
    // The triggers and partial indexes of the current schema are there.
    let fresh = Db::open_in_memory().unwrap();
    assert_eq!(
        db.read(|c| Ok(schema(c))).unwrap(),
        fresh.read(|c| Ok(schema(c))).unwrap()
    );
    let version: i64 = db
        .read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    // The last-contact trigger works on the restored data.
    let input = clientele_core::model::InteractionInput {
        kind: "call".into(),
        summary: "问问近况".into(),
        ..Default::default()
    };
    db.add_interaction(1, &input).unwrap();
    let last: String = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT last_contact_at FROM customer_contact WHERE customer_id = 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(last.starts_with("2026-11-23"), "{last}");
    // Only the pre-restore backup was left in the backups folder.
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].starts_with("clientele-pre-restore-"));
}

#[test]
fn a_file_with_another_page_size_is_restored() {
    let (_dir, db, _clock) = temp_db();
    db.create_customer(&customer("今天的客户")).unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("small-pages.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("PRAGMA page_size = 1024;").unwrap();
        conn.execute_batch(&fixture_sql("schema-v3.sql")).unwrap();
        let size: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        assert_eq!(size, 1024);
    }
    db.restore_from(&other).unwrap();
    assert_eq!(names(&db), ["张三丰"]);
    let size: i64 = db
        .read(|c| Ok(c.pragma_query_value(None, "page_size", |r| r.get(0))?))
        .unwrap();
    assert_eq!(size, 4096);
}

/// Restoring `chosen` fails as `expect` says, and neither the live database
/// nor the chosen file (nor anything beside either) changes.
fn assert_restore_refused(chosen: &Path, expect: impl Fn(&Error) -> bool) {
    let (dir, db, _clock) = temp_db();
    db.create_customer(&customer("张三")).unwrap();
    let live_before = snapshot_of(dir.path());
    let chosen_before = snapshot_of(chosen.parent().unwrap());

    let err = db.restore_from(chosen).unwrap_err();
    assert!(expect(&err), "unexpected error: {err:?}");
    assert!(err.code().starts_with("restoreSource"), "{}", err.code());

    assert_eq!(
        snapshot_of(chosen.parent().unwrap()),
        chosen_before,
        "the chosen file (or its folder) was changed"
    );
    let backups = dir.path().join("backups");
    assert!(
        !backups.exists() || std::fs::read_dir(&backups).unwrap().next().is_none(),
        "something was left in the backups folder"
    );
    let _ = std::fs::remove_dir(&backups);
    assert_eq!(
        snapshot_of(dir.path()),
        live_before,
        "the live database was changed"
    );
    assert_eq!(names(&db), ["张三"]);
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let chosen_dir = tempfile::tempdir().unwrap();
    let path = chosen_dir.path().join("future.db");
    write_future_database(&path);
    assert_restore_refused(
        &path,
        |e| matches!(e, Error::RestoreSourceTooNew { found, .. } if *found == SCHEMA_VERSION + 1),
    );
}

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    let chosen_dir = tempfile::tempdir().unwrap();
    let path = chosen_dir.path().join("invoices.db");
    write_foreign_database(&path);
    assert_restore_refused(&path, |e| matches!(e, Error::RestoreSourceNotClientele));
}

#[test]
fn a_text_file_is_refused_untouched() {
    let chosen_dir = tempfile::tempdir().unwrap();
    let path = chosen_dir.path().join("notes.db");
    std::fs::write(&path, "客户名单\n张三 13800138000\n".repeat(40)).unwrap();
    assert_restore_refused(&path, |e| matches!(e, Error::RestoreSourceUnreadable(_)));
}

#[test]
fn an_empty_file_or_database_is_refused_untouched() {
    let chosen_dir = tempfile::tempdir().unwrap();
    let empty = chosen_dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_restore_refused(&empty, |e| matches!(e, Error::RestoreSourceNotClientele));

    let blank_dir = tempfile::tempdir().unwrap();
    let blank = blank_dir.path().join("blank.db");
    Connection::open(&blank)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    assert_restore_refused(&blank, |e| matches!(e, Error::RestoreSourceNotClientele));
}

#[test]
fn a_damaged_backup_is_refused_untouched() {
    let good_dir = tempfile::tempdir().unwrap();
    let good = good_dir.path().join("good.db");
    {
        let db = Db::open(&good).unwrap();
        db.insert_demo(500, 1).unwrap();
        db.backup_to(&good_dir.path().join("copy.db")).unwrap();
    }
    let bytes = std::fs::read(good_dir.path().join("copy.db")).unwrap();
    let chosen_dir = tempfile::tempdir().unwrap();
    let bad = chosen_dir.path().join("damaged.db");
    // The header survives but the pages after the first are scrambled.
    let mut cut = bytes[..4096].to_vec();
    cut.extend(bytes[4096..].iter().map(|b| b ^ 0x5a));
    std::fs::write(&bad, cut).unwrap();
    assert_restore_refused(&bad, |e| {
        matches!(
            e,
            Error::RestoreSourceUnreadable(_) | Error::RestoreSourceNotClientele
        )
    });

    // Only the last pages damaged: it opens and copies, and the integrity
    // check of the copy finds it out.
    let tail_dir = tempfile::tempdir().unwrap();
    let tail = tail_dir.path().join("damaged-tail.db");
    let keep = bytes.len() - 8 * 4096;
    let mut cut = bytes[..keep].to_vec();
    cut.extend(bytes[keep..].iter().map(|b| b ^ 0x5a));
    std::fs::write(&tail, cut).unwrap();
    assert_restore_refused(&tail, |e| matches!(e, Error::RestoreSourceUnreadable(_)));
}

#[test]
fn a_backup_cannot_overwrite_the_database_itself() {
    let (dir, db, _clock) = temp_db();
    db.create_customer(&customer("张三")).unwrap();
    for name in ["clientele.db", "clientele.db-wal"] {
        let err = db.backup_to(&dir.path().join(name)).unwrap_err();
        assert_eq!(err.code(), "backupFailed");
    }
    let err = db
        .backup_to(&dir.path().join(".").join("clientele.db"))
        .unwrap_err();
    assert_eq!(err.code(), "backupFailed");
    assert_eq!(names(&db), ["张三"]);
}

#[test]
fn the_daily_backup_is_made_once_a_day_and_the_newest_fourteen_are_kept() {
    let (dir, db, clock) = temp_db();
    db.create_customer(&customer("张三")).unwrap();
    let backups = dir.path().join("backups");
    // Someone else's files in the folder are never touched.
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(backups.join("notes.txt"), "mine").unwrap();
    std::fs::write(backups.join("clientele-weekly-20200101-000000.db"), "x").unwrap();
    std::fs::write(backups.join("clientele.db"), "x").unwrap();

    let first = db
        .daily_backup_if_due()
        .unwrap()
        .expect("the first start of the day");
    assert_eq!(first.kind, Some(BackupKind::Daily));
    assert_eq!(first.customers, Some(1));
    assert!(first.file_name.starts_with("clientele-daily-"));
    assert!(db.daily_backup_if_due().unwrap().is_none(), "one a day");
    clock.advance(Duration::minutes(1));
    assert!(db.daily_backup_if_due().unwrap().is_none(), "one a day");

    let mut made = vec![first.file_name];
    for _ in 0..20 {
        clock.advance(Duration::days(1));
        made.push(db.daily_backup_if_due().unwrap().unwrap().file_name);
    }
    let listed: Vec<String> = db
        .list_backups()
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    let newest: Vec<String> = made.iter().rev().take(KEEP_DAILY).cloned().collect();
    assert_eq!(listed, newest, "the newest 14, newest first");
    for other in [
        "notes.txt",
        "clientele-weekly-20200101-000000.db",
        "clientele.db",
    ] {
        assert!(backups.join(other).exists(), "{other} was removed");
    }
}

#[test]
fn pre_import_backups_last_thirty_days_and_the_newest_pre_restore_is_always_kept() {
    let (_dir, db, clock) = temp_db();
    db.create_customer(&customer("张三")).unwrap();
    let old_import = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    let old_restore = db.snapshot(BackupKind::PreRestore).unwrap().unwrap();
    let old_migration = db.snapshot(BackupKind::PreMigration).unwrap().unwrap();
    clock.advance(Duration::days(1));
    let newer_restore = db.snapshot(BackupKind::PreRestore).unwrap().unwrap();
    // Two in the same second get distinct names, the later listed first.
    clock.advance(Duration::seconds(1));
    let same_second = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    let same_second_2 = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    assert_ne!(same_second.path, same_second_2.path);
    let listed = |db: &Db| -> Vec<String> {
        db.list_backups()
            .unwrap()
            .into_iter()
            .map(|b| b.file_name)
            .collect()
    };
    assert_eq!(
        listed(&db),
        [
            same_second_2.file_name.as_str(),
            same_second.file_name.as_str(),
            newer_restore.file_name.as_str(),
            // Made in the same second: by name.
            old_restore.file_name.as_str(),
            old_migration.file_name.as_str(),
            old_import.file_name.as_str(),
        ]
    );

    // 29 days after the second batch: the first batch is over 30 days old.
    clock.advance(Duration::days(29));
    let young = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    assert_eq!(
        listed(&db),
        [
            young.file_name.as_str(),
            same_second_2.file_name.as_str(),
            same_second.file_name.as_str(),
            newer_restore.file_name.as_str(),
            old_migration.file_name.as_str(),
        ],
        "the 30-day-old pre-import and the older pre-restore go; the only \
         pre-migration stays"
    );

    // Long after: only the newest pre-restore and pre-migration remain.
    clock.advance(Duration::days(60));
    let daily = db.daily_backup_if_due().unwrap().unwrap();
    assert_eq!(
        listed(&db),
        [
            daily.file_name.as_str(),
            newer_restore.file_name.as_str(),
            old_migration.file_name.as_str()
        ]
    );
}

#[test]
fn the_list_says_what_each_backup_holds() {
    let (dir, db, _clock) = temp_db();
    db.insert_demo(30, 1).unwrap();
    let id = db.create_customer(&customer("张三")).unwrap().id;
    db.trash_customer(id).unwrap();
    let made = db.snapshot(BackupKind::PreImport).unwrap().unwrap();
    // A file named like a backup that is not a database.
    let broken = dir
        .path()
        .join("backups/clientele-daily-20200101-000000.db");
    std::fs::write(&broken, "not a database").unwrap();

    let listed = db.list_backups().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], made);
    assert_eq!(
        listed[0].customers,
        Some(30),
        "customers in the trash are not counted"
    );
    assert_eq!(listed[0].schema_version, Some(SCHEMA_VERSION));
    assert!(listed[0].size_bytes > 0);
    assert_eq!(listed[1].file_name, "clientele-daily-20200101-000000.db");
    assert_eq!(listed[1].customers, None);
    assert_eq!(listed[1].schema_version, None);
    assert_eq!(listed[1].size_bytes, 14);

    // A backup is one plain Clientele file.
    let conn = Connection::open(&made.path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
}

#[test]
fn an_in_memory_database_has_no_backups() {
    let db = Db::open_in_memory().unwrap();
    assert_eq!(db.backups_dir(), None);
    assert!(db.snapshot(BackupKind::Daily).unwrap().is_none());
    assert!(db.daily_backup_if_due().unwrap().is_none());
    assert!(db.list_backups().unwrap().is_empty());
}
