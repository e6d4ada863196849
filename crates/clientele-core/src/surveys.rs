//! Satisfaction surveys (满意度调查): a customer's ratings on the five-level
//! scale per dimension, an optional expected/perceived pair for C = b / a,
//! and the dimensions the owner asks about (renamed, added or retired without
//! losing old answers).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact_cycle::local_date;
use crate::customers::{get_customer, require_live_customer};
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::stored_time::{read_opt_ts, read_ts, ts};
use crate::validate::parse_date;

pub const MAX_COMMENT_CHARS: usize = 10_000;
pub const MAX_DIMENSION_NAME_CHARS: usize = 40;
/// The upper end of the expected (a) and perceived (b) scores.
pub const MAX_SCORE: f64 = 10.0;

/// The five levels, as stored: 5 非常满意 very satisfied … 1 非常不满意.
pub const VERY_SATISFIED: u8 = 5;
pub const SATISFIED: u8 = 4;
pub const VERY_DISSATISFIED: u8 = 1;

/// Whether a rating counts towards the satisfaction rate (satisfied or very satisfied).
pub fn is_satisfied(rating: u8) -> bool {
    rating >= SATISFIED
}

/// Something a survey asks about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SurveyDimension {
    #[ts(type = "number")]
    pub id: i64,
    /// Built-in dimensions: `productQuality`, `price`, `delivery`, `staffManner`,
    /// `responseSpeed`, `complaintHandling`; the UI names them in its language.
    pub key: Option<String>,
    /// The owner's own name; when set it is shown instead of the built-in one.
    pub name: Option<String>,
    pub retired: bool,
}

/// One rating of one dimension, 1 (very dissatisfied) to 5 (very satisfied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rating {
    #[ts(type = "number")]
    pub dimension_id: i64,
    pub rating: u8,
}

/// A recorded survey answer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Survey {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    /// The purchase it was about.
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
    /// The complaint whose handling it followed up.
    #[ts(type = "number | null")]
    pub complaint_id: Option<i64>,
    pub answered_on: NaiveDate,
    pub comment: String,
    /// a: what the customer expected (0–10].
    pub expected_score: Option<f64>,
    /// b: what the customer perceived [0–10].
    pub perceived_score: Option<f64>,
    /// C = b / a.
    pub index: Option<f64>,
    pub ratings: Vec<Rating>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the survey form (or the CLI) sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SurveyInput {
    /// `YYYY-MM-DD`; empty for today.
    pub answered_on: String,
    pub ratings: Vec<Rating>,
    pub comment: String,
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
    #[ts(type = "number | null")]
    pub complaint_id: Option<i64>,
    /// a, as typed; empty with `perceived` empty for none.
    pub expected: String,
    /// b, as typed.
    pub perceived: String,
}

/// A survey that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSurvey {
    pub answered_on: NaiveDate,
    pub ratings: Vec<Rating>,
    pub comment: String,
    pub interaction_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub expected: Option<f64>,
    pub perceived: Option<f64>,
}

/// C = b / a, what DOMAIN.md calls the satisfaction index.
pub fn satisfaction_index(expected: f64, perceived: f64) -> f64 {
    perceived / expected
}

/// Checks a survey against the database: the dimensions exist (and are not
/// retired, unless the survey already had them), the linked purchase and
/// complaint are this customer's.
fn validate_survey(
    conn: &Connection,
    customer_id: i64,
    input: &SurveyInput,
    today: NaiveDate,
    already_rated: &HashSet<i64>,
) -> Result<ValidSurvey> {
    let mut errors = Vec::new();
    let answered_on = match input.answered_on.trim() {
        "" => Some(today),
        text => match parse_date(text) {
            None => {
                errors.push(FieldError::new("answeredOn", "invalid"));
                None
            }
            Some(d) if d > today + chrono::Days::new(1) => {
                errors.push(FieldError::new("answeredOn", "inFuture"));
                None
            }
            Some(d) if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() => {
                errors.push(FieldError::new("answeredOn", "tooOld").limit(1900));
                None
            }
            Some(d) => Some(d),
        },
    };

    let dimensions = list_dimensions(conn)?;
    let mut seen = HashSet::new();
    for (i, r) in input.ratings.iter().enumerate() {
        let known = dimensions.iter().find(|d| d.id == r.dimension_id);
        let usable = known.is_some_and(|d| !d.retired || already_rated.contains(&d.id));
        if !usable || !seen.insert(r.dimension_id) {
            errors.push(FieldError::new("ratings", "invalid").at(i));
        } else if !(VERY_DISSATISFIED..=VERY_SATISFIED).contains(&r.rating) {
            errors.push(FieldError::new("ratings", "outOfRange").at(i).limit(5));
        }
    }

    let comment = input.comment.trim().to_string();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        errors.push(FieldError::new("comment", "tooLong").limit(MAX_COMMENT_CHARS as u32));
    }

    let expected = parse_score(input.expected.trim(), "expected", false, &mut errors);
    let perceived = parse_score(input.perceived.trim(), "perceived", true, &mut errors);
    match (
        input.expected.trim().is_empty(),
        input.perceived.trim().is_empty(),
    ) {
        (true, false) => errors.push(FieldError::new("expected", "required")),
        (false, true) => errors.push(FieldError::new("perceived", "required")),
        _ => {}
    }
    if input.ratings.is_empty()
        && input.expected.trim().is_empty()
        && input.perceived.trim().is_empty()
    {
        // An answer with nothing measured would count for nothing.
        errors.push(FieldError::new("ratings", "required"));
    }

    if let Some(id) = input.interaction_id {
        let owner: Option<(i64, String)> = conn
            .query_row(
                "SELECT customer_id, kind FROM interactions WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if owner != Some((customer_id, "purchase".into())) {
            errors.push(FieldError::new("interactionId", "invalid"));
        }
    }
    if let Some(id) = input.complaint_id {
        let owner: Option<i64> = conn
            .query_row(
                "SELECT customer_id FROM complaints WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if owner != Some(customer_id) {
            errors.push(FieldError::new("complaintId", "invalid"));
        }
    }

    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(ValidSurvey {
        answered_on: answered_on.expect("checked above"),
        ratings: input.ratings.clone(),
        comment,
        interaction_id: input.interaction_id,
        complaint_id: input.complaint_id,
        expected,
        perceived,
    })
}

/// `7`, `7.5`, `７` (full width) on 0–10; a (expected) must be above 0, since
/// C = b / a divides by it.
fn parse_score(
    text: &str,
    field: &str,
    zero_ok: bool,
    errors: &mut Vec<FieldError>,
) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let half: String = text.chars().map(crate::text::to_half_width).collect();
    let value = half.trim().parse::<f64>().ok();
    match value {
        Some(v) if v.is_finite() && v <= MAX_SCORE && (v > 0.0 || (zero_ok && v == 0.0)) => Some(v),
        Some(v) if v.is_finite() => {
            errors.push(FieldError::new(field, "outOfRange").limit(MAX_SCORE as u32));
            None
        }
        _ => {
            errors.push(FieldError::new(field, "invalid"));
            None
        }
    }
}

const COLUMNS: &str = "id, customer_id, interaction_id, complaint_id, answered_on, comment,
     expected_score, perceived_score, created_at, updated_at, deleted_at";

fn from_row(r: &Row) -> rusqlite::Result<(Survey, Option<DateTime<Utc>>)> {
    let expected: Option<f64> = r.get(6)?;
    let perceived: Option<f64> = r.get(7)?;
    let answered: String = r.get(4)?;
    Ok((
        Survey {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            interaction_id: r.get(2)?,
            complaint_id: r.get(3)?,
            answered_on: NaiveDate::parse_from_str(&answered, "%Y-%m-%d").map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, e.into())
            })?,
            comment: r.get(5)?,
            expected_score: expected,
            perceived_score: perceived,
            index: expected
                .zip(perceived)
                .map(|(a, b)| satisfaction_index(a, b)),
            ratings: Vec::new(),
            created_at: read_ts(r, 8)?,
            updated_at: read_ts(r, 9)?,
        },
        read_opt_ts(r, 10)?,
    ))
}

fn ratings_of(conn: &Connection, survey_id: i64) -> Result<Vec<Rating>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.dimension_id, r.rating FROM survey_ratings r
         JOIN survey_dimensions d ON d.id = r.dimension_id
         WHERE r.survey_id = ?1 ORDER BY d.position, d.id",
    )?;
    let rows = stmt
        .query_map([survey_id], |r| {
            Ok(Rating {
                dimension_id: r.get(0)?,
                rating: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A live survey, with its ratings.
pub fn get_survey(conn: &Connection, id: i64) -> Result<Survey> {
    let (mut survey, deleted) = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM surveys WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(Error::SurveyNotFound(id))?;
    if deleted.is_some() {
        return Err(Error::SurveyNotFound(id));
    }
    survey.ratings = ratings_of(conn, id)?;
    Ok(survey)
}

fn write_ratings(conn: &Connection, survey_id: i64, ratings: &[Rating]) -> Result<()> {
    conn.execute(
        "DELETE FROM survey_ratings WHERE survey_id = ?1",
        [survey_id],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO survey_ratings (survey_id, dimension_id, rating) VALUES (?1, ?2, ?3)",
    )?;
    for r in ratings {
        stmt.execute(params![survey_id, r.dimension_id, r.rating])?;
    }
    Ok(())
}

/// Every dimension, in the order the form asks them; retired ones included
/// (their old answers still show and count).
pub fn list_dimensions(conn: &Connection) -> Result<Vec<SurveyDimension>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, name, retired_at IS NOT NULL FROM survey_dimensions ORDER BY position, id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SurveyDimension {
                id: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
                retired: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn dimension(conn: &Connection, id: i64) -> Result<SurveyDimension> {
    list_dimensions(conn)?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(Error::DimensionNotFound(id))
}

/// A dimension's name: 1–40 characters, not another live dimension's.
/// Empty is allowed only for built-in ones (it brings the built-in name back).
fn validate_dimension_name(
    conn: &Connection,
    name: &str,
    builtin: bool,
    except: Option<i64>,
) -> Result<Option<String>> {
    let name = name.trim();
    if name.is_empty() {
        return if builtin {
            Ok(None)
        } else {
            Err(Error::Validation(vec![FieldError::new("name", "required")]))
        };
    }
    if name.chars().count() > MAX_DIMENSION_NAME_CHARS {
        return Err(Error::Validation(vec![
            FieldError::new("name", "tooLong").limit(MAX_DIMENSION_NAME_CHARS as u32)
        ]));
    }
    let folded = crate::text::fold(name);
    let taken = list_dimensions(conn)?.into_iter().any(|d| {
        Some(d.id) != except
            && !d.retired
            && d.name
                .as_deref()
                .is_some_and(|n| crate::text::fold(n) == folded)
    });
    if taken {
        return Err(Error::Validation(vec![FieldError::new("name", "taken")]));
    }
    Ok(Some(name.to_string()))
}

/// The latest rating of each dimension a customer was asked about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LatestRating {
    #[ts(type = "number")]
    pub dimension_id: i64,
    pub rating: u8,
    pub answered_on: NaiveDate,
}

impl Db {
    pub fn list_survey_dimensions(&self) -> Result<Vec<SurveyDimension>> {
        self.read(list_dimensions)
    }

    /// Adds the owner's own dimension at the end of the form.
    pub fn add_survey_dimension(&self, name: &str) -> Result<SurveyDimension> {
        self.write(|tx| {
            let name = validate_dimension_name(tx, name, false, None)?;
            tx.execute(
                "INSERT INTO survey_dimensions (name, position)
                 VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM survey_dimensions))",
                [name],
            )?;
            dimension(tx, tx.last_insert_rowid())
        })
    }

    /// Renames a dimension; old answers keep pointing at it, so they follow
    /// the new name. An empty name gives a built-in dimension its own back.
    pub fn rename_survey_dimension(&self, id: i64, name: &str) -> Result<SurveyDimension> {
        self.write(|tx| {
            let d = dimension(tx, id)?;
            let name = validate_dimension_name(tx, name, d.key.is_some(), Some(id))?;
            tx.execute(
                "UPDATE survey_dimensions SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
            dimension(tx, id)
        })
    }

    /// Stops (or starts again) asking about a dimension; its answers stay.
    pub fn retire_survey_dimension(&self, id: i64, retired: bool) -> Result<SurveyDimension> {
        let now = ts(self.now());
        self.write(|tx| {
            dimension(tx, id)?;
            tx.execute(
                "UPDATE survey_dimensions SET retired_at = CASE WHEN ?2 THEN coalesce(retired_at, ?3) END
                 WHERE id = ?1",
                params![id, retired, now],
            )?;
            dimension(tx, id)
        })
    }

    pub fn add_survey(&self, customer_id: i64, input: &SurveyInput) -> Result<Survey> {
        let now = self.now();
        self.write(|tx| {
            require_live_customer(tx, customer_id)?;
            let v = validate_survey(tx, customer_id, input, local_date(now), &HashSet::new())?;
            tx.execute(
                "INSERT INTO surveys (customer_id, interaction_id, complaint_id, answered_on, comment,
                                      expected_score, perceived_score, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    customer_id,
                    v.interaction_id,
                    v.complaint_id,
                    v.answered_on.to_string(),
                    v.comment,
                    v.expected,
                    v.perceived,
                    ts(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            write_ratings(tx, id, &v.ratings)?;
            get_survey(tx, id)
        })
    }

    pub fn update_survey(&self, id: i64, input: &SurveyInput) -> Result<Survey> {
        let now = self.now();
        self.write(|tx| {
            let old = get_survey(tx, id)?;
            require_live_customer(tx, old.customer_id)?;
            let had: HashSet<i64> = old.ratings.iter().map(|r| r.dimension_id).collect();
            let v = validate_survey(tx, old.customer_id, input, local_date(now), &had)?;
            tx.execute(
                "UPDATE surveys SET interaction_id = ?2, complaint_id = ?3, answered_on = ?4,
                        comment = ?5, expected_score = ?6, perceived_score = ?7, updated_at = ?8
                 WHERE id = ?1",
                params![
                    id,
                    v.interaction_id,
                    v.complaint_id,
                    v.answered_on.to_string(),
                    v.comment,
                    v.expected,
                    v.perceived,
                    ts(now)
                ],
            )?;
            write_ratings(tx, id, &v.ratings)?;
            get_survey(tx, id)
        })
    }

    /// Moves a survey answer to the trash (it stops counting).
    pub fn trash_survey(&self, id: i64) -> Result<()> {
        let now = ts(self.now());
        self.write(|tx| {
            get_survey(tx, id)?;
            tx.execute(
                "UPDATE surveys SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// A customer's survey answers, newest first.
    pub fn list_surveys(&self, customer_id: i64) -> Result<Vec<Survey>> {
        self.read(|conn| {
            get_customer(conn, customer_id)?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM surveys WHERE customer_id = ?1 AND deleted_at IS NULL
                 ORDER BY answered_on DESC, id DESC"
            ))?;
            let mut surveys: Vec<Survey> = stmt
                .query_map([customer_id], from_row)?
                .map(|r| r.map(|(s, _)| s))
                .collect::<rusqlite::Result<_>>()?;
            for s in &mut surveys {
                s.ratings = ratings_of(conn, s.id)?;
            }
            Ok(surveys)
        })
    }

    /// Each dimension's latest rating for a customer (what their page shows).
    pub fn latest_ratings(&self, customer_id: i64) -> Result<Vec<LatestRating>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT r.dimension_id, r.rating, s.answered_on
                 FROM surveys s JOIN survey_ratings r ON r.survey_id = s.id
                 JOIN survey_dimensions d ON d.id = r.dimension_id
                 WHERE s.customer_id = ?1 AND s.deleted_at IS NULL
                 ORDER BY d.position, d.id, s.answered_on DESC, s.id DESC",
            )?;
            let mut latest: Vec<LatestRating> = Vec::new();
            let rows = stmt.query_map([customer_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u8>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (dimension_id, rating, on) = row?;
                if latest
                    .last()
                    .is_some_and(|l| l.dimension_id == dimension_id)
                {
                    continue;
                }
                let answered_on = NaiveDate::parse_from_str(&on, "%Y-%m-%d")
                    .map_err(|e| Error::DatabaseUnreadable(e.to_string()))?;
                latest.push(LatestRating {
                    dimension_id,
                    rating,
                    answered_on,
                });
            }
            Ok(latest)
        })
    }
}
