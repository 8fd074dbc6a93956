//! The board: one team's backlog, people, sprints and poker, as plain data.
//!
//! The order of `stories` *is* the backlog order. Every change goes through
//! [`Board::apply`](super::action) so a reader finds all mutations in one `match`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Millis;
use super::calendar::{Date, MON_TO_FRI};
use super::error::DomainError;
use super::ids::{BoardId, MemberId, SprintId, StoryId};
use super::points::Points;
use super::poker::Deck;
use super::story::Story;

/// The version of the stored and exported board format. Bump it when a field changes meaning or
/// is removed, and teach `storage::migrate` to read the previous one.
pub const SCHEMA_VERSION: u32 = 8;

/// One team's planning board. In JSON only the id, the name and the stories are required: the
/// other fields were added by later format versions and default to what older boards meant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Board {
    pub id: BoardId,
    pub name: String,
    /// Counts committed changes; a copy with a higher revision is newer. Two tabs use it to
    /// notice that the stored board moved on since they loaded it.
    #[serde(default)]
    pub revision: u64,
    #[serde(default)]
    pub updated_at: Millis,
    /// The backlog, in priority order.
    pub stories: Vec<Arc<Story>>,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub sprints: Vec<Sprint>,
    #[serde(default)]
    pub settings: BoardSettings,
    /// The board's own poker decks, and built-in decks it changed (same key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decks: Vec<Deck>,
    /// What stops the team, as the team raised it (format 8 on); a program shows the open ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impediments: Vec<Impediment>,
}

/// Something that stops the team, raised on its own board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Impediment {
    pub title: String,
    pub raised_at: Millis,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
}

/// Preferences that belong to the board (and travel with it); a missing field has its default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
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

/// Where a new story goes. Stored as its [`AddAt::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum AddAt {
    Top,
    #[default]
    Bottom,
}

impl AddAt {
    /// The text form used in stored boards.
    pub fn key(self) -> &'static str {
        match self {
            AddAt::Top => "top",
            AddAt::Bottom => "bottom",
        }
    }
}

impl std::str::FromStr for AddAt {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "top" => Ok(AddAt::Top),
            "bottom" => Ok(AddAt::Bottom),
            _ => Err(DomainError::Inconsistent("unknown quick-add position")),
        }
    }
}

/// A person on the team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Share of their time given to this team, 0–100 %.
    pub allocation: u8,
    /// Dates they are away.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<Date>,
    /// Their own focus factor in % (time that goes into stories), if it differs from 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<u8>,
}

/// A time-box the team plans into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Sprint {
    pub id: SprintId,
    pub name: String,
    pub start: Date,
    /// Length in working days.
    pub working_days: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal: String,
    /// Working weekdays as a bit set, bit 0 = Monday ([`MON_TO_FRI`] where a format-3 board
    /// has none).
    #[serde(default = "mon_to_fri")]
    pub weekdays: u8,
    /// Days nobody works (public holidays, a team event).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Date>,
    /// Working hours per day, in hundredths (8 hours where a format-3 board has none).
    #[serde(default = "eight_hours")]
    pub hours_per_day: u32,
    /// Filled in when the sprint is completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<SprintResult>,
}

fn mon_to_fri() -> u8 {
    MON_TO_FRI
}

fn eight_hours() -> u32 {
    800
}

/// What a finished sprint delivered, the input of velocity and forecasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SprintResult {
    #[serde(deserialize_with = "Points::read_sum")]
    pub committed: Points,
    #[serde(deserialize_with = "Points::read_sum")]
    pub completed: Points,
    /// Available person-days in hundredths.
    pub person_days: u32,
    /// The backlog's total points when the sprint was completed (the burn-up's scope line).
    #[serde(default, deserialize_with = "Points::read_sum_opt", skip_serializing_if = "Option::is_none")]
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
            impediments: Vec::new(),
        }
    }

    /// The position (0-based) of a story in the backlog.
    pub fn index_of(&self, id: StoryId) -> Option<usize> {
        self.stories.iter().position(|s| s.id == id)
    }

    pub fn story(&self, id: StoryId) -> Option<&Arc<Story>> {
        self.stories.iter().find(|s| s.id == id)
    }

    /// Sum of the estimates of all stories.
    pub fn total_points(&self) -> super::points::Total {
        Points::sum(self.stories.iter().filter_map(|s| s.estimate))
    }
}
