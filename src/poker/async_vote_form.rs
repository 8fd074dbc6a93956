//! A voter's view of an async invite: every story in their own time, the answers kept in this
//! browser, then sealed into one link for the facilitator.

use leptos::prelude::*;

use super::async_desk::{DraftEdit, open_draft};
use super::confidence_picker::ConfidencePicker;
use super::vote_form::sealed_link;
use crate::browser::{crypto, now_ms};
use crate::codec::kinds;
use crate::codec::poker_link::{self, BatchInvite, Picks};
use crate::domain::batch::DraftChange;
use crate::domain::poker::{Confidence, VOTER_NAME_MAX, clean_name};
use crate::state::route::to_backlog;
use crate::storage::format::RoundKeys;
use crate::ui::link_output::LinkOutput;
use crate::ui::modal::Modal;

/// A voter's view of an async invite.
#[component]
pub fn BatchVoteForm(invite: BatchInvite) -> impl IntoView {
    let n = invite.stories.len();
    let doc = open_draft(invite.round, n);
    let value = doc.value();
    let draft = Memo::new(move |_| value.with(|v| v.draft.clone()));
    let message = RwSignal::new(doc.problem().get_untracked());
    let link = RwSignal::new(String::new());
    let first_open = draft.with_untracked(|d| d.picks.iter().position(|p| p.card.is_none()).unwrap_or(0));
    let current = RwSignal::new(first_open);
    let shown_at = StoredValue::new(now_ms());
    let invite = StoredValue::new(invite);
    let edit = move |change: DraftChange| {
        if let Err(e) = doc.change(DraftEdit::Answer(change)) {
            message.set(Some(e));
        }
    };
    // The time spent on the story shown so far is added to it.
    let bank = move || {
        let now = now_ms();
        let spent = u32::try_from((now - shown_at.get_value()).max(0) / 1000).unwrap_or(u32::MAX);
        shown_at.set_value(now);
        if spent > 0 {
            edit(DraftChange::Spent(current.get_untracked(), spent));
        }
    };
    let go = move |i: usize| {
        if i < n && i != current.get_untracked() {
            bank();
            current.set(i);
        }
    };
    let pick = move |label: String| edit(DraftChange::Card(current.get_untracked(), label));
    let voted = move || draft.with(|d| d.picks.iter().filter(|p| p.card.is_some()).count());
    let not_voted = move || {
        draft.with(|d| {
            d.picks
                .iter()
                .enumerate()
                .filter(|(_, p)| p.card.is_none())
                .map(|(i, _)| (i + 1).to_string())
                .collect::<Vec<_>>()
        })
    };
    let seal = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        bank();
        let name = match clean_name(&draft.with_untracked(|d| d.name.clone())) {
            Ok(name) => name,
            Err(e) => {
                message.set(Some(e.to_string()));
                return;
            }
        };
        let inv = invite.get_value();
        let picks: Picks = draft.with_untracked(|d| {
            d.picks.iter().map(|p| Some((inv.deck.find(p.card.as_deref()?)?, p.confidence, p.seconds))).collect()
        });
        if picks.iter().all(Option::is_none) {
            message.set(Some("Vote on at least one story first.".into()));
            return;
        }
        let missing = picks.iter().filter(|p| p.is_none()).count();
        leptos::task::spawn_local(async move {
            // The voter's own key pair, made once and kept with the draft: every answer they send
            // is sealed with it, so the facilitator takes a newer one for theirs and nobody
            // else's, whatever name it gives.
            let me = match value.try_with_untracked(|v| v.key.clone()).flatten() {
                Some(k) => k,
                None => match crypto::facilitator_keys().await {
                    Ok((public, private)) => {
                        let _ = doc.change(DraftEdit::Key(RoundKeys { public, private }));
                        match value.try_with_untracked(|v| v.key.clone()).flatten() {
                            Some(k) => k,
                            None => return,
                        }
                    }
                    Err(e) => {
                        message.try_set(Some(format!("The answers could not be sealed: {e}.")));
                        return;
                    }
                },
            };
            let plain = poker_link::answer_plain(&name, now_ms(), &picks);
            match sealed_link(kinds::ASYNC_ANSWER, inv.round, &inv.facilitator_key, Some(&me), &plain).await {
                Ok(url) => {
                    link.try_set(url);
                    let left = if missing == 0 {
                        String::new()
                    } else {
                        format!(" {missing} stories have no vote; you can come back, vote, and send a newer link.")
                    };
                    message.try_set(Some(format!(
                        "Your answers are sealed. Send this link back to the facilitator; nobody else can read it.{left}"
                    )));
                }
                Err(e) => {
                    message.try_set(Some(format!("The answers could not be sealed: {e}.")));
                }
            }
        });
    };
    let close = Callback::new(move |_| {
        bank();
        to_backlog();
    });
    let story = move || {
        let i = current.get();
        invite.with_value(|inv| inv.stories.get(i).cloned().unwrap_or_default())
    };
    let cards = invite.with_value(|i| i.deck.cards.clone());
    let today = crate::domain::Date::from_millis(now_ms());
    let deadline = invite.with_value(|i| i.deadline).map(|d| {
        if today > d {
            format!(" The deadline ({d}) has passed: your answers may arrive after the team has decided.")
        } else {
            format!(" Please answer by {d}.")
        }
    });
    let heading = format!("Estimate {n} {} in your own time", if n == 1 { "story" } else { "stories" });
    let sure = Signal::derive(move || draft.with(|d| d.picks.get(current.get()).and_then(|p| p.confidence)));
    let on_sure = Callback::new(move |c: Confidence| edit(DraftChange::Sure(current.get_untracked(), c)));
    view! {
        <Modal title="Planning poker: async round" on_close=close class="dialog-wide">
            <p>
                <strong>{heading}</strong>
                {format!(" ({}).", invite.with_value(|i| i.deck.name.clone()))}
                {deadline}
                " Your answers are kept in this browser until you send them."
            </p>
            <form on:submit=seal>
                <label class="field">
                    <span>"Your name"</span>
                    <input
                        class="input"
                        name="name"
                        maxlength=VOTER_NAME_MAX.to_string()
                        autocomplete="name"
                        required
                        prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| edit(DraftChange::Name(event_target_value(&ev)))
                    />
                </label>
                <nav class="batch-steps" aria-label="Stories">
                    {(0..n)
                        .map(|i| {
                            let title = invite.with_value(|inv| inv.stories[i].0.clone());
                            let state = move || draft.with(|d| d.picks[i].card.clone());
                            view! {
                                <button
                                    type="button"
                                    class="batch-step"
                                    class:done=move || state().is_some()
                                    aria-current=move || (current.get() == i).then_some("step")
                                    aria-label=move || match state() {
                                        Some(c) => format!("Story {}: {title}, voted {c}", i + 1),
                                        None => format!("Story {}: {title}, not voted yet", i + 1),
                                    }
                                    on:click=move |_| go(i)
                                >
                                    {i + 1}
                                </button>
                            }
                        })
                        .collect_view()}
                </nav>
                <section class="batch-story" aria-live="polite">
                    <p class="muted">{move || format!("Story {} of {n}", current.get() + 1)}</p>
                    <h3>{move || story().0}</h3>
                    {move || {
                        let criteria = story().1;
                        (!criteria.is_empty())
                            .then(|| {
                                view! {
                                    <div class="criteria">
                                        <p class="muted">"Acceptance criteria"</p>
                                        <p class="pre">{criteria}</p>
                                    </div>
                                }
                            })
                    }}
                </section>
                <div class="card-grid" role="group" aria-label="Cards">
                    {cards
                        .into_iter()
                        .map(|c| {
                            let label = c.label.clone();
                            let pressed = {
                                let label = label.clone();
                                move || {
                                    draft
                                        .with(|d| {
                                            d.picks.get(current.get()).and_then(|p| p.card.as_deref())
                                                == Some(label.as_str())
                                        })
                                }
                            };
                            view! {
                                <button
                                    type="button"
                                    class="poker-card pick"
                                    aria-pressed=move || pressed().to_string()
                                    aria-label=format!("Card {}", c.label)
                                    on:click=move |_| pick(label.clone())
                                >
                                    {c.label.clone()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <ConfidencePicker chosen=sure on_pick=on_sure name="confidence-async" />
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="btn"
                        disabled=move || current.get() == 0
                        on:click=move |_| go(current.get_untracked().saturating_sub(1))
                    >
                        "Previous story"
                    </button>
                    <button
                        type="button"
                        class="btn"
                        disabled=move || { current.get() + 1 >= n }
                        on:click=move |_| go(current.get_untracked() + 1)
                    >
                        "Next story"
                    </button>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-primary">
                        "Seal my answers"
                    </button>
                </div>
                <p class="muted">
                    {move || {
                        let missing = not_voted();
                        if missing.is_empty() {
                            format!("All {n} stories voted.")
                        } else {
                            format!("{} of {n} stories voted; not yet: {}.", voted(), missing.join(", "))
                        }
                    }}
                </p>
            </form>
            <p role="status">{move || message.get()}</p>
            {move || {
                (!link.get().is_empty())
                    .then(|| {
                        view! {
                            <LinkOutput
                                label="Answer link"
                                text=link
                                copy="Copy answer link"
                                done="Answer link copied."
                                message
                                length=true
                            />
                        }
                    })
            }}
        </Modal>
    }
}
