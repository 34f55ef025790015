//! Duplicate detection on the development set: quality (pairwise
//! precision, recall, F1, recall of cross-script and same-script pairs) at
//! 20,000 and 200,000 records, and the time it takes. `INTAKE_BENCH_RECORDS`
//! replaces the sizes with one; `INTAKE_DEDUP_SWEEP=1` also prints the
//! quality at other thresholds, `INTAKE_DEDUP_SHOW=1` false and missed
//! pairs, `INTAKE_DEDUP_FAMILIES=1` the blocks per kind of key, and
//! `INTAKE_DEDUP_DB_DIR=DIR` writes the set into an encrypted database
//! there (passphrase "benchmark passphrase") to time `intake duplicates`
//! on. Figures go in the README.

use intake::dedup::{self, devset};
use std::time::Instant;

/// Writes the set into a new encrypted database in `dir` (passphrase
/// "benchmark passphrase"), as records made on one laptop, to run
/// `intake duplicates` on.
fn write_database(dir: &std::path::Path, set: &devset::DevSet) {
    use intake::domain::FieldPath;
    use secrecy::SecretString;
    let pass = SecretString::from("benchmark passphrase".to_owned());
    let mut store = intake::store::Store::create(&dir.join("intake.db"), &pass).expect("create");
    intake::testing::with_profile(&mut store, "bench");
    for chunk in set.people.chunks(5_000) {
        let mut w = store.writer().expect("writer");
        for p in chunk {
            let id = w.create_record().expect("record");
            for (field, value) in [
                ("reference", &p.reference),
                ("surname", &p.surname),
                ("given_name", &p.given_name),
                ("patronymic", &p.patronymic),
                ("birth_date", &p.birth_date),
                ("sex", &p.sex),
                ("birth_place", &p.birth_place),
            ] {
                if let Some(v) = value {
                    w.set(id, &FieldPath::parse(field).expect("field"), serde_json::json!(v))
                        .expect("set");
                }
            }
        }
        w.commit().expect("commit");
    }
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => vec![n],
        None => vec![2_000, 20_000, 200_000],
    };
    let halves: Vec<(devset::Half, u64)> = match std::env::var("INTAKE_DEDUP_HALF").as_deref() {
        Ok("tune") => vec![(devset::Half::Tune, 1)],
        Ok("report") => vec![(devset::Half::Report, 2)],
        _ => vec![(devset::Half::Tune, 1), (devset::Half::Report, 2)],
    };
    let pools = devset::Pools::read(std::path::Path::new(devset::POOLS_PATH)).expect("pools");
    println!(
        "## duplicate detection on the development set (threshold {})\n",
        dedup::DEFAULT_MIN_SCORE
    );
    println!(
        "| records | names (seed) | true pairs | precision | recall | F1 | cross-script recall | single-name recall | largest cluster | false pairs: family / namesake / chance | plain closure F1 | time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut details = Vec::new();
    for n in sizes {
        for &(half, seed) in &halves {
            let set = devset::generate(&pools.half(half), n, seed);
            if let Some(dir) = std::env::var_os("INTAKE_DEDUP_DB_DIR") {
                let started = Instant::now();
                write_database(std::path::Path::new(&dir), &set);
                println!(
                    "wrote {n} records to {} in {:.1} s",
                    dir.to_string_lossy(),
                    started.elapsed().as_secs_f64()
                );
            }
            let started = Instant::now();
            let mut scorer = dedup::Scorer::new(set.people.iter().map(dedup::Prepared::of).collect());
            let pairs = scorer.pairs(dedup::DEFAULT_MIN_SCORE);
            let clustering = scorer.cluster(&pairs, |_, _| None);
            if std::env::var_os("INTAKE_DEDUP_MODEL").is_some() {
                let m = &scorer.model;
                println!("lambda {:.4}", m.lambda);
                for (f, field) in dedup::score::Field::ALL.iter().enumerate() {
                    let w: Vec<String> = m.m[f]
                        .iter()
                        .zip(&m.u[f])
                        .map(|(m, u)| format!("{m:.3}/{u:.4}={:+.1}", (m / u).log2()))
                        .collect();
                    println!("  {field:?}: {}", w.join("  "));
                }
            }
            let secs = started.elapsed().as_secs_f64();
            let q = devset::evaluate_clusters(&set, &clustering.clusters);
            let plain = devset::evaluate(&set, &pairs);
            println!(
                "| {n} | {} ({seed}) | {} | {:.3} | {:.3} | **{:.3}** | {:.3} | {:.3} | {} | {} / {} / {} | {:.3} | {secs:.1} s |",
                if half == devset::Half::Tune {
                    "tune"
                } else {
                    "report"
                },
                q.true_pairs,
                q.precision,
                q.recall,
                q.f1,
                q.recall_cross_script,
                q.recall_single_name,
                q.largest_cluster,
                q.false_pairs[0],
                q.false_pairs[1],
                q.false_pairs[2],
                plain.f1
            );
            let script = |(t, f): (usize, usize)| format!("{:.3} of {t}", f as f64 / t.max(1) as f64);
            details.push(format!(
                "{n} {half:?}: recall Cyrillic–Cyrillic {}, Cyrillic–Latin {}, Latin–Latin {}",
                script(q.by_script[0]),
                script(q.by_script[1]),
                script(q.by_script[2])
            ));
            if std::env::var_os("INTAKE_DEDUP_SYSTEMS").is_some() {
                details.push(by_system(&set, &clustering));
            }
            if std::env::var_os("INTAKE_DEDUP_SHOW").is_some() {
                show(&set, &scorer, &pairs, &clustering);
            }
        }
    }
    println!();
    for d in details {
        println!("- {d}");
    }
}

/// Recall of true pairs by the spelling system of their records.
fn by_system(set: &devset::DevSet, clustering: &dedup::cluster::Clustering) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (a, b) in devset::true_pairs(set) {
        let ok = clustering.cluster(a).is_some() && clustering.cluster(a) == clustering.cluster(b);
        for i in [a, b] {
            let e = counts.entry(set.made[i].1.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(ok);
        }
    }
    counts
        .iter()
        .map(|(s, (t, f))| format!("{s} {:.2}", *f as f64 / (*t).max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show(
    set: &devset::DevSet,
    scorer: &dedup::Scorer,
    pairs: &[dedup::Pair],
    clustering: &dedup::cluster::Clustering,
) {
    let line = |x: &dedup::Person| {
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            x.surname, x.given_name, x.patronymic, x.birth_date, x.sex, x.birth_place, x.aliases
        )
    };
    let show = |a: usize, b: usize| {
        let (s, reasons) = scorer.score(a, b);
        println!(
            "  {s:.2} {:?} {:?}\n    {}\n    {}",
            reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            (&set.made[a], &set.made[b]),
            line(&set.people[a]),
            line(&set.people[b])
        );
    };
    println!("false pairs (joined):");
    for p in pairs
        .iter()
        .filter(|p| clustering.joined(p) && set.truth[p.a] != set.truth[p.b])
        .take(15)
    {
        show(p.a, p.b);
    }
    println!("missed:");
    for (a, b) in devset::true_pairs(set)
        .into_iter()
        .filter(|&(a, b)| clustering.cluster(a).is_none() || clustering.cluster(a) != clustering.cluster(b))
        .take(25)
    {
        show(a, b);
    }
}
