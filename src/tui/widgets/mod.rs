//! Reusable pieces of the screens.

pub mod status_bar;
pub mod text_field;
