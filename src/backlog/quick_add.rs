//! The one-line form that adds a story to the top or bottom of the backlog.

use leptos::prelude::*;

use crate::domain::{Action, AddAt, StoryDraft};
use crate::state::Store;

/// A title field and an "Add story" button. Focus stays in the field so stories can be typed in
/// one after another.
#[component]
pub fn QuickAdd() -> impl IntoView {
    let store = expect_context::<Store>();
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let at = move || store.board().with(|b| b.settings.quick_add);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = StoryDraft::titled(title.get_untracked());
        match store.dispatch(Action::AddStory { draft, at: at() }) {
            Ok(_) => {
                title.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };

    view! {
        <form class="quick-add" on:submit=submit>
            <label class="visually-hidden" for="quick-add-title">
                "New story title"
            </label>
            <input
                id="quick-add-title"
                class="input"
                type="text"
                node_ref=input
                placeholder="Add a story: As a … I want … so that …"
                autocomplete="off"
                maxlength="400"
                aria-describedby="quick-add-error"
                aria-invalid=move || error.with(|e| e.is_some()).then_some("true")
                prop:value=title
                on:input=move |ev| {
                    title.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            <select
                class="input input-inline"
                aria-label="Where new stories go"
                on:change=move |ev| {
                    let at = if event_target_value(&ev) == "top" { AddAt::Top } else { AddAt::Bottom };
                    let _ = store.dispatch(Action::SetQuickAdd { at });
                }
            >
                <option value="bottom" selected=move || at() == AddAt::Bottom>
                    "at the bottom"
                </option>
                <option value="top" selected=move || at() == AddAt::Top>
                    "at the top"
                </option>
            </select>
            <button type="submit" class="btn btn-primary">
                "Add story"
            </button>
            <p id="quick-add-error" class="field-error" role="alert">
                {move || error.get()}
            </p>
        </form>
    }
}
