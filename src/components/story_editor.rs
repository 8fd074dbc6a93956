//! The dialog that edits (or deletes) one story.
//!
//! The form is uncontrolled: its markup is static, the story's values are filled in once when the
//! dialog opens and read once on submit. Static markup compiles to one HTML string instead of
//! code per element, which keeps the dialog's WebAssembly small, and typing is left entirely to
//! the browser.

use leptos::prelude::*;

use crate::browser::{fill_form, form_field};
use crate::domain::{Action, StoryForm, StoryId};
use crate::state::Store;

/// A modal dialog for the story `editing` names; closing it sets `editing` back to `None`.
#[component]
pub fn StoryEditor(
    /// The story being edited, if any.
    editing: RwSignal<Option<StoryId>>,
) -> impl IntoView {
    move || editing.get().map(|id| view! { <EditorDialog id editing /> })
}

#[component]
fn EditorDialog(id: StoryId, editing: RwSignal<Option<StoryId>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let Some(story) = store.board().with_untracked(|b| b.story(id).cloned()) else {
        editing.set(None);
        return ().into_any();
    };
    let initial = StoryForm::of(&story);
    let error = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    form_ref.on_load(move |form| {
        fill_form(
            &form,
            &[
                ("title", &initial.title),
                ("description", &initial.description),
                ("acceptance", &initial.acceptance),
                ("estimate", &initial.estimate),
                ("value", &initial.value),
                ("tags", &initial.tags),
                ("status", initial.status.key()),
            ],
        );
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    });
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = form_field(&ev);
        let form = StoryForm {
            title: field("title"),
            description: field("description"),
            acceptance: field("acceptance"),
            estimate: field("estimate"),
            value: field("value"),
            tags: field("tags"),
            status: field("status").parse().unwrap_or_default(),
        };
        match form.to_draft().and_then(|draft| store.dispatch(Action::UpdateStory { id, draft })) {
            Ok(_) => close(),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let delete = move |_| match store.dispatch(Action::DeleteStories { ids: vec![id] }) {
        Ok(_) => close(),
        Err(e) => error.set(Some(e.to_string())),
    };
    view! {
        <dialog class="dialog" node_ref=dialog aria-labelledby="editor-heading" on:close=move |_| editing.set(None)>
            <form class="editor" node_ref=form_ref on:submit=save on:input=move |_| error.set(None)>
                <h2 id="editor-heading">"Edit story"</h2>
                <label class="field">
                    <span>"Title"</span>
                    <input class="input" name="title" type="text" required />
                </label>
                <label class="field">
                    <span>"Description"</span>
                    <textarea class="input" name="description" rows="3"></textarea>
                </label>
                <label class="field">
                    <span>"Acceptance criteria"</span>
                    <textarea class="input" name="acceptance" rows="3"></textarea>
                </label>
                <div class="field-row">
                    <label class="field">
                        <span>"Estimate (points)"</span>
                        <input class="input" name="estimate" type="text" inputmode="decimal" />
                    </label>
                    <label class="field">
                        <span>"Business value"</span>
                        <input class="input" name="value" type="text" inputmode="numeric" />
                    </label>
                    <label class="field">
                        <span>"Status"</span>
                        <select class="input" name="status">
                            <option value="new">"New"</option>
                            <option value="ready">"Ready"</option>
                            <option value="in_sprint">"In sprint"</option>
                            <option value="done">"Done"</option>
                        </select>
                    </label>
                </div>
                <label class="field">
                    <span>"Tags (comma-separated)"</span>
                    <input class="input" name="tags" type="text" />
                </label>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <div class="dialog-actions">
                    <Show
                        when=move || confirm_delete.get()
                        fallback=move || view! {
                            <button type="button" class="btn btn-quiet btn-danger-text" on:click=move |_| confirm_delete.set(true)>
                                "Delete…"
                            </button>
                        }
                    >
                        <button type="button" class="btn btn-danger" on:click=delete>"Yes, delete this story"</button>
                    </Show>
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="btn btn-primary">"Save"</button>
                </div>
            </form>
        </dialog>
    }
    .into_any()
}
