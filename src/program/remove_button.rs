//! The small button that takes one item out of the program.

use leptos::prelude::*;

use super::desk::Desk;
use crate::domain::program::ProgramChange;
use crate::ui::status_line::Status;

/// A small button that takes something out of the program by the change `remove` (named by
/// `label` for assistive technology) and says `said`, or why it could not.
pub fn remove_button(
    (desk, status): (Desk, Status),
    label: String,
    text: &'static str,
    said: &'static str,
    remove: ProgramChange,
) -> impl IntoView {
    let remove = StoredValue::new(remove);
    view! {
        <button
            type="button"
            class="btn btn-small btn-danger-text"
            aria-label=label
            on:click=move |_| status.say(desk.apply(remove.get_value()), said)
        >
            {text}
        </button>
    }
}
