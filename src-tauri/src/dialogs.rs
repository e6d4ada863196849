//! Native file dialogs, with a way around them for end-to-end tests:
//! WebDriver cannot drive a GTK dialog, so tests name the file in advance.

use std::path::PathBuf;

use clientele_core::model::Lang;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// Set by end-to-end tests: the file every save dialog "chooses".
const SAVE_PATH_ENV: &str = "CLIENTELE_EXPORT_PATH";
/// Set by end-to-end tests: the file every open dialog "chooses".
const OPEN_PATH_ENV: &str = "CLIENTELE_OPEN_PATH";

/// A kind of file the dialogs offer, named in both languages.
pub struct FileKind {
    pub zh: &'static str,
    pub en: &'static str,
    pub extensions: &'static [&'static str],
}

/// What the importer reads.
pub const SPREADSHEET: FileKind = FileKind {
    zh: "表格文件（Excel、WPS、LibreOffice、CSV）",
    en: "Spreadsheets (Excel, WPS, LibreOffice, CSV)",
    extensions: &["xlsx", "xls", "ods", "csv", "txt"],
};

pub const XLSX: FileKind = FileKind {
    zh: "Excel 工作簿",
    en: "Excel workbook",
    extensions: &["xlsx"],
};

/// A copy of the database: "Back up now" writes one, "Restore" reads one.
pub const BACKUP: FileKind = FileKind {
    zh: "客户簿备份",
    en: "Clientele backup",
    extensions: &["db"],
};

fn label(kind: &FileKind, language: Lang) -> &'static str {
    match language {
        Lang::ZhCn => kind.zh,
        Lang::En => kind.en,
    }
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Asks where to save; `None` when the user cancels. The file gets the
/// kind's extension if the user typed a name without it.
pub fn save_path(
    app: &AppHandle,
    language: Lang,
    kind: &FileKind,
    file_name: &str,
) -> Option<PathBuf> {
    if let Some(p) = env_path(SAVE_PATH_ENV) {
        return Some(p);
    }
    let picked = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(label(kind, language), kind.extensions)
        .blocking_save_file()?;
    let mut path = picked.into_path().ok()?;
    let ext = kind.extensions[0];
    if path
        .extension()
        .is_none_or(|e| !kind.extensions.iter().any(|k| e.eq_ignore_ascii_case(k)))
    {
        path.set_extension(ext);
    }
    Some(path)
}

/// Asks which file to open; `None` when the user cancels.
pub fn open_path(app: &AppHandle, language: Lang, kind: &FileKind) -> Option<PathBuf> {
    if let Some(p) = env_path(OPEN_PATH_ENV) {
        return Some(p);
    }
    let picked = app
        .dialog()
        .file()
        .add_filter(label(kind, language), kind.extensions)
        .blocking_pick_file()?;
    picked.into_path().ok()
}
