//! The words of the sync commands.
