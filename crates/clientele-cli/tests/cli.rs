//! The CLI as a script would use it: real binary, real database files.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clientele-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CLIENTELE_DB")
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn add_prints_the_id_and_list_finds_by_name_phone_and_tag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let id = ok(
        &db,
        &[
            "customer",
            "add",
            "--name",
            "张三",
            "--phone",
            "+86 138 0013 8000",
            "--tag",
            "VIP",
            "--email",
            "z@x.cn",
        ],
    );
    assert_eq!(id.trim(), "1");
    ok(
        &db,
        &[
            "customer",
            "add",
            "--name",
            "Li Ming",
            "--phone",
            "021-5555-1234",
        ],
    );

    let found = ok(&db, &["customer", "list", "--search", "0013"]);
    assert!(
        found.starts_with("1\t张三\t+86 138 0013 8000\tz@x.cn\tVIP"),
        "{found}"
    );
    assert_eq!(found.lines().count(), 1);
    assert_eq!(
        ok(&db, &["customer", "list", "--tag", "vip"])
            .lines()
            .count(),
        1
    );
    assert_eq!(ok(&db, &["customer", "list"]).lines().count(), 2);

    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["customer", "list", "--search", "li", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["name"], "Li Ming");
    assert_eq!(json[0]["phones"][0], "021-5555-1234");
}

#[test]
fn bad_input_exits_non_zero_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = cli(
        &db,
        &[
            "customer",
            "add",
            "--name",
            " ",
            "--email",
            "nope",
            "--birthday",
            "2024-02-30",
            "--phone",
            "abc",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for field in [
        "name is required",
        "phones #1 is not valid",
        "email is not valid",
        "birthday is not valid",
    ] {
        assert!(err.contains(field), "missing `{field}` in {err}");
    }
    assert!(ok(&db, &["customer", "list"]).is_empty());
}

#[test]
fn edit_delete_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(
        &db,
        &["customer", "add", "--name", "王五", "--company", "鲜果坊"],
    );
    ok(&db, &["customer", "edit", "1", "--email", "w@x.cn"]);
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&db, &["customer", "show", "1", "--json"])).unwrap();
    assert_eq!(shown["email"], "w@x.cn");
    assert_eq!(shown["company"], "鲜果坊");
    ok(&db, &["customer", "delete", "1"]);
    assert!(ok(&db, &["customer", "list"]).is_empty());
    assert_eq!(ok(&db, &["customer", "list", "--trash"]).lines().count(), 1);
    ok(&db, &["customer", "restore", "1"]);
    assert_eq!(ok(&db, &["customer", "list"]).lines().count(), 1);
    let missing = cli(&db, &["customer", "show", "99"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("customer 99 was not found"));
}

#[test]
fn demo_is_deterministic_and_export_writes_the_filtered_list() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(&a, &["demo", "--customers", "200", "--seed", "5"]);
    ok(&b, &["demo", "--customers", "200", "--seed", "5"]);
    let list_a = ok(&a, &["customer", "list", "--json"]);
    assert_eq!(list_a, ok(&b, &["customer", "list", "--json"]));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list_a)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        200
    );

    let vip = ok(&a, &["customer", "list", "--tag", "VIP"])
        .lines()
        .count();
    assert!(vip > 0);
    let out = dir.path().join("vip.xlsx");
    let printed = ok(
        &a,
        &[
            "export",
            "--out",
            out.to_str().unwrap(),
            "--tag",
            "VIP",
            "--lang",
            "en",
        ],
    );
    assert!(
        printed.starts_with(&format!("{vip} customer(s) written")),
        "{printed}"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let range = wb.worksheet_range("Customers").unwrap();
    assert_eq!(range.height(), vip + 1);
}

#[test]
fn the_environment_variable_chooses_the_database_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (env_db, flag_db) = (dir.path().join("env.db"), dir.path().join("flag.db"));
    let run = |args: &[&str], with_flag: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_clientele-cli"));
        cmd.env("CLIENTELE_DB", &env_db);
        if with_flag {
            cmd.arg("--db").arg(&flag_db);
        }
        let out = cmd.args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["customer", "add", "--name", "env"], false);
    run(&["customer", "add", "--name", "flag"], true);
    assert!(run(&["customer", "list"], false).contains("\tenv\t"));
    assert!(run(&["customer", "list"], true).contains("\tflag\t"));
    assert!(!run(&["customer", "list"], true).contains("\tenv\t"));
}

#[test]
fn a_damaged_database_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    std::fs::write(&db, b"garbage, not sqlite at all".repeat(100)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = cli(&db, &["customer", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be read"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn interactions_are_logged_and_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["customer", "add", "--name", "张三"]);
    ok(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "1",
            "--kind",
            "visit",
            "--at",
            "2026-11-01 10:00",
            "--summary",
            "来店",
        ],
    );
    let id = ok(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "1",
            "--kind",
            "purchase",
            "--at",
            "2026-11-02 10:00",
            "--amount",
            "128.5",
        ],
    );
    assert_eq!(id.trim(), "2");
    let listed = ok(&db, &["interaction", "list", "--customer", "1"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("2\t2026-11-02 10:00\tpurchase\t") && lines[0].ends_with("\t128.50"),
        "{listed}"
    );
    assert!(lines[1].contains("\tvisit\t来店"), "{listed}");

    let out = cli(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "1",
            "--kind",
            "purchase",
            // `=` so the parser does not take -5 for a flag.
            "--amount=-5",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("amount is not valid"));
    ok(&db, &["customer", "delete", "1"]);
    let out = cli(
        &db,
        &["interaction", "add", "--customer", "1", "--kind", "call"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in the trash"));
}

#[test]
fn a_complaint_from_open_to_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["customer", "add", "--name", "张三"]);
    let id = ok(
        &db,
        &[
            "complaint",
            "add",
            "--customer",
            "1",
            "--category",
            "delivery",
            "--description",
            "送货晚了",
        ],
    );
    assert_eq!(id.trim(), "1");
    let refused = cli(&db, &["complaint", "move", "1", "--to", "closed"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot move from open to closed"));
    let no_remedy = cli(&db, &["complaint", "move", "1", "--to", "resolved"]);
    assert_eq!(no_remedy.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_remedy.stderr).contains("remedy is required"));
    assert_eq!(
        ok(
            &db,
            &[
                "complaint",
                "move",
                "1",
                "--to",
                "resolved",
                "--remedy",
                "apology"
            ]
        )
        .trim(),
        "resolved"
    );
    assert_eq!(
        ok(
            &db,
            &[
                "complaint",
                "move",
                "1",
                "--to",
                "closed",
                "--summary",
                "周末加人"
            ]
        )
        .trim(),
        "closed"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&db, &["complaint", "show", "1", "--json"])).unwrap();
    assert_eq!(shown["status"], "closed");
    assert_eq!(shown["steps"].as_array().unwrap().len(), 3);
}

#[test]
fn demo_takes_the_number_of_interactions_and_reports_what_it_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let out = ok(
        &db,
        &[
            "demo",
            "--customers",
            "40",
            "--interactions",
            "123",
            "--seed",
            "2",
        ],
    );
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("40 demo customer(s), 123 interaction(s), "),
        "{first}"
    );
    let listed: usize = (1..=40)
        .map(|id| {
            let json = ok(
                &db,
                &[
                    "interaction",
                    "list",
                    "--customer",
                    &id.to_string(),
                    "--json",
                ],
            );
            serde_json::from_str::<Vec<serde_json::Value>>(&json)
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(listed, 123);

    // Without the flag: ten per customer on average.
    let db2 = dir.path().join("d2.db");
    let out = ok(&db2, &["demo", "--customers", "40"]);
    assert!(
        out.starts_with("40 demo customer(s), 400 interaction(s), "),
        "{out}"
    );
    let bad = cli(&db2, &["demo", "--interactions", "-5"]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses a negative count");
}
