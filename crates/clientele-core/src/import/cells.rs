//! Turning one spreadsheet cell into a customer field's value, the way a
//! person reading the sheet would: phone numbers stored as numbers, dates as
//! serial numbers or in any of the usual spellings, several values in a cell.

use chrono::{Datelike, NaiveDate};

use super::read::Cell;
use crate::text::to_half_width;
use crate::validate::parse_date;

/// The text a person sees in the cell: numbers without a trailing `.0` or an
/// exponent, dates as `2024-01-05` (with the time when it has one).
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(t) => {
            if t.time() == chrono::NaiveTime::MIN {
                t.date().to_string()
            } else {
                t.format("%Y-%m-%d %H:%M").to_string()
            }
        }
    }
}

/// `13800138000.0` → `13800138000`; `1.5` → `1.5`; never `1.38E+10`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}") // Rust's Display never uses an exponent
    }
}

/// Why a cell's value cannot be used; a rule name the UI translates.
pub type Rule = &'static str;

/// Separators people put between several values in one cell.
fn is_list_separator(c: char) -> bool {
    matches!(c, ',' | '，' | ';' | '；' | '、' | '/' | '|' | '\n' | '\r')
}

/// The phones in a cell. Several may share it (`138… / 139…`, one per line);
/// a label before them (`手机：`) is dropped; full-width digits count.
pub fn phones(c: &Cell) -> Result<Vec<String>, Rule> {
    let text = match c {
        Cell::Number(n) if n.fract() == 0.0 && *n > 0.0 && *n < 1e15 => {
            return Ok(vec![number_text(*n)])
        }
        Cell::Number(_) | Cell::Date(_) => return Err("invalid"),
        Cell::Empty => return Ok(vec![]),
        Cell::Text(t) => t.chars().map(to_half_width).collect::<String>(),
    };
    let mut out = Vec::new();
    for part in text.split(is_list_separator) {
        let part = strip_label(part.trim());
        if part.is_empty() {
            continue;
        }
        // Two numbers with only a space between them are two phones; a
        // number written in groups (`138 0013 8000`) is one.
        let words: Vec<&str> = part.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(|w| digit_count(w) >= 7) {
            for w in words {
                out.push(one_phone(w)?);
            }
        } else {
            out.push(one_phone(part)?);
        }
    }
    Ok(out)
}

fn digit_count(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// `手机：138…` → `138…`; `Tel: …` → `…`.
fn strip_label(s: &str) -> &str {
    match s.find([':', '：']) {
        Some(i) if !s[..i].chars().any(|c| c.is_ascii_digit()) => {
            s[i..].trim_start_matches([':', '：']).trim()
        }
        _ => s,
    }
}

fn one_phone(s: &str) -> Result<String, Rule> {
    // A CSV written from a sheet that held the phone as a number.
    if let Some(int) = s
        .strip_suffix(".0")
        .filter(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()))
    {
        return Ok(int.to_string());
    }
    if let Some(expanded) = scientific(s)? {
        return Ok(expanded);
    }
    Ok(s.to_string())
}

/// `1.3800138001E+10` → `13800138001`. Excel shows long numbers this way and
/// saves them so in CSV; when the digits shown are fewer than the number's
/// (`1.38E+10`), the rest are gone and the phone cannot be recovered.
fn scientific(s: &str) -> Result<Option<String>, Rule> {
    let Some((mantissa, exp)) = s.split_once(['e', 'E']) else {
        return Ok(None);
    };
    let Ok(exp) = exp.trim_start_matches('+').parse::<usize>() else {
        return Ok(None);
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.len() != 1 || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    if frac.len() > exp {
        return Ok(None); // not a whole number: not a phone written by Excel
    }
    if frac.len() < exp {
        return Err("digitsLost");
    }
    Ok(Some(format!("{int}{frac}")))
}

/// Several tags (or other list values) in one cell.
pub fn list(text: &str) -> Vec<String> {
    text.split(is_list_separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The date in a cell, or `None` for an empty cell. `day_first` reads
/// `05/01/2024` as 5 January; an impossible month (`13/01/2024`) decides alone.
pub fn date(c: &Cell, day_first: bool) -> Result<Option<NaiveDate>, Rule> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(t) => Ok(Some(t.date())),
        Cell::Number(n) => number_date(*n).map(Some).ok_or("invalid"),
        Cell::Text(t) => {
            let t: String = t.trim().chars().map(to_half_width).collect();
            if t.is_empty() {
                return Ok(None);
            }
            text_date(&t, day_first).map(Some).ok_or("invalid")
        }
    }
}

/// An Excel serial day number (1900 date system), or `20240105` typed as a number.
fn number_date(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 {
        return None;
    }
    let n = n as i64;
    if (19_000_101..=21_001_231).contains(&n) {
        return NaiveDate::from_ymd_opt(
            (n / 10000) as i32,
            (n / 100 % 100) as u32,
            (n % 100) as u32,
        );
    }
    // Day 60 is Lotus's 29 February 1900, which never was; 1899-12-30 as day
    // 0 makes every later serial right.
    if (1..=2_958_465).contains(&n) {
        return NaiveDate::from_ymd_opt(1899, 12, 30)?
            .checked_add_days(chrono::Days::new(n as u64));
    }
    None
}

fn text_date(t: &str, day_first: bool) -> Option<NaiveDate> {
    // A time after the date (`2024-01-05 00:00:00`, `2024-01-05T08:00`) is dropped.
    let d = t.split([' ', 'T']).next().unwrap_or(t);
    if let Some(date) = parse_date(d) {
        return Some(date);
    }
    if d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()) {
        return number_date(d.parse().ok()?);
    }
    // 05/01/2024, 5-1-2024, 05.01.2024: the year last.
    let parts: Vec<&str> = d.split(['/', '-', '.']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (day, month) = if a > 12 || (day_first && b <= 12) {
        (a, b)
    } else {
        (b, a)
    };
    let date = NaiveDate::from_ymd_opt(y, month, day)?;
    (date.year() == y).then_some(date)
}

/// `男`, `先生`, `M`, `female`... as the gender words the validator knows.
pub fn gender(text: &str) -> String {
    match text.trim().to_lowercase().as_str() {
        "先生" | "男士" | "男性" => "male".into(),
        "女士" | "小姐" | "女性" => "female".into(),
        other => other.to_string(),
    }
}

/// `30`, `30天`, `30 days` → `30`.
pub fn days(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_suffix('天')
        .or_else(|| t.strip_suffix("days"))
        .or_else(|| t.strip_suffix("day"))
        .unwrap_or(t);
    t.trim().trim_end_matches(".0").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn phones_stored_as_numbers_lose_no_digits_and_gain_no_dot() {
        assert_eq!(
            phones(&Cell::Number(13800138000.0)).unwrap(),
            vec!["13800138000"]
        );
        assert_eq!(phones(&text("13800138000.0")).unwrap(), vec!["13800138000"]);
        assert_eq!(
            phones(&text("1.3800138001E+10")).unwrap(),
            vec!["13800138001"]
        );
        // Zeros filled in by the exponent may be digits Excel dropped.
        assert_eq!(phones(&text("1.3800138E+10")), Err("digitsLost"));
        assert_eq!(phones(&text("1.38E+10")), Err("digitsLost"));
        assert_eq!(
            phones(&text("0755-83451234")).unwrap(),
            vec!["0755-83451234"]
        );
        assert_eq!(
            phones(&text("０７５５１２３４５６７")).unwrap(),
            vec!["07551234567"]
        );
    }

    #[test]
    fn several_phones_in_one_cell() {
        let want = vec!["13800138000", "13900139000"];
        for cell in [
            "13800138000/13900139000",
            "13800138000，13900139000",
            "13800138000 13900139000",
            "手机：13800138000\n座机：13900139000",
            "13800138000、13900139000",
        ] {
            assert_eq!(phones(&text(cell)).unwrap(), want, "{cell:?}");
        }
        assert_eq!(
            phones(&text("138 0013 8000")).unwrap(),
            vec!["138 0013 8000"]
        );
        assert_eq!(
            phones(&text("+86 138 0013 8000")).unwrap(),
            vec!["+86 138 0013 8000"]
        );
    }

    #[test]
    fn dates_in_every_spelling() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        for s in [
            "2024-01-05",
            "2024/1/5",
            "2024.1.5",
            "2024年1月5日",
            "20240105",
            "2024-01-05 00:00:00",
            "01/05/2024",
        ] {
            assert_eq!(date(&text(s), false), Ok(Some(d)), "{s}");
        }
        assert_eq!(date(&text("05/01/2024"), true), Ok(Some(d)));
        assert_eq!(
            date(&text("25/12/2024"), false),
            Ok(NaiveDate::from_ymd_opt(2024, 12, 25))
        );
        assert_eq!(
            date(&Cell::Number(45296.0), false),
            Ok(Some(d)),
            "Excel serial"
        );
        assert_eq!(date(&Cell::Number(20240105.0), false), Ok(Some(d)));
        assert_eq!(date(&text("2024-02-30"), false), Err("invalid"));
        assert_eq!(date(&text("soon"), false), Err("invalid"));
        assert_eq!(date(&Cell::Empty, false), Ok(None));
    }

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number_text(30.0), "30");
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(days("30天"), "30");
        assert_eq!(days("30.0"), "30");
        assert_eq!(gender("先生"), "male");
    }
}
