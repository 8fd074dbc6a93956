//! Everything that turns boards into localStorage text and back.
//!
//! [`keys`] names every key the app uses, [`format`] encodes and decodes (pure, tested natively,
//! never panics), and [`local`] is the thin browser edge that reads and writes strings and
//! reports failures as values.

pub mod format;
pub mod keys;
pub mod local;

pub use format::{BoardIndex, FormatError, IndexEntry};
pub use keys::Key;
pub use local::StorageError;
