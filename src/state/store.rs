//! The store: the open board and its undo history as signals, and the one door every change
//! goes through.

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::domain::{Action, Board, Ctx, DomainError, History, Replay, StoryId};

use super::notices::Notices;
use super::persist::{Opened, Persist};

/// The open board, shared through context. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Store {
    board: RwSignal<Board>,
    history: RwSignal<History>,
    /// This browser's site number, the high half of the ids it mints.
    site: u32,
    persist: Persist,
}

impl Store {
    /// Opens what [`persist::open`](super::persist::open) found, reporting anything that could
    /// not be read in `notices`, and starts keeping localStorage in step.
    pub fn open(opened: Opened, notices: Notices) -> Store {
        for kind in opened.notices {
            notices.notify(kind);
        }
        let store = Store::with(opened.board, opened.history, opened.index, opened.site, notices, opened.base);
        store.persist.install();
        store
    }

    /// A store over `board` that keeps nothing in localStorage until a change is made, and
    /// follows no other tab; for tests.
    pub fn in_memory(board: Board) -> Store {
        Store::with(board, History::default(), Default::default(), 1, Notices::new(), Default::default())
    }

    fn with(
        board: Board,
        history: History,
        index: crate::storage::BoardIndex,
        site: u32,
        notices: Notices,
        base: crate::storage::sync::Peek,
    ) -> Store {
        let board = RwSignal::new(board);
        let history = RwSignal::new(history);
        let persist = Persist::new(board, history, index, notices, base);
        Store { board, history, site, persist }
    }

    /// The open board.
    pub fn board(&self) -> ReadSignal<Board> {
        self.board.read_only()
    }

    /// The undo history of the open board.
    pub fn history(&self) -> ReadSignal<History> {
        self.history.read_only()
    }

    /// Saving and the list of boards, for the board library.
    pub(super) fn persist(&self) -> Persist {
        self.persist
    }

    /// Applies `action` to the open board, records it for undo and schedules a save. Returns the
    /// story the UI should focus, if any, or the error that left the board unchanged.
    pub fn dispatch(&self, action: Action) -> Result<Option<StoryId>, DomainError> {
        let ctx = Ctx { now: now_ms(), site: self.site };
        let mut board = self.board.get_untracked();
        let focus = self.history.try_update_untracked(|h| h.apply(&mut board, &action, &ctx)).unwrap_or(Ok(None))?;
        self.history.notify();
        self.board.set(board);
        self.persist.changed(Replay::Action(action, ctx));
        Ok(focus)
    }

    /// Undoes the latest change; returns what was undone ("move story"), if anything, or why
    /// it could not be (see [`Store::redo`]).
    pub fn undo(&self) -> Result<Option<String>, String> {
        self.through_history(true)
    }

    /// Redoes the latest undone change; returns what was redone, if anything. A step whose board
    /// the gate refuses (a stored history changed where it was kept) is not made: it is taken
    /// off the list and the answer says why.
    pub fn redo(&self) -> Result<Option<String>, String> {
        self.through_history(false)
    }

    fn through_history(&self, undo: bool) -> Result<Option<String>, String> {
        let mut board = self.board.get_untracked();
        let now = now_ms();
        let step = self
            .history
            .try_update_untracked(|h| if undo { h.undo(&mut board, now) } else { h.redo(&mut board, now) })
            .unwrap_or(Ok(None));
        self.history.notify();
        let verb = if undo { "undone" } else { "redone" };
        let Some(label) = step.map_err(|r| {
            format!(
                "“{}” cannot be {verb}: the board it gives is refused ({}). It was taken off the list.",
                r.label, r.why
            )
        })?
        else {
            return Ok(None);
        };
        self.board.set(board);
        self.persist.changed(Replay::History { undo });
        Ok(Some(label))
    }

    /// Writes unsaved changes now (before leaving the page, or before a board operation).
    pub fn save_now(&self) {
        self.persist.save_now();
    }
}
