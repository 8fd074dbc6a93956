//! One tab's bookkeeping of a stored document, so that two tabs never lose each other's edits:
//! what it last read or wrote (its base, a [`Peek`]), the changes it has not saved yet, and the
//! changes of its saves no other tab has yet been seen to build on.
//!
//! When storage holds a save this tab has not seen, the tab replays on it the changes of its
//! own saves that save wrote over (two tabs writing at one moment) and then its unsaved ones
//! ([`Ledger::rebase`]): how they replay is the document's own business (a board replays its
//! actions, a program its changes, a round merges its votes). The board's saves and every other
//! document's go through this one ledger; see `storage::sync` for the lineage it compares.

use std::collections::VecDeque;

use super::sync::{self, Found, LINEAGE_MAX, Lineage, Peek};
use crate::domain::ids::SaveId;

/// The bookkeeping of one document in one tab, over its kind of change `C`.
#[derive(Clone, Debug)]
pub struct Ledger<C> {
    base: Peek,
    pending: Vec<C>,
    unconfirmed: VecDeque<(SaveId, Vec<C>)>,
}

impl<C: Clone> Ledger<C> {
    /// A ledger of a document as stored at `base`, with nothing unsaved.
    pub fn new(base: Peek) -> Ledger<C> {
        Ledger { base, pending: Vec::new(), unconfirmed: VecDeque::new() }
    }

    /// What this tab last read or wrote.
    pub fn base(&self) -> &Peek {
        &self.base
    }

    /// A change made in this tab, not saved yet.
    pub fn record(&mut self, change: C) {
        self.pending.push(change);
    }

    /// Whether changes wait to be saved.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// How many of this tab's unconfirmed saves the stored document `seen` holds: all of them
    /// if it is the one this tab last read or wrote.
    fn kept_by(&self, seen: &Peek) -> usize {
        let ids: Vec<SaveId> = self.unconfirmed.iter().map(|(id, _)| *id).collect();
        match sync::compare(&self.base, &ids, seen) {
            Found::Same => ids.len(),
            Found::Other { kept } => kept,
        }
    }

    /// True if this tab has something storage lacks: changes not saved yet, or saves another
    /// tab wrote over without having seen them (`seen`: the stored document, if it reads).
    pub fn needs_saving(&self, seen: Option<&Peek>) -> bool {
        !self.pending.is_empty() || seen.is_some_and(|p| self.kept_by(p) < self.unconfirmed.len())
    }

    /// Whether `seen` is what this tab last read or wrote.
    pub fn is_base(&self, seen: &Peek) -> bool {
        *seen == self.base
    }

    /// Takes the stored document `theirs` as the base, and returns the changes to replay on it,
    /// oldest first: those of this tab's saves it does not hold, then the unsaved ones. They are
    /// then this tab's unsaved changes.
    pub fn rebase(&mut self, theirs: Peek) -> Vec<C> {
        let kept = self.kept_by(&theirs);
        // Confirmed: another tab built on them.
        self.unconfirmed.drain(..kept.min(self.unconfirmed.len()));
        let mut replays: Vec<C> = self.unconfirmed.drain(..).flat_map(|(_, r)| r).collect();
        replays.append(&mut self.pending);
        self.base = theirs;
        self.pending = replays.clone();
        replays
    }

    /// The lineage a new save `id` writes.
    pub fn lineage_for(&self, id: SaveId) -> Lineage {
        self.base.lineage.then(id)
    }

    /// The save `id` (of lineage `lineage`, revision `revision`) was written: the unsaved
    /// changes went with it.
    pub fn saved(&mut self, id: SaveId, lineage: Lineage, revision: u64) {
        self.base = Peek { revision: revision.max(self.base.revision), lineage };
        let carried = std::mem::take(&mut self.pending);
        self.unconfirmed.push_back((id, carried));
        if self.unconfirmed.len() > LINEAGE_MAX {
            self.unconfirmed.pop_front();
        }
    }

    /// Another document was taken as this tab's (read from storage, or opened): nothing of this
    /// tab's is unsaved.
    pub fn reset(&mut self, base: Peek) {
        self.base = base;
        self.pending.clear();
        self.unconfirmed.clear();
    }

    /// The document was deleted elsewhere: nothing this tab saved is in storage any more.
    pub fn forget_saves(&mut self) {
        self.base = Peek::default();
        self.unconfirmed.clear();
    }

    /// Drops what waits to be saved (it was kept aside instead).
    pub fn clear(&mut self) {
        self.pending.clear();
        self.unconfirmed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peek(ids: &[u64]) -> Peek {
        let mut l = Lineage::default();
        for id in ids {
            l = l.then(SaveId(*id));
        }
        Peek { revision: 0, lineage: l }
    }

    #[test]
    fn unsaved_and_overwritten_changes_are_replayed_and_confirmed_ones_are_not() {
        let mut l: Ledger<&str> = Ledger::new(peek(&[1]));
        l.record("a");
        assert!(l.needs_saving(None));
        let lineage = l.lineage_for(SaveId(2));
        l.saved(SaveId(2), lineage, 0);
        assert!(!l.needs_saving(Some(&peek(&[1, 2]))));
        l.record("b");
        l.saved(SaveId(3), l.lineage_for(SaveId(3)), 0);
        l.record("c");
        // Another tab built on save 2 but wrote over save 3 with its save 9.
        let theirs = peek(&[1, 2, 9]);
        assert!(l.needs_saving(Some(&theirs)));
        assert_eq!(l.rebase(theirs.clone()), ["b", "c"]);
        assert!(l.is_base(&theirs));
        assert!(l.has_pending());
        l.reset(peek(&[7]));
        assert!(!l.needs_saving(Some(&peek(&[7]))));
    }
}
