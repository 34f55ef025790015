//! `intake init` and `intake keys`: create the profile and keys, show the keys.

use super::Context;
use crate::setup::{self, NewDevice};
use crate::store::{Role, Store};
use crate::sync::keys;
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

/// Creates the database with its profile and keys.
pub fn run(ctx: &Context, args: InitArgs) -> anyhow::Result<()> {
    let device = NewDevice {
        role: Some(match args.role {
            RoleArg::Field => Role::Field,
            RoleArg::Coordinator => Role::Coordinator,
        }),
        worker: args.worker,
        org: args.org,
        campaign: args.campaign.unwrap_or_default(),
        coordinator_key: args.coordinator_key.unwrap_or_default(),
    };
    // Every argument is checked before anything is written or asked.
    let profile = device.profile()?;
    let path = ctx.db_path();
    if path.exists() {
        return Err(crate::store::StoreError::Exists(path).into());
    }
    let passphrase = super::passphrase::obtain(ctx.passphrase_file(), &path, true)?;
    let store = setup::create(&path, &passphrase, &profile)?;
    outln!("Created the encrypted database {}", path.display());
    print_keys(&store)?;
    if profile.role == Role::Field && profile.coordinator_key.is_none() {
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
