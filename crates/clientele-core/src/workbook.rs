//! The whole customer book in one Excel workbook: customers, interactions,
//! complaints and reminders, one sheet each, for the accountant or a backup
//! a person can read.
//!
//! Built for 100,000 customers and a million interactions: each sheet is one
//! statement read in id order and written row by row in constant memory
//! (`xlsx_sheet`), never a query per row. Customers in the trash take their
//! interactions, complaints and reminders with them; trashed records stay out.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Local, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, Row};
use rust_xlsxwriter::Workbook;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::complaints::{self, overdue, ComplaintStep, ComplaintTargets};
use crate::customers::for_each_live_customer;
use crate::db::Db;
use crate::error::Result;
use crate::export;
use crate::labels;
use crate::model::{InteractionKind, Lang};
use crate::reminders::{Repeat, RepeatRule, RepeatUnit};
use crate::settings::complaint_settings;
use crate::stored_time;
use crate::xlsx_sheet::{save_whole, Formats, Sheet};

/// What the workbook export wrote: rows per sheet, so the UI can tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkbookReport {
    pub path: String,
    pub customers: u32,
    pub interactions: u32,
    pub complaints: u32,
    pub reminders: u32,
    /// Cells (in any sheet) longer than Excel's 32,767-character limit, cut with a marker.
    pub truncated_cells: u32,
}

fn sheet_names(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::ZhCn => ["联系记录", "投诉", "提醒"],
        Lang::En => ["Interactions", "Complaints", "Reminders"],
    }
}

fn interaction_headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::ZhCn => ["客户编号", "客户", "类型", "时间", "内容", "金额", "商品"],
        Lang::En => [
            "Customer ID",
            "Customer",
            "Kind",
            "Occurred at",
            "Summary",
            "Amount",
            "Items",
        ],
    }
}

fn complaint_headers(lang: Lang) -> [&'static str; 18] {
    match lang {
        Lang::ZhCn => [
            "编号",
            "客户编号",
            "客户",
            "收到时间",
            "渠道",
            "类别",
            "严重程度",
            "描述",
            "状态",
            "首次响应",
            "解决时间",
            "关闭时间",
            "补救措施",
            "补救说明",
            "原因总结",
            "响应超时",
            "解决超时",
            "处理经过",
        ],
        Lang::En => [
            "ID",
            "Customer ID",
            "Customer",
            "Received",
            "Channel",
            "Category",
            "Severity",
            "Description",
            "Status",
            "First response",
            "Resolved",
            "Closed",
            "Remedy",
            "Remedy note",
            "Cause summary",
            "Response overdue",
            "Resolution overdue",
            "Handling steps",
        ],
    }
}

fn reminder_headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::ZhCn => [
            "客户编号",
            "客户",
            "到期日",
            "备注",
            "重复",
            "完成时间",
            "投诉编号",
        ],
        Lang::En => [
            "Customer ID",
            "Customer",
            "Due",
            "Note",
            "Repeat",
            "Done at",
            "Complaint ID",
        ],
    }
}

/// Writes the whole book to `path` (whole or not at all, like every export).
///
/// All four sheets come from one read transaction, so they agree with each
/// other even if another program (the CLI) writes meanwhile.
pub fn export_workbook(
    conn: &Connection,
    path: &Path,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<WorkbookReport> {
    let snapshot = conn.unchecked_transaction()?;
    let targets = complaint_settings(&snapshot)?.targets();
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let [interactions_name, complaints_name, reminders_name] = sheet_names(lang);

    let mut sheet = Sheet::add(
        &mut workbook,
        &formats,
        export::sheet_name(lang),
        &export::headers(lang),
        lang,
    )?;
    for_each_live_customer(&snapshot, |c| {
        sheet.next_row();
        export::write_row(&mut sheet, &c, lang)
    })?;
    let customers = sheet.finish()?;

    let mut sheet = Sheet::add(
        &mut workbook,
        &formats,
        interactions_name,
        &interaction_headers(lang),
        lang,
    )?;
    write_interactions(&snapshot, &mut sheet, lang)?;
    let interactions = sheet.finish()?;

    let mut sheet = Sheet::add(
        &mut workbook,
        &formats,
        complaints_name,
        &complaint_headers(lang),
        lang,
    )?;
    write_complaints(&snapshot, &mut sheet, lang, now, targets)?;
    let complaints = sheet.finish()?;

    let mut sheet = Sheet::add(
        &mut workbook,
        &formats,
        reminders_name,
        &reminder_headers(lang),
        lang,
    )?;
    write_reminders(&snapshot, &mut sheet, lang)?;
    let reminders = sheet.finish()?;
    // Only read: nothing to keep.
    snapshot.rollback()?;

    save_whole(&mut workbook, path)?;
    let counts = [customers, interactions, complaints, reminders];
    Ok(WorkbookReport {
        path: path.display().to_string(),
        customers: customers.rows,
        interactions: interactions.rows,
        complaints: complaints.rows,
        reminders: reminders.rows,
        truncated_cells: counts.iter().map(|c| c.truncated_cells).sum(),
    })
}

/// Column `i` as borrowed text, or `None` for NULL: no copy per cell.
fn text_at<'r>(r: &'r Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

fn time_at(r: &Row, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text_at(r, i)?.map(stored_time::parse).transpose()
}

// CROSS JOIN keeps SQLite scanning the records in id order and looking each
// customer up by key; it could otherwise start from the customers and sort
// a million rows afterwards.
const INTERACTIONS_SQL: &str =
    "SELECT i.customer_id, c.name, i.kind, i.occurred_at, i.summary, i.amount_cents, i.items
     FROM interactions i CROSS JOIN customers c ON c.id = i.customer_id
     WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY i.id";

fn write_interactions(conn: &Connection, sheet: &mut Sheet, lang: Lang) -> Result<()> {
    let mut stmt = conn.prepare(INTERACTIONS_SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        sheet.next_row();
        sheet.integer(0, r.get(0)?)?;
        sheet.text(1, text_at(r, 1)?.unwrap_or(""))?;
        let kind = text_at(r, 2)?.unwrap_or("");
        // Matched on the stored word as is: `InteractionKind::parse` would
        // lower-case (allocate) a million times.
        let label = InteractionKind::ALL
            .iter()
            .find(|k| k.as_str() == kind)
            .map_or(kind, |k| labels::interaction_kind(*k, lang));
        sheet.text(2, label)?;
        if let Some(at) = time_at(r, 3)? {
            sheet.datetime(3, at)?;
        }
        sheet.text(4, text_at(r, 4)?.unwrap_or(""))?;
        if let Some(cents) = r.get::<_, Option<i64>>(5)? {
            sheet.money(5, cents)?;
        }
        sheet.text(6, text_at(r, 6)?.unwrap_or(""))?;
    }
    Ok(())
}

fn write_complaints(
    conn: &Connection,
    sheet: &mut Sheet,
    lang: Lang,
    now: DateTime<Utc>,
    targets: ComplaintTargets,
) -> Result<()> {
    let mut stmt = conn.prepare(&complaints::select_sql(
        "WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY k.id",
    ))?;
    let mut rows = stmt.query([])?;
    // Every step in complaint order, merged with the complaints as they come:
    // one pass over each table instead of a query per complaint.
    let mut step_stmt = conn.prepare(
        "SELECT id, at, from_status, to_status, note, complaint_id FROM complaint_steps
         ORDER BY complaint_id, at, id",
    )?;
    let mut step_rows = step_stmt.query([])?;
    let mut next_step = || -> Result<Option<(i64, ComplaintStep)>> {
        match step_rows.next()? {
            Some(r) => Ok(Some((r.get(5)?, complaints::step_from_row(r)?))),
            None => Ok(None),
        }
    };
    let mut pending = next_step()?;
    let mut steps_text = String::new();

    while let Some(r) = rows.next()? {
        let c = complaints::from_row(r)?;
        steps_text.clear();
        // Steps of complaints not exported (trashed) are passed over.
        while let Some((complaint_id, step)) = pending.take() {
            if complaint_id > c.id {
                pending = Some((complaint_id, step));
                break;
            }
            if complaint_id == c.id {
                step_line(&mut steps_text, &step, lang);
            }
            pending = next_step()?;
        }
        let (response_overdue, resolution_overdue) = overdue(&c, now, targets);

        sheet.next_row();
        sheet.integer(0, c.id)?;
        sheet.integer(1, c.customer_id)?;
        sheet.text(2, &c.customer_name)?;
        sheet.datetime(3, c.received_at)?;
        sheet.text(4, &c.channel)?;
        sheet.text(5, labels::complaint_category(c.category, lang))?;
        sheet.text(6, labels::severity(c.severity, lang))?;
        sheet.text(7, &c.description)?;
        sheet.text(8, labels::complaint_status(c.status, lang))?;
        for (col, t) in [
            (9, c.first_response_at),
            (10, c.resolved_at),
            (11, c.closed_at),
        ] {
            if let Some(t) = t {
                sheet.datetime(col, t)?;
            }
        }
        sheet.text(12, c.remedy.map_or("", |x| labels::remedy(x, lang)))?;
        sheet.text(13, c.remedy_note.as_deref().unwrap_or(""))?;
        sheet.text(14, c.cause_summary.as_deref().unwrap_or(""))?;
        sheet.text(15, labels::yes_no(response_overdue, lang))?;
        sheet.text(16, labels::yes_no(resolution_overdue, lang))?;
        sheet.text(17, &steps_text)?;
    }
    Ok(())
}

/// `2026-11-20 14:00 Open → In progress: called back`, one line per step (local time).
fn step_line(out: &mut String, step: &ComplaintStep, lang: Lang) {
    if !out.is_empty() {
        out.push('\n');
    }
    let at = step.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    let to = labels::complaint_status(step.to_status, lang);
    let _ = match step.from_status {
        Some(from) => write!(out, "{at} {} → {to}", labels::complaint_status(from, lang)),
        // The recording itself: nothing to move from.
        None => write!(out, "{at} → {to}"),
    };
    if !step.note.is_empty() {
        out.push_str(": ");
        out.push_str(&step.note);
    }
}

const REMINDERS_SQL: &str =
    "SELECT r.customer_id, c.name, r.due_on, r.note, r.repeat_rule, r.repeat_every,
            r.repeat_unit, r.done_at, r.complaint_id
     FROM reminders r CROSS JOIN customers c ON c.id = r.customer_id
     WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY r.id";

fn write_reminders(conn: &Connection, sheet: &mut Sheet, lang: Lang) -> Result<()> {
    let mut stmt = conn.prepare(REMINDERS_SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        sheet.next_row();
        sheet.integer(0, r.get(0)?)?;
        sheet.text(1, text_at(r, 1)?.unwrap_or(""))?;
        let due = text_at(r, 2)?.unwrap_or("");
        match due.parse() {
            Ok(d) => sheet.date(2, d)?,
            // Never expected (the store writes ISO dates), but keep what is there.
            Err(_) => sheet.text(2, due)?,
        }
        sheet.text(3, text_at(r, 3)?.unwrap_or(""))?;
        let rule = text_at(r, 4)?.and_then(RepeatRule::parse);
        let every: Option<u32> = r.get(5)?;
        let unit = text_at(r, 6)?.and_then(RepeatUnit::parse);
        if let (Some(rule), Some(every), Some(unit)) = (rule, every, unit) {
            sheet.text(4, &labels::repeat(Repeat { rule, every, unit }, lang))?;
        }
        if let Some(done) = time_at(r, 7)? {
            sheet.datetime(5, done)?;
        }
        if let Some(complaint) = r.get::<_, Option<i64>>(8)? {
            sheet.integer(6, complaint)?;
        }
    }
    Ok(())
}

impl Db {
    /// Writes the whole customer book (customers, interactions, complaints,
    /// reminders) to one .xlsx at `path`, headers and values in `lang`.
    pub fn export_workbook(&self, path: &Path, lang: Lang) -> Result<WorkbookReport> {
        let now = self.now();
        self.read(|conn| export_workbook(conn, path, lang, now))
    }
}
