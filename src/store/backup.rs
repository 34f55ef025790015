//! A consistent copy of the database under the passphrase in use, made
//! while other windows go on writing (a read transaction on the WAL
//! snapshot, copied with `sqlcipher_export`), and a copy's check that it
//! opens and is an Intake database.

use super::{Result, Store, StoreError, peers};
use rusqlite::params;
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;

/// The setting that says when the last backup was made (RFC 3339, UTC).
pub const LAST_BACKUP_SETTING: &str = "last-backup";

/// The setting, inside a backup, that says when it was made.
pub const BACKUP_MADE_SETTING: &str = "backup-made";

impl Store {
    /// Writes a copy of the whole database to the new file `out`, encrypted
    /// under `passphrase` (the one in use: a backup keeps it). The copy is
    /// one snapshot: what other windows write meanwhile is in the next one.
    /// `out` must not exist; on failure nothing is left there.
    pub fn copy_to(&self, out: &Path, passphrase: &SecretString) -> Result<()> {
        if out.exists() {
            return Err(StoreError::Exists(out.to_owned()));
        }
        let name = out.to_string_lossy();
        self.conn.execute(
            "ATTACH DATABASE ?1 AS backup KEY ?2",
            params![name.as_ref(), passphrase.expose_secret()],
        )?;
        let copied = (|| -> Result<()> {
            self.conn.execute_batch("BEGIN")?;
            let inside = (|| -> Result<()> {
                // The first read fixes the snapshot the whole copy is taken from.
                let version: i64 = self
                    .conn
                    .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
                self.conn
                    .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
                self.conn
                    .execute_batch(&format!("PRAGMA backup.user_version = {version};"))?;
                self.conn.execute(
                    "INSERT INTO backup.settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![BACKUP_MADE_SETTING, peers::now()],
                )?;
                Ok(())
            })();
            match inside {
                Ok(()) => self.conn.execute_batch("COMMIT")?,
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e);
                }
            }
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE backup");
        if let Err(e) = copied.and(detached.map_err(StoreError::from)) {
            let _ = std::fs::remove_file(out);
            let mut journal = out.as_os_str().to_owned();
            journal.push("-journal");
            let _ = std::fs::remove_file(journal);
            return Err(e);
        }
        std::fs::File::open(out)
            .and_then(|f| f.sync_all())
            .map_err(StoreError::Read)?;
        super::restrict_permissions(out);
        Ok(())
    }

    /// Notes that a backup was made now, to `to` (audited).
    pub fn note_backup(&mut self, to: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        super::settings::put(&tx, LAST_BACKUP_SETTING, &peers::now())?;
        peers::audit(&tx, "backup", to)?;
        tx.commit()?;
        Ok(())
    }
}
