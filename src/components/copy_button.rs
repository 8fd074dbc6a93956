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

/// A read-only link in a labelled box with a button that copies it, and, if `length` is set,
/// how long it is and whether it fits a chat message.
#[component]
pub fn LinkOutput(
    /// The box's label (its accessible name).
    label: &'static str,
    #[prop(into)] text: Signal<String>,
    /// The copy button's label and what it says once copied.
    copy: &'static str,
    done: &'static str,
    message: RwSignal<Option<String>>,
    #[prop(optional)] length: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea class="input link-box" rows="2" readonly prop:value=text></textarea>
        </label>
        <div class="copy-row">
            <CopyButton label=copy text done message />
            {length.then(|| view! {
                <span class="muted">{move || crate::domain::batch::fits_chat(text.with(String::len))}</span>
            })}
        </div>
    }
}
