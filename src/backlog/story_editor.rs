//! The dialog that edits (or deletes) one story.
//!
//! The form is uncontrolled: its markup is static, the story's values are filled in once when the
//! dialog opens and read once on submit. Static markup compiles to one HTML string instead of
//! code per element, which keeps the dialog's WebAssembly small, and typing is left entirely to
//! the browser.

use leptos::prelude::*;

use super::round_history::PokerHistory;
use super::status_options::StatusOptions;

use super::view_state::{BacklogUi, Dialog};
use crate::browser::{fill_form, form_field};
use crate::domain::{StoryForm, StoryId};
use crate::state::Store;
use crate::ui::modal::Modal;

/// Edits the story `id`; closing returns focus to its row.
#[component]
pub fn StoryEditor(
    /// The story to edit.
    id: StoryId,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let close = move || {
        ui.dialog.set(Dialog::None);
        ui.reveal(id);
    };
    let Some(story) = store.board().with_untracked(|b| b.story(id).cloned()) else {
        return ().into_any();
    };
    let initial = StoryForm::of(&story);
    let error = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
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
                ("time_criticality", &initial.time_criticality),
                ("risk_reduction", &initial.risk_reduction),
                ("tags", &initial.tags),
                ("status", initial.status.key()),
            ],
        );
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = form_field(&ev);
        let form = StoryForm {
            title: field("title"),
            description: field("description"),
            acceptance: field("acceptance"),
            estimate: field("estimate"),
            value: field("value"),
            time_criticality: field("time_criticality"),
            risk_reduction: field("risk_reduction"),
            tags: field("tags"),
            status: field("status").parse().unwrap_or_default(),
        };
        match form.to_draft().and_then(|draft| store.dispatch(crate::domain::Action::UpdateStory { id, draft })) {
            Ok(_) => close(),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let delete = move |_| {
        if !confirm_delete.get_untracked() {
            confirm_delete.set(true);
            return;
        }
        ui.delete(store, vec![id], move |r| match r {
            Ok(()) => ui.dialog.set(Dialog::None),
            Err(e) => error.set(Some(e.to_string())),
        });
    };

    view! {
        <Modal title="Edit story" on_close=Callback::new(move |_| close())>
            <form class="editor" node_ref=form_ref on:submit=save on:input=move |_| error.set(None)>
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
                        <span>"Status"</span>
                        <select class="input" name="status">
                            <StatusOptions />
                        </select>
                    </label>
                </div>
                <fieldset class="field-row wsjf">
                    <legend>"Cost of delay (for WSJF; same scale for all three)"</legend>
                    <label class="field">
                        <span>"Business value"</span>
                        <input class="input" name="value" type="text" inputmode="numeric" />
                    </label>
                    <label class="field">
                        <span>"Time criticality"</span>
                        <input class="input" name="time_criticality" type="text" inputmode="numeric" />
                    </label>
                    <label class="field">
                        <span>"Risk reduction"</span>
                        <input class="input" name="risk_reduction" type="text" inputmode="numeric" />
                    </label>
                </fieldset>
                <label class="field">
                    <span>"Tags (comma-separated)"</span>
                    <input class="input" name="tags" type="text" />
                </label>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="btn btn-quiet btn-danger-text"
                        class:btn-danger=confirm_delete
                        on:click=delete
                    >
                        {move || if confirm_delete.get() { "Yes, delete this story" } else { "Delete…" }}
                    </button>
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| close()>
                        "Cancel"
                    </button>
                    <button type="submit" class="btn btn-primary">
                        "Save"
                    </button>
                </div>
            </form>
            <PokerHistory rounds=story.rounds.clone() />
        </Modal>
    }
    .into_any()
}
