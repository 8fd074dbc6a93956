//! An Undo or Redo button: named by its verb, its tooltip says what the step changes, and it is
//! `aria-disabled` (still focusable, so the reason can be read) when there is nothing to step.

use leptos::prelude::*;

/// One undo or redo button.
#[component]
pub fn StepButton<F>(
    /// "Undo" or "Redo": the button's name.
    verb: &'static str,
    /// What the step would change, if there is a step.
    #[prop(into)]
    label: Signal<Option<String>>,
    /// The keys that do the same, for the tooltip ("Ctrl+Z").
    #[prop(optional)]
    keys: Option<&'static str>,
    /// Takes the step.
    on_press: F,
) -> impl IntoView
where
    F: Fn() + 'static,
{
    let title = move || match (label.get(), keys) {
        (None, _) => format!("Nothing to {}", verb.to_lowercase()),
        (Some(l), Some(k)) => format!("{verb} {l} ({k})"),
        (Some(l), None) => format!("{verb} {l}"),
    };
    view! {
        <button
            type="button"
            class="btn"
            aria-disabled=move || label.with(Option::is_none).to_string()
            title=title
            on:click=move |_| on_press()
        >
            {verb}
        </button>
    }
}
