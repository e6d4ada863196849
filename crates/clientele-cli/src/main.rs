//! `clientele-cli`: Clientele without a window, on the same core and database.
//!
//! Errors go to stderr with a non-zero exit: 2 for bad input (one line per
//! field), 1 for anything else.

mod backup;
mod bulk;
mod import;
mod insights;
mod merge;
mod reminder;
mod survey;
mod today;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clientele_core::complaints::{ComplaintInput, ComplaintMove};
use clientele_core::customers::for_each_customer;
use clientele_core::export::export_customers;
use clientele_core::model::{
    Customer, CustomerInput, CustomerQuery, InteractionInput, Lang, SortDir, SortField,
};
use clientele_core::paths::resolve_db_path;
use clientele_core::{ApiError, Db, Error};

#[derive(Parser)]
#[command(
    name = "clientele-cli",
    version,
    about = "Clientele (客户簿) from the command line"
)]
struct Cli {
    /// Database file (default: $CLIENTELE_DB, else the OS data folder)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add, list, show, edit, trash and restore customers
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Log and list interactions (visits, calls, messages, purchases, notes)
    #[command(subcommand)]
    Interaction(InteractionCommand),
    /// Record complaints and move them through their handling
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// Add, list, complete and snooze follow-up reminders
    #[command(subcommand)]
    Reminder(reminder::ReminderCommand),
    /// What needs doing today: reminders, contacts due, open complaints, birthdays
    Today {
        /// The whole overview as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Write customers (or, with --workbook, the whole book) to an .xlsx file
    Export(ExportArgs),
    /// Change many customers at once (add/remove tags, contact cycle, trash),
    /// each undoable: `bulk undo BATCH`, `bulk list`
    #[command(subcommand)]
    Bulk(bulk::BulkCommand),
    /// Import customers from .xlsx, .xls, .ods or .csv; `import list`, `import undo BATCH`
    Import(import::ImportArgs),
    /// Record satisfaction survey answers; list them and the dimensions asked about
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// Satisfaction, loyalty, drifting customers, RFM segments and the 80/20
    /// share for a period (--xlsx also writes the insights workbook)
    Insights {
        #[command(flatten)]
        args: insights::InsightsArgs,
        /// Language of names in the output and the workbook
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Groups of customers who are probably the same person, with why;
    /// `--not-same ID ID...` says some are different people (`--undo` takes it back)
    Duplicates {
        #[arg(long)]
        json: bool,
        /// These customers are different people: they are no longer grouped
        #[arg(long, value_name = "ID", num_args = 2..)]
        not_same: Vec<i64>,
        /// With --not-same: take that back
        #[arg(long, requires = "not_same")]
        undo: bool,
    },
    /// Merge customers into one: `merge KEEP OTHER...`; `merge list`, `merge undo BATCH`
    Merge(merge::MergeArgs),
    /// Back up the database into the backups folder (or --out FILE);
    /// `backup list` shows the backups
    Backup(backup::BackupArgs),
    /// Replace the data with a backup; the current data is backed up first
    Restore {
        /// Any Clientele database file (it is only read)
        file: PathBuf,
    },
    /// Fill the database with realistic, deterministic demo customers and
    /// their interactions, complaints and reminders (dated relative to today)
    Demo {
        #[arg(long, default_value_t = 100)]
        customers: usize,
        /// Interactions in total (default: 10 per customer)
        #[arg(long)]
        interactions: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum CustomerCommand {
    /// Add a customer; prints the new id
    Add(CustomerFields),
    /// List customers (all matching, in order)
    List {
        #[command(flatten)]
        filter: Filter,
        /// Show the trash instead
        #[arg(long)]
        trash: bool,
        /// At most this many
        #[arg(long)]
        limit: Option<usize>,
        /// One JSON array of customers
        #[arg(long)]
        json: bool,
    },
    /// Show one customer
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change some fields of a customer; fields not given stay as they are
    Edit {
        id: i64,
        #[command(flatten)]
        fields: EditFields,
    },
    /// Move a customer to the trash
    Delete { id: i64 },
    /// Bring a customer back from the trash
    Restore { id: i64 },
}

#[derive(Subcommand)]
enum InteractionCommand {
    /// Log an interaction; prints its id
    Add {
        #[arg(long)]
        customer: i64,
        /// visit, call, message, email, purchase or note
        #[arg(long)]
        kind: String,
        /// When: `2026-11-20 14:00` (local) or RFC 3339; default now
        #[arg(long, default_value = "")]
        at: String,
        #[arg(long, default_value = "")]
        summary: String,
        /// Purchases: the amount, e.g. 128.50
        #[arg(long, default_value = "")]
        amount: String,
        /// Purchases: what was bought
        #[arg(long, default_value = "")]
        items: String,
        /// Purchases: money given back, at most the amount
        #[arg(long, default_value = "")]
        refund: String,
    },
    /// A customer's interactions, newest first
    List {
        #[arg(long)]
        customer: i64,
        #[arg(long)]
        json: bool,
    },
    /// Move an interaction to the trash
    Delete { id: i64 },
}

#[derive(Subcommand)]
enum ComplaintCommand {
    /// Record a complaint; prints its id
    Add {
        #[arg(long)]
        customer: i64,
        /// productQuality, staffAttitude, promiseNotKept, delivery, price or other
        #[arg(long)]
        category: String,
        #[arg(long)]
        description: String,
        /// low, medium (default) or high
        #[arg(long, default_value = "")]
        severity: String,
        /// How it came in: in person, phone, message...
        #[arg(long, default_value = "")]
        channel: String,
        /// When it was received; default now
        #[arg(long, default_value = "")]
        at: String,
    },
    /// Move a complaint: open, inProgress, resolved (needs --remedy), closed (needs --summary)
    Move {
        id: i64,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        note: String,
        /// refund, replacement, discount, apology or other
        #[arg(long, default_value = "")]
        remedy: String,
        /// The cause, and what changes so it does not recur
        #[arg(long, default_value = "")]
        summary: String,
    },
    /// Show a complaint with its handling thread
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct CustomerFields {
    #[arg(long)]
    name: String,
    /// A phone number; repeat for several
    #[arg(long = "phone")]
    phones: Vec<String>,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    company: String,
    #[arg(long, default_value = "")]
    address: String,
    /// YYYY-MM-DD
    #[arg(long, default_value = "")]
    birthday: String,
    /// female, male or other
    #[arg(long, default_value = "")]
    gender: String,
    /// How they found the shop
    #[arg(long, default_value = "")]
    source: String,
    /// A tag; repeat for several
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Contact cycle in days
    #[arg(long, default_value = "")]
    cycle: String,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Args)]
struct EditFields {
    #[arg(long)]
    name: Option<String>,
    /// Replaces all phones; repeat for several
    #[arg(long = "phone")]
    phones: Option<Vec<String>>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    birthday: Option<String>,
    #[arg(long)]
    gender: Option<String>,
    #[arg(long)]
    source: Option<String>,
    /// Replaces all tags; repeat for several
    #[arg(long = "tag")]
    tags: Option<Vec<String>>,
    #[arg(long)]
    cycle: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Args)]
struct Filter {
    /// Words to find in name, phone, email, company, tags or notes
    #[arg(long, default_value = "")]
    search: String,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long, value_enum, default_value_t = Sort::Name)]
    sort: Sort,
    /// Newest / Z first
    #[arg(long)]
    desc: bool,
}

#[derive(Args)]
struct ExportArgs {
    /// The .xlsx file to write
    #[arg(long)]
    out: PathBuf,
    /// Everything in one workbook: customers, interactions, complaints, reminders
    /// (the list filters do not apply)
    #[arg(long, conflicts_with_all = ["search", "tag", "sort", "desc"])]
    workbook: bool,
    #[command(flatten)]
    filter: Filter,
    /// Header language (default: the app's language setting, else the OS locale)
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Name,
    Created,
    Updated,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    #[value(name = "zh-CN", alias = "zh")]
    Zh,
    #[value(name = "en")]
    En,
}

impl Filter {
    fn query(&self, trash: bool) -> CustomerQuery {
        CustomerQuery {
            search: self.search.clone(),
            tag: self.tag.clone(),
            sort: match self.sort {
                Sort::Name => SortField::Name,
                Sort::Created => SortField::Created,
                Sort::Updated => SortField::Updated,
            },
            dir: if self.desc {
                SortDir::Desc
            } else {
                SortDir::Asc
            },
            trash,
            ..Default::default()
        }
    }
}

impl From<CustomerFields> for CustomerInput {
    fn from(f: CustomerFields) -> Self {
        CustomerInput {
            name: f.name,
            phones: f.phones,
            email: f.email,
            address: f.address,
            company: f.company,
            birthday: f.birthday,
            gender: f.gender,
            source: f.source,
            tags: f.tags,
            contact_cycle_days: f.cycle,
            notes: f.notes,
        }
    }
}

impl EditFields {
    fn apply(self, mut input: CustomerInput) -> CustomerInput {
        macro_rules! set {
            ($($field:ident => $target:ident),*) => { $( if let Some(v) = self.$field { input.$target = v; } )* };
        }
        set!(name => name, phones => phones, email => email, company => company, address => address,
             birthday => birthday, gender => gender, source => source, tags => tags,
             cycle => contact_cycle_days, notes => notes);
        input
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let api = ApiError::from(&e);
            if api.fields.is_empty() {
                eprintln!("error: {}", api.message);
            } else {
                for f in &api.fields {
                    eprintln!("error: {f}");
                }
            }
            ExitCode::from(if matches!(e, Error::Validation(_)) {
                2
            } else {
                1
            })
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let db = Db::open(&resolve_db_path(cli.db)?)?;
    match cli.command {
        Command::Customer(CustomerCommand::Add(fields)) => {
            let c = db.create_customer(&fields.into())?;
            println!("{}", c.id);
        }
        Command::Customer(CustomerCommand::List {
            filter,
            trash,
            limit,
            json,
        }) => {
            let mut all = Vec::new();
            let limit = limit.unwrap_or(usize::MAX);
            db.read(|conn| {
                for_each_customer(conn, &filter.query(trash), |c| {
                    if all.len() < limit {
                        all.push(c);
                    }
                    Ok(())
                })
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&all).expect("customers serialise")
                );
            } else {
                for c in &all {
                    println!("{}", list_line(c));
                }
                eprintln!("{} customer(s)", all.len());
            }
        }
        Command::Customer(CustomerCommand::Show { id, json }) => {
            let c = db.get_customer(id)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&c).expect("customer serialises")
                );
            } else {
                print_customer(&c);
            }
        }
        Command::Customer(CustomerCommand::Edit { id, fields }) => {
            let current = db.get_customer(id)?;
            let c = db.update_customer(id, &fields.apply(CustomerInput::from(&current)))?;
            println!("{}", c.id);
        }
        Command::Customer(CustomerCommand::Delete { id }) => db.trash_customer(id)?,
        Command::Customer(CustomerCommand::Restore { id }) => db.restore_customer(id)?,
        Command::Interaction(InteractionCommand::Add {
            customer,
            kind,
            at,
            summary,
            amount,
            items,
            refund,
        }) => {
            let input = InteractionInput {
                kind,
                occurred_at: at,
                summary,
                amount,
                items,
                refund,
            };
            println!("{}", db.add_interaction(customer, &input)?.id);
        }
        Command::Interaction(InteractionCommand::List { customer, json }) => {
            let all = db.list_interactions(customer)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&all).expect("interactions serialise")
                );
            } else {
                for i in &all {
                    let amount = i
                        .amount_cents
                        .map(|c| format!("\t{}.{:02}", c / 100, c % 100))
                        .unwrap_or_default();
                    println!(
                        "{}\t{}\t{}\t{}{amount}",
                        i.id,
                        i.occurred_at
                            .with_timezone(&chrono::Local)
                            .format("%Y-%m-%d %H:%M"),
                        i.kind.as_str(),
                        i.summary.lines().next().unwrap_or("")
                    );
                }
            }
        }
        Command::Interaction(InteractionCommand::Delete { id }) => db.trash_interaction(id)?,
        Command::Complaint(ComplaintCommand::Add {
            customer,
            category,
            description,
            severity,
            channel,
            at,
        }) => {
            let input = ComplaintInput {
                received_at: at,
                channel,
                category,
                severity,
                description,
            };
            println!("{}", db.record_complaint(customer, &input)?.id);
        }
        Command::Complaint(ComplaintCommand::Move {
            id,
            to,
            note,
            remedy,
            summary,
        }) => {
            let m = ComplaintMove {
                to,
                note,
                remedy,
                cause_summary: summary,
                ..Default::default()
            };
            println!("{}", db.move_complaint(id, &m)?.status.as_str());
        }
        Command::Complaint(ComplaintCommand::Show { id, json }) => {
            let c = db.get_complaint(id)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&c).expect("complaint serialises")
                );
            } else {
                println!(
                    "#{} {} {} {}{}{}",
                    c.id,
                    c.status.as_str(),
                    c.category.as_str(),
                    c.severity.as_str(),
                    if c.response_overdue {
                        " response-overdue"
                    } else {
                        ""
                    },
                    if c.resolution_overdue {
                        " resolution-overdue"
                    } else {
                        ""
                    }
                );
                println!("{}", c.description);
                for s in &c.steps {
                    println!(
                        "  {}  {} → {}  {}",
                        s.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                        s.from_status.map(|f| f.as_str()).unwrap_or("-"),
                        s.to_status.as_str(),
                        s.note
                    );
                }
            }
        }
        Command::Survey(command) => survey::run(&db, resolve_lang(&db, None)?, command)?,
        Command::Insights { args, lang } => insights::run(&db, resolve_lang(&db, lang)?, args)?,
        Command::Export(args) => {
            let lang = resolve_lang(&db, args.lang)?;
            let truncated_cells = if args.workbook {
                let r = db.export_workbook(&args.out, lang)?;
                println!(
                    "{} customer(s), {} interaction(s), {} complaint(s), {} reminder(s) written to {}",
                    r.customers, r.interactions, r.complaints, r.reminders, r.path
                );
                r.truncated_cells
            } else {
                let r = export_customers(&db, &args.filter.query(false), lang, &args.out)?;
                println!("{} customer(s) written to {}", r.rows, r.path);
                r.truncated_cells
            };
            if truncated_cells > 0 {
                eprintln!(
                    "warning: {truncated_cells} cell(s) longer than Excel's 32,767-character limit were cut (marked in the file)"
                );
            }
        }
        Command::Reminder(command) => reminder::run(&db, command)?,
        Command::Import(args) => import::run(&db, args)?,
        Command::Duplicates { not_same, undo, .. } if !not_same.is_empty() => {
            merge::not_same(&db, &not_same, undo)?
        }
        Command::Duplicates { json, .. } => merge::duplicates(&db, json)?,
        Command::Merge(args) => merge::run(&db, args)?,
        Command::Bulk(command) => bulk::run(&db, command)?,
        Command::Backup(args) => backup::backup(&db, args)?,
        Command::Restore { file } => backup::restore(&db, file)?,
        Command::Today { json } => {
            let t = db.today_overview()?;
            if json {
                print_json(&t);
            } else {
                for line in today::render(&t) {
                    println!("{line}");
                }
            }
        }
        Command::Demo {
            customers,
            interactions,
            seed,
        } => {
            let mut size = clientele_core::demo::DemoSize::customers(customers);
            size.interactions = interactions.unwrap_or(size.interactions);
            let r = db.insert_demo_sized(size, seed)?;
            println!(
                "{} demo customer(s), {} interaction(s), {} complaint(s), {} reminder(s) added",
                r.customers, r.interactions, r.complaints, r.reminders
            );
        }
    }
    Ok(())
}

/// Prints a value as pretty JSON on stdout, for `--json`.
/// The language asked for, else the app's setting, else the OS locale.
fn resolve_lang(db: &Db, arg: Option<LangArg>) -> Result<Lang, Error> {
    Ok(match arg {
        Some(LangArg::Zh) => Lang::ZhCn,
        Some(LangArg::En) => Lang::En,
        None => db.language()?.unwrap_or_else(|| {
            sys_locale::get_locale()
                .map(|l| Lang::from_locale(&l))
                .unwrap_or(Lang::ZhCn)
        }),
    })
}

fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("core types serialise")
    );
}

fn list_line(c: &Customer) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        c.id,
        c.name,
        c.phones.join(", "),
        c.email.as_deref().unwrap_or(""),
        c.tags.join(", ")
    )
}

fn print_customer(c: &Customer) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    println!("id:            {}", c.id);
    println!("name:          {}", c.name);
    println!("phones:        {}", c.phones.join(", "));
    println!("email:         {}", opt(&c.email));
    println!("company:       {}", opt(&c.company));
    println!("address:       {}", opt(&c.address));
    println!(
        "birthday:      {}",
        c.birthday.map(|d| d.to_string()).unwrap_or_default()
    );
    println!(
        "gender:        {}",
        c.gender.map(|g| g.as_str()).unwrap_or("")
    );
    println!("source:        {}", opt(&c.source));
    println!("tags:          {}", c.tags.join(", "));
    println!(
        "contact cycle: {}",
        c.contact_cycle_days
            .map(|d| format!("{d} days"))
            .unwrap_or_default()
    );
    println!("created:       {}", c.created_at.to_rfc3339());
    println!("updated:       {}", c.updated_at.to_rfc3339());
    if let Some(d) = c.deleted_at {
        println!("in trash since {}", d.to_rfc3339());
    }
    if !c.notes.is_empty() {
        println!("notes:\n{}", c.notes);
    }
}
