//! What travels between laptops: device keys, the bundle format, and
//! export and import with device trust.

pub mod bundle;
pub mod exchange;
pub mod keys;
