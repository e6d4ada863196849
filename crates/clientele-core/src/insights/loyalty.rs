//! One customer's loyalty from their purchases: how often, how regularly,
//! how recently, how much; and whether they are drifting away.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::scan::Purchase;
use crate::string_enum::string_enum;

/// A customer's own rhythm needs at least this many gaps between purchase
/// days; with fewer, their contact cycle says when they are overdue.
pub const MIN_GAPS_FOR_RHYTHM: usize = 2;
/// "Well past" their usual interval: more than twice it, and at least this
/// many days over it (someone who buys every 3 days is not lost after 7).
pub const DRIFT_SLACK_DAYS: f64 = 14.0;

string_enum! {
    /// Why a customer counts as drifting away: well past their own usual
    /// interval between purchases, or (too few purchases for a rhythm) past
    /// their contact cycle.
    DriftBasis {
        Interval => "interval",
        Cycle => "cycle",
    }
}

/// A customer's purchase record, as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerLoyalty {
    /// Counted purchases (a purchase refunded in full is not one).
    pub purchases: u32,
    /// Days they bought on; two purchases on one day are one visit.
    pub purchase_days: u32,
    /// Bought on two days or more.
    pub repeat: bool,
    pub first_purchase: Option<NaiveDate>,
    pub last_purchase: Option<NaiveDate>,
    /// The median of the gaps between their purchase days.
    pub usual_interval_days: Option<f64>,
    #[ts(type = "number | null")]
    pub days_since_last: Option<i64>,
    #[ts(type = "number")]
    pub total_spent_cents: i64,
    /// Net spend per purchase, rounded to the cent.
    #[ts(type = "number | null")]
    pub average_spent_cents: Option<i64>,
    pub drifting: Option<DriftBasis>,
}

fn median(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// Loyalty from purchases (oldest first, all on or before `as_of`).
pub fn loyalty(history: &[Purchase], as_of: NaiveDate, cycle_days: Option<u32>) -> CustomerLoyalty {
    let mut days: Vec<NaiveDate> = history.iter().map(|p| p.on).collect();
    days.dedup();
    let gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    let usual = median(gaps.clone());
    let total: i64 = history.iter().map(|p| p.net_cents).sum();
    let last = days.last().copied();
    let since = last.map(|d| (as_of - d).num_days());
    let drifting = match (since, usual) {
        (Some(since), Some(usual)) if gaps.len() >= MIN_GAPS_FOR_RHYTHM => {
            let limit = (2.0 * usual).max(usual + DRIFT_SLACK_DAYS);
            (since as f64 > limit).then_some(DriftBasis::Interval)
        }
        (Some(since), _) => cycle_days
            .filter(|c| since > i64::from(*c))
            .map(|_| DriftBasis::Cycle),
        (None, _) => None,
    };
    let purchases = history.len() as u32;
    CustomerLoyalty {
        purchases,
        purchase_days: days.len() as u32,
        repeat: days.len() >= 2,
        first_purchase: days.first().copied(),
        last_purchase: last,
        usual_interval_days: usual,
        days_since_last: since,
        total_spent_cents: total,
        average_spent_cents: (purchases > 0)
            .then(|| (total as f64 / f64::from(purchases)).round() as i64),
        drifting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn p(on: &str, yuan: i64) -> Purchase {
        Purchase {
            on: d(on),
            net_cents: yuan * 100,
        }
    }

    #[test]
    fn no_purchases_is_no_history_and_never_drifting() {
        let l = loyalty(&[], d("2026-11-01"), Some(30));
        assert_eq!(l.purchases, 0);
        assert!(!l.repeat);
        assert_eq!(l.average_spent_cents, None);
        assert_eq!(l.drifting, None);
    }

    #[test]
    fn a_single_purchase_uses_the_contact_cycle() {
        let h = [p("2026-10-01", 99)];
        // 31 days later, a 30-day cycle: past it.
        let l = loyalty(&h, d("2026-11-01"), Some(30));
        assert_eq!(l.usual_interval_days, None);
        assert_eq!(l.days_since_last, Some(31));
        assert_eq!(l.drifting, Some(DriftBasis::Cycle));
        assert_eq!(
            loyalty(&h, d("2026-10-31"), Some(30)).drifting,
            None,
            "30 days is not past 30"
        );
        assert_eq!(
            loyalty(&h, d("2027-11-01"), None).drifting,
            None,
            "no cycle, no rhythm"
        );
    }

    #[test]
    fn same_day_purchases_are_one_visit_but_two_purchases() {
        let h = [
            p("2026-01-10", 10),
            p("2026-01-10", 20),
            p("2026-02-09", 30),
        ];
        let l = loyalty(&h, d("2026-02-09"), None);
        assert_eq!((l.purchases, l.purchase_days), (3, 2));
        assert!(l.repeat);
        assert_eq!(l.usual_interval_days, Some(30.0));
        assert_eq!(l.total_spent_cents, 6000);
        assert_eq!(l.average_spent_cents, Some(2000));
    }

    #[test]
    fn drifting_is_well_past_their_own_median_interval() {
        // Gaps 10, 20, 30 days: median 20; limit max(40, 34) = 40 days.
        let h = [
            p("2026-01-01", 1),
            p("2026-01-11", 1),
            p("2026-01-31", 1),
            p("2026-03-02", 1),
        ];
        let l = loyalty(&h, d("2026-04-11"), Some(5));
        assert_eq!(l.usual_interval_days, Some(20.0));
        assert_eq!(l.days_since_last, Some(40));
        assert_eq!(
            l.drifting, None,
            "40 days is not past 40, and the rhythm overrides the cycle"
        );
        assert_eq!(
            loyalty(&h, d("2026-04-12"), None).drifting,
            Some(DriftBasis::Interval)
        );
    }

    #[test]
    fn a_fast_rhythm_gets_two_weeks_of_slack() {
        // Every 3 days: twice is 6, but the limit is 3 + 14 = 17.
        let h = [p("2026-01-01", 1), p("2026-01-04", 1), p("2026-01-07", 1)];
        assert_eq!(loyalty(&h, d("2026-01-24"), None).drifting, None);
        assert_eq!(
            loyalty(&h, d("2026-01-25"), None).drifting,
            Some(DriftBasis::Interval)
        );
    }

    #[test]
    fn an_even_number_of_gaps_takes_the_middle_two() {
        let h = [p("2026-01-01", 1), p("2026-01-02", 1), p("2026-01-12", 1)];
        assert_eq!(
            loyalty(&h, d("2026-01-12"), None).usual_interval_days,
            Some(5.5)
        );
    }
}
