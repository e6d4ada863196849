//! Excel export of the customer list, as filtered on screen.
//!
//! Everything a person typed is written as a string cell, so `=1+1` or
//! `@SUM(A1)` stays text and phone numbers keep `+86` and leading zeros.
//! Birthdays and times are real Excel dates. Headers follow the UI language.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::customers::for_each_customer;
use crate::db::Db;
use crate::error::Result;
use crate::model::{Customer, CustomerQuery, ExportReport, Gender, Lang};
use crate::xlsx_sheet::{save_whole, Formats, Sheet};
pub use crate::xlsx_sheet::{truncation_marker, EXCEL_MAX_CELL_CHARS};

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

/// The customers sheet's name (also in the whole workbook).
pub(crate) fn sheet_name(lang: Lang) -> &'static str {
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

/// Separator between several phones or tags in one cell; the importer splits on it.
pub const LIST_SEPARATOR: &str = "; ";

/// The customer columns' headers, in order.
pub(crate) fn headers(lang: Lang) -> Vec<&'static str> {
    COLUMNS.iter().map(|c| header(*c, lang)).collect()
}

/// Writes the customers matching `query` (every page, in list order) to `path`.
///
/// The file appears whole or not at all (see [`save_whole`]).
pub fn export_customers(
    db: &Db,
    query: &CustomerQuery,
    lang: Lang,
    path: &Path,
) -> Result<ExportReport> {
    export_with(db, lang, path, |conn, f| for_each_customer(conn, query, f))
}

/// Writes the customers `each` streams to `path`: the list as filtered, or a
/// selection of it (`bulk.rs`).
pub(crate) fn export_with(
    db: &Db,
    lang: Lang,
    path: &Path,
    each: impl FnOnce(&rusqlite::Connection, &mut dyn FnMut(Customer) -> Result<()>) -> Result<()>,
) -> Result<ExportReport> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let mut sheet = Sheet::add(
        &mut workbook,
        &formats,
        sheet_name(lang),
        &headers(lang),
        lang,
    )?;
    db.read(|conn| {
        each(conn, &mut |customer| {
            sheet.next_row();
            write_row(&mut sheet, &customer, lang)
        })
    })?;
    let counts = sheet.finish()?;
    save_whole(&mut workbook, path)?;
    Ok(ExportReport {
        path: path.display().to_string(),
        rows: counts.rows,
        truncated_cells: counts.truncated_cells,
    })
}

/// Writes one customer's cells into the sheet's current row.
pub(crate) fn write_row(sheet: &mut Sheet, c: &Customer, lang: Lang) -> Result<()> {
    for (col, column) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        match column {
            Column::Id => sheet.integer(col, c.id)?,
            Column::Name => sheet.text(col, &c.name)?,
            Column::Phones => sheet.text(col, &c.phones.join(LIST_SEPARATOR))?,
            Column::Email => sheet.text(col, c.email.as_deref().unwrap_or(""))?,
            Column::Company => sheet.text(col, c.company.as_deref().unwrap_or(""))?,
            Column::Address => sheet.text(col, c.address.as_deref().unwrap_or(""))?,
            Column::Birthday => {
                if let Some(d) = c.birthday {
                    sheet.date(col, d)?;
                }
            }
            Column::Gender => {
                sheet.text(col, c.gender.map(|g| gender_label(g, lang)).unwrap_or(""))?
            }
            Column::Source => sheet.text(col, c.source.as_deref().unwrap_or(""))?,
            Column::Tags => sheet.text(col, &c.tags.join(LIST_SEPARATOR))?,
            Column::ContactCycle => {
                if let Some(days) = c.contact_cycle_days {
                    sheet.integer(col, days.into())?;
                }
            }
            Column::Notes => sheet.text(col, &c.notes)?,
            Column::Created => sheet.datetime(col, c.created_at)?,
            Column::Updated => sheet.datetime(col, c.updated_at)?,
        }
    }
    Ok(())
}
