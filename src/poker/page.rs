//! The Poker page: a live round (on one screen, phones, several windows or by links), an async
//! round over many stories, or the relative sizing board, chosen by the mode tabs.

use leptos::prelude::*;

use super::async_desk::Desk;
use super::async_round::AsyncRound;
use super::card_in_hand::CardInHand;
use super::context::{Accepted, InHand, Mode, PokerMode};
use super::deck_editor::DeckEditor;
use super::round_setup::RoundSetup;
use super::round_view::RoundView;
use super::sizing_board::SizingBoard;
use super::table::Table;
use crate::state::Store;

/// The Poker page.
#[component]
pub fn PokerPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let table = Table::open(store.board().get_untracked().id);
    provide_context(table);
    let in_hand = RwSignal::new(false);
    provide_context(InHand(in_hand));
    let accepted = RwSignal::new(None::<String>);
    provide_context(Accepted(accepted));
    let desk = Desk::open(store.board().get_untracked().id);
    provide_context(desk);
    // Open on the async round when one is under way and no live round is.
    let start_mode = if table.round().with_untracked(Option::is_none) && desk.batch().with_untracked(Option::is_some) {
        PokerMode::Async
    } else {
        PokerMode::Live
    };
    let mode = RwSignal::new(start_mode);
    provide_context(Mode(mode));
    // Views are rebuilt only when a round starts or ends, not on every vote.
    let has_round = Memo::new(move |_| table.round().with(Option::is_some));
    let tab = move |m: PokerMode| {
        view! {
            <button
                type="button"
                class="seg"
                aria-pressed=move || (mode.get() == m).to_string()
                on:click=move |_| mode.set(m)
            >
                {m.label()}
            </button>
        }
    };
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Planning poker"</h1>
                    <p class="page-summary">
                        "Vote face down, reveal together, accept the estimate. One screen, phones, several windows or links: no server."
                    </p>
                </div>
                <div class="toolbar">
                    <a class="btn btn-primary" href="#/room">
                        "Start a live room"
                    </a>
                    <button type="button" class="btn" on:click=move |_| in_hand.set(true)>
                        "Card in hand"
                    </button>
                </div>
            </header>
            <nav class="segmented" aria-label="Kind of estimation">
                {PokerMode::ALL.map(tab)}
            </nav>
            {move || {
                table
                    .problem()
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {p}
                            </p>
                        }
                    })
            }}
            {move || match (mode.get(), has_round.get()) {
                (PokerMode::Async, _) => view! { <AsyncRound /> }.into_any(),
                (PokerMode::Sizing, _) => view! { <SizingBoard /> }.into_any(),
                (_, false) => view! { <RoundSetup /> }.into_any(),
                (_, true) => view! { <RoundView /> }.into_any(),
            }}
            <DeckEditor />
            {move || in_hand.get().then(|| view! { <CardInHand /> })}
        </section>
    }
}
