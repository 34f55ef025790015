//! The duplicates review: pairs of records that look like one person,
//! found on a worker thread, shown side by side field by field (agreeing
//! `=`, differing `≠`), each confirmed as one person, rejected as
//! different people, or undone.

pub mod draw;

use crate::dedup::{self, Person, Verdict, normalize::name_key};
use crate::domain::RecordId;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use ratatui::crossterm::event::KeyCode;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 7] = [
    bind(&[(KeyCode::Char('y'), NONE)], "y", Action::ConfirmSame, "tui-key-same", true),
    bind(&[(KeyCode::Char('n'), NONE)], "n", Action::RejectPair, "tui-key-different", true),
    bind(&[(KeyCode::Char('u'), NONE)], "u", Action::UndoVerdict, "tui-key-undo-verdict", true),
    bind(&[(KeyCode::Right, NONE), (KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "→ ↓", Action::Down, "tui-key-next-pair", true),
    bind(&[(KeyCode::Left, NONE), (KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "← ↑", Action::Up, "tui-key-prev-pair", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "duplicates",
    bindings: &BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &DuplicatesView) -> Mode {
    MODE
}

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
    /// Every record of the cluster the pair is in (name and birth date),
    /// or none when the pair was kept apart.
    pub cluster: Vec<String>,
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

/// Finds the undecided pairs of `store` (the work the screen's worker
/// does): those inside a cluster first, by cluster, then those kept apart
/// (above the threshold, but joining them would chain unlike records).
pub fn undecided_pairs(store: &Store) -> Result<Vec<PairView>, crate::store::StoreError> {
    let people = dedup::load(store)?;
    let verdicts = dedup::verdicts(&people);
    let ids: Vec<RecordId> = people.iter().map(|p| p.id).collect();
    let mut scorer = dedup::Scorer::new(people.iter().map(dedup::Prepared::of).collect());
    let found = dedup::find(&mut scorer, &ids, &verdicts, dedup::DEFAULT_MIN_SCORE);
    let label = |p: &Person| {
        let name = [&p.surname, &p.given_name, &p.patronymic]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        format!("{name}, {}", p.birth_date.as_deref().unwrap_or("?"))
    };
    let mut undecided: Vec<&dedup::Pair> = found
        .pairs
        .iter()
        .filter(|p| {
            let (a, b) = (ids[p.a], ids[p.b]);
            !verdicts.contains_key(&(a.min(b), a.max(b)))
        })
        .collect();
    undecided.sort_by_key(|p| (found.clustering.cluster(p.a).filter(|_| found.clustering.joined(p)).is_none(), found.clustering.cluster(p.a)));
    Ok(undecided
        .into_iter()
        .take(MAX_PAIRS)
        .map(|p| PairView {
            ids: (people[p.a].id, people[p.b].id),
            score: p.score,
            reasons: p.reasons.clone(),
            rows: rows(&people[p.a], &people[p.b]),
            verdict: None,
            cluster: if found.clustering.joined(p) {
                found
                    .clustering
                    .cluster(p.a)
                    .and_then(|c| found.clustering.clusters.get(c))
                    .map(|members| members.iter().map(|&m| label(&people[m])).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
        })
        .collect())
}

impl DuplicatesView {
    /// The pairs were looked for (`None`: they could not be read).
    pub fn found(&mut self, pairs: Option<Vec<PairView>>) -> Transition {
        self.searching = false;
        match pairs {
            Some(pairs) => {
                self.pairs = pairs;
                Transition::Stay
            }
            None => Transition::Notice("tui-error-read"),
        }
    }
}

/// The duplicates screen's actions.
pub fn update(view: &mut DuplicatesView, ctx: &mut Context<'_>, action: Action) -> Transition {
    if view.searching {
        return Transition::Stay;
    }
    let last = view.pairs.len().saturating_sub(1);
    match action {
        Action::Back => return Transition::Back,
        Action::Up | Action::PrevField => view.selected = view.selected.saturating_sub(1),
        Action::Down | Action::NextField => view.selected = (view.selected + 1).min(last),
        Action::ConfirmSame | Action::RejectPair | Action::UndoVerdict => {
            let Some(pair) = view.pairs.get_mut(view.selected) else {
                return Transition::Stay;
            };
            let verdict = match action {
                Action::ConfirmSame => Some(Verdict::Same),
                Action::RejectPair => Some(Verdict::Different),
                _ => None,
            };
            let Some(store) = ctx.store.as_deref_mut() else {
                return Transition::Stay;
            };
            let (a, b) = pair.ids;
            match dedup::judge(store, a, b, verdict) {
                Ok(()) => {
                    pair.verdict = verdict;
                    if verdict.is_some() {
                        view.selected = (view.selected + 1).min(last);
                    }
                }
                Err(_) => return Transition::Notice("tui-error-save"),
            }
        }
        _ => {}
    }
    Transition::Stay
}
