//! Starting an async round: up to 30 stories, a deck, a deadline, and whether the acceptance
//! criteria travel with the titles.

use leptos::prelude::*;

use super::async_desk::Desk;
use super::deck_options::DeckOptions;
use super::table::Keys;
use crate::browser::{crypto, now_ms, random_u64};
use crate::domain::batch::{Batch, BatchStory, STORIES_MAX};
use crate::domain::poker::{deck_by_key, decks_of, open_stories};
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::domain::{Date, StoryId};
use crate::state::Store;

#[component]
pub fn BatchSetup() -> impl IntoView {
    let store = expect_context::<Store>();
    let desk = expect_context::<Desk>();
    let board = store.board();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Open stories, unestimated first, in backlog order; the unestimated ones are picked.
    let stories = Memo::new(move |_| board.with(open_stories));
    let picked = RwSignal::new(Vec::<StoryId>::new());
    Effect::new(move || {
        let first: Vec<StoryId> =
            stories.get().iter().filter(|(_, _, e)| !e).take(STORIES_MAX).map(|(id, _, _)| *id).collect();
        picked.set(first);
    });
    let decks = Memo::new(move |_| board.with(|b| decks_of(&b.decks)));
    let count = move || picked.with(Vec::len);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = crate::browser::form_field(&ev);
        let deck = deck_by_key(&decks.get_untracked(), &field("deck"));
        let deadline = match field("deadline") {
            d if d.is_empty() => None,
            d => match d.parse::<Date>() {
                Ok(d) => Some(d),
                Err(e) => {
                    error.set(Some(format!("The deadline is not a date: {e}.")));
                    return;
                }
            },
        };
        let with_criteria = field("criteria") == "on";
        let ids = picked.get_untracked();
        let chosen: Vec<BatchStory> = board.with_untracked(|b| {
            // In backlog order, as the team knows them.
            b.stories.iter().filter(|s| ids.contains(&s.id)).map(|s| BatchStory::of(s, with_criteria)).collect()
        });
        let batch = match Batch::new(random_u64(), deck, chosen, deadline, now_ms()) {
            Ok(b) => b,
            Err(e) => {
                error.set(Some(e.to_string()));
                return;
            }
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let keys = crypto::facilitator_keys().await.map(|(public, private)| Keys { public, private });
            busy.try_set(false);
            match keys {
                Ok(keys) => {
                    error.try_set(None);
                    desk.start(batch, keys);
                }
                Err(e) => {
                    error.try_set(Some(format!("The round's keys could not be made: {e}.")));
                }
            }
        });
    };
    let toggle = move |id: StoryId, on: bool| {
        picked.update(|p| {
            p.retain(|x| *x != id);
            if on {
                p.push(id);
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="async-heading">
            <h2 id="async-heading">"Start an async round"</h2>
            <p class="muted">
                {format!(
                    "Up to {STORIES_MAX} stories in one invite. Each voter answers every story in their own time and sends back one sealed link; you add the links as they arrive.",
                )}
            </p>
            <form class="poker-setup" on:submit=start>
                <fieldset class="story-picks">
                    <legend>{move || format!("Stories ({} of at most {STORIES_MAX} picked)", count())}</legend>
                    <ul class="pick-list">
                        {move || {
                            stories
                                .get()
                                .into_iter()
                                .map(|(id, title, estimated)| {
                                    let label = if estimated { format!("{title} (estimated)") } else { title };
                                    view! {
                                        <li>
                                            <label class="check-field">
                                                <input
                                                    type="checkbox"
                                                    prop:checked=move || picked.with(|p| p.contains(&id))
                                                    on:change=move |ev| toggle(id, event_target_checked(&ev))
                                                />
                                                <span>{label}</span>
                                            </label>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </fieldset>
                <div class="field-row">
                    <label class="field">
                        <span>"Deck"</span>
                        <select class="input" name="deck">
                            <DeckOptions decks />
                        </select>
                    </label>
                    <label class="field">
                        <span>"Answer by (deadline)"</span>
                        <input class="input" type="date" min=DATE_MIN max=DATE_MAX name="deadline" />
                    </label>
                </div>
                <label class="check-field">
                    <input type="checkbox" name="criteria" checked />
                    <span>"Send the acceptance criteria with the titles"</span>
                </label>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary" disabled=busy>
                        "Create async round"
                    </button>
                </div>
            </form>
        </section>
    }
}
