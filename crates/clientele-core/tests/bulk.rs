//! Bulk changes on real SQLite files: selections by id and by query, one
//! transaction each, undo giving back exactly what was there, search in step.

mod common;

use chrono::Duration;
use clientele_core::bulk::{export_selection, BulkAction, BulkKind, CustomerSelection};
use clientele_core::model::{CustomerInput, CustomerQuery, Lang};
use clientele_core::validate::MAX_TAGS;
use clientele_core::{Db, Error};
use common::{customer, search_names, temp_db, TestClock};

fn add(db: &Db, name: &str, tags: &[&str]) -> i64 {
    db.create_customer(&CustomerInput {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..customer(name)
    })
    .unwrap()
    .id
}

/// Five customers: three 王 (two VIP), a 李 with a cycle, a 张.
fn shop(db: &Db) -> Vec<i64> {
    vec![
        add(db, "王芳", &["VIP"]),
        add(db, "王小明", &["VIP", "批发"]),
        add(db, "王五", &[]),
        db.create_customer(&CustomerInput {
            contact_cycle_days: "30".into(),
            ..customer("李四")
        })
        .unwrap()
        .id,
        add(db, "张三", &["老客户"]),
    ]
}

/// Everything a bulk change may touch, as text: each customer's tags, cycle,
/// times and search body, and the tag list. Equal dumps = the same data.
fn dump(db: &Db) -> Vec<String> {
    db.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT c.id, c.name, c.contact_cycle_days, c.updated_at, c.deleted_at, s.body,
                    (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM customer_tags ct
                       JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id ORDER BY t.name) t)
             FROM customers c LEFT JOIN customer_search s ON s.id = c.id ORDER BY c.id",
        )?;
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{}|{}|{:?}|{}|{:?}|{:?}|{:?}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let tags: Vec<String> = conn
            .prepare("SELECT name FROM tags ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rows.push(format!("tags: {tags:?}"));
        Ok(rows)
    })
    .unwrap()
}

fn tags_of(db: &Db, id: i64) -> Vec<String> {
    db.get_customer(id).unwrap().tags
}

fn searching(text: &str) -> CustomerQuery {
    CustomerQuery {
        search: text.into(),
        ..Default::default()
    }
}

fn tags(list: &[&str]) -> Vec<String> {
    list.iter().map(|t| t.to_string()).collect()
}

fn later(clock: &TestClock) {
    clock.advance(Duration::seconds(5));
}

#[test]
fn add_tags_to_picked_customers_then_undo_gives_back_exactly_what_was() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    let before = dump(&db);
    later(&clock);

    let report = db
        .bulk_add_tags(
            &CustomerSelection::ids(&[ids[0], ids[2], ids[4]]),
            &tags(&[" 回访 ", "vip"]),
        )
        .unwrap();
    assert_eq!((report.selected, report.changed), (3, 3));
    // `vip` takes the existing spelling, as the form does.
    assert_eq!(tags_of(&db, ids[0]), vec!["VIP", "回访"]);
    assert_eq!(tags_of(&db, ids[2]), vec!["VIP", "回访"]);
    assert_eq!(tags_of(&db, ids[4]), vec!["VIP", "回访", "老客户"]);
    assert_eq!(tags_of(&db, ids[1]), vec!["VIP", "批发"], "not selected");
    assert_eq!(db.get_customer(ids[2]).unwrap().updated_at, clock.clock()());
    assert_eq!(search_names(&db, "回访"), vec!["张三", "王五", "王芳"]);

    later(&clock);
    let undone = db.undo_bulk(report.batch_id.unwrap()).unwrap();
    assert_eq!((undone.restored, undone.kept, undone.gone), (3, 0, 0));
    assert_eq!(dump(&db), before, "tags, times, search bodies, tag list");
    assert!(search_names(&db, "回访").is_empty());
    assert!(matches!(
        db.undo_bulk(report.batch_id.unwrap()),
        Err(Error::BulkChangeAlreadyUndone(_))
    ));
}

#[test]
fn all_matching_a_search_minus_exclusions_is_resolved_in_the_core() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    later(&clock);
    // "王" matches three; one is left out; 李 and 张 are not matched.
    let sel = CustomerSelection::matching(searching("王"), &[ids[1]]);
    assert_eq!(db.count_selection(&sel).unwrap(), 2);
    let report = db.bulk_add_tags(&sel, &tags(&["春节"])).unwrap();
    assert_eq!((report.selected, report.changed), (2, 2));
    assert_eq!(search_names(&db, "春节"), vec!["王五", "王芳"]);

    // A tag filter works the same way, and customers who already have all
    // the tags are not changed (nor touched by the undo).
    let vip = CustomerQuery {
        tag: Some("vip".into()),
        ..Default::default()
    };
    let report = db
        .bulk_add_tags(&CustomerSelection::matching(vip, &[]), &tags(&["春节"]))
        .unwrap();
    assert_eq!((report.selected, report.changed), (2, 1));
    assert_eq!(tags_of(&db, ids[1]), vec!["VIP", "批发", "春节"]);

    // Nothing to change: no batch to undo.
    let report = db
        .bulk_add_tags(
            &CustomerSelection::matching(searching("王"), &[]),
            &tags(&["春节"]),
        )
        .unwrap();
    assert_eq!(
        (report.batch_id, report.selected, report.changed),
        (None, 3, 0)
    );
}

#[test]
fn remove_tags_ignores_case_drops_unused_tags_and_undo_brings_them_back() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    let before = dump(&db);
    later(&clock);
    let all = CustomerSelection::matching(CustomerQuery::default(), &[]);
    let report = db.bulk_remove_tags(&all, &tags(&["vip", "批发"])).unwrap();
    assert_eq!((report.selected, report.changed), (5, 2));
    assert!(tags_of(&db, ids[1]).is_empty());
    let names: Vec<String> = db
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, vec!["老客户"], "tags nobody has leave the filter");
    assert!(search_names(&db, "批发").is_empty());

    db.undo_bulk(report.batch_id.unwrap()).unwrap();
    assert_eq!(dump(&db), before);
    assert_eq!(search_names(&db, "批发"), vec!["王小明"]);
}

#[test]
fn contact_cycle_is_set_or_cleared_with_the_forms_rules_and_undone() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    let before = dump(&db);
    later(&clock);
    let all = CustomerSelection::matching(CustomerQuery::default(), &[]);

    for (typed, rule) in [
        ("0", "outOfRange"),
        ("3651", "outOfRange"),
        ("two weeks", "invalid"),
    ] {
        let err = db.bulk_set_contact_cycle(&all, typed).unwrap_err();
        let fields = err.field_errors();
        assert_eq!(fields.len(), 1, "{typed}");
        assert_eq!(
            (fields[0].field.as_str(), fields[0].rule.as_str()),
            ("contactCycleDays", rule)
        );
    }
    assert_eq!(dump(&db), before, "refused: nothing written");

    let set = db.bulk_set_contact_cycle(&all, " 14 ").unwrap();
    assert_eq!(set.changed, 5);
    assert!(ids
        .iter()
        .all(|id| db.get_customer(*id).unwrap().contact_cycle_days == Some(14)));
    later(&clock);
    let cleared = db
        .bulk_set_contact_cycle(&CustomerSelection::ids(&ids[3..4]), "")
        .unwrap();
    assert_eq!(db.get_customer(ids[3]).unwrap().contact_cycle_days, None);

    db.undo_bulk(cleared.batch_id.unwrap()).unwrap();
    assert_eq!(
        db.get_customer(ids[3]).unwrap().contact_cycle_days,
        Some(14)
    );
    db.undo_bulk(set.batch_id.unwrap()).unwrap();
    assert_eq!(dump(&db), before);
}

#[test]
fn trash_then_undo_brings_exactly_the_trashed_back() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    db.trash_customer(ids[4]).unwrap(); // already in the trash: not part of the change
    let before = dump(&db);
    later(&clock);

    let report = db
        .bulk_trash(&CustomerSelection::ids(&[ids[0], ids[1], ids[4]]))
        .unwrap();
    assert_eq!((report.selected, report.changed), (2, 2));
    assert_eq!(search_names(&db, "王"), vec!["王五"]);
    let trash = db
        .list_customers(&CustomerQuery {
            trash: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(trash.total, 3);

    later(&clock);
    let undone = db.undo_bulk(report.batch_id.unwrap()).unwrap();
    assert_eq!(undone.restored, 2);
    assert_eq!(dump(&db), before, "张三 stays in the trash, as before");
    assert_eq!(search_names(&db, "王").len(), 3);
}

#[test]
fn undo_passes_over_customers_changed_or_deleted_since() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    later(&clock);
    let report = db
        .bulk_add_tags(&CustomerSelection::ids(&ids[..3]), &tags(&["回访"]))
        .unwrap();
    later(&clock);
    // 王芳 edited by hand (phone added) after the change: her tags stay too.
    let mut edited: CustomerInput = (&db.get_customer(ids[0]).unwrap()).into();
    edited.phones = vec!["13800138000".into()];
    db.update_customer(ids[0], &edited).unwrap();
    // 王五 deleted for good.
    db.trash_customer(ids[2]).unwrap();
    db.purge_customer(ids[2]).unwrap();

    let undone = db.undo_bulk(report.batch_id.unwrap()).unwrap();
    assert_eq!((undone.restored, undone.kept, undone.gone), (1, 1, 1));
    assert_eq!(
        tags_of(&db, ids[0]),
        vec!["VIP", "回访"],
        "edited since: kept"
    );
    assert_eq!(tags_of(&db, ids[1]), vec!["VIP", "批发"], "restored");
    assert_eq!(db.get_customer(ids[0]).unwrap().phones, vec!["13800138000"]);
    assert_eq!(search_names(&db, "回访"), vec!["王芳"]);

    // A trashed customer restored by hand since is not trashed again... nor
    // is one the undo would have to bring back twice.
    later(&clock);
    let trashed = db.bulk_trash(&CustomerSelection::ids(&ids[..2])).unwrap();
    later(&clock);
    db.restore_customer(ids[0]).unwrap();
    let undone = db.undo_bulk(trashed.batch_id.unwrap()).unwrap();
    assert_eq!((undone.restored, undone.kept), (1, 1));
    assert!(db.get_customer(ids[0]).unwrap().deleted_at.is_none());
    assert!(db.get_customer(ids[1]).unwrap().deleted_at.is_none());
}

#[test]
fn a_refused_change_writes_nothing() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    let before = dump(&db);
    later(&clock);
    let all = CustomerSelection::matching(CustomerQuery::default(), &[]);

    let err = db.bulk_add_tags(&all, &tags(&["  ", ""])).unwrap_err();
    assert_eq!(err.field_errors()[0].rule, "required");
    let err = db
        .bulk_add_tags(&all, &tags(&[&"长".repeat(51)]))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].rule, "tooLong");
    assert_eq!(dump(&db), before);

    // One customer would pass the form's 50-tag limit: the whole change is refused.
    // 张三 has one tag; 48 more make 49.
    let many: Vec<String> = (0..MAX_TAGS - 2).map(|i| format!("t{i}")).collect();
    db.bulk_add_tags(&CustomerSelection::ids(&ids[4..5]), &many)
        .unwrap();
    let before_refusal = dump(&db);
    let err = db.bulk_add_tags(&all, &tags(&["a", "b"])).unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(err.field_errors()[0].rule, "tooMany");
    assert_eq!(dump(&db), before_refusal, "nobody got the tags");
    assert_eq!(db.list_bulk_changes().unwrap().len(), 1);

    // Exactly at the limit is fine.
    db.bulk_add_tags(&all, &tags(&["a"])).unwrap();
    assert_eq!(tags_of(&db, ids[4]).len(), MAX_TAGS);
}

#[test]
fn history_lists_bulk_changes_newest_first_and_undo_refuses_unknown_ones() {
    let (_dir, db, clock) = temp_db();
    let ids = shop(&db);
    let sel = CustomerSelection::ids(&ids[..2]);
    db.bulk_add_tags(&sel, &tags(&["回访"])).unwrap();
    later(&clock);
    db.bulk_set_contact_cycle(&sel, "7").unwrap();
    later(&clock);
    let trash = db.bulk_trash(&sel).unwrap().batch_id.unwrap();
    db.undo_bulk(trash).unwrap();

    let history = db.list_bulk_changes().unwrap();
    let kinds: Vec<BulkKind> = history.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BulkKind::Trash,
            BulkKind::SetContactCycle,
            BulkKind::AddTags
        ]
    );
    assert!(history[0].undone_at.is_some());
    assert_eq!(history[1].contact_cycle_days, Some(7));
    assert_eq!(history[2].tags, vec!["回访"]);
    assert!(history.iter().all(|h| h.customers == 2));

    assert!(matches!(
        db.undo_bulk(999),
        Err(Error::BulkChangeNotFound(999))
    ));
    // A merge (another kind in the same log) is not undone from here.
    db.write(|tx| {
        tx.execute(
            "INSERT INTO change_batches (kind, customers, made_at) VALUES ('merge', 2, 'x')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    let merge = db.read(|c| Ok(c.last_insert_rowid())).unwrap();
    assert!(matches!(
        db.undo_bulk(merge),
        Err(Error::BulkChangeNotFound(_))
    ));
    assert_eq!(db.list_bulk_changes().unwrap().len(), 3);
}

#[test]
fn action_json_is_what_the_ui_sends() {
    let a: BulkAction = serde_json::from_str(r#"{"kind":"addTags","tags":["VIP"]}"#).unwrap();
    assert_eq!(
        a,
        BulkAction::AddTags {
            tags: tags(&["VIP"])
        }
    );
    let a: BulkAction = serde_json::from_str(r#"{"kind":"setContactCycle","days":""}"#).unwrap();
    assert_eq!(a, BulkAction::SetContactCycle { days: "".into() });
    let a: BulkAction = serde_json::from_str(r#"{"kind":"trash"}"#).unwrap();
    assert_eq!(a, BulkAction::Trash);
    let s: CustomerSelection =
        serde_json::from_str(r#"{"query":{"search":"王"},"allMatching":true,"ids":[3]}"#).unwrap();
    assert_eq!(s, CustomerSelection::matching(searching("王"), &[3]));
}

#[test]
fn export_of_a_selection_writes_just_those_in_list_order() {
    let (dir, db, _clock) = temp_db();
    let ids = shop(&db);
    let path = dir.path().join("selected.xlsx");
    let read_names = |path: &std::path::Path| -> Vec<String> {
        use calamine::{open_workbook_auto, Reader};
        let mut book = open_workbook_auto(path).unwrap();
        let range = book.worksheet_range("客户").unwrap();
        range.rows().skip(1).map(|r| r[1].to_string()).collect()
    };

    let report = export_selection(
        &db,
        &CustomerSelection::ids(&[ids[4], ids[0]]),
        Lang::ZhCn,
        &path,
    )
    .unwrap();
    assert_eq!(report.rows, 2);
    assert_eq!(
        read_names(&path),
        vec!["张三", "王芳"],
        "name order, as the list"
    );

    let sel = CustomerSelection::matching(searching("王"), &[ids[2]]);
    export_selection(&db, &sel, Lang::ZhCn, &path).unwrap();
    assert_eq!(read_names(&path), vec!["王小明", "王芳"]);
}
