//! The async round of the board: its setup, or the round under way.

use leptos::prelude::*;

use super::async_desk::Desk;
use super::async_results::BatchView;
use super::async_setup::BatchSetup;

/// The async round of the board: its setup, or the round under way.
#[component]
pub fn AsyncRound() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let has = Memo::new(move |_| desk.batch().with(Option::is_some));
    view! {
        {move || {
            desk.problem()
                .get()
                .map(|p| {
                    view! {
                        <p class="notice notice-error" role="alert">
                            {p}
                        </p>
                    }
                })
        }}
        {move || if has.get() { view! { <BatchView /> }.into_any() } else { view! { <BatchSetup /> }.into_any() }}
    }
}
