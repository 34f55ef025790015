//! The records of one person: those the duplicate finder's reviewer
//! confirmed as the same person ("same" verdicts), followed from record to
//! record. An erasure reaches all of them.

use crate::domain::{FieldPath, RecordId};
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

/// The "same person" links between records (the duplicate finder's
/// "same" verdicts, both ways), the records erased, and every record held
/// (deleted ones included: their log still holds the data). One pass over
/// the records, keeping only the links.
pub struct Links {
    edges: BTreeMap<RecordId, Vec<RecordId>>,
    /// Erased by any erasure op ever (a later `null` does not undo one).
    erased: BTreeSet<RecordId>,
    /// Erased by the retention rule (a closed case, not the person's wish).
    by_retention: BTreeSet<RecordId>,
    known: BTreeSet<RecordId>,
}

impl Links {
    /// Reads the links of every record held here.
    pub fn read(store: &Store) -> Result<Links, StoreError> {
        let mut links = Links {
            edges: BTreeMap::new(),
            erased: store.erased_records()?,
            by_retention: BTreeSet::new(),
            known: BTreeSet::new(),
        };
        store.each_record(&mut |record, values| {
            links.known.insert(record);
            if values
                .get(FieldPath::ERASED)
                .and_then(|v| v.as_str())
                .is_some_and(|r| r.starts_with(crate::domain::FieldPath::RETENTION_REASON))
            {
                links.by_retention.insert(record);
            }
            for (path, value) in values {
                if value.as_str() != Some(super::Verdict::Same.as_str()) {
                    continue;
                }
                if let Some(other) = path
                    .strip_prefix("_links/")
                    .and_then(|rest| rest.strip_suffix("/verdict"))
                    .and_then(|o| o.parse::<RecordId>().ok())
                {
                    links.edges.entry(record).or_default().push(other);
                    links.edges.entry(other).or_default().push(record);
                }
            }
        })?;
        Ok(links)
    }

    /// Every record held here linked to `id`, directly or through others,
    /// `id` included.
    pub fn person(&self, id: RecordId) -> BTreeSet<RecordId> {
        let mut seen = BTreeSet::from([id]);
        let mut next = vec![id];
        while let Some(r) = next.pop() {
            for other in self.edges.get(&r).into_iter().flatten() {
                if seen.insert(*other) {
                    next.push(*other);
                }
            }
        }
        // Only records held here (a link may name one that is not).
        seen.retain(|r| self.known.contains(r));
        seen
    }

    /// Whether `id` is erased here.
    pub fn is_erased(&self, id: RecordId) -> bool {
        self.erased.contains(&id)
    }
}

/// A person erased on one record and not on another confirmed as theirs
/// (an erasure that came from a laptop, which erases only what it holds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unfinished {
    /// The person's erased records.
    pub erased: Vec<RecordId>,
    /// Their records still holding data: the coordinator erases them.
    pub held: Vec<RecordId>,
}

/// The people of `among` (records just erased) whose consent was withdrawn
/// and who are still held on another record confirmed as theirs. A case
/// erased by the retention rule is not one: the person's other, open
/// case keeps its data.
pub fn unfinished(store: &Store, among: &[RecordId]) -> Result<Vec<Unfinished>, StoreError> {
    if among.is_empty() {
        return Ok(Vec::new());
    }
    let links = Links::read(store)?;
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    for id in among {
        if done.contains(id)
            || !links.edges.contains_key(id)
            || !links.erased.contains(id)
            || links.by_retention.contains(id)
        {
            continue;
        }
        let person = links.person(*id);
        let (erased, held): (Vec<RecordId>, Vec<RecordId>) =
            person.iter().partition(|r| links.erased.contains(r));
        done.extend(person);
        if !held.is_empty() {
            found.push(Unfinished { erased, held });
        }
    }
    Ok(found)
}

impl Unfinished {
    /// Says it in one sentence, with the command that finishes it.
    pub fn sentence(&self, texts: &crate::i18n::Texts) -> String {
        let join = |ids: &[RecordId]| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        texts.text(
            "erase-unfinished",
            &[
                ("erased", join(&self.erased).into()),
                ("held", join(&self.held).into()),
                (
                    "first",
                    self.held
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                        .into(),
                ),
            ],
        )
    }
}
