//! Every change a user can make to a board, and the one reducer that performs it.
//!
//! The state layer turns UI events into [`Action`]s and calls [`Board::apply`]. An action either
//! succeeds completely or returns an error and leaves the board untouched: each arm validates
//! before it mutates. A successful action bumps the board's revision.

use std::sync::Arc;

use super::Millis;
use super::board::AddAt;
use super::board::{Board, Member, Sprint};
use super::error::{DomainError, Field};
use super::ids::{IdIndex, StoryId, next_on_site};
use super::ids::{MemberId, SprintId};
use super::merge;
use super::ordering::{self, MoveTo};
use super::points::Points;
use super::poker::{Card, DECKS_MAX, Deck, RECORDS_PER_STORY_MAX, RoundRecord};
use super::sort;
use super::story::{Status, Story, StoryDraft};
use super::text::{self, NAME_MAX, STORIES_MAX, TITLE_MAX};

pub use super::poker::Estimate;

/// What the reducer needs from the outside world, passed in so the domain stays deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Ctx {
    pub now: Millis,
    /// This browser's random site number, the high half of ids it mints.
    pub site: u32,
}

/// A change to a board.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Action {
    AddStory {
        draft: StoryDraft,
        at: AddAt,
    },
    UpdateStory {
        id: StoryId,
        draft: StoryDraft,
    },
    /// Renames a story in place (inline editing), keeping its other fields.
    RetitleStory {
        id: StoryId,
        title: String,
    },
    DeleteStories {
        ids: Vec<StoryId>,
    },
    /// Moves the stories `ids` as one block, in their backlog order.
    MoveStories {
        ids: Vec<StoryId>,
        to: MoveTo,
    },
    /// Puts the whole backlog in the given order (applying a suggested order).
    Reorder {
        ids: Vec<StoryId>,
    },
    SetStatus {
        ids: Vec<StoryId>,
        status: Status,
    },
    AddTag {
        ids: Vec<StoryId>,
        tag: String,
    },
    /// Adds many stories at once (an import), as one step.
    ImportStories {
        drafts: Vec<StoryDraft>,
        at: AddAt,
    },
    /// Merges another copy of this board (from a link or a file) into it.
    Merge {
        remote: Box<Board>,
    },
    /// Replaces the board's content with another copy of it (keeping its id).
    ReplaceWith {
        remote: Box<Board>,
    },
    RenameBoard {
        name: String,
    },
    SetQuickAdd {
        at: AddAt,
    },
    /// Writes the card accepted in planning poker into the story's estimate and keeps the
    /// rounds played on it.
    /// Writes several estimates at once (an async round's agreed stories, or a relative sizing
    /// board), as one step.
    AcceptEstimates {
        items: Vec<Estimate>,
    },
    AcceptEstimate {
        id: StoryId,
        card: Card,
        rounds: Vec<RoundRecord>,
    },
    /// Adds a poker deck or replaces the one with the same key.
    SaveDeck {
        deck: Deck,
    },
    DeleteDeck {
        key: String,
    },
    /// Adds a team member (id 0) or replaces the one with the same id.
    SaveMember {
        member: Member,
    },
    DeleteMember {
        id: MemberId,
    },
    /// Adds a sprint (id 0) or replaces the one with the same id.
    SaveSprint {
        sprint: Sprint,
    },
    DeleteSprint {
        id: SprintId,
    },
    /// Plans the sprint after the latest one: same settings, dates moved on.
    NextSprint,
    /// Records what the sprint delivered, from its stories: the points of those committed to
    /// it, of those completed in it, the team's person-days and the backlog's total (see
    /// `capacity::result_of`). On a completed sprint, records it again.
    CompleteSprint {
        id: SprintId,
    },
    /// Commits the stories of sprint `from` that are not done to the next sprint (planning it,
    /// like [`Action::NextSprint`], if there is none yet).
    CarryOver {
        from: SprintId,
    },
    /// Places done stories in the sprint they were completed in ([`SprintId::OUTSIDE`]: in
    /// none): for stories done before SprintDeck kept this, which the team is asked about.
    PlaceDone {
        ids: Vec<StoryId>,
        sprint: SprintId,
    },
    /// Raises an impediment on the team's board.
    RaiseImpediment {
        title: String,
    },
    /// Marks the impediment at `index` resolved, or open again.
    ResolveImpediment {
        index: usize,
        resolved: bool,
    },
    SetCapacitySettings {
        velocity_window: u8,
        guess_focus: u8,
        guess_points_per_day: Points,
    },
}

impl Action {
    /// A short description for undo buttons and announcements ("Undo: add story").
    pub fn label(&self) -> &'static str {
        match self {
            Action::AddStory { .. } => "add story",
            Action::UpdateStory { .. } | Action::RetitleStory { .. } => "edit story",
            Action::DeleteStories { ids } if ids.len() == 1 => "delete story",
            Action::DeleteStories { .. } => "delete stories",
            Action::MoveStories { ids, .. } if ids.len() == 1 => "move story",
            Action::MoveStories { .. } => "move stories",
            Action::Reorder { .. } => "apply suggested order",
            Action::SetStatus { .. } => "change status",
            Action::AddTag { .. } => "add tag",
            Action::ImportStories { .. } => "import",
            Action::Merge { .. } => "merge",
            Action::ReplaceWith { .. } => "replace board",
            Action::RenameBoard { .. } => "rename board",
            Action::SetQuickAdd { .. } => "change quick-add position",
            Action::AcceptEstimate { .. } => "accept estimate",
            Action::AcceptEstimates { .. } => "accept estimates",
            Action::SaveDeck { .. } => "save deck",
            Action::DeleteDeck { .. } => "delete deck",
            Action::SaveMember { member } if member.id.0 == 0 => "add team member",
            Action::SaveMember { .. } => "edit team member",
            Action::DeleteMember { .. } => "remove team member",
            Action::SaveSprint { sprint } if sprint.id.0 == 0 => "add sprint",
            Action::SaveSprint { sprint } if sprint.result.is_some() => "record sprint result",
            Action::SaveSprint { .. } => "edit sprint",
            Action::DeleteSprint { .. } => "delete sprint",
            Action::NextSprint => "plan next sprint",
            Action::CompleteSprint { .. } => "complete sprint",
            Action::CarryOver { .. } => "carry over unfinished stories",
            Action::PlaceDone { .. } => "place done stories in a sprint",
            Action::SetCapacitySettings { .. } => "change capacity settings",
            Action::RaiseImpediment { .. } => "raise impediment",
            Action::ResolveImpediment { resolved: true, .. } => "resolve impediment",
            Action::ResolveImpediment { .. } => "reopen impediment",
        }
    }
}

use super::validate::{DAYS_MAX as DAYS_OFF_MAX, IMPEDIMENTS_MAX, MEMBERS_MAX, SPRINTS_MAX};

/// Removes the items `gone` picks; `false` if there was none.
fn remove_where<T>(items: &mut Vec<T>, gone: impl Fn(&T) -> bool) -> bool {
    let before = items.len();
    items.retain(|x| !gone(x));
    items.len() != before
}

/// Checks a sprint typed in the settings form.
fn clean_sprint(sprint: &Sprint) -> Result<Sprint, DomainError> {
    let mut s = sprint.clone();
    s.name = text::one_line(Field::SprintName, &s.name, NAME_MAX)?;
    s.goal = text::multi_line(Field::Goal, &s.goal, text::LONG_TEXT_MAX)?;
    if !(1..=60).contains(&s.working_days) {
        return Err(DomainError::Invalid {
            field: Field::SprintName,
            text: s.working_days.to_string(),
            why: "a sprint lasts 1 to 60 working days",
        });
    }
    if s.weekdays & 0x7f == 0 {
        return Err(DomainError::Invalid {
            field: Field::SprintName,
            text: s.name,
            why: "pick at least one working weekday",
        });
    }
    sort::sort_dedup(&mut s.holidays);
    s.holidays.truncate(DAYS_OFF_MAX);
    s.hours_per_day = s.hours_per_day.min(2400);
    Ok(s)
}

/// Which sprint is open now, and which are completed: what a status change needs to know.
struct SprintState {
    open: Option<SprintId>,
    completed: Vec<SprintId>,
}

/// Moves `story` to `status`, keeping its sprints in step. Going "In sprint" commits it to the
/// open sprint; going "Done" records it as completed there, and as committed to it (it was
/// worked on in it). Leaving "Done" or "In sprint" forgets a sprint that is still open; a
/// completed sprint keeps what it recorded. Without an open sprint nothing is recorded.
fn track_sprint(story: &mut Story, status: Status, sprints: &SprintState) {
    let open_or_gone = |s: Option<SprintId>| s.filter(|id| !sprints.completed.contains(id));
    let from = std::mem::replace(&mut story.status, status);
    if from == status {
        return;
    }
    if from == Status::Done && open_or_gone(story.completed_in).is_some() {
        story.completed_in = None;
    }
    match status {
        Status::InSprint => story.committed_to = sprints.open.or(story.committed_to),
        Status::Done => {
            story.completed_in = sprints.open.or(story.completed_in);
            story.committed_to = sprints.open.or(story.committed_to);
        }
        Status::New | Status::Ready => {
            if open_or_gone(story.committed_to).is_some() {
                story.committed_to = None;
            }
        }
    }
}

impl Board {
    /// A copy of story `id` with `card` as its estimate and `rounds` added to its history.
    fn estimated(&self, id: StoryId, card: &Card, rounds: &[RoundRecord], now: Millis) -> Result<Story, DomainError> {
        let i = self.index_of(id).ok_or(DomainError::UnknownStory(id))?;
        let value = card.value.ok_or(DomainError::Invalid {
            field: Field::Estimate,
            text: card.label.clone(),
            why: "this card has no value, so it cannot be an estimate",
        })?;
        let mut story = (*self.stories[i]).clone();
        story.estimate = Some(value);
        if story.status == Status::New {
            story.status = Status::Ready;
        }
        story.rounds.extend(rounds.iter().cloned());
        let extra = story.rounds.len().saturating_sub(RECORDS_PER_STORY_MAX);
        story.rounds.drain(..extra);
        story.updated_at = now;
        Ok(story)
    }

    fn sprint_state(&self) -> SprintState {
        SprintState {
            open: self.open_sprint(),
            completed: self.sprints.iter().filter(|s| s.result.is_some()).map(|s| s.id).collect(),
        }
    }

    fn add_sprint(&mut self, mut s: Sprint, ctx: &Ctx) -> Result<SprintId, DomainError> {
        if self.sprints.len() >= SPRINTS_MAX {
            return Err(DomainError::TooMany { what: "sprints", max: SPRINTS_MAX });
        }
        s.id = SprintId(next_on_site(ctx.site, self.sprints.iter().map(|x| x.id.0)));
        let id = s.id;
        self.sprints.push(s);
        sort::sort_by_key(&mut self.sprints, |s| s.start);
        Ok(id)
    }

    /// Plans the sprint after the latest one: same settings, dates moved on.
    fn next_sprint(&mut self, ctx: &Ctx) -> Result<SprintId, DomainError> {
        let last = self.sprints.iter().max_by_key(|s| s.start).cloned().ok_or(DomainError::EmptySelection)?;
        let number = self.sprints.len() + 1;
        let next = Sprint {
            id: SprintId(0),
            name: format!("Sprint {number}"),
            start: last.next_start(),
            goal: String::new(),
            result: None,
            // Holidays are dated, so they do not carry over; days off neither.
            holidays: Vec::new(),
            ..last
        };
        self.add_sprint(next, ctx)
    }

    /// The sprint stories are committed to and completed in now: the open one (see
    /// [`capacity::planned`](super::capacity::planned)).
    fn open_sprint(&self) -> Option<SprintId> {
        super::capacity::planned(self).map(|s| s.id)
    }

    /// Applies `f` to a copy of each story `ids` names; all ids must exist.
    fn each_story(&mut self, ids: &[StoryId], now: Millis, mut f: impl FnMut(&mut Story)) -> Result<(), DomainError> {
        if ids.is_empty() {
            return Err(DomainError::EmptySelection);
        }
        let idx = ids
            .iter()
            .map(|id| self.index_of(*id).ok_or(DomainError::UnknownStory(*id)))
            .collect::<Result<Vec<_>, _>>()?;
        for i in idx {
            let mut story = (*self.stories[i]).clone();
            f(&mut story);
            if story != *self.stories[i] {
                story.updated_at = now;
                self.stories[i] = Arc::new(story);
            }
        }
        Ok(())
    }

    /// Performs `action`. On success returns the story the UI should focus next, if any. The
    /// board that results passes the validation gate ([`validate`](super::validate)), or the
    /// action is refused and the board is left as it was: every board the reducer produces is
    /// one the gate accepts, whatever the action asked for.
    pub fn apply(&mut self, action: &Action, ctx: &Ctx) -> Result<Option<StoryId>, DomainError> {
        let before = self.clone();
        let done = self.perform(action, ctx).and_then(|focus| {
            super::validate::board(self).map_err(DomainError::OutOfRange)?;
            Ok(focus)
        });
        if done.is_err() {
            *self = before;
        }
        done
    }

    /// The arms of [`Board::apply`]: each validates what it is given before it changes anything.
    fn perform(&mut self, action: &Action, ctx: &Ctx) -> Result<Option<StoryId>, DomainError> {
        let focus = match action {
            Action::AddStory { draft, at } => {
                if self.stories.len() >= STORIES_MAX {
                    return Err(DomainError::TooMany { what: "stories", max: STORIES_MAX });
                }
                let clean = draft.clean()?;
                let id = StoryId(next_on_site(ctx.site, self.stories.iter().map(|s| s.id.0)));
                let mut story = clean.into_story(id, ctx.now);
                let status = std::mem::take(&mut story.status);
                track_sprint(&mut story, status, &self.sprint_state());
                let story = Arc::new(story);
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
                let mut story = clean.into_story(*id, ctx.now);
                story.earlier = old.earlier.clone();
                story.rounds = old.rounds.clone();
                (story.committed_to, story.completed_in) = (old.committed_to, old.completed_in);
                let status = std::mem::replace(&mut story.status, old.status);
                track_sprint(&mut story, status, &self.sprint_state());
                self.stories[i] = Arc::new(story);
                Some(*id)
            }
            Action::RetitleStory { id, title } => {
                let i = self.index_of(*id).ok_or(DomainError::UnknownStory(*id))?;
                let title = text::one_line(Field::Title, title, TITLE_MAX)?;
                if self.stories[i].title == title {
                    return Ok(Some(*id));
                }
                let mut story = (*self.stories[i]).clone();
                story.title = title;
                story.updated_at = ctx.now;
                self.stories[i] = Arc::new(story);
                Some(*id)
            }
            Action::MoveStories { ids, to } => {
                ordering::move_block(&mut self.stories, ids, *to)?;
                ids.first().copied()
            }
            Action::Reorder { ids } => {
                let at = IdIndex::new(self.stories.iter().map(|s| s.id));
                let mut taken = vec![false; self.stories.len()];
                let mut order = Vec::with_capacity(ids.len());
                for id in ids {
                    match at.get(*id) {
                        Some(i) if !taken[i] => {
                            taken[i] = true;
                            order.push(i);
                        }
                        _ => {
                            return Err(DomainError::Inconsistent(
                                "the new order does not hold exactly the backlog's stories",
                            ));
                        }
                    }
                }
                if order.len() != self.stories.len() {
                    return Err(DomainError::Inconsistent("the new order does not hold exactly the backlog's stories"));
                }
                self.stories = order.into_iter().map(|i| Arc::clone(&self.stories[i])).collect();
                None
            }
            Action::SetStatus { ids, status } => {
                let sprints = self.sprint_state();
                self.each_story(ids, ctx.now, |s| track_sprint(s, *status, &sprints))?;
                ids.first().copied()
            }
            Action::AddTag { ids, tag } => {
                let tag = text::one_line(Field::Tag, tag, text::TAG_MAX)?;
                let key = text::lowercase(&tag);
                let has = |s: &Story| s.tags.iter().any(|t| text::lowercase(t) == key);
                for id in ids {
                    let s = self.story(*id).ok_or(DomainError::UnknownStory(*id))?;
                    if !has(s) && s.tags.len() >= text::TAGS_PER_STORY_MAX {
                        return Err(DomainError::TooMany { what: "tags per story", max: text::TAGS_PER_STORY_MAX });
                    }
                }
                self.each_story(ids, ctx.now, |s| {
                    if !has(s) {
                        s.tags.push(tag.clone());
                    }
                })?;
                ids.first().copied()
            }
            Action::ImportStories { drafts, at } => {
                if self.stories.len() + drafts.len() > STORIES_MAX {
                    return Err(DomainError::TooMany { what: "stories", max: STORIES_MAX });
                }
                let cleaned = drafts.iter().map(StoryDraft::clean).collect::<Result<Vec<_>, _>>()?;
                let site_ids = self.stories.iter().map(|s| s.id.0);
                let first = StoryId(next_on_site(ctx.site, site_ids));
                if (first.0 & 0xffff_ffff) + drafts.len() as u64 > 0xffff_ffff {
                    return Err(DomainError::TooMany { what: "stories", max: STORIES_MAX });
                }
                let new: Vec<Arc<Story>> = cleaned
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| Arc::new(d.into_story(StoryId(first.0 + i as u64), ctx.now)))
                    .collect();
                let focus = new.first().map(|s| s.id);
                match at {
                    AddAt::Top => {
                        self.stories.splice(0..0, new);
                    }
                    AddAt::Bottom => self.stories.extend(new),
                }
                focus
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
            Action::Merge { remote } => {
                merge::merge_into(self, remote);
                None
            }
            Action::ReplaceWith { remote } => {
                let (id, revision) = (self.id, self.revision);
                *self = (**remote).clone();
                self.id = id;
                self.revision = revision;
                None
            }
            Action::RenameBoard { name } => {
                self.name = text::one_line(Field::BoardName, name, NAME_MAX)?;
                None
            }
            Action::SetQuickAdd { at } => {
                self.settings.quick_add = *at;
                None
            }
            Action::AcceptEstimate { id, card, rounds } => {
                let story = self.estimated(*id, card, rounds, ctx.now)?;
                let i = self.index_of(*id).ok_or(DomainError::UnknownStory(*id))?;
                self.stories[i] = Arc::new(story);
                Some(*id)
            }
            Action::AcceptEstimates { items } => {
                if items.is_empty() {
                    return Err(DomainError::Invalid {
                        field: Field::Estimate,
                        text: String::new(),
                        why: "there is no estimate to accept",
                    });
                }
                // Every estimate is checked before any is written: all or nothing.
                let mut done = Vec::with_capacity(items.len());
                for (id, card, rounds) in items {
                    let i = self.index_of(*id).ok_or(DomainError::UnknownStory(*id))?;
                    done.push((i, self.estimated(*id, card, rounds, ctx.now)?));
                }
                for (i, story) in done {
                    self.stories[i] = Arc::new(story);
                }
                items.first().map(|(id, _, _)| *id)
            }
            Action::SaveDeck { deck } => {
                let deck = deck.clean()?;
                let full = self.decks.len() >= DECKS_MAX;
                match self.decks.iter_mut().find(|d| d.key == deck.key) {
                    Some(d) => *d = deck,
                    None if full => return Err(DomainError::TooMany { what: "custom decks", max: DECKS_MAX }),
                    None => self.decks.push(deck),
                }
                None
            }
            Action::DeleteDeck { key } => {
                self.decks.retain(|d| &d.key != key);
                None
            }
            Action::SaveMember { member } => {
                let mut m = member.clone();
                m.name = text::one_line(Field::MemberName, &m.name, NAME_MAX)?;
                m.role = if m.role.trim().is_empty() {
                    String::new()
                } else {
                    text::one_line(Field::Role, &m.role, NAME_MAX)?
                };
                m.allocation = m.allocation.min(100);
                m.focus = m.focus.map(|f| f.min(100));
                sort::sort_dedup(&mut m.days_off);
                if m.days_off.len() > DAYS_OFF_MAX {
                    return Err(DomainError::TooMany { what: "days off per member", max: DAYS_OFF_MAX });
                }
                if m.id.0 == 0 {
                    if self.members.len() >= MEMBERS_MAX {
                        return Err(DomainError::TooMany { what: "team members", max: MEMBERS_MAX });
                    }
                    m.id = MemberId(next_on_site(ctx.site, self.members.iter().map(|x| x.id.0)));
                    self.members.push(m);
                } else {
                    let slot =
                        self.members.iter_mut().find(|x| x.id == m.id).ok_or(DomainError::UnknownMember(m.id))?;
                    *slot = m;
                }
                None
            }
            Action::DeleteMember { id } => {
                if !remove_where(&mut self.members, |m| m.id == *id) {
                    return Err(DomainError::UnknownMember(*id));
                }
                None
            }
            Action::SaveSprint { sprint } => {
                let s = clean_sprint(sprint)?;
                if s.id.0 == 0 {
                    self.add_sprint(s, ctx)?;
                } else {
                    let slot =
                        self.sprints.iter_mut().find(|x| x.id == s.id).ok_or(DomainError::UnknownSprint(s.id))?;
                    *slot = s;
                }
                None
            }
            Action::DeleteSprint { id } => {
                if !remove_where(&mut self.sprints, |s| s.id == *id) {
                    return Err(DomainError::UnknownSprint(*id));
                }
                // Stories forget the sprint; they are done or committed all the same.
                let gone = Some(*id);
                for s in self.stories.iter_mut().filter(|s| s.committed_to == gone || s.completed_in == gone) {
                    let s = Arc::make_mut(s);
                    s.committed_to = s.committed_to.filter(|x| *x != *id);
                    s.completed_in = s.completed_in.filter(|x| *x != *id);
                }
                None
            }
            Action::NextSprint => {
                self.next_sprint(ctx)?;
                None
            }
            Action::CompleteSprint { id } => {
                let sprint = self.sprints.iter().find(|s| s.id == *id).ok_or(DomainError::UnknownSprint(*id))?;
                let result = super::capacity::result_of(self, sprint);
                if let Some(s) = self.sprints.iter_mut().find(|s| s.id == *id) {
                    s.result = Some(result);
                }
                None
            }
            Action::CarryOver { from } => {
                let sprint = self.sprints.iter().find(|s| s.id == *from).ok_or(DomainError::UnknownSprint(*from))?;
                let ids: Vec<StoryId> =
                    super::capacity::unfinished(&self.stories, sprint.id).iter().map(|s| s.id).collect();
                if ids.is_empty() {
                    return Err(DomainError::EmptySelection);
                }
                let start = sprint.start;
                let next =
                    self.sprints.iter().filter(|s| s.result.is_none() && s.start > start).min_by_key(|s| s.start);
                let to = match next.map(|s| s.id) {
                    Some(to) => to,
                    None => self.next_sprint(ctx)?,
                };
                self.each_story(&ids, ctx.now, |s| s.committed_to = Some(to))?;
                ids.first().copied()
            }
            Action::PlaceDone { ids, sprint } => {
                if *sprint != SprintId::OUTSIDE && !self.sprints.iter().any(|s| s.id == *sprint) {
                    return Err(DomainError::UnknownSprint(*sprint));
                }
                if let Some(s) = ids.iter().filter_map(|id| self.story(*id)).find(|s| s.status != Status::Done) {
                    return Err(DomainError::Invalid {
                        field: Field::Title,
                        text: s.title.clone(),
                        why: "only done stories are placed in the sprint they were completed in",
                    });
                }
                self.each_story(ids, ctx.now, |s| {
                    s.completed_in = Some(*sprint);
                    s.committed_to = s.committed_to.or(Some(*sprint));
                })?;
                ids.first().copied()
            }
            Action::SetCapacitySettings { velocity_window, guess_focus, guess_points_per_day } => {
                self.settings.velocity_window = (*velocity_window).clamp(1, 12);
                self.settings.guess_focus = (*guess_focus).min(100);
                self.settings.guess_points_per_day = *guess_points_per_day;
                None
            }
            Action::RaiseImpediment { title } => {
                if self.impediments.len() >= IMPEDIMENTS_MAX {
                    return Err(DomainError::TooMany { what: "impediments", max: IMPEDIMENTS_MAX });
                }
                let title = text::one_line(Field::Impediment, title, TITLE_MAX)?;
                self.impediments.push(super::board::Impediment { title, raised_at: ctx.now, resolved: false });
                None
            }
            Action::ResolveImpediment { index, resolved } => {
                let x = self.impediments.get_mut(*index).ok_or(DomainError::Inconsistent("no such impediment"))?;
                x.resolved = *resolved;
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
