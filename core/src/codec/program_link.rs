//! Program links (the text after `#/open/`): a whole program, its read-only steering summary,
//! or one team's view of it (the feedback link). Each is one kind byte and the deflated JSON of
//! the thing, base64url-encoded; the kind byte is the version (a change of shape takes a new
//! byte). JSON rather than a binary body because these are small and read by the program page
//! only: a summary of 8 teams × 100 stories is about 1,300 characters as a link (see the
//! `program_links` test), and the whole program travels as its stored format, versioned, with
//! each team's board in its own board format.
//!
//! Reading is bounded like board links: at most 16,384 characters, inflated to at most 1 MB, and
//! what is read passes `domain::validate` before anything uses it.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::base64url;
use super::share::{LinkError, inflate_bounded, raw_bytes};
use crate::domain::program::Program;
use crate::domain::program::steering::{Summary, TeamView};
use crate::domain::validate;
use crate::storage::format;

/// A whole program (stored format inside).
pub const PROGRAM: u8 = 16;
/// A read-only steering summary.
pub const SUMMARY: u8 = 17;
/// A team's view of the program.
pub const TEAM_VIEW: u8 = 18;

/// What a program link carries.
#[derive(Clone, Debug, PartialEq)]
pub enum ProgramLink {
    Program(Program),
    Summary(Summary),
    TeamView(TeamView),
}

/// The kind byte of a link payload, if it is a program link.
pub fn kind(text: &str) -> Option<u8> {
    let first = text.trim().get(..2)?;
    let byte = base64url::decode(&format!("{first}AA")).ok()?.first().copied()?;
    crate::codec::share::PROGRAM_KINDS.contains(&byte).then_some(byte)
}

fn pack(kind: u8, json: &[u8]) -> String {
    let mut raw = vec![kind];
    raw.extend(miniz_oxide::deflate::compress_to_vec(json, 10));
    base64url::encode(&raw)
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// The payload of a link carrying the whole program.
pub fn encode_program(p: &Program) -> String {
    pack(PROGRAM, format::encode_program(p).as_bytes())
}

/// The payload of a read-only summary link.
pub fn encode_summary(s: &Summary) -> String {
    pack(SUMMARY, &to_json(s))
}

/// The payload of a team's feedback link.
pub fn encode_team_view(v: &TeamView) -> String {
    pack(TEAM_VIEW, &to_json(v))
}

fn read<T: DeserializeOwned>(json: &[u8]) -> Result<T, String> {
    serde_json::from_slice(json).map_err(|e| format!("its content does not read ({e})"))
}

/// Decodes a program link's payload. Messages complete "This link cannot be opened: …".
pub fn decode(text: &str) -> Result<ProgramLink, String> {
    let raw = raw_bytes(text).map_err(|e| e.to_string())?;
    let Some((&kind, rest)) = raw.split_first() else { return Err(LinkError::Empty.to_string()) };
    let json = inflate_bounded(rest).map_err(|e| e.to_string())?;
    let invalid = |e: validate::Invalid| format!("its content is not valid: {e}");
    match kind {
        PROGRAM => {
            let text = String::from_utf8(json).map_err(|_| "its content is not text".to_owned())?;
            format::decode_program(&text)
                .map(ProgramLink::Program)
                .map_err(|e| format!("its program cannot be read: {e}"))
        }
        SUMMARY => {
            let s: Summary = read(&json)?;
            validate::summary(&s).map_err(invalid)?;
            Ok(ProgramLink::Summary(s))
        }
        TEAM_VIEW => {
            let v: TeamView = read(&json)?;
            validate::team_view(&v).map_err(invalid)?;
            Ok(ProgramLink::TeamView(v))
        }
        other => Err(LinkError::Unknown(other).to_string()),
    }
}
