//! Relative sizing: stories are placed in one column per card of a deck, beside reference
//! stories estimated earlier, and all placements are written as estimates in one change.

use super::board::Board;
use super::ids::StoryId;
use super::poker::{Card, Deck};
use super::story::Status;

/// The most stories one sizing board holds (the first unestimated ones in backlog order).
pub const STORIES_MAX: usize = 60;
/// Reference stories suggested per column.
pub const ANCHORS_PER_COLUMN: usize = 2;

/// The columns of a deck: its cards with a value, in deck order, one per value.
pub fn columns(deck: &Deck) -> Vec<Card> {
    let mut out: Vec<Card> = Vec::new();
    for c in deck.cards.iter().filter(|c| c.value.is_some()) {
        if !out.iter().any(|o| o.value == c.value) {
            out.push(c.clone());
        }
    }
    out
}

/// The stories to size: open ones without an estimate, in backlog order.
pub fn to_size(board: &Board) -> Vec<StoryId> {
    board
        .stories
        .iter()
        .filter(|s| s.status != Status::Done && s.estimate.is_none())
        .take(STORIES_MAX)
        .map(|s| s.id)
        .collect()
}

/// Reference stories for each column: estimated stories whose estimate is the column's value,
/// those estimated in a poker round first, then the most recently changed.
pub fn suggested_anchors(board: &Board, columns: &[Card]) -> Vec<StoryId> {
    let mut out = Vec::new();
    for col in columns {
        let mut same: Vec<_> =
            board.stories.iter().filter(|s| s.estimate.is_some() && s.estimate == col.value).collect();
        same.sort_by_key(|s| (s.rounds.iter().all(|r| r.accepted.is_none()), std::cmp::Reverse(s.updated_at)));
        out.extend(same.iter().take(ANCHORS_PER_COLUMN).map(|s| s.id));
    }
    out
}

/// Where each story to size is: `None` while not yet placed, else the index of its column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    pub at: Vec<(StoryId, Option<usize>)>,
}

impl Placement {
    pub fn new(stories: &[StoryId]) -> Placement {
        Placement { at: stories.iter().map(|id| (*id, None)).collect() }
    }

    pub fn column_of(&self, id: StoryId) -> Option<usize> {
        self.at.iter().find(|(s, _)| *s == id).and_then(|(_, c)| *c)
    }

    /// Puts `id` in `column` (`None`: back to the unplaced ones); columns past the last are
    /// refused. Returns whether anything changed.
    pub fn place(&mut self, id: StoryId, column: Option<usize>, columns: usize) -> bool {
        if column.is_some_and(|c| c >= columns) {
            return false;
        }
        match self.at.iter_mut().find(|(s, _)| *s == id) {
            Some((_, c)) if *c != column => {
                *c = column;
                true
            }
            _ => false,
        }
    }

    /// Moves `id` one column right (`+1`) or left (`-1`); left of the first column is "not
    /// placed". Returns the new column when it moved.
    pub fn step(&mut self, id: StoryId, right: bool, columns: usize) -> Option<Option<usize>> {
        let now = self.at.iter().find(|(s, _)| *s == id)?.1;
        let next = match (now, right) {
            (None, true) if columns > 0 => Some(0),
            (None, _) => return None,
            (Some(0), false) => None,
            (Some(c), false) => Some(c - 1),
            (Some(c), true) if c + 1 < columns => Some(c + 1),
            (Some(_), true) => return None,
        };
        self.place(id, next, columns).then_some(next)
    }

    pub fn placed(&self) -> usize {
        self.at.iter().filter(|(_, c)| c.is_some()).count()
    }

    /// The estimates to write: each placed story with its column's card.
    pub fn items(&self, columns: &[Card]) -> Vec<super::poker::Estimate> {
        self.at.iter().filter_map(|(id, c)| Some((*id, columns.get((*c)?)?.clone(), Vec::new()))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::poker::builtin_decks;
    use crate::domain::{Action, AddAt, BoardId, Ctx, Points, StoryDraft};

    fn board() -> Board {
        let mut b = Board::new(BoardId(1), "T".into(), 0);
        let ctx = Ctx { now: 1_700_000_000_000, site: 1 };
        for (t, e) in [("a", None), ("b", Some(3)), ("c", None), ("d", Some(3)), ("e", Some(3)), ("f", Some(8))] {
            let draft = StoryDraft { estimate: e.map(Points::from_whole), ..StoryDraft::titled(t) };
            b.apply(&Action::AddStory { draft, at: AddAt::Bottom }, &ctx).unwrap();
        }
        b
    }

    #[test]
    fn columns_anchors_and_stories_to_size() {
        let b = board();
        let cols = columns(&builtin_decks()[0]);
        assert_eq!(
            cols.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
            ["0", "1", "2", "3", "5", "8", "13", "21"]
        );
        let ids: Vec<StoryId> = b.stories.iter().map(|s| s.id).collect();
        assert_eq!(to_size(&b), [ids[0], ids[2]]);
        let anchors = suggested_anchors(&b, &cols);
        assert_eq!(anchors.len(), 3, "two of the three 3s, the 8");
        assert!(anchors.contains(&ids[5]));
    }

    #[test]
    fn stories_move_by_steps_and_are_written_as_one_change() {
        let mut b = board();
        let cols = columns(&builtin_decks()[0]);
        let ids = to_size(&b);
        let mut p = Placement::new(&ids);
        assert_eq!(p.step(ids[0], false, cols.len()), None, "nothing left of unplaced");
        assert_eq!(p.step(ids[0], true, cols.len()), Some(Some(0)));
        assert!(p.place(ids[0], Some(7), cols.len()));
        assert_eq!(p.step(ids[0], true, cols.len()), None, "the last column is the last");
        assert!(!p.place(ids[1], Some(8), cols.len()), "no ninth column");
        p.place(ids[1], Some(4), cols.len());
        assert_eq!(p.placed(), 2);
        let items = p.items(&cols);
        b.apply(&Action::AcceptEstimates { items }, &Ctx { now: 1_700_000_000_001, site: 1 }).unwrap();
        assert_eq!(b.story(ids[0]).unwrap().estimate, Some(Points::from_whole(21)));
        assert_eq!(b.story(ids[1]).unwrap().estimate, Some(Points::from_whole(5)));
        assert!(to_size(&b).is_empty());
    }
}
