//! Keys and (in later work) bundles: what travels between laptops.

pub mod keys;
