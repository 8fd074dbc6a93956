//! A link in a labelled read-only box, with the button that copies it.

use leptos::prelude::*;

use super::copy_button::CopyButton;

/// A read-only link in a labelled box with a button that copies it, and, if `length` is set,
/// how long it is and whether it fits a chat message.
#[component]
pub fn LinkOutput(
    /// The box's label (its accessible name).
    label: &'static str,
    /// The link.
    #[prop(into)]
    text: Signal<String>,
    /// The copy button's label.
    copy: &'static str,
    /// What `message` says once it is copied.
    done: &'static str,
    /// Where the outcome of copying is said.
    message: RwSignal<Option<String>>,
    /// Whether to say the link's length and where it fits.
    #[prop(optional)]
    length: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea class="input link-box" rows="2" readonly prop:value=text></textarea>
        </label>
        <div class="copy-row">
            <CopyButton label=copy text done message />
            {length
                .then(|| {
                    view! {
                        <span class="muted">{move || crate::domain::batch::fits_chat(text.with(String::len))}</span>
                    }
                })}
        </div>
    }
}
