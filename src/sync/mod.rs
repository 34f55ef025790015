//! What travels between laptops: device keys and the coordinator's
//! enrolment string, the bundle format, proofs of each op by the device
//! that made it, export, import (streamed, checked op by op, all or
//! nothing), and the coordinator's decisions about devices.

pub mod admit;
pub mod assign;
pub mod bundle;
pub mod devices;
pub mod enrol;
pub mod export;
pub mod import;
pub mod keys;
pub mod provenance;
pub mod refusal;
mod registry_ops;
pub mod succession;
pub mod summary;
pub mod verify;
pub mod withheld;

pub use export::{
    Exported, Part, Settle, export, export_for, export_for_part, export_for_settled, export_part,
    export_settled,
};
pub use import::{Imported, Options, Source, import};
pub use refusal::{Refusal, Sender, SyncError};
