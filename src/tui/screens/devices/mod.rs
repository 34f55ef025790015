//! The devices screen: every device that sent bundles, with what was set
//! aside of each; trust (merging what waited) or revoke (after a reason).

pub mod draw;

use crate::domain::DeviceId;
use crate::store::{Peer, Store};
use crate::sync::devices;
use crate::sync::import::{Imported, Options};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 6] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Char('t'), NONE)], "t", Action::TrustDevice, "tui-key-trust", true),
    bind(&[(KeyCode::Char('r'), NONE)], "r", Action::RevokeDevice, "tui-key-revoke", true),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
];

/// The keys while the reason for a revocation is typed.
#[rustfmt::skip]
pub const REASON_BINDINGS: [Binding; 2] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-revoke-confirm", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-cancel", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "devices",
    bindings: &BINDINGS,
    types_text: false,
};

/// The keys while the reason for a revocation is typed.
pub const REASON_MODE: Mode = Mode {
    name: "reason",
    bindings: &REASON_BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 2] = [MODE, REASON_MODE];

/// The keys that apply now: the reason's while it is typed.
pub fn mode(view: &DevicesView) -> Mode {
    if view.reason.is_some() { REASON_MODE } else { MODE }
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
    /// The reason being typed for revoking the highlighted device.
    pub reason: Option<TextField>,
    /// How many changes of each device were set aside.
    pub set_aside: Vec<(DeviceId, usize)>,
}

impl DevicesView {
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

/// The devices screen's actions: trust (merging what waited) or revoke
/// (after a reason is typed).
pub fn update(view: &mut DevicesView, ctx: &mut Context<'_>, action: Action) -> Transition {
    if let Some(reason) = &mut view.reason {
        match action {
            Action::Back => view.reason = None,
            Action::Edit(edit) => {
                reason.apply(edit);
            }
            Action::Submit if !reason.value().trim().is_empty() => {
                let why = reason.value().to_owned();
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
    match action {
        Action::Back => return Transition::Back,
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::Down => view.selected = (view.selected + 1).min(view.peers.len().saturating_sub(1)),
        Action::RevokeDevice if !view.peers.is_empty() => view.reason = Some(TextField::default()),
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
