//! The background `balie sync` process of the desk screen: started when [`super::sync`] says
//! it is due, polled on each tick without waiting, and its outcome read from the store (where
//! `balie sync` records it). A process of its own, so a slow or unreachable server never
//! delays a keystroke.

use std::process::Child;

use crate::store::Store;
use crate::sync::session::Status;

/// Starts `balie sync` for this data folder and config.
pub struct BackgroundSync {
    spawn: Box<dyn FnMut() -> std::io::Result<Child>>,
    child: Option<Child>,
}

impl BackgroundSync {
    /// `spawn` starts one `balie sync` (its output going to the log file).
    pub fn new(spawn: Box<dyn FnMut() -> std::io::Result<Child>>) -> BackgroundSync {
        BackgroundSync { spawn, child: None }
    }

    /// Start a sync unless one runs; false if it could not be started.
    pub fn start(&mut self) -> bool {
        if self.child.is_some() {
            return true;
        }
        match (self.spawn)() {
            Ok(child) => {
                self.child = Some(child);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether a started sync has ended since the last look (never waits).
    pub fn ended(&mut self) -> bool {
        match self.child.as_mut().map(Child::try_wait) {
            None => true,
            Some(Ok(None)) => false,
            Some(Ok(Some(_)) | Err(_)) => {
                self.child = None;
                true
            }
        }
    }

    pub fn running(&self) -> bool {
        self.child.is_some()
    }
}

/// How syncing stands now; a store that cannot be read shows as nothing known.
pub fn status(store: &Store) -> Status {
    crate::sync::session::status(store).unwrap_or_default()
}
