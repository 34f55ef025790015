//! An erasure erases: after `intake erase`, the person's name is in no
//! page of the database — free pages and the search index's included —
//! nor in the WAL. Scanning the ciphertext would prove nothing, so the test
//! decrypts every page itself (SQLCipher 4's defaults: PBKDF2-HMAC-SHA512
//! with 256,000 rounds over the file's 16-byte salt, AES-256-CBC, 4096-byte
//! pages ending in an 80-byte reserve whose first 16 bytes are the IV), and
//! first finds the name there before the erasure: the decryption works.

#[path = "common/cli.rs"]
mod cli;
use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
use cli::{PASS, initialised, intake};
use intake::domain::FieldPath;
use intake::store::Store;
use secrecy::SecretString;
use serde_json::json;
use std::path::Path;

const PAGE: usize = 4096;
const RESERVE: usize = 80;

/// Every page of the database file and of its WAL's frames, decrypted.
fn plaintext_pages(db: &Path) -> Vec<Vec<u8>> {
    let file = std::fs::read(db).unwrap();
    let salt = &file[..16];
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(PASS.as_bytes(), salt, 256_000, &mut key);
    let aes = aes::Aes256::new(GenericArray::from_slice(&key));
    let decrypt = |page: &[u8], first: bool| -> Vec<u8> {
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let body = &page[if first { 16 } else { 0 }..PAGE - RESERVE];
        let mut out = Vec::with_capacity(body.len());
        let mut previous = iv.to_vec();
        for block in body.chunks(16) {
            let mut b = GenericArray::clone_from_slice(block);
            aes.decrypt_block(&mut b);
            out.extend(b.iter().zip(&previous).map(|(x, p)| x ^ p));
            previous = block.to_vec();
        }
        out
    };
    let mut pages: Vec<Vec<u8>> = file
        .chunks(PAGE)
        .enumerate()
        .map(|(i, page)| decrypt(page, i == 0))
        .collect();
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    // A 32-byte header, then frames: a 24-byte header and a page each.
    if wal.len() > 32 {
        for frame in wal[32..].chunks(24 + PAGE).filter(|f| f.len() == 24 + PAGE) {
            let number = u32::from_be_bytes(frame[..4].try_into().unwrap());
            pages.push(decrypt(&frame[24..], number == 1));
        }
    }
    pages
}

fn holds(pages: &[Vec<u8>], needle: &str) -> usize {
    pages
        .iter()
        .filter(|p| p.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .count()
}

#[test]
fn after_an_erasure_the_name_is_in_no_page_free_or_used_nor_in_the_wal() {
    let dir = initialised("field", "Нурлан");
    let db = dir.path().join("intake.db");
    // Held open all along, as the terminal UI would be: the WAL is not
    // removed when the erasing command closes.
    let mut store = Store::open(&db, &SecretString::from(PASS.to_owned())).unwrap();
    let id = {
        let mut w = store.writer().unwrap();
        let id = w.create_record().unwrap();
        for (f, v) in [
            ("consent_obtained", json!(true)),
            ("surname", json!("Тлеубердиева")),
            ("given_name", json!("Жанаргүл")),
            ("surname_latin", json!("Tleuberdiyeva")),
            ("birth_date", json!("1985-03-09")),
            ("sex", json!("female")),
        ] {
            w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
        }
        // Corrected a few times: older values in older pages and frames.
        for typo in ["Тлеубердиеваа", "Тлеубердиева"] {
            w.set(id, &FieldPath::parse("surname").unwrap(), json!(typo))
                .unwrap();
        }
        w.commit().unwrap();
        // Others around it, so that its pages are shared and some freed.
        intake::demo::fill(&mut store, 200, 3, &mut |_| {}).unwrap();
        id
    };
    assert!(std::fs::metadata(db.with_extension("db-wal")).unwrap().len() > 0);
    // As typed, and as folded for search and the duplicate finder.
    let names = [
        "Тлеубердиева",
        "Жанаргүл",
        "Tleuberdiyeva",
        "tleuberdeva",
        "ianargul",
    ];
    let before = plaintext_pages(&db);
    assert!(
        holds(&before, "SQLite format 3") == 0,
        "page 1 starts with the salt, not the header"
    );
    for name in &names {
        assert!(
            holds(&before, name) > 0,
            "{name} not found before: the decryption is wrong"
        );
    }
    assert!(
        holds(&before, "CREATE TABLE") > 0,
        "the schema reads in plaintext"
    );
    intake(dir.path())
        .args(["erase", &id.to_string(), "--reason", "consent withdrawn"])
        .assert()
        .success();
    let after = plaintext_pages(&db);
    assert!(
        store.record(id).unwrap().unwrap().erased,
        "the open window sees it erased"
    );
    assert!(holds(&after, "CREATE TABLE") > 0);
    for name in names {
        assert_eq!(holds(&after, name), 0, "{name} left after the erasure");
    }
}

/// A person recorded twice (confirmed duplicates) is erased on both
/// records: listed first and refused without `--all-linked` (no terminal
/// to ask on), nothing erased; with it, neither name is left anywhere.
#[test]
fn an_erasure_takes_every_record_confirmed_as_the_same_person() {
    let dir = initialised("coordinator", "Aigerim");
    let db = dir.path().join("intake.db");
    let mut store = Store::open(&db, &SecretString::from(PASS.to_owned())).unwrap();
    let mut ids = Vec::new();
    let mut w = store.writer().unwrap();
    for (surname, given) in [("Тлеубердиева", "Жанаргүл"), ("Tleuberdiyeva", "Zhanargul")]
    {
        let id = w.create_record().unwrap();
        for (f, v) in [
            ("consent_obtained", json!(true)),
            ("surname", json!(surname)),
            ("given_name", json!(given)),
            ("birth_date", json!("1985-03-09")),
        ] {
            w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
        }
        ids.push(id);
    }
    w.commit().unwrap();
    drop(store);
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    intake(dir.path())
        .args(["duplicates", "confirm", &a, &b])
        .assert()
        .success();
    // One of them deleted as recorded twice: its log still holds her.
    intake(dir.path()).args(["delete", &a]).assert().success();
    let refused = intake(dir.path())
        .args(["--lang", "ru", "erase", &b, "--reason", "согласие отозвано"])
        .assert()
        .failure();
    let said = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(said.contains(&a) && said.contains("--all-linked"), "{said}");
    let store = Store::open(&db, &SecretString::from(PASS.to_owned())).unwrap();
    assert!(!store.record(ids[1]).unwrap().unwrap().erased, "nothing erased");
    drop(store);
    intake(dir.path())
        .args(["erase", &b, "--reason", "consent withdrawn", "--all-linked"])
        .assert()
        .success();
    let store = Store::open(&db, &SecretString::from(PASS.to_owned())).unwrap();
    for id in &ids {
        assert!(store.record(*id).unwrap().unwrap().erased);
    }
    let pages = plaintext_pages(&db);
    for name in ["Тлеубердиева", "Жанаргүл", "Tleuberdiyeva", "Zhanargul"] {
        assert_eq!(holds(&pages, name), 0, "{name} left");
    }
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.iter().filter(|e| e.2 == "erase").count(), 2);
}
