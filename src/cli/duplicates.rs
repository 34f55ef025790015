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
    /// Also settled clusters and the pairs kept apart (above the threshold, but joining them would chain different people or was rejected)
    #[arg(long)]
    pub all: bool,
    #[command(subcommand)]
    /// A verdict on a pair (nothing: list the pairs)
    pub verdict: Option<VerdictCommand>,
}

/// `intake duplicates confirm|reject|undo A B`.
#[derive(Debug, clap::Subcommand)]
pub enum VerdictCommand {
    /// The two records are one person: they are linked (nothing is deleted)
    Confirm {
        /// One record (its id or first 8+ characters)
        a: String,
        /// The other
        b: String,
    },
    /// The two records are different people: the pair is not proposed again
    Reject {
        /// One record
        a: String,
        /// The other
        b: String,
    },
    /// Takes back a confirmation or rejection
    Undo {
        /// One record
        a: String,
        /// The other
        b: String,
    },
}

fn parse_score(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(super::said::early_texts().text("cli-want-score", &[])),
    }
}

/// Records a verdict on a pair.
fn judge(ctx: &Context, command: VerdictCommand) -> anyhow::Result<()> {
    let (a, b, verdict, key) = match command {
        VerdictCommand::Confirm { a, b } => (a, b, Some(dedup::Verdict::Same), "dedup-confirmed"),
        VerdictCommand::Reject { a, b } => (a, b, Some(dedup::Verdict::Different), "dedup-rejected"),
        VerdictCommand::Undo { a, b } => (a, b, None, "dedup-undone"),
    };
    let mut store = ctx.open()?;
    let (a, b) = (store.find_record(&a)?, store.find_record(&b)?);
    if a == b {
        anyhow::bail!(
            ctx.texts
                .text("dedup-err-same-record", &[("record", a.to_string().into())])
        );
    }
    dedup::judge(&mut store, a, b, verdict)?;
    store.audit(key, &format!("{a} {b}"))?;
    outln!(
        "{}",
        ctx.texts
            .text(key, &[("a", a.to_string().into()), ("b", b.to_string().into())])
    );
    Ok(())
}

/// Prints the pairs inside the clusters found (each pair once, with its
/// cluster), best first: the clusters with a pair still to decide, or
/// with `--all` every cluster and the pairs kept apart, and why.
pub fn run(ctx: &Context, args: DuplicatesArgs) -> anyhow::Result<()> {
    if let Some(command) = args.verdict {
        return judge(ctx, command);
    }
    let store = ctx.open()?;
    let dedup::Keyed {
        ids,
        references,
        prepared,
        verdicts,
    } = dedup::load_keys(&store)?;
    drop(store);
    let mut scorer = dedup::Scorer::new(prepared);
    let found = dedup::find(&mut scorer, &ids, &verdicts, args.min_score);
    let apart: std::collections::HashMap<usize, dedup::cluster::Apart> =
        found.clustering.kept_apart.iter().copied().collect();
    let verdict = |p: &dedup::Pair| {
        let (a, b) = (ids[p.a], ids[p.b]);
        verdicts.get(&(a.min(b), a.max(b))).copied()
    };
    // A cluster whose every pair is decided is settled: listed with --all only.
    let open: std::collections::HashSet<usize> = found
        .pairs
        .iter()
        .filter(|p| found.clustering.joined(p) && verdict(p).is_none())
        .filter_map(|p| found.clustering.cluster(p.a))
        .collect();
    let listed: Vec<(usize, &dedup::Pair)> = found
        .pairs
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            if found.clustering.joined(p) {
                args.all || found.clustering.cluster(p.a).is_some_and(|c| open.contains(&c))
            } else {
                args.all && apart.contains_key(i)
            }
        })
        .collect();
    let row = |(i, p): &(usize, &dedup::Pair)| {
        let reference = |i: usize| references[i].clone().unwrap_or_default();
        let mut reasons: Vec<&str> = p.reasons.iter().map(|r| r.as_str()).collect();
        match verdict(p) {
            Some(dedup::Verdict::Same) => reasons.insert(0, "CONFIRMED same person"),
            Some(dedup::Verdict::Different) => reasons.insert(0, "REJECTED different people"),
            None => {}
        }
        let cluster = match (found.clustering.joined(p), apart.get(i)) {
            (true, _) => found
                .clustering
                .cluster(p.a)
                .map_or(String::new(), |c| (c + 1).to_string()),
            (false, Some(dedup::cluster::Apart::TooLarge)) => {
                "kept apart: cluster too large, review".to_owned()
            }
            (false, Some(dedup::cluster::Apart::Rejected)) => "kept apart: rejected".to_owned(),
            (false, _) => "kept apart".to_owned(),
        };
        vec![
            cluster,
            ids[p.a].to_string(),
            ids[p.b].to_string(),
            reference(p.a),
            reference(p.b),
            format!("{:.3}", p.score),
            reasons.join("; "),
        ]
    };
    const HEADER: [&str; 7] = [
        "cluster",
        "a_id",
        "b_id",
        "a_reference",
        "b_reference",
        "score",
        "reasons",
    ];
    if !matches!(args.format, Format::Table) {
        ctx.open()?.audit(
            "duplicates listed",
            &format!("{} pairs as {:?}", listed.len(), args.format).to_lowercase(),
        )?;
    }
    match args.format {
        Format::Table => {
            let rows: Vec<Vec<String>> = listed.iter().map(row).collect();
            super::table::print(&HEADER, &rows);
            eprintln!(
                "{}",
                ctx.texts.text(
                    "dedup-count-clusters",
                    &[
                        ("count", listed.len().into()),
                        ("clusters", found.clustering.clusters.len().into()),
                        ("records", ids.len().into()),
                        ("apart", found.clustering.kept_apart.len().into()),
                    ]
                )
            );
        }
        Format::Csv => {
            let mut out = crate::safe_csv::SafeCsv::new(std::io::stdout().lock());
            out.row(HEADER)?;
            for p in &listed {
                out.row(row(p))?;
            }
            out.flush()?;
        }
        Format::Json => {
            let json: Vec<serde_json::Value> = listed
                .iter()
                .map(|p| {
                    let r = row(p);
                    serde_json::json!({
                        "cluster": r[0], "a_id": r[1], "b_id": r[2], "a_reference": r[3], "b_reference": r[4],
                        "score": p.1.score,
                        "reasons": r[6].split("; ").collect::<Vec<_>>(),
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    Ok(())
}
