//! Writing to the op log: ops from elsewhere ([`Store::apply`]) and, through
//! the same [`Applier`], local edits (`writer.rs`), each in one transaction
//! that also keeps the materialised `records` table and its search index in step.

use super::peers::BundleEntry;
use super::records::{Materialised, record_ops};
use super::{Result, Store, StoreError};
use crate::domain::{DeviceId, Dot, FieldPath, Op, RecordId, RecordState};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::{HashMap, HashSet};

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
}

/// One write transaction over the log and the records cache.
pub(super) struct Applier<'s> {
    pub(super) tx: Transaction<'s>,
    device_nums: &'s mut HashMap<DeviceId, i64>,
    /// Devices first met in this transaction: they join `device_nums` only
    /// on commit, since a rollback frees their numbers for other devices.
    new_devices: HashMap<DeviceId, i64>,
    pub(super) records: HashMap<RecordId, Cached>,
    next_record_num: i64,
    pub(super) summary: ApplySummary,
}

fn parents_json(parents: &[Dot]) -> Option<String> {
    if parents.is_empty() {
        return None;
    }
    let list: Vec<(String, u64)> = parents.iter().map(|d| (d.device.to_string(), d.seq)).collect();
    serde_json::to_string(&list).ok()
}

/// Parses the `parents` column back into dots.
pub(super) fn parse_parents(text: Option<&str>) -> Result<Vec<Dot>> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let list: Vec<(String, u64)> =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("op parents: {e}")))?;
    list.into_iter()
        .map(|(d, seq)| {
            let device = d
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("parent device {d}")))?;
            Ok(Dot::new(device, seq))
        })
        .collect()
}

/// Fields in conflict over every record.
fn total_conflicts(tx: &rusqlite::Transaction<'_>) -> Result<u64> {
    let n: i64 = tx.query_row("SELECT coalesce(sum(conflicts), 0) FROM records", [], |r| {
        r.get(0)
    })?;
    Ok(n.max(0) as u64)
}

pub(super) fn to_i64(n: u64, what: &str) -> Result<i64> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} {n} out of range")))
}

impl<'s> Applier<'s> {
    pub(super) fn begin(store: &'s mut Store) -> Result<Self> {
        let Store { conn, device_nums } = store;
        // IMMEDIATE: take the write lock now, so two processes (the TUI and a
        // command) never interleave sequence numbers.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_record_num =
            tx.query_row("SELECT coalesce(max(num), 0) + 1 FROM records", [], |r| r.get(0))?;
        Ok(Self {
            tx,
            device_nums,
            new_devices: HashMap::new(),
            records: HashMap::new(),
            next_record_num,
            summary: ApplySummary::default(),
        })
    }

    fn device_num(&mut self, device: DeviceId) -> Result<i64> {
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

    /// Commits, and only then remembers the devices it added.
    pub(super) fn commit(self) -> Result<ApplySummary> {
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
                    let (state, dots) = fold(id, &record_ops(&self.tx, num, id)?);
                    Cached {
                        num,
                        state,
                        dots,
                        indexed_search: Some(search),
                        dirty: false,
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
                    }
                }
                None => return Ok(None),
            };
            self.records.insert(id, cached);
        }
        Ok(self.records.get_mut(&id))
    }

    /// Adds one op to the log and the record state; `false` when it was
    /// known. An op of an erased record loses its identifying value before
    /// it is stored (or compared with the stored one); an erasure redacts
    /// the record's ops already in the log.
    pub(super) fn apply(&mut self, op: &Op) -> Result<bool> {
        let device = self.device_num(op.dot.device)?;
        let (record_num, erased) = match self.record(op.record, true)? {
            Some(c) => (c.num, c.state.erased),
            None => return Err(StoreError::NoRecord(op.record.to_string())),
        };
        let redacted;
        let op = if erased {
            redacted = op.redacted();
            &redacted
        } else {
            op
        };
        let value = serde_json::to_string(&op.value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let parents = parents_json(&op.parents);
        let seq = to_i64(op.dot.seq, "sequence number")?;
        let hlc = to_i64(op.hlc.0, "clock value")?;
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO ops (device, seq, record, field, value, parents, hlc, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                device,
                seq,
                record_num,
                op.field.as_str(),
                value,
                parents,
                hlc,
                op.author
            ])?;
        if inserted == 0 {
            self.check_same(op, device, seq, record_num, &value, parents.as_deref(), hlc)?;
            self.summary.known_ops += 1;
            return Ok(false);
        }
        self.summary.new_ops += 1;
        let cached = self
            .records
            .get_mut(&op.record)
            .ok_or_else(|| StoreError::NoRecord(op.record.to_string()))?;
        let Cached { state, dots, .. } = cached;
        state.apply(op, &mut |d| dots.contains(d));
        dots.insert(op.dot);
        cached.dirty = true;
        if op.is_erasure() && !erased {
            self.redact(op.record, record_num)?;
        }
        Ok(true)
    }

    /// Removes the identifying values of a record's ops from the log (an
    /// erasure), and folds its state again from what is left.
    fn redact(&mut self, id: RecordId, num: i64) -> Result<()> {
        let kept: Vec<String> = FieldPath::KEPT_BY_ERASURE
            .iter()
            .map(|f| format!("'{f}'"))
            .collect();
        self.tx.execute(
            &format!(
                "UPDATE ops SET value = 'null' WHERE record = ?1 AND field NOT IN ({})
                 AND field NOT LIKE '%/\\_deleted' ESCAPE '\\'",
                kept.join(", ")
            ),
            [num],
        )?;
        self.tx
            .execute("DELETE FROM drafts WHERE record = ?1", [id.to_string()])?;
        let (state, dots) = fold(id, &record_ops(&self.tx, num, id)?);
        let cached = self
            .records
            .get_mut(&id)
            .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
        cached.state = state;
        cached.dots = dots;
        cached.dirty = true;
        Ok(())
    }

    /// A dot already in the log must carry exactly the same op.
    #[allow(clippy::too_many_arguments)]
    fn check_same(
        &self,
        op: &Op,
        device: i64,
        seq: i64,
        record_num: i64,
        value: &str,
        parents: Option<&str>,
        hlc: i64,
    ) -> Result<()> {
        let stored: (i64, String, String, Option<String>, i64, String) = self
            .tx
            .prepare_cached(
                "SELECT record, field, value, parents, hlc, author FROM ops WHERE device = ?1 AND seq = ?2",
            )?
            .query_row(params![device, seq], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
        let same = stored.0 == record_num
            && stored.1 == op.field.as_str()
            && stored.2 == value
            && stored.3.as_deref() == parents
            && stored.4 == hlc
            && stored.5 == op.author;
        if same {
            Ok(())
        } else {
            Err(StoreError::Equivocation(op.dot))
        }
    }

    /// Writes every changed record row and its search index entry.
    pub(super) fn flush(&mut self) -> Result<()> {
        for cached in self.records.values_mut().filter(|c| c.dirty) {
            let m = Materialised::of(&cached.state);
            let data = serde_json::to_string(&cached.state.current_values())
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO records (num, id, reference, surname, given_name, patronymic, surname_latin,
                        given_name_latin, birth_date, sex, oblast, status, source, updated, conflicts, deleted,
                        search, next_action, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                     ON CONFLICT (num) DO UPDATE SET reference = excluded.reference, surname = excluded.surname,
                        given_name = excluded.given_name, patronymic = excluded.patronymic,
                        surname_latin = excluded.surname_latin, given_name_latin = excluded.given_name_latin,
                        birth_date = excluded.birth_date, sex = excluded.sex, oblast = excluded.oblast,
                        status = excluded.status, source = excluded.source, updated = excluded.updated,
                        conflicts = excluded.conflicts, deleted = excluded.deleted, search = excluded.search,
                        next_action = excluded.next_action,
                        recorded_by = excluded.recorded_by",
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
                ])?;
            self.tx
                .prepare_cached(
                    "INSERT INTO record_values (num, data) VALUES (?1, ?2)
                     ON CONFLICT (num) DO UPDATE SET data = excluded.data",
                )?
                .execute(params![cached.num, data])?;
            let is_new = cached.indexed_search.is_none();
            if is_new {
                self.summary.new_records += 1;
            } else {
                self.summary.updated_records += 1;
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

/// Folds a record's ops (in any order) into its state and the set of its dots.
pub(super) fn fold(id: RecordId, ops: &[Op]) -> (RecordState, HashSet<Dot>) {
    let mut state = RecordState::new(id);
    let mut dots = HashSet::with_capacity(ops.len());
    for op in ops {
        state.apply(op, &mut |d| dots.contains(d));
        dots.insert(op.dot);
    }
    (state, dots)
}

impl Store {
    /// Applies ops made anywhere (another laptop's, a test's) in one
    /// transaction. Ops already in the log are skipped; the result depends
    /// only on the set of ops, never on their order.
    pub fn apply(&mut self, ops: &[Op]) -> Result<ApplySummary> {
        self.apply_noting(ops, None)
    }

    /// [`Store::apply`], noting in the same transaction the bundle the ops
    /// came in: either both are written or neither.
    pub fn apply_noting(&mut self, ops: &[Op], bundle: Option<&BundleEntry>) -> Result<ApplySummary> {
        let own = self.profile().ok().map(|p| p.device_id);
        let mut a = Applier::begin(self)?;
        let conflicts_before = total_conflicts(&a.tx)?;
        // Erasures first: an op that arrives already redacted then meets a
        // log redacted the same way, whatever the order inside the batch.
        for op in ops
            .iter()
            .filter(|o| o.is_erasure())
            .chain(ops.iter().filter(|o| !o.is_erasure()))
        {
            a.apply(op)?;
        }
        a.flush()?;
        a.summary.new_conflicts = total_conflicts(&a.tx)?.saturating_sub(conflicts_before);
        let newest = ops.iter().map(|o| o.hlc).max().unwrap_or_default();
        let own_next = ops
            .iter()
            .filter(|o| Some(o.dot.device) == own)
            .map(|o| o.dot.seq + 1)
            .max()
            .unwrap_or(1);
        // Never hand out a dot this device already used (a restored backup
        // meeting its own ops again), and keep the clock ahead of what was seen.
        a.tx.execute(
            "UPDATE profile SET hlc = max(hlc, ?1), next_seq = max(next_seq, ?2)",
            params![
                to_i64(newest.0, "clock value")?,
                to_i64(own_next, "sequence number")?
            ],
        )?;
        if let Some(entry) = bundle {
            a.tx.execute(
                "INSERT INTO bundles (id, device_id, sequence, hash, status, ops, time)
                 VALUES (?1, ?2, ?3, ?4, 'merged', ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT (id) DO UPDATE SET status = 'merged', content = NULL",
                params![
                    entry.id,
                    entry.device.to_string(),
                    to_i64(entry.sequence, "bundle sequence")?,
                    entry.hash,
                    to_i64(entry.ops, "op count")?,
                ],
            )?;
        }
        a.commit()
    }
}
