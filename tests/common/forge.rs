//! The forger's kit: bundles built from the documented format with real
//! keys — correctly signed and encrypted, and lying. An attacker holding a
//! stolen laptop and its passphrase has exactly these tools.

use ed25519_dalek::SigningKey;
use intake::domain::proof::{Hash32, RootBuilder};
use intake::domain::{DeviceId, Dot, FieldPath, Hlc, Op, RecordId, Salt, Seal};
use intake::sync::bundle::{self, Header, Item, ItemRef, Range};
use intake::sync::{keys, provenance};
use std::str::FromStr;

/// A bundle taken apart.
pub struct Parts {
    /// Its header.
    pub header: Header,
    /// Its items, in order.
    pub items: Vec<Item>,
}

/// Decrypts a bundle with an identity and takes it apart.
pub fn open(sealed: &[u8], identity: &str) -> Parts {
    let identity = age::x25519::Identity::from_str(identity).unwrap();
    let opened = bundle::open(sealed, &identity).unwrap();
    let header = opened.header.clone();
    let mut items_reader = opened.items().unwrap();
    let mut items = Vec::new();
    while let Some(item) = items_reader.next_item().unwrap() {
        items.push(item);
    }
    items_reader.finish().unwrap();
    Parts { header, items }
}

/// The items by reference, for writing.
pub fn refs(items: &[Item]) -> Vec<ItemRef<'_>> {
    items
        .iter()
        .map(|i| match i {
            Item::Statement(s) => ItemRef::Statement(s),
            Item::Omitted(o) => ItemRef::Omitted(o),
            Item::Op(op) => ItemRef::Op(op),
        })
        .collect()
}

/// The inner bytes of a bundle: `header` (its key, ops, ranges and section
/// made to fit the items), signed by `signer`.
pub fn inner(header: &Header, signer: &SigningKey, items: &[Item]) -> Vec<u8> {
    let (bytes, section) = bundle::ops_section(&refs(items)).unwrap();
    let mut h = header.clone();
    h.signing_key = bundle::hex(signer.verifying_key().as_bytes());
    h.key_fingerprint = keys::fingerprint(&signer.verifying_key());
    h.sections = vec![section];
    h.ops = 0;
    h.ranges = Vec::new();
    for item in items {
        if let Item::Op(op) = item {
            h.ops += 1;
            match h.ranges.last_mut() {
                Some(r) if r.device == op.dot.device => {
                    r.last = op.dot.seq;
                    r.count += 1;
                }
                _ => h.ranges.push(Range {
                    device: op.dot.device,
                    first: op.dot.seq,
                    last: op.dot.seq,
                    count: 1,
                }),
            }
        }
    }
    let header_bytes = serde_json::to_vec(&h).unwrap();
    bundle::assemble(bundle::FORMAT, &header_bytes, signer, &[&bytes])
}

/// A whole bundle: [`inner`], sealed to `to`.
pub fn forge(header: &Header, signer: &SigningKey, items: &[Item], to: &[age::x25519::Recipient]) -> Vec<u8> {
    bundle::seal(&inner(header, signer, items), to).unwrap()
}

/// A run of consecutive ops of one device with its statement, signed by
/// `key` (the device's own, or a forger's).
pub fn run(key: &SigningKey, ops: &[Op], prev: Option<Hash32>) -> Vec<Item> {
    let first = ops[0].dot.seq;
    let last = ops[ops.len() - 1].dot.seq;
    let mut tree = RootBuilder::new(first, last);
    for op in ops {
        tree.leaf(op.dot.seq, op.leaf().unwrap()).unwrap();
    }
    let s = provenance::sign(key, ops[0].dot.device, first, last, tree.root().unwrap(), prev);
    std::iter::once(Item::Statement(s))
        .chain(ops.iter().cloned().map(Item::Op))
        .collect()
}

/// An op as a device would write it now.
pub fn op(
    device: DeviceId,
    seq: u64,
    record: RecordId,
    field: &str,
    value: serde_json::Value,
    author: &str,
) -> Op {
    Op {
        dot: Dot::new(device, seq),
        record,
        field: FieldPath::parse(field).unwrap(),
        value,
        seal: Seal::Salt(Salt::random()),
        parents: vec![],
        hlc: Hlc::from_millis(Hlc::now_millis()),
        author: author.to_owned(),
    }
}

/// A header for a bundle from `device` (its key goes in when forged).
pub fn header(kind: bundle::Kind, device: DeviceId, worker: &str, age_key: &str, to: &[&str]) -> Header {
    Header {
        format: bundle::FORMAT.to_owned(),
        kind,
        campaign: Some("kz-2026".to_owned()),
        device,
        worker: worker.to_owned(),
        signing_key: String::new(),
        key_fingerprint: String::new(),
        age_key: age_key.to_owned(),
        recipients: to.iter().map(|k| bundle::recipient_fingerprint(k)).collect(),
        bundle_id: uuid::Uuid::now_v7().to_string(),
        sequence: 1,
        previous: None,
        for_device: None,
        receipt: None,
        ranges: Vec::new(),
        ops: 0,
        sections: Vec::new(),
        app_version: "0.1.0".to_owned(),
        schema_version: 6,
        created: "2026-12-01T00:00:00Z".to_owned(),
        succession: None,
        holds: Vec::new(),
        wants: Vec::new(),
        audit: Vec::new(),
        attachments: 0,
    }
}
