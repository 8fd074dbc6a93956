//! The facilitator's async round: pick up to 30 stories, send one invite, add the answers as
//! they arrive, see who answered and each story's results, accept the agreed estimates in one
//! undoable step, and take the split ones to a live round.

use leptos::prelude::*;

use crate::browser::{now_ms, random_u64};
use crate::codec::poker_link::{self, BatchInvite};
use crate::components::copy_button::LinkOutput;
use crate::domain::batch::{Batch, BatchStory, STORIES_MAX};
use crate::domain::poker::{Round, Topic, decks_of, duration_text, open_stories};
use crate::domain::{Action, Date, StoryId, decimal};
use crate::state::batch::Desk;
use crate::state::round::{Keys, Table};
use crate::state::route::share_url;
use crate::state::{Store, crypto};

use super::poker_page::{Mode, PasteForm, UndoCard, deck_by_key, on_paste};

/// The async round of the board: its setup, or the round under way.
#[component]
pub fn AsyncRound() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let has = Memo::new(move |_| desk.batch().with(Option::is_some));
    view! {
        {move || desk.problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
        {move || if has.get() { view! { <BatchView /> }.into_any() } else { view! { <BatchSetup /> }.into_any() }}
    }
}

/// The invite text of a round and its keys.
fn invite_of(batch: &Batch, keys: &Keys) -> String {
    let invite = BatchInvite {
        round: batch.id,
        deadline: batch.deadline,
        deck: batch.deck.clone(),
        stories: batch.stories.iter().map(|s| (s.title.clone(), s.criteria.clone())).collect(),
        facilitator_key: keys.public.clone(),
    };
    share_url(&poker_link::encode_batch_invite(&invite))
}

#[component]
fn BatchSetup() -> impl IntoView {
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
                {format!("Up to {STORIES_MAX} stories in one invite. Each voter answers every story in their own time and sends back one sealed link; you add the links as they arrive.")}
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
                            {move || decks.get().into_iter().map(|d| view! { <option value=d.key>{d.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>"Answer by (deadline)"</span>
                        <input class="input" type="date" name="deadline" />
                    </label>
                </div>
                <label class="check-field">
                    <input type="checkbox" name="criteria" checked />
                    <span>"Send the acceptance criteria with the titles"</span>
                </label>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary" disabled=busy>"Create async round"</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn BatchView() -> impl IntoView {
    let store = expect_context::<Store>();
    let desk = expect_context::<Desk>();
    let table = expect_context::<Table>();
    let Mode(mode) = expect_context::<Mode>();
    let batch = desk.batch();
    let board = store.board();
    let message = RwSignal::new(None::<String>);
    let accepted = RwSignal::new(None::<String>);
    let ending = RwSignal::new(false);
    let invite = Signal::derive(move || {
        let keys = desk.keys().get();
        batch.with(|b| match (b, keys) {
            (Some(b), Some(k)) => invite_of(b, &k),
            _ => String::new(),
        })
    });
    let answered = move || batch.with(|b| b.as_ref().map(|b| b.answered().join(", ")).unwrap_or_default());
    let results = Memo::new(move |_| batch.with(|b| b.as_ref().map(Batch::results).unwrap_or_default()));
    let agreed = move || results.with(|r| r.iter().filter(|x| x.agreed.is_some()).count());
    let add = on_paste("answer", message, move |text| async move { add_answer_link(desk, &text).await });
    let accept = move |_| {
        let Some(b) = batch.get_untracked() else { return };
        let items = b.agreed(now_ms());
        let n = items.len();
        if n == 0 {
            message.set(Some("No story has agreed votes yet.".into()));
            return;
        }
        match store.dispatch(Action::AcceptEstimates { items }) {
            Ok(_) => accepted.set(Some(format!(
                "{n} agreed {} written to the backlog as one change.",
                if n == 1 { "estimate" } else { "estimates" }
            ))),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let discuss = move |i: usize| {
        let Some(b) = batch.get_untracked() else { return };
        let Some(s) = b.stories.get(i) else { return };
        let mut round = Round::new(random_u64(), Topic::Story(s.story), s.title.clone(), b.deck.clone(), now_ms());
        for name in b.answered() {
            let _ = round.join(name);
        }
        table.start(round);
        mode.set(Mode::LIVE);
    };
    let heading = move || {
        batch.with(|b| {
            b.as_ref()
                .map(|b| {
                    let deadline = b.deadline.map(|d| format!(" · answers by {d}")).unwrap_or_default();
                    format!("{} stories · {}{deadline}", b.stories.len(), b.deck.name)
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card" aria-labelledby="batch-heading">
            <h2 id="batch-heading">"Async round"</h2>
            <p class="muted">{heading}</p>
            <LinkOutput label="Invite link (one for everyone)" text=invite copy="Copy invite" done="Invite copied." message length=true />
            <PasteForm label="Paste an answer link" field="answer" button="Add answer" on_submit=add />
            <p role="status" class="round-message">{move || message.get()}</p>
            <p aria-live="polite">
                {move || match answered() {
                    a if a.is_empty() => "Nobody has answered yet.".to_owned(),
                    a => format!("Answered: {a}"),
                }}
            </p>
            {move || {
                // Names only: the team members who have not sent an answer yet.
                let waiting: Vec<String> = board.with(|b| {
                    batch.with(|r| {
                        let done = r.as_ref().map(|r| r.answered()).unwrap_or_default();
                        b.members
                            .iter()
                            .filter(|m| !done.iter().any(|d| d.eq_ignore_ascii_case(&m.name)))
                            .map(|m| m.name.clone())
                            .collect()
                    })
                });
                (!waiting.is_empty()).then(|| view! { <p class="muted">{format!("Not answered yet (of the team): {}", waiting.join(", "))}</p> })
            }}
            <UndoCard text=accepted />
            <div class="table-scroll">
                <table class="history batch-results">
                    <caption class="visually-hidden">"Results per story"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Story"</th>
                            <th scope="col">"Votes"</th>
                            <th scope="col">"Median card"</th>
                            <th scope="col">"Spread"</th>
                            <th scope="col">"Confidence"</th>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Outcome"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let stories = batch.with(|b| b.as_ref().map(|b| b.stories.clone()).unwrap_or_default());
                            results
                                .get()
                                .into_iter()
                                .zip(stories)
                                .enumerate()
                                .map(|(i, (r, s))| {
                                    let outcome = match (&r.agreed, r.voted) {
                                        (_, 0) => view! { <span class="muted">"No votes yet"</span> }.into_any(),
                                        (Some(c), _) => view! { <span class="flag flag-ok">{format!("Agreed: {}", c.label)}</span> }.into_any(),
                                        (None, _) => {
                                            let why = if r.stats.split {
                                                "Split"
                                            } else if r.stats.low_confidence() {
                                                "Unsure"
                                            } else {
                                                "No value"
                                            };
                                            let title = s.title.clone();
                                            view! {
                                                <span class="flag flag-warn">{format!("Discuss: {why}")}</span>
                                                " "
                                                <button type="button" class="btn btn-small" aria-label=format!("Discuss “{title}” in a live round") on:click=move |_| discuss(i)>
                                                    "Discuss live"
                                                </button>
                                            }
                                            .into_any()
                                        }
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row">{s.title.clone()}</th>
                                            <td>{r.voted}</td>
                                            <td>{r.stats.snapped.as_ref().map(|c| c.label.clone()).unwrap_or_else(|| "—".into())}</td>
                                            <td>{r.stats.spread.map(|x| decimal(x, 2)).unwrap_or_else(|| "—".into())}</td>
                                            <td>{match r.stats.confidence_text() { t if t.is_empty() => "—".to_owned(), t => t }}</td>
                                            <td>{duration_text(r.seconds)}</td>
                                            <td>{outcome}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="dialog-actions">
                <button type="button" class="btn btn-primary" on:click=accept disabled=move || agreed() == 0>
                    {move || format!("Accept {} agreed {}", agreed(), if agreed() == 1 { "estimate" } else { "estimates" })}
                </button>
                {move || if ending.get() {
                    view! {
                        <span class="muted">"Answers not accepted are discarded."</span>
                        <button type="button" class="btn btn-danger" on:click=move |_| desk.close()>"End it"</button>
                        <button type="button" class="btn" on:click=move |_| ending.set(false)>"Keep it"</button>
                    }
                    .into_any()
                } else {
                    view! { <button type="button" class="btn btn-quiet" on:click=move |_| ending.set(true)>"End async round"</button> }.into_any()
                }}
            </div>
        </section>
    }
}

/// Reads an answer link (pasted, or opened as a link) and adds it to the round it belongs to.
pub async fn add_answer_link(desk: Desk, text: &str) -> Result<String, String> {
    let payload = crate::state::route::payload_of(text);
    match poker_link::decode(payload) {
        Ok(poker_link::PokerLink::Answer(v)) => desk.add_answer(&v).await,
        Ok(poker_link::PokerLink::Vote(_)) => {
            Err("That is a vote for a live round; paste it under “Remote voters” in the live round.".into())
        }
        Ok(_) => Err("That is an invite link, not an answer.".into()),
        Err(e) => Err(format!("This answer link cannot be read: {e}.")),
    }
}
