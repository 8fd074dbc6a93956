//! Banners: what the app has to tell the user about their data, as plain values.

use crate::storage::{FormatError, Key, StorageError};

/// Something the user must know about, shown as a banner until dismissed or resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Unique within a page load, for dismissing and keyed rendering.
    pub id: u32,
    pub kind: NoticeKind,
}

/// The situations a banner reports.
#[derive(Clone, Debug, PartialEq)]
pub enum NoticeKind {
    /// A stored blob could not be read and was moved aside to `backup`.
    Recovered { backup: Key, reason: FormatError },
    /// Changes could not be written; they are kept in this tab.
    SaveFailed(StorageError),
    /// Another tab changed the board; some of this tab's unsaved edits no longer applied.
    Dropped(Vec<String>),
    /// The board was deleted in another tab; this tab still holds it.
    DeletedElsewhere,
    /// A change that had to wait for the editing code turned out not to be possible.
    Refused(String),
    /// The stored undo history of the open board could not be read, and no copy of it could
    /// be kept aside (storage full): undo starts afresh.
    HistoryLost(FormatError),
    /// Something the user did succeeded and deserves a word (a board received from a link).
    Info(String),
}

impl NoticeKind {
    /// The banner's text.
    pub fn message(&self) -> String {
        match self {
            NoticeKind::Recovered { reason, .. } => format!(
                "Some saved data could not be read because {reason}. It has been kept aside, untouched: download it to keep a copy, or delete it."
            ),
            NoticeKind::SaveFailed(StorageError::Full) => {
                "Your browser's storage is full, so your latest changes are not saved yet. They are safe in this tab: export the board to a file, or free space and keep working.".into()
            }
            NoticeKind::SaveFailed(e) => format!(
                "Your latest changes are not saved because {e}. They are safe in this tab until you close it: export the board to a file to keep them."
            ),
            NoticeKind::Dropped(what) => format!(
                "Another tab changed this board at the same time. These edits of yours no longer applied and were skipped: {}.",
                what.join("; ")
            ),
            NoticeKind::Refused(why) => format!("A change could not be made: {why}."),
            NoticeKind::DeletedElsewhere => {
                "This board was deleted in another tab. It stays open here; make any change to save it again.".into()
            }
            NoticeKind::HistoryLost(reason) => format!(
                "The undo history of this board could not be read because {reason}, and there was no room to keep a copy of it: undo starts afresh from here. The board itself is fine."
            ),
            NoticeKind::Info(text) => text.clone(),
        }
    }

    /// Whether this notice reports a failure (shown as an alert) rather than information.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            NoticeKind::SaveFailed(_)
                | NoticeKind::Recovered { .. }
                | NoticeKind::Refused(_)
                | NoticeKind::HistoryLost(_)
        )
    }
}
