//! RFM: recency, frequency and monetary scores (quintiles, 1–5) and the named
//! segments built from them.

use crate::string_enum::string_enum;

string_enum! {
    /// A value segment; the UI names each in both languages with a hint.
    Segment {
        Champions => "champions",
        Loyal => "loyal",
        New => "new",
        NeedsAttention => "needsAttention",
        AtRisk => "atRisk",
        Lost => "lost",
    }
}

impl Segment {
    /// In the order the screen and the workbook list them: best first.
    pub const ALL: [Segment; 6] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::New,
        Segment::NeedsAttention,
        Segment::AtRisk,
        Segment::Lost,
    ];
}

/// One buyer's raw measures over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measures {
    /// Days from their last purchase to the period's end.
    pub recency_days: i64,
    /// Days they bought on (two purchases on one day are one visit).
    pub frequency: u32,
    /// Net spend, refunds taken off.
    pub monetary_cents: i64,
}

/// Scores and segment of one buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

/// Quintile scores by mid-rank: a value's score is 1 + ⌊5·p⌋ (at most 5), where
/// p = (customers worse + (customers tied − 1) / 2) / (n − 1). Ties always
/// share a score, and a measure that tells nobody apart (one buyer, or all
/// equal) gives everyone 3, the middle.
///
/// ```
/// use clientele_core::insights::rfm::quintiles;
/// assert_eq!(quintiles(&[10, 20, 30, 40, 50]), [1, 2, 3, 4, 5]);
/// assert_eq!(quintiles(&[7]), [3]);
/// assert_eq!(quintiles(&[1, 1, 1, 9]), [2, 2, 2, 5]);
/// ```
pub fn quintiles(values: &[i64]) -> Vec<u8> {
    let n = values.len();
    if n == 0 {
        return Vec::new();
    }
    let mut sorted: Vec<i64> = values.to_vec();
    sorted.sort_unstable();
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|x| x < v);
            let tied = sorted.partition_point(|x| x <= v) - below;
            let p = if n == 1 {
                0.5
            } else {
                (below as f64 + (tied as f64 - 1.0) / 2.0) / (n as f64 - 1.0)
            };
            (1 + ((p * 5.0).floor() as u8)).min(5)
        })
        .collect()
}

/// The segment for scores (first rule that fits):
/// - **new**: bought on one day only, recently (R ≥ 4);
/// - **champions**: R, F and M all ≥ 4;
/// - **loyal**: R ≥ 3 and F ≥ 3;
/// - **at risk**: R ≤ 2 but used to buy often or much (F ≥ 3 or M ≥ 4);
/// - **lost**: R = 1;
/// - **needs attention**: everyone else.
pub fn segment(r: u8, f: u8, m: u8, frequency: u32) -> Segment {
    if frequency == 1 && r >= 4 {
        Segment::New
    } else if r >= 4 && f >= 4 && m >= 4 {
        Segment::Champions
    } else if r >= 3 && f >= 3 {
        Segment::Loyal
    } else if r <= 2 && (f >= 3 || m >= 4) {
        Segment::AtRisk
    } else if r == 1 {
        Segment::Lost
    } else {
        Segment::NeedsAttention
    }
}

/// Scores every buyer against the others. Recency is scored reversed: fewer
/// days since the last purchase is better.
pub fn score(measures: &[Measures]) -> Vec<Scored> {
    let r = quintiles(&measures.iter().map(|m| -m.recency_days).collect::<Vec<_>>());
    let f = quintiles(
        &measures
            .iter()
            .map(|m| i64::from(m.frequency))
            .collect::<Vec<_>>(),
    );
    let m = quintiles(
        &measures
            .iter()
            .map(|m| m.monetary_cents)
            .collect::<Vec<_>>(),
    );
    measures
        .iter()
        .enumerate()
        .map(|(i, x)| Scored {
            r: r[i],
            f: f[i],
            m: m[i],
            segment: segment(r[i], f[i], m[i], x.frequency),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_distinct_values_make_pairs_per_quintile() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(quintiles(&v), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    }

    #[test]
    fn ties_share_a_score_whatever_their_order() {
        // Seven bought once, two twice, one five times.
        let v = [1, 2, 1, 1, 5, 1, 1, 2, 1, 1];
        // once: (0 + 3) / 9 = 0.33 → 2; twice: (7 + 0.5) / 9 = 0.83 → 5;
        // five times: 9 / 9 = 1 → 5 (capped).
        assert_eq!(quintiles(&v), [2, 5, 2, 2, 5, 2, 2, 5, 2, 2]);
    }

    #[test]
    fn recency_is_better_when_smaller() {
        let scored = score(&[
            Measures {
                recency_days: 0,
                frequency: 4,
                monetary_cents: 900,
            },
            Measures {
                recency_days: 300,
                frequency: 4,
                monetary_cents: 900,
            },
            Measures {
                recency_days: 10,
                frequency: 1,
                monetary_cents: 100,
            },
        ]);
        assert_eq!(scored.iter().map(|s| s.r).collect::<Vec<_>>(), [5, 1, 3]);
    }

    #[test]
    fn segments_follow_the_rules_in_order() {
        assert_eq!(segment(5, 1, 1, 1), Segment::New);
        assert_eq!(segment(5, 5, 5, 9), Segment::Champions);
        assert_eq!(segment(4, 4, 3, 6), Segment::Loyal);
        assert_eq!(segment(2, 4, 1, 6), Segment::AtRisk);
        assert_eq!(segment(1, 1, 5, 1), Segment::AtRisk);
        assert_eq!(segment(1, 2, 2, 2), Segment::Lost);
        assert_eq!(segment(3, 2, 2, 2), Segment::NeedsAttention);
        assert_eq!(segment(3, 1, 1, 1), Segment::NeedsAttention);
    }
}
