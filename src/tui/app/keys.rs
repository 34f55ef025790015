//! Which bindings apply in each mode: the screen's own list (declared
//! beside the screen), then the ones every mode has.

use crate::tui::action::Action;
use crate::tui::keymap::{self, Binding, COMMON, HELP, Mode};
use crate::tui::screens::{
    conflicts, devices, duplicates, form, import, list, record, reports, setup, unlock,
};
use crate::tui::widgets::confirm;
use ratatui::crossterm::event::{Event, KeyEvent};

/// The bindings of a mode, its own first, then the ones every mode has.
pub fn bindings(mode: Mode) -> Vec<Binding> {
    let own: &[Binding] = match mode {
        Mode::Unlock => &unlock::BINDINGS,
        Mode::Setup => &setup::BINDINGS,
        Mode::List => &list::BINDINGS,
        Mode::Search => &list::SEARCH_BINDINGS,
        Mode::Form => &form::BINDINGS,
        Mode::Picker => &form::PICKER_BINDINGS,
        Mode::Record => &record::BINDINGS,
        Mode::Import => &import::BINDINGS,
        Mode::Conflicts => &conflicts::BINDINGS,
        Mode::Devices => &devices::BINDINGS,
        Mode::Reason => &devices::REASON_BINDINGS,
        Mode::Duplicates => &duplicates::BINDINGS,
        Mode::Reports => &reports::BINDINGS,
        Mode::Confirm => &confirm::BINDINGS,
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

/// The action for a key press in `mode`, if any.
pub fn key_action(mode: Mode, key: &KeyEvent) -> Option<Action> {
    keymap::key_action(&bindings(mode), types_text(mode), key)
}

/// The action for any terminal event in `mode`.
pub fn event_action(mode: Mode, event: &Event) -> Option<Action> {
    keymap::event_action(&bindings(mode), types_text(mode), event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Edit;
    use crate::tui::keymap::{NONE, SHIFT};
    use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

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
            Mode::Confirm,
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
