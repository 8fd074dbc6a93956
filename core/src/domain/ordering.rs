//! Reordering the backlog: moving one story or a block of stories, filtered or not.
//!
//! Every move is a permutation: the moved block keeps its internal order, every other story keeps
//! its order relative to the others. Moves are described by an anchor (`Before`/`After` another
//! story, a position, the top or bottom) so an action means the same thing when replayed.
//! Keyboard moves in a filtered view are resolved first by [`step_target`], which looks for the
//! nearest *visible* neighbour; hidden stories never move.

use std::sync::Arc;

use super::error::DomainError;
use super::ids::StoryId;
use super::story::Story;

/// Where a block of stories goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum MoveTo {
    /// The top of the backlog.
    Top,
    /// The bottom of the backlog.
    Bottom,
    /// So that the block's first story ends at this 1-based position of the whole backlog.
    Position(usize),
    /// Right before this story (which must not be in the block).
    Before(StoryId),
    /// Right after this story (which must not be in the block).
    After(StoryId),
}

/// A one-step keyboard move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
}

/// Moves the stories `block` names (in their current backlog order) to `to`.
pub fn move_block(stories: &mut Vec<Arc<Story>>, block: &[StoryId], to: MoveTo) -> Result<(), DomainError> {
    if block.is_empty() {
        return Err(DomainError::EmptySelection);
    }
    if let Some(missing) = block.iter().find(|id| !stories.iter().any(|s| s.id == **id)) {
        return Err(DomainError::UnknownStory(*missing));
    }
    let in_block = |s: &Arc<Story>| block.contains(&s.id);
    if let MoveTo::Before(anchor) | MoveTo::After(anchor) = to {
        if block.contains(&anchor) {
            return Err(DomainError::Inconsistent("a story cannot move next to itself"));
        }
        if !stories.iter().any(|s| s.id == anchor) {
            return Err(DomainError::UnknownStory(anchor));
        }
    }
    let len = stories.len();
    if let MoveTo::Position(p) = to
        && (p == 0 || p > len)
    {
        return Err(DomainError::BadPosition { position: p, len });
    }
    let (moving, mut rest): (Vec<_>, Vec<_>) = std::mem::take(stories).into_iter().partition(in_block);
    let at = match to {
        MoveTo::Top => 0,
        MoveTo::Bottom => rest.len(),
        MoveTo::Position(p) => (p - 1).min(rest.len()),
        MoveTo::Before(anchor) => rest.iter().position(|s| s.id == anchor).unwrap_or(0),
        MoveTo::After(anchor) => rest.iter().position(|s| s.id == anchor).map_or(rest.len(), |i| i + 1),
    };
    rest.splice(at..at, moving);
    *stories = rest;
    Ok(())
}

/// The target of moving `block` one step up or down among the stories `visible` accepts: right
/// before the nearest visible story above the block, or right after the nearest visible story
/// below it. `None` when the block is already first or last among the visible stories.
pub fn step_target(
    stories: &[Arc<Story>],
    block: &[StoryId],
    step: Step,
    visible: impl Fn(&Story) -> bool,
) -> Option<MoveTo> {
    let positions: Vec<usize> =
        stories.iter().enumerate().filter(|(_, s)| block.contains(&s.id)).map(|(i, _)| i).collect();
    let (first, last) = (*positions.first()?, *positions.last()?);
    match step {
        Step::Up => stories[..first].iter().rev().find(|s| visible(s)).map(|s| MoveTo::Before(s.id)),
        Step::Down => {
            stories[last + 1..].iter().find(|s| !block.contains(&s.id) && visible(s)).map(|s| MoveTo::After(s.id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::story::StoryDraft;
    use proptest::prelude::*;

    fn stories(n: u64) -> Vec<Arc<Story>> {
        (1..=n).map(|i| Arc::new(StoryDraft::titled(format!("s{i}")).into_story(StoryId(i), 0))).collect()
    }

    fn ids(s: &[Arc<Story>]) -> Vec<u64> {
        s.iter().map(|s| s.id.0).collect()
    }

    #[test]
    fn moves_single_stories() {
        let mut s = stories(5);
        move_block(&mut s, &[StoryId(4)], MoveTo::Top).unwrap();
        assert_eq!(ids(&s), [4, 1, 2, 3, 5]);
        move_block(&mut s, &[StoryId(4)], MoveTo::Bottom).unwrap();
        assert_eq!(ids(&s), [1, 2, 3, 5, 4]);
        move_block(&mut s, &[StoryId(1)], MoveTo::Position(3)).unwrap();
        assert_eq!(ids(&s), [2, 3, 1, 5, 4]);
        move_block(&mut s, &[StoryId(4)], MoveTo::Before(StoryId(2))).unwrap();
        assert_eq!(ids(&s), [4, 2, 3, 1, 5]);
        move_block(&mut s, &[StoryId(4)], MoveTo::After(StoryId(5))).unwrap();
        assert_eq!(ids(&s), [2, 3, 1, 5, 4]);
    }

    #[test]
    fn blocks_keep_their_internal_order() {
        let mut s = stories(6);
        // Selected in any order; they move in backlog order.
        move_block(&mut s, &[StoryId(5), StoryId(2)], MoveTo::Top).unwrap();
        assert_eq!(ids(&s), [2, 5, 1, 3, 4, 6]);
        move_block(&mut s, &[StoryId(2), StoryId(5)], MoveTo::After(StoryId(4))).unwrap();
        assert_eq!(ids(&s), [1, 3, 4, 2, 5, 6]);
    }

    #[test]
    fn bad_moves_are_refused_and_change_nothing() {
        let mut s = stories(3);
        let before = ids(&s);
        assert_eq!(move_block(&mut s, &[], MoveTo::Top), Err(DomainError::EmptySelection));
        assert_eq!(move_block(&mut s, &[StoryId(9)], MoveTo::Top), Err(DomainError::UnknownStory(StoryId(9))));
        assert!(move_block(&mut s, &[StoryId(1)], MoveTo::Before(StoryId(1))).is_err());
        assert_eq!(
            move_block(&mut s, &[StoryId(1)], MoveTo::Position(4)),
            Err(DomainError::BadPosition { position: 4, len: 3 })
        );
        assert_eq!(ids(&s), before);
    }

    #[test]
    fn steps_skip_hidden_stories() {
        let s = stories(6);
        let odd = |st: &Story| st.id.0 % 2 == 1;
        assert_eq!(step_target(&s, &[StoryId(5)], Step::Up, odd), Some(MoveTo::Before(StoryId(3))));
        assert_eq!(step_target(&s, &[StoryId(3)], Step::Down, odd), Some(MoveTo::After(StoryId(5))));
        assert_eq!(step_target(&s, &[StoryId(1)], Step::Up, odd), None);
        assert_eq!(step_target(&s, &[StoryId(5)], Step::Down, odd), None);
    }

    fn arb_case() -> impl Strategy<Value = (u64, Vec<u64>, u8, u64, Vec<bool>)> {
        (1u64..40).prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(1..=n, 1..6),
                0u8..5,
                1..=n,
                proptest::collection::vec(any::<bool>(), n as usize),
            )
        })
    }

    proptest! {
        #[test]
        fn every_move_is_a_permutation_keeping_relative_orders((n, block, kind, anchor, _vis) in arb_case()) {
            let mut s = stories(n);
            let block: Vec<StoryId> = block.into_iter().map(StoryId).collect();
            let to = match kind {
                0 => MoveTo::Top,
                1 => MoveTo::Bottom,
                2 => MoveTo::Position(anchor as usize),
                3 => MoveTo::Before(StoryId(anchor)),
                _ => MoveTo::After(StoryId(anchor)),
            };
            let before = ids(&s);
            match move_block(&mut s, &block, to) {
                Err(_) => prop_assert_eq!(ids(&s), before),
                Ok(()) => {
                    let after = ids(&s);
                    let mut sorted = after.clone();
                    sorted.sort_unstable();
                    prop_assert_eq!(sorted, (1..=n).collect::<Vec<_>>());
                    let in_block = |id: &u64| block.iter().any(|b| b.0 == *id);
                    let keep = |v: &[u64], want: bool| v.iter().copied().filter(|id| in_block(id) == want).collect::<Vec<_>>();
                    prop_assert_eq!(keep(&after, true), keep(&before, true));
                    prop_assert_eq!(keep(&after, false), keep(&before, false));
                    // The block is contiguous after the move.
                    let first = after.iter().position(&in_block).unwrap();
                    let count = keep(&after, true).len();
                    prop_assert!(after[first..first + count].iter().all(in_block));
                }
            }
        }

        #[test]
        fn filtered_steps_keep_hidden_stories_in_place((n, block, up, _a, vis) in arb_case().prop_map(|(n, b, k, a, v)| (n, b, k % 2 == 0, a, v))) {
            let mut s = stories(n);
            let block: Vec<StoryId> = block.into_iter().map(StoryId).collect();
            let visible = |st: &Story| vis[(st.id.0 - 1) as usize] || block.contains(&st.id);
            let before = ids(&s);
            let step = if up { Step::Up } else { Step::Down };
            if let Some(to) = step_target(&s, &block, step, visible) {
                move_block(&mut s, &block, to).unwrap();
            }
            let after = ids(&s);
            let hidden = |v: &[u64]| v.iter().enumerate()
                .filter(|(_, id)| !vis[(**id - 1) as usize] && !block.iter().any(|b| b.0 == **id))
                .map(|(i, id)| (i, *id)).collect::<Vec<_>>();
            // Hidden stories keep their relative order (and with a single visible jump, their places
            // can shift only by the block's size).
            let h_before: Vec<u64> = hidden(&before).into_iter().map(|(_, id)| id).collect();
            let h_after: Vec<u64> = hidden(&after).into_iter().map(|(_, id)| id).collect();
            prop_assert_eq!(h_before, h_after);
        }
    }
}
