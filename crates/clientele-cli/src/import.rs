//! `clientele-cli import …`: import customers from a spreadsheet or CSV (or
//! just show what would happen), list past imports, undo one.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use clientele_core::import::{
    ImportField, ImportOptions, ImportPreview, ImportSummary, OnDuplicate,
};
use clientele_core::{Db, Error, FieldError};

use crate::print_json;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    action: Option<ImportAction>,
    /// The file: .xlsx, .xls, .ods or .csv
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// The sheet to read (default: the one that looks like a customer list)
    #[arg(long)]
    sheet: Option<String>,
    /// The row holding the headers, counted as in the spreadsheet (default: found)
    #[arg(long, value_name = "ROW")]
    header_row: Option<u32>,
    /// Send a column to a field: COLUMN is its header, letter (C) or number
    /// (3); FIELD is name, phones, email, address, company, birthday, gender,
    /// source, tags, contactCycleDays, notes or skip. Repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// A row whose phone or email is already known: skip it, update that
    /// customer, or add it anyway
    #[arg(long, value_enum, default_value_t = Duplicates::Skip)]
    on_duplicate: Duplicates,
    /// Read 05/01/2024 as 5 January (default: May 1)
    #[arg(long)]
    day_first: bool,
    /// Show what would happen and change nothing
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ImportAction {
    /// Take an import back as one batch
    Undo {
        batch: i64,
        #[arg(long)]
        json: bool,
    },
    /// Past imports, newest first
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Duplicates {
    Skip,
    Update,
    Add,
}

pub fn run(db: &Db, args: ImportArgs) -> Result<(), Error> {
    match args.action {
        Some(ImportAction::Undo { batch, json }) => {
            let r = db.undo_import(batch)?;
            if json {
                print_json(&r);
            } else {
                println!(
                    "import {batch} undone: {} removed, {} moved to the trash (changed since), \
                     {} restored, {} left as edited since",
                    r.removed, r.trashed, r.restored, r.kept
                );
            }
        }
        Some(ImportAction::List { json }) => {
            let list = db.list_imports()?;
            if json {
                print_json(&list);
            }
            for b in list.iter().filter(|_| !json) {
                println!(
                    "{}\t{}\t{}\tadded {}, updated {}, skipped {}, failed {}{}",
                    b.id,
                    b.imported_at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M"),
                    b.file_name,
                    b.added,
                    b.updated,
                    b.skipped,
                    b.failed,
                    if b.undone_at.is_some() {
                        "\t(undone)"
                    } else {
                        ""
                    }
                );
            }
        }
        None => {
            let file = args.file.clone().expect("clap requires FILE");
            let options = options(db, &file, &args)?;
            if args.dry_run {
                let s = db.dry_run_import(&file, &options)?;
                if args.json {
                    print_json(&s);
                } else {
                    let p = db.preview_import(&file, &options)?;
                    print_layout(&p);
                    println!(
                        "would add {}, update {}, skip {}; {} row(s) with errors",
                        s.added, s.updated, s.skipped, s.failed
                    );
                    print_rows(&s);
                }
                return Ok(());
            }
            // Progress on stderr, so a long import shows it is alive.
            let report = db.import(&file, &options, &mut |done, total| {
                eprintln!("imported {done}/{total}");
            })?;
            if args.json {
                print_json(&report);
            } else {
                let s = &report.summary;
                println!(
                    "import {}: added {}, updated {}, skipped {}; {} row(s) with errors not imported",
                    report.batch_id, s.added, s.updated, s.skipped, s.failed
                );
                print_rows(s);
                println!("undo with: clientele-cli import undo {}", report.batch_id);
            }
        }
    }
    Ok(())
}

/// The options from the flags, with `--map` applied over the guessed columns.
fn options(db: &Db, file: &Path, args: &ImportArgs) -> Result<ImportOptions, Error> {
    let mut options = ImportOptions {
        sheet: args.sheet.clone(),
        header_row: args.header_row,
        columns: None,
        day_first: args.day_first,
        on_duplicate: match args.on_duplicate {
            Duplicates::Skip => OnDuplicate::Skip,
            Duplicates::Update => OnDuplicate::Update,
            Duplicates::Add => OnDuplicate::Add,
        },
    };
    if args.map.is_empty() {
        return Ok(options);
    }
    let preview = db.preview_import(file, &options)?;
    let mut columns: Vec<ImportField> = preview.columns.iter().map(|c| c.field).collect();
    for m in &args.map {
        let bad = |rule: &str| Error::Validation(vec![FieldError::new("map", rule)]);
        let (column, field) = m.rsplit_once('=').ok_or_else(|| bad("invalid"))?;
        let field = ImportField::parse(field).ok_or_else(|| bad("invalid"))?;
        let column = column.trim();
        let index = preview
            .columns
            .iter()
            .position(|c| c.header.trim().eq_ignore_ascii_case(column))
            .or_else(|| {
                preview
                    .columns
                    .iter()
                    .position(|c| c.letter.eq_ignore_ascii_case(column))
            })
            .or_else(|| column.parse::<usize>().ok().and_then(|n| n.checked_sub(1)))
            .filter(|i| *i < columns.len())
            .ok_or_else(|| bad("noSuchColumn"))?;
        columns[index] = field;
    }
    options.columns = Some(columns);
    Ok(options)
}

fn print_layout(p: &ImportPreview) {
    println!(
        "{}: sheet {}, headers on row {}, {} row(s) to read",
        p.file_name, p.sheet, p.header_row, p.data_rows
    );
    for c in &p.columns {
        println!("  {} {} → {}", c.letter, c.header, c.field.as_str());
    }
}

fn print_rows(s: &ImportSummary) {
    for i in &s.issues {
        println!(
            "row {}: {} ({:?})",
            i.row,
            FieldError::new(&i.field, &i.rule),
            i.value
        );
    }
    for d in &s.duplicates {
        let of = match d.earlier_row {
            Some(r) => format!("row {r}"),
            None => format!("customer {}", d.customer_id.unwrap_or_default()),
        };
        println!(
            "row {}: {} has the same {} as {of} ({})",
            d.row, d.name, d.matched_on, d.customer_name
        );
    }
    let unlisted = s.duplicates_total as usize - s.duplicates.len();
    if unlisted > 0 {
        println!("… and {unlisted} more duplicate(s)");
    }
    if s.issues.len() >= clientele_core::import::LISTED {
        println!("(only the first {} problems are listed)", s.issues.len());
    }
}
