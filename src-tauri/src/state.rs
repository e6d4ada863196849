//! The app's managed state: the database, or why it could not be opened.
//!
//! A database that fails to open does not stop the window: the UI asks
//! `app_status` and shows an error screen naming the file and the reason.

use std::path::PathBuf;
use std::time::Instant;

use clientele_core::model::Lang;
use clientele_core::paths::resolve_db_path;
use clientele_core::{ApiError, Db};

pub struct AppState {
    db: Result<Db, ApiError>,
    pub db_path: PathBuf,
    /// When the process started, for the start-up measurement in BENCHMARKS.md.
    pub started: Instant,
}

impl AppState {
    pub fn open(flag: Option<PathBuf>, started: Instant) -> AppState {
        match resolve_db_path(flag) {
            Ok(path) => AppState {
                db: Db::open(&path).map_err(ApiError::from),
                db_path: path,
                started,
            },
            Err(e) => AppState {
                db: Err(e.into()),
                db_path: PathBuf::new(),
                started,
            },
        }
    }

    pub fn db(&self) -> Result<&Db, ApiError> {
        self.db.as_ref().map_err(Clone::clone)
    }

    pub fn db_error(&self) -> Option<ApiError> {
        self.db.as_ref().err().cloned()
    }
}

/// The OS language, for users who have not chosen one.
pub fn os_language() -> Lang {
    sys_locale::get_locale()
        .map(|l| Lang::from_locale(&l))
        .unwrap_or(Lang::ZhCn)
}
