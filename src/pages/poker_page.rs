//! Planning poker on the backlog's stories: set up a round, vote face down (shared screen, card
//! in hand, several windows, or remote by links), reveal, and accept the estimate.

use leptos::prelude::*;

use crate::browser::{now_ms, random_u64};
use crate::codec::poker_link::{self, Invite, SealedVote};
use crate::components::confidence::ConfidencePicker;
use crate::components::copy_button::LinkOutput;
use crate::components::deck_editor::DeckEditor;
use crate::domain::poker::{Card, Confidence, Deck, Round, Stats, Topic, decks_of, duration_text, open_stories};
use crate::domain::{Action, StoryId, decimal};
use crate::state::batch::Desk;
use crate::state::round::{Keys, Sealed, Table, keep_awake, open_sealed};

use super::poker_async::AsyncRound;
use super::poker_sizing::SizingBoard;
use crate::state::route::share_url;
use crate::state::{Store, crypto};

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
        Mode::ASYNC
    } else {
        Mode::LIVE
    };
    let mode = RwSignal::new(start_mode);
    provide_context(Mode(mode));
    // Views are rebuilt only when a round starts or ends, not on every vote.
    let has_round = Memo::new(move |_| table.round().with(Option::is_some));
    let tab = move |m: u8, label: &'static str| {
        view! {
            <button type="button" class="seg" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m)>
                {label}
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
                    <button type="button" class="btn" on:click=move |_| in_hand.set(true)>"Card in hand"</button>
                </div>
            </header>
            <nav class="segmented" aria-label="Kind of estimation">
                {tab(Mode::LIVE, "Live round")}
                {tab(Mode::ASYNC, "Async round")}
                {tab(Mode::SIZING, "Relative sizing")}
            </nav>
            {move || table.problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
            {move || match (mode.get(), has_round.get()) {
                (Mode::ASYNC, _) => view! { <AsyncRound /> }.into_any(),
                (Mode::SIZING, _) => view! { <SizingBoard /> }.into_any(),
                (_, false) => view! { <RoundSetup /> }.into_any(),
                (_, true) => view! { <RoundView /> }.into_any(),
            }}
            <DeckEditor />
            {move || in_hand.get().then(|| view! { <CardInHand /> })}
        </section>
    }
}

#[derive(Clone, Copy)]
struct InHand(RwSignal<bool>);

/// What was just written to the backlog, with a button that undoes it; `on_undone` runs after
/// an undo.
#[component]
pub fn UndoCard(text: RwSignal<Option<String>>, #[prop(optional)] on_undone: Option<Callback<()>>) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        text.get().map(|t| {
            view! {
                <div class="card accepted" role="status">
                    <p>{t}</p>
                    <button type="button" class="btn" on:click=move |_| {
                        if let Some(what) = store.undo(true) {
                            text.set(Some(format!("Undone: {what}.")));
                            if let Some(f) = on_undone {
                                f.run(());
                            }
                        }
                    }>"Undo"</button>
                </div>
            }
        })
    }
}

/// Which kind of estimation the page shows.
#[derive(Clone, Copy)]
pub struct Mode(pub RwSignal<u8>);

impl Mode {
    pub const LIVE: u8 = 0;
    pub const ASYNC: u8 = 1;
    pub const SIZING: u8 = 2;
}

/// What the last accepted estimate was, shown with an undo button until the next round.
#[derive(Clone, Copy)]
struct Accepted(RwSignal<Option<String>>);

/// The deck the board knows by `key` (the first deck if none).
pub fn deck_by_key(decks: &[Deck], key: &str) -> Deck {
    decks.iter().find(|d| d.key == key).or(decks.first()).cloned().expect("the built-in decks exist")
}

#[component]
fn RoundSetup() -> impl IntoView {
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
                            {move || {
                                decks.get().into_iter().map(|d| view! { <option value=d.key>{d.name}</option> }).collect_view()
                            }}
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
                <p class="field-error" role="alert">{move || error.get()}</p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">"Start round"</button>
                </div>
            </form>
        </section>
    }
}

/// Ticks once a second while mounted.
fn clock() -> ReadSignal<i64> {
    let now = RwSignal::new(now_ms());
    let handle =
        set_interval_with_handle(move || now.try_set(now_ms()).map_or((), |_| ()), std::time::Duration::from_secs(1));
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    now.read_only()
}

#[component]
fn RoundView() -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let now = clock();
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
            let summary = round.with_untracked(|r| r.as_ref().and_then(|r| r.stats().ok()).map(|s| reveal_summary(&s)));
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
                <p class="round-clock" aria-label="Timer">{timer}</p>
            </div>
            <p class="muted" aria-live="polite">{progress}</p>
            <Seats />
            <p role="status" class="round-message">{move || message.get()}</p>
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
                            <button type="submit" class="btn">"Join"</button>
                        </form>
                        <div class="dialog-actions">
                            <button type="button" class="btn btn-primary" on:click=move |_| reveal()>"Reveal cards"</button>
                            <button type="button" class="btn btn-quiet" on:click=move |_| table.close()>"End round"</button>
                        </div>
                        <Remote message />
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// One sentence saying what the revealed votes came to, for the status line.
fn reveal_summary(s: &Stats) -> String {
    let card =
        s.snapped.as_ref().map_or_else(|| "no card with a value".to_owned(), |c| format!("nearest card {}", c.label));
    let agreement = if s.shaky_consensus() {
        "consensus, but with low confidence"
    } else if s.consensus {
        "consensus"
    } else if s.split {
        "the votes split"
    } else {
        "no consensus"
    };
    format!(
        "Cards revealed: {} {}, {card}, {agreement}.",
        s.counted + s.special,
        if s.counted + s.special == 1 { "vote" } else { "votes" }
    )
}

/// Everyone in the round, with a face-down card for each vote (face up after the reveal).
#[component]
fn Seats() -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let seats = move || {
        round.with(|r| {
            let Some(r) = r else { return Vec::new() };
            r.voters
                .iter()
                .map(|v| {
                    let vote = r.votes.iter().find(|x| &x.voter == v);
                    let sure = vote.and_then(|x| x.confidence).filter(|_| r.revealed);
                    (v.clone(), vote.map(|x| x.card.label.clone()), sure, r.revealed)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="seats" aria-label="Voters">
            {move || {
                seats()
                    .into_iter()
                    .map(|(name, card, sure, revealed)| {
                        let state = match (&card, revealed) {
                            (Some(c), true) => match sure {
                                Some(k) => format!("{c}, {}", k.label()),
                                None => c.clone(),
                            },
                            (Some(_), false) => "voted".to_owned(),
                            (None, _) => "not voted yet".to_owned(),
                        };
                        let face = match (&card, revealed) {
                            (Some(c), true) => view! { <span class="poker-card face-up" aria-hidden="true">{c.clone()}</span> }.into_any(),
                            (Some(_), false) => view! { <span class="poker-card face-down" aria-hidden="true"></span> }.into_any(),
                            (None, _) => view! { <span class="poker-card empty" aria-hidden="true"></span> }.into_any(),
                        };
                        let leave_name = name.clone();
                        view! {
                            <li class="seat">
                                {face}
                                <span class="seat-name">{name.clone()}</span>
                                {sure.map(|k| view! { <span class="seat-sure muted" aria-hidden="true">{k.label()}</span> })}
                                <span class="visually-hidden">{format!(": {state}")}</span>
                                {(!revealed).then(|| view! {
                                    <button
                                        type="button"
                                        class="btn btn-quiet seat-remove"
                                        aria-label=format!("Remove {name} from the round")
                                        on:click=move |_| { let _ = table.update(|r| r.leave(&leave_name)); }
                                    >
                                        "×"
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The accessible name of a card button.
fn card_name(card: &Card) -> String {
    match card.label.as_str() {
        "☕" => "Card ☕ (break)".into(),
        "?" => "Card ? (unsure)".into(),
        l => format!("Card {l}"),
    }
}

/// Pass the laptop: pick who votes, they pick a card face down, and the next voter is chosen.
/// Digits and letters pick cards, Enter reveals.
#[component]
fn SharedScreen(message: RwSignal<Option<String>>, reveal: Callback<()>) -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let voter = RwSignal::new(String::new());
    let sure = RwSignal::new(None::<Confidence>);
    let typed = StoredValue::new((String::new(), 0i64, 0u32));
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
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    // Typed keys pick cards: a card is picked as soon as the typed text names it and no longer
    // card starts with it ("5"); "1" waits a moment for a "3" that would make it "13".
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
        if key.chars().count() != 1 || key == " " {
            return;
        }
        let Some(labels) = round.with_untracked(|r| {
            r.as_ref()
                .map(|r| r.deck.cards.iter().map(|c| crate::domain::text::lowercase(&c.label)).collect::<Vec<_>>())
        }) else {
            return;
        };
        let alias = |s: &str| match crate::domain::text::lowercase(s).as_str() {
            "c" => "☕".to_owned(),
            "h" => "½".to_owned(),
            other => other.to_owned(),
        };
        let t = now_ms();
        let (prev, at, generation) = typed.get_value();
        let prefix_of_some = |text: &str| labels.iter().any(|l| l.starts_with(&alias(text)));
        let mut text = if t - at < 1000 { format!("{prev}{key}") } else { key.clone() };
        if !prefix_of_some(&text) {
            text = key.clone();
        }
        if !prefix_of_some(&text) {
            typed.set_value((String::new(), t, generation + 1));
            return;
        }
        ev.prevent_default();
        let wanted = alias(&text);
        let exact = labels.iter().position(|l| *l == wanted);
        let longer = labels.iter().any(|l| l.len() > wanted.len() && l.starts_with(&wanted));
        let generation = generation + 1;
        typed.set_value((text, t, generation));
        match (exact, longer) {
            (Some(i), false) => pick(i),
            (Some(i), true) => {
                set_timeout(
                    move || {
                        if typed.try_get_value().is_some_and(|(_, _, g)| g == generation) {
                            pick(i);
                        }
                    },
                    std::time::Duration::from_millis(700),
                );
            }
            _ => {}
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
                                view! { <option value=v>{move || if done() { format!("{text} (voted)") } else { text.clone() }}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <div class="card-grid" role="group" aria-label="Cards" aria-keyshortcuts="0 1 2 3 5 8 Enter" tabindex="0">
                {move || {
                    cards
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <button type="button" class="poker-card pick" aria-label=card_name(&c) on:click=move |_| pick(i)>
                                    {c.label.clone()}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <ConfidencePicker chosen=sure on_pick=Callback::new(move |c| sure.set(Some(c))) name="confidence-shared" />
            <p class="muted hint">"Say how sure you are, then pick a card: type its number or letter (c for ☕), Enter to reveal."</p>
        </div>
    }
}

/// The figures after the reveal, and accepting the estimate.
#[component]
fn Results(message: RwSignal<Option<String>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let table = expect_context::<Table>();
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
                let Accepted(done) = expect_context::<Accepted>();
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
                            <select class="input" prop:value=choice on:change=move |ev| choice.set(event_target_value(&ev))>
                                {move || numeric().into_iter().map(|c| view! { <option value=c.label.clone()>{c.label.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button type="button" class="btn btn-primary" on:click=accept>"Accept estimate"</button>
                    }
                    .into_any()
                } else {
                    view! { <p class="muted">"A free topic: nothing is written to the backlog."</p> }.into_any()
                }
            }}
            <button type="button" class="btn" on:click=revote>"Re-vote"</button>
            <button type="button" class="btn btn-quiet" on:click=move |_| table.close()>"End round"</button>
        </div>
    }
}

/// A revealed round's histogram and figures.
#[component]
pub fn StatsView(stats: Stats) -> impl IntoView {
    let max = stats.histogram.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bars = stats
        .histogram
        .iter()
        .filter(|(_, n)| *n > 0 || stats.histogram.len() <= 14)
        .map(|(c, n)| {
            let pct = (*n * 100) / max;
            view! {
                <li class="bar-row">
                    <span class="bar-label">{c.label.clone()}</span>
                    <span class="bar"><span class="bar-fill" style:width=format!("{pct}%")></span></span>
                    <span class="bar-count">{format!("{n} {}", if *n == 1 { "vote" } else { "votes" })}</span>
                </li>
            }
        })
        .collect_view();
    let row = |term: &'static str, value: String| view! { <div><dt>{term}</dt><dd>{value}</dd></div> };
    let none = || "—".to_owned();
    let flags = if stats.shaky_consensus() {
        Some("Consensus, but the voters were not sure of it: talk it through before accepting.")
    } else if stats.split {
        Some("The votes span more than two neighbouring cards: discuss before accepting.")
    } else if stats.low_confidence() {
        Some("Low confidence: the voters were, on average, less than fairly sure.")
    } else {
        None
    };
    let explain = (!stats.highest.is_empty()).then(|| {
        format!(
            "Highest: {}. Lowest: {}. Explain your cards, then re-vote or accept.",
            stats.highest.join(", "),
            stats.lowest.join(", ")
        )
    });
    view! {
        <div class="results">
            <ul class="histogram" aria-label="Votes per card">{bars}</ul>
            <dl class="stats">
                {row("Mean", stats.mean.map_or_else(none, |x| decimal(x, 2)))}
                {row("Median", stats.median.map_or_else(none, |x| decimal(x, 2)))}
                {row("Nearest card", stats.snapped.as_ref().map_or_else(none, |c| c.label.clone()))}
                {row("Mode", if stats.mode.is_empty() { none() } else { stats.mode.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(", ") })}
                {row("Spread", stats.spread.map_or_else(none, |x| decimal(x, 2)))}
                {row("Consensus", if stats.consensus { "Yes".into() } else { "No".into() })}
                {row("Special cards (not counted)", stats.special.to_string())}
                {row("Confidence", if stats.confidence_text().is_empty() { none() } else { stats.confidence_text() })}
            </dl>
            {explain.map(|e| view! { <p class="explain">{e}</p> })}
            {flags.map(|f| view! { <p class="flag flag-warn">{f}</p> })}
        </div>
    }
}

/// Remote voting: the invite link, and pasting vote links back in.
#[component]
fn Remote(message: RwSignal<Option<String>>) -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let invite = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let make_invite = move |_| {
        let Some(r) = round.get_untracked() else { return };
        busy.set(true);
        let existing = table.keys().get_untracked();
        leptos::task::spawn_local(async move {
            let keys = match existing {
                Some(k) => Ok(k),
                None => crypto::facilitator_keys().await.map(|(public, private)| Keys { public, private }),
            };
            busy.try_set(false);
            match keys {
                Ok(keys) => {
                    let link = poker_link::encode_invite(&Invite {
                        round: r.id,
                        title: r.title.clone(),
                        deck: r.deck.clone(),
                        facilitator_key: keys.public.clone(),
                    });
                    table.set_keys(keys);
                    invite.try_set(share_url(&link));
                }
                Err(e) => {
                    message.try_set(Some(format!("The invite could not be made: {e}.")));
                }
            }
        });
    };
    let add = on_paste("vote", message, move |text| async move { add_vote_link(table, &text).await });
    view! {
        <details class="remote">
            <summary>"Remote voters (by link)"</summary>
            <p class="muted">
                "Send the invite in any chat. Each voter picks a card and sends back a short vote link, sealed so only this browser can open it."
            </p>
            <button type="button" class="btn" disabled=busy on:click=make_invite>"Create invite link"</button>
            {move || (!invite.get().is_empty()).then(|| view! {
                <LinkOutput label="Invite link" text=invite copy="Copy invite" done="Invite copied." message />
            })}
            <PasteForm label="Paste a vote link" field="vote" button="Add vote" on_submit=add />
        </details>
    }
}

/// The submit handler of a "paste a link" form: reads its field `field`, runs `add` on the text
/// and shows the outcome in `message`; the form is cleared when it worked.
pub fn on_paste<F, Fut>(
    field: &'static str,
    message: RwSignal<Option<String>>,
    add: F,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
where
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<String, String>> + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = crate::browser::form_field(&ev)(field);
        let form = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok());
        leptos::task::spawn_local(async move {
            let result = add(text).await;
            let ok = result.is_ok();
            message.try_set(Some(result.unwrap_or_else(|e| e)));
            if ok && let Some(f) = form {
                f.reset();
            }
        });
    }
}

/// A one-field form to paste a link into.
#[component]
pub fn PasteForm<F>(label: &'static str, field: &'static str, button: &'static str, on_submit: F) -> impl IntoView
where
    F: Fn(leptos::ev::SubmitEvent) + 'static,
{
    view! {
        <form class="inline-form" on:submit=on_submit>
            <label class="field">
                <span>{label}</span>
                <input class="input" name=field autocomplete="off" />
            </label>
            <button type="submit" class="btn">{button}</button>
        </form>
    }
}

/// Opens a vote link with the round's keys and adds the vote, face down. Returns the message
/// to show either way; nothing changes on failure.
pub async fn add_vote_link(table: Table, text: &str) -> Result<String, String> {
    let payload = crate::state::route::payload_of(text);
    let vote: SealedVote = match poker_link::decode(payload) {
        Ok(poker_link::PokerLink::Vote(v)) => v,
        Ok(poker_link::PokerLink::Answer(_)) => {
            return Err("That is an answer to an async round; add it in the async round.".into());
        }
        Ok(_) => return Err("That is an invite link, not a vote link.".into()),
        Err(e) => return Err(format!("This vote link cannot be read: {e}.")),
    };
    let Some(round) = table.round().get_untracked() else {
        return Err("There is no round open to add the vote to.".into());
    };
    let plain =
        open_sealed(&vote, round.id, table.keys().get_untracked(), Sealed { noun: "vote", round: "round" }).await?;
    let (voter, label, confidence) =
        poker_link::read_vote_plain(vote.kind, &plain).map_err(|e| format!("This vote cannot be read: {e}."))?;
    table
        .update(|r| r.vote_remote(&voter, &label, confidence, now_ms()))
        .map(|revealed| {
            if revealed {
                format!("{voter}'s vote added; everyone has voted, the cards are revealed.")
            } else {
                format!("{voter}'s vote added, face down.")
            }
        })
        .map_err(|e| e.to_string())
}

/// A full-screen card for estimating with phones held up: pick, then tap to hide or show.
#[component]
fn CardInHand() -> impl IntoView {
    let store = expect_context::<Store>();
    let InHand(open) = expect_context::<InHand>();
    let table = expect_context::<Table>();
    let decks = store.board().with_untracked(|b| decks_of(&b.decks));
    let start_deck = table.round().get_untracked().map(|r| r.deck).unwrap_or_else(|| decks[0].clone());
    let deck = RwSignal::new(start_deck);
    let shown = RwSignal::new(None::<Card>);
    let hidden = RwSignal::new(false);
    keep_awake(Signal::derive(move || shown.get().is_some()));
    let all = decks.clone();
    view! {
        <div class="in-hand" role="dialog" aria-modal="true" aria-label="Card in hand">
            {move || match shown.get() {
                None => view! {
                    <div class="in-hand-pick">
                        <label class="field">
                            <span>"Deck"</span>
                            <select class="input" on:change={
                                let all = all.clone();
                                move |ev| deck.set(deck_by_key(&all, &event_target_value(&ev)))
                            }>
                                {all.iter().map(|d| {
                                    let key = d.key.clone();
                                    view! { <option value=d.key.clone() selected=move || deck.with(|x| x.key == key)>{d.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <div class="card-grid" role="group" aria-label="Cards">
                            {move || deck.get().cards.into_iter().map(|c| {
                                let name = card_name(&c);
                                let label = c.label.clone();
                                view! { <button type="button" class="poker-card pick" aria-label=name on:click=move |_| { hidden.set(false); shown.set(Some(c.clone())); }>{label}</button> }
                            }).collect_view()}
                        </div>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                }.into_any(),
                Some(card) => {
                    let name = card_name(&card);
                    let label = card.label.clone();
                    view! {
                    <button
                        type="button"
                        class="in-hand-card"
                        class:face-down=hidden
                        aria-label=move || if hidden.get() { "Card hidden; tap to show".to_owned() } else { format!("{name}; tap to hide") }
                        on:click=move |_| hidden.update(|h| *h = !*h)
                    >
                        <span aria-hidden="true">{move || if hidden.get() { String::new() } else { label.clone() }}</span>
                    </button>
                    <button type="button" class="btn in-hand-back" on:click=move |_| shown.set(None)>"Pick another card"</button>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// Whether a key press belongs to a text field, a list box or an open dialog rather than to the
/// card table.
fn typing_elsewhere(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let in_field = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.closest("dialog, .in-hand, details").ok().flatten().is_some()
    });
    in_field || document().query_selector("dialog[open], .in-hand").ok().flatten().is_some()
}
