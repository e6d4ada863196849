//! `clientele-cli bulk add-tags|remove-tags|cycle|trash` on customers picked
//! by `--id` or matched by `--search`/`--tag` (or `--all`), and `bulk undo
//! BATCH`, `bulk list`: the customer list's bulk bar, for scripts.

use chrono::Local;
use clap::{Args, Subcommand};
use clientele_core::bulk::{BulkAction, BulkChange, BulkKind, CustomerSelection};
use clientele_core::{Db, Error, FieldError};

use crate::Filter;

#[derive(Subcommand)]
pub enum BulkCommand {
    /// Add tags to the selected customers; prints the change's id (for undo)
    AddTags {
        #[arg(required = true)]
        tags: Vec<String>,
        #[command(flatten)]
        select: Select,
    },
    /// Remove tags from the selected customers; prints the change's id
    RemoveTags {
        #[arg(required = true)]
        tags: Vec<String>,
        #[command(flatten)]
        select: Select,
    },
    /// Set the contact cycle in days, or `none` to clear it; prints the change's id
    Cycle {
        days: String,
        #[command(flatten)]
        select: Select,
    },
    /// Move the selected customers to the trash; prints the change's id
    Trash {
        #[command(flatten)]
        select: Select,
    },
    /// Take a bulk change back (customers changed since are left as they are)
    Undo { batch: i64 },
    /// Past bulk changes, newest first
    List {
        #[arg(long)]
        json: bool,
    },
}

/// Which customers: `--id` (repeat), or all matching the filter (`--all` when
/// there is no filter, so a slip never changes everyone), minus `--except`.
#[derive(Args)]
pub struct Select {
    /// These customers (repeat for several)
    #[arg(long = "id", conflicts_with_all = ["search", "tag", "all", "except"])]
    ids: Vec<i64>,
    #[command(flatten)]
    filter: Filter,
    /// Every live customer (needed when there is no --id, --search or --tag)
    #[arg(long)]
    all: bool,
    /// Leave these out of the matching customers (repeat for several)
    #[arg(long)]
    except: Vec<i64>,
}

impl Select {
    fn selection(&self) -> Result<CustomerSelection, Error> {
        if !self.ids.is_empty() {
            return Ok(CustomerSelection::ids(&self.ids));
        }
        let filtered = !self.filter.search.trim().is_empty() || self.filter.tag.is_some();
        if !filtered && !self.all {
            return Err(Error::Validation(vec![FieldError::new(
                "selection (--id, --search, --tag or --all)",
                "required",
            )]));
        }
        Ok(CustomerSelection::matching(
            self.filter.query(false),
            &self.except,
        ))
    }
}

pub fn run(db: &Db, command: BulkCommand) -> Result<(), Error> {
    let (select, action) = match command {
        BulkCommand::Undo { batch } => {
            let r = db.undo_bulk(batch)?;
            println!("{}", r.restored);
            eprintln!(
                "{} customer(s) restored, {} changed since and kept, {} deleted since",
                r.restored, r.kept, r.gone
            );
            return Ok(());
        }
        BulkCommand::List { json } => {
            let all = db.list_bulk_changes()?;
            if json {
                crate::print_json(&all);
            } else {
                for c in &all {
                    println!("{}", list_line(c));
                }
            }
            return Ok(());
        }
        BulkCommand::AddTags { tags, select } => (select, BulkAction::AddTags { tags }),
        BulkCommand::RemoveTags { tags, select } => (select, BulkAction::RemoveTags { tags }),
        BulkCommand::Cycle { days, select } => {
            let days = if days.trim().eq_ignore_ascii_case("none") {
                String::new()
            } else {
                days
            };
            (select, BulkAction::SetContactCycle { days })
        }
        BulkCommand::Trash { select } => (select, BulkAction::Trash),
    };
    let r = db.bulk_change(&select.selection()?, &action)?;
    match r.batch_id {
        Some(id) => println!("{id}"),
        None => println!(),
    }
    eprintln!(
        "{} of {} selected customer(s) changed",
        r.changed, r.selected
    );
    Ok(())
}

fn list_line(c: &BulkChange) -> String {
    let what = match c.kind {
        BulkKind::AddTags => format!("add tags {}", c.tags.join(", ")),
        BulkKind::RemoveTags => format!("remove tags {}", c.tags.join(", ")),
        BulkKind::SetContactCycle => match c.contact_cycle_days {
            Some(d) => format!("contact cycle {d} days"),
            None => "clear contact cycle".into(),
        },
        BulkKind::Trash => "move to trash".into(),
    };
    format!(
        "{}\t{}\t{}\t{} customer(s){}",
        c.id,
        c.made_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        what,
        c.customers,
        if c.undone_at.is_some() {
            "\tundone"
        } else {
            ""
        }
    )
}
