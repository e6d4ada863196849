//! Duplicates and merges: find likely duplicates, preview and make a merge,
//! list recent merges, undo one.

use clientele_core::duplicates::Duplicates;
use clientele_core::merge::{
    MergeOutcome, MergePreview, MergeRecord, MergeRequest, MergeUndoReport,
};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

/// How many merges the duplicates screen lists for undoing.
const RECENT_MERGES: u32 = 20;

#[tauri::command(async)]
pub fn find_duplicates(state: State<'_, AppState>) -> Result<Duplicates, ApiError> {
    Ok(state.db()?.find_duplicates()?)
}

#[tauri::command(async)]
pub fn merge_preview(
    state: State<'_, AppState>,
    request: MergeRequest,
) -> Result<MergePreview, ApiError> {
    Ok(state.db()?.merge_preview(&request)?)
}

#[tauri::command(async)]
pub fn merge_customers(
    state: State<'_, AppState>,
    request: MergeRequest,
) -> Result<MergeOutcome, ApiError> {
    Ok(state.db()?.merge_customers(&request)?)
}

#[tauri::command(async)]
pub fn undo_merge(state: State<'_, AppState>, batch: i64) -> Result<MergeUndoReport, ApiError> {
    Ok(state.db()?.undo_merge(batch)?)
}

#[tauri::command(async)]
pub fn recent_merges(state: State<'_, AppState>) -> Result<Vec<MergeRecord>, ApiError> {
    Ok(state.db()?.recent_merges(RECENT_MERGES)?)
}
