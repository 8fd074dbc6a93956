//! What a room's members see, live: the story, who is here and who has voted, the cards, the
//! reveal with today's statistics, the timer; and the facilitator's controls.

use leptos::prelude::*;

use super::live::{Live, aux};
use super::relays::RelayState;
use super::room_url;
use crate::browser::now_ms;
use crate::codec::room_link;
use crate::codec::room_msg::appoint;
use crate::domain::poker::duration_text;
use crate::domain::room::{Phase, Presence, Role, Room, RoomError, unhex};
use crate::poker::stats_view::StatsView;
use crate::ui::link_output::LinkOutput;
use crate::ui::qr::QrCodeView;

/// The live room.
#[component]
pub fn RoomView(live: Live) -> impl IntoView {
    let room = live.room();
    let now = RwSignal::new(now_ms());
    let _ = leptos_use_interval_fn::use_interval_fn(
        move || {
            let t = now_ms();
            let _ = now.try_set(t);
            // `try_`: a tick that still comes after the room's page is gone does nothing (under
            // Playwright's fake clock, an interval cleared by the page went on firing).
            if room.try_with_untracked(|r| r.as_ref().is_some_and(|r| r.next_due() <= t)) == Some(true) {
                live.apply(|r, now| r.tick(now));
            }
        },
        250,
    );
    let link_text = Signal::derive(move || room_url(&live.link.with_value(room_link::encode)));
    let copied = RwSignal::new(None::<String>);
    let facilitator = Memo::new(move |_| room.with(|r| r.as_ref().is_some_and(Room::is_facilitator)));
    let status = live.pool.status();
    let started = now_ms();
    let unreachable =
        move || now.get() - started > 8_000 && status.with(|s| s.iter().all(|(_, st)| *st != RelayState::Open));
    view! {
        <p role="status" class="round-message">
            {move || live.message.get()}
        </p>
        {move || {
            unreachable()
                .then(|| {
                    view! {
                        <div class="notice notice-error" role="alert">
                            <p>
                                "No relay of this room can be reached, so nothing is sent or received. Check the connection, or ask the facilitator for relays that work here."
                            </p>
                            <p>
                                "Without a network, play the round with sealed vote links instead: "
                                <a href="#/poker">"Poker, by links"</a> "."
                            </p>
                        </div>
                    }
                })
        }}
        <div class="room-grid">
            <Table live room now facilitator />
            <aside class="stack">
                <Members room />
                {move || facilitator.get().then(|| view! { <Controls live room /> })}
                {move || (!facilitator.get()).then(|| view! { <Takeover live room now /> })}
                <section class="card" aria-labelledby="invite-heading">
                    <h2 id="invite-heading">"Invite"</h2>
                    <LinkOutput
                        label="Room link"
                        text=link_text
                        copy="Copy room link"
                        done="Room link copied."
                        message=copied
                    />
                    <p role="status" class="muted">
                        {move || copied.get()}
                    </p>
                    <QrCodeView text=link_text />
                </section>
                <section class="card" aria-labelledby="relays-heading">
                    <h2 id="relays-heading">"Relays"</h2>
                    <ul class="plain-list">
                        {move || {
                            status
                                .get()
                                .into_iter()
                                .map(|(url, st)| {
                                    view! {
                                        <li>
                                            <code>{url}</code>
                                            ": "
                                            {st.text()}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <p class="muted">
                        {move || {
                            let t = live.traffic.get();
                            format!("{} messages sent, {} received.", t.sent, t.received)
                        }}
                    </p>
                </section>
                <Leave live room facilitator />
            </aside>
        </div>
    }
}

/// The story, the cards and the reveal.
#[component]
fn Table(live: Live, room: Signal<Option<Room>>, now: RwSignal<i64>, facilitator: Memo<bool>) -> impl IntoView {
    let state = move || room.get().and_then(|r| r.state().cloned());
    let vote = move |label: String| {
        live.act(move |r: &mut Room, now| {
            let card = r
                .state()
                .and_then(|s| s.deck.cards.iter().find(|c| c.label == label).cloned())
                .ok_or(RoomError::NoSuchCard)?;
            r.vote(now, card, None)
        })
    };
    view! {
        <section class="card round" aria-labelledby="room-story">
            {move || match state() {
                None => {
                    view! {
                        <h2 id="room-story">"Waiting for the facilitator…"</h2>
                        <p class="muted">"The room's state arrives as soon as the facilitator's device is reached."</p>
                    }
                        .into_any()
                }
                Some(s) => {
                    let title = s.story.as_ref().map_or("No story on the table yet".to_owned(), |x| x.title.clone());
                    let criteria = s.story.as_ref().map(|x| x.criteria.clone()).filter(|c| !c.is_empty());
                    view! {
                        <div class="round-head">
                            <h2 id="room-story">{title}</h2>
                            <p class="round-clock" aria-label="Timer">
                                {move || {
                                    let t = now.get();
                                    room.with(|r| {
                                        r.as_ref()
                                            .map(|r| match r.timer_left(t) {
                                                Some(left) => {
                                                    format!(
                                                        "{} left",
                                                        duration_text(u32::try_from(left.div_ceil(1000)).unwrap_or(0)),
                                                    )
                                                }
                                                None => duration_text(r.seconds(t)),
                                            })
                                            .unwrap_or_default()
                                    })
                                }}
                            </p>
                        </div>
                        {criteria.map(|c| view! { <p class="criteria">{c}</p> })}
                        <p class="muted">{format!("{} · round {}", s.deck.name, s.round)}</p>
                    }
                        .into_any()
                }
            }}
            {move || {
                let r = room.get()?;
                let s = r.state()?.clone();
                match &s.phase {
                    Phase::Voting { .. } if r.role() == Role::Voter => {
                        let mine = r.my_card().map(|(c, _)| c.label.clone());
                        let counted = r.vote_counted();
                        Some(
                            view! {
                                <div class="card-grid" role="group" aria-label="Cards">
                                    {s
                                        .deck
                                        .cards
                                        .iter()
                                        .map(|c| {
                                            let label = c.label.clone();
                                            let pressed = mine.as_deref() == Some(label.as_str());
                                            view! {
                                                <button
                                                    type="button"
                                                    class="poker-card pick"
                                                    aria-label=c.spoken_name()
                                                    aria-pressed=pressed.to_string()
                                                    on:click=move |_| vote(label.clone())
                                                >
                                                    {c.label.clone()}
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                                <p class="muted" aria-live="polite">
                                    {match (&mine, counted) {
                                        (None, _) => "Pick a card: nobody sees it before the reveal.".to_owned(),
                                        (Some(l), true) => format!("Your vote ({l}) has reached the facilitator."),
                                        (Some(l), false) => format!("Sending your vote ({l})…"),
                                    }}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                    Phase::Voting { .. } => {
                        Some(view! { <p class="muted">"You are watching: spectators do not vote."</p> }.into_any())
                    }
                    Phase::Revealed { votes } => {
                        let stats = r.stats();
                        let rows = votes
                            .iter()
                            .map(|b| {
                                let name = s.seat(&b.peer).map_or("someone".to_owned(), |x| x.name.clone());
                                view! {
                                    <li>
                                        <span class="seat-name">{name}</span>
                                        ": "
                                        {b.card.label.clone()}
                                    </li>
                                }
                            })
                            .collect_view();
                        Some(
                            view! {
                                <h3>"Votes"</h3>
                                <ul class="plain-list" aria-label="Revealed votes">
                                    {rows}
                                </ul>
                                {stats.map(|stats| view! { <StatsView stats /> })}
                            }
                                .into_any(),
                        )
                    }
                    Phase::Waiting => None,
                }
            }}
            {move || {
                facilitator
                    .get()
                    .then(|| {
                        room.with(|r| r.as_ref().map(|r| r.ignored))
                            .filter(|i| i.total() > 0)
                            .map(|i| {
                                view! {
                                    <p class="muted">
                                        {format!(
                                            "Ignored {} messages: {} undecryptable, {} with a bad signature, {} replays, {} too large, {} invalid, {} forged, {} dropped while too many arrived at once.",
                                            i.total(),
                                            i.undecryptable,
                                            i.bad_signature,
                                            i.replay,
                                            i.too_large,
                                            i.invalid,
                                            i.forged,
                                            i.busy,
                                        )}
                                    </p>
                                }
                            })
                    })
                    .flatten()
            }}
        </section>
    }
}

/// Who is in the room.
#[component]
fn Members(room: Signal<Option<Room>>) -> impl IntoView {
    view! {
        <section class="card room-members" aria-labelledby="members-heading">
            <h2 id="members-heading">"In the room"</h2>
            <ul class="seats" aria-label="Members">
                {move || {
                    let r = room.get()?;
                    let s = r.state()?.clone();
                    let fac = r.facilitator();
                    Some(
                        s
                            .seats
                            .iter()
                            .map(|seat| {
                                let voted = match &s.phase {
                                    Phase::Voting { voted } => voted.iter().any(|m| m.peer == seat.peer),
                                    Phase::Revealed { votes } => votes.iter().any(|b| b.peer == seat.peer),
                                    Phase::Waiting => false,
                                };
                                let state = match (seat.role, seat.presence, voted, &s.phase) {
                                    (_, Presence::Left, ..) => "left",
                                    (Role::Spectator, Presence::Away, ..) => "spectator, away",
                                    (Role::Spectator, ..) => "spectator",
                                    (_, Presence::Away, true, _) => "voted, away",
                                    (_, Presence::Away, false, _) => "away",
                                    (_, _, true, _) => "voted",
                                    (_, _, false, Phase::Voting { .. }) => "not voted yet",
                                    _ => "here",
                                };
                                let face = if voted { "poker-card face-down" } else { "poker-card empty" };
                                let who = if seat.peer == fac {
                                    format!("{} (facilitator)", seat.name)
                                } else {
                                    seat.name.clone()
                                };
                                view! {
                                    <li class="seat">
                                        <span class=face aria-hidden="true"></span>
                                        <span class="seat-name">{who}</span>
                                        <span class="muted">{format!(" — {state}")}</span>
                                    </li>
                                }
                            })
                            .collect_view(),
                    )
                }}
            </ul>
        </section>
    }
}

/// The facilitator's controls.
#[component]
fn Controls(live: Live, room: Signal<Option<Room>>) -> impl IntoView {
    let revealed = move || {
        room.with(|r| r.as_ref().and_then(|r| r.state()).is_some_and(|s| matches!(s.phase, Phase::Revealed { .. })))
    };
    let voting = move || {
        room.with(|r| r.as_ref().and_then(|r| r.state()).is_some_and(|s| matches!(s.phase, Phase::Voting { .. })))
    };
    let suggested = move || room.with(|r| r.as_ref().and_then(|r| r.stats()).and_then(|s| s.snapped.map(|c| c.label)));
    let timing = move || room.with(|r| r.as_ref().and_then(|r| r.state()).is_some_and(|s| s.timer.is_some()));
    let timer_secs = RwSignal::new(60u32);
    let accept_card = RwSignal::new(String::new());
    let hand_to = RwSignal::new(String::new());
    let room_id = live.link.with_value(|l| l.room);
    view! {
        <section class="card" aria-labelledby="controls-heading">
            <h2 id="controls-heading">"Facilitate"</h2>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| live.act(|r: &mut Room, now| r.next_story(now).map(|_| Vec::new()))
                >
                    "Next story"
                </button>
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || !voting()
                    on:click=move |_| live.act(|r: &mut Room, now| r.reveal(now).map(|_| Vec::new()))
                >
                    "Reveal"
                </button>
                <button
                    type="button"
                    class="btn"
                    disabled=move || !revealed()
                    on:click=move |_| live.act(|r: &mut Room, now| r.revote(now).map(|_| Vec::new()))
                >
                    "Re-vote"
                </button>
            </div>
            <div class="inline-form">
                <label class="field">
                    <span>"Timer length"</span>
                    <select
                        class="input"
                        on:change=move |ev| timer_secs.set(event_target_value(&ev).parse().unwrap_or(60))
                    >
                        {TIMER_CHOICES
                            .iter()
                            .map(|(secs, text)| {
                                view! {
                                    <option value=secs.to_string() selected=*secs == 60>
                                        {*text}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button
                    type="button"
                    class="btn"
                    disabled=move || !voting()
                    on:click=move |_| {
                        let secs = timer_secs.get_untracked();
                        live.act(move |r: &mut Room, now| r.set_timer(now, Some(secs)).map(|_| Vec::new()))
                    }
                >
                    "Start timer"
                </button>
                <button
                    type="button"
                    class="btn"
                    disabled=move || !timing()
                    on:click=move |_| live.act(|r: &mut Room, now| r.set_timer(now, None).map(|_| Vec::new()))
                >
                    "Stop timer"
                </button>
            </div>
            {move || {
                revealed()
                    .then(|| {
                        let cards: Vec<String> = room
                            .with(|r| {
                                r.as_ref()
                                    .and_then(|r| r.state())
                                    .map(|s| {
                                        s.deck
                                            .cards
                                            .iter()
                                            .filter(|c| !c.is_special())
                                            .map(|c| c.label.clone())
                                            .collect()
                                    })
                                    .unwrap_or_default()
                            });
                        let first = suggested().unwrap_or_else(|| cards.first().cloned().unwrap_or_default());
                        accept_card.set(first.clone());
                        view! {
                            <div class="inline-form">
                                <label class="field">
                                    <span>"Estimate to accept"</span>
                                    <select class="input" on:change=move |ev| accept_card.set(event_target_value(&ev))>
                                        {cards
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <option value=c.clone() selected=c == first>
                                                        {c.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    on:click=move |_| {
                                        let label = accept_card.get_untracked();
                                        live.act(move |r: &mut Room, now| {
                                            let card = r
                                                .state()
                                                .and_then(|s| s.deck.cards.iter().find(|c| c.label == label).cloned())
                                                .ok_or(RoomError::NoSuchCard)?;
                                            r.accept(now, card).map(|_| Vec::new())
                                        })
                                    }
                                >
                                    "Accept estimate"
                                </button>
                            </div>
                        }
                    })
            }}
            <div class="inline-form">
                <label class="field">
                    <span>"Hand the room to"</span>
                    <select class="input" on:change=move |ev| hand_to.set(event_target_value(&ev))>
                        <option value="">"Choose a member"</option>
                        {move || {
                            room.with(|r| {
                                let r = r.as_ref()?;
                                let me = r.me();
                                Some(
                                    r
                                        .state()?
                                        .seats
                                        .iter()
                                        .filter(|s| s.peer != me && s.presence != Presence::Left)
                                        .map(|s| {
                                            view! {
                                                <option value=crate::domain::room::hex(
                                                    &s.peer,
                                                )>{s.name.clone()}</option>
                                            }
                                        })
                                        .collect_view(),
                                )
                            })
                        }}
                    </select>
                </label>
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| {
                        let Some(to) = unhex(&hand_to.get_untracked(), 32).and_then(|b| <[u8; 32]>::try_from(b).ok())
                        else {
                            live.message.set(Some("Choose the member to hand the room to.".into()));
                            return;
                        };
                        let Some(keys) = live.keys() else { return };
                        live.act(move |r: &mut Room, now| {
                            let epoch = r.state().map_or(0, |s| s.epoch) + 1;
                            r.hand_over(now, appoint(&keys, &room_id, epoch, to, &aux())).map(|_| Vec::new())
                        });
                    }
                >
                    "Hand over"
                </button>
            </div>
        </section>
    }
}

/// The timer lengths the facilitator can start (seconds, and how they read).
const TIMER_CHOICES: [(u32, &str); 5] =
    [(30, "30 seconds"), (60, "1 minute"), (120, "2 minutes"), (180, "3 minutes"), (300, "5 minutes")];

/// A member's way to take the room over when the facilitator's device has gone.
#[component]
fn Takeover(live: Live, room: Signal<Option<Room>>, now: RwSignal<i64>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let silent = move || room.with(|r| r.as_ref().map_or(0, |r| r.facilitator_silent(now.get())));
    let room_id = live.link.with_value(|l| l.room);
    move || {
        (silent() >= crate::domain::room::machine::TAKEOVER_AFTER_MS
            && room.with(|r| r.as_ref().is_some_and(|r| r.state().is_some())))
        .then(|| {
            view! {
                <section class="card" aria-labelledby="takeover-heading">
                    <h2 id="takeover-heading">"The facilitator is gone"</h2>
                    <p class="muted">{move || format!("Not heard from for {} seconds.", silent() / 1000)}</p>
                    {move || {
                        if confirming.get() {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    on:click=move |_| {
                                        let Some(keys) = live.keys() else { return };
                                        live.act(move |r: &mut Room, now| {
                                            let epoch = r.takeover_epoch(now)?;
                                            let me = r.me();
                                            r.take_over(now, appoint(&keys, &room_id, epoch, me, &aux()))
                                                .map(|_| Vec::new())
                                        });
                                        confirming.set(false);
                                    }
                                >
                                    "Yes, take over the room"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button type="button" class="btn" on:click=move |_| confirming.set(true)>
                                    "Take over the room"
                                </button>
                            }
                                .into_any()
                        }
                    }}
                </section>
            }
        })
    }
}

/// Leaving the room: a goodbye, so the facilitator counts this member as left, then back to
/// Poker. A facilitator who leaves others behind is asked first: nobody can reveal until one of
/// them takes the room over.
#[component]
fn Leave(live: Live, room: Signal<Option<Room>>, facilitator: Memo<bool>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let leaving = RwSignal::new(false);
    let others = move || {
        room.with(|r| {
            r.as_ref().and_then(|r| {
                let me = r.me();
                r.state().map(|s| s.seats.iter().any(|x| x.peer != me && x.presence == Presence::Here))
            })
        })
        .unwrap_or(false)
    };
    let leave = move || {
        leaving.set(true);
        live.leave(move || {
            let _ = window().location().set_hash("/poker");
        });
    };
    view! {
        <section class="card" aria-labelledby="leave-heading">
            <h2 id="leave-heading">"Leave"</h2>
            {move || {
                if confirming.get() {
                    view! {
                        <p>
                            "You facilitate this room: hand it over first, or the others can take it over after a minute without you."
                        </p>
                        <div class="dialog-actions">
                            <button type="button" class="btn" on:click=move |_| confirming.set(false)>
                                "Stay"
                            </button>
                            <button
                                type="button"
                                class="btn btn-danger"
                                disabled=move || leaving.get()
                                on:click=move |_| leave()
                            >
                                "Leave anyway"
                            </button>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="muted">"Opening the room link again brings you back as the same member."</p>
                        <button
                            type="button"
                            class="btn"
                            disabled=move || leaving.get()
                            on:click=move |_| {
                                if facilitator.get_untracked() && others() { confirming.set(true) } else { leave() }
                            }
                        >
                            "Leave the room"
                        </button>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
