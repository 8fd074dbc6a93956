//! Undo and redo of every board change, as plain data that can be stored.
//!
//! A [`Change`] records what one action did: the touched stories before and after (shared
//! `Arc`s, so an unchanged story costs nothing), how the order changed, and the other board
//! fields if they changed. Undo applies the "before" side, redo the "after" side. Order changes
//! are stored compactly as the stories that moved (the complement of a longest increasing
//! subsequence), so moving one story in a 1,000-story backlog records one id, not a thousand.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Millis;
use super::action::{Action, Ctx};
use super::board::{Board, BoardSettings, Member, Sprint};
use super::error::DomainError;
use super::error::Field;
use super::ids::{IdIndex, StoryId};
use super::story::Story;
use super::text::{NAME_MAX, STORIES_MAX, TITLE_MAX};
use super::validate::{Checked, Gate, MEMBERS_MAX, SPRINTS_MAX, member, sprint, story};

/// How many steps are kept; the oldest are dropped first.
pub const HISTORY_LIMIT: usize = 200;

/// Board fields other than the stories, saved whole when any of them changes (they are small).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub sprints: Vec<Sprint>,
    #[serde(default)]
    pub settings: BoardSettings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decks: Vec<super::poker::Deck>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impediments: Vec<super::board::Impediment>,
}

impl Meta {
    fn of(b: &Board) -> Meta {
        Meta {
            name: b.name.clone(),
            members: b.members.clone(),
            sprints: b.sprints.clone(),
            settings: b.settings.clone(),
            decks: b.decks.clone(),
            impediments: b.impediments.clone(),
        }
    }
}

/// Turns one order of ids into another: remove `remove`, then insert each `(index, id)` in
/// ascending index order. Insertions are stored as `[index, id]` pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPatch {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<StoryId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insert: Vec<(usize, StoryId)>,
}

impl OrderPatch {
    /// The patch that turns `from` into `to`.
    pub fn between(from: &[StoryId], to: &[StoryId]) -> OrderPatch {
        let pos_in_to = IdIndex::new(to.iter().copied());
        // Stories in both orders, as (position in `from`, position in `to`), in `from` order; the
        // longest increasing run of them can stay where it is.
        let common: Vec<(usize, usize)> =
            from.iter().enumerate().filter_map(|(i, id)| pos_in_to.get(*id).map(|p| (i, p))).collect();
        let keep = longest_increasing(&common.iter().map(|(_, p)| *p).collect::<Vec<_>>());
        let mut stays = vec![false; to.len()];
        let mut kept = vec![false; from.len()];
        for i in keep {
            stays[common[i].1] = true;
            kept[common[i].0] = true;
        }
        OrderPatch {
            remove: from.iter().zip(kept).filter(|(_, k)| !k).map(|(id, _)| *id).collect(),
            insert: to.iter().enumerate().filter(|(i, _)| !stays[*i]).map(|(i, id)| (i, *id)).collect(),
        }
    }

    /// Applies the patch to `order`. Exact on the order it was computed from; on another order
    /// (a board changed meanwhile by another tab) it still yields a sensible permutation.
    pub fn apply(&self, order: &mut Vec<StoryId>) {
        if self.remove.is_empty() && self.insert.is_empty() {
            return;
        }
        order.retain(|id| !self.remove.contains(id));
        for (i, id) in &self.insert {
            order.retain(|x| x != id);
            order.insert((*i).min(order.len()), *id);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.insert.is_empty()
    }
}

/// Indices into `xs` of one longest strictly increasing subsequence (patience sorting).
fn longest_increasing(xs: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into xs of the smallest tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (i, x) in xs.iter().enumerate() {
        let len = tails.partition_point(|t| xs[*t] < *x);
        prev[i] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(i);
        cur = prev[i];
    }
    out.reverse();
    out
}

/// What one action changed, enough to undo and redo it. Touched stories are stored as
/// `[id, story or null]` pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Shown on the undo button ("Undo move story").
    pub label: String,
    /// Touched stories as they were before (`None`: it did not exist).
    #[serde(default)]
    pub before: Vec<(StoryId, Option<Arc<Story>>)>,
    /// Touched stories as they are after (`None`: it was deleted).
    #[serde(default)]
    pub after: Vec<(StoryId, Option<Arc<Story>>)>,
    /// Turns the order after into the order before, and back.
    #[serde(default)]
    pub undo_order: OrderPatch,
    #[serde(default)]
    pub redo_order: OrderPatch,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_before: Option<Box<Meta>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_after: Option<Box<Meta>>,
}

/// Which side of a change to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Undo,
    Redo,
}

impl Change {
    /// The change that turned `before` into `after`; `None` if nothing an undo could restore
    /// changed.
    pub fn between(before: &Board, after: &Board, label: &str) -> Option<Change> {
        let index = |b: &Board| IdIndex::new(b.stories.iter().map(|s| s.id));
        let (old_at, new_at) = (index(before), index(after));
        let old = |id: &StoryId| old_at.get(*id).map(|i| &before.stories[i]);
        let new = |id: &StoryId| new_at.get(*id).map(|i| &after.stories[i]);
        let mut touched: Vec<StoryId> = Vec::new();
        for s in &after.stories {
            match old(&s.id) {
                Some(o) if Arc::ptr_eq(o, s) || **o == **s => {}
                _ => touched.push(s.id),
            }
        }
        touched.extend(before.stories.iter().filter(|s| !new_at.contains(s.id)).map(|s| s.id));
        let ids = |b: &Board| b.stories.iter().map(|s| s.id).collect::<Vec<_>>();
        let (old_ids, new_ids) = (ids(before), ids(after));
        let (undo_order, redo_order) = if old_ids == new_ids {
            (OrderPatch::default(), OrderPatch::default())
        } else {
            (OrderPatch::between(&new_ids, &old_ids), OrderPatch::between(&old_ids, &new_ids))
        };
        let (mb, ma) = (Meta::of(before), Meta::of(after));
        let (meta_before, meta_after) = if mb == ma { (None, None) } else { (Some(Box::new(mb)), Some(Box::new(ma))) };
        if touched.is_empty() && undo_order.is_empty() && meta_before.is_none() {
            return None;
        }
        Some(Change {
            label: label.to_owned(),
            before: touched.iter().map(|id| (*id, old(id).map(Arc::clone))).collect(),
            after: touched.iter().map(|id| (*id, new(id).map(Arc::clone))).collect(),
            undo_order,
            redo_order,
            meta_before,
            meta_after,
        })
    }

    /// Applies one side of the change to `board` (not touching its revision). Exact when the
    /// board is as the change left it; after concurrent edits (another tab) it still yields a
    /// consistent board: stories the patch does not place keep going, at the end.
    pub fn apply(&self, board: &mut Board, side: Side) {
        let (stories, order, meta) = match side {
            Side::Undo => (&self.before, &self.undo_order, &self.meta_before),
            Side::Redo => (&self.after, &self.redo_order, &self.meta_after),
        };
        let mut ids: Vec<StoryId> = board.stories.iter().map(|s| s.id).collect();
        // The stories by id, in a table sorted by id: the board's, with the change's put in.
        let mut pool: Vec<(StoryId, Option<Arc<Story>>)> = board.stories.drain(..).map(|s| (s.id, Some(s))).collect();
        super::sort::sort_by_key(&mut pool, |e| e.0);
        for (id, value) in stories {
            let i = pool.partition_point(|e| e.0 < *id);
            match (pool.get(i).is_some_and(|e| e.0 == *id), value) {
                (true, Some(s)) => pool[i].1 = Some(Arc::clone(s)),
                (true, None) => drop(pool.remove(i)),
                (false, Some(s)) => pool.insert(i, (*id, Some(Arc::clone(s)))),
                (false, None) => {}
            }
        }
        order.apply(&mut ids);
        let mut take = |id: StoryId| {
            let i = pool.partition_point(|e| e.0 < id);
            pool.get_mut(i).filter(|e| e.0 == id).and_then(|e| e.1.take())
        };
        let mut stories: Vec<Arc<Story>> = ids.into_iter().filter_map(&mut take).collect();
        // Stories the order does not place keep going, at the end, by id.
        stories.extend(pool.into_iter().filter_map(|e| e.1));
        board.stories = stories;
        if let Some(m) = meta {
            let m = (**m).clone();
            board.name = m.name;
            board.members = m.members;
            board.sprints = m.sprints;
            board.settings = m.settings;
            board.decks = m.decks;
            board.impediments = m.impediments;
        }
    }
}

/// A change one tab made since it last saved, kept so it can be replayed on a newer copy of the
/// board that another tab saved meanwhile (see [`History::rebase`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Replay {
    Action(Action, Ctx),
    /// An undo (or redo) of the history as it then was.
    History {
        undo: bool,
    },
}

/// An undo or redo step that was not made: the board it gives does not pass the gate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the step “{label}” of the undo history cannot be made ({why}), so it was left out")]
pub struct Refused {
    pub label: String,
    pub why: super::error::Invalid,
}

/// The undo and redo stacks of one board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    #[serde(default)]
    pub undo: Vec<Change>,
    #[serde(default)]
    pub redo: Vec<Change>,
}

impl History {
    /// Records a new change; it can be undone, and nothing can be redone any more.
    pub fn record(&mut self, change: Change) {
        self.undo.push(change);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Applies `action` to `board` and records what it changed, so it can be undone. On error
    /// neither the board nor the history changes.
    pub fn apply(&mut self, board: &mut Board, action: &Action, ctx: &Ctx) -> Result<Option<StoryId>, DomainError> {
        let before = board.clone();
        let focus = board.apply(action, ctx)?;
        if let Some(change) = Change::between(&before, board, action.label()) {
            self.record(change);
        }
        Ok(focus)
    }

    /// Replays on `board` (a newer copy saved by another tab) the changes this tab made since
    /// it last saved, recording them. Returns what no longer applied, worded for people: an
    /// action the newer board refuses, or an undo or redo, which only means something on the
    /// history it was made on.
    pub fn rebase(&mut self, board: &mut Board, pending: &[Replay]) -> Vec<String> {
        let mut dropped = Vec::new();
        for replay in pending {
            match replay {
                Replay::Action(action, ctx) => {
                    if let Err(e) = self.apply(board, action, ctx) {
                        dropped.push(format!("{} ({e})", action.label()));
                    }
                }
                Replay::History { undo: true } => dropped.push("an undo".into()),
                Replay::History { undo: false } => dropped.push("a redo".into()),
            }
        }
        dropped
    }

    /// The label of the change an undo (or, with `undo` false, a redo) would step over.
    pub fn next_label(&self, undo: bool) -> Option<&str> {
        (if undo { &self.undo } else { &self.redo }).last().map(|c| c.label.as_str())
    }

    /// Undoes the latest change; returns its label, or `None` if there is nothing to undo.
    pub fn undo(&mut self, board: &mut Board, now: Millis) -> Result<Option<String>, Refused> {
        self.step(board, now, Side::Undo)
    }

    /// Redoes the latest undone change; returns its label, or `None` if there is none.
    pub fn redo(&mut self, board: &mut Board, now: Millis) -> Result<Option<String>, Refused> {
        self.step(board, now, Side::Redo)
    }

    /// Moves one change from one stack to the other, applying it. A step whose board the gate
    /// refuses (a history that was changed where it was kept) is not made: the board stays as
    /// it is, and the step is dropped, so it cannot stand in the way of the others.
    fn step(&mut self, board: &mut Board, now: Millis, side: Side) -> Result<Option<String>, Refused> {
        let (from, to) = match side {
            Side::Undo => (&mut self.undo, &mut self.redo),
            Side::Redo => (&mut self.redo, &mut self.undo),
        };
        let Some(change) = from.pop() else { return Ok(None) };
        let mut next = board.clone();
        change.apply(&mut next, side);
        next.revision += 1;
        next.updated_at = now;
        if let Err(why) = super::validate::board(&next) {
            return Err(Refused { label: change.label, why });
        }
        *board = next;
        let label = change.label.clone();
        to.push(change);
        Ok(Some(label))
    }
}

/// The gate for an undo history read back from storage: its size, and every story and team, sprint
/// and member list it would put back. (Whether a step fits the board it is undone on is
/// checked when it is made: see `History::undo`.)
pub fn check(h: &History) -> Checked {
    let mut g = Gate::new("history");
    for (stack, changes) in [("undo", &h.undo), ("redo", &h.redo)] {
        g.count(stack, changes.len(), HISTORY_LIMIT)?;
        for (i, c) in changes.iter().enumerate() {
            g.at(stack, Some(i), |g| {
                g.one_line("label", Field::Title, &c.label, TITLE_MAX)?;
                for (side, stories) in [("before", &c.before), ("after", &c.after)] {
                    g.count(side, stories.len(), STORIES_MAX)?;
                    for (k, (_, s)) in stories.iter().enumerate() {
                        if let Some(s) = s {
                            g.at(side, Some(k), |g| story(g, s, true))?;
                        }
                    }
                }
                for (side, meta) in [("meta_before", &c.meta_before), ("meta_after", &c.meta_after)] {
                    let Some(m) = meta else { continue };
                    g.at(side, None, |g| {
                        g.one_line("name", Field::BoardName, &m.name, NAME_MAX)?;
                        g.count("members", m.members.len(), MEMBERS_MAX)?;
                        for (k, x) in m.members.iter().enumerate() {
                            g.at("members", Some(k), |g| member(g, x))?;
                        }
                        g.count("sprints", m.sprints.len(), SPRINTS_MAX)?;
                        for (k, x) in m.sprints.iter().enumerate() {
                            g.at("sprints", Some(k), |g| sprint(g, x))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::AddAt;
    use crate::domain::ids::BoardId;
    use crate::domain::ordering::MoveTo;
    use crate::domain::story::{Status, StoryDraft};
    use proptest::prelude::*;

    /// The parts of a board undo restores (revision and time move on).
    fn content(b: &Board) -> (Vec<Story>, Meta) {
        (b.stories.iter().map(|s| (**s).clone()).collect(), Meta::of(b))
    }

    #[test]
    fn order_patches_turn_one_order_into_another() {
        let ids = |v: &[u64]| v.iter().map(|i| StoryId(*i)).collect::<Vec<_>>();
        let cases: [(&[u64], &[u64]); 5] = [
            (&[1, 2, 3, 4, 5], &[1, 4, 2, 3, 5]),
            (&[1, 2, 3], &[3, 2, 1]),
            (&[1, 2, 3], &[1, 3]),
            (&[1, 3], &[1, 2, 3]),
            (&[], &[7, 8]),
        ];
        for (from, to) in cases {
            let patch = OrderPatch::between(&ids(from), &ids(to));
            let mut order = ids(from);
            patch.apply(&mut order);
            assert_eq!(order, ids(to), "{from:?} -> {to:?}");
        }
        // Moving one story of a thousand records one id.
        let from: Vec<u64> = (1..=1000).collect();
        let mut to = from.clone();
        let moved = to.remove(10);
        to.insert(500, moved);
        let patch = OrderPatch::between(&ids(&from), &ids(&to));
        assert_eq!((patch.remove.len(), patch.insert.len()), (1, 1));
    }

    #[derive(Clone, Debug)]
    enum Op {
        Add(String, bool),
        Edit(usize, String),
        Delete(Vec<usize>),
        Move(Vec<usize>, u8, usize),
        Status(Vec<usize>, u8),
        Tag(Vec<usize>, String),
        Import(Vec<String>),
        Rename(String),
    }

    fn op() -> impl Strategy<Value = Op> {
        let title = "[a-z ]{1,12}";
        let picks = proptest::collection::vec(0usize..50, 1..4);
        prop_oneof![
            (title, any::<bool>()).prop_map(|(t, top)| Op::Add(t, top)),
            (0usize..50, title).prop_map(|(i, t)| Op::Edit(i, t)),
            picks.clone().prop_map(Op::Delete),
            (picks.clone(), 0u8..5, 0usize..50).prop_map(|(p, k, a)| Op::Move(p, k, a)),
            (picks.clone(), 0u8..4).prop_map(|(p, s)| Op::Status(p, s)),
            (picks, "[a-z]{1,6}").prop_map(|(p, t)| Op::Tag(p, t)),
            proptest::collection::vec(title, 0..4).prop_map(Op::Import),
            title.prop_map(Op::Rename),
        ]
    }

    fn to_action(b: &Board, op: &Op) -> Option<Action> {
        let n = b.stories.len();
        let pick = |i: &usize| (n > 0).then(|| b.stories[i % n].id);
        let picks = |v: &[usize]| v.iter().filter_map(pick).collect::<Vec<_>>();
        Some(match op {
            Op::Add(t, top) => Action::AddStory {
                draft: StoryDraft::titled(t.clone()),
                at: if *top { AddAt::Top } else { AddAt::Bottom },
            },
            Op::Edit(i, t) => Action::UpdateStory { id: pick(i)?, draft: StoryDraft::titled(t.clone()) },
            Op::Delete(v) => Action::DeleteStories { ids: picks(v) },
            Op::Move(v, k, a) => Action::MoveStories {
                ids: picks(v),
                to: match k {
                    0 => MoveTo::Top,
                    1 => MoveTo::Bottom,
                    2 => MoveTo::Position(a % n.max(1) + 1),
                    3 => MoveTo::Before(pick(a)?),
                    _ => MoveTo::After(pick(a)?),
                },
            },
            Op::Status(v, s) => Action::SetStatus { ids: picks(v), status: Status::ALL[*s as usize] },
            Op::Tag(v, t) => Action::AddTag { ids: picks(v), tag: t.clone() },
            Op::Import(ts) => Action::ImportStories {
                drafts: ts.iter().map(|t| StoryDraft::titled(t.clone())).collect(),
                at: AddAt::Bottom,
            },
            Op::Rename(t) => Action::RenameBoard { name: t.clone() },
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn undo_restores_every_previous_board_and_redo_replays(ops in proptest::collection::vec(op(), 1..25)) {
            let mut board = Board::new(BoardId(1), "Board".into(), 0);
            let mut history = History::default();
            let mut snapshots = vec![content(&board)];
            for (t, op) in ops.iter().enumerate() {
                let Some(action) = to_action(&board, op) else { continue };
                let before = board.clone();
                if board.apply(&action, &Ctx { now: t as i64 + 1, site: 9 }).is_ok()
                    && let Some(change) = Change::between(&before, &board, action.label())
                {
                    history.record(change);
                    snapshots.push(content(&board));
                }
            }
            let last = snapshots.len() - 1;
            for i in (0..last).rev() {
                prop_assert!(matches!(history.undo(&mut board, 0), Ok(Some(_))));
                prop_assert_eq!(&content(&board), &snapshots[i]);
            }
            prop_assert!(history.undo(&mut board, 0) == Ok(None));
            for snapshot in snapshots.iter().skip(1) {
                prop_assert!(matches!(history.redo(&mut board, 0), Ok(Some(_))));
                prop_assert_eq!(&content(&board), snapshot);
            }
            prop_assert!(history.redo(&mut board, 0) == Ok(None));
        }
    }

    #[test]
    fn a_new_change_clears_redo_and_the_limit_holds() {
        let mut board = Board::new(BoardId(1), "B".into(), 0);
        let mut history = History::default();
        for i in 0..HISTORY_LIMIT + 10 {
            let before = board.clone();
            let action = Action::AddStory { draft: StoryDraft::titled(format!("s{i}")), at: AddAt::Bottom };
            board.apply(&action, &Ctx { now: 1, site: 1 }).unwrap();
            history.record(Change::between(&before, &board, "add story").unwrap());
        }
        assert_eq!(history.undo.len(), HISTORY_LIMIT);
        history.undo(&mut board, 2).unwrap();
        assert_eq!(history.redo.len(), 1);
        let before = board.clone();
        board.apply(&Action::RenameBoard { name: "C".into() }, &Ctx { now: 3, site: 1 }).unwrap();
        history.record(Change::between(&before, &board, "rename board").unwrap());
        assert!(history.redo.is_empty());
        // A no-op action records nothing.
        let same = board.clone();
        assert!(Change::between(&same, &board, "nothing").is_none());
    }

    #[test]
    fn a_step_that_would_give_a_board_the_gate_refuses_is_not_made() {
        let mut board = Board::new(BoardId(1), "B".into(), 0);
        let mut history = History::default();
        let action = Action::AddStory { draft: StoryDraft::titled("fine"), at: AddAt::Bottom };
        history.apply(&mut board, &action, &Ctx { now: 1, site: 1 }).unwrap();
        // A kept history changed where it was stored: undoing it would bring back a story of
        // a title far longer than any the app accepts.
        let mut bad = (*board.stories[0]).clone();
        bad.title = "x".repeat(10_000);
        history.undo[0].before = vec![(bad.id, Some(Arc::new(bad)))];
        let before = board.clone();
        let refused = history.undo(&mut board, 2).unwrap_err();
        assert!(
            refused.to_string().starts_with("the step “add story” of the undo history cannot be made"),
            "{refused}"
        );
        assert_eq!(board, before, "nothing installed");
        assert!(history.undo.is_empty() && history.redo.is_empty(), "the step is dropped");
        assert!(
            check(&History {
                undo: vec![Change::between(&Board::new(BoardId(2), "x".into(), 0), &before, "add story").unwrap()],
                redo: vec![]
            })
            .is_ok()
        );
    }
}
