//! The audit trail travels: each laptop's bundle carries its newest audit
//! entries, chained, and the coordinator keeps them as the witness of that
//! trail. A laptop whose trail is rewritten afterwards — by someone with
//! its passphrase who dropped the triggers and computed every later hash
//! again, which its own `audit verify` cannot see — is found out by the
//! coordinator at its next bundle.

mod common;
use common::{Keys, import};
use intake::store::{AuditEntry, AuditLink, Role, Store};
use secrecy::SecretString;

fn export(store: &mut Store) -> Vec<u8> {
    let mut out = Vec::new();
    intake::sync::export(store, &mut out, false).unwrap();
    out
}

/// Rewrites the laptop's trail as a thief would: the first entry's detail
/// changed, every hash after it computed again.
fn rewrite(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "key", common::PASS).unwrap();
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    let rows: Vec<(i64, AuditEntry)> = conn
        .prepare("SELECT rowid, time, author, action, detail FROM audit ORDER BY rowid")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                AuditEntry {
                    time: r.get(1)?,
                    author: r.get(2)?,
                    action: r.get(3)?,
                    detail: r.get(4)?,
                },
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (n, (rowid, mut entry)) in rows.into_iter().enumerate() {
        if n == 0 {
            entry.detail = "nothing happened".to_owned();
        }
        let link = AuditLink::new(&prev, entry);
        conn.execute(
            "UPDATE audit SET detail = ?1, hash = ?2 WHERE rowid = ?3",
            rusqlite::params![link.entry.detail, link.hash, rowid],
        )
        .unwrap();
        prev = link.hash;
    }
}

#[test]
fn a_laptops_trail_reaches_the_coordinator_and_a_rewrite_is_found_there() {
    let dir = tempfile::tempdir().unwrap();
    let c_keys = Keys::new();
    let mut coordinator = c_keys.store("Aigerim", Role::Coordinator, None);
    let l_keys = Keys::new();
    let path = dir.path().join("laptop.db");
    let mut laptop = l_keys.store_at(&path, "Нурлан", Role::Field, Some(&c_keys));
    laptop
        .audit("export-table", "to UNHCR Almaty: 12 records")
        .unwrap();
    laptop
        .audit("attachment exported", "record 01a2…, into the folder /media/usb")
        .unwrap();
    import(&mut coordinator, &export(&mut laptop), true).unwrap();
    let held = coordinator.peer_audit().unwrap();
    let actions: Vec<&str> = held.iter().map(|(_, e)| e.action.as_str()).collect();
    assert!(
        actions.contains(&"export-table") && actions.contains(&"attachment exported"),
        "{actions:?}"
    );
    assert!(held.iter().all(|(d, _)| *d == l_keys.device.to_string()));
    // The same entries again: kept once.
    laptop.audit("records listed", "3 as csv").unwrap();
    import(&mut coordinator, &export(&mut laptop), false).unwrap();
    assert_eq!(
        coordinator.peer_audit().unwrap().len(),
        held.len() + 2,
        "the new entry and the export's own"
    );
    let own = |c: &Store| {
        c.audit_trail()
            .unwrap()
            .into_iter()
            .filter(|e| e.2 == "laptop audit trail rewritten")
            .count()
    };
    assert_eq!(own(&coordinator), 0);
    let before = coordinator.peer_audit().unwrap().len();
    // Rewritten on the laptop: it checks there, but not at the coordinator.
    drop(laptop);
    rewrite(&path);
    let mut laptop = Store::open(&path, &SecretString::from(common::PASS.to_owned())).unwrap();
    assert!(matches!(
        laptop.verify_audit().unwrap(),
        intake::store::AuditCheck::Intact { .. }
    ));
    laptop.audit("records listed", "1 as csv").unwrap();
    import(&mut coordinator, &export(&mut laptop), false).unwrap();
    assert_eq!(own(&coordinator), 1, "the coordinator notes the rewrite");
    let kept = coordinator.peer_audit().unwrap();
    assert_eq!(kept.len(), before, "nothing of the rewritten chain is kept");
    assert!(
        kept.iter().all(|(_, e)| e.detail != "nothing happened"),
        "what it held first stays"
    );
    assert!(
        kept.iter()
            .any(|(_, e)| e.detail == "to UNHCR Almaty: 12 records")
    );
}
