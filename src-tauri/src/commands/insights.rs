//! Insights commands: satisfaction, loyalty and value for a period, and one
//! customer's own purchase record.

use clientele_core::insights::loyalty::CustomerLoyalty;
use clientele_core::insights::{Insights, InsightsQuery};
use clientele_core::ApiError;
use tauri::State;

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
