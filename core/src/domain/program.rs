//! A program: several teams' boards planned together (a scrum of scrums), with the
//! dependencies between their stories, bookings of shared resources, risks and the teams'
//! confidence. Everything here is computed from the teams' board snapshots; nothing of a team's
//! own board is ever changed.
//!
//! The steering [`Summary`] and each team's [`TeamView`] are computed here too: they are what
//! the read-only summary link and the feedback links carry (`codec::program_link`).

use serde::{Deserialize, Serialize};

use super::board::{Board, Sprint};
use super::calendar::Date;
use super::capacity;
use super::error::{DomainError, Field};
use super::ids::{BoardId, StoryId};
use super::text;
use super::{Millis, Points, Total};

mod bookings;
mod change;
mod graph;
pub mod steering;

pub use bookings::{CONFLICTS_SHOWN, Conflicts};
pub use change::ProgramChange;

/// The most teams in a program.
pub const TEAMS_MAX: usize = 20;
/// The most dependencies, bookings and risks in a program.
pub const LINKS_MAX: usize = 2_000;
/// The most shared resources.
pub const RESOURCES_MAX: usize = 50;
/// The most milestones.
pub const MILESTONES_MAX: usize = 50;
/// The longest booking, in days.
pub const BOOKING_DAYS_MAX: i32 = 366;

/// One team's board as it was when the snapshot was taken.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub board: Board,
    pub taken_at: Millis,
}

/// A story of a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoryRef {
    pub team: BoardId,
    pub story: StoryId,
}

impl std::fmt::Display for StoryRef {
    /// `team:story`, as the dependency pickers' option values carry it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.team, self.story)
    }
}

/// Text that names no story of a team (`team:story`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a team's story")]
pub struct NotAStoryRef(pub String);

impl std::str::FromStr for StoryRef {
    type Err = NotAStoryRef;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || NotAStoryRef(s.chars().take(40).collect());
        let (t, story) = s.split_once(':').ok_or_else(bad)?;
        Ok(StoryRef { team: t.parse().map_err(|_| bad())?, story: story.parse().map_err(|_| bad())? })
    }
}

/// "`needs` needs `needed`": the first story cannot be done before the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dependency {
    pub needs: StoryRef,
    pub needed: StoryRef,
}

/// A dependency's colour by the order of the two stories' sprints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// The needed story is planned later than the story that needs it.
    Red,
    /// Both are planned in the same sprint (their sprints overlap).
    Amber,
    /// The needed story comes earlier.
    Green,
    /// One of them is not planned in a sprint.
    Grey,
}

impl Light {
    /// What the colour means, in words (colour is never the only sign).
    pub fn meaning(self) -> &'static str {
        match self {
            Light::Red => "Red: needed later than it is needed",
            Light::Amber => "Amber: both in the same sprint",
            Light::Green => "Green: needed story comes first",
            Light::Grey => "Grey: not planned in a sprint yet",
        }
    }

    /// The colour's name in lower case, as CSS classes name it (`dep-red`).
    pub fn key(self) -> &'static str {
        match self {
            Light::Red => "red",
            Light::Amber => "amber",
            Light::Green => "green",
            Light::Grey => "grey",
        }
    }
}

/// A shared resource's booking by a team, from `start` to `end` inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub resource: String,
    pub team: BoardId,
    pub start: Date,
    pub end: Date,
}

impl Booking {
    fn days(&self) -> i32 {
        self.end.0 - self.start.0 + 1
    }
}

/// Two bookings of one resource that overlap, and the first window from the later one's start
/// where it would fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub first: usize,
    pub second: usize,
    pub free_from: Date,
}

impl Conflict {
    /// The other booking of this conflict, if booking `i` is one of its two.
    pub fn other_than(&self, i: usize) -> Option<usize> {
        if self.first == i {
            Some(self.second)
        } else if self.second == i {
            Some(self.first)
        } else {
            None
        }
    }
}

/// Why a change to a program was refused. Messages are shown as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error("A program holds at most {TEAMS_MAX} teams.")]
    TooManyTeams,
    #[error("A program holds at most {LINKS_MAX} dependencies, bookings or risks.")]
    TooMany,
    #[error("That story is not on any team's board in this program.")]
    UnknownStory,
    #[error("A story cannot depend on itself.")]
    SelfDependency,
    #[error("This dependency is already there.")]
    Duplicate,
    #[error("This dependency would close a cycle: {0} already needs the other story, directly or through others.")]
    Cycle(String),
    #[error("A booking must end on or after the day it starts.")]
    BackwardsBooking,
    #[error("A booking lasts at most a year; book it again for the next one.")]
    LongBooking,
    #[error("That team is not in this program.")]
    UnknownTeam,
    #[error("That {0} is no longer in the program.")]
    Gone(&'static str),
    #[error("That resource is booked: cancel its bookings first.")]
    InUse,
    #[error("{0}")]
    Text(DomainError),
}

/// Where a risk stands on the ROAM board (Resolved, Owned, Accepted, Mitigated); a risk just
/// raised is not placed yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Roam {
    Raised,
    Resolved,
    Owned,
    Accepted,
    Mitigated,
}

impl Roam {
    pub const ALL: [Roam; 5] = [Roam::Raised, Roam::Resolved, Roam::Owned, Roam::Accepted, Roam::Mitigated];

    pub fn label(self) -> &'static str {
        match self {
            Roam::Raised => "raised",
            Roam::Resolved => "resolved",
            Roam::Owned => "owned",
            Roam::Accepted => "accepted",
            Roam::Mitigated => "mitigated",
        }
    }

    /// The label with a capital letter, as a column heading or an option ("Raised").
    pub fn heading(self) -> &'static str {
        match self {
            Roam::Raised => "Raised",
            Roam::Resolved => "Resolved",
            Roam::Owned => "Owned",
            Roam::Accepted => "Accepted",
            Roam::Mitigated => "Mitigated",
        }
    }
}

/// A program risk with its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub title: String,
    pub owner: String,
    pub roam: Roam,
}

/// Teams, their dependencies, bookings, risks and confidence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub name: String,
    pub teams: Vec<Team>,
    pub dependencies: Vec<Dependency>,
    pub bookings: Vec<Booking>,
    pub risks: Vec<Risk>,
    /// Each team's fist-of-five vote (0 to 5).
    pub confidence: Vec<(BoardId, u8)>,
    /// The shared resources teams book (a test environment, a release slot, a device lab).
    pub resources: Vec<String>,
    /// Release dates, each for the whole program or one feature (a tag).
    pub milestones: Vec<Milestone>,
}

/// A release date on the grid's milestone row; `feature` is a tag, or empty for everything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub name: String,
    pub date: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feature: String,
}

/// Whether a snapshot added a team or replaced an older snapshot of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    Replaced,
}

/// What adding a snapshot would change, shown before it is added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// When the snapshot it replaces was taken, if it replaces one.
    pub replaces: Option<Millis>,
    pub stories: usize,
    pub added: usize,
    pub removed: usize,
    /// Stories whose title, estimate, status or sprint changed.
    pub changed: usize,
    /// Dependencies on stories the new snapshot no longer has: they go with it.
    pub dropped: Vec<Dependency>,
    pub open_impediments: usize,
}

/// The longest resource, risk, owner and milestone names.
pub const NAME_MAX: usize = 120;

impl Program {
    /// What adding `board` would change (see [`Preview`]).
    pub fn preview(&self, board: &Board) -> Preview {
        let open_impediments = board.impediments.iter().filter(|x| !x.resolved).count();
        let Some(old) = self.team(board.id) else {
            return Preview {
                stories: board.stories.len(),
                added: board.stories.len(),
                open_impediments,
                ..Preview::default()
            };
        };
        let index = super::ids::IdIndex::new(old.board.stories.iter().map(|s| s.id));
        let mut p = Preview {
            replaces: Some(old.taken_at),
            stories: board.stories.len(),
            open_impediments,
            ..Preview::default()
        };
        for s in &board.stories {
            match index.get(s.id).and_then(|i| old.board.stories.get(i)) {
                None => p.added += 1,
                Some(o) => {
                    let same = o.title == s.title
                        && o.estimate == s.estimate
                        && o.status == s.status
                        && o.committed_to == s.committed_to
                        && o.completed_in == s.completed_in;
                    p.changed += usize::from(!same);
                }
            }
        }
        let new_index = super::ids::IdIndex::new(board.stories.iter().map(|s| s.id));
        p.removed = old.board.stories.iter().filter(|s| new_index.get(s.id).is_none()).count();
        let gone = |r: &StoryRef| r.team == board.id && new_index.get(r.story).is_none();
        p.dropped = self.dependencies.iter().filter(|d| gone(&d.needs) || gone(&d.needed)).copied().collect();
        p
    }

    /// Adds a team's snapshot; a snapshot of a board already in the program replaces it, and
    /// the dependencies on its stories that are gone go with the old one (the preview says so).
    pub fn add_team(&mut self, board: Board, taken_at: Millis) -> Result<Added, ProgramError> {
        if self.teams.iter().any(|t| t.board.id == board.id) {
            let dropped = self.preview(&board).dropped;
            self.dependencies.retain(|d| !dropped.contains(d));
            if let Some(t) = self.teams.iter_mut().find(|t| t.board.id == board.id) {
                *t = Team { board, taken_at };
            }
            return Ok(Added::Replaced);
        }
        if self.teams.len() >= TEAMS_MAX {
            return Err(ProgramError::TooManyTeams);
        }
        self.teams.push(Team { board, taken_at });
        Ok(Added::New)
    }

    pub fn team(&self, id: BoardId) -> Option<&Team> {
        self.teams.iter().find(|t| t.board.id == id)
    }

    /// A team's name, or "a team no longer in the program".
    pub fn team_name(&self, id: BoardId) -> String {
        self.team(id).map_or_else(|| "a team no longer in the program".into(), |t| t.board.name.clone())
    }

    /// Removes a team with its dependencies, bookings and vote.
    pub fn remove_team(&mut self, id: BoardId) {
        self.teams.retain(|t| t.board.id != id);
        self.dependencies.retain(|d| d.needs.team != id && d.needed.team != id);
        self.bookings.retain(|b| b.team != id);
        self.confidence.retain(|(t, _)| *t != id);
    }

    /// Renames the program.
    pub fn rename(&mut self, name: &str) -> Result<(), DomainError> {
        self.name = text::one_line(Field::ProgramName, name, NAME_MAX)?;
        Ok(())
    }

    /// Adds a shared resource (a name not yet in the list).
    pub fn add_resource(&mut self, name: &str) -> Result<(), DomainError> {
        let name = text::one_line(Field::Resource, name, NAME_MAX)?;
        if !self.resources.contains(&name) {
            if self.resources.len() >= RESOURCES_MAX {
                return Err(DomainError::TooMany { what: "resources", max: RESOURCES_MAX });
            }
            self.resources.push(name);
        }
        Ok(())
    }

    /// Adds a milestone to the grid's milestone row (kept in date order).
    pub fn add_milestone(&mut self, name: &str, date: Date, feature: &str) -> Result<(), DomainError> {
        if self.milestones.len() >= MILESTONES_MAX {
            return Err(DomainError::TooMany { what: "milestones", max: MILESTONES_MAX });
        }
        let name = text::one_line(Field::Milestone, name, NAME_MAX)?;
        let feature =
            if feature.trim().is_empty() { String::new() } else { text::one_line(Field::Tag, feature, text::TAG_MAX)? };
        let at = self.milestones.partition_point(|m| m.date <= date);
        self.milestones.insert(at, Milestone { name, date, feature });
        Ok(())
    }

    /// Every team's open impediments, by team.
    pub fn open_impediments(&self) -> Vec<(BoardId, &super::board::Impediment)> {
        self.teams
            .iter()
            .flat_map(|t| t.board.impediments.iter().filter(|x| !x.resolved).map(|x| (t.board.id, x)))
            .collect()
    }

    /// The sprint a story is planned in (committed to, or completed in), if any.
    pub fn sprint_of(&self, s: StoryRef) -> Option<&Sprint> {
        let board = &self.team(s.team)?.board;
        let story = board.story(s.story)?;
        let id = story.committed_to.or(story.completed_in)?;
        board.sprints.iter().find(|x| x.id == id)
    }

    /// The title of a team's story, if it is on the team's board.
    pub fn title(&self, s: StoryRef) -> Option<String> {
        self.team(s.team)?.board.story(s.story).map(|x| x.title.clone())
    }

    /// The colour of a dependency, by the dates of the two stories' sprints.
    pub fn light(&self, d: &Dependency) -> Light {
        let (Some(a), Some(b)) = (self.sprint_of(d.needs), self.sprint_of(d.needed)) else { return Light::Grey };
        let (a_start, a_end, b_start, b_end) = (a.start, a.end(), b.start, b.end());
        if b_start > a_end {
            Light::Red
        } else if b_end < a_start {
            Light::Green
        } else {
            Light::Amber
        }
    }

    /// Adds "`needs` needs `needed`"; a cycle is refused, naming the story that closes it.
    pub fn add_dependency(&mut self, d: Dependency) -> Result<(), ProgramError> {
        if self.title(d.needs).is_none() || self.title(d.needed).is_none() {
            return Err(ProgramError::UnknownStory);
        }
        if d.needs == d.needed {
            return Err(ProgramError::SelfDependency);
        }
        if self.dependencies.contains(&d) {
            return Err(ProgramError::Duplicate);
        }
        if graph::reaches(&self.dependencies, d.needed, d.needs) {
            return Err(ProgramError::Cycle(format!("“{}”", self.title(d.needed).unwrap_or_default())));
        }
        if self.dependencies.len() >= LINKS_MAX {
            return Err(ProgramError::TooMany);
        }
        self.dependencies.push(d);
        Ok(())
    }

    /// The first dependency that adding them one by one would refuse, with the reason: a story
    /// not on its team's board, a self-dependency, a duplicate, or the first that closes a
    /// cycle. Linear in the stories and the dependencies (the gate's check of a program).
    pub fn dependency_fault(&self) -> Option<(usize, ProgramError)> {
        let stories: std::collections::HashSet<StoryRef> = self
            .teams
            .iter()
            .flat_map(|t| t.board.stories.iter().map(|s| StoryRef { team: t.board.id, story: s.id }))
            .collect();
        let mut seen = std::collections::HashSet::with_capacity(self.dependencies.len());
        for (i, d) in self.dependencies.iter().enumerate() {
            let fault = if !stories.contains(&d.needs) || !stories.contains(&d.needed) {
                ProgramError::UnknownStory
            } else if d.needs == d.needed {
                ProgramError::SelfDependency
            } else if !seen.insert(*d) {
                ProgramError::Duplicate
            } else {
                continue;
            };
            return Some((i, fault));
        }
        let i = graph::first_cycle(&self.dependencies)?;
        let d = self.dependencies[i];
        Some((i, ProgramError::Cycle(format!("“{}”", self.title(d.needed).unwrap_or_default()))))
    }

    /// Books a resource for a team.
    pub fn book(&mut self, b: Booking) -> Result<(), ProgramError> {
        if b.end < b.start {
            return Err(ProgramError::BackwardsBooking);
        }
        if b.end.0 - b.start.0 > BOOKING_DAYS_MAX {
            return Err(ProgramError::LongBooking);
        }
        if self.team(b.team).is_none() {
            return Err(ProgramError::UnknownTeam);
        }
        if self.bookings.len() >= LINKS_MAX {
            return Err(ProgramError::TooMany);
        }
        self.bookings.push(b);
        Ok(())
    }

    /// Records a team's fist-of-five vote (0 to 5, higher is surer).
    pub fn vote_confidence(&mut self, team: BoardId, fingers: u8) {
        let fingers = fingers.min(5);
        match self.confidence.iter_mut().find(|(t, _)| *t == team) {
            Some((_, f)) => *f = fingers,
            None => self.confidence.push((team, fingers)),
        }
    }

    /// The program's average confidence, if any team voted.
    pub fn average_confidence(&self) -> Option<f64> {
        let n = self.confidence.len();
        (n > 0).then(|| self.confidence.iter().map(|(_, f)| f64::from(*f)).sum::<f64>() / n as f64)
    }

    /// Raises a risk (not yet on the ROAM board).
    pub fn raise(&mut self, title: &str, owner: &str) -> Result<(), ProgramError> {
        if self.risks.len() >= LINKS_MAX {
            return Err(ProgramError::TooMany);
        }
        let title = text::one_line(Field::Risk, title, text::TITLE_MAX).map_err(ProgramError::Text)?;
        let owner = text::one_line(Field::Owner, owner, NAME_MAX).map_err(ProgramError::Text)?;
        self.risks.push(Risk { title, owner, roam: Roam::Raised });
        Ok(())
    }

    /// Moves risk `i` to `to` on the ROAM board.
    pub fn move_risk(&mut self, i: usize, to: Roam) -> Result<(), ProgramError> {
        let risk = self.risks.get_mut(i).ok_or(ProgramError::Gone("risk"))?;
        risk.roam = to;
        Ok(())
    }

    /// Removes dependency `i`.
    pub fn remove_dependency(&mut self, i: usize) -> Result<Dependency, ProgramError> {
        (i < self.dependencies.len()).then(|| self.dependencies.remove(i)).ok_or(ProgramError::Gone("dependency"))
    }

    /// Cancels booking `i`.
    pub fn cancel_booking(&mut self, i: usize) -> Result<Booking, ProgramError> {
        (i < self.bookings.len()).then(|| self.bookings.remove(i)).ok_or(ProgramError::Gone("booking"))
    }

    /// Removes milestone `i`.
    pub fn remove_milestone(&mut self, i: usize) -> Result<Milestone, ProgramError> {
        (i < self.milestones.len()).then(|| self.milestones.remove(i)).ok_or(ProgramError::Gone("milestone"))
    }

    /// Takes back a team's fist-of-five vote.
    pub fn clear_confidence(&mut self, team: BoardId) {
        self.confidence.retain(|(t, _)| *t != team);
    }

    /// Done and total points of each team, by board name.
    pub fn progress_by_team(&self) -> Vec<(String, Total, Total)> {
        self.teams
            .iter()
            .map(|t| (t.board.name.clone(), points_where(&t.board, done), t.board.total_points()))
            .collect()
    }

    /// Done and total points of each feature (a tag) across every team. Tags that differ only
    /// in case are one feature, named as it is first written (teams in program order, stories in
    /// backlog order); features in the order of their names.
    pub fn progress_by_feature(&self) -> Vec<(String, Total, Total)> {
        let mut features: Vec<(String, String, Total, Total)> = Vec::new();
        let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for story in self.teams.iter().flat_map(|t| t.board.stories.iter()) {
            let points = Total::from(story.estimate.unwrap_or_default());
            let mut seen: Vec<String> = Vec::new();
            for tag in &story.tags {
                let key = text::lowercase(tag);
                if seen.contains(&key) {
                    continue;
                }
                let i = *at.entry(key.clone()).or_insert_with(|| {
                    features.push((key.clone(), tag.clone(), Total(0), Total(0)));
                    features.len() - 1
                });
                seen.push(key);
                features[i].3 += points;
                if done(story) {
                    features[i].2 += points;
                }
            }
        }
        features.sort_by(|a, b| a.0.cmp(&b.0));
        features.into_iter().map(|(_, name, d, t)| (name, d, t)).collect()
    }

    /// One row per team: per sprint (in date order), the points committed to it against the
    /// team's capacity for it. Each team's stories are read once, and each sprint's person-days
    /// worked out once.
    pub fn grid(&self) -> Vec<(BoardId, Vec<Cell>)> {
        self.teams
            .iter()
            .map(|t| {
                let b = &t.board;
                let mut committed: std::collections::HashMap<super::ids::SprintId, (Total, Vec<String>)> =
                    std::collections::HashMap::new();
                for x in b.stories.iter() {
                    if let Some(id) = x.committed_to {
                        let entry = committed.entry(id).or_default();
                        entry.0 += Total::from(x.estimate.unwrap_or_default());
                        entry.1.extend(x.tags.iter().cloned());
                    }
                }
                // A team with no members listed has no person-days: its capacity is its mean
                // velocity, if it has one; otherwise unknown (never "over").
                let velocity = b.members.is_empty().then(|| {
                    let done = capacity::completed(&b.sprints);
                    let window = usize::from(b.settings.velocity_window.max(1));
                    let recent: Vec<f64> =
                        done.iter().rev().take(window).filter_map(|s| s.result).map(|r| r.completed.as_f64()).collect();
                    (!recent.is_empty()).then(|| recent.iter().sum::<f64>() / recent.len() as f64)
                });
                let pace = capacity::Pace::of(b);
                let mut sprints: Vec<&Sprint> = b.sprints.iter().collect();
                super::sort::sort_by_key(&mut sprints, |s| s.start);
                let cells = sprints
                    .into_iter()
                    .map(|s| {
                        let (points, mut features) = committed.remove(&s.id).unwrap_or_default();
                        let cap = match velocity {
                            Some(v) => v,
                            None => Some(pace.capacity(capacity::team_person_days(&b.members, s)).points),
                        };
                        features.sort_by_key(|f| text::lowercase(f));
                        features.dedup_by(|a, b| text::lowercase(a) == text::lowercase(b));
                        features.truncate(3);
                        Cell {
                            start: s.start,
                            end: s.end(),
                            name: s.name.clone(),
                            committed: points,
                            capacity: cap,
                            features,
                        }
                    })
                    .collect();
                (b.id, cells)
            })
            .collect()
    }
}

/// The most sprint columns the grid shows.
pub const COLUMNS_MAX: usize = 26;

/// The program grid with every team's sprints aligned by date: columns are periods that start
/// with a sprint of some team (starts less than a week apart share a column), and each team's
/// sprint sits in the column its start falls in.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// Each column's first and last day.
    pub columns: Vec<(Date, Date)>,
    /// Per team (in program order): per column, the team's sprints starting in it.
    pub rows: Vec<(BoardId, Vec<Vec<Cell>>)>,
    /// Per milestone (in date order): its column, if it falls in one.
    pub milestones: Vec<Option<usize>>,
    /// Bookings in a conflict, where they start: row (team), column and resource; each once.
    pub clashes: Vec<(usize, usize, String)>,
}

impl Grid {
    /// The column holding `date`.
    pub fn column_of(&self, date: Date) -> Option<usize> {
        self.columns.iter().position(|(a, b)| *a <= date && date <= *b)
    }
}

impl Program {
    /// The grid around `today`: from a few sprints back, at most [`COLUMNS_MAX`] columns.
    pub fn aligned(&self, today: Date) -> Grid {
        let rows = self.grid();
        let mut starts: Vec<Date> = rows.iter().flat_map(|(_, cells)| cells.iter().map(|c| c.start)).collect();
        starts.sort_unstable();
        let mut firsts: Vec<Date> = Vec::new();
        for d in starts {
            if firsts.last().is_none_or(|f| d.0 - f.0 >= 7) {
                firsts.push(d);
            }
        }
        let last_end = rows.iter().flat_map(|(_, cells)| cells.iter().map(|c| c.end)).max();
        let mut columns: Vec<(Date, Date)> = firsts
            .iter()
            .enumerate()
            .map(|(i, a)| (*a, firsts.get(i + 1).map_or_else(|| last_end.unwrap_or(*a).max(*a), |n| n.add_days(-1))))
            .collect();
        // From six weeks before today (or the last columns, if all are older).
        let recent =
            columns.iter().position(|(_, b)| b.0 >= today.0 - 42).unwrap_or(columns.len().saturating_sub(COLUMNS_MAX));
        columns.drain(..recent);
        columns.truncate(COLUMNS_MAX);
        let grid = |columns: &[(Date, Date)], date: Date| columns.iter().position(|(a, b)| *a <= date && date <= *b);
        let rows: Vec<(BoardId, Vec<Vec<Cell>>)> = rows
            .into_iter()
            .map(|(id, cells)| {
                let mut per: Vec<Vec<Cell>> = vec![Vec::new(); columns.len()];
                for c in cells {
                    if let Some(k) = grid(&columns, c.start) {
                        per[k].push(c);
                    }
                }
                (id, per)
            })
            .collect();
        let milestones = self.milestones.iter().map(|m| grid(&columns, m.date)).collect();
        let mut clashes: Vec<(usize, usize, String)> = Vec::new();
        let in_conflict = self.conflicts().in_conflict;
        for (b, _) in self.bookings.iter().zip(in_conflict).filter(|(_, c)| *c) {
            let row = rows.iter().position(|(id, _)| *id == b.team);
            let col = columns.iter().position(|(a, z)| b.start <= *z && *a <= b.end);
            if let (Some(row), Some(col)) = (row, col) {
                let clash = (row, col, b.resource.clone());
                if !clashes.contains(&clash) {
                    clashes.push(clash);
                }
            }
        }
        Grid { columns, rows, milestones, clashes }
    }
}

/// The points of the stories of `board` that `keep` keeps (summed in 64 bits).
pub(crate) fn points_where(board: &Board, keep: impl Fn(&super::Story) -> bool) -> Total {
    Points::sum(board.stories.iter().filter(|s| keep(s)).filter_map(|s| s.estimate))
}

/// Whether a story is done.
fn done(s: &super::Story) -> bool {
    s.status == super::Status::Done
}

/// A team's sprint in the program grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub name: String,
    pub start: Date,
    pub end: Date,
    pub committed: Total,
    /// Points the team can take in it; `None` for a team with neither members nor velocity.
    pub capacity: Option<f64>,
    /// The features (tags) of the stories committed to it, the first three.
    pub features: Vec<String>,
}

impl Cell {
    /// More points committed than the team can take.
    pub fn over(&self) -> bool {
        self.capacity.is_some_and(|c| self.committed.as_f64() > c + 1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::Member;
    use crate::domain::ids::{MemberId, SprintId};
    use crate::domain::{Action, AddAt, Ctx, StoryDraft};

    const NOW: Millis = 1_764_000_000_000;

    /// A team with two two-week sprints from 2026-11-23 and three stories, the first two
    /// committed to sprints 1 and 2.
    fn team(id: u64, site: u32) -> Board {
        let ctx = Ctx { now: NOW, site };
        let mut b = Board::new(BoardId(id), format!("Team {id}"), NOW);
        for t in ["a", "b", "c"] {
            let draft = StoryDraft { estimate: Some(Points::from_whole(5)), ..StoryDraft::titled(t) };
            b.apply(&Action::AddStory { draft, at: AddAt::Bottom }, &ctx).unwrap();
        }
        let first = Sprint::two_weeks("Sprint 1", "2026-11-23".parse().unwrap());
        let second = Sprint { id: SprintId(2), ..Sprint::two_weeks("Sprint 2", first.next_start()) };
        b.sprints = vec![Sprint { id: SprintId(1), ..first }, second];
        b.members.push(Member {
            id: MemberId(1),
            name: "Ada".into(),
            role: String::new(),
            allocation: 100,
            days_off: vec![],
            focus: None,
        });
        let stories = std::sync::Arc::make_mut(&mut b.stories[0]);
        stories.committed_to = Some(SprintId(1));
        std::sync::Arc::make_mut(&mut b.stories[1]).committed_to = Some(SprintId(2));
        b
    }

    fn program() -> (Program, Vec<StoryRef>) {
        let mut p = Program::default();
        let (a, b) = (team(1, 1), team(2, 2));
        let refs: Vec<StoryRef> =
            [&a, &b].iter().flat_map(|t| t.stories.iter().map(|s| StoryRef { team: t.id, story: s.id })).collect();
        p.add_team(a, NOW).unwrap();
        p.add_team(b, NOW).unwrap();
        (p, refs)
    }

    #[test]
    fn dependencies_are_coloured_by_sprint_order() {
        let (p, r) = program();
        // r[0], r[3]: sprint 1 of teams 1 and 2; r[1], r[4]: sprint 2; r[2], r[5]: unplanned.
        let light = |needs: usize, needed: usize| p.light(&Dependency { needs: r[needs], needed: r[needed] });
        assert_eq!(light(0, 4), Light::Red, "needed in a later sprint");
        assert_eq!(light(0, 3), Light::Amber, "same sprint");
        assert_eq!(light(1, 3), Light::Green, "needed earlier");
        assert_eq!(light(0, 5), Light::Grey, "needed story unplanned");
    }

    #[test]
    fn named_operations_change_one_item_or_say_it_is_gone() {
        let (mut p, r) = program();
        p.add_dependency(Dependency { needs: r[0], needed: r[3] }).unwrap();
        p.raise("Vendor late", "Ann").unwrap();
        p.add_resource("Staging").unwrap();
        let team = p.teams[0].board.id;
        let day = |d: &str| d.parse::<Date>().unwrap();
        p.book(Booking { resource: "Staging".into(), team, start: day("2026-12-01"), end: day("2026-12-02") }).unwrap();
        p.add_milestone("Release", day("2026-12-20"), "").unwrap();
        p.vote_confidence(team, 4);

        p.move_risk(0, Roam::Owned).unwrap();
        assert_eq!(p.risks[0].roam, Roam::Owned);
        assert_eq!(p.move_risk(1, Roam::Owned), Err(ProgramError::Gone("risk")));
        assert_eq!(p.remove_dependency(0).map(|d| d.needed), Ok(r[3]));
        assert_eq!(p.remove_dependency(0), Err(ProgramError::Gone("dependency")));
        assert_eq!(p.cancel_booking(0).map(|b| b.resource), Ok("Staging".to_owned()));
        assert!(p.cancel_booking(0).is_err());
        assert_eq!(p.remove_milestone(0).map(|m| m.name), Ok("Release".to_owned()));
        assert_eq!(p.remove_milestone(3).unwrap_err().to_string(), "That milestone is no longer in the program.");
        p.clear_confidence(team);
        assert!(p.confidence.is_empty());
    }

    #[test]
    fn a_story_ref_reads_back_its_own_text_and_refuses_other_text() {
        let (_, r) = program();
        for s in &r {
            assert_eq!(s.to_string().parse::<StoryRef>(), Ok(*s));
        }
        for bad in ["", ":", "1", "1:", ":2", "x:2", "1:2:3", "11111111111111111:2"] {
            assert!(bad.parse::<StoryRef>().is_err(), "{bad}");
        }
        assert_eq!(Light::Red.meaning(), "Red: needed later than it is needed");
        assert_eq!(Roam::ALL.map(Roam::heading), ["Raised", "Resolved", "Owned", "Accepted", "Mitigated"]);
    }

    #[test]
    fn a_cycle_is_refused_with_the_story_that_closes_it() {
        let (mut p, r) = program();
        p.add_dependency(Dependency { needs: r[0], needed: r[3] }).unwrap();
        p.add_dependency(Dependency { needs: r[3], needed: r[4] }).unwrap();
        let back = p.add_dependency(Dependency { needs: r[4], needed: r[0] });
        assert_eq!(back, Err(ProgramError::Cycle("“a”".into())));
        assert_eq!(p.add_dependency(Dependency { needs: r[0], needed: r[3] }), Err(ProgramError::Duplicate));
        assert_eq!(p.add_dependency(Dependency { needs: r[0], needed: r[0] }), Err(ProgramError::SelfDependency));
        let ghost = StoryRef { team: BoardId(9), story: r[0].story };
        assert_eq!(p.add_dependency(Dependency { needs: ghost, needed: r[0] }), Err(ProgramError::UnknownStory));
        assert_eq!(p.dependencies.len(), 2);
    }

    #[test]
    fn overlapping_bookings_conflict_and_get_the_first_free_window() {
        let (mut p, _) = program();
        let d = |s: &str| s.parse::<Date>().unwrap();
        let book = |p: &mut Program, team: u64, res: &str, a: &str, b: &str| {
            p.book(Booking { resource: res.into(), team: BoardId(team), start: d(a), end: d(b) }).unwrap()
        };
        book(&mut p, 1, "Test env", "2026-12-01", "2026-12-05");
        book(&mut p, 2, "Test env", "2026-12-04", "2026-12-06");
        book(&mut p, 2, "Device lab", "2026-12-01", "2026-12-10");
        book(&mut p, 1, "Test env", "2026-12-09", "2026-12-10");
        let all = p.conflicts();
        assert_eq!((all.total, all.in_conflict.clone()), (1, vec![true, true, false, false]));
        let c = all.shown;
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].first, c[0].second), (0, 1));
        // Three days from 12-04: 12-06..08 is clear of both other Test env bookings.
        assert_eq!(c[0].free_from, d("2026-12-06"));
        assert!(
            p.book(Booking { resource: "x".into(), team: BoardId(1), start: d("2026-12-02"), end: d("2026-12-01") })
                .is_err()
        );
    }

    #[test]
    fn the_steering_summary_says_where_we_are_and_what_stops_us() {
        let (mut p, r) = program();
        p.name = "Payments *program*".into();
        let s = std::sync::Arc::make_mut(&mut p.teams[0].board.stories[0]);
        s.status = crate::domain::Status::Done;
        s.tags = vec!["checkout".into()];
        std::sync::Arc::make_mut(&mut p.teams[1].board.stories[2]).tags = vec!["checkout".into()];
        p.add_dependency(Dependency { needs: r[0], needed: r[4] }).unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        p.book(Booking { resource: "Test env".into(), team: BoardId(1), start: d("2026-12-01"), end: d("2026-12-02") })
            .unwrap();
        p.book(Booking { resource: "Test env".into(), team: BoardId(2), start: d("2026-12-02"), end: d("2026-12-02") })
            .unwrap();
        p.raise("Card provider may change its API", "Ann").unwrap();
        p.raise("Old risk", "Bo").unwrap();
        p.risks[1].roam = Roam::Resolved;
        p.vote_confidence(BoardId(1), 3);
        let md = p.summary_markdown(d("2026-11-30"), NOW);
        assert!(md.starts_with("# Payments  program \n"), "{md}");
        assert!(md.contains("- Team 1: 5 of 15 points done\n"), "{md}");
        assert!(md.contains("- checkout: 5 of 10 points done\n"), "{md}");
        assert!(md.contains("- Red dependency: “a” (Team 1) needs “b” (Team 2), which is planned later.\n"), "{md}");
        assert!(md.contains("- Booking conflict: Test env: Team 1 books it 2026-12-01 to 2026-12-02, Team 2 books it 2026-12-02 to 2026-12-02; free from 2026-12-03.\n"), "{md}");
        assert!(md.contains("- Risk: Card provider may change its API (raised, owner Ann).\n"), "{md}");
        assert!(!md.contains("Old risk"), "resolved risks do not stop anyone");
        assert!(md.contains("Confidence (fist of five): 3 of 5 on average (1 of 2 teams voted)."), "{md}");
    }

    #[test]
    fn features_differing_only_in_case_are_one_and_every_done_story_burns_up() {
        let (mut p, _) = program();
        let mk = |p: &mut Program, team: usize, i: usize, tag: &str| {
            std::sync::Arc::make_mut(&mut p.teams[team].board.stories[i]).tags = vec![tag.into()];
        };
        mk(&mut p, 0, 0, "Checkout");
        mk(&mut p, 1, 1, "checkout");
        let f = p.progress_by_feature();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].2), ("Checkout", Points::from_whole(10).into()));
        // A story done in no sprint counts on the burn-up from the day it last changed.
        let loose = std::sync::Arc::make_mut(&mut p.teams[0].board.stories[2]);
        loose.status = crate::domain::Status::Done;
        loose.completed_in = None;
        let last = *p.burnup().last().unwrap();
        assert_eq!(last.done, Points::from_whole(5).into(), "{:?}", p.burnup());
    }

    #[test]
    fn totals_pass_32_bits() {
        let mut b = team(1, 1);
        let ctx = crate::domain::Ctx { now: NOW, site: 1 };
        for i in 0..600 {
            let draft = crate::domain::StoryDraft {
                estimate: Some(Points::from_whole(10_000)),
                ..crate::domain::StoryDraft::titled(format!("s{i}"))
            };
            b.apply(&crate::domain::Action::AddStory { draft, at: crate::domain::AddAt::Bottom }, &ctx).unwrap();
        }
        // 6,000,000 points and the three of five: more than 42,949,672.95 hundredths allow.
        assert_eq!(b.total_points().to_string(), "6000015");
        assert_eq!(b.total_points(), Total(600_001_500));
    }

    #[test]
    fn many_overlapping_bookings_are_counted_and_the_first_listed_fast() {
        let (mut p, _) = program();
        p.add_resource("Lab").unwrap();
        let start = "2026-12-01".parse::<Date>().unwrap();
        for i in 0..LINKS_MAX {
            let b = Booking {
                resource: "Lab".into(),
                team: BoardId(1 + (i % 2) as u64),
                start: start.add_days((i % 7) as i32),
                end: start.add_days(30),
            };
            p.book(b).unwrap();
        }
        let clock = std::time::Instant::now();
        let c = p.conflicts();
        let grid = p.aligned(start);
        assert!(clock.elapsed() < std::time::Duration::from_secs(2), "{:?}", clock.elapsed());
        assert_eq!(c.total, LINKS_MAX * (LINKS_MAX - 1) / 2);
        assert_eq!(c.shown.len(), CONFLICTS_SHOWN);
        assert!(c.in_conflict.iter().all(|x| *x));
        assert!(!grid.clashes.is_empty());
        // Everything overlaps day 7 to day 30: the first free window is after all of them.
        assert!(c.shown.iter().all(|x| x.free_from == start.add_days(31)), "{:?}", c.shown[0]);
    }

    #[test]
    fn snapshots_replace_by_board_id_and_the_grid_flags_over_commitment() {
        let (mut p, _) = program();
        let mut newer = team(1, 1);
        newer.name = "Team 1, later".into();
        assert_eq!(p.add_team(newer, NOW + 1), Ok(Added::Replaced));
        assert_eq!(p.teams.len(), 2);
        assert_eq!(p.teams[0].taken_at, NOW + 1);
        let grid = p.grid();
        assert_eq!(grid[0].1.len(), 2);
        assert_eq!(grid[0].1[0].committed, Points::from_whole(5).into());
        // One person, ten days, 70 % focus, 1 point a day: 7 points; 5 fit.
        assert!(!grid[0].1[0].over());
        // Commit all three (15 points) to sprint 1 of team 2: over.
        for s in p.teams[1].board.stories.iter_mut() {
            std::sync::Arc::make_mut(s).committed_to = Some(SprintId(1));
        }
        let grid = p.grid();
        assert_eq!(grid[1].1[0].committed, Points::from_whole(15).into());
        assert!(grid[1].1[0].over());
        p.vote_confidence(BoardId(1), 4);
        p.vote_confidence(BoardId(2), 9);
        assert_eq!(p.average_confidence(), Some(4.5));
    }
}
