//! Start-up status and app-wide settings.

use clientele_core::model::{AppStatus, Lang};
use clientele_core::ApiError;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::commands::backups::BACKUPS_CHANGED;
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
/// with the first paint and the first keystroke still finds it ready. The
/// day's first start also makes the daily backup then, beside it: it copies
/// the file through its own connection, so the window keeps working.
#[tauri::command]
pub fn ui_ready(app: AppHandle, state: State<'_, AppState>) {
    if std::env::var_os(STARTUP_TRACE_ENV).is_some() {
        eprintln!(
            "startup: list on screen {} ms after launch",
            state.started.elapsed().as_millis()
        );
    }
    let backup_app = app.clone();
    std::thread::spawn(move || {
        if let Ok(db) = app.state::<AppState>().db() {
            notify_due(&app, db);
            let _ = db.warm_search_index();
        }
    });
    std::thread::spawn(move || {
        if let Ok(db) = backup_app.state::<AppState>().db() {
            daily_backup(&backup_app, db);
        }
    });
}

/// The daily backup, if none was made today; a failure is logged, and the
/// next start tries again.
fn daily_backup(app: &AppHandle, db: &clientele_core::Db) {
    match db.daily_backup_if_due() {
        Ok(Some(_)) => {
            let _ = app.emit(BACKUPS_CHANGED, ());
        }
        Ok(None) => {}
        Err(e) => eprintln!("backup: the daily backup failed: {e}"),
    }
}

/// Set (to anything) to start without the desktop notification.
const NO_NOTIFY_ENV: &str = "CLIENTELE_NO_NOTIFY";

/// The start-up notification: how many things are due today. Best effort: a
/// desktop without a notification service simply shows none.
fn notify_due(app: &AppHandle, db: &clientele_core::Db) {
    use tauri_plugin_notification::NotificationExt;
    if std::env::var_os(NO_NOTIFY_ENV).is_some() {
        return;
    }
    let Ok(today) = db.today_overview() else {
        return;
    };
    if today.due_count() == 0 {
        return;
    }
    let lang = db.language().ok().flatten().unwrap_or_else(os_language);
    let (r, c, k) = (
        today.reminders_total,
        today.contacts_total,
        today.complaints_total,
    );
    let body = match lang {
        Lang::ZhCn => format!("今天有 {r} 个提醒到期，{c} 位客户该联系了，{k} 个投诉待处理。"),
        Lang::En => format!(
            "Due today: {r} reminder{}, {c} customer{} to contact, {k} open complaint{}.",
            plural(r),
            plural(c),
            plural(k)
        ),
    };
    let title = match lang {
        Lang::ZhCn => "客户簿 · 今日待办",
        Lang::En => "Clientele · Today",
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
