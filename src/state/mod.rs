//! The reactive layer between the domain and the views, split by responsibility; each part is
//! a copyable handle shared through context. The features keep their own documents' handles
//! beside their pages (`poker::table`, `poker::async_desk`, `program::desk`).
//!
//! * [`Store`]: the open board and its undo history as signals; the only place an [`Action`]
//!   is applied.
//! * [`persist`]: keeps localStorage in step with the open board (debounced saves, flushes on
//!   page hide, other tabs' saves) and opens what is stored at start; [`decoders`] reads stored
//!   JSON back, loaded on demand.
//! * [`Library`]: the boards of this browser (switching, creating, deleting, receiving).
//! * [`Notices`]: the banners.
//! * [`route`] turns the URL fragment into the page to show.
//!
//! [`Action`]: crate::domain::Action

pub mod decoders;
pub mod document;
pub mod library;
pub(crate) mod notices;
pub mod persist;
pub(crate) mod route;
pub(crate) mod store;

pub use library::{Arrival, BoardsError, Library};
pub use notices::{Notice, NoticeKind, Notices};
pub use route::Route;
pub use store::Store;
