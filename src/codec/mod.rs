//! Text and binary encodings shared by storage, files and links.

pub mod json;
