//! Fuzzes reading a bundle with the production limits: any bytes as a
//! file (the age envelope, then the inner format) and as inner bytes
//! (format line, header, signature, sections, items), read to the end; and
//! the whole import into a coordinator whose age identity is the fixed one
//! below (so that sealed seeds get past the envelope). None of it may
//! panic, hang or allocate without bound.

#![no_main]

use intake::domain::{DeviceId, Op};
use intake::store::{DeviceSecrets, Profile, Role, Store};
use intake::sync::bundle::{self, Item};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::io::Read;
use std::str::FromStr;

/// A fixed identity (only for fuzzing): files sealed to it get past the envelope.
const IDENTITY: &str = "AGE-SECRET-KEY-1H0VUWFSJHVXKTDT5Z7ZM9Q4Y22VAGRXUHD6EFH50AR78CJ7PWCYQ89LQUV";

thread_local! {
    static COORDINATOR: RefCell<Option<Store>> = const { RefCell::new(None) };
}

fn coordinator() -> Store {
    let mut store = Store::open_in_memory().expect("an in-memory database");
    let profile = Profile {
        device_id: DeviceId::new(),
        role: Role::Coordinator,
        worker: "fuzz".to_owned(),
        org: "fuzz".to_owned(),
        campaign: None,
        coordinator: None,
        created: "2026-01-01T00:00:00Z".to_owned(),
    };
    let secrets = DeviceSecrets {
        signing_key: zeroize::Zeroizing::new([7u8; 32]),
        age_identity: secrecy::SecretString::from(IDENTITY.to_owned()),
    };
    store.create_profile(&profile, &secrets).expect("a profile");
    store
}

/// Reads every item of an opened bundle, and what each op proves.
fn drain<R: Read>(opened: bundle::Opened<R>) {
    let Ok(mut items) = opened.items() else { return };
    loop {
        match items.next_item() {
            Ok(Some(Item::Op(op))) => {
                let _: Option<_> = Op::leaf(&op);
            }
            Ok(Some(_)) => {}
            Ok(None) => {
                let _ = items.finish();
                return;
            }
            Err(e) => {
                let _ = items.diagnose(e);
                return;
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(opened) = bundle::open_inner(data) {
        drain(opened);
    }
    if let Ok(identity) = age::x25519::Identity::from_str(IDENTITY)
        && let Ok(opened) = bundle::open(data, &identity)
    {
        drain(opened);
    }
    COORDINATOR.with(|c| {
        let mut c = c.borrow_mut();
        let store = c.get_or_insert_with(coordinator);
        let options = intake::sync::Options {
            trust_new: true,
            form: intake::form::builtin().ok(),
            ..Default::default()
        };
        let _ = intake::sync::import(store, &intake::sync::Source::Bytes(data), &options);
    });
});
