//! After the reveal: the figures, a re-vote, and accepting the estimate into the story as one
//! undoable change.

use leptos::prelude::*;

use super::context::Accepted;
use super::stats_view::StatsView;
use super::table::Table;
use crate::browser::{now_ms, random_u64};
use crate::domain::Action;
use crate::domain::poker::Topic;
use crate::state::Store;

/// The figures after the reveal, and accepting the estimate.
#[component]
pub fn Results(message: RwSignal<Option<String>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let table = expect_context::<Table>();
    let Accepted(done) = expect_context::<Accepted>();
    let round = table.round();
    let stats = Memo::new(move |_| round.with(|r| r.as_ref().and_then(|r| r.stats().ok())));
    let choice = RwSignal::new(String::new());
    Effect::new(move || {
        if let Some(s) = stats.get().and_then(|s| s.snapped) {
            choice.set(s.label);
        }
    });
    let is_story = move || round.with(|r| matches!(r.as_ref().map(|r| &r.topic), Some(Topic::Story(_))));
    let accept = move |_| {
        let Some(r) = round.get_untracked() else { return };
        let Topic::Story(id) = r.topic else { return };
        let Some(card) = r.deck.cards.iter().find(|c| c.label == choice.get_untracked()).cloned() else {
            message.set(Some("Pick the card to accept.".into()));
            return;
        };
        let mut rounds = r.earlier.clone();
        rounds.push(r.record(now_ms(), Some(card.clone())));
        match store.dispatch(Action::AcceptEstimate { id, card: card.clone(), rounds }) {
            Ok(_) => {
                table.close();
                done.set(Some(format!("Estimate {} saved on “{}”.", card.label, r.title)));
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let revote = move |_| {
        if let Err(e) = table.update(|r| r.revote(random_u64(), now_ms())) {
            message.set(Some(e.to_string()));
        } else {
            message.set(Some("Re-vote: the earlier votes are kept with the story's history.".into()));
        }
    };
    let numeric = move || {
        round.with(|r| {
            r.as_ref()
                .map(|r| r.deck.cards.iter().filter(|c| !c.is_special()).cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        {move || stats.get().map(|s| view! { <StatsView stats=s /> })}
        <div class="accept">
            {move || {
                if is_story() {
                    view! {
                        <label class="field">
                            <span>"Estimate to accept"</span>
                            <select
                                class="input"
                                prop:value=choice
                                on:change=move |ev| choice.set(event_target_value(&ev))
                            >
                                {move || {
                                    numeric()
                                        .into_iter()
                                        .map(|c| view! { <option value=c.label.clone()>{c.label.clone()}</option> })
                                        .collect_view()
                                }}
                            </select>
                        </label>
                        <button type="button" class="btn btn-primary" on:click=accept>
                            "Accept estimate"
                        </button>
                    }
                        .into_any()
                } else {
                    view! { <p class="muted">"A free topic: nothing is written to the backlog."</p> }.into_any()
                }
            }} <button type="button" class="btn" on:click=revote>
                "Re-vote"
            </button> <button type="button" class="btn btn-quiet" on:click=move |_| table.close()>
                "End round"
            </button>
        </div>
    }
}
