//! Export: which ops go into a bundle and the statements that prove them.
//! A field laptop sends its own ops the coordinator has not acknowledged
//! (or everything it holds, with `all`); the coordinator answers one laptop
//! with the changes to its caseload that it did not make itself, the device
//! registry, and a receipt. Every op travels inside a run signed by the
//! device that made it; a relay adds the subtrees it leaves out.

use super::bundle::{self, Header, ItemRef, Kind, Receipt};
use super::provenance::{emit_run, next_own_statement, provable};
use super::{SyncError, keys};
use crate::domain::registry::REGISTRY;
use crate::domain::{DeviceId, Dot, Op, Statement};
use crate::store::{BundleEntry, Store, StoreError, Trust};
use ed25519_dalek::SigningKey;
use std::collections::BTreeSet;
use std::io::Write;

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    /// The header as signed.
    pub header: Header,
    /// The attachments it carried (hex hashes).
    pub carried: Vec<String>,
    /// Attachments it would have carried but left for the next part (`--max-size`).
    pub left: u64,
}

/// One of several bundles an export is split into (`--max-size`): every
/// part carries the ops (so that each imports alone, in any order) and
/// the attachments that fit in it, beyond those earlier parts carried.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// The largest bundle file wanted: the ops, and the attachments that
    /// fit beside them (at least one, even a larger one); `None`: all.
    pub max_size: Option<u64>,
    /// Attachments carried by earlier parts.
    pub skip: BTreeSet<String>,
}

/// What makes a written bundle last (a file's flush to the disk) before
/// the database records it as sent.
pub type Settle<'a> = dyn FnMut() -> std::io::Result<()> + 'a;

/// Writes a bundle of this laptop's work to `out`: every op of its own the
/// coordinator has not acknowledged (or, with `all`, every op it holds),
/// encrypted to the coordinator and the escrow keys. Recorded in the audit trail.
pub fn export<W: Write>(store: &mut Store, out: W, all: bool) -> Result<Exported, SyncError> {
    export_settled(store, out, all, &mut || Ok(()))
}

/// [`export`], recording the bundle as sent only once `settle` has made
/// what was written last: a file that could not reach its disk is never
/// taken for a bundle sent.
pub fn export_settled<W: Write>(
    store: &mut Store,
    out: W,
    all: bool,
    settle: &mut Settle<'_>,
) -> Result<Exported, SyncError> {
    export_part(store, out, all, settle, &Part::default())
}

/// [`export_settled`] as one part of a split export.
pub fn export_part<W: Write>(
    store: &mut Store,
    out: W,
    all: bool,
    settle: &mut Settle<'_>,
    part: &Part,
) -> Result<Exported, SyncError> {
    let profile = store.profile()?;
    let coordinator = profile.coordinator.as_ref().ok_or(SyncError::NoCoordinator)?;
    let mut recipients = vec![coordinator.age_key.clone()];
    recipients.extend(store.escrow_keys()?);
    let own = profile.device_id;
    let acked = if all { 0 } else { store.acknowledged(own)? };
    // A restored laptop sends on what the laptop it succeeds did after that
    // one's last bundle (its ops the coordinator never acknowledged).
    let predecessors: Vec<(DeviceId, u64)> = store
        .predecessors()?
        .into_iter()
        .map(|(d, _)| Ok((d, if all { 0 } else { store.acknowledged(d)? })))
        .collect::<Result<_, StoreError>>()?;
    let inherited = |op: &Op| {
        predecessors
            .iter()
            .any(|(d, upto)| op.dot.device == *d && op.dot.seq > *upto)
    };
    // Erasures always travel: an op redacted here must never reach a
    // database without the erasure that explains its missing value.
    let erasures: BTreeSet<Dot> = store
        .erasures()?
        .into_iter()
        .filter(|d| d.device != own)
        .collect();
    // What the coordinator said it holds: other devices' ops held here
    // beyond that go back to it (after it was restored from an old backup).
    let holds = if all { None } else { store.coordinator_holds()? };
    // (A device it does not list is one it knows nothing of: not sent.)
    let lacks = |device: DeviceId, first: u64, last: u64| {
        device != own
            && holds
                .as_ref()
                .and_then(|h| h.get(&device))
                .is_some_and(|runs| !crate::store::runs_hold_all(runs, first, last))
    };
    // Records handed back left this laptop: what was erased of them here
    // never travels (the coordinator holds them whole); what is left (the
    // take-back, the status) still may.
    let handed = store.handed_back()?;
    let include = |op: &Op| {
        !(op.is_redacted() && handed.contains(&op.record))
            && (all
                || (op.dot.device == own && op.dot.seq > acked)
                || inherited(op)
                || lacks(op.dot.device, op.dot.seq, op.dot.seq)
                || erasures.contains(&op.dot))
    };
    let runs = |store: &Store, new: Option<&Statement>| -> Result<Vec<Statement>, StoreError> {
        let mut runs = store.statements(own, acked + 1, u64::MAX)?;
        runs.extend(new.cloned());
        for (device, upto) in &predecessors {
            let held = store.statements(*device, 1, u64::MAX)?;
            runs.extend(
                held.into_iter()
                    .filter(|s| s.last > *upto || lacks(*device, s.first, s.last)),
            );
        }
        let relayed = |d: &DeviceId| *d != own && !predecessors.iter().any(|(p, _)| p == d);
        for device in store.stated_devices()?.into_iter().filter(relayed) {
            let held = store.statements(device, 1, u64::MAX)?;
            for s in held.into_iter().filter(|s| {
                all || lacks(device, s.first, s.last)
                    || erasures
                        .range(Dot::new(device, s.first)..=Dot::new(device, s.last))
                        .next()
                        .is_some()
            }) {
                if provable(store, &s).map_err(store_error)? {
                    runs.push(s);
                }
            }
        }
        Ok(runs)
    };
    write_bundle(
        store,
        out,
        Kind::Device,
        &recipients,
        None,
        &include,
        &runs,
        settle,
        (coordinator.device, part, None),
    )
}

/// Writes a return bundle for `device` (on the coordinator): every op of
/// its caseload it did not make itself — resolutions, status changes,
/// grants, other laptops' edits —, the device registry (so that it can
/// prove relayed ops and knows who is revoked), and a receipt of its ops
/// held here, encrypted to that device's key.
pub fn export_for<W: Write>(store: &mut Store, out: W, device: DeviceId) -> Result<Exported, SyncError> {
    export_for_settled(store, out, device, &mut || Ok(()))
}

/// [`export_for`], recorded once `settle` has made what was written last
/// (see [`export_settled`]).
pub fn export_for_settled<W: Write>(
    store: &mut Store,
    out: W,
    device: DeviceId,
    settle: &mut Settle<'_>,
) -> Result<Exported, SyncError> {
    export_for_part(store, out, device, settle, &Part::default())
}

/// [`export_for_settled`] as one part of a split export.
pub fn export_for_part<W: Write>(
    store: &mut Store,
    out: W,
    device: DeviceId,
    settle: &mut Settle<'_>,
    part: &Part,
) -> Result<Exported, SyncError> {
    let peer = store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()))?;
    // A revoked laptop is told only that it is revoked (and so hands every
    // record back, should it ever import again); a trusted one gets its caseload.
    let revoked = match peer.trust {
        Trust::Trusted => false,
        Trust::Revoked => true,
        _ => return Err(SyncError::NotTrusted(device)),
    };
    super::devices::enrol_known_devices(store)?;
    // With the records taken back from it: it hands them back.
    let mut wanted = store.taken_back(device)?;
    if revoked {
        // Its own revocation, and nothing else of the registry.
        let field = crate::domain::registry::revocation_field(device);
        wanted.extend(store.dots_of_field(REGISTRY, field.as_str())?);
    }
    wanted.retain(|d| d.device != device);
    if !revoked {
        let mut caseload = store.caseload(device)?;
        caseload.insert(REGISTRY);
        // Records taken from it once and given back: it may have handed
        // them back, so they go whole, its own ops too.
        let given_back: std::collections::HashSet<_> = store
            .taken_back_records(device)?
            .into_iter()
            .filter(|r| caseload.contains(r))
            .collect();
        wanted.extend(store.dots_of(&given_back)?);
        wanted.extend(
            store
                .dots_of(&caseload)?
                .into_iter()
                .filter(|d| d.device != device),
        );
    }
    let include = |op: &Op| wanted.contains(&op.dot);
    // The only attachments a laptop is sent, or told are missing here:
    // those its caseload names (never another laptop's scans, whatever
    // it says it lacks).
    let allowed = match revoked {
        true => Default::default(),
        false => store.hashes_named_by(&store.caseload(device)?)?,
    };
    let runs = |store: &Store, new: Option<&Statement>| -> Result<Vec<Statement>, StoreError> {
        let mut runs = Vec::new();
        let mut devices: Vec<DeviceId> = wanted.iter().map(|d| d.device).collect();
        devices.dedup();
        let own = store.profile()?.device_id;
        // The sender's runs first: they carry the registry the rest is proven with.
        devices.sort_by_key(|d| (*d != own, *d));
        for d in devices {
            let seqs: Vec<u64> = wanted
                .range(Dot::new(d, 0)..=Dot::new(d, u64::MAX))
                .map(|x| x.seq)
                .collect();
            let mut held = store.statements(d, 1, u64::MAX)?;
            if d == own {
                held.extend(new.cloned());
            }
            for s in held.into_iter().filter(|s| seqs.iter().any(|q| s.covers(*q))) {
                if d == own || provable(store, &s).map_err(store_error)? {
                    runs.push(s);
                }
            }
        }
        Ok(runs)
    };
    let receipt = match store.held_prefix(device)? {
        0 => None,
        held => store
            .statements(device, 1, held)?
            .into_iter()
            .rfind(|s| s.last <= held)
            .map(|s| Receipt {
                device,
                upto: s.last,
                chain: s.hash(),
            }),
    };
    let mut sent = write_bundle(
        store,
        out,
        Kind::Return,
        std::slice::from_ref(&peer.age_key),
        Some((device, receipt)),
        &include,
        &runs,
        settle,
        (device, part, Some(&allowed)),
    )?;
    sent.header.for_device = Some(device);
    Ok(sent)
}

/// Which runs a bundle carries, read from the log's snapshot, given this
/// device's new statement (if it makes one).
type Runs<'a> = dyn Fn(&Store, Option<&Statement>) -> Result<Vec<Statement>, StoreError> + 'a;

/// Writes a bundle of the runs `runs` lists, keeping the ops `include`
/// keeps, encrypted to `recipients`; this device's new statement (over its
/// ops since its last one) is made first, and kept with the bundle's entry
/// once the file is written, flushed and settled.
#[allow(clippy::too_many_arguments)]
fn write_bundle<W: Write>(
    store: &mut Store,
    mut out: W,
    kind: Kind,
    recipients: &[String],
    answer: Option<(DeviceId, Option<Receipt>)>,
    include: &dyn Fn(&Op) -> bool,
    runs: &Runs<'_>,
    settle: &mut Settle<'_>,
    (peer, part, allowed): (DeviceId, &Part, Option<&foldhash::HashSet<String>>),
) -> Result<Exported, SyncError> {
    let profile = store.profile()?;
    let sealed_to = recipients
        .iter()
        .map(|r| keys::parse_recipient(r))
        .collect::<Result<Vec<_>, _>>()?;
    let secrets = store.device_secrets()?;
    let signing = SigningKey::from_bytes(&secrets.signing_key);
    let (sequence, previous) = match store.last_export(profile.device_id)? {
        Some((seq, hash)) => (seq + 1, Some(hash)),
        None => (1, None),
    };
    let (for_device, receipt) = match answer {
        Some((d, r)) => (Some(d), r),
        None => (None, None),
    };
    let header = Header {
        format: bundle::FORMAT.to_owned(),
        kind,
        campaign: profile.campaign.clone(),
        device: profile.device_id,
        worker: profile.worker.clone(),
        signing_key: bundle::hex(signing.verifying_key().as_bytes()),
        key_fingerprint: keys::fingerprint(&signing.verifying_key()),
        age_key: keys::age_public_key(&secrets)?,
        recipients: recipients
            .iter()
            .map(|r| bundle::recipient_fingerprint(r))
            .collect(),
        bundle_id: uuid::Uuid::now_v7().to_string(),
        sequence,
        previous,
        for_device,
        receipt,
        ranges: Vec::new(),
        ops: 0,
        sections: Vec::new(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: store.schema_version()?,
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        // A restored laptop or coordinator says whom it succeeds in every
        // bundle it sends.
        succession: store
            .setting(crate::sync::succession::SUCCESSION_SETTING)?
            .and_then(|json| serde_json::from_str(&json).ok()),
        holds: Vec::new(),
        wants: Vec::new(),
        audit: Vec::new(),
        attachments: 0,
    };
    let carried = std::cell::RefCell::new((Vec::<String>::new(), 0u64));
    // Every pass reads the same snapshot of the log.
    let (header, hash, statement) = store.snapshot(|reader| -> Result<_, SyncError> {
        let mut header = header;
        // What this side's records name but it lacks: the receiver sends it again.
        let may = |sha: &String| allowed.is_none_or(|a| a.contains(sha));
        header.wants = reader.missing_blobs(crate::store::MAX_WANTS)?;
        header.wants.retain(|sha| may(sha));
        // A laptop's trail goes to the coordinator, its witness.
        if kind == Kind::Device {
            header.audit = reader.audit_to_send()?;
        }
        let wanted: BTreeSet<String> = reader
            .peer_wants(peer)?
            .into_iter()
            .filter(|sha| may(sha))
            .collect();
        // A laptop sends its own attachments with its ops until they are
        // acknowledged; the coordinator sends each once to each laptop.
        let sent = match kind {
            Kind::Return => reader.blobs_sent_to(peer)?,
            Kind::Device => Default::default(),
        };
        let choose = |named: &BTreeSet<String>, ops_bytes: u64| -> Vec<bundle::Carried> {
            // Room beside the ops, the header and the envelope's overhead.
            let budget = part
                .max_size
                .map(|m| m.saturating_sub(ops_bytes + (1 << 20) + m / 1000));
            let mut out = Vec::new();
            let (mut total, mut left) = (0u64, 0u64);
            for sha in named
                .iter()
                .filter(|s| !sent.contains(*s))
                .chain(wanted.difference(named))
            {
                if part.skip.contains(sha) {
                    continue;
                }
                let Ok(Some(size)) = reader.blob_size(sha) else {
                    continue;
                };
                if budget.is_some_and(|b| !out.is_empty() && total.saturating_add(size) > b) {
                    left += 1;
                    continue;
                }
                total = total.saturating_add(size);
                out.push(bundle::Carried {
                    sha256: sha.clone(),
                    size,
                });
            }
            *carried.borrow_mut() = (out.iter().map(|c| c.sha256.clone()).collect(), left);
            out
        };
        let read = |sha: &str, each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>| -> std::io::Result<()> {
            reader.read_blob(sha, each).map_err(|e| match e {
                StoreError::Read(io) => io,
                other => std::io::Error::other(other.to_string()),
            })
        };
        let blobs = bundle::Blobs {
            choose: &choose,
            read: &read,
        };
        let trusted = match for_device {
            Some(d) => reader.peer(d)?.is_some_and(|p| p.trust == Trust::Trusted),
            None => false,
        };
        if kind == Kind::Return && trusted {
            // What it holds of every device, as of this snapshot: the
            // laptop sends what lies beyond (a revoked laptop is told
            // nothing of the others).
            let mut first: Vec<DeviceId> = for_device.into_iter().chain([profile.device_id]).collect();
            first.extend(reader.predecessors()?.into_iter().map(|(d, _)| d));
            header.holds = reader
                .held_runs(&first, bundle::MAX_HELD_RUNS, bundle::MAX_HELD_RUNS / 8)?
                .into_iter()
                .map(|(device, runs)| bundle::Holding { device, runs })
                .collect();
        }
        let statement = next_own_statement(reader, &signing, profile.device_id)?;
        let runs = runs(reader, statement.as_ref())?;
        let mut each = |emit: &mut dyn FnMut(ItemRef<'_>) -> std::io::Result<()>| -> Result<(), SyncError> {
            for run in &runs {
                emit_run(reader, run, include, emit).map_err(io_back)?;
            }
            Ok(())
        };
        let (header, hash) = bundle::write(&mut out, header, &signing, &sealed_to, &mut each, Some(&blobs))?;
        Ok((header, hash, statement))
    })?;
    // On its disk before the database says it was sent.
    out.flush()?;
    settle()?;
    let whom = match for_device {
        Some(device) => format!("return bundle for device {device}"),
        None => "bundle".to_owned(),
    };
    let detail = format!(
        "{whom} {} (number {}) with {} ops and {} attachments, encrypted to {}",
        header.bundle_id,
        header.sequence,
        header.ops,
        header.attachments,
        header.recipients.join(", ")
    );
    let entry = BundleEntry {
        id: header.bundle_id.clone(),
        device: header.device,
        sequence: header.sequence,
        hash,
        status: "exported",
        ops: header.ops,
    };
    if !store.record_export(statement.as_ref(), &entry, &detail)? {
        return Err(StoreError::Corrupt("another export ran at the same time; export again".into()).into());
    }
    let (carried, left) = carried.into_inner();
    store.note_blobs_sent(peer, &carried)?;
    store.forget_wants(peer, &carried)?;
    Ok(Exported {
        header,
        carried,
        left,
    })
}

/// The runs are chosen where only the store can fail.
fn store_error(e: SyncError) -> StoreError {
    match e {
        SyncError::Store(e) => e,
        other => StoreError::Corrupt(other.to_string()),
    }
}

/// A write error passed through the log reader comes back as what it was.
fn io_back(e: SyncError) -> SyncError {
    match e {
        SyncError::Store(StoreError::Read(io)) => SyncError::Io(io),
        other => other,
    }
}
