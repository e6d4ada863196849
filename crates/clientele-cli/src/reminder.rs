//! `clientele-cli reminder …`: add, list, complete (logging the contact in the
//! same step) and snooze follow-up reminders.

use clap::{ArgGroup, Subcommand};
use clientele_core::labels;
use clientele_core::model::{InteractionInput, Lang};
use clientele_core::reminders::{Reminder, ReminderInput, Snooze};
use clientele_core::{Db, Error};

use crate::print_json;

#[derive(Subcommand)]
pub enum ReminderCommand {
    /// Add a reminder for a customer; prints its id
    Add {
        customer: i64,
        /// The day it is due: YYYY-MM-DD (today or later)
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "")]
        note: String,
        /// Recurring: `fixed` (keeps to the calendar) or `afterDone` (counts from the day done)
        #[arg(long, default_value = "")]
        repeat: String,
        /// Recurring: how many units apart
        #[arg(long, default_value = "", requires = "repeat")]
        every: String,
        /// Recurring: day, week or month
        #[arg(long, default_value = "", requires = "repeat")]
        unit: String,
    },
    /// A customer's open reminders, soonest first
    List {
        customer: i64,
        #[arg(long)]
        json: bool,
    },
    /// Mark a reminder done, optionally logging the contact it was for
    Done {
        id: i64,
        /// Log an interaction in the same step: visit, call, message, email, purchase or note
        #[arg(long)]
        log_kind: Option<String>,
        #[arg(long, default_value = "", requires = "log_kind")]
        log_summary: String,
        /// A purchase's amount, e.g. 128.50
        #[arg(long, default_value = "", requires = "log_kind")]
        log_amount: String,
        #[arg(long)]
        json: bool,
    },
    /// Move a reminder's due date on; prints the new date
    #[command(group(ArgGroup::new("when").required(true).args(["days", "until"])))]
    Snooze {
        id: i64,
        /// This many days from today (or from the due date, if that is later)
        #[arg(long)]
        days: Option<u32>,
        /// To this date: YYYY-MM-DD
        #[arg(long)]
        until: Option<String>,
    },
}

pub fn run(db: &Db, command: ReminderCommand) -> Result<(), Error> {
    match command {
        ReminderCommand::Add {
            customer,
            due,
            note,
            repeat,
            every,
            unit,
        } => {
            let input = ReminderInput {
                due_on: due,
                note,
                repeat_rule: repeat,
                repeat_every: every,
                repeat_unit: unit,
            };
            println!("{}", db.add_reminder(customer, &input)?.id);
        }
        ReminderCommand::List { customer, json } => {
            let open = db.list_open_reminders(customer)?;
            if json {
                print_json(&open);
            } else {
                for r in &open {
                    println!("{}", line(r));
                }
            }
        }
        ReminderCommand::Done {
            id,
            log_kind,
            log_summary,
            log_amount,
            json,
        } => {
            let log = log_kind.map(|kind| InteractionInput {
                kind,
                summary: log_summary,
                amount: log_amount,
                ..Default::default()
            });
            let done = db.complete_reminder(id, log.as_ref())?;
            if json {
                print_json(&done);
            } else {
                println!("reminder {} done", done.reminder.id);
                if let Some(next) = &done.next {
                    println!("next reminder {} due {}", next.id, next.due_on);
                }
                if let Some(i) = &done.interaction {
                    println!("interaction {} logged", i.id);
                }
            }
        }
        ReminderCommand::Snooze { id, days, until } => {
            let snooze = Snooze {
                days,
                until: until.unwrap_or_default(),
            };
            println!("{}", db.snooze_reminder(id, &snooze)?.due_on);
        }
    }
    Ok(())
}

/// `id  due  note (repeat)`, tab-separated.
fn line(r: &Reminder) -> String {
    format!("{}\t{}\t{}", r.id, r.due_on, describe(r))
}

/// The note's first line, and the schedule of a recurring one: `盘点 (Every 2 weeks)`.
pub fn describe(r: &Reminder) -> String {
    let note = r.note.lines().next().unwrap_or("");
    match (r.repeat, note) {
        (None, _) => note.to_string(),
        (Some(rep), "") => format!("({})", labels::repeat(rep, Lang::En)),
        (Some(rep), _) => format!("{note} ({})", labels::repeat(rep, Lang::En)),
    }
}
