//! Survey answers and the dimensions they rate, on a real SQLite file:
//! validation with field errors, links to the customer's own purchase or
//! complaint, and dimensions renamed, added and retired without losing answers.

mod common;

use clientele_core::complaints::ComplaintInput;
use clientele_core::model::InteractionInput;
use clientele_core::surveys::{Rating, SurveyInput};
use clientele_core::Error;
use common::{customer, dim, temp_db};

fn fields(e: Error) -> Vec<(String, Option<u32>, String)> {
    e.field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.index, f.rule.clone()))
        .collect()
}

fn field(name: &str, index: Option<u32>, rule: &str) -> (String, Option<u32>, String) {
    (name.into(), index, rule.into())
}

fn rate(dimension_id: i64, rating: u8) -> Rating {
    Rating {
        dimension_id,
        rating,
    }
}

#[test]
fn an_answer_is_checked_field_by_field_and_nothing_is_written_when_refused() {
    let (_dir, db, _clock) = temp_db();
    let c = db.create_customer(&customer("张三")).unwrap().id;
    let quality = dim(&db, "productQuality");
    let bad = SurveyInput {
        answered_on: "2099-01-01".into(),
        ratings: vec![rate(quality, 6), rate(quality, 4), rate(9999, 3)],
        expected: "0".into(),
        perceived: "abc".into(),
        ..Default::default()
    };
    assert_eq!(
        fields(db.add_survey(c, &bad).unwrap_err()),
        [
            field("answeredOn", None, "inFuture"),
            field("ratings", Some(0), "outOfRange"),
            field("ratings", Some(1), "invalid"),
            field("ratings", Some(2), "invalid"),
            field("expected", None, "outOfRange"),
            field("perceived", None, "invalid"),
        ]
    );
    // b without a; and an answer that measures nothing.
    let half = SurveyInput {
        perceived: "7".into(),
        ..Default::default()
    };
    assert_eq!(
        fields(db.add_survey(c, &half).unwrap_err()),
        [field("expected", None, "required")]
    );
    assert_eq!(
        fields(db.add_survey(c, &SurveyInput::default()).unwrap_err()),
        [field("ratings", None, "required")]
    );
    assert!(db.list_surveys(c).unwrap().is_empty());

    // Full-width digits and a date typed the Chinese way are fine.
    let s = db
        .add_survey(
            c,
            &SurveyInput {
                answered_on: "2026年11月1日".into(),
                ratings: vec![rate(quality, 5)],
                expected: "８".into(),
                perceived: "6".into(),
                comment: "  <b>好</b> =1+1 ".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s.answered_on.to_string(), "2026-11-01");
    assert_eq!(s.index, Some(0.75));
    assert_eq!(s.comment, "<b>好</b> =1+1");
}

#[test]
fn links_must_be_the_customers_own_purchase_or_complaint() {
    let (_dir, db, _clock) = temp_db();
    let a = db.create_customer(&customer("甲")).unwrap().id;
    let b = db.create_customer(&customer("乙")).unwrap().id;
    let purchase = |who| {
        db.add_interaction(
            who,
            &InteractionInput {
                kind: "purchase".into(),
                amount: "10".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    };
    let (pa, pb) = (purchase(a), purchase(b));
    let call = db
        .add_interaction(
            a,
            &InteractionInput {
                kind: "call".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let kb = db
        .record_complaint(
            b,
            &ComplaintInput {
                category: "price".into(),
                description: "太贵".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let linked = |interaction_id, complaint_id| SurveyInput {
        ratings: vec![rate(dim(&db, "price"), 3)],
        interaction_id,
        complaint_id,
        ..Default::default()
    };
    assert_eq!(
        fields(db.add_survey(a, &linked(Some(pb), Some(kb))).unwrap_err()),
        [
            field("interactionId", None, "invalid"),
            field("complaintId", None, "invalid")
        ]
    );
    assert_eq!(
        fields(db.add_survey(a, &linked(Some(call), None)).unwrap_err()),
        [field("interactionId", None, "invalid")],
        "a call is not a purchase"
    );
    let s = db.add_survey(a, &linked(Some(pa), None)).unwrap();
    assert_eq!(s.interaction_id, Some(pa));
    assert_eq!(
        db.add_survey(b, &linked(None, Some(kb)))
            .unwrap()
            .complaint_id,
        Some(kb)
    );

    db.trash_customer(a).unwrap();
    assert!(matches!(
        db.add_survey(a, &linked(None, None)),
        Err(Error::CustomerInTrash(_))
    ));
}

#[test]
fn dimensions_are_renamed_added_and_retired_without_losing_answers() {
    let (_dir, db, clock) = temp_db();
    let c = db.create_customer(&customer("李四")).unwrap().id;
    let price = dim(&db, "price");
    let first = db
        .add_survey(
            c,
            &SurveyInput {
                ratings: vec![rate(price, 2)],
                ..Default::default()
            },
        )
        .unwrap();

    // Renamed: the old answer follows the new name.
    let renamed = db.rename_survey_dimension(price, "性价比").unwrap();
    assert_eq!(renamed.name.as_deref(), Some("性价比"));
    assert_eq!(renamed.key.as_deref(), Some("price"));
    // An empty name gives a built-in dimension its own name back; an own
    // dimension needs one, and no two live dimensions share a name.
    assert_eq!(db.rename_survey_dimension(price, " ").unwrap().name, None);
    let own = db.add_survey_dimension("包装").unwrap();
    assert_eq!(
        fields(db.add_survey_dimension("包装").unwrap_err()),
        [field("name", None, "taken")]
    );
    assert_eq!(
        fields(db.rename_survey_dimension(own.id, "").unwrap_err()),
        [field("name", None, "required")]
    );
    assert_eq!(
        fields(db.add_survey_dimension(&"长".repeat(41)).unwrap_err()),
        [field("name", None, "tooLong")]
    );
    let names: Vec<i64> = db
        .list_survey_dimensions()
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(names.last(), Some(&own.id), "a new dimension is asked last");

    // Retired: new answers cannot rate it, old ones keep it (and may be
    // edited with it), and it still shows on the customer's latest ratings.
    db.retire_survey_dimension(price, true).unwrap();
    let refused = SurveyInput {
        ratings: vec![rate(price, 5)],
        ..Default::default()
    };
    assert_eq!(
        fields(db.add_survey(c, &refused).unwrap_err()),
        [field("ratings", Some(0), "invalid")]
    );
    let edited = db
        .update_survey(
            first.id,
            &SurveyInput {
                ratings: vec![rate(price, 3), rate(own.id, 4)],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(edited.ratings, [rate(price, 3), rate(own.id, 4)]);
    let latest = db.latest_ratings(c).unwrap();
    assert_eq!(
        latest
            .iter()
            .map(|l| (l.dimension_id, l.rating))
            .collect::<Vec<_>>(),
        [(price, 3), (own.id, 4)]
    );

    // A newer answer becomes the latest; a trashed one stops counting.
    clock.advance(chrono::Duration::days(1));
    let newer = db
        .add_survey(
            c,
            &SurveyInput {
                ratings: vec![rate(own.id, 1)],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(db.latest_ratings(c).unwrap()[1].rating, 1);
    db.trash_survey(newer.id).unwrap();
    assert_eq!(db.latest_ratings(c).unwrap()[1].rating, 4);
    assert_eq!(db.list_surveys(c).unwrap().len(), 1);
    assert!(matches!(
        db.trash_survey(newer.id),
        Err(Error::SurveyNotFound(_))
    ));

    // Brought back, it is asked again.
    db.retire_survey_dimension(price, false).unwrap();
    db.add_survey(c, &refused).unwrap();
}

#[test]
fn a_refund_belongs_to_a_purchase_and_is_at_most_its_amount() {
    let (_dir, db, _clock) = temp_db();
    let c = db.create_customer(&customer("王五")).unwrap().id;
    let try_refund = |kind: &str, amount: &str, refund: &str| {
        db.add_interaction(
            c,
            &InteractionInput {
                kind: kind.into(),
                amount: amount.into(),
                refund: refund.into(),
                ..Default::default()
            },
        )
    };
    assert_eq!(
        fields(try_refund("purchase", "100", "100.01").unwrap_err()),
        [field("refund", None, "moreThanAmount")]
    );
    assert_eq!(
        fields(try_refund("call", "", "5").unwrap_err()),
        [field("refund", None, "notAPurchase")]
    );
    assert_eq!(
        fields(try_refund("purchase", "100", "-1").unwrap_err()),
        [field("refund", None, "invalid")]
    );
    let p = try_refund("purchase", "100", "¥40.5").unwrap();
    assert_eq!(p.refunded_cents, Some(4050));
    assert_eq!(
        try_refund("purchase", "100", "0").unwrap().refunded_cents,
        None
    );
    // The list's total spend is net of refunds.
    let row = db.list_customers(&Default::default()).unwrap().rows[0].clone();
    assert_eq!(row.total_spent_cents, 15_950);
}
