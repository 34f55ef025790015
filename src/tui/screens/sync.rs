//! The coordinator's screens: import (folder, files with checkboxes, a
//! progress bar, the summary), conflicts (each field with its candidates
//! side by side: value, author, device, time) and devices (trust, key
//! fingerprint, bundles received and missing).

use crate::sync::import::Imported;
use crate::tui::app::App;
use crate::tui::intake_form::{display, field_at};
use crate::tui::sync_view::{ConflictsView, DevicesView, ImportScreen, Phase, Said, short};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Wrap};

fn title(text: String) -> Line<'static> {
    Line::styled(
        format!("Intake — {text}"),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

fn highlighted(text: String, here: bool) -> Line<'static> {
    if here {
        Line::styled(
            format!("›{text}"),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    } else {
        Line::from(format!(" {text}"))
    }
}

/// The lines of one imported file, in the interface language.
fn words(app: &App, said: &Said) -> Vec<Line<'static>> {
    let t = app.texts;
    let file = || crate::i18n::Arg::from(said.file.as_str());
    let lines = match &said.outcome {
        Ok(Imported::Merged {
            sender,
            summary,
            notes,
            ..
        }) => {
            let mut lines = vec![t.text(
                "tui-import-merged",
                &[
                    ("file", file()),
                    ("ops", summary.new_ops.into()),
                    ("records", summary.new_records.into()),
                    ("conflicts", summary.new_conflicts.into()),
                ],
            )];
            lines.extend(crate::sync::summary::note_lines(t, &sender.describe(t), notes));
            lines
        }
        Ok(Imported::AlreadyImported { .. }) => vec![t.text("tui-import-already", &[("file", file())])],
        Ok(Imported::Quarantined { sender }) => vec![
            t.text(
                "tui-import-quarantined",
                &[
                    ("file", file()),
                    ("device", short(sender.device).into()),
                    (
                        "who",
                        crate::domain::visible::visible(&sender.worker)
                            .into_owned()
                            .into(),
                    ),
                    ("key", sender.fingerprint.as_str().into()),
                ],
            ),
        ],
        Err(refusal) => vec![t.text(
            "tui-import-refused",
            &[("file", file()), ("reason", refusal.render(t).into())],
        )],
    };
    lines.into_iter().map(Line::from).collect()
}

/// Draws the import screen.
pub fn draw_import(frame: &mut Frame<'_>, area: Rect, app: &App, import: &ImportScreen) {
    let t = app.texts;
    let [head, folder, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    frame.render_widget(title(t.text("tui-import-title", &[])), head);
    let label = t.text("tui-import-folder", &[]);
    frame.render_widget(Line::from(format!("{label}: {}", import.folder.value())), folder);
    match import.phase {
        Phase::Choosing => {
            let width = u16::try_from(unicode_width::UnicodeWidthStr::width(label.as_str())).unwrap_or(0);
            frame.set_cursor_position(Position::new(
                folder.x + width + 2 + import.folder.cursor_column(),
                folder.y,
            ));
            let mut lines = vec![Line::from(
                t.text("tui-import-files", &[("count", import.files.len().into())]),
            )];
            let visible = usize::from(body.height.saturating_sub(1)).max(1);
            let start = (import.selected + 1).saturating_sub(visible);
            for (i, (path, chosen)) in import.files.iter().enumerate().skip(start).take(visible) {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let mark = if *chosen { "[✓]" } else { "[ ]" };
                lines.push(highlighted(format!("{mark} {name}"), i == import.selected));
            }
            frame.render_widget(Paragraph::new(lines), body);
        }
        Phase::Running { done, total } => {
            let [gauge, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
            let ratio = if total == 0 {
                1.0
            } else {
                done as f64 / total as f64
            };
            frame.render_widget(
                Gauge::default().ratio(ratio.clamp(0.0, 1.0)).label(t.text(
                    "tui-import-progress",
                    &[("done", done.into()), ("total", total.into())],
                )),
                gauge,
            );
            let lines: Vec<Line<'_>> = import.summary.iter().flat_map(|s| words(app, s)).collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        }
        Phase::Done => {
            let mut lines = vec![Line::styled(
                t.text("tui-import-done", &[("count", import.summary.len().into())]),
                Style::default().add_modifier(Modifier::BOLD),
            )];
            lines.extend(import.summary.iter().flat_map(|s| words(app, s)));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
    }
}

/// Draws the conflicts screen.
pub fn draw_conflicts(frame: &mut Frame<'_>, area: Rect, app: &App, view: &ConflictsView) {
    let t = app.texts;
    let form = &app.form;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        title(t.text("tui-conflicts-title", &[("count", view.entries.len().into())])),
        head,
    );
    if view.entries.is_empty() {
        frame.render_widget(
            Paragraph::new(format!("\n  {}", t.text("tui-conflicts-none", &[]))),
            body,
        );
        return;
    }
    let mut lines = Vec::new();
    let mut focus_line = 0;
    for (i, entry) in view.entries.iter().enumerate() {
        let here = i == view.selected;
        if here {
            focus_line = lines.len();
        }
        let mut place = if entry.field == crate::domain::FieldPath::DELETED {
            t.text("tui-conflict-deletion", &[])
        } else {
            form.place(t, &entry.field, |_, _| None)
        };
        if entry.ahead {
            place.push_str(&format!(" · {}", t.text("tui-conflict-ahead", &[])));
        }
        let name = if entry.name.is_empty() {
            entry.record.to_string().chars().take(8).collect()
        } else {
            entry.name.clone()
        };
        lines.push(highlighted(format!("{name} · {place}"), here));
        for (n, c) in entry.candidates.iter().enumerate() {
            let (author, device, time) = (crate::domain::visible::visible(&c.author), &c.device, &c.time);
            let shown = if entry.field == c.field && crate::domain::is_deletion(&c.value) {
                t.text("tui-conflict-deleted", &[])
            } else if entry.field != c.field {
                // An edit the deletion missed: keeping it keeps the record.
                let place = form.place(t, &c.field, |_, _| None);
                let value = crate::domain::visible::visible(&display(
                    form,
                    t,
                    field_at(form, &c.field),
                    Some(&c.value),
                ))
                .into_owned();
                t.text(
                    "tui-conflict-kept",
                    &[("field", place.into()), ("value", value.into())],
                )
            } else {
                match display(form, t, field_at(form, &c.field), Some(&c.value)) {
                    s if s.is_empty() => "∅".to_owned(),
                    s => crate::domain::visible::visible(&s).into_owned(),
                }
            };
            let chosen = here && n == view.candidate;
            let text = format!(
                "   {} {}  — {author}, {} {time}",
                if chosen { "▸" } else { " " },
                shown,
                short(*device)
            );
            lines.push(if chosen {
                Line::styled(text, Style::default().add_modifier(Modifier::REVERSED))
            } else {
                Line::from(text)
            });
        }
    }
    let height = usize::from(body.height);
    let top = (focus_line + 4).saturating_sub(height);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(top).collect::<Vec<_>>()),
        body,
    );
}

/// Draws the devices screen: each device's trust, worker, key fingerprint,
/// bundles, revocation (who, when, why), a copied laptop, a clock far
/// ahead and changes set aside; the reason being typed for a revocation.
pub fn draw_devices(frame: &mut Frame<'_>, area: Rect, app: &App, view: &DevicesView) {
    let t = app.texts;
    let [head, note, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        title(t.text("tui-devices-title", &[("count", view.peers.len().into())])),
        head,
    );
    if let Some(reason) = &view.reason {
        let label = t.text("tui-devices-reason", &[]);
        frame.render_widget(Line::from(format!("{label} {}", reason.value())), note);
        let width = u16::try_from(unicode_width::UnicodeWidthStr::width(label.as_str())).unwrap_or(0);
        frame.set_cursor_position(Position::new(note.x + width + 1 + reason.cursor_column(), note.y));
    } else if let Some(merged) = view.merged {
        frame.render_widget(
            Line::from(t.text("tui-devices-merged", &[("count", merged.into())])),
            note,
        );
    }
    if view.peers.is_empty() {
        frame.render_widget(
            Paragraph::new(format!("\n  {}", t.text("tui-devices-none", &[]))),
            body,
        );
        return;
    }
    let mut lines = Vec::new();
    let mut focus = 0;
    for (i, p) in view.peers.iter().enumerate() {
        if i == view.selected {
            focus = lines.len();
        }
        let key = ed25519_dalek::VerifyingKey::from_bytes(&p.signing_key)
            .map(|k| crate::sync::keys::fingerprint(&k))
            .unwrap_or_default();
        let trust = t.text(&format!("tui-trust-{}", p.trust.as_str()), &[]);
        lines.push(highlighted(
            format!(
                "{} {trust:<12} {}",
                short(p.device),
                crate::domain::visible::visible(&p.worker)
            ),
            i == view.selected,
        ));
        lines.push(Line::from(format!("   {} {key}", t.text("tui-devices-key", &[]))));
        let missing = p.missing();
        let last = p.sequences.last().copied().unwrap_or(0);
        let mut received = t.text("tui-devices-received", &[("last", last.into())]);
        if !missing.is_empty() {
            received.push_str(&format!(
                " · {}",
                t.text("tui-devices-missing", &[("list", missing.list().into())])
            ));
        }
        lines.push(Line::from(format!("   {received}")));
        // Revocation, copy, clock: the same sentences as `intake devices list`.
        for extra in crate::sync::summary::peer_warnings(t, p) {
            lines.push(Line::from(format!("   {extra}")));
        }
        if let Some((_, n)) = view.set_aside.iter().find(|(d, n)| *d == p.device && *n > 0) {
            lines.push(Line::from(format!(
                "   {}",
                t.text("devices-set-aside", &[("count", (*n).into())])
            )));
        }
    }
    let height = usize::from(body.height);
    let top = (focus + 5).saturating_sub(height);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(top).collect::<Vec<_>>()).wrap(Wrap { trim: false }),
        body,
    );
}
