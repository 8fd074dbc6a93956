//! The store: the open board as a signal and the one door every change goes through.

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::domain::{Action, Board, Ctx, DomainError, StoryId};

use super::notice::{Notice, NoticeKind};
use super::persist::{self, SyncState};

/// The app's state, shared through context. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Store {
    pub(super) board: RwSignal<Board>,
    pub(super) notices: RwSignal<Vec<Notice>>,
    pub(super) sync: StoredValue<SyncState>,
    pub(super) site: u32,
}

impl Store {
    /// Opens the board this browser last had open (or a new one), reporting anything that could
    /// not be read as notices, and starts keeping localStorage in step.
    pub fn open() -> Store {
        let opened = persist::open(now_ms());
        let store = Store {
            board: RwSignal::new(opened.board),
            notices: RwSignal::new(Vec::new()),
            sync: StoredValue::new(SyncState::new(opened.base_revision)),
            site: opened.site,
        };
        for kind in opened.notices {
            store.notify(kind);
        }
        persist::install(store);
        store
    }

    /// A store over `board` that keeps nothing in localStorage until a change is made; for tests.
    pub fn in_memory(board: Board) -> Store {
        Store {
            board: RwSignal::new(board),
            notices: RwSignal::new(Vec::new()),
            sync: StoredValue::new(SyncState::new(0)),
            site: 1,
        }
    }

    /// The open board.
    pub fn board(&self) -> ReadSignal<Board> {
        self.board.read_only()
    }

    /// Applies `action` to the open board and schedules a save. On success returns the story the
    /// UI should focus, if any; on failure the board is unchanged and the error explains why.
    pub fn dispatch(&self, action: Action) -> Result<Option<StoryId>, DomainError> {
        let ctx = Ctx { now: now_ms(), site: self.site };
        let mut next = self.board.with_untracked(Board::clone);
        let focus = next.apply(&action, &ctx)?;
        self.board.set(next);
        self.sync.update_value(|s| s.pending.push((action, ctx)));
        self.schedule_save();
        Ok(focus)
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
