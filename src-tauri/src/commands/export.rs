//! "Export to Excel": ask where (a native save dialog), then write the
//! customer list as filtered, or the whole book (every record, one sheet each).

use std::path::PathBuf;

use clientele_core::export::export_customers as write_xlsx;
use clientele_core::model::{CustomerQuery, ExportReport, Lang};
use clientele_core::workbook::WorkbookReport;
use clientele_core::ApiError;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

/// Set by end-to-end tests to skip the native dialog, which WebDriver cannot drive.
const EXPORT_PATH_ENV: &str = "CLIENTELE_EXPORT_PATH";

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
    let Some(path) = choose_path(&app, language, name) else {
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
    let Some(path) = choose_path(&app, language, name) else {
        return Ok(None);
    };
    Ok(Some(db.export_workbook(&path, language)?))
}

fn choose_path(app: &AppHandle, language: Lang, file_name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(EXPORT_PATH_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let filter = match language {
        Lang::ZhCn => "Excel 工作簿",
        Lang::En => "Excel workbook",
    };
    let picked = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(filter, &["xlsx"])
        .blocking_save_file()?;
    let mut path = picked.into_path().ok()?;
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        path.set_extension("xlsx");
    }
    Some(path)
}
