//! The board: one team's backlog, people, sprints and poker, as plain data.
//!
//! The order of `stories` *is* the backlog order. Every change goes through
//! [`Board::apply`](super::action) so a reader finds all mutations in one `match`.

use std::sync::Arc;

use super::Millis;
use super::action::AddAt;
use super::calendar::Date;
use super::error::DomainError;
use super::ids::{BoardId, MemberId, SprintId, StoryId};
use super::poker::Deck;
use super::story::{Points, Story};
use super::text::STORIES_MAX;

/// The version of the stored and exported board format. Bump it when a field changes meaning or
/// is removed, and teach `storage::migrate` to read the previous one.
pub const SCHEMA_VERSION: u32 = 4;

/// One team's planning board.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub id: BoardId,
    pub name: String,
    /// Counts committed changes; a copy with a higher revision is newer. Two tabs use it to
    /// notice that the stored board moved on since they loaded it.
    pub revision: u64,
    pub updated_at: Millis,
    /// The backlog, in priority order.
    pub stories: Vec<Arc<Story>>,
    pub members: Vec<Member>,
    pub sprints: Vec<Sprint>,
    pub settings: BoardSettings,
    /// The board's own poker decks, and built-in decks it changed (same key).
    pub decks: Vec<Deck>,
}

/// Preferences that belong to the board (and travel with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardSettings {
    /// Where the quick-add field puts a new story.
    pub quick_add: AddAt,
    /// How many completed sprints the velocity is averaged over.
    pub velocity_window: u8,
    /// Without velocity history: the share of person-days that goes into stories, in %.
    pub guess_focus: u8,
    /// Without velocity history: points per focused person-day.
    pub guess_points_per_day: Points,
}

impl Default for BoardSettings {
    fn default() -> Self {
        BoardSettings {
            quick_add: AddAt::default(),
            velocity_window: 3,
            guess_focus: 70,
            guess_points_per_day: Points(100),
        }
    }
}

/// A person on the team.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub role: String,
    /// Share of their time given to this team, 0–100 %.
    pub allocation: u8,
    /// Dates they are away.
    pub days_off: Vec<Date>,
    /// Their own focus factor in % (time that goes into stories), if it differs from 100.
    pub focus: Option<u8>,
}

/// A time-box the team plans into.
#[derive(Clone, Debug, PartialEq)]
pub struct Sprint {
    pub id: SprintId,
    pub name: String,
    pub start: Date,
    /// Length in working days.
    pub working_days: u16,
    pub goal: String,
    /// Filled in when the sprint is completed.
    pub result: Option<SprintResult>,
    /// Working weekdays as a bit set, bit 0 = Monday (see `capacity::MON_TO_FRI`).
    pub weekdays: u8,
    /// Days nobody works (public holidays, a team event).
    pub holidays: Vec<Date>,
    /// Working hours per day, in hundredths.
    pub hours_per_day: u32,
}

/// What a finished sprint delivered, the input of velocity and forecasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SprintResult {
    pub committed: Points,
    pub completed: Points,
    /// Available person-days in hundredths.
    pub person_days: u32,
    /// The backlog's total points when the sprint was completed (the burn-up's scope line).
    pub scope: Option<Points>,
}

impl Board {
    /// An empty board.
    pub fn new(id: BoardId, name: String, now: Millis) -> Board {
        Board {
            id,
            name,
            revision: 0,
            updated_at: now,
            stories: Vec::new(),
            members: Vec::new(),
            sprints: Vec::new(),
            settings: BoardSettings::default(),
            decks: Vec::new(),
        }
    }

    /// The position (0-based) of a story in the backlog.
    pub fn index_of(&self, id: StoryId) -> Option<usize> {
        self.stories.iter().position(|s| s.id == id)
    }

    pub fn story(&self, id: StoryId) -> Option<&Arc<Story>> {
        self.stories.iter().find(|s| s.id == id)
    }

    /// Checks the invariants that the reducer keeps but a board read from outside (storage, a
    /// link, a file) might break: unique ids, a bounded size, non-empty titles.
    pub fn check(&self) -> Result<(), DomainError> {
        if self.stories.len() > STORIES_MAX {
            return Err(DomainError::TooMany { what: "stories", max: STORIES_MAX });
        }
        let unique = |mut ids: Vec<u64>| {
            let n = ids.len();
            super::sort::sort_dedup(&mut ids);
            ids.len() == n
        };
        if !unique(self.stories.iter().map(|s| s.id.0).collect()) {
            return Err(DomainError::Inconsistent("two stories share one id"));
        }
        if !unique(self.members.iter().map(|m| m.id.0).collect()) {
            return Err(DomainError::Inconsistent("two members share one id"));
        }
        if self.stories.iter().any(|s| s.title.trim().is_empty()) {
            return Err(DomainError::Inconsistent("a story has no title"));
        }
        Ok(())
    }

    /// Sum of the estimates of all stories.
    pub fn total_points(&self) -> Points {
        Points(self.stories.iter().filter_map(|s| s.estimate).map(|p| p.0).sum())
    }
}
