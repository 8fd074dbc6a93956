//! The one-field form a vote or an answer link is pasted into.

use leptos::prelude::*;

/// The submit handler of a "paste a link" form: reads its field `field`, runs `add` on the text
/// and shows the outcome in `message`; the form is cleared when it worked.
pub fn on_paste<F, Fut>(
    field: &'static str,
    message: RwSignal<Option<String>>,
    add: F,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
where
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<String, String>> + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = crate::browser::form_field(&ev)(field);
        let form = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok());
        leptos::task::spawn_local(async move {
            let result = add(text).await;
            let ok = result.is_ok();
            message.try_set(Some(result.unwrap_or_else(|e| e)));
            if ok && let Some(f) = form {
                f.reset();
            }
        });
    }
}

/// A one-field form to paste a link into.
#[component]
pub fn PasteForm<F>(label: &'static str, field: &'static str, button: &'static str, on_submit: F) -> impl IntoView
where
    F: Fn(leptos::ev::SubmitEvent) + 'static,
{
    view! {
        <form class="inline-form" on:submit=on_submit>
            <label class="field">
                <span>{label}</span>
                <input class="input" name=field autocomplete="off" />
            </label>
            <button type="submit" class="btn">
                {button}
            </button>
        </form>
    }
}
