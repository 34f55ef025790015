//! Import: a bundle's header checked (envelope, format, signature, who it
//! is from and whether that device may send it here), then — from a device
//! not yet trusted — kept in quarantine as it came, or streamed through the
//! verifier into one transaction that also notes the bundle (and trusts the
//! device, when asked), committed only when every item checked. A refused
//! bundle changes nothing; a copied laptop found on the way is noted.

use super::bundle::{self, Kind, MAX_SEQ};
use super::refusal::{Refusal, Sender, SyncError};
use super::registry_ops::enrol_in;
use super::succession::{Succession, claimed_succession, takeover};
use super::verify::{Admitter, Event, Known, Notes, Prover};
use crate::domain::DeviceId;
use crate::form::Form;
use crate::store::{ApplySummary, BundleEntry, Cloned, Role, Store, StoreError, Trust};
use ed25519_dalek::VerifyingKey;
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// The largest bundle of an untrusted device kept in quarantine.
pub const MAX_QUARANTINE: u64 = 512 << 20;

/// Proven items go from reading to writing in batches of this many (one
/// hand-over per batch, not per item)…
const BATCH: usize = 256;
/// …or fewer, once their values' JSON text passes this (a set-aside
/// op's value travels as text only, a merged one is at most
/// `bundle::MAX_VALUE`)…
const BATCH_BYTES: usize = 128 << 10;
/// …and at most this many batches wait between the two.
const QUEUE: usize = 8;

/// What the reading half hands the writing half: proven items, or word
/// that it stopped (its reason comes with its end).
type Batch = Result<Vec<Event>, ReaderStopped>;

/// The reading half stopped on a bundle it could not believe.
struct ReaderStopped;

/// The reading half of an import: every item proven and sent on, then the
/// section and the file checked to their end. A changed or damaged section
/// says so, rather than what it broke.
fn prove<'f, R: Read>(
    opened: bundle::Opened<R>,
    mut prover: Prover<'f>,
    tx: &std::sync::mpsc::SyncSender<Batch>,
    lacking: std::collections::BTreeMap<String, u64>,
) -> Result<Prover<'f>, SyncError> {
    let mut items = opened.items()?;
    let mut batch: Vec<Event> = Vec::with_capacity(BATCH);
    // The attachments this bundle's changes name, with their sizes, and
    // those this database's records name but lacks: the only bytes it may carry.
    let mut named: HashMap<String, u64> = lacking.into_iter().collect();
    let stopped = || SyncError::Stopped;
    let read = (|| -> Result<(), SyncError> {
        let mut bytes = 0usize;
        let mut send = |event: Event| {
            bytes += crate::store::OP_WEIGHT
                + match &event {
                    Event::Op(op, ..) => op.1.len(),
                    _ => 0,
                };
            batch.push(event);
            if batch.len() == BATCH || bytes >= BATCH_BYTES {
                bytes = 0;
                tx.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))
                    .map_err(|_| stopped())?;
            }
            Ok(())
        };
        while let Some(item) = items.next_item()? {
            if let bundle::Item::Op(op) = &item
                && crate::attach::is_file_field(op.field.as_str())
                && let Some(a) = crate::attach::Attachment::from_value(&op.value)
            {
                named.insert(a.sha256, a.size);
            }
            prover.item(item, &mut send)?;
        }
        prover.end()
    })();
    let result = match read {
        Ok(()) => tx.send(Ok(batch)).map_err(|_| stopped()).and_then(|()| {
            // The attachments after the ops, a chunk at a time (each its
            // own batch: the queue holds a few chunks, never a file).
            let mut attachments = |input: &mut dyn Read| {
                let mut number = 0u64;
                bundle::read_section(input, crate::attach::MAX_SIZE, &mut |piece| {
                    if let bundle::Piece::Start(sha, size) = &piece {
                        number += 1;
                        if named.get(sha) != Some(size) {
                            return Err(bundle::BundleError::BadOps(bundle::why(
                                "sync-why-attachment-unnamed",
                                vec![("number", number.into())],
                            )));
                        }
                    }
                    tx.send(Ok(vec![Event::Blob(piece)]))
                        .map_err(|_| bundle::BundleError::Damaged)
                })
                .map(drop)
            };
            items.finish_with(&mut attachments).map_err(SyncError::from)
        }),
        Err(SyncError::Bundle(b)) => Err(SyncError::Bundle(items.diagnose(b))),
        Err(SyncError::Stopped) => Err(SyncError::Stopped),
        Err(SyncError::Forged(why)) => match items.diagnose(bundle::BundleError::BadOps(why.clone())) {
            bundle::BundleError::BadOps(_) => Err(SyncError::Forged(why)),
            other => Err(SyncError::Bundle(other)),
        },
        Err(other) => Err(other),
    };
    if result.is_err() {
        // The writing half ends on it (unless it has stopped already).
        let _ = tx.send(Err(ReaderStopped));
    }
    result.map(|()| prover)
}

/// Where a bundle is read from. It may be read twice: once to check its
/// header, once more to keep it in quarantine as it came.
pub enum Source<'a> {
    /// A file by its path.
    Path(&'a Path),
    /// Bytes in memory.
    Bytes(&'a [u8]),
    /// An open file (read from its start each time).
    File(std::fs::File),
}

impl Source<'_> {
    /// Its length in bytes.
    fn len(&self) -> std::io::Result<u64> {
        Ok(match self {
            Source::Path(p) => std::fs::metadata(p)?.len(),
            Source::Bytes(b) => b.len() as u64,
            Source::File(f) => f.metadata()?.len(),
        })
    }

    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(match self {
            Source::Path(p) => Box::new(BufReader::new(std::fs::File::open(p)?)),
            Source::Bytes(b) => Box::new(*b),
            Source::File(f) => {
                let mut f = f.try_clone()?;
                f.rewind()?;
                Box::new(BufReader::new(f))
            }
        })
    }
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options<'f> {
    /// Trust every device met for the first time (a coordinator's first
    /// import of a campaign); never a coordinator.
    pub trust_new: bool,
    /// The form values are checked against (none: the built-in form).
    pub form: Option<&'f Form>,
    /// Values are not checked at all (the property tests write any value
    /// to any field); never set outside tests.
    pub unchecked: bool,
    /// Trust this device on the way (`devices trust`).
    pub trust: Option<DeviceId>,
    /// The bundle comes out of quarantine under this id.
    pub from_quarantine: Option<String>,
}

/// What importing one bundle did.
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    /// Merged.
    Merged {
        /// Who sent it.
        sender: Sender,
        /// What changed.
        summary: ApplySummary,
        /// The device was trusted by this import.
        newly_trusted: bool,
        /// What else happened (ops set aside or left out, clocks, gaps).
        notes: Box<Notes>,
    },
    /// Merged before: nothing changed.
    AlreadyImported {
        /// Who sent it.
        sender: Sender,
    },
    /// From a device not yet trusted: kept aside as it came, not unpacked.
    Quarantined {
        /// Who sent it (compare the key fingerprint with the laptop's).
        sender: Sender,
    },
}

/// What the header decided.
enum Decision {
    Already,
    StillQuarantined,
    Quarantine,
    Merge { enrol: bool },
}

/// Imports one bundle; see the module's description.
pub fn import(
    store: &mut Store,
    source: &Source<'_>,
    options: &Options<'_>,
) -> Result<Imported, Box<Refusal>> {
    let profile = store.profile()?;
    let identity = super::withheld::identity(store)?;
    let opened = bundle::open(source.open()?, &identity)?;
    let h = opened.header.clone();
    let claimed = claimed_succession(store, &profile, &h, opened.key.as_bytes());
    let sender = Sender {
        device: h.device,
        worker: h.worker.chars().take(bundle::MAX_AUTHOR).collect(),
        fingerprint: h.key_fingerprint.clone(),
        replaces: match &claimed {
            Ok(Some((s, _))) => Some((s.old, s.backup_made.clone())),
            _ => None,
        },
    };
    let refuse = |error: SyncError| {
        Box::new(Refusal {
            sender: Some(sender.clone()),
            error,
        })
    };
    let own_recipient = bundle::recipient_fingerprint(&identity.to_public().to_string());
    let succession = claimed.map_err(refuse)?;
    let follows =
        super::succession::coordinator_successor(&profile, &h, opened.key.as_bytes()).map_err(refuse)?;
    let decision = decide(
        store,
        &profile,
        &opened,
        &own_recipient,
        options,
        succession.as_ref(),
        follows.as_ref(),
    )
    .map_err(refuse)?;
    let key = *opened.key.as_bytes();
    let hash = opened.hash.clone();
    let enrol = match decision {
        Decision::Already => return Ok(Imported::AlreadyImported { sender }),
        Decision::StillQuarantined => return Ok(Imported::Quarantined { sender }),
        Decision::Quarantine => {
            drop(opened);
            let entry = entry(&h, &hash, "quarantined");
            // Changes to a person erased here are not kept, not even
            // sealed; the laptop is noted, so that it can be trusted. A
            // bundle too large to keep is not read at all.
            let erased = store.erased_records()?;
            if !erased.is_empty() && source.len().is_ok_and(|n| n <= MAX_QUARANTINE) {
                let input = source.open().map_err(|e| refuse(e.into()))?;
                if super::withheld::holds_any(input, &identity, &erased) {
                    store
                        .refuse_unkept(&entry, (&key, &h.age_key, &sender.worker))
                        .map_err(|e| refuse(disk_full(e.into())))?;
                    return Err(refuse(SyncError::HoldsErased));
                }
            }
            let mut input = source.open().map_err(|e| refuse(e.into()))?;
            let kept = store
                .quarantine(
                    &entry,
                    (&key, &h.age_key, &sender.worker),
                    &mut input,
                    MAX_QUARANTINE,
                )
                .map_err(|e| refuse(disk_full(e.into())))?;
            if !kept {
                return Err(refuse(bundle::BundleError::TooLarge(MAX_QUARANTINE).into()));
            }
            return Ok(Imported::Quarantined { sender });
        }
        Decision::Merge { enrol } => enrol,
    };
    let mut notes = Notes::default();
    // A restored laptop trusted now takes over its predecessor's caseload.
    let takeover = match (&succession, enrol) {
        (Some((s, old)), true) => Some(takeover(store, s, old).map_err(refuse)?),
        _ => None,
    };
    if h.kind == Kind::Device && h.sequence > 1 {
        notes.missing = missing_before(store, h.device, h.sequence)?;
    }
    notes.cloned = store.peer(h.device)?.and_then(|p| p.cloned);
    let known = known_devices(store, &profile, &sender, &opened.key, follows.is_some())?;
    let tags: HashSet<u64> = store
        .devices_met()
        .into_iter()
        .chain(known.keys().copied())
        .map(|d| d.record_tag())
        .collect();
    let mut admitter = Admitter {
        tags,
        bundle_id: h.bundle_id.clone(),
        now_ms: crate::domain::Hlc::now_millis(),
        notes: Notes::default(),
        different: None,
        recut: None,
        granted: Default::default(),
        taken_back: false,
        blob: None,
    };
    let form = match (options.unchecked, options.form) {
        (true, _) => None,
        (false, Some(form)) => Some(form),
        (false, None) => Some(
            crate::form::builtin()
                .map_err(|_| refuse(StoreError::Corrupt("the built-in form".into()).into()))?,
        ),
    };
    let prover = Prover::new(profile.device_id, h.device, known, form, h.ranges.len());
    // A restored laptop's predecessors, with their last op numbers.
    let predecessors: Vec<(DeviceId, u64)> = match profile.role {
        Role::Field => store
            .predecessors()
            .and_then(|all| {
                all.into_iter()
                    .map(|(d, _)| Ok((d, store.last_seq(d)?)))
                    .collect()
            })
            .map_err(|e| refuse(e.into()))?,
        Role::Coordinator => Vec::new(),
    };
    let lacking = store.missing_blob_sizes(1 << 16).map_err(|e| refuse(e.into()))?;
    let merged = std::thread::scope(|scope| -> Result<ApplySummary, SyncError> {
        // Reading, decrypting, unpacking, parsing and proving on one core;
        // the database on the other. The queue between them is bounded.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(QUEUE);
        let mut reader = Some(scope.spawn(move || prove(opened, prover, &tx, lacking)));
        // The queue's end is dropped when writing stops, so that the
        // reading half never waits for a reader that is gone.
        let mut written = |rx: std::sync::mpsc::Receiver<Batch>| -> Result<ApplySummary, SyncError> {
            let mut merge = store.merge()?;
            merge.expect(h.ops)?;
            if enrol {
                merge.meet_peer(h.device, &key, &h.age_key, &sender.worker)?;
                enrol_in(&mut merge, h.device, &key, &h.age_key, &sender.worker)?;
            }
            if let Some(t) = &takeover {
                // Before the bundle's ops, so that its edits of those records are its own.
                let grant = crate::domain::FieldPath::grant(h.device);
                for id in &t.records {
                    merge.set(*id, &grant, serde_json::Value::Bool(true))?;
                }
                if let Some(revocation) = &t.revocation {
                    merge.set(
                        crate::domain::registry::REGISTRY,
                        &crate::domain::registry::revocation_field(t.old),
                        revocation.clone(),
                    )?;
                }
                merge.audit(
                    "device succeeded",
                    &format!("{} replaces {} ({} records)", h.device, t.old, t.records.len()),
                )?;
            }
            for batch in rx {
                for event in batch.map_err(|ReaderStopped| SyncError::Stopped)? {
                    admitter.event(&mut merge, event)?;
                }
            }
            merge.note_wants(h.device, &h.wants)?;
            merge.keep_peer_audit(h.device, &h.audit)?;
            // A grant that came in this bundle (relayed from the
            // coordinator's predecessor, say) lets in what its laptop wrote.
            for (id, device) in std::mem::take(&mut admitter.granted) {
                let grant = crate::domain::FieldPath::grant(device);
                let still = merge.record(id)?.and_then(|s| s.value(grant.as_str()))
                    == Some(&serde_json::Value::Bool(true));
                if still {
                    let merged = merge.merge_set_aside(device, id, super::admit::reason::SCOPE)?;
                    admitter.notes.set_aside = admitter.notes.set_aside.saturating_sub(merged);
                }
                merge.bound_cache()?;
            }
            if let Some(t) = &takeover {
                // Records the old laptop made after its last bundle came in
                // this one (sent on from the backup): the successor's too.
                let grant = crate::domain::FieldPath::grant(h.device);
                let reason = super::admit::reason::SCOPE;
                for id in merge.set_aside_records(h.device, reason)? {
                    if id.made_by(t.old) && merge.record(id)?.is_some() {
                        merge.set(id, &grant, serde_json::Value::Bool(true))?;
                        let merged = merge.merge_set_aside(h.device, id, reason)?;
                        admitter.notes.set_aside = admitter.notes.set_aside.saturating_sub(merged);
                    }
                }
            }
            if let Some(r) = &h.receipt {
                let own = merge.device();
                let ours = merge
                    .statements(own, r.upto, r.upto)?
                    .into_iter()
                    .any(|s| s.last == r.upto && s.hash() == r.chain);
                if r.device != own || !ours {
                    return Err(SyncError::ForgedReceipt(r.upto));
                }
                merge.acknowledge(r.upto)?;
                // Without word of what it holds (an older coordinator):
                // held there since this laptop's first bundle carried them.
                if h.holds.is_empty() {
                    for (old, tip) in &predecessors {
                        merge.acknowledge_of(*old, *tip)?;
                    }
                }
                admitter.notes.acknowledged = Some(r.upto);
            }
            if h.kind == Kind::Return && profile.role == Role::Field {
                if let Some(s) = &follows {
                    merge.follow_coordinator(s.old, h.device)?;
                    admitter.notes.coordinator_restored = Some(s.backup_made.clone());
                }
                if !h.holds.is_empty() {
                    let holds: Vec<(DeviceId, crate::store::Runs)> =
                        h.holds.iter().map(|x| (x.device, x.runs.clone())).collect();
                    merge.keep_holds(&holds)?;
                    // What it holds of the laptops this one succeeds, from 1 on.
                    for (old, _) in &predecessors {
                        merge.acknowledge_of(*old, crate::store::prefix_held(&holds, *old))?;
                    }
                }
                admitter.notes.handed_back = merge.hand_back(admitter.taken_back)?;
            }
            merge.note_bundle(&entry(&h, &hash, "merged"))?;
            if let Some(id) = &options.from_quarantine {
                merge.end_quarantine(id)?;
            }
            if enrol {
                merge.audit(
                    "import",
                    &format!("bundle {} of new device {}", h.bundle_id, h.device),
                )?;
            }
            // Everything read must have been proven before anything is kept.
            let proven = reader
                .take()
                .ok_or(SyncError::Stopped)?
                .join()
                .map_err(|_| SyncError::Stopped)??;
            if proven.ops != h.ops || proven.ranges != h.ranges {
                return Err(bundle::BundleError::BadOps(bundle::why(
                    "sync-why-op-count",
                    vec![("ops", proven.ops.into()), ("said", h.ops.into())],
                ))
                .into());
            }
            admitter.notes.unknown_origin = proven.unknown_origin;
            admitter.notes.after_revocation = proven.after_revocation;
            merge.commit().map_err(|e| match e {
                StoreError::Corrupt(what) if what.starts_with("redacted ops") => {
                    SyncError::UnexplainedRedaction
                }
                other => other.into(),
            })
        };
        match (written(rx), reader) {
            // The reading half stopped first: its reason is the one.
            (Err(SyncError::Stopped), Some(r)) => Err(match r.join() {
                Ok(Err(e)) => e,
                _ => SyncError::Stopped,
            }),
            (result, _) => result,
        }
    });
    let summary = match merged {
        Ok(s) => s,
        Err(error) => {
            // The transaction is gone; a copied laptop is noted all the same.
            if let SyncError::Fork(device, why) = &error {
                let _ = store.note_cloned(*device, why);
            }
            return Err(refuse(disk_full(error)));
        }
    };
    if summary.redacted {
        // Waiting bundles of untrusted laptops lose what they hold of an
        // erased person too, and what the erasure overwrote is left in no
        // index segment or WAL frame (the import is done either way: what
        // could not be finished is said).
        notes.erasure = Some(super::withheld::finish_erasure(store));
        match crate::dedup::person::unfinished(store, &summary.erased) {
            Ok(found) => notes.unfinished = found,
            Err(e) => tracing::warn!(error = %e, "looking for records of erased people failed"),
        }
    }
    notes.set_aside = admitter.notes.set_aside;
    notes.unknown_origin = admitter.notes.unknown_origin;
    notes.after_revocation = admitter.notes.after_revocation;
    notes.clock_ahead = admitter.notes.clock_ahead;
    notes.acknowledged = admitter.notes.acknowledged;
    notes.handed_back = admitter.notes.handed_back;
    notes.coordinator_restored = admitter.notes.coordinator_restored;
    notes.attachments = admitter.notes.attachments;
    notes.succeeded = takeover.map(|t| (t.old, t.backup_made));
    Ok(Imported::Merged {
        sender,
        summary,
        newly_trusted: enrol,
        notes: Box::new(notes),
    })
}

fn disk_full(e: SyncError) -> SyncError {
    match e {
        SyncError::Store(s) if s.is_disk_full() => SyncError::DatabaseDiskFull,
        other => other,
    }
}

fn entry(h: &bundle::Header, hash: &str, status: &'static str) -> BundleEntry {
    BundleEntry {
        id: h.bundle_id.clone(),
        device: h.device,
        sequence: h.sequence,
        hash: hash.to_owned(),
        status,
        ops: h.ops,
    }
}

/// Everything the header alone decides, before anything is written.
fn decide<R: Read>(
    store: &Store,
    profile: &crate::store::Profile,
    opened: &bundle::Opened<R>,
    own_recipient: &str,
    options: &Options<'_>,
    succession: Option<&(Succession, crate::store::Peer)>,
    follows: Option<&Succession>,
) -> Result<Decision, SyncError> {
    let h = &opened.header;
    let key = *opened.key.as_bytes();
    if !h.recipients.iter().any(|r| r == own_recipient) {
        return Err(SyncError::NotForUs);
    }
    if let (Some(ours), Some(theirs)) = (&profile.campaign, &h.campaign)
        && ours != theirs
    {
        return Err(SyncError::WrongCampaign {
            ours: ours.clone(),
            theirs: theirs.clone(),
        });
    }
    if h.device == profile.device_id {
        return Err(SyncError::FromThisDevice);
    }
    if profile.role == Role::Coordinator && h.kind == Kind::Return {
        return Err(SyncError::ReturnToCoordinator);
    }
    if let Some(target) = h.for_device.filter(|d| *d != profile.device_id) {
        return Err(SyncError::ForAnotherDevice(target));
    }
    check_holds(&h.holds)?;
    if h.sequence == 0 || h.sequence > MAX_SEQ {
        return Err(bundle::BundleError::BadHeader(bundle::why(
            "sync-why-bundle-number",
            vec![("max", MAX_SEQ.into())],
        ))
        .into());
    }
    let decision = match profile.role {
        Role::Field => {
            let pin = profile.coordinator.as_ref().ok_or(SyncError::NoCoordinator)?;
            // Or its new incarnation, restored from a backup (see `follows`).
            if h.device != pin.device && follows.is_none() {
                return Err(SyncError::NotFromCoordinator);
            }
            if key != pin.signing_key {
                return Err(SyncError::ImpostorCoordinator);
            }
            if h.kind != Kind::Return || h.for_device != Some(profile.device_id) {
                return Err(SyncError::NotFromCoordinator);
            }
            Decision::Merge { enrol: false }
        }
        Role::Coordinator => match store.peer(h.device)? {
            Some(p) if p.signing_key != key => return Err(SyncError::KeyMismatch),
            Some(p) if p.trust == Trust::Revoked => return Err(SyncError::Revoked),
            Some(p) if p.trust == Trust::Trusted => Decision::Merge { enrol: false },
            _ if options.trust_new || options.trust == Some(h.device) => Decision::Merge { enrol: true },
            // A laptop restored from a trusted laptop's backup: trusted in
            // one step. A revoked or copied one's successor waits for the
            // coordinator (whoever stole the old laptop holds its key too).
            None if succession
                .is_some_and(|(_, old)| old.trust == Trust::Trusted && old.cloned.is_none()) =>
            {
                Decision::Merge { enrol: true }
            }
            _ => Decision::Quarantine,
        },
    };
    match store.bundle_status(&h.bundle_id)?.as_deref() {
        Some("merged") => return Ok(Decision::Already),
        Some("quarantined") if matches!(decision, Decision::Quarantine) => {
            return Ok(Decision::StillQuarantined);
        }
        _ => {}
    }
    // Two bundles under one number, or one that does not follow the one
    // before it: two histories of one device.
    let numbered = |n: u64| store.bundle_hash(h.device, n);
    if let Some(held) = numbered(h.sequence)?
        && held != opened.hash
    {
        let why = Cloned::TwoBundles { bundle: h.sequence };
        let _ = store.note_cloned(h.device, &why);
        return Err(SyncError::Fork(h.device, why));
    }
    if h.kind == Kind::Device
        && h.sequence > 1
        && let Some(before) = numbered(h.sequence - 1)?
        && h.previous.as_deref() != Some(before.as_str())
    {
        let why = Cloned::BrokenChain { bundle: h.sequence };
        let _ = store.note_cloned(h.device, &why);
        return Err(SyncError::Fork(h.device, why));
    }
    Ok(decision)
}

/// What a return bundle says its coordinator holds must be runs that
/// could be: at most [`bundle::MAX_HELD_RUNS`], each device once, each
/// device's runs in order, apart, within the numbers a bundle may carry.
fn check_holds(holds: &[bundle::Holding]) -> Result<(), SyncError> {
    let mut devices = HashSet::new();
    let mut total = 0usize;
    for h in holds {
        total = total.saturating_add(h.runs.len());
        let mut after = 0u64;
        let runs_ok = h.runs.iter().all(|[first, last]| {
            let ok =
                *first > after && first <= last && *last <= MAX_SEQ && (after == 0 || *first > after + 1);
            after = *last;
            ok
        });
        if !runs_ok || !devices.insert(h.device) || total > bundle::MAX_HELD_RUNS {
            return Err(bundle::BundleError::BadHeader(bundle::why("sync-why-holds", vec![])).into());
        }
    }
    Ok(())
}

/// Bundle numbers of a device before `sequence` that never arrived.
fn missing_before(store: &Store, device: DeviceId, sequence: u64) -> Result<crate::store::Gaps, SyncError> {
    let received = store.peer(device)?.map(|p| p.sequences).unwrap_or_default();
    Ok(crate::store::Gaps::of(&received, sequence))
}

/// Every device whose statements can be checked here, with its key and role.
fn known_devices(
    store: &Store,
    profile: &crate::store::Profile,
    sender: &Sender,
    sender_key: &VerifyingKey,
    coordinator_sender: bool,
) -> Result<HashMap<DeviceId, Known>, SyncError> {
    let mut known = HashMap::new();
    for p in store.peers()? {
        if p.trust == Trust::Unknown {
            continue;
        }
        if let Ok(key) = VerifyingKey::from_bytes(&p.signing_key) {
            known.insert(
                p.device,
                Known {
                    key,
                    role: super::admit::Role::Field,
                    revoked_after: p.revoked_after(),
                },
            );
        }
    }
    // A device trusted on the way is proven by the key its header was
    // signed with; the pinned coordinator's new incarnation is the coordinator.
    let role = match coordinator_sender {
        true => super::admit::Role::Coordinator,
        false => super::admit::Role::Field,
    };
    if coordinator_sender {
        known.remove(&sender.device);
    }
    known.entry(sender.device).or_insert(Known {
        key: *sender_key,
        role,
        revoked_after: None,
    });
    if let Some(pin) = &profile.coordinator
        && let Ok(key) = VerifyingKey::from_bytes(&pin.signing_key)
    {
        // With what it was before it was restored from a backup.
        for device in store.coordinator_before()?.into_iter().chain([pin.device]) {
            known.insert(
                device,
                Known {
                    key,
                    role: super::admit::Role::Coordinator,
                    revoked_after: None,
                },
            );
        }
    }
    let own = super::keys::verifying_key(&store.device_secrets()?);
    // A coordinator restored from a backup: its ops before, under the same key.
    if profile.role == Role::Coordinator {
        for (device, _) in store.predecessors()? {
            known.insert(
                device,
                Known {
                    key: own,
                    role: super::admit::Role::Coordinator,
                    revoked_after: None,
                },
            );
        }
    }
    known.insert(
        profile.device_id,
        Known {
            key: own,
            role: super::admit::Role::Coordinator,
            revoked_after: None,
        },
    );
    Ok(known)
}
