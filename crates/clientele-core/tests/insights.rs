//! Satisfaction, loyalty and value on a small hand-made book whose every
//! figure is worked out by hand below: ties, a single purchase, purchases on
//! the same day, refunds (part and full), an empty month, a customer with no
//! purchases and one in the trash.

mod common;

use chrono::NaiveDate;
use clientele_core::complaints::{ComplaintCategory, ComplaintInput, ComplaintMove};
use clientele_core::insights::loyalty::DriftBasis;
use clientele_core::insights::rfm::Segment;
use clientele_core::insights::{Insights, InsightsQuery};
use clientele_core::model::{CustomerInput, InteractionInput};
use clientele_core::surveys::{Rating, SurveyInput};
use clientele_core::Db;
use common::{customer, dim, temp_db};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn buy(db: &Db, customer: i64, on: &str, yuan: &str, refund: &str) {
    db.add_interaction(
        customer,
        &InteractionInput {
            kind: "purchase".into(),
            occurred_at: on.into(),
            amount: yuan.into(),
            refund: refund.into(),
            ..Default::default()
        },
    )
    .unwrap();
}

struct Book {
    a: i64,
    b: i64,
    c: i64,
}

/// 甲 buys on three days (two purchases on the first, a part refund on the
/// last), 乙 once after a purchase refunded in full, 丙 once, big; 丁 never;
/// 戊 is in the trash with the biggest purchase of all.
fn book(db: &Db) -> Book {
    let a = db
        .create_customer(&CustomerInput {
            tags: vec!["VIP".into()],
            ..customer("甲")
        })
        .unwrap()
        .id;
    let b = db
        .create_customer(&CustomerInput {
            contact_cycle_days: "20".into(),
            ..customer("乙")
        })
        .unwrap()
        .id;
    let c = db.create_customer(&customer("丙")).unwrap().id;
    db.create_customer(&CustomerInput {
        tags: vec!["VIP".into()],
        ..customer("丁")
    })
    .unwrap();
    let e = db.create_customer(&customer("戊")).unwrap().id;

    buy(db, a, "2026-01-10", "100", "");
    buy(db, a, "2026-01-10", "50", "");
    buy(db, a, "2026-03-10", "200", "");
    buy(db, a, "2026-05-09", "100", "40");
    buy(db, b, "2026-02-01", "1000", "1000");
    buy(db, b, "2026-06-01", "30", "");
    buy(db, c, "2026-01-05", "500", "");
    buy(db, e, "2026-04-01", "9999", "");
    db.trash_customer(e).unwrap();
    Book { a, b, c }
}

fn first_half(db: &Db) -> Insights {
    db.insights(&InsightsQuery {
        from: Some(d("2026-01-01")),
        to: Some(d("2026-06-30")),
    })
    .unwrap()
}

#[test]
fn revenue_counts_net_spend_and_leaves_out_full_refunds_and_the_trash() {
    let (_dir, db, _clock) = temp_db();
    book(&db);
    let i = first_half(&db);
    // 甲 150 + 200 + 60, 乙 30, 丙 500 (戊's 9,999 is in the trash).
    assert_eq!(i.value.revenue_cents, 94_000);
    assert_eq!(
        i.months,
        ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    );
    let by_month: Vec<(i64, u32)> = i
        .revenue_by_month
        .iter()
        .map(|m| (m.revenue_cents, m.purchases))
        .collect();
    // February: only 乙's purchase, refunded in full; April: only 戊's.
    assert_eq!(
        by_month,
        [
            (65_000, 3),
            (0, 0),
            (20_000, 1),
            (0, 0),
            (6_000, 1),
            (3_000, 1)
        ]
    );
}

#[test]
fn loyalty_repeat_rate_and_retention_by_month() {
    let (_dir, db, _clock) = temp_db();
    book(&db);
    let i = first_half(&db);
    // Buyers 甲 乙 丙; only 甲 bought on two days or more.
    assert_eq!((i.loyalty.buyers, i.loyalty.repeat_buyers), (3, 1));
    assert_eq!(i.loyalty.repeat_rate, Some(1.0 / 3.0));
    let retention: Vec<(&str, u32, u32)> = i
        .loyalty
        .retention
        .iter()
        .map(|r| (r.month.as_str(), r.buyers, r.returned))
        .collect();
    // January: 甲 (back in March) and 丙 (never back). March: 甲, back in May.
    // May: 甲, not back by August. June: 乙, not back by September.
    assert_eq!(
        retention,
        [
            ("2026-01", 2, 1),
            ("2026-02", 0, 0),
            ("2026-03", 1, 1),
            ("2026-04", 0, 0),
            ("2026-05", 1, 0),
            ("2026-06", 1, 0)
        ]
    );
    assert_eq!(
        i.loyalty.retention[1].rate, None,
        "an empty month has no rate"
    );
    assert!(
        i.loyalty.retention.iter().all(|r| r.complete),
        "September has passed"
    );
}

#[test]
fn drifting_customers_by_their_rhythm_or_their_cycle() {
    let (_dir, db, _clock) = temp_db();
    let book = book(&db);
    // At the end of June: 乙 bought once, 29 days ago, on a 20-day cycle.
    // 甲's gaps are 59 and 60 days (median 59.5; drifting after 119); it has
    // been 52. 丙 bought once and has no cycle.
    let june = first_half(&db);
    let ids: Vec<(i64, DriftBasis)> = june
        .loyalty
        .drifting
        .iter()
        .map(|c| (c.id, c.basis))
        .collect();
    assert_eq!(ids, [(book.b, DriftBasis::Cycle)]);
    let b = &june.loyalty.drifting[0];
    assert_eq!(b.loyalty.days_since_last, Some(29));
    assert_eq!(
        b.loyalty.purchases, 1,
        "the refunded purchase does not count"
    );

    // By 23 November 甲 is 198 days out: past 119. Best spender first.
    let now = db
        .insights(&InsightsQuery {
            from: None,
            to: Some(d("2026-11-23")),
        })
        .unwrap();
    let ids: Vec<i64> = now.loyalty.drifting.iter().map(|c| c.id).collect();
    assert_eq!(ids, [book.a, book.b]);
    assert_eq!(
        now.loyalty.drifting[0].loyalty.usual_interval_days,
        Some(59.5)
    );
    assert_eq!(now.loyalty.drifting_total, 2);
}

#[test]
fn rfm_scores_ties_and_segments() {
    let (_dir, db, _clock) = temp_db();
    book(&db);
    let i = first_half(&db);
    // R (days to 30 June): 甲 52, 乙 29, 丙 176 → 3, 5, 1.
    // F (purchase days): 甲 3, 乙 1, 丙 1 → 5, and 2 for the tie.
    // M: 甲 410, 乙 30, 丙 500 → 3, 1, 5.
    // 甲 (3, 5, 3): loyal. 乙 (5, 2, 1), bought once, recently: new.
    // 丙 (1, 2, 5): not recent but spent much: at risk.
    let counts: Vec<(Segment, u32, i64)> = i
        .value
        .segments
        .iter()
        .map(|s| (s.segment, s.customers, s.revenue_cents))
        .collect();
    assert_eq!(
        counts,
        [
            (Segment::Champions, 0, 0),
            (Segment::Loyal, 1, 41_000),
            (Segment::New, 1, 3_000),
            (Segment::NeedsAttention, 0, 0),
            (Segment::AtRisk, 1, 50_000),
            (Segment::Lost, 0, 0)
        ]
    );
}

#[test]
fn pareto_top_customers_and_tag_shares() {
    let (_dir, db, _clock) = temp_db();
    book(&db);
    let i = first_half(&db);
    let p = &i.value.pareto;
    // ⌈20% of 3⌉ = 1 buyer: 丙, 500 of 940.
    assert_eq!(p.top_count, 1);
    assert_eq!(p.top_share, Some(50_000.0 / 94_000.0));
    let top: Vec<&str> = p.top.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(top, ["丙", "甲", "乙"]);
    assert_eq!(p.curve.len(), 101);
    assert_eq!(p.curve[0].revenue, 0.0);
    assert_eq!(p.curve[100].revenue, 1.0);
    // 33% of 3 buyers rounds to 1 buyer; 50% to 2 (丙 + 甲).
    assert_eq!(p.curve[33].revenue, 50_000.0 / 94_000.0);
    assert_eq!(p.curve[50].revenue, 91_000.0 / 94_000.0);

    // VIP: 甲 and 丁 of the four live customers; 甲's 410 of 940.
    assert_eq!(i.value.tags.len(), 1);
    let vip = &i.value.tags[0];
    assert_eq!((vip.tag.as_str(), vip.customers), ("VIP", 2));
    assert_eq!(vip.customer_share, Some(0.5));
    assert_eq!(vip.revenue_share, Some(41_000.0 / 94_000.0));
}

#[test]
fn satisfaction_rates_per_dimension_and_month_and_the_index() {
    let (_dir, db, _clock) = temp_db();
    let book = book(&db);
    let (quality, price, staff) = (
        dim(&db, "productQuality"),
        dim(&db, "price"),
        dim(&db, "staffManner"),
    );
    let rate = |dimension_id, rating| Rating {
        dimension_id,
        rating,
    };
    db.add_survey(
        book.a,
        &SurveyInput {
            answered_on: "2026-02-01".into(),
            ratings: vec![rate(quality, 5), rate(price, 3)],
            expected: "8".into(),
            perceived: "10".into(),
            ..Default::default()
        },
    )
    .unwrap();
    db.add_survey(
        book.b,
        &SurveyInput {
            answered_on: "2026-06-02".into(),
            ratings: vec![rate(quality, 4), rate(staff, 1)],
            expected: "10".into(),
            perceived: "9".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // Outside the period: does not count.
    db.add_survey(
        book.c,
        &SurveyInput {
            answered_on: "2026-07-01".into(),
            ratings: vec![rate(price, 5)],
            ..Default::default()
        },
    )
    .unwrap();

    let s = first_half(&db).satisfaction;
    assert_eq!(s.surveys, 2);
    // Ratings 5, 3, 4, 1: two satisfied or better; mean 3.25.
    assert_eq!(s.overall.levels, [1, 0, 1, 1, 1]);
    assert_eq!(s.overall.rate, Some(0.5));
    assert_eq!(s.overall.average, Some(3.25));
    let per: Vec<(Option<&str>, Option<f64>)> = s
        .by_dimension
        .iter()
        .map(|d| (d.key.as_deref(), d.counts.rate))
        .collect();
    assert_eq!(
        per,
        [
            (Some("productQuality"), Some(1.0)),
            (Some("price"), Some(0.0)),
            (Some("delivery"), None),
            (Some("staffManner"), Some(0.0)),
            (Some("responseSpeed"), None),
            (Some("complaintHandling"), None)
        ]
    );
    let months: Vec<Option<f64>> = s.by_month.iter().map(|m| m.counts.rate).collect();
    // February (甲: 5 and 3) and June (乙: 4 and 1).
    assert_eq!(months, [None, Some(0.5), None, None, None, Some(0.5)]);
    // C = 10 / 8 = 1.25 (delighted) and 9 / 10 = 0.9 (dissatisfied).
    assert_eq!(s.index.answers, 2);
    assert!((s.index.mean.unwrap() - 1.075).abs() < 1e-12);
    assert_eq!(
        (s.index.dissatisfied, s.index.satisfied, s.index.delighted),
        (1, 0, 1)
    );
}

#[test]
fn complaints_by_cause_and_month_and_the_missing_follow_up_survey() {
    let (_dir, db, _clock) = temp_db();
    let book = book(&db);
    let complaint = |category: &str, at: &str| ComplaintInput {
        received_at: at.into(),
        category: category.into(),
        description: "…".into(),
        ..Default::default()
    };
    let k = db
        .record_complaint(book.c, &complaint("productQuality", "2026-02-15"))
        .unwrap()
        .id;
    db.record_complaint(book.a, &complaint("price", "2026-03-01"))
        .unwrap();
    db.record_complaint(book.a, &complaint("price", "2026-08-01"))
        .unwrap();
    let i = first_half(&db);
    assert_eq!(i.complaints.received, 2);
    let causes: Vec<(ComplaintCategory, u32)> = i
        .complaints
        .by_category
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| (c.category, c.count))
        .collect();
    assert_eq!(
        causes,
        [
            (ComplaintCategory::ProductQuality, 1),
            (ComplaintCategory::Price, 1)
        ]
    );
    let months: Vec<u32> = i.complaints.by_month.iter().map(|m| m.count).collect();
    assert_eq!(months, [0, 1, 1, 0, 0, 0]);

    // Resolved today (the test clock): waiting for its follow-up survey
    // until one is recorded against it.
    db.move_complaint(
        k,
        &ComplaintMove {
            to: "resolved".into(),
            remedy: "replacement".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let all_time = || db.insights(&InsightsQuery::default()).unwrap();
    let waiting: Vec<i64> = all_time()
        .satisfaction
        .awaiting_survey
        .iter()
        .map(|w| w.complaint_id)
        .collect();
    assert_eq!(waiting, [k]);
    assert_eq!(
        all_time().months.first().map(String::as_str),
        Some("2026-01")
    );
    db.add_survey(
        book.c,
        &SurveyInput {
            complaint_id: Some(k),
            ratings: vec![Rating {
                dimension_id: dim(&db, "complaintHandling"),
                rating: 4,
            }],
            ..Default::default()
        },
    )
    .unwrap();
    assert!(all_time().satisfaction.awaiting_survey.is_empty());
}

#[test]
fn an_empty_book_and_an_empty_period_have_no_rates_and_no_division_by_zero() {
    let (_dir, db, _clock) = temp_db();
    let i = db.insights(&InsightsQuery::default()).unwrap();
    assert_eq!(i.value.revenue_cents, 0);
    assert_eq!(i.loyalty.repeat_rate, None);
    assert_eq!(i.value.pareto.top_share, None);
    assert!(i.value.pareto.curve.is_empty());
    assert_eq!(i.satisfaction.overall.rate, None);
    assert_eq!(i.months.len(), 1, "this month only");

    book(&db);
    let empty = db
        .insights(&InsightsQuery {
            from: Some(d("2025-01-01")),
            to: Some(d("2025-03-31")),
        })
        .unwrap();
    assert_eq!(empty.months.len(), 3);
    assert_eq!(empty.value.buyers, 0);
    assert!(empty.value.segments.iter().all(|s| s.customers == 0));
    assert!(empty.loyalty.drifting.is_empty(), "nobody had bought yet");
}

#[test]
fn a_period_ending_before_it_starts_is_refused() {
    let (_dir, db, _clock) = temp_db();
    let err = db
        .insights(&InsightsQuery {
            from: Some(d("2026-06-01")),
            to: Some(d("2026-05-01")),
        })
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "from");
}

#[test]
fn a_customers_own_loyalty_on_their_page() {
    let (_dir, db, _clock) = temp_db();
    let book = book(&db);
    let l = db.customer_loyalty(book.a).unwrap();
    assert_eq!((l.purchases, l.purchase_days), (4, 3));
    assert_eq!(l.first_purchase, Some(d("2026-01-10")));
    assert_eq!(l.last_purchase, Some(d("2026-05-09")));
    assert_eq!(l.total_spent_cents, 41_000);
    assert_eq!(l.average_spent_cents, Some(10_250));
    assert_eq!(
        l.days_since_last,
        Some((db.today() - d("2026-05-09")).num_days())
    );
    let none = db.customer_loyalty(book.b + 2).unwrap();
    assert_eq!(none.purchases, 0, "丁 never bought");
}

#[test]
fn the_insights_workbook_has_the_figures_and_native_charts_in_both_languages() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use clientele_core::model::Lang;

    let (dir, db, _clock) = temp_db();
    let book = book(&db);
    // A name that must stay text in Excel.
    db.update_customer(
        book.c,
        &CustomerInput {
            name: "=HYPERLINK(\"x\")".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let query = InsightsQuery {
        from: Some(d("2026-01-01")),
        to: Some(d("2026-06-30")),
    };
    for (lang, summary, rfm_sheet, top) in [
        (Lang::ZhCn, "概览", "RFM", "重要客户"),
        (Lang::En, "Summary", "RFM", "Top customers"),
    ] {
        let path = dir.path().join(format!("insights-{lang:?}.xlsx"));
        let report = db.export_insights(&query, &path, lang).unwrap();
        assert_eq!((report.sheets, report.buyers, report.drifting), (11, 3, 1));

        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let sheet = wb.worksheet_range(summary).unwrap();
        // Row 2: revenue, 940.00 (net of refunds, trash left out).
        assert_eq!(sheet.get((2, 1)), Some(&Data::Float(940.0)));
        let rfm = wb.worksheet_range(rfm_sheet).unwrap();
        assert_eq!(rfm.height(), 4, "a header and the three buyers");
        assert_eq!(
            rfm.get((1, 1)),
            Some(&Data::String("=HYPERLINK(\"x\")".into()))
        );
        let top_sheet = wb.worksheet_range(top).unwrap();
        assert_eq!(
            top_sheet.get((1, 2)),
            Some(&Data::String("=HYPERLINK(\"x\")".into()))
        );

        // Native charts: revenue, satisfaction and complaints by month, by
        // dimension, by cause, segments and the Pareto curve.
        let zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let charts = zip
            .file_names()
            .filter(|n| n.starts_with("xl/charts/chart"))
            .count();
        assert_eq!(charts, 7);
    }
}
