//! Keys → actions: a binding is keys, an action and the message key of its
//! description; each screen declares its list beside it, and the help
//! overlay and the status bar are made from these lists. Outside text
//! fields, letters typed on a Russian or Kazakh (ЙЦУКЕН) layout count as
//! the Latin letter on the same key.

use super::action::{Action, Edit};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

/// A set of bindings that apply together: a screen, or a state of one
/// (its search, its option list), each declared beside its screen.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Its name (two modes are the same when their names are).
    pub name: &'static str,
    /// Its own bindings; the ones every mode has follow them.
    pub bindings: &'static [Binding],
    /// A text field takes the characters no binding claims.
    pub types_text: bool,
}

impl PartialEq for Mode {
    fn eq(&self, other: &Mode) -> bool {
        self.name == other.name
    }
}

impl Eq for Mode {}

impl Mode {
    /// Its bindings, then the ones every mode has.
    pub fn all(&self) -> Vec<Binding> {
        self.bindings.iter().chain(COMMON.iter()).copied().collect()
    }
}

/// One key binding.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys (any of them).
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are shown.
    pub label: &'static str,
    /// What they do.
    pub action: Action,
    /// Message key of the description.
    pub help: &'static str,
    /// Shown in the status bar (the help overlay shows all).
    pub bar: bool,
}

/// No modifier key.
pub const NONE: KeyModifiers = KeyModifiers::NONE;
/// Shift.
pub const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
/// Control.
pub const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// A binding (for the `const` lists beside each screen).
pub const fn bind(
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    action: Action,
    help: &'static str,
    bar: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
        bar,
    }
}

/// The bindings every mode has.
#[rustfmt::skip]
pub const COMMON: [Binding; 2] = [
    bind(&[(KeyCode::F(2), NONE)], "F2", Action::NextLanguage, "tui-key-language", true),
    bind(&[(KeyCode::Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "tui-key-redraw", false),
];

/// The help overlay's keys.
pub const HELP_MODE: Mode = Mode {
    name: "help",
    bindings: &HELP,
    types_text: false,
};

/// The help overlay's bindings.
#[rustfmt::skip]
const HELP: [Binding; 3] = [
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT), (KeyCode::Char('q'), NONE)], "Esc", Action::Close, "tui-key-close", true),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓", Action::Down, "tui-key-help-down", true),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑", Action::Up, "tui-key-help-up", false),
];

/// The Latin letter on the same key of a US keyboard as a letter of the
/// Russian ЙЦУКЕН layout (Kazakh keeps these positions).
fn latin_key(c: char) -> Option<char> {
    const RU: &str = "йцукенгшщзхъфывапролджэячсмитьбю.ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,";
    const US: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,./QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?";
    RU.chars().position(|r| r == c).and_then(|i| US.chars().nth(i))
}

fn matches(binding: &Binding, key: &KeyEvent) -> bool {
    binding
        .keys
        .iter()
        .any(|(code, mods)| *code == key.code && *mods == key.modifiers)
}

fn edit(key: &KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('w' | 'h') if ctrl => Edit::DeleteWord,
        KeyCode::Char('u') if ctrl => Edit::Clear,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        _ => return None,
    })
}

/// The action for a key press in `mode`, if any.
pub fn key_action(mode: Mode, key: &KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let all = mode.all();
    if let Some(b) = all.iter().find(|b| matches(b, key)) {
        return Some(b.action);
    }
    if mode.types_text {
        return edit(key).map(Action::Edit);
    }
    // A shortcut typed on the Russian layout.
    if let KeyCode::Char(c) = key.code
        && let Some(latin) = latin_key(c)
    {
        let mods = if latin.is_ascii_uppercase() || "{}:\"<>?".contains(latin) {
            key.modifiers | KeyModifiers::SHIFT
        } else {
            key.modifiers
        };
        let translated = KeyEvent::new(KeyCode::Char(latin), mods);
        return all.iter().find(|b| matches(b, &translated)).map(|b| b.action);
    }
    None
}

/// The action for any terminal event in `mode`.
pub fn event_action(mode: Mode, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(mode, key),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::Down(_) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}
