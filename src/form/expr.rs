//! Form expressions: relevance, requirement, constraint and calculation
//! rules written in CEL (the Common Expression Language), compiled once when
//! the form is loaded and evaluated against one record's values.
//!
//! An expression that cannot be evaluated because a value it needs is empty
//! (`age < 18` before the birth date is known) has no answer; the engine then
//! takes the lenient reading (see [`super::engine`]).

use super::dates::PreciseDate;
use super::values;
use cel::common::ast::{Expr as Ast, IdedExpr};
use cel::{Context, Program, Value as CelValue};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The functions the form adds to CEL's standard ones.
pub const FUNCTIONS: [&str; 7] = [
    "not_before",
    "not_after",
    "certainly_not_before",
    "certainly_not_after",
    "months_since",
    "iin_birth_agrees",
    "iin_sex_agrees",
];

/// Names every expression may use besides the form's fields.
pub const BUILTINS: [&str; 2] = ["age", "today"];

/// A compiled expression and its source.
pub struct Expr {
    source: String,
    program: Program,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({:?})", self.source)
    }
}

/// A name an expression reads: a variable, or a field of the entries of a
/// repeat group it iterates over (`documents.exists(d, d.doc_type == …)`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reference {
    /// A free variable.
    Variable(String),
    /// `group` entries' `field`.
    EntryField {
        /// The repeat group iterated over.
        group: String,
        /// The field selected on an entry.
        field: String,
    },
}

impl Expr {
    /// Compiles `source`; the error is CEL's own description of what is wrong.
    pub fn compile(source: &str) -> Result<Expr, String> {
        let program = Program::compile(source).map_err(|e| {
            let text = e.to_string();
            text.lines().next().unwrap_or("syntax error").trim().to_owned()
        })?;
        Ok(Expr {
            source: source.to_owned(),
            program,
        })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every variable and entry field the expression reads, and the
    /// functions it calls.
    pub fn references(&self) -> (BTreeSet<Reference>, BTreeSet<String>) {
        let mut refs = BTreeSet::new();
        let mut calls = BTreeSet::new();
        walk(self.program.expression(), &mut Vec::new(), &mut refs, &mut calls);
        (refs, calls)
    }

    /// Evaluates to a yes/no answer; `None` when it cannot be told.
    pub fn truth(&self, scope: &Context<'_, '_>) -> Option<bool> {
        match self.program.execute(scope) {
            Ok(CelValue::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// Evaluates to a stored value (for calculated fields); `None` when it
    /// cannot be told or the result has no JSON form.
    pub fn value(&self, scope: &Context<'_, '_>) -> Option<Value> {
        self.program.execute(scope).ok().and_then(|v| to_json(&v))
    }
}

/// Walks the syntax tree, keeping comprehension variables (and which group
/// they range over) in `bound`.
fn walk(
    e: &IdedExpr,
    bound: &mut Vec<(String, Option<String>)>,
    refs: &mut BTreeSet<Reference>,
    calls: &mut BTreeSet<String>,
) {
    match &e.expr {
        Ast::Ident(name) => {
            if !name.starts_with('@') && !bound.iter().any(|(b, _)| b == name) {
                refs.insert(Reference::Variable(name.clone()));
            }
        }
        Ast::Select(select) => {
            if let Ast::Ident(var) = &select.operand.expr
                && let Some((_, Some(group))) = bound.iter().rev().find(|(b, _)| b == var)
            {
                refs.insert(Reference::EntryField {
                    group: group.clone(),
                    field: select.field.clone(),
                });
            }
            walk(&select.operand, bound, refs, calls);
        }
        Ast::Call(call) => {
            calls.insert(call.func_name.clone());
            if let Some(target) = &call.target {
                walk(target, bound, refs, calls);
            }
            for arg in &call.args {
                walk(arg, bound, refs, calls);
            }
        }
        Ast::Comprehension(comp) => {
            walk(&comp.iter_range, bound, refs, calls);
            let group = match &comp.iter_range.expr {
                Ast::Ident(g) if !bound.iter().any(|(b, _)| b == g) => Some(g.clone()),
                _ => None,
            };
            let depth = bound.len();
            bound.push((comp.iter_var.clone(), group));
            if let Some(v2) = &comp.iter_var2 {
                bound.push((v2.clone(), None));
            }
            bound.push((comp.accu_var.clone(), None));
            for part in [&comp.accu_init, &comp.loop_cond, &comp.loop_step, &comp.result] {
                walk(part, bound, refs, calls);
            }
            bound.truncate(depth);
        }
        Ast::List(list) => {
            for el in &list.elements {
                walk(el, bound, refs, calls);
            }
        }
        Ast::Map(map) => {
            for entry in &map.entries {
                match &entry.expr {
                    cel::common::ast::EntryExpr::StructField(f) => walk(&f.value, bound, refs, calls),
                    cel::common::ast::EntryExpr::MapEntry(m) => {
                        walk(&m.key, bound, refs, calls);
                        walk(&m.value, bound, refs, calls);
                    }
                }
            }
        }
        Ast::Struct(s) => {
            for entry in &s.entries {
                if let cel::common::ast::EntryExpr::StructField(f) = &entry.expr {
                    walk(&f.value, bound, refs, calls);
                }
            }
        }
        Ast::Literal(_) | Ast::Unspecified => {}
    }
}

thread_local! {
    /// CEL's standard library, built once a thread: building it costs more
    /// than checking a whole record (an import checks hundreds of thousands).
    static STDLIB: std::sync::Arc<cel::Env> = std::sync::Arc::new(cel::Env::stdlib());
}

/// A record's values as CEL sees them, plus the form's functions.
pub fn root_scope(today: NaiveDate) -> Context<'static, 'static> {
    let mut ctx = Context::with_env(STDLIB.with(std::sync::Arc::clone));
    // The names are fixed and differ from CEL's own, so adding cannot fail.
    let _ = ctx.add_function("not_before", move |a: CelValue, b: CelValue| {
        compare_dates(&a, &b, today).is_none_or(|(a_latest, _, _, b_earliest)| a_latest >= b_earliest)
    });
    let _ = ctx.add_function("not_after", move |a: CelValue, b: CelValue| {
        compare_dates(&a, &b, today).is_none_or(|(_, a_earliest, b_latest, _)| a_earliest <= b_latest)
    });
    // The strict forms: true only when the dates say so for certain.
    let _ = ctx.add_function("certainly_not_before", move |a: CelValue, b: CelValue| {
        compare_dates(&a, &b, today).is_some_and(|(_, a_earliest, b_latest, _)| a_earliest >= b_latest)
    });
    let _ = ctx.add_function("certainly_not_after", move |a: CelValue, b: CelValue| {
        compare_dates(&a, &b, today).is_some_and(|(a_latest, _, _, b_earliest)| a_latest <= b_earliest)
    });
    let _ = ctx.add_function("months_since", move |a: CelValue| -> CelValue {
        match date_of(&a, today) {
            Some(d) => CelValue::Int(months_between(d.earliest(), today)),
            None => CelValue::Null,
        }
    });
    let _ = ctx.add_function("iin_birth_agrees", move |iin: CelValue, date: CelValue| {
        match (text_of(&iin), date_of(&date, today)) {
            (Some(iin), Some(date)) => values::iin_agrees_with_date(iin, &date),
            _ => true,
        }
    });
    let _ = ctx.add_function("iin_sex_agrees", |iin: CelValue, sex: CelValue| {
        match (text_of(&iin), text_of(&sex).and_then(|s| s.parse().ok())) {
            (Some(iin), Some(sex)) => values::iin_agrees_with_sex(iin, sex),
            _ => true,
        }
    });
    ctx
}

/// Whole months from `from` to `to`; negative when `from` is later.
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    use chrono::Datelike;
    let months =
        i64::from(to.year() * 12 + to.month() as i32) - i64::from(from.year() * 12 + from.month() as i32);
    match months {
        m if m > 0 && to.day() < from.day() => m - 1,
        m if m < 0 && to.day() > from.day() => m + 1,
        m => m,
    }
}

fn text_of(v: &CelValue) -> Option<&str> {
    match v {
        CelValue::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    }
}

fn date_of(v: &CelValue, today: NaiveDate) -> Option<PreciseDate> {
    text_of(v).and_then(|s| PreciseDate::parse_stored(s, today))
}

/// (a latest, a earliest, b latest, b earliest), or `None` if either date is missing.
fn compare_dates(
    a: &CelValue,
    b: &CelValue,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate, NaiveDate, NaiveDate)> {
    let a = date_of(a, today)?;
    let b = date_of(b, today)?;
    Some((a.latest(), a.earliest(), b.latest(), b.earliest()))
}

/// A stored JSON value as CEL sees it.
pub fn to_cel(v: &Value) -> CelValue {
    match v {
        Value::Null => CelValue::Null,
        Value::Bool(b) => CelValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => CelValue::Int(i),
            None => CelValue::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Array(items) => CelValue::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(map) => CelValue::from(
            map.iter()
                .map(|(k, v)| (k.clone(), to_cel(v)))
                .collect::<std::collections::HashMap<String, CelValue>>(),
        ),
    }
}

fn to_json(v: &CelValue) -> Option<Value> {
    Some(match v {
        CelValue::Null => Value::Null,
        CelValue::Bool(b) => Value::Bool(*b),
        CelValue::Int(i) => Value::from(*i),
        CelValue::UInt(u) => Value::from(*u),
        CelValue::String(s) => Value::String(s.as_str().to_owned()),
        CelValue::List(items) => Value::Array(items.iter().map(to_json).collect::<Option<Vec<_>>>()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn eval(source: &str, vars: &[(&str, Value)]) -> Option<bool> {
        let mut ctx = root_scope(today());
        for (k, v) in vars {
            ctx.add_variable_from_value(*k, to_cel(v));
        }
        Expr::compile(source).unwrap().truth(&ctx)
    }

    #[test]
    fn empty_values_compare_as_unknown_not_as_false() {
        assert_eq!(eval("age < 18", &[("age", json!(12))]), Some(true));
        assert_eq!(eval("age < 18", &[("age", Value::Null)]), None);
        assert_eq!(
            eval("marital_status == 'married'", &[("marital_status", Value::Null)]),
            Some(false)
        );
        assert_eq!(eval("x == true", &[("x", json!(true))]), Some(true));
    }

    #[test]
    fn dates_compare_with_their_precision() {
        let v = |a: &str, b: &str| [("a", json!(a)), ("b", json!(b))];
        assert_eq!(
            eval("not_before(a, b)", &v("2020-05-01", "2020-05-17")),
            Some(false)
        );
        // Only the month is known: May could be after the 17th.
        assert_eq!(eval("not_before(a, b)", &v("2020-05", "2020-05-17")), Some(true));
        assert_eq!(eval("not_before(a, b)", &v("2019", "2020-05-17")), Some(false));
        assert_eq!(eval("not_after(a, b)", &v("1991", "1992-03-01")), Some(true));
        assert_eq!(eval("not_after(a, b)", &v("1993-01", "1992-03-01")), Some(false));
        assert_eq!(
            eval("not_before(a, b)", &[("a", Value::Null), ("b", json!("2020"))]),
            Some(true),
            "an empty date never fails a comparison"
        );
        assert_eq!(
            eval("months_since(a) >= 5", &[("a", json!("2026-06-20"))]),
            Some(true)
        );
        assert_eq!(
            eval("months_since(a) >= 5", &[("a", json!("2026-06-23"))]),
            Some(false)
        );
        assert_eq!(
            eval("months_since(a) < 0", &[("a", json!("2027-01-10"))]),
            Some(true),
            "a date after today is not months ago"
        );
        // The strict forms need certainty: a year-only 1992 may be after March.
        assert_eq!(
            eval("certainly_not_after(a, b)", &v("1992", "1992-03-01")),
            Some(false)
        );
        assert_eq!(
            eval("certainly_not_after(a, b)", &v("1991", "1992-03-01")),
            Some(true)
        );
        assert_eq!(
            eval("certainly_not_before(a, b)", &v("1992-03", "1992-03-01")),
            Some(true)
        );
        assert_eq!(
            eval(
                "certainly_not_before(a, b)",
                &[("a", Value::Null), ("b", json!("2020"))]
            ),
            Some(false)
        );
    }

    #[test]
    fn references_name_variables_and_iterated_entry_fields() {
        let e =
            Expr::compile("documents.exists(d, d.doc_type == 'x') && age < 18 && size(aliases) > 0").unwrap();
        let (refs, calls) = e.references();
        assert!(refs.contains(&Reference::Variable("documents".into())));
        assert!(refs.contains(&Reference::Variable("age".into())));
        assert!(refs.contains(&Reference::Variable("aliases".into())));
        assert!(!refs.contains(&Reference::Variable("d".into())));
        assert!(refs.contains(&Reference::EntryField {
            group: "documents".into(),
            field: "doc_type".into()
        }));
        assert!(calls.contains("size"));
    }

    #[test]
    fn lists_of_entries_can_be_searched() {
        let docs = json!([{"doc_type": "ussr_passport_1974"}, {"doc_type": "school_record"}]);
        assert_eq!(
            eval(
                "documents.exists(d, d.doc_type == 'ussr_passport_1974') && !documents.exists(d, d.doc_type in ['kz_id_card'])",
                &[("documents", docs)]
            ),
            Some(true)
        );
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(Expr::compile("age < ").is_err());
        assert!(Expr::compile("(a && b").is_err());
    }
}
