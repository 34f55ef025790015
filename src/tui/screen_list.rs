//! The macro behind `screens/mod.rs`: from one line a screen (its
//! module, its variant, its state) it makes the module, the [`Screen`]
//! variant and the dispatch of `mode`, `update` and `draw` to the
//! screen's own functions, so that adding a screen is one line there.
//!
//! [`Screen`]: crate::tui::screens::Screen

/// Lists the screens: `module => Variant(State),` a screen, each with
/// its doc comment. Every module has `mode(&State) -> Mode`, `MODES`,
/// `update(&mut State, &mut Context, Action) -> Transition` and
/// `draw::draw(&mut Frame, Rect, &View, &State)`.
macro_rules! screen_list {
    ($($(#[$doc:meta])* $module:ident => $variant:ident($state:ty),)*) => {
        $(pub mod $module;)*

        /// Which screen is shown.
        #[derive(Debug)]
        pub enum Screen {
            $($(#[$doc])* $variant($state),)*
        }

        impl Screen {
            /// The keys that apply on the screen now.
            pub fn mode(&self) -> $crate::tui::keymap::Mode {
                match self {
                    $(Screen::$variant(s) => $module::mode(s),)*
                }
            }

            /// The screen's answer to an action.
            pub fn update(
                &mut self,
                ctx: &mut $crate::tui::transition::Context<'_>,
                action: $crate::tui::action::Action,
            ) -> $crate::tui::transition::Transition {
                match self {
                    $(Screen::$variant(s) => $module::update(s, ctx, action),)*
                }
            }

            /// Draws the screen into `area`.
            pub fn draw(
                &self,
                frame: &mut ratatui::Frame<'_>,
                area: ratatui::layout::Rect,
                view: &$crate::tui::transition::View<'_>,
            ) {
                match self {
                    $(Screen::$variant(s) => $module::draw::draw(frame, area, view, s),)*
                }
            }
        }

        /// Every mode of every screen.
        pub fn all_modes() -> Vec<$crate::tui::keymap::Mode> {
            let mut all = Vec::new();
            $(all.extend($module::MODES);)*
            all
        }
    };
}
