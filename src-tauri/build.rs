//! Tauri's build step. Listing the app's commands makes Tauri generate an
//! `allow-<command>` permission for each, so the window's capability in
//! tauri.conf.json grants exactly the commands the UI uses.

const COMMANDS: &[&str] = &[
    "app_status",
    "set_language",
    "ui_ready",
    "list_customers",
    "get_customer",
    "create_customer",
    "update_customer",
    "trash_customer",
    "restore_customer",
    "purge_customer",
    "list_tags",
    "contact_matches",
    "export_customers",
    "export_workbook",
    "bulk_change",
    "undo_bulk_change",
    "list_bulk_changes",
    "export_selection",
    "pick_import_file",
    "preview_import",
    "dry_run_import",
    "run_import",
    "list_imports",
    "undo_import",
    "list_backups",
    "backup_now",
    "restore_backup",
    "list_interactions",
    "add_interaction",
    "update_interaction",
    "trash_interaction",
    "restore_interaction",
    "list_complaints",
    "get_complaint",
    "record_complaint",
    "move_complaint",
    "list_reminders",
    "contact_due",
    "add_reminder",
    "update_reminder",
    "complete_reminder",
    "snooze_reminder",
    "trash_reminder",
    "restore_reminder",
    "today",
    "timeline",
    "complaint_settings",
    "set_complaint_settings",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build step");
}
