//! A case's paperwork, from the record view (or the form's Ctrl-F): scans
//! attached from a folder (a camera card, a scanner's folder, a stick),
//! copies of the attachments written to a folder the user confirms, and
//! letters made from the templates. Whatever is written out is said,
//! with where; nothing goes to a silent temporary file.

pub mod draw;

use crate::attach;
use crate::documents::{self, Format};
use crate::domain::RecordId;
use crate::i18n::{Arg, Message};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, bind};
pub use crate::tui::transition::PaperTask as Task;
use crate::tui::transition::{Context, Target, Transition, today};
use crate::tui::widgets::chooser::{FileChooser, Kind};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};


/// Attaching: choose files, Enter attaches.
#[rustfmt::skip]
pub const ATTACH: [Binding; 5] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-attach-start", true),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-import-choose", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back-record", true),
];

/// Copies: confirm the folder with Enter.
#[rustfmt::skip]
pub const COPIES: [Binding; 2] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-copies-write", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back-record", true),
];

/// Letters: a template, the format, the folder.
#[rustfmt::skip]
pub const LETTER: [Binding; 5] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-letter-write", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-letter-format", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back-record", true),
];

/// Attaching.
pub const ATTACH_MODE: Mode = Mode {
    name: "attach",
    bindings: &ATTACH,
    types_text: true,
};
/// Copies.
pub const COPIES_MODE: Mode = Mode {
    name: "copies",
    bindings: &COPIES,
    types_text: true,
};
/// Letters.
pub const LETTER_MODE: Mode = Mode {
    name: "letter",
    bindings: &LETTER,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 3] = [ATTACH_MODE, COPIES_MODE, LETTER_MODE];

/// The keys that apply now.
pub fn mode(screen: &PaperScreen) -> Mode {
    match screen.task {
        Task::Attach => ATTACH_MODE,
        Task::Copies => COPIES_MODE,
        Task::Letter => LETTER_MODE,
    }
}

/// The paperwork screen.
#[derive(Debug)]
pub struct PaperScreen {
    /// Whose.
    pub record: RecordId,
    /// What for.
    pub task: Task,
    /// Attaching: the folder and its scans.
    pub chooser: FileChooser,
    /// Copies and letters: the folder they go to.
    pub folder: TextField,
    /// The attachments (copies) as `describe` says them.
    pub attachments: Vec<String>,
    /// Letters: the templates (id, title in the interface language).
    pub templates: Vec<(String, String)>,
    /// The templates themselves.
    pub loaded: Vec<documents::Template>,
    /// The highlighted template.
    pub selected: usize,
    /// DOCX or PDF.
    pub format: Format,
    /// What was done, one message a line.
    pub said: Vec<Message>,
}

impl PaperScreen {
    /// The screen for `task` on `record`, starting in `folder`.
    pub fn new(record: RecordId, task: Task, folder: &Path) -> PaperScreen {
        PaperScreen {
            record,
            task,
            chooser: FileChooser::of(folder, Kind::Scans),
            folder: TextField::from_text(&folder.display().to_string()),
            attachments: Vec::new(),
            templates: Vec::new(),
            loaded: Vec::new(),
            selected: 0,
            format: Format::Docx,
            said: Vec::new(),
        }
    }

    /// Lists `templates` to choose from (titles in `lang`).
    pub fn with_templates(mut self, templates: Vec<documents::Template>, lang: crate::i18n::Lang) -> Self {
        self.templates = templates
            .iter()
            .map(|t| (t.id.clone(), t.title.get(lang).to_owned()))
            .collect();
        self.loaded = templates;
        self
    }
}

/// The screen's actions.
pub fn update(screen: &mut PaperScreen, ctx: &mut Context<'_>, action: Action) -> Transition {
    match (screen.task, action) {
        (_, Action::Back) => return Transition::Open(Target::Record(screen.record)),
        (Task::Attach, Action::Edit(edit)) => screen.chooser.edit_folder(edit),
        (Task::Attach, Action::Up) => screen.chooser.step(false),
        (Task::Attach, Action::Down) => screen.chooser.step(true),
        (Task::Attach, Action::NextField) => screen.chooser.toggle(),
        (Task::Attach, Action::Submit) => attach_chosen(screen, ctx),
        (Task::Copies | Task::Letter, Action::Edit(edit)) => {
            screen.folder.apply(edit);
        }
        (Task::Letter, Action::Up) => screen.selected = screen.selected.saturating_sub(1),
        (Task::Letter, Action::Down) => {
            screen.selected = (screen.selected + 1).min(screen.templates.len().saturating_sub(1));
        }
        (Task::Letter, Action::NextField) => {
            screen.format = match screen.format {
                Format::Docx => Format::Pdf,
                Format::Pdf => Format::Docx,
            };
        }
        (Task::Copies, Action::Submit) => write_copies(screen, ctx),
        (Task::Letter, Action::Submit) => write_letter(screen, ctx),
        _ => {}
    }
    Transition::Stay
}

fn path_arg(p: &Path) -> Arg {
    Arg::from(p.display().to_string())
}

fn attach_chosen(screen: &mut PaperScreen, ctx: &mut Context<'_>) {
    let files = screen.chooser.chosen();
    screen.said.clear();
    if files.is_empty() {
        screen.said.push(Message::new("tui-attach-none", vec![]));
        return;
    }
    let Some(store) = ctx.store.as_deref_mut() else { return };
    let form = ctx.form;
    let max_mb = attach::max_mb(store).unwrap_or(attach::DEFAULT_MAX_MB);
    for path in files {
        let added = attach::read_file(&path, max_mb)
            .and_then(|raw| attach::attach(store, form, screen.record, &path, &raw, &Default::default(), today()));
        screen.said.push(match added {
            Ok(a) => Message::new(
                "tui-attach-done",
                vec![
                    ("file", Arg::from(a.attachment.name.as_str())),
                    ("size", Arg::from(a.attachment.size.div_ceil(1024))),
                ],
            ),
            Err(e) => e
                .message()
                .unwrap_or_else(|| Message::new("tui-error-save", vec![])),
        });
    }
}

fn folder_of(screen: &PaperScreen) -> PathBuf {
    PathBuf::from(screen.folder.value().trim())
}

fn write_copies(screen: &mut PaperScreen, ctx: &mut Context<'_>) {
    screen.said.clear();
    let Some(store) = ctx.store.as_deref_mut() else { return };
    let dir = folder_of(screen);
    let result = attach::choose(store, screen.record, None)
        .and_then(|chosen| attach::export(store, screen.record, &chosen, &dir));
    match result {
        Ok(written) if written.is_empty() => screen.said.push(Message::new(
            "attach-list-none",
            vec![("record", Arg::from(screen.record.to_string()))],
        )),
        Ok(written) => {
            screen.said.push(Message::new(
                "attach-exported",
                vec![("count", Arg::from(written.len())), ("dir", path_arg(&dir))],
            ));
            for p in written {
                screen.said.push(Message::new("tui-written", vec![("file", path_arg(&p))]));
            }
        }
        Err(e) => screen
            .said
            .push(e.message().unwrap_or_else(|| Message::new("tui-error-save", vec![]))),
    }
}

fn write_letter(screen: &mut PaperScreen, ctx: &mut Context<'_>) {
    screen.said.clear();
    let Some((id, _)) = screen.templates.get(screen.selected).cloned() else { return };
    let Some(store) = ctx.store.as_deref_mut() else { return };
    let form = ctx.form;
    let ext = match screen.format {
        Format::Docx => "docx",
        Format::Pdf => "pdf",
    };
    let dir = folder_of(screen);
    let day = today();
    let out = free(&dir, &format!("{id}-{}", day.format("%Y-%m-%d")), ext);
    let lang = ctx.texts.lang();
    match documents::generate(store, form, &screen.loaded, screen.record, &id, lang, screen.format, &out, day) {
        Ok(made) => {
            screen.said.push(Message::new("document-done", vec![("file", path_arg(&made.path))]));
            if made.request.is_some() {
                screen.said.push(Message::new("tui-letter-request", vec![]));
            }
        }
        Err(e) => screen.said.push(
            e.message(screen.record)
                .unwrap_or_else(|| Message::new("tui-error-save", vec![])),
        ),
    }
}

/// `dir/stem.ext`, or `stem-2.ext` … when it is taken.
fn free(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
