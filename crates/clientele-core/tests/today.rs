//! The Today screen's sections on a real SQLite file.

mod common;

use chrono::{Datelike, Days, Duration, NaiveDate};
use clientele_core::complaints::{ComplaintInput, ComplaintMove};
use clientele_core::model::{CustomerInput, InteractionInput};
use clientele_core::reminders::ReminderInput;
use clientele_core::today::SECTION_LIMIT;
use common::{customer, temp_db};

fn born(name: &str, birthday: NaiveDate) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        birthday: birthday.to_string(),
        ..Default::default()
    }
}

#[test]
fn birthdays_in_the_next_seven_days_with_the_age_they_turn() {
    let (_dir, db, _clock) = temp_db();
    let today = db.today();
    let in_3 = today + Days::new(3);
    let a = db
        .create_customer(&born("三天后", in_3.with_year(1990).unwrap()))
        .unwrap();
    db.create_customer(&born("今天", today.with_year(2000).unwrap()))
        .unwrap();
    db.create_customer(&born(
        "下个月",
        (today + Days::new(30)).with_year(1990).unwrap(),
    ))
    .unwrap();
    let gone = db
        .create_customer(&born("回收站", today.with_year(1980).unwrap()))
        .unwrap();
    db.trash_customer(gone.id).unwrap();

    let t = db.today_overview().unwrap();
    let names: Vec<&str> = t
        .birthdays
        .iter()
        .map(|b| b.customer_name.as_str())
        .collect();
    assert_eq!(names, vec!["今天", "三天后"]);
    let b = &t.birthdays[1];
    assert_eq!((b.customer_id, b.on, b.days_until), (a.id, in_3, 3));
    assert_eq!(b.age, (in_3.year() - 1990) as u32);
}

#[test]
fn open_complaints_overdue_first_and_resolved_ones_gone() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("吴十")).unwrap().id;
    let input = |d: &str| ComplaintInput {
        category: "delivery".into(),
        description: d.into(),
        ..Default::default()
    };
    let old = db.record_complaint(c, &input("旧的")).unwrap();
    clock.advance(Duration::hours(30));
    let new = db.record_complaint(c, &input("新的")).unwrap();
    let done = db.record_complaint(c, &input("已解决")).unwrap();
    db.move_complaint(
        done.id,
        &ComplaintMove {
            to: "resolved".into(),
            remedy: "apology".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let t = db.today_overview().unwrap();
    let ids: Vec<i64> = t.complaints.iter().map(|k| k.id).collect();
    assert_eq!(ids, vec![old.id, new.id]);
    assert!(t.complaints[0].response_overdue);
    assert!(!t.complaints[1].response_overdue);
    assert_eq!(t.complaints_total, 2);
    // The follow-up of the resolved one is due in three days, not today.
    assert_eq!(t.reminders_total, 0);
    assert_eq!(t.due_count(), 2);
}

#[test]
fn recently_contacted_lists_each_customer_once_newest_first() {
    let (_dir, db, clock) = temp_db();
    let a = db.create_customer(&customer("甲")).unwrap().id;
    let b = db.create_customer(&customer("乙")).unwrap().id;
    let log = |id: i64| {
        db.add_interaction(
            id,
            &InteractionInput {
                kind: "visit".into(),
                ..Default::default()
            },
        )
        .unwrap()
    };
    log(a);
    clock.advance(Duration::hours(1));
    log(b);
    clock.advance(Duration::hours(1));
    log(a);
    let recent: Vec<String> = db
        .today_overview()
        .unwrap()
        .recent
        .into_iter()
        .map(|r| r.customer_name)
        .collect();
    assert_eq!(recent, vec!["甲", "乙"]);
    clock.advance(Duration::days(8));
    assert!(db.today_overview().unwrap().recent.is_empty());
}

#[test]
fn long_sections_are_cut_but_their_totals_are_true() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("很多提醒")).unwrap().id;
    let today = db.today();
    for i in 0..(SECTION_LIMIT + 5) {
        db.add_reminder(
            c,
            &ReminderInput {
                due_on: today.to_string(),
                note: format!("#{i}"),
                ..Default::default()
            },
        )
        .unwrap();
    }
    db.add_reminder(
        c,
        &ReminderInput {
            due_on: (today + Days::new(1)).to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    let t = db.today_overview().unwrap();
    assert_eq!(t.reminders.len(), SECTION_LIMIT);
    assert_eq!(t.reminders_total as usize, SECTION_LIMIT + 5);
    clock.advance(Duration::days(1));
    assert_eq!(
        db.today_overview().unwrap().reminders_total as usize,
        SECTION_LIMIT + 6
    );
}

/// Contact cycles and birthdays come from one pass over the customers, and
/// each section leaves out the trash its own way: all checked together.
#[test]
fn every_section_leaves_out_customers_in_the_trash() {
    let (_dir, db, clock) = temp_db();
    let today = db.today();
    let person = |name: &str, cycle: &str, birthday: NaiveDate| CustomerInput {
        name: name.into(),
        contact_cycle_days: cycle.into(),
        birthday: birthday.to_string(),
        ..Default::default()
    };
    let far = (today + Days::new(100)).with_year(1980).unwrap();
    let soon = (today + Days::new(2)).with_year(1980).unwrap();
    let kept = db.create_customer(&person("留下", "7", soon)).unwrap().id;
    let gone = db.create_customer(&person("删掉", "7", soon)).unwrap().id;
    // A birthday and no cycle; a cycle and a birthday months away.
    db.create_customer(&person("只过生日", "", soon)).unwrap();
    db.create_customer(&person("只有周期", "7", far)).unwrap();
    for id in [kept, gone] {
        db.add_reminder(
            id,
            &ReminderInput {
                due_on: today.to_string(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    clock.advance(Duration::days(20));
    for id in [kept, gone] {
        db.add_interaction(
            id,
            &InteractionInput {
                kind: "call".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    clock.advance(Duration::days(8));
    let names = |t: &clientele_core::today::Today| {
        let contacts: Vec<String> = t.contacts.iter().map(|c| c.customer_name.clone()).collect();
        let birthdays: Vec<String> = t
            .birthdays
            .iter()
            .map(|b| b.customer_name.clone())
            .collect();
        (contacts, birthdays)
    };

    let t = db.today_overview().unwrap();
    assert_eq!((t.reminders_total, t.contacts_total), (2, 3));
    let (mut contacts, birthdays) = names(&t);
    contacts.sort();
    assert_eq!(contacts, ["删掉", "只有周期", "留下"]);
    assert!(birthdays.is_empty(), "28 days on: past the window");

    db.trash_customer(gone).unwrap();
    let t = db.today_overview().unwrap();
    assert_eq!((t.reminders_total, t.contacts_total), (1, 2));
    assert_eq!(t.reminders.len(), 1);
    assert!(names(&t).0.iter().all(|n| n != "删掉"));

    // Back to two days before the birthdays, with the calls eight days old.
    let (_dir, db, clock) = temp_db();
    let kept = db.create_customer(&person("留下", "7", soon)).unwrap().id;
    let gone = db.create_customer(&person("删掉", "7", soon)).unwrap().id;
    db.create_customer(&person("只过生日", "", soon)).unwrap();
    db.create_customer(&person("只有周期", "7", far)).unwrap();
    for id in [kept, gone] {
        db.add_interaction(
            id,
            &InteractionInput {
                kind: "visit".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    clock.advance(Duration::hours(1));
    db.trash_customer(gone).unwrap();
    let t = db.today_overview().unwrap();
    let (_, mut birthdays) = names(&t);
    birthdays.sort();
    assert_eq!(birthdays, ["只过生日", "留下"]);
    let recent: Vec<&str> = t.recent.iter().map(|r| r.customer_name.as_str()).collect();
    assert_eq!(recent, ["留下"]);
}
