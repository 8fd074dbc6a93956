//! Telling whether the board in storage is the one this tab last saw, and if not, which of this
//! tab's saves it is missing.
//!
//! Every save of a board writes a new random [`SaveId`] and the lineage it was made on: the ids
//! of the saves before it, oldest first, the last one its own ([`Lineage`], at most
//! [`LINEAGE_MAX`] ids). A tab remembers the lineage it last read or wrote (its *base*) and the
//! ids of its own saves no other tab has yet been seen to build on (its *unconfirmed* saves,
//! each with the changes it carried).
//!
//! * The stored lineage equals the base: nobody else saved; write on top of it.
//! * It differs: another tab saved. Those of this tab's unconfirmed saves that the stored lineage
//!   holds (or holds a later one of) are in it; the others were overwritten by a tab that had not
//!   seen them (two tabs writing at one moment), and their changes are replayed on top of the
//!   stored board with the ones not yet saved. No edit is lost, even where two writes race.
//!
//! Revision numbers alone cannot tell this: two tabs that both save revision r + 1 write the
//! same number and each believes the other's board is its own.

use serde::{Deserialize, Serialize};

use crate::domain::ids::SaveId;

/// The most save ids a stored board carries.
pub const LINEAGE_MAX: usize = 32;

/// The saves a stored board descends from, oldest first; the last is the save that wrote it.
/// Empty for a board stored before format 6, or never saved with a change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lineage(Vec<SaveId>);

impl Lineage {
    /// The lineage of a new save `id` made on top of this one (the oldest ids drop off).
    #[must_use]
    pub fn then(&self, id: SaveId) -> Lineage {
        let keep = self.0.len().min(LINEAGE_MAX - 1);
        let mut ids = self.0[self.0.len() - keep..].to_vec();
        ids.push(id);
        Lineage(ids)
    }

    /// True if the save `id` is this board's or one it descends from.
    pub fn holds(&self, id: SaveId) -> bool {
        self.0.contains(&id)
    }

    /// Whether no save is known (a document stored before it carried its lineage).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids, oldest first.
    pub fn ids(&self) -> &[SaveId] {
        &self.0
    }

    /// A lineage read from storage, bounded: only the newest [`LINEAGE_MAX`] ids count.
    pub fn bounded(mut self) -> Lineage {
        if self.0.len() > LINEAGE_MAX {
            self.0.drain(..self.0.len() - LINEAGE_MAX);
        }
        self
    }
}

/// What identifies a stored board's state without reading the board: its revision and lineage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Peek {
    pub revision: u64,
    pub lineage: Lineage,
}

/// What a tab finds when it compares the stored board with its base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// The board this tab last read or wrote.
    Same,
    /// Another tab saved. Of this tab's unconfirmed saves, the first `kept` are in the stored
    /// board; the rest were overwritten and must be replayed.
    Other { kept: usize },
}

/// Compares the stored board `stored` with this tab's `base`, given the ids of this tab's
/// unconfirmed saves, oldest first.
pub fn compare(base: &Peek, unconfirmed: &[SaveId], stored: &Peek) -> Found {
    if stored == base {
        return Found::Same;
    }
    // This tab's saves were made in order, each on top of the one before: if the stored board
    // holds one of them, it holds every earlier one too.
    let kept = unconfirmed.iter().rposition(|id| stored.lineage.holds(*id)).map_or(0, |i| i + 1);
    Found::Other { kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peek(revision: u64, ids: &[u64]) -> Peek {
        Peek { revision, lineage: Lineage(ids.iter().map(|i| SaveId(*i)).collect()) }
    }

    #[test]
    fn the_board_this_tab_wrote_is_the_same() {
        let base = peek(4, &[1, 2]);
        assert_eq!(compare(&base, &[SaveId(2)], &base.clone()), Found::Same);
    }

    #[test]
    fn two_tabs_writing_the_same_revision_are_told_apart() {
        // Both tabs read save 1 at revision 3 and saved revision 4 at the same moment.
        let ours = peek(4, &[1, 2]);
        let theirs = peek(4, &[1, 3]);
        assert_eq!(compare(&ours, &[SaveId(2)], &theirs), Found::Other { kept: 0 });
    }

    #[test]
    fn a_newer_board_built_on_this_tabs_saves_keeps_them() {
        let base = peek(5, &[1, 2, 3]);
        let stored = peek(7, &[1, 2, 3, 9]);
        assert_eq!(compare(&base, &[SaveId(2), SaveId(3)], &stored), Found::Other { kept: 2 });
    }

    #[test]
    fn only_the_overwritten_saves_are_replayed() {
        // Save 3 was seen by the other tab, save 4 was overwritten by its save 9.
        let base = peek(6, &[1, 3, 4]);
        let stored = peek(6, &[1, 3, 9]);
        assert_eq!(compare(&base, &[SaveId(3), SaveId(4)], &stored), Found::Other { kept: 1 });
    }

    #[test]
    fn a_lineage_keeps_its_newest_ids() {
        let mut l = Lineage::default();
        for id in 1..=100 {
            l = l.then(SaveId(id));
        }
        assert_eq!(l.ids().len(), LINEAGE_MAX);
        assert_eq!(l.ids().first(), Some(&SaveId(100 - LINEAGE_MAX as u64 + 1)));
        assert_eq!(l.ids().last(), Some(&SaveId(100)));
        let long = Lineage((0..1000).map(SaveId).collect()).bounded();
        assert_eq!(long.ids().len(), LINEAGE_MAX);
        assert!(long.holds(SaveId(999)));
    }
}
