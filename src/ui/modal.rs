//! A modal dialog frame: the native `<dialog>`, opened as modal when mounted, so focus is
//! trapped, Escape closes it and the page behind is inert — all by the browser; when it goes,
//! focus returns to the control that opened it.

use leptos::prelude::*;

/// A modal dialog titled `title`; `on_close` runs when it closes (Escape, or a child's close).
#[component]
pub fn Modal(
    /// The heading, which also names the dialog.
    title: &'static str,
    /// Called when the dialog closes.
    on_close: Callback<()>,
    /// Extra class for sizing ("dialog-wide").
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Focus goes back where it was when the dialog closes, however it closes (Escape, a button
    // that removes it, a route change), unless the user has already moved it elsewhere.
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> = StoredValue::new_local(
        document().active_element().and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()),
    );
    on_cleanup(move || {
        let Some(Some(el)) = opener.try_get_value() else { return };
        // Once the dialog has left the page (a modal dialog makes the rest inert until then).
        set_timeout(
            move || {
                let lost = document().active_element().is_none_or(|a| a.tag_name() == "BODY" || !a.is_connected());
                if lost && el.is_connected() {
                    let _ = el.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    // A lazily loaded dialog is built before it is attached, and only an attached <dialog> can
    // be shown as modal; waiting one frame covers both cases.
    dialog.on_load(|d| {
        request_animation_frame(move || {
            let _ = d.show_modal();
        });
    });
    view! {
        <dialog
            class=format!("dialog {class}")
            node_ref=dialog
            aria-labelledby="dialog-heading"
            on:close=move |_| on_close.run(())
        >
            <div class="dialog-body">
                <h2 id="dialog-heading">{title}</h2>
                {children()}
            </div>
        </dialog>
    }
}
