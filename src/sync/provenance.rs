//! Proving ops across devices: signing and checking statements, this
//! device's next statement over its own new ops, and the runs an export
//! writes — a statement, then the ops it carries and the largest subtrees
//! it leaves out, streamed from the log with a stack of log n hashes.

use super::SyncError;
use super::bundle::ItemRef;
use crate::domain::proof::{self, Hash32, Omitted, Piece, Pruner, RootBuilder, Signature, Statement};
use crate::domain::{DeviceId, Op};
use crate::store::{Store, StoreError};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use std::io;

/// A statement over `first..=last` with `root`, following `prev`, signed with `key`.
pub fn sign(
    key: &SigningKey,
    device: DeviceId,
    first: u64,
    last: u64,
    root: Hash32,
    prev: Option<Hash32>,
) -> Statement {
    let hash = proof::statement_hash(device, first, last, &root, prev.as_ref());
    Statement {
        device,
        first,
        last,
        root,
        prev,
        signature: Signature(key.sign(&hash.0).to_bytes()),
    }
}

/// Whether `key` signed this statement.
pub fn verifies(s: &Statement, key: &VerifyingKey) -> bool {
    key.verify_strict(&s.hash().0, &ed25519_dalek::Signature::from_bytes(&s.signature.0))
        .is_ok()
}

/// This device's next statement: over its ops after its latest statement
/// up to its latest op; `None` when there is nothing new.
pub fn next_own_statement(
    store: &Store,
    key: &SigningKey,
    device: DeviceId,
) -> Result<Option<Statement>, SyncError> {
    let prev = store.last_statement(device)?;
    let first = prev.as_ref().map_or(1, |p| p.last + 1);
    let last = store.last_seq(device)?;
    if last < first {
        return Ok(None);
    }
    let mut tree = RootBuilder::new(first, last);
    store.each_op_of(device, first, last, &mut |op| {
        let leaf = op
            .leaf()
            .ok_or_else(|| StoreError::Corrupt(format!("own op {} without a seal", op.dot)))?;
        tree.leaf(op.dot.seq, leaf)
            .map_err(|e| StoreError::Corrupt(format!("own ops: {e}")))
    })?;
    let root = tree
        .root()
        .map_err(|e| StoreError::Corrupt(format!("own ops: {e}")))?;
    Ok(Some(sign(key, device, first, last, root, prev.map(|p| p.hash()))))
}

/// Writes the items of one run to `out`: nothing when `include` keeps none
/// of its ops; else the statement, then in order each kept op and the
/// largest subtrees of left-out ops (computed from the log, or from the
/// subtrees this database received without their ops). Returns how many
/// ops it kept.
pub fn emit_run(
    store: &Store,
    s: &Statement,
    include: &dyn Fn(&Op) -> bool,
    out: &mut dyn FnMut(ItemRef<'_>) -> io::Result<()>,
) -> Result<u64, SyncError> {
    let nodes = store.omitted(s.device, s.first)?;
    let mut run = Run {
        statement: s,
        started: false,
        pending: Vec::new(),
        out,
        error: None,
        kept: 0,
    };
    let mut pruner = Pruner::new(s.first);
    let mut next_node = 0;
    store.each_held_op_of(s.device, s.first, s.last, &mut |op| {
        // An op kept without its own device's seal proves nothing: as if absent.
        let Some(leaf) = op.leaf() else { return Ok(()) };
        fill(&mut pruner, op.dot.seq, &nodes, &mut next_node, &mut run).map_err(relay_gap)?;
        if include(op) {
            pruner.keep(&mut |piece| run.piece(piece, Some(op)));
        } else {
            pruner.omit(0, leaf, &mut |piece| run.piece(piece, None));
        }
        run.error.take().map_or(Ok(()), |e| Err(StoreError::Read(e)))
    })?;
    fill(&mut pruner, s.last + 1, &nodes, &mut next_node, &mut run).map_err(relay_gap)?;
    pruner.finish(&mut |piece| run.piece(piece, None));
    if let Some(e) = run.error {
        return Err(SyncError::Io(e));
    }
    Ok(run.kept)
}

/// Whether this database can relay the run of `s`: every position is an
/// op held here or lies in a subtree received without its ops. A run
/// received whole always can; one received in part may not, here, when
/// other ops of it came another way (a coordinator restored from a backup
/// holds some of its predecessor's ops itself and learns the rest from
/// laptops, whose subtrees may span both): such a run is left out.
pub fn provable(store: &Store, s: &Statement) -> Result<bool, SyncError> {
    if store.omitted(s.device, s.first)?.is_empty() {
        return Ok(true);
    }
    match emit_run(store, s, &|_| false, &mut |_| Ok(())) {
        Ok(_) => Ok(true),
        Err(SyncError::Store(StoreError::Corrupt(_))) => Ok(false),
        Err(e) => Err(e),
    }
}

fn relay_gap(at: u64) -> StoreError {
    StoreError::Corrupt(format!(
        "op {at} of a relayed run is neither held nor proven here"
    ))
}

/// Covers the positions from the pruner's next one up to (not including)
/// `until` with subtrees received without their ops.
fn fill(
    pruner: &mut Pruner,
    until: u64,
    nodes: &[Omitted],
    next: &mut usize,
    run: &mut Run<'_, '_>,
) -> Result<(), u64> {
    while pruner.next() < until {
        let at = pruner.next();
        while nodes.get(*next).is_some_and(|n| n.at < at) {
            *next += 1;
        }
        // Largest first: the first that fits before `until`.
        let fits = nodes[*next..]
            .iter()
            .take_while(|n| n.at == at)
            .find(|n| at.checked_add(1u64 << n.height).is_some_and(|end| end <= until));
        let Some(node) = fits else { return Err(at) };
        pruner.omit(node.height, node.hash, &mut |piece| run.piece(piece, None));
    }
    Ok(())
}

/// The items of one run as they are decided.
struct Run<'s, 'o> {
    statement: &'s Statement,
    started: bool,
    pending: Vec<Omitted>,
    out: &'o mut dyn FnMut(ItemRef<'_>) -> io::Result<()>,
    error: Option<io::Error>,
    kept: u64,
}

impl Run<'_, '_> {
    fn piece(&mut self, piece: Piece, op: Option<&Op>) {
        if self.error.is_some() {
            return;
        }
        let result = match piece {
            Piece::Omitted(o) if !self.started => {
                self.pending.push(o);
                Ok(())
            }
            Piece::Omitted(o) => (self.out)(ItemRef::Omitted(&o)),
            Piece::Kept(_) => {
                self.kept += 1;
                self.start().and_then(|()| match op {
                    Some(op) => (self.out)(ItemRef::Op(op)),
                    None => Err(io::Error::other("a kept op without its op")),
                })
            }
        };
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// The statement goes out before the run's first kept op, with what was
    /// left out before it.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        (self.out)(ItemRef::Statement(self.statement))?;
        for o in std::mem::take(&mut self.pending) {
            (self.out)(ItemRef::Omitted(&o))?;
        }
        Ok(())
    }
}
