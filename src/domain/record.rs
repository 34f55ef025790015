//! A record's state: the heads of each of its fields, folded from its ops.

use super::{Dot, FieldHeads, FieldPath, Head, Hlc, Op, RecordId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Everything known about one record, as a pure function of its ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordState {
    /// The record.
    pub id: RecordId,
    /// Heads per field path.
    pub fields: BTreeMap<FieldPath, FieldHeads>,
    /// The newest op time of the record (the same on every node).
    pub updated: Hlc,
    /// The first op of the record, by time then dot (the same on every
    /// node, whatever order ops arrive in): who recorded the person.
    #[serde(default)]
    pub origin: Option<Origin>,
    /// An erasure arrived: identifying values are redacted, now and in
    /// every op that arrives later (set once, whatever the order).
    #[serde(default)]
    pub erased: bool,
    /// This laptop handed the record back (a mark of this database, never
    /// of the log): erased here, and no longer listed among its cases.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub handed_back: bool,
}

/// The first op of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Its time.
    pub hlc: Hlc,
    /// Its dot (breaks ties between equal times).
    pub dot: Dot,
    /// Its author: the worker who recorded the person.
    pub author: String,
}

/// Whether a value of a record's `_deleted` field deletes it: `true`, or
/// an object with `"deleted": true` and the dots the deletion saw.
pub fn is_deletion(value: &Value) -> bool {
    value == &Value::Bool(true) || value.get("deleted") == Some(&Value::Bool(true))
}

/// A field in conflict, or a deletion that missed edits: the field and each
/// candidate with the field it was written to (for a deletion, the edits'
/// own fields).
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement<'a> {
    /// The field (`_deleted` for a deletion that missed edits).
    pub field: &'a FieldPath,
    /// The candidates.
    pub candidates: Vec<(&'a FieldPath, &'a Head)>,
    /// A candidate is dated after the time the caller trusts (written on a
    /// laptop whose clock was far ahead): it would win the field only
    /// because of its clock, so a person decides.
    pub ahead: bool,
}

/// One live entry of a repeat group with its current values.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'a> {
    /// The entry id as written in its paths.
    pub id: &'a str,
    /// Field name (without the group and entry) → current value.
    pub values: BTreeMap<&'a str, &'a Value>,
}

impl RecordState {
    /// A record nothing has been written to yet.
    pub fn new(id: RecordId) -> Self {
        Self {
            id,
            fields: BTreeMap::new(),
            updated: Hlc::default(),
            origin: None,
            erased: false,
            handed_back: false,
        }
    }

    /// Applies an op of this record not applied before; see [`FieldHeads::apply`].
    pub fn apply(&mut self, op: &Op, seen: &mut dyn FnMut(&Dot) -> bool) {
        debug_assert_eq!(op.record, self.id);
        self.fields.entry(op.field.clone()).or_default().apply(op, seen);
        self.updated = self.updated.max(op.hlc);
        if op.is_erasure() {
            self.erased = true;
        }
        if self
            .origin
            .as_ref()
            .is_none_or(|o| (op.hlc, op.dot) < (o.hlc, o.dot))
        {
            self.origin = Some(Origin {
                hlc: op.hlc,
                dot: op.dot,
                author: op.author.clone(),
            });
        }
    }

    /// Who recorded the person (the author of the record's first op).
    pub fn recorded_by(&self) -> Option<&str> {
        self.origin.as_ref().map(|o| o.author.as_str())
    }

    /// The heads of a field, if it was ever written.
    pub fn heads(&self, field: &str) -> Option<&FieldHeads> {
        self.fields.get(field)
    }

    /// The current (or provisional) value of a field; `None` when unset or null.
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.heads(field)?.value().filter(|v| !v.is_null())
    }

    /// The current value of a text field, `None` when unset, null or blank.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.value(field)?.as_str().filter(|s| !s.trim().is_empty())
    }

    /// Whether the record has been deleted.
    pub fn is_deleted(&self) -> bool {
        self.value(FieldPath::DELETED).is_some_and(is_deletion)
    }

    /// The value of a deletion that saw every current head: the record is
    /// deleted, and an edit made without seeing this will show as a conflict.
    pub fn deletion(&self) -> Value {
        let seen: Vec<String> = self
            .fields
            .iter()
            .filter(|(path, _)| path.as_str() != FieldPath::DELETED)
            .flat_map(|(_, h)| h.heads.iter().map(|head| head.dot.to_string()))
            .collect();
        serde_json::json!({ "deleted": true, "seen": seen })
    }

    /// Edits the record's deletion did not see (made concurrently with it on
    /// another laptop, or after it): a deleted record with such edits is a
    /// conflict between the deletion and the edits. Empty when not deleted.
    pub fn unseen_by_deletion(&self) -> Vec<(&FieldPath, &Head)> {
        let Some(deletions) = self.heads(FieldPath::DELETED).filter(|_| self.is_deleted()) else {
            return Vec::new();
        };
        let mut seen: Vec<&str> = Vec::new();
        for head in deletions.heads.iter().filter(|h| is_deletion(&h.value)) {
            match head.value.get("seen").and_then(Value::as_array) {
                Some(list) => seen.extend(list.iter().filter_map(Value::as_str)),
                // A deletion that did not say what it saw: no conflict is claimed.
                None => return Vec::new(),
            }
        }
        self.fields
            .iter()
            .filter(|(path, _)| path.as_str() != FieldPath::DELETED)
            .flat_map(|(path, h)| h.heads.iter().map(move |head| (path, head)))
            .filter(|(_, head)| !seen.contains(&head.dot.to_string().as_str()))
            .collect()
    }

    /// Everything that needs a person's decision: each field whose heads
    /// disagree with its candidates, and a deletion that missed edits (its
    /// candidates: the deletion, and each edit it did not see).
    pub fn disagreements(&self) -> Vec<Disagreement<'_>> {
        self.disagreements_at(Hlc(u64::MAX))
    }

    /// [`RecordState::disagreements`], and also every field whose value
    /// comes from an op dated after `latest` (its clock was ahead: see
    /// [`Hlc::AHEAD_MS`]), even when nothing disagrees with it.
    pub fn disagreements_at(&self, latest: Hlc) -> Vec<Disagreement<'_>> {
        let mut list: Vec<Disagreement<'_>> = self
            .fields
            .iter()
            .filter_map(|(path, heads)| {
                let ahead = heads.heads.iter().any(|h| h.hlc > latest);
                (ahead || heads.is_conflict()).then(|| Disagreement {
                    field: path,
                    candidates: heads.candidates().into_iter().map(|head| (path, head)).collect(),
                    ahead,
                })
            })
            .collect();
        let unseen = self.unseen_by_deletion();
        if let (false, Some((path, deletions))) =
            (unseen.is_empty(), self.fields.get_key_value(FieldPath::DELETED))
        {
            let mut candidates: Vec<(&FieldPath, &Head)> =
                deletions.heads.iter().map(|h| (path, h)).collect();
            candidates.extend(unseen);
            list.push(Disagreement {
                field: path,
                candidates,
                ahead: false,
            });
        }
        list
    }

    /// Fields in conflict, counting a deletion that missed an edit as one.
    pub fn conflict_count(&self) -> usize {
        self.conflict_count_at(Hlc(u64::MAX))
    }

    /// [`RecordState::conflict_count`], counting also each field whose
    /// value comes from an op dated after `latest`.
    pub fn conflict_count_at(&self, latest: Hlc) -> usize {
        self.fields
            .values()
            .filter(|h| h.is_conflict() || h.heads.iter().any(|head| head.hlc > latest))
            .count()
            + usize::from(!self.unseen_by_deletion().is_empty())
    }

    /// Field path → current (or provisional) value, nulls left out.
    pub fn current_values(&self) -> serde_json::Map<String, Value> {
        self.fields
            .iter()
            .filter_map(|(k, h)| {
                h.value()
                    .filter(|v| !v.is_null())
                    .map(|v| (k.to_string(), v.clone()))
            })
            .collect()
    }

    /// Fields whose heads disagree.
    pub fn conflicts(&self) -> impl Iterator<Item = (&FieldPath, &FieldHeads)> {
        self.fields.iter().filter(|(_, h)| h.is_conflict())
    }

    /// The live entries of a repeat group, in entry-id (creation) order.
    pub fn entries(&self, group: &str) -> Vec<Entry<'_>> {
        let mut entries: BTreeMap<&str, BTreeMap<&str, &Value>> = BTreeMap::new();
        for (path, heads) in &self.fields {
            let Some((g, id, field)) = path.split_entry() else {
                continue;
            };
            if g != group {
                continue;
            }
            let slot = entries.entry(id).or_default();
            if let Some(v) = heads.value().filter(|v| !v.is_null()) {
                slot.insert(field, v);
            }
        }
        entries
            .into_iter()
            .filter(|(_, values)| values.get(FieldPath::DELETED) != Some(&&Value::Bool(true)))
            .map(|(id, mut values)| {
                values.remove(FieldPath::DELETED);
                Entry { id, values }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DeviceId, EntryId};
    use serde_json::json;

    #[test]
    fn removed_entries_disappear_and_others_keep_their_values() {
        let device = DeviceId::new();
        let id = RecordId::new();
        let mut state = RecordState::new(id);
        let (kept, gone) = (EntryId::new(), EntryId::new());
        let writes = [
            (
                FieldPath::entry("documents", kept, "number").unwrap(),
                json!("N 123"),
            ),
            (
                FieldPath::entry("documents", gone, "number").unwrap(),
                json!("X 9"),
            ),
            (
                FieldPath::entry("documents", gone, "_deleted").unwrap(),
                json!(true),
            ),
        ];
        for (seq, (field, value)) in writes.into_iter().enumerate() {
            let op = Op {
                dot: Dot::new(device, seq as u64 + 1),
                record: id,
                field,
                value,
                seal: crate::domain::Seal::Legacy,
                parents: vec![],
                hlc: Hlc::from_millis(seq as u64),
                author: "w".into(),
            };
            state.apply(&op, &mut |_| false);
        }
        let entries = state.entries("documents");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].values.get("number"), Some(&&json!("N 123")));
        assert_eq!(state.updated, Hlc::from_millis(2));
    }
}
