//! Every screen, one folder each: its state, its key bindings, its
//! `update` (state, context, action → transition) and its `draw`. See
//! `src/tui/README.md` for how to add one.

pub mod conflicts;
pub mod devices;
pub mod duplicates;
pub mod form;
pub mod import;
pub mod list;
pub mod record;
pub mod reports;
pub mod setup;
pub mod unlock;
