//! The statistics as people read them: every code named in the report's
//! language and every hidden cell already hidden, ready for any format.

use super::stats::{Dim, Statistics, Table};
use crate::form::{Catalog, Form, Regions};
use crate::i18n::{Arg, Texts};

/// A headline figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Stable code (`people`, `overdue`…).
    pub code: &'static str,
    /// What it is, in the report's language.
    pub label: String,
    /// The figure, `None` when hidden.
    pub value: Option<String>,
    /// How many levels it is indented under the one before (0 or 1).
    pub depth: u8,
}

/// A table with its labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// Stable id.
    pub id: &'static str,
    /// Title in the report's language.
    pub title: String,
    /// Header of the label column.
    pub row_header: String,
    /// Column codes.
    pub column_codes: Vec<String>,
    /// Column headers.
    pub columns: Vec<String>,
    /// (code, label, cells: `None` when hidden).
    pub rows: Vec<(String, String, Vec<Option<u64>>)>,
    /// The total row, for tables where each person is in one row.
    pub total: Option<Vec<Option<u64>>>,
}

/// A whole report, named and with small cells hidden.
#[derive(Clone, Debug, PartialEq)]
pub struct Factsheet {
    /// The numbers behind it.
    pub stats: Statistics,
    /// Report title.
    pub title: String,
    /// Lines under the title: the date, the period, the suppression note.
    pub subtitle: Vec<String>,
    /// The headline figures.
    pub headline: Vec<Figure>,
    /// The tables.
    pub tables: Vec<Shown>,
    /// Text for a hidden cell (`<5`).
    pub hidden: String,
    /// "Total".
    pub total_label: String,
    /// "Share".
    pub share_label: String,
    /// The language tag of the texts.
    pub lang: &'static str,
}

/// Names the codes of the statistics in one language.
pub struct Names<'a> {
    form: &'a Form,
    texts: &'a Texts,
}

impl<'a> Names<'a> {
    /// Names in `texts`' language, with the form's choice labels.
    pub fn new(form: &'a Form, texts: &'a Texts) -> Self {
        Self { form, texts }
    }

    /// A message of the reports.
    pub fn text(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.texts.text(key, args)
    }

    /// The name of a row or column code.
    pub fn code(&self, dim: Dim, code: &str) -> String {
        let lang = self.texts.lang();
        let choice = |list: &str| {
            let has = self
                .form
                .lists
                .get(list)
                .is_some_and(|l| l.iter().any(|c| c == code));
            has.then(|| self.form.text(self.texts, &Form::choice_label(list, code)))
        };
        let named = match dim {
            Dim::Category => choice("category").or_else(|| self.known(&format!("report-category-{code}"))),
            Dim::Outcome => self.known(&format!("report-outcome-{code}")),
            Dim::Status => choice("status").or_else(|| self.known(&format!("report-status-{code}"))),
            Dim::Sex => choice("sex"),
            Dim::AgeBand => choice("age_band"),
            Dim::Profile => choice("profile"),
            Dim::Need => choice("specific_needs"),
            Dim::Oblast => Regions::builtin().by_code(code).map(|r| r.name(lang).to_owned()),
            Dim::Country => Catalog::countries()
                .by_code(code)
                .map(|e| e.name(lang).to_owned()),
            Dim::Measure => self.known(&format!("report-col-{code}")),
            Dim::Worker => Some(code.to_owned()).filter(|c| c != "unknown"),
        };
        let name = named.unwrap_or_else(|| match code {
            "unknown" => self.texts.text("report-unknown", &[]),
            "none" => self.texts.text("report-no-claim", &[]),
            other => other.to_owned(),
        });
        // Form labels are written to sit inside a sentence ("stateless");
        // a table row starts with a capital.
        match dim {
            Dim::Worker => name,
            _ => capitalised(&name),
        }
    }

    fn known(&self, key: &str) -> Option<String> {
        self.texts.has(key).then(|| self.texts.text(key, &[]))
    }
}

impl Factsheet {
    /// Names and hides the statistics for people.
    pub fn new(stats: Statistics, form: &Form, texts: &Texts) -> Factsheet {
        let names = Names::new(form, texts);
        let scope = stats.scope;
        let hidden = scope.suppress_below.map(|n| format!("<{n}")).unwrap_or_default();
        let mut subtitle = vec![
            names.text("report-as-of", &[("date", Arg::from(scope.as_of.to_string()))]),
            names.text(
                "report-period",
                &[
                    ("from", Arg::from(scope.from.to_string())),
                    ("to", Arg::from(scope.to.to_string())),
                ],
            ),
        ];
        if let Some(limit) = scope.suppress_below {
            subtitle.push(names.text("report-suppressed", &[("limit", Arg::from(limit))]));
        }
        let total_label = names.text("report-total", &[]);
        let mut tables: Vec<Shown> = stats
            .tables
            .iter()
            .map(|t| shown_table(&stats, &names, t, &total_label))
            .collect();
        hide_across(&mut tables);
        let show = |n: u64| stats.shown(n).map(|n| n.to_string());
        let figure = |code: &'static str, label: String, value: Option<String>, depth: u8| Figure {
            code,
            label,
            value,
            depth,
        };
        let mut headline = vec![
            figure("people", names.text("report-people", &[]), show(stats.people), 0),
            figure(
                "of_concern",
                names.text("report-of-concern", &[]),
                show(stats.of_concern),
                1,
            ),
            figure(
                "nationality_confirmed",
                names.code(Dim::Category, "nationality_confirmed"),
                // As the category table shows it (it may be hidden there to
                // protect another cell).
                cell(&tables, "by_category", "nationality_confirmed")
                    .flatten()
                    .map(|n| n.to_string()),
                1,
            ),
            figure(
                "overdue",
                names.text("report-overdue", &[]),
                show(stats.overdue),
                0,
            ),
        ];
        // The two parts of the people identified: one hidden alone would
        // follow from the total.
        if headline[1].value.is_none() != headline[2].value.is_none() {
            headline[1].value = None;
            headline[2].value = None;
        }
        for m in &stats.medians {
            let value = match m.days {
                None => Some("–".to_owned()),
                Some(_) if stats.shown(m.cases).is_none() => None,
                Some(d) => Some(names.text(
                    "report-median-value",
                    &[("days", Arg::from(d.to_string())), ("cases", Arg::from(m.cases))],
                )),
            };
            headline.push(figure(
                m.id,
                names.text(&format!("report-median-{}", m.id), &[]),
                value,
                0,
            ));
        }
        // What was counted and what was not; only the number of records read
        // is never hidden.
        let plain = |n: u64| Some(n.to_string());
        headline.extend([
            figure(
                "records",
                names.text("report-records", &[]),
                plain(stats.records),
                0,
            ),
            figure(
                "duplicates_merged",
                names.text("report-duplicates-merged", &[]),
                show(stats.duplicates_merged),
                1,
            ),
            figure(
                "statistics_refused",
                names.text("report-statistics-refused", &[]),
                show(stats.statistics_refused),
                1,
            ),
            figure(
                "identified_later",
                names.text(
                    "report-identified-later",
                    &[("date", Arg::from(scope.as_of.to_string()))],
                ),
                show(stats.identified_later),
                1,
            ),
        ]);
        Factsheet {
            title: names.text("report-title", &[]),
            subtitle,
            headline,
            tables,
            hidden,
            total_label,
            share_label: names.text("report-share", &[]),
            lang: texts.lang().tag(),
            stats,
        }
    }

    /// A cell as text: the count, or the hidden mark.
    pub fn cell(&self, n: Option<u64>) -> String {
        n.map_or_else(|| self.hidden.clone(), |n| n.to_string())
    }

    /// A figure's value as text.
    pub fn value(&self, f: &Figure) -> String {
        f.value.clone().unwrap_or_else(|| self.hidden.clone())
    }
}

/// A table named, its small cells hidden (and enough others that no hidden
/// cell can be worked out from a total), with a total column when each
/// person is in one column.
fn shown_table(stats: &Statistics, names: &Names, t: &Table, total_label: &str) -> Shown {
    let mut raw: Vec<Vec<u64>> = t.rows.iter().map(|r| r.cells.clone()).collect();
    let mut column_codes = t.columns.clone();
    let mut columns: Vec<String> = t.columns.iter().map(|c| names.code(t.columns_are, c)).collect();
    if t.row_totals {
        for row in &mut raw {
            row.push(row.iter().sum());
        }
        column_codes.push("total".to_owned());
        columns.push(total_label.to_owned());
    }
    let body = raw.len();
    if t.adds_up {
        let totals: Vec<u64> = (0..columns.len())
            .map(|c| raw.iter().map(|r| r.get(c).copied().unwrap_or(0)).sum())
            .collect();
        raw.push(totals);
    }
    let mut cells: Vec<Vec<Option<u64>>> = raw
        .iter()
        .map(|row| row.iter().map(|n| stats.shown(*n)).collect())
        .collect();
    if stats.scope.suppress_below.is_some() {
        protect(&mut cells, &raw, t.row_totals, t.adds_up);
    }
    let total = (cells.len() > body).then(|| cells.remove(body));
    Shown {
        id: t.id,
        title: names.text(&format!("report-table-{}", t.id), &[]),
        row_header: names.text(&format!("report-dim-{}", dim_key(t.rows_are)), &[]),
        column_codes,
        columns,
        rows: t
            .rows
            .iter()
            .zip(cells)
            .map(|(r, cells)| (r.code.clone(), names.code(t.rows_are, &r.code), cells))
            .collect(),
        total,
    }
}

/// A table's first cell in a row: `None` when there is no such row.
fn cell(tables: &[Shown], table: &str, row: &str) -> Option<Option<u64>> {
    let t = tables.iter().find(|t| t.id == table)?;
    let (_, _, cells) = t.rows.iter().find(|(code, _, _)| code == row)?;
    Some(cells.first().copied().flatten())
}

/// Hiding across tables: "resolved" in the flows is the sum of three rows of
/// the decisions by outcome, so it is hidden when one of them is.
fn hide_across(tables: &mut [Shown]) {
    let parts = [
        "citizenship_confirmed",
        "citizenship_acquired",
        "other_nationality_confirmed",
    ];
    let hidden = parts
        .iter()
        .any(|row| cell(tables, "decisions_by_outcome", row) == Some(None));
    if !hidden {
        return;
    }
    if let Some(flows) = tables.iter_mut().find(|t| t.id == "flows")
        && let Some((_, _, cells)) = flows.rows.iter_mut().find(|(code, _, _)| code == "resolved")
    {
        cells.iter_mut().for_each(|c| *c = None);
    }
}

/// Secondary suppression. A line of cells that adds up — a row ending with
/// its total (`by_row`), a column ending with the total row (`by_column`) —
/// with exactly one hidden cell gives it away by subtraction, so its
/// smallest other cell is hidden too, until no line has a lone hidden cell.
fn protect(cells: &mut [Vec<Option<u64>>], raw: &[Vec<u64>], by_row: bool, by_column: bool) {
    let hide_second = |line: &[(usize, usize)], cells: &mut [Vec<Option<u64>>]| -> bool {
        let hidden = line.iter().filter(|(r, c)| cells[*r][*c].is_none()).count();
        if hidden != 1 {
            return false;
        }
        let smallest = line
            .iter()
            .filter(|(r, c)| cells[*r][*c].is_some())
            // The smallest cell that holds somebody: hiding a zero protects nothing.
            .min_by_key(|(r, c)| (raw[*r][*c] == 0, raw[*r][*c]))
            .copied();
        match smallest {
            Some((r, c)) => {
                cells[r][c] = None;
                true
            }
            None => false,
        }
    };
    let width = cells.first().map_or(0, Vec::len);
    loop {
        let mut changed = false;
        if by_row {
            for r in 0..cells.len() {
                let line: Vec<(usize, usize)> = (0..width).map(|c| (r, c)).collect();
                changed |= hide_second(&line, cells);
            }
        }
        if by_column {
            for c in 0..width {
                let line: Vec<(usize, usize)> = (0..cells.len()).map(|r| (r, c)).collect();
                changed |= hide_second(&line, cells);
            }
        }
        if !changed {
            break;
        }
    }
}

/// The share of `n` in `total`, in percent, when both are shown.
pub fn share(n: Option<u64>, total: Option<u64>) -> Option<f64> {
    match (n, total) {
        (Some(n), Some(t)) if t > 0 => Some(n as f64 * 100.0 / t as f64),
        _ => None,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn dim_key(dim: Dim) -> &'static str {
    match dim {
        Dim::Category => "category",
        Dim::Outcome => "outcome",
        Dim::Status => "status",
        Dim::Oblast => "oblast",
        Dim::Sex => "sex",
        Dim::AgeBand => "age_band",
        Dim::Country => "country",
        Dim::Profile => "profile",
        Dim::Need => "need",
        Dim::Worker => "worker",
        Dim::Measure => "measure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hide_below_5(raw: &[Vec<u64>]) -> Vec<Vec<Option<u64>>> {
        raw.iter()
            .map(|r| r.iter().map(|&n| (n == 0 || n >= 5).then_some(n)).collect())
            .collect()
    }

    #[test]
    fn a_lone_hidden_cell_takes_the_smallest_other_with_it() {
        // Four rows and their total.
        let raw = vec![vec![10], vec![3], vec![0], vec![7], vec![20]];
        let mut cells = hide_below_5(&raw);
        protect(&mut cells, &raw, false, true);
        assert_eq!(
            cells,
            vec![
                vec![Some(10)],
                vec![None],
                vec![Some(0)],
                vec![None],
                vec![Some(20)]
            ]
        );
    }

    #[test]
    fn no_line_that_adds_up_keeps_a_lone_hidden_cell() {
        // Columns female, male, unknown, total; the last row is the total row.
        let raw = vec![
            vec![2, 9, 0, 11],
            vec![8, 6, 2, 16],
            vec![7, 12, 0, 19],
            vec![17, 27, 2, 46],
        ];
        let mut cells = hide_below_5(&raw);
        protect(&mut cells, &raw, true, true);
        for (r, row) in cells.iter().enumerate() {
            assert_ne!(
                row.iter().filter(|c| c.is_none()).count(),
                1,
                "row {r}: {cells:?}"
            );
        }
        for c in 0..4 {
            let hidden = cells.iter().filter(|r| r[c].is_none()).count();
            assert_ne!(hidden, 1, "column {c}: {cells:?}");
        }
        assert_eq!(cells[0][0], None);
        assert_eq!(cells[3][2], None, "2 people of unknown sex in all");
    }
}
