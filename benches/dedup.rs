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
        None => vec![20_000, 200_000],
    };
    println!(
        "## duplicate detection on the development set (threshold {})\n",
        dedup::DEFAULT_MIN_SCORE
    );
    println!(
        "| records | true pairs | precision | recall | F1 | recall cross-script | recall same-script | candidate pairs | time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let set = devset::generate(n, 2026).expect("dev set");
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
        let pairs = dedup::find_pairs(&set.people, 0.2);
        let secs = started.elapsed().as_secs_f64();
        let prepared: Vec<dedup::Prepared> = set.people.iter().map(dedup::Prepared::of).collect();
        let candidates = dedup::candidates(&prepared).len();
        if std::env::var_os("INTAKE_DEDUP_FAMILIES").is_some() {
            let mut blocks: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            for p in &prepared {
                for k in dedup::block_keys(p) {
                    *blocks.entry(k).or_default() += 1;
                }
            }
            let mut fam: std::collections::BTreeMap<char, (usize, usize)> = Default::default();
            for (k, n) in &blocks {
                let e = fam.entry(k.chars().next().unwrap_or(' ')).or_default();
                e.0 += 1;
                e.1 += n.min(&400) * n.min(&400) / 2;
            }
            println!("families (blocks, pairs): {fam:?}");
        }
        let at = |t: f64| -> Vec<dedup::Pair> { pairs.iter().filter(|p| p.score >= t).cloned().collect() };
        let q = devset::evaluate(&set, &at(dedup::DEFAULT_MIN_SCORE));
        println!(
            "| {n} | {} | {:.3} | {:.3} | **{:.3}** | {:.3} | {:.3} | {candidates} | {secs:.1} s |",
            q.true_pairs, q.precision, q.recall, q.f1, q.recall_cross_script, q.recall_same_script
        );
        if std::env::var_os("INTAKE_DEDUP_SHOW").is_some() {
            let show = |p: &dedup::Pair| {
                let (a, b) = (&set.people[p.a], &set.people[p.b]);
                let line = |x: &dedup::Person| {
                    format!(
                        "{:?} {:?} {:?} {:?} {:?} {:?}",
                        x.surname, x.given_name, x.patronymic, x.birth_date, x.sex, x.birth_place
                    )
                };
                println!(
                    "  {:.2} {:?}\n    {}\n    {}",
                    p.score,
                    p.reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                    line(a),
                    line(b)
                );
            };
            println!("false positives:");
            for p in pairs
                .iter()
                .filter(|p| p.score >= 0.8 && set.truth[p.a] != set.truth[p.b])
                .take(12)
            {
                show(p);
            }
            println!("missed:");
            let found: std::collections::HashSet<(usize, usize)> = pairs
                .iter()
                .filter(|p| p.score >= 0.8)
                .map(|p| (p.a, p.b))
                .collect();
            let mut shown = 0;
            for i in 0..set.people.len() {
                for j in i + 1..(i + 4).min(set.people.len()) {
                    if set.truth[i] == set.truth[j] && !found.contains(&(i, j)) && shown < 12 {
                        shown += 1;
                        let p = pairs
                            .iter()
                            .find(|p| p.a == i && p.b == j)
                            .cloned()
                            .unwrap_or(dedup::Pair {
                                a: i,
                                b: j,
                                score: 0.0,
                                reasons: vec![],
                            });
                        show(&p);
                    }
                }
            }
        }
        if std::env::var_os("INTAKE_DEDUP_SWEEP").is_some() {
            for t in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
                let q = devset::evaluate(&set, &at(t));
                println!(
                    "  threshold {t}: P {:.3} R {:.3} F1 {:.3}",
                    q.precision, q.recall, q.f1
                );
            }
        }
    }
}
