//! The text formats of localStorage entries and files, and the one list of localStorage keys.
//!
//! [`format`] encodes and decodes (pure, never panics); [`keys`] names every key; [`sync`] tells
//! one tab's saves from another's. The browser
//! edge that reads and writes the strings lives in the app crate.

pub mod format;
pub mod keys;
pub mod ledger;
pub mod sync;

pub use format::{BoardIndex, FormatError, IndexEntry};
pub use keys::Key;
