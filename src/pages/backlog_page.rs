//! The Product Owner's page: the ordered backlog.

use leptos::prelude::*;

use crate::components::quick_add::QuickAdd;
use crate::components::story_editor::StoryEditor;
use crate::components::story_list::StoryList;
use crate::domain::StoryId;
use crate::state::Store;

/// Add, edit and delete stories of the open board.
#[component]
pub fn BacklogPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let editing = RwSignal::new(None::<StoryId>);
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
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <h1 id="page-heading">"Backlog"</h1>
                <p class="page-summary">{summary}</p>
            </header>
            <QuickAdd />
            <StoryList on_edit=Callback::new(move |id| editing.set(Some(id))) />
            <StoryEditor editing />
        </section>
    }
}
