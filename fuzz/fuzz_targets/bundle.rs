//! Fuzzes reading a bundle: any bytes, as a file (age envelope, then the
//! inner format) and as inner bytes (format line, header, signature,
//! payload, ops). Neither may panic, hang or allocate without bound.

#![no_main]

use intake::sync::bundle::{self, Limits};
use libfuzzer_sys::fuzz_target;
use std::str::FromStr;

/// A fixed identity (only for fuzzing): files sealed to it get past the envelope.
const IDENTITY: &str = "AGE-SECRET-KEY-1H0VUWFSJHVXKTDT5Z7ZM9Q4Y22VAGRXUHD6EFH50AR78CJ7PWCYQ89LQUV";

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_payload: 1 << 20,
        max_plain: 8 << 20,
    };
    let _ = bundle::verify(data, limits);
    if let Ok(identity) = age::x25519::Identity::from_str(IDENTITY) {
        if let Ok(inner) = bundle::decrypt(data, &identity, limits) {
            let _ = bundle::verify(&inner, limits);
        }
    }
});
