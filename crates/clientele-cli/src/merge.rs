//! `clientele-cli duplicates` and `clientele-cli merge …`: list likely
//! duplicates, merge customers (or preview a merge), list and undo merges.

use clap::{Args, Subcommand};
use clientele_core::duplicates::{Duplicates, EvidenceKind};
use clientele_core::merge::{MergeChoices, MergeRequest, FIELDS};
use clientele_core::not_duplicates::pairs_among;
use clientele_core::{Db, Error, FieldError};

use crate::print_json;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct MergeArgs {
    #[command(subcommand)]
    action: Option<MergeAction>,
    /// The customer to keep
    #[arg(required = true)]
    keep: Option<i64>,
    /// The customers merged into it (their records move to it)
    #[arg(required = true)]
    others: Vec<i64>,
    /// Take a field from another of the customers: FIELD is name, email,
    /// address, company, birthday, gender, source or contactCycleDays.
    /// Repeatable. Default: the kept customer's value, else the first one.
    #[arg(long = "take", value_name = "FIELD=ID")]
    take: Vec<String>,
    /// Show the merged customer and change nothing
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum MergeAction {
    /// Take a merge back: the merged customers and their records return
    Undo {
        batch: i64,
        #[arg(long)]
        json: bool,
    },
    /// Recent merges, newest first
    List {
        #[arg(long)]
        json: bool,
    },
}

/// The `--take` options as choices; a broken one is a field error on `take`.
fn choices(take: &[String]) -> Result<MergeChoices, Error> {
    let mut c = MergeChoices::default();
    for t in take {
        let parsed = t
            .split_once('=')
            .and_then(|(f, id)| Some((f.trim(), id.trim().parse::<i64>().ok()?)));
        let Some((field, id)) = parsed.filter(|(f, _)| FIELDS.contains(f)) else {
            return Err(Error::Validation(vec![FieldError::new("take", "invalid")]));
        };
        let target = match field {
            "name" => &mut c.name,
            "email" => &mut c.email,
            "address" => &mut c.address,
            "company" => &mut c.company,
            "birthday" => &mut c.birthday,
            "gender" => &mut c.gender,
            "source" => &mut c.source,
            _ => &mut c.contact_cycle_days,
        };
        *target = Some(id);
    }
    Ok(c)
}

pub fn run(db: &Db, args: MergeArgs) -> Result<(), Error> {
    match args.action {
        Some(MergeAction::Undo { batch, json }) => {
            let r = db.undo_merge(batch)?;
            if json {
                print_json(&r);
            } else {
                println!(
                    "merge {batch} undone: {} customer(s) back, {} record(s) moved back{}",
                    r.customers_back,
                    r.moved_back,
                    if r.kept_restored {
                        ""
                    } else {
                        "; the kept customer keeps their details (edited since the merge)"
                    }
                );
            }
        }
        Some(MergeAction::List { json }) => {
            let list = db.recent_merges(100)?;
            if json {
                print_json(&list);
            }
            for m in list.iter().filter(|_| !json) {
                let merged: Vec<String> = m
                    .merged
                    .iter()
                    .map(|c| format!("{} (#{})", c.name, c.id))
                    .collect();
                println!(
                    "{}\t{}\tkept {} (#{})\tmerged {}\t{} record(s){}",
                    m.id,
                    m.made_at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M"),
                    m.kept.name,
                    m.kept.id,
                    merged.join(", "),
                    m.moved,
                    if m.undone_at.is_some() {
                        "\t(undone)"
                    } else {
                        ""
                    }
                );
            }
        }
        None => {
            let req = MergeRequest {
                keep: args.keep.expect("clap requires KEEP"),
                others: args.others,
                choices: choices(&args.take)?,
            };
            if args.dry_run {
                let p = db.merge_preview(&req)?;
                if args.json {
                    print_json(&p);
                    return Ok(());
                }
                for f in &p.fields {
                    let at = p
                        .customers
                        .iter()
                        .position(|c| c.customer.id == f.chosen)
                        .unwrap_or(0);
                    println!(
                        "{:<17}{} (from #{})",
                        format!("{}:", f.field),
                        f.values[at],
                        f.chosen
                    );
                }
                println!("{:<17}{}", "phones:", p.phones.join(", "));
                println!("{:<17}{}", "tags:", p.tags.join(", "));
                let moving: u32 = p.customers[1..]
                    .iter()
                    .map(|c| c.interactions + c.complaints + c.reminders + c.surveys)
                    .sum();
                println!("would move {moving} record(s) to #{}", p.keep);
                if !p.notes.is_empty() {
                    println!("notes:\n{}", p.notes);
                }
            } else {
                let done = db.merge_customers(&req)?;
                if args.json {
                    print_json(&done);
                } else {
                    println!(
                        "merged into #{} {} as merge {}; {} record(s) moved \
                         (undo: clientele-cli merge undo {})",
                        done.customer.id,
                        done.customer.name,
                        done.batch_id,
                        done.moved,
                        done.batch_id
                    );
                }
            }
        }
    }
    Ok(())
}

/// `clientele-cli duplicates`: each group, its customers and its evidence.
/// Marks `ids` as different people, or (`undo`) takes every such mark among them back.
pub fn not_same(db: &Db, ids: &[i64], undo: bool) -> Result<(), Error> {
    if undo {
        db.unmark_not_duplicates(&pairs_among(ids))?;
        println!("customers {} may be grouped again", list_ids(ids));
    } else {
        let added = db.mark_not_duplicates(ids)?;
        println!(
            "customers {} are different people ({} pair(s) newly marked)",
            list_ids(ids),
            added.len()
        );
    }
    Ok(())
}

fn list_ids(ids: &[i64]) -> String {
    ids.iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn duplicates(db: &Db, json: bool) -> Result<(), Error> {
    let found: Duplicates = db.find_duplicates()?;
    if json {
        print_json(&found);
        return Ok(());
    }
    for (i, g) in found.groups.iter().enumerate() {
        println!("group {}:", i + 1);
        for c in &g.customers {
            println!(
                "  {}\t{}\t{}\t{}\t{} interaction(s)",
                c.id,
                c.name,
                c.phones.join(", "),
                c.email.as_deref().unwrap_or(""),
                c.interactions
            );
        }
        for e in &g.evidence {
            let why = match e.kind {
                EvidenceKind::SamePhone => "same phone",
                EvidenceKind::SameEmail => "same email",
                EvidenceKind::SimilarPhone => "same name, similar phones",
            };
            let ids: Vec<String> = e.customer_ids.iter().map(|id| format!("#{id}")).collect();
            println!("  {why}: {} ({})", e.values.join(" / "), ids.join(", "));
        }
    }
    println!(
        "{} group(s) among {} customer(s)",
        found.groups.len(),
        found.checked
    );
    Ok(())
}
