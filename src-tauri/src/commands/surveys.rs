//! Survey commands: the dimensions asked about, and a customer's answers.

use clientele_core::surveys::{LatestRating, Survey, SurveyDimension, SurveyInput};
use clientele_core::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_survey_dimensions(
    state: State<'_, AppState>,
) -> Result<Vec<SurveyDimension>, ApiError> {
    Ok(state.db()?.list_survey_dimensions()?)
}

#[tauri::command(async)]
pub fn add_survey_dimension(
    state: State<'_, AppState>,
    name: String,
) -> Result<SurveyDimension, ApiError> {
    Ok(state.db()?.add_survey_dimension(&name)?)
}

/// An empty name gives a built-in dimension its own name back.
#[tauri::command(async)]
pub fn rename_survey_dimension(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> Result<SurveyDimension, ApiError> {
    Ok(state.db()?.rename_survey_dimension(id, &name)?)
}

#[tauri::command(async)]
pub fn retire_survey_dimension(
    state: State<'_, AppState>,
    id: i64,
    retired: bool,
) -> Result<SurveyDimension, ApiError> {
    Ok(state.db()?.retire_survey_dimension(id, retired)?)
}

#[tauri::command(async)]
pub fn list_surveys(state: State<'_, AppState>, customer_id: i64) -> Result<Vec<Survey>, ApiError> {
    Ok(state.db()?.list_surveys(customer_id)?)
}

#[tauri::command(async)]
pub fn latest_ratings(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Result<Vec<LatestRating>, ApiError> {
    Ok(state.db()?.latest_ratings(customer_id)?)
}

#[tauri::command(async)]
pub fn add_survey(
    state: State<'_, AppState>,
    customer_id: i64,
    input: SurveyInput,
) -> Result<Survey, ApiError> {
    Ok(state.db()?.add_survey(customer_id, &input)?)
}

#[tauri::command(async)]
pub fn update_survey(
    state: State<'_, AppState>,
    id: i64,
    input: SurveyInput,
) -> Result<Survey, ApiError> {
    Ok(state.db()?.update_survey(id, &input)?)
}

#[tauri::command(async)]
pub fn trash_survey(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(state.db()?.trash_survey(id)?)
}
