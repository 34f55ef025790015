//! The duplicates review: pairs of records that look like one person,
//! found on a worker thread, shown side by side field by field (agreeing
//! `=`, differing `≠`), each confirmed as one person, rejected as
//! different people, or undone.

use super::action::Action;
use super::app::{App, Screen};
use super::sync_view::Work;
use crate::dedup::{self, Person, Verdict, normalize::name_key};
use crate::domain::RecordId;
use crate::store::Store;
use std::sync::mpsc::{Receiver, channel};

/// Pairs shown at most (the best first).
const MAX_PAIRS: usize = 500;

/// One field of a pair, side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Message key of the field's label.
    pub label: &'static str,
    /// The first record's value.
    pub a: String,
    /// The second's.
    pub b: String,
    /// `=` alike, `≠` different, blank when a side is empty.
    pub mark: &'static str,
}

/// A pair to review.
#[derive(Clone, Debug)]
pub struct PairView {
    /// The records.
    pub ids: (RecordId, RecordId),
    /// In [0, 1].
    pub score: f64,
    /// What agreed and disagreed.
    pub reasons: Vec<dedup::Reason>,
    /// The fields side by side.
    pub rows: Vec<Row>,
    /// The verdict given here, if any.
    pub verdict: Option<Verdict>,
}

/// The duplicates screen.
#[derive(Debug, Default)]
pub struct DuplicatesView {
    /// Still looking (the worker holds the database).
    pub searching: bool,
    /// The pairs not decided before, best first.
    pub pairs: Vec<PairView>,
    /// The pair shown.
    pub selected: usize,
}

fn row(label: &'static str, a: Option<&str>, b: Option<&str>, same: impl Fn(&str, &str) -> bool) -> Row {
    let mark = match (a, b) {
        (Some(x), Some(y)) if same(x, y) => "=",
        (Some(_), Some(_)) => "≠",
        _ => " ",
    };
    Row {
        label,
        a: a.unwrap_or_default().to_owned(),
        b: b.unwrap_or_default().to_owned(),
        mark,
    }
}

/// Birth dates: `=` the same, `≈` the same year where one side knows
/// less (or day and month swapped), `≠` otherwise.
fn born(a: Option<&str>, b: Option<&str>) -> Row {
    let mut r = row("tui-dup-born", a, b, |x, y| x == y);
    let year = |d: &str| d.trim_start_matches('~').get(..4).map(str::to_owned);
    if r.mark == "≠" && a.and_then(year).is_some() && a.and_then(year) == b.and_then(year) {
        r.mark = "≈";
    }
    r
}

fn rows(a: &Person, b: &Person) -> Vec<Row> {
    let names = |x: &str, y: &str| name_key(x) == name_key(y);
    let places = |x: &str, y: &str| dedup::normalize::place_key(x) == dedup::normalize::place_key(y);
    let exact = |x: &str, y: &str| x == y;
    let latin = |p: &Person| {
        let parts: Vec<&str> = [&p.surname_latin, &p.given_name_latin]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    vec![
        row(
            "tui-dup-surname",
            a.surname.as_deref(),
            b.surname.as_deref(),
            names,
        ),
        row(
            "tui-dup-given",
            a.given_name.as_deref(),
            b.given_name.as_deref(),
            names,
        ),
        row(
            "tui-dup-patronymic",
            a.patronymic.as_deref(),
            b.patronymic.as_deref(),
            |x, y| dedup::normalize::patronymic_key(x) == dedup::normalize::patronymic_key(y),
        ),
        row("tui-dup-latin", latin(a).as_deref(), latin(b).as_deref(), names),
        born(a.birth_date.as_deref(), b.birth_date.as_deref()),
        row("tui-dup-sex", a.sex.as_deref(), b.sex.as_deref(), exact),
        row(
            "tui-dup-place",
            a.birth_place.as_deref(),
            b.birth_place.as_deref(),
            places,
        ),
        row("tui-dup-iin", a.iin.as_deref(), b.iin.as_deref(), exact),
        row(
            "tui-dup-reference",
            a.reference.as_deref(),
            b.reference.as_deref(),
            exact,
        ),
    ]
}

/// Finds the undecided pairs of `store` (the work the screen's worker does).
pub fn undecided_pairs(store: &Store) -> Result<Vec<PairView>, crate::store::StoreError> {
    let people = dedup::load(store)?;
    let verdicts = dedup::verdicts(&people);
    let pairs = dedup::find_pairs(&people, dedup::DEFAULT_MIN_SCORE);
    Ok(pairs
        .into_iter()
        .filter(|p| {
            let (a, b) = (people[p.a].id, people[p.b].id);
            !verdicts.contains_key(&(a.min(b), a.max(b)))
        })
        .take(MAX_PAIRS)
        .map(|p| PairView {
            ids: (people[p.a].id, people[p.b].id),
            score: p.score,
            reasons: p.reasons.clone(),
            rows: rows(&people[p.a], &people[p.b]),
            verdict: None,
        })
        .collect())
}

impl App {
    /// Starts looking for pairs on a worker thread, which holds the
    /// database until it is done.
    pub(super) fn start_duplicates(&mut self) -> Option<Receiver<Work>> {
        let store = self.store.take()?;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // A failed read is said, not shown as "no pair left".
            let pairs = undecided_pairs(&store).ok();
            let _ = tx.send(Work::Pairs(Box::new(store), pairs));
        });
        Some(rx)
    }
}

/// The duplicates screen's actions.
pub fn update_duplicates(app: &mut App, view: &mut DuplicatesView, action: Action) -> Option<Screen> {
    if view.searching {
        return None;
    }
    let last = view.pairs.len().saturating_sub(1);
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::Up | Action::PrevField => view.selected = view.selected.saturating_sub(1),
        Action::Down | Action::NextField => view.selected = (view.selected + 1).min(last),
        Action::ConfirmSame | Action::RejectPair | Action::UndoVerdict => {
            let pair = view.pairs.get_mut(view.selected)?;
            let verdict = match action {
                Action::ConfirmSame => Some(Verdict::Same),
                Action::RejectPair => Some(Verdict::Different),
                _ => None,
            };
            let store = app.store.as_mut()?;
            let (a, b) = pair.ids;
            match dedup::judge(store, a, b, verdict) {
                Ok(()) => {
                    pair.verdict = verdict;
                    if verdict.is_some() {
                        view.selected = (view.selected + 1).min(last);
                    }
                }
                Err(_) => app.notice = Some("tui-error-save"),
            }
        }
        _ => {}
    }
    None
}
