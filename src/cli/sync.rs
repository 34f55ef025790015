//! `intake export`, `intake import`, `intake devices`, `intake set-aside`
//! and `intake keys …`: bundles between laptops, from the command line.

use super::Context;
use crate::domain::DeviceId;
use crate::domain::visible::visible;
use crate::i18n::{Arg, Texts};
use crate::store::Store;
use crate::sync::import::{Imported, Options, Source};
use crate::sync::summary::{describe_peer, said};
use crate::sync::{self, devices, enrol, keys};
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `intake export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write the bundle (a new file)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Every op held here, not only this laptop's own that the coordinator
    /// has not acknowledged
    #[arg(long, conflicts_with = "for_device")]
    pub all: bool,
    /// On the coordinator: a return bundle for this device (its id, or 8+ of
    /// its first or last characters) with the changes to its caseload, the
    /// device registry and a receipt
    #[arg(long = "for", value_name = "DEVICE_ID")]
    pub for_device: Option<String>,
    /// Split into numbered bundles of at most this size (`700M`, `4G`):
    /// each carries the changes and the attachments that fit, and they
    /// import in any order (FILE-1, FILE-2 … next to FILE)
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_size: Option<u64>,
}

/// A size as `700M`, `4G`, `1.5GB` or bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let want = || super::said::early_texts().text("cli-want-size", &[]);
    let size: bytesize::ByteSize = text.trim().parse().map_err(|_| want())?;
    match size.as_u64() {
        n if n >= 1 << 20 => Ok(n),
        _ => Err(want()),
    }
}

/// `bundle.age` as part `n`: `bundle-n.age`.
fn part_path(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// Arguments of `intake import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Bundle files, in any order
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// On the coordinator: trust every field laptop met for the first time
    /// and merge its bundles (the first import of a campaign); each one
    /// trusted is named. Never trusts a coordinator.
    #[arg(long)]
    pub trust_new_devices: bool,
}

/// `intake devices …`.
#[derive(Debug, clap::Subcommand)]
pub enum DevicesCommand {
    /// Every device met or enrolled: trust, key fingerprint, bundles
    /// received and missing, revocations, copied laptops, clocks ahead
    List,
    /// Trust (enrol) a device and merge its quarantined bundles
    Trust {
        /// The device id (or 8+ of its first or last characters, as the lists show it)
        device: String,
    },
    /// Revoke a device's key: its changes so far stand, later ones are
    /// refused everywhere (the revocation travels in return bundles)
    Revoke {
        /// The device id (or 8+ of its first or last characters)
        device: String,
        /// Why: lost (or stolen), broken, or left (its worker left the
        /// campaign); shown with the revocation on every laptop, in its language
        #[arg(long, value_enum)]
        reason: Why,
        /// A few words more, kept with the reason (e.g. where it was lost)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

/// Why a laptop's key is revoked (`--reason`).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Why {
    /// Lost or stolen
    Lost,
    /// Broken
    Broken,
    /// Its worker left the campaign
    Left,
}

impl From<Why> for devices::RevokeReason {
    fn from(why: Why) -> Self {
        match why {
            Why::Lost => devices::RevokeReason::Lost,
            Why::Broken => devices::RevokeReason::Broken,
            Why::Left => devices::RevokeReason::Left,
        }
    }
}

/// `intake keys …`.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Write this device's secret age identity to a new owner-only file, to
    /// open bundles with the `age` tool or keep in a safe (recorded in the audit trail)
    ExportIdentity {
        /// The new file
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Pin the coordinator (field laptops set up without it): paste the
    /// line starting intake-coordinator1 that `intake keys` shows there
    SetCoordinator {
        /// The coordinator's enrolment string
        key: String,
    },
    /// Who else every bundle from here is encrypted to (an organisation's
    /// escrow keys, kept inside the encrypted database)
    #[command(subcommand)]
    Escrow(EscrowCommand),
    /// The organisation's recovery key: every backup also carries the
    /// passphrase encrypted to it, so that a forgotten one loses nothing
    #[command(subcommand)]
    Recovery(super::backup::RecoveryCommand),
}

/// `intake keys escrow …`.
#[derive(Debug, clap::Subcommand)]
pub enum EscrowCommand {
    /// Encrypt every bundle from now on to this age public key too
    Add {
        /// The escrow holder's `age1…` key
        key: String,
    },
    /// Stop encrypting bundles to this key
    Remove {
        /// The `age1…` key
        key: String,
    },
    /// The escrow keys
    List,
}

/// Why a bundle file could not be written, in one sentence.
fn write_failed(t: &Texts, out: &Path, e: &std::io::Error) -> anyhow::Error {
    use std::io::ErrorKind;
    let path = out.display().to_string();
    let key = match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => "sync-err-disk-full",
        _ => "sync-err-write",
    };
    anyhow::anyhow!(t.text(key, &[("file", path.into()), ("reason", e.to_string().into())]))
}

/// Writes a bundle to a new file: a temporary name in the same folder,
/// flushed to the disk, then renamed, so that a half-written bundle never
/// has the final name and a full stick leaves nothing behind.
pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    let mut store = ctx.open()?;
    warn_clock(&store, t);
    let for_device = args
        .for_device
        .as_deref()
        .map(|d| find_device(&store, t, d))
        .transpose()?;
    let mut part = sync::Part {
        max_size: args.max_size,
        ..sync::Part::default()
    };
    for n in 1.. {
        let out = match args.max_size {
            Some(_) => part_path(&args.out, n),
            None => args.out.clone(),
        };
        let exported = export_one(ctx, &mut store, &out, for_device, args.all, &part)?;
        say_exported(t, &out, &exported);
        part.skip.extend(exported.carried.iter().cloned());
        if exported.left == 0 {
            break;
        }
    }
    Ok(())
}

/// Writes one bundle (or one part) to `path`, a new file.
fn export_one(
    ctx: &Context,
    store: &mut Store,
    path: &Path,
    for_device: Option<DeviceId>,
    all: bool,
    part: &sync::Part,
) -> anyhow::Result<sync::Exported> {
    let t = ctx.texts;
    if path.exists() {
        anyhow::bail!(t.text("sync-err-exists", &[("file", path.display().to_string().into())]));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = tempfile::Builder::new()
        .prefix(".intake-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| write_failed(t, path, &e))?;
    let mut out = std::io::BufWriter::new(file.as_file());
    // Flushed and on the stick before the database records the bundle as sent.
    let mut settle = || file.as_file().sync_all();
    let exported = match for_device {
        Some(device) => sync::export_for_part(store, &mut out, device, &mut settle, part),
        None => sync::export_part(store, &mut out, all, &mut settle, part),
    };
    let exported = match exported {
        Ok(e) => e,
        Err(sync::SyncError::Io(e)) | Err(sync::SyncError::Bundle(sync::bundle::BundleError::Io(e))) => {
            return Err(write_failed(t, path, &e));
        }
        Err(e) => anyhow::bail!(t.render(&e.message())),
    };
    drop(out);
    // Only the rename is left: should it fail, the bundle recorded as sent
    // never arrives, and the coordinator notes it missing (the next one
    // carries its changes).
    file.persist_noclobber(path)
        .map_err(|e| write_failed(t, path, &e.error))?;
    // The rename itself reaches the disk too.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(exported)
}

/// Says what an export wrote.
fn say_exported(t: &Texts, path: &Path, exported: &sync::Exported) {
    let h = &exported.header;
    let file = path.display().to_string();
    let to = h.recipients.join(", ");
    match h.for_device {
        Some(device) => outln!(
            "{}",
            t.text(
                "sync-wrote-return",
                &[
                    ("file", file.into()),
                    ("device", device.to_string().into()),
                    ("ops", h.ops.into()),
                    ("attachments", h.attachments.into()),
                    ("to", to.into())
                ]
            )
        ),
        None => outln!(
            "{}",
            t.text(
                "sync-wrote",
                &[
                    ("file", file.into()),
                    ("number", h.sequence.into()),
                    ("ops", h.ops.into()),
                    ("attachments", h.attachments.into()),
                    ("to", to.into())
                ]
            )
        ),
    }
}

/// Says so when this laptop's clock is far behind the newest time it has seen.
pub fn warn_clock(store: &Store, t: &Texts) {
    if let Ok(Some(behind)) = store.clock_behind() {
        eprintln!(
            "{}",
            t.text(
                "sync-clock-behind",
                &[("behind", crate::sync::summary::duration(t, behind).into())]
            )
        );
    }
}

/// Imports bundles one by one; a refused one changes nothing and the
/// others still go in. Fails if any was refused.
pub fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let form = ctx.form()?;
    let t = ctx.texts;
    let options = Options {
        trust_new: args.trust_new_devices,
        form: Some(&form),
        ..Options::default()
    };
    let mut refused = 0usize;
    for path in &args.files {
        let name = path.display().to_string();
        if !path.is_file() {
            refused += 1;
            eprintln!("intake: {}", t.text("sync-err-no-file", &[("file", name.into())]));
            continue;
        }
        match sync::import(&mut store, &Source::Path(path), &options) {
            Ok(done) => {
                for line in said(t, &name, &done) {
                    outln!("{line}");
                }
            }
            Err(refusal) => {
                refused += 1;
                eprintln!("intake: {name}: {}", refusal.render(t));
            }
        }
    }
    if refused > 0 {
        anyhow::bail!(t.text(
            "sync-refused-count",
            &[
                ("refused", Arg::from(refused)),
                ("total", Arg::from(args.files.len()))
            ]
        ));
    }
    Ok(())
}

/// A device met here, by its id, or 8 or more of its first or last characters.
pub(super) fn find_device(store: &Store, t: &Texts, text: &str) -> anyhow::Result<DeviceId> {
    let peers = store.peers()?;
    let text = text.trim().to_lowercase();
    let found: Vec<_> = peers
        .iter()
        .filter(|p| {
            let id = p.device.to_string();
            text.len() >= 8 && (id.starts_with(&text) || id.ends_with(&text))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.device),
        [] => anyhow::bail!(t.text(
            "sync-err-no-device",
            &[("device", visible(&text).into_owned().into())]
        )),
        _ => anyhow::bail!(t.text("sync-err-ambiguous-device", &[("device", text.into())])),
    }
}

/// `intake devices list|trust|revoke`.
pub fn devices(ctx: &Context, command: DevicesCommand) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let t = ctx.texts;
    match command {
        DevicesCommand::List => {
            let peers = store.peers()?;
            if peers.is_empty() {
                outln!("{}", t.text("tui-devices-none", &[]));
            }
            let aside = store.set_aside_counts()?;
            for p in peers {
                for line in describe_peer(t, &p) {
                    outln!("{line}");
                }
                let n = aside.iter().find(|(d, _)| *d == p.device).map_or(0, |(_, n)| *n);
                if n > 0 {
                    outln!("{}", t.text("devices-set-aside", &[("count", n.into())]));
                }
            }
        }
        DevicesCommand::Trust { device } => {
            let device = find_device(&store, t, &device)?;
            let form = ctx.form()?;
            let options = Options {
                form: Some(&form),
                ..Options::default()
            };
            let done = devices::trust(&mut store, device, &options)
                .map_err(|e| anyhow::anyhow!(t.render(&e.message())))?;
            let mut merged = 0usize;
            let mut ops = 0;
            for result in &done.bundles {
                match result {
                    Ok(imported) => {
                        if let Imported::Merged { summary, .. } = imported {
                            merged += 1;
                            ops += summary.new_ops;
                        }
                        for line in said(t, "quarantine", imported) {
                            outln!("{line}");
                        }
                    }
                    Err(refusal) => eprintln!("intake: {}", refusal.render(t)),
                }
            }
            outln!(
                "{}",
                t.text(
                    "sync-device-trusted",
                    &[
                        ("device", device.to_string().into()),
                        ("bundles", merged.into()),
                        ("ops", ops.into())
                    ]
                )
            );
        }
        DevicesCommand::Revoke { device, reason, note } => {
            let device = find_device(&store, t, &device)?;
            let reason = devices::RevokeReason::from(reason).stored(note.as_deref());
            let peer = devices::revoke(&mut store, device, &reason)
                .map_err(|e| anyhow::anyhow!(t.render(&e.message())))?;
            let after = peer.revoked_after().unwrap_or(0);
            outln!(
                "{}",
                t.text(
                    "sync-device-revoked",
                    &[("device", device.to_string().into()), ("after", after.into())]
                )
            );
        }
    }
    Ok(())
}

/// `intake set-aside`: every op proven but not merged, oldest first.
pub fn set_aside(ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let t = ctx.texts;
    let peers = store.peers()?;
    let mut any = false;
    store.each_set_aside(|a| {
        any = true;
        let worker = peers
            .iter()
            .find(|p| p.device == a.op.dot.device)
            .map_or_else(String::new, |p| visible(&p.worker).into_owned());
        let value = visible(&a.op.value.to_string())
            .chars()
            .take(60)
            .collect::<String>();
        outln!(
            "{}",
            t.text(
                "aside-line",
                &[
                    ("time", a.time.into()),
                    ("device", a.op.dot.device.short().into()),
                    ("worker", worker.into()),
                    ("record", a.op.record.to_string().into()),
                    ("field", a.op.field.to_string().into()),
                    ("value", value.into()),
                    ("reason", t.text(&a.reason, &[]).into()),
                ]
            )
        );
        Ok(())
    })?;
    if !any {
        outln!("{}", t.text("aside-none", &[]));
    }
    Ok(())
}

/// `intake keys export-identity|set-coordinator|escrow`.
pub fn keys_command(ctx: &Context, command: KeysCommand) -> anyhow::Result<()> {
    let t = ctx.texts;
    match command {
        KeysCommand::ExportIdentity { out } => {
            use secrecy::ExposeSecret;
            let store = ctx.open()?;
            let secrets = store.device_secrets()?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&out).with_context(|| {
                t.text(
                    "keys-err-identity-file",
                    &[("file", out.display().to_string().into())],
                )
            })?;
            writeln!(file, "{}", secrets.age_identity.expose_secret()).with_context(|| {
                t.text(
                    "keys-err-identity-file",
                    &[("file", out.display().to_string().into())],
                )
            })?;
            store.audit("export identity", &out.display().to_string())?;
            outln!(
                "{}",
                t.text(
                    "keys-identity-written",
                    &[("file", out.display().to_string().into())]
                )
            );
            Ok(())
        }
        KeysCommand::SetCoordinator { key } => {
            let coordinator = enrol::parse_coordinator(&key)
                .map_err(|e| anyhow::anyhow!(t.render(&sync::SyncError::from(e).message())))?;
            let store = ctx.open()?;
            if store.profile()?.role != crate::store::Role::Field {
                anyhow::bail!(t.text("setup-err-key-on-coordinator", &[]));
            }
            store.set_coordinator(&coordinator)?;
            store.audit("set coordinator", &coordinator.device.to_string())?;
            let fingerprint = ed25519_dalek::VerifyingKey::from_bytes(&coordinator.signing_key)
                .map(|k| keys::fingerprint(&k))
                .unwrap_or_default();
            outln!(
                "{}",
                t.text(
                    "keys-coordinator-set",
                    &[
                        ("device", coordinator.device.to_string().into()),
                        ("key", fingerprint.into())
                    ]
                )
            );
            Ok(())
        }
        KeysCommand::Recovery(command) => super::backup::recovery(ctx, command),
        KeysCommand::Escrow(command) => {
            let store = ctx.open()?;
            match command {
                EscrowCommand::Add { key } => {
                    let key = keys::parse_recipient(&key)
                        .map_err(|_| {
                            anyhow::anyhow!(t.text(
                                "keys-err-not-age",
                                &[("key", visible(key.trim()).into_owned().into())]
                            ))
                        })?
                        .to_string();
                    let added = store.add_escrow_key(&key)?;
                    let msg = if added {
                        "keys-escrow-added"
                    } else {
                        "keys-escrow-known"
                    };
                    outln!("{}", t.text(msg, &[("key", key.into())]));
                }
                EscrowCommand::Remove { key } => {
                    if !store.remove_escrow_key(key.trim())? {
                        anyhow::bail!(t.text(
                            "keys-err-no-escrow",
                            &[("key", visible(key.trim()).into_owned().into())]
                        ));
                    }
                    outln!("{}", t.text("keys-escrow-removed", &[("key", key.trim().into())]));
                }
                EscrowCommand::List => {
                    let keys = store.escrow_keys()?;
                    if keys.is_empty() {
                        outln!("{}", t.text("keys-escrow-none", &[]));
                    }
                    for k in keys {
                        outln!("{k}  ({})", crate::sync::bundle::recipient_fingerprint(&k));
                    }
                }
            }
            Ok(())
        }
    }
}
