//! A button that puts a link on the clipboard and says whether it worked.

use leptos::prelude::*;

use crate::browser::clipboard::use_clipboard;

/// Copies `text` and reports it in `message`: `done`, or how to copy by hand.
#[component]
pub fn CopyButton(
    /// The button's label (its accessible name).
    label: &'static str,
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// What `message` says once it is copied.
    done: &'static str,
    /// Where the outcome is said.
    message: RwSignal<Option<String>>,
    /// Styled as the main action.
    #[prop(optional)]
    primary: bool,
) -> impl IntoView {
    let clipboard = use_clipboard();
    view! {
        <button
            type="button"
            class="btn"
            class:btn-primary=primary
            on:click=move |_| {
                let text = text.get_untracked();
                leptos::task::spawn_local(async move {
                    let said = match clipboard.copy(&text).await {
                        Ok(()) => done,
                        Err(_) => "This browser refused to copy; select the link and copy it by hand.",
                    };
                    message.try_set(Some(said.to_owned()));
                });
            }
        >
            {label}
        </button>
    }
}
