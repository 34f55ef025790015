//! Properties of the form engine: stored dates read back as themselves,
//! suggested Latin names are always valid Latin names, and no value from
//! another laptop or a file, however wrong, makes validation panic.

use chrono::NaiveDate;
use intake::form::{self, EntryValues, Mode, PreciseDate, Values, suggest_latin, values};
use proptest::prelude::*;
use serde_json::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("1985-03-09"),
            Just("~1981"),
            Just("KZ-75"),
            Just("female"),
            Just("UZ"),
            Just("900101300017"),
            Just("kz_id_card"),
            Just("ussr_passport_1974"),
            Just("awaiting_foreign_reply"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Value::Array)
    })
}

proptest! {
    #[test]
    fn stored_dates_read_back_as_themselves(
        year in 1900i32..2026, month in proptest::option::of(1u32..=12), day in 1u32..=28,
        with_day in any::<bool>(), estimated in any::<bool>(),
    ) {
        let date = PreciseDate {
            year,
            month: if estimated { None } else { month },
            day: if estimated || !with_day { None } else { month.map(|_| day) },
            estimated,
        };
        let stored = date.to_string();
        prop_assert_eq!(PreciseDate::parse_stored(&stored, today()), Some(date));
        prop_assert!(date.earliest() <= date.latest());
    }

    #[test]
    fn suggested_latin_names_are_valid_latin_names(name in "[а-щыэюяёәғқңөұүһі][а-яёәғқңөұүһі]{0,11}( [а-щыэюяёәғқңөұүһі][а-яёәғқңөұүһі]{0,11})?") {
        let latin = suggest_latin(&name);
        prop_assert!(values::check_latin_name(&latin).is_ok(), "{} → {}", name, latin);
    }

    #[test]
    fn no_stored_value_makes_validation_panic(
        top in prop::collection::vec((0usize..80, any_json()), 0..25),
        entries in prop::collection::vec((0usize..7, 0usize..10, any_json()), 0..12),
    ) {
        let form = form::builtin().unwrap();
        let fields: Vec<_> = form.fields().collect();
        let mut values = Values::default();
        for (i, v) in top {
            let f = fields[i % fields.len()];
            values.fields.insert(f.id.clone(), v);
        }
        let groups: Vec<_> = fields.iter().filter(|f| !f.fields.is_empty()).collect();
        for (g, i, v) in entries {
            let group = groups[g % groups.len()];
            let field = &group.fields[i % group.fields.len()];
            let list = values.groups.entry(group.id.clone()).or_default();
            list.push(EntryValues { id: format!("e{}", list.len()), ..Default::default() });
            if let Some(e) = list.last_mut() {
                e.values.insert(field.id.clone(), v);
            }
        }
        for mode in [Mode::Draft, Mode::Complete] {
            let issues = form.validate(&values, mode, today());
            for issue in issues {
                prop_assert!(!issue.path.is_empty());
            }
        }
        let exported = form.relevant_values(&values, today());
        prop_assert!(exported.fields.keys().all(|k| form.field(k).is_some()));
    }
}
