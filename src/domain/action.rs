//! Every change a user can make to a board, and the one reducer that performs it.
//!
//! The state layer turns UI events into [`Action`]s and calls [`Board::apply`]. An action either
//! succeeds completely or returns an error and leaves the board untouched: each arm validates
//! before it mutates. A successful action bumps the board's revision.

use std::sync::Arc;

use super::Millis;
use super::board::Board;
use super::error::{DomainError, Field};
use super::ids::{StoryId, next_on_site};
use super::story::StoryDraft;
use super::text::{self, NAME_MAX, STORIES_MAX};

/// Where a new story goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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

/// What the reducer needs from the outside world, passed in so the domain stays deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx {
    pub now: Millis,
    /// This browser's random site number, the high half of ids it mints.
    pub site: u32,
}

/// A change to a board.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    AddStory { draft: StoryDraft, at: AddAt },
    UpdateStory { id: StoryId, draft: StoryDraft },
    DeleteStories { ids: Vec<StoryId> },
    RenameBoard { name: String },
    SetQuickAdd { at: AddAt },
}

impl Action {
    /// A short description for undo buttons and announcements ("Undo: add story").
    pub fn label(&self) -> &'static str {
        match self {
            Action::AddStory { .. } => "add story",
            Action::UpdateStory { .. } => "edit story",
            Action::DeleteStories { ids } if ids.len() == 1 => "delete story",
            Action::DeleteStories { .. } => "delete stories",
            Action::RenameBoard { .. } => "rename board",
            Action::SetQuickAdd { .. } => "change quick-add position",
        }
    }
}

impl Board {
    /// Performs `action`. On success returns the story the UI should focus next, if any.
    pub fn apply(&mut self, action: &Action, ctx: &Ctx) -> Result<Option<StoryId>, DomainError> {
        let focus = match action {
            Action::AddStory { draft, at } => {
                if self.stories.len() >= STORIES_MAX {
                    return Err(DomainError::TooMany { what: "stories", max: STORIES_MAX });
                }
                let clean = draft.clean()?;
                let id = StoryId(next_on_site(ctx.site, self.stories.iter().map(|s| s.id.0)));
                let story = Arc::new(clean.into_story(id, ctx.now));
                match at {
                    AddAt::Top => self.stories.insert(0, story),
                    AddAt::Bottom => self.stories.push(story),
                }
                Some(id)
            }
            Action::UpdateStory { id, draft } => {
                let i = self.index_of(*id).ok_or(DomainError::UnknownStory(*id))?;
                let clean = draft.clean()?;
                let old = &self.stories[i];
                if StoryDraft::of(old) == clean {
                    return Ok(Some(*id));
                }
                self.stories[i] = Arc::new(clean.into_story(*id, ctx.now));
                Some(*id)
            }
            Action::DeleteStories { ids } => {
                if ids.is_empty() {
                    return Err(DomainError::EmptySelection);
                }
                if let Some(missing) = ids.iter().find(|id| self.index_of(**id).is_none()) {
                    return Err(DomainError::UnknownStory(*missing));
                }
                let first = ids.iter().filter_map(|id| self.index_of(*id)).min().unwrap_or(0);
                self.stories.retain(|s| !ids.contains(&s.id));
                // Focus the story that took the place of the first deleted one.
                self.stories.get(first).or(self.stories.last()).map(|s| s.id)
            }
            Action::RenameBoard { name } => {
                self.name = text::one_line(Field::BoardName, name, NAME_MAX)?;
                None
            }
            Action::SetQuickAdd { at } => {
                self.settings.quick_add = *at;
                None
            }
        };
        self.revision += 1;
        self.updated_at = ctx.now;
        Ok(focus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::BoardId;

    const CTX: Ctx = Ctx { now: 1_000, site: 7 };

    fn board_with(titles: &[&str]) -> Board {
        let mut b = Board::new(BoardId(1), "Team".into(), 0);
        for t in titles {
            b.apply(&Action::AddStory { draft: StoryDraft::titled(*t), at: AddAt::Bottom }, &CTX).unwrap();
        }
        b
    }

    fn titles(b: &Board) -> Vec<&str> {
        b.stories.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn add_at_top_and_bottom_with_fresh_ids() {
        let mut b = board_with(&["a", "b"]);
        let id =
            b.apply(&Action::AddStory { draft: StoryDraft::titled("top"), at: AddAt::Top }, &CTX).unwrap().unwrap();
        assert_eq!(titles(&b), ["top", "a", "b"]);
        assert_eq!(id, StoryId((7 << 32) | 3));
        assert_eq!(b.revision, 3);
        assert_eq!(b.updated_at, 1_000);
    }

    #[test]
    fn a_refused_action_changes_nothing() {
        let mut b = board_with(&["a"]);
        let before = b.clone();
        let err = b.apply(&Action::AddStory { draft: StoryDraft::titled(""), at: AddAt::Top }, &CTX);
        assert_eq!(err, Err(DomainError::Empty(Field::Title)));
        let err = b.apply(&Action::DeleteStories { ids: vec![StoryId(99)] }, &CTX);
        assert_eq!(err, Err(DomainError::UnknownStory(StoryId(99))));
        let long = "x".repeat(201);
        let id = b.stories[0].id;
        let err = b.apply(&Action::UpdateStory { id, draft: StoryDraft::titled(long) }, &CTX);
        assert!(matches!(err, Err(DomainError::TooLong { field: Field::Title, .. })));
        assert_eq!(b, before);
    }

    #[test]
    fn update_replaces_fields_and_keeps_position() {
        let mut b = board_with(&["a", "b", "c"]);
        let id = b.stories[1].id;
        let mut draft = StoryDraft::titled("B!");
        draft.description = "why".into();
        b.apply(&Action::UpdateStory { id, draft }, &Ctx { now: 5_000, ..CTX }).unwrap();
        assert_eq!(titles(&b), ["a", "B!", "c"]);
        assert_eq!(b.stories[1].description, "why");
        assert_eq!(b.stories[1].updated_at, 5_000);
    }

    #[test]
    fn delete_focuses_the_next_story() {
        let mut b = board_with(&["a", "b", "c"]);
        let ids = vec![b.stories[0].id, b.stories[1].id];
        let focus = b.apply(&Action::DeleteStories { ids }, &CTX).unwrap();
        assert_eq!(titles(&b), ["c"]);
        assert_eq!(focus, Some(b.stories[0].id));
    }
}
