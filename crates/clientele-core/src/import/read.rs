//! Reads a spreadsheet or CSV file into one grid of typed cells, whatever the
//! format: `.xlsx`, `.xls`, `.ods` (calamine) and `.csv`/`.txt` (csv crate,
//! in UTF-8 with or without a BOM, UTF-16 with a BOM, or GBK/GB18030).

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};
use chrono::NaiveDateTime;

use crate::error::{Error, Result};

/// One cell as the file stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formatted as a date (or an ISO date in an `.ods`).
    Date(NaiveDateTime),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet's cells; `rows[0]` is the file's row `first_row + 1` as people count.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    pub first_row: u32,
}

impl Grid {
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The 1-based row number a person sees in the spreadsheet.
    pub fn row_number(&self, index: usize) -> u32 {
        self.first_row + index as u32 + 1
    }
}

/// A file opened for import: its sheet names and the chosen sheet's cells.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub grid: Grid,
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::ImportUnreadable(format!("{}: {why}", path.display()))
}

/// Opens `path` and reads `sheet` (the first sheet with any cells when `None`).
pub fn load(path: &Path, sheet: Option<&str>) -> Result<Loaded> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Loaded {
                sheets: vec![name.clone()],
                sheet: name,
                grid: read_csv(&bytes)?,
            })
        }
        "xlsx" | "xlsm" | "xls" | "ods" => load_spreadsheet(path, sheet),
        _ => Err(Error::ImportUnsupported(ext)),
    }
}

fn load_spreadsheet(path: &Path, sheet: Option<&str>) -> Result<Loaded> {
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(path, e))?;
    let sheets = book.sheet_names();
    if sheets.is_empty() {
        return Err(unreadable(path, "the file has no sheets"));
    }
    let (chosen, grid) = match sheet {
        Some(name) => {
            if !sheets.iter().any(|s| s == name) {
                return Err(Error::ImportSheetMissing(name.to_string()));
            }
            (
                name.to_string(),
                read_grid(&mut book, name).map_err(|e| unreadable(path, e))?,
            )
        }
        None => likeliest_sheet(&mut book, &sheets).map_err(|e| unreadable(path, e))?,
    };
    Ok(Loaded {
        sheets,
        sheet: chosen,
        grid,
    })
}

/// Without a choice: the first sheet whose headers name the most customer
/// fields (a workbook often opens on an instructions sheet), else the first
/// sheet with anything in it.
fn likeliest_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    names: &[String],
) -> std::result::Result<(String, Grid), calamine::Error> {
    let mut best: Option<(usize, String, Grid)> = None;
    let mut first_filled: Option<(String, Grid)> = None;
    for name in names {
        let grid = read_grid(book, name)?;
        if grid.rows.iter().all(|r| r.iter().all(Cell::is_blank)) {
            continue;
        }
        let score = super::columns::header_score(&grid);
        if score > 0 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, name.clone(), grid.clone()));
        }
        if first_filled.is_none() {
            first_filled = Some((name.clone(), grid));
        }
    }
    Ok(best
        .map(|(_, n, g)| (n, g))
        .or(first_filled)
        .unwrap_or_else(|| (names[0].clone(), Grid::default())))
}

fn read_grid<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> std::result::Result<Grid, calamine::Error> {
    let range = book.worksheet_range(name)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = range
        .rows()
        .map(|r| {
            // Columns before the range's start are empty: keep columns aligned
            // with what the user sees (A, B, C...).
            let mut cells = vec![Cell::Empty; first_col as usize];
            cells.extend(r.iter().map(cell_from));
            trim_trailing_empty(&mut cells);
            cells
        })
        .collect();
    for region in merged_regions(book, name) {
        fill_merged(&mut rows, first_row, region);
    }
    Ok(Grid { rows, first_row })
}

/// Merged cells ((row, col) start and end, inclusive). `.ods` files give no
/// merge list to calamine; their covered cells read as empty.
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
) -> Vec<((u32, u32), (u32, u32))> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        _ => None,
    };
    dims.unwrap_or_default()
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect()
}

/// A block merged down several rows shows its value on each of them, so a
/// group name merged down ten rows belongs to each of the ten customers. A
/// block merged across (a title) stays in its first column.
fn fill_merged(
    rows: &mut [Vec<Cell>],
    first_row: u32,
    ((r0, c0), (r1, _)): ((u32, u32), (u32, u32)),
) {
    let Some(top) = r0.checked_sub(first_row).map(|r| r as usize) else {
        return;
    };
    let Some(value) = rows.get(top).and_then(|r| r.get(c0 as usize)).cloned() else {
        return;
    };
    if value.is_blank() {
        return;
    }
    let c = c0 as usize;
    for r in r0 + 1..=r1 {
        let Some(row) = rows.get_mut((r - first_row) as usize) else {
            break;
        };
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        if row[c].is_blank() {
            row[c] = value.clone();
        }
    }
}

fn cell_from(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t),
            // A duration-formatted number is still a number.
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => parse_iso(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while cells.last().is_some_and(Cell::is_blank) {
        cells.pop();
    }
}

/// Decodes CSV bytes: a BOM decides when there is one; otherwise UTF-8 if the
/// bytes are valid UTF-8, else GB18030 (a superset of GBK, which Chinese
/// Excel writes when it saves "CSV").
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator the lines agree on: comma, semicolon (European Excel) or tab.
fn sniff_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for sep in [b',', b';', b'\t'] {
        // Count outside quotes, per line; a separator that appears on most
        // lines (and often) is the one.
        let per_line: Vec<usize> = lines
            .iter()
            .map(|l| {
                let mut quoted = false;
                l.bytes()
                    .filter(|b| {
                        if *b == b'"' {
                            quoted = !quoted;
                        }
                        !quoted && *b == sep
                    })
                    .count()
            })
            .collect();
        let lines_with = per_line.iter().filter(|n| **n > 0).count();
        let score = lines_with * 1000 + per_line.iter().sum::<usize>();
        if score > best.1 {
            best = (sep, score);
        }
    }
    best.0
}

pub fn read_csv(bytes: &[u8]) -> Result<Grid> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_separator(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::ImportUnreadable(e.to_string()))?;
        let mut cells: Vec<Cell> = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f.to_string())
                }
            })
            .collect();
        trim_trailing_empty(&mut cells);
        rows.push(cells);
    }
    Ok(Grid { rows, first_row: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn csv_in_any_encoding_and_separator_reads_the_same() {
        let want = vec![vec!["姓名", "电话"], vec!["张三", "13800138000"]];
        let utf8 = "姓名,电话\n张三,13800138000\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名;电话\r\n张三;13800138000\r\n");
        for bytes in [utf8.as_bytes().to_vec(), bom, gbk.into_owned()] {
            assert_eq!(texts(&read_csv(&bytes).unwrap()), want);
        }
    }

    #[test]
    fn quoted_separators_do_not_split() {
        let g = read_csv("name;notes\n\"Li, Ming\";\"a, b, c\"\n".as_bytes()).unwrap();
        assert_eq!(texts(&g)[1], vec!["Li, Ming", "a, b, c"]);
    }

    #[test]
    fn merged_block_fills_every_cell() {
        let vip = Cell::Text("VIP".into());
        let mut rows = vec![vec![Cell::Empty, vip.clone()], vec![Cell::Empty], vec![]];
        fill_merged(&mut rows, 4, ((4, 1), (6, 2)));
        assert!(rows.iter().all(|r| r[1] == vip));
        assert!(rows
            .iter()
            .all(|r| r.get(2).is_none_or(|c| *c == Cell::Empty)));

        let mut title = vec![vec![Cell::Text("2024年客户名单".into())]];
        fill_merged(&mut title, 0, ((0, 0), (0, 7)));
        assert_eq!(title[0].len(), 1, "a title merged across stays one cell");
    }
}
