//! The one error type every domain operation returns, worded for the person using the app.

use std::fmt;

use super::ids::{MemberId, StoryId};

/// A user-editable text field, named the way the UI names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Description,
    Acceptance,
    Tag,
    BoardName,
    MemberName,
    Role,
    Estimate,
    Value,
    TimeCriticality,
    RiskReduction,
    DeckName,
    Card,
    VoterName,
    SprintName,
    Goal,
    ProgramName,
    Resource,
    Risk,
    Owner,
    Milestone,
    Impediment,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::Acceptance => "acceptance criteria",
            Field::Tag => "tag",
            Field::BoardName => "board name",
            Field::MemberName => "member name",
            Field::Role => "role",
            Field::Estimate => "estimate",
            Field::Value => "business value",
            Field::TimeCriticality => "time criticality",
            Field::RiskReduction => "risk reduction",
            Field::DeckName => "deck name",
            Field::Card => "card label",
            Field::VoterName => "name",
            Field::SprintName => "sprint name",
            Field::Goal => "sprint goal",
            Field::ProgramName => "program name",
            Field::Resource => "resource name",
            Field::Risk => "risk",
            Field::Owner => "owner",
            Field::Milestone => "milestone name",
            Field::Impediment => "impediment",
        })
    }
}

/// Why a domain operation was refused. Messages are complete sentences shown as-is in the UI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("The {0} cannot be empty.")]
    Empty(Field),
    #[error("The {field} is {actual} characters long; at most {max} are allowed.")]
    TooLong { field: Field, max: usize, actual: usize },
    #[error("“{text}” is not a valid {field}: {why}")]
    Invalid { field: Field, text: String, why: &'static str },
    #[error("There is no story with id {0} on this board any more.")]
    UnknownStory(StoryId),
    #[error("There is no team member with id {0} on this board any more.")]
    UnknownMember(MemberId),
    #[error("A board holds at most {max} {what}.")]
    TooMany { what: &'static str, max: usize },
    #[error("Position {position} is outside the backlog (1 to {len}).")]
    BadPosition { position: usize, len: usize },
    #[error("The board is damaged: {0}.")]
    Inconsistent(&'static str),
    #[error("There is no sprint with id {0} on this board any more.")]
    UnknownSprint(super::ids::SprintId),
    #[error("Nothing is selected.")]
    EmptySelection,
    /// A value the validation gate refuses (see `domain::validate`).
    #[error("{0}")]
    OutOfRange(Invalid),
}

/// Why a board, or a value in it, does not pass the validation gate (`domain::validate`):
/// where the value is, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct Invalid {
    /// The path of the value, as in the JSON files: `sprints[2].start`.
    pub path: String,
    pub problem: String,
}
