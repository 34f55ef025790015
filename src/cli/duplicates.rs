//! `intake duplicates`: pairs of records that look like one person, with
//! the score and the reasons.

use super::{Context, Format};
use crate::dedup;

/// Arguments of `intake duplicates`.
#[derive(Debug, clap::Args)]
pub struct DuplicatesArgs {
    /// Only pairs scoring at least this (0 to 1)
    #[arg(long, value_name = "X", default_value_t = dedup::DEFAULT_MIN_SCORE, value_parser = parse_score)]
    pub min_score: f64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn parse_score(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("a score from 0 to 1, e.g. 0.85".to_owned()),
    }
}

/// Prints the candidate pairs, best first.
pub fn run(ctx: &Context, args: DuplicatesArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let people = dedup::load(&store)?;
    drop(store);
    // Only the keys are compared; the records themselves are let go first.
    let prepared: Vec<dedup::Prepared> = people.iter().map(dedup::Prepared::of).collect();
    let names: Vec<(String, String)> = people
        .into_iter()
        .map(|p| (p.id.to_string(), p.reference.unwrap_or_default()))
        .collect();
    let pairs = dedup::find_prepared_pairs(&prepared, args.min_score);
    let row = |p: &dedup::Pair| {
        let (a, b) = (&names[p.a], &names[p.b]);
        let reasons: Vec<&str> = p.reasons.iter().map(|r| r.as_str()).collect();
        vec![
            a.0.clone(),
            b.0.clone(),
            a.1.clone(),
            b.1.clone(),
            format!("{:.3}", p.score),
            reasons.join("; "),
        ]
    };
    const HEADER: [&str; 6] = ["a_id", "b_id", "a_reference", "b_reference", "score", "reasons"];
    match args.format {
        Format::Table => {
            let rows: Vec<Vec<String>> = pairs.iter().map(row).collect();
            super::table::print(&HEADER, &rows);
            eprintln!(
                "{}",
                ctx.texts.text(
                    "dedup-count",
                    &[("count", pairs.len().into()), ("records", names.len().into())]
                )
            );
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout().lock());
            out.write_record(HEADER)?;
            for p in &pairs {
                out.write_record(row(p))?;
            }
            out.flush()?;
        }
        Format::Json => {
            let json: Vec<serde_json::Value> = pairs
                .iter()
                .map(|p| {
                    let r = row(p);
                    serde_json::json!({
                        "a_id": r[0], "b_id": r[1], "a_reference": r[2], "b_reference": r[3],
                        "score": p.score,
                        "reasons": p.reasons.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    Ok(())
}
