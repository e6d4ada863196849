//! Know your customers (DOMAIN.md §3–5): satisfaction, loyalty and value for a
//! period, every figure defined here once; the screen, the CLI and the
//! insights workbook all show what this computes.
//!
//! Definitions that hold throughout:
//! - a **purchase** counts unless refunded in full; its spend is amount − refunded;
//! - days are the owner's local calendar days; two purchases on one day are
//!   one **purchase day** (one visit);
//! - customers in the trash (or merged away) are left out everywhere.

pub mod loyalty;
pub mod rfm;
pub mod satisfaction;
pub mod scan;
pub mod value;
pub mod workbook;

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contact_cycle::local_date;
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use loyalty::{loyalty, CustomerLoyalty, DriftBasis};
use rfm::{score, Measures};
use satisfaction::{ComplaintFigures, SatisfactionFigures};
use scan::{for_each_history, live_customers, Purchase};
use value::{Buyer, ValueFigures};

/// Retention: did a month's buyers buy again within this many months after it?
pub const RETENTION_MONTHS: u32 = 3;
/// At most this many months are charted (20 years).
pub const MAX_MONTHS: usize = 240;
/// How many drifting customers the screen lists (the workbook has them all).
pub const DRIFTING_LISTED: usize = 100;

/// The period the figures cover, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct InsightsQuery {
    /// None: since the first record.
    pub from: Option<NaiveDate>,
    /// None: today.
    pub to: Option<NaiveDate>,
}

/// A checked period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(query: &InsightsQuery, today: NaiveDate) -> Result<Period> {
        let to = query.to.unwrap_or(today);
        if query.from.is_some_and(|f| f > to) {
            return Err(Error::Validation(vec![FieldError::new("from", "afterTo")]));
        }
        Ok(Period {
            from: query.from,
            to,
        })
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        d <= self.to && self.from.is_none_or(|f| d >= f)
    }
    /// Both ends as `YYYY-MM-DD` text for SQL on stored local dates.
    pub fn bounds(&self) -> (String, String) {
        (
            self.from
                .map(|d| d.to_string())
                .unwrap_or_else(|| "0000-01-01".into()),
            self.to.to_string(),
        )
    }
}

/// `YYYY-MM`.
pub fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

/// A month as a number, for cheap keys while a million purchases are counted.
fn month_no(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The first days of the months from `start`'s to `end`'s, at most the last `MAX_MONTHS`.
pub fn months_between(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut m = first_of_month(end);
    let start = first_of_month(start.min(end));
    while m >= start && months.len() < MAX_MONTHS {
        months.push(m);
        m = m - Months::new(1);
    }
    months.reverse();
    months
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthRevenue {
    pub month: String,
    #[ts(type = "number")]
    pub revenue_cents: i64,
    pub purchases: u32,
}

/// Of the customers who bought in `month`, how many bought again within the
/// `RETENTION_MONTHS` months after it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthRetention {
    pub month: String,
    pub buyers: u32,
    pub returned: u32,
    pub rate: Option<f64>,
    /// False while the months after it have not all passed yet.
    pub complete: bool,
}

/// Someone who used to buy and has not for too long.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DriftingCustomer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub basis: DriftBasis,
    pub loyalty: CustomerLoyalty,
    pub contact_cycle_days: Option<u32>,
    /// Their next open reminder, if someone already planned a follow-up.
    pub next_reminder_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoyaltyFigures {
    /// Customers who bought in the period.
    pub buyers: u32,
    /// Of them, those who bought on two days or more in it.
    pub repeat_buyers: u32,
    pub repeat_rate: Option<f64>,
    pub retention: Vec<MonthRetention>,
    /// As of the period's end, best spenders first, at most `DRIFTING_LISTED`.
    pub drifting: Vec<DriftingCustomer>,
    pub drifting_total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Insights {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    /// Every month the period covers (since the first record for "all time").
    pub months: Vec<String>,
    pub revenue_by_month: Vec<MonthRevenue>,
    pub satisfaction: SatisfactionFigures,
    pub loyalty: LoyaltyFigures,
    pub value: ValueFigures,
    pub complaints: ComplaintFigures,
}

/// The figures plus the per-customer rows behind them (for the workbook).
pub struct Computed {
    pub insights: Insights,
    pub buyers: Vec<Buyer>,
    pub drifting: Vec<DriftingCustomer>,
    pub names: HashMap<i64, String>,
}

/// What one pass over the purchases gathers.
#[derive(Default)]
struct Gathered {
    buyers: Vec<(i64, Measures)>,
    revenue: HashMap<i32, (i64, u32)>,
    cohorts: HashMap<i32, (u32, u32)>,
    drifting: Vec<(i64, CustomerLoyalty, DriftBasis)>,
    first_day: Option<NaiveDate>,
}

fn gather(
    conn: &Connection,
    live: &HashMap<i64, scan::CustomerInfo>,
    period: &Period,
    today: NaiveDate,
) -> Result<Gathered> {
    // Retention looks past the period's end, but never past today.
    let horizon = (first_of_month(period.to) + Months::new(RETENTION_MONTHS + 1)
        - chrono::Days::new(1))
    .min(today)
    .max(period.to);
    let mut g = Gathered::default();
    for_each_history(conn, live, horizon, |id, all: &[Purchase]| {
        let upto = all.partition_point(|p| p.on <= period.to);
        let until_end = &all[..upto];
        if let Some(first) = until_end.first() {
            g.first_day = Some(g.first_day.map_or(first.on, |d| d.min(first.on)));
        }
        let info = &live[&id];
        let l = loyalty(until_end, period.to, info.contact_cycle_days);
        if let Some(basis) = l.drifting {
            g.drifting.push((id, l, basis));
        }

        let in_period: Vec<&Purchase> =
            until_end.iter().filter(|p| period.contains(p.on)).collect();
        let Some(last) = in_period.last() else { return };
        let mut days = 0;
        let mut previous = None;
        let mut months: Vec<NaiveDate> = Vec::new();
        let mut spend = 0;
        for p in &in_period {
            spend += p.net_cents;
            let entry = g.revenue.entry(month_no(p.on)).or_default();
            entry.0 += p.net_cents;
            entry.1 += 1;
            if previous != Some(p.on) {
                days += 1;
                previous = Some(p.on);
            }
            let month = first_of_month(p.on);
            if months.last() != Some(&month) {
                months.push(month);
            }
        }
        g.buyers.push((
            id,
            Measures {
                recency_days: (period.to - last.on).num_days(),
                frequency: days,
                monetary_cents: spend,
            },
        ));
        for month in months {
            let until = month + Months::new(RETENTION_MONTHS + 1);
            let came_back = all
                .iter()
                .any(|p| p.on >= month + Months::new(1) && p.on < until);
            let cohort = g.cohorts.entry(month_no(month)).or_default();
            cohort.0 += 1;
            cohort.1 += u32::from(came_back);
        }
    })?;
    Ok(g)
}

/// The first day anything was recorded (for "all time").
fn first_record(conn: &Connection, purchases: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
    let mut first = purchases;
    let survey: Option<String> = conn.query_row(
        "SELECT min(answered_on) FROM surveys WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    let complaint: Option<String> = conn.query_row(
        "SELECT min(received_at) FROM complaints WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    let mut days = scan::LocalDays::default();
    for d in [
        survey.and_then(|s| s.parse().ok()),
        complaint.and_then(|s| days.day(&s)),
    ]
    .into_iter()
    .flatten()
    {
        first = Some(first.map_or(d, |f| f.min(d)));
    }
    Ok(first)
}

/// Each customer's first phone, read by id.
pub fn fill_phones(conn: &Connection, customers: &mut [DriftingCustomer]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT json_extract(phones, '$[0]') FROM customers WHERE id = ?1")?;
    for c in customers.iter_mut().filter(|c| c.phone.is_none()) {
        c.phone = stmt.query_row([c.id], |r| r.get(0))?;
    }
    Ok(())
}

fn open_reminders(conn: &Connection) -> Result<HashMap<i64, NaiveDate>> {
    let mut stmt = conn.prepare(
        "SELECT customer_id, min(due_on) FROM reminders
         WHERE done_at IS NULL AND deleted_at IS NULL GROUP BY customer_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        if let Ok(d) = r.get_ref(1)?.as_str()?.parse() {
            out.insert(r.get(0)?, d);
        }
    }
    Ok(out)
}

fn tagged(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.customer_id NOT IN {}",
        scan::TRASHED_CUSTOMER_IDS
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every figure for the period, as of `today` (which bounds retention).
pub fn compute(conn: &Connection, period: &Period, today: NaiveDate) -> Result<Computed> {
    let live = live_customers(conn)?;
    let g = gather(conn, &live, period, today)?;

    let start = match period.from {
        Some(f) => f,
        None => first_record(conn, g.first_day)?.unwrap_or(period.to),
    };
    let month_days = months_between(start, period.to);
    let months: Vec<String> = month_days.iter().map(|m| month_key(*m)).collect();

    let measures: Vec<Measures> = g.buyers.iter().map(|(_, m)| *m).collect();
    let buyers: Vec<Buyer> = g
        .buyers
        .iter()
        .zip(score(&measures))
        .map(|((id, measures), scored)| Buyer {
            id: *id,
            measures: *measures,
            scored,
        })
        .collect();
    let revenue: i64 = buyers.iter().map(|b| b.measures.monetary_cents).sum();

    let reminders = open_reminders(conn)?;
    let mut drifting: Vec<DriftingCustomer> = g
        .drifting
        .into_iter()
        .map(|(id, loyalty, basis)| {
            let info = &live[&id];
            DriftingCustomer {
                id,
                name: info.name.clone(),
                phone: None,
                basis,
                loyalty,
                contact_cycle_days: info.contact_cycle_days,
                next_reminder_on: reminders.get(&id).copied(),
            }
        })
        .collect();
    drifting.sort_by(|a, b| {
        b.loyalty
            .total_spent_cents
            .cmp(&a.loyalty.total_spent_cents)
            .then(a.id.cmp(&b.id))
    });

    // Phones are read from each customer's row: only for those listed.
    let listed = DRIFTING_LISTED.min(drifting.len());
    fill_phones(conn, &mut drifting[..listed])?;

    let repeat_buyers = buyers.iter().filter(|b| b.measures.frequency >= 2).count() as u32;
    let retention = month_days
        .iter()
        .map(|&first| {
            let (buyers, returned) = g.cohorts.get(&month_no(first)).copied().unwrap_or((0, 0));
            let ends = first + Months::new(RETENTION_MONTHS + 1) - chrono::Days::new(1);
            MonthRetention {
                month: month_key(first),
                buyers,
                returned,
                rate: (buyers > 0).then(|| f64::from(returned) / f64::from(buyers)),
                complete: ends < today,
            }
        })
        .collect();

    let sat = satisfaction::satisfaction(conn, period, &months)?;
    let tg = tagged(conn)?;
    let cf = satisfaction::complaints(conn, period, &months)?;
    let insights = Insights {
        from: period.from,
        to: period.to,
        revenue_by_month: month_days
            .iter()
            .map(|&m| {
                let (revenue_cents, purchases) =
                    g.revenue.get(&month_no(m)).copied().unwrap_or((0, 0));
                MonthRevenue {
                    month: month_key(m),
                    revenue_cents,
                    purchases,
                }
            })
            .collect(),
        satisfaction: sat,
        loyalty: LoyaltyFigures {
            buyers: buyers.len() as u32,
            repeat_buyers,
            repeat_rate: (!buyers.is_empty())
                .then(|| f64::from(repeat_buyers) / buyers.len() as f64),
            retention,
            drifting_total: drifting.len() as u32,
            drifting: drifting.iter().take(DRIFTING_LISTED).cloned().collect(),
        },
        value: ValueFigures {
            buyers: buyers.len() as u32,
            revenue_cents: revenue,
            segments: value::segments(&buyers),
            pareto: value::pareto(&buyers, &live, revenue),
            tags: value::tags(&tg, &buyers, live.len(), revenue),
        },
        complaints: cf,
        months,
    };
    Ok(Computed {
        insights,
        buyers,
        drifting,
        names: live.into_iter().map(|(id, c)| (id, c.name)).collect(),
    })
}

impl Db {
    /// Satisfaction, loyalty and value for a period.
    pub fn insights(&self, query: &InsightsQuery) -> Result<Insights> {
        let today = local_date(self.now());
        let period = Period::new(query, today)?;
        self.read(|conn| Ok(compute(conn, &period, today)?.insights))
    }

    /// Writes the insights workbook for a period to `path` (whole or not at all).
    pub fn export_insights(
        &self,
        query: &InsightsQuery,
        path: &std::path::Path,
        lang: crate::model::Lang,
    ) -> Result<workbook::InsightsReport> {
        let today = local_date(self.now());
        let period = Period::new(query, today)?;
        self.read(|conn| workbook::write(conn, path, lang, &period, today))
    }

    /// One customer's purchase record today (their page).
    pub fn customer_loyalty(&self, customer_id: i64) -> Result<CustomerLoyalty> {
        let today = local_date(self.now());
        self.read(|conn| {
            let customer = crate::customers::get_customer(conn, customer_id)?;
            let mut stmt = conn.prepare_cached(
                "SELECT occurred_at, amount_cents, refunded_cents FROM interactions
                 WHERE customer_id = ?1 AND kind = 'purchase' AND deleted_at IS NULL
                 ORDER BY occurred_at",
            )?;
            let mut rows = stmt.query([customer_id])?;
            let mut days = scan::LocalDays::default();
            let mut history = Vec::new();
            while let Some(r) = rows.next()? {
                let p = scan::counted(&mut days, r.get_ref(0)?.as_str()?, r.get(1)?, r.get(2)?);
                history.extend(p.filter(|p| p.on <= today));
            }
            Ok(loyalty(&history, today, customer.contact_cycle_days))
        })
    }
}
