//! Banners: what the app has to tell the user about their data, as plain values, and the list
//! of those shown ([`Notices`], shared through context).

use leptos::prelude::*;

use crate::storage::{FormatError, Key, StorageError};

/// The banners on screen. Copyable: it holds arena handles only.
#[derive(Clone, Copy)]
pub struct Notices {
    shown: RwSignal<Vec<Notice>>,
    next_id: StoredValue<u32>,
}

impl Notices {
    pub fn new() -> Notices {
        Notices { shown: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) }
    }

    /// The banners to show.
    pub fn list(&self) -> ReadSignal<Vec<Notice>> {
        self.shown.read_only()
    }

    /// Shows a banner, unless an equal one is already shown.
    pub fn notify(&self, kind: NoticeKind) {
        if self.shown.with_untracked(|ns| ns.iter().any(|n| n.kind == kind)) {
            return;
        }
        let id = self.next_id.try_update_value(|n| {
            *n += 1;
            *n
        });
        self.shown.update(|ns| ns.push(Notice { id: id.unwrap_or_default(), kind }));
    }

    /// Hides a banner.
    pub fn dismiss(&self, id: u32) {
        self.shown.update(|ns| ns.retain(|n| n.id != id));
    }

    /// Hides every banner that `matches`.
    pub fn resolve(&self, matches: impl Fn(&NoticeKind) -> bool) {
        if self.shown.with_untracked(|ns| ns.iter().any(|n| matches(&n.kind))) {
            self.shown.update(|ns| ns.retain(|n| !matches(&n.kind)));
        }
    }
}

impl Default for Notices {
    fn default() -> Self {
        Notices::new()
    }
}

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
    /// A change that could not be made, reported where it was asked for without an answer.
    Refused(String),
    /// The stored undo history of the open board could not be read, and no copy of it could
    /// be kept aside (storage full): undo starts afresh.
    HistoryLost(FormatError),
    /// Something the user did succeeded and deserves a word (a board received from a link).
    Info(String),
    /// A tab closed with changes that could not be merged into the newer board another tab had
    /// saved; they were kept aside in `backup`.
    Unmerged { backup: Key },
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
            NoticeKind::Unmerged { .. } => "A tab was closed while another tab was saving the same board, so its last changes could not be merged. They are kept aside: download them to look at them, or delete them.".into(),
        }
    }

    /// Whether this notice reports a failure (shown as an alert) rather than information.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            NoticeKind::SaveFailed(_)
                | NoticeKind::Recovered { .. }
                | NoticeKind::Unmerged { .. }
                | NoticeKind::Refused(_)
                | NoticeKind::HistoryLost(_)
        )
    }
}
