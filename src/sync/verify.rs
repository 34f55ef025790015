//! Believing a bundle's items as they stream in, in two halves that run on
//! two threads. The [`Prover`] reads: each run's statement checked against
//! the key of the device that made it (as enrolled, pinned or this
//! device's own — never as the bundle says), its ops and omitted subtrees
//! folded into the root it signs, every op checked for shape and its value
//! against the form. The [`Admitter`] writes: a statement against the
//! history held here (two histories: a copied laptop), each proven op
//! merged, or set aside when its device may not write its record. Ops of a
//! device not enrolled here, or made after its key was revoked, are left
//! out. Together they hold one run's stack of log n hashes, the enrolled
//! keys and a bounded queue of items, whatever the bundle's size.

use super::admit::{self, Role};
use super::bundle::{self, Item, Range, why};
use super::provenance::verifies;
use super::refusal::SyncError;
use crate::domain::proof::{Omitted, RootBuilder, Statement};
use crate::domain::registry::{self, REGISTRY};
use crate::domain::{DeviceId, Hlc, Op};
use crate::form::Form;
use crate::i18n::Arg;
use crate::store::Cloned;
use crate::store::{Applied, Merge};
use ed25519_dalek::VerifyingKey;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A device whose statements this database can check.
#[derive(Clone, Debug)]
pub(super) struct Known {
    /// Its enrolled (or pinned, or own) key.
    pub key: VerifyingKey,
    /// What it may write.
    pub role: Role,
    /// Its ops after this sequence number are refused (its key was revoked).
    pub revoked_after: Option<u64>,
}

/// What an import did besides merging, for the person who ran it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    /// Ops proven but set aside (outside their device's caseload, or a value
    /// the form does not take): listed by `intake set-aside`.
    pub set_aside: u64,
    /// Ops of devices not enrolled here: not believed, left out.
    pub unknown_origin: u64,
    /// Ops made after their device's key was revoked: refused.
    pub after_revocation: u64,
    /// Devices whose ops were dated more than a day after this computer's
    /// time, with the largest lead (ms).
    pub clock_ahead: BTreeMap<DeviceId, u64>,
    /// Bundle numbers of the sender before this one that never arrived.
    pub missing: crate::store::Gaps,
    /// The sender was found to be a copied laptop before (still not revoked).
    pub cloned: Option<Cloned>,
    /// What this laptop's coordinator now acknowledges holding of its ops.
    pub acknowledged: Option<u64>,
    /// The sender is a laptop restored from a backup that succeeds this
    /// device (with the backup's date): trusted, given its caseload.
    pub succeeded: Option<(DeviceId, Option<String>)>,
    /// Records this laptop handed back (no longer its own), and those that
    /// wait for its changes to reach the coordinator first.
    pub handed_back: crate::store::HandBack,
    /// The coordinator was restored from a backup (of this date) and goes
    /// on under a new device id: this laptop follows it.
    pub coordinator_restored: Option<Option<String>>,
    /// Attachments received (their bytes checked; kept when a record names them).
    pub attachments: u64,
    /// After the erasures this bundle brought: quarantined bundles dropped
    /// and the scrub (what could not be done is said).
    pub erasure: Option<super::withheld::Finished>,
    /// People this bundle erased on some of their records only (the
    /// laptop erases what it holds; records confirmed as theirs here wait
    /// for the coordinator).
    pub unfinished: Vec<crate::dedup::person::Unfinished>,
}

/// What the reading half found, in order, for the writing half.
#[derive(Debug)]
pub(super) enum Event {
    /// A run begins whose statement its device's key signed.
    Run(Statement),
    /// A subtree of the current run received without its ops.
    Omitted(DeviceId, u64, Omitted),
    /// A proven op (with its value written out as JSON), what its device
    /// may write and the form's verdict on its value.
    Op(Box<(Op, String)>, Role, Result<(), &'static str>),
    /// The current run's ops are the ones its statement signs.
    Proven(Statement),
    /// A piece of an attachment's bytes (after every op).
    Blob(bundle::Piece),
}

fn forged(key: &'static str, args: Vec<(&'static str, Arg)>) -> SyncError {
    SyncError::Forged(why(key, args))
}

fn bad(key: &'static str, args: Vec<(&'static str, Arg)>) -> SyncError {
    SyncError::Bundle(bundle::BundleError::BadOps(why(key, args)))
}

/// The values of a message about a device's ops `first..=last`.
fn run_args(device: DeviceId, first: u64, last: u64) -> Vec<(&'static str, Arg)> {
    vec![
        ("device", device.short().into()),
        ("first", first.into()),
        ("last", last.into()),
    ]
}

/// The values of a message about one op.
fn op_args(op: &Op) -> Vec<(&'static str, Arg)> {
    vec![
        ("device", op.dot.device.short().into()),
        ("seq", op.dot.seq.into()),
    ]
}

/// A tree that does not take an op or subtree at its place.
fn out_of_tree(s: &Statement) -> SyncError {
    bad("sync-why-tree", run_args(s.device, s.first, s.last))
}

struct Run {
    statement: Statement,
    tree: RootBuilder,
    known: Option<Known>,
}

/// The reading half: needs no database.
pub(super) struct Prover<'f> {
    own: DeviceId,
    sender: DeviceId,
    known: HashMap<DeviceId, Known>,
    form: Option<&'f Form>,
    today: chrono::NaiveDate,
    run: Option<Run>,
    last_run: Option<((bool, DeviceId), u64)>,
    /// Ops read, and their ranges (checked against the header, and never
    /// more of them than it lists).
    pub ops: u64,
    pub ranges: Vec<Range>,
    max_ranges: usize,
    /// Ops not believed: of unknown devices, or after a revocation.
    pub unknown_origin: u64,
    pub after_revocation: u64,
}

impl<'f> Prover<'f> {
    pub fn new(
        own: DeviceId,
        sender: DeviceId,
        known: HashMap<DeviceId, Known>,
        form: Option<&'f Form>,
        max_ranges: usize,
    ) -> Self {
        Prover {
            own,
            sender,
            known,
            form,
            today: chrono::Local::now().date_naive(),
            run: None,
            last_run: None,
            ops: 0,
            ranges: Vec::new(),
            max_ranges,
            unknown_origin: 0,
            after_revocation: 0,
        }
    }

    /// Takes the next item; what is to be written goes to `out`.
    pub fn item(
        &mut self,
        item: Item,
        out: &mut dyn FnMut(Event) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        match item {
            Item::Statement(s) => self.statement(s, out),
            Item::Omitted(o) => self.omitted(o, out),
            Item::Op(op) => self.op(op, out),
        }
    }

    /// After the last item: no run may be left open.
    pub fn end(&self) -> Result<(), SyncError> {
        match &self.run {
            Some(run) => Err(bad(
                "sync-why-run-cut",
                run_args(run.statement.device, run.statement.first, run.statement.last),
            )),
            None => Ok(()),
        }
    }

    fn statement(
        &mut self,
        s: Statement,
        out: &mut dyn FnMut(Event) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        self.end()?;
        let shape_ok = s.first >= 1
            && s.first <= s.last
            && s.last <= bundle::MAX_SEQ
            && s.prev.is_some() == (s.first > 1);
        if !shape_ok {
            return Err(bad(
                "sync-why-statement-shape",
                run_args(s.device, s.first, s.last),
            ));
        }
        // The sender's runs first, then the others by device, each in order.
        let order = (s.device != self.sender, s.device);
        if self
            .last_run
            .is_some_and(|(o, last)| order < o || (order == o && s.first <= last))
        {
            return Err(bad("sync-why-run-order", vec![]));
        }
        self.last_run = Some((order, s.last));
        let known = self.known.get(&s.device).cloned();
        if let Some(k) = &known {
            if !verifies(&s, &k.key) {
                return Err(forged(
                    "sync-why-statement-key",
                    run_args(s.device, s.first, s.last),
                ));
            }
            out(Event::Run(s.clone()))?;
        }
        self.run = Some(Run {
            tree: RootBuilder::new(s.first, s.last),
            statement: s,
            known,
        });
        Ok(())
    }

    fn current(&mut self) -> Result<&mut Run, SyncError> {
        self.run
            .as_mut()
            .ok_or_else(|| bad("sync-why-outside-run", vec![]))
    }

    fn omitted(
        &mut self,
        o: Omitted,
        out: &mut dyn FnMut(Event) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        let own = self.own;
        let run = self.current()?;
        run.tree.omitted(&o).map_err(|_| out_of_tree(&run.statement))?;
        if run.known.is_some() && run.statement.device != own {
            out(Event::Omitted(run.statement.device, run.statement.first, o))?;
        }
        self.close_if_complete(out)
    }

    fn op(&mut self, op: Op, out: &mut dyn FnMut(Event) -> Result<(), SyncError>) -> Result<(), SyncError> {
        check_shape(&op)?;
        let run = self.current()?;
        if op.dot.device != run.statement.device {
            return Err(bad("sync-why-other-device", op_args(&op)));
        }
        // Written out once: for its leaf here, and for the log there.
        let value_json = serde_json::to_string(&op.value).map_err(|_| bad("sync-why-value", op_args(&op)))?;
        let leaf = op
            .leaf_of_json(&value_json)
            .ok_or_else(|| bad("sync-why-no-seal", op_args(&op)))?;
        run.tree
            .leaf(op.dot.seq, leaf)
            .map_err(|_| out_of_tree(&run.statement))?;
        let known = run.known.clone();
        self.ops += 1;
        bundle::extend_ranges(&mut self.ranges, op.dot);
        if self.ranges.len() > self.max_ranges {
            return Err(bad("sync-why-ranges", vec![("said", self.max_ranges.into())]));
        }
        match known {
            None => self.unknown_origin += 1,
            Some(k) if k.revoked_after.is_some_and(|after| op.dot.seq > after) => self.after_revocation += 1,
            Some(k) => {
                let value = if value_json.len() > bundle::MAX_VALUE {
                    Err(admit::reason::VALUE)
                } else {
                    self.form.map_or(Ok(()), |f| admit::value_ok(f, &op, self.today))
                };
                if k.role == Role::Coordinator && op.record == REGISTRY && value.is_ok() {
                    self.learn(&op);
                }
                let mut op = op;
                if value.is_err() {
                    // It is set aside as its text: the parsed value (which
                    // may be many times larger) goes no further.
                    op.value = serde_json::Value::Null;
                }
                out(Event::Op(Box::new((op, value_json)), k.role, value))?;
            }
        }
        self.close_if_complete(out)
    }

    /// A registry op of the coordinator: later runs of this bundle are
    /// checked with what it says.
    fn learn(&mut self, op: &Op) {
        let Some((device, name)) = registry::parse_field(&op.field) else {
            return;
        };
        if device == self.own {
            return;
        }
        match name {
            "enrolled" => {
                let Ok(e) = serde_json::from_value::<registry::Enrolment>(op.value.clone()) else {
                    return;
                };
                let key = crate::domain::Hash32::from_hex(&e.signing_key)
                    .and_then(|k| VerifyingKey::from_bytes(&k.0).ok());
                if let Some(key) = key {
                    let revoked_after = self.known.get(&device).and_then(|k| k.revoked_after);
                    self.known.insert(
                        device,
                        Known {
                            key,
                            role: Role::Field,
                            revoked_after,
                        },
                    );
                }
            }
            _ => {
                if let Ok(r) = serde_json::from_value::<registry::Revocation>(op.value.clone())
                    && let Some(k) = self.known.get_mut(&device)
                    && hex::encode(k.key.as_bytes()) == r.key
                {
                    k.revoked_after = Some(k.revoked_after.map_or(r.after, |a| a.min(r.after)));
                }
            }
        }
    }

    /// A run whose last position came: its root must be the signed one.
    fn close_if_complete(
        &mut self,
        out: &mut dyn FnMut(Event) -> Result<(), SyncError>,
    ) -> Result<(), SyncError> {
        let Some(run) = &self.run else { return Ok(()) };
        if !run.tree.is_complete() {
            return Ok(());
        }
        if run.known.is_some() {
            let s = &run.statement;
            let root = run.tree.root().map_err(|_| out_of_tree(s))?;
            if root != s.root {
                return Err(forged("sync-why-not-signed", run_args(s.device, s.first, s.last)));
            }
            out(Event::Proven(run.statement.clone()))?;
        }
        self.run = None;
        Ok(())
    }
}

/// What any op must look like, whoever made it.
fn check_shape(op: &Op) -> Result<(), SyncError> {
    let key = if op.parents.len() > bundle::MAX_PARENTS {
        "sync-why-parents"
    } else if op.dot.seq == 0
        || op.dot.seq > bundle::MAX_SEQ
        || op.parents.iter().any(|p| p.seq == 0 || p.seq > bundle::MAX_SEQ)
    {
        "sync-why-seq-range"
    } else if op.hlc > Hlc::LATEST {
        "sync-why-far-future"
    } else if op.author.chars().count() > bundle::MAX_AUTHOR {
        "sync-why-author"
    } else if op.is_redacted() && (!op.value.is_null() || op.field.survives_erasure()) {
        "sync-why-false-erasure"
    } else {
        return Ok(());
    };
    Err(bad(key, op_args(op)))
}

/// The writing half: what the database decides.
pub(super) struct Admitter {
    /// Tags of every device known here: a record whose id carries none of
    /// them was made before ids named their device.
    pub tags: HashSet<u64>,
    pub bundle_id: String,
    pub now_ms: u64,
    pub notes: Notes,
    /// An op of the current run that the log holds with other content:
    /// a fork if the run proves to be the one its device signed, a relay's
    /// forgery if not (the run's root decides).
    pub different: Option<Op>,
    /// The current run overlaps runs of its device cut otherwise, over ops
    /// the log holds (see [`check_history`]).
    pub recut: Option<Recut>,
    /// Grants merged by this import, (record, device): what that device
    /// wrote to the record and was set aside is merged after the bundle.
    pub granted: std::collections::BTreeSet<(crate::domain::RecordId, DeviceId)>,
    /// A record was taken back from this database's device by this import.
    pub taken_back: bool,
    /// The attachment whose bytes are arriving.
    pub blob: Option<crate::store::BlobWriter>,
}

impl Admitter {
    /// Takes what the reading half found.
    pub fn event(&mut self, merge: &mut Merge<'_>, event: Event) -> Result<(), SyncError> {
        match event {
            Event::Run(s) => {
                self.recut = check_history(merge, &s)?;
                Ok(())
            }
            // Over the overlap, a run cut otherwise brings every op, to be
            // compared with the log's.
            Event::Omitted(device, first, o) => match &self.recut {
                Some(r) if o.at <= r.hi && o.at.saturating_add((1u64 << o.height.min(63)) - 1) >= r.lo => {
                    Err(SyncError::Fork(device, r.why))
                }
                _ => Ok(merge.put_omitted(device, first, &o)?),
            },
            Event::Op(op, role, value) => self.admit(merge, &op.0, &op.1, role, value),
            Event::Proven(s) => {
                if let Some(op) = self.different.take() {
                    return Err(SyncError::Fork(op.dot.device, Cloned::TwoOps { seq: op.dot.seq }));
                }
                match self.recut.take() {
                    // Nothing it proves is not proven here already.
                    Some(r) if !r.keep => Ok(()),
                    // The held run continued: it takes that run's place.
                    Some(r) => Ok(merge.replace_statement(&s, r.hi)?),
                    None => Ok(merge.put_statement(&s)?),
                }
            }
            // An attachment's bytes, its hash checked by the reading half
            // and again by the store.
            Event::Blob(bundle::Piece::Start(sha, size)) => {
                self.blob = Some(merge.begin_blob(&sha, size)?);
                Ok(())
            }
            Event::Blob(bundle::Piece::Bytes(bytes)) => match self.blob.as_mut() {
                Some(b) => Ok(merge.blob_bytes(b, &bytes)?),
                None => Err(SyncError::Stopped),
            },
            Event::Blob(bundle::Piece::End) => {
                let b = self.blob.take().ok_or(SyncError::Stopped)?;
                merge.end_blob(b)?;
                self.notes.attachments += 1;
                Ok(())
            }
        }
    }

    /// Merges a proven op, or sets it aside.
    fn admit(
        &mut self,
        merge: &mut Merge<'_>,
        op: &Op,
        json: &str,
        role: Role,
        value: Result<(), &'static str>,
    ) -> Result<(), SyncError> {
        let (state, held, weight) = merge.record_of(op)?;
        if held {
            // Merged before (it was in scope then): the log decides whether it is the same op.
            return self.apply(merge, op, json);
        }
        let legacy = op.record != REGISTRY && !self.tags.contains(&op.record.tag());
        let admitted = admit::in_scope(role, op.dot.device, op, Some(state), legacy)
            .and(value)
            .and(admit::has_room(role, weight, json.len()));
        if let Err(reason) = admitted {
            merge.set_aside(op, json, reason, &self.bundle_id)?;
            self.notes.set_aside += 1;
            return Ok(());
        }
        let ahead = op.hlc.ahead_of(self.now_ms);
        if ahead > Hlc::AHEAD_MS {
            merge.note_clock_ahead(op.dot.device, ahead)?;
            let lead = self.notes.clock_ahead.entry(op.dot.device).or_default();
            *lead = (*lead).max(ahead);
        }
        self.apply(merge, op, json)
    }

    fn apply(&mut self, merge: &mut Merge<'_>, op: &Op, json: &str) -> Result<(), SyncError> {
        if merge.apply_encoded(op, Some(json))? == Applied::Different {
            self.different.get_or_insert_with(|| op.clone());
            return Ok(());
        }
        self.tags.insert(op.dot.device.record_tag());
        if op.value.is_null() && op.field.granted_device() == Some(merge.device()) {
            self.taken_back = true;
        }
        // Only a device with something set aside waits for a grant.
        if let Some(device) = op.field.granted_device()
            && op.value == serde_json::Value::Bool(true)
            && merge.has_set_aside(device)
        {
            self.granted.insert((op.record, device));
        }
        if let Some((device, _)) = registry::parse_field(&op.field).filter(|_| op.record == REGISTRY) {
            self.tags.insert(device.record_tag());
        }
        Ok(())
    }
}

/// A run that overlaps runs of its device held here, cut otherwise.
#[derive(Debug)]
pub(super) struct Recut {
    /// The overlap: the log holds every op of it, and the run must bring them.
    lo: u64,
    hi: u64,
    /// The run proves ops beyond those held: its statement replaces the
    /// held run it continues.
    keep: bool,
    /// What to call a difference.
    why: Cloned,
}

/// A statement must agree with every statement of its device held here:
/// the same run, or one that follows the run before it. One exception: a
/// run that overlaps runs cut otherwise, where the log holds every op of
/// the overlap (a restored laptop sends on what its predecessor did after
/// its last bundle under a last statement of the predecessor's, which the
/// predecessor may have cut longer since, or which the coordinator
/// relays back cut as the predecessor did); the overlap's ops must then
/// come with the run and are compared one by one with the log's, where
/// any difference is a fork.
fn check_history(merge: &mut Merge<'_>, s: &Statement) -> Result<Option<Recut>, SyncError> {
    let why = |held: &Statement| Cloned::TwoHistories {
        first: held.first,
        last: held.last,
        other_first: s.first,
        other_last: s.last,
    };
    let fork = |held: &Statement| SyncError::Fork(s.device, why(held));
    let differing: Vec<Statement> = merge
        .statements(s.device, s.first, s.last)?
        .into_iter()
        .filter(|held| held != s)
        .collect();
    let mut recut = None;
    if let Some(first) = differing.first() {
        let lo = differing
            .iter()
            .map(|h| h.first.max(s.first))
            .min()
            .unwrap_or(s.first);
        let hi = differing
            .iter()
            .map(|h| h.last.min(s.last))
            .max()
            .unwrap_or(s.last);
        if !merge.holds_all(s.device, lo, hi)? {
            return Err(fork(first));
        }
        let keep = !merge.holds_all(s.device, s.first, s.last)?;
        // A run that proves more than is held may only be the held run
        // continued (the same start and chain, longer): it then takes that
        // run's place. Anything else that proves more is two histories.
        let continued = match differing.as_slice() {
            [held] => held.first == s.first && held.prev == s.prev && held.last < s.last,
            _ => false,
        };
        if keep && !continued {
            return Err(fork(first));
        }
        recut = Some(Recut {
            lo,
            hi,
            keep,
            why: why(first),
        });
    }
    if s.first > 1
        && let Some(before) = merge
            .statements(s.device, s.first - 1, s.first - 1)?
            .into_iter()
            .find(|h| h.last == s.first - 1)
        && Some(before.hash()) != s.prev
    {
        return Err(fork(&before));
    }
    Ok(recut)
}
