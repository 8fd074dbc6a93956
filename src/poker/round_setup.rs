//! Starting a live round: the story (or a free topic), the deck, the timer and the voters.

use leptos::prelude::*;

use super::context::Accepted;
use super::deck_options::DeckOptions;
use super::table::Table;
use super::undo_card::UndoCard;
use crate::browser::{now_ms, random_u64};
use crate::domain::StoryId;
use crate::domain::poker::{Round, Topic, deck_by_key, decks_of, open_stories};
use crate::state::Store;

#[component]
pub fn RoundSetup() -> impl IntoView {
    let store = expect_context::<Store>();
    let table = expect_context::<Table>();
    let error = RwSignal::new(None::<String>);
    let Accepted(accepted) = expect_context::<Accepted>();
    let board = store.board();
    // Unestimated open stories first, in backlog order: what a team estimates next.
    let stories = Memo::new(move |_| board.with(open_stories));
    let team = move || board.with(|b| b.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", "));
    let decks = Memo::new(move |_| board.with(|b| decks_of(&b.decks)));
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = crate::browser::form_field(&ev);
        let deck = deck_by_key(&decks.get_untracked(), &field("deck"));
        let topic_key = field("story");
        let (topic, title) = if topic_key.is_empty() {
            let text = field("topic");
            match crate::domain::text::one_line(crate::domain::Field::Title, &text, crate::domain::text::TITLE_MAX) {
                Ok(t) => (Topic::Free(t.clone()), t),
                Err(_) => {
                    error.set(Some("Pick a story, or type a topic to estimate.".into()));
                    return;
                }
            }
        } else {
            let Ok(id) = topic_key.parse::<StoryId>() else { return };
            let Some(title) = board.with_untracked(|b| b.story(id).map(|s| s.title.clone())) else {
                error.set(Some("That story is no longer on the board.".into()));
                return;
            };
            (Topic::Story(id), title)
        };
        let mut round = Round::new(random_u64(), topic, title, deck, now_ms());
        round.auto_reveal = field("auto") == "on";
        round.timer_secs = field("timer").parse::<u32>().ok().filter(|t| *t > 0);
        for name in field("voters").split([',', '\n']).map(str::trim).filter(|n| !n.is_empty()) {
            if let Err(e) = round.join(name) {
                error.set(Some(e.to_string()));
                return;
            }
        }
        error.set(None);
        accepted.set(None);
        table.start(round);
    };
    view! {
        <UndoCard text=accepted />
        <section class="card" aria-labelledby="setup-heading">
            <h2 id="setup-heading">"Start a round"</h2>
            <form class="poker-setup" on:submit=start>
                <label class="field">
                    <span>"Story"</span>
                    <select class="input" name="story">
                        {move || {
                            stories
                                .get()
                                .into_iter()
                                .map(|(id, title, estimated)| {
                                    let label = if estimated { format!("{title} (estimated)") } else { title };
                                    view! { <option value=id.to_string()>{label}</option> }
                                })
                                .collect_view()
                        }}
                        <option value="">"Another topic (type it below)"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Topic, if not a story"</span>
                    <input class="input" name="topic" maxlength="200" />
                </label>
                <div class="field-row">
                    <label class="field">
                        <span>"Deck"</span>
                        <select class="input" name="deck">
                            <DeckOptions decks />
                        </select>
                    </label>
                    <label class="field">
                        <span>"Timer"</span>
                        <select class="input" name="timer">
                            <option value="0">"None"</option>
                            <option value="60">"1 minute"</option>
                            <option value="120">"2 minutes"</option>
                            <option value="180">"3 minutes"</option>
                            <option value="300">"5 minutes"</option>
                        </select>
                    </label>
                </div>
                <label class="field">
                    <span>"Voters (names, separated by commas; more can join later)"</span>
                    <input class="input" name="voters" prop:value=team />
                </label>
                <label class="check-field">
                    <input type="checkbox" name="auto" />
                    <span>"Reveal by itself when everyone has voted (or when the timer runs out)"</span>
                </label>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">
                        "Start round"
                    </button>
                </div>
            </form>
        </section>
    }
}
