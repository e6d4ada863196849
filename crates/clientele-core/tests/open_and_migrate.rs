//! Opening databases: new, existing, old (migrated), and the ones we must
//! refuse without changing a byte (newer schema, damaged, not ours).

mod common;

use std::path::Path;

use clientele_core::db::{APPLICATION_ID, SCHEMA_VERSION};
use clientele_core::model::CustomerQuery;
use clientele_core::{Db, Error};
use common::{fixture_sql, schema, write_foreign_database, write_future_database};
use rusqlite::Connection;

fn pragma(path: &Path, name: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, name, |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_file_gets_the_current_schema_and_our_application_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Db::open(&path).unwrap());
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
    assert_eq!(pragma(&path, "application_id"), APPLICATION_ID);
}

#[test]
// One fixture per released schema; the list grows with each release.
fn every_released_schema_upgrades_keeping_its_rows_and_matching_a_fresh_schema() {
    for (version, file) in [
        (1, "schema-v1.sql"),
        (3, "schema-v3.sql"),
        (4, "schema-v4.sql"),
        (5, "schema-v5.sql"),
        (6, "schema-v6.sql"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&fixture_sql(file))
            .unwrap();
        assert_eq!(pragma(&path, "user_version"), version);

        let db = Db::open(&path).unwrap();
        let zhang = db.get_customer(1).unwrap();
        assert_eq!(zhang.name, "张三丰");
        assert_eq!(zhang.phones, vec!["+86 138-0013-8000"]);
        assert_eq!(zhang.tags, vec!["VIP", "老客户"]);
        assert_eq!(zhang.contact_cycle_days, Some(30));
        assert!(db.get_customer(2).unwrap().deleted_at.is_some());
        let found = db
            .list_customers(&CustomerQuery {
                search: "0013".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.total, 1);
        // Bodies written by the old build are rewritten: pinyin finds him.
        assert_eq!(common::search_names(&db, "zsf"), ["张三丰"]);
        assert_eq!(
            db.language().unwrap(),
            Some(clientele_core::model::Lang::En)
        );
        if version >= 3 {
            // The last contact is backfilled from the live interactions only.
            let last: String = db
                .read(|c| {
                    Ok(c.query_row(
                        "SELECT last_contact_at FROM customer_contact WHERE customer_id = 1",
                        [],
                        |r| r.get(0),
                    )?)
                })
                .unwrap();
            assert_eq!(last, "2026-06-10T08:30:00.000Z");
            let complaint = db.get_complaint(1).unwrap();
            assert_eq!(complaint.steps.len(), 3);
            assert_eq!(db.timeline(1).unwrap().len(), 3);
        }
        if version >= 4 {
            let reminders = db.list_open_reminders(1).unwrap();
            assert_eq!(reminders.len(), 1);
            assert_eq!(reminders[0].note, "送新茶样品");
        }
        if version >= 6 {
            let ratings: i64 = db
                .read(|c| Ok(c.query_row("SELECT count(*) FROM survey_ratings", [], |r| r.get(0))?))
                .unwrap();
            assert_eq!(ratings, 2, "the survey answer's ratings are kept");
        }
        let imports = db.list_imports().unwrap();
        let live = if version >= 5 {
            assert_eq!(imports.len(), 1);
            assert_eq!(common::search_names(&db, "ww"), ["王五"]);
            2
        } else {
            assert!(imports.is_empty());
            1
        };
        drop(db);

        // The file as it was is kept in the backups folder (made for it), in
        // case the upgrade goes wrong.
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "no backup before the upgrade");
        let name = backups[0].file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("clientele-pre-migration-"), "{name}");
        assert_eq!(pragma(&backups[0], "user_version"), version);
        let listed = Db::open(&dir.path().join("old.db"))
            .unwrap()
            .list_backups()
            .unwrap();
        assert_eq!(listed.len(), 1, "the next open makes no second backup");
        assert_eq!(
            listed[0].kind,
            Some(clientele_core::backup::BackupKind::PreMigration)
        );
        assert_eq!(listed[0].schema_version, Some(version));
        assert_eq!(
            listed[0].customers,
            Some(live),
            "张三丰 (and 王五 from schema 5; the other is in the trash)"
        );

        let fresh_path = dir.path().join("fresh.db");
        drop(Db::open(&fresh_path).unwrap());
        let upgraded = schema(&Connection::open(&path).unwrap());
        let fresh = schema(&Connection::open(&fresh_path).unwrap());
        assert_eq!(
            upgraded, fresh,
            "schema {version} upgraded differs from a fresh one"
        );
        assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
    }
}

fn assert_refused_untouched(path: &Path, expect: impl Fn(&Error) -> bool) {
    let before = std::fs::read(path).unwrap();
    let err = Db::open(path).unwrap_err();
    assert!(expect(&err), "unexpected error: {err:?}");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    let siblings: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        siblings.len(),
        1,
        "files were created beside it: {siblings:?}"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    write_future_database(&path);
    assert_refused_untouched(
        &path,
        |e| matches!(e, Error::SchemaTooNew { found, supported } if *found == SCHEMA_VERSION + 1 && *supported == SCHEMA_VERSION),
    );
}

#[test]
fn a_damaged_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.db");
    std::fs::write(&path, b"this is not a database ".repeat(500)).unwrap();
    assert_refused_untouched(&path, |e| matches!(e, Error::DatabaseUnreadable(_)));
    assert_eq!(Db::open(&path).unwrap_err().code(), "databaseUnreadable");
}

#[test]
fn a_truncated_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    {
        let db = Db::open(&good).unwrap();
        db.insert_demo(500, 1).unwrap();
        db.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
            .unwrap();
    }
    let bytes = std::fs::read(&good).unwrap();
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = bad_dir.path().join("cut.db");
    // The header survives but the pages are scrambled.
    let mut cut = bytes[..100].to_vec();
    cut.extend(bytes[100..].iter().map(|b| b ^ 0x5a));
    std::fs::write(&bad, cut).unwrap();
    assert_refused_untouched(&bad, |e| {
        matches!(
            e,
            Error::DatabaseUnreadable(_) | Error::NotClienteleDatabase
        )
    });
}

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    write_foreign_database(&path);
    assert_refused_untouched(&path, |e| matches!(e, Error::NotClienteleDatabase));
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(
        db.list_customers(&CustomerQuery::default()).unwrap().total,
        0
    );
}

#[test]
fn a_folder_that_cannot_be_created_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Db::open(&blocker.join("clientele.db")).unwrap_err();
    assert!(matches!(err, Error::DataFolder(_)), "{err:?}");
}

#[test]
fn odd_characters_in_the_path_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("我的 店 #1 ?50%").join("clientele.db");
    let id = Db::open(&path)
        .unwrap()
        .create_customer(&common::customer("张三"))
        .unwrap()
        .id;
    assert_eq!(
        Db::open(&path).unwrap().get_customer(id).unwrap().name,
        "张三"
    );
}
