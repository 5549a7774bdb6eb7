//! Several desks, one picture: a desk's data as one self-describing bundle file
//! ([`bundle`]), merged into another database without a server ([`merge`]), and contacts
//! brought in from a CSV file such as an old Excel tally ([`import`]); what a sync server sent
//! a coordinator is stored by the same rules ([`pulled`]).
//!
//! What the command line calls:
//! - [`bundle::write`] for `balie export --bundle FILE`;
//! - [`bundle::read`] on every file, then [`merge::merge`] once, for `balie merge FILE...`;
//! - [`import::plan`], then [`import::apply`] unless it is a dry run, for `balie import`.

pub mod bundle;
pub mod import;
pub mod merge;
pub mod pulled;

pub use bundle::{Bundle, BundleError, BundleOptions, Manifest, RowCounts};
pub use import::{ImportError, ImportOptions, ImportPlan};
pub use merge::MergeCounts;

/// Whether `id` can be a contact id: 1-64 ASCII letters, digits, `-` or `_` (balie writes
/// 26-character ULIDs). Anything else in a bundle or CSV file is refused.
pub fn is_contact_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests;
