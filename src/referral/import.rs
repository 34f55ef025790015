//! Writing checked referral-list rows as new records, skipping people
//! imported before.

use super::{ReferralRow, SOURCE, identity_key};
use crate::domain::{FieldPath, Status};
use crate::store::{RecordQuery, Store, StoreError};
use serde_json::Value;
use std::collections::HashSet;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records created.
    pub imported: u64,
    /// Ops written.
    pub ops: u64,
    /// Lines skipped because the person was imported before (same reference,
    /// or for rows without one, same names and birth date).
    pub already_imported: Vec<u64>,
}

/// Writes the rows as new `identified` records in one transaction, skipping
/// rows already imported.
pub fn import(store: &mut Store, rows: &[ReferralRow]) -> Result<ImportReport, StoreError> {
    let known_refs: HashSet<String> = store.references()?.into_iter().map(|(r, _)| r).collect();
    let known_people: HashSet<String> = if rows.iter().any(|r| r.get("reference").is_none()) {
        store
            .records(&RecordQuery::default())?
            .iter()
            .filter(|r| r.reference.is_none())
            .map(|r| {
                identity_key(
                    [
                        r.surname.as_deref(),
                        r.given_name.as_deref(),
                        r.patronymic.as_deref(),
                    ],
                    r.birth_date.as_deref(),
                )
            })
            .collect()
    } else {
        HashSet::new()
    };
    let mut report = ImportReport::default();
    let mut seen_people = HashSet::new();
    let mut writer = store.writer()?;
    for row in rows {
        let already = match row.get("reference") {
            Some(reference) => known_refs.contains(reference),
            None => {
                let key = row.identity_key();
                known_people.contains(&key) || !seen_people.insert(key)
            }
        };
        if already {
            report.already_imported.push(row.line);
            continue;
        }
        let id = writer.create_record()?;
        let fixed = [
            ("status", Value::from(Status::Identified.as_str())),
            ("source", Value::from(SOURCE)),
        ];
        for (column, value) in row.values.iter().cloned().chain(fixed) {
            let field = FieldPath::parse(column).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            writer.set(id, &field, value)?;
        }
        report.imported += 1;
    }
    report.ops = writer.ops_written();
    writer.commit()?;
    Ok(report)
}
