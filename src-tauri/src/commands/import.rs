//! Importing customers from a spreadsheet: pick the file, preview how it
//! reads, dry-run, import (with progress events), list past imports, undo one.

use std::path::PathBuf;

use clientele_core::import::{
    ImportBatch, ImportOptions, ImportPreview, ImportReport, ImportSummary, UndoReport,
};
use clientele_core::model::Lang;
use clientele_core::ApiError;
use tauri::{AppHandle, Emitter, State};

use crate::dialogs::{open_path, SPREADSHEET};
use crate::state::AppState;

/// The event the window hears while an import writes its rows: `[done, total]`.
const PROGRESS_EVENT: &str = "import-progress";

/// The file the user picks to import; `None` when they cancel.
#[tauri::command(async)]
pub fn pick_import_file(app: AppHandle, language: Lang) -> Option<String> {
    open_path(&app, language, &SPREADSHEET).map(|p| p.display().to_string())
}

#[tauri::command(async)]
pub fn preview_import(
    state: State<'_, AppState>,
    path: PathBuf,
    options: ImportOptions,
) -> Result<ImportPreview, ApiError> {
    Ok(state.db()?.preview_import(&path, &options)?)
}

#[tauri::command(async)]
pub fn dry_run_import(
    state: State<'_, AppState>,
    path: PathBuf,
    options: ImportOptions,
) -> Result<ImportSummary, ApiError> {
    Ok(state.db()?.dry_run_import(&path, &options)?)
}

#[tauri::command(async)]
pub fn run_import(
    app: AppHandle,
    state: State<'_, AppState>,
    path: PathBuf,
    options: ImportOptions,
) -> Result<ImportReport, ApiError> {
    let db = state.db()?;
    Ok(db.import(&path, &options, &mut |done, total| {
        // Progress is a nicety: a window that cannot hear it still gets the report.
        let _ = app.emit(PROGRESS_EVENT, (done, total));
    })?)
}

#[tauri::command(async)]
pub fn list_imports(state: State<'_, AppState>) -> Result<Vec<ImportBatch>, ApiError> {
    Ok(state.db()?.list_imports()?)
}

#[tauri::command(async)]
pub fn undo_import(state: State<'_, AppState>, batch_id: i64) -> Result<UndoReport, ApiError> {
    Ok(state.db()?.undo_import(batch_id)?)
}
