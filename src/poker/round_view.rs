//! A live round under way: the timer, who has voted (never with what), the seats, the shared
//! screen, remote voters by link, and the results once revealed.

use leptos::prelude::*;

use super::remote_voters::Remote;
use super::results::Results;
use super::seats::Seats;
use super::shared_screen::SharedScreen;
use super::table::Table;
use crate::browser::now_ms;
use crate::domain::poker::{Round, duration_text};

#[component]
pub fn RoundView() -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    // Ticks once a second while mounted.
    let now = RwSignal::new(now_ms());
    let _ = leptos_use_interval_fn::use_interval_fn(
        move || {
            let _ = now.try_set(now_ms());
        },
        1000,
    );
    let message = RwSignal::new(None::<String>);
    let with = move |f: fn(&Round) -> String| round.with(|r| r.as_ref().map(f).unwrap_or_default());
    // The timer: shows time spent, or time left; reveals at zero when the round says so.
    Effect::new(move || {
        let t = now.get();
        let due = round.with_untracked(|r| {
            r.as_ref().is_some_and(|r| !r.revealed && r.auto_reveal && r.remaining(t) == Some(0) && !r.votes.is_empty())
        });
        if due {
            let _ = table.update(|r| r.reveal(t));
        }
    });
    let timer = move || {
        let t = now.get();
        round.with(|r| {
            let r = r.as_ref()?;
            Some(match r.remaining(t) {
                Some(left) if !r.revealed => format!("{} left", duration_text(left)),
                _ => format!("{} spent", duration_text(r.seconds(t))),
            })
        })
    };
    let revealed = Memo::new(move |_| round.with(|r| r.as_ref().is_some_and(|r| r.revealed)));
    // The reveal, however it came (a button, the last vote, the timer, another window), is read
    // out with its result in the status line.
    Effect::new(move |was: Option<bool>| {
        let now_revealed = revealed.get();
        if was == Some(false) && now_revealed {
            let summary = round.with_untracked(|r| r.as_ref().and_then(|r| r.stats().ok()).map(|s| s.reveal_text()));
            message.set(summary);
        }
        now_revealed
    });
    // Who has not voted yet: names only, never values.
    let progress = move || {
        round.with(|r| {
            let Some(r) = r else { return String::new() };
            let waiting = r.waiting_for();
            let done = format!("{} of {} voted", r.votes.len(), r.voters.len());
            if r.revealed || waiting.is_empty() {
                done
            } else {
                format!("{done} · waiting for {}", waiting.join(", "))
            }
        })
    };
    let reveal = move || {
        if let Err(e) = table.update(|r| r.reveal(now_ms())) {
            message.set(Some(e.to_string()));
        }
    };
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("name");
        match table.update(|r| r.join(&name)) {
            Ok(name) => {
                message.set(Some(format!("{name} joined.")));
                crate::browser::reset_form(&ev);
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="card round" aria-labelledby="round-heading">
            <div class="round-head">
                <div>
                    <p class="muted">{move || with(|r| r.deck.name.clone())}</p>
                    <h2 id="round-heading">{move || with(|r| r.title.clone())}</h2>
                </div>
                <p class="round-clock" aria-label="Timer">
                    {timer}
                </p>
            </div>
            <p class="muted" aria-live="polite">
                {progress}
            </p>
            <Seats />
            <p role="status" class="round-message">
                {move || message.get()}
            </p>
            {move || {
                if revealed.get() {
                    view! { <Results message /> }.into_any()
                } else {
                    view! {
                        <SharedScreen message reveal=Callback::new(move |_| reveal()) />
                        <form class="inline-form" on:submit=join>
                            <label class="field">
                                <span>"Join as"</span>
                                <input class="input" name="name" maxlength="40" autocomplete="off" />
                            </label>
                            <button type="submit" class="btn">
                                "Join"
                            </button>
                        </form>
                        <div class="dialog-actions">
                            <button type="button" class="btn btn-primary" on:click=move |_| reveal()>
                                "Reveal cards"
                            </button>
                            <button type="button" class="btn btn-quiet" on:click=move |_| table.close()>
                                "End round"
                            </button>
                        </div>
                        <Remote message />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
