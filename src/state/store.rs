//! The store: the open board as a signal and the one door every change goes through.

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::codec::json::{Json, ToJson};
use crate::domain::{Action, Board, Change, Ctx, DomainError, History, StoryId};
use crate::storage::format;

use super::editing::{self, Done, Edit};
use super::notice::{Notice, NoticeKind};
use super::persist::{self, Replay, SyncState};

/// The open board's undo history. A board opened from storage keeps its history as stored, in
/// JSON, until the first change or undo decodes it (its decoder is part of the editing code, see
/// [`editing`](super::editing)); until then the toolbar reads only the labels of the next steps.
#[derive(Clone, Debug, Default)]
pub struct UndoHistory {
    /// The history as stored, not decoded yet; `history` is empty meanwhile.
    stored: Option<Json>,
    history: History,
}

impl UndoHistory {
    /// A history as read from storage (`null`: none).
    pub fn stored(json: Json) -> UndoHistory {
        UndoHistory { stored: Some(json), history: History::default() }
    }

    pub fn decoded(history: History) -> UndoHistory {
        UndoHistory { stored: None, history }
    }

    /// The label of the change an undo (or, with `undo` false, a redo) would step over.
    pub fn next_label(&self, undo: bool) -> Option<String> {
        match &self.stored {
            None => (if undo { &self.history.undo } else { &self.history.redo }).last().map(|c| c.label.clone()),
            Some(json) => format::next_history_label(json, undo),
        }
    }

    /// The history as stored.
    pub fn to_json(&self) -> Json {
        self.stored.clone().unwrap_or_else(|| self.history.to_json())
    }

    /// The decoded history ([`Store::decode_history`] has run; were it still stored, empty).
    fn history_mut(&mut self) -> &mut History {
        debug_assert!(self.stored.is_none(), "Store::decode_history runs first");
        self.stored = None;
        &mut self.history
    }
}

/// The app's state, shared through context. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Store {
    pub(super) board: RwSignal<Board>,
    pub(super) history: RwSignal<UndoHistory>,
    pub(super) notices: RwSignal<Vec<Notice>>,
    pub(super) sync: StoredValue<SyncState>,
    pub(super) site: u32,
    /// The list of boards in this browser.
    pub(super) index: RwSignal<crate::storage::format::BoardIndex>,
    /// Whether the browser promised to keep the storage.
    pub(super) persistent: RwSignal<Option<bool>>,
}

impl Store {
    /// Opens what [`persist::open_new`] or [`persist::open_stored`] found, reporting anything
    /// that could not be read as notices, and starts keeping localStorage in step.
    pub fn open(opened: persist::Opened) -> Store {
        let store = Store {
            board: RwSignal::new(opened.board),
            history: RwSignal::new(opened.history),
            notices: RwSignal::new(Vec::new()),
            sync: StoredValue::new(SyncState::new(opened.base_revision)),
            site: opened.site,
            index: RwSignal::new(opened.index),
            persistent: RwSignal::new(None),
        };
        for kind in opened.notices {
            store.notify(kind);
        }
        persist::install(store);
        store.request_persistence();
        store
    }

    /// [`Store::open`] over what this browser has stored (or a new board), read at once; where
    /// the app is split, opening stored boards waits for their decoders (see `app::start`).
    pub fn open_now() -> Store {
        let now = now_ms();
        Store::open(if persist::anything_stored() { persist::open_stored(now) } else { persist::open_new(now) })
    }

    /// A store over `board` that keeps nothing in localStorage until a change is made; for tests.
    pub fn in_memory(board: Board) -> Store {
        Store {
            board: RwSignal::new(board),
            history: RwSignal::new(UndoHistory::default()),
            notices: RwSignal::new(Vec::new()),
            sync: StoredValue::new(SyncState::new(0)),
            site: 1,
            index: RwSignal::new(Default::default()),
            persistent: RwSignal::new(None),
        }
    }

    /// The open board.
    pub fn board(&self) -> ReadSignal<Board> {
        self.board.read_only()
    }

    /// The undo history of the open board.
    pub fn history(&self) -> ReadSignal<UndoHistory> {
        self.history.read_only()
    }

    /// Applies `action` to the open board, records it for undo and schedules a save, then calls
    /// `then` with the story the UI should focus, if any, or with the error that left the board
    /// unchanged. At once once the editing code is loaded; the first change of a visit waits for
    /// it (see [`editing`](super::editing)).
    pub fn dispatch_then(&self, action: Action, then: impl FnOnce(Result<Option<StoryId>, DomainError>) + 'static) {
        let ctx = Ctx { now: now_ms(), site: self.site };
        editing::run(*self, Edit::Apply(action, ctx), move |done| {
            if let Done::Applied(result) = done {
                then(result);
            }
        });
    }

    /// [`Store::dispatch_then`] for views loaded together with the editing code (every lazily
    /// loaded page and dialog, see [`editing::ready`]), which can have the answer at once. Were
    /// the code still loading, the action would wait for it like any other and this answers
    /// `Ok(None)`; an error would then be shown as a banner.
    pub fn dispatch(&self, action: Action) -> Result<Option<StoryId>, DomainError> {
        let answer = std::rc::Rc::new(std::cell::RefCell::new(None));
        let slot = std::rc::Rc::downgrade(&answer);
        let store = *self;
        self.dispatch_then(action, move |result| match slot.upgrade() {
            Some(answer) => *answer.borrow_mut() = Some(result),
            None => {
                if let Err(e) = result {
                    store.notify(NoticeKind::Refused(e.to_string()));
                }
            }
        });
        answer.take().unwrap_or(Ok(None))
    }

    /// Applies an action now: records it for undo and for a later save, and schedules that save.
    pub(super) fn apply_now(&self, action: Action, ctx: Ctx) -> Result<Option<StoryId>, DomainError> {
        let focus = self.apply_recorded(&action, &ctx)?;
        self.sync.update_value(|s| s.pending.push(Replay::Action(action, ctx)));
        self.schedule_save();
        Ok(focus)
    }

    /// Applies an action and records its change in the history, without scheduling a save.
    pub(super) fn apply_recorded(&self, action: &Action, ctx: &Ctx) -> Result<Option<StoryId>, DomainError> {
        let before = self.board.with_untracked(Board::clone);
        let mut next = before.clone();
        let focus = next.apply(action, ctx)?;
        if let Some(change) = Change::between(&before, &next, action.label()) {
            self.decode_history();
            self.history.update(|h| h.history_mut().record(change));
        }
        self.board.set(next);
        Ok(focus)
    }

    /// Undoes (or, with `undo` false, redoes) the latest change, then calls `then` with what was
    /// undone ("move story"), if anything.
    pub fn undo_then(&self, undo: bool, then: impl FnOnce(Option<String>) + 'static) {
        editing::run(*self, Edit::Step { undo }, move |done| {
            if let Done::Stepped(label) = done {
                then(label);
            }
        });
    }

    pub(super) fn step_now(&self, undo: bool) -> Option<String> {
        let mut board = self.board.with_untracked(Board::clone);
        self.decode_history();
        let mut history = self.history.with_untracked(|h| h.history.clone());
        let now = now_ms();
        let label = if undo { history.undo(&mut board, now) } else { history.redo(&mut board, now) }?;
        self.board.set(board);
        self.history.set(UndoHistory::decoded(history));
        self.sync.update_value(|s| s.pending.push(Replay::History { undo }));
        self.schedule_save();
        Some(label)
    }

    /// Decodes the undo history if it is still as stored. One that cannot be read is replaced by
    /// an empty one, and the stored board it came with is kept aside with a banner, like any
    /// stored data that cannot be read; the board itself stays open.
    pub(super) fn decode_history(&self) {
        let decoded = self.history.with_untracked(|h| h.stored.as_ref().map(format::decode_history));
        let history = match decoded {
            None => return,
            Some(Ok(history)) => history,
            Some(Err(reason)) => {
                self.keep_aside_stored(reason);
                History::default()
            }
        };
        self.history.set(UndoHistory::decoded(history));
    }

    /// The banners to show.
    pub fn notices(&self) -> ReadSignal<Vec<Notice>> {
        self.notices.read_only()
    }

    /// Shows a banner, unless an equal one is already shown.
    pub(crate) fn notify(&self, kind: NoticeKind) {
        if self.notices.with_untracked(|ns| ns.iter().any(|n| n.kind == kind)) {
            return;
        }
        let id = self.sync.try_update_value(|s| {
            s.next_notice += 1;
            s.next_notice
        });
        let id = id.unwrap_or_default();
        self.notices.update(|ns| ns.push(Notice { id, kind }));
    }

    /// Hides a banner.
    pub fn dismiss(&self, id: u32) {
        self.notices.update(|ns| ns.retain(|n| n.id != id));
    }

    /// Hides every banner that `matches`.
    pub(crate) fn resolve(&self, matches: impl Fn(&NoticeKind) -> bool) {
        if self.notices.with_untracked(|ns| ns.iter().any(|n| matches(&n.kind))) {
            self.notices.update(|ns| ns.retain(|n| !matches(&n.kind)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Ctx;

    #[test]
    fn a_stored_history_tells_its_next_steps_like_a_decoded_one() {
        let mut board = Board::new(crate::domain::BoardId(1), "B".into(), 0);
        let mut history = History::default();
        let ctx = Ctx { now: 1, site: 1 };
        for title in ["One", "Two"] {
            let before = board.clone();
            let draft = crate::domain::StoryDraft::titled(title);
            let action = Action::AddStory { draft, at: crate::domain::AddAt::Bottom };
            board.apply(&action, &ctx).unwrap();
            history.record(Change::between(&before, &board, action.label()).unwrap());
        }
        history.undo(&mut board, 2);
        let decoded = UndoHistory::decoded(history.clone());
        let stored = UndoHistory::stored(history.to_json());
        for undo in [true, false] {
            assert!(decoded.next_label(undo).is_some());
            assert_eq!(stored.next_label(undo), decoded.next_label(undo));
        }
        assert_eq!(stored.to_json(), decoded.to_json());
        assert_eq!(UndoHistory::stored(Json::Null).next_label(true), None);
        assert_eq!(UndoHistory::default().next_label(false), None);
    }
}
