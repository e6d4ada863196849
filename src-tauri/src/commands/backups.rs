//! Backups in Settings: the list, "Back up now" to a file the owner chooses
//! (a native save dialog), and restoring a listed backup or any file (a
//! native open dialog). The daily backup itself starts in `app::ui_ready`.

use std::path::PathBuf;

use clientele_core::backup::{BackupInfo, RestoreReport};
use clientele_core::contact_cycle::local_date;
use clientele_core::model::Lang;
use clientele_core::{ApiError, Error};
use tauri::{AppHandle, State};

use crate::dialogs::{open_path, save_path, BACKUP};
use crate::state::AppState;

/// What the window listens to for a new automatic backup (the daily one).
pub const BACKUPS_CHANGED: &str = "backups-changed";

/// The backups in the backups folder, newest first.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    Ok(state.db()?.list_backups()?)
}

/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn backup_now(
    app: AppHandle,
    state: State<'_, AppState>,
    language: Lang,
) -> Result<Option<BackupInfo>, ApiError> {
    let db = state.db()?;
    let day = local_date(db.now()); // 2026-11-23
    let name = match language {
        Lang::ZhCn => format!("客户簿备份-{day}.db"),
        Lang::En => format!("Clientele-backup-{day}.db"),
    };
    let Some(path) = save_path(&app, language, &BACKUP, &name) else {
        return Ok(None);
    };
    Ok(Some(db.backup_to(&path)?))
}

/// `path`: one of the listed backups; without it, the owner picks a file.
/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    language: Lang,
    path: Option<String>,
) -> Result<Option<RestoreReport>, ApiError> {
    let db = state.db()?;
    let source = match path {
        // Only a file the list offered: the window cannot name any other.
        Some(p) => match db.list_backups()?.into_iter().find(|b| b.path == p) {
            Some(b) => PathBuf::from(b.path),
            None => return Err(Error::BackupNotFound.into()),
        },
        None => match open_path(&app, language, &BACKUP) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    Ok(Some(db.restore_from(&source)?))
}
