//! The CLI as a script would use it: real binary, real database files.

use std::path::Path;
use std::process::Command;

mod common;

use common::{cli, ok};

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

/// The owner's calendar day, as the binary sees it (it runs on the real clock).
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn fails(db: &Path, args: &[&str], code: i32) -> String {
    let out = cli(db, args);
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn reminders_added_listed_done_with_a_logged_call_and_snoozed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["customer", "add", "--name", "张三"]);
    let t = today().to_string();
    let id = ok(
        &db,
        &["reminder", "add", "1", "--due", &t, "--note", "问问新茶"],
    );
    assert_eq!(id.trim(), "1");
    let id = ok(
        &db,
        &[
            "reminder", "add", "1", "--due", &t, "--note", "盘点", "--repeat", "fixed", "--every",
            "2", "--unit", "week",
        ],
    );
    assert_eq!(id.trim(), "2");

    // Bad input: status 2, one line per field; nothing written.
    let err = fails(&db, &["reminder", "add", "1", "--due", "2020-01-01"], 2);
    assert!(err.contains("dueOn is in the past"), "{err}");
    let err = fails(
        &db,
        &["reminder", "add", "1", "--due", &t, "--repeat", "fixed"],
        2,
    );
    assert!(err.contains("repeatEvery is required"), "{err}");
    // A schedule without a rule would be silently dropped: refused instead.
    fails(
        &db,
        &["reminder", "add", "1", "--due", &t, "--every", "2"],
        2,
    );
    let err = fails(&db, &["reminder", "add", "9", "--due", &t], 1);
    assert!(err.contains("customer 9 was not found"), "{err}");

    let listed = ok(&db, &["reminder", "list", "1"]);
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        [
            format!("1\t{t}\t问问新茶"),
            format!("2\t{t}\t盘点 (Every 2 weeks)")
        ]
    );

    // Done with the call logged: the series moves on two weeks.
    let done = ok(
        &db,
        &[
            "reminder",
            "done",
            "2",
            "--log-kind",
            "call",
            "--log-summary",
            "没接",
        ],
    );
    let next = today() + chrono::Days::new(14);
    assert_eq!(
        done.lines().collect::<Vec<_>>(),
        [
            "reminder 2 done".to_string(),
            format!("next reminder 3 due {next}"),
            "interaction 1 logged".to_string()
        ]
    );
    assert!(ok(&db, &["interaction", "list", "--customer", "1"]).contains("\tcall\t没接"));
    let err = fails(&db, &["reminder", "done", "2"], 1);
    assert!(err.contains("reminder 2 is already done"), "{err}");
    // A purchase logged without its amount refuses the whole step.
    let err = fails(&db, &["reminder", "done", "1", "--log-kind", "purchase"], 2);
    assert!(err.contains("amount is required"), "{err}");

    // Snooze by days or to a date; exactly one of them.
    let in_3 = (today() + chrono::Days::new(3)).to_string();
    assert_eq!(
        ok(&db, &["reminder", "snooze", "1", "--days", "3"]).trim(),
        in_3
    );
    let later = (today() + chrono::Days::new(30)).to_string();
    assert_eq!(
        ok(&db, &["reminder", "snooze", "1", "--until", &later]).trim(),
        later
    );
    fails(&db, &["reminder", "snooze", "1"], 2);
    fails(
        &db,
        &["reminder", "snooze", "1", "--days", "1", "--until", &later],
        2,
    );
    let err = fails(
        &db,
        &["reminder", "snooze", "1", "--until", "2020-01-01"],
        2,
    );
    assert!(err.contains("until is in the past"), "{err}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["reminder", "list", "1", "--json"])).unwrap();
    let dues: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["dueOn"].as_str().unwrap())
        .collect();
    assert_eq!(dues, [next.to_string(), later]);
}

#[test]
fn today_lists_each_section_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let in_2 = today() + chrono::Days::new(2);
    let birthday = format!("1990-{}", in_2.format("%m-%d"));
    let birthday = if birthday == "1990-02-29" {
        "1992-02-29".to_string()
    } else {
        birthday
    };
    ok(
        &db,
        &["customer", "add", "--name", "寿星", "--birthday", &birthday],
    );
    ok(
        &db,
        &["customer", "add", "--name", "久未联系", "--cycle", "7"],
    );
    ok(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "2",
            "--kind",
            "visit",
            "--at",
            "2020-01-01 10:00",
        ],
    );
    ok(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "1",
            "--kind",
            "call",
            "--summary",
            "祝生日快乐",
        ],
    );
    ok(
        &db,
        &[
            "complaint",
            "add",
            "--customer",
            "1",
            "--category",
            "price",
            "--description",
            "贵了",
        ],
    );
    ok(
        &db,
        &[
            "reminder",
            "add",
            "1",
            "--due",
            &today().to_string(),
            "--note",
            "送蛋糕",
        ],
    );

    let text = ok(&db, &["today"]);
    let section = |title: &str| -> Vec<String> {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(title));
        let heading = lines
            .next()
            .unwrap_or_else(|| panic!("no {title} in {text}"));
        std::iter::once(heading)
            .chain(lines.take_while(|l| !l.is_empty()))
            .map(str::to_owned)
            .collect()
    };
    assert!(text.starts_with(&format!("Today {}\n", today())), "{text}");
    let reminders = section("Reminders due");
    assert_eq!(reminders[0], "Reminders due (1)");
    assert!(reminders[1].contains("\t寿星\t送蛋糕"), "{text}");
    let contacts = section("Contacts due");
    assert_eq!(contacts[0], "Contacts due (1)");
    assert!(
        contacts[1].contains("久未联系") && contacts[1].contains("overdue"),
        "{text}"
    );
    let complaints = section("Open complaints");
    assert!(
        complaints[1].contains("\t寿星\topen price medium"),
        "{text}"
    );
    let birthdays = section("Birthdays");
    assert!(
        birthdays[1].contains("寿星") && birthdays[1].contains("in 2 days"),
        "{text}"
    );
    let recent = section("Recently contacted");
    assert_eq!(recent.len(), 2, "{text}");
    assert!(recent[1].contains("\tcall\t祝生日快乐"), "{text}");

    let json: serde_json::Value = serde_json::from_str(&ok(&db, &["today", "--json"])).unwrap();
    assert_eq!(json["date"], today().to_string());
    assert_eq!(json["remindersTotal"], 1);
    assert_eq!(json["contactsTotal"], 1);
    assert_eq!(json["complaintsTotal"], 1);
    assert_eq!(json["reminders"][0]["note"], "送蛋糕");
    assert_eq!(json["birthdays"][0]["customerName"], "寿星");

    // An empty book: every section says so.
    let empty = dir.path().join("empty.db");
    let text = ok(&empty, &["today"]);
    assert_eq!(text.matches("  none").count(), 5, "{text}");
}

#[test]
fn export_workbook_writes_four_sheets_and_keeps_the_customer_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["customer", "add", "--name", "张三", "--tag", "VIP"]);
    ok(&db, &["customer", "add", "--name", "李四"]);
    ok(
        &db,
        &[
            "interaction",
            "add",
            "--customer",
            "1",
            "--kind",
            "purchase",
            "--amount",
            "99.90",
            "--summary",
            "=SUM(A1)",
        ],
    );
    ok(
        &db,
        &["reminder", "add", "2", "--due", &today().to_string()],
    );
    ok(&db, &["customer", "delete", "2"]);

    let book = dir.path().join("book.xlsx");
    let printed = ok(
        &db,
        &[
            "export",
            "--workbook",
            "--out",
            book.to_str().unwrap(),
            "--lang",
            "zh-CN",
        ],
    );
    assert!(
        printed.starts_with(
            "1 customer(s), 1 interaction(s), 0 complaint(s), 0 reminder(s) written to"
        ),
        "{printed}"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(wb.sheet_names(), ["客户", "联系记录", "投诉", "提醒"]);
    let interactions = wb.worksheet_range("联系记录").unwrap();
    assert_eq!(
        interactions.get((1, 4)),
        Some(&calamine::Data::String("=SUM(A1)".into()))
    );
    assert_eq!(interactions.get((1, 5)), Some(&calamine::Data::Float(99.9)));

    // The list filters belong to the customer export.
    let err = fails(
        &db,
        &[
            "export",
            "--workbook",
            "--out",
            book.to_str().unwrap(),
            "--tag",
            "VIP",
        ],
        2,
    );
    assert!(err.contains("cannot be used with"), "{err}");
    let list = dir.path().join("vip.xlsx");
    let printed = ok(
        &db,
        &[
            "export",
            "--out",
            list.to_str().unwrap(),
            "--tag",
            "VIP",
            "--lang",
            "en",
        ],
    );
    assert!(printed.starts_with("1 customer(s) written"), "{printed}");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&list).unwrap();
    assert_eq!(wb.sheet_names(), ["Customers"]);
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

fn import_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn customer_count(db: &Path) -> usize {
    ok(db, &["customer", "list"]).lines().count()
}

#[test]
fn import_dry_run_then_import_then_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = import_fixture("messy.xlsx");

    let dry: serde_json::Value =
        serde_json::from_str(&ok(&db, &["import", &file, "--dry-run", "--json"])).unwrap();
    assert_eq!(dry["added"], 5);
    assert_eq!(dry["failed"], 2);
    assert_eq!(dry["issues"][1]["rule"], "digitsLost");
    assert_eq!(customer_count(&db), 0, "a dry run writes nothing");

    // --map by header, by letter: the notes column skipped.
    let report: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "import",
            &file,
            "--map",
            "H=skip",
            "--map",
            "分组=source",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(report["summary"]["added"], 5);
    let batch = report["batchId"].as_i64().unwrap().to_string();
    let zhang = ok(&db, &["customer", "show", "1"]);
    assert!(zhang.contains("source:        VIP"), "{zhang}");
    assert!(!zhang.contains("notes:"), "{zhang}");

    let list = ok(&db, &["import", "list"]);
    assert!(
        list.starts_with(&format!("{batch}\t")) && list.contains("messy.xlsx"),
        "{list}"
    );
    let undone = ok(&db, &["import", "undo", &batch]);
    assert!(undone.contains("5 removed"), "{undone}");
    assert_eq!(customer_count(&db), 0);
    let again = cli(&db, &["import", "undo", &batch]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already undone"));

    let bad = cli(&db, &["import", &file, "--map", "Z=name"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("map names no column"));
}

#[test]
fn an_import_killed_mid_way_leaves_the_database_as_it_was() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["customer", "add", "--name", "已有客户"]);
    let csv = dir.path().join("big.csv");
    let mut text = String::from("姓名,手机\n");
    for i in 0..40_000 {
        text.push_str(&format!("客户{i},139{i:08}\n"));
    }
    std::fs::write(&csv, text).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_clientele-cli"))
        .arg("--db")
        .arg(&db)
        .args(["import", csv.to_str().unwrap()])
        .env_remove("CLIENTELE_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The first progress line: rows are being written inside the transaction.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert_eq!(first, "imported 1000/40000");
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        customer_count(&db),
        1,
        "nothing of the killed import remains"
    );
    assert_eq!(ok(&db, &["import", "list"]), "");
    ok(&db, &["import", csv.to_str().unwrap()]);
    assert_eq!(customer_count(&db), 40_001);
}

/// Names of the live customers, as `customer list --json` gives them.
fn customer_names(db: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&ok(db, &["customer", "list", "--json"])).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn backup_to_a_file_change_restore_and_the_backups_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    ok(&db, &["customer", "add", "--name", "张三"]);
    ok(&db, &["customer", "add", "--name", "李四"]);

    let mine_dir = tempfile::tempdir().unwrap();
    let mine = mine_dir.path().join("backup.db");
    let printed = ok(&db, &["backup", "--out", mine.to_str().unwrap()]);
    assert_eq!(printed.trim(), mine.to_str().unwrap());
    let mine_bytes = std::fs::read(&mine).unwrap();

    ok(&db, &["customer", "delete", "1"]);
    ok(&db, &["customer", "add", "--name", "王五"]);
    assert_eq!(customer_names(&db), ["李四", "王五"]);

    let said = ok(&db, &["restore", mine.to_str().unwrap()]);
    assert!(said.contains("2 customer(s) restored"), "{said}");
    assert_eq!(customer_names(&db), ["张三", "李四"]);
    assert_eq!(
        std::fs::read(&mine).unwrap(),
        mine_bytes,
        "the chosen file changed"
    );

    // Without --out the copy goes to the backups folder beside the database.
    let manual = ok(&db, &["backup"]);
    assert!(
        Path::new(manual.trim()).starts_with(dir.path().join("backups")),
        "{manual}"
    );

    let listed: serde_json::Value =
        serde_json::from_str(&ok(&db, &["backup", "list", "--json"])).unwrap();
    let listed = listed.as_array().unwrap();
    let kind = |k: &str| {
        listed
            .iter()
            .find(|b| b["kind"] == k)
            .unwrap_or_else(|| panic!("no {k} backup in {listed:?}"))
    };
    assert_eq!(listed.len(), 2);
    assert_eq!(kind("manual")["customers"], 2);
    assert_eq!(kind("manual")["path"], manual.trim());
    let pre = kind("preRestore");
    assert_eq!(pre["customers"], 2, "李四 and 王五 before the restore");
    assert!(said.contains(pre["path"].as_str().unwrap()), "{said}");

    let text = ok(&db, &["backup", "list"]);
    assert_eq!(text.lines().count(), 2);
    let line = text.lines().find(|l| l.contains("\tpre-restore\t"));
    assert!(
        line.is_some_and(|l| l.contains("\t2 customer(s)\t")),
        "{text}"
    );
}

#[test]
fn restore_refuses_a_text_file_and_a_newer_database_changing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    ok(&db, &["customer", "add", "--name", "张三"]);

    let other = tempfile::tempdir().unwrap();
    let text = other.path().join("list.db");
    std::fs::write(&text, "张三,13800138000\n".repeat(50)).unwrap();
    let newer = other.path().join("newer.db");
    ok(&newer, &["customer", "add", "--name", "未来"]);
    // A schema from the future: `PRAGMA user_version` is bytes 60..64 of the
    // header (the CLI has closed the file, so there is no log beside it).
    let mut bytes = std::fs::read(&newer).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(&newer, bytes).unwrap();

    for (file, says) in [
        (&text, "cannot be read"),
        (&newer, "newer version of Clientele"),
    ] {
        let before = std::fs::read(file).unwrap();
        let err = fails(&db, &["restore", file.to_str().unwrap()], 1);
        assert!(err.contains("the chosen file"), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(err.contains("nothing was restored"), "{err}");
        assert_eq!(std::fs::read(file).unwrap(), before);
        assert_eq!(customer_names(&db), ["张三"]);
    }
    assert!(
        !dir.path().join("backups").exists(),
        "a refused restore makes no backup"
    );
}

#[test]
fn survey_add_and_insights_print_the_same_figures_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let a = ok(&db, &["customer", "add", "--name", "甲"])
        .trim()
        .to_string();
    let b = ok(&db, &["customer", "add", "--name", "乙"])
        .trim()
        .to_string();
    let buy = |who: &str, at: &str, amount: &str, refund: &str| {
        ok(
            &db,
            &[
                "interaction",
                "add",
                "--customer",
                who,
                "--kind",
                "purchase",
                "--at",
                at,
                "--amount",
                amount,
                "--refund",
                refund,
            ],
        )
    };
    buy(&a, "2026-01-10", "100", "");
    buy(&a, "2026-02-10", "300", "100");
    buy(&b, "2026-01-20", "50", "50");
    buy(&b, "2026-03-01", "20", "");

    // Dimensions by key, by Chinese or English name; levels 1–5.
    ok(
        &db,
        &[
            "survey",
            "add",
            "--customer",
            &a,
            "--on",
            "2026-02-11",
            "--rate",
            "productQuality=5",
            "--rate",
            "服务态度=2",
            "--rate",
            "price=4",
            "--expected",
            "8",
            "--perceived",
            "10",
        ],
    );
    let bad = cli(
        &db,
        &[
            "survey",
            "add",
            "--customer",
            &b,
            "--rate",
            "nosuch=5",
            "--perceived",
            "3",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("ratings #1"), "{err}");
    let listed = ok(&db, &["survey", "list", "--customer", &a]);
    assert!(listed.contains("C=1.25"), "{listed}");

    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "insights",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--json",
        ],
    ))
    .unwrap();
    // 甲: 100 + (300 − 100); 乙: 20 (the 50 was refunded in full).
    assert_eq!(json["value"]["revenueCents"], 32_000);
    assert_eq!(json["loyalty"]["buyers"], 2);
    assert_eq!(json["loyalty"]["repeatBuyers"], 1);
    // Two of three ratings satisfied or better.
    assert_eq!(json["satisfaction"]["overall"]["satisfied"], 2);
    assert_eq!(json["satisfaction"]["overall"]["ratings"], 3);
    assert_eq!(json["satisfaction"]["index"]["mean"], 1.25);

    let xlsx = dir.path().join("insights.xlsx");
    let text = ok(
        &db,
        &[
            "insights",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--lang",
            "en",
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(text.contains("revenue 320.00 from 2 buyer(s)"), "{text}");
    assert!(
        text.contains("2 of 3 rating(s) satisfied or better (66.7%)"),
        "{text}"
    );
    assert!(xlsx.exists());
}

fn tags_of(db: &Path, id: &str) -> Vec<String> {
    let shown: serde_json::Value =
        serde_json::from_str(&ok(db, &["customer", "show", id, "--json"])).unwrap();
    serde_json::from_value(shown["tags"].clone()).unwrap()
}

#[test]
fn bulk_tags_by_search_with_exclusions_then_undo_and_trash_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let wang = ok(&db, &["customer", "add", "--name", "王芳"]);
    let wang2 = ok(&db, &["customer", "add", "--name", "王五"]);
    let li = ok(&db, &["customer", "add", "--name", "李四"]);
    let (wang, wang2, li) = (wang.trim(), wang2.trim(), li.trim());

    // No selection at all is refused rather than changing everyone.
    let err = fails(&db, &["bulk", "trash"], 2);
    assert!(err.contains("--all"), "{err}");
    assert_eq!(customer_count(&db), 3);

    let batch = ok(
        &db,
        &[
            "bulk", "add-tags", "回访", "VIP", "--search", "王", "--except", wang2,
        ],
    );
    assert_eq!(tags_of(&db, wang), vec!["VIP", "回访"]);
    assert!(tags_of(&db, wang2).is_empty());
    assert!(tags_of(&db, li).is_empty());
    let found = ok(&db, &["customer", "list", "--search", "回访"]);
    assert_eq!(found.lines().count(), 1);

    let listed = ok(&db, &["bulk", "list"]);
    assert!(
        listed.contains("add tags 回访, VIP\t1 customer(s)"),
        "{listed}"
    );
    ok(&db, &["bulk", "undo", batch.trim()]);
    assert!(tags_of(&db, wang).is_empty());
    assert!(ok(&db, &["bulk", "list"]).contains("undone"));
    let again = fails(&db, &["bulk", "undo", batch.trim()], 1);
    assert!(again.contains("already undone"), "{again}");

    // The form's rules: a cycle out of range names the field, exit code 2.
    let err = fails(&db, &["bulk", "cycle", "0", "--all"], 2);
    assert!(err.contains("contactCycleDays"), "{err}");
    ok(&db, &["bulk", "cycle", "14", "--all"]);
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&db, &["customer", "show", li, "--json"])).unwrap();
    assert_eq!(shown["contactCycleDays"], 14);

    let trashed = ok(&db, &["bulk", "trash", "--id", wang, "--id", li]);
    assert_eq!(customer_names(&db), vec!["王五"]);
    ok(&db, &["bulk", "undo", trashed.trim()]);
    assert_eq!(customer_count(&db), 3);
}
