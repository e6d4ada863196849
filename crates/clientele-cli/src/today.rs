//! `clientele-cli today`: the Today screen as text, one section per need,
//! or the whole `Today` as JSON for scripts.

use chrono::{DateTime, Local, Utc};
use clientele_core::contact_cycle::CycleState;
use clientele_core::today::Today;

use crate::reminder;

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// A blank line, then `Reminders due (3)`, or `(60, showing 50)` when the section is cut.
fn heading(out: &mut Vec<String>, title: &str, shown: usize, total: u32) {
    out.push(String::new());
    out.push(if shown as u32 == total {
        format!("{title} ({total})")
    } else {
        format!("{title} ({total}, showing {shown})")
    });
}

fn none_if_empty(out: &mut Vec<String>, shown: usize) {
    if shown == 0 {
        out.push("  none".into());
    }
}

/// The sections as lines of text.
pub fn render(t: &Today) -> Vec<String> {
    let mut out = vec![format!("Today {}", t.date)];

    heading(
        &mut out,
        "Reminders due",
        t.reminders.len(),
        t.reminders_total,
    );
    for r in &t.reminders {
        let late = (t.date - r.due_on).num_days();
        let late = if late > 0 {
            format!("\t{late} day(s) overdue")
        } else {
            String::new()
        };
        out.push(format!(
            "  #{}\t{}\t{}\t{}{late}",
            r.id,
            r.due_on,
            r.customer_name,
            reminder::describe(r)
        ));
    }
    none_if_empty(&mut out, t.reminders.len());

    heading(&mut out, "Contacts due", t.contacts.len(), t.contacts_total);
    for c in &t.contacts {
        let state = match c.state {
            CycleState::Overdue => "overdue",
            _ => "due",
        };
        out.push(format!(
            "  #{}\t{}\tevery {} days, last contact {}, due {} ({state}, {} day(s) past)",
            c.customer_id,
            c.customer_name,
            c.cycle_days,
            c.last_contact_at.map_or("never".into(), local),
            c.next_due_on,
            c.days_overdue
        ));
    }
    none_if_empty(&mut out, t.contacts.len());

    heading(
        &mut out,
        "Open complaints",
        t.complaints.len(),
        t.complaints_total,
    );
    for c in &t.complaints {
        let mut flags = String::new();
        if c.response_overdue {
            flags.push_str(" response-overdue");
        }
        if c.resolution_overdue {
            flags.push_str(" resolution-overdue");
        }
        out.push(format!(
            "  #{}\t{}\t{} {} {}{flags}\treceived {}",
            c.id,
            c.customer_name,
            c.status.as_str(),
            c.category.as_str(),
            c.severity.as_str(),
            local(c.received_at)
        ));
    }
    none_if_empty(&mut out, t.complaints.len());

    heading(
        &mut out,
        "Birthdays in the next 7 days",
        t.birthdays.len(),
        t.birthdays_total,
    );
    for b in &t.birthdays {
        let when = match b.days_until {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        out.push(format!(
            "  #{}\t{}\t{} {when}, turns {}",
            b.customer_id, b.customer_name, b.on, b.age
        ));
    }
    none_if_empty(&mut out, t.birthdays.len());

    let n = t.recent.len();
    heading(&mut out, "Recently contacted", n, n as u32);
    for r in &t.recent {
        let i = &r.interaction;
        out.push(format!(
            "  #{}\t{}\t{}\t{}\t{}",
            i.customer_id,
            r.customer_name,
            local(i.occurred_at),
            i.kind.as_str(),
            i.summary.lines().next().unwrap_or("")
        ));
    }
    none_if_empty(&mut out, t.recent.len());
    out
}
