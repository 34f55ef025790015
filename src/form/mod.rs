//! The intake form's values and rules: parsing and checking what a person
//! types or a referral list holds, and the region list.

pub mod referral;
pub mod regions;
pub mod values;

pub use regions::{Region, Regions};
pub use values::{BirthDate, FieldError, Sex};
