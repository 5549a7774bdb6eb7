//! The desk screen's screens and overlays, one module each. A screen's module owns its state
//! type, its key bindings (`KEYS`), its `update` for the actions those keys give, and its
//! `draw`: "what does this key do on this screen" is answered in one file. The top-level
//! [`update`](super::update) only dispatches to them; the frame around them (status bar,
//! message line, footer) is drawn by [`view`](super::view).

pub mod channel;
pub mod confirm;
pub mod follow_ups;
pub mod form;
pub mod help;
pub mod kb;
pub mod lock;
pub mod main;
pub mod overview;
pub mod setup;
pub mod thread;
