//! The core's one error type, and its `{code, message, fields}` form for the UI and CLI.
//!
//! Messages never contain customer data (names, phones): they end up in logs
//! and bug reports. The UI translates by `code` (and by field for validation).

use serde::Serialize;
use ts_rs::TS;

/// A field that failed validation, named as in the IPC types (camelCase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// `name`, `phones`, `email`, `birthday`, ...
    pub field: String,
    /// Which phone, for `phones`.
    pub index: Option<u32>,
    /// The rule broken: `required`, `invalid`, `tooLong`, `inFuture`, `inPast`, `tooOld`,
    /// `tooFar`, `outOfRange`, `tooMany`, `notAPurchase`, `moreThanAmount`, `taken`.
    pub rule: String,
    /// A limit that goes with the rule (a maximum length, a range end).
    pub limit: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, rule: &str) -> Self {
        FieldError {
            field: field.into(),
            index: None,
            rule: rule.into(),
            limit: None,
        }
    }
    pub fn at(mut self, index: usize) -> Self {
        self.index = Some(index as u32);
        self
    }
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.rule.as_str() {
            "required" => "is required".to_string(),
            "invalid" => "is not valid".to_string(),
            "tooLong" => format!(
                "is too long (at most {} characters)",
                self.limit.unwrap_or(0)
            ),
            "inFuture" => "is in the future".to_string(),
            "tooOld" => format!("is before {}", self.limit.unwrap_or(0)),
            "outOfRange" => format!("must be between 1 and {}", self.limit.unwrap_or(0)),
            "tooMany" => format!("has too many entries (at most {})", self.limit.unwrap_or(0)),
            "notAPurchase" => "is only for purchases".to_string(),
            "moreThanAmount" => "is more than the amount paid".to_string(),
            "taken" => "is already used".to_string(),
            "afterTo" => "is after the end of the period".to_string(),
            "inPast" => "is in the past".to_string(),
            "tooFar" => format!("is more than {} years ahead", self.limit.unwrap_or(0)),
            "noSuchColumn" => "names no column of the file".to_string(),
            "digitsLost" => {
                "lost digits: Excel saved it rounded (like 1.38E+10); fix it in the sheet"
                    .to_string()
            }
            other => other.to_string(),
        };
        match self.index {
            Some(i) => write!(f, "{} #{} {}", self.field, i + 1, what),
            None => write!(f, "{} {}", self.field, what),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),

    #[error("customer {0} was not found")]
    CustomerNotFound(i64),

    #[error("customer {0} is not in the trash")]
    CustomerNotInTrash(i64),

    #[error("customer {0} is in the trash; restore them first")]
    CustomerInTrash(i64),

    #[error("interaction {0} was not found")]
    InteractionNotFound(i64),

    #[error("complaint {0} was not found")]
    ComplaintNotFound(i64),

    #[error("reminder {0} was not found")]
    ReminderNotFound(i64),

    #[error("survey answer {0} was not found")]
    SurveyNotFound(i64),

    #[error("survey dimension {0} was not found")]
    DimensionNotFound(i64),

    #[error("reminder {0} is already done")]
    ReminderDone(i64),

    #[error("a complaint cannot move from {from} to {to}")]
    TransitionNotAllowed { from: String, to: String },

    #[error(
        "the database was written by a newer version of Clientele \
         (schema {found}; this version reads up to {supported}); it was left untouched"
    )]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("the file is not a Clientele database; it was left untouched")]
    NotClienteleDatabase,

    #[error(
        "the database file cannot be read (damaged or not a database); it was left untouched: {0}"
    )]
    DatabaseUnreadable(String),

    #[error("the data folder cannot be created or written: {0}")]
    DataFolder(String),

    #[error("the file cannot be read as a spreadsheet or CSV: {0}")]
    ImportUnreadable(String),

    #[error("files ending in .{0} cannot be imported; use .xlsx, .xls, .ods or .csv")]
    ImportUnsupported(String),

    #[error("the file has no sheet named {0}")]
    ImportSheetMissing(String),

    #[error("import {0} was not found")]
    ImportNotFound(i64),

    #[error("import {0} was already undone")]
    ImportAlreadyUndone(i64),

    #[error("a merge needs at least two different customers")]
    MergeNeedsTwo,

    #[error("at most {0} customers can be merged at once")]
    MergeTooMany(u32),

    #[error("saying customers are not the same person needs at least two different customers")]
    NotDuplicatesNeedsTwo,

    #[error("merge {0} was not found")]
    MergeNotFound(i64),

    #[error("merge {0} was already undone")]
    MergeAlreadyUndone(i64),

    #[error("a later merge ({0}) involves the same customers; undo it first")]
    MergeUndoBlocked(i64),
    #[error("bulk change {0} was not found")]
    BulkChangeNotFound(i64),

    #[error("bulk change {0} was already undone")]
    BulkChangeAlreadyUndone(i64),

    #[error("the backup could not be made: {0}")]
    BackupFailed(String),

    #[error("that backup no longer exists")]
    BackupNotFound,

    #[error(
        "the chosen file was written by a newer version of Clientele \
         (schema {found}; this version reads up to {supported}); nothing was restored"
    )]
    RestoreSourceTooNew { found: i64, supported: i64 },

    #[error("the chosen file is not a Clientele database; nothing was restored")]
    RestoreSourceNotClientele,

    #[error(
        "the chosen file cannot be read (damaged or not a database); nothing was restored: {0}"
    )]
    RestoreSourceUnreadable(String),

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("Excel file error: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A stored value of the wrong type (read through `get_ref` without a copy).
impl From<rusqlite::types::FromSqlError> for Error {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        Error::Sqlite(e.into())
    }
}

impl Error {
    /// A stable code the UI translates; never changes once released.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::CustomerNotFound(_) => "customerNotFound",
            Error::CustomerNotInTrash(_) => "customerNotInTrash",
            Error::CustomerInTrash(_) => "customerInTrash",
            Error::InteractionNotFound(_) => "interactionNotFound",
            Error::ComplaintNotFound(_) => "complaintNotFound",
            Error::ReminderNotFound(_) => "reminderNotFound",
            Error::SurveyNotFound(_) => "surveyNotFound",
            Error::DimensionNotFound(_) => "dimensionNotFound",
            Error::ReminderDone(_) => "reminderDone",
            Error::TransitionNotAllowed { .. } => "transitionNotAllowed",
            Error::SchemaTooNew { .. } => "schemaTooNew",
            Error::NotClienteleDatabase => "notClienteleDatabase",
            Error::DatabaseUnreadable(_) => "databaseUnreadable",
            Error::DataFolder(_) => "dataFolder",
            Error::ImportUnreadable(_) => "importUnreadable",
            Error::ImportUnsupported(_) => "importUnsupported",
            Error::ImportSheetMissing(_) => "importSheetMissing",
            Error::ImportNotFound(_) => "importNotFound",
            Error::ImportAlreadyUndone(_) => "importAlreadyUndone",
            Error::MergeNeedsTwo => "mergeNeedsTwo",
            Error::MergeTooMany(_) => "mergeTooMany",
            Error::NotDuplicatesNeedsTwo => "notDuplicatesNeedsTwo",
            Error::MergeNotFound(_) => "mergeNotFound",
            Error::MergeAlreadyUndone(_) => "mergeAlreadyUndone",
            Error::MergeUndoBlocked(_) => "mergeUndoBlocked",
            Error::BulkChangeNotFound(_) => "bulkChangeNotFound",
            Error::BulkChangeAlreadyUndone(_) => "bulkChangeAlreadyUndone",
            Error::BackupFailed(_) => "backupFailed",
            Error::BackupNotFound => "backupNotFound",
            Error::RestoreSourceTooNew { .. } => "restoreSourceTooNew",
            Error::RestoreSourceNotClientele => "restoreSourceNotClientele",
            Error::RestoreSourceUnreadable(_) => "restoreSourceUnreadable",
            Error::Sqlite(_) => "database",
            Error::Xlsx(_) => "excel",
            Error::Io(_) => "io",
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(fields) => fields,
            _ => &[],
        }
    }
}

/// What crosses IPC (and `--json` CLI output) when something fails.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApiError {
    pub code: String,
    /// English text for logs and the CLI; the UI shows its own translation of `code`.
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        ApiError {
            code: e.code().into(),
            message: e.to_string(),
            fields: e.field_errors().to_vec(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}
