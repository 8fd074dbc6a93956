//! An async round under way: its invite, the answers as they arrive, who answered, each
//! story's results, accepting the agreed ones in one undoable step, and taking the split ones
//! to a live round.

use leptos::prelude::*;

use super::async_desk::Desk;
use super::context::{Mode, PokerMode};
use super::paste_form::{PasteForm, on_paste};
use super::table::{Keys, Table};
use super::undo_card::UndoCard;
use crate::browser::{now_ms, random_u64};
use crate::codec::poker_link::{self, BatchInvite};
use crate::domain::batch::Batch;
use crate::domain::poker::{Round, Topic, duration_text};
use crate::domain::{Action, decimal};
use crate::state::Store;
use crate::state::route::share_url;
use crate::ui::link_output::LinkOutput;

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
pub fn BatchView() -> impl IntoView {
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
    let done = Memo::new(move |_| batch.with(|b| b.as_ref().and_then(|b| b.accepted_at).is_some()));
    // A story chosen for a live discussion while a live round is still in progress: asked first.
    let asking = RwSignal::new(None::<usize>);
    let results = Memo::new(move |_| batch.with(|b| b.as_ref().map(Batch::results).unwrap_or_default()));
    let agreed = move || results.with(|r| r.iter().filter(|x| x.agreed.is_some()).count());
    let add = on_paste("answer", message, move |text| async move { desk.add_answer_link(&text).await });
    let accept = move |_| {
        let Some(b) = batch.get_untracked() else { return };
        if b.accepted_at.is_some() {
            message.set(Some("These estimates were accepted already.".into()));
            return;
        }
        let now = now_ms();
        let (items, gone) = board.with_untracked(|board| b.acceptable(now, |id| board.story(id).is_some()));
        let n = items.len();
        let gone_text = match gone.len() {
            0 => String::new(),
            _ => format!(" Not on the board any more, so not accepted: {}.", gone.join(", ")),
        };
        if n == 0 {
            message.set(Some(format!("No story on the board has agreed votes yet.{gone_text}")));
            return;
        }
        match store.dispatch(Action::AcceptEstimates { items }) {
            Ok(_) => {
                desk.accepted(now);
                accepted.set(Some(format!(
                    "{n} agreed {} written to the backlog as one change.{gone_text}",
                    if n == 1 { "estimate" } else { "estimates" }
                )));
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let start_live = move |i: usize| {
        asking.set(None);
        let Some(b) = batch.get_untracked() else { return };
        let Some(s) = b.stories.get(i) else { return };
        let mut round = Round::new(random_u64(), Topic::Story(s.story), s.title.clone(), b.deck.clone(), now_ms());
        for name in b.answered() {
            let _ = round.join(&name);
        }
        table.start(round);
        mode.set(PokerMode::Live);
    };
    let discuss = move |i: usize| {
        if table.round().with_untracked(Option::is_some) {
            asking.set(Some(i));
        } else {
            start_live(i);
        }
    };
    let title_of = move |i: usize| {
        batch.with(|b| b.as_ref().and_then(|b| b.stories.get(i)).map(|s| s.title.clone()).unwrap_or_default())
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
            <LinkOutput
                label="Invite link (one for everyone)"
                text=invite
                copy="Copy invite"
                done="Invite copied."
                message
                length=true
            />
            <PasteForm label="Paste an answer link" field="answer" button="Add answer" on_submit=add />
            <p role="status" class="round-message">
                {move || message.get()}
            </p>
            <p aria-live="polite">
                {move || match answered() {
                    a if a.is_empty() => "Nobody has answered yet.".to_owned(),
                    a => format!("Answered: {a}"),
                }}
            </p>
            {move || {
                let waiting: Vec<String> = board
                    .with(|b| {
                        batch
                            .with(|r| {
                                let answers = r.as_ref().map(|r| r.answers.as_slice()).unwrap_or_default();
                                b.members
                                    .iter()
                                    .filter(|m| !answers.iter().any(|a| a.voter.eq_ignore_ascii_case(&m.name)))
                                    .map(|m| m.name.clone())
                                    .collect()
                            })
                    });
                (!waiting.is_empty())
                    .then(|| {
                        // Names only: the team members who have not sent an answer yet.
                        view! {
                            <p class="muted">{format!("Not answered yet (of the team): {}", waiting.join(", "))}</p>
                        }
                    })
            }}
            <UndoCard text=accepted />
            {move || {
                asking
                    .get()
                    .map(|i| {
                        let live = table.round().with(|r| r.as_ref().map(|r| r.title.clone()).unwrap_or_default());
                        view! {
                            <div class="notice" role="alertdialog" aria-labelledby="discuss-confirm">
                                <p class="notice-text" id="discuss-confirm">
                                    {format!(
                                        "A live round on “{live}” is in progress. End it and discuss “{}” instead? Its votes are not kept.",
                                        title_of(i),
                                    )}
                                </p>
                                <div class="notice-actions">
                                    <button type="button" class="btn btn-danger" on:click=move |_| start_live(i)>
                                        "End it and discuss"
                                    </button>
                                    <button type="button" class="btn" on:click=move |_| asking.set(None)>
                                        "Keep the live round"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <div class="table-scroll">
                <table class="history batch-results">
                    <caption class="visually-hidden">"Results per story"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Story"</th>
                            <th scope="col">"Votes"</th>
                            <th scope="col">"Cards"</th>
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
                            let cards: Vec<String> = batch
                                .with(|b| {
                                    b.as_ref()
                                        .map(|b| {
                                            (0..b.stories.len())
                                                .map(|i| {
                                                    b.cards_of(i)
                                                        .into_iter()
                                                        .map(|(who, c)| format!("{who} {}", c.label))
                                                        .collect::<Vec<_>>()
                                                        .join(", ")
                                                })
                                                .collect()
                                        })
                                        .unwrap_or_default()
                                });
                            results
                                .get()
                                .into_iter()
                                .zip(stories)
                                .enumerate()
                                .map(|(i, (r, s))| {
                                    let outcome = match (&r.agreed, r.voted) {
                                        (_, 0) => view! { <span class="muted">"No votes yet"</span> }.into_any(),
                                        (Some(c), _) => {
                                            view! { <span class="flag flag-ok">{format!("Agreed: {}", c.label)}</span> }
                                                .into_any()
                                        }
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
                                                <button
                                                    type="button"
                                                    class="btn btn-small"
                                                    aria-label=format!("Discuss “{title}” in a live round")
                                                    on:click=move |_| discuss(i)
                                                >
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
                                            <td class="batch-cards">
                                                {match cards.get(i) {
                                                    Some(c) if !c.is_empty() => c.clone(),
                                                    _ => "—".to_owned(),
                                                }}
                                            </td>
                                            <td>
                                                {r
                                                    .stats
                                                    .snapped
                                                    .as_ref()
                                                    .map(|c| c.label.clone())
                                                    .unwrap_or_else(|| "—".into())}
                                            </td>
                                            <td>
                                                {r.stats.spread.map(|x| decimal(x, 2)).unwrap_or_else(|| "—".into())}
                                            </td>
                                            <td>
                                                {match r.stats.confidence_text() {
                                                    t if t.is_empty() => "—".to_owned(),
                                                    t => t,
                                                }}
                                            </td>
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
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=accept
                    disabled=move || { agreed() == 0 || done.get() }
                >
                    {move || {
                        let n = agreed();
                        let what = if n == 1 { "estimate" } else { "estimates" };
                        if done.get() {
                            format!("{n} agreed {what} accepted")
                        } else {
                            format!("Accept {n} agreed {what}")
                        }
                    }}
                </button>
                {move || {
                    if ending.get() {
                        view! {
                            <span class="muted">"Answers not accepted are discarded."</span>
                            <button type="button" class="btn btn-danger" on:click=move |_| desk.close()>
                                "End it"
                            </button>
                            <button type="button" class="btn" on:click=move |_| ending.set(false)>
                                "Keep it"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn-quiet" on:click=move |_| ending.set(true)>
                                "End async round"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </section>
    }
}
