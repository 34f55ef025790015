//! Document scans and photos attached to a record: what a file is (by its
//! content, never its name), the copy that is kept (photos re-encoded to a
//! sane size, every location and device note removed, PDF metadata
//! cleared), and the description an attachment op carries.
//!
//! Nothing here touches the disk or the database: the store keeps the
//! bytes encrypted (`store::blobs`), the CLI and the TUI read the files.

mod add;
mod clean;

pub use add::{
    AddError, Added, Listed, Options, attach, choose, export, list, max_mb, read_file, set_max_mb,
};
pub use clean::{carries_metadata, prepare};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The group of a record's attachments: `_attachments/<entry>/file` holds
/// an [`Attachment`] (null once removed with the entry's `_deleted`).
pub const GROUP: &str = "_attachments";
/// The field of an attachment entry that describes the file.
pub const FILE: &str = "file";

/// The setting that holds the largest file accepted, in megabytes.
pub const MAX_MB_SETTING: &str = "attachment-max-mb";
/// The largest file accepted when the setting is not set.
pub const DEFAULT_MAX_MB: u64 = 20;
/// The largest limit the setting may say (a DVD's worth: a scan never is).
pub const MAX_MAX_MB: u64 = 4096;
/// The longest side of a photo as kept (unless the original is asked for).
pub const LONGEST_SIDE: u32 = 2400;
/// The quality of a re-encoded JPEG (documents stay readable at it).
pub const JPEG_QUALITY: u8 = 85;
/// The longest file name kept, in characters.
pub const MAX_NAME: usize = 255;
/// The longest note kept, in characters.
pub const MAX_NOTE: usize = 500;
/// The largest decoded image accepted (width × height × channels): far
/// beyond a 100-megapixel camera, so a file cannot make us reserve more.
const MAX_DECODED: u64 = 600 << 20;

/// What kind of file an attachment is, told by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A JPEG photo or scan.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// A PNG image.
    #[serde(rename = "image/png")]
    Png,
    /// A TIFF scan (kept as PNG: the same pixels, without the TIFF's tags).
    #[serde(rename = "image/tiff")]
    Tiff,
    /// A PDF document.
    #[serde(rename = "application/pdf")]
    Pdf,
}

impl Kind {
    /// Every kind with its MIME type.
    pub const ALL: [Kind; 4] = [Kind::Jpeg, Kind::Png, Kind::Tiff, Kind::Pdf];

    /// The kind of a file from its first bytes; `None` for anything else.
    pub fn sniff(head: &[u8]) -> Option<Kind> {
        match infer::get(head)?.mime_type() {
            "image/jpeg" => Some(Kind::Jpeg),
            "image/png" => Some(Kind::Png),
            "image/tiff" => Some(Kind::Tiff),
            "application/pdf" => Some(Kind::Pdf),
            _ => None,
        }
    }

    /// Its MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Tiff => "image/tiff",
            Kind::Pdf => "application/pdf",
        }
    }

    /// The kind of a MIME type.
    pub fn from_mime(mime: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.mime() == mime)
    }

    /// The file name extension a copy is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Tiff => "tif",
            Kind::Pdf => "pdf",
        }
    }

    /// The short word shown for it (the same in every language).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::Tiff => "TIFF",
            Kind::Pdf => "PDF",
        }
    }
}

/// Why a file is not attached (each a message key with its arguments).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachError {
    /// Not a JPEG, PNG, TIFF or PDF (HEIC included: no reader here).
    #[error("not a JPEG, PNG, TIFF or PDF file")]
    NotSupported,
    /// Larger than the campaign's limit.
    #[error("larger than {max_mb} MB")]
    TooLarge {
        /// The limit.
        max_mb: u64,
    },
    /// An image that does not decode (damaged, truncated, or too large to decode).
    #[error("the image cannot be read ({0})")]
    BadImage(String),
    /// A PDF that cannot be read or is password-protected.
    #[error("the PDF cannot be read ({0})")]
    BadPdf(String),
    /// A PDF protected by a password: its metadata cannot be cleared.
    #[error("the PDF is protected by a password")]
    EncryptedPdf,
    /// A TIFF with several pages (a copy would keep only the first).
    #[error("the TIFF holds several pages")]
    MultiPageTiff,
    /// An empty file.
    #[error("the file is empty")]
    Empty,
}

impl AttachError {
    /// The message key that says it to the user.
    pub fn key(&self) -> &'static str {
        match self {
            AttachError::NotSupported => "attach-err-type",
            AttachError::TooLarge { .. } => "attach-err-size",
            AttachError::BadImage(_) => "attach-err-image",
            AttachError::BadPdf(_) => "attach-err-pdf",
            AttachError::EncryptedPdf => "attach-err-pdf-encrypted",
            AttachError::MultiPageTiff => "attach-err-tiff-pages",
            AttachError::Empty => "attach-err-empty",
        }
    }
}

/// The copy that is kept of a file, ready to be stored.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The bytes kept (re-encoded or cleaned).
    pub bytes: Vec<u8>,
    /// What they are (a TIFF is kept as PNG).
    pub kind: Kind,
    /// Width and height in pixels (images).
    pub pixels: Option<(u32, u32)>,
    /// Pages (PDF).
    pub pages: Option<u32>,
}

/// What an attachment op says of its file: enough to list it, find its
/// bytes and check them when they arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// SHA-256 of the bytes kept, lower-case hex: the bytes' address.
    pub sha256: String,
    /// The file's name as it was on the camera card or stick.
    pub name: String,
    /// What the bytes kept are.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// How many bytes are kept.
    pub size: u64,
    /// Width in pixels (images).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels (images).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Pages (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// The document entry it is a copy of (`documents/<entry>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The worker's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the original file was kept as it came (only cleaned).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub original: bool,
}

/// The largest attachment any laptop may send, whatever its setting says.
pub const MAX_SIZE: u64 = MAX_MAX_MB << 20;

impl Attachment {
    /// Reads the description an op holds; `None` when it is not one.
    pub fn from_value(value: &Value) -> Option<Attachment> {
        let a: Attachment = serde_json::from_value(value.clone()).ok()?;
        a.is_valid().then_some(a)
    }

    /// Whether it is one this program would write: a hash, a short name
    /// and note, a size within the hard limit, an entry id for the document.
    pub fn is_valid(&self) -> bool {
        let hex = self.sha256.len() == 64
            && self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let name = !self.name.is_empty() && self.name.chars().count() <= MAX_NAME;
        let note = self.note.as_ref().is_none_or(|n| n.chars().count() <= MAX_NOTE);
        let document = self
            .document
            .as_ref()
            .is_none_or(|d| d.parse::<uuid::Uuid>().is_ok());
        let shape = match self.kind {
            Kind::Pdf => self.width.is_none() && self.height.is_none(),
            _ => self.pages.is_none(),
        };
        hex && name && note && document && shape && self.size > 0 && self.size <= MAX_SIZE
    }

    /// As an op's value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The name a copy is written with: the original's stem, the kept
    /// kind's extension, and nothing that could leave the folder.
    pub fn copy_name(&self) -> String {
        let stem = std::path::Path::new(&self.name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("attachment");
        let safe: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let safe = safe.trim_matches(['.', ' ']);
        let safe = if safe.is_empty() { "attachment" } else { safe };
        format!("{safe}.{}", self.kind.extension())
    }
}

/// "JPEG · 2400×1800 px · 412 KB" in the language of `texts`.
pub fn describe(texts: &crate::i18n::Texts, a: &Attachment) -> String {
    let shape = match (a.width, a.height, a.pages) {
        (Some(w), Some(h), _) => texts.text("attach-pixels", &[("width", w.into()), ("height", h.into())]),
        (_, _, Some(p)) => texts.text("attach-pages", &[("pages", p.into())]),
        _ => String::new(),
    };
    let size = texts.text("attach-kb", &[("kb", a.size.div_ceil(1024).into())]);
    [a.kind.label().to_owned(), shape, size]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A file name as it is kept: its last component, at most [`MAX_NAME`]
/// characters, never empty.
pub fn kept_name(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = name.chars().filter(|c| !c.is_control()).take(MAX_NAME).collect();
    if name.trim().is_empty() {
        "attachment".into()
    } else {
        name
    }
}

/// The SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Whether an op's field is an attachment's description.
pub fn is_file_field(field: &str) -> bool {
    field
        .strip_prefix(GROUP)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(entry, f)| f == FILE && entry.parse::<uuid::Uuid>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content() {
        assert_eq!(Kind::sniff(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(Kind::Jpeg));
        assert_eq!(Kind::sniff(b"GIF89a......"), None);
        assert_eq!(Kind::sniff(b"hello, this is text"), None);
        // HEIC: recognised by infer, refused here (no pure-Rust reader).
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), None);
    }

    #[test]
    fn a_description_is_checked_before_it_is_believed() {
        let good = Attachment {
            sha256: "ab".repeat(32),
            name: "scan.jpg".into(),
            kind: Kind::Jpeg,
            size: 10,
            width: Some(2),
            height: Some(3),
            pages: None,
            document: None,
            note: None,
            original: false,
        };
        assert_eq!(Attachment::from_value(&good.to_value()), Some(good.clone()));
        let bad_hash = Attachment {
            sha256: "AB".repeat(32),
            ..good.clone()
        };
        assert!(!bad_hash.is_valid());
        let huge = Attachment {
            size: MAX_SIZE + 1,
            ..good.clone()
        };
        assert!(!huge.is_valid());
        let odd = Attachment {
            pages: Some(3),
            ..good.clone()
        };
        assert!(!odd.is_valid());
        assert_eq!(Attachment::from_value(&serde_json::json!("x")), None);
    }

    #[test]
    fn a_copy_name_never_leaves_its_folder() {
        let a = Attachment {
            sha256: "ab".repeat(32),
            name: "../../etc/passwd.tif".into(),
            kind: Kind::Png,
            size: 1,
            width: None,
            height: None,
            pages: None,
            document: None,
            note: None,
            original: false,
        };
        assert_eq!(a.copy_name(), "passwd.png");
        assert_eq!(
            kept_name(std::path::Path::new("/media/card/DCIM/IMG_0042.JPG")),
            "IMG_0042.JPG"
        );
    }
}
