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
    /// Field laptops: the coordinator's enrolment string (the line starting
    /// intake-coordinator1 that `intake keys` shows on the coordinator's computer)
    #[arg(long, value_name = "ENROLMENT_STRING")]
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
    let profile = device
        .profile()
        .map_err(|e| anyhow::anyhow!(ctx.texts.render(&e.message())))?;
    let path = ctx.db_path();
    if path.exists() {
        return Err(crate::store::StoreError::Exists(path).into());
    }
    let passphrase = super::passphrase::obtain(
        ctx.texts,
        ctx.passphrase_file(),
        &path,
        true,
        &[profile.worker.as_str(), profile.org.as_str()],
    )?;
    let store = setup::create(&path, &passphrase, &profile)
        .map_err(|e| anyhow::anyhow!(ctx.texts.render(&e.message())))?;
    outln!(
        "{}",
        ctx.texts
            .text("init-created", &[("path", path.display().to_string().into())])
    );
    print_keys(ctx, &store)?;
    if profile.role == Role::Field && profile.coordinator.is_none() {
        outln!("{}", ctx.texts.text("init-no-coordinator", &[]));
    }
    Ok(())
}

/// Prints the device id, role, signing-key fingerprint and age public key,
/// and on a coordinator its enrolment string for the field laptops.
pub fn keys(ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open()?;
    print_keys(ctx, &store)
}

fn print_keys(ctx: &Context, store: &Store) -> anyhow::Result<()> {
    let t = ctx.texts;
    let profile = store.profile()?;
    let secrets = store.device_secrets()?;
    let signing = keys::verifying_key(&secrets);
    let age_key = keys::age_public_key(&secrets)?;
    let row = |key: &str, value: String| t.text(key, &[("value", value.into())]);
    outln!("{}", row("keys-device", profile.device_id.to_string()));
    outln!(
        "{}",
        row(
            "keys-role",
            t.text(&format!("keys-role-{}", profile.role.as_str()), &[])
        )
    );
    outln!(
        "{}",
        row("keys-worker", format!("{} ({})", profile.worker, profile.org))
    );
    if let Some(c) = &profile.campaign {
        outln!("{}", row("keys-campaign", c.clone()));
    }
    outln!("{}", row("keys-signing", keys::fingerprint(&signing)));
    if let Some(c) = &profile.coordinator {
        let fingerprint = ed25519_dalek::VerifyingKey::from_bytes(&c.signing_key)
            .map(|k| keys::fingerprint(&k))
            .unwrap_or_default();
        outln!(
            "{}",
            row("keys-coordinator", format!("{} ({fingerprint})", c.device))
        );
    }
    outln!("{}", t.text("keys-age-intro", &[]));
    outln!("{age_key}");
    if profile.role == Role::Coordinator {
        let line = crate::sync::enrol::coordinator_string(profile.device_id, &signing, &age_key)
            .ok_or_else(|| anyhow::anyhow!(t.text("sync-err-key", &[])))?;
        outln!("{}", t.text("keys-enrolment-intro", &[]));
        outln!("{line}");
    }
    Ok(())
}
