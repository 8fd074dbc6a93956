//! The small button that takes one item out of the program.

use leptos::prelude::*;

use super::desk::Desk;
use crate::domain::program::{Program, ProgramError};
use crate::ui::status_line::Status;

/// A small button that takes something out of the program through the domain operation
/// `remove` (named by `label` for assistive technology) and says `said`, or why it could not.
pub fn remove_button<T: 'static>(
    (desk, status): (Desk, Status),
    label: String,
    text: &'static str,
    said: &'static str,
    remove: impl Fn(&mut Program) -> Result<T, ProgramError> + Copy + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn btn-small btn-danger-text"
            aria-label=label
            on:click=move |_| status.say(desk.change(remove), said)
        >
            {text}
        </button>
    }
}
