//! Complaint commands: the list with its filters, one complaint, record, move.

use clientele_core::complaints::{Complaint, ComplaintFilter, ComplaintInput, ComplaintMove};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_complaints(
    state: State<'_, AppState>,
    filter: ComplaintFilter,
) -> Result<Vec<Complaint>, ApiError> {
    Ok(state.db()?.list_complaints(&filter)?)
}

#[tauri::command(async)]
pub fn get_complaint(state: State<'_, AppState>, id: i64) -> Result<Complaint, ApiError> {
    Ok(state.db()?.get_complaint(id)?)
}

#[tauri::command(async)]
pub fn record_complaint(
    state: State<'_, AppState>,
    customer_id: i64,
    input: ComplaintInput,
) -> Result<Complaint, ApiError> {
    Ok(state.db()?.record_complaint(customer_id, &input)?)
}

#[tauri::command(async)]
pub fn move_complaint(
    state: State<'_, AppState>,
    id: i64,
    step: ComplaintMove,
) -> Result<Complaint, ApiError> {
    Ok(state.db()?.move_complaint(id, &step)?)
}
