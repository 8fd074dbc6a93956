//! Everything that turns boards into localStorage text and back.
//!
//! The formats and the key registry are the core's ([`format`], [`keys`]: pure, tested
//! natively, never panic); [`local`] is the thin browser edge, gloo-storage underneath, that
//! reads and writes strings and reports failures as values.

pub mod local;

pub use local::StorageError;
pub use sprintdeck_core::storage::{BoardIndex, FormatError, IndexEntry, Key, format, keys, ledger, sync};
