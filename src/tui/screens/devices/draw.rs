//! Draws the devices screen: trust, key fingerprint, bundles received
//! and missing, the revocation prompt.

use super::DevicesView;
use crate::tui::transition::View;
use crate::tui::widgets::lines::{highlighted, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the devices screen: each device's trust, worker, key fingerprint,
/// bundles, revocation (who, when, why), a copied laptop, a clock far
/// ahead and changes set aside; the reason being typed for a revocation.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, view: &DevicesView) {
    let t = ctx.texts;
    // A hand-over's question or answer may take two rows; nothing is cut.
    let note_rows = if view.handover.is_some() || view.handed.is_some() || view.reason.is_some() || view.handing.is_some()
    {
        2
    } else {
        1
    };
    let [head, note, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(note_rows),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        title(t.text("tui-devices-title", &[("count", view.peers.len().into())])),
        head,
    );
    if let Some(reason) = view.reason {
        // The chosen one in brackets, not by colour alone.
        let choices: Vec<String> = crate::sync::devices::RevokeReason::ALL
            .into_iter()
            .map(|r| {
                let words = t.text(r.message_key(), &[]);
                if r == reason { format!("[{words}]") } else { words }
            })
            .collect();
        let line = format!("{} {}", t.text("tui-devices-reason", &[]), choices.join(" · "));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), note);
    } else if let Some(to) = view.handover.and_then(|i| view.peers.get(i)) {
        let from = view.peers.get(view.selected).map(|p| p.device.short()).unwrap_or_default();
        let line = t.text(
            "tui-handover-ask",
            &[
                ("from", from.into()),
                ("to", to.device.short().into()),
                ("who", crate::domain::visible::visible(&to.worker).into_owned().into()),
            ],
        );
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), note);
    } else if let Some((from, to)) = view.handing {
        frame.render_widget(
            Paragraph::new(t.text(
                "tui-handover-running",
                &[("from", from.short().into()), ("to", to.short().into())],
            ))
            .wrap(Wrap { trim: true }),
            note,
        );
    } else if let Some((count, from, to)) = view.handed {
        frame.render_widget(
            Paragraph::new(t.text(
                "tui-handover-done",
                &[("count", count.into()), ("from", from.short().into()), ("to", to.short().into())],
            ))
            .wrap(Wrap { trim: true }),
            note,
        );
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
                p.device.short(),
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
