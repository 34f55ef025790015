//! What an import did and what is known of a device, in words of the
//! user's language: the command line prints these lines, the terminal UI
//! shows them.

use super::import::Imported;
use super::keys;
use super::refusal::cloned_message;
use super::verify::Notes;
use crate::domain::visible::visible;
use crate::i18n::{Arg, Texts};
use crate::store::{Peer, Trust};

/// A span of time in words ("3 years", "5 days", "7 hours").
pub fn duration(t: &Texts, ms: u64) -> String {
    // To the nearest unit: 2 years and 364 days are 3 years.
    let hours = (ms + 1_800_000) / 3_600_000;
    let (key, n) = if hours >= 24 * 365 {
        ("duration-years", (hours + 24 * 365 / 2) / (24 * 365))
    } else if hours >= 48 {
        ("duration-days", (hours + 12) / 24)
    } else {
        ("duration-hours", hours.max(1))
    };
    t.text(key, &[("n", n.into())])
}

/// What finishing an erasure did beyond the records, one sentence each:
/// quarantined bundles dropped, quarantine not looked into, the scrub
/// left for later.
pub fn erasure_lines(t: &Texts, after: &super::withheld::Finished) -> Vec<String> {
    let mut lines = Vec::new();
    if after.dropped > 0 {
        lines.push(t.text("erase-quarantine-dropped", &[("count", after.dropped.into())]));
    }
    if after.drop_failed {
        lines.push(t.text("erase-quarantine-failed", &[]));
    }
    if !after.scrubbed {
        lines.push(t.text("erase-not-scrubbed", &[]));
    }
    lines
}

/// What importing one bundle did, line by line, in words.
pub fn said(t: &Texts, file: &str, done: &Imported) -> Vec<String> {
    let file = || Arg::from(file);
    match done {
        Imported::Merged {
            sender,
            summary: s,
            newly_trusted,
            notes,
        } => {
            let mut lines = Vec::new();
            if *newly_trusted {
                // A successor was trusted for its predecessor's sake (said below).
                if notes.succeeded.is_none() {
                    lines.push(t.text("sync-trusted-new", &[("who", sender.describe(t).into())]));
                }
            }
            lines.push(t.text(
                "sync-merged",
                &[
                    ("file", file()),
                    ("ops", s.new_ops.into()),
                    ("new", s.new_records.into()),
                    ("updated", s.updated_records.into()),
                    ("conflicts", s.new_conflicts.into()),
                    ("known", s.known_ops.into()),
                ],
            ));
            lines.extend(note_lines(t, &sender.describe(t), notes));
            lines
        }
        Imported::AlreadyImported { .. } => vec![t.text("sync-already", &[("file", file())])],
        Imported::Quarantined { sender } => {
            let mut lines = vec![t.text(
                "sync-quarantined",
                &[
                    ("file", file()),
                    ("who", sender.describe(t).into()),
                    ("device", sender.device.to_string().into()),
                ],
            )];
            if let Some((old, made)) = &sender.replaces {
                lines.push(t.text(
                    "sync-quarantined-successor",
                    &[
                        ("old", old.short().into()),
                        ("made", made.clone().unwrap_or_default().into()),
                    ],
                ));
            }
            lines
        }
    }
}

/// The notes of a merged bundle, each a sentence.
pub fn note_lines(t: &Texts, who: &str, n: &Notes) -> Vec<String> {
    let mut lines = Vec::new();
    let who = || Arg::from(who);
    if let Some((old, made)) = &n.succeeded {
        lines.push(t.text(
            "sync-note-succeeds",
            &[
                ("who", who()),
                ("old", old.short().into()),
                ("made", made.clone().unwrap_or_default().into()),
            ],
        ));
    }
    if let Some(made) = &n.coordinator_restored {
        lines.push(t.text(
            "sync-note-coordinator-restored",
            &[("who", who()), ("made", made.clone().unwrap_or_default().into())],
        ));
    }
    if let Some(why) = &n.cloned {
        lines.push(t.text(
            "sync-note-cloned",
            &[("who", who()), ("why", Arg::Message(cloned_message(why)))],
        ));
    }
    if !n.missing.is_empty() {
        lines.push(t.text(
            "sync-note-missing",
            &[
                ("who", who()),
                ("list", n.missing.list().into()),
                ("count", n.missing.count.into()),
            ],
        ));
    }
    for (device, ahead) in &n.clock_ahead {
        let short = device.short();
        lines.push(t.text(
            "sync-note-clock-ahead",
            &[("device", short.into()), ("ahead", duration(t, *ahead).into())],
        ));
    }
    if n.set_aside > 0 {
        lines.push(t.text("sync-note-set-aside", &[("count", n.set_aside.into())]));
    }
    if n.unknown_origin > 0 {
        lines.push(t.text("sync-note-unknown-origin", &[("count", n.unknown_origin.into())]));
    }
    if n.after_revocation > 0 {
        lines.push(t.text(
            "sync-note-after-revocation",
            &[("count", n.after_revocation.into())],
        ));
    }
    if let Some(upto) = n.acknowledged {
        lines.push(t.text("sync-note-acknowledged", &[("upto", upto.into())]));
    }
    if n.handed_back.handed > 0 {
        lines.push(t.text("sync-note-handed-back", &[("count", n.handed_back.handed.into())]));
    }
    if n.handed_back.waiting > 0 {
        lines.push(t.text(
            "sync-note-hand-back-waits",
            &[("count", n.handed_back.waiting.into())],
        ));
    }
    lines.extend(n.unfinished.iter().map(|u| u.sentence(t)));
    if let Some(after) = &n.erasure {
        lines.extend(erasure_lines(t, after));
    }
    lines
}

/// The lines `devices list` and the devices screen show for one device.
pub fn describe_peer(t: &Texts, p: &Peer) -> Vec<String> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(&p.signing_key)
        .map(|k| keys::fingerprint(&k))
        .unwrap_or_else(|_| "?".into());
    let last = p.sequences.last().copied().unwrap_or(0);
    let missing = p.missing();
    let mut lines = vec![t.text(
        "devices-line",
        &[
            ("device", p.device.to_string().into()),
            (
                "trust",
                t.text(&format!("tui-trust-{}", p.trust.as_str()), &[]).into(),
            ),
            ("worker", visible(&p.worker).into_owned().into()),
            ("key", key.into()),
            ("last", last.into()),
        ],
    )];
    if !missing.is_empty() {
        lines.push(t.text("devices-missing", &[("list", missing.list().into())]));
    }
    lines.extend(peer_warnings(t, p));
    lines
}

/// A revocation's reason as the reader says it: one of the three reasons
/// in their language (with the coordinator's note), or the text as kept.
fn revocation_reason(t: &Texts, kept: &str) -> String {
    if let Some((device, made)) = super::devices::replaced_by(kept) {
        return t.text(
            "revoke-reason-replaced",
            &[
                ("device", visible(device).into_owned().into()),
                ("made", visible(made).into_owned().into()),
            ],
        );
    }
    match super::devices::RevokeReason::said(kept) {
        Some((reason, None)) => t.text(reason.message_key(), &[]),
        Some((reason, Some(note))) => format!("{}: {}", t.text(reason.message_key(), &[]), visible(note)),
        None => visible(kept).into_owned(),
    }
}

/// What a device list says under a device besides its keys and bundles:
/// who revoked it, when and why; that it is a copied laptop; that its
/// clock was far ahead.
pub fn peer_warnings(t: &Texts, p: &Peer) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(r) = &p.revoked {
        lines.push(t.text(
            "devices-revoked",
            &[
                ("by", visible(&r.by).into_owned().into()),
                ("when", r.at.to_utc().format("%Y-%m-%d %H:%M").to_string().into()),
                ("reason", revocation_reason(t, &r.revocation.reason).into()),
                ("after", r.revocation.after.into()),
            ],
        ));
    }
    if let Some(why) = p.cloned.as_ref().filter(|_| p.trust != Trust::Revoked) {
        lines.push(t.text("devices-cloned", &[("why", Arg::Message(cloned_message(why)))]));
    }
    if let Some(ahead) = p.clock_ahead.filter(|a| *a > crate::domain::Hlc::AHEAD_MS) {
        lines.push(t.text("devices-clock-ahead", &[("ahead", duration(t, ahead).into())]));
    }
    lines
}
