//! A case's paperwork, timed (release build; figures go in the README):
//! in process, attaching a 5 MB photo (decoded, turned, shrunk to 2,400 px,
//! encoded, stored encrypted) and making each template as DOCX and as PDF;
//! then, each command in its own process under `/usr/bin/time -v`, a
//! laptop with 1 GB of scans (`INTAKE_BENCH_SCANS_MB`, 5 MB each, kept as
//! originals) exporting them and the coordinator importing them: wall
//! time, throughput and peak memory.

#[path = "common/mod.rs"]
mod common;
use common::{intake, peak_rss};
use intake::documents::{self, Format};
use intake::domain::FieldPath;
use intake::i18n::Lang;
use intake::store::Store;
use std::path::Path;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A photo of `mb` megabytes as a camera writes it (JPEG of noise at high quality).
fn photo(seed: u64, side: u32) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    // A photographed page: smooth light and a little sensor noise.
    let img = image::RgbImage::from_fn(side, side * 3 / 4, |x, y| {
        let n: u8 = rng.random::<u8>() % 24;
        let base = 150 + ((x / 16 + y / 16) % 64) as u8;
        image::Rgb([base.saturating_add(n), base, base.saturating_sub(n)])
    });
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    enc.encode_image(&img).expect("encode");
    out
}

/// A PNG of noise of about `mb` megabytes (does not compress).
fn scan(seed: u64, mb: usize) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let side = ((mb << 20) as f64 / 3.0).sqrt() as u32;
    let img = image::RgbImage::from_fn(side, side, |_, _| {
        image::Rgb([rng.random(), rng.random(), rng.random()])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode");
    out
}

fn in_process() {
    let mut store = Store::open_in_memory().expect("store");
    intake::testing::with_profile(&mut store, "Bench");
    intake::demo::fill(&mut store, 20, 3, &mut |_| {}).expect("demo");
    let id = store.records(&Default::default()).expect("records")[0].id;
    let mut w = store.writer().expect("writer");
    w.set(
        id,
        &FieldPath::parse("consent_obtained").expect("path"),
        serde_json::json!(true),
    )
    .expect("set");
    w.commit().expect("commit");
    let form = intake::form::builtin().expect("form");
    let today = chrono::Local::now().date_naive();
    let mut times = Vec::new();
    let mut size = 0;
    for seed in 0..5 {
        // About 5 MB: 4,000 × 3,000 pixels.
        let raw = photo(seed, 4000);
        size = raw.len();
        let started = Instant::now();
        intake::attach::attach(
            &mut store,
            form,
            id,
            Path::new("IMG.jpg"),
            &raw,
            &Default::default(),
            today,
        )
        .expect("attach");
        times.push(started.elapsed().as_secs_f64());
    }
    println!("## paperwork benchmarks\n");
    println!("| what | median of 5 |\n|---|---|");
    println!(
        "| attach a {:.1} MB photo (4000×3000 → 2400×1800, encrypted) | {:.3} s |",
        size as f64 / 1e6,
        median(times)
    );
    let templates = documents::load(None, form).expect("templates");
    let state = store.record(id).expect("read").expect("record");
    for format in [Format::Docx, Format::Pdf] {
        let mut slowest = 0.0f64;
        let mut all = Vec::new();
        for t in &templates {
            let mut times = Vec::new();
            // The first is the uncached one (Typst caches between runs): it counts as the slowest.
            for _ in 0..5 {
                let started = Instant::now();
                let doc = documents::prepare(form, t, &state, Lang::Ru, today).expect("prepare");
                documents::render(&doc, format, today).expect("render");
                times.push(started.elapsed().as_secs_f64());
            }
            slowest = slowest.max(times[0]);
            all.push(median(times));
        }
        println!(
            "| make a {} (7 templates) | {:.3} s median, {:.3} s the slowest first one |",
            if format == Format::Pdf { "PDF" } else { "DOCX" },
            median(all),
            slowest
        );
    }
}

fn timed(cmd: &mut std::process::Command, what: &str) -> (f64, String, String) {
    let started = Instant::now();
    let out = cmd.output().expect("run intake");
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {stderr}");
    (
        secs,
        peak_rss(&stderr),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn bundles(dir: &Path) {
    let total_mb: usize = std::env::var("INTAKE_BENCH_SCANS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let (coordinator, laptop) = (dir.join("coordinator"), dir.join("laptop"));
    let run = |d: &Path, args: &[&str]| -> String {
        let out = intake(d, false).args(args).output().expect("run intake");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        &coordinator,
        &[
            "init",
            "--role",
            "coordinator",
            "--worker",
            "C",
            "--org",
            "Bench NGO",
        ],
    );
    let keys = run(&coordinator, &["keys"]);
    let enrolment = keys
        .lines()
        .find(|l| l.starts_with("intake-coordinator1"))
        .expect("enrolment string")
        .to_owned();
    run(
        &laptop,
        &[
            "init",
            "--role",
            "field",
            "--worker",
            "L",
            "--org",
            "Bench NGO",
            "--coordinator-key",
            &enrolment,
        ],
    );
    run(&laptop, &["demo", "--records", "40"]);
    let ids: Vec<String> = run(&laptop, &["records", "--format", "csv"])
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_owned))
        .collect();
    let scans = dir.join("scans");
    std::fs::create_dir_all(&scans).expect("scans dir");
    let count = total_mb / 5;
    let mut bytes = 0u64;
    let started = Instant::now();
    // Five scans a record, attached in one command.
    for batch in 0..count.div_ceil(5) {
        let mut files = Vec::new();
        for i in batch * 5..(batch * 5 + 5).min(count) {
            let file = scans.join(format!("scan-{i}.png"));
            let png = scan(i as u64, 5);
            bytes += png.len() as u64;
            std::fs::write(&file, png).expect("write scan");
            files.push(file.display().to_string());
        }
        let id = &ids[batch % ids.len()];
        if batch < ids.len() {
            run(&laptop, &["set", id, "consent_obtained=yes"]);
        }
        let mut args = vec!["attach", id.as_str(), "--original"];
        args.extend(files.iter().map(String::as_str));
        run(&laptop, &args);
        for f in &files {
            std::fs::remove_file(f).expect("remove scan");
        }
    }
    println!(
        "\n{count} scans of 5 MB ({:.0} MB) attached in {:.0} s\n",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    println!(
        "| {:.0} MB of attachments | wall | throughput | peak RSS |\n|---|---|---|---|",
        bytes as f64 / 1e6
    );
    let bundle = dir.join("scans.bundle");
    let (secs, rss, _) = timed(
        intake(&laptop, true).args(["export", "--out"]).arg(&bundle),
        "export",
    );
    let size = std::fs::metadata(&bundle).map(|m| m.len()).unwrap_or(0);
    println!(
        "| `intake export` ({:.0} MB bundle) | {secs:.1} s | {:.0} MB/s | {rss} |",
        size as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    let (secs, rss, _) = timed(
        intake(&coordinator, true)
            .args(["import", "--trust-new-devices"])
            .arg(&bundle),
        "import",
    );
    println!(
        "| `intake import` on the coordinator | {secs:.1} s | {:.0} MB/s | {rss} |",
        bytes as f64 / 1e6 / secs
    );
    let parts = dir.join("parts.bundle");
    let (secs, rss, said) = timed(
        intake(&laptop, true)
            .args(["export", "--all", "--max-size", "300M", "--out"])
            .arg(&parts),
        "export --max-size",
    );
    println!(
        "| `intake export --all --max-size 300M` ({} parts) | {secs:.1} s | {:.0} MB/s | {rss} |",
        said.lines().count(),
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    in_process();
    let temp = tempfile::TempDir::new().expect("temp dir");
    bundles(temp.path());
}
