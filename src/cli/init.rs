//! `intake init` and `intake keys`: create the profile and keys, show the keys.

use super::Context;
use crate::domain::DeviceId;
use crate::store::{Profile, Role, Store};
use crate::sync::keys;
use anyhow::bail;
use clap::ValueEnum;

/// Arguments of `intake init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// This laptop's role
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The worker's name or id (the author of every change made here)
    #[arg(long, value_name = "NAME")]
    pub worker: String,
    /// The organisation
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// The campaign id shared by the coordinator and the field laptops
    #[arg(long, value_name = "ID")]
    pub campaign: Option<String>,
    /// The coordinator's age public key (age1…), which field laptops encrypt bundles to
    #[arg(long, value_name = "AGE_PUBLIC_KEY")]
    pub coordinator_key: Option<String>,
}

/// `--role` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// A field worker's laptop
    Field,
    /// The coordinator's computer
    Coordinator,
}

fn check_label(what: &str, text: &str) -> anyhow::Result<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 100 || t.chars().any(char::is_control) {
        bail!("--{what} must be 1 to 100 characters without control characters");
    }
    Ok(t.to_owned())
}

/// Creates the database with its profile and keys.
pub fn run(ctx: &Context, args: InitArgs) -> anyhow::Result<()> {
    let role = match args.role {
        RoleArg::Field => Role::Field,
        RoleArg::Coordinator => Role::Coordinator,
    };
    // Every argument is checked before anything is written or asked.
    let worker = check_label("worker", &args.worker)?;
    let org = check_label("org", &args.org)?;
    let campaign = args
        .campaign
        .as_deref()
        .map(|c| check_label("campaign", c))
        .transpose()?;
    let coordinator_key = match (&args.coordinator_key, role) {
        (Some(_), Role::Coordinator) => {
            bail!("--coordinator-key is for field laptops; a coordinator has its own key")
        }
        (Some(k), Role::Field) => Some(keys::parse_recipient(k)?.to_string()),
        (None, _) => None,
    };
    let path = ctx.db_path();
    if path.exists() {
        return Err(crate::store::StoreError::Exists(path).into());
    }
    let passphrase = super::passphrase::obtain(ctx.passphrase_file(), &path, true)?;
    let secrets = keys::generate()?;
    let profile = Profile {
        device_id: DeviceId::new(),
        role,
        worker,
        org,
        campaign,
        coordinator_key,
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let mut store = Store::create(&path, &passphrase)?;
    if let Err(e) = store.create_profile(&profile, &secrets) {
        // Leave no half-made database behind.
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        return Err(e.into());
    }
    outln!("Created the encrypted database {}", path.display());
    print_keys(&store)?;
    if role == Role::Field && profile.coordinator_key.is_none() {
        outln!("No coordinator key yet: bundles can be exported once it is set.");
    }
    Ok(())
}

/// Prints the device id, role, signing-key fingerprint and age public key.
pub fn keys(ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open()?;
    print_keys(&store)
}

fn print_keys(store: &Store) -> anyhow::Result<()> {
    let profile = store.profile()?;
    let secrets = store.device_secrets()?;
    outln!("device          {}", profile.device_id);
    outln!("role            {}", profile.role);
    outln!("worker          {} ({})", profile.worker, profile.org);
    if let Some(c) = &profile.campaign {
        outln!("campaign        {c}");
    }
    outln!(
        "signing key     {}",
        keys::fingerprint(&keys::verifying_key(&secrets))
    );
    if let Some(k) = &profile.coordinator_key {
        outln!("coordinator key {k}");
    }
    outln!("age public key (give this to whoever encrypts bundles to this laptop):");
    outln!("{}", keys::age_public_key(&secrets)?);
    Ok(())
}
