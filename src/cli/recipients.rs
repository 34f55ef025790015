//! `intake recipients add|list|remove`: who exports may be for, each with
//! the age public key their files are encrypted to and the purpose that
//! decides whose data they receive.

use super::Context;
use crate::i18n::Arg;
use crate::store::Purpose;

/// `intake recipients …`.
#[derive(Debug, clap::Subcommand)]
pub enum RecipientsCommand {
    /// Add a recipient: a name, their age public key (age1…) and why they receive data
    Add {
        /// The name exports are made for (e.g. "UNHCR Almaty")
        name: String,
        /// Their age public key, age1…
        age_key: String,
        /// Who they are: decides whose records they may receive (authority, unhcr, partner, internal)
        #[arg(long, value_enum)]
        purpose: Purpose,
    },
    /// List the recipients
    List,
    /// Remove a recipient
    Remove {
        /// Its name
        name: String,
    },
}

/// The longest name a recipient may have.
const MAX_NAME: usize = 100;

/// Runs a recipients command.
pub fn run(ctx: &Context, cmd: RecipientsCommand) -> anyhow::Result<()> {
    let texts = ctx.texts;
    let mut store = ctx.open()?;
    match cmd {
        RecipientsCommand::Add {
            name,
            age_key,
            purpose,
        } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
                anyhow::bail!(texts.text("recipients-err-name", &[("max", Arg::from(MAX_NAME))]));
            }
            let key = crate::sync::keys::parse_recipient(&age_key)
                .map_err(|_| anyhow::anyhow!(texts.text("recipients-err-key", &[])))?;
            if !store.add_recipient(name, &key.to_string(), purpose)? {
                anyhow::bail!(texts.text("recipients-err-taken", &[("name", Arg::from(name))]));
            }
            outln!(
                "{}",
                texts.text(
                    "recipients-added",
                    &[
                        ("name", Arg::from(name)),
                        ("purpose", Arg::from(texts.text(&purpose_key(purpose), &[])))
                    ]
                )
            );
        }
        RecipientsCommand::List => {
            let rows: Vec<Vec<String>> = store
                .recipients()?
                .into_iter()
                .map(|r| {
                    vec![
                        r.name,
                        texts.text(&purpose_key(r.purpose), &[]),
                        r.age_key,
                        r.added,
                    ]
                })
                .collect();
            let header = [
                "recipients-col-name",
                "recipients-col-purpose",
                "recipients-col-key",
                "recipients-col-added",
            ]
            .map(|k| texts.text(k, &[]));
            let titles: Vec<&str> = header.iter().map(String::as_str).collect();
            super::table::print(&titles, &rows);
        }
        RecipientsCommand::Remove { name } => {
            if !store.remove_recipient(name.trim())? {
                anyhow::bail!(texts.text("recipients-err-none", &[("name", Arg::from(name.trim()))]));
            }
            outln!(
                "{}",
                texts.text("recipients-removed", &[("name", Arg::from(name.trim()))])
            );
        }
    }
    Ok(())
}

/// The recipient named `name` and its key, or one sentence saying there
/// is none (or that its stored key does not read).
pub fn find(
    store: &crate::store::Store,
    texts: &crate::i18n::Texts,
    name: &str,
) -> anyhow::Result<(crate::store::Recipient, age::x25519::Recipient)> {
    let name = name.trim();
    let recipient = store
        .recipient(name)?
        .ok_or_else(|| anyhow::anyhow!(texts.text("recipients-err-none", &[("name", Arg::from(name))])))?;
    let key = crate::sync::keys::parse_recipient(&recipient.age_key)
        .map_err(|_| anyhow::anyhow!(texts.text("recipients-err-key", &[])))?;
    Ok((recipient, key))
}

/// The message key of a purpose's name.
pub fn purpose_key(purpose: Purpose) -> String {
    format!("recipients-purpose-{}", purpose.as_str())
}
