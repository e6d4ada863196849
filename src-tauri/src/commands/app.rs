//! Start-up status and app-wide settings.

use clientele_core::model::{AppStatus, Lang};
use clientele_core::ApiError;
use tauri::{AppHandle, Manager, State};

use crate::state::{os_language, AppState};

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    let chosen = state.db().ok().and_then(|db| db.language().ok().flatten());
    AppStatus {
        version: env!("CARGO_PKG_VERSION").into(),
        db_path: state.db_path.display().to_string(),
        db_error: state.db_error(),
        language: chosen.unwrap_or_else(os_language),
        language_chosen: chosen.is_some(),
    }
}

#[tauri::command(async)]
pub fn set_language(state: State<'_, AppState>, language: Lang) -> Result<(), ApiError> {
    Ok(state.db()?.set_language(language)?)
}

/// Set to print how long the window took to show the customer list.
const STARTUP_TRACE_ENV: &str = "CLIENTELE_STARTUP_TRACE";

/// The UI calls this once the first page of the list is on screen. Only then
/// is the search index loaded (in the background), so that nothing competes
/// with the first paint and the first keystroke still finds it ready.
#[tauri::command]
pub fn ui_ready(app: AppHandle, state: State<'_, AppState>) {
    if std::env::var_os(STARTUP_TRACE_ENV).is_some() {
        eprintln!(
            "startup: list on screen {} ms after launch",
            state.started.elapsed().as_millis()
        );
    }
    std::thread::spawn(move || {
        if let Ok(db) = app.state::<AppState>().db() {
            let _ = db.warm_search_index();
        }
    });
}
