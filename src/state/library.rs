//! Several boards in one browser: switching, creating, duplicating, deleting (with undo), and
//! bringing in boards from links and files (as a new board, replacing, or merging).

use leptos::prelude::*;

use crate::browser::{now_ms, random_u64};
use crate::domain::merge::MergeReport;
use crate::domain::{Action, Board, BoardId, DomainError, History};
use crate::storage::format::{self, BoardDoc, BoardIndex, IndexDoc};
use crate::storage::sync::Peek;
use crate::storage::{Key, StorageError, local};

use super::notices::{NoticeKind, Notices};
use super::persist::Persist;
use super::store::Store;

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
    /// The open board's latest changes are not saved (storage full or failing): nothing that
    /// would close it is done, so they stay in this tab.
    #[error(
        "your latest changes to this board are not saved yet (see the message at the top), so it stays open; export it to a file or free some storage, then try again"
    )]
    Unsaved,
}

/// The boards of this browser, shared through context. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Library {
    store: Store,
    persist: Persist,
    notices: Notices,
    /// Whether the browser promised to keep the storage.
    persistent: RwSignal<Option<bool>>,
}

impl Library {
    /// The boards around the open one of `store`.
    pub fn new(store: Store, notices: Notices) -> Library {
        Library { store, persist: store.persist(), notices, persistent: RwSignal::new(None) }
    }

    /// The boards in this browser.
    pub fn boards(&self) -> ReadSignal<BoardIndex> {
        self.persist.index().read_only()
    }

    fn save_index(&self, index: &BoardIndex) -> Result<(), StorageError> {
        self.persist.index().set(index.clone());
        local::write(&Key::Index, &IndexDoc::of(index))
    }

    /// The open board, untracked.
    fn open_board(&self) -> Board {
        self.store.board().get_untracked()
    }

    fn open_id(&self) -> BoardId {
        self.store.board().with_untracked(|b| b.id)
    }

    /// Saves the open board's unsaved changes, and writes it if it has never been written (a new
    /// board is written on its first change, see `persist::open`): the board list the
    /// operations below write names it, so it must be there to switch back to or delete. If
    /// they cannot be saved, every operation that would close the board is refused: nothing the
    /// user changed is dropped.
    fn save_open_board(&self) -> Result<(), BoardsError> {
        self.store.save_now();
        if self.persist.has_unsaved() {
            return Err(BoardsError::Unsaved);
        }
        if self.persist.is_unwritten() {
            local::write(&Key::Board(self.open_id()), &BoardDoc::board(&self.open_board()))?;
        }
        Ok(())
    }

    /// Shows a stored board as the open one.
    fn load_stored(&self, text: &str) -> Result<(), BoardsError> {
        self.persist.load_stored(format::decode_stored(text)?);
        Ok(())
    }

    /// Opens the board `id`, saving the open one first.
    pub fn switch_to(&self, id: BoardId) -> Result<(), BoardsError> {
        if self.open_id() == id {
            return Ok(());
        }
        self.save_open_board()?;
        let text = local::read(&Key::Board(id))?.ok_or(BoardsError::Missing)?;
        self.load_stored(&text)?;
        let mut index = self.persist.index().get_untracked();
        index.current = Some(id);
        self.save_index(&index)?;
        Ok(())
    }

    /// Saves `board` as a new board in this browser and opens it.
    pub fn add_board(&self, board: Board) -> Result<BoardId, BoardsError> {
        self.save_open_board()?;
        local::write(&Key::Board(board.id), &BoardDoc::board(&board))?;
        let mut index = self.persist.index().get_untracked();
        index.upsert(&board);
        index.current = Some(board.id);
        let id = board.id;
        // Written with no save's id: what `format::peek` reads back from it.
        let base = Peek { revision: board.revision, lineage: Default::default() };
        self.persist.load(board, History::default(), base);
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
        let mut copy = self.open_board();
        copy.id = BoardId(random_u64());
        copy.name = format!("{} (copy)", copy.name).chars().take(crate::domain::text::NAME_MAX).collect();
        copy.revision = 0;
        copy.updated_at = now_ms();
        self.add_board(copy)
    }

    /// Deletes the board `id` (kept in the trash until the next deletion, so it can be undone).
    /// Deleting the open board opens another one (or a new, empty one).
    pub fn delete_board(&self, id: BoardId) -> Result<(), BoardsError> {
        self.save_open_board()?;
        let text = local::read(&Key::Board(id))?.ok_or(BoardsError::Missing)?;
        for k in local::own_keys().into_iter().filter(|k| matches!(k, Key::Trash(_))) {
            let _ = local::remove(&k);
        }
        local::write_text(&Key::Trash(id), &text)?;
        local::remove(&Key::Board(id))?;
        let mut index = self.persist.index().get_untracked();
        index.boards.retain(|e| e.id != id);
        if self.open_id() == id {
            match index.boards.first().map(|e| e.id) {
                Some(next) => {
                    index.current = Some(next);
                    let text = local::read(&Key::Board(next))?.ok_or(BoardsError::Missing)?;
                    self.load_stored(&text)?;
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
        let stored = format::decode_stored(&text)?;
        self.save_open_board()?;
        local::write_text(&Key::Board(id), &text)?;
        local::remove(&Key::Trash(id))?;
        let mut index = self.persist.index().get_untracked();
        index.upsert(&stored.board);
        index.current = Some(id);
        self.persist.load_stored(stored);
        self.save_index(&index)?;
        Ok(true)
    }

    /// Whether a board with this id is in this browser (and its name).
    pub fn local_board(&self, id: BoardId) -> Option<String> {
        self.persist.index().with_untracked(|i| i.boards.iter().find(|e| e.id == id).map(|e| e.name.clone()))
    }

    /// The board `id` as stored, for previews.
    pub fn read_board(&self, id: BoardId) -> Option<Board> {
        if self.open_id() == id {
            return Some(self.open_board());
        }
        local::read(&Key::Board(id)).ok().flatten().and_then(|t| format::decode_board(&t).ok())
    }

    /// Every board in this browser, for a backup: the open one as it is now, the others as
    /// stored (those listed and any other stored board). A board that cannot be read is named,
    /// with the reason, in the second list: a backup never leaves one out without saying so.
    pub fn all_boards(&self) -> (Vec<Board>, Vec<String>) {
        let open = self.open_board();
        let mut ids: Vec<BoardId> = self.persist.index().with_untracked(|i| i.boards.iter().map(|e| e.id).collect());
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
                    .store
                    .board()
                    .with_untracked(|b| (b.id, b.revision == 0 && b.stories.is_empty() && b.members.is_empty()));
                self.add_board(board)?;
                if pristine {
                    let _ = local::remove(&Key::Board(old));
                    let mut index = self.persist.index().get_untracked();
                    index.boards.retain(|e| e.id != old);
                    self.save_index(&index)?;
                }
                Ok(None)
            }
            Arrival::Replace | Arrival::Merge => {
                let id = board.id;
                self.switch_to(id)?;
                let report = (how == Arrival::Merge)
                    .then(|| self.store.board().with_untracked(|local| crate::domain::merge::preview(local, &board)));
                let remote = Box::new(board);
                let action =
                    if how == Arrival::Merge { Action::Merge { remote } } else { Action::ReplaceWith { remote } };
                self.store.dispatch(action)?;
                self.store.save_now();
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
            self.notices.notify(NoticeKind::SaveFailed(s.clone()));
        }
    }
}
