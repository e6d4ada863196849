//! The whole-workbook export read back with calamine: four sheets in the UI
//! language, text kept as text, amounts as numbers, dates as dates, the
//! handling thread of each complaint, and nothing from the trash.

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{Duration, Local, NaiveDate, TimeZone, Timelike};
use clientele_core::complaints::{ComplaintInput, ComplaintMove, MAX_TEXT_CHARS};
use clientele_core::export::truncation_marker;
use clientele_core::model::{CustomerInput, InteractionInput, Lang};
use clientele_core::reminders::ReminderInput;
use clientele_core::Db;
use common::{customer, temp_db};

type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn read_all(path: &Path) -> Sheets {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            // No cell anywhere may be a formula.
            let formulas = wb.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "a formula in {name}"
            );
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

fn col(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == &s(name))
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The rows of a sheet whose `column` holds `value`.
fn rows_with<'a>(rows: &'a [Vec<Data>], column: &str, value: &Data) -> Vec<&'a Vec<Data>> {
    let c = col(&rows[0], column);
    rows[1..].iter().filter(|r| &r[c] == value).collect()
}

/// Excel's serial number for a local date and time.
fn serial(date: NaiveDate, hour: u32, minute: u32) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (date - base).num_days() as f64 + (hour as f64 * 60.0 + minute as f64) / (24.0 * 60.0)
}

fn as_serial(d: &Data) -> f64 {
    match d {
        Data::DateTime(t) => t.as_f64(),
        other => panic!("not a date: {other:?}"),
    }
}

fn sheet_xml(path: &Path, n: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn interaction(kind: &str, at: &str, summary: &str) -> InteractionInput {
    InteractionInput {
        kind: kind.into(),
        occurred_at: at.into(),
        summary: summary.into(),
        ..Default::default()
    }
}

/// A small book: 张三 with a purchase, a call, a handled complaint and
/// reminders; 李四 with a trashed call; 回收站 in the trash with their records.
fn small_book(db: &Db, clock: &common::TestClock) {
    let zhang = db
        .create_customer(&CustomerInput {
            phones: vec!["0138 0000 0001".into()],
            ..customer("张三")
        })
        .unwrap()
        .id;
    let li = db.create_customer(&customer("李四")).unwrap().id;
    let gone = db.create_customer(&customer("回收站")).unwrap().id;

    db.add_interaction(
        zhang,
        &InteractionInput {
            amount: "128.50".into(),
            items: "草莓 2 盒".into(),
            ..interaction("purchase", "2026-11-20 14:00", "=SUM(A1)")
        },
    )
    .unwrap();
    db.add_interaction(zhang, &interaction("call", "2026-11-21 09:30", "问新茶"))
        .unwrap();
    let trashed = db
        .add_interaction(li, &interaction("visit", "", "删掉的到店"))
        .unwrap();
    db.trash_interaction(trashed.id).unwrap();
    db.add_interaction(gone, &interaction("note", "", "回收站的记录"))
        .unwrap();

    let complaint = db
        .record_complaint(
            zhang,
            &ComplaintInput {
                category: "delivery".into(),
                severity: "high".into(),
                channel: "电话".into(),
                description: "送货晚了".into(),
                ..Default::default()
            },
        )
        .unwrap();
    clock.advance(Duration::hours(2));
    db.move_complaint(
        complaint.id,
        &ComplaintMove {
            to: "inProgress".into(),
            note: "已致电道歉".into(),
            ..Default::default()
        },
    )
    .unwrap();
    clock.advance(Duration::hours(1));
    // Resolving schedules the follow-up reminder (complaint id set).
    db.move_complaint(
        complaint.id,
        &ComplaintMove {
            to: "resolved".into(),
            remedy: "apology".into(),
            ..Default::default()
        },
    )
    .unwrap();
    db.record_complaint(
        gone,
        &ComplaintInput {
            category: "price".into(),
            description: "回收站的投诉".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let today = db.today();
    let on = |note: &str| ReminderInput {
        due_on: today.to_string(),
        note: note.into(),
        ..Default::default()
    };
    let done = db.add_reminder(zhang, &on("做完的")).unwrap();
    db.complete_reminder(done.id, None).unwrap();
    db.add_reminder(
        zhang,
        &ReminderInput {
            repeat_rule: "fixed".into(),
            repeat_every: "2".into(),
            repeat_unit: "week".into(),
            ..on("盘点")
        },
    )
    .unwrap();
    let trashed = db.add_reminder(li, &on("删掉的提醒")).unwrap();
    db.trash_reminder(trashed.id).unwrap();
    db.add_reminder(gone, &on("回收站的提醒")).unwrap();

    db.trash_customer(gone).unwrap();
}

#[test]
fn the_whole_book_in_four_chinese_sheets() {
    let (dir, db, clock) = temp_db();
    small_book(&db, &clock);
    let path = dir.path().join("客户簿.xlsx");
    let report = db.export_workbook(&path, Lang::ZhCn).unwrap();
    assert_eq!(
        (
            report.customers,
            report.interactions,
            report.complaints,
            report.reminders,
            report.truncated_cells
        ),
        (2, 2, 1, 3, 0)
    );
    assert_eq!(report.path, path.display().to_string());
    assert!(!dir.path().join("客户簿.xlsx.partial").exists());

    let sheets = read_all(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["客户", "联系记录", "投诉", "提醒"]);
    let [customers, interactions, complaints, reminders] =
        [0, 1, 2, 3].map(|i| sheets[i].1.clone());
    assert_eq!(customers.len(), 3);
    assert_eq!(interactions.len(), 3);
    assert_eq!(complaints.len(), 2);
    assert_eq!(reminders.len(), 4);

    // Customers: the customer export's columns, in id order, trash left out.
    assert_eq!(customers[0][..3], [s("编号"), s("姓名"), s("电话")]);
    assert_eq!(
        customers[1][..3],
        [Data::Float(1.0), s("张三"), s("0138 0000 0001")]
    );
    assert_eq!(customers[2][1], s("李四"));

    // Interactions: text stays text, the amount is a number, the time a date.
    assert_eq!(
        interactions[0],
        ["客户编号", "客户", "类型", "时间", "内容", "金额", "商品"].map(s)
    );
    let purchase = &interactions[1];
    assert_eq!(purchase[..3], [Data::Float(1.0), s("张三"), s("消费")]);
    assert_eq!(purchase[4], s("=SUM(A1)"));
    assert_eq!(purchase[5], Data::Float(128.5));
    assert_eq!(purchase[6], s("草莓 2 盒"));
    let nov = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert!((as_serial(&purchase[3]) - serial(nov(20), 14, 0)).abs() < 1e-6);
    let call = &interactions[2];
    assert_eq!(call[2], s("电话"));
    assert_eq!(call[5], Data::Empty, "a call has no amount");
    assert!((as_serial(&call[3]) - serial(nov(21), 9, 30)).abs() < 1e-6);
    for gone in ["李四", "回收站"] {
        assert!(
            rows_with(&interactions, "客户", &s(gone)).is_empty(),
            "{gone}"
        );
    }

    // Complaints: translated values and the handling thread, one step a line.
    let header = &complaints[0];
    let row = &complaints[1];
    let cell = |name: &str| row[col(header, name)].clone();
    assert_eq!(cell("编号"), Data::Float(1.0));
    assert_eq!(cell("客户"), s("张三"));
    assert_eq!(cell("渠道"), s("电话"));
    assert_eq!(cell("类别"), s("配送"));
    assert_eq!(cell("严重程度"), s("高"));
    assert_eq!(cell("状态"), s("已解决"));
    assert_eq!(cell("补救措施"), s("道歉"));
    assert_eq!(cell("响应超时"), s("否"));
    assert_eq!(cell("解决超时"), s("否"));
    assert_eq!(cell("关闭时间"), Data::Empty);
    let received = chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .unwrap();
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
    };
    let r = received.with_timezone(&Local).naive_local();
    let expected = serial(r.date(), r.hour(), r.minute());
    assert!((as_serial(&cell("收到时间")) - expected).abs() < 1e-6);
    let expected_steps = format!(
        "{} → 待处理\n{} 待处理 → 处理中: 已致电道歉\n{} 处理中 → 已解决",
        local(received),
        local(received + Duration::hours(2)),
        local(received + Duration::hours(3)),
    );
    assert_eq!(cell("处理经过"), s(&expected_steps));

    // Reminders: due dates as dates, the schedule in words, the follow-up's complaint.
    let header = &reminders[0];
    assert_eq!(
        *header,
        [
            "客户编号",
            "客户",
            "到期日",
            "备注",
            "重复",
            "完成时间",
            "投诉编号"
        ]
        .map(s)
    );
    let today = db.today();
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    let notes: Vec<&Data> = reminders[1..].iter().map(|r| &r[3]).collect();
    assert_eq!(notes, [&Data::Empty, &s("做完的"), &s("盘点")]);
    let follow_up = &reminders[1];
    assert_eq!(follow_up[6], Data::Float(1.0));
    assert_eq!(
        as_serial(&follow_up[2]),
        (today + Duration::days(3) - base).num_days() as f64
    );
    let done = &reminders[2];
    assert!(matches!(done[5], Data::DateTime(_)), "{:?}", done[5]);
    let repeating = &reminders[3];
    assert_eq!(repeating[4], s("每 2 周"));
    assert_eq!(repeating[5], Data::Empty);
    assert_eq!(as_serial(&repeating[2]), (today - base).num_days() as f64);

    // Every sheet: frozen header, autofilter over the data, fitted widths.
    for (n, last) in [(1, "N3"), (2, "G3"), (3, "R2"), (4, "G4")] {
        let xml = sheet_xml(&path, n);
        assert!(xml.contains("state=\"frozen\""), "sheet {n}");
        assert!(
            xml.contains(&format!("<autoFilter ref=\"A1:{last}\"/>")),
            "sheet {n}: {xml}"
        );
        assert!(xml.contains("customWidth=\"1\""), "sheet {n}");
    }
}

#[test]
fn english_headers_and_values() {
    let (dir, db, clock) = temp_db();
    small_book(&db, &clock);
    let (zh, en) = (dir.path().join("zh.xlsx"), dir.path().join("en.xlsx"));
    db.export_workbook(&zh, Lang::ZhCn).unwrap();
    let report = db.export_workbook(&en, Lang::En).unwrap();
    assert_eq!(report.interactions, 2);

    let sheets = read_all(&en);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Customers", "Interactions", "Complaints", "Reminders"]
    );
    let interactions = &sheets[1].1;
    assert_eq!(
        interactions[0],
        [
            "Customer ID",
            "Customer",
            "Kind",
            "Occurred at",
            "Summary",
            "Amount",
            "Items"
        ]
        .map(s)
    );
    assert_eq!(interactions[1][2], s("Purchase"));
    let complaints = &sheets[2].1;
    let cell = |name: &str| complaints[1][col(&complaints[0], name)].clone();
    assert_eq!(cell("Category"), s("Delivery"));
    assert_eq!(cell("Status"), s("Resolved"));
    assert_eq!(cell("Remedy"), s("Apology"));
    assert_eq!(cell("Response overdue"), s("No"));
    let Data::String(steps) = cell("Handling steps") else {
        panic!("steps are not text")
    };
    assert_eq!(steps.lines().count(), 3);
    assert!(
        steps.contains(" Open → In progress: 已致电道歉\n"),
        "{steps}"
    );
    assert_eq!(sheets[3].1[3][4], s("Every 2 weeks"));

    // Same columns in both languages, every header translated.
    let zh_sheets = read_all(&zh);
    for ((_, en_rows), (_, zh_rows)) in sheets.iter().zip(&zh_sheets) {
        assert_eq!(en_rows[0].len(), zh_rows[0].len());
        assert!(en_rows[0].iter().zip(&zh_rows[0]).all(|(e, z)| e != z));
        assert_eq!(en_rows.len(), zh_rows.len());
    }
}

#[test]
fn an_overdue_complaint_says_so() {
    let (dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("周九")).unwrap().id;
    db.record_complaint(
        c,
        &ComplaintInput {
            category: "other".into(),
            description: "没人理".into(),
            ..Default::default()
        },
    )
    .unwrap();
    clock.advance(Duration::days(4));
    let path = dir.path().join("overdue.xlsx");
    db.export_workbook(&path, Lang::En).unwrap();
    let complaints = &read_all(&path)[2].1;
    let cell = |name: &str| complaints[1][col(&complaints[0], name)].clone();
    assert_eq!(cell("Response overdue"), s("Yes"));
    assert_eq!(cell("Resolution overdue"), s("Yes"));
    assert_eq!(cell("Status"), s("Open"));
}

#[test]
fn a_handling_thread_longer_than_a_cell_is_cut_and_counted() {
    let (dir, db, _clock) = temp_db();
    let c = db.create_customer(&customer("话痨")).unwrap().id;
    let k = db
        .record_complaint(
            c,
            &ComplaintInput {
                category: "other".into(),
                description: "反复".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let note = "说".repeat(MAX_TEXT_CHARS);
    for (to, remedy) in [
        ("inProgress", ""),
        ("resolved", "refund"),
        ("open", ""),
        ("resolved", "refund"),
    ] {
        db.move_complaint(
            k.id,
            &ComplaintMove {
                to: to.into(),
                note: note.clone(),
                remedy: remedy.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let path = dir.path().join("long.xlsx");
    let report = db.export_workbook(&path, Lang::ZhCn).unwrap();
    assert_eq!(report.truncated_cells, 1);
    let complaints = &read_all(&path)[2].1;
    let Data::String(steps) = &complaints[1][col(&complaints[0], "处理经过")] else {
        panic!("steps are not text")
    };
    assert!(steps.ends_with(truncation_marker(Lang::ZhCn)));
    assert!(steps.encode_utf16().count() <= 32_767);
    assert!(
        steps.lines().count() >= 4,
        "the first steps survive the cut"
    );
}

#[test]
fn an_empty_book_gives_four_header_only_sheets() {
    let (dir, db, _clock) = temp_db();
    let path = dir.path().join("empty.xlsx");
    let report = db.export_workbook(&path, Lang::En).unwrap();
    assert_eq!(
        (
            report.customers,
            report.interactions,
            report.complaints,
            report.reminders
        ),
        (0, 0, 0, 0)
    );
    let sheets = read_all(&path);
    assert_eq!(sheets.len(), 4);
    assert!(sheets.iter().all(|(_, rows)| rows.len() == 1));
}

#[test]
fn a_failed_workbook_export_leaves_no_file_and_keeps_an_old_one() {
    let (dir, db, clock) = temp_db();
    small_book(&db, &clock);
    let missing = dir.path().join("no-such-folder/book.xlsx");
    assert!(db.export_workbook(&missing, Lang::En).is_err());
    assert!(!missing.exists());
    assert!(!missing.with_extension("xlsx.partial").exists());

    // Rewriting over an earlier export replaces it whole.
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, b"an older export").unwrap();
    db.export_workbook(&path, Lang::En).unwrap();
    assert_eq!(read_all(&path).len(), 4);
}
