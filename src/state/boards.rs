//! Several boards in one browser: switching, creating, duplicating, deleting (with undo), and
//! bringing in boards from links and files (as a new board, replacing, or merging).

use leptos::prelude::*;

use crate::browser::{now_ms, random_u64};
use crate::domain::merge::MergeReport;
use crate::domain::{Action, Board, BoardId, DomainError};
use crate::storage::format::{self, BoardIndex};
use crate::storage::{Key, StorageError, local};

use super::notice::NoticeKind;
use super::store::{Store, UndoHistory};

/// What to do with a board that arrives from a link or a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Keep it as a separate board, with a fresh id (the default: nothing local changes).
    NewBoard,
    /// Replace the board with the same id (an undoable change of that board).
    Replace,
    /// Merge it into the board with the same id (an undoable change of that board).
    Merge,
}

/// Why a board operation could not be done.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BoardsError {
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("the saved board cannot be read: {0}")]
    Format(#[from] format::FormatError),
    #[error("{0}")]
    Domain(#[from] DomainError),
    #[error("there is no board with that id in this browser")]
    Missing,
}

impl Store {
    /// The boards in this browser.
    pub fn boards(&self) -> ReadSignal<BoardIndex> {
        self.index.read_only()
    }

    /// Re-reads the board list (after another tab changed it).
    pub(crate) fn refresh_index(&self) {
        if let Ok(Some(text)) = local::read(&Key::Index)
            && let Ok(index) = format::decode_index(&text)
        {
            self.index.set(index);
        }
    }

    fn save_index(&self, index: &BoardIndex) -> Result<(), StorageError> {
        self.index.set(index.clone());
        local::write(&Key::Index, &format::encode_index(index))
    }

    /// Saves the open board's unsaved changes, and writes it if it has never been written (a new
    /// board is written on its first change, see `persist::open_new`): the board list the
    /// operations below write names it, so it must be there to switch back to or delete.
    fn save_open_board(&self) {
        self.save_now();
        if self.open_board_unwritten() {
            let _ = self.board.with_untracked(|b| local::write(&Key::Board(b.id), &format::encode_board(b)));
        }
    }

    /// Opens the board `id`, saving the open one first.
    pub fn switch_to(&self, id: BoardId) -> Result<(), BoardsError> {
        if self.board.with_untracked(|b| b.id) == id {
            return Ok(());
        }
        self.save_open_board();
        let text = local::read(&Key::Board(id))?.ok_or(BoardsError::Missing)?;
        let (board, history) = format::decode_stored_lazily(&text)?;
        self.load(board, UndoHistory::stored(history));
        let mut index = self.index.get_untracked();
        index.current = Some(id);
        self.save_index(&index)?;
        Ok(())
    }

    /// Shows `board` as the open board (already saved).
    pub(super) fn load(&self, board: Board, history: UndoHistory) {
        self.sync.update_value(|s| {
            s.base_revision = board.revision;
            s.pending.clear();
        });
        self.board.set(board);
        self.history.set(history);
    }

    /// Saves `board` as a new board in this browser and opens it.
    pub fn add_board(&self, board: Board) -> Result<BoardId, BoardsError> {
        self.save_open_board();
        local::write(&Key::Board(board.id), &format::encode_board(&board))?;
        let mut index = self.index.get_untracked();
        index.upsert(&board);
        index.current = Some(board.id);
        let id = board.id;
        self.load(board, UndoHistory::default());
        self.save_index(&index)?;
        Ok(id)
    }

    /// Creates an empty board and opens it.
    pub fn create_board(&self, name: &str) -> Result<BoardId, BoardsError> {
        let name = crate::domain::text::one_line(crate::domain::Field::BoardName, name, crate::domain::text::NAME_MAX)?;
        self.add_board(Board::new(BoardId(random_u64()), name, now_ms()))
    }

    /// Copies the open board into a new board (new id, "(copy)" in its name) and opens it.
    pub fn duplicate_board(&self) -> Result<BoardId, BoardsError> {
        let mut copy = self.board.get_untracked();
        copy.id = BoardId(random_u64());
        copy.name = format!("{} (copy)", copy.name).chars().take(crate::domain::text::NAME_MAX).collect();
        copy.revision = 0;
        copy.updated_at = now_ms();
        self.add_board(copy)
    }

    /// Deletes the board `id` (kept in the trash until the next deletion, so it can be undone).
    /// Deleting the open board opens another one (or a new, empty one).
    pub fn delete_board(&self, id: BoardId) -> Result<(), BoardsError> {
        self.save_open_board();
        let text = local::read(&Key::Board(id))?.ok_or(BoardsError::Missing)?;
        for k in local::own_keys().into_iter().filter(|k| matches!(k, Key::Trash(_))) {
            let _ = local::remove(&k);
        }
        local::write(&Key::Trash(id), &text)?;
        local::remove(&Key::Board(id))?;
        let mut index = self.index.get_untracked();
        index.boards.retain(|e| e.id != id);
        if self.board.with_untracked(|b| b.id) == id {
            match index.boards.first().map(|e| e.id) {
                Some(next) => {
                    index.current = Some(next);
                    let text = local::read(&Key::Board(next))?.ok_or(BoardsError::Missing)?;
                    let (board, history) = format::decode_stored_lazily(&text)?;
                    self.load(board, UndoHistory::stored(history));
                }
                None => {
                    self.save_index(&index)?;
                    self.create_board("My board")?;
                    return Ok(());
                }
            }
        }
        self.save_index(&index)?;
        Ok(())
    }

    /// Brings back the last deleted board and opens it; `false` if there is none.
    pub fn undo_delete(&self) -> Result<bool, BoardsError> {
        let Some(Key::Trash(id)) = local::own_keys().into_iter().find(|k| matches!(k, Key::Trash(_))) else {
            return Ok(false);
        };
        let text = local::read(&Key::Trash(id))?.ok_or(BoardsError::Missing)?;
        let (board, history) = format::decode_stored_lazily(&text)?;
        self.save_now();
        local::write(&Key::Board(id), &text)?;
        local::remove(&Key::Trash(id))?;
        let mut index = self.index.get_untracked();
        index.upsert(&board);
        index.current = Some(id);
        self.load(board, UndoHistory::stored(history));
        self.save_index(&index)?;
        Ok(true)
    }

    /// Whether a board with this id is in this browser (and its name).
    pub fn local_board(&self, id: BoardId) -> Option<String> {
        self.index.with_untracked(|i| i.boards.iter().find(|e| e.id == id).map(|e| e.name.clone()))
    }

    /// The board `id` as stored, for previews.
    pub fn read_board(&self, id: BoardId) -> Option<Board> {
        if self.board.with_untracked(|b| b.id) == id {
            return Some(self.board.get_untracked());
        }
        local::read(&Key::Board(id)).ok().flatten().and_then(|t| format::decode_board(&t).ok())
    }

    /// Every board in this browser, for a backup: the open one as it is now, the others as
    /// stored (those listed and any other stored board). A board that cannot be read is named,
    /// with the reason, in the second list: a backup never leaves one out without saying so.
    pub fn all_boards(&self) -> (Vec<Board>, Vec<String>) {
        let open = self.board.get_untracked();
        let mut ids: Vec<BoardId> = self.index.with_untracked(|i| i.boards.iter().map(|e| e.id).collect());
        for key in local::own_keys() {
            if let Key::Board(id) = key
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        if !ids.contains(&open.id) {
            ids.insert(0, open.id);
        }
        let (mut boards, mut unreadable) = (Vec::new(), Vec::new());
        for id in ids {
            if id == open.id {
                boards.push(open.clone());
                continue;
            }
            let name = self.local_board(id).unwrap_or_else(|| format!("board {id}"));
            let why = match local::read(&Key::Board(id)) {
                Ok(Some(text)) => match format::decode_board(&text) {
                    Ok(board) => {
                        boards.push(board);
                        continue;
                    }
                    Err(e) => e.to_string(),
                },
                Ok(None) => "it is no longer stored in this browser".to_owned(),
                Err(e) => e.to_string(),
            };
            unreadable.push(format!("“{name}” ({why})"));
        }
        (boards, unreadable)
    }

    /// Takes in a board from a link or a file.
    pub fn receive(&self, mut board: Board, how: Arrival) -> Result<Option<MergeReport>, BoardsError> {
        match how {
            Arrival::NewBoard => {
                if self.local_board(board.id).is_some() {
                    board.id = BoardId(random_u64());
                }
                // Arriving counts as its first change: a received board, even an empty one, is
                // never mistaken for the untouched board a first visit creates (revision 0).
                board.revision = 1;
                // The untouched empty board a first visit creates is not worth keeping beside it.
                let (old, pristine) = self
                    .board
                    .with_untracked(|b| (b.id, b.revision == 0 && b.stories.is_empty() && b.members.is_empty()));
                self.add_board(board)?;
                if pristine {
                    let _ = local::remove(&Key::Board(old));
                    let mut index = self.index.get_untracked();
                    index.boards.retain(|e| e.id != old);
                    self.save_index(&index)?;
                }
                Ok(None)
            }
            Arrival::Replace | Arrival::Merge => {
                let id = board.id;
                self.switch_to(id)?;
                let report = (how == Arrival::Merge)
                    .then(|| self.board.with_untracked(|local| crate::domain::merge::preview(local, &board)));
                let remote = Box::new(board);
                let action =
                    if how == Arrival::Merge { Action::Merge { remote } } else { Action::ReplaceWith { remote } };
                self.dispatch(action)?;
                self.save_now();
                Ok(report)
            }
        }
    }

    /// Asks the browser to keep this site's storage when space runs low, and records the answer.
    pub fn request_persistence(&self) {
        let persistent = self.persistent;
        wasm_bindgen_futures::spawn_local(async move {
            persistent.set(crate::browser::persist_storage().await);
        });
    }

    /// Whether the browser agreed to keep the storage (`None`: not known yet or not supported).
    pub fn persistent(&self) -> ReadSignal<Option<bool>> {
        self.persistent.read_only()
    }

    /// Reports a failure of a board operation as a banner.
    pub fn report(&self, e: &BoardsError) {
        if let BoardsError::Storage(s) = e {
            self.notify(NoticeKind::SaveFailed(s.clone()));
        }
    }
}
