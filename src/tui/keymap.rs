//! Keys → actions, per mode, each binding with the message key of its
//! description: the help overlay and the status bar are made from these
//! lists. Outside text fields, letters typed on a Russian or Kazakh
//! (ЙЦУКЕН) layout count as the Latin letter on the same key.

use super::action::{Action, Edit};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

/// Which bindings apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Typing the passphrase.
    Unlock,
    /// Setting up a new device on first run.
    Setup,
    /// Moving in the case list.
    List,
    /// Typing a search above the case list.
    Search,
    /// Filling in the intake form.
    Form,
    /// Choosing from the option list under a form field.
    Picker,
    /// Looking at one record.
    Record,
    /// Choosing bundles to import (and watching the import).
    Import,
    /// The fields in conflict.
    Conflicts,
    /// The devices that sent bundles.
    Devices,
    /// Typing why a device's key is revoked.
    Reason,
    /// Reviewing pairs that look like one person.
    Duplicates,
    /// The campaign statistics.
    Reports,
    /// The help overlay is open.
    Help,
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

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn bind(
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

#[rustfmt::skip]
const COMMON: [Binding; 2] = [
    bind(&[(KeyCode::F(2), NONE)], "F2", Action::NextLanguage, "tui-key-language", true),
    bind(&[(KeyCode::Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "tui-key-redraw", false),
];

#[rustfmt::skip]
const UNLOCK: [Binding; 2] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-unlock", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Quit, "tui-key-quit", true),
];

#[rustfmt::skip]
const SETUP: [Binding; 5] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-next-or-create", true),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-create", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Quit, "tui-key-quit", true),
];

#[rustfmt::skip]
const FORM: [Binding; 11] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-form-enter", false),
    bind(&[(KeyCode::Char('n'), CTRL)], "Ctrl-N", Action::AddEntry, "tui-key-add-entry", false),
    bind(&[(KeyCode::Char('d'), CTRL)], "Ctrl-D", Action::RemoveEntry, "tui-key-remove-entry", false),
    bind(&[(KeyCode::Char('o'), CTRL)], "Ctrl-O", Action::OpenSimilar, "tui-key-open-similar", false),
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::NextSection, "tui-key-next-section", true),
    bind(&[(KeyCode::PageUp, NONE)], "PgUp", Action::PrevSection, "tui-key-prev-section", false),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-save", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const PICKER: [Binding; 9] = [
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-option-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-option-down", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Pick, "tui-key-pick", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::CancelPick, "tui-key-cancel-pick", true),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-next-field", false),
    bind(&[(KeyCode::BackTab, SHIFT)], "S-Tab", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::NextSection, "tui-key-next-section", false),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-save", false),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const RECORD: [Binding; 9] = [
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-edit", true),
    bind(&[(KeyCode::Char('1'), NONE)], "1", Action::SetStatus(1), "tui-key-status", true),
    bind(&[(KeyCode::Char('2'), NONE)], "2", Action::SetStatus(2), "tui-key-status", false),
    bind(&[(KeyCode::Char('3'), NONE)], "3", Action::SetStatus(3), "tui-key-status", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-history-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-history-down", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
    bind(&[(KeyCode::Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "tui-key-redraw", false),
];

#[rustfmt::skip]
const LIST: [Binding; 22] = [
    bind(&[(KeyCode::Char('n'), NONE)], "n", Action::NewRecord, "tui-key-new", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Open, "tui-key-open", true),
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-edit", false),
    bind(&[(KeyCode::Char('/'), NONE)], "/", Action::Search, "tui-key-search", true),
    bind(&[(KeyCode::Char('m'), NONE)], "m", Action::ToggleMine, "tui-key-mine", false),
    bind(&[(KeyCode::Char('d'), NONE)], "d", Action::ToggleOverdue, "tui-key-overdue", false),
    bind(&[(KeyCode::Char('s'), NONE)], "s", Action::NextStatusFilter, "tui-key-status-filter", false),
    bind(&[(KeyCode::Char('S'), SHIFT)], "S", Action::PrevStatusFilter, "tui-key-status-filter-back", false),
    bind(&[(KeyCode::Char('o'), NONE)], "o", Action::NextOrder, "tui-key-order", false),
    bind(&[(KeyCode::Char('i'), NONE)], "i", Action::OpenImport, "tui-key-import", false),
    bind(&[(KeyCode::Char('c'), NONE)], "c", Action::OpenConflicts, "tui-key-conflicts", false),
    bind(&[(KeyCode::Char('D'), SHIFT)], "D", Action::OpenDevices, "tui-key-devices", false),
    bind(&[(KeyCode::Char('p'), NONE)], "p", Action::OpenDuplicates, "tui-key-duplicates", false),
    bind(&[(KeyCode::Char('r'), NONE)], "r", Action::OpenReports, "tui-key-reports", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::PageUp, NONE)], "PgUp", Action::PageUp, "tui-key-page-up", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::PageDown, "tui-key-page-down", false),
    bind(&[(KeyCode::Home, NONE), (KeyCode::Char('g'), NONE)], "Home g", Action::Top, "tui-key-top", false),
    bind(&[(KeyCode::End, NONE), (KeyCode::Char('G'), SHIFT)], "End G", Action::Bottom, "tui-key-bottom", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
    bind(&[(KeyCode::Char('q'), NONE)], "q", Action::Quit, "tui-key-quit", true),
];

#[rustfmt::skip]
const SEARCH: [Binding; 4] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::KeepSearch, "tui-key-keep-search", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::ClearSearch, "tui-key-clear-search", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
];

#[rustfmt::skip]
const IMPORT: [Binding; 6] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-import-start", true),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-import-choose", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const CONFLICTS: [Binding; 8] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Right, NONE), (KeyCode::Tab, NONE)], "→ Tab", Action::NextField, "tui-key-candidate-next", true),
    bind(&[(KeyCode::Left, NONE), (KeyCode::BackTab, SHIFT)], "←", Action::PrevField, "tui-key-candidate-prev", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-resolve", true),
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-resolve-edit", true),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const DEVICES: [Binding; 6] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Char('t'), NONE)], "t", Action::TrustDevice, "tui-key-trust", true),
    bind(&[(KeyCode::Char('r'), NONE)], "r", Action::RevokeDevice, "tui-key-revoke", true),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
];

#[rustfmt::skip]
const REASON: [Binding; 2] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-revoke-confirm", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-cancel", true),
];

#[rustfmt::skip]
const DUPLICATES: [Binding; 7] = [
    bind(&[(KeyCode::Char('y'), NONE)], "y", Action::ConfirmSame, "tui-key-same", true),
    bind(&[(KeyCode::Char('n'), NONE)], "n", Action::RejectPair, "tui-key-different", true),
    bind(&[(KeyCode::Char('u'), NONE)], "u", Action::UndoVerdict, "tui-key-undo-verdict", true),
    bind(&[(KeyCode::Right, NONE), (KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "→ ↓", Action::Down, "tui-key-next-pair", true),
    bind(&[(KeyCode::Left, NONE), (KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "← ↑", Action::Up, "tui-key-prev-pair", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const REPORTS: [Binding; 9] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Right, NONE)], "Tab →", Action::NextField, "tui-key-chart-next", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Left, NONE)], "←", Action::PrevField, "tui-key-chart-prev", false),
    bind(&[(KeyCode::Char('s'), NONE)], "s", Action::ToggleHideSmall, "tui-key-hide-small", true),
    bind(&[(KeyCode::Char('x'), NONE)], "x", Action::WriteXlsx, "tui-key-write-xlsx", true),
    bind(&[(KeyCode::Char('h'), NONE)], "h", Action::WriteHtml, "tui-key-write-html", true),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

#[rustfmt::skip]
const HELP: [Binding; 3] = [
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT), (KeyCode::Char('q'), NONE)], "Esc", Action::Close, "tui-key-close", true),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓", Action::Down, "tui-key-help-down", true),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑", Action::Up, "tui-key-help-up", false),
];

/// The bindings of a mode, its own first, then the ones every mode has.
pub fn bindings(mode: Mode) -> Vec<Binding> {
    let own: &[Binding] = match mode {
        Mode::Unlock => &UNLOCK,
        Mode::Setup => &SETUP,
        Mode::List => &LIST,
        Mode::Search => &SEARCH,
        Mode::Form => &FORM,
        Mode::Picker => &PICKER,
        Mode::Record => &RECORD,
        Mode::Import => &IMPORT,
        Mode::Conflicts => &CONFLICTS,
        Mode::Devices => &DEVICES,
        Mode::Reason => &REASON,
        Mode::Duplicates => &DUPLICATES,
        Mode::Reports => &REPORTS,
        Mode::Help => &HELP,
    };
    own.iter().chain(COMMON.iter()).copied().collect()
}

/// Whether the mode has a text field that takes typed characters.
fn types_text(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::Unlock | Mode::Setup | Mode::Search | Mode::Form | Mode::Picker | Mode::Import | Mode::Reason
    )
}

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
    let all = bindings(mode);
    if let Some(b) = all.iter().find(|b| matches(b, key)) {
        return Some(b.action);
    }
    if types_text(mode) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shortcuts_work_on_the_russian_layout_outside_text_fields() {
        let q = press(KeyCode::Char('й'), NONE);
        assert_eq!(key_action(Mode::List, &q), Some(Action::Quit));
        let slash = press(KeyCode::Char('.'), NONE);
        assert_eq!(key_action(Mode::List, &slash), Some(Action::Search));
        let question = press(KeyCode::Char(','), SHIFT);
        assert_eq!(key_action(Mode::List, &question), Some(Action::Help));
        // In a text field the Cyrillic letter is text.
        assert_eq!(
            key_action(Mode::Search, &q),
            Some(Action::Edit(Edit::Insert('й')))
        );
    }

    #[test]
    fn only_key_presses_count() {
        let mut release = press(KeyCode::Char('q'), NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_action(Mode::List, &release), None);
    }

    #[test]
    fn every_binding_has_a_description_in_every_language() {
        for mode in [
            Mode::Unlock,
            Mode::Setup,
            Mode::List,
            Mode::Search,
            Mode::Form,
            Mode::Picker,
            Mode::Record,
            Mode::Import,
            Mode::Conflicts,
            Mode::Devices,
            Mode::Reason,
            Mode::Duplicates,
            Mode::Reports,
            Mode::Help,
        ] {
            for b in bindings(mode) {
                for lang in crate::i18n::Lang::ALL {
                    assert!(
                        crate::i18n::Texts::get(lang).has(b.help),
                        "{} in {}",
                        b.help,
                        lang.tag()
                    );
                }
            }
        }
    }
}
