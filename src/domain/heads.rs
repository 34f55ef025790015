//! Heads and conflicts: the merge rule of DESIGN.md.
//!
//! A field's value comes from its heads, the ops that no other op names as a
//! parent. Because that is a function of the *set* of ops, applying the same
//! ops in any order, or twice, gives the same heads.

use super::{Dot, Hlc, Op};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One head of a field: a value no later edit has replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The op that wrote it.
    pub dot: Dot,
    /// When.
    pub hlc: Hlc,
    /// Who.
    pub author: String,
    /// The value written.
    pub value: Value,
}

/// The heads of one field, plus the parents named by known ops whose own op
/// has not arrived yet (so that it is not taken for a head when it does).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldHeads {
    /// Sorted by dot.
    pub heads: Vec<Head>,
    /// Sorted by dot; usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awaited: Vec<Dot>,
}

impl FieldHeads {
    /// Applies an op not applied before. `seen(dot)` tells whether the op with
    /// that dot is already known (it is asked only for parents that are not
    /// current heads, which is rare).
    pub fn apply(&mut self, op: &Op, seen: &mut dyn FnMut(&Dot) -> bool) {
        for parent in &op.parents {
            if let Ok(i) = self.heads.binary_search_by(|h| h.dot.cmp(parent)) {
                self.heads.remove(i);
            } else if !seen(parent)
                && let Err(i) = self.awaited.binary_search(parent)
            {
                self.awaited.insert(i, *parent);
            }
        }
        match self.awaited.binary_search(&op.dot) {
            // A known op already replaced this one.
            Ok(i) => {
                self.awaited.remove(i);
            }
            Err(_) => {
                if let Err(i) = self.heads.binary_search_by(|h| h.dot.cmp(&op.dot)) {
                    let head = Head {
                        dot: op.dot,
                        hlc: op.hlc,
                        author: op.author.clone(),
                        value: op.value.clone(),
                    };
                    self.heads.insert(i, head);
                }
            }
        }
    }

    /// The dots a new edit of this field must name as its parents.
    pub fn dots(&self) -> Vec<Dot> {
        self.heads.iter().map(|h| h.dot).collect()
    }

    /// Several heads with different values.
    pub fn is_conflict(&self) -> bool {
        self.heads.windows(2).any(|w| w[0].value != w[1].value)
    }

    /// The value to show: the only value, or in a conflict the deterministic
    /// provisional one (highest `(hlc, device)`). `None` when never written.
    pub fn value(&self) -> Option<&Value> {
        self.heads
            .iter()
            .max_by(|a, b| (a.hlc, a.dot.device).cmp(&(b.hlc, b.dot.device)))
            .map(|h| &h.value)
    }

    /// The head whose value is shown (see [`FieldHeads::value`]).
    pub fn provisional(&self) -> Option<&Head> {
        self.heads
            .iter()
            .max_by(|a, b| (a.hlc, a.dot.device).cmp(&(b.hlc, b.dot.device)))
    }

    /// The distinct candidate values in a conflict, each with its first head.
    pub fn candidates(&self) -> Vec<&Head> {
        let mut seen: Vec<&Head> = Vec::new();
        for h in &self.heads {
            if !seen.iter().any(|s| s.value == h.value) {
                seen.push(h);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DeviceId, FieldPath, RecordId};
    use serde_json::json;
    use std::collections::HashSet;

    fn op(device: DeviceId, seq: u64, parents: &[Dot], value: Value, ms: u64) -> Op {
        Op {
            dot: Dot::new(device, seq),
            record: RecordId(uuid::Uuid::nil()),
            field: FieldPath::parse("surname").unwrap(),
            value,
            seal: crate::domain::Seal::Legacy,
            parents: parents.to_vec(),
            hlc: Hlc::from_millis(ms),
            author: "w".into(),
        }
    }

    fn apply_all(ops: &[&Op]) -> FieldHeads {
        let mut heads = FieldHeads::default();
        let mut known: HashSet<Dot> = HashSet::new();
        for o in ops {
            heads.apply(o, &mut |d| known.contains(d));
            known.insert(o.dot);
        }
        heads
    }

    #[test]
    fn sequential_edits_leave_one_head() {
        let a = DeviceId::new();
        let first = op(a, 1, &[], json!("Иванов"), 1);
        let second = op(a, 2, &[first.dot], json!("Иванова"), 2);
        let heads = apply_all(&[&first, &second]);
        assert_eq!(heads.heads.len(), 1);
        assert!(!heads.is_conflict());
        assert_eq!(heads.value(), Some(&json!("Иванова")));
    }

    #[test]
    fn concurrent_edits_with_different_values_conflict_and_keep_both() {
        let (a, b) = (DeviceId::new(), DeviceId::new());
        let base = op(a, 1, &[], json!("Дуйсенова"), 1);
        let left = op(a, 2, &[base.dot], json!("Дүйсенова"), 5);
        let right = op(b, 1, &[base.dot], json!("Duisenova"), 3);
        let heads = apply_all(&[&base, &left, &right]);
        assert!(heads.is_conflict());
        let values: Vec<_> = heads.candidates().iter().map(|h| h.value.clone()).collect();
        assert!(values.contains(&json!("Дүйсенова")) && values.contains(&json!("Duisenova")));
        // Provisional value: the highest (hlc, device).
        assert_eq!(heads.value(), Some(&json!("Дүйсенова")));
    }

    #[test]
    fn concurrent_edits_with_the_same_value_do_not_conflict() {
        let (a, b) = (DeviceId::new(), DeviceId::new());
        let base = op(a, 1, &[], json!("x"), 1);
        let left = op(a, 2, &[base.dot], json!("same"), 2);
        let right = op(b, 1, &[base.dot], json!("same"), 2);
        let heads = apply_all(&[&base, &left, &right]);
        assert_eq!(heads.heads.len(), 2);
        assert!(!heads.is_conflict());
    }

    #[test]
    fn a_resolution_naming_all_heads_ends_the_conflict() {
        let (a, b) = (DeviceId::new(), DeviceId::new());
        let left = op(a, 1, &[], json!("l"), 1);
        let right = op(b, 1, &[], json!("r"), 1);
        let fix = op(a, 2, &[left.dot, right.dot], json!("fixed"), 9);
        let heads = apply_all(&[&left, &right, &fix]);
        assert_eq!(heads.heads.len(), 1);
        assert_eq!(heads.value(), Some(&json!("fixed")));
    }

    #[test]
    fn an_op_arriving_after_the_op_that_replaced_it_is_not_a_head() {
        let a = DeviceId::new();
        let first = op(a, 1, &[], json!("old"), 1);
        let second = op(a, 2, &[first.dot], json!("new"), 2);
        let heads = apply_all(&[&second, &first]);
        assert_eq!(heads, apply_all(&[&first, &second]));
        assert!(heads.awaited.is_empty());
    }
}
