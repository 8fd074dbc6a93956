//! Search and filters over the backlog.

use leptos::prelude::*;

use super::status_options::StatusOptions;

use super::view_state::BacklogUi;
use crate::domain::Status;
use crate::domain::filter::all_tags;
use crate::state::Store;

/// Text search, a tag and a status filter, and how many stories they let through.
#[component]
pub fn FilterBar() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let tags = Memo::new(move |_| store.board().with(|b| all_tags(b.stories.iter().map(|s| &**s))));
    let shown = move || {
        let (n, total) = (ui.visible.with(Vec::len), store.board().with(|b| b.stories.len()));
        ui.filter.with(|f| f.is_active()).then(|| format!("{n} of {total} shown"))
    };
    view! {
        <div class="filters" role="search">
            <input
                class="input"
                type="search"
                aria-label="Search stories"
                placeholder="Search titles, descriptions, tags"
                prop:value=move || ui.filter.with(|f| f.text.clone())
                on:input=move |ev| ui.filter.update(|f| f.text = event_target_value(&ev))
            />
            <select
                class="input"
                aria-label="Filter by tag"
                prop:value=move || ui.filter.with(|f| f.tag.clone().unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ui.filter.update(|f| f.tag = (!v.is_empty()).then_some(v));
                }
            >
                <option value="">"All tags"</option>
                {move || {
                    tags.get()
                        .into_iter()
                        .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <select
                class="input"
                aria-label="Filter by status"
                on:change=move |ev| ui.filter.update(|f| f.status = event_target_value(&ev).parse::<Status>().ok())
            >
                <option value="">"Any status"</option>
                <StatusOptions />
            </select>
            <span class="muted filter-count" aria-live="polite">
                {shown}
            </span>
        </div>
    }
}
