//! Attachments: what is kept of a photo or a scan (no location, no device,
//! no author), that it never lies in plaintext on disk, that it waits for
//! consent, and that an erasure takes its bytes with it.
//!
//! The fixtures in `tests/fixtures/attach/` were made with ImageMagick and
//! ExifTool, not by this program: `photo-gps.jpg` carries GPS coordinates
//! (EXIF and XMP), the camera's make and model, the author's name and a
//! rotation; `scan.pdf` (LibreOffice) an author, a producer, a title and
//! XMP; `scan.tif` a scanner's make and model and a latitude.

mod common;

use common::{Keys, PASS};
use intake::attach::{self, AddError, AttachError, Options};
use intake::domain::{FieldPath, RecordId};
use intake::store::{Role, Store};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/attach")
        .join(name)
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

/// A record with the given values (consent first, when given).
fn record(store: &mut Store, values: &[(&str, Value)]) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    for (field, value) in values {
        w.set(id, &FieldPath::parse(field).unwrap(), value.clone())
            .unwrap();
    }
    w.commit().unwrap();
    id
}

fn consented(store: &mut Store, surname: &str) -> RecordId {
    record(
        store,
        &[
            ("consent_obtained", json!(true)),
            ("surname", json!(surname)),
            ("sex", json!("female")),
        ],
    )
}

fn attach_file(store: &mut Store, id: RecordId, name: &str) -> Result<attach::Added, AddError> {
    let form = intake::form::builtin().unwrap();
    let raw = std::fs::read(fixture(name)).unwrap();
    attach::attach(
        store,
        form,
        id,
        &fixture(name),
        &raw,
        &Options::default(),
        today(),
    )
}

fn exif_of(bytes: &[u8]) -> Vec<String> {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    exif.fields().map(|f| f.tag.to_string()).collect()
}

#[test]
fn a_photo_keeps_no_location_device_or_author_in_the_stored_or_the_exported_copy() {
    let original = std::fs::read(fixture("photo-gps.jpg")).unwrap();
    let tags = exif_of(&original);
    for tag in ["GPSLatitude", "GPSLongitude", "Make", "Model", "Artist"] {
        assert!(tags.iter().any(|t| t == tag), "the fixture lacks {tag}: {tags:?}");
    }
    let keys = Keys::new();
    let mut store = keys.store("Айгуль", Role::Field, None);
    let id = consented(&mut store, "Серикова");
    let added = attach_file(&mut store, id, "photo-gps.jpg").unwrap();
    // Turned upright (the EXIF said "rotate 90°") and shrunk to 2,400 px.
    assert_eq!(
        (added.attachment.width, added.attachment.height),
        (Some(1600), Some(2400))
    );
    let stored = store.blob(&added.attachment.sha256).unwrap();
    let out = tempfile::tempdir().unwrap();
    let listed = attach::choose(&store, id, None).unwrap();
    let written = attach::export(&store, id, &listed, out.path()).unwrap();
    let exported = std::fs::read(&written[0]).unwrap();
    assert_eq!(exported, stored);
    for copy in [&stored, &exported] {
        assert_eq!(exif_of(copy), Vec::<String>::new(), "EXIF left in a copy");
        let text = String::from_utf8_lossy(copy);
        for trace in ["Samsung", "Galaxy", "xmpmeta", "Айгуль", "GPS"] {
            assert!(!text.contains(trace), "{trace} left in a copy");
        }
        assert!(!attach::carries_metadata(attach::Kind::Jpeg, copy));
    }
    // The copy out is recorded, and readable only by its owner.
    let trail = store.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, _, action, _)| action == "attachment exported")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&written[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "a copy readable by others");
    }
}

#[test]
fn an_original_keeps_its_pixels_but_not_its_metadata() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = consented(&mut store, "Серикова");
    let form = intake::form::builtin().unwrap();
    let raw = std::fs::read(fixture("photo-gps.jpg")).unwrap();
    let options = Options {
        original: true,
        ..Options::default()
    };
    let added = attach::attach(
        &mut store,
        form,
        id,
        &fixture("photo-gps.jpg"),
        &raw,
        &options,
        today(),
    )
    .unwrap();
    assert_eq!(
        (added.attachment.width, added.attachment.height),
        (Some(3000), Some(2000))
    );
    let stored = store.blob(&added.attachment.sha256).unwrap();
    assert_eq!(exif_of(&stored), Vec::<String>::new());
    assert!(!String::from_utf8_lossy(&stored).contains("Samsung"));
    assert!(stored.len() < raw.len());
}

#[test]
fn a_scan_as_pdf_or_tiff_loses_author_producer_and_scanner() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = consented(&mut store, "Серикова");
    let pdf = attach_file(&mut store, id, "scan.pdf").unwrap();
    assert_eq!(pdf.attachment.kind, attach::Kind::Pdf);
    assert_eq!(pdf.attachment.pages, Some(1));
    let kept = store.blob(&pdf.attachment.sha256).unwrap();
    let text = String::from_utf8_lossy(&kept);
    for trace in ["Scanner XYZ", "xmpmeta", "/Author", "/Producer", "/Title"] {
        assert!(!text.contains(trace), "{trace} left in the PDF");
    }
    assert!(!attach::carries_metadata(attach::Kind::Pdf, &kept));
    let tiff = attach_file(&mut store, id, "scan.tif").unwrap();
    assert_eq!(tiff.attachment.kind, attach::Kind::Png);
    let kept = store.blob(&tiff.attachment.sha256).unwrap();
    assert!(!String::from_utf8_lossy(&kept).contains("Canon"));
    assert_eq!(exif_of(&kept), Vec::<String>::new());
}

#[test]
fn neither_the_database_nor_its_wal_hold_the_image_or_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("intake.db");
    let keys = Keys::new();
    let mut store = keys.store_at(&path, "w", Role::Field, None);
    let id = consented(&mut store, "Серикова");
    let added = attach_file(&mut store, id, "photo-gps.jpg").unwrap();
    let stored = store.blob(&added.attachment.sha256).unwrap();
    let original = std::fs::read(fixture("photo-gps.jpg")).unwrap();
    let mut on_disk = std::fs::read(&path).unwrap();
    let wal = intake::store::sibling(&path, "-wal");
    let wal_bytes = std::fs::read(&wal).unwrap_or_default();
    assert!(
        !wal_bytes.is_empty(),
        "the test expects the WAL to hold the new pages"
    );
    on_disk.extend_from_slice(&wal_bytes);
    let contains = |needle: &[u8]| on_disk.windows(needle.len()).any(|w| w == needle);
    // 64 bytes from the middle of each: any run of plaintext would match.
    for bytes in [&stored, &original] {
        let mid = bytes.len() / 2;
        assert!(!contains(&bytes[mid..mid + 64]));
    }
    assert!(!contains(b"photo-gps"));
    assert!(!contains("Серикова".as_bytes()));
    drop(store);
    // And the next opening reads it back.
    let store = Store::open(&path, &secrecy::SecretString::from(PASS.to_owned())).unwrap();
    assert_eq!(store.blob(&added.attachment.sha256).unwrap(), stored);
}

#[test]
fn nothing_is_kept_before_consent_or_of_a_file_that_is_not_a_scan() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let referral = record(&mut store, &[("sex", json!("male")), ("oblast", json!("KZ-75"))]);
    assert!(matches!(
        attach_file(&mut store, referral, "photo-gps.jpg"),
        Err(AddError::NoConsent(_))
    ));
    let refused = record(&mut store, &[("consent_obtained", json!(false))]);
    assert!(matches!(
        attach_file(&mut store, refused, "scan.pdf"),
        Err(AddError::NoConsent(_))
    ));
    assert_eq!(store.blob_totals().unwrap(), (0, 0));
    let id = consented(&mut store, "Серикова");
    let form = intake::form::builtin().unwrap();
    let named_like_a_photo = Path::new("IMG_0001.jpg");
    let err = attach::attach(
        &mut store,
        form,
        id,
        named_like_a_photo,
        b"MZ\x90\0 not a photo",
        &Options::default(),
        today(),
    )
    .unwrap_err();
    assert!(matches!(err, AddError::File(_, AttachError::NotSupported)));
    // A file over the limit is refused before it is read.
    let big = tempfile::NamedTempFile::new().unwrap();
    big.as_file().set_len((1 << 20) + 1).unwrap();
    assert!(matches!(
        attach::read_file(big.path(), 1),
        Err(AddError::File(_, AttachError::TooLarge { max_mb: 1 }))
    ));
    assert_eq!(store.blob_totals().unwrap(), (0, 0));
    assert!(attach::list(&store.record(id).unwrap().unwrap()).is_empty());
}

#[test]
fn an_erasure_removes_the_bytes_unless_another_record_still_holds_them() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let first = consented(&mut store, "Серикова");
    let second = consented(&mut store, "Ахметова");
    let shared = attach_file(&mut store, first, "photo-gps.jpg").unwrap();
    let again = attach_file(&mut store, second, "photo-gps.jpg").unwrap();
    assert!(again.known, "the same scan is stored once");
    attach_file(&mut store, first, "scan.pdf").unwrap();
    assert_eq!(store.blob_totals().unwrap().0, 2);
    let mut w = store.writer().unwrap();
    intake::erasure::erase(&mut w, first, "consent withdrawn", today()).unwrap();
    let summary = w.commit().unwrap();
    assert_eq!(summary.blobs_removed, 1, "the PDF only the erased record held");
    assert!(store.blob_size(&shared.attachment.sha256).unwrap().is_some());
    assert!(attach::list(&store.record(first).unwrap().unwrap()).is_empty());
    let mut w = store.writer().unwrap();
    intake::erasure::erase(&mut w, second, "consent withdrawn", today()).unwrap();
    w.commit().unwrap();
    assert_eq!(store.blob_totals().unwrap(), (0, 0));
    assert!(matches!(
        attach_file(&mut store, second, "scan.pdf"),
        Err(AddError::Erased(_))
    ));
}
