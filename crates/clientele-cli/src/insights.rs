//! `clientele-cli insights`: the Insights screen's figures for a period, as
//! text or JSON, and (with --xlsx) the insights workbook.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use clientele_core::insights::{Insights, InsightsQuery};
use clientele_core::labels;
use clientele_core::model::Lang;
use clientele_core::{Db, Error};

#[derive(Args)]
pub struct InsightsArgs {
    /// First day of the period (default: since the first record)
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day of the period (default: today)
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Every figure as one JSON object
    #[arg(long)]
    json: bool,
    /// Also write the insights workbook (tables and charts) to this .xlsx file
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
}

fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "-".into(), |s| format!("{:.1}%", s * 100.0))
}

fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The figures as lines of text, in the order the screen shows them.
pub fn render(i: &Insights, dimension_names: &[(i64, String)], lang: Lang) -> Vec<String> {
    let from = i
        .from
        .map_or_else(|| "first record".into(), |d| d.to_string());
    let mut out = vec![format!("Insights {from} – {}", i.to), String::new()];
    let s = &i.satisfaction;
    out.push(format!(
        "Satisfaction: {} of {} rating(s) satisfied or better ({}), {} survey answer(s)",
        s.overall.satisfied,
        s.overall.ratings,
        pct(s.overall.rate),
        s.surveys
    ));
    for d in &s.by_dimension {
        let name = dimension_names
            .iter()
            .find(|(id, _)| *id == d.dimension_id)
            .map(|(_, n)| n.as_str())
            .unwrap_or("");
        out.push(format!(
            "  {name}\t{}\t{} rating(s)",
            pct(d.counts.rate),
            d.counts.ratings
        ));
    }
    match s.index.mean {
        Some(c) => out.push(format!(
            "Satisfaction index C = b/a: {c:.2} over {} answer(s) ({} below 1, {} about 1, {} above 1)",
            s.index.answers, s.index.dissatisfied, s.index.satisfied, s.index.delighted
        )),
        None => out.push("Satisfaction index C = b/a: no answers with both scores".into()),
    }
    out.push(format!(
        "Complaints awaiting a follow-up survey: {}",
        s.awaiting_survey.len()
    ));
    out.push(String::new());

    let l = &i.loyalty;
    out.push(format!(
        "Loyalty: {} buyer(s), {} bought on two days or more (repeat rate {})",
        l.buyers,
        l.repeat_buyers,
        pct(l.repeat_rate)
    ));
    out.push(format!("Drifting customers: {}", l.drifting_total));
    for d in l.drifting.iter().take(10) {
        out.push(format!(
            "  #{}\t{}\tlast {}\t{} day(s)\tspent {}\t{}",
            d.id,
            d.name,
            d.loyalty
                .last_purchase
                .map(|x| x.to_string())
                .unwrap_or_default(),
            d.loyalty.days_since_last.unwrap_or(0),
            money(d.loyalty.total_spent_cents),
            labels::drift_basis(d.basis, lang)
        ));
    }
    out.push(String::new());

    let v = &i.value;
    out.push(format!(
        "Value: revenue {} from {} buyer(s); the top 20% ({}) brought {}",
        money(v.revenue_cents),
        v.buyers,
        v.pareto.top_count,
        pct(v.pareto.top_share)
    ));
    out.push("RFM segments:".into());
    for g in &v.segments {
        out.push(format!(
            "  {}\t{}\t{}",
            labels::segment(g.segment, lang),
            g.customers,
            money(g.revenue_cents)
        ));
    }
    out.push(format!("Complaints received: {}", i.complaints.received));
    out
}

pub fn run(db: &Db, lang: Lang, args: InsightsArgs) -> Result<(), Error> {
    let query = InsightsQuery {
        from: args.from,
        to: args.to,
    };
    let i = db.insights(&query)?;
    if args.json {
        crate::print_json(&i);
    } else {
        let names: Vec<(i64, String)> = db
            .list_survey_dimensions()?
            .iter()
            .map(|d| (d.id, labels::survey_dimension(d, lang)))
            .collect();
        for line in render(&i, &names, lang) {
            println!("{line}");
        }
    }
    if let Some(path) = args.xlsx {
        let r = db.export_insights(&query, &path, lang)?;
        eprintln!(
            "insights workbook ({} sheets) written to {}",
            r.sheets, r.path
        );
    }
    Ok(())
}
