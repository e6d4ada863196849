//! One worksheet of an Excel export, written row by row in constant memory,
//! shared by the customer export and the whole-workbook export.
//!
//! Every sheet looks the same: a bold frozen header with an autofilter, column
//! widths fitted to the content (CJK counted double), text that stays text
//! (`=1+1` is never a formula), real Excel dates, and cells too long for Excel
//! cut with a visible marker and counted, so the user can be told.

use std::borrow::Cow;
use std::path::Path;

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, Timelike, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};
use unicode_width::UnicodeWidthChar;

use crate::error::Result;
use crate::model::Lang;

/// Excel's limit on the characters in one cell.
pub const EXCEL_MAX_CELL_CHARS: usize = 32_767;
/// The widest a fitted column gets; longer text wraps in Excel's own way.
const MAX_COLUMN_WIDTH: f64 = 60.0;
/// Room beside a header for the autofilter's drop-down arrow.
const HEADER_PADDING: f64 = 3.0;
/// How much of a cell's first line is measured for its column's width.
const WIDTH_SAMPLE_CHARS: usize = 80;
const DATE_WIDTH: f64 = 11.0;
const DATETIME_WIDTH: f64 = 17.0;

/// The text that replaces the end of a cell too long for Excel.
pub fn truncation_marker(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "…[内容超过 Excel 单元格 32767 字符上限，已截断]",
        Lang::En => "… [cut: longer than Excel's 32,767-character cell limit]",
    }
}

/// The cell formats every sheet of a workbook shares.
pub(crate) struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    money: Format,
    percent: Format,
    decimal: Format,
}

impl Formats {
    pub fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            money: Format::new().set_num_format("0.00"),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.00"),
        }
    }
}

/// What one finished sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SheetCounts {
    /// Data rows, the header not counted.
    pub rows: u32,
    pub truncated_cells: u32,
}

/// A worksheet being written top to bottom. Call [`Sheet::next_row`] before
/// each row's cells; cells of a row may come in any column order.
pub(crate) struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
    lang: Lang,
    widths: Vec<f64>,
    row: u32,
    truncated: u32,
}

impl<'a> Sheet<'a> {
    /// Adds a constant-memory sheet named `name` to `workbook`, with `headers` in bold.
    pub fn add(
        workbook: &'a mut Workbook,
        formats: &'a Formats,
        name: &str,
        headers: &[&str],
        lang: Lang,
    ) -> Result<Self> {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        Self::start(sheet, formats, name, headers, lang)
    }

    /// A sheet kept in memory until saved: for small tables that charts
    /// draw from (a chart's cached values are read from the cells at save).
    pub fn add_small(
        workbook: &'a mut Workbook,
        formats: &'a Formats,
        name: &str,
        headers: &[&str],
        lang: Lang,
    ) -> Result<Self> {
        let sheet = workbook.add_worksheet();
        Self::start(sheet, formats, name, headers, lang)
    }

    fn start(
        sheet: &'a mut Worksheet,
        formats: &'a Formats,
        name: &str,
        headers: &[&str],
        lang: Lang,
    ) -> Result<Self> {
        sheet.set_name(name)?;
        for (col, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &formats.header)?;
        }
        Ok(Sheet {
            sheet,
            formats,
            lang,
            widths: headers
                .iter()
                .map(|h| display_width(h) + HEADER_PADDING)
                .collect(),
            row: 0,
            truncated: 0,
        })
    }

    /// Starts the next data row.
    pub fn next_row(&mut self) {
        self.row += 1;
    }

    fn fit(&mut self, col: u16, width: f64) {
        let w = &mut self.widths[usize::from(col)];
        if width > *w {
            *w = width;
        }
    }

    /// Text, always as a string cell; empty text leaves the cell blank.
    pub fn text(&mut self, col: u16, value: &str) -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let value = fit_cell(value, self.lang, &mut self.truncated);
        self.sheet.write_string(self.row, col, value.as_ref())?;
        // A cell's width is at most its byte length (wide characters take
        // three or four bytes), so most cells need no measuring once the
        // column is as wide as they could be.
        if value.len() as f64 + 1.0 > self.widths[usize::from(col)] {
            self.fit(col, display_width(&value) + 1.0);
        }
        Ok(())
    }

    pub fn integer(&mut self, col: u16, n: i64) -> Result<()> {
        self.sheet.write_number(self.row, col, n as f64)?;
        self.fit(col, digits(n) + 1.0);
        Ok(())
    }

    /// An amount in hundredths, as a number shown with two decimals.
    pub fn money(&mut self, col: u16, cents: i64) -> Result<()> {
        self.sheet.write_number_with_format(
            self.row,
            col,
            cents as f64 / 100.0,
            &self.formats.money,
        )?;
        self.fit(col, digits(cents / 100) + 4.0);
        Ok(())
    }

    /// A share (0.25 shows as 25.0%); none leaves the cell blank.
    pub fn percent(&mut self, col: u16, share: Option<f64>) -> Result<()> {
        if let Some(v) = share {
            self.sheet
                .write_number_with_format(self.row, col, v, &self.formats.percent)?;
            self.fit(col, 8.0);
        }
        Ok(())
    }

    /// A number shown with two decimals; none leaves the cell blank.
    pub fn decimal(&mut self, col: u16, value: Option<f64>) -> Result<()> {
        if let Some(v) = value {
            self.sheet
                .write_number_with_format(self.row, col, v, &self.formats.decimal)?;
            self.fit(col, digits(v as i64) + 4.0);
        }
        Ok(())
    }

    /// The row last written (0 is the header): where a chart's data ends.
    pub fn last_row(&self) -> u32 {
        self.row
    }

    /// Places a chart with its top-left corner at (`row`, `col`).
    pub fn chart(&mut self, row: u32, col: u16, chart: &rust_xlsxwriter::Chart) -> Result<()> {
        self.sheet.insert_chart(row, col, chart)?;
        Ok(())
    }

    pub fn date(&mut self, col: u16, d: NaiveDate) -> Result<()> {
        self.sheet
            .write_datetime_with_format(self.row, col, excel_date(d)?, &self.formats.date)?;
        self.fit(col, DATE_WIDTH);
        Ok(())
    }

    /// A moment, shown as the owner's local date and time.
    pub fn datetime(&mut self, col: u16, t: DateTime<Utc>) -> Result<()> {
        let local = t.with_timezone(&Local).naive_local();
        self.sheet.write_datetime_with_format(
            self.row,
            col,
            excel_datetime(local)?,
            &self.formats.datetime,
        )?;
        self.fit(col, DATETIME_WIDTH);
        Ok(())
    }

    /// Sets the widths, freezes the header and adds the autofilter.
    pub fn finish(self) -> Result<SheetCounts> {
        for (col, w) in self.widths.iter().enumerate() {
            self.sheet
                .set_column_width(col as u16, w.min(MAX_COLUMN_WIDTH))?;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.sheet.autofilter(0, 0, self.row.max(1), last_col)?;
        Ok(SheetCounts {
            rows: self.row,
            truncated_cells: self.truncated,
        })
    }
}

/// Saves `workbook` to `path` whole or not at all: it is written beside the
/// target and renamed into place, so a failed export never leaves half a file
/// (nor replaces a good one).
pub(crate) fn save_whole(workbook: &mut Workbook, path: &Path) -> Result<()> {
    // Deflate level 3, as Excel itself saves: at a million rows the default
    // (6) spent 7 of 14 s compressing, level 3 under 3 s, for a file 5% larger.
    workbook.set_zip_compression_level(3);
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
    saved
}

/// Cuts text longer than Excel allows, ending it with a visible marker.
pub(crate) fn fit_cell<'a>(value: &'a str, lang: Lang, truncated: &mut u32) -> Cow<'a, str> {
    // Excel counts UTF-16 units (an emoji takes two); a string has no more
    // of those than bytes, so short ones need no counting.
    if value.len() <= EXCEL_MAX_CELL_CHARS || value.encode_utf16().count() <= EXCEL_MAX_CELL_CHARS {
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
pub(crate) fn display_width(s: &str) -> f64 {
    // Only the first line shows in a cell at its default height.
    let first = s.lines().next().unwrap_or("");
    first
        .chars()
        .take(WIDTH_SAMPLE_CHARS)
        .map(|c| c.width().unwrap_or(0))
        .sum::<usize>() as f64
}

fn digits(n: i64) -> f64 {
    let sign = if n < 0 { 1 } else { 0 };
    (n.unsigned_abs().checked_ilog10().unwrap_or(0) + 1 + sign) as f64
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
        // Many bytes but few UTF-16 units: 20,000 CJK characters fit.
        let wide = "长".repeat(20_000);
        assert_eq!(fit_cell(&wide, Lang::En, &mut n), wide);
        assert_eq!(n, 2);
    }

    #[test]
    fn chinese_is_twice_as_wide_and_only_the_first_line_counts() {
        assert_eq!(display_width("张三"), 4.0);
        assert_eq!(display_width("ab"), 2.0);
        assert_eq!(display_width("ab\n张三李四王五"), 2.0);
        assert_eq!(display_width(&"x".repeat(500)), WIDTH_SAMPLE_CHARS as f64);
    }

    #[test]
    fn digits_count_the_sign() {
        assert_eq!(digits(0), 1.0);
        assert_eq!(digits(9), 1.0);
        assert_eq!(digits(10), 2.0);
        assert_eq!(digits(-100), 4.0);
        assert_eq!(digits(i64::MIN), 20.0);
    }
}
