//! Voting on one shared screen: pass the laptop, pick who votes, they pick a card face down by
//! click or by typing its label (see `domain::card_keys`), and the next voter is chosen.

use leptos::prelude::*;

use super::confidence_picker::ConfidencePicker;
use super::table::Table;
use crate::browser::now_ms;
use crate::domain::card_keys::{CardKeys, Press, WAIT_MS};
use crate::domain::poker::Confidence;

/// Pass the laptop: pick who votes, they pick a card face down, and the next voter is chosen.
/// Digits and letters pick cards, Enter reveals.
#[component]
pub fn SharedScreen(message: RwSignal<Option<String>>, reveal: Callback<()>) -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let voter = RwSignal::new(String::new());
    let sure = RwSignal::new(None::<Confidence>);
    let typed = StoredValue::new(CardKeys::default());
    let grid = NodeRef::<leptos::html::Div>::new();
    // Follow the round: the first voter without a vote is up next.
    Effect::new(move || {
        let next = round.with(|r| r.as_ref().and_then(|r| r.next_voter().or(r.voters.first()).cloned()));
        let current = voter.get_untracked();
        let keep =
            round.with_untracked(|r| r.as_ref().is_some_and(|r| r.voters.contains(&current) && !r.has_voted(&current)));
        if !keep {
            voter.set(next.unwrap_or_default());
        }
    });
    let pick = move |i: usize| {
        let who = voter.get_untracked();
        if who.is_empty() {
            message.set(Some("Add a voter first: type a name under “Join as”.".into()));
            return;
        }
        // The confidence chosen goes with this vote; the next voter chooses their own.
        let confidence = sure.get_untracked();
        match table.update(|r| r.vote(&who, i, confidence, now_ms())) {
            // The reveal's own message says the result.
            Ok(true) => {}
            Ok(false) => {
                sure.set(None);
                let next = round.with_untracked(|r| r.as_ref().and_then(|r| r.next_voter().cloned()));
                message.set(Some(match &next {
                    Some(n) => format!("{who}'s card is down. Pass to {n}."),
                    None => format!("{who}'s card is down. Everyone has voted: reveal when ready."),
                }));
                if let Some(n) = next {
                    voter.set(n);
                }
                // Focus leaves the card just clicked (and the confidence chosen) for the cards as a
                // whole: nobody at the screen sees which one it was.
                if let Some(el) = grid.get_untracked() {
                    let _ = el.focus();
                }
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    // Typed keys pick cards (see `domain::card_keys`).
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() || typing_elsewhere(&ev) {
            return;
        }
        let key = ev.key();
        if key == "Enter" {
            // Enter on another button or a link does what that control says.
            let on_control =
                ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(
                    |el| matches!(el.tag_name().as_str(), "BUTTON" | "A") && !el.class_list().contains("poker-card"),
                );
            if !on_control {
                ev.prevent_default();
                reveal.run(());
            }
            return;
        }
        let Some(labels) = round.with_untracked(|r| r.as_ref().map(|r| r.deck.labels())) else { return };
        let press = typed.try_update_value(|t| t.press(&key, now_ms(), &labels));
        match press {
            None | Some(Press::Ignored) => {}
            Some(Press::Typing) => ev.prevent_default(),
            Some(Press::Pick(i)) => {
                ev.prevent_default();
                pick(i);
            }
            Some(Press::PickSoon { card, press }) => {
                ev.prevent_default();
                set_timeout(
                    move || {
                        if typed.try_with_value(|t| t.still(press)) == Some(true) {
                            pick(card);
                        }
                    },
                    std::time::Duration::from_millis(WAIT_MS),
                );
            }
        }
    };
    let listener = window_event_listener(leptos::ev::keydown, on_key);
    on_cleanup(move || listener.remove());
    let cards = Memo::new(move |_| round.with(|r| r.as_ref().map(|r| r.deck.cards.clone()).unwrap_or_default()));
    let voters = Memo::new(move |_| round.with(|r| r.as_ref().map(|r| r.voters.clone()).unwrap_or_default()));
    view! {
        <div class="shared-screen">
            <label class="field">
                <span>"Voting now"</span>
                <select class="input" prop:value=voter on:change=move |ev| voter.set(event_target_value(&ev))>
                    {move || {
                        voters
                            .get()
                            .into_iter()
                            .map(|v| {
                                let label = v.clone();
                                let done = move || round.with(|r| r.as_ref().is_some_and(|r| r.has_voted(&label)));
                                let text = v.clone();
                                view! {
                                    <option value=v>
                                        {move || if done() { format!("{text} (voted)") } else { text.clone() }}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <div
                class="card-grid"
                role="group"
                aria-label="Cards"
                aria-keyshortcuts="0 1 2 3 5 8 Enter"
                tabindex="0"
                node_ref=grid
            >
                {move || {
                    cards
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <button
                                    type="button"
                                    class="poker-card pick"
                                    aria-label=c.spoken_name()
                                    on:click=move |_| pick(i)
                                >
                                    {c.label.clone()}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <ConfidencePicker chosen=sure on_pick=Callback::new(move |c| sure.set(Some(c))) name="confidence-shared" />
            <p class="muted hint">
                "Say how sure you are, then pick a card: type its number or letter (c for ☕), Enter to reveal."
            </p>
        </div>
    }
}

/// Whether a key press belongs to a text field, a list box or an open dialog rather than to the
/// card table (the confidence choices are part of the table: a card typed there counts).
fn typing_elsewhere(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let in_field = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        let choice = el.get_attribute("type").is_some_and(|t| t == "radio" || t == "checkbox");
        (matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") && !choice)
            || el.closest("dialog, .in-hand, details").ok().flatten().is_some()
    });
    in_field || document().query_selector("dialog[open], .in-hand").ok().flatten().is_some()
}
