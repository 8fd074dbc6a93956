//! The Program page (several teams' boards planned together) and the program links it makes:
//! [`page`] composes one card per part of the program; [`desk`] keeps the program in this
//! browser; [`arrival`] opens a program, summary or feedback link.

pub mod arrival;
mod dependencies;
pub mod desk;
mod feedback_dialog;
mod grid;
mod import_program;
mod milestones;
pub mod page;
mod remove_button;
mod replace_program;
mod resources;
mod risks;
mod snapshot_preview;
mod steering;
mod summary_view;
mod team_feedback;
mod teams;

pub use page::ProgramPage;
