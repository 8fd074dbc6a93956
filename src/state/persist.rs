//! Keeping localStorage in step with the open board, without ever losing an edit.
//!
//! * Changes are saved 250 ms after the last one, and at once when the page is hidden or closed.
//! * Before writing, the stored revision is compared with the one this tab last loaded or wrote.
//!   If another tab saved in between, this tab's unsaved actions are replayed on top of the newer
//!   board instead of overwriting it ("rebase"); the `storage` event does the same as soon as the
//!   other tab saves.
//! * A blob that cannot be read is moved to a backup key, never overwritten, and reported.
//! * A failed write (quota) keeps everything in memory and says so.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::browser::random_u64;
use crate::domain::{Action, Board, BoardId, Ctx, Millis};
use crate::storage::format::{self, BoardIndex, FormatError};
use crate::storage::{Key, local};

use super::notice::NoticeKind;
use super::store::{Store, UndoHistory};

/// How long after the last change a save happens.
pub const SAVE_DELAY_MS: u64 = 250;

/// A change made since the last successful write, replayable on a newer board.
#[derive(Clone, Debug)]
pub enum Replay {
    Action(Action, Ctx),
    /// An undo (or redo) of the history as it then was.
    History {
        undo: bool,
    },
}

/// Bookkeeping that is not rendered.
pub struct SyncState {
    /// The revision of the board as this tab last read or wrote it in storage.
    pub base_revision: u64,
    pub pending: Vec<Replay>,
    pub timer: Option<TimeoutHandle>,
    pub next_notice: u32,
}

impl SyncState {
    pub fn new(base_revision: u64) -> SyncState {
        SyncState { base_revision, pending: Vec::new(), timer: None, next_notice: 0 }
    }
}

/// What was found in storage at start.
pub struct Opened {
    pub board: Board,
    pub history: UndoHistory,
    pub index: BoardIndex,
    pub base_revision: u64,
    pub site: u32,
    pub notices: Vec<NoticeKind>,
}

/// True when this browser holds anything of SprintDeck's besides its site number: then the app
/// opens with [`open_stored`], whose decoders are loaded at start; a first visit opens a new
/// board with [`open_new`] and needs none of them.
pub fn anything_stored() -> bool {
    local::own_keys().iter().any(|k| *k != Key::Site)
}

/// A new, empty board for a browser that has nothing stored. Nothing is written until the first
/// change: a pristine board is not worth a key, and writing it would need the encoders at start.
pub fn open_new(now: Millis) -> Opened {
    let site = site_number();
    let notices = match local::read(&Key::Index) {
        Err(e) => vec![NoticeKind::SaveFailed(e)],
        Ok(_) => Vec::new(),
    };
    let board = Board::new(BoardId(random_u64()), "My board".into(), now);
    let mut index = BoardIndex::default();
    index.upsert(&board);
    index.current = Some(board.id);
    Opened { board, history: UndoHistory::default(), index, base_revision: 0, site, notices }
}

/// Loads the board to open: the current one, else any readable one, else a new one.
pub fn open_stored(now: Millis) -> Opened {
    let mut notices = Vec::new();
    let site = site_number();
    let mut index = match local::read(&Key::Index) {
        Ok(Some(text)) => format::decode_index(&text).unwrap_or_else(|_| {
            set_aside(&Key::Index, &text, now);
            BoardIndex::default()
        }),
        Ok(None) => BoardIndex::default(),
        Err(e) => {
            notices.push(NoticeKind::SaveFailed(e));
            BoardIndex::default()
        }
    };
    let stored = local::own_keys().into_iter().filter_map(|k| match k {
        Key::Board(id) => Some(id),
        _ => None,
    });
    let mut candidates: Vec<BoardId> = index.current.into_iter().chain(index.boards.iter().map(|e| e.id)).collect();
    for id in stored {
        if !candidates.contains(&id) {
            candidates.push(id);
        }
    }
    candidates.dedup();

    let mut found = None;
    for id in candidates {
        let key = Key::Board(id);
        match local::read(&key) {
            Ok(Some(text)) => match format::decode_stored_lazily(&text) {
                Ok(stored) => {
                    found = Some(stored);
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
    notices.extend(backup_notices());

    let (board, history, base_revision) = match found {
        Some((board, history)) => {
            let rev = board.revision;
            (board, UndoHistory::stored(history), rev)
        }
        None => {
            let board = Board::new(BoardId(random_u64()), "My board".into(), now);
            // Saved at once so a reload opens the same board; failures surface on the next save.
            let _ = local::write(&Key::Board(board.id), &format::encode_board(&board));
            (board, UndoHistory::default(), 0)
        }
    };
    index.upsert(&board);
    index.current = Some(board.id);
    let _ = local::write(&Key::Index, &format::encode_index(&index));
    Opened { board, history, index, base_revision, site, notices }
}

/// This browser's site number, created on first use.
fn site_number() -> u32 {
    let stored = local::read(&Key::Site).ok().flatten().and_then(|t| u32::from_str_radix(t.trim(), 16).ok());
    if let Some(n) = stored.filter(|n| *n != 0) {
        return n;
    }
    let n = (random_u64() as u32).max(1);
    let _ = local::write(&Key::Site, &format!("{n:x}"));
    n
}

/// Moves an unreadable blob to a backup key. If even that write fails, the blob stays where it
/// is; the app then uses a new board id, so it is still never overwritten.
fn set_aside(key: &Key, text: &str, now: Millis) {
    let backup = key.backup_of(now);
    if local::write(&backup, text).is_ok() {
        let _ = local::remove(key);
    }
}

/// One notice per backup kept in storage, with the reason its text cannot be read.
fn backup_notices() -> Vec<NoticeKind> {
    local::own_keys()
        .into_iter()
        .filter(|k| matches!(k, Key::Backup(_)))
        .filter_map(|backup| {
            let text = local::read(&backup).ok().flatten()?;
            let reason = match &backup {
                Key::Backup(tag) if tag.ends_with(&Key::Index.to_string()) => format::decode_index(&text).err(),
                // A board that reads was kept aside for its undo history (see `keep_aside_stored`).
                _ => Some(format::decode_board(&text).err().unwrap_or(FormatError::History)),
            };
            Some(NoticeKind::Recovered { backup, reason: reason.unwrap_or(FormatError::NoVersion) })
        })
        .collect()
}

/// Deletes a backup the user no longer wants.
pub fn delete_backup(store: Store, backup: &Key) {
    if local::remove(backup).is_ok() {
        store.resolve(|k| matches!(k, NoticeKind::Recovered { backup: b, .. } if b == backup));
    }
}

/// The text of a backup, for download.
pub fn backup_text(backup: &Key) -> Option<String> {
    local::read(backup).ok().flatten()
}

impl Store {
    pub(super) fn schedule_save(self) {
        self.sync.update_value(|s| {
            if let Some(h) = s.timer.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(move || self.save_now(), Duration::from_millis(SAVE_DELAY_MS)).ok();
        self.sync.update_value(|s| s.timer = handle);
    }

    /// Writes unsaved changes now (after rebasing onto a newer stored board if there is one).
    /// There are only unsaved changes once the editing code is loaded, so when there are, this
    /// writes them before it returns (see [`editing`](super::editing)).
    pub fn save_now(self) {
        let had_timer = self.sync.try_update_value(|s| s.timer.take()).flatten();
        if let Some(h) = had_timer {
            h.clear();
        }
        if self.sync.with_value(|s| s.pending.is_empty()) {
            return;
        }
        super::editing::run(self, super::editing::Edit::Save, |_| {});
    }

    /// The body of [`Store::save_now`], in the editing code.
    pub(super) fn write_now(self) {
        let key = Key::Board(self.board.with_untracked(|b| b.id));
        let base = self.sync.with_value(|s| s.base_revision);
        if let Ok(Some(stored)) = local::read(&key)
            && format::peek_revision(&stored).is_some_and(|rev| rev > base)
        {
            self.rebase(&stored);
        }
        let text =
            self.board.with_untracked(|b| self.history.with_untracked(|h| format::encode_stored_with(b, h.to_json())));
        match local::write(&key, &text) {
            Ok(()) => {
                let rev = self.board.with_untracked(|b| b.revision);
                self.sync.update_value(|s| {
                    s.base_revision = rev;
                    s.pending.clear();
                });
                self.write_index();
                self.resolve(|k| matches!(k, NoticeKind::SaveFailed(_) | NoticeKind::DeletedElsewhere));
            }
            Err(e) => {
                self.resolve(|k| matches!(k, NoticeKind::SaveFailed(_)));
                self.notify(NoticeKind::SaveFailed(e));
            }
        }
    }

    /// Keeps a copy of the open board's stored text aside, with a banner giving `reason`: its
    /// undo history cannot be read (the board could, and stays open; undo starts afresh). If no
    /// copy can be kept (storage full), the banner says the history is lost.
    pub(super) fn keep_aside_stored(self, reason: FormatError) {
        let key = Key::Board(self.board.with_untracked(|b| b.id));
        let text = local::read(&key).ok().flatten();
        let backup = key.backup_of(crate::browser::now_ms());
        match text {
            Some(text) if local::write(&backup, &text).is_ok() => self.notify(NoticeKind::Recovered { backup, reason }),
            _ => self.notify(NoticeKind::HistoryLost(reason)),
        }
    }

    /// Replays this tab's unsaved changes on top of the newer stored board `text`.
    fn rebase(self, text: &str) {
        let Ok((theirs, history)) = format::decode_stored_lazily(text) else {
            // Something unreadable was written by another tab: keep it aside and write ours.
            let key = Key::Board(self.board.with_untracked(|b| b.id));
            set_aside(&key, text, crate::browser::now_ms());
            return;
        };
        let base = theirs.revision;
        let pending = self.sync.with_value(|s| s.pending.clone());
        self.board.set(theirs);
        self.history.set(UndoHistory::stored(history));
        let mut dropped = Vec::new();
        for replay in &pending {
            match replay {
                Replay::Action(action, ctx) => {
                    if let Err(e) = self.apply_recorded(action, ctx) {
                        dropped.push(format!("{} ({e})", action.label()));
                    }
                }
                Replay::History { undo } => {
                    dropped.push(if *undo { "an undo".into() } else { "a redo".into() });
                }
            }
        }
        self.sync.update_value(|s| s.base_revision = base);
        if !dropped.is_empty() {
            self.notify(NoticeKind::Dropped(dropped));
        }
    }

    /// Follows another tab's save of the open board.
    pub(super) fn on_storage(self, key: Option<String>, new_value: Option<String>) {
        if key.as_deref().and_then(Key::parse) == Some(Key::Index) {
            self.refresh_index();
            self.follow_if_new();
            return;
        }
        let id = self.board.with_untracked(|b| b.id);
        if key.as_deref().and_then(Key::parse) != Some(Key::Board(id)) {
            return;
        }
        let Some(text) = new_value else {
            self.sync.update_value(|s| s.base_revision = 0);
            self.notify(NoticeKind::DeletedElsewhere);
            return;
        };
        let base = self.sync.with_value(|s| s.base_revision);
        if format::peek_revision(&text).is_none_or(|rev| rev <= base) {
            return;
        }
        if self.sync.with_value(|s| s.pending.is_empty()) {
            if let Ok((board, history)) = format::decode_stored_lazily(&text) {
                self.sync.update_value(|s| s.base_revision = board.revision);
                self.board.set(board);
                self.history.set(UndoHistory::stored(history));
            }
        } else {
            self.save_now();
        }
    }

    /// True when the open board has no key in storage yet (a new board, see [`open_new`]).
    pub(super) fn open_board_unwritten(self) -> bool {
        matches!(local::read(&Key::Board(self.board.with_untracked(|b| b.id))), Ok(None))
    }

    /// A tab that opened a new board and has not changed it yet (so never wrote it) opens the
    /// board another tab has just made current: two tabs opened on a first visit end up on one
    /// board, not two.
    fn follow_if_new(self) {
        let id = self.board.with_untracked(|b| b.id);
        let untouched = self.sync.with_value(|s| s.pending.is_empty() && s.base_revision == 0);
        if !untouched || !self.open_board_unwritten() {
            return;
        }
        let Some(current) = self.index.with_untracked(|i| i.current).filter(|c| *c != id) else { return };
        if let Ok(Some(text)) = local::read(&Key::Board(current))
            && let Ok((board, history)) = format::decode_stored_lazily(&text)
        {
            self.load(board, UndoHistory::stored(history));
        }
    }

    fn write_index(self) {
        let mut index =
            local::read(&Key::Index).ok().flatten().and_then(|t| format::decode_index(&t).ok()).unwrap_or_default();
        self.board.with_untracked(|b| {
            index.upsert(b);
            index.current = Some(b.id);
        });
        let _ = local::write(&Key::Index, &format::encode_index(&index));
        self.index.set(index);
    }
}

/// Saves on page hide and follows other tabs, for the lifetime of the page.
pub fn install(store: Store) {
    let _ = window_event_listener(leptos::ev::pagehide, move |_| store.save_now());
    // Following another tab's write of the board list or of the open board decodes it: that is
    // done by the editing code. Writes of anything else do not concern this tab.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        let open = Key::Board(store.board.with_untracked(|b| b.id));
        if key.as_deref().and_then(Key::parse).is_some_and(|k| k == Key::Index || k == open) {
            super::editing::run(store, super::editing::Edit::Follow { key, new_value: ev.new_value() }, |_| {});
        }
    });
    let on_visibility = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            store.save_now();
        }
    });
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_visibility.forget();
}
