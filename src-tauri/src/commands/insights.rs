//! Insights commands: satisfaction, loyalty and value for a period, its
//! workbook, and one customer's own purchase record.

use clientele_core::insights::loyalty::CustomerLoyalty;
use clientele_core::insights::workbook::InsightsReport;
use clientele_core::insights::{Insights, InsightsQuery};
use clientele_core::model::Lang;
use clientele_core::ApiError;
use tauri::State;

use crate::dialogs::{save_path, XLSX};
use crate::state::AppState;

#[tauri::command(async)]
pub fn insights(state: State<'_, AppState>, query: InsightsQuery) -> Result<Insights, ApiError> {
    Ok(state.db()?.insights(&query)?)
}

#[tauri::command(async)]
pub fn customer_loyalty(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<CustomerLoyalty, ApiError> {
    Ok(state.db()?.customer_loyalty(customer_id)?)
}

/// The insights workbook (tables and native charts) for a period.
/// Returns `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn export_insights(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: InsightsQuery,
    language: Lang,
) -> Result<Option<InsightsReport>, ApiError> {
    let db = state.db()?;
    let name = match language {
        Lang::ZhCn => "客户簿-洞察.xlsx",
        Lang::En => "Clientele-insights.xlsx",
    };
    let Some(path) = save_path(&app, language, &XLSX, name) else {
        return Ok(None);
    };
    Ok(Some(db.export_insights(&query, &path, language)?))
}
