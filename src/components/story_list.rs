//! The ordered backlog as a list of rows.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::{Story, StoryId};
use crate::state::Store;

/// Every story of the open board, in backlog order. Rows are keyed by id and by the story's
/// allocation, so an edited story re-renders and a moved one is only moved.
#[component]
pub fn StoryList(
    /// Called with a story's id when the user asks to edit it.
    on_edit: Callback<StoryId>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let stories = move || store.board().with(|b| b.stories.clone());
    let empty = move || store.board().with(|b| b.stories.is_empty());

    view! {
        <Show when=move || !empty() fallback=|| view! {
            <p class="empty">"No stories yet. Type a title above and press Enter to add the first one."</p>
        }>
            <ol class="stories" aria-label="Backlog">
                <For
                    each=stories
                    key=|s| (s.id, Arc::as_ptr(s) as usize)
                    children=move |s| view! { <StoryRow story=s on_edit /> }
                />
            </ol>
        </Show>
    }
}

#[component]
fn StoryRow(story: Arc<Story>, on_edit: Callback<StoryId>) -> impl IntoView {
    let id = story.id;
    let edit_label = format!("Edit “{}”", story.title);
    let status_class = format!("chip status-{}", story.status.label().to_lowercase().replace(' ', "-"));
    view! {
        <li class="story" data-id=id.to_string()>
            <span class="story-rank" aria-hidden="true"></span>
            <div class="story-main">
                <span class="story-title">{story.title.clone()}</span>
                <span class="story-meta">
                    <span class=status_class>{story.status.label()}</span>
                    {story.tags.iter().map(|t| view! { <span class="chip tag">{t.clone()}</span> }).collect_view()}
                </span>
            </div>
            <span class="points" class:points-none=story.estimate.is_none() title="Estimate in points">
                {story.estimate.map(|e| e.to_string()).unwrap_or_else(|| "–".into())}
            </span>
            <button type="button" class="btn btn-quiet" aria-label=edit_label on:click=move |_| on_edit.run(id)>
                "Edit"
            </button>
        </li>
    }
}
