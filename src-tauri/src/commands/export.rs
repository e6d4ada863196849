//! "Export to Excel": ask where (a native save dialog), then write.

use std::path::PathBuf;

use clientele_core::export::export_customers as write_xlsx;
use clientele_core::model::{CustomerQuery, ExportReport, Lang};
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
    let Some(path) = choose_path(&app, language) else {
        return Ok(None);
    };
    Ok(Some(write_xlsx(db, &query, language, &path)?))
}

fn choose_path(app: &AppHandle, language: Lang) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(EXPORT_PATH_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let (file_name, filter) = match language {
        Lang::ZhCn => ("客户.xlsx", "Excel 工作簿"),
        Lang::En => ("Customers.xlsx", "Excel workbook"),
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
