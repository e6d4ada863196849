//! Customer commands: list, get, create, update, trash, restore, purge, tags, and who already has a phone or email.

use clientele_core::contact_matches::ContactMatch;
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

/// Who already has one of these phones or this email (the form asks before saving).
#[tauri::command(async)]
pub fn contact_matches(
    state: State<'_, AppState>,
    input: CustomerInput,
    except: Option<i64>,
) -> Result<Vec<ContactMatch>, ApiError> {
    Ok(state.db()?.contact_matches(&input, except)?)
}
