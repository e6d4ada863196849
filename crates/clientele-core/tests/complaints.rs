//! Complaints: the workflow rules, the handling thread, and the overdue clock.

mod common;

use chrono::Duration;
use clientele_core::complaints::{ComplaintInput, ComplaintMove, ComplaintStatus, Remedy};
use clientele_core::Error;
use common::{customer, temp_db};

fn complaint(category: &str, description: &str) -> ComplaintInput {
    ComplaintInput {
        category: category.into(),
        description: description.into(),
        channel: "电话".into(),
        ..Default::default()
    }
}

fn to(status: &str) -> ComplaintMove {
    ComplaintMove {
        to: status.into(),
        ..Default::default()
    }
}

fn rules(e: Error) -> Vec<(String, String)> {
    e.field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.rule.clone()))
        .collect()
}

#[test]
fn open_to_closed_with_remedy_and_summary_reads_as_a_thread() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("张三")).unwrap().id;
    let opened = db
        .record_complaint(c, &complaint("delivery", "送货晚了两小时"))
        .unwrap();
    assert_eq!(opened.status, ComplaintStatus::Open);
    assert_eq!(opened.steps.len(), 1);

    clock.advance(Duration::hours(2));
    let working = db
        .move_complaint(
            opened.id,
            &ComplaintMove {
                note: "已致电道歉".into(),
                ..to("inProgress")
            },
        )
        .unwrap();
    assert_eq!(
        working.first_response_at.unwrap() - working.received_at,
        Duration::hours(2)
    );

    // Resolving needs the remedy; nothing changes when it is missing.
    let err = db.move_complaint(opened.id, &to("resolved")).unwrap_err();
    assert_eq!(
        rules(err),
        vec![("remedy".to_string(), "required".to_string())]
    );
    assert_eq!(db.get_complaint(opened.id).unwrap().steps.len(), 2);

    clock.advance(Duration::hours(20));
    let resolved = db
        .move_complaint(
            opened.id,
            &ComplaintMove {
                remedy: "discount".into(),
                remedy_note: "下次九折".into(),
                ..to("resolved")
            },
        )
        .unwrap();
    assert_eq!(resolved.remedy, Some(Remedy::Discount));
    assert_eq!(
        resolved.resolved_at.unwrap() - resolved.received_at,
        Duration::hours(22)
    );

    // Closing needs the cause and what changes.
    let err = db.move_complaint(opened.id, &to("closed")).unwrap_err();
    assert_eq!(
        rules(err),
        vec![("causeSummary".to_string(), "required".to_string())]
    );
    let closed = db
        .move_complaint(
            opened.id,
            &ComplaintMove {
                cause_summary: "高峰期只有一个送货员；周末加一人".into(),
                ..to("closed")
            },
        )
        .unwrap();
    assert_eq!(closed.status, ComplaintStatus::Closed);
    let thread: Vec<_> = closed
        .steps
        .iter()
        .map(|s| (s.from_status, s.to_status))
        .collect();
    assert_eq!(
        thread,
        vec![
            (None, ComplaintStatus::Open),
            (Some(ComplaintStatus::Open), ComplaintStatus::InProgress),
            (Some(ComplaintStatus::InProgress), ComplaintStatus::Resolved),
            (Some(ComplaintStatus::Resolved), ComplaintStatus::Closed),
        ]
    );
    assert_eq!(closed.steps[1].note, "已致电道歉");
}

#[test]
fn out_of_order_moves_are_refused_and_reopening_restarts_the_resolution_clock() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("李四")).unwrap().id;
    let id = db
        .record_complaint(c, &complaint("staffAttitude", "店员态度差"))
        .unwrap()
        .id;
    for bad in ["closed", "open"] {
        assert!(
            matches!(
                db.move_complaint(id, &to(bad)),
                Err(Error::TransitionNotAllowed { .. })
            ),
            "open → {bad}"
        );
    }
    assert!(matches!(
        db.move_complaint(id, &to("archived")),
        Err(Error::Validation(_))
    ));
    db.move_complaint(
        id,
        &ComplaintMove {
            remedy: "apology".into(),
            ..to("resolved")
        },
    )
    .unwrap();
    clock.advance(Duration::days(1));
    let reopened = db
        .move_complaint(
            id,
            &ComplaintMove {
                note: "顾客仍不满意".into(),
                ..to("open")
            },
        )
        .unwrap();
    assert_eq!(reopened.status, ComplaintStatus::Open);
    assert!(reopened.resolved_at.is_none());
    assert!(
        reopened.first_response_at.is_some(),
        "the first response stays on record"
    );
}

#[test]
fn the_overdue_clock_including_a_clock_moving_backwards() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("王五")).unwrap().id;
    let id = db
        .record_complaint(c, &complaint("productQuality", "草莓坏了"))
        .unwrap()
        .id;
    clock.advance(Duration::hours(23));
    let c1 = db.get_complaint(id).unwrap();
    assert!(!c1.response_overdue && !c1.resolution_overdue);
    clock.advance(Duration::hours(2));
    let c2 = db.get_complaint(id).unwrap();
    assert!(c2.response_overdue && !c2.resolution_overdue);
    db.move_complaint(id, &to("inProgress")).unwrap();
    let c3 = db.get_complaint(id).unwrap();
    assert!(!c3.response_overdue, "answered, even if late");
    clock.advance(Duration::days(2));
    assert!(db.get_complaint(id).unwrap().resolution_overdue);
    // The machine's clock is set back before the complaint was received.
    clock.advance(Duration::days(-10));
    let c4 = db.get_complaint(id).unwrap();
    assert!(!c4.response_overdue && !c4.resolution_overdue);
}

#[test]
fn bad_complaints_write_nothing() {
    let (_dir, db, _) = temp_db();
    let c = db.create_customer(&customer("赵六")).unwrap().id;
    let err = db
        .record_complaint(
            c,
            &ComplaintInput {
                severity: "urgent".into(),
                received_at: "2026-02-30 10:00".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    let fields: Vec<_> = rules(err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        vec!["receivedAt", "category", "severity", "description"]
    );
    db.trash_customer(c).unwrap();
    assert!(matches!(
        db.record_complaint(c, &complaint("price", "太贵")),
        Err(Error::CustomerInTrash(_))
    ));
    let n: i64 = db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM complaint_steps)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(n, 0);
}
