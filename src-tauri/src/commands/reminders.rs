//! Reminder commands: a customer's open reminders, add, edit, done, snooze,
//! trash and restore.

use clientele_core::contact_cycle::ContactDue;
use clientele_core::model::InteractionInput;
use clientele_core::reminders::{Completed, Reminder, ReminderInput, Snooze};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_reminders(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<Vec<Reminder>, ApiError> {
    Ok(state.db()?.list_open_reminders(customer_id)?)
}

/// Where the customer stands in their contact cycle (`null` without one).
#[tauri::command(async)]
pub fn contact_due(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<Option<ContactDue>, ApiError> {
    Ok(state.db()?.contact_due(customer_id)?)
}

#[tauri::command(async)]
pub fn add_reminder(
    state: State<'_, AppState>,
    customer_id: i64,
    input: ReminderInput,
) -> Result<Reminder, ApiError> {
    Ok(state.db()?.add_reminder(customer_id, &input)?)
}

#[tauri::command(async)]
pub fn update_reminder(
    state: State<'_, AppState>,
    id: i64,
    input: ReminderInput,
) -> Result<Reminder, ApiError> {
    Ok(state.db()?.update_reminder(id, &input)?)
}

/// Marks it done; `log` (when given) is logged as an interaction in the same step.
#[tauri::command(async)]
pub fn complete_reminder(
    state: State<'_, AppState>,
    id: i64,
    log: Option<InteractionInput>,
) -> Result<Completed, ApiError> {
    Ok(state.db()?.complete_reminder(id, log.as_ref())?)
}

#[tauri::command(async)]
pub fn snooze_reminder(
    state: State<'_, AppState>,
    id: i64,
    snooze: Snooze,
) -> Result<Reminder, ApiError> {
    Ok(state.db()?.snooze_reminder(id, &snooze)?)
}

#[tauri::command(async)]
pub fn trash_reminder(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.trash_reminder(id)?)
}

#[tauri::command(async)]
pub fn restore_reminder(state: State<'_, AppState>, id: i64) -> Result<Reminder, ApiError> {
    Ok(state.db()?.restore_reminder(id)?)
}
