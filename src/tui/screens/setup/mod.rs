//! The first-run screen: the fields a newcomer fills in and the creation
//! of the database (the checks are `crate::setup`'s); the database made
//! goes to the app.

pub mod draw;

use crate::tui::action::{Action, Edit};
use crate::tui::keymap::{Binding, Mode, CTRL, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;
use secrecy::SecretString;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 5] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-next-or-create", true),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-create", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Quit, "tui-key-quit", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "setup",
    bindings: &BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &Setup) -> Mode {
    MODE
}

/// The fields of the first-run screen, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SetupField {
    /// Field laptop or coordinator.
    #[default]
    Role,
    /// The worker's name.
    Worker,
    /// The organisation.
    Org,
    /// The campaign id.
    Campaign,
    /// The coordinator's age public key.
    CoordinatorKey,
    /// The passphrase.
    Passphrase,
    /// The passphrase again.
    Again,
}

impl SetupField {
    /// Every field, top to bottom.
    pub const ALL: [SetupField; 7] = [
        SetupField::Role,
        SetupField::Worker,
        SetupField::Org,
        SetupField::Campaign,
        SetupField::CoordinatorKey,
        SetupField::Passphrase,
        SetupField::Again,
    ];

    /// Message key of the label.
    pub fn label(self) -> &'static str {
        match self {
            SetupField::Role => "tui-setup-role",
            SetupField::Worker => "tui-setup-worker",
            SetupField::Org => "tui-setup-org",
            SetupField::Campaign => "tui-setup-campaign",
            SetupField::CoordinatorKey => "tui-setup-key",
            SetupField::Passphrase => "tui-setup-passphrase",
            SetupField::Again => "tui-setup-again",
        }
    }
}

/// The first-run screen: what `intake init` asks, in one form.
#[derive(Debug, Default)]
pub struct Setup {
    /// The focused field.
    pub focus: SetupField,
    /// Coordinator rather than field laptop.
    pub coordinator: bool,
    worker: TextField,
    org: TextField,
    campaign: TextField,
    key: TextField,
    passphrase: TextField,
    again: TextField,
    /// Why the last attempt was refused.
    pub error: Option<crate::i18n::Message>,
}

impl Setup {
    /// A text field's content (the role has none: an empty field).
    pub fn field(&self, field: SetupField) -> &TextField {
        static NONE: std::sync::OnceLock<TextField> = std::sync::OnceLock::new();
        match field {
            SetupField::Role => NONE.get_or_init(TextField::default),
            SetupField::Worker => &self.worker,
            SetupField::Org => &self.org,
            SetupField::Campaign => &self.campaign,
            SetupField::CoordinatorKey => &self.key,
            SetupField::Passphrase => &self.passphrase,
            SetupField::Again => &self.again,
        }
    }

    fn field_mut(&mut self, field: SetupField) -> Option<&mut TextField> {
        Some(match field {
            SetupField::Role => return None,
            SetupField::Worker => &mut self.worker,
            SetupField::Org => &mut self.org,
            SetupField::Campaign => &mut self.campaign,
            SetupField::CoordinatorKey => &mut self.key,
            SetupField::Passphrase => &mut self.passphrase,
            SetupField::Again => &mut self.again,
        })
    }

    /// Moves the focus by `step` fields, skipping the coordinator key on a coordinator.
    fn move_focus(&mut self, step: isize) {
        let n = SetupField::ALL.len() as isize;
        let mut i = SetupField::ALL.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        loop {
            i = (i + step).rem_euclid(n);
            let f = SetupField::ALL[i as usize];
            if !(self.coordinator && f == SetupField::CoordinatorKey) {
                self.focus = f;
                return;
            }
        }
    }
}

/// The first-run screen's actions; creating the database returns the case list.
pub fn update(setup: &mut Setup, ctx: &mut Context<'_>, action: Action) -> Transition {
    match action {
        Action::NextField => setup.move_focus(1),
        Action::PrevField => setup.move_focus(-1),
        Action::Edit(edit) if setup.focus == SetupField::Role => {
            if matches!(edit, Edit::Left | Edit::Right | Edit::Insert(' ')) {
                setup.coordinator = !setup.coordinator;
            }
        }
        Action::Edit(edit) => {
            let focus = setup.focus;
            if let Some(field) = setup.field_mut(focus) {
                field.apply(edit);
            }
            setup.error = None;
        }
        Action::Submit if setup.focus != SetupField::Again => setup.move_focus(1),
        Action::Submit | Action::Save => return create_device(ctx, setup),
        _ => {}
    }
    Transition::Stay
}

/// Checks the first-run form and creates the database, or says what is wrong
/// and puts the cursor there.
fn create_device(ctx: &Context<'_>, setup: &mut Setup) -> Transition {
    use crate::setup::{NewDevice, SetupError};
    use crate::store::Role;
    let device = NewDevice {
        role: Some(if setup.coordinator {
            Role::Coordinator
        } else {
            Role::Field
        }),
        worker: setup.worker.value().to_owned(),
        org: setup.org.value().to_owned(),
        campaign: setup.campaign.value().to_owned(),
        coordinator_key: if setup.coordinator {
            String::new()
        } else {
            setup.key.value().to_owned()
        },
    };
    let passphrase = SecretString::from(setup.passphrase.value().to_owned());
    let again = SecretString::from(setup.again.value().to_owned());
    let made = device.profile().and_then(|profile| {
        crate::setup::check_new_passphrase(
            &passphrase,
            Some(&again),
            &[profile.worker.as_str(), profile.org.as_str()],
        )?;
        crate::setup::create(ctx.db_path, &passphrase, &profile)
    });
    match made {
        Ok(store) => Transition::Unlocked(Box::new(store)),
        Err(e) => {
            setup.focus = match &e {
                SetupError::Label("organisation") => SetupField::Org,
                SetupError::Label("campaign") => SetupField::Campaign,
                SetupError::Label(_) => SetupField::Worker,
                SetupError::Enrol(_) | SetupError::KeyOnCoordinator => SetupField::CoordinatorKey,
                SetupError::WeakPassphrase(_) => SetupField::Passphrase,
                SetupError::PassphraseMismatch => {
                    setup.passphrase.apply(Edit::Clear);
                    setup.again.apply(Edit::Clear);
                    SetupField::Passphrase
                }
                _ => setup.focus,
            };
            setup.error = Some(e.message());
            Transition::Stay
        }
    }
}
