//! Golden checks of the Excel export: read the .xlsx back and check what each
//! cell holds and how it is typed, as Excel and LibreOffice will see it.

mod common;

use std::io::Read;

use calamine::{open_workbook, Data, Reader, Xlsx};
use clientele_core::export::{export_customers, truncation_marker, EXCEL_MAX_CELL_CHARS};
use clientele_core::model::{CustomerInput, CustomerQuery, Lang};
use common::{customer, temp_db};

fn read_sheet(
    path: &std::path::Path,
) -> (
    String,
    Vec<Vec<Data>>,
    Xlsx<std::io::BufReader<std::fs::File>>,
) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let rows = range.rows().map(|r| r.to_vec()).collect();
    (name, rows, wb)
}

fn sheet_xml(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn col(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == &Data::String(name.into()))
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn export_keeps_text_as_text_dates_as_dates_and_chinese_intact() {
    let (dir, db, _) = temp_db();
    let tricky = [
        "=1+1",
        "@SUM(A1)",
        "+86 138",
        "-2",
        "<b>\"O'Brien\"</b>",
        "🍎 张三",
    ];
    for name in tricky {
        db.create_customer(&customer(name)).unwrap();
    }
    db.create_customer(&CustomerInput {
        name: "李明朗".into(),
        phones: vec!["0138 0000 0001".into(), "+86 139 1234 5678".into()],
        email: "li@example.cn".into(),
        birthday: "1990-02-28".into(),
        gender: "male".into(),
        tags: vec!["VIP".into(), "老客户".into()],
        contact_cycle_days: "14".into(),
        notes: "=HYPERLINK(\"http://x\")".into(),
        ..Default::default()
    })
    .unwrap();

    let path = dir.path().join("客户.xlsx");
    let report = export_customers(&db, &CustomerQuery::default(), Lang::ZhCn, &path).unwrap();
    assert_eq!(report.rows, 7);
    assert_eq!(report.truncated_cells, 0);
    assert!(!dir.path().join("客户.xlsx.partial").exists());

    let (sheet, rows, mut wb) = read_sheet(&path);
    assert_eq!(sheet, "客户");
    let header = &rows[0];
    assert_eq!(header[0], Data::String("编号".into()));
    assert_eq!(header[1], Data::String("姓名".into()));
    let (name, phones, birthday, gender, tags, cycle, notes) = (
        col(header, "姓名"),
        col(header, "电话"),
        col(header, "生日"),
        col(header, "性别"),
        col(header, "标签"),
        col(header, "联系周期（天）"),
        col(header, "备注"),
    );
    let names: Vec<&Data> = rows[1..].iter().map(|r| &r[name]).collect();
    for t in tricky {
        assert!(
            names.contains(&&Data::String(t.into())),
            "{t} is not a text cell: {names:?}"
        );
    }
    let li = rows
        .iter()
        .find(|r| r[name] == Data::String("李明朗".into()))
        .unwrap();
    assert_eq!(
        li[phones],
        Data::String("0138 0000 0001; +86 139 1234 5678".into())
    );
    assert_eq!(li[gender], Data::String("男".into()));
    assert_eq!(li[tags], Data::String("VIP; 老客户".into()));
    assert_eq!(li[cycle], Data::Float(14.0));
    assert_eq!(li[notes], Data::String("=HYPERLINK(\"http://x\")".into()));
    match &li[birthday] {
        Data::DateTime(d) => {
            assert_eq!(d.as_f64(), 32932.0); // 1990-02-28 as an Excel serial date
        }
        other => panic!("birthday is not a date: {other:?}"),
    }
    // No formulas anywhere.
    let formulas = wb.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    // Bold frozen header, autofilter, fitted widths.
    let xml = sheet_xml(&path);
    assert!(
        xml.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{xml}"
    );
    assert!(xml.contains("<autoFilter ref=\"A1:N8\"/>"));
    assert!(xml.contains("<cols>") && xml.contains("customWidth=\"1\""));
}

#[test]
fn export_follows_the_filter_and_the_language() {
    let (dir, db, _) = temp_db();
    db.insert_demo(300, 9).unwrap();
    let q = CustomerQuery {
        search: "王".into(),
        ..Default::default()
    };
    let expected = db.list_customers(&q).unwrap();
    assert!(expected.total > 0 && expected.total < 300);

    let path = dir.path().join("wang.xlsx");
    let report = export_customers(&db, &q, Lang::En, &path).unwrap();
    assert_eq!(report.rows, expected.total);
    let (sheet, rows, _) = read_sheet(&path);
    assert_eq!(sheet, "Customers");
    assert_eq!(rows[0][1], Data::String("Name".into()));
    assert_eq!(rows.len() as u32, expected.total + 1);
    // Same order as the list on screen.
    let first_page: Vec<Data> = expected
        .rows
        .iter()
        .take(20)
        .map(|r| Data::Float(r.id as f64))
        .collect();
    let exported: Vec<Data> = rows[1..].iter().take(20).map(|r| r[0].clone()).collect();
    assert_eq!(exported, first_page);
}

#[test]
fn a_note_longer_than_excel_allows_is_cut_with_a_marker_not_a_failure() {
    let (dir, db, _) = temp_db();
    let long = "很长的备注。".repeat(10_000); // 60,000 characters
    db.create_customer(&CustomerInput {
        notes: long.clone(),
        ..customer("话痨")
    })
    .unwrap();
    let path = dir.path().join("long.xlsx");
    let report = export_customers(&db, &CustomerQuery::default(), Lang::ZhCn, &path).unwrap();
    assert_eq!(report.truncated_cells, 1);
    let (_, rows, _) = read_sheet(&path);
    let notes = col(&rows[0], "备注");
    let Data::String(cell) = &rows[1][notes] else {
        panic!("notes not text")
    };
    assert!(cell.ends_with(truncation_marker(Lang::ZhCn)));
    assert!(cell.chars().count() <= EXCEL_MAX_CELL_CHARS);
    assert!(long.starts_with(cell.trim_end_matches(truncation_marker(Lang::ZhCn))));
    // The database keeps the whole note.
    assert_eq!(db.get_customer(1).unwrap().notes, long);
}

#[test]
fn an_empty_list_exports_a_header_only_sheet() {
    let (dir, db, _) = temp_db();
    let path = dir.path().join("empty.xlsx");
    let report = export_customers(&db, &CustomerQuery::default(), Lang::En, &path).unwrap();
    assert_eq!(report.rows, 0);
    let (_, rows, _) = read_sheet(&path);
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_failed_export_leaves_no_file_behind() {
    let (dir, db, _) = temp_db();
    db.create_customer(&customer("A")).unwrap();
    let path = dir.path().join("no-such-folder/out.xlsx");
    assert!(export_customers(&db, &CustomerQuery::default(), Lang::En, &path).is_err());
    assert!(!path.exists());
}
