//! Interactions on a real SQLite file: logging, the customer's timeline, the
//! rules about trashed customers, and exact money.

mod common;

use chrono::{Duration, TimeZone, Utc};
use clientele_core::model::{InteractionInput, InteractionKind};
use clientele_core::Error;
use common::{customer, temp_db};

fn log(kind: &str, at: &str, summary: &str) -> InteractionInput {
    InteractionInput {
        kind: kind.into(),
        occurred_at: at.into(),
        summary: summary.into(),
        ..Default::default()
    }
}

#[test]
fn a_customers_timeline_is_newest_first() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("张三")).unwrap().id;
    db.add_interaction(c, &log("visit", "2026-11-01T09:00:00Z", "来店看草莓"))
        .unwrap();
    let call = db.add_interaction(c, &log("call", "", "没接")).unwrap();
    assert_eq!(call.occurred_at, db.now(), "an empty time means now");
    let purchase = db
        .add_interaction(
            c,
            &InteractionInput {
                amount: "128.50".into(),
                items: "草莓 2 盒".into(),
                ..log("purchase", "2026-11-10T10:00:00Z", "")
            },
        )
        .unwrap();
    assert_eq!(purchase.amount_cents, Some(12_850));
    assert_eq!(purchase.items.as_deref(), Some("草莓 2 盒"));

    let kinds: Vec<InteractionKind> = db
        .list_interactions(c)
        .unwrap()
        .iter()
        .map(|i| i.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            InteractionKind::Call,
            InteractionKind::Purchase,
            InteractionKind::Visit
        ]
    );

    clock.advance(Duration::minutes(3));
    let edited = db
        .update_interaction(call.id, &log("call", "", "回电了，下周来"))
        .unwrap();
    assert_eq!(edited.summary, "回电了，下周来");
    assert_eq!(edited.updated_at - edited.created_at, Duration::minutes(3));

    db.trash_interaction(purchase.id).unwrap();
    assert_eq!(db.list_interactions(c).unwrap().len(), 2);
    db.restore_interaction(purchase.id).unwrap();
    assert_eq!(db.list_interactions(c).unwrap().len(), 3);
}

#[test]
fn trashed_or_missing_customers_get_no_interactions() {
    let (_dir, db, _) = temp_db();
    let c = db.create_customer(&customer("李四")).unwrap().id;
    let i = db.add_interaction(c, &log("call", "", "")).unwrap();
    db.trash_customer(c).unwrap();
    assert!(
        matches!(db.add_interaction(c, &log("call", "", "")), Err(Error::CustomerInTrash(id)) if id == c)
    );
    assert!(matches!(
        db.update_interaction(i.id, &log("visit", "", "")),
        Err(Error::CustomerInTrash(_))
    ));
    assert!(matches!(
        db.add_interaction(999, &log("call", "", "")),
        Err(Error::CustomerNotFound(999))
    ));
    assert!(matches!(
        db.trash_interaction(999),
        Err(Error::InteractionNotFound(999))
    ));

    // Deleting the customer for good takes their interactions with them.
    db.purge_customer(c).unwrap();
    let left: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn bad_input_writes_nothing() {
    let (_dir, db, _) = temp_db();
    let c = db.create_customer(&customer("王五")).unwrap().id;
    let err = db
        .add_interaction(
            c,
            &InteractionInput {
                amount: "-20".into(),
                ..log("purchase", "2026-13-01 10:00", "")
            },
        )
        .unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(fields, vec!["occurredAt", "amount"]);
    assert!(db.list_interactions(c).unwrap().is_empty());
}

#[test]
fn times_keep_their_instant_whatever_the_offset() {
    let (_dir, db, _) = temp_db();
    let c = db.create_customer(&customer("Anna")).unwrap().id;
    let i = db
        .add_interaction(c, &log("visit", "2026-11-20T18:30:00+08:00", ""))
        .unwrap();
    assert_eq!(
        i.occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 30, 0).unwrap()
    );
}

#[test]
fn the_list_shows_last_contact_and_total_spend() {
    use clientele_core::model::CustomerQuery;
    let (_dir, db, _) = temp_db();
    let a = db.create_customer(&customer("甲")).unwrap().id;
    db.create_customer(&customer("乙")).unwrap();
    let buy = |amount: &str, at: &str| InteractionInput {
        amount: amount.into(),
        ..log("purchase", at, "")
    };
    db.add_interaction(a, &buy("10.10", "2026-11-01T10:00:00Z"))
        .unwrap();
    let refund_me = db
        .add_interaction(a, &buy("99.99", "2026-11-05T10:00:00Z"))
        .unwrap();
    db.add_interaction(a, &log("call", "2026-11-03T10:00:00Z", ""))
        .unwrap();
    db.trash_interaction(refund_me.id).unwrap();
    for search in ["", "甲"] {
        let rows = db
            .list_customers(&CustomerQuery {
                search: search.into(),
                ..Default::default()
            })
            .unwrap()
            .rows;
        let row = rows.iter().find(|r| r.id == a).unwrap();
        assert_eq!(row.total_spent_cents, 1_010);
        assert_eq!(
            row.last_contact_at,
            Some(Utc.with_ymd_and_hms(2026, 11, 3, 10, 0, 0).unwrap())
        );
    }
    let rows = db.list_customers(&CustomerQuery::default()).unwrap().rows;
    let other = rows.iter().find(|r| r.id != a).unwrap();
    assert_eq!((other.total_spent_cents, other.last_contact_at), (0, None));
}
