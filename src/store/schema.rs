//! Versioned migrations of the database schema (kept in `user_version`).

use rusqlite_migration::{M, Migrations};

/// Version 1: profile and keys, devices, the op log, the materialised records
/// and their search index.
///
/// `records` holds current values only (`data`, a JSON object, plus columns
/// for listing and search); heads are recomputed from the log when a record
/// is edited or shown, so the cache stays small.
///
/// The log has just one secondary index (by record): merges and `intake demo`
/// write hundreds of thousands of ops per second only with few indexes.
/// `ops.record` points at `records.num` without a foreign key because the
/// records row is written when the transaction ends, after its ops.
const V1: &str = r#"
CREATE TABLE profile (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    device_id       TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('field', 'coordinator')),
    worker          TEXT NOT NULL,
    org             TEXT NOT NULL,
    campaign        TEXT,
    signing_key     BLOB NOT NULL CHECK (length(signing_key) = 32),
    age_identity    TEXT NOT NULL,
    coordinator_key TEXT,
    next_seq        INTEGER NOT NULL,
    hlc             INTEGER NOT NULL,
    created         TEXT NOT NULL
);

CREATE TABLE devices (
    num INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE
);

CREATE TABLE ops (
    device  INTEGER NOT NULL REFERENCES devices(num),
    seq     INTEGER NOT NULL CHECK (seq > 0),
    record  INTEGER NOT NULL,
    field   TEXT NOT NULL,
    value   TEXT NOT NULL,
    parents TEXT,
    hlc     INTEGER NOT NULL,
    author  TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE INDEX ops_by_record ON ops(record);

CREATE TABLE records (
    num              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    reference        TEXT,
    surname          TEXT,
    given_name       TEXT,
    patronymic       TEXT,
    surname_latin    TEXT,
    given_name_latin TEXT,
    birth_date       TEXT,
    sex              TEXT,
    oblast           TEXT,
    status           TEXT,
    source           TEXT,
    updated          INTEGER NOT NULL,
    conflicts        INTEGER NOT NULL,
    deleted          INTEGER NOT NULL,
    search           TEXT NOT NULL,
    data             TEXT NOT NULL
);
CREATE INDEX records_by_reference ON records(reference) WHERE reference IS NOT NULL;

-- Words of the folded search key; searches match word beginnings
-- ("duisen" finds "duisenova"). Few index entries per record keep bulk
-- writes fast; the vocabulary of names is small, so prefix queries are cheap
-- without extra prefix indexes.
CREATE VIRTUAL TABLE records_fts USING fts5(
    search, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
"#;

/// Version 2: the next-action date in the records cache (the case list shows
/// and filters it), and an index for the list's order so that a window of
/// the list is read without sorting every record.
const V2: &str = r#"
ALTER TABLE records ADD COLUMN next_action TEXT;
UPDATE records SET next_action = json_extract(data, '$.next_action_date');
CREATE INDEX records_list ON records(deleted, updated DESC, num DESC);
"#;

/// Version 3: the text of the field being typed, saved on every key, so a
/// crash or a power cut loses nothing; leaving the field turns it into an op
/// and removes the draft.
const V3: &str = r#"
CREATE TABLE drafts (
    record  TEXT NOT NULL,
    field   TEXT NOT NULL,
    text    TEXT NOT NULL,
    updated INTEGER NOT NULL,
    PRIMARY KEY (record, field)
);
"#;

/// Version 4: the case list's filters and orders. The current values move
/// to a table of their own so that a `records` row is small and checking a
/// filter on a row costs one cheap page read (with the values inline, a
/// status-and-worker filter read half a gigabyte: 0.5 s). Who recorded the
/// person (the author of the record's first op, for "my cases"), and one
/// index per filter or order, so that a window and its count come off an
/// index instead of reading every record.
const V4: &str = r#"
CREATE TABLE record_values (
    num  INTEGER PRIMARY KEY,
    data TEXT NOT NULL
);
INSERT INTO record_values (num, data) SELECT num, data FROM records;
ALTER TABLE records DROP COLUMN data;
ALTER TABLE records ADD COLUMN recorded_by TEXT;
UPDATE records SET recorded_by = (
    SELECT o.author FROM ops o JOIN devices d ON d.num = o.device
    WHERE o.record = records.num ORDER BY o.hlc, d.id, o.seq LIMIT 1
);
CREATE INDEX records_by_status ON records(deleted, status, updated DESC, num DESC);
CREATE INDEX records_by_worker ON records(deleted, recorded_by, updated DESC, num DESC);
CREATE INDEX records_by_due ON records(deleted, coalesce(next_action, '9999'), num, status);
CREATE INDEX records_by_name ON records(deleted, coalesce(surname, given_name, ''), given_name, num);
"#;

/// Version 5: sync. The devices met in bundles with their keys and trust;
/// every bundle written or read (a quarantined one keeps its verified
/// content, inside this encrypted file, until its device is trusted); what
/// the coordinator acknowledged; and the audit trail of exports and trust.
const V5: &str = r#"
CREATE TABLE peers (
    device_id   TEXT PRIMARY KEY,
    signing_key BLOB NOT NULL CHECK (length(signing_key) = 32),
    age_key     TEXT NOT NULL,
    worker      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('unknown', 'trusted', 'revoked')),
    first_seen  TEXT NOT NULL,
    changed     TEXT NOT NULL
);
CREATE TABLE bundles (
    id        TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    sequence  INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('exported', 'merged', 'quarantined')),
    ops       INTEGER NOT NULL,
    time      TEXT NOT NULL,
    content   BLOB
);
CREATE INDEX bundles_by_device ON bundles(device_id, sequence);
CREATE TABLE acks (
    device_id TEXT PRIMARY KEY,
    upto      INTEGER NOT NULL
);
CREATE TABLE audit (
    time   TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
"#;

/// Version 6: provenance per op (bundle format 2).
///
/// - Every op keeps its `seal`: the 16-byte salt of its value, or once
///   erased the 32-byte commitment that stays in its leaf hash; empty for
///   an op another device wrote before ops were sealed (its own sealed copy
///   replaces it when it comes).
/// - `statements`: the signed runs of each device's ops (this device's own
///   too); `omitted`: subtrees of runs received without all their ops, so
///   that relayed ops can be proven again onwards.
/// - `set_aside`: verified ops that were not merged (a laptop writing a
///   record outside its caseload, a value the form does not take), listed
///   for the coordinator.
/// - `quarantine`: an untrusted device's bundle as it came, still
///   encrypted, in parts (it is not unpacked until the device is trusted).
/// - `escrow_keys`: who else every bundle is encrypted to, inside the
///   encrypted database (no longer in config.toml).
/// - `unexplained_redactions`: empty outside an import; a redacted op of a
///   record not (yet) erased waits here for its erasure.
/// - The profile pins the coordinator's device and signing key; peers note
///   a cloned device, a clock far ahead, and the revocation that travels in
///   the registry.
/// - Bundles: quarantined ones of format 1 are dropped (format 1 can no
///   longer be imported); a refused bundle can be noted.
const V6: &str = r#"
ALTER TABLE ops ADD COLUMN seal BLOB NOT NULL DEFAULT x'';
ALTER TABLE profile ADD COLUMN coordinator_device TEXT;
ALTER TABLE profile ADD COLUMN coordinator_signing_key BLOB;
CREATE TABLE statements (
    device    INTEGER NOT NULL REFERENCES devices(num),
    first     INTEGER NOT NULL CHECK (first > 0),
    last      INTEGER NOT NULL CHECK (last >= first),
    root      BLOB NOT NULL,
    prev      BLOB,
    signature BLOB NOT NULL,
    hash      BLOB NOT NULL,
    PRIMARY KEY (device, first)
) WITHOUT ROWID;
CREATE TABLE omitted (
    device INTEGER NOT NULL REFERENCES devices(num),
    first  INTEGER NOT NULL,
    at     INTEGER NOT NULL,
    height INTEGER NOT NULL,
    hash   BLOB NOT NULL,
    PRIMARY KEY (device, first, at, height)
) WITHOUT ROWID;
CREATE TABLE set_aside (
    device  INTEGER NOT NULL REFERENCES devices(num),
    seq     INTEGER NOT NULL,
    record  TEXT NOT NULL,
    field   TEXT NOT NULL,
    value   TEXT NOT NULL,
    seal    BLOB NOT NULL,
    parents TEXT,
    hlc     INTEGER NOT NULL,
    author  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    bundle  TEXT NOT NULL,
    time    TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE quarantine (
    bundle TEXT NOT NULL,
    part   INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    PRIMARY KEY (bundle, part)
) WITHOUT ROWID;
CREATE TABLE escrow_keys (
    key    TEXT PRIMARY KEY,
    added  TEXT NOT NULL,
    author TEXT NOT NULL
);
CREATE TABLE unexplained_redactions (
    record INTEGER PRIMARY KEY
);
ALTER TABLE peers ADD COLUMN cloned TEXT;
ALTER TABLE peers ADD COLUMN clock_ahead INTEGER;
ALTER TABLE peers ADD COLUMN revocation TEXT;
CREATE TABLE bundles_v6 (
    id        TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    sequence  INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('exported', 'merged', 'quarantined', 'refused')),
    ops       INTEGER NOT NULL,
    time      TEXT NOT NULL,
    bytes     INTEGER
);
INSERT INTO bundles_v6 (id, device_id, sequence, hash, status, ops, time)
    SELECT id, device_id, sequence, hash, status, ops, time FROM bundles WHERE status <> 'quarantined';
DROP TABLE bundles;
ALTER TABLE bundles_v6 RENAME TO bundles;
CREATE INDEX bundles_by_device ON bundles(device_id, sequence);
"#;

/// Gives every op of this device a fresh random salt (its leaf can then be
/// signed in its next bundle); ops of other devices wait, unsealed, for
/// their own device's sealed copy. An op of an erased record keeps only
/// the commitment to its (already erased) value, as erasure leaves it.
fn seal_own_ops(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    use crate::domain::{FieldPath, Salt, proof};
    let own: Option<i64> = tx
        .query_row(
            "SELECT d.num FROM profile p JOIN devices d ON d.id = p.device_id",
            [],
            |r| r.get(0),
        )
        .ok();
    let Some(own) = own else { return Ok(()) };
    let erased: std::collections::HashSet<i64> = tx
        .prepare("SELECT DISTINCT record FROM ops WHERE field = '_erased' AND value <> 'null'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let ops: Vec<(i64, i64, String, String)> = tx
        .prepare("SELECT seq, record, field, value FROM ops WHERE device = ?1")?
        .query_map([own], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE ops SET seal = ?3, value = ?4 WHERE device = ?1 AND seq = ?2")?;
    for (seq, record, field, value) in ops {
        let salt = Salt::random();
        let gone = erased.contains(&record) && FieldPath::parse(&field).is_ok_and(|f| !f.survives_erasure());
        if gone {
            let commitment = proof::commit_json(&salt, value.as_bytes());
            update.execute(rusqlite::params![own, seq, &commitment.0[..], "null"])?;
        } else {
            update.execute(rusqlite::params![own, seq, &salt.0[..], value])?;
        }
    }
    Ok(())
}

/// Version 7: the search key reads every transliteration system (ISO 9,
/// GOST 7.79 A and B, scientific, Kazakh Latin 2017/2018/2021 …): every
/// record's search words are folded again (nothing else changes).
const V7: &str = "SELECT 1;";

/// Version 8: Azerbaijani and Turkish words read "c" as дж (Cəfərov =
/// Джафаров): the search words are folded again.
const V8: &str = "SELECT 1;";

/// Folds every record's search words again, from its stored values, and
/// rebuilds the search index, one record at a time.
fn refold_search(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    tx.execute("INSERT INTO records_fts (records_fts) VALUES ('delete-all')", [])?;
    let mut read = tx.prepare("SELECT num, data FROM record_values")?;
    let mut update = tx.prepare("UPDATE records SET search = ?2 WHERE num = ?1")?;
    let mut index = tx.prepare("INSERT INTO records_fts (rowid, search) VALUES (?1, ?2)")?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let (num, data): (i64, String) = (row.get(0)?, row.get(1)?);
        // A row that does not parse keeps its old words (the cache is
        // rebuilt from the log the next time the record changes).
        let Ok(values) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&data) else {
            continue;
        };
        let search = super::records::search_text(|f| values.get(f).and_then(|v| v.as_str()));
        update.execute(rusqlite::params![num, search])?;
        index.execute(rusqlite::params![num, search])?;
    }
    Ok(())
}

/// The indexes of the case list's filters and orders (schema version 4),
/// by name. A bulk import drops them and builds them again at its end: one
/// sorted build instead of a random insert into each for every record.
pub(super) const LIST_INDEXES: [(&str, &str); 6] = [
    (
        "records_list",
        "CREATE INDEX records_list ON records(deleted, updated DESC, num DESC)",
    ),
    (
        "records_by_status",
        "CREATE INDEX records_by_status ON records(deleted, status, updated DESC, num DESC)",
    ),
    (
        "records_by_worker",
        "CREATE INDEX records_by_worker ON records(deleted, recorded_by, updated DESC, num DESC)",
    ),
    (
        "records_by_due",
        "CREATE INDEX records_by_due ON records(deleted, coalesce(next_action, '9999'), num, status)",
    ),
    (
        "records_by_name",
        "CREATE INDEX records_by_name ON records(deleted, coalesce(surname, given_name, ''), given_name, num)",
    ),
    (
        "records_assigned_here",
        "CREATE INDEX records_assigned_here ON records(deleted, updated DESC, num DESC) WHERE assigned_here = 1",
    ),
];

/// Version 9: the campaign's settings kept inside the encrypted database
/// (what decides who keeps data never lives in a plain file): the
/// retention period of closed cases, later the backup reminder and the
/// attachment size limit. A missing key means the built-in default.
const V9: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Version 10: the identities this database had before it was restored
/// from a backup as a new device (never reusing the old one's op numbers):
/// the old keys stay to sign the succession the coordinator is told of.
const V10: &str = r#"
CREATE TABLE predecessors (
    device_id    TEXT PRIMARY KEY,
    signing_key  BLOB NOT NULL CHECK (length(signing_key) = 32),
    age_identity TEXT NOT NULL,
    next_seq     INTEGER NOT NULL,
    backup_made  TEXT,
    replaced     TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Version 11: a laptop's caseload. Records the coordinator gave this
/// laptop are marked on their row, so that "my cases" lists them from an
/// index (with those its worker recorded); the records it handed back to
/// the coordinator (taken back, or every one once its key is revoked)
/// keep only their anonymous counts and are listed here with the day; and
/// what the coordinator said it holds of each device's ops in its last
/// return bundle (the laptop sends it what lies beyond).
const V11: &str = r#"
ALTER TABLE records ADD COLUMN assigned_here INTEGER NOT NULL DEFAULT 0;
CREATE INDEX records_assigned_here ON records(deleted, updated DESC, num DESC) WHERE assigned_here = 1;
CREATE TABLE handed_back (
    record INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL
);
CREATE TABLE coordinator_holds (
    device_id TEXT NOT NULL,
    first     INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (device_id, first)
) WITHOUT ROWID;
"#;

/// Marks the records given to this device before version 11.
fn mark_assigned(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let own: Option<String> = tx
        .query_row("SELECT device_id FROM profile", [], |r| r.get(0))
        .ok();
    let Some(own) = own else { return Ok(()) };
    let granted = format!("\"{}/{own}/scope\":true", crate::domain::FieldPath::GRANTS);
    tx.execute(
        "UPDATE records SET assigned_here = 1
         WHERE num IN (SELECT num FROM record_values WHERE instr(data, ?1) > 0)",
        [granted],
    )?;
    Ok(())
}

/// Version 12: the bytes of attached scans and photos, addressed by their
/// SHA-256 (the same scan attached twice is kept once) and kept in chunks,
/// so that neither a bundle nor a copy ever holds one whole in memory.
/// They live inside the encrypted database, never beside it. The
/// coordinator notes which it sent to which laptop (sent once; again only
/// when the laptop says it lacks one).
const V12: &str = r#"
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    added  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE blob_chunks (
    num    INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    UNIQUE (sha256, idx)
);
CREATE TABLE blobs_sent (
    device_id TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (device_id, sha256)
) WITHOUT ROWID;
"#;

/// Version 13: the audit trail hash-chained (each entry's `hash` covers
/// the one before) and append-only (triggers, made by the hook once the
/// entries written before are chained).
/// `recipients`: who exports may be for, each with the age key their
/// files are encrypted to and the purpose that decides whose data they get.
const V13: &str = r#"
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE TABLE recipients (
    name     TEXT PRIMARY KEY,
    age_key  TEXT NOT NULL,
    purpose  TEXT NOT NULL,
    added    TEXT NOT NULL
);
"#;

/// Version 14: which records each export held (`exported`: the audit
/// entry of the export, the record), so that a person's report says to
/// whom their data went and when.
const V14: &str = r#"
CREATE TABLE exported (
    audit  INTEGER NOT NULL,
    record INTEGER NOT NULL,
    PRIMARY KEY (record, audit)
) WITHOUT ROWID;
"#;

/// Version 15: the laptops' audit trails as their bundles carried them,
/// kept by the coordinator as the witness of each chain.
const V15: &str = r#"
CREATE TABLE peer_audit (
    device TEXT NOT NULL,
    hash   TEXT NOT NULL,
    prev   TEXT NOT NULL,
    time   TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (device, hash)
) WITHOUT ROWID;
CREATE INDEX peer_audit_by_prev ON peer_audit(device, prev);
"#;

/// Version 16: the recipient an export was encrypted to (`export_to`, by
/// its audit entry; none: a file for the organisation's own use), for the
/// person's report.
const V16: &str = r#"
CREATE TABLE export_to (
    audit     INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL
);
"#;

/// Every migration in order.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up_with_hook(V6, seal_own_ops),
        M::up_with_hook(V7, refold_search),
        M::up_with_hook(V8, refold_search),
        M::up(V9),
        M::up(V10),
        M::up_with_hook(V11, mark_assigned),
        M::up(V12),
        M::up_with_hook(V13, super::audit::chain_existing),
        M::up(V14),
        M::up(V15),
        M::up_with_hook(V16, super::audit::recipients_of_earlier_exports),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }

    #[test]
    fn the_list_indexes_a_bulk_import_builds_again_are_the_migrations_own() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        for (name, sql) in super::LIST_INDEXES {
            let stored: String = conn
                .query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .unwrap();
            let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squeeze(&stored), squeeze(sql), "{name}");
        }
    }
}
