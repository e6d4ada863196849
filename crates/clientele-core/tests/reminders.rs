//! Reminders and follow-ups on a real SQLite file: done (with the interaction
//! logged in the same step), snoozed, recurring, trashed; the follow-up a
//! resolved complaint schedules; and the contact cycle moving on each contact.

mod common;

use chrono::{Days, Duration};
use clientele_core::complaints::{ComplaintInput, ComplaintMove};
use clientele_core::contact_cycle::CycleState;
use clientele_core::model::{CustomerInput, InteractionInput};
use clientele_core::reminders::{ReminderInput, RepeatRule, RepeatUnit, Snooze};
use clientele_core::settings::ComplaintSettings;
use clientele_core::timeline::TimelineEntry;
use clientele_core::Error;
use common::{customer, temp_db};

fn on(date: chrono::NaiveDate, note: &str) -> ReminderInput {
    ReminderInput {
        due_on: date.to_string(),
        note: note.into(),
        ..Default::default()
    }
}

fn count(db: &clientele_core::Db, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn done_with_the_call_logged_in_the_same_step() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("李四")).unwrap().id;
    let today = db.today();
    let r = db.add_reminder(c, &on(today, "问问新茶")).unwrap();
    assert_eq!(db.today_overview().unwrap().reminders_total, 1);

    // A bad interaction refuses the whole step: the reminder stays open.
    let bad = InteractionInput {
        kind: "purchase".into(),
        amount: "-1".into(),
        ..Default::default()
    };
    let err = db.complete_reminder(r.id, Some(&bad)).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "amount");
    assert!(db.get_reminder(r.id).unwrap().done_at.is_none());
    assert_eq!(count(&db, "interactions"), 0);

    clock.advance(Duration::minutes(5));
    let call = InteractionInput {
        kind: "call".into(),
        summary: "没接".into(),
        ..Default::default()
    };
    let done = db.complete_reminder(r.id, Some(&call)).unwrap();
    assert!(done.reminder.done_at.is_some());
    assert!(done.next.is_none(), "a one-off has no next");
    let logged = done.interaction.unwrap();
    assert_eq!(done.reminder.interaction_id, Some(logged.id));
    assert_eq!(logged.summary, "没接");
    assert_eq!(db.today_overview().unwrap().reminders_total, 0);

    // Done twice is refused clearly (a double click), and nothing more is logged.
    assert!(matches!(
        db.complete_reminder(r.id, Some(&call)).unwrap_err(),
        Error::ReminderDone(_)
    ));
    assert_eq!(count(&db, "interactions"), 1);

    // The timeline shows the call and the reminder done, newest first.
    let kinds: Vec<&str> = db
        .timeline(c)
        .unwrap()
        .iter()
        .map(|e| match e {
            TimelineEntry::Interaction { .. } => "interaction",
            TimelineEntry::Complaint { .. } => "complaint",
            TimelineEntry::ReminderDone { .. } => "reminderDone",
        })
        .collect();
    assert_eq!(kinds, vec!["interaction", "reminderDone"]);
}

#[test]
fn a_recurring_reminder_writes_its_next_date_when_done() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("王五")).unwrap().id;
    let today = db.today();
    let fixed = db
        .add_reminder(
            c,
            &ReminderInput {
                repeat_rule: "fixed".into(),
                repeat_every: "2".into(),
                repeat_unit: "week".into(),
                ..on(today, "盘点")
            },
        )
        .unwrap();
    let repeat = fixed.repeat.unwrap();
    assert_eq!(
        (repeat.rule, repeat.every, repeat.unit),
        (RepeatRule::Fixed, 2, RepeatUnit::Week)
    );

    // Done three days late: the schedule holds (two weeks after the due date).
    clock.advance(Duration::days(3));
    let done = db.complete_reminder(fixed.id, None).unwrap();
    let next = done.next.unwrap();
    assert_eq!(next.due_on, today + Days::new(14));
    assert_eq!(next.anchor_on, today);
    assert_eq!(next.note, "盘点");

    let after = db
        .add_reminder(
            c,
            &ReminderInput {
                repeat_rule: "afterDone".into(),
                repeat_every: "10".into(),
                repeat_unit: "day".into(),
                ..on(db.today(), "回访")
            },
        )
        .unwrap();
    clock.advance(Duration::days(2));
    let next = db.complete_reminder(after.id, None).unwrap().next.unwrap();
    assert_eq!(next.due_on, db.today() + Days::new(10));
    assert_eq!(db.list_open_reminders(c).unwrap().len(), 2);
}

#[test]
fn snooze_by_days_or_to_a_date_and_never_into_the_past() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("赵六")).unwrap().id;
    let today = db.today();
    let r = db.add_reminder(c, &on(today, "")).unwrap();
    // Overdue by a week, then snoozed a day: due tomorrow, not six days ago.
    clock.advance(Duration::days(7));
    let now = db.today();
    let s = db
        .snooze_reminder(
            r.id,
            &Snooze {
                days: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s.due_on, now + Days::new(1));
    let s = db
        .snooze_reminder(
            r.id,
            &Snooze {
                days: Some(7),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        s.due_on,
        now + Days::new(8),
        "a week after the (future) due date"
    );
    let s = db
        .snooze_reminder(
            r.id,
            &Snooze {
                until: (now + Days::new(30)).to_string(),
                days: None,
            },
        )
        .unwrap();
    assert_eq!(s.due_on, now + Days::new(30));
    let err = db
        .snooze_reminder(
            r.id,
            &Snooze {
                until: (now - Days::new(1)).to_string(),
                days: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.field_errors()[0].rule, "inPast");
    let err = db
        .snooze_reminder(
            r.id,
            &Snooze {
                days: Some(0),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.field_errors()[0].rule, "outOfRange");
    assert_eq!(db.get_reminder(r.id).unwrap().due_on, now + Days::new(30));
}

#[test]
fn reminders_on_customers_in_the_trash_are_refused_and_hidden() {
    let (_dir, db, _clock) = temp_db();
    let c = db.create_customer(&customer("钱七")).unwrap().id;
    let r = db.add_reminder(c, &on(db.today(), "")).unwrap();
    db.trash_customer(c).unwrap();
    assert!(matches!(
        db.add_reminder(c, &on(db.today(), "")).unwrap_err(),
        Error::CustomerInTrash(_)
    ));
    assert!(matches!(
        db.complete_reminder(r.id, None).unwrap_err(),
        Error::CustomerInTrash(_)
    ));
    assert_eq!(db.today_overview().unwrap().reminders_total, 0);
    assert_eq!(count(&db, "reminders"), 1);

    db.restore_customer(c).unwrap();
    db.trash_reminder(r.id).unwrap();
    assert_eq!(db.today_overview().unwrap().reminders_total, 0);
    assert!(matches!(
        db.complete_reminder(r.id, None).unwrap_err(),
        Error::ReminderNotFound(_)
    ));
    db.restore_reminder(r.id).unwrap();
    assert_eq!(db.today_overview().unwrap().reminders_total, 1);
}

#[test]
fn resolving_a_complaint_schedules_the_follow_up_and_reopening_withdraws_it() {
    let (_dir, db, _clock) = temp_db();
    let c = db.create_customer(&customer("孙八")).unwrap().id;
    let k = db
        .record_complaint(
            c,
            &ComplaintInput {
                category: "price".into(),
                description: "价格标错".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let resolve = ComplaintMove {
        to: "resolved".into(),
        remedy: "refund".into(),
        ..Default::default()
    };
    db.move_complaint(k.id, &resolve).unwrap();
    let open = db.list_open_reminders(c).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].complaint_id, Some(k.id));
    assert_eq!(open[0].due_on, db.today() + Days::new(3));

    db.move_complaint(
        k.id,
        &ComplaintMove {
            to: "open".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(db.list_open_reminders(c).unwrap().is_empty());

    // The delay is a setting; 0 means no follow-up.
    db.set_complaint_settings(ComplaintSettings {
        follow_up_days: 7,
        ..Default::default()
    })
    .unwrap();
    db.move_complaint(k.id, &resolve).unwrap();
    assert_eq!(
        db.list_open_reminders(c).unwrap()[0].due_on,
        db.today() + Days::new(7)
    );
    let err = db
        .set_complaint_settings(ComplaintSettings {
            response_hours: 0,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "responseHours");
    assert_eq!(db.complaint_settings().unwrap().follow_up_days, 7);
}

#[test]
fn any_interaction_moves_the_contact_cycle_and_the_clock_may_go_back() {
    let (_dir, db, clock) = temp_db();
    let c = db
        .create_customer(&CustomerInput {
            name: "周九".into(),
            contact_cycle_days: "7".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let states = |db: &clientele_core::Db| -> Vec<CycleState> {
        db.today_overview()
            .unwrap()
            .contacts
            .iter()
            .map(|d| d.state)
            .collect()
    };
    assert!(states(&db).is_empty(), "just added: not due");
    clock.advance(Duration::days(7));
    assert_eq!(states(&db), vec![CycleState::Due]);
    clock.advance(Duration::days(7));
    assert_eq!(states(&db), vec![CycleState::Overdue]);

    let call = db
        .add_interaction(
            c,
            &InteractionInput {
                kind: "call".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(states(&db).is_empty(), "talked to today");

    // Trashing that call brings the cycle back; restoring it moves it on again.
    db.trash_interaction(call.id).unwrap();
    assert_eq!(states(&db), vec![CycleState::Overdue]);
    db.restore_interaction(call.id).unwrap();
    assert!(states(&db).is_empty());

    // The clock set back a month: nothing is due, nothing breaks.
    clock.advance(-Duration::days(45));
    assert!(states(&db).is_empty());
    assert_eq!(
        db.today_overview().unwrap().recent.len(),
        0,
        "the call is in the future now"
    );
}
