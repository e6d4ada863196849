//! `clientele-cli backup [--out FILE]`, `backup list [--json]` and
//! `restore FILE`: the Settings screen's backups, for scripts and for a
//! shop with no window open.

use std::path::PathBuf;

use chrono::Local;
use clap::{Args, Subcommand};
use clientele_core::backup::{BackupInfo, BackupKind};
use clientele_core::{Db, Error};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    command: Option<BackupCommand>,
    /// Write the copy to this file instead of the backups folder
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Subcommand)]
enum BackupCommand {
    /// The backups in the backups folder, newest first
    List {
        /// One JSON array of backups
        #[arg(long)]
        json: bool,
    },
}

pub fn backup(db: &Db, args: BackupArgs) -> Result<(), Error> {
    match (args.command, args.out) {
        (Some(BackupCommand::List { json }), _) => {
            let all = db.list_backups()?;
            if json {
                crate::print_json(&all);
            } else {
                for b in &all {
                    println!("{}", list_line(b));
                }
                let dir = db.backups_dir().unwrap_or_default();
                eprintln!("{} backup(s) in {}", all.len(), dir.display());
            }
        }
        (None, out) => {
            let info = match out {
                Some(path) => db.backup_to(&path)?,
                None => db
                    .snapshot(BackupKind::Manual)?
                    .expect("the CLI's database is a file"),
            };
            println!("{}", info.path);
            eprintln!(
                "{} customer(s), {}",
                info.customers.unwrap_or(0),
                size(info.size_bytes)
            );
        }
    }
    Ok(())
}

pub fn restore(db: &Db, file: PathBuf) -> Result<(), Error> {
    let r = db.restore_from(&file)?;
    println!(
        "{} customer(s) restored from {}",
        r.customers,
        file.display()
    );
    println!(
        "the data before the restore is kept in {}",
        r.pre_restore_backup
    );
    Ok(())
}

/// `2026-11-23 09:30  daily  1.2 MB  350 customers  /path`, tab-separated.
fn list_line(b: &BackupInfo) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        b.created_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        b.kind.map(BackupKind::file_word).unwrap_or("-"),
        size(b.size_bytes),
        b.customers
            .map(|n| format!("{n} customer(s)"))
            .unwrap_or_else(|| "unreadable".into()),
        b.path
    )
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}
