//! Keeping localStorage in step with the open board, without ever losing an edit.
//!
//! * Changes are saved 250 ms after the last one, and at once when the page is hidden or closed.
//! * Before writing, the stored revision is compared with the one this tab last loaded or wrote.
//!   If another tab saved in between, this tab's unsaved changes are replayed on top of the newer
//!   board instead of overwriting it ("rebase", [`History::rebase`]); the `storage` event does
//!   the same as soon as the other tab saves.
//! * A blob that cannot be read is moved to a backup key, never overwritten, and reported.
//! * A failed write (quota) keeps everything in memory and says so.
//!
//! [`Persist`] holds only handles to the open board's signals, which the [`Store`] owns; it
//! never applies an action itself, so it does not depend on the store.
//!
//! [`Store`]: super::Store

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::browser::random_u64;
use crate::domain::{Board, BoardId, History, Millis, Replay};
use crate::storage::format::{self, BoardDoc, BoardIndex, FormatError, IndexDoc};
use crate::storage::{Key, local};

use super::decoders::{self, Decoders};
use super::notices::{NoticeKind, Notices};

/// How long after the last change a save happens.
pub const SAVE_DELAY_MS: u64 = 250;

/// Bookkeeping that is not rendered.
struct SyncState {
    /// The revision of the board as this tab last read or wrote it in storage.
    base_revision: u64,
    /// What changed since then, in order.
    pending: Vec<Replay>,
    timer: Option<TimeoutHandle>,
}

/// What was found in storage at start.
pub struct Opened {
    pub board: Board,
    pub history: History,
    pub index: BoardIndex,
    pub base_revision: u64,
    pub site: u32,
    pub notices: Vec<NoticeKind>,
}

/// True when this browser holds anything of SprintDeck's besides its site number: then the app
/// opens with [`open_stored`], which needs the decoders; a first visit opens a new board with
/// [`open_new`] and needs none of them.
pub fn anything_stored() -> bool {
    local::own_keys().iter().any(|k| *k != Key::Site)
}

/// A new, empty board for a browser that has nothing stored. Nothing is written until the first
/// change: a pristine board is not worth a key.
pub fn open_new(now: Millis) -> Opened {
    let notices = match local::read(&Key::Index) {
        Err(e) => vec![NoticeKind::SaveFailed(e)],
        Ok(_) => Vec::new(),
    };
    let board = new_board(now);
    let mut index = BoardIndex::default();
    index.upsert(&board);
    index.current = Some(board.id);
    Opened { board, history: History::default(), index, base_revision: 0, site: site_number(), notices }
}

/// Opens what this browser has stored: the current board, else any readable one, else a new
/// one. Anything that cannot be read is kept aside and reported.
pub fn open_stored(now: Millis, decode: &Decoders) -> Opened {
    let site = site_number();
    let mut notices = Vec::new();
    let mut index = match local::read(&Key::Index) {
        Ok(Some(text)) => (decode.index)(&text).unwrap_or_else(|_| {
            set_aside(&Key::Index, &text, now);
            BoardIndex::default()
        }),
        Ok(None) => BoardIndex::default(),
        Err(e) => {
            notices.push(NoticeKind::SaveFailed(e));
            BoardIndex::default()
        }
    };
    let mut candidates: Vec<BoardId> = index.current.into_iter().chain(index.boards.iter().map(|e| e.id)).collect();
    for key in local::own_keys() {
        if let Key::Board(id) = key
            && !candidates.contains(&id)
        {
            candidates.push(id);
        }
    }
    candidates.dedup();

    let mut found = None;
    for id in candidates {
        let key = Key::Board(id);
        match local::read(&key) {
            Ok(Some(text)) => match (decode.stored)(&text) {
                Ok(stored) => {
                    let history = stored.history.unwrap_or_else(|_| {
                        // The board opens; its unreadable history is kept aside, and undo starts
                        // afresh (the banner below says so).
                        if local::write_text(&key.backup_of(now), &text).is_err() {
                            notices.push(NoticeKind::HistoryLost(FormatError::History));
                        }
                        History::default()
                    });
                    found = Some((stored.board, history));
                    break;
                }
                Err(_) => {
                    set_aside(&key, &text, now);
                    index.boards.retain(|e| e.id != id);
                }
            },
            Ok(None) => index.boards.retain(|e| e.id != id),
            Err(_) => break,
        }
    }
    notices.extend(backup_notices(decode));

    let (board, history, base_revision) = match found {
        Some((board, history)) => {
            let rev = board.revision;
            (board, history, rev)
        }
        None => {
            let board = new_board(now);
            // Saved at once so a reload opens the same board; failures surface on the next save.
            let _ = local::write(&Key::Board(board.id), &BoardDoc::board(&board));
            (board, History::default(), 0)
        }
    };
    index.upsert(&board);
    index.current = Some(board.id);
    let _ = local::write(&Key::Index, &IndexDoc::of(&index));
    Opened { board, history, index, base_revision, site, notices }
}

fn new_board(now: Millis) -> Board {
    Board::new(BoardId(random_u64()), "My board".into(), now)
}

/// This browser's site number, created on first use.
fn site_number() -> u32 {
    let stored = local::read(&Key::Site).ok().flatten().and_then(|t| u32::from_str_radix(t.trim(), 16).ok());
    if let Some(n) = stored.filter(|n| *n != 0) {
        return n;
    }
    let n = (random_u64() as u32).max(1);
    let _ = local::write_text(&Key::Site, &format!("{n:x}"));
    n
}

/// Moves an unreadable blob to a backup key. If even that write fails, the blob stays where it
/// is; the app then uses a new board id, so it is still never overwritten.
fn set_aside(key: &Key, text: &str, now: Millis) {
    let backup = key.backup_of(now);
    if local::write_text(&backup, text).is_ok() {
        let _ = local::remove(key);
    }
}

/// One notice per backup kept in storage, with the reason it was kept aside.
fn backup_notices(decode: &Decoders) -> Vec<NoticeKind> {
    local::own_keys()
        .into_iter()
        .filter(|k| matches!(k, Key::Backup(_)))
        .filter_map(|backup| {
            let text = local::read(&backup).ok().flatten()?;
            if backup.is_unmerged() {
                return Some(NoticeKind::Unmerged { backup });
            }
            let reason = match &backup {
                Key::Backup(tag) if tag.ends_with(&Key::Index.to_string()) => (decode.index)(&text).err(),
                // A board that reads was kept aside for its undo history.
                _ => Some(match (decode.stored)(&text) {
                    Err(e) => e,
                    Ok(stored) => stored.history.err().unwrap_or(FormatError::History),
                }),
            };
            Some(NoticeKind::Recovered { backup, reason: reason.unwrap_or(FormatError::NoVersion) })
        })
        .collect()
}

/// Deletes a backup the user no longer wants.
pub fn delete_backup(notices: Notices, backup: &Key) {
    if local::remove(backup).is_ok() {
        notices.resolve(|k| matches!(k, NoticeKind::Recovered { backup: b, .. } | NoticeKind::Unmerged { backup: b } if b == backup));
    }
}

/// The text of a backup, for download.
pub fn backup_text(backup: &Key) -> Option<String> {
    local::read(backup).ok().flatten()
}

/// Saves the open board and follows other tabs. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Persist {
    board: RwSignal<Board>,
    history: RwSignal<History>,
    /// The list of boards in this browser (each save records the open board's name and size).
    index: RwSignal<BoardIndex>,
    notices: Notices,
    sync: StoredValue<SyncState>,
}

impl Persist {
    /// Keeps `board` and `history`, as stored at `base_revision`, saved.
    pub(super) fn new(
        board: RwSignal<Board>,
        history: RwSignal<History>,
        index: BoardIndex,
        notices: Notices,
        base_revision: u64,
    ) -> Persist {
        let sync = SyncState { base_revision, pending: Vec::new(), timer: None };
        Persist { board, history, index: RwSignal::new(index), notices, sync: StoredValue::new(sync) }
    }

    /// The list of boards in this browser.
    pub(super) fn index(self) -> RwSignal<BoardIndex> {
        self.index
    }

    /// Records a change the store made, and schedules its save.
    pub(super) fn changed(self, replay: Replay) {
        self.sync.update_value(|s| {
            s.pending.push(replay);
            if let Some(h) = s.timer.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(move || self.save_now(), Duration::from_millis(SAVE_DELAY_MS)).ok();
        self.sync.update_value(|s| s.timer = handle);
    }

    /// Writes unsaved changes now, after rebasing them onto a newer stored board if there is one.
    pub fn save_now(self) {
        self.save(false);
    }

    /// [`Persist::save_now`] as the page goes away: nothing can wait for code to arrive.
    fn save(self, leaving: bool) {
        let had_timer = self.sync.try_update_value(|s| s.timer.take()).flatten();
        if let Some(h) = had_timer {
            h.clear();
        }
        if self.sync.with_value(|s| s.pending.is_empty()) {
            return;
        }
        let key = Key::Board(self.board.with_untracked(|b| b.id));
        let base = self.sync.with_value(|s| s.base_revision);
        if let Ok(Some(stored)) = local::read(&key)
            && format::peek_revision(&stored).is_some_and(|rev| rev > base)
        {
            match decoders::get() {
                Some(decode) => self.rebase(decode, &stored),
                // Another tab saved this board, and the code that reads it back has not arrived
                // yet (the first seconds of a first visit): save once it has.
                None if !leaving => return decoders::with(move |_| self.save_now()),
                // Nothing can wait now: the other tab's board stays, this tab's is kept aside
                // (and reported at the next start), so neither is lost.
                None => return self.keep_aside_unmerged(&key),
            }
        }
        let written =
            self.board.with_untracked(|b| self.history.with_untracked(|h| local::write(&key, &BoardDoc::stored(b, h))));
        match written {
            Ok(()) => {
                let rev = self.board.with_untracked(|b| b.revision);
                self.sync.update_value(|s| {
                    s.base_revision = rev;
                    s.pending.clear();
                });
                self.write_index();
                self.notices.resolve(|k| matches!(k, NoticeKind::SaveFailed(_) | NoticeKind::DeletedElsewhere));
            }
            Err(e) => {
                self.notices.resolve(|k| matches!(k, NoticeKind::SaveFailed(_)));
                self.notices.notify(NoticeKind::SaveFailed(e));
            }
        }
    }

    /// Keeps this tab's unsaved board aside, under a backup key, when it cannot be merged with
    /// the newer one another tab stored.
    fn keep_aside_unmerged(self, key: &Key) {
        let backup = key.unmerged_of(crate::browser::now_ms());
        let kept = self
            .board
            .with_untracked(|b| self.history.with_untracked(|h| local::write(&backup, &BoardDoc::stored(b, h))));
        if kept.is_ok() {
            self.sync.update_value(|s| s.pending.clear());
        }
    }

    /// Replays this tab's unsaved changes on top of the newer stored board `text`.
    fn rebase(self, decode: &Decoders, text: &str) {
        let Ok(theirs) = (decode.stored)(text) else {
            // Something unreadable was written by another tab: keep it aside and write ours.
            let key = Key::Board(self.board.with_untracked(|b| b.id));
            set_aside(&key, text, crate::browser::now_ms());
            return;
        };
        let mut board = theirs.board;
        let base = board.revision;
        let mut history = theirs.history.unwrap_or_default();
        let dropped = self.sync.with_value(|s| history.rebase(&mut board, &s.pending));
        self.board.set(board);
        self.history.set(history);
        self.sync.update_value(|s| s.base_revision = base);
        if !dropped.is_empty() {
            self.notices.notify(NoticeKind::Dropped(dropped));
        }
    }

    /// Shows `board` as the open board (it is saved already).
    pub(super) fn load(self, board: Board, history: History) {
        self.sync.update_value(|s| {
            s.base_revision = board.revision;
            s.pending.clear();
        });
        self.board.set(board);
        self.history.set(history);
    }

    /// True while changes to the open board wait to be saved (the save is scheduled, or
    /// storage refused it).
    pub(super) fn has_unsaved(self) -> bool {
        self.sync.with_value(|s| !s.pending.is_empty())
    }

    /// True when the open board has no key in storage yet (a new board, see [`open_new`]).
    pub(super) fn is_unwritten(self) -> bool {
        matches!(local::read(&Key::Board(self.board.with_untracked(|b| b.id))), Ok(None))
    }

    /// Follows another tab's save of the board list or of the open board.
    fn on_storage(self, key: Option<String>, new_value: Option<String>) {
        let key = key.as_deref().and_then(Key::parse);
        if key == Some(Key::Index) {
            self.refresh_index(move || self.follow_if_new());
            return;
        }
        if key != Some(Key::Board(self.board.with_untracked(|b| b.id))) {
            return;
        }
        let Some(text) = new_value else {
            self.sync.update_value(|s| s.base_revision = 0);
            self.notices.notify(NoticeKind::DeletedElsewhere);
            return;
        };
        let base = self.sync.with_value(|s| s.base_revision);
        if format::peek_revision(&text).is_none_or(|rev| rev <= base) {
            return;
        }
        if self.sync.with_value(|s| s.pending.is_empty()) {
            decoders::with(move |decode| {
                if let Ok(stored) = (decode.stored)(&text) {
                    self.load(stored.board, stored.history.unwrap_or_default());
                }
            });
        } else {
            self.save_now();
        }
    }

    /// A tab that opened a new board and has not changed it yet (so never wrote it) opens the
    /// board another tab has just made current: two tabs opened on a first visit end up on one
    /// board, not two.
    fn follow_if_new(self) {
        let id = self.board.with_untracked(|b| b.id);
        let untouched = self.sync.with_value(|s| s.pending.is_empty() && s.base_revision == 0);
        if !untouched || !self.is_unwritten() {
            return;
        }
        let Some(current) = self.index.with_untracked(|i| i.current).filter(|c| *c != id) else { return };
        if let Ok(Some(text)) = local::read(&Key::Board(current)) {
            decoders::with(move |decode| {
                if let Ok(stored) = (decode.stored)(&text) {
                    self.load(stored.board, stored.history.unwrap_or_default());
                }
            });
        }
    }

    /// Re-reads the board list (after another tab changed it), then calls `then`.
    fn refresh_index(self, then: impl FnOnce() + 'static) {
        decoders::with(move |decode| {
            if let Ok(Some(text)) = local::read(&Key::Index)
                && let Ok(index) = (decode.index)(&text)
            {
                self.index.set(index);
            }
            then();
        });
    }

    /// Records the open board's name and size in the board list. The list in memory follows
    /// other tabs' changes (see [`Persist::on_storage`]), so it is written as it is.
    fn write_index(self) {
        self.index.update(|index| {
            self.board.with_untracked(|b| {
                index.upsert(b);
                index.current = Some(b.id);
            })
        });
        let _ = self.index.with_untracked(|index| local::write(&Key::Index, &IndexDoc::of(index)));
    }

    /// Saves on page hide and follows other tabs, for the lifetime of the page.
    pub(super) fn install(self) {
        let _ = window_event_listener(leptos::ev::pagehide, move |_| self.save(true));
        let _ = window_event_listener(leptos::ev::storage, move |ev| self.on_storage(ev.key(), ev.new_value()));
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.save_now();
            }
        });
        let _ = document().add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_visibility.forget();
    }
}
