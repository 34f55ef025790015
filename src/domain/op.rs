//! An op: one change to one field of one record, the unit of the log.

use super::proof::{self, Seal};
use super::{DeviceId, Dot, EntryId, Hlc, RecordId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The path of a field inside a record: `surname`, `documents/<entry>/number`,
/// `_deleted`, `documents/<entry>/_deleted`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldPath(String);

/// Why a string is not a field path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a field path (segments of a–z, 0–9, `_` and `-`, separated by `/`)")]
pub struct BadFieldPath(pub String);

impl FieldPath {
    /// The field that marks a whole record (or an entry) as removed.
    pub const DELETED: &'static str = "_deleted";
    /// The group of a record's verdicts on other records: `_links/<other
    /// record id>/verdict` is `"same"` (one person), `"different"` (never
    /// propose the pair again) or null (undone). Kept on the record with
    /// the smaller id.
    pub const LINKS: &'static str = "_links";
    /// The erasure of a record's identifying data (consent withdrawn); its
    /// value is the reason.
    pub const ERASED: &'static str = "_erased";
    /// How the retention rule's erasure reasons begin (the person's own
    /// withdrawal of consent is told apart by it).
    pub const RETENTION_REASON: &'static str = "retention:";
    /// The group of the coordinator's grants of a record to field laptops:
    /// `_grants/<device id>/scope` is `true` while the record is in that
    /// laptop's caseload (it may write it), null once taken back.
    pub const GRANTS: &'static str = "_grants";
    /// Fields an erasure keeps: the anonymous counts (where, sex, age band,
    /// category), the case's status and the record's own markers.
    pub const KEPT_BY_ERASURE: [&'static str; 10] = [
        "oblast",
        "sex",
        "status",
        "category",
        "anon_sex",
        "anon_age_band",
        "anon_category",
        "source",
        "_deleted",
        "_erased",
    ];

    /// Whether an erasure keeps this field's values (entries keep only their
    /// removal marks).
    pub fn survives_erasure(&self) -> bool {
        let path = self.as_str();
        FieldPath::KEPT_BY_ERASURE.contains(&path)
            || path.ends_with("/_deleted")
            || path.starts_with(&format!("{}/", FieldPath::LINKS))
            || path.starts_with(&format!("{}/", FieldPath::GRANTS))
    }

    /// The field that grants a record to `device`.
    pub fn grant(device: DeviceId) -> FieldPath {
        FieldPath(format!("{}/{device}/scope", FieldPath::GRANTS))
    }

    /// For a grant field, the device it names.
    pub fn granted_device(&self) -> Option<DeviceId> {
        let (group, device, field) = self.split_entry()?;
        (group == FieldPath::GRANTS && field == "scope")
            .then(|| device.parse().ok())
            .flatten()
    }

    /// Checks and wraps a path.
    pub fn parse(path: &str) -> Result<Self, BadFieldPath> {
        let ok_segment = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        };
        let segments: Vec<&str> = path.split('/').collect();
        // A top-level field, or group/entry/field.
        if (segments.len() == 1 || segments.len() == 3) && segments.iter().all(|s| ok_segment(s)) {
            Ok(Self(path.to_owned()))
        } else {
            Err(BadFieldPath(path.to_owned()))
        }
    }

    /// The path of `field` inside entry `entry` of repeat group `group`.
    pub fn entry(group: &str, entry: EntryId, field: &str) -> Result<Self, BadFieldPath> {
        Self::parse(&format!("{group}/{entry}/{field}"))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For an entry field: (group, entry id text, field).
    pub fn split_entry(&self) -> Option<(&str, &str, &str)> {
        let mut it = self.0.splitn(3, '/');
        Some((it.next()?, it.next()?, it.next()?))
    }
}

impl TryFrom<String> for FieldPath {
    type Error = BadFieldPath;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<FieldPath> for String {
    fn from(p: FieldPath) -> Self {
        p.0
    }
}

// Sound because FieldPath's Eq, Ord and Hash are those of its text.
impl std::borrow::Borrow<str> for FieldPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One change to one field: the log's only kind of entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    /// The op's identity.
    pub dot: Dot,
    /// The record it changes.
    pub record: RecordId,
    /// The field it sets.
    pub field: FieldPath,
    /// The new value; `null` clears the field.
    pub value: Value,
    /// What binds the value to the op's leaf hash: its salt, or (once
    /// erased) only its commitment.
    pub seal: Seal,
    /// The field's heads as the author saw them: the ops this one replaces.
    pub parents: Vec<Dot>,
    /// When it was made (display order only).
    pub hlc: Hlc,
    /// The worker who made it.
    pub author: String,
}

impl Op {
    /// The most parents an op may name: a write over more heads than this
    /// is made as several ops, each naming the one before it.
    pub const MAX_PARENTS: usize = 64;

    /// Whether this op erases its record's identifying data.
    pub fn is_erasure(&self) -> bool {
        self.field.as_str() == FieldPath::ERASED && !self.value.is_null()
    }

    /// The op with its value and salt removed when an erasure does not
    /// keep its field; the commitment to the value stays, so the op still
    /// proves its place in its device's signed run.
    pub fn redacted(&self) -> Op {
        let mut op = self.clone();
        if !op.field.survives_erasure() {
            if let Some(c) = op.seal.commitment(&op.value) {
                op.seal = Seal::Redacted(c);
            }
            op.value = Value::Null;
        }
        op
    }

    /// [`Op::redacted`], given the value as its JSON text (an import lets
    /// go of the parsed value of an op it sets aside).
    pub fn redacted_json(&self, value_json: &str) -> Op {
        let mut op = self.clone();
        if !op.field.survives_erasure() {
            if let Seal::Salt(salt) = &op.seal {
                op.seal = Seal::Redacted(proof::commit_json(salt, value_json.as_bytes()));
            }
            op.value = Value::Null;
        }
        op
    }

    /// Whether the value was erased (only its commitment is left).
    pub fn is_redacted(&self) -> bool {
        matches!(self.seal, Seal::Redacted(_))
    }

    /// The op's leaf hash, which its device's statements cover; `None`
    /// for an op written before ops were sealed, on another device.
    pub fn leaf(&self) -> Option<proof::Hash32> {
        proof::leaf(self)
    }

    /// [`Op::leaf`], given the value as its JSON text (already written out).
    pub fn leaf_of_json(&self, value_json: &str) -> Option<proof::Hash32> {
        let commitment = match &self.seal {
            Seal::Salt(salt) => proof::commit_json(salt, value_json.as_bytes()),
            Seal::Redacted(c) => *c,
            Seal::Legacy => return None,
        };
        Some(proof::leaf_with(self, &commitment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_accept_top_level_and_entry_fields_only() {
        assert!(FieldPath::parse("surname").is_ok());
        assert!(FieldPath::parse("_deleted").is_ok());
        let e = FieldPath::entry("documents", EntryId::new(), "number").unwrap();
        assert_eq!(e.split_entry().unwrap().0, "documents");
        for bad in [
            "",
            "Surname",
            "a/b",
            "a//b",
            "a/b/c/d",
            "name with space",
            "фамилия",
        ] {
            assert!(FieldPath::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
