//! Text and binary encodings shared by storage, files and links: the only code (with
//! `storage`) that turns the domain into bytes or text and back.

pub mod backlog_csv;
pub mod base64url;
pub mod bin;
pub mod csv;
pub mod kinds;
pub mod nostr;
pub mod poker_link;
pub mod program_link;
pub mod room_link;
pub mod room_msg;
pub mod share;
