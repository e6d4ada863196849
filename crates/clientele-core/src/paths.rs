//! Where the database lives: a `--db` flag, else `CLIENTELE_DB`, else the OS data folder.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The environment variable that points the app and the CLI at another database file.
pub const DB_ENV: &str = "CLIENTELE_DB";
pub const DB_FILE_NAME: &str = "clientele.db";

/// The database in the OS data folder, e.g. `~/.local/share/clientele/clientele.db`.
pub fn default_db_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("app", "Clientele", "Clientele")
        .map(|d| d.data_dir().join(DB_FILE_NAME))
        .ok_or_else(|| Error::DataFolder("no home folder to keep the data in".into()))
}

/// The file to open: the flag wins, then the environment, then the default.
pub fn resolve_db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    match std::env::var_os(DB_ENV) {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => default_db_path(),
    }
}
