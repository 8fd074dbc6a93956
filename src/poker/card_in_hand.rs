//! A full-screen card for estimating with phones held up: pick, then tap to hide or show; the
//! screen is kept awake meanwhile.

use leptos::prelude::*;

use super::context::InHand;
use super::table::Table;
use crate::browser::wake_lock::use_wake_lock;
use crate::domain::poker::{Card, deck_by_key, decks_of};
use crate::state::Store;

/// A full-screen card for estimating with phones held up: pick, then tap to hide or show.
#[component]
pub fn CardInHand() -> impl IntoView {
    let store = expect_context::<Store>();
    let InHand(open) = expect_context::<InHand>();
    let table = expect_context::<Table>();
    let decks = store.board().with_untracked(|b| decks_of(&b.decks));
    let start_deck = table.round().get_untracked().map(|r| r.deck).unwrap_or_else(|| decks[0].clone());
    let deck = RwSignal::new(start_deck);
    let shown = RwSignal::new(None::<Card>);
    let hidden = RwSignal::new(false);
    use_wake_lock(Signal::derive(move || shown.get().is_some()));
    let all = decks.clone();
    view! {
        <div class="in-hand" role="dialog" aria-modal="true" aria-label="Card in hand">
            {move || match shown.get() {
                None => {
                    view! {
                        <div class="in-hand-pick">
                            <label class="field">
                                <span>"Deck"</span>
                                <select
                                    class="input"
                                    on:change={
                                        let all = all.clone();
                                        move |ev| deck.set(deck_by_key(&all, &event_target_value(&ev)))
                                    }
                                >
                                    {all
                                        .iter()
                                        .map(|d| {
                                            let key = d.key.clone();
                                            view! {
                                                <option
                                                    value=d.key.clone()
                                                    selected=move || deck.with(|x| x.key == key)
                                                >
                                                    {d.name.clone()}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <div class="card-grid" role="group" aria-label="Cards">
                                {move || {
                                    deck.get()
                                        .cards
                                        .into_iter()
                                        .map(|c| {
                                            let name = c.spoken_name();
                                            let label = c.label.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="poker-card pick"
                                                    aria-label=name
                                                    on:click=move |_| {
                                                        hidden.set(false);
                                                        shown.set(Some(c.clone()));
                                                    }
                                                >
                                                    {label}
                                                </button>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </div>
                            <button type="button" class="btn" on:click=move |_| open.set(false)>
                                "Close"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(card) => {
                    let name = card.spoken_name();
                    let label = card.label.clone();
                    view! {
                        <button
                            type="button"
                            class="in-hand-card"
                            class:face-down=hidden
                            aria-label=move || {
                                if hidden.get() {
                                    "Card hidden; tap to show".to_owned()
                                } else {
                                    format!("{name}; tap to hide")
                                }
                            }
                            on:click=move |_| hidden.update(|h| *h = !*h)
                        >
                            <span aria-hidden="true">
                                {move || if hidden.get() { String::new() } else { label.clone() }}
                            </span>
                        </button>
                        <button type="button" class="btn in-hand-back" on:click=move |_| shown.set(None)>
                            "Pick another card"
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
