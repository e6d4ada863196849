//! Value figures: RFM segment sizes, the 80/20 (Pareto) view, the top
//! customers and each tag's share of customers and of revenue.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::rfm::{Measures, Scored, Segment};
use super::scan::CustomerInfo;

/// "The top 20% of customers".
pub const TOP_SHARE_OF_CUSTOMERS: f64 = 0.2;
/// How many top customers the screen lists.
pub const TOP_CUSTOMERS: usize = 10;

/// One buyer in the period, with their scores.
#[derive(Debug, Clone)]
pub struct Buyer {
    pub id: i64,
    pub measures: Measures,
    pub scored: Scored,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SegmentFigures {
    pub segment: Segment,
    pub customers: u32,
    #[ts(type = "number")]
    pub revenue_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TopCustomer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub spent_cents: i64,
    pub share: Option<f64>,
}

/// A point of the Pareto curve: the top `customers` share of buyers brings
/// `revenue` share of the revenue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurvePoint {
    pub customers: f64,
    pub revenue: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParetoFigures {
    /// ⌈20% of the buyers⌉.
    pub top_count: u32,
    /// Their share of the revenue; none when nothing was earned.
    pub top_share: Option<f64>,
    /// 0%, 1%, … 100% of the buyers, best first; empty when nothing was earned.
    pub curve: Vec<CurvePoint>,
    pub top: Vec<TopCustomer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TagShare {
    pub tag: String,
    pub customers: u32,
    /// Of all live customers (a customer with two tags counts for both).
    pub customer_share: Option<f64>,
    #[ts(type = "number")]
    pub revenue_cents: i64,
    /// Of the period's revenue.
    pub revenue_share: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ValueFigures {
    pub buyers: u32,
    #[ts(type = "number")]
    pub revenue_cents: i64,
    pub segments: Vec<SegmentFigures>,
    pub pareto: ParetoFigures,
    pub tags: Vec<TagShare>,
}

/// `part / whole`; none when the whole is nothing.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Buyers by spend, best first; ties by id so the order is stable.
pub fn by_spend(buyers: &[Buyer]) -> Vec<&Buyer> {
    let mut sorted: Vec<&Buyer> = buyers.iter().collect();
    sorted.sort_by(|a, b| {
        b.measures
            .monetary_cents
            .cmp(&a.measures.monetary_cents)
            .then(a.id.cmp(&b.id))
    });
    sorted
}

pub fn pareto(buyers: &[Buyer], live: &HashMap<i64, CustomerInfo>, revenue: i64) -> ParetoFigures {
    let sorted = by_spend(buyers);
    let n = sorted.len();
    if n == 0 {
        return ParetoFigures::default();
    }
    // Running totals: prefix[k] = what the best k buyers spent.
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0i64);
    for b in &sorted {
        prefix.push(prefix.last().unwrap() + b.measures.monetary_cents);
    }
    let top_count = ((n as f64) * TOP_SHARE_OF_CUSTOMERS).ceil() as usize;
    let curve = if revenue > 0 {
        (0..=100)
            .map(|pct| {
                let k = ((n * pct) as f64 / 100.0).round() as usize;
                CurvePoint {
                    customers: pct as f64 / 100.0,
                    revenue: prefix[k] as f64 / revenue as f64,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    ParetoFigures {
        top_count: top_count as u32,
        top_share: share(prefix[top_count], revenue),
        curve,
        top: sorted
            .iter()
            .take(TOP_CUSTOMERS)
            .map(|b| TopCustomer {
                id: b.id,
                name: live.get(&b.id).map(|c| c.name.clone()).unwrap_or_default(),
                spent_cents: b.measures.monetary_cents,
                share: share(b.measures.monetary_cents, revenue),
            })
            .collect(),
    }
}

pub fn segments(buyers: &[Buyer]) -> Vec<SegmentFigures> {
    Segment::ALL
        .iter()
        .map(|&segment| {
            let members = buyers.iter().filter(|b| b.scored.segment == segment);
            SegmentFigures {
                segment,
                customers: members.clone().count() as u32,
                revenue_cents: members.map(|b| b.measures.monetary_cents).sum(),
            }
        })
        .collect()
}

/// Each tag's share, biggest revenue first. `tagged` pairs live customers with
/// their tags.
pub fn tags(
    tagged: &[(i64, String)],
    buyers: &[Buyer],
    live_count: usize,
    revenue: i64,
) -> Vec<TagShare> {
    let spend: HashMap<i64, i64> = buyers
        .iter()
        .map(|b| (b.id, b.measures.monetary_cents))
        .collect();
    let mut per_tag: HashMap<&str, (u32, i64)> = HashMap::new();
    for (customer, tag) in tagged {
        let entry = per_tag.entry(tag.as_str()).or_default();
        entry.0 += 1;
        entry.1 += spend.get(customer).copied().unwrap_or(0);
    }
    let mut out: Vec<TagShare> = per_tag
        .into_iter()
        .map(|(tag, (customers, revenue_cents))| TagShare {
            tag: tag.to_string(),
            customers,
            customer_share: share(i64::from(customers), live_count as i64),
            revenue_cents,
            revenue_share: share(revenue_cents, revenue),
        })
        .collect();
    out.sort_by(|a, b| {
        b.revenue_cents
            .cmp(&a.revenue_cents)
            .then(b.customers.cmp(&a.customers))
            .then(a.tag.cmp(&b.tag))
    });
    out
}
