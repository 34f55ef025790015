//! `intake export`, `intake import`, `intake devices` and `intake keys
//! set-coordinator`: bundles between laptops, from the command line.

use super::Context;
use crate::domain::DeviceId;
use crate::store::Trust;
use crate::sync::exchange::{self, Imported};
use crate::sync::keys;
use anyhow::Context as _;
use std::path::PathBuf;

/// Arguments of `intake export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write the bundle (a new file)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Every op in the log, not only those the coordinator has not acknowledged
    #[arg(long, conflicts_with = "for_device")]
    pub all: bool,
    /// On the coordinator: a return bundle for this device (its id or first
    /// 8+ characters) with the changes to its records and a receipt
    #[arg(long = "for", value_name = "DEVICE_ID")]
    pub for_device: Option<String>,
}

/// Arguments of `intake import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Bundle files, in any order
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Trust every device met for the first time and merge its bundles (the
    /// first import of a campaign); each one trusted is named
    #[arg(long)]
    pub trust_new_devices: bool,
}

/// `intake devices …`.
#[derive(Debug, clap::Subcommand)]
pub enum DevicesCommand {
    /// Every device that sent a bundle: trust, fingerprint, bundles received and missing
    List,
    /// Trust a device and merge its quarantined bundles
    Trust {
        /// The device id (or its first 8+ characters)
        device: String,
    },
    /// Refuse a device's bundles from now on
    Revoke {
        /// The device id (or its first 8+ characters)
        device: String,
    },
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
    /// Set the coordinator's age public key (field laptops set up without it)
    SetCoordinator {
        /// The coordinator's `age1…` key, as `intake keys` shows it there
        key: String,
    },
}

/// Writes a bundle to a new file (through a temporary name, so that a
/// half-written bundle never has the final name).
pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    if args.out.exists() {
        anyhow::bail!("{} already exists; give a new file name", args.out.display());
    }
    let mut store = ctx.open()?;
    let for_device = args
        .for_device
        .as_deref()
        .map(|d| find_device(&store, d))
        .transpose()?;
    let dir = args
        .out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let file =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    let out = std::io::BufWriter::new(file.as_file());
    let exported = match for_device {
        Some(device) => exchange::export_for(&mut store, out, device)?,
        None => exchange::export_with_escrow(&mut store, out, args.all, &ctx.config.config.escrow_keys)?,
    };
    file.persist_noclobber(&args.out)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let h = &exported.header;
    let t = ctx.texts;
    let file = args.out.display().to_string();
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
                    ("to", to.into())
                ]
            )
        ),
    }
    Ok(())
}

/// Imports bundles one by one; a refused one changes nothing and the
/// others still go in. Fails if any was refused.
pub fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let t = ctx.texts;
    let mut refused = 0;
    for path in &args.files {
        let name = path.display();
        let result = std::fs::File::open(path)
            .with_context(|| format!("cannot read {name}"))
            .and_then(|f| {
                Ok(exchange::import(
                    &mut store,
                    std::io::BufReader::new(f),
                    args.trust_new_devices,
                )?)
            });
        match result {
            Ok(Imported::Merged {
                device,
                summary: s,
                newly_trusted,
            }) => {
                if newly_trusted {
                    outln!(
                        "{}",
                        t.text("sync-trusted-new", &[("device", device.to_string().into())])
                    );
                }
                outln!(
                    "{}",
                    t.text(
                        "sync-merged",
                        &[
                            ("file", name.to_string().into()),
                            ("ops", s.new_ops.into()),
                            ("new", s.new_records.into()),
                            ("updated", s.updated_records.into()),
                            ("conflicts", s.new_conflicts.into()),
                            ("known", s.known_ops.into())
                        ]
                    )
                );
            }
            Ok(Imported::AlreadyImported) => {
                outln!("{}", t.text("sync-already", &[("file", name.to_string().into())]))
            }
            Ok(Imported::Quarantined { device, fingerprint }) => outln!(
                "{}",
                t.text(
                    "sync-quarantined",
                    &[
                        ("file", name.to_string().into()),
                        ("device", device.to_string().into()),
                        ("key", fingerprint.into())
                    ]
                )
            ),
            Err(e) => {
                refused += 1;
                eprintln!("intake: {name}: {e:#}");
            }
        }
    }
    if refused > 0 {
        anyhow::bail!(
            "{refused} of {} bundles refused; the database holds none of their ops",
            args.files.len()
        );
    }
    Ok(())
}

/// A device that sent a bundle here, by its id or its first 8+ characters.
fn find_device(store: &crate::store::Store, text: &str) -> anyhow::Result<DeviceId> {
    let peers = store.peers()?;
    let text = text.trim().to_lowercase();
    let found: Vec<_> = peers
        .iter()
        .filter(|p| text.len() >= 8 && p.device.to_string().starts_with(&text))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.device),
        [] => anyhow::bail!("no device {text} has sent a bundle here (`intake devices list` shows them)"),
        _ => anyhow::bail!("{text} fits more than one device; give more of the id"),
    }
}

/// `intake devices list|trust|revoke`.
pub fn devices(ctx: &Context, command: DevicesCommand) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    match command {
        DevicesCommand::List => {
            let peers = store.peers()?;
            if peers.is_empty() {
                outln!("{}", ctx.texts.text("tui-devices-none", &[]));
            }
            for p in peers {
                let key = ed25519_dalek::VerifyingKey::from_bytes(&p.signing_key)
                    .map(|k| keys::fingerprint(&k))
                    .unwrap_or_else(|_| "?".into());
                let last = p
                    .sequences
                    .last()
                    .map_or_else(|| "none".to_owned(), u64::to_string);
                let missing = p.missing();
                let missing = if missing.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> = missing.iter().map(u64::to_string).collect();
                    format!(", missing {}", list.join(", "))
                };
                outln!(
                    "{}  {:<8} {}  key {key}  bundles up to {last}{missing}",
                    p.device,
                    p.trust.as_str(),
                    p.worker
                );
            }
        }
        DevicesCommand::Trust { device } => {
            let device = find_device(&store, &device)?;
            let merged = exchange::trust(&mut store, device)?;
            let ops: u64 = merged.iter().map(|s| s.new_ops).sum();
            outln!(
                "{}",
                ctx.texts.text(
                    "sync-device-trusted",
                    &[
                        ("device", device.to_string().into()),
                        ("bundles", merged.len().into()),
                        ("ops", ops.into())
                    ]
                )
            );
        }
        DevicesCommand::Revoke { device } => {
            let device = find_device(&store, &device)?;
            store.set_trust(device, Trust::Revoked)?;
            outln!(
                "{}",
                ctx.texts
                    .text("sync-device-revoked", &[("device", device.to_string().into())])
            );
        }
    }
    Ok(())
}

/// `intake keys set-coordinator KEY`.
pub fn keys_command(ctx: &Context, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::ExportIdentity { out } => {
            use secrecy::ExposeSecret;
            use std::io::Write;
            let store = ctx.open()?;
            let secrets = store.device_secrets()?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options
                .open(&out)
                .with_context(|| format!("cannot create {} (it must not exist yet)", out.display()))?;
            writeln!(file, "{}", secrets.age_identity.expose_secret())
                .with_context(|| format!("cannot write {}", out.display()))?;
            store.audit("export identity", &out.display().to_string())?;
            outln!(
                "Wrote this device's secret age identity to {} (owner-only). Anyone with this file can read bundles sent here: keep it safe, delete it when done.",
                out.display()
            );
            Ok(())
        }
        KeysCommand::SetCoordinator { key } => {
            keys::parse_recipient(&key)?;
            let store = ctx.open()?;
            store.set_coordinator_key(key.trim())?;
            store.audit("set coordinator key", key.trim())?;
            outln!(
                "Bundles from this laptop will be encrypted to {} (fingerprint {}).",
                key.trim(),
                crate::sync::bundle::recipient_fingerprint(&key)
            );
            Ok(())
        }
    }
}
