//! The demo on real SQLite files: the same seed gives the same data, the date
//! only moves it, every row is one the app could have written, and every state
//! the screens show is there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Local, NaiveDate, TimeZone, Utc};
use clientele_core::complaints::{allowed, ComplaintFilter, ComplaintStatus};
use clientele_core::contact_cycle::local_date;
use clientele_core::demo::{DemoSize, DEFAULT_INTERACTIONS_PER_CUSTOMER};
use clientele_core::interactions::validate_interaction;
use clientele_core::model::{InteractionInput, InteractionKind};
use clientele_core::Db;
use rusqlite::types::Value;

/// 18:00 on `date` in the owner's time zone: the same hour of their day
/// whatever the date, so that only the date differs between two demos.
fn evening(date: NaiveDate) -> DateTime<Utc> {
    let t = date.and_hms_opt(18, 0, 0).unwrap();
    Local.from_local_datetime(&t).earliest().unwrap().to_utc()
}

fn demo_at(
    now: DateTime<Utc>,
    size: DemoSize,
    seed: u64,
) -> (tempfile::TempDir, Db, clientele_core::demo::DemoReport) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_with_clock(&dir.path().join("demo.db"), Arc::new(move || now)).unwrap();
    let report = db.insert_demo_sized(size, seed).unwrap();
    (dir, db, report)
}

fn rows(db: &Db, sql: &str) -> Vec<Vec<Value>> {
    db.read(|c| {
        let mut stmt = c.prepare(sql)?;
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })
    .unwrap()
}

fn text(v: &Value) -> &str {
    match v {
        Value::Text(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text(v)).unwrap().to_utc()
}

const TABLES: &[&str] = &[
    "customers",
    "customer_tags",
    "tags",
    "customer_search",
    "interactions",
    "customer_contact",
    "complaints",
    "complaint_steps",
    "reminders",
];

fn everything(db: &Db) -> Vec<Vec<Vec<Value>>> {
    TABLES
        .iter()
        .map(|t| rows(db, &format!("SELECT * FROM {t} ORDER BY 1, 2")))
        .collect()
}

const SMALL: DemoSize = DemoSize {
    customers: 60,
    interactions: 700,
};

#[test]
fn same_seed_same_data_and_the_date_only_moves_it() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let (_a, a, report) = demo_at(now, SMALL, 7);
    let (_b, b, _) = demo_at(now, SMALL, 7);
    assert_eq!(everything(&a), everything(&b));
    let (_c, c, _) = demo_at(now, SMALL, 8);
    assert_ne!(everything(&a), everything(&c));

    // Made on another day: the same content, placed as far from that day.
    let later = evening(NaiveDate::from_ymd_opt(2027, 3, 9).unwrap());
    let (_d, d, moved) = demo_at(later, SMALL, 7);
    assert_eq!(moved, report);
    // Calls logged by monthly reminders keep to calendar months, which are
    // not all as long: for those the day may differ, not the rest.
    let interactions = |db: &Db, now: DateTime<Utc>| -> Vec<_> {
        rows(
            db,
            "SELECT customer_id, kind, summary, amount_cents, items,
                    id IN (SELECT interaction_id FROM reminders WHERE repeat_unit = 'month'),
                    occurred_at
             FROM interactions ORDER BY id",
        )
        .into_iter()
        .map(|mut r| {
            let at = time(&r.pop().unwrap()).with_timezone(&Local);
            let monthly = r[5] == Value::Integer(1);
            let days_before = (!monthly).then(|| (local_date(now) - at.date_naive()).num_days());
            (r, days_before, at.time())
        })
        .collect()
    };
    assert_eq!(interactions(&a, now), interactions(&d, later));
    let content = [
        "SELECT customer_id, channel, category, severity, description, status, remedy,
                remedy_note, cause_summary FROM complaints ORDER BY id",
        "SELECT complaint_id, from_status, to_status, note FROM complaint_steps ORDER BY id",
        "SELECT customer_id, complaint_id, note, repeat_rule, repeat_every, repeat_unit,
                done_at IS NULL, deleted_at IS NULL, interaction_id FROM reminders ORDER BY id",
        "SELECT * FROM customers ORDER BY id",
    ];
    for sql in content {
        assert_eq!(rows(&a, sql), rows(&d, sql), "{sql}");
    }
}

#[test]
fn every_interaction_is_valid_and_in_the_past_year_in_shop_hours() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let (_dir, db, report) = demo_at(now, SMALL, 3);
    assert_eq!(report.customers, 60);
    assert_eq!(report.interactions, 700, "the total asked for, exactly");

    let all = rows(
        &db,
        "SELECT kind, occurred_at, summary, amount_cents, items, created_at,
                id IN (SELECT interaction_id FROM reminders) FROM interactions",
    );
    assert_eq!(all.len(), 700);
    let mut kinds = BTreeSet::new();
    let mut chinese = 0;
    for r in &all {
        let at = time(&r[1]);
        let amount = match r[3] {
            Value::Integer(c) => format!("{}.{:02}", c / 100, c % 100),
            _ => String::new(),
        };
        let input = InteractionInput {
            kind: text(&r[0]).into(),
            occurred_at: at.to_rfc3339(),
            summary: text(&r[2]).into(),
            amount,
            items: match &r[4] {
                Value::Text(s) => s.clone(),
                _ => String::new(),
            },
            refund: String::new(),
        };
        let v = validate_interaction(&input, now).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        kinds.insert(v.kind.as_str());
        if v.kind == InteractionKind::Purchase {
            assert!(
                v.amount_cents.unwrap() > 0 && v.items.is_some(),
                "{input:?}"
            );
        }
        assert!(at <= now && at > now - Duration::days(367), "{at}");
        let logged_by_a_reminder = r[6] == Value::Integer(1);
        if !logged_by_a_reminder {
            assert_eq!(time(&r[5]), at, "logged when it happened");
            let hour = at.with_timezone(&Local).format("%H").to_string();
            assert!(("08".."21").contains(&hour.as_str()), "{at}");
        }
        chinese += usize::from(!text(&r[2]).is_ascii() || !input.items.is_ascii());
    }
    assert_eq!(kinds.len(), InteractionKind::ALL.len(), "{kinds:?}");
    assert!(chinese * 3 > all.len() * 2, "mostly Chinese: {chinese}");
    let recent = all
        .iter()
        .filter(|r| time(&r[1]) > now - Duration::days(7))
        .count();
    assert!(recent > 0, "someone was in touch this week");
}

#[test]
fn complaints_in_every_state_each_moved_by_the_rules() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let (_dir, db, report) = demo_at(now, SMALL, 5);
    let all = db.list_complaints(&ComplaintFilter::default()).unwrap();
    assert_eq!(all.len(), report.complaints);
    let mut states = BTreeMap::new();
    let mut reopened = 0;
    for listed in &all {
        let c = db.get_complaint(listed.id).unwrap();
        *states.entry(c.status.as_str()).or_insert(0) += 1;
        assert!(!c.description.is_empty() && !c.channel.is_empty());
        let first = &c.steps[0];
        assert_eq!((first.from_status, first.at), (None, c.received_at));
        for pair in c.steps.windows(2) {
            assert_eq!(pair[1].from_status, Some(pair[0].to_status));
            assert!(allowed(pair[0].to_status, pair[1].to_status));
            assert!(pair[0].at <= pair[1].at, "steps in order: {c:?}");
            assert!(!pair[1].note.is_empty(), "every move has a note");
        }
        assert!(c.steps.last().unwrap().at <= now);
        assert_eq!(c.steps.last().unwrap().to_status, c.status);
        reopened += usize::from(
            c.steps
                .iter()
                .any(|s| s.to_status == ComplaintStatus::Open && s.from_status.is_some()),
        );
        match c.status {
            ComplaintStatus::Resolved => assert!(c.remedy.is_some() && c.remedy_note.is_some()),
            ComplaintStatus::Closed => {
                assert!(c.remedy.is_some());
                assert!(c.cause_summary.as_deref().is_some_and(|s| !s.is_empty()));
            }
            _ => {}
        }
    }
    assert_eq!(states.len(), 4, "{states:?}");
    assert!(reopened >= 2, "{reopened} reopened");
    assert!(all.iter().any(|c| c.response_overdue));
    assert!(all.iter().any(|c| c.resolution_overdue));
    assert!(all
        .iter()
        .any(|c| c.status == ComplaintStatus::Open && !c.response_overdue));
}

#[test]
fn reminders_of_every_kind_and_their_logs() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let today = local_date(now);
    let (_dir, db, report) = demo_at(now, SMALL, 9);
    let all = rows(
        &db,
        "SELECT due_on, repeat_rule, done_at, complaint_id, deleted_at, interaction_id, anchor_on
         FROM reminders",
    );
    assert_eq!(all.len(), report.reminders);
    let open = |r: &Vec<Value>| r[2] == Value::Null && r[4] == Value::Null;
    let due = |r: &Vec<Value>| text(&r[0]).parse::<NaiveDate>().unwrap();
    assert!(all.iter().any(|r| open(r) && due(r) < today), "overdue");
    assert!(all.iter().any(|r| open(r) && due(r) == today), "due today");
    assert!(all.iter().any(|r| open(r) && due(r) > today), "upcoming");
    assert!(all.iter().any(|r| !open(r) && r[2] != Value::Null), "done");
    for rule in ["fixed", "afterDone"] {
        let series: Vec<_> = all
            .iter()
            .filter(|r| r[1] == Value::Text(rule.into()))
            .collect();
        assert!(series.iter().any(|r| open(r)), "an open {rule} step");
        assert!(series.iter().any(|r| !open(r)), "a done {rule} step");
    }
    let follow_ups: Vec<_> = all.iter().filter(|r| r[3] != Value::Null).collect();
    assert!(
        follow_ups.iter().any(|r| r[2] != Value::Null),
        "a follow-up done"
    );
    assert!(follow_ups.iter().any(|r| open(r)), "a follow-up waiting");
    assert!(
        follow_ups.iter().any(|r| r[4] != Value::Null),
        "a reopened complaint's follow-up withdrawn"
    );
    for r in &all {
        assert!(due(r) >= text(&r[6]).parse::<NaiveDate>().unwrap());
        if r[2] != Value::Null {
            assert!(time(&r[2]) <= now);
        }
        // A done step's call is in the timeline at the moment it was done.
        if let Value::Integer(id) = r[5] {
            let at = rows(
                &db,
                &format!("SELECT occurred_at FROM interactions WHERE id = {id}"),
            );
            assert_eq!(time(&at[0][0]), time(&r[2]));
        }
    }

    let t = db.today_overview().unwrap();
    assert!(t.reminders_total > 0 && t.complaints_total > 0 && t.contacts_total > 0);
    assert!(!t.recent.is_empty());
}

#[test]
fn the_bulk_load_leaves_the_schema_and_last_contacts_as_the_app_keeps_them() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let (_dir, db, _) = demo_at(now, SMALL, 11);
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name";
    let fresh = Db::open_in_memory().unwrap();
    assert_eq!(rows(&db, schema), rows(&fresh, schema));
    // What the insert trigger would have kept, had it run for every row.
    let recount = "SELECT customer_id, max(occurred_at) FROM interactions
                   WHERE deleted_at IS NULL GROUP BY customer_id ORDER BY 1";
    let kept = "SELECT customer_id, last_contact_at FROM customer_contact ORDER BY 1";
    assert_eq!(rows(&db, kept), rows(&db, recount));

    // And the trigger is back: a new interaction moves the last contact.
    let c = db.add_interaction(
        1,
        &InteractionInput {
            kind: "call".into(),
            ..Default::default()
        },
    );
    let c = c.unwrap();
    let last = rows(
        &db,
        "SELECT last_contact_at FROM customer_contact WHERE customer_id = 1",
    );
    assert_eq!(time(&last[0][0]), c.occurred_at);
}

#[test]
fn the_interaction_count_is_obeyed_however_small() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for n in [0, 1, 3] {
        let size = DemoSize {
            customers: 20,
            interactions: n,
        };
        let (_dir, db, report) = demo_at(now, size, 1);
        assert_eq!(report.interactions, n);
        assert_eq!(
            rows(&db, "SELECT count(*) FROM interactions")[0][0],
            Value::Integer(n as i64)
        );
    }
}

#[test]
fn insert_demo_gives_each_customer_ten_interactions_on_average() {
    let now = evening(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_with_clock(&dir.path().join("d.db"), Arc::new(move || now)).unwrap();
    assert_eq!(db.insert_demo(30, 2).unwrap(), 30);
    let n = rows(&db, "SELECT count(*) FROM interactions")[0][0].clone();
    assert_eq!(
        n,
        Value::Integer(30 * DEFAULT_INTERACTIONS_PER_CUSTOMER as i64)
    );
    // Added to what is there, never replacing it.
    assert_eq!(db.insert_demo(30, 2).unwrap(), 30);
    let n = rows(&db, "SELECT count(*) FROM interactions")[0][0].clone();
    assert_eq!(
        n,
        Value::Integer(60 * DEFAULT_INTERACTIONS_PER_CUSTOMER as i64)
    );
}
