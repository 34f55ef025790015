//! Identities: devices, records, repeat-group entries and dots (an op's id).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (UUIDv7) id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

uuid_id!(
    /// The laptop (database) that wrote an op.
    DeviceId
);
uuid_id!(
    /// A person's record, made on the device that created it (whose tag
    /// it carries: see [`RecordId::made_on`]).
    RecordId
);

/// The bits of a record id that name the device that made it (the 62
/// random bits of a UUIDv7).
const TAG_MASK: u128 = (1 << 62) - 1;

impl DeviceId {
    /// The device as a person reads it in a list: the last 8 hex digits of
    /// its id (its random part; the first digits are its creation time,
    /// the same for every device set up in the same weeks).
    pub fn short(&self) -> String {
        let text = self.to_string();
        text[text.len() - 8..].to_owned()
    }

    /// The 62-bit tag every record made on this device carries: the start
    /// of SHA-256 of its id. Finding another device id with the same tag
    /// takes about 2^62 hashes, so a laptop cannot pass for the maker of
    /// another's records.
    pub fn record_tag(&self) -> u64 {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest([b"intake record tag v2\0".as_slice(), self.0.as_bytes()].concat());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) >> 2
    }
}

impl RecordId {
    /// The id of a record made on `device` at clock value `hlc`: a UUIDv7
    /// with the clock's millisecond, the low 12 bits of its counter (the
    /// caller keeps them distinct within a millisecond) and the device's
    /// tag in place of the random bits.
    pub fn made_on(device: DeviceId, hlc: super::Hlc) -> RecordId {
        let ms = u128::from(hlc.millis() & ((1 << 48) - 1));
        let counter = u128::from(hlc.counter() & 0xfff);
        let bits =
            (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | u128::from(device.record_tag());
        RecordId(Uuid::from_u128(bits))
    }

    /// The tag of the device that made it (see [`DeviceId::record_tag`]).
    pub fn tag(&self) -> u64 {
        (self.0.as_u128() & TAG_MASK) as u64
    }

    /// Whether `device` made this record.
    pub fn made_by(&self, device: DeviceId) -> bool {
        self.tag() == device.record_tag()
    }
}
uuid_id!(
    /// One entry of a repeat group (a document, a residence period, …).
    EntryId
);

/// An op's identity: the device that made it and its sequence number there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dot {
    /// The device that made the op.
    pub device: DeviceId,
    /// Counts up from 1 on each device.
    pub seq: u64,
}

impl Dot {
    /// The dot of op number `seq` of `device`.
    pub fn new(device: DeviceId, seq: u64) -> Self {
        Self { device, seq }
    }
}

impl fmt::Display for Dot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.device, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Hlc;

    #[test]
    fn a_record_id_names_its_device_and_is_a_valid_uuid_v7() {
        let (a, b) = (DeviceId::new(), DeviceId::new());
        let hlc = Hlc::from_millis(1_700_000_000_000).tick(1_700_000_000_000);
        let id = RecordId::made_on(a, hlc);
        assert_eq!(id.0.get_version_num(), 7);
        assert_eq!(id.0.get_variant(), uuid::Variant::RFC4122);
        assert!(id.made_by(a) && !id.made_by(b));
        assert_ne!(
            id,
            RecordId::made_on(a, hlc.tick(0)),
            "the next tick gives another id"
        );
        assert_ne!(id, RecordId::made_on(b, hlc));
        assert_eq!(
            id.0.get_timestamp().map(|t| t.to_unix().0),
            Some(1_700_000_000),
            "sorted by the time it was made"
        );
    }
}
