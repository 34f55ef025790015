//! Writing the good rows of a checked referral list as new records,
//! skipping people imported before — one row at a time, in one
//! transaction whose records are written out in batches.

use super::read::{Checked, Row, Rows, TextKey, text_key};
use super::{FileError, SOURCE, identity_key};
use crate::domain::{FieldPath, Status};
use crate::form::Form;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashSet;
use std::io::Read;

/// How many of the lines skipped as imported before a report names.
pub const SHOWN_LINES: usize = 20;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records created.
    pub imported: u64,
    /// Ops written.
    pub ops: u64,
    /// Rows skipped because the person was imported before (same
    /// reference, or for rows without one, same names and birth date).
    pub already_imported: u64,
    /// The first [`SHOWN_LINES`] of those rows' lines.
    pub already_lines: Vec<u64>,
    /// The records created, in the order of their rows (16 bytes a row:
    /// what `intake assign --file` gives to a laptop).
    pub created: Vec<crate::domain::RecordId>,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read the second time, or read differently.
    #[error(transparent)]
    File(#[from] FileError),
    /// The database refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The reading thread hands rows over this many at a time…
const BATCH: usize = 128;
/// …and may have this many batches ready ahead of the writer.
const AHEAD: usize = 4;

/// Reads the list again and writes its good rows as new `identified`
/// records in one transaction, skipping rows already imported. `checked`
/// is what [`super::check`] found in the same file: if the file now reads
/// differently, nothing is written. The rows are read and checked on a
/// second thread while this one writes, a bounded number of rows ahead.
pub fn import<R: Read + Send>(
    store: &mut Store,
    input: R,
    form: &Form,
    today: NaiveDate,
    checked: Checked,
) -> Result<ImportReport, ImportError> {
    let known_refs: HashSet<TextKey> = store.references()?.iter().map(|(r, _)| text_key(r)).collect();
    let mut known_people: HashSet<TextKey> = HashSet::new();
    store.each_unreferenced(|names, birth| {
        known_people.insert(text_key(&identity_key(names, birth)));
    })?;
    std::thread::scope(|threads| {
        let (send, rows) = std::sync::mpsc::sync_channel(AHEAD);
        threads.spawn(move || {
            let mut reader = match Rows::new(input, form, today) {
                Ok(r) => r,
                Err(e) => {
                    let _ = send.send(vec![Err(e)]);
                    return;
                }
            };
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(row) = reader.next_row() {
                let end = row.is_err();
                batch.push(row);
                let full = batch.len() == BATCH || end;
                if full && (send.send(std::mem::take(&mut batch)).is_err() || end) {
                    return; // the writer gave up, or the file is broken
                }
            }
            let _ = send.send(batch);
        });
        let mut report = ImportReport::default();
        let mut again = Checked::default();
        let mut writer = store.writer()?;
        writer.expect_records(checked.total - checked.bad)?;
        for row in rows.iter().flatten() {
            let row = row?;
            again.count(&row);
            let Row::Good(row) = row else { continue };
            let already = match row.get("reference") {
                Some(reference) => known_refs.contains(&text_key(reference)),
                // Rows without a reference are one person when their names and
                // birth date fold alike, in the database or earlier in the file.
                None => !known_people.insert(text_key(&row.identity_key())),
            };
            if already {
                report.already_imported += 1;
                if report.already_lines.len() < SHOWN_LINES {
                    report.already_lines.push(row.line);
                }
                continue;
            }
            writer.bound_cache()?;
            let id = writer.create_record()?;
            let fixed = [
                ("status", Value::from(Status::Identified.as_str())),
                ("source", Value::from(SOURCE)),
            ];
            for (column, value) in row.values.into_iter().chain(fixed) {
                let field = FieldPath::parse(column).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                writer.set(id, &field, value)?;
            }
            report.imported += 1;
            report.created.push(id);
        }
        if again != checked {
            return Err(FileError::Changed.into()); // the writer is dropped: nothing written
        }
        report.ops = writer.ops_written();
        writer.commit()?;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::{Checked, check};
    use crate::store::RecordQuery;
    use secrecy::SecretString;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn store(dir: &tempfile::TempDir) -> Store {
        let pass = SecretString::from("import test passphrase".to_owned());
        let mut store = Store::create(&dir.path().join("intake.db"), &pass).unwrap();
        crate::testing::with_profile(&mut store, "test");
        store
    }

    fn checked(csv: &str) -> Checked {
        let form = crate::form::builtin().unwrap();
        check(Rows::new(csv.as_bytes(), form, today()).unwrap(), |_| {}).unwrap()
    }

    fn count(store: &Store) -> usize {
        store.records(&RecordQuery::default()).unwrap().len()
    }

    const LIST: &str = "reference,surname,given_name,sex,birth_date\n\
                        R1,Дуйсенова,Айгуль,female,1985\n\
                        R2,Ахмедов,Рустам,male,1979\n\
                        R3,Ким,Ольга,female,2001\n";

    #[test]
    fn the_good_rows_are_written_in_one_go_and_people_known_are_skipped() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = store(&dir);
        let form = crate::form::builtin().unwrap();
        let report = import(&mut store, LIST.as_bytes(), form, today(), checked(LIST)).unwrap();
        assert_eq!((report.imported, report.already_imported), (3, 0));
        let again = import(&mut store, LIST.as_bytes(), form, today(), checked(LIST)).unwrap();
        assert_eq!((again.imported, again.already_imported), (0, 3));
        assert_eq!(again.already_lines, [2, 3, 4]);
        assert_eq!(count(&store), 3);
    }

    #[test]
    fn a_file_that_reads_differently_the_second_time_writes_nothing() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = store(&dir);
        let form = crate::form::builtin().unwrap();
        // Checked clean, then a row turned bad, a row added, or the quotes broken.
        let bad_row = LIST.replace("R3,Ким,Ольга,female", "R3,Ким,Ольга,X");
        let longer = format!("{LIST}R4,Ли,Анна,female,1990\n");
        let broken = format!("{LIST}R5,\"Ли,Анна,female,1990\n");
        for changed in [bad_row, longer, broken] {
            let e = import(&mut store, changed.as_bytes(), form, today(), checked(LIST)).unwrap_err();
            assert!(matches!(e, ImportError::File(_)), "{e}");
            assert_eq!(count(&store), 0, "nothing written for {changed:?}");
        }
    }

    #[test]
    fn rows_without_a_reference_are_one_person_by_names_and_birth_date() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = store(&dir);
        let form = crate::form::builtin().unwrap();
        let list = "surname,given_name,birth_date\nДуйсенова,Айгуль,1985\nDuysenova,Aygul,1985\nДуйсенова,Айгуль,1986\n";
        let report = import(&mut store, list.as_bytes(), form, today(), checked(list)).unwrap();
        assert_eq!((report.imported, report.already_lines.clone()), (2, vec![3]));
        let again = import(&mut store, list.as_bytes(), form, today(), checked(list)).unwrap();
        assert_eq!((again.imported, again.already_imported), (0, 3));
    }
}
