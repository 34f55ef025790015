//! Reading what a person types (or a spreadsheet cell holds) into the value
//! stored for a field, by the field's type and options, and checking a value
//! stored elsewhere (another laptop, an older form) against its field.

use super::definition::{ChoiceNames, Field, Form, Kind};
use super::values::{self, FieldError};
use super::{Catalog, Regions};
use crate::domain::fold::search_key;
use crate::i18n::{Lang, Texts};
use chrono::NaiveDate;
use serde_json::Value;

impl Form {
    /// Reads what a person typed (or a spreadsheet cell) into the value to
    /// store; `Ok(None)` for an empty input.
    pub fn parse_input(
        &self,
        field: &Field,
        raw: &str,
        today: NaiveDate,
    ) -> Result<Option<Value>, FieldError> {
        let t = raw.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let text = |s: String| Ok(Some(Value::String(s)));
        match field.kind {
            Kind::Text => text(values::check_text(t, field.max_length)?),
            Kind::Name if t.chars().count() > field.max_length => Err(FieldError::Text(field.max_length)),
            Kind::Name if field.latin => text(values::check_latin_name(t)?),
            Kind::Name => text(values::check_name(t)?),
            Kind::Date => text(
                values::check_date(
                    t,
                    today,
                    &field.precision,
                    field.allow_future,
                    field.max_years_ago,
                )?
                .to_string(),
            ),
            Kind::Integer => Ok(Some(Value::from(values::check_integer(t, field.min, field.max)?))),
            Kind::Choice => text(self.find_choice(field, t)?),
            Kind::MultiChoice => {
                let mut chosen = Vec::new();
                for part in t.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
                    let v = self.find_choice(field, part)?;
                    if !chosen.contains(&v) {
                        chosen.push(v);
                    }
                }
                Ok(Some(Value::from(chosen)))
            }
            // The words in the three languages, in either script for Kazakh.
            Kind::YesNo => match t.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "да" | "д" | "иә" | "ия" | "ie" => {
                    Ok(Some(Value::Bool(true)))
                }
                "no" | "n" | "false" | "0" | "нет" | "н" | "жоқ" | "жок" | "joq" | "zhok" => {
                    Ok(Some(Value::Bool(false)))
                }
                _ => Err(FieldError::YesNo(t.to_owned())),
            },
            Kind::Iin => {
                values::check_iin(t)?;
                text(t.to_owned())
            }
            Kind::Phone => text(values::check_phone(t)?),
            Kind::Region => text(values::check_region(t)?),
            Kind::Country | Kind::Language => {
                let (catalog, err): (_, fn(String) -> FieldError) = if field.kind == Kind::Country {
                    (Catalog::countries(), FieldError::Country)
                } else {
                    (Catalog::languages(), FieldError::Language)
                };
                let find = |s: &str| {
                    catalog
                        .find(s)
                        .map(|e| e.code.clone())
                        .ok_or_else(|| err(s.to_owned()))
                };
                if field.multiple {
                    let codes = t
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(find)
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Some(Value::from(codes)))
                } else {
                    text(find(t)?)
                }
            }
            Kind::RecordLink => match uuid::Uuid::parse_str(t) {
                Ok(id) => text(id.to_string()),
                Err(_) => Err(FieldError::Link(t.to_owned())),
            },
            Kind::Repeat => Err(FieldError::Text(0)),
        }
    }

    /// A choice by its id or its label in any language, or by the start of
    /// exactly one label ("паспорт СССР" for "паспорт СССР (образца 1974 г.)").
    fn find_choice(&self, field: &Field, t: &str) -> Result<String, FieldError> {
        let choices = field
            .list
            .as_ref()
            .and_then(|l| self.choice_names().get(l))
            .ok_or_else(|| FieldError::Choice(t.to_owned()))?;
        let key = search_key(t);
        if let Some((exact, _)) = choices.iter().find(|(_, names)| names.contains(&key)) {
            return Ok(exact.clone());
        }
        let starting: Vec<&String> = choices
            .iter()
            .filter(|(_, names)| !key.is_empty() && names.iter().any(|n| n.starts_with(&key)))
            .map(|(c, _)| c)
            .collect();
        match starting.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(FieldError::Choice(t.to_owned())),
        }
    }

    /// Each list's choices with their folded names (see `Form::choice_names`).
    fn choice_names(&self) -> &ChoiceNames {
        self.choice_names.get_or_init(|| {
            self.lists
                .iter()
                .map(|(list_id, choices)| {
                    let named = choices
                        .iter()
                        .map(|c| {
                            let mut names = vec![search_key(c)];
                            names.extend(Lang::ALL.iter().map(|lang| {
                                search_key(&self.labels.text(
                                    Texts::get(*lang),
                                    &Form::choice_label(list_id, c),
                                    &[],
                                ))
                            }));
                            (c.clone(), names)
                        })
                        .collect();
                    (list_id.clone(), named)
                })
                .collect()
        })
    }

    /// Checks a stored value against its field's kind and options.
    pub fn check_stored(&self, field: &Field, value: &Value, today: NaiveDate) -> Result<(), FieldError> {
        let shown = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let as_text = || value.as_str().ok_or(FieldError::Text(field.max_length));
        match field.kind {
            Kind::Integer => {
                let n = value.as_i64().ok_or_else(|| FieldError::Integer(shown.clone()))?;
                values::check_integer(&n.to_string(), field.min, field.max).map(|_| ())
            }
            Kind::YesNo => value.as_bool().map(|_| ()).ok_or(FieldError::YesNo(shown)),
            Kind::MultiChoice => {
                let items = value
                    .as_array()
                    .ok_or_else(|| FieldError::Choice(shown.clone()))?;
                let choices = field.list.as_ref().and_then(|l| self.lists.get(l));
                for item in items {
                    let ok = item
                        .as_str()
                        .is_some_and(|v| choices.is_some_and(|c| c.iter().any(|x| x == v)));
                    if !ok {
                        return Err(FieldError::Choice(item.to_string()));
                    }
                }
                Ok(())
            }
            Kind::Choice => {
                let v = value.as_str().ok_or_else(|| FieldError::Choice(shown.clone()))?;
                let choices = field.list.as_ref().and_then(|l| self.lists.get(l));
                if choices.is_some_and(|c| c.iter().any(|x| x == v)) {
                    Ok(())
                } else {
                    Err(FieldError::Choice(shown))
                }
            }
            Kind::Region => {
                let code = value.as_str().unwrap_or_default();
                Regions::builtin()
                    .by_code(code)
                    .map(|_| ())
                    .ok_or(FieldError::Region(shown))
            }
            Kind::Country | Kind::Language => {
                let catalog = if field.kind == Kind::Country {
                    Catalog::countries()
                } else {
                    Catalog::languages()
                };
                let codes: Vec<&Value> = match value {
                    Value::Array(items) if field.multiple => items.iter().collect(),
                    other => vec![other],
                };
                for code in codes {
                    if code.as_str().and_then(|c| catalog.by_code(c)).is_none() {
                        let s = code.as_str().map_or_else(|| code.to_string(), str::to_owned);
                        return Err(if field.kind == Kind::Country {
                            FieldError::Country(s)
                        } else {
                            FieldError::Language(s)
                        });
                    }
                }
                Ok(())
            }
            Kind::Phone => {
                let stored = values::check_phone(as_text()?)?;
                if stored == shown {
                    Ok(())
                } else {
                    Err(FieldError::Phone(shown))
                }
            }
            _ => self.parse_input(field, as_text()?, today).map(|_| ()),
        }
    }
}
