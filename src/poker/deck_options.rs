//! The decks of the board as the `<option>`s of a deck picker.

use leptos::prelude::*;

use crate::domain::poker::Deck;

/// One `<option>` per deck, valued by its key.
#[component]
pub fn DeckOptions(
    /// The decks the board offers, in order.
    #[prop(into)]
    decks: Signal<Vec<Deck>>,
) -> impl IntoView {
    move || decks.get().into_iter().map(|d| view! { <option value=d.key>{d.name}</option> }).collect_view()
}
