//! The reactive layer between the domain and the views.
//!
//! [`Store`] holds the open board in a signal and is the only place an [`Action`] is applied;
//! [`persist`] keeps localStorage in step with it (debounced saves, flushes on page hide, other
//! tabs' changes); [`route`] turns the URL fragment into the page to show.
//!
//! [`Action`]: crate::domain::Action

pub mod backlog_ui;
pub mod boards;
pub mod crypto;
pub mod editing;
pub(crate) mod notice;
pub mod persist;
pub mod round;
pub(crate) mod route;
pub(crate) mod store;

pub use notice::{Notice, NoticeKind};
pub use route::Route;
pub use store::Store;
