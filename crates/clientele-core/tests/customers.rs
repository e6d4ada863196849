//! Customers end to end through the core on a real SQLite file: add, edit,
//! find, sort, trash, restore, purge.

mod common;

use chrono::Duration;
use clientele_core::model::{CustomerInput, CustomerQuery, SortDir, SortField};
use clientele_core::{Db, Error};
use common::{customer, search_names, temp_db};

fn names(db: &Db, q: CustomerQuery) -> Vec<String> {
    db.list_customers(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn seed(db: &Db) {
    let rows = [
        CustomerInput {
            name: "张三丰".into(),
            phones: vec!["+86 138-0013-8000".into()],
            email: "zhang@wudang.cn".into(),
            company: "武当山茶社".into(),
            tags: vec!["VIP".into(), "老客户".into()],
            notes: "喜欢龙井".into(),
            ..Default::default()
        },
        CustomerInput {
            name: "李明朗".into(),
            phones: vec!["021-5555 1234".into(), "13912345678".into()],
            tags: vec!["批发".into()],
            ..Default::default()
        },
        CustomerInput {
            name: "Anna Müller".into(),
            email: "anna@example.com".into(),
            company: "Green Leaf Café".into(),
            tags: vec!["vip".into()],
            notes: "Allergic to peanuts".into(),
            ..Default::default()
        },
        customer("王五"),
    ];
    for r in rows {
        db.create_customer(&r).unwrap();
    }
}

#[test]
fn a_customer_is_stored_and_read_back_exactly() {
    let (_dir, db, clock) = temp_db();
    let input = CustomerInput {
        name: "<b>王\"小\"二</b> =1+1 🍎".into(),
        phones: vec!["0138 0000 0001".into(), "+86 139 1234 5678".into()],
        email: "wang@example.cn".into(),
        address: "上海市浦东新区 1 号".into(),
        company: "鲜果坊".into(),
        birthday: "1988/2/29".into(),
        gender: "女".into(),
        source: "朋友介绍".into(),
        tags: vec!["VIP".into(), "老客户".into()],
        contact_cycle_days: "30".into(),
        notes: "第一行\n<script>alert(1)</script>\n".into(),
    };
    let created = db.create_customer(&input).unwrap();
    assert_eq!(created.name, input.name);
    assert_eq!(created.phones, input.phones);
    assert_eq!(created.birthday.unwrap().to_string(), "1988-02-29");
    assert_eq!(created.gender.unwrap().as_str(), "female");
    assert_eq!(created.tags, vec!["VIP", "老客户"]);
    assert_eq!(created.contact_cycle_days, Some(30));
    assert_eq!(created.notes, input.notes);
    assert_eq!(created.created_at, created.updated_at);

    clock.advance(Duration::minutes(5));
    let mut edit = CustomerInput::from(&created);
    edit.company = "".into();
    edit.tags = vec!["老客户".into()];
    let updated = db.update_customer(created.id, &edit).unwrap();
    assert_eq!(updated.company, None);
    assert_eq!(updated.tags, vec!["老客户"]);
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(
        updated.updated_at - created.updated_at,
        Duration::minutes(5)
    );
    assert_eq!(db.get_customer(created.id).unwrap(), updated);
}

#[test]
fn long_names_and_notes_are_kept_whole() {
    let (_dir, db, _) = temp_db();
    let name = "长".repeat(10_000);
    let notes = "note ".repeat(20_000);
    let c = db
        .create_customer(&CustomerInput {
            name: name.clone(),
            notes: notes.clone(),
            ..Default::default()
        })
        .unwrap();
    let back = db.get_customer(c.id).unwrap();
    assert_eq!(back.name, name);
    assert_eq!(back.notes, notes);
}

#[test]
fn invalid_input_writes_nothing() {
    let (_dir, db, _) = temp_db();
    let err = db
        .create_customer(&CustomerInput {
            email: "not-an-email".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(fields, vec!["name", "email"]);
    assert_eq!(
        db.list_customers(&CustomerQuery::default()).unwrap().total,
        0
    );

    let c = db.create_customer(&customer("A")).unwrap();
    let err = db
        .update_customer(
            c.id,
            &CustomerInput {
                birthday: "2099-01-01".into(),
                ..customer("B")
            },
        )
        .unwrap_err();
    assert_eq!(err.field_errors()[0].rule, "inFuture");
    assert_eq!(db.get_customer(c.id).unwrap().name, "A");
    assert!(matches!(
        db.update_customer(999, &customer("X")),
        Err(Error::CustomerNotFound(999))
    ));
}

#[test]
fn search_finds_by_any_part_of_name_phone_email_company_tags_and_notes() {
    let (_dir, db, _) = temp_db();
    seed(&db);
    assert_eq!(search_names(&db, "三丰"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "三"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "明朗"), vec!["李明朗"]);
    assert_eq!(search_names(&db, "张三丰"), vec!["张三丰"]);
    // Phones: any run of digits, whatever the spacing, with or without +86.
    assert_eq!(search_names(&db, "0013"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "138 0013 8000"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "13800138000"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "+86 138"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "55551234"), vec!["李明朗"]);
    assert_eq!(search_names(&db, "021-5555"), vec!["李明朗"]);
    // Email, company, notes, tags; case-insensitive; several words all must match.
    assert_eq!(search_names(&db, "WUDANG"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "茶社"), vec!["张三丰"]);
    assert_eq!(search_names(&db, "peanuts"), vec!["Anna Müller"]);
    assert_eq!(search_names(&db, "müller"), vec!["Anna Müller"]);
    assert_eq!(search_names(&db, "批发"), vec!["李明朗"]);
    assert_eq!(search_names(&db, "anna café"), vec!["Anna Müller"]);
    assert_eq!(search_names(&db, "anna 张"), Vec::<String>::new());
    assert_eq!(search_names(&db, "nobody-here"), Vec::<String>::new());
    // Characters that mean something to SQL or FTS are just text.
    assert_eq!(search_names(&db, "\"'%_*"), Vec::<String>::new());
    assert_eq!(search_names(&db, "a\"b OR c"), Vec::<String>::new());
    assert_eq!(search_names(&db, "").len(), 4);
}

#[test]
fn the_search_index_follows_edits_trash_and_purge() {
    let (_dir, db, _) = temp_db();
    let c = db
        .create_customer(&CustomerInput {
            phones: vec!["13800000000".into()],
            ..customer("赵六")
        })
        .unwrap();
    assert_eq!(search_names(&db, "赵六"), vec!["赵六"]);
    db.update_customer(
        c.id,
        &CustomerInput {
            phones: vec!["13911112222".into()],
            ..customer("钱七")
        },
    )
    .unwrap();
    assert!(search_names(&db, "赵六").is_empty());
    assert!(search_names(&db, "13800000000").is_empty());
    assert_eq!(search_names(&db, "1111222"), vec!["钱七"]);
    db.trash_customer(c.id).unwrap();
    assert!(search_names(&db, "钱七").is_empty());
    assert_eq!(
        names(
            &db,
            CustomerQuery {
                search: "钱七".into(),
                trash: true,
                ..Default::default()
            }
        ),
        vec!["钱七"]
    );
    db.restore_customer(c.id).unwrap();
    assert_eq!(search_names(&db, "钱七"), vec!["钱七"]);
    db.trash_customer(c.id).unwrap();
    db.purge_customer(c.id).unwrap();
    assert!(names(
        &db,
        CustomerQuery {
            trash: true,
            ..Default::default()
        }
    )
    .is_empty());
    let leftovers: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM customer_search", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(leftovers, 0);
}

#[test]
fn tags_filter_ignoring_case_and_counts_follow_the_trash() {
    let (_dir, db, _) = temp_db();
    seed(&db);
    let vip = names(
        &db,
        CustomerQuery {
            tag: Some("vip".into()),
            ..Default::default()
        },
    );
    assert_eq!(vip, vec!["Anna Müller", "张三丰"]);
    let tags = db.list_tags().unwrap();
    let vip_count = tags.iter().find(|t| t.name == "VIP").unwrap().customers;
    assert_eq!(vip_count, 2);
    let anna = db
        .list_customers(&CustomerQuery {
            search: "anna".into(),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .id;
    db.trash_customer(anna).unwrap();
    assert_eq!(
        db.list_tags()
            .unwrap()
            .iter()
            .find(|t| t.name == "VIP")
            .unwrap()
            .customers,
        1
    );
    assert_eq!(
        names(
            &db,
            CustomerQuery {
                tag: Some("批发".into()),
                search: "李".into(),
                ..Default::default()
            }
        ),
        vec!["李明朗"]
    );
}

#[test]
fn sorting_by_name_created_and_updated_both_ways() {
    let (_dir, db, clock) = temp_db();
    let mut ids = vec![];
    for n in ["bob", "Alice", "carol"] {
        clock.advance(Duration::minutes(1));
        ids.push(db.create_customer(&customer(n)).unwrap().id);
    }
    clock.advance(Duration::minutes(1));
    db.update_customer(ids[0], &customer("bob")).unwrap();
    let q = |sort, dir| {
        names(
            &db,
            CustomerQuery {
                sort,
                dir,
                ..Default::default()
            },
        )
    };
    assert_eq!(
        q(SortField::Name, SortDir::Asc),
        vec!["Alice", "bob", "carol"]
    );
    assert_eq!(
        q(SortField::Name, SortDir::Desc),
        vec!["carol", "bob", "Alice"]
    );
    assert_eq!(
        q(SortField::Created, SortDir::Asc),
        vec!["bob", "Alice", "carol"]
    );
    assert_eq!(
        q(SortField::Created, SortDir::Desc),
        vec!["carol", "Alice", "bob"]
    );
    assert_eq!(
        q(SortField::Updated, SortDir::Desc),
        vec!["bob", "carol", "Alice"]
    );
}

#[test]
fn pages_cover_the_list_without_gaps_or_repeats() {
    let (_dir, db, _) = temp_db();
    db.insert_demo(1_234, 3).unwrap();
    let mut seen = std::collections::HashSet::new();
    let mut offset = 0;
    loop {
        let page = db
            .list_customers(&CustomerQuery {
                offset,
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total, 1_234);
        if page.rows.is_empty() {
            break;
        }
        for r in &page.rows {
            assert!(seen.insert(r.id), "customer {} listed twice", r.id);
        }
        offset += page.rows.len() as u32;
    }
    assert_eq!(seen.len(), 1_234);
}

#[test]
fn trash_restore_and_purge_rules() {
    let (_dir, db, _) = temp_db();
    let c = db.create_customer(&customer("A")).unwrap();
    assert!(matches!(
        db.purge_customer(c.id),
        Err(Error::CustomerNotInTrash(_))
    ));
    assert!(matches!(
        db.restore_customer(c.id),
        Err(Error::CustomerNotInTrash(_))
    ));
    db.trash_customer(c.id).unwrap();
    db.trash_customer(c.id).unwrap(); // twice is harmless
    assert!(db.get_customer(c.id).unwrap().deleted_at.is_some());
    assert_eq!(
        db.list_customers(&CustomerQuery::default()).unwrap().total,
        0
    );
    db.restore_customer(c.id).unwrap();
    assert!(db.get_customer(c.id).unwrap().deleted_at.is_none());
    assert!(matches!(
        db.trash_customer(42),
        Err(Error::CustomerNotFound(42))
    ));
    assert!(matches!(
        db.restore_customer(42),
        Err(Error::CustomerNotFound(42))
    ));
}

#[test]
fn data_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/clientele.db");
    let id = {
        let db = Db::open(&path).unwrap();
        db.set_language(clientele_core::model::Lang::En).unwrap();
        db.create_customer(&customer("张三")).unwrap().id
    };
    let db = Db::open(&path).unwrap();
    assert_eq!(db.get_customer(id).unwrap().name, "张三");
    assert_eq!(
        db.language().unwrap(),
        Some(clientele_core::model::Lang::En)
    );
    assert_eq!(search_names(&db, "张"), vec!["张三"]);
}

/// Queries the index and SQL must agree on: one and two letters, pinyin,
/// initials, digits, phones, words from every field.
const AGREEMENT_QUERIES: &[&str] = &[
    "王", "z", "zs", "zhang", "1", "13", "0013", "+86 13", "gmail", "vip", "anna", "li", "喜欢",
    "müller", "zz-none",
];

/// The in-memory index answers searches; SQL alone is the reference. They must
/// agree on every query, page, sort and rank.
fn assert_index_agrees_with_sql(db: &Db, label: &str) {
    use clientele_core::customers::list_customers as list_in_sql;
    for search in AGREEMENT_QUERIES {
        for tag in [None, Some("VIP")] {
            for (sort, dir) in [
                (SortField::Name, SortDir::Asc),
                (SortField::Created, SortDir::Desc),
                (SortField::Updated, SortDir::Asc),
            ] {
                for (offset, limit) in [(0, 100), (37, 50)] {
                    for trash in [false, true] {
                        let q = CustomerQuery {
                            search: search.to_string(),
                            tag: tag.map(Into::into),
                            sort,
                            dir,
                            trash,
                            offset,
                            limit,
                        };
                        let fast = db.list_customers(&q).unwrap();
                        let reference = db.read(|c| list_in_sql(c, &q)).unwrap();
                        assert_eq!(fast, reference, "{label}: {q:?}");
                    }
                }
            }
        }
    }
}

/// ... also right after writes of every kind.
#[test]
fn the_search_index_agrees_with_sql_after_every_kind_of_write() {
    let (_dir, db, clock) = temp_db();
    db.insert_demo(3_000, 11).unwrap();
    let check = |label: &str| assert_index_agrees_with_sql(&db, label);
    check("fresh");
    // Edits, trash, restore and purge, each in its own transaction.
    let page = db
        .list_customers(&CustomerQuery {
            search: "王".into(),
            ..Default::default()
        })
        .unwrap();
    let (a, b, c) = (page.rows[0].id, page.rows[1].id, page.rows[2].id);
    clock.advance(Duration::minutes(1));
    db.update_customer(
        a,
        &CustomerInput {
            phones: vec!["13800000013".into()],
            tags: vec!["VIP".into()],
            ..customer("Anna 王")
        },
    )
    .unwrap();
    db.trash_customer(b).unwrap();
    db.trash_customer(c).unwrap();
    db.purge_customer(c).unwrap();
    db.create_customer(&CustomerInput {
        notes: "喜欢 gmail".into(),
        ..customer("新王")
    })
    .unwrap();
    check("after edits");
    db.restore_customer(b).unwrap();
    check("after a restore");
    // A rolled-back write leaves the index as it was.
    let failed: clientele_core::Result<()> = db.write(|tx| {
        tx.execute(
            "UPDATE customer_search SET body = 'zz-none' WHERE id = ?1",
            [a],
        )?;
        Err(clientele_core::Error::CustomerNotFound(0))
    });
    assert!(failed.is_err());
    check("after a rollback");
    // A write the hooks cannot see, followed by an explicit invalidation.
    db.write(|tx| Ok(tx.execute_batch("DELETE FROM customer_tags; DELETE FROM tags;")?))
        .unwrap();
    db.invalidate_search_index();
    check("after a bulk delete");
}

#[test]
fn chinese_names_are_found_by_pinyin_and_initials_with_every_reading() {
    let (_dir, db, _) = temp_db();
    for name in ["张三", "李明朗", "曾小贤", "单田芳", "李Anna", "Zhang Wei"] {
        db.create_customer(&customer(name)).unwrap();
    }
    assert_eq!(search_names(&db, "zs"), ["张三"]);
    assert_eq!(search_names(&db, "zhangsan"), ["张三"]);
    assert_eq!(search_names(&db, "zhang san"), ["张三"]);
    assert_eq!(search_names(&db, "ZS"), ["张三"], "case does not matter");
    assert_eq!(search_names(&db, "ｚｓ"), ["张三"], "nor full width");
    assert_eq!(search_names(&db, "lml"), ["李明朗"]);
    assert_eq!(search_names(&db, "liminglang"), ["李明朗"]);
    // Polyphonic surnames: every reading finds them.
    assert_eq!(search_names(&db, "zengxiaoxian"), ["曾小贤"]);
    assert_eq!(search_names(&db, "cxx"), ["曾小贤"]);
    assert_eq!(search_names(&db, "shantianfang"), ["单田芳"]);
    assert_eq!(search_names(&db, "dtf"), ["单田芳"]);
    // Mixed names, and Latin names are found as typed.
    assert_eq!(search_names(&db, "lianna"), ["李Anna"]);
    assert_eq!(search_names(&db, "zhang wei"), ["Zhang Wei"]);
    // Editing the name moves its pinyin with it.
    let zhang = db
        .list_customers(&CustomerQuery::default())
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.name == "张三")
        .unwrap();
    db.update_customer(zhang.id, &customer("王五")).unwrap();
    assert!(search_names(&db, "zs").is_empty());
    assert_eq!(search_names(&db, "ww"), ["王五"]);
}

#[test]
fn a_phone_or_email_already_known_is_found_before_saving() {
    let (_dir, db, _) = temp_db();
    let zhang = db
        .create_customer(&CustomerInput {
            name: "张三".into(),
            phones: vec!["+86 138-0013-8000".into(), "021 5555 1234".into()],
            email: "Zhang@Example.com".into(),
            ..Default::default()
        })
        .unwrap();
    let trashed = db
        .create_customer(&CustomerInput {
            name: "李四".into(),
            phones: vec!["139 0000 0000".into()],
            ..Default::default()
        })
        .unwrap();
    db.trash_customer(trashed.id).unwrap();

    let typed = |phones: &[&str], email: &str| CustomerInput {
        name: "新客户".into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        email: email.into(),
        ..Default::default()
    };
    let found = db
        .contact_matches(&typed(&["13800138000"], ""), None)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].id, found[0].name.as_str()), (zhang.id, "张三"));
    assert_eq!(
        found[0].matched_on, "+86 138-0013-8000",
        "as the other customer has it"
    );
    assert_eq!(
        db.contact_matches(&typed(&["02155551234"], ""), None)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        db.contact_matches(&typed(&[], "zhang@example.COM"), None)
            .unwrap()
            .len(),
        1
    );
    // Not a match: a part of a number, another number, a trashed customer, oneself.
    assert!(db
        .contact_matches(&typed(&["0013"], ""), None)
        .unwrap()
        .is_empty());
    assert!(db
        .contact_matches(&typed(&["13800138001"], ""), None)
        .unwrap()
        .is_empty());
    assert!(db
        .contact_matches(&typed(&["13900000000"], ""), None)
        .unwrap()
        .is_empty());
    assert!(db
        .contact_matches(
            &typed(&["13800138000"], "zhang@example.com"),
            Some(zhang.id)
        )
        .unwrap()
        .is_empty());
}

#[test]
fn exact_and_prefix_matches_of_name_and_phone_come_first_in_the_list_and_the_export() {
    let (_dir, db, _) = temp_db();
    let add = |name: &str, phone: &str, notes: &str| {
        db.create_customer(&CustomerInput {
            name: name.into(),
            phones: if phone.is_empty() {
                vec![]
            } else {
                vec![phone.into()]
            },
            notes: notes.into(),
            ..Default::default()
        })
        .unwrap();
    };
    // Created in an order that sorting by name or date would not fix.
    add("阿张", "", "张三介绍来的");
    add("张三丰", "", "");
    add("小张三", "13912345678", "");
    add("张三", "13800138000", "");
    add("周森", "0138001", "");
    for dir in [SortDir::Asc, SortDir::Desc] {
        for sort in [SortField::Name, SortField::Created, SortField::Updated] {
            let q = |search: &str| CustomerQuery {
                search: search.into(),
                sort,
                dir,
                ..Default::default()
            };
            let listed = names(&db, q("张三"));
            assert_eq!(listed[..2], ["张三", "张三丰"], "{sort:?} {dir:?}");
            assert_eq!(listed.len(), 4, "found inside a name and in notes too");
            // Initials: 张三 and 周森 both are `zs`; 张三丰 starts with it.
            let listed = names(&db, q("zs"));
            let (exact, rest) = listed.split_at(2);
            let mut exact = exact.to_vec();
            exact.sort();
            assert_eq!(exact, ["周森", "张三"], "{sort:?} {dir:?}");
            assert_eq!(rest[0], "张三丰");
            assert_eq!(rest[1..], ["小张三"], "xzs holds zs");
            // Digits: the whole phone, then phones that start with them, then
            // phones that only hold them.
            assert_eq!(names(&db, q("13800138000")), ["张三"]);
            assert_eq!(names(&db, q("138 001")), ["张三", "周森"]);
            assert_eq!(names(&db, q("0138001")), ["周森"]);
            for search in ["张三", "zs", "138", "1380"] {
                let mut exported = vec![];
                db.read(|c| {
                    clientele_core::customers::for_each_customer(c, &q(search), |cu| {
                        exported.push(cu.name);
                        Ok(())
                    })
                })
                .unwrap();
                assert_eq!(
                    exported,
                    names(&db, q(search)),
                    "the export has the list's order"
                );
            }
        }
    }
    assert_eq!(
        search_names(&db, "1380")[0],
        "张三",
        "a phone prefix before a phone that holds it"
    );
}

#[test]
fn the_search_index_stays_right_through_an_import_and_its_undo() {
    let (_dir, db, _) = temp_db();
    db.insert_demo(500, 3).unwrap();
    db.warm_search_index().unwrap();
    let report = db
        .import(
            &common::fixture_path("import/messy.xlsx"),
            &clientele_core::import::ImportOptions::default(),
            &mut |_, _| {},
        )
        .unwrap();
    assert!(report.summary.added > 0);
    assert_eq!(search_names(&db, "钱七"), ["<b>钱七</b>"]);
    assert_index_agrees_with_sql(&db, "after an import");
    db.undo_import(report.batch_id).unwrap();
    assert!(search_names(&db, "钱七").is_empty());
    assert_index_agrees_with_sql(&db, "after undoing it");
}

/// Each edit leaves the old text dead in the index's buffer until it is
/// compacted; many edits in a row must find only the latest names.
#[test]
fn many_edits_in_a_row_find_only_the_latest_text() {
    let (_dir, db, _) = temp_db();
    let ids: Vec<i64> = ["张三", "李四", "王五"]
        .iter()
        .map(|n| db.create_customer(&customer(n)).unwrap().id)
        .collect();
    db.warm_search_index().unwrap();
    for round in 0..12 {
        for (i, id) in ids.iter().enumerate() {
            let name = format!("客户{i}第{round}版");
            db.update_customer(*id, &customer(&name)).unwrap();
            assert_eq!(search_names(&db, &name), std::slice::from_ref(&name));
        }
    }
    assert!(search_names(&db, "第10版").is_empty());
    assert_eq!(search_names(&db, "第11版").len(), 3);
    assert!(
        search_names(&db, "zs").is_empty(),
        "张三's pinyin went with the name"
    );
    assert_eq!(
        search_names(&db, "kh"),
        ["客户0第11版", "客户1第11版", "客户2第11版"],
        "initials of the latest names"
    );
}
