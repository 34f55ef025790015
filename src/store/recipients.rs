//! Who an export may be for: each recipient by name, with the age public
//! key their files are encrypted to and the purpose that decides which
//! people's data they may receive. Adding and removing one is audited.

use super::{Result, Store, StoreError, peers};
use rusqlite::{OptionalExtension, params};

/// Why a recipient receives data: it decides whose records they get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Purpose {
    /// A state authority (migration police, civil registry, court): only
    /// people who agreed to sharing with an authority.
    Authority,
    /// UNHCR: only people who agreed to sharing with UNHCR.
    Unhcr,
    /// A partner organisation giving legal help: only people who agreed
    /// to legal assistance.
    Partner,
    /// The organisation's own staff: everyone, referral lists included.
    Internal,
}

impl Purpose {
    /// Its code, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Authority => "authority",
            Purpose::Unhcr => "unhcr",
            Purpose::Partner => "partner",
            Purpose::Internal => "internal",
        }
    }

    /// The purpose a stored code names.
    pub fn parse(code: &str) -> Option<Purpose> {
        [
            Purpose::Authority,
            Purpose::Unhcr,
            Purpose::Partner,
            Purpose::Internal,
        ]
        .into_iter()
        .find(|p| p.as_str() == code)
    }

    /// The consent field a person must have answered yes to (after
    /// `consent_obtained`) to be in an export for this purpose; `None`:
    /// everyone is.
    pub fn consent_field(self) -> Option<&'static str> {
        match self {
            Purpose::Authority => Some("consent_share_authority"),
            Purpose::Unhcr => Some("consent_share_unhcr"),
            Purpose::Partner => Some("consent_legal_assistance"),
            Purpose::Internal => None,
        }
    }

    /// Whether a person may be in an export for this purpose, given what
    /// they answered (`yes(field)`: the field is recorded as yes):
    /// consent recorded, and yes to this purpose.
    pub fn agreed(self, yes: &dyn Fn(&str) -> bool) -> bool {
        self.consent_field()
            .is_none_or(|field| yes("consent_obtained") && yes(field))
    }
}

/// A named recipient of exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// The name it is given by (`UNHCR Almaty`).
    pub name: String,
    /// Its age public key (`age1…`).
    pub age_key: String,
    /// Why it receives data.
    pub purpose: Purpose,
    /// When it was added (UTC).
    pub added: String,
}

impl Store {
    /// Adds a recipient (audited); `false` when the name is taken.
    pub fn add_recipient(&mut self, name: &str, age_key: &str, purpose: Purpose) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let added = tx.execute(
            "INSERT INTO recipients (name, age_key, purpose, added) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![name, age_key, purpose.as_str(), peers::now()],
        )?;
        if added == 1 {
            peers::audit(
                &tx,
                "recipient added",
                &format!("{name} ({}) {age_key}", purpose.as_str()),
            )?;
        }
        tx.commit()?;
        Ok(added == 1)
    }

    /// Every recipient, by name.
    pub fn recipients(&self) -> Result<Vec<Recipient>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, age_key, purpose, added FROM recipients ORDER BY name")?;
        let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().collect()
    }

    /// The recipient of that name.
    pub fn recipient(&self, name: &str) -> Result<Option<Recipient>> {
        self.conn
            .query_row(
                "SELECT name, age_key, purpose, added FROM recipients WHERE name = ?1",
                [name],
                row,
            )
            .optional()?
            .transpose()
    }

    /// Removes a recipient (audited); `false` when there is none of that name.
    pub fn remove_recipient(&mut self, name: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM recipients WHERE name = ?1", [name])?;
        if removed == 1 {
            peers::audit(&tx, "recipient removed", name)?;
        }
        tx.commit()?;
        Ok(removed == 1)
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Recipient>> {
    let purpose: String = r.get(2)?;
    Ok(match Purpose::parse(&purpose) {
        Some(purpose) => Ok(Recipient {
            name: r.get(0)?,
            age_key: r.get(1)?,
            purpose,
            added: r.get(3)?,
        }),
        None => Err(StoreError::Corrupt(format!("recipient purpose {purpose}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_added_once_listed_and_removed_with_an_audit_entry() {
        let mut store = Store::open_in_memory().unwrap();
        crate::testing::with_profile(&mut store, "Aigerim");
        let key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        assert!(store.add_recipient("UNHCR Almaty", key, Purpose::Unhcr).unwrap());
        assert!(
            !store
                .add_recipient("UNHCR Almaty", key, Purpose::Internal)
                .unwrap()
        );
        let all = store.recipients().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].purpose, Purpose::Unhcr);
        assert!(store.remove_recipient("UNHCR Almaty").unwrap());
        assert!(!store.remove_recipient("UNHCR Almaty").unwrap());
        let trail: Vec<String> = store.audit_trail().unwrap().into_iter().map(|e| e.2).collect();
        assert_eq!(trail, ["recipient added", "recipient removed"]);
    }
}
