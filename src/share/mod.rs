//! Boards as links and files: the Share page ([`page`]), the boards of this browser and their
//! backups, and opening a link that arrives ([`open_link`]), which previews a board before
//! anything local changes and hands poker and program links to their features.

mod backup_panel;
mod boards_panel;
pub mod open_link;
pub mod page;
mod passphrase_form;
mod plan_view;
pub mod receive_preview;
mod share_link;

pub use page::SharePage;
