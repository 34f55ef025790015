//! The devices screen: every device that sent bundles, with what was set
//! aside of each; trust (merging what waited), revoke (after a reason), or
//! hand its caseload over to another trusted laptop (chosen, then confirmed).

pub mod draw;

use crate::domain::DeviceId;
use crate::store::{Peer, Store};
use crate::sync::devices::{self, RevokeReason};
use crate::sync::import::{Imported, Options};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use ratatui::crossterm::event::KeyCode;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 7] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Char('t'), NONE)], "t", Action::TrustDevice, "tui-key-trust", true),
    bind(&[(KeyCode::Char('r'), NONE)], "r", Action::RevokeDevice, "tui-key-revoke", true),
    bind(&[(KeyCode::Char('h'), NONE)], "h", Action::HandOver, "tui-key-handover", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
];

/// The keys while the reason for a revocation is chosen.
#[rustfmt::skip]
pub const REASON_BINDINGS: [Binding; 3] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Down, NONE)], "↑ ↓", Action::Down, "tui-key-reason-choose", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-revoke-confirm", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-cancel", true),
];

/// The keys while the laptop taking a caseload over is chosen.
#[rustfmt::skip]
pub const HANDOVER_BINDINGS: [Binding; 3] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Down, NONE)], "↑ ↓", Action::Down, "tui-key-handover-choose", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-handover-confirm", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-cancel", true),
];

/// The keys while the laptop taking a caseload over is chosen.
pub const HANDOVER_MODE: Mode = Mode {
    name: "handover",
    bindings: &HANDOVER_BINDINGS,
    types_text: false,
};

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "devices",
    bindings: &BINDINGS,
    types_text: false,
};

/// The keys while the reason for a revocation is chosen.
pub const REASON_MODE: Mode = Mode {
    name: "reason",
    bindings: &REASON_BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 3] = [MODE, REASON_MODE, HANDOVER_MODE];

/// The keys that apply now: the reason's while it is typed, the
/// hand-over's while its receiver is chosen.
pub fn mode(view: &DevicesView) -> Mode {
    if view.reason.is_some() {
        REASON_MODE
    } else if view.handover.is_some() {
        HANDOVER_MODE
    } else {
        MODE
    }
}

/// The devices screen.
#[derive(Debug, Default)]
pub struct DevicesView {
    /// Every device met.
    pub peers: Vec<Peer>,
    /// The highlighted one.
    pub selected: usize,
    /// A message key and count after trusting (bundles merged).
    pub merged: Option<usize>,
    /// The reason being chosen for revoking the highlighted device.
    pub reason: Option<RevokeReason>,
    /// How many changes of each device were set aside.
    pub set_aside: Vec<(DeviceId, usize)>,
    /// A hand-over being chosen: the index of the laptop that would take
    /// the highlighted one's caseload.
    pub handover: Option<usize>,
    /// The last hand-over: how many records, from which device to which.
    pub handed: Option<(usize, DeviceId, DeviceId)>,
    /// A hand-over running on a worker thread: from which device to which.
    pub handing: Option<(DeviceId, DeviceId)>,
}

impl DevicesView {
    /// The trusted laptops that could take the highlighted one's caseload.
    pub fn receivers(&self) -> Vec<usize> {
        (0..self.peers.len())
            .filter(|i| *i != self.selected && self.peers[*i].trust == crate::store::Trust::Trusted)
            .collect()
    }
}

impl DevicesView {
    /// A hand-over ended (on a worker thread): the devices read again and
    /// the count said, or why not.
    pub fn handed_over(
        &mut self,
        store: &Store,
        outcome: Result<crate::sync::assign::Assigned, &'static str>,
    ) -> Transition {
        let Some((from, to)) = self.handing.take() else {
            return Transition::Stay;
        };
        match outcome {
            Ok(done) => {
                if let Ok(fresh) = DevicesView::open(store) {
                    *self = DevicesView {
                        selected: self.selected,
                        ..fresh
                    };
                }
                self.handed = Some((done.given + done.already, from, to));
                Transition::Stay
            }
            Err(key) => Transition::Notice(key),
        }
    }

    /// Reads every device and what was set aside of each.
    pub fn open(store: &Store) -> Result<DevicesView, crate::store::StoreError> {
        let peers = store.peers()?;
        let aside = store.set_aside_counts()?;
        let set_aside = peers
            .iter()
            .map(|p| {
                let n = aside.iter().find(|(d, _)| *d == p.device).map_or(0, |(_, n)| *n);
                (p.device, usize::try_from(n).unwrap_or(usize::MAX))
            })
            .collect();
        Ok(DevicesView {
            peers,
            set_aside,
            ..DevicesView::default()
        })
    }
}

/// The devices screen's actions: trust (merging what waited), revoke
/// (after a reason is chosen), hand over.
pub fn update(view: &mut DevicesView, ctx: &mut Context<'_>, action: Action) -> Transition {
    if let Some(reason) = view.reason {
        match action {
            Action::Back => view.reason = None,
            Action::Up | Action::Down => {
                let all = RevokeReason::ALL;
                let at = all.iter().position(|r| *r == reason).unwrap_or(0);
                let next = if action == Action::Up { at + all.len() - 1 } else { at + 1 };
                view.reason = Some(all[next % all.len()]);
            }
            Action::Submit => {
                if !ctx.confirmed {
                    let Some(peer) = view.peers.get(view.selected) else {
                        return Transition::Stay;
                    };
                    return Transition::Ask {
                        question: crate::i18n::Message::new(
                            "tui-ask-revoke",
                            vec![
                                (
                                    "who",
                                    crate::domain::visible::visible(&peer.worker).into_owned().into(),
                                ),
                                (
                                    "key",
                                    ed25519_dalek::VerifyingKey::from_bytes(&peer.signing_key)
                                        .map(|k| crate::sync::keys::fingerprint(&k))
                                        .unwrap_or_default()
                                        .into(),
                                ),
                                ("reason", ctx.texts.text(reason.message_key(), &[]).into()),
                            ],
                        ),
                        then: action,
                    };
                }
                let why = reason.stored(None);
                view.reason = None;
                let (Some(peer), Some(store)) = (view.peers.get(view.selected), ctx.store.as_deref_mut())
                else {
                    return Transition::Stay;
                };
                let device = peer.device;
                let done = devices::revoke(store, device, &why)
                    .ok()
                    .and_then(|_| DevicesView::open(store).ok());
                match done {
                    Some(fresh) => {
                        *view = DevicesView {
                            selected: view.selected,
                            ..fresh
                        }
                    }
                    None => return Transition::Notice("tui-error-save"),
                }
            }
            _ => {}
        }
        return Transition::Stay;
    }
    if let Some(to) = view.handover {
        match action {
            Action::Back => view.handover = None,
            Action::Up | Action::Down => {
                let choices = view.receivers();
                let at = choices.iter().position(|c| *c == to).unwrap_or(0);
                let next = if action == Action::Up {
                    (at + choices.len() - 1) % choices.len().max(1)
                } else {
                    (at + 1) % choices.len().max(1)
                };
                view.handover = choices.get(next).copied();
            }
            Action::Submit => {
                view.handover = None;
                let (Some(from), Some(to)) = (
                    view.peers.get(view.selected).map(|p| p.device),
                    view.peers.get(to).map(|p| p.device),
                ) else {
                    return Transition::Stay;
                };
                // Thousands of records: on a worker thread, said meanwhile.
                view.handing = Some((from, to));
                return Transition::HandOver { from, to };
            }
            _ => {}
        }
        return Transition::Stay;
    }
    match action {
        Action::Back => return Transition::Back,
        Action::HandOver => match view.receivers().first() {
            Some(first) => {
                view.handover = Some(*first);
                view.merged = None;
                view.handed = None;
            }
            None => return Transition::Notice("tui-handover-nobody"),
        },
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::Down => view.selected = (view.selected + 1).min(view.peers.len().saturating_sub(1)),
        Action::RevokeDevice if !view.peers.is_empty() => view.reason = Some(RevokeReason::Lost),
        Action::TrustDevice => {
            let (Some(peer), Some(store)) = (view.peers.get(view.selected), ctx.store.as_deref_mut()) else {
                return Transition::Stay;
            };
            let device = peer.device;
            let options = Options {
                form: Some(ctx.form),
                ..Options::default()
            };
            let done = devices::trust(store, device, &options);
            match done.ok().and_then(|t| Some((t, DevicesView::open(store).ok()?))) {
                Some((trusted, fresh)) => {
                    let merged = trusted
                        .bundles
                        .iter()
                        .filter(|b| matches!(b, Ok(Imported::Merged { .. })))
                        .count();
                    *view = DevicesView {
                        selected: view.selected,
                        merged: Some(merged),
                        ..fresh
                    };
                }
                None => return Transition::Notice("tui-error-save"),
            }
        }
        _ => {}
    }
    Transition::Stay
}
