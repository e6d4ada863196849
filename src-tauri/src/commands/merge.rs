//! Duplicates and merges: find likely duplicates, say some are not the same
//! person (and undo that), preview and make a merge, list recent merges, undo one.

use clientele_core::duplicates::Duplicates;
use clientele_core::merge::{
    MergeOutcome, MergePreview, MergeRecord, MergeRequest, MergeUndoReport,
};
use clientele_core::not_duplicates::Pair;
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

/// Marks these customers as different people; returns the pairs marked, for Undo.
#[tauri::command(async)]
pub fn mark_not_duplicates(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> Result<Vec<Pair>, ApiError> {
    Ok(state.db()?.mark_not_duplicates(&ids)?)
}

#[tauri::command(async)]
pub fn unmark_not_duplicates(state: State<'_, AppState>, pairs: Vec<Pair>) -> Result<(), ApiError> {
    Ok(state.db()?.unmark_not_duplicates(&pairs)?)
}
