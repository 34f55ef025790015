//! What makes an op provable by the device that made it, wherever it
//! travels: each value committed to through a salted hash (the salt travels
//! with the value and is erased with it, so a redacted op still proves its
//! place), the op's leaf hash, the Merkle tree over a run of a device's
//! ops, and the statement a device signs over such a run.
//!
//! The tree is RFC 6962's (Certificate Transparency): leaves `H(0 ‖ op)`,
//! nodes `H(1 ‖ left ‖ right)`, a run of `n` ops split at the largest power
//! of two below `n`. A relay that carries only some ops of a run adds the
//! hashes of the perfect subtrees it leaves out ([`Omitted`]); the receiver
//! folds leaves and omitted subtrees left to right with a stack of log n
//! hashes ([`RootBuilder`]), so checking a run costs no memory that grows
//! with it.

use super::{DeviceId, Op};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// A SHA-256 hash: a value commitment, an op leaf, a tree node, a statement.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash32(pub [u8; 32]);

/// The random salt of one value (16 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Salt(pub [u8; 16]);

/// How an op's value is bound to its leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Seal {
    /// The value is present; its commitment is `H(salt ‖ value)`.
    Salt(Salt),
    /// The value was erased with its salt; the commitment stays.
    Redacted(Hash32),
    /// Written before ops were sealed, on another device: unprovable here
    /// until that device's own sealed copy arrives. Never in a bundle.
    Legacy,
}

macro_rules! hex_bytes {
    ($name:ident, $len:expr) => {
        impl $name {
            /// Lower-case hex.
            pub fn to_hex(&self) -> String {
                hex::encode(self.0)
            }

            /// From lower- or upper-case hex of exactly the right length.
            pub fn from_hex(text: &str) -> Option<Self> {
                let mut bytes = [0u8; $len];
                hex::decode_to_slice(text, &mut bytes).ok()?;
                Some(Self(bytes))
            }

            /// From exactly the right number of bytes.
            pub fn from_slice(bytes: &[u8]) -> Option<Self> {
                bytes.try_into().ok().map(Self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_hex())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_hex())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
                Self::from_hex(&text)
                    .ok_or_else(|| serde::de::Error::custom(concat!("not the hex of a ", stringify!($name))))
            }
        }
    };
}

hex_bytes!(Hash32, 32);
hex_bytes!(Salt, 16);

impl Salt {
    /// A fresh salt from the operating system's random source (through the
    /// thread's cryptographically secure generator).
    pub fn random() -> Salt {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Salt(bytes)
    }
}

const VALUE_CONTEXT: &[u8] = b"intake value v2\0";
const LEAF_CONTEXT: &[u8] = b"intake op v2\0";

/// The commitment to a value given as its JSON text (as stored and sent).
pub fn commit_json(salt: &Salt, json: &[u8]) -> Hash32 {
    let mut h = Sha256::new();
    h.update(VALUE_CONTEXT);
    h.update(salt.0);
    h.update(json);
    Hash32(h.finalize().into())
}

/// The commitment to a value.
pub fn commit(salt: &Salt, value: &serde_json::Value) -> Hash32 {
    // Serialising a Value cannot fail (its keys are strings).
    let json = serde_json::to_vec(value).unwrap_or_default();
    commit_json(salt, &json)
}

impl Seal {
    /// The commitment of `value` under this seal; `None` for a legacy seal.
    pub fn commitment(&self, value: &serde_json::Value) -> Option<Hash32> {
        match self {
            Seal::Salt(salt) => Some(commit(salt, value)),
            Seal::Redacted(c) => Some(*c),
            Seal::Legacy => None,
        }
    }
}

fn put_text(h: &mut Sha256, text: &str) {
    h.update((text.len() as u64).to_be_bytes());
    h.update(text.as_bytes());
}

/// The leaf hash of an op whose value commitment is `commitment`: every
/// part of the op in a fixed binary layout, so that no two ops share one.
pub fn leaf_with(op: &Op, commitment: &Hash32) -> Hash32 {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(LEAF_CONTEXT);
    h.update(op.dot.device.0.as_bytes());
    h.update(op.dot.seq.to_be_bytes());
    h.update(op.record.0.as_bytes());
    put_text(&mut h, op.field.as_str());
    h.update(commitment.0);
    h.update((op.parents.len() as u64).to_be_bytes());
    for p in &op.parents {
        h.update(p.device.0.as_bytes());
        h.update(p.seq.to_be_bytes());
    }
    h.update(op.hlc.0.to_be_bytes());
    put_text(&mut h, &op.author);
    Hash32(h.finalize().into())
}

/// The leaf hash of an op; `None` for a legacy seal.
pub fn leaf(op: &Op) -> Option<Hash32> {
    op.seal.commitment(&op.value).map(|c| leaf_with(op, &c))
}

/// A tree node over two children.
pub fn node(left: &Hash32, right: &Hash32) -> Hash32 {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left.0);
    h.update(right.0);
    Hash32(h.finalize().into())
}

/// A perfect subtree of a run that a relay left out: the `2^height` ops
/// from sequence number `at` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Omitted {
    /// The first sequence number it covers.
    pub at: u64,
    /// Its height: it covers `2^height` ops.
    pub height: u32,
    /// Its hash.
    pub hash: Hash32,
}

/// Why leaves and omitted subtrees do not make a tree.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// An op or subtree not at the next position of the run.
    #[error("op {got} where the run expects {expected}")]
    OutOfPlace {
        /// The position expected next.
        expected: u64,
        /// The one that came.
        got: u64,
    },
    /// A subtree that is not a node of the run's tree.
    #[error("an omitted subtree at {at} of height {height} is not part of the run")]
    BadSubtree {
        /// Where it starts.
        at: u64,
        /// Its height.
        height: u32,
    },
    /// The run ended before its last op.
    #[error("the run ends at {got}, before its last op {last}")]
    Incomplete {
        /// Its last position.
        last: u64,
        /// Where it stopped.
        got: u64,
    },
}

/// Folds the leaves (and omitted subtrees) of a run `first..=last`, in
/// order, into its root.
#[derive(Clone, Debug)]
pub struct RootBuilder {
    first: u64,
    last: u64,
    next: u64,
    stack: Vec<(u32, Hash32)>,
}

impl RootBuilder {
    /// A run of sequence numbers `first..=last` (`first <= last`).
    pub fn new(first: u64, last: u64) -> RootBuilder {
        RootBuilder {
            first,
            last,
            next: first,
            stack: Vec::new(),
        }
    }

    /// The next position the run expects.
    pub fn next(&self) -> u64 {
        self.next
    }

    /// Whether every position has been given.
    pub fn is_complete(&self) -> bool {
        self.next > self.last
    }

    /// The leaf of the op at sequence number `seq`.
    pub fn leaf(&mut self, seq: u64, leaf: Hash32) -> Result<(), TreeError> {
        if seq != self.next || seq > self.last {
            return Err(TreeError::OutOfPlace {
                expected: self.next,
                got: seq,
            });
        }
        self.push(0, leaf);
        Ok(())
    }

    /// An omitted perfect subtree, which must start at the next position.
    pub fn omitted(&mut self, o: &Omitted) -> Result<(), TreeError> {
        if o.at != self.next {
            return Err(TreeError::OutOfPlace {
                expected: self.next,
                got: o.at,
            });
        }
        if !is_subtree(self.first, self.last, o.at, o.height) {
            return Err(TreeError::BadSubtree {
                at: o.at,
                height: o.height,
            });
        }
        self.push(o.height, o.hash);
        Ok(())
    }

    fn push(&mut self, mut height: u32, mut hash: Hash32) {
        let span = 1u64 << height;
        while let Some(&(h, left)) = self.stack.last() {
            if h != height {
                break;
            }
            self.stack.pop();
            hash = node(&left, &hash);
            height += 1;
        }
        self.stack.push((height, hash));
        self.next += span;
    }

    /// The root, once every position was given.
    pub fn root(&self) -> Result<Hash32, TreeError> {
        if !self.is_complete() {
            return Err(TreeError::Incomplete {
                last: self.last,
                got: self.next.saturating_sub(1),
            });
        }
        let mut it = self.stack.iter().rev();
        let Some(&(_, mut acc)) = it.next() else {
            return Err(TreeError::Incomplete {
                last: self.last,
                got: self.first.saturating_sub(1),
            });
        };
        for (_, left) in it {
            acc = node(left, &acc);
        }
        Ok(acc)
    }
}

/// Whether `2^height` positions from `at` form a node of the tree over
/// `first..=last`: aligned to its size, and inside the run.
pub fn is_subtree(first: u64, last: u64, at: u64, height: u32) -> bool {
    let Some(span) = 1u64.checked_shl(height).filter(|_| height < 63) else {
        return false;
    };
    let Some(offset) = at.checked_sub(first) else {
        return false;
    };
    offset.is_multiple_of(span) && at.checked_add(span - 1).is_some_and(|end| end <= last)
}

/// One thing a relay sends of a run, in order: a kept op (by position) or
/// an omitted subtree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// The op at this sequence number is sent.
    Kept(u64),
    /// These ops are left out; their subtree's hash is sent.
    Omitted(Omitted),
}

#[derive(Clone, Copy, Debug)]
enum Pending {
    /// A subtree with a kept op in it: only its height matters now.
    Kept(u32),
    /// A subtree of left-out ops that may still grow.
    Omitted(Omitted),
}

impl Pending {
    fn height(&self) -> u32 {
        match self {
            Pending::Kept(h) => *h,
            Pending::Omitted(o) => o.height,
        }
    }
}

/// Decides what a relay sends of one run: fed every position of the run in
/// order (an op's leaf, or a subtree known only by its hash), each marked
/// kept or left out, it gives the kept ops and the largest left-out subtrees
/// in order, holding only a stack of log n of them.
#[derive(Debug)]
pub struct Pruner {
    next: u64,
    stack: Vec<Pending>,
}

impl Pruner {
    /// A run starting at `first`.
    pub fn new(first: u64) -> Pruner {
        Pruner {
            next: first,
            stack: Vec::new(),
        }
    }

    /// The next position expected.
    pub fn next(&self) -> u64 {
        self.next
    }

    /// The op at the next position, kept.
    pub fn keep(&mut self, out: &mut dyn FnMut(Piece)) {
        // Everything left out before it can grow no further.
        for p in &mut self.stack {
            if let Pending::Omitted(o) = *p {
                out(Piece::Omitted(o));
                *p = Pending::Kept(o.height);
            }
        }
        out(Piece::Kept(self.next));
        self.push(Pending::Kept(0), out);
    }

    /// A left-out subtree of `2^height` positions at the next position
    /// (height 0: one op's leaf).
    pub fn omit(&mut self, height: u32, hash: Hash32, out: &mut dyn FnMut(Piece)) {
        let at = self.next;
        self.push(Pending::Omitted(Omitted { at, height, hash }), out);
    }

    fn push(&mut self, mut item: Pending, out: &mut dyn FnMut(Piece)) {
        self.next += 1u64 << item.height();
        while let Some(&top) = self.stack.last() {
            if top.height() != item.height() {
                break;
            }
            self.stack.pop();
            item = match (top, item) {
                (Pending::Omitted(l), Pending::Omitted(r)) => Pending::Omitted(Omitted {
                    at: l.at,
                    height: l.height + 1,
                    hash: node(&l.hash, &r.hash),
                }),
                (Pending::Kept(h), Pending::Omitted(r)) => {
                    out(Piece::Omitted(r));
                    Pending::Kept(h + 1)
                }
                (_, other) => Pending::Kept(other.height() + 1),
            };
        }
        self.stack.push(item);
    }

    /// The run is over: what is still left out goes out, in order.
    pub fn finish(self, out: &mut dyn FnMut(Piece)) {
        for p in self.stack {
            if let Pending::Omitted(o) = p {
                out(Piece::Omitted(o));
            }
        }
    }
}

/// What a device signs: "my ops `first..=last` have tree root `root`,
/// and follow my statement `prev`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The device whose ops these are.
    pub device: DeviceId,
    /// The first sequence number covered.
    pub first: u64,
    /// The last.
    pub last: u64,
    /// The root of the tree over their leaves.
    pub root: Hash32,
    /// The hash of the device's statement ending at `first - 1` (none for the first).
    pub prev: Option<Hash32>,
    /// Ed25519 signature of [`Statement::hash`] by the device's key (hex).
    pub signature: Signature,
}

/// An Ed25519 signature (64 bytes, hex in JSON).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

hex_bytes!(Signature, 64);

const STATEMENT_CONTEXT: &[u8] = b"intake statement v2\0";

impl Statement {
    /// What the signature covers, and what names the statement: the hash of
    /// everything but the signature.
    pub fn hash(&self) -> Hash32 {
        statement_hash(self.device, self.first, self.last, &self.root, self.prev.as_ref())
    }

    /// How many ops it covers.
    pub fn len(&self) -> u64 {
        self.last - self.first + 1
    }

    /// Never true: a statement covers at least one op.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether it covers sequence number `seq`.
    pub fn covers(&self, seq: u64) -> bool {
        (self.first..=self.last).contains(&seq)
    }
}

/// The hash a statement's signature covers.
pub fn statement_hash(
    device: DeviceId,
    first: u64,
    last: u64,
    root: &Hash32,
    prev: Option<&Hash32>,
) -> Hash32 {
    let mut h = Sha256::new();
    h.update(STATEMENT_CONTEXT);
    h.update(device.0.as_bytes());
    h.update(first.to_be_bytes());
    h.update(last.to_be_bytes());
    h.update(root.0);
    match prev {
        Some(p) => {
            h.update([1u8]);
            h.update(p.0);
        }
        None => h.update([0u8]),
    }
    Hash32(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaf_n(i: u64) -> Hash32 {
        Hash32(Sha256::digest(i.to_be_bytes()).into())
    }

    /// RFC 6962's definition, recursively, as the reference.
    fn reference_root(leaves: &[Hash32]) -> Hash32 {
        if leaves.len() == 1 {
            return leaves[0];
        }
        let k = leaves.len().next_power_of_two() / 2;
        node(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
    }

    fn pieces(first: u64, leaves: &[Hash32], kept: &[bool]) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut p = Pruner::new(first);
        for (leaf, keep) in leaves.iter().zip(kept) {
            if *keep {
                p.keep(&mut |x| out.push(x));
            } else {
                p.omit(0, *leaf, &mut |x| out.push(x));
            }
        }
        p.finish(&mut |x| out.push(x));
        out
    }

    proptest! {
        #[test]
        fn the_streamed_root_is_rfc_6962s(n in 1usize..300, first in 1u64..1000) {
            let leaves: Vec<Hash32> = (0..n as u64).map(leaf_n).collect();
            let mut b = RootBuilder::new(first, first + n as u64 - 1);
            for (i, l) in leaves.iter().enumerate() {
                b.leaf(first + i as u64, *l).unwrap();
            }
            prop_assert_eq!(b.root().unwrap(), reference_root(&leaves));
        }

        #[test]
        fn any_subset_with_its_pruned_subtrees_gives_the_same_root(
            kept in proptest::collection::vec(any::<bool>(), 1..200),
            first in 1u64..50,
        ) {
            let leaves: Vec<Hash32> = (0..kept.len() as u64).map(leaf_n).collect();
            let last = first + kept.len() as u64 - 1;
            let sent = pieces(first, &leaves, &kept);
            // In order, every kept op once, and nothing that is kept inside an omitted subtree.
            let mut b = RootBuilder::new(first, last);
            let mut kept_seen = 0;
            for piece in &sent {
                match piece {
                    Piece::Kept(seq) => {
                        prop_assert!(kept[(*seq - first) as usize]);
                        kept_seen += 1;
                        b.leaf(*seq, leaves[(*seq - first) as usize]).unwrap();
                    }
                    Piece::Omitted(o) => {
                        for s in o.at..o.at + (1u64 << o.height) {
                            prop_assert!(!kept[(s - first) as usize]);
                        }
                        b.omitted(o).unwrap();
                    }
                }
            }
            prop_assert_eq!(kept_seen, kept.iter().filter(|k| **k).count());
            prop_assert_eq!(b.root().unwrap(), reference_root(&leaves));
        }
    }

    #[test]
    fn a_proof_for_one_op_of_a_thousand_is_at_most_two_log_n_hashes() {
        let leaves: Vec<Hash32> = (0..1000).map(leaf_n).collect();
        let mut kept = vec![false; 1000];
        kept[400] = true;
        let sent = pieces(1, &leaves, &kept);
        // The path to the op (9 siblings) and the run's other perfect subtrees (5).
        assert_eq!(sent.len(), 15, "{sent:?}");
    }

    #[test]
    fn a_changed_leaf_or_a_misplaced_subtree_does_not_give_the_root() {
        let leaves: Vec<Hash32> = (0..10).map(leaf_n).collect();
        let root = reference_root(&leaves);
        let mut b = RootBuilder::new(1, 10);
        for i in 0..10u64 {
            let l = if i == 3 { leaf_n(99) } else { leaves[i as usize] };
            b.leaf(i + 1, l).unwrap();
        }
        assert_ne!(b.root().unwrap(), root);
        let mut b = RootBuilder::new(1, 10);
        b.leaf(1, leaves[0]).unwrap();
        let misaligned = Omitted {
            at: 2,
            height: 1,
            hash: node(&leaves[1], &leaves[2]),
        };
        assert!(matches!(
            b.omitted(&misaligned),
            Err(TreeError::BadSubtree { .. })
        ));
        let past_the_end = Omitted {
            at: 9,
            height: 2,
            hash: leaves[0],
        };
        let mut b = RootBuilder::new(1, 10);
        for i in 1..9 {
            b.leaf(i, leaves[i as usize - 1]).unwrap();
        }
        assert!(b.omitted(&past_the_end).is_err());
        assert!(matches!(b.root(), Err(TreeError::Incomplete { .. })));
    }
}
