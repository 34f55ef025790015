//! Reusable pieces of the screens.

pub mod chooser;
pub mod confirm;
pub mod help;
pub mod lines;
pub mod status_bar;
pub mod text_field;
pub mod toast;
pub mod work;
