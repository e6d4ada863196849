//! The Today screen, a customer's timeline, and the complaint settings.

use clientele_core::settings::ComplaintSettings;
use clientele_core::timeline::TimelineEntry;
use clientele_core::today::Today;
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn today(state: State<'_, AppState>) -> Result<Today, ApiError> {
    Ok(state.db()?.today_overview()?)
}

#[tauri::command(async)]
pub fn timeline(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<Vec<TimelineEntry>, ApiError> {
    Ok(state.db()?.timeline(customer_id)?)
}

#[tauri::command(async)]
pub fn complaint_settings(state: State<'_, AppState>) -> Result<ComplaintSettings, ApiError> {
    Ok(state.db()?.complaint_settings()?)
}

#[tauri::command(async)]
pub fn set_complaint_settings(
    state: State<'_, AppState>,
    settings: ComplaintSettings,
) -> Result<ComplaintSettings, ApiError> {
    Ok(state.db()?.set_complaint_settings(settings)?)
}
