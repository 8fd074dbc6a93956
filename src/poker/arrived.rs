//! What became of a vote or an answer opened as a link, with the way to its round.

use leptos::prelude::*;

use crate::state::Route;
use crate::state::route::to_backlog;
use crate::ui::modal::Modal;

/// What became of a vote or an answer opened as a link, with the way to its round.
#[component]
pub fn Arrived(title: &'static str, message: RwSignal<String>) -> impl IntoView {
    let close = Callback::new(|_| to_backlog());
    view! {
        <Modal title on_close=close>
            <p role="status">{move || message.get()}</p>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=move |_| crate::state::route::replace_route(Route::Poker)
                >
                    "Go to the round"
                </button>
            </div>
        </Modal>
    }
}
