//! Keeping localStorage in step with the open board, without ever losing an edit.
//!
//! * Changes are saved 250 ms after the last one, and at once when the page is hidden or closed.
//! * A save reads the stored board, compares it with the one this tab last read or wrote, and
//!   writes, holding the Web Lock [`SAVE_LOCK`] so that no two tabs do this at once (where the
//!   browser has Web Locks; the page-hide save cannot wait for one).
//! * Each save is identified by a random id, and the stored board carries the ids of the saves
//!   it descends from ([`sync`]). If another tab saved in between, this tab's unsaved changes are
//!   replayed on top of the newer board instead of overwriting it ("rebase",
//!   [`History::rebase`]), and so are the changes of any of this tab's saves the other tab wrote
//!   over without having seen them: localStorage reaches other tabs a moment late, so two tabs
//!   can still write at one moment, and the lineage is what makes that lose nothing. The
//!   `storage` event does the same as soon as the other tab saves.
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
use crate::domain::ids::SaveId;
use crate::domain::{Board, BoardId, History, Millis, Replay};
use crate::storage::format::{self, BoardDoc, BoardIndex, FormatError, IndexDoc, Stored};
use crate::storage::ledger::Ledger;
use crate::storage::sync::Peek;
use crate::storage::{Key, local};

use super::decoders::{self, Decoders};
use super::notices::{NoticeKind, Notices};

/// How long after the last change a save happens.
pub const SAVE_DELAY_MS: u64 = 250;

/// The Web Lock that debounced saves of every tab hold while they read, compare and write.
pub const SAVE_LOCK: &str = "sprintdeck-save";

/// How long a tab keeps the save lock after writing, for its write to reach the other tabs
/// before one of them reads (Chromium delivers it in a few milliseconds).
const LOCK_HOLD_MS: i32 = 30;

/// Bookkeeping that is not rendered: the ledger of this tab's saves (`storage::ledger`, the
/// one every stored document keeps) and the timer of the next save.
struct SyncState {
    ledger: Ledger<Replay>,
    timer: Option<TimeoutHandle>,
}

/// What was found in storage at start.
pub struct Opened {
    pub board: Board,
    pub history: History,
    pub index: BoardIndex,
    pub base: Peek,
    pub site: u32,
    pub notices: Vec<NoticeKind>,
}

/// True when this browser holds anything of SprintDeck's besides its site number: then the app
/// opens with [`open_stored`], which needs the decoders; a first visit opens a new board with
/// [`open_new`] and needs none of them.
pub fn anything_stored() -> bool {
    local::own_keys().iter().any(|k| *k != Key::Site)
}

/// A new, empty board for a browser that has nothing stored. The board itself is not written
/// until its first change (a pristine board is not worth a key), but its id is recorded as the
/// current board: a second tab opened before the first change opens the same board, so the two
/// tabs' changes meet on one board instead of making two.
pub fn open_new(now: Millis) -> Opened {
    let board = new_board(now);
    let mut index = BoardIndex::default();
    index.upsert(&board);
    index.current = Some(board.id);
    let notices = match local::write(&Key::Index, &IndexDoc::of(&index)) {
        Err(e) => vec![NoticeKind::SaveFailed(e)],
        Ok(()) => Vec::new(),
    };
    Opened { board, history: History::default(), index, base: Peek::default(), site: site_number(), notices }
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
                    let base = stored.peek();
                    let history = stored.history.unwrap_or_else(|_| {
                        // The board opens; its unreadable history is kept aside, and undo starts
                        // afresh (the banner below says so).
                        if local::keep_aside(&key, &text, now).is_err() {
                            notices.push(NoticeKind::HistoryLost(FormatError::History));
                        }
                        History::default()
                    });
                    found = Some((stored.board, history, base));
                    break;
                }
                Err(_) => {
                    set_aside(&key, &text, now);
                    index.boards.retain(|e| e.id != id);
                }
            },
            // The current board of a tab that has not changed it yet (see `open_new`): open it.
            Ok(None) if index.current == Some(id) && index.boards.iter().any(|e| e.id == id) => {
                found = Some((blank_board(id, now), History::default(), Peek::default()));
                break;
            }
            Ok(None) => index.boards.retain(|e| e.id != id),
            Err(_) => break,
        }
    }
    notices.extend(backup_notices(decode));

    let (board, history, base) = found.unwrap_or_else(|| (new_board(now), History::default(), Peek::default()));
    index.upsert(&board);
    index.current = Some(board.id);
    // Recorded so a reload, or another tab, opens the same board; failures surface on the next
    // save.
    let _ = local::write(&Key::Index, &IndexDoc::of(&index));
    Opened { board, history, index, base, site, notices }
}

fn new_board(now: Millis) -> Board {
    blank_board(BoardId(random_u64()), now)
}

/// The empty board a browser starts with, under the id `id`.
fn blank_board(id: BoardId, now: Millis) -> Board {
    Board::new(id, "My board".into(), now)
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
    let _ = local::move_aside(key, text, now);
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
    /// Keeps `board` and `history`, as stored at `base`, saved.
    pub(super) fn new(
        board: RwSignal<Board>,
        history: RwSignal<History>,
        index: BoardIndex,
        notices: Notices,
        base: Peek,
    ) -> Persist {
        let sync = SyncState { ledger: Ledger::new(base), timer: None };
        Persist { board, history, index: RwSignal::new(index), notices, sync: StoredValue::new(sync) }
    }

    /// The list of boards in this browser.
    pub(super) fn index(self) -> RwSignal<BoardIndex> {
        self.index
    }

    /// Records a change the store made, and schedules its save.
    pub(super) fn changed(self, replay: Replay) {
        self.sync.update_value(|s| {
            s.ledger.record(replay);
            if let Some(h) = s.timer.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(move || self.save_locked(), Duration::from_millis(SAVE_DELAY_MS)).ok();
        self.sync.update_value(|s| s.timer = handle);
    }

    /// Writes unsaved changes now, after rebasing them onto a newer stored board if there is one.
    /// Synchronous, for callers that go on with storage at once (switching boards).
    pub fn save_now(self) {
        self.save(false);
    }

    /// [`Persist::save_now`] holding the save lock, as soon as this tab gets it.
    fn save_locked(self) {
        let _ = crate::browser::web_lock::use_web_lock(SAVE_LOCK, LOCK_HOLD_MS, move || self.save(false));
    }

    /// [`Persist::save_now`]; `leaving` as the page goes away, when nothing can wait for code to
    /// arrive.
    fn save(self, leaving: bool) {
        let had_timer = self.sync.try_update_value(|s| s.timer.take()).flatten();
        if let Some(h) = had_timer {
            h.clear();
        }
        let key = Key::Board(self.board.with_untracked(|b| b.id));
        let stored = local::read(&key).ok().flatten();
        let seen = stored.as_deref().and_then(format::peek);
        if !self.sync.with_value(|s| s.ledger.needs_saving(seen.as_ref())) {
            return;
        }
        if let Some(stored) = stored
            && self.sync.with_value(|s| seen.as_ref() != Some(s.ledger.base()))
        {
            match decoders::get() {
                Some(decode) => self.rebase(decode, &key, &stored),
                // Another tab saved this board, and the code that reads it back has not arrived
                // yet (the first seconds of a first visit): save once it has.
                None if !leaving => return decoders::with(move |_| self.save_now()),
                // Nothing can wait now: the other tab's board stays, this tab's is kept aside
                // (and reported at the next start), so neither is lost.
                None => return self.keep_aside_unmerged(&key),
            }
        }
        let id = SaveId(random_u64());
        let (lineage, revision) = self.sync.with_value(|s| (s.ledger.lineage_for(id), s.ledger.base().revision));
        let written = self
            .board
            .with_untracked(|b| self.history.with_untracked(|h| local::write(&key, &BoardDoc::stored(b, h, &lineage))));
        match written {
            Ok(()) => {
                let revision = self.board.with_untracked(|b| b.revision).max(revision);
                self.sync.update_value(|s| s.ledger.saved(id, lineage, revision));
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
        let kept = self.board.with_untracked(|b| {
            self.history.with_untracked(|h| local::write(&backup, &BoardDoc::stored(b, h, &Default::default())))
        });
        if kept.is_ok() {
            self.sync.update_value(|s| s.ledger.clear());
        }
    }

    /// Takes the newer stored board `text` as this tab's base, and replays on it the changes of
    /// this tab's saves it does not hold, then this tab's unsaved changes; these are then the
    /// unsaved changes.
    fn rebase(self, decode: &Decoders, key: &Key, text: &str) {
        let Ok(theirs) = (decode.stored)(text) else {
            // Something unreadable was written by another tab: keep it aside and write ours.
            set_aside(key, text, crate::browser::now_ms());
            return;
        };
        let base = theirs.peek();
        let mut board = theirs.board;
        let mut history = theirs.history.unwrap_or_default();
        let replays = self.sync.try_update_value(|s| s.ledger.rebase(base));
        let dropped = history.rebase(&mut board, &replays.unwrap_or_default());
        self.board.set(board);
        self.history.set(history);
        if !dropped.is_empty() {
            self.notices.notify(NoticeKind::Dropped(dropped));
        }
    }

    /// Shows `board` as the open board (it is saved already, as `base` says).
    pub(super) fn load(self, board: Board, history: History, base: Peek) {
        self.sync.update_value(|s| s.ledger.reset(base));
        self.board.set(board);
        self.history.set(history);
    }

    /// Shows a board read from storage as the open board.
    pub(super) fn load_stored(self, stored: Stored) {
        let base = stored.peek();
        self.load(stored.board, stored.history.unwrap_or_default(), base);
    }

    /// True while changes to the open board wait to be saved (the save is scheduled, or
    /// storage refused it).
    pub(super) fn has_unsaved(self) -> bool {
        self.sync.with_value(|s| s.ledger.has_pending())
    }

    /// True when the open board has no key in storage yet (a new board, see [`open_new`]).
    pub(super) fn is_unwritten(self) -> bool {
        matches!(local::read(&Key::Board(self.board.with_untracked(|b| b.id))), Ok(None))
    }

    /// Follows another tab's save of the board list or of the open board. The board is read
    /// again rather than taken from the event: storage may hold a newer one still.
    fn on_storage(self, key: Option<String>) {
        let key = key.as_deref().and_then(Key::parse);
        if key == Some(Key::Index) {
            self.refresh_index(move || self.follow_if_new());
            return;
        }
        let own = Key::Board(self.board.with_untracked(|b| b.id));
        if key != Some(own.clone()) {
            return;
        }
        let text = match local::read(&own) {
            Ok(Some(text)) => text,
            Ok(None) => {
                self.sync.update_value(|s| s.ledger.forget_saves());
                self.notices.notify(NoticeKind::DeletedElsewhere);
                return;
            }
            Err(_) => return,
        };
        let Some(theirs) = format::peek(&text) else { return self.save_locked() };
        let follow = self.sync.with_value(|s| {
            // Nothing of this tab's is missing from it: show it as it is; else save on top.
            (!s.ledger.is_base(&theirs)).then(|| !s.ledger.needs_saving(Some(&theirs)))
        });
        match follow {
            None => {}
            Some(true) => decoders::with(move |decode| {
                // Changes made while the decoders arrived are saved on top of it instead.
                if !self.has_unsaved()
                    && let Ok(stored) = (decode.stored)(&text)
                {
                    self.load_stored(stored);
                } else {
                    self.save_locked();
                }
            }),
            Some(false) => self.save_locked(),
        }
    }

    /// A tab that opened a new board and has not changed it yet (so never wrote it) opens the
    /// board another tab has just made current: two tabs opened on a first visit end up on one
    /// board, not two.
    fn follow_if_new(self) {
        let id = self.board.with_untracked(|b| b.id);
        let untouched = self.sync.with_value(|s| !s.ledger.has_pending() && s.ledger.is_base(&Peek::default()));
        if !untouched || !self.is_unwritten() {
            return;
        }
        let Some(current) = self.index.with_untracked(|i| i.current).filter(|c| *c != id) else { return };
        if let Ok(Some(text)) = local::read(&Key::Board(current)) {
            decoders::with(move |decode| {
                if let Ok(stored) = (decode.stored)(&text) {
                    self.load_stored(stored);
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
        let _ = window_event_listener(leptos::ev::storage, move |ev| self.on_storage(ev.key()));
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
