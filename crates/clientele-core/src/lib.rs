//! Clientele's domain core: customers and their rules, the SQLite store, search,
//! Excel export and backups. It knows nothing of Tauri: the desktop app and
//! `clientele-cli` are thin layers over it, and its tests run without a window.

pub mod backup;
pub mod bulk;
pub mod complaints;
pub mod contact_cycle;
pub mod contact_matches;
pub mod customers;
pub mod db;
pub mod demo;
pub mod duplicates;
pub mod error;
pub mod export;
pub mod import;
pub mod insights;
pub mod interactions;
pub mod labels;
pub mod merge;
pub mod model;
pub mod not_duplicates;
pub mod paths;
pub mod pinyin_name;
pub mod reminders;
pub mod search;
pub mod search_index;
pub mod settings;
pub mod stored_time;
mod string_enum;
pub mod surveys;
pub mod text;
pub mod timeline;
pub mod today;
pub mod validate;
pub mod workbook;
mod xlsx_sheet;

pub use db::Db;
pub use error::{ApiError, Error, FieldError, Result};
