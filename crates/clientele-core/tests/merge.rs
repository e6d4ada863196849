//! Finding duplicates, merging customers and undoing merges, on a real SQLite file.

mod common;

use chrono::Duration;
use clientele_core::complaints::{ComplaintInput, ComplaintMove};
use clientele_core::customers::{count_customers, for_each_customer};
use clientele_core::duplicates::EvidenceKind;
use clientele_core::merge::{MergeChoices, MergeRequest};
use clientele_core::model::{CustomerInput, CustomerQuery, InteractionInput};
use clientele_core::reminders::ReminderInput;
use clientele_core::{Db, Error};
use common::{search_names, temp_db};

fn person(name: &str, phones: &[&str], email: &str) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        email: email.into(),
        ..Default::default()
    }
}

fn add(db: &Db, c: CustomerInput) -> i64 {
    db.create_customer(&c).unwrap().id
}

/// Each group as its customers' names, sorted, for comparing.
fn groups(db: &Db) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = db
        .find_duplicates()
        .unwrap()
        .groups
        .into_iter()
        .map(|g| {
            let mut names: Vec<String> = g.customers.into_iter().map(|c| c.name).collect();
            names.sort();
            names
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_same_phone_in_any_spelling_is_a_group() {
    let (_d, db, _) = temp_db();
    add(&db, person("张三", &["13800138000"], ""));
    add(&db, person("张三丰", &["+86 138-0013-8000"], ""));
    add(&db, person("李四", &["138 0013 8000"], ""));
    add(&db, person("王五", &["13900139000"], ""));
    let found = db.find_duplicates().unwrap();
    assert_eq!(found.checked, 4);
    assert_eq!(found.groups.len(), 1);
    let g = &found.groups[0];
    assert_eq!(g.customers.len(), 3);
    assert_eq!(g.evidence.len(), 1);
    assert_eq!(g.evidence[0].kind, EvidenceKind::SamePhone);
    assert_eq!(
        g.evidence[0].values,
        vec!["13800138000", "+86 138-0013-8000", "138 0013 8000"]
    );
    assert_eq!(g.evidence[0].customer_ids.len(), 3);
}

#[test]
fn the_same_email_in_any_case_is_a_group() {
    let (_d, db, _) = temp_db();
    add(&db, person("Anna", &[], "Anna@Example.com"));
    add(&db, person("Anna Müller", &[], "anna@example.com"));
    add(&db, person("Bob", &[], "bob@example.com"));
    assert_eq!(groups(&db), vec![vec!["Anna", "Anna Müller"]]);
    let g = &db.find_duplicates().unwrap().groups[0];
    assert_eq!(g.evidence[0].kind, EvidenceKind::SameEmail);
}

#[test]
fn the_same_name_with_a_similar_phone_is_a_group_and_other_names_are_not() {
    let (_d, db, _) = temp_db();
    // One digit off, two digits swapped, with and without the area code.
    add(&db, person("王芳", &["13800138000"], ""));
    add(&db, person("王 芳", &["13800138001"], ""));
    add(&db, person("李明", &["13912345678"], ""));
    add(&db, person("李明", &["13912345687"], ""));
    add(&db, person("Green Leaf", &["021-62345678"], ""));
    add(&db, person("green leaf", &["6234 5678"], ""));
    // Similar phones, different names: no group. Same name, phones far apart: no group.
    add(&db, person("赵六", &["13700137000"], ""));
    add(&db, person("钱七", &["13700137001"], ""));
    add(&db, person("孙八", &["13600136000"], ""));
    add(&db, person("孙八", &["13655556666"], ""));
    assert_eq!(
        groups(&db),
        vec![
            vec!["Green Leaf", "green leaf"],
            vec!["李明", "李明"],
            vec!["王 芳", "王芳"],
        ]
    );
    let found = db.find_duplicates().unwrap();
    assert!(found.groups.iter().all(|g| g
        .evidence
        .iter()
        .all(|e| e.kind == EvidenceKind::SimilarPhone)));
    let wang = found
        .groups
        .iter()
        .find(|g| g.customers[0].name.starts_with('王'))
        .unwrap();
    assert_eq!(wang.evidence[0].values, vec!["13800138000", "13800138001"]);
}

#[test]
fn links_join_into_one_group_and_the_trash_is_left_out() {
    let (_d, db, _) = temp_db();
    let a = add(&db, person("A", &["13800000001"], ""));
    add(&db, person("B", &["13800000001"], "b@x.cn"));
    add(&db, person("C", &[], "B@X.CN"));
    let found = db.find_duplicates().unwrap();
    assert_eq!(groups(&db), vec![vec!["A", "B", "C"]]);
    let kinds: Vec<EvidenceKind> = found.groups[0].evidence.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![EvidenceKind::SamePhone, EvidenceKind::SameEmail]
    );
    // Oldest first.
    assert_eq!(found.groups[0].customers[0].id, a);

    let d = add(&db, person("D", &["13700000009"], ""));
    add(&db, person("E", &["13700000009"], ""));
    db.trash_customer(d).unwrap();
    assert_eq!(groups(&db), vec![vec!["A", "B", "C"]]);
}

/// Every stored row a merge touches, as text, for before/after comparisons.
fn dump(db: &Db) -> Vec<String> {
    let queries = [
        "SELECT id, name, phones, email, address, company, birthday, gender, source,
                contact_cycle_days, notes, created_at, updated_at, deleted_at, merged_into
         FROM customers ORDER BY id",
        "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         ORDER BY 1, 2",
        "SELECT name FROM tags ORDER BY name",
        "SELECT * FROM interactions ORDER BY id",
        "SELECT * FROM complaints ORDER BY id",
        "SELECT * FROM complaint_steps ORDER BY id",
        "SELECT * FROM reminders ORDER BY id",
        "SELECT * FROM surveys ORDER BY id",
        "SELECT * FROM customer_contact ORDER BY customer_id",
        "SELECT * FROM customer_search ORDER BY id",
    ];
    db.read(|c| {
        let mut out = Vec::new();
        for q in queries {
            let mut stmt = c.prepare(q)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                out.push(format!("{q:.30}|{}", cells.join("|")));
            }
        }
        Ok(out)
    })
    .unwrap()
}

fn survey(db: &Db, customer: i64, comment: &str) -> i64 {
    db.write(|tx| {
        tx.execute(
            "INSERT INTO surveys (customer_id, answered_on, comment, created_at, updated_at)
             VALUES (?1, '2026-11-20', ?2, '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z')",
            rusqlite::params![customer, comment],
        )?;
        Ok(tx.last_insert_rowid())
    })
    .unwrap()
}

fn owner(db: &Db, table: &str, id: i64) -> i64 {
    db.read(|c| {
        Ok(c.query_row(
            &format!("SELECT customer_id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )?)
    })
    .unwrap()
}

/// Two records of every kind for `id` (one trashed interaction), a complaint
/// with a handling step.
fn records(db: &Db, id: i64, label: &str) -> Vec<(&'static str, i64)> {
    let visit = db
        .add_interaction(
            id,
            &InteractionInput {
                kind: "visit".into(),
                summary: format!("{label} visit"),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let gone = db
        .add_interaction(
            id,
            &InteractionInput {
                kind: "call".into(),
                summary: format!("{label} call"),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    db.trash_interaction(gone).unwrap();
    let complaint = db
        .record_complaint(
            id,
            &ComplaintInput {
                category: "delivery".into(),
                description: format!("{label} late"),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    db.move_complaint(
        complaint,
        &ComplaintMove {
            to: "inProgress".into(),
            note: "called back".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let reminder = db
        .add_reminder(
            id,
            &ReminderInput {
                due_on: "2026-11-30".into(),
                note: format!("{label} follow up"),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    vec![
        ("interactions", visit),
        ("interactions", gone),
        ("complaints", complaint),
        ("reminders", reminder),
        ("surveys", survey(db, id, label)),
    ]
}

#[test]
fn merge_moves_every_record_and_undo_puts_every_row_back() {
    let (_d, db, clock) = temp_db();
    let kept = add(
        &db,
        CustomerInput {
            name: "张三".into(),
            phones: vec!["13800138000".into()],
            tags: vec!["VIP".into()],
            notes: "likes green tea".into(),
            ..Default::default()
        },
    );
    clock.advance(Duration::minutes(5));
    let other = add(
        &db,
        CustomerInput {
            name: "张三 (imported)".into(),
            phones: vec!["+86 138 0013 8000".into(), "021-62345678".into()],
            email: "zhang@example.com".into(),
            company: "鲜果坊".into(),
            tags: vec!["vip".into(), "批发".into()],
            notes: "wholesale buyer".into(),
            ..Default::default()
        },
    );
    let bystander = add(&db, person("李四", &["13900139000"], ""));
    let kept_records = records(&db, kept, "kept");
    let other_records = records(&db, other, "other");
    records(&db, bystander, "bystander");
    clock.advance(Duration::minutes(5));
    let before = dump(&db);

    let req = MergeRequest {
        keep: kept,
        others: vec![other],
        choices: MergeChoices {
            name: Some(kept),
            ..Default::default()
        },
    };
    let preview = db.merge_preview(&req).unwrap();
    assert_eq!(preview.customers[0].customer.id, kept);
    assert_eq!(preview.customers[1].interactions, 1, "live ones counted");
    assert_eq!(preview.customers[1].surveys, 1);
    assert_eq!(preview.phones, vec!["13800138000", "021-62345678"]);
    assert_eq!(preview.tags, vec!["VIP", "批发"]);
    let email = preview.fields.iter().find(|f| f.field == "email").unwrap();
    assert_eq!(
        email.chosen, other,
        "the first value when the kept has none"
    );
    assert_eq!(email.values, vec!["", "zhang@example.com"]);

    clock.advance(Duration::minutes(1));
    let done = db.merge_customers(&req).unwrap();
    assert_eq!(done.moved, 5);
    let c = &done.customer;
    assert_eq!(c.name, "张三");
    assert_eq!(c.email.as_deref(), Some("zhang@example.com"));
    assert_eq!(c.company.as_deref(), Some("鲜果坊"));
    assert_eq!(c.phones, vec!["13800138000", "021-62345678"]);
    assert_eq!(c.tags, vec!["VIP", "批发"]);
    assert_eq!(
        c.notes,
        format!("likes green tea\n\n[张三 (imported) #{other}]\nwholesale buyer")
    );
    for (table, id) in kept_records.iter().chain(&other_records) {
        assert_eq!(owner(&db, table, *id), kept, "{table} {id}");
    }
    // The complaint's handling thread came with it.
    let complaint = other_records[2].1;
    assert_eq!(db.get_complaint(complaint).unwrap().steps.len(), 2);
    // Both visits and both complaints (trashed calls and open reminders are not on it).
    assert_eq!(db.timeline(kept).unwrap().len(), 4);

    // The merged one is nowhere: list, search, trash, duplicates, export.
    let names = |trash: bool| -> Vec<String> {
        db.list_customers(&CustomerQuery {
            trash,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
    };
    assert_eq!(names(false), vec!["张三", "李四"]);
    assert!(names(true).is_empty());
    assert_eq!(db.read(|c| count_customers(c, true)).unwrap(), 0);
    // What exports stream (the list's query, every page), and the trash's.
    let exported = |trash: bool| -> Vec<String> {
        let mut names = Vec::new();
        let q = CustomerQuery {
            trash,
            ..Default::default()
        };
        db.read(|c| {
            for_each_customer(c, &q, |x| {
                names.push(x.name);
                Ok(())
            })
        })
        .unwrap();
        names
    };
    assert_eq!(exported(false), vec!["张三", "李四"]);
    assert!(exported(true).is_empty());
    assert_eq!(search_names(&db, "62345678"), vec!["张三"]);
    assert_eq!(
        search_names(&db, "张三"),
        vec!["张三"],
        "the merged one is not found"
    );
    assert_eq!(search_names(&db, "wholesale"), vec!["张三"]);
    assert!(db.find_duplicates().unwrap().groups.is_empty());
    assert!(matches!(
        db.restore_customer(other),
        Err(Error::CustomerNotInTrash(_))
    ));
    assert!(matches!(
        db.purge_customer(other),
        Err(Error::CustomerNotInTrash(_))
    ));

    let merges = db.recent_merges(10).unwrap();
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].kept.name, "张三");
    assert_eq!(merges[0].merged[0].name, "张三 (imported)");
    assert_eq!(merges[0].moved, 5);

    clock.advance(Duration::minutes(1));
    let report = db.undo_merge(done.batch_id).unwrap();
    assert_eq!(report.customers_back, 1);
    assert_eq!(report.moved_back, 5);
    assert!(report.kept_restored);
    assert_eq!(dump(&db), before, "every row as it was");
    assert_eq!(search_names(&db, "62345678"), vec!["张三 (imported)"]);
    assert_eq!(
        search_names(&db, "13800138000"),
        vec!["张三", "张三 (imported)"]
    );
    assert!(db.recent_merges(10).unwrap()[0].undone_at.is_some());
    assert!(matches!(
        db.undo_merge(done.batch_id),
        Err(Error::MergeAlreadyUndone(_))
    ));
}

#[test]
fn undo_keeps_later_edits_and_new_records() {
    let (_d, db, clock) = temp_db();
    let a = add(&db, person("A", &["13800000001"], ""));
    let b = add(&db, person("B", &["13800000001"], "b@x.cn"));
    let moved = records(&db, b, "b");
    clock.advance(Duration::minutes(1));
    let done = db
        .merge_customers(&MergeRequest {
            keep: a,
            others: vec![b],
            ..Default::default()
        })
        .unwrap();
    clock.advance(Duration::minutes(1));
    // Edited after the merge, and a new visit for the kept one.
    let mut edit = CustomerInput::from(&db.get_customer(a).unwrap());
    edit.company = "new company".into();
    db.update_customer(a, &edit).unwrap();
    let new_visit = db
        .add_interaction(
            a,
            &InteractionInput {
                kind: "visit".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let report = db.undo_merge(done.batch_id).unwrap();
    assert!(!report.kept_restored);
    assert_eq!(report.moved_back, 5);
    let kept = db.get_customer(a).unwrap();
    assert_eq!(
        kept.company.as_deref(),
        Some("new company"),
        "the edit stays"
    );
    assert_eq!(owner(&db, "interactions", new_visit), a);
    for (table, id) in moved {
        assert_eq!(owner(&db, table, id), b);
    }
    assert!(db.get_customer(b).unwrap().deleted_at.is_none());
}

#[test]
fn a_later_merge_of_the_same_customers_is_undone_first() {
    let (_d, db, clock) = temp_db();
    let a = add(&db, person("A", &["13800000001"], ""));
    let b = add(&db, person("B", &["13800000001"], ""));
    let c = add(&db, person("C", &["13800000001"], ""));
    let first = db
        .merge_customers(&MergeRequest {
            keep: a,
            others: vec![b],
            ..Default::default()
        })
        .unwrap();
    clock.advance(Duration::minutes(1));
    let second = db
        .merge_customers(&MergeRequest {
            keep: c,
            others: vec![a],
            ..Default::default()
        })
        .unwrap();
    assert!(matches!(
        db.undo_merge(first.batch_id),
        Err(Error::MergeUndoBlocked(id)) if id == second.batch_id
    ));
    db.undo_merge(second.batch_id).unwrap();
    db.undo_merge(first.batch_id).unwrap();
    assert_eq!(groups(&db), vec![vec!["A", "B", "C"]]);
}

#[test]
fn merging_refuses_what_it_cannot_do() {
    let (_d, db, _) = temp_db();
    let a = add(&db, person("A", &["13800000001"], ""));
    let b = add(&db, person("B", &["13800000001"], ""));
    let req = |keep, others: Vec<i64>| MergeRequest {
        keep,
        others,
        ..Default::default()
    };
    assert!(matches!(
        db.merge_customers(&req(a, vec![a])),
        Err(Error::MergeNeedsTwo)
    ));
    assert!(matches!(
        db.merge_customers(&req(a, vec![999])),
        Err(Error::CustomerNotFound(999))
    ));
    db.trash_customer(b).unwrap();
    assert!(matches!(
        db.merge_customers(&req(a, vec![b])),
        Err(Error::CustomerInTrash(_))
    ));
    assert!(matches!(db.undo_merge(42), Err(Error::MergeNotFound(42))));
    // Nothing was remembered by the refusals.
    assert!(db.recent_merges(10).unwrap().is_empty());
}

#[test]
fn too_many_phones_together_is_a_field_error_and_nothing_changes() {
    let (_d, db, _) = temp_db();
    let phones = |start: u32| -> Vec<String> {
        (start..start + 15)
            .map(|i| format!("1380000{i:04}"))
            .collect()
    };
    let a = add(
        &db,
        CustomerInput {
            name: "A".into(),
            phones: phones(0),
            ..Default::default()
        },
    );
    let b = add(
        &db,
        CustomerInput {
            name: "B".into(),
            phones: phones(100),
            ..Default::default()
        },
    );
    let err = db
        .merge_customers(&MergeRequest {
            keep: a,
            others: vec![b],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "phones");
    assert!(db.get_customer(b).unwrap().deleted_at.is_none());
    assert!(db.recent_merges(10).unwrap().is_empty());
}

#[test]
fn purging_the_kept_customer_leaves_the_merged_one_in_the_trash_and_undo_passes_over() {
    let (_d, db, _) = temp_db();
    let a = add(&db, person("A", &["13800000001"], ""));
    let b = add(&db, person("B", &["13800000001"], ""));
    let done = db
        .merge_customers(&MergeRequest {
            keep: a,
            others: vec![b],
            ..Default::default()
        })
        .unwrap();
    db.trash_customer(a).unwrap();
    db.purge_customer(a).unwrap();
    // With its kept customer gone, the merged one is simply in the trash.
    assert_eq!(db.read(|c| count_customers(c, true)).unwrap(), 1);
    let report = db.undo_merge(done.batch_id).unwrap();
    assert_eq!(report.customers_back, 1);
    assert!(!report.kept_restored);
    assert!(db.get_customer(b).unwrap().deleted_at.is_none());
}

/// Customers said to be different people are not grouped again; Undo (unmark)
/// brings the group back; bad requests change nothing.
#[test]
fn not_the_same_person_leaves_a_group_alone_until_undone() {
    let (_d, db, _) = temp_db();
    let a = add(&db, person("王强", &["13800138000"], ""));
    let b = add(&db, person("李娜", &["138 0013 8000"], "lina@example.com"));
    let c = add(&db, person("李娜 (店里)", &[], "LiNa@example.com"));
    add(&db, person("赵六", &["13900139000"], ""));
    assert_eq!(groups(&db), [["李娜", "李娜 (店里)", "王强"]]);

    // A couple sharing the shop's phone: not the same person.
    assert_eq!(
        db.mark_not_duplicates(&[a, b]).unwrap(),
        [[a.min(b), a.max(b)]]
    );
    let found = db.find_duplicates().unwrap();
    assert_eq!(found.groups.len(), 1);
    let g = &found.groups[0];
    let names: Vec<&str> = g.customers.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        ["李娜", "李娜 (店里)"],
        "王强 drops out; the email still links"
    );
    assert_eq!(g.evidence.len(), 1);
    assert_eq!(g.evidence[0].kind, EvidenceKind::SameEmail);
    // Marking again adds nothing (so its Undo takes nothing back).
    assert!(db.mark_not_duplicates(&[b, a, a]).unwrap().is_empty());

    let pairs = db.mark_not_duplicates(&[b, c]).unwrap();
    assert_eq!(pairs, [[b.min(c), b.max(c)]]);
    assert!(groups(&db).is_empty());
    db.unmark_not_duplicates(&pairs).unwrap();
    assert_eq!(groups(&db), [["李娜", "李娜 (店里)"]]);

    // Refused, changing nothing.
    let marked = |db: &Db| -> i64 {
        db.read(|c| Ok(c.query_row("SELECT count(*) FROM distinct_customers", [], |r| r.get(0))?))
            .unwrap()
    };
    assert!(matches!(
        db.mark_not_duplicates(&[a, a]),
        Err(Error::NotDuplicatesNeedsTwo)
    ));
    assert!(matches!(
        db.mark_not_duplicates(&[b, c, 9999]),
        Err(Error::CustomerNotFound(9999))
    ));
    db.trash_customer(c).unwrap();
    assert!(matches!(
        db.mark_not_duplicates(&[b, c]),
        Err(Error::CustomerInTrash(_))
    ));
    assert_eq!(marked(&db), 1, "the failed calls wrote nothing");

    // Purging a customer takes their pairs with them.
    db.purge_customer(c).unwrap();
    db.trash_customer(a).unwrap();
    db.purge_customer(a).unwrap();
    assert_eq!(marked(&db), 0);
}
