//! Clientele (客户簿), the desktop app: a Tauri window over `clientele-core`.
//!
//! `clientele [--db PATH]`; `CLIENTELE_DB` also chooses the database file.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialogs;
mod state;

use std::path::PathBuf;

fn main() {
    let started = std::time::Instant::now();
    let state = state::AppState::open(db_flag(std::env::args()), started);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::set_language,
            commands::app::ui_ready,
            commands::customers::list_customers,
            commands::customers::get_customer,
            commands::customers::create_customer,
            commands::customers::update_customer,
            commands::customers::trash_customer,
            commands::customers::restore_customer,
            commands::customers::purge_customer,
            commands::customers::list_tags,
            commands::customers::contact_matches,
            commands::export::export_customers,
            commands::export::export_workbook,
            commands::bulk::bulk_change,
            commands::bulk::undo_bulk_change,
            commands::bulk::list_bulk_changes,
            commands::bulk::export_selection,
            commands::import::pick_import_file,
            commands::import::preview_import,
            commands::import::dry_run_import,
            commands::import::run_import,
            commands::import::list_imports,
            commands::import::undo_import,
            commands::merge::find_duplicates,
            commands::merge::merge_preview,
            commands::merge::merge_customers,
            commands::merge::undo_merge,
            commands::merge::recent_merges,
            commands::merge::mark_not_duplicates,
            commands::merge::unmark_not_duplicates,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::interactions::list_interactions,
            commands::interactions::add_interaction,
            commands::interactions::update_interaction,
            commands::interactions::trash_interaction,
            commands::interactions::restore_interaction,
            commands::complaints::list_complaints,
            commands::complaints::get_complaint,
            commands::complaints::record_complaint,
            commands::complaints::move_complaint,
            commands::reminders::list_reminders,
            commands::reminders::contact_due,
            commands::reminders::add_reminder,
            commands::reminders::update_reminder,
            commands::reminders::complete_reminder,
            commands::reminders::snooze_reminder,
            commands::reminders::trash_reminder,
            commands::reminders::restore_reminder,
            commands::overview::today,
            commands::overview::timeline,
            commands::overview::complaint_settings,
            commands::overview::set_complaint_settings,
            commands::surveys::list_survey_dimensions,
            commands::surveys::add_survey_dimension,
            commands::surveys::rename_survey_dimension,
            commands::surveys::retire_survey_dimension,
            commands::surveys::list_surveys,
            commands::surveys::latest_ratings,
            commands::surveys::add_survey,
            commands::surveys::update_survey,
            commands::surveys::trash_survey,
            commands::insights::insights,
            commands::insights::customer_loyalty,
            commands::insights::export_insights,
        ])
        .run(tauri::generate_context!())
        .expect("Clientele could not start its window");
}

/// `--db PATH` or `--db=PATH`.
fn db_flag(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}
