//! "Export to Excel": ask where (a native save dialog), then write the
//! customer list as filtered, or the whole book (every record, one sheet each).

use clientele_core::export::export_customers as write_xlsx;
use clientele_core::model::{CustomerQuery, ExportReport, Lang};
use clientele_core::workbook::WorkbookReport;
use clientele_core::ApiError;
use tauri::{AppHandle, State};

use crate::dialogs::{save_path, XLSX};
use crate::state::AppState;

/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn export_customers(
    app: AppHandle,
    state: State<'_, AppState>,
    query: CustomerQuery,
    language: Lang,
) -> Result<Option<ExportReport>, ApiError> {
    let db = state.db()?;
    let name = match language {
        Lang::ZhCn => "客户.xlsx",
        Lang::En => "Customers.xlsx",
    };
    let Some(path) = save_path(&app, language, &XLSX, name) else {
        return Ok(None);
    };
    Ok(Some(write_xlsx(db, &query, language, &path)?))
}

/// Customers, interactions, complaints and reminders in one workbook.
/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn export_workbook(
    app: AppHandle,
    state: State<'_, AppState>,
    language: Lang,
) -> Result<Option<WorkbookReport>, ApiError> {
    let db = state.db()?;
    let name = match language {
        Lang::ZhCn => "客户簿-全部数据.xlsx",
        Lang::En => "Clientele-all-records.xlsx",
    };
    let Some(path) = save_path(&app, language, &XLSX, name) else {
        return Ok(None);
    };
    Ok(Some(db.export_workbook(&path, language)?))
}
