//! Attachments travel: laptop → coordinator → (hand-over) another laptop
//! with the same bytes; split exports import in any order; and a bundle
//! whose attachment bytes were changed — even correctly signed by the
//! laptop's stolen key — is refused with the database unchanged.

mod common;

use common::{Keys, import};
use intake::attach::{self, Options};
use intake::domain::{FieldPath, RecordId};
use intake::store::{Role, Store};
use intake::sync::{self, Imported};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/attach")
        .join(name)
}

fn person(store: &mut Store, surname: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    for (f, v) in [
        ("consent_obtained", json!(true)),
        ("surname", json!(surname)),
        ("sex", json!("male")),
    ] {
        w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
    }
    w.commit().unwrap();
    id
}

fn attach_bytes(store: &mut Store, id: RecordId, name: &str, raw: &[u8]) -> attach::Attachment {
    let form = intake::form::builtin().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    attach::attach(store, form, id, Path::new(name), raw, &Options::default(), today)
        .unwrap()
        .attachment
}

fn attach_fixture(store: &mut Store, id: RecordId, name: &str) -> attach::Attachment {
    attach_bytes(store, id, name, &std::fs::read(fixture(name)).unwrap())
}

/// A PNG of noise, different for each seed (noise does not compress: a
/// bundle's size is mostly its attachments).
fn noise_png(seed: u64, side: u32) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let img = image::RgbImage::from_fn(side, side, |_, _| {
        image::Rgb([rng.random(), rng.random(), rng.random()])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn export(store: &mut Store) -> Vec<u8> {
    let mut out = Vec::new();
    sync::export(store, &mut out, false).unwrap();
    out
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn an_attachment_reaches_the_coordinator_and_the_laptop_the_case_is_handed_to_unchanged() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let nurlan_keys = Keys::new();
    let mut nurlan = nurlan_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let dana_keys = Keys::new();
    let mut dana = dana_keys.store("Dana", Role::Field, Some(&coordinator_keys));
    let id = person(&mut nurlan, "Дуйсенова");
    let photo = attach_fixture(&mut nurlan, id, "photo-gps.jpg");
    let pdf = attach_fixture(&mut nurlan, id, "scan.pdf");
    let kept = nurlan.blob(&photo.sha256).unwrap();
    let bundle = export(&mut nurlan);
    let Imported::Merged { notes, .. } = import(&mut coordinator, &bundle, true).unwrap() else {
        panic!("not merged")
    };
    assert_eq!(notes.attachments, 2);
    assert_eq!(sha(&coordinator.blob(&photo.sha256).unwrap()), photo.sha256);
    assert_eq!(coordinator.blob(&photo.sha256).unwrap(), kept);
    assert_eq!(sha(&coordinator.blob(&pdf.sha256).unwrap()), pdf.sha256);
    import(&mut coordinator, &export(&mut dana), true).unwrap();
    // Нурлан's laptop is lost; his cases go to Dana.
    sync::devices::revoke(&mut coordinator, nurlan_keys.device, "lost").unwrap();
    sync::assign::handover(&mut coordinator, nurlan_keys.device, dana_keys.device).unwrap();
    let mut lost = Vec::new();
    let sent = sync::export_for(&mut coordinator, &mut lost, dana_keys.device).unwrap();
    assert_eq!(sent.header.attachments, 2);
    // That bundle is lost on the way. The next one carries the ops again but
    // not the attachments (each is sent to a laptop once)…
    let mut again = Vec::new();
    let sent = sync::export_for(&mut coordinator, &mut again, dana_keys.device).unwrap();
    assert_eq!(sent.header.attachments, 0);
    import(&mut dana, &again, false).unwrap();
    assert_eq!(dana.blob_size(&photo.sha256).unwrap(), None);
    // …so Dana's next bundle says what she lacks, and the answer carries it.
    let mut wants = Vec::new();
    let said = sync::export(&mut dana, &mut wants, false).unwrap();
    assert_eq!(said.header.wants.len(), 2);
    import(&mut coordinator, &wants, false).unwrap();
    let mut answer = Vec::new();
    let sent = sync::export_for(&mut coordinator, &mut answer, dana_keys.device).unwrap();
    assert_eq!(sent.header.attachments, 2);
    import(&mut dana, &answer, false).unwrap();
    assert_eq!(sha(&dana.blob(&photo.sha256).unwrap()), photo.sha256);
    assert_eq!(sha(&dana.blob(&pdf.sha256).unwrap()), pdf.sha256);
    let listed = attach::list(&dana.record(id).unwrap().unwrap());
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].author, "Нурлан");
    let _ = lost;
}

#[test]
fn a_split_export_imports_in_any_order() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let laptop_keys = Keys::new();
    let mut laptop = laptop_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let id = person(&mut laptop, "Дуйсенова");
    let other = person(&mut laptop, "Ертаев");
    let mut shas = Vec::new();
    for seed in 0..5 {
        let png = noise_png(seed, 300); // about 270 KB each
        let on = if seed % 2 == 0 { id } else { other };
        shas.push(attach_bytes(&mut laptop, on, &format!("scan-{seed}.png"), &png).sha256);
    }
    let mut part = sync::Part {
        max_size: Some(600 << 10),
        ..sync::Part::default()
    };
    let mut parts = Vec::new();
    loop {
        let mut out = Vec::new();
        let e = sync::export_part(&mut laptop, &mut out, false, &mut || Ok(()), &part).unwrap();
        assert!(
            out.len() <= 600 << 10 || e.carried.len() == 1,
            "a part of {} bytes",
            out.len()
        );
        part.skip.extend(e.carried.iter().cloned());
        parts.push(out);
        if e.left == 0 {
            break;
        }
    }
    assert!(parts.len() >= 3, "{} parts", parts.len());
    for p in parts.iter().rev() {
        import(&mut coordinator, p, true).unwrap();
    }
    for s in &shas {
        assert_eq!(sha(&coordinator.blob(s).unwrap()), *s);
    }
    assert_eq!(coordinator.blob_totals().unwrap().0, 5);
    assert_eq!(attach::list(&coordinator.record(id).unwrap().unwrap()).len(), 3);
}

/// The inner bytes of a sealed bundle, and its sections after the signature.
fn take_apart(sealed: &[u8], identity: &str) -> (Vec<u8>, Vec<Vec<u8>>, bundle_header::Header) {
    use std::str::FromStr;
    let identity = age::x25519::Identity::from_str(identity).unwrap();
    let decryptor = age::Decryptor::new(sealed).unwrap();
    let mut inner = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut inner)
        .unwrap();
    let format_end = inner.iter().position(|b| *b == b'\n').unwrap() + 1;
    let len = u32::from_be_bytes(inner[format_end..format_end + 4].try_into().unwrap()) as usize;
    let header_bytes = inner[format_end + 4..format_end + 4 + len].to_vec();
    let header: bundle_header::Header = serde_json::from_slice(&header_bytes).unwrap();
    let mut at = format_end + 4 + len + 64;
    let mut sections = Vec::new();
    for s in &header.sections {
        sections.push(inner[at..at + s.bytes as usize].to_vec());
        at += s.bytes as usize;
    }
    (header_bytes, sections, header)
}

mod bundle_header {
    pub use intake::sync::bundle::Header;
}

#[test]
fn a_changed_attachment_is_refused_even_when_the_stolen_laptop_signs_it() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let laptop_keys = Keys::new();
    let mut laptop = laptop_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let id = person(&mut laptop, "Дуйсенова");
    attach_fixture(&mut laptop, id, "photo-gps.jpg");
    let honest = export(&mut laptop);
    let (_, sections, header) = take_apart(&honest, &coordinator_keys.identity);
    assert_eq!(header.sections[1].name, intake::sync::bundle::ATTACHMENTS);
    let before = coordinator.canonical_dump().unwrap();
    let to = [intake::sync::keys::parse_recipient(&coordinator_keys.age_key()).unwrap()];
    let forge = |change: &dyn Fn(&mut Vec<u8>)| {
        let mut sections = sections.clone();
        change(&mut sections[1]);
        let mut h = header.clone();
        h.sections[1].bytes = sections[1].len() as u64;
        h.sections[1].sha256 = sha(&sections[1]);
        let header_bytes = serde_json::to_vec(&h).unwrap();
        let refs: Vec<&[u8]> = sections.iter().map(|s| s.as_slice()).collect();
        let inner = intake::sync::bundle::assemble(
            intake::sync::bundle::FORMAT,
            &header_bytes,
            &laptop_keys.signing(),
            &refs,
        );
        intake::sync::bundle::seal(&inner, &to).unwrap()
    };
    // One byte of the photo changed, the section's hash made to fit, signed.
    let flipped = forge(&|s| {
        let mid = s.len() / 2;
        s[mid] ^= 0x40;
    });
    // The photo cut short, its length left as it was.
    let cut = forge(&|s| s.truncate(s.len() - 100));
    // A length that would make the reader reserve far more than any scan.
    let huge = forge(&|s| s[32..40].copy_from_slice(&(1u64 << 40).to_be_bytes()));
    for (what, bundle) in [("flipped", flipped), ("cut", cut), ("huge", huge)] {
        let refused = import(&mut coordinator, &bundle, true);
        let reason = format!("{:?}", refused.expect_err(what).error);
        eprintln!("{what}: {reason}");
        let expected = match what {
            "flipped" => "sync-why-attachment-hash",
            "cut" => "Damaged",
            _ => "sync-why-attachment-size",
        };
        assert!(reason.contains(expected), "{what}: {reason}");
        assert_eq!(
            coordinator.canonical_dump().unwrap(),
            before,
            "{what} changed the database"
        );
        assert_eq!(coordinator.blob_totals().unwrap(), (0, 0), "{what} kept bytes");
    }
    // The honest bundle still imports.
    import(&mut coordinator, &honest, true).unwrap();
    assert_eq!(coordinator.blob_totals().unwrap().0, 1);
}

#[test]
fn a_stolen_laptop_gets_no_scan_of_another_laptops_caseload_by_naming_its_hash() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let thief_keys = Keys::new();
    let mut thief = thief_keys.store("Thief", Role::Field, Some(&coordinator_keys));
    let dana_keys = Keys::new();
    let mut dana = dana_keys.store("Dana", Role::Field, Some(&coordinator_keys));
    let hers = person(&mut dana, "Дуйсенова");
    let secret = attach_fixture(&mut dana, hers, "photo-gps.jpg");
    import(&mut coordinator, &export(&mut dana), true).unwrap();
    person(&mut thief, "Ертаев");
    let honest = export(&mut thief);
    // The thief's bundle says it lacks Dana's scan (and adds one no change names).
    let (_, sections, header) = take_apart(&honest, &coordinator_keys.identity);
    let mut h = header.clone();
    h.wants = vec![secret.sha256.clone()];
    let header_bytes = serde_json::to_vec(&h).unwrap();
    let refs: Vec<&[u8]> = sections.iter().map(|s| s.as_slice()).collect();
    let inner = intake::sync::bundle::assemble(
        intake::sync::bundle::FORMAT,
        &header_bytes,
        &thief_keys.signing(),
        &refs,
    );
    let to = [intake::sync::keys::parse_recipient(&coordinator_keys.age_key()).unwrap()];
    let lying = intake::sync::bundle::seal(&inner, &to).unwrap();
    import(&mut coordinator, &lying, true).unwrap();
    let mut out = Vec::new();
    let answer = sync::export_for(&mut coordinator, &mut out, thief_keys.device).unwrap();
    assert_eq!(
        answer.header.attachments, 0,
        "another laptop's scan sent to the thief"
    );
    assert!(answer.carried.is_empty());
    // Nor is it told which scans the coordinator lacks of others' cases.
    assert!(answer.header.wants.is_empty());
}

#[test]
fn bytes_no_change_names_or_that_are_no_scan_refuse_the_bundle() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let laptop_keys = Keys::new();
    let mut laptop = laptop_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let id = person(&mut laptop, "Дуйсенова");
    attach_fixture(&mut laptop, id, "scan.pdf");
    let honest = export(&mut laptop);
    // A second file appended, with its own correct hash and length: a PDF
    // no change names, or a program (which no attachment is kept as).
    for (extra, why) in [
        (
            b"%PDF-1.4 a file the laptop never attached".to_vec(),
            "sync-why-attachment-unnamed",
        ),
        (
            b"\x7fELF\x02\x01\x01\x00 a program".to_vec(),
            "sync-why-attachment-kind",
        ),
    ] {
        let (_, mut sections, mut h) = take_apart(&honest, &coordinator_keys.identity);
        sections[1].extend_from_slice(&Sha256::digest(&extra));
        sections[1].extend_from_slice(&(extra.len() as u64).to_be_bytes());
        sections[1].extend_from_slice(&extra);
        h.sections[1].bytes = sections[1].len() as u64;
        h.sections[1].sha256 = sha(&sections[1]);
        let header_bytes = serde_json::to_vec(&h).unwrap();
        let refs: Vec<&[u8]> = sections.iter().map(|s| s.as_slice()).collect();
        let inner = intake::sync::bundle::assemble(
            intake::sync::bundle::FORMAT,
            &header_bytes,
            &laptop_keys.signing(),
            &refs,
        );
        let to = [intake::sync::keys::parse_recipient(&coordinator_keys.age_key()).unwrap()];
        let lying = intake::sync::bundle::seal(&inner, &to).unwrap();
        let before = coordinator.canonical_dump().unwrap();
        let refused = import(&mut coordinator, &lying, true).expect_err(why);
        assert!(
            format!("{:?}", refused.error).contains(why),
            "{:?}",
            refused.error
        );
        assert_eq!(coordinator.canonical_dump().unwrap(), before);
        assert_eq!(coordinator.blob_totals().unwrap(), (0, 0));
    }
}
