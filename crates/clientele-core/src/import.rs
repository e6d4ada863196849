//! Importing customers from a spreadsheet or CSV: read the file (`read`),
//! find the header and guess the columns (`columns`), turn cells into field
//! values (`cells`), plan every row against the customers already here
//! (`plan`: add, update, skip as a duplicate, or refuse with a reason), and
//! write the plan as one undoable batch (`batch`).
//!
//! Preview, dry run and import all read the file afresh with the same
//! options, so what the dry run shows is what the import does.

mod batch;
pub mod cells;
pub mod columns;
mod plan;
pub use plan::{email_key, phone_key};
pub mod read;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::BackupKind;
use crate::db::Db;
use crate::error::Result;
use crate::string_enum::string_enum;

string_enum!(
    /// The customer field a column goes to, or `skip`.
    ImportField {
        Name => "name",
        Phones => "phones",
        Email => "email",
        Address => "address",
        Company => "company",
        Birthday => "birthday",
        Gender => "gender",
        Source => "source",
        Tags => "tags",
        ContactCycleDays => "contactCycleDays",
        Notes => "notes",
        Skip => "skip",
    }
);

impl ImportField {
    /// Fields several columns may fill together (their values are combined).
    pub fn takes_many(self) -> bool {
        matches!(
            self,
            ImportField::Phones | ImportField::Tags | ImportField::Notes
        )
    }
}

string_enum!(
    /// What to do with a row whose phone or email is already known.
    OnDuplicate { Skip => "skip", Update => "update", Add => "add" }
);

#[allow(clippy::derivable_impls)] // the variants come from `string_enum!`
impl Default for OnDuplicate {
    fn default() -> Self {
        OnDuplicate::Skip
    }
}

/// How to read the file. Everything left out is guessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ImportOptions {
    /// The sheet to read; the first one with cells when absent.
    #[ts(optional)]
    pub sheet: Option<String>,
    /// The 1-based row holding the headers; found when absent.
    #[ts(optional)]
    pub header_row: Option<u32>,
    /// One field per column (A, B, ...); guessed from the headers when absent.
    #[ts(optional)]
    pub columns: Option<Vec<ImportField>>,
    /// Read `05/01/2024` as 5 January rather than May 1.
    pub day_first: bool,
    pub on_duplicate: OnDuplicate,
}

/// One column of the file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportColumn {
    /// A, B, C...
    pub letter: String,
    pub header: String,
    pub field: ImportField,
    /// Whether the field came from the header (not chosen by the user).
    pub guessed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewRow {
    /// The row number in the spreadsheet.
    pub row: u32,
    pub cells: Vec<String>,
}

/// What the file holds and how it would be read.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// 0 when the sheet is empty.
    pub header_row: u32,
    pub columns: Vec<ImportColumn>,
    /// The first rows below the header.
    pub rows: Vec<PreviewRow>,
    /// Rows below the header with anything in them.
    pub data_rows: u32,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowIssue {
    pub row: u32,
    /// The customer field at fault (`name`, `phones`...).
    pub field: String,
    /// A rule name the UI translates: `required`, `invalid`, `digitsLost`...
    pub rule: String,
    /// The cell's text, to find it in the sheet.
    pub value: String,
}

/// A row whose phone or email matches a customer already here or an earlier row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateRow {
    pub row: u32,
    pub name: String,
    /// The phone or email they share.
    pub matched_on: String,
    /// The customer already here, when it is one.
    #[ts(optional, type = "number")]
    pub customer_id: Option<i64>,
    pub customer_name: String,
    /// The earlier row of this file, when it is one.
    #[ts(optional)]
    pub earlier_row: Option<u32>,
}

/// What an import does (dry run) or did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSummary {
    pub rows: u32,
    pub added: u32,
    /// Existing customers that get (or got) new values.
    pub updated: u32,
    /// Duplicates skipped, and updates that would change nothing.
    pub skipped: u32,
    pub failed: u32,
    /// The first duplicates (up to [`LISTED`]); `duplicates_total` counts all.
    pub duplicates: Vec<DuplicateRow>,
    pub duplicates_total: u32,
    /// The first rows with errors (up to [`LISTED`]); `failed` counts all.
    pub issues: Vec<RowIssue>,
}

/// How many duplicates and issues a summary lists.
pub const LISTED: usize = 500;

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub summary: ImportSummary,
    /// The copy of the data made just before (none for an in-memory book).
    #[ts(optional)]
    pub backup: Option<String>,
}

/// One past import, as the import history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportBatch {
    #[ts(type = "number")]
    pub id: i64,
    pub file_name: String,
    pub imported_at: DateTime<Utc>,
    pub added: u32,
    pub updated: u32,
    pub skipped: u32,
    pub failed: u32,
    #[ts(optional)]
    pub undone_at: Option<DateTime<Utc>>,
}

/// What undoing an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UndoReport {
    /// Added customers deleted again.
    pub removed: u32,
    /// Added customers who have since gained records or edits: moved to the
    /// trash instead, so nothing written after the import is lost.
    pub trashed: u32,
    /// Updated customers given back their values from before the import.
    pub restored: u32,
    /// Updated customers edited again since: left as they are.
    pub kept: u32,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Db {
    /// Reads the file and shows how it would be imported.
    pub fn preview_import(&self, path: &Path, options: &ImportOptions) -> Result<ImportPreview> {
        let loaded = read::load(path, options.sheet.as_deref())?;
        Ok(plan::preview(file_name(path), loaded, options))
    }

    /// What importing would do, changing nothing.
    pub fn dry_run_import(&self, path: &Path, options: &ImportOptions) -> Result<ImportSummary> {
        let loaded = read::load(path, options.sheet.as_deref())?;
        let today = crate::contact_cycle::local_date(self.now());
        self.read(|conn| Ok(plan::plan(conn, &loaded, options, today)?.summary))
    }

    /// Imports the file in one transaction: every row the dry run accepts,
    /// or nothing. The data is backed up first (a pre-import backup), once
    /// the file has been read. `progress(done, total)` is called as rows are
    /// written.
    pub fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportReport> {
        let loaded = read::load(path, options.sheet.as_deref())?;
        let backup = self.snapshot(BackupKind::PreImport)?.map(|b| b.path);
        let today = crate::contact_cycle::local_date(self.now());
        let now = self.now();
        self.write(|tx| {
            let plan = plan::plan(tx, &loaded, options, today)?;
            let batch_id = batch::apply(tx, &file_name(path), &plan, now, progress)?;
            Ok(ImportReport {
                batch_id,
                summary: plan.summary,
                backup,
            })
        })
    }

    /// Takes an import back: the customers it added go, the ones it updated
    /// get their old values, unless they changed since (see [`UndoReport`]).
    pub fn undo_import(&self, batch_id: i64) -> Result<UndoReport> {
        let now = self.now();
        self.write(|tx| batch::undo(tx, batch_id, now))
    }

    /// Past imports, newest first.
    pub fn list_imports(&self) -> Result<Vec<ImportBatch>> {
        self.read(batch::list)
    }
}
