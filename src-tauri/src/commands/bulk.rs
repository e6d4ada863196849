//! Bulk commands: a change to many selected customers, its undo, the history,
//! and an export of just the selection (through the save dialog).

use clientele_core::bulk::{
    export_selection as write_xlsx, BulkAction, BulkChange, BulkReport, BulkUndoReport,
    CustomerSelection,
};
use clientele_core::model::{ExportReport, Lang};
use clientele_core::ApiError;
use tauri::{AppHandle, State};

use crate::dialogs::{save_path, XLSX};
use crate::state::AppState;

#[tauri::command(async)]
pub fn bulk_change(
    state: State<'_, AppState>,
    selection: CustomerSelection,
    action: BulkAction,
) -> Result<BulkReport, ApiError> {
    Ok(state.db()?.bulk_change(&selection, &action)?)
}

#[tauri::command(async)]
pub fn undo_bulk_change(
    state: State<'_, AppState>,
    batch_id: i64,
) -> Result<BulkUndoReport, ApiError> {
    Ok(state.db()?.undo_bulk(batch_id)?)
}

#[tauri::command(async)]
pub fn list_bulk_changes(state: State<'_, AppState>) -> Result<Vec<BulkChange>, ApiError> {
    Ok(state.db()?.list_bulk_changes()?)
}

/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn export_selection(
    app: AppHandle,
    state: State<'_, AppState>,
    selection: CustomerSelection,
    language: Lang,
) -> Result<Option<ExportReport>, ApiError> {
    let db = state.db()?;
    let name = match language {
        Lang::ZhCn => "所选客户.xlsx",
        Lang::En => "Selected-customers.xlsx",
    };
    let Some(path) = save_path(&app, language, &XLSX, name) else {
        return Ok(None);
    };
    Ok(Some(write_xlsx(db, &selection, language, &path)?))
}
