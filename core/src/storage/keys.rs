//! The single list of localStorage keys. Nothing else in the app spells a key.

use std::fmt;

use crate::domain::BoardId;

/// Every localStorage entry SprintDeck owns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// The list of boards and which one is open.
    Index,
    /// One board and its undo history.
    Board(BoardId),
    /// This browser's random site number (see `domain::ids`).
    Site,
    /// A blob that could not be read, moved aside so it is never overwritten. The tag names the
    /// original key and when it was moved.
    Backup(String),
    /// A deleted board, kept until the next deletion so the deletion can be undone.
    Trash(BoardId),
    /// The live poker round of a board (with the facilitator's key for remote votes).
    Round(BoardId),
    /// A board's async round (many stories), in the facilitator's browser.
    Batch(BoardId),
    /// A voter's answers to the async round with this id, in the voter's browser.
    Answer(u64),
    /// The program this browser builds from team boards (one per browser).
    Program,
    /// A live room this browser is a member of (by room id): its keys, identity and state.
    Room([u8; 16]),
}

/// Every key starts with this, so the app can list its own entries.
pub const PREFIX: &str = "sprintdeck:";
const BOARD_PREFIX: &str = "sprintdeck:v1:board:";
const BACKUP_PREFIX: &str = "sprintdeck:backup:";
const TRASH_PREFIX: &str = "sprintdeck:v1:trash:";
const ROUND_PREFIX: &str = "sprintdeck:v1:round:";
const BATCH_PREFIX: &str = "sprintdeck:v1:batch:";
const ANSWER_PREFIX: &str = "sprintdeck:v1:answer:";
const UNMERGED: &str = "unmerged";
const PROGRAM: &str = "sprintdeck:v1:program";
const ROOM_PREFIX: &str = "sprintdeck:v1:room:";

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Index => f.write_str("sprintdeck:v1:index"),
            Key::Board(id) => write!(f, "{BOARD_PREFIX}{id}"),
            Key::Site => f.write_str("sprintdeck:site"),
            Key::Backup(tag) => write!(f, "{BACKUP_PREFIX}{tag}"),
            Key::Trash(id) => write!(f, "{TRASH_PREFIX}{id}"),
            Key::Round(id) => write!(f, "{ROUND_PREFIX}{id}"),
            Key::Batch(id) => write!(f, "{BATCH_PREFIX}{id}"),
            Key::Answer(round) => write!(f, "{ANSWER_PREFIX}{round:x}"),
            Key::Program => f.write_str(PROGRAM),
            Key::Room(id) => write!(f, "{ROOM_PREFIX}{}", crate::domain::room::hex(id)),
        }
    }
}

impl Key {
    /// The key a raw localStorage key string names, if it is one of ours.
    pub fn parse(raw: &str) -> Option<Key> {
        if raw == "sprintdeck:v1:index" {
            Some(Key::Index)
        } else if raw == "sprintdeck:site" {
            Some(Key::Site)
        } else if raw == PROGRAM {
            Some(Key::Program)
        } else if let Some(id) = raw.strip_prefix(BOARD_PREFIX) {
            id.parse().ok().map(Key::Board)
        } else if let Some(id) = raw.strip_prefix(TRASH_PREFIX) {
            id.parse().ok().map(Key::Trash)
        } else if let Some(id) = raw.strip_prefix(ROUND_PREFIX) {
            id.parse().ok().map(Key::Round)
        } else if let Some(id) = raw.strip_prefix(BATCH_PREFIX) {
            id.parse().ok().map(Key::Batch)
        } else if let Some(id) = raw.strip_prefix(ROOM_PREFIX) {
            crate::domain::room::unhex(id, 16).and_then(|b| b.try_into().ok()).map(Key::Room)
        } else if let Some(id) = raw.strip_prefix(ANSWER_PREFIX) {
            u64::from_str_radix(id, 16).ok().map(Key::Answer)
        } else {
            raw.strip_prefix(BACKUP_PREFIX).map(|t| Key::Backup(t.to_owned()))
        }
    }

    /// The backup key for a blob moved aside from `self` at time `now` (ms).
    pub fn backup_of(&self, now: i64) -> Key {
        Key::Backup(format!("{now}:{self}"))
    }

    /// The backup key for a tab's own changes to `self` that could not be merged with another
    /// tab's newer save before the tab closed (see `state::persist`).
    pub fn unmerged_of(&self, now: i64) -> Key {
        Key::Backup(format!("{now}:{UNMERGED}:{self}"))
    }

    /// Whether this is a key made by [`Key::unmerged_of`].
    pub fn is_unmerged(&self) -> bool {
        matches!(self, Key::Backup(tag) if tag.split(':').nth(1) == Some(UNMERGED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for key in [
            Key::Index,
            Key::Site,
            Key::Board(BoardId(0xabc)),
            Key::Backup("1:x".into()),
            Key::Trash(BoardId(7)),
            Key::Round(BoardId(8)),
            Key::Batch(BoardId(9)),
            Key::Answer(0xfeed),
            Key::Program,
            Key::Room([0xab; 16]),
        ] {
            assert_eq!(Key::parse(&key.to_string()), Some(key.clone()));
            assert!(key.to_string().starts_with(PREFIX));
        }
        assert_eq!(Key::parse("other-app"), None);
        let board = Key::Board(BoardId(7));
        assert!(board.unmerged_of(5).is_unmerged());
        assert!(Key::parse(&board.unmerged_of(5).to_string()).is_some_and(|k| k.is_unmerged()));
        assert!(!board.backup_of(5).is_unmerged());
        assert_eq!(Key::parse("sprintdeck:v1:board:not-hex"), None);
    }
}
