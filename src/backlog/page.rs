//! The Product Owner's page: the ordered backlog and everything done to it.

use leptos::prelude::*;

use super::filter_bar::FilterBar;
use super::import_dialog::ImportDialog;
use super::position_dialog::PositionDialog;
use super::quick_add::QuickAdd;
use super::selection_bar::SelectionBar;
use super::story_editor::StoryEditor;
use super::story_list::StoryList;
use super::suggest_dialog::SuggestDialog;
use super::toolbar::{BacklogToolbar, redo, undo};
use super::view_state::{BacklogUi, Dialog};
use crate::domain::StoryId;
use crate::state::Store;
use crate::ui::lazy_view::{boxed, lazy_view};

// What the backlog shows only on demand is loaded on demand where the build splits (see
// `app`): each of these functions, and what only it uses, goes into its own WebAssembly chunk.

lazy_fn! {
    fn import_dialog() -> AnyView {
        view! { <ImportDialog /> }.into_any()
    }
}

lazy_fn! {
    fn suggest_dialog() -> AnyView {
        view! { <SuggestDialog /> }.into_any()
    }
}

lazy_fn! {
    fn position_dialog() -> AnyView {
        view! { <PositionDialog /> }.into_any()
    }
}

lazy_fn! {
    fn story_editor(id: StoryId) -> AnyView {
        view! { <StoryEditor id /> }.into_any()
    }
}

lazy_fn! {
    fn selection_bar() -> AnyView {
        view! { <SelectionBar /> }.into_any()
    }
}

/// True when a key event happens in a field where the browser's own undo applies.
fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            && el.get_attribute("type").as_deref() != Some("checkbox")
    })
}

/// Ordering, editing, importing and exporting the open board's stories.
#[component]
pub fn BacklogPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = BacklogUi::new(store);
    provide_context(ui);
    let shortcuts = window_event_listener(leptos::ev::keydown, move |ev| {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if !ctrl || in_text_field(&ev) {
            return;
        }
        match ev.key().as_str() {
            "z" | "Z" if ev.shift_key() => redo(store, &ui),
            "z" | "Z" => undo(store, &ui),
            "y" | "Y" => redo(store, &ui),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || shortcuts.remove());

    let summary = move || {
        store.board().with(|b| {
            let n = b.stories.len();
            let unestimated = b.stories.iter().filter(|s| s.estimate.is_none()).count();
            format!(
                "{} · {n} {} · {} points · {unestimated} not estimated",
                b.name,
                if n == 1 { "story" } else { "stories" },
                b.total_points()
            )
        })
    };
    // The list is built when the board gains its first story, not on every change.
    let has_stories = Memo::new(move |_| store.board().with(|b| !b.stories.is_empty()));
    let empty = move || {
        if !has_stories.get() {
            Some("No stories yet. Type a title above and press Enter, or import a backlog.")
        } else if ui.visible.with(Vec::is_empty) {
            Some("No story matches the filters.")
        } else {
            None
        }
    };
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Backlog"</h1>
                    <p class="page-summary">{summary}</p>
                </div>
                <BacklogToolbar />
            </header>
            <QuickAdd />
            <FilterBar />
            // One slot of fixed height for the hint or, while stories are selected, the selection
            // bar: showing the bar never moves the list.
            <div class="context-bar" class:selecting=move || ui.selected.with(|s| !s.is_empty())>
                <p id="list-help" class="hint">
                    "Click, Ctrl+click, Shift+click or Space selects. Drag the handle, or press Alt+↑/↓ to move (Alt+Home/End: top or bottom, Alt+M: to a position). Enter edits, F2 renames, Delete deletes, Ctrl+Z undoes."
                </p>
                <p class="hint hint-touch">
                    "Tick stories to move, tag or delete them together; drag the handle to move one."
                </p>
                {move || (ui.selected.with(|s| !s.is_empty())).then(|| lazy_view(|| boxed(selection_bar())))}
            </div>
            {move || empty().map(|text| view! { <p class="empty">{text}</p> })}
            {move || has_stories.get().then(|| view! { <StoryList /> })}
            <div id="announcer" class="toast" role="status">
                {move || {
                    let text = ui.announcement.get();
                    (!text.is_empty()).then(|| view! { <p class="toast-text">{text}</p> })
                }}
            </div>
            {move || match ui.dialog.get() {
                Dialog::None => ().into_any(),
                Dialog::Edit(id) => lazy_view(move || boxed(story_editor(id))),
                Dialog::Position => lazy_view(|| boxed(position_dialog())),
                Dialog::Import => lazy_view(|| boxed(import_dialog())),
                Dialog::Suggest => lazy_view(|| boxed(suggest_dialog())),
            }}
        </section>
    }
}
