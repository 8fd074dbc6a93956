//! The Backlog page: the Product Owner's ordered stories and everything done to them. The page
//! ([`page`]) holds its view state ([`view_state`]: filter, selection, focus, the open dialog),
//! which its components share; dialogs are loaded on demand where the build splits.

mod filter_bar;
mod import_dialog;
pub mod page;
mod position_dialog;
pub mod quick_add;
mod round_history;
mod selection_bar;
mod status_options;
mod story_editor;
pub mod story_list;
mod story_row;
mod suggest_dialog;
mod toolbar;
pub mod view_state;

pub use page::BacklogPage;
