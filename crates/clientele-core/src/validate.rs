//! The rules a customer must satisfy, applied to the raw form input before
//! anything is written. Every rule broken is reported at once, per field.

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, FieldError, Result};
use crate::model::{CustomerInput, Gender};

pub const MAX_NAME_CHARS: usize = 10_000;
pub const MAX_SHORT_TEXT_CHARS: usize = 1_000;
pub const MAX_NOTES_CHARS: usize = 1_000_000;
pub const MAX_PHONES: usize = 20;
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_CHARS: usize = 50;
pub const MAX_CONTACT_CYCLE_DAYS: u32 = 3650;
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// A customer that passed validation: trimmed, typed, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCustomer {
    pub name: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub company: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub contact_cycle_days: Option<u32>,
    pub notes: String,
}

/// Checks every field; `today` bounds the birthday.
///
/// ```
/// use clientele_core::{model::CustomerInput, validate::validate_customer};
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let ok = validate_customer(&CustomerInput { name: " 张三 ".into(), ..Default::default() }, today);
/// assert_eq!(ok.unwrap().name, "张三");
/// let bad = validate_customer(&CustomerInput { email: "nope".into(), ..Default::default() }, today);
/// assert_eq!(bad.unwrap_err().field_errors().len(), 2); // name required, email invalid
/// ```
pub fn validate_customer(input: &CustomerInput, today: NaiveDate) -> Result<ValidCustomer> {
    let mut errors = Vec::new();

    // Names are kept exactly as typed, apart from surrounding whitespace.
    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new("name", "tooLong").limit(MAX_NAME_CHARS as u32));
    }

    let mut phones = Vec::new();
    for (i, raw) in input.phones.iter().enumerate() {
        let p = raw.trim();
        if p.is_empty() {
            continue;
        }
        if is_valid_phone(p) {
            phones.push(p.to_string());
        } else {
            errors.push(FieldError::new("phones", "invalid").at(i));
        }
    }
    if phones.len() > MAX_PHONES {
        errors.push(FieldError::new("phones", "tooMany").limit(MAX_PHONES as u32));
    }

    let email = optional(&input.email);
    if let Some(e) = &email {
        if e.chars().count() > 254 || !is_valid_email(e) {
            errors.push(FieldError::new("email", "invalid"));
        }
    }

    let birthday = match optional(&input.birthday) {
        None => None,
        Some(text) => match parse_date(&text) {
            None => {
                errors.push(FieldError::new("birthday", "invalid"));
                None
            }
            Some(d) if d > today => {
                errors.push(FieldError::new("birthday", "inFuture"));
                None
            }
            Some(d) if d.year() < EARLIEST_BIRTH_YEAR => {
                errors
                    .push(FieldError::new("birthday", "tooOld").limit(EARLIEST_BIRTH_YEAR as u32));
                None
            }
            Some(d) => Some(d),
        },
    };

    let gender = match optional(&input.gender) {
        None => None,
        Some(g) => match Gender::parse(&g) {
            Some(g) => Some(g),
            None => {
                errors.push(FieldError::new("gender", "invalid"));
                None
            }
        },
    };

    let contact_cycle_days = contact_cycle(&input.contact_cycle_days).unwrap_or_else(|e| {
        errors.push(e);
        None
    });

    let mut short = |field: &str, value: &str| -> Option<String> {
        let v = optional(value)?;
        if v.chars().count() > MAX_SHORT_TEXT_CHARS {
            errors.push(FieldError::new(field, "tooLong").limit(MAX_SHORT_TEXT_CHARS as u32));
        }
        Some(v)
    };
    let address = short("address", &input.address);
    let company = short("company", &input.company);
    let source = short("source", &input.source);

    let tags = tag_list(&input.tags, &mut errors);

    // Notes keep their whitespace: they may be pasted, formatted text.
    let notes = input.notes.clone();
    if notes.chars().count() > MAX_NOTES_CHARS {
        errors.push(FieldError::new("notes", "tooLong").limit(MAX_NOTES_CHARS as u32));
    }

    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(ValidCustomer {
        name,
        phones,
        email,
        address,
        company,
        birthday,
        gender,
        source,
        tags,
        contact_cycle_days,
        notes,
    })
}

/// A contact cycle as typed: whole days in range, or empty for none.
/// Shared by the form and bulk changes, so both say the same.
pub fn contact_cycle(text: &str) -> std::result::Result<Option<u32>, FieldError> {
    match optional(text) {
        None => Ok(None),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_CONTACT_CYCLE_DAYS).contains(&n) => Ok(Some(n)),
            Ok(_) => {
                Err(FieldError::new("contactCycleDays", "outOfRange").limit(MAX_CONTACT_CYCLE_DAYS))
            }
            Err(_) => Err(FieldError::new("contactCycleDays", "invalid")),
        },
    }
}

/// Tags as typed: trimmed, blanks dropped, the first spelling of each kept
/// (ignoring case), each at most [`MAX_TAG_CHARS`], at most [`MAX_TAGS`].
/// Broken rules go to `errors`. Shared by the form and bulk changes.
pub fn tag_list(input: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in input {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > MAX_TAG_CHARS {
            errors.push(FieldError::new("tags", "tooLong").limit(MAX_TAG_CHARS as u32));
        } else if !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            tags.push(t.to_string());
        }
    }
    if tags.len() > MAX_TAGS {
        errors.push(FieldError::new("tags", "tooMany").limit(MAX_TAGS as u32));
    }
    tags
}

fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Digits with the usual separators, an optional leading `+`, an optional
/// extension: `138 0013 8000`, `+86-138-0013-8000`, `(021) 5555 1234`, `021-55551234 ext 12`.
pub fn is_valid_phone(p: &str) -> bool {
    let main = match p.to_lowercase().split_once("ext") {
        Some((m, ext)) => {
            let ext = ext.trim_start_matches(['.', ' ']);
            if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            m.trim().to_string()
        }
        None => p.to_string(),
    };
    let body = main.strip_prefix('+').unwrap_or(&main);
    let digits = body.chars().filter(|c| c.is_ascii_digit()).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
        && (3..=20).contains(&digits)
}

/// The digits of a phone number, for search: `+86 138-0013` → `860138…`.
pub fn phone_digits(p: &str) -> String {
    p.chars().filter(|c| c.is_ascii_digit()).collect()
}

fn is_valid_email(e: &str) -> bool {
    // The crate follows RFC 5322; we also insist on a dotted domain, since a
    // shop's customers do not have addresses at bare hostnames.
    e.parse::<email_address::EmailAddress>().is_ok()
        && e.rsplit_once('@')
            .is_some_and(|(_, d)| d.contains('.') && !d.ends_with('.'))
        && !e.contains(char::is_whitespace)
}

/// Dates as people type them: `2024-01-05`, `2024/1/5`, `2024.1.5`, `2024年1月5日`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let normalized: String = s
        .replace(['年', '月'], "-")
        .replace('日', "")
        .replace(['/', '.'], "-");
    let mut parts = normalized.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn rules(input: CustomerInput) -> Vec<(String, String)> {
        match validate_customer(&input, today()) {
            Ok(_) => vec![],
            Err(e) => e
                .field_errors()
                .iter()
                .map(|f| (f.field.clone(), f.rule.clone()))
                .collect(),
        }
    }

    fn named(name: &str) -> CustomerInput {
        CustomerInput {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn empty_or_blank_name_is_refused() {
        assert_eq!(rules(named("")), vec![("name".into(), "required".into())]);
        assert_eq!(
            rules(named(" \t\n")),
            vec![("name".into(), "required".into())]
        );
    }

    #[test]
    fn names_are_kept_exactly_apart_from_outer_whitespace() {
        for name in [
            "<b>王</b>",
            "O'Brien \"Bob\"",
            "=1+1",
            "🍎 水果店",
            &"长".repeat(MAX_NAME_CHARS),
        ] {
            let v = validate_customer(&named(name), today()).unwrap();
            assert_eq!(v.name, name);
        }
        assert_eq!(
            rules(named(&"x".repeat(MAX_NAME_CHARS + 1))),
            vec![("name".into(), "tooLong".into())]
        );
    }

    #[test]
    fn phones_accept_common_forms_and_refuse_letters() {
        for p in [
            "13800138000",
            "+86 138-0013-8000",
            "(021) 5555 1234",
            "0571-8888 6666 ext 12",
            "010",
        ] {
            assert!(is_valid_phone(p), "{p}");
        }
        for p in [
            "abc",
            "12",
            "138-0013-800a",
            "++86 138",
            "1".repeat(21).as_str(),
            "ext 12",
        ] {
            assert!(!is_valid_phone(p), "{p}");
        }
        let input = CustomerInput {
            phones: vec!["138".into(), "call me".into()],
            ..named("A")
        };
        let err = validate_customer(&input, today()).unwrap_err();
        assert_eq!(
            err.field_errors(),
            &[FieldError::new("phones", "invalid").at(1)]
        );
    }

    #[test]
    fn emails_must_look_like_emails() {
        for e in ["a@b.cn", "wang.li+shop@example.com.cn"] {
            assert!(
                rules(CustomerInput {
                    email: e.into(),
                    ..named("A")
                })
                .is_empty(),
                "{e}"
            );
        }
        for e in ["a", "a@", "@b.com", "a@b", "a b@c.com", "a@b.com."] {
            assert_eq!(
                rules(CustomerInput {
                    email: e.into(),
                    ..named("A")
                }),
                vec![("email".into(), "invalid".into())],
                "{e}"
            );
        }
    }

    #[test]
    fn birthdays_parse_common_forms_and_refuse_impossible_ones() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        for s in ["2024-01-05", "2024/1/5", "2024.1.5", "2024年1月5日"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        let bday = |s: &str| {
            rules(CustomerInput {
                birthday: s.into(),
                ..named("A")
            })
        };
        assert_eq!(
            bday("2023-02-29"),
            vec![("birthday".into(), "invalid".into())]
        );
        assert!(bday("2024-02-29").is_empty());
        assert_eq!(
            bday("yesterday"),
            vec![("birthday".into(), "invalid".into())]
        );
        assert_eq!(
            bday("2026-11-24"),
            vec![("birthday".into(), "inFuture".into())]
        );
        assert!(bday("2026-11-23").is_empty());
        assert_eq!(
            bday("1899-12-31"),
            vec![("birthday".into(), "tooOld".into())]
        );
    }

    #[test]
    fn contact_cycle_is_whole_days_in_range() {
        let cycle = |s: &str| {
            rules(CustomerInput {
                contact_cycle_days: s.into(),
                ..named("A")
            })
        };
        assert!(cycle("30").is_empty());
        assert!(cycle("").is_empty());
        assert_eq!(
            cycle("0"),
            vec![("contactCycleDays".into(), "outOfRange".into())]
        );
        assert_eq!(
            cycle("3651"),
            vec![("contactCycleDays".into(), "outOfRange".into())]
        );
        assert_eq!(
            cycle("-3"),
            vec![("contactCycleDays".into(), "invalid".into())]
        );
        assert_eq!(
            cycle("two weeks"),
            vec![("contactCycleDays".into(), "invalid".into())]
        );
    }

    #[test]
    fn every_broken_rule_is_reported_at_once() {
        let input = CustomerInput {
            email: "x".into(),
            birthday: "2024-13-01".into(),
            gender: "robot".into(),
            ..Default::default()
        };
        let fields: Vec<_> = rules(input).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["name", "email", "birthday", "gender"]);
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_ignoring_case() {
        let input = CustomerInput {
            tags: vec!["VIP".into(), " vip ".into(), "".into(), "老客户".into()],
            ..named("A")
        };
        assert_eq!(
            validate_customer(&input, today()).unwrap().tags,
            vec!["VIP", "老客户"]
        );
    }
}
