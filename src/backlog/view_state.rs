//! View state of the backlog page: filter, selection, focus, open dialog, announcements.
//!
//! None of this is persisted; it is what one person is doing in one tab. Moves are resolved here
//! against the *visible* stories (the filter) and then dispatched as plain domain actions.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::ordering::{MoveTo, Step, step_target};
use crate::domain::{Action, DomainError, Filter, Story, StoryId};

use crate::state::Store;

/// A dialog of the backlog page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    None,
    Edit(StoryId),
    Position,
    Import,
    Suggest,
}

/// The backlog page's view state, shared with its components through context.
#[derive(Clone, Copy)]
pub struct BacklogUi {
    pub filter: RwSignal<Filter>,
    /// Selected stories (any order; actions use backlog order).
    pub selected: RwSignal<Vec<StoryId>>,
    /// Where a Shift-click range starts.
    pub anchor: RwSignal<Option<StoryId>>,
    /// The row that takes part in Tab order (roving tabindex).
    pub focused: RwSignal<Option<StoryId>>,
    /// The story whose title is being edited in place.
    pub renaming: RwSignal<Option<StoryId>>,
    pub dialog: RwSignal<Dialog>,
    /// Read out by the live region after moves, deletions, undo.
    pub announcement: RwSignal<String>,
    /// The stories the filter lets through, in backlog order.
    pub visible: Memo<Vec<Arc<Story>>>,
    /// The row in the Tab order: the focused one if visible, else the first visible.
    pub tab_target: Memo<Option<StoryId>>,
    /// A story to scroll into view and focus once it is rendered (the list renders only the
    /// rows near the viewport).
    pub revealing: RwSignal<Option<StoryId>>,
    /// When the last reveal was requested (ms): until it has focused its row, keys that land on
    /// the page body still belong to the list.
    pub revealed_at: StoredValue<f64>,
    /// Each story's 0-based position in the whole backlog (filters do not change ranks).
    pub ranks: Memo<crate::domain::ids::IdIndex>,
}

/// What a move or a delete calls when done: with the reason it could not be done, if it could not.
pub trait Then: FnOnce(Result<(), DomainError>) + 'static {}
impl<F: FnOnce(Result<(), DomainError>) + 'static> Then for F {}

impl BacklogUi {
    pub fn new(store: Store) -> BacklogUi {
        let filter = RwSignal::new(Filter::default());
        let visible = Memo::new(move |_| {
            filter.with(|f| {
                store.board().with(|b| {
                    if f.is_active() {
                        let keep = f.matcher();
                        b.stories.iter().filter(|s| keep(s)).cloned().collect()
                    } else {
                        b.stories.clone()
                    }
                })
            })
        });
        let focused = RwSignal::new(None::<StoryId>);
        let tab_target = Memo::new(move |_| {
            let f = focused.get();
            visible.with(|v| f.filter(|f| v.iter().any(|s| s.id == *f)).or_else(|| v.first().map(|s| s.id)))
        });
        let ranks = Memo::new(move |_| {
            store.board().with(|b| crate::domain::ids::IdIndex::new(b.stories.iter().map(|s| s.id)))
        });
        BacklogUi {
            filter,
            selected: RwSignal::new(Vec::new()),
            anchor: RwSignal::new(None),
            focused,
            tab_target,
            revealing: RwSignal::new(None),
            revealed_at: StoredValue::new(0.0),
            ranks,
            renaming: RwSignal::new(None),
            dialog: RwSignal::new(Dialog::None),
            announcement: RwSignal::new(String::new()),
            visible,
        }
    }

    /// The stories an action on `id` applies to: the selection if `id` is in it, else `id` alone.
    pub fn block_for(&self, id: StoryId) -> Vec<StoryId> {
        let sel = self.selected.get_untracked();
        if sel.contains(&id) { sel } else { vec![id] }
    }

    /// Clicking a row: plain click selects it alone, Ctrl/Cmd toggles it, Shift selects the
    /// visible range from the anchor.
    pub fn click(&self, id: StoryId, toggle: bool, range: bool) {
        let anchor = self.anchor.get_untracked();
        match (range, anchor) {
            (true, Some(a)) => {
                let ids: Vec<StoryId> = self.visible.with_untracked(|v| v.iter().map(|s| s.id).collect());
                self.selected.set(visible_range(&ids, a, id));
            }
            _ if toggle => {
                self.toggle(id);
                self.anchor.set(Some(id));
            }
            _ => {
                self.selected.set(vec![id]);
                self.anchor.set(Some(id));
            }
        }
        self.focused.set(Some(id));
    }

    pub fn toggle(&self, id: StoryId) {
        self.selected.update(|s| match s.iter().position(|x| *x == id) {
            Some(i) => {
                s.remove(i);
            }
            None => s.push(id),
        });
    }

    /// Moves the block `ids` and announces where it went; focus stays on `focus`. `then` hears
    /// whether it could.
    pub fn move_to(&self, store: Store, ids: Vec<StoryId>, to: MoveTo, focus: StoryId, then: impl Then) {
        let moved = store.dispatch(Action::MoveStories { ids: ids.clone(), to });
        then(moved.map(|_| self.announce_move(store, &ids, focus)));
    }

    fn announce_move(&self, store: Store, ids: &[StoryId], focus: StoryId) {
        let count = ids.len();
        let text = store.board().with_untracked(|b| {
            let total = b.stories.len();
            let pos = b.index_of(ids[0]).map_or(0, |i| i + 1);
            if count == 1 {
                let title = b.story(ids[0]).map(|s| s.title.clone()).unwrap_or_default();
                format!("Story “{title}” moved to position {pos} of {total}.")
            } else {
                format!("{count} stories moved to positions {pos} to {} of {total}.", pos + count - 1)
            }
        });
        self.announcement.set(text);
        self.reveal(focus);
    }

    /// Moves the focused story (or the selection it belongs to) one visible step.
    pub fn step(&self, store: Store, id: StoryId, step: Step, then: impl Then) {
        let ids = self.block_for(id);
        let target = {
            let filter = self.filter.get_untracked();
            let keep = filter.matcher();
            store.board().with_untracked(|b| step_target(&b.stories, &ids, step, |s| keep(s)))
        };
        match target {
            Some(to) => self.move_to(store, ids, to, id, then),
            None => {
                self.announcement.set(match step {
                    Step::Up => "Already at the top.".into(),
                    Step::Down => "Already at the bottom.".into(),
                });
                then(Ok(()));
            }
        }
    }

    /// Deletes the block `ids`, announcing how to undo.
    pub fn delete(&self, store: Store, ids: Vec<StoryId>, then: impl Then) {
        let n = ids.len();
        then(store.dispatch(Action::DeleteStories { ids }).map(|focus| {
            self.selected.set(Vec::new());
            self.announcement.set(format!(
                "{} deleted. Press Ctrl+Z or Undo to bring {} back.",
                if n == 1 { "Story".to_owned() } else { format!("{n} stories") },
                if n == 1 { "it" } else { "them" }
            ));
            if let Some(f) = focus {
                self.reveal(f);
            }
        }));
    }
}

impl BacklogUi {
    /// Scrolls the row of `id` into view and focuses it.
    pub fn reveal(&self, id: StoryId) {
        self.focused.set(Some(id));
        self.revealing.set(Some(id));
        self.revealed_at.set_value(js_sys::Date::now());
    }

    /// True shortly after a reveal: a re-inserted row may still be waiting for its focus.
    pub fn reveal_pending(&self) -> bool {
        js_sys::Date::now() - self.revealed_at.get_value() < 500.0
    }
}

/// The ids from `a` to `b` (inclusive, either direction) in `visible`.
pub fn visible_range(visible: &[StoryId], a: StoryId, b: StoryId) -> Vec<StoryId> {
    match (visible.iter().position(|x| *x == a), visible.iter().position(|x| *x == b)) {
        (Some(i), Some(j)) => visible[i.min(j)..=i.max(j)].to_vec(),
        _ => vec![b],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn ranges_work_in_both_directions() {
        let ids: Vec<StoryId> = (1..=5).map(StoryId).collect();
        assert_eq!(visible_range(&ids, StoryId(2), StoryId(4)), [StoryId(2), StoryId(3), StoryId(4)]);
        assert_eq!(visible_range(&ids, StoryId(4), StoryId(2)), [StoryId(2), StoryId(3), StoryId(4)]);
        assert_eq!(visible_range(&ids, StoryId(9), StoryId(2)), [StoryId(2)]);
    }
}
