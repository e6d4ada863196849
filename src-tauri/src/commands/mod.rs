//! Tauri commands, one file per area. Each is one call into the core; the
//! blocking SQLite work runs off the UI thread (`async` commands).

pub mod app;
pub mod backups;
pub mod bulk;
pub mod complaints;
pub mod customers;
pub mod export;
pub mod import;
pub mod insights;
pub mod interactions;
pub mod merge;
pub mod overview;
pub mod reminders;
pub mod surveys;
