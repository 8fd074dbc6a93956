//! Reusable views. Each takes signals and callbacks as props (or the store and the page's view
//! state from context) and owns no business rule.

pub mod backlog_toolbar;
pub mod batch_vote;
pub mod charts;
pub mod confidence;
pub mod copy_button;
pub mod deck_editor;
pub mod filter_bar;
pub mod import_dialog;
pub mod lazy;
pub mod modal;
pub mod notices;
pub mod open_link;
pub mod position_dialog;
pub mod program_views;
pub mod qr;
pub mod quick_add;
pub mod receive;
pub mod selection_bar;
pub mod status_options;
pub mod story_editor;
pub mod story_list;
pub mod suggest_dialog;
pub mod vote_link;
