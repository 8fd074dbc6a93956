//! A button that puts a link on the clipboard and says whether it worked.

use leptos::prelude::*;

/// Copies `text` and reports it in `message`: `done`, or how to copy by hand.
#[component]
pub fn CopyButton(
    label: &'static str,
    #[prop(into)] text: Signal<String>,
    done: &'static str,
    message: RwSignal<Option<String>>,
    /// Styled as the main action.
    #[prop(optional)]
    primary: bool,
) -> impl IntoView {
    view! {
        <button type="button" class="btn" class:btn-primary=primary on:click=move |_| {
            let text = text.get_untracked();
            leptos::task::spawn_local(async move {
                let ok = crate::browser::copy_text(&text).await;
                message.try_set(Some(if ok { done.into() } else { "This browser refused to copy; select the link and copy it by hand.".into() }));
            });
        }>{label}</button>
    }
}
