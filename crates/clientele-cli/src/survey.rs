//! `clientele-cli survey`: record a customer's satisfaction survey answer,
//! list their answers, and list the dimensions asked about.

use clap::Subcommand;
use clientele_core::labels;
use clientele_core::model::Lang;
use clientele_core::surveys::{Rating, SurveyInput};
use clientele_core::{Db, Error, FieldError};

#[derive(Subcommand)]
pub enum SurveyCommand {
    /// Record an answer; prints its id. Rate dimensions by key, own name or id:
    /// `--rate productQuality=5 --rate 服务态度=4` (5 very satisfied … 1 very dissatisfied)
    Add {
        #[arg(long)]
        customer: i64,
        #[arg(long = "rate", value_name = "DIMENSION=LEVEL")]
        ratings: Vec<String>,
        #[arg(long, default_value = "")]
        comment: String,
        /// The day it was answered (default today)
        #[arg(long, default_value = "")]
        on: String,
        /// The purchase (interaction id) it was about
        #[arg(long)]
        purchase: Option<i64>,
        /// The complaint whose handling it followed up
        #[arg(long)]
        complaint: Option<i64>,
        /// a: what the customer expected, 0–10 (with --perceived: C = b/a)
        #[arg(long, default_value = "")]
        expected: String,
        /// b: what the customer perceived, 0–10
        #[arg(long, default_value = "")]
        perceived: String,
    },
    /// A customer's answers, newest first
    List {
        #[arg(long)]
        customer: i64,
        #[arg(long)]
        json: bool,
    },
    /// The dimensions a survey asks about (retired ones marked)
    Dimensions {
        #[arg(long)]
        json: bool,
    },
}

/// `price=4` → a rating of the dimension keyed, named (in either language)
/// or numbered `price`.
fn parse_ratings(db: &Db, specs: &[String]) -> Result<Vec<Rating>, Error> {
    let dimensions = db.list_survey_dimensions()?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let parsed = spec.split_once('=').and_then(|(dim, level)| {
            let dim = dim.trim();
            let d = dimensions.iter().find(|d| {
                d.key.as_deref() == Some(dim)
                    || d.id.to_string() == dim
                    || labels::survey_dimension(d, Lang::ZhCn) == dim
                    || labels::survey_dimension(d, Lang::En).eq_ignore_ascii_case(dim)
            })?;
            Some(Rating {
                dimension_id: d.id,
                rating: level.trim().parse().ok()?,
            })
        });
        match parsed {
            Some(r) => out.push(r),
            None => errors.push(FieldError::new("ratings", "invalid").at(i)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errors))
    }
}

pub fn run(db: &Db, lang: Lang, command: SurveyCommand) -> Result<(), Error> {
    match command {
        SurveyCommand::Add {
            customer,
            ratings,
            comment,
            on,
            purchase,
            complaint,
            expected,
            perceived,
        } => {
            let input = SurveyInput {
                answered_on: on,
                ratings: parse_ratings(db, &ratings)?,
                comment,
                interaction_id: purchase,
                complaint_id: complaint,
                expected,
                perceived,
            };
            println!("{}", db.add_survey(customer, &input)?.id);
        }
        SurveyCommand::List { customer, json } => {
            let all = db.list_surveys(customer)?;
            if json {
                crate::print_json(&all);
                return Ok(());
            }
            let dimensions = db.list_survey_dimensions()?;
            for s in &all {
                let rated: Vec<String> = s
                    .ratings
                    .iter()
                    .map(|r| {
                        let name = dimensions
                            .iter()
                            .find(|d| d.id == r.dimension_id)
                            .map(|d| labels::survey_dimension(d, lang))
                            .unwrap_or_default();
                        format!("{name} {}", labels::rating_level(r.rating, lang))
                    })
                    .collect();
                let index = s.index.map(|c| format!("\tC={c:.2}")).unwrap_or_default();
                println!(
                    "{}\t{}\t{}{index}\t{}",
                    s.id,
                    s.answered_on,
                    rated.join(", "),
                    s.comment
                );
            }
        }
        SurveyCommand::Dimensions { json } => {
            let all = db.list_survey_dimensions()?;
            if json {
                crate::print_json(&all);
                return Ok(());
            }
            for d in &all {
                let retired = if d.retired { "\t(retired)" } else { "" };
                println!(
                    "{}\t{}\t{}{retired}",
                    d.id,
                    d.key.as_deref().unwrap_or("-"),
                    labels::survey_dimension(d, lang)
                );
            }
        }
    }
    Ok(())
}
