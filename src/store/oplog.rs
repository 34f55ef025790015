//! Writing to the op log: one [`Applier`] transaction over the log and the
//! materialised `records` table and its search index, used by local edits
//! (`writer.rs`), by imports (`merge.rs`) and by [`Store::apply`].

use super::codec::{parents_json, seal_bytes, seal_from, to_i64};
use super::records::{Materialised, OP_WEIGHT, fold_stored, record_ops};
use super::{Result, Store, StoreError};
use crate::domain::proof::{self, Hash32, Seal};
use crate::domain::registry::REGISTRY;
use crate::domain::{DeviceId, Dot, Hlc, Op, RecordId, RecordState};
use foldhash::{HashMap as FastMap, HashMapExt, HashSet, HashSetExt};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// What applying a batch of ops changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplySummary {
    /// Ops added to the log.
    pub new_ops: u64,
    /// Ops that were already in the log (a no-op).
    pub known_ops: u64,
    /// Records that did not exist before.
    pub new_records: u64,
    /// Existing records that changed.
    pub updated_records: u64,
    /// Fields newly in conflict (several heads with different values).
    pub new_conflicts: u64,
    /// Attachments removed because no record names them any more.
    pub blobs_removed: u64,
    /// Values were redacted (an erasure, a record handed back): the
    /// database should be scrubbed ([`Store::scrub`]) once committed.
    pub redacted: bool,
    /// Records erased by this batch (each once).
    pub erased: Vec<RecordId>,
}

/// What one op did to the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// It was new and is now in the log.
    New,
    /// The log had it already.
    Known,
    /// The log has another op with the same dot: its device wrote two
    /// different ops under one number (a cloned laptop, or a forgery).
    Different,
}

/// The most whole ops kept for one handed-back record in one import.
const STASH_MAX: usize = 512;

/// What the log holds under an op's dot, compared with the op.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Compared {
    /// The same op.
    Known,
    /// The same op, redacted here by a hand-back: its value is back.
    Restored,
    /// Another op.
    Different,
}

pub(super) struct Cached {
    num: i64,
    pub(super) state: RecordState,
    /// Every op of the record applied so far: parents are always ops of
    /// the same record, so this answers "was this parent seen?".
    dots: HashSet<Dot>,
    /// The search key now in the index; `None` for a record new in this transaction.
    indexed_search: Option<String>,
    dirty: bool,
    /// A stored op of it got its value back (a record handed back and
    /// given to this laptop again): folded again from the log before it is written.
    refold: bool,
    /// For a record handed back: the whole ops that arrived for it in this
    /// import (dot, seal, value), in case it is given back further on.
    stash: Vec<(Dot, Seal, String)>,
    /// What it holds in memory, about: its ops' value text and
    /// [`OP_WEIGHT`] each (see [`fold_stored`]).
    pub(super) weight: usize,
}

impl Cached {
    /// Whether the record has an op with this dot.
    pub(super) fn holds(&self, dot: &Dot) -> bool {
        self.dots.contains(dot)
    }
}

/// One write transaction over the log and the records cache.
pub(super) struct Applier<'s> {
    pub(super) tx: Transaction<'s>,
    device_nums: &'s mut FastMap<DeviceId, i64>,
    /// Devices first met in this transaction: they join `device_nums` only
    /// on commit, since a rollback frees their numbers for other devices.
    new_devices: FastMap<DeviceId, i64>,
    pub(super) records: FastMap<RecordId, Cached>,
    /// The sum of the cached records' weights.
    weight: usize,
    next_record_num: i64,
    pub(super) summary: ApplySummary,
    conflicts_before: u64,
    /// The device this database belongs to (none before its profile).
    own: Option<DeviceId>,
    /// Attachments may have lost their last record (an erasure, a
    /// hand-back) or arrived for none: the unnamed are removed on commit.
    pub(super) forget_blobs: bool,
}

/// The commitment of a value given as stored (its JSON text and seal).
fn commitment_of(seal: &Seal, value_json: &str) -> Option<Hash32> {
    match seal {
        Seal::Salt(s) => Some(proof::commit_json(s, value_json.as_bytes())),
        Seal::Redacted(c) => Some(*c),
        Seal::Legacy => None,
    }
}

/// Fields in conflict over every record.
fn total_conflicts(tx: &rusqlite::Transaction<'_>) -> Result<u64> {
    let n: i64 = tx.query_row("SELECT coalesce(sum(conflicts), 0) FROM records", [], |r| {
        r.get(0)
    })?;
    Ok(n.max(0) as u64)
}

impl<'s> Applier<'s> {
    pub(super) fn begin(store: &'s mut Store) -> Result<Self> {
        let own = store.profile().ok().map(|p| p.device_id);
        let Store { conn, device_nums } = store;
        // IMMEDIATE: take the write lock now, so two processes (the TUI and a
        // command) never interleave sequence numbers.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_record_num =
            tx.query_row("SELECT coalesce(max(num), 0) + 1 FROM records", [], |r| r.get(0))?;
        let conflicts_before = total_conflicts(&tx)?;
        Ok(Self {
            tx,
            device_nums,
            new_devices: FastMap::new(),
            records: FastMap::new(),
            weight: 0,
            next_record_num,
            summary: ApplySummary::default(),
            conflicts_before,
            own,
            forget_blobs: false,
        })
    }

    /// The device's number in this database, adding it when first met.
    pub(super) fn device_num(&mut self, device: DeviceId) -> Result<i64> {
        if let Some(&num) = self
            .device_nums
            .get(&device)
            .or_else(|| self.new_devices.get(&device))
        {
            return Ok(num);
        }
        self.tx
            .prepare_cached("INSERT INTO devices (id) VALUES (?1)")?
            .execute([device.to_string()])?;
        let num = self.tx.last_insert_rowid();
        self.new_devices.insert(device, num);
        Ok(num)
    }

    /// The device's number, if it was ever met.
    pub(super) fn known_device(&self, device: DeviceId) -> Option<i64> {
        self.device_nums
            .get(&device)
            .or_else(|| self.new_devices.get(&device))
            .copied()
    }

    /// Commits, and only then remembers the devices it added.
    pub(super) fn commit(mut self) -> Result<ApplySummary> {
        self.flush()?;
        if self.forget_blobs {
            self.summary.blobs_removed = self.remove_unnamed_blobs()?;
        }
        self.summary.new_conflicts = total_conflicts(&self.tx)?.saturating_sub(self.conflicts_before);
        self.tx.commit()?;
        self.device_nums.extend(self.new_devices);
        Ok(self.summary)
    }

    /// The cached record, loading it from the database, or starting it when
    /// `create` is set and it does not exist.
    pub(super) fn record(&mut self, id: RecordId, create: bool) -> Result<Option<&mut Cached>> {
        if !self.records.contains_key(&id) {
            let row: Option<(i64, String)> = self
                .tx
                .prepare_cached("SELECT num, search FROM records WHERE id = ?1")?
                .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let cached = match row {
                Some((num, search)) => {
                    let (state, dots, weight) = fold_stored(&self.tx, num, id)?;
                    Cached {
                        num,
                        state,
                        dots,
                        indexed_search: Some(search),
                        dirty: false,
                        refold: false,
                        stash: Vec::new(),
                        weight,
                    }
                }
                None if create => {
                    let num = self.next_record_num;
                    self.next_record_num += 1;
                    Cached {
                        num,
                        state: RecordState::new(id),
                        dots: HashSet::new(),
                        indexed_search: None,
                        dirty: false,
                        refold: false,
                        stash: Vec::new(),
                        weight: 0,
                    }
                }
                None => return Ok(None),
            };
            self.weight = self.weight.saturating_add(cached.weight);
            self.records.insert(id, cached);
        }
        Ok(self.records.get_mut(&id))
    }

    /// Writes the cached records and forgets them once more than `records`
    /// are held or they weigh more than `weight`, so that a long import
    /// holds a bounded number of records and bytes, whatever the bundle.
    pub(super) fn bound_cache(&mut self, records: usize, weight: usize) -> Result<()> {
        if self.records.len() > records || self.weight > weight {
            self.flush()?;
            // A record started but not yet written to has nothing to lose.
            self.records.clear();
            self.weight = 0;
        }
        Ok(())
    }

    /// Adds one op to the log and the record state. An op of an erased
    /// record loses its identifying value before it is stored (or compared
    /// with the stored one); an erasure redacts the record's ops already in
    /// the log. A redacted op of a record that is not erased is noted until
    /// its erasure comes (see [`Applier::unexplained_redactions`]).
    pub(super) fn apply(&mut self, op: &Op) -> Result<Applied> {
        self.apply_encoded(op, None)
    }

    /// [`Applier::apply`], with the value already written out as JSON
    /// (by the thread that read it).
    pub(super) fn apply_encoded(&mut self, op: &Op, value_json: Option<&str>) -> Result<Applied> {
        let device = self.device_num(op.dot.device)?;
        let (record_num, erased) = match self.record(op.record, true)? {
            Some(c) => (c.num, c.state.erased),
            None => return Err(StoreError::NoRecord(op.record.to_string())),
        };
        // A record handed back keeps, for this import only, the whole ops
        // that arrive for it (redacted as they are stored): should the
        // coordinator give it back further on, they get their values back.
        if let Some(c) = self.records.get_mut(&op.record)
            && c.state.handed_back
            && matches!(op.seal, Seal::Salt(_))
            && !op.field.survives_erasure()
            && c.stash.len() < STASH_MAX
        {
            let json = match value_json {
                Some(j) => j.to_owned(),
                None => serde_json::to_string(&op.value).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            };
            // Counted with the record, so that the cache stays bounded.
            c.weight = c.weight.saturating_add(json.len() + OP_WEIGHT);
            self.weight = self.weight.saturating_add(json.len() + OP_WEIGHT);
            c.stash.push((op.dot, op.seal, json));
        }
        let redacted;
        let (op, given) = if erased {
            redacted = match value_json {
                Some(json) => op.redacted_json(json),
                None => op.redacted(),
            };
            (&redacted, None)
        } else {
            (op, value_json)
        };
        let encoded;
        let value = match given {
            Some(v) => v,
            None => {
                encoded = serde_json::to_string(&op.value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                &encoded
            }
        };
        let parents = parents_json(&op.parents);
        let seq = to_i64(op.dot.seq, "sequence number")?;
        let hlc = to_i64(op.hlc.0, "clock value")?;
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO ops (device, seq, record, field, value, parents, hlc, author, seal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                device,
                seq,
                record_num,
                op.field.as_str(),
                value,
                parents,
                hlc,
                op.author,
                seal_bytes(&op.seal),
            ])?;
        if inserted == 0 {
            let compared = self.compare_stored(
                op,
                device,
                seq,
                record_num,
                value,
                parents.as_deref(),
                hlc,
                erased,
            )?;
            if compared == Compared::Restored
                && let Some(c) = self.records.get_mut(&op.record)
            {
                c.refold = true;
                c.dirty = true;
            }
            let found = match compared {
                Compared::Different => Applied::Different,
                Compared::Known | Compared::Restored => Applied::Known,
            };
            if found == Applied::Known {
                self.summary.known_ops += 1;
                self.note_redaction(op, record_num, erased)?;
            }
            return Ok(found);
        }
        self.summary.new_ops += 1;
        self.note_redaction(op, record_num, erased)?;
        let cached = self
            .records
            .get_mut(&op.record)
            .ok_or_else(|| StoreError::NoRecord(op.record.to_string()))?;
        let Cached { state, dots, .. } = cached;
        state.apply(op, &mut |d| dots.contains(d));
        dots.insert(op.dot);
        cached.dirty = true;
        // Given to this laptop again after it handed the record back: it
        // is its own again, and what arrives of it keeps its values.
        if cached.state.handed_back
            && op.value == serde_json::Value::Bool(true)
            && op.field.granted_device().is_some_and(|d| Some(d) == self.own)
        {
            self.tx
                .prepare_cached("DELETE FROM handed_back WHERE record = ?1")?
                .execute([record_num])?;
            cached.state.handed_back = false;
            cached.state.erased = cached
                .state
                .value(crate::domain::FieldPath::ERASED)
                .is_some_and(|v| !v.is_null());
            if !cached.state.erased {
                // What came before the grant in this import gets its value back.
                for (dot, seal, json) in std::mem::take(&mut cached.stash) {
                    let Some(&num) = self
                        .device_nums
                        .get(&dot.device)
                        .or_else(|| self.new_devices.get(&dot.device))
                    else {
                        continue;
                    };
                    self.tx
                        .prepare_cached(
                            "UPDATE ops SET seal = ?3, value = ?4 WHERE device = ?1 AND seq = ?2 AND value = 'null'",
                        )?
                        .execute(params![num, to_i64(dot.seq, "sequence number")?, seal_bytes(&seal), json])?;
                }
                cached.refold = true;
            }
        }
        let weight = value.len() + OP_WEIGHT;
        cached.weight = cached.weight.saturating_add(weight);
        self.weight = self.weight.saturating_add(weight);
        if op.is_erasure() && !erased {
            self.redact(op.record, record_num)?;
            self.summary.erased.push(op.record);
            self.tx
                .prepare_cached("DELETE FROM unexplained_redactions WHERE record = ?1")?
                .execute([record_num])?;
        }
        Ok(Applied::New)
    }

    /// A redacted op is only believed for a record that is erased: until
    /// the erasure comes (later in the same bundle), the record waits here.
    fn note_redaction(&mut self, op: &Op, record_num: i64, erased: bool) -> Result<()> {
        if op.is_redacted() && !erased {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO unexplained_redactions (record) VALUES (?1)")?
                .execute([record_num])?;
        }
        Ok(())
    }

    /// Records that hold a redacted op but no erasure.
    pub(super) fn unexplained_redactions(&self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM unexplained_redactions", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// Removes the identifying values (and their salts) of a record's ops
    /// from the log (an erasure), keeping each value's commitment, and
    /// folds its state again from what is left.
    pub(super) fn redact(&mut self, id: RecordId, num: i64) -> Result<()> {
        for op in record_ops(&self.tx, num, id)? {
            let gone = op.redacted();
            if gone == op {
                continue;
            }
            let device = self.device_num(op.dot.device)?;
            self.tx
                .prepare_cached("UPDATE ops SET value = 'null', seal = ?3 WHERE device = ?1 AND seq = ?2")?
                .execute(params![
                    device,
                    to_i64(op.dot.seq, "sequence number")?,
                    seal_bytes(&gone.seal)
                ])?;
        }
        self.tx
            .execute("DELETE FROM drafts WHERE record = ?1", [id.to_string()])?;
        super::aside::redact(&self.tx, id)?;
        self.forget_blobs = true;
        self.summary.redacted = true;
        let (state, dots, weight) = fold_stored(&self.tx, num, id)?;
        let cached = self
            .records
            .get_mut(&id)
            .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
        self.weight = self.weight.saturating_sub(cached.weight).saturating_add(weight);
        cached.state = state;
        cached.dots = dots;
        cached.weight = weight;
        cached.dirty = true;
        Ok(())
    }

    /// Whether the op already in the log under this dot is this op: the
    /// same record, field, parents, time, author and value commitment
    /// (one side may be redacted). A stored op without a seal (written
    /// before ops were sealed) takes the seal of its own device's copy.
    #[allow(clippy::too_many_arguments)]
    fn compare_stored(
        &self,
        op: &Op,
        device: i64,
        seq: i64,
        record_num: i64,
        value: &str,
        parents: Option<&str>,
        hlc: i64,
        erased: bool,
    ) -> Result<Compared> {
        let stored: (i64, String, String, Option<String>, i64, String, Vec<u8>) = self
            .tx
            .prepare_cached(
                "SELECT record, field, value, parents, hlc, author, seal FROM ops WHERE device = ?1 AND seq = ?2",
            )?
            .query_row(params![device, seq], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?;
        let frame = stored.0 == record_num
            && stored.1 == op.field.as_str()
            && stored.3.as_deref() == parents
            && stored.4 == hlc
            && stored.5 == op.author;
        if !frame {
            return Ok(Compared::Different);
        }
        let stored_seal = seal_from(&stored.6)?;
        let same = match (
            commitment_of(&stored_seal, &stored.2),
            commitment_of(&op.seal, value),
        ) {
            (Some(a), Some(b)) => a == b,
            // Either side unsealed: the values must agree (null once erased).
            _ => stored.2 == value || stored.2 == "null" || value == "null",
        };
        if !same {
            return Ok(Compared::Different);
        }
        if stored_seal == Seal::Legacy && op.seal != Seal::Legacy {
            let keep_value = if stored.2 == "null" { "null" } else { value };
            self.tx
                .prepare_cached("UPDATE ops SET seal = ?3, value = ?4 WHERE device = ?1 AND seq = ?2")?
                .execute(params![device, seq, seal_bytes(&op.seal), keep_value])?;
        }
        // Redacted here, whole in the bundle, the same commitment, and the
        // record not erased (only a hand-back redacts so, and it was given
        // back): the value returns. An erasure's redaction never does.
        if !erased && matches!(stored_seal, Seal::Redacted(_)) && matches!(op.seal, Seal::Salt(_)) {
            self.tx
                .prepare_cached("UPDATE ops SET seal = ?3, value = ?4 WHERE device = ?1 AND seq = ?2")?
                .execute(params![device, seq, seal_bytes(&op.seal), value])?;
            return Ok(Compared::Restored);
        }
        Ok(Compared::Known)
    }

    /// Writes every changed record row and its search index entry; the
    /// registry record is mirrored into the device list instead.
    pub(super) fn flush(&mut self) -> Result<()> {
        let believable = Hlc::believable_at(Hlc::now_millis());
        let own = self.own;
        let own_grant = own.map(|d| crate::domain::FieldPath::grant(d).to_string());
        for cached in self.records.values_mut().filter(|c| c.dirty) {
            if cached.refold {
                let (state, dots, weight) = fold_stored(&self.tx, cached.num, cached.state.id)?;
                cached.state = state;
                cached.dots = dots;
                cached.weight = weight;
                cached.refold = false;
            }
            let registry = cached.state.id == REGISTRY;
            if registry {
                super::peers::mirror_registry(&self.tx, &cached.state, own)?;
            }
            let mut m = Materialised::of(&cached.state, believable);
            // Given to this laptop by the coordinator: one of "my cases".
            let assigned_here = !registry
                && own_grant
                    .as_deref()
                    .is_some_and(|g| cached.state.value(g) == Some(&serde_json::Value::Bool(true)));
            if registry || cached.state.handed_back {
                // Not a person, or no longer one of this laptop's: never
                // listed, searched, counted or reported here.
                m = Materialised::hidden();
            }
            let data = serde_json::to_string(&cached.state.current_values())
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO records (num, id, reference, surname, given_name, patronymic, surname_latin,
                        given_name_latin, birth_date, sex, oblast, status, source, updated, conflicts, deleted,
                        search, next_action, recorded_by, assigned_here)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                        ?20)
                     ON CONFLICT (num) DO UPDATE SET reference = excluded.reference, surname = excluded.surname,
                        given_name = excluded.given_name, patronymic = excluded.patronymic,
                        surname_latin = excluded.surname_latin, given_name_latin = excluded.given_name_latin,
                        birth_date = excluded.birth_date, sex = excluded.sex, oblast = excluded.oblast,
                        status = excluded.status, source = excluded.source, updated = excluded.updated,
                        conflicts = excluded.conflicts, deleted = excluded.deleted, search = excluded.search,
                        next_action = excluded.next_action,
                        recorded_by = excluded.recorded_by, assigned_here = excluded.assigned_here",
                )?
                .execute(params![
                    cached.num,
                    cached.state.id.to_string(),
                    m.reference,
                    m.surname,
                    m.given_name,
                    m.patronymic,
                    m.surname_latin,
                    m.given_name_latin,
                    m.birth_date,
                    m.sex,
                    m.oblast,
                    m.status,
                    m.source,
                    to_i64(cached.state.updated.0, "clock value")?,
                    m.conflicts,
                    m.deleted,
                    m.search,
                    m.next_action,
                    m.recorded_by,
                    assigned_here,
                ])?;
            self.tx
                .prepare_cached(
                    "INSERT INTO record_values (num, data) VALUES (?1, ?2)
                     ON CONFLICT (num) DO UPDATE SET data = excluded.data",
                )?
                .execute(params![cached.num, data])?;
            let is_new = cached.indexed_search.is_none();
            if !registry {
                if is_new {
                    self.summary.new_records += 1;
                } else {
                    self.summary.updated_records += 1;
                }
            }
            if cached.indexed_search.as_deref() != Some(m.search.as_str()) {
                if !is_new {
                    self.tx
                        .prepare_cached("DELETE FROM records_fts WHERE rowid = ?1")?
                        .execute([cached.num])?;
                }
                self.tx
                    .prepare_cached("INSERT INTO records_fts (rowid, search) VALUES (?1, ?2)")?
                    .execute(params![cached.num, m.search])?;
            }
            cached.indexed_search = Some(m.search);
            cached.dirty = false;
        }
        Ok(())
    }
}

impl Store {
    /// Applies ops made anywhere (another laptop's, a test's) in one
    /// transaction, believing them as they are: imports check each op's
    /// proof first (`sync::import`). Ops already in the log are skipped;
    /// the result depends only on the set of ops, never on their order.
    pub fn apply(&mut self, ops: &[Op]) -> Result<ApplySummary> {
        let own = self.profile().ok().map(|p| p.device_id);
        let mut a = Applier::begin(self)?;
        // Erasures first: an op that arrives already redacted then meets a
        // log redacted the same way, whatever the order inside the batch.
        for op in ops
            .iter()
            .filter(|o| o.is_erasure())
            .chain(ops.iter().filter(|o| !o.is_erasure()))
        {
            if a.apply(op)? == Applied::Different {
                return Err(StoreError::Equivocation(op.dot));
            }
        }
        a.tx.execute("DELETE FROM unexplained_redactions", [])?;
        let newest = ops.iter().map(|o| o.hlc).max().unwrap_or_default();
        let own_next = ops
            .iter()
            .filter(|o| Some(o.dot.device) == own)
            .map(|o| o.dot.seq.saturating_add(1))
            .max()
            .unwrap_or(1);
        let hlc = Hlc(Store::clock_state(&a.tx).map_or(0, |(_, h)| h.0)).observe(newest, Hlc::now_millis());
        // Never hand out a dot this device already used (a restored backup
        // meeting its own ops again), and keep the clock ahead of what was seen.
        a.tx.execute(
            "UPDATE profile SET hlc = max(hlc, ?1), next_seq = max(next_seq, ?2)",
            params![
                to_i64(hlc.0, "clock value")?,
                to_i64(own_next, "sequence number")?
            ],
        )?;
        a.commit()
    }
}
