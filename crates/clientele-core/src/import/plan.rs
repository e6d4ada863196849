//! Deciding, row by row, what an import does: read each row's cells into a
//! customer, check them with the customer rules, and match phones and emails
//! against the customers already here and the rows above.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::cells::{self, cell_text};
use super::columns::{column_letter, find_header_row, guess_columns};
use super::read::{Cell, Loaded};
use super::{
    DuplicateRow, ImportColumn, ImportField, ImportOptions, ImportPreview, ImportSummary,
    OnDuplicate, PreviewRow, RowIssue, LISTED,
};
use crate::customers::get_customer;
use crate::error::{Error, Result};
use crate::model::{Customer, CustomerInput};
use crate::validate::{validate_customer, ValidCustomer, MAX_PHONES, MAX_TAGS};

/// Rows the preview shows under the header.
const PREVIEW_ROWS: usize = 8;

/// The header row (index into the grid) and one field per column.
struct Layout {
    header: Option<usize>,
    headers: Vec<String>,
    fields: Vec<ImportField>,
    guessed: Vec<bool>,
}

fn layout(loaded: &Loaded, options: &ImportOptions) -> Layout {
    let grid = &loaded.grid;
    let header = match options.header_row {
        Some(0) => None,
        Some(n) => (n.checked_sub(grid.first_row + 1)).map(|i| i as usize),
        None => find_header_row(grid),
    };
    let width = grid.width();
    let mut headers: Vec<String> = header
        .and_then(|h| grid.rows.get(h))
        .map(|r| r.iter().map(cell_text).collect())
        .unwrap_or_default();
    headers.resize(width, String::new());
    let guesses = guess_columns(&headers);
    let (fields, guessed) = match &options.columns {
        Some(chosen) => (0..width)
            .map(|i| match chosen.get(i) {
                Some(f) => (*f, false),
                None => (ImportField::Skip, false),
            })
            .unzip(),
        None => (guesses, vec![true; width]),
    };
    Layout {
        header,
        headers,
        fields,
        guessed,
    }
}

/// Indexes of the rows to import: below the header, not blank, not a
/// repeat of the header (sheets printed in pages repeat it).
fn data_rows<'a>(loaded: &'a Loaded, layout: &'a Layout) -> impl Iterator<Item = usize> + 'a {
    let start = layout.header.map_or(0, |h| h + 1);
    (start..loaded.grid.rows.len()).filter(move |&i| {
        let row = &loaded.grid.rows[i];
        let mapped_content = row.iter().enumerate().any(|(c, cell)| {
            layout
                .fields
                .get(c)
                .is_some_and(|f| *f != ImportField::Skip)
                && !cell.is_blank()
        });
        let repeats_header = layout.header.is_some()
            && row
                .iter()
                .map(cell_text)
                .eq(layout.headers.iter().take(row.len()).cloned());
        mapped_content && !repeats_header
    })
}

pub(super) fn preview(file_name: String, loaded: Loaded, options: &ImportOptions) -> ImportPreview {
    let layout = layout(&loaded, options);
    let grid = &loaded.grid;
    let columns = (0..layout.fields.len())
        .map(|i| ImportColumn {
            letter: column_letter(i),
            header: layout.headers[i].clone(),
            field: layout.fields[i],
            guessed: layout.guessed[i],
        })
        .collect();
    // Sample the rows people will recognise, even ones only skipped columns fill.
    let start = layout.header.map_or(0, |h| h + 1);
    let rows = (start..grid.rows.len())
        .filter(|&i| grid.rows[i].iter().any(|c| !c.is_blank()))
        .take(PREVIEW_ROWS)
        .map(|i| PreviewRow {
            row: grid.row_number(i),
            cells: (0..layout.fields.len())
                .map(|c| {
                    let cell = grid.rows[i].get(c).unwrap_or(&Cell::Empty);
                    as_read(cell, layout.fields[c], options.day_first)
                })
                .collect(),
        })
        .collect();
    let data_rows = data_rows(&loaded, &layout).count() as u32;
    ImportPreview {
        file_name,
        sheets: loaded.sheets.clone(),
        sheet: loaded.sheet.clone(),
        header_row: layout.header.map_or(0, |h| grid.row_number(h)),
        columns,
        rows,
        data_rows,
    }
}

/// A cell as its column's field will read it (a serial number as the date
/// it stands for, several phones one per entry); the text itself when the
/// field does not read it, so the user sees what is wrong.
fn as_read(cell: &Cell, field: ImportField, day_first: bool) -> String {
    match field {
        ImportField::Birthday => match cells::date(cell, day_first) {
            Ok(Some(d)) => d.to_string(),
            _ => cell_text(cell),
        },
        ImportField::Phones => match cells::phones(cell) {
            Ok(p) if !p.is_empty() => p.join("; "),
            _ => cell_text(cell),
        },
        ImportField::Tags => cells::list(&cell_text(cell)).join("; "),
        _ => cell_text(cell),
    }
}

/// An existing customer an import changes.
pub(super) struct Update {
    pub id: i64,
    pub before: Customer,
    pub after: ValidCustomer,
    pub changed: bool,
}

pub(super) struct Plan {
    /// New customers, with the row each came from.
    pub adds: Vec<(u32, ValidCustomer)>,
    pub updates: Vec<Update>,
    pub summary: ImportSummary,
}

#[derive(Clone, Copy)]
enum Target {
    Existing(i64),
    /// An earlier row of the file: index into `Plan::adds`.
    Earlier(usize),
}

/// The key a phone is matched on: its digits, without a +86/0086 prefix on a
/// mobile number. Short numbers (extensions) match nothing.
pub fn phone_key(p: &str) -> Option<String> {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    let digits = ["0086", "86"]
        .iter()
        .find_map(|prefix| {
            digits
                .strip_prefix(prefix)
                .filter(|rest| rest.len() == 11 && rest.starts_with('1'))
        })
        .unwrap_or(&digits);
    (digits.len() >= 7).then(|| format!("p:{digits}"))
}

/// The key an email is matched on: the same address in any case or width.
pub fn email_key(e: &str) -> String {
    format!("e:{}", crate::text::fold(e.trim()))
}

fn keys(c: &ValidCustomer) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = c
        .phones
        .iter()
        .filter_map(|p| phone_key(p).map(|k| (k, p.clone())))
        .collect();
    if let Some(e) = &c.email {
        out.push((email_key(e), e.clone()));
    }
    out
}

pub(super) fn plan(
    conn: &Connection,
    loaded: &Loaded,
    options: &ImportOptions,
    today: NaiveDate,
) -> Result<Plan> {
    let layout = layout(loaded, options);
    let grid = &loaded.grid;

    // Every phone and email already here, with whose they are.
    let mut known: HashMap<String, Target> = HashMap::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT id, name, phones, email FROM customers WHERE deleted_at IS NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let phones: Vec<String> = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default();
        for k in phones.iter().filter_map(|p| phone_key(p)) {
            known.entry(k).or_insert(Target::Existing(id));
        }
        if let Some(e) = r.get::<_, Option<String>>(3)? {
            known.entry(email_key(&e)).or_insert(Target::Existing(id));
        }
        names.insert(id, r.get(1)?);
    }
    drop(rows);

    let mut plan = Plan {
        adds: Vec::new(),
        updates: Vec::new(),
        summary: ImportSummary::default(),
    };
    let mut update_of: HashMap<i64, usize> = HashMap::new();
    let s = &mut plan.summary;

    for i in data_rows(loaded, &layout) {
        let row_no = grid.row_number(i);
        s.rows += 1;
        let customer = match read_row(&grid.rows[i], &layout, options.day_first, today, row_no) {
            Ok(c) => c,
            Err(issues) => {
                s.failed += 1;
                for issue in issues {
                    if s.issues.len() < LISTED {
                        s.issues.push(issue);
                    }
                }
                continue;
            }
        };
        let row_keys = keys(&customer);
        let matched = row_keys
            .iter()
            .find_map(|(k, shown)| known.get(k).map(|t| (*t, shown.clone())));

        let Some((target, shown)) = matched else {
            plan.adds.push((row_no, customer));
            register(&mut known, &row_keys, Target::Earlier(plan.adds.len() - 1));
            s.added += 1;
            continue;
        };

        s.duplicates_total += 1;
        if s.duplicates.len() < LISTED {
            s.duplicates.push(DuplicateRow {
                row: row_no,
                name: customer.name.clone(),
                matched_on: shown,
                customer_id: match target {
                    Target::Existing(id) => Some(id),
                    Target::Earlier(_) => None,
                },
                customer_name: match target {
                    Target::Existing(id) => names.get(&id).cloned().unwrap_or_default(),
                    Target::Earlier(j) => plan.adds[j].1.name.clone(),
                },
                earlier_row: match target {
                    Target::Earlier(j) => Some(plan.adds[j].0),
                    Target::Existing(_) => None,
                },
            });
        }
        match options.on_duplicate {
            OnDuplicate::Skip => s.skipped += 1,
            OnDuplicate::Add => {
                plan.adds.push((row_no, customer));
                register(&mut known, &row_keys, Target::Earlier(plan.adds.len() - 1));
                s.added += 1;
            }
            OnDuplicate::Update => {
                let base = match target {
                    Target::Earlier(j) => &mut plan.adds[j].1,
                    Target::Existing(id) => {
                        let k = match update_of.get(&id) {
                            Some(k) => *k,
                            None => {
                                let before = get_customer(conn, id)?;
                                plan.updates.push(Update {
                                    id,
                                    after: ValidCustomer::from(&before),
                                    before,
                                    changed: false,
                                });
                                update_of.insert(id, plan.updates.len() - 1);
                                plan.updates.len() - 1
                            }
                        };
                        &mut plan.updates[k].after
                    }
                };
                match merged(base, &customer) {
                    Err(issue) => {
                        s.failed += 1;
                        if s.issues.len() < LISTED {
                            s.issues.push(RowIssue {
                                row: row_no,
                                ..issue
                            });
                        }
                    }
                    Ok(None) => s.skipped += 1, // nothing new
                    Ok(Some(m)) => {
                        *base = m;
                        if let Target::Existing(id) = target {
                            plan.updates[update_of[&id]].changed = true;
                        }
                        register(&mut known, &row_keys, target);
                        s.updated += 1;
                    }
                }
            }
        }
    }
    plan.updates.retain(|u| u.changed);
    Ok(plan)
}

fn register(known: &mut HashMap<String, Target>, keys: &[(String, String)], target: Target) {
    for (k, _) in keys {
        known.entry(k.clone()).or_insert(target);
    }
}

impl From<&Customer> for ValidCustomer {
    fn from(c: &Customer) -> Self {
        ValidCustomer {
            name: c.name.clone(),
            phones: c.phones.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            company: c.company.clone(),
            birthday: c.birthday,
            gender: c.gender,
            source: c.source.clone(),
            tags: c.tags.clone(),
            contact_cycle_days: c.contact_cycle_days,
            notes: c.notes.clone(),
        }
    }
}

/// `base` with the row's values: what the row fills replaces, phones and
/// tags are combined, notes added below. `None` when nothing would change.
fn merged(base: &ValidCustomer, row: &ValidCustomer) -> Result<Option<ValidCustomer>, RowIssue> {
    let mut m = base.clone();
    m.name = row.name.clone();
    for p in &row.phones {
        let k = phone_key(p);
        if !m
            .phones
            .iter()
            .any(|q| q == p || (k.is_some() && phone_key(q) == k))
        {
            m.phones.push(p.clone());
        }
    }
    fn fill<T: Clone>(to: &mut Option<T>, from: &Option<T>) {
        if from.is_some() {
            to.clone_from(from);
        }
    }
    fill(&mut m.email, &row.email);
    fill(&mut m.address, &row.address);
    fill(&mut m.company, &row.company);
    fill(&mut m.birthday, &row.birthday);
    fill(&mut m.gender, &row.gender);
    fill(&mut m.source, &row.source);
    fill(&mut m.contact_cycle_days, &row.contact_cycle_days);
    for t in &row.tags {
        if !m.tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            m.tags.push(t.clone());
        }
    }
    let notes = row.notes.trim();
    if !notes.is_empty() && !m.notes.contains(notes) {
        if !m.notes.is_empty() {
            m.notes.push('\n');
        }
        m.notes.push_str(notes);
    }
    let too_many = |field: &str, value: &[String]| RowIssue {
        row: 0,
        field: field.into(),
        rule: "tooMany".into(),
        value: value.join("; "),
    };
    if m.phones.len() > MAX_PHONES {
        return Err(too_many("phones", &m.phones));
    }
    if m.tags.len() > MAX_TAGS {
        return Err(too_many("tags", &m.tags));
    }
    Ok((m != *base).then_some(m))
}

/// Joins two pieces of one field from different columns: `广东省` + `深圳市`
/// run together, `Li` + `Ming` get a space.
fn join(to: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    let ascii_edge = to.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
        && piece
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if ascii_edge {
        to.push(' ');
    }
    to.push_str(piece);
}

/// One row as a validated customer, or every reason it cannot be one.
fn read_row(
    cells: &[Cell],
    layout: &Layout,
    day_first: bool,
    today: NaiveDate,
    row: u32,
) -> Result<ValidCustomer, Vec<RowIssue>> {
    let mut input = CustomerInput::default();
    let mut issues = Vec::new();
    let mut raw: HashMap<&'static str, String> = HashMap::new();
    let note_columns = layout
        .fields
        .iter()
        .filter(|f| **f == ImportField::Notes)
        .count();
    for (c, field) in layout.fields.iter().enumerate() {
        let cell = cells.get(c).unwrap_or(&Cell::Empty);
        if cell.is_blank() || *field == ImportField::Skip {
            continue;
        }
        let text = cell_text(cell);
        let slot = raw.entry(field.as_str()).or_default();
        join(slot, &text);
        let mut issue = |rule: &str| {
            issues.push(RowIssue {
                row,
                field: field.as_str().into(),
                rule: rule.into(),
                value: text.clone(),
            })
        };
        match field {
            ImportField::Name => join(&mut input.name, &text),
            ImportField::Phones => match cells::phones(cell) {
                Ok(p) => input.phones.extend(p),
                Err(rule) => issue(rule),
            },
            ImportField::Email => join(&mut input.email, &text),
            ImportField::Address => join(&mut input.address, &text),
            ImportField::Company => join(&mut input.company, &text),
            ImportField::Source => join(&mut input.source, &text),
            ImportField::Birthday => match cells::date(cell, day_first) {
                Ok(Some(d)) => input.birthday = d.to_string(),
                Ok(None) => {}
                Err(rule) => issue(rule),
            },
            ImportField::Gender => input.gender = cells::gender(&text),
            ImportField::ContactCycleDays => input.contact_cycle_days = cells::days(&text),
            ImportField::Tags => input.tags.extend(cells::list(&text)),
            ImportField::Notes => {
                if !input.notes.is_empty() {
                    input.notes.push('\n');
                }
                // From several columns, each note says which column it was.
                match layout
                    .headers
                    .get(c)
                    .filter(|h| note_columns > 1 && !h.is_empty())
                {
                    Some(h) => input.notes.push_str(&format!("{h}：{text}")),
                    None => input.notes.push_str(&text),
                }
            }
            ImportField::Skip => {}
        }
    }
    match validate_customer(&input, today) {
        Ok(c) if issues.is_empty() => Ok(c),
        Ok(_) => Err(issues),
        Err(Error::Validation(fields)) => {
            for f in fields {
                issues.push(RowIssue {
                    row,
                    value: raw.get(f.field.as_str()).cloned().unwrap_or_default(),
                    field: f.field,
                    rule: f.rule,
                });
            }
            Err(issues)
        }
        Err(other) => Err(vec![RowIssue {
            row,
            field: String::new(),
            rule: other.code().into(),
            value: String::new(),
        }]),
    }
}
