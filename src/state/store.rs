//! The store: the open board as a signal and the one door every change goes through.

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::domain::{Action, Board, Change, Ctx, DomainError, History, StoryId};

use super::editing::{self, Done, Edit};
use super::notice::{Notice, NoticeKind};
use super::persist::{self, Replay, SyncState};

/// The app's state, shared through context. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Store {
    pub(super) board: RwSignal<Board>,
    pub(super) history: RwSignal<History>,
    pub(super) notices: RwSignal<Vec<Notice>>,
    pub(super) sync: StoredValue<SyncState>,
    pub(super) site: u32,
    /// The list of boards in this browser.
    pub(super) index: RwSignal<crate::storage::format::BoardIndex>,
    /// Whether the browser promised to keep the storage.
    pub(super) persistent: RwSignal<Option<bool>>,
}

impl Store {
    /// Opens the board this browser last had open (or a new one), reporting anything that could
    /// not be read as notices, and starts keeping localStorage in step.
    pub fn open() -> Store {
        let opened = persist::open(now_ms());
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

    /// A store over `board` that keeps nothing in localStorage until a change is made; for tests.
    pub fn in_memory(board: Board) -> Store {
        Store {
            board: RwSignal::new(board),
            history: RwSignal::new(History::default()),
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
    pub fn history(&self) -> ReadSignal<History> {
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
            self.history.update(|h| h.record(change));
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
        let mut history = self.history.with_untracked(History::clone);
        let now = now_ms();
        let label = if undo { history.undo(&mut board, now) } else { history.redo(&mut board, now) }?;
        self.board.set(board);
        self.history.set(history);
        self.sync.update_value(|s| s.pending.push(Replay::History { undo }));
        self.schedule_save();
        Some(label)
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
