//! Customer commands: list, get, create, update, trash, restore, purge, tags.

use clientele_core::model::{Customer, CustomerInput, CustomerPage, CustomerQuery, TagCount};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_customers(
    state: State<'_, AppState>,
    query: CustomerQuery,
) -> Result<CustomerPage, ApiError> {
    Ok(state.db()?.list_customers(&query)?)
}

#[tauri::command(async)]
pub fn get_customer(state: State<'_, AppState>, id: i64) -> Result<Customer, ApiError> {
    Ok(state.db()?.get_customer(id)?)
}

#[tauri::command(async)]
pub fn create_customer(
    state: State<'_, AppState>,
    input: CustomerInput,
) -> Result<Customer, ApiError> {
    Ok(state.db()?.create_customer(&input)?)
}

#[tauri::command(async)]
pub fn update_customer(
    state: State<'_, AppState>,
    id: i64,
    input: CustomerInput,
) -> Result<Customer, ApiError> {
    Ok(state.db()?.update_customer(id, &input)?)
}

#[tauri::command(async)]
pub fn trash_customer(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.trash_customer(id)?)
}

#[tauri::command(async)]
pub fn restore_customer(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.restore_customer(id)?)
}

#[tauri::command(async)]
pub fn purge_customer(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.purge_customer(id)?)
}

#[tauri::command(async)]
pub fn list_tags(state: State<'_, AppState>) -> Result<Vec<TagCount>, ApiError> {
    Ok(state.db()?.list_tags()?)
}
