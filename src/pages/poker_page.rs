//! Planning poker on the backlog's stories.

use leptos::prelude::*;

use super::coming::Coming;

/// Estimating stories together with planning poker.
#[component]
pub fn PokerPage() -> impl IntoView {
    view! {
        <Coming
            title="Planning poker"
            what="Estimate the backlog's stories together: pick a deck, vote face down, reveal, and accept the estimate into the story. Play on one shared screen, each on a phone, across browser tabs, or remotely by links, with no server."
        />
    }
}
