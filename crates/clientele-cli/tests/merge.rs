//! `duplicates` and `merge` as a script would use them: real binary, real files.

use std::path::Path;

mod common;

use common::{cli, ok};

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// Two customers sharing a phone (written differently), one visit each, and a bystander.
fn book(db: &Path) {
    ok(
        db,
        &[
            "customer",
            "add",
            "--name",
            "张三",
            "--phone",
            "13800138000",
            "--tag",
            "VIP",
        ],
    );
    ok(
        db,
        &[
            "customer",
            "add",
            "--name",
            "张三（新）",
            "--phone",
            "+86 138-0013-8000",
            "--phone",
            "021-62345678",
            "--email",
            "z@x.cn",
            "--tag",
            "批发",
        ],
    );
    ok(
        db,
        &[
            "customer",
            "add",
            "--name",
            "李四",
            "--phone",
            "13900139000",
        ],
    );
    for id in ["1", "2"] {
        ok(
            db,
            &[
                "interaction",
                "add",
                "--customer",
                id,
                "--kind",
                "visit",
                "--summary",
                id,
            ],
        );
    }
}

#[test]
fn duplicates_lists_the_group_with_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    book(&db);
    let text = ok(&db, &["duplicates"]);
    assert!(text.contains("group 1:"), "{text}");
    assert!(
        text.contains("same phone: 13800138000 / +86 138-0013-8000 (#1, #2)"),
        "{text}"
    );
    assert!(text.contains("1 group(s) among 3 customer(s)"), "{text}");
    assert!(!text.contains("李四"));
    let found = json(&db, &["duplicates", "--json"]);
    assert_eq!(found["groups"][0]["evidence"][0]["kind"], "samePhone");
    assert_eq!(found["groups"][0]["customers"][1]["interactions"], 1);
}

#[test]
fn not_the_same_person_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    book(&db);
    let out = ok(&db, &["duplicates", "--not-same", "2", "1"]);
    assert!(
        out.contains("customers #2, #1 are different people (1 pair(s) newly marked)"),
        "{out}"
    );
    assert!(ok(&db, &["duplicates"]).starts_with("0 group(s) among 3"));
    ok(&db, &["duplicates", "--not-same", "1", "2", "--undo"]);
    assert!(ok(&db, &["duplicates"]).contains("1 group(s) among 3"));
}

#[test]
fn merge_then_undo_round_trips_and_dry_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    book(&db);

    let preview = ok(&db, &["merge", "1", "2", "--take", "name=2", "--dry-run"]);
    assert!(
        preview.contains("name:            张三（新） (from #2)"),
        "{preview}"
    );
    assert!(
        preview.contains("phones:          13800138000, 021-62345678"),
        "{preview}"
    );
    assert!(
        preview.contains("would move 1 record(s) to #1"),
        "{preview}"
    );
    assert_eq!(
        json(&db, &["duplicates", "--json"])["groups"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let out = ok(&db, &["merge", "1", "2"]);
    assert!(
        out.starts_with("merged into #1 张三 as merge 1; 1 record(s) moved"),
        "{out}"
    );
    let kept = json(&db, &["customer", "show", "1", "--json"]);
    assert_eq!(kept["email"], "z@x.cn");
    assert_eq!(kept["tags"], serde_json::json!(["VIP", "批发"]));
    let visits = ok(&db, &["interaction", "list", "--customer", "1"]);
    assert_eq!(visits.lines().count(), 2, "{visits}");
    let listed = ok(&db, &["customer", "list"]);
    assert!(!listed.contains("张三（新）"), "{listed}");
    assert!(ok(&db, &["customer", "list", "--trash"]).trim().is_empty());
    assert!(ok(&db, &["merge", "list"]).contains("kept 张三 (#1)\tmerged 张三（新） (#2)"));

    let undone = ok(&db, &["merge", "undo", "1"]);
    assert!(
        undone.contains("1 customer(s) back, 1 record(s) moved back"),
        "{undone}"
    );
    assert_eq!(
        ok(&db, &["interaction", "list", "--customer", "2"])
            .lines()
            .count(),
        1
    );
    assert!(json(&db, &["customer", "show", "1", "--json"])["email"].is_null());
    assert!(ok(&db, &["merge", "list"]).contains("(undone)"));

    // Undoing twice is refused, with a non-zero exit.
    let again = cli(&db, &["merge", "undo", "1"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already undone"));
}

#[test]
fn a_bad_take_or_one_customer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    book(&db);
    let bad = cli(&db, &["merge", "1", "2", "--take", "phones=2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("take"));
    let one = cli(&db, &["merge", "1", "1"]);
    assert!(!one.status.success());
    assert!(String::from_utf8_lossy(&one.stderr).contains("two different customers"));
}
