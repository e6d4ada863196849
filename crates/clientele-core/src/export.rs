//! Excel export of the customer list, as filtered on screen.
//!
//! Everything a person typed is written as a string cell, so `=1+1` or
//! `@SUM(A1)` stays text and phone numbers keep `+86` and leading zeros.
//! Birthdays and times are real Excel dates. Headers follow the UI language.

use std::path::Path;

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use crate::customers::for_each_customer;
use crate::db::Db;
use crate::error::Result;
use crate::model::{Customer, CustomerQuery, ExportReport, Gender, Lang};

/// Excel's limit on the characters in one cell.
pub const EXCEL_MAX_CELL_CHARS: usize = 32_767;
/// The widest a fitted column gets; longer text wraps in Excel's own way.
const MAX_COLUMN_WIDTH: f64 = 60.0;

#[derive(Clone, Copy, PartialEq)]
enum Column {
    Id,
    Name,
    Phones,
    Email,
    Company,
    Address,
    Birthday,
    Gender,
    Source,
    Tags,
    ContactCycle,
    Notes,
    Created,
    Updated,
}

const COLUMNS: [Column; 14] = [
    Column::Id,
    Column::Name,
    Column::Phones,
    Column::Email,
    Column::Company,
    Column::Address,
    Column::Birthday,
    Column::Gender,
    Column::Source,
    Column::Tags,
    Column::ContactCycle,
    Column::Notes,
    Column::Created,
    Column::Updated,
];

fn header(col: Column, lang: Lang) -> &'static str {
    use Column::*;
    match lang {
        Lang::ZhCn => match col {
            Id => "编号",
            Name => "姓名",
            Phones => "电话",
            Email => "邮箱",
            Company => "公司",
            Address => "地址",
            Birthday => "生日",
            Gender => "性别",
            Source => "来源",
            Tags => "标签",
            ContactCycle => "联系周期（天）",
            Notes => "备注",
            Created => "创建时间",
            Updated => "更新时间",
        },
        Lang::En => match col {
            Id => "ID",
            Name => "Name",
            Phones => "Phones",
            Email => "Email",
            Company => "Company",
            Address => "Address",
            Birthday => "Birthday",
            Gender => "Gender",
            Source => "Source",
            Tags => "Tags",
            ContactCycle => "Contact cycle (days)",
            Notes => "Notes",
            Created => "Created",
            Updated => "Updated",
        },
    }
}

fn sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "客户",
        Lang::En => "Customers",
    }
}

fn gender_label(g: Gender, lang: Lang) -> &'static str {
    match (lang, g) {
        (Lang::ZhCn, Gender::Female) => "女",
        (Lang::ZhCn, Gender::Male) => "男",
        (Lang::ZhCn, Gender::Other) => "其他",
        (Lang::En, Gender::Female) => "Female",
        (Lang::En, Gender::Male) => "Male",
        (Lang::En, Gender::Other) => "Other",
    }
}

/// The text that replaces the end of a cell too long for Excel.
pub fn truncation_marker(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "…[内容超过 Excel 单元格 32767 字符上限，已截断]",
        Lang::En => "… [cut: longer than Excel's 32,767-character cell limit]",
    }
}

/// Separator between several phones or tags in one cell; the importer splits on it.
pub const LIST_SEPARATOR: &str = "; ";

/// Writes the customers matching `query` (every page, in list order) to `path`.
///
/// The file appears whole or not at all: it is written beside the target
/// and renamed into place, so a failed export never leaves half a file.
pub fn export_customers(
    db: &Db,
    query: &CustomerQuery,
    lang: Lang,
    path: &Path,
) -> Result<ExportReport> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name(lang))?;

    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut widths: Vec<f64> = COLUMNS
        .iter()
        .map(|c| display_width(header(*c, lang)) + 3.0)
        .collect();

    for (col, c) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header(*c, lang), &bold)?;
    }

    let mut row: u32 = 0;
    let mut truncated_cells = 0u32;
    db.read(|conn| {
        for_each_customer(conn, query, |customer| {
            row += 1;
            for (col, c) in COLUMNS.iter().enumerate() {
                let w = write_cell(
                    sheet,
                    row,
                    col as u16,
                    *c,
                    &customer,
                    lang,
                    &date,
                    &datetime,
                    &mut truncated_cells,
                )?;
                widths[col] = widths[col].max(w);
            }
            Ok(())
        })
    })?;

    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, w.min(MAX_COLUMN_WIDTH))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.max(1), COLUMNS.len() as u16 - 1)?;

    let partial = path.with_extension("xlsx.partial");
    let saved = workbook
        .save(&partial)
        .map_err(crate::Error::from)
        .and_then(|()| {
            std::fs::rename(&partial, path)?;
            Ok(())
        });
    if saved.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    saved?;
    Ok(ExportReport {
        path: path.display().to_string(),
        rows: row,
        truncated_cells,
    })
}

/// Writes one cell; returns the width it needs.
#[allow(clippy::too_many_arguments)]
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    column: Column,
    c: &Customer,
    lang: Lang,
    date: &Format,
    datetime: &Format,
    truncated: &mut u32,
) -> Result<f64> {
    let mut text = |sheet: &mut Worksheet, value: &str| -> Result<f64> {
        if value.is_empty() {
            return Ok(0.0);
        }
        let value = fit_cell(value, lang, truncated);
        sheet.write_string(row, col, value.as_ref())?;
        Ok(display_width(&value) + 1.0)
    };
    match column {
        Column::Id => {
            sheet.write_number(row, col, c.id as f64)?;
            Ok(c.id.to_string().len() as f64 + 1.0)
        }
        Column::Name => text(sheet, &c.name),
        Column::Phones => text(sheet, &c.phones.join(LIST_SEPARATOR)),
        Column::Email => text(sheet, c.email.as_deref().unwrap_or("")),
        Column::Company => text(sheet, c.company.as_deref().unwrap_or("")),
        Column::Address => text(sheet, c.address.as_deref().unwrap_or("")),
        Column::Birthday => {
            if let Some(d) = c.birthday {
                sheet.write_datetime_with_format(row, col, excel_date(d)?, date)?;
            }
            Ok(11.0)
        }
        Column::Gender => text(sheet, c.gender.map(|g| gender_label(g, lang)).unwrap_or("")),
        Column::Source => text(sheet, c.source.as_deref().unwrap_or("")),
        Column::Tags => text(sheet, &c.tags.join(LIST_SEPARATOR)),
        Column::ContactCycle => {
            if let Some(days) = c.contact_cycle_days {
                sheet.write_number(row, col, days as f64)?;
            }
            Ok(5.0)
        }
        Column::Notes => text(sheet, &c.notes),
        Column::Created | Column::Updated => {
            let t = if column == Column::Created {
                c.created_at
            } else {
                c.updated_at
            };
            sheet.write_datetime_with_format(
                row,
                col,
                excel_datetime(t.with_timezone(&Local).naive_local())?,
                datetime,
            )?;
            Ok(17.0)
        }
    }
}

/// Cuts text longer than Excel allows, ending it with a visible marker.
fn fit_cell<'a>(value: &'a str, lang: Lang, truncated: &mut u32) -> std::borrow::Cow<'a, str> {
    // Excel counts UTF-16 units; an emoji takes two.
    if value.encode_utf16().count() <= EXCEL_MAX_CELL_CHARS
        && value.chars().count() <= EXCEL_MAX_CELL_CHARS
    {
        return value.into();
    }
    *truncated += 1;
    let marker = truncation_marker(lang);
    let budget = EXCEL_MAX_CELL_CHARS - marker.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, ch) in value.char_indices() {
        if used + ch.len_utf16() > budget {
            break;
        }
        used += ch.len_utf16();
        end = i + ch.len_utf8();
    }
    format!("{}{}", &value[..end], marker).into()
}

/// Column width in Excel's units: a CJK character is about two Latin ones.
fn display_width(s: &str) -> f64 {
    // Only the first line shows in a cell at its default height.
    let first = s.lines().next().unwrap_or("");
    let sample: String = first.chars().take(80).collect();
    UnicodeWidthStr::width(sample.as_str()) as f64
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year() as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

fn excel_datetime(t: NaiveDateTime) -> Result<ExcelDateTime> {
    Ok(excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_the_limit_with_a_marker() {
        let mut n = 0;
        let long = "长".repeat(40_000);
        let cut = fit_cell(&long, Lang::ZhCn, &mut n);
        assert_eq!(n, 1);
        assert!(cut.ends_with(truncation_marker(Lang::ZhCn)));
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CELL_CHARS);
        assert!(cut.encode_utf16().count() > EXCEL_MAX_CELL_CHARS - 100);

        // Emoji count double in UTF-16 and are never split in half.
        let emoji = "🍎".repeat(20_000);
        let cut = fit_cell(&emoji, Lang::En, &mut n);
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CELL_CHARS);
        assert_eq!(n, 2);

        let exact = "x".repeat(EXCEL_MAX_CELL_CHARS);
        assert_eq!(
            fit_cell(&exact, Lang::En, &mut n).len(),
            EXCEL_MAX_CELL_CHARS
        );
        assert_eq!(n, 2);
    }

    #[test]
    fn chinese_is_twice_as_wide() {
        assert_eq!(display_width("张三"), 4.0);
        assert_eq!(display_width("ab"), 2.0);
    }
}
