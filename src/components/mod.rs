//! Reusable views. Each takes signals and callbacks as props (or the store from context) and owns
//! no business rule.

pub mod notices;
pub mod quick_add;
pub mod story_editor;
pub mod story_list;
