//! Pure types and rules of the op-log model: ids, dots, the hybrid logical
//! clock, ops, heads and conflicts, record state, the case workflow and the
//! script-folded search key. No I/O happens here.

pub mod fold;
pub mod heads;
pub mod hlc;
pub mod ids;
pub mod op;
pub mod record;
pub mod workflow;

pub use heads::{FieldHeads, Head};
pub use hlc::Hlc;
pub use ids::{DeviceId, Dot, EntryId, RecordId};
pub use op::{FieldPath, Op};
pub use record::{Disagreement, Entry, Origin, RecordState, is_deletion};
pub use workflow::Status;
