//! The encrypted local database (SQLCipher): opening and unlocking,
//! migrations, the op log and the records kept in step with it, the proofs
//! of the ops, imports as one transaction, ops set aside, quarantined
//! bundles, the profile and the device keys at rest.

mod aside;
mod audit;
mod backup;
mod blobs;
mod codec;
mod drafts;
mod handback;
mod holds;
mod list;
mod merge;
mod oplog;
mod peers;
mod profile;
mod provenance;
mod quarantine;
mod recipients;
mod records;
mod rekey;
mod schema;
mod settings;
mod writer;

pub use aside::SetAside;
pub use audit::{AuditCheck, AuditEntry, AuditLink, MAX_AUDIT_SENT, MAX_FIELD as MAX_AUDIT_FIELD};
pub use backup::{BACKUP_MADE_SETTING, LAST_BACKUP_SETTING};
pub use blobs::{BlobWriter, CHUNK, MAX_WANTS, hashes_in};
pub use drafts::Draft;
pub use handback::{HandBack, HandedBack};
pub use holds::{COORDINATOR_BEFORE_SETTING, Runs, prefix_held, runs_hold, runs_hold_all};
pub use list::{ListOrder, RecordQuery, RecordRow};
pub use merge::Merge;
pub use oplog::{Applied, ApplySummary};
pub use peers::{BundleEntry, Cloned, Gaps, Peer, Revoked, Trust};
pub use profile::{Coordinator, DeviceSecrets, Profile, Role};
pub use recipients::{Purpose, Recipient};
pub use records::{HistoryEntry, OP_WEIGHT};
pub use rekey::{RekeyError, copy_path};
pub use writer::Writer;

use crate::domain::{DeviceId, Dot};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// What can go wrong in the store, each a sentence a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The passphrase does not open the file (or the file is no database).
    #[error("wrong passphrase for {}", .0.display())]
    WrongPassphrase(PathBuf),
    /// `create` on an existing file.
    #[error("a database already exists at {}; Intake never overwrites one", .0.display())]
    Exists(PathBuf),
    /// `open` on a missing file.
    #[error("no database at {}; create one with `intake init`", .0.display())]
    Missing(PathBuf),
    /// An empty passphrase or one SQLCipher cannot take.
    #[error("the passphrase is empty or contains a NUL character")]
    BadPassphrase,
    /// The schema is newer than this program.
    #[error("the database at {} was written by a newer version of Intake; update Intake to open it", .0.display())]
    TooNew(PathBuf),
    /// The database has no profile.
    #[error("this database has no profile; create one with `intake init`")]
    NoProfile,
    /// The profile exists already.
    #[error("this database already has a profile")]
    ProfileExists,
    /// No record with that id (or prefix).
    #[error("no record {0}")]
    NoRecord(String),
    /// An id prefix that fits several records.
    #[error("{0} fits more than one record; give more of the id")]
    AmbiguousRecord(String),
    /// No device with that id was met.
    #[error("no device {0} has sent a bundle here")]
    NoDevice(String),
    /// The same dot with different content.
    #[error("op {0} arrived again with different content; the database was not changed")]
    Equivocation(Dot),
    /// Stored data that does not parse.
    #[error("the database holds damaged data ({0})")]
    Corrupt(String),
    /// Reading or writing a file for the database (a bundle kept in quarantine).
    #[error("could not read or write the bundle: {0}")]
    Read(std::io::Error),
    /// SQLite itself.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration.
    #[error("could not upgrade the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// Store result.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open, unlocked database.
pub struct Store {
    conn: Connection,
    /// Device id → devices.num, filled as devices are met.
    device_nums: foldhash::HashMap<DeviceId, i64>,
}

impl StoreError {
    /// Whether the disk holding the database is full (SQLite's `SQLITE_FULL`).
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DiskFull)
    }
}

/// Initialises SQLite once, before any connection. SQLCipher registers
/// itself from `sqlite3_initialize`'s extra-init hook, which SQLite runs
/// outside its mutex: a second thread opening a connection at the same
/// moment could get one without the cipher (seen in the tests as "no such
/// function: sqlcipher_export" and a refused `PRAGMA key`).
fn sqlite_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // SAFETY: sqlite3_initialize takes no arguments and may be called
        // any number of times; `Once` makes every other thread wait until
        // the first call (and SQLCipher's hook) has returned.
        unsafe {
            rusqlite::ffi::sqlite3_initialize();
        }
    });
}

impl Store {
    /// Creates a new encrypted database; refuses to touch an existing file.
    pub fn create(path: &Path, passphrase: &SecretString) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_owned()));
        }
        if let Some(dir) = path.parent() {
            create_private_dir(dir)
                .map_err(|e| StoreError::Corrupt(format!("cannot create {}: {e}", dir.display())))?;
        }
        Self::open_file(path, passphrase)
    }

    /// Opens and unlocks an existing encrypted database, upgrading its schema.
    pub fn open(path: &Path, passphrase: &SecretString) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        Self::open_file(path, passphrase)
    }

    /// An unencrypted in-memory database with the same schema, for tests and
    /// benchmarks that measure the log rather than the cipher.
    pub fn open_in_memory() -> Result<Store> {
        sqlite_ready();
        let conn = Connection::open_in_memory()?;
        Self::prepare(conn, Path::new(":memory:"))
    }

    fn open_file(path: &Path, passphrase: &SecretString) -> Result<Store> {
        let secret = passphrase.expose_secret();
        if secret.is_empty() || secret.contains('\0') {
            return Err(StoreError::BadPassphrase);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        sqlite_ready();
        let conn = Connection::open_with_flags(path, flags)?;
        // Never a database without its cipher: SQLite ignores a pragma it
        // does not know, so a missing codec would write plaintext.
        let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
        if cipher.is_none_or(|v| v.is_empty()) {
            return Err(StoreError::Corrupt(
                "SQLCipher is not active on this connection".into(),
            ));
        }
        // SQLCipher logs to stderr by default, which would scribble over the
        // terminal on a wrong key.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        // PRAGMA takes no bound parameters: quote the literal ourselves and
        // wipe the statement text afterwards.
        let sql = Zeroizing::new(format!("PRAGMA key = '{}';", secret.replace('\'', "''")));
        conn.execute_batch(&sql)?;
        drop(sql);
        // The key is checked at the first page read.
        let check = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
        match check {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
                return Err(StoreError::WrongPassphrase(path.to_owned()));
            }
            Err(e) => return Err(e.into()),
        }
        restrict_permissions(path);
        Self::prepare(conn, path)
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Store> {
        // WAL: readers never block the writer; FULL: a committed op survives
        // a power cut.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;
             PRAGMA cache_size = -32768;",
        )?;
        schema::migrations().to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            ) => StoreError::TooNew(path.to_owned()),
            other => StoreError::Migration(other),
        })?;
        let mut device_nums = foldhash::HashMap::default();
        {
            let mut stmt = conn.prepare("SELECT num, id FROM devices")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (num, id) = row?;
                let id = id
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("device id {id}")))?;
                device_nums.insert(id, num);
            }
        }
        Ok(Store { conn, device_nums })
    }

    /// Caps the database file at `pages` pages (0: no cap beyond SQLite's
    /// own): writing past it fails as a full disk does, with nothing
    /// changed. A quota for a shared disk; tests make a full disk with it.
    pub fn limit_pages(&self, pages: u64) -> Result<()> {
        let pages = if pages == 0 { 4_294_967_294 } else { pages };
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }

    /// How many pages the database file has now.
    pub fn page_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// Ids are stored as their hyphenated text.
macro_rules! id_from_sql {
    ($($t:ty),*) => {$(
        impl rusqlite::types::FromSql for $t {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}
id_from_sql!(crate::domain::RecordId, crate::domain::DeviceId);

/// Creates a directory (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// `path` with `suffix` added to its file name (`intake.db` → `intake.db-wal`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a file; one that is not there is no error.
pub fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Syncs the folder holding `path`, so that a rename in it survives a
/// power cut (Unix; elsewhere the rename is durable when it returns).
pub fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Only the owner may read the database file (it is encrypted anyway; this
/// keeps other accounts on a shared laptop from copying it to attack offline).
fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
