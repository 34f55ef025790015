//! Changing the passphrase. The database is copied under the new key
//! beside itself (`intake.db.rekey`, SQLCipher's `sqlcipher_export`) and
//! the finished copy renamed over the file, so that a crash at any moment
//! leaves a file that opens with the old passphrase or with the new one,
//! never neither. `PRAGMA rekey` is not used: in WAL mode it rewrites the
//! pages through the log, where a crash can leave pages under both keys.

use super::{Result, Store, StoreError, remove_if_there, sibling};
use rusqlite::params;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};

/// Why a passphrase could not be changed, beyond the store's own errors.
#[derive(Debug, thiserror::Error)]
pub enum RekeyError {
    /// Another program (a second Intake window) has the database open.
    #[error("another program has the database open; close the other Intake windows and try again")]
    InUse,
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The database did not open again after the change (or after a
    /// change that failed): this store is closed, open it anew.
    #[error("the database did not open again: {0}")]
    Reopen(StoreError),
    /// Writing, syncing or renaming the copy.
    #[error("could not write the re-encrypted copy: {0}")]
    Write(std::io::Error),
}

impl RekeyError {
    /// The message key saying it in the user's language.
    pub fn message_key(&self) -> &'static str {
        match self {
            RekeyError::InUse => "passphrase-err-in-use",
            RekeyError::Store(e) if e.is_disk_full() => "passphrase-err-disk-full",
            RekeyError::Write(e) if e.kind() == std::io::ErrorKind::StorageFull => "passphrase-err-disk-full",
            RekeyError::Store(StoreError::WrongPassphrase(_)) => "tui-wrong-passphrase",
            RekeyError::Reopen(_) => "passphrase-err-reopen",
            RekeyError::Store(_) | RekeyError::Write(_) => "passphrase-err-failed",
        }
    }
}

/// Where the copy under the new key is made: beside the database, on the
/// same file system, so that the rename is atomic.
pub fn copy_path(db: &Path) -> PathBuf {
    sibling(db, ".rekey")
}

impl Store {
    /// Re-encrypts the database at `path` (this store's file) under `new`.
    /// `current` opens it again if the change fails half-way. Recorded in
    /// the audit trail of the re-encrypted file, so the entry exists
    /// exactly when the change does.
    pub fn change_passphrase(
        &mut self,
        path: &Path,
        current: &SecretString,
        new: &SecretString,
    ) -> std::result::Result<(), RekeyError> {
        if new.expose_secret().is_empty() || new.expose_secret().contains('\0') {
            return Err(StoreError::BadPassphrase.into());
        }
        let copy = copy_path(path);
        // A copy left by a crash was never put in place: it is only waste
        // (and encrypted under a passphrase nobody confirmed).
        remove_copy(&copy).map_err(RekeyError::Write)?;
        let made = self.export_copy(&copy, new);
        let installed = made.and_then(|()| self.install(path, &copy));
        match installed {
            Ok(()) => {
                *self = Store::open(path, new).map_err(RekeyError::Reopen)?;
                Ok(())
            }
            Err(e) => {
                let _ = remove_copy(&copy);
                // Back to WAL and normal locking, under the old key (the
                // exclusive connection is closed first, or it would lock
                // out its own successor).
                self.conn = rusqlite::Connection::open_in_memory().map_err(StoreError::from)?;
                *self = Store::open(path, current).map_err(RekeyError::Reopen)?;
                Err(e)
            }
        }
    }

    /// Takes the database for this connection alone, leaves WAL mode (the
    /// log is folded into the file and removed, so no stale log can be
    /// replayed over the copy later) and writes the copy under `new`.
    fn export_copy(&mut self, copy: &Path, new: &SecretString) -> std::result::Result<(), RekeyError> {
        let conn = &self.conn;
        // Another window holding the database open will not let go: say so
        // at once rather than after the usual five seconds of waiting.
        conn.busy_timeout(std::time::Duration::from_millis(500))
            .map_err(StoreError::from)?;
        conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))
            .map_err(StoreError::from)?;
        let mode: String = match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)) {
            Ok(mode) => mode,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                return Err(RekeyError::InUse);
            }
            Err(e) => return Err(StoreError::from(e).into()),
        };
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(RekeyError::InUse);
        }
        // Held until the connection closes: nobody writes while we copy.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
                    RekeyError::InUse
                }
                e => StoreError::from(e).into(),
            })?;
        let copy_name = copy.to_string_lossy();
        conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            params![copy_name.as_ref(), new.expose_secret()],
        )
        .map_err(StoreError::from)?;
        let exported = (|| -> Result<()> {
            conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
            super::audit::append_in(conn, "rekeyed", "passphrase changed", "")?;
            Ok(())
        })();
        let detached = conn.execute_batch("DETACH DATABASE rekeyed");
        exported?;
        detached.map_err(StoreError::from)?;
        Ok(())
    }

    /// Puts the finished copy in place: synced to disk, then the old file
    /// replaced in one rename, and the folder synced so that the rename
    /// survives a power cut.
    fn install(&mut self, path: &Path, copy: &Path) -> std::result::Result<(), RekeyError> {
        std::fs::File::open(copy)
            .and_then(|f| f.sync_all())
            .map_err(RekeyError::Write)?;
        let log = sibling(path, "-wal");
        if std::fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::Corrupt(format!("{} is left beside the database", log.display())).into());
        }
        let journal = sibling(path, "-journal");
        if std::fs::metadata(&journal).is_ok() {
            if is_hot(&journal).map_err(RekeyError::Write)? {
                return Err(StoreError::Corrupt(format!(
                    "{} is left beside the database",
                    journal.display()
                ))
                .into());
            }
            std::fs::remove_file(&journal).map_err(RekeyError::Write)?;
        }
        let _ = std::fs::remove_file(sibling(path, "-shm"));
        // The exclusive lock is held through the rename, so no other window
        // can open the old file in between and start a log beside it. Where
        // an open file cannot be replaced (Windows), it is closed first.
        if std::fs::rename(copy, path).is_err() {
            self.conn = rusqlite::Connection::open_in_memory().map_err(StoreError::from)?;
            std::fs::rename(copy, path).map_err(RekeyError::Write)?;
        }
        self.conn = rusqlite::Connection::open_in_memory().map_err(StoreError::from)?;
        super::restrict_permissions(path);
        super::sync_folder(path);
        Ok(())
    }
}

/// Whether a rollback journal would be replayed: SQLite treats one whose
/// first byte is zero (or that is empty) as finished.
fn is_hot(journal: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut first = [0u8; 1];
    let n = std::fs::File::open(journal)?.read(&mut first)?;
    Ok(n == 1 && first[0] != 0)
}

/// Removes a copy and its rollback journal, if there.
fn remove_copy(copy: &Path) -> std::io::Result<()> {
    remove_if_there(copy)?;
    remove_if_there(&sibling(copy, "-journal"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    fn opens(path: &Path, pass: &str) -> bool {
        Store::open(path, &secret(pass)).is_ok()
    }

    fn filled(path: &Path) -> Store {
        let store = Store::create(path, &secret("the old passphrase")).unwrap();
        store.audit("test", "before").unwrap();
        store
    }

    #[test]
    fn the_database_opens_with_the_new_passphrase_only_and_says_so_in_the_audit_trail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("intake.db");
        let mut store = filled(&path);
        let version = store.schema_version().unwrap();
        store
            .change_passphrase(&path, &secret("the old passphrase"), &secret("a new one, longer"))
            .unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            version,
            "the schema version travels"
        );
        let trail = store.audit_trail().unwrap();
        assert_eq!(
            trail.iter().map(|t| t.2.as_str()).collect::<Vec<_>>(),
            ["test", "passphrase changed"]
        );
        drop(store);
        assert!(!opens(&path, "the old passphrase"));
        assert!(opens(&path, "a new one, longer"));
        assert!(!copy_path(&path).exists());
    }

    #[test]
    fn a_second_window_on_the_database_stops_the_change_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("intake.db");
        let mut store = filled(&path);
        let other = Store::open(&path, &secret("the old passphrase")).unwrap();
        other.audit("test", "the other window").unwrap();
        let said = store.change_passphrase(&path, &secret("the old passphrase"), &secret("a new one"));
        assert!(matches!(said, Err(RekeyError::InUse)), "{said:?}");
        // Both windows go on working, under the old passphrase.
        other.audit("test", "still writing").unwrap();
        store.audit("test", "and this one").unwrap();
        drop((store, other));
        assert!(opens(&path, "the old passphrase"));
        assert!(!copy_path(&path).exists());
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_database_and_a_stale_copy_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("intake.db");
        let mut store = filled(&path);
        // What a kill just before the rename leaves: a finished copy.
        store
            .export_copy(&copy_path(&path), &secret("never confirmed"))
            .unwrap();
        drop(store);
        assert!(copy_path(&path).exists());
        assert!(opens(&path, "the old passphrase"), "the old file is untouched");
        let mut store = Store::open(&path, &secret("the old passphrase")).unwrap();
        store
            .change_passphrase(&path, &secret("the old passphrase"), &secret("the chosen one"))
            .unwrap();
        drop(store);
        assert!(opens(&path, "the chosen one"));
        assert!(!copy_path(&path).exists());
    }
}
