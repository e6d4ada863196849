//! Importing customers from the messy spreadsheets in tests/fixtures/import
//! (written by openpyxl, xlwt, odfpy, and as GBK/BOM CSVs) into real SQLite
//! files: the guesses, every messy case, duplicates, one batch, undo, and
//! export → import giving back the same customers.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use clientele_core::export::export_customers;
use clientele_core::import::{ImportField, ImportOptions, OnDuplicate};
use clientele_core::model::{
    Customer, CustomerInput, CustomerQuery, Gender, InteractionInput, Lang,
};
use clientele_core::{Db, Error};
use common::{customer, fixture_path, temp_db};

fn fixture(name: &str) -> PathBuf {
    fixture_path(&format!("import/{name}"))
}

fn all(db: &Db) -> Vec<Customer> {
    let page = db
        .list_customers(&CustomerQuery {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let mut out: Vec<Customer> = page
        .rows
        .iter()
        .map(|r| db.get_customer(r.id).unwrap())
        .collect();
    out.sort_by_key(|c| c.id);
    out
}

fn named<'a>(customers: &'a [Customer], name: &str) -> &'a Customer {
    customers
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no customer named {name}"))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn import(db: &Db, file: &str, options: &ImportOptions) -> clientele_core::import::ImportReport {
    db.import(&fixture(file), options, &mut |_, _| {}).unwrap()
}

#[test]
fn preview_finds_the_customer_sheet_the_header_below_the_title_and_the_fields() {
    let (_dir, db, _) = temp_db();
    let p = db
        .preview_import(&fixture("messy.xlsx"), &ImportOptions::default())
        .unwrap();
    assert_eq!(p.sheets, vec!["说明", "客户名单"]);
    assert_eq!(p.sheet, "客户名单", "the instructions sheet is passed over");
    assert_eq!(
        p.header_row, 3,
        "the title and the blank row above are not headers"
    );
    use ImportField::*;
    let fields: Vec<ImportField> = p.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        vec![Skip, Name, Phones, Email, Birthday, Tags, Gender, Notes]
    );
    assert_eq!(p.columns[2].header, "手机号码");
    assert_eq!(p.columns[2].letter, "C");
    assert_eq!(p.data_rows, 8, "the blank row is not a customer");
    assert_eq!(p.rows[0].row, 4);
    assert_eq!(p.rows[0].cells[2], "13800138000", "no .0, no exponent");
    assert_eq!(p.rows[0].cells[4], "1990-05-12");
    // Cells show as their field reads them: a serial number as its date,
    // several phones one by one.
    assert_eq!(p.rows[1].cells[4], "1990-01-01");
    assert_eq!(p.rows[2].cells[2], "13900139000; 13700137000");
    assert_eq!(p.rows[2].cells[4], "1985-03-08");
    assert_eq!(p.rows[1].cells[5], "VIP", "the merged group cell");
}

#[test]
fn dry_run_shows_adds_duplicates_and_errors_with_row_numbers_and_writes_nothing() {
    let (_dir, db, _) = temp_db();
    let s = db
        .dry_run_import(&fixture("messy.xlsx"), &ImportOptions::default())
        .unwrap();
    assert_eq!(
        (s.rows, s.added, s.updated, s.skipped, s.failed),
        (8, 5, 0, 1, 2)
    );
    let issues: Vec<(u32, &str, &str, &str)> = s
        .issues
        .iter()
        .map(|i| (i.row, i.field.as_str(), i.rule.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        issues,
        vec![
            (9, "name", "required", ""),
            (10, "phones", "digitsLost", "1.38E+10")
        ]
    );
    assert_eq!(s.duplicates.len(), 1);
    let d = &s.duplicates[0];
    assert_eq!(
        (d.row, d.earlier_row, d.matched_on.as_str()),
        (8, Some(4), "13800138000")
    );
    assert_eq!(
        (d.name.as_str(), d.customer_name.as_str()),
        ("赵六", "张三")
    );
    assert!(all(&db).is_empty(), "a dry run writes nothing");
}

#[test]
fn messy_xlsx_imports_as_a_person_would_read_it() {
    let (_dir, db, _) = temp_db();
    db.dry_run_import(&fixture("messy.xlsx"), &ImportOptions::default())
        .unwrap();
    assert!(
        db.list_backups().unwrap().is_empty(),
        "a dry run backs nothing up"
    );
    let report = import(&db, "messy.xlsx", &ImportOptions::default());
    assert_eq!(report.summary.added, 5);
    let backups = db.list_backups().unwrap();
    assert_eq!(backups.len(), 1, "the data is backed up before the import");
    assert_eq!(
        backups[0].kind,
        Some(clientele_core::backup::BackupKind::PreImport)
    );
    assert_eq!(backups[0].customers, Some(0));
    assert_eq!(report.backup.as_deref(), Some(backups[0].path.as_str()));
    let cs = all(&db);
    assert_eq!(cs.len(), 5);

    let zhang = named(&cs, "张三");
    assert_eq!(zhang.phones, vec!["13800138000"]);
    assert_eq!(zhang.email.as_deref(), Some("zhang@example.com"));
    assert_eq!(zhang.birthday, date(1990, 5, 12), "a date cell");
    assert_eq!(zhang.tags, vec!["VIP"]);
    assert_eq!(zhang.gender, Some(Gender::Male));
    assert_eq!(zhang.notes, "老客户");

    let li = named(&cs, "李四");
    assert_eq!(
        li.phones,
        vec!["0755-83451234"],
        "the leading zero of text is kept"
    );
    assert_eq!(
        li.birthday,
        date(1990, 1, 1),
        "a serial number in a birthday column"
    );
    assert_eq!(
        li.tags,
        vec!["VIP"],
        "the merged group cell covers this row"
    );
    assert_eq!(li.gender, Some(Gender::Female));

    let wang = named(&cs, "王五");
    assert_eq!(wang.phones, vec!["13900139000", "13700137000"]);
    assert_eq!(wang.birthday, date(1985, 3, 8));
    assert_eq!(wang.tags, vec!["VIP"]);
    assert_eq!(wang.gender, Some(Gender::Male), "先生");

    let formula = named(&cs, "=1+1");
    assert_eq!(formula.phones, vec!["01012345678"]);
    let html = named(&cs, "<b>钱七</b>");
    assert_eq!(html.email.as_deref(), Some("QIAN@EXAMPLE.COM"));
    assert_eq!(html.notes, "He said \"hi\"");
    assert_eq!(html.phones, vec!["+86 139 0000 1111"]);
}

#[test]
fn xls_with_merged_cells_and_a_title_row() {
    let (_dir, db, _) = temp_db();
    import(&db, "legacy.xls", &ImportOptions::default());
    let cs = all(&db);
    assert_eq!(cs.len(), 2);
    let zhou = named(&cs, "周一");
    assert_eq!(zhou.phones, vec!["13512345678"]);
    assert_eq!(zhou.birthday, date(1979, 12, 1));
    assert_eq!(zhou.company.as_deref(), Some("星光百货"));
    assert_eq!(
        named(&cs, "吴二").tags,
        vec!["批发"],
        "merged down from the row above"
    );
    assert_eq!(zhou.tags, vec!["批发"]);
}

#[test]
fn ods_with_number_and_date_cells() {
    let (_dir, db, _) = temp_db();
    import(&db, "libre.ods", &ImportOptions::default());
    let cs = all(&db);
    let anna = named(&cs, "Anna Li");
    assert_eq!(anna.phones, vec!["13011112222"]);
    assert_eq!(anna.birthday, date(1992, 7, 30));
    assert_eq!(anna.tags, vec!["VIP", "wholesale"]);
    assert_eq!(anna.notes, "likes green tea");
    assert_eq!(
        named(&cs, "Bo Chen").phones,
        vec!["13033334444", "13055556666"]
    );
}

#[test]
fn gbk_csv_as_chinese_excel_saves_it() {
    let (_dir, db, _) = temp_db();
    import(&db, "gbk.csv", &ImportOptions::default());
    let cs = all(&db);
    let liu = named(&cs, "刘一");
    assert_eq!(liu.phones, vec!["13712345678"]);
    assert_eq!(liu.birthday, date(2024, 1, 5));
    assert_eq!(liu.tags, vec!["VIP", "老客户"]);
    let chen = named(&cs, "陈二");
    assert_eq!(chen.phones, vec!["137 0000 0001", "137 0000 0002"]);
    assert_eq!(chen.birthday, date(1988, 8, 8));
}

#[test]
fn semicolon_csv_with_bom_and_day_first_dates() {
    let (_dir, db, _) = temp_db();
    let day_first = ImportOptions {
        day_first: true,
        ..Default::default()
    };
    import(&db, "semicolon-bom.csv", &day_first);
    let cs = all(&db);
    let dora = named(&cs, "Dora Wu");
    assert_eq!(dora.phones, vec!["13812340000"]);
    assert_eq!(dora.birthday, date(2024, 1, 5));
    let eli = named(&cs, "Eli Xu");
    assert_eq!(
        eli.phones,
        vec!["13812345678"],
        "full-precision exponent form"
    );
    assert_eq!(eli.birthday, date(1999, 2, 13), "13 cannot be a month");

    // Month first (the default) reads the same cell as 1 May.
    let (_dir2, db2, _) = temp_db();
    import(&db2, "semicolon-bom.csv", &ImportOptions::default());
    assert_eq!(named(&all(&db2), "Dora Wu").birthday, date(2024, 5, 1));
}

#[test]
fn chosen_mapping_and_header_row_override_the_guesses() {
    let (_dir, db, _) = temp_db();
    use ImportField::*;
    let options = ImportOptions {
        sheet: Some("客户名单".into()),
        header_row: Some(3),
        // Notes skipped; the group column goes to source instead of tags.
        columns: Some(vec![
            Skip, Name, Phones, Email, Birthday, Source, Gender, Skip,
        ]),
        ..Default::default()
    };
    let p = db.preview_import(&fixture("messy.xlsx"), &options).unwrap();
    assert!(p.columns.iter().all(|c| !c.guessed));
    import(&db, "messy.xlsx", &options);
    let zhang = named(&all(&db), "张三").clone();
    assert_eq!(zhang.source.as_deref(), Some("VIP"));
    assert!(zhang.tags.is_empty());
    assert_eq!(zhang.notes, "");

    let missing = ImportOptions {
        sheet: Some("没有这张表".into()),
        ..Default::default()
    };
    assert!(matches!(
        db.preview_import(&fixture("messy.xlsx"), &missing),
        Err(Error::ImportSheetMissing(_))
    ));
}

#[test]
fn duplicates_of_existing_customers_skip_update_or_add() {
    let (_dir, db, clock) = temp_db();
    let existing = db
        .create_customer(&CustomerInput {
            name: "刘一（老）".into(),
            phones: vec!["+86 137-1234-5678".into()],
            tags: vec!["门店".into()],
            notes: "第一次来是2019年".into(),
            ..Default::default()
        })
        .unwrap();
    let chen = db
        .create_customer(&CustomerInput {
            name: "陈二".into(),
            phones: vec!["137 0000 0002".into()],
            ..Default::default()
        })
        .unwrap();

    // Skip: the file's 刘一 matches despite +86 and dashes; 陈二 by her second phone.
    let s = db
        .dry_run_import(&fixture("gbk.csv"), &ImportOptions::default())
        .unwrap();
    assert_eq!((s.added, s.skipped), (0, 2));
    assert_eq!(s.duplicates[0].customer_id, Some(existing.id));
    assert_eq!(s.duplicates[1].customer_id, Some(chen.id));

    // Update: the file's values fill in, phones and tags combine, notes kept.
    clock.advance(chrono::Duration::minutes(5));
    let update = ImportOptions {
        on_duplicate: OnDuplicate::Update,
        ..Default::default()
    };
    let r = import(&db, "gbk.csv", &update);
    assert_eq!((r.summary.added, r.summary.updated), (0, 2));
    let liu = db.get_customer(existing.id).unwrap();
    assert_eq!(liu.name, "刘一");
    assert_eq!(
        liu.phones,
        vec!["+86 137-1234-5678"],
        "the same number is not added twice"
    );
    assert_eq!(liu.birthday, date(2024, 1, 5));
    assert_eq!(liu.tags, vec!["VIP", "老客户", "门店"]);
    assert_eq!(liu.notes, "第一次来是2019年");
    assert_eq!(
        db.get_customer(chen.id).unwrap().phones,
        vec!["137 0000 0002", "137 0000 0001"]
    );

    // Importing the same file again changes nothing: every row is skipped as unchanged.
    let again = db.dry_run_import(&fixture("gbk.csv"), &update).unwrap();
    assert_eq!((again.updated, again.skipped), (0, 2));

    // Add anyway.
    let add = ImportOptions {
        on_duplicate: OnDuplicate::Add,
        ..Default::default()
    };
    import(&db, "gbk.csv", &add);
    assert_eq!(all(&db).len(), 4);
}

#[test]
fn email_matches_ignore_case() {
    let (_dir, db, _) = temp_db();
    db.create_customer(&CustomerInput {
        name: "Qian".into(),
        email: "qian@example.com".into(),
        ..Default::default()
    })
    .unwrap();
    let s = db
        .dry_run_import(&fixture("messy.xlsx"), &ImportOptions::default())
        .unwrap();
    assert!(s
        .duplicates
        .iter()
        .any(|d| d.name == "<b>钱七</b>" && d.matched_on == "QIAN@EXAMPLE.COM"));
}

#[test]
fn undo_takes_the_whole_import_back_but_keeps_what_happened_since() {
    let (_dir, db, clock) = temp_db();
    let kept = db.create_customer(&customer("李四")).unwrap();
    let mut with_phone = customer("王五（旧）");
    with_phone.phones = vec!["13900139000".into()];
    let old_wang = db.create_customer(&with_phone).unwrap();
    clock.advance(chrono::Duration::minutes(1));

    let update = ImportOptions {
        on_duplicate: OnDuplicate::Update,
        ..Default::default()
    };
    let report = import(&db, "messy.xlsx", &update);
    // 张三, 李四 (no phone match: a new customer), =1+1, 钱七 added; 王五 updated;
    // 赵六 merged into 张三 (same phone).
    assert_eq!((report.summary.added, report.summary.updated), (4, 2));
    assert_eq!(db.get_customer(old_wang.id).unwrap().name, "王五");
    let cs = all(&db);
    let zhang = named(&cs, "赵六").clone(); // the later row's name won
    assert_eq!(zhang.tags, vec!["VIP", "普通"]);

    // Since the import: one added customer got a call logged.
    clock.advance(chrono::Duration::minutes(1));
    let html = named(&cs, "<b>钱七</b>").id;
    db.add_interaction(
        html,
        &InteractionInput {
            kind: "call".into(),
            summary: "问候".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let batches = db.list_imports().unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].file_name, "messy.xlsx");
    let undo = db.undo_import(report.batch_id).unwrap();
    assert_eq!(
        (undo.removed, undo.trashed, undo.restored, undo.kept),
        (3, 1, 1, 0)
    );

    let names: Vec<String> = all(&db).into_iter().map(|c| c.name).collect();
    assert_eq!(names, vec!["李四", "王五（旧）"]);
    assert_eq!(db.get_customer(kept.id).unwrap().name, "李四");
    assert_eq!(
        db.get_customer(old_wang.id).unwrap().phones,
        vec!["13900139000"]
    );
    assert!(
        db.get_customer(html).unwrap().deleted_at.is_some(),
        "in the trash with its call"
    );
    assert!(db.list_imports().unwrap()[0].undone_at.is_some());
    assert!(matches!(
        db.undo_import(report.batch_id),
        Err(Error::ImportAlreadyUndone(_))
    ));
    assert!(matches!(
        db.undo_import(999),
        Err(Error::ImportNotFound(999))
    ));
    assert!(
        db.list_tags().unwrap().iter().all(|t| t.name != "普通"),
        "tags of removed customers go"
    );
}

#[test]
fn undo_leaves_customers_edited_since_as_they_are() {
    let (_dir, db, clock) = temp_db();
    let mut c = customer("陈二");
    c.phones = vec!["13700000002".into()];
    let chen = db.create_customer(&c).unwrap();
    clock.advance(chrono::Duration::minutes(1));
    let update = ImportOptions {
        on_duplicate: OnDuplicate::Update,
        ..Default::default()
    };
    let report = import(&db, "gbk.csv", &update);
    clock.advance(chrono::Duration::minutes(1));
    let mut edited = CustomerInput {
        name: "陈二".into(),
        phones: vec!["13700000002".into()],
        notes: "改过了".into(),
        ..Default::default()
    };
    edited.tags = vec!["熟客".into()];
    db.update_customer(chen.id, &edited).unwrap();
    let undo = db.undo_import(report.batch_id).unwrap();
    assert_eq!((undo.removed, undo.kept), (1, 1));
    assert_eq!(db.get_customer(chen.id).unwrap().notes, "改过了");
}

/// A customer without what a new book assigns afresh (id, times), as JSON.
fn comparable(c: &Customer) -> String {
    let mut c = c.clone();
    c.id = 0;
    c.created_at = chrono::DateTime::UNIX_EPOCH;
    c.updated_at = chrono::DateTime::UNIX_EPOCH;
    c.tags.sort();
    serde_json::to_string(&c).unwrap()
}

#[test]
fn export_then_import_gives_back_the_same_customers_in_either_language() {
    let (dir, db, _) = temp_db();
    let people = [
        CustomerInput {
            name: "张三丰".into(),
            phones: vec!["+86 138-0013-8000".into(), "0571-8888 6666".into()],
            email: "zhang@wudang.cn".into(),
            address: "浙江省杭州市西湖区".into(),
            company: "武当山茶社".into(),
            birthday: "1960-04-09".into(),
            gender: "male".into(),
            source: "老客户介绍".into(),
            tags: vec!["VIP".into(), "老客户".into()],
            contact_cycle_days: "30".into(),
            notes: "喜欢龙井\n每年春天来".into(),
        },
        CustomerInput {
            name: "=HYPERLINK(\"http://x\",\"点我\")".into(),
            phones: vec!["010-12345678".into()],
            notes: "<script>alert(1)</script>".into(),
            ..Default::default()
        },
        CustomerInput {
            name: "Émile O'Brien".into(),
            email: "emile@example.com".into(),
            gender: "other".into(),
            birthday: "2000-02-29".into(),
            ..Default::default()
        },
        customer("只有名字"),
    ];
    for p in &people {
        db.create_customer(p).unwrap();
    }
    let before: Vec<_> = all(&db).iter().map(comparable).collect();
    for lang in [Lang::ZhCn, Lang::En] {
        let file = dir.path().join(format!("export-{lang:?}.xlsx"));
        export_customers(&db, &CustomerQuery::default(), lang, &file).unwrap();
        let (_d2, fresh, _) = temp_db();
        let r = fresh
            .import(&file, &ImportOptions::default(), &mut |_, _| {})
            .unwrap();
        assert_eq!(r.summary.failed, 0, "{:?}", r.summary.issues);
        let after: Vec<_> = all(&fresh).iter().map(comparable).collect();
        let mut a = after.clone();
        let mut b = before.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{lang:?}");

        // Into the same book: every customer with a phone or email is a duplicate.
        let s = db.dry_run_import(&file, &ImportOptions::default()).unwrap();
        assert_eq!((s.skipped, s.added), (3, 1), "{lang:?}");
    }
}

#[test]
fn unreadable_and_unsupported_files_are_refused_clearly() {
    let (dir, db, _) = temp_db();
    let fake = dir.path().join("customers.xlsx");
    std::fs::write(&fake, "not a zip").unwrap();
    assert!(matches!(
        db.preview_import(&fake, &ImportOptions::default()),
        Err(Error::ImportUnreadable(_))
    ));
    let pdf = dir.path().join("customers.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    let err = db
        .preview_import(&pdf, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), "importUnsupported");
}
