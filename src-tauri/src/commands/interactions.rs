//! Interaction commands: a customer's timeline, log, edit, trash, restore.

use clientele_core::model::{Interaction, InteractionInput};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_interactions(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<Vec<Interaction>, ApiError> {
    Ok(state.db()?.list_interactions(customer_id)?)
}

#[tauri::command(async)]
pub fn add_interaction(
    state: State<'_, AppState>,
    customer_id: i64,
    input: InteractionInput,
) -> Result<Interaction, ApiError> {
    Ok(state.db()?.add_interaction(customer_id, &input)?)
}

#[tauri::command(async)]
pub fn update_interaction(
    state: State<'_, AppState>,
    id: i64,
    input: InteractionInput,
) -> Result<Interaction, ApiError> {
    Ok(state.db()?.update_interaction(id, &input)?)
}

#[tauri::command(async)]
pub fn trash_interaction(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.trash_interaction(id)?)
}

#[tauri::command(async)]
pub fn restore_interaction(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.restore_interaction(id)?)
}
