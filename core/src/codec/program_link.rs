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
use super::kinds::{PROGRAM, SUMMARY, SUMMARY_2, TEAM_VIEW};
use super::share::{LinkError, inflate_bounded, raw_bytes};
use crate::domain::program::Program;
use crate::domain::program::steering::{Summary, TeamView};
use crate::domain::validate;
use crate::storage::format;

/// What a program link carries.
#[derive(Clone, Debug, PartialEq)]
pub enum ProgramLink {
    Program(Program),
    Summary(Summary),
    TeamView(TeamView),
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
    pack(SUMMARY_2, &to_json(s))
}

/// The payload of a team's feedback link.
pub fn encode_team_view(v: &TeamView) -> String {
    pack(TEAM_VIEW, &to_json(v))
}

/// Why a program link cannot be opened. Messages complete "This link cannot be opened: …".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProgramLinkError {
    #[error("{0}")]
    Link(#[from] LinkError),
    #[error("its content is not text")]
    NotText,
    #[error("its content does not read ({0})")]
    Content(String),
    #[error("its program cannot be read: {0}")]
    Program(format::ProgramFormatError),
    #[error("its content is not valid: {0}")]
    Invalid(validate::Invalid),
}

fn read<T: DeserializeOwned>(json: &[u8]) -> Result<T, ProgramLinkError> {
    serde_json::from_slice(json).map_err(|e| ProgramLinkError::Content(e.to_string()))
}

/// Decodes a program link's payload.
pub fn decode(text: &str) -> Result<ProgramLink, ProgramLinkError> {
    let raw = raw_bytes(text)?;
    let Some((&kind, rest)) = raw.split_first() else { return Err(LinkError::Empty.into()) };
    let json = inflate_bounded(rest)?;
    match kind {
        PROGRAM => {
            let text = String::from_utf8(json).map_err(|_| ProgramLinkError::NotText)?;
            format::decode_program(&text).map(ProgramLink::Program).map_err(ProgramLinkError::Program)
        }
        SUMMARY | SUMMARY_2 => {
            let s: Summary = read(&json)?;
            validate::summary(&s).map_err(ProgramLinkError::Invalid)?;
            Ok(ProgramLink::Summary(s))
        }
        TEAM_VIEW => {
            let v: TeamView = read(&json)?;
            validate::team_view(&v).map_err(ProgramLinkError::Invalid)?;
            Ok(ProgramLink::TeamView(v))
        }
        other => Err(LinkError::Unknown(other).into()),
    }
}
