//! What an import merges of an op it has proven: only what its device may
//! write (a field laptop writes the records it made and those the
//! coordinator granted it; the coordinator writes any record; roles come
//! from enrolment, never from the bundle), and only values the form takes
//! as if they were typed here. Anything else is set aside, not merged,
//! with the reason (a message key) — nothing is lost.

use crate::domain::registry::{self, REGISTRY};
use crate::domain::{DeviceId, FieldPath, Op, RecordState};
use crate::form::Form;
use chrono::NaiveDate;
use serde_json::Value;

/// Who may write what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The coordinator: any record.
    Coordinator,
    /// A field laptop: its own records and those granted to it.
    Field,
}

/// Why a proven op is not merged (each a message key).
pub mod reason {
    /// A field laptop writing a record it neither made nor was given.
    pub const SCOPE: &str = "aside-scope";
    /// A field laptop writing the device registry.
    pub const REGISTRY: &str = "aside-registry";
    /// A field laptop handing out records.
    pub const GRANT: &str = "aside-grant";
    /// A field this form does not have.
    pub const FIELD: &str = "aside-field";
    /// A value the form does not take for its field.
    pub const VALUE: &str = "aside-value";
    /// A field laptop writing more to one record than any case holds.
    pub const RECORD_FULL: &str = "aside-record-full";
}

/// The most a record may weigh (its values' JSON text and
/// [`crate::store::OP_WEIGHT`] an op) for a field laptop to write more to
/// it: a case file with every field filled and edited many times weighs
/// under a tenth of it; a record the size of a bundle would not fit in
/// the memory of the laptops it is sent to.
pub const MAX_RECORD_WEIGHT: usize = 4 << 20;

/// Whether a field laptop's op, whose value is `value_len` bytes of JSON,
/// still fits in its record (weighing `weight`); the coordinator's always do.
pub fn has_room(role: Role, weight: usize, value_len: usize) -> Result<(), &'static str> {
    let after = weight
        .saturating_add(value_len)
        .saturating_add(crate::store::OP_WEIGHT);
    match role {
        Role::Field if after > MAX_RECORD_WEIGHT => Err(reason::RECORD_FULL),
        _ => Ok(()),
    }
}

/// Whether `device` (in `role`) may write `op`'s record, as the importer
/// holds it now (`state`, `None` when not held); `legacy` says whether the
/// record's id names no device known here (a record made before ids named
/// their device).
pub fn in_scope(
    role: Role,
    device: DeviceId,
    op: &Op,
    state: Option<&RecordState>,
    legacy: bool,
) -> Result<(), &'static str> {
    if role == Role::Coordinator {
        return Ok(());
    }
    if op.record == REGISTRY {
        return Err(reason::REGISTRY);
    }
    if op.field.granted_device().is_some() {
        return Err(reason::GRANT);
    }
    if op.record.made_by(device) {
        return Ok(());
    }
    let granted = state.and_then(|s| s.value(FieldPath::grant(device).as_str())) == Some(&Value::Bool(true));
    if granted {
        return Ok(());
    }
    // A record made before ids named their device: the first device whose
    // ops arrived for it (its id cannot be guessed by anyone who never
    // held it), as this database holds it before this op.
    let origin = state.and_then(|s| s.origin.as_ref());
    if legacy && origin.is_none_or(|o| o.dot.device == device) {
        return Ok(());
    }
    Err(reason::SCOPE)
}

/// Whether the form (or the rules of the system fields) takes the op's
/// value, as if it had been typed here today.
pub fn value_ok(form: &Form, op: &Op, today: NaiveDate) -> Result<(), &'static str> {
    let value = &op.value;
    if value.is_null() {
        return Ok(());
    }
    let path = op.field.as_str();
    if op.record == REGISTRY {
        return match registry::parse_field(&op.field) {
            Some((_, name)) if registry::value_is_valid(name, value) => Ok(()),
            Some(_) => Err(reason::VALUE),
            None => Err(reason::FIELD),
        };
    }
    let short_text = |max: usize| value.as_str().is_some_and(|s| s.chars().count() <= max);
    let system = match path {
        FieldPath::DELETED => Some(
            value.is_boolean()
                || (value.get("deleted").is_some_and(Value::is_boolean)
                    && value
                        .get("seen")
                        .is_none_or(|s| s.as_array().is_some_and(|a| a.iter().all(Value::is_string)))),
        ),
        FieldPath::ERASED => Some(short_text(500)),
        "source" => Some(short_text(200)),
        _ => match op.field.split_entry() {
            Some((FieldPath::LINKS, other, "verdict")) => Some(
                other.parse::<uuid::Uuid>().is_ok() && matches!(value.as_str(), Some("same" | "different")),
            ),
            Some((_, _, FieldPath::DELETED)) => Some(value.is_boolean()),
            Some((crate::attach::GROUP, entry, crate::attach::FILE)) => Some(
                entry.parse::<uuid::Uuid>().is_ok() && crate::attach::Attachment::from_value(value).is_some(),
            ),
            _ if op.field.granted_device().is_some() => Some(value.is_boolean()),
            _ => None,
        },
    };
    match system {
        Some(true) => Ok(()),
        Some(false) => Err(reason::VALUE),
        None => match form.field_at(path) {
            Some(field) => form.check_stored(field, value, today).map_err(|_| reason::VALUE),
            None => Err(reason::FIELD),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Dot, Hlc, RecordId, Seal};
    use serde_json::json;

    fn op(device: DeviceId, record: RecordId, field: &str, value: Value) -> Op {
        Op {
            dot: Dot::new(device, 1),
            record,
            field: FieldPath::parse(field).unwrap(),
            value,
            seal: Seal::Legacy,
            parents: vec![],
            hlc: Hlc::from_millis(1),
            author: "w".into(),
        }
    }

    #[test]
    fn a_laptop_writes_its_own_and_granted_records_only() {
        let (mine, other) = (DeviceId::new(), DeviceId::new());
        let own = RecordId::made_on(mine, Hlc::from_millis(5));
        let theirs = RecordId::made_on(other, Hlc::from_millis(5));
        let edit = |r| op(mine, r, "surname", json!("Ким"));
        assert_eq!(in_scope(Role::Field, mine, &edit(own), None, false), Ok(()));
        assert_eq!(
            in_scope(Role::Field, mine, &edit(theirs), None, false),
            Err(reason::SCOPE)
        );
        assert_eq!(
            in_scope(Role::Coordinator, mine, &edit(theirs), None, false),
            Ok(())
        );
        let mut state = RecordState::new(theirs);
        let grant = Op {
            dot: Dot::new(DeviceId::new(), 1),
            ..op(mine, theirs, &FieldPath::grant(mine).to_string(), json!(true))
        };
        state.apply(&grant, &mut |_| false);
        assert_eq!(
            in_scope(Role::Field, mine, &edit(theirs), Some(&state), false),
            Ok(())
        );
        let self_grant = op(mine, theirs, &FieldPath::grant(mine).to_string(), json!(true));
        assert_eq!(
            in_scope(Role::Field, mine, &self_grant, None, false),
            Err(reason::GRANT)
        );
        let registry = op(mine, REGISTRY, "surname", json!("x"));
        assert_eq!(
            in_scope(Role::Field, mine, &registry, None, false),
            Err(reason::REGISTRY)
        );
    }

    #[test]
    fn values_are_checked_like_typed_ones() {
        let form = crate::form::builtin().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let d = DeviceId::new();
        let r = RecordId::made_on(d, Hlc::from_millis(5));
        let check = |field: &str, value: Value| value_ok(form, &op(d, r, field, value), today);
        assert_eq!(check("surname", json!("Дуйсенова")), Ok(()));
        assert_eq!(check("sex", json!("female")), Ok(()));
        assert_eq!(check("sex", json!("robot")), Err(reason::VALUE));
        assert_eq!(check("surname", json!("x".repeat(5000))), Err(reason::VALUE));
        assert_eq!(check("no_such_field", json!("x")), Err(reason::FIELD));
        assert_eq!(check("_deleted", json!(true)), Ok(()));
        assert_eq!(check("_deleted", json!("yes")), Err(reason::VALUE));
        assert_eq!(check("surname", Value::Null), Ok(()));
    }
}
