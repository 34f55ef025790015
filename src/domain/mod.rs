//! Pure types and rules of the op-log model: ids, dots, the hybrid logical
//! clock, ops and what proves them, heads and conflicts, record state, the
//! device registry, the case workflow, the script-folded search key and
//! untrusted text made safe to show. No I/O happens here.

pub mod fold;
pub mod heads;
pub mod hlc;
pub mod ids;
pub mod op;
pub mod proof;
pub mod record;
pub mod registry;
pub mod visible;
pub mod workflow;

pub use heads::{FieldHeads, Head};
pub use hlc::Hlc;
pub use ids::{DeviceId, Dot, EntryId, RecordId};
pub use op::{FieldPath, Op};
pub use proof::{Hash32, Salt, Seal, Statement};
pub use record::{Disagreement, Entry, Origin, RecordState, is_deletion};
pub use workflow::Status;
