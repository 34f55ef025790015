//! The intake form: its definition (data in `assets/forms/`, checked when
//! loaded), the values people type, the validation engine with relevance and
//! repeat groups, the region, country and language lists.

pub mod catalog;
pub mod check;
pub mod dates;
pub mod definition;
pub mod describe;
pub mod engine;
pub mod expr;
pub mod input;
pub mod load;
pub mod options;
mod problems;
pub mod regions;
pub mod values;

pub use catalog::Catalog;
pub use dates::{PreciseDate, Precision};
pub use definition::{Field, Form, Kind, Level, MAX_TEXT_LENGTH, Section};
pub use engine::{Checker, EntryValues, Issue, Mode, Relevance, Values, suggest_latin};
pub use load::{builtin, load, load_file};
pub use options::{Found, Offered};
pub use problems::DefinitionError;
pub use regions::{Region, Regions};
pub use values::{FieldError, Sex};
