//! balie: a keyboard-driven desk log for walk-in consultation desks. The library holds all the
//! work; `main.rs` only parses arguments, runs, and maps errors to an exit code.

pub mod app;
pub mod backup;
pub mod cli;
pub mod config;
pub mod crypt;
pub mod demo;
pub mod desks;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod kb;
pub mod maintenance;
pub mod output;
pub mod privacy;
pub mod report;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
pub mod when;
