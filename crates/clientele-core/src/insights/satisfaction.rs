//! Satisfaction figures from survey answers (rates overall, per dimension and
//! per month; the C = b / a index) and complaint figures (by cause, by month,
//! and those still waiting for their follow-up survey).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::scan::TRASHED_CUSTOMER_IDS;
use super::{month_key, Period};
use crate::complaints::ComplaintCategory;
use crate::error::Result;
use crate::surveys::is_satisfied;

/// Below this C = b / a the customer got less than they expected.
pub const INDEX_SATISFIED_FROM: f64 = 0.95;
/// Above this they got more: delighted.
pub const INDEX_DELIGHTED_ABOVE: f64 = 1.05;

/// How many ratings of each level, and the share satisfied or very satisfied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RatingCounts {
    /// Ratings at levels 1 (very dissatisfied) … 5 (very satisfied).
    pub levels: [u32; 5],
    pub ratings: u32,
    pub satisfied: u32,
    /// satisfied / ratings; none without ratings.
    pub rate: Option<f64>,
    /// The mean level, 1–5.
    pub average: Option<f64>,
}

impl RatingCounts {
    fn add(&mut self, rating: u8, n: u32) {
        if (1..=5).contains(&rating) {
            self.levels[usize::from(rating - 1)] += n;
            self.ratings += n;
            if is_satisfied(rating) {
                self.satisfied += n;
            }
        }
    }
    fn finish(mut self) -> Self {
        if self.ratings > 0 {
            self.rate = Some(f64::from(self.satisfied) / f64::from(self.ratings));
            let sum: u32 = (1..=5u32).map(|l| l * self.levels[l as usize - 1]).sum();
            self.average = Some(f64::from(sum) / f64::from(self.ratings));
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DimensionFigures {
    #[ts(type = "number")]
    pub dimension_id: i64,
    pub key: Option<String>,
    pub name: Option<String>,
    pub retired: bool,
    pub counts: RatingCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthRate {
    /// `YYYY-MM`.
    pub month: String,
    pub counts: RatingCounts,
}

/// The C = b / a index over the answers that gave both scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IndexFigures {
    pub answers: u32,
    pub mean: Option<f64>,
    /// C below 0.95: got less than expected.
    pub dissatisfied: u32,
    /// 0.95 ≤ C ≤ 1.05: about what they expected.
    pub satisfied: u32,
    /// C above 1.05: more than expected.
    pub delighted: u32,
}

/// A resolved or closed complaint nobody has asked the customer about since.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AwaitingSurvey {
    #[ts(type = "number")]
    pub complaint_id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub category: ComplaintCategory,
    pub resolved_on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SatisfactionFigures {
    pub surveys: u32,
    pub overall: RatingCounts,
    pub by_dimension: Vec<DimensionFigures>,
    pub by_month: Vec<MonthRate>,
    pub index: IndexFigures,
    pub awaiting_survey: Vec<AwaitingSurvey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryCount {
    pub category: ComplaintCategory,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthCount {
    pub month: String,
    pub count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintFigures {
    pub received: u32,
    pub by_category: Vec<CategoryCount>,
    pub by_month: Vec<MonthCount>,
}

/// The survey answers of live customers in the period.
const ANSWERS_IN_PERIOD: &str = concat!(
    "surveys s WHERE s.deleted_at IS NULL AND s.answered_on >= ?1 AND s.answered_on <= ?2
       AND s.customer_id NOT IN ",
    "(SELECT id FROM customers WHERE deleted_at IS NOT NULL)"
);

pub fn satisfaction(
    conn: &Connection,
    period: &Period,
    months: &[String],
) -> Result<SatisfactionFigures> {
    let (from, to) = period.bounds();
    let surveys: u32 = conn.query_row(
        &format!("SELECT count(*) FROM {ANSWERS_IN_PERIOD}"),
        params![from, to],
        |r| r.get(0),
    )?;

    let mut overall = RatingCounts::default();
    let mut per_dimension: HashMap<i64, RatingCounts> = HashMap::new();
    let mut per_month: HashMap<String, RatingCounts> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT r.dimension_id, substr(s.answered_on, 1, 7), r.rating, count(*)
         FROM survey_ratings r JOIN {ANSWERS_IN_PERIOD} AND s.id = r.survey_id
         GROUP BY 1, 2, 3"
    ))?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let (dimension, month, rating, n): (i64, String, u8, u32) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        overall.add(rating, n);
        per_dimension.entry(dimension).or_default().add(rating, n);
        per_month.entry(month).or_default().add(rating, n);
    }

    // Every dimension still asked, and retired ones only where they have answers.
    let asked: Vec<_> = crate::surveys::list_dimensions(conn)?
        .into_iter()
        .filter(|d| !d.retired || per_dimension.contains_key(&d.id))
        .collect();
    let by_dimension = asked
        .into_iter()
        .map(|d| DimensionFigures {
            counts: per_dimension.remove(&d.id).unwrap_or_default().finish(),
            dimension_id: d.id,
            key: d.key,
            name: d.name,
            retired: d.retired,
        })
        .collect();
    let by_month = months
        .iter()
        .map(|m| MonthRate {
            month: m.clone(),
            counts: per_month.remove(m).unwrap_or_default().finish(),
        })
        .collect();

    let mut index = IndexFigures::default();
    let mut sum = 0.0;
    let mut stmt = conn.prepare(&format!(
        "SELECT s.perceived_score / s.expected_score FROM {ANSWERS_IN_PERIOD}
         AND s.expected_score IS NOT NULL"
    ))?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let c: f64 = r.get(0)?;
        index.answers += 1;
        sum += c;
        if c < INDEX_SATISFIED_FROM {
            index.dissatisfied += 1;
        } else if c > INDEX_DELIGHTED_ABOVE {
            index.delighted += 1;
        } else {
            index.satisfied += 1;
        }
    }
    if index.answers > 0 {
        index.mean = Some(sum / f64::from(index.answers));
    }

    Ok(SatisfactionFigures {
        surveys,
        overall: overall.finish(),
        by_dimension,
        by_month,
        index,
        awaiting_survey: awaiting_survey(conn, period)?,
    })
}

/// Complaints resolved in the period (by their local day) with no survey
/// answer linked to them yet, oldest first: the follow-up DOMAIN.md asks for.
fn awaiting_survey(conn: &Connection, period: &Period) -> Result<Vec<AwaitingSurvey>> {
    let mut stmt = conn.prepare(
        "SELECT k.id, k.customer_id, c.name, k.category, k.resolved_at
         FROM complaints k JOIN customers c ON c.id = k.customer_id
         WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL
           AND k.status IN ('resolved', 'closed') AND k.resolved_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM surveys s
                           WHERE s.complaint_id = k.id AND s.deleted_at IS NULL)
         ORDER BY k.resolved_at, k.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut days = super::scan::LocalDays::default();
    while let Some(r) = rows.next()? {
        let Some(resolved_on) = days.day(r.get_ref(4)?.as_str()?) else {
            continue;
        };
        if !period.contains(resolved_on) {
            continue;
        }
        out.push(AwaitingSurvey {
            complaint_id: r.get(0)?,
            customer_id: r.get(1)?,
            customer_name: r.get(2)?,
            category: ComplaintCategory::parse(r.get_ref(3)?.as_str()?)
                .unwrap_or(ComplaintCategory::Other),
            resolved_on,
        });
    }
    Ok(out)
}

/// Complaints received in the period, by cause and by month.
pub fn complaints(
    conn: &Connection,
    period: &Period,
    months: &[String],
) -> Result<ComplaintFigures> {
    let mut stmt = conn.prepare(&format!(
        "SELECT category, received_at FROM complaints
         WHERE deleted_at IS NULL AND customer_id NOT IN {TRASHED_CUSTOMER_IDS}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut days = super::scan::LocalDays::default();
    let mut by_category: HashMap<ComplaintCategory, u32> = HashMap::new();
    let mut by_month: HashMap<String, u32> = HashMap::new();
    let mut received = 0;
    while let Some(r) = rows.next()? {
        let Some(on) = days.day(r.get_ref(1)?.as_str()?) else {
            continue;
        };
        if !period.contains(on) {
            continue;
        }
        received += 1;
        let category =
            ComplaintCategory::parse(r.get_ref(0)?.as_str()?).unwrap_or(ComplaintCategory::Other);
        *by_category.entry(category).or_default() += 1;
        *by_month.entry(month_key(on)).or_default() += 1;
    }
    Ok(ComplaintFigures {
        received,
        by_category: ComplaintCategory::ALL
            .iter()
            .map(|&category| CategoryCount {
                category,
                count: by_category.get(&category).copied().unwrap_or(0),
            })
            .collect(),
        by_month: months
            .iter()
            .map(|m| MonthCount {
                month: m.clone(),
                count: by_month.get(m).copied().unwrap_or(0),
            })
            .collect(),
    })
}
