//! The live room (`#/room/<link>`): one link for the whole team, votes live across devices over
//! the Nostr relay network, end-to-end encrypted with the key in the link's fragment. The
//! protocol is the core's (`domain::room`); here: starting and joining ([`RoomPage`]), the
//! room in this tab ([`live`]), its relays ([`relays`]) and what members see ([`room_view`]).
//! The release build loads this code only when a room is opened.

pub mod live;
pub mod relays;
mod room_view;

use leptos::prelude::*;

use self::live::{Live, Slot, open_slot};
use crate::browser::crypto::{facilitator_keys, random_bytes};
use crate::browser::web_lock::{TabLock, use_tab_lock};
use crate::browser::{form_field, now_ms};
use crate::codec::base64url;
use crate::codec::nostr::Keys;
use crate::codec::room_link::{self, RoomLink, clean_relays};
use crate::domain::batch::CRITERIA_MAX;
use crate::domain::poker::{clean_name, decks_of, open_stories};
use crate::domain::room::{QUEUE_MAX, Role, Room, RoomStory, hex};
use crate::domain::text::shorten;
use crate::state::Store;
use crate::state::document::Document;
use crate::storage::format::{ROOM_SCHEMA, RoomDoc};

/// The public relays a new room offers (the facilitator may change them, for their team's own).
pub const DEFAULT_RELAYS: [&str; 4] =
    ["wss://relay.damus.io", "wss://nos.lol", "wss://relay.primal.net", "wss://relay.snort.social"];

/// The fragment prefix of a room link.
pub const ROOM_PREFIX: &str = "#/room/";

fn room_payload() -> String {
    window().location().hash().unwrap_or_default().strip_prefix(ROOM_PREFIX).unwrap_or_default().to_owned()
}

/// The address of a room link.
pub fn room_url(payload: &str) -> String {
    let loc = window().location();
    format!("{}{}{ROOM_PREFIX}{payload}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// A member's new keys: a Nostr key (secp256k1, for signing events) and a P-256 key pair (for
/// sealed votes).
async fn new_identity() -> Result<([u8; 32], Vec<u8>, Vec<u8>), String> {
    let secret = (0..4)
        .filter_map(|_| random_bytes(32).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()))
        .find(|s| Keys::from_secret(s).is_ok())
        .ok_or("This browser cannot make keys (no WebCrypto: it needs https or localhost).")?;
    let (public, private) = facilitator_keys().await.map_err(|e| e.to_string())?;
    Ok((secret, public, private))
}

fn stored(link: &RoomLink, secret: &[u8; 32], public: &[u8], private: &[u8], room: Room) -> RoomDoc {
    RoomDoc {
        schema: ROOM_SCHEMA,
        link: room_link::encode(link),
        secret: hex(secret),
        ecdh_public: base64url::encode(public),
        ecdh_private: base64url::encode(private),
        room,
        saves: Default::default(),
    }
}

/// The live room page: start a room (no link yet), join one, or be in one.
#[component]
pub fn RoomPage() -> impl IntoView {
    let payload = RwSignal::new(room_payload());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| payload.set(room_payload()));
    on_cleanup(move || handle.remove());
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Live room"</h1>
                    <p class="page-summary">
                        "One link for the whole team: votes show up live on every device, end-to-end encrypted, carried by public Nostr relays. No server of ours, no account."
                    </p>
                </div>
                <div class="toolbar">
                    <a class="btn btn-quiet" href="#/poker">
                        "Back to Poker"
                    </a>
                </div>
            </header>
            {move || {
                let p = payload.get();
                if p.is_empty() {
                    return view! { <StartRoom /> }.into_any();
                }
                match room_link::decode(&p) {
                    Ok(link) => view! { <JoinOrLive link /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {format!("This room link cannot be opened: {e}. Ask for the link again.")}
                            </p>
                        }
                            .into_any()
                    }
                }
            }}
        </section>
    }
}

/// The facilitator's form: their name, whether they vote, and the relays.
#[component]
fn StartRoom() -> impl IntoView {
    let store = expect_context::<Store>();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = form_field(&ev);
        let name = match clean_name(&field("name")) {
            Ok(n) => n,
            Err(e) => return message.set(Some(format!("{e}."))),
        };
        let relays_text = field("relays");
        let relays = match clean_relays(relays_text.lines()) {
            Ok(r) => r,
            Err(e) => return message.set(Some(format!("{e}."))),
        };
        let role = if field("spectate") == "on" { Role::Spectator } else { Role::Voter };
        let board = store.board().get_untracked();
        let deck = decks_of(&board.decks).remove(0);
        let queue: Vec<RoomStory> = open_stories(&board)
            .into_iter()
            .take(QUEUE_MAX)
            .filter_map(|(id, _, _)| board.stories.iter().find(|s| s.id == id))
            .map(|s| RoomStory {
                story: Some(s.id),
                title: s.title.clone(),
                criteria: shorten(&s.acceptance, CRITERIA_MAX / 2),
            })
            .collect();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let made = async {
                let (secret, public, private) = new_identity().await?;
                let ids = random_bytes(48).map_err(|e| e.to_string())?;
                let keys = Keys::from_secret(&secret).map_err(|e| e.to_string())?;
                let link = RoomLink {
                    room: ids[..16].try_into().map_err(|_| "no random bytes")?,
                    key: ids[16..].try_into().map_err(|_| "no random bytes")?,
                    founder: keys.public(),
                    relays,
                };
                let mut room = Room::found(keys.public(), name, role, public.clone(), deck, queue, now_ms());
                // The first open story is on the table at once (an empty board starts waiting).
                let _ = room.next_story(now_ms());
                Ok::<_, String>((stored(&link, &secret, &public, &private, room), link))
            };
            match made.await {
                Ok((doc, link)) => {
                    let slot: Document<Slot> = open_slot(&link.room);
                    match slot.change_and_save(doc) {
                        Ok((_, None)) => {
                            let _ = window().location().set_hash(&format!("/room/{}", room_link::encode(&link)));
                        }
                        Ok((_, Some(why))) | Err(why) => {
                            message.try_set(Some(why));
                        }
                    }
                }
                Err(e) => {
                    message.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="start-heading">
            <h2 id="start-heading">"Start a live room"</h2>
            <p class="muted">
                "The room takes this board's open stories, in order. Share its link in your call's chat, or show its QR code."
            </p>
            <form class="stack" on:submit=submit>
                <label class="field">
                    <span>"Your name"</span>
                    <input class="input" name="name" maxlength="40" autocomplete="nickname" required />
                </label>
                <label class="check-field">
                    <input type="checkbox" name="spectate" />
                    <span>"I only facilitate (I do not vote)"</span>
                </label>
                <label class="field">
                    <span>"Relays (one per line)"</span>
                    <textarea class="input" name="relays" rows="4" spellcheck="false">
                        {DEFAULT_RELAYS.join("\n")}
                    </textarea>
                </label>
                <p class="muted">
                    "Relays carry the room's messages, encrypted: they see neither names nor votes. Put your company's own relay here if it has one."
                </p>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    "Start the room"
                </button>
            </form>
            <p role="status" class="round-message">
                {move || message.get()}
            </p>
        </section>
    }
}

/// A room link opened: the join form the first time, the room after.
#[component]
fn JoinOrLive(link: RoomLink) -> impl IntoView {
    let store = expect_context::<Store>();
    let slot = open_slot(&link.room);
    let joined = Memo::new(move |_| slot.value().with(|s| s.0.is_some()));
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let founder = link.founder;
    let join_link = link.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let field = form_field(&ev);
        let name = match clean_name(&field("name")) {
            Ok(n) => n,
            Err(e) => return message.set(Some(format!("{e}."))),
        };
        let role = if field("role") == "spectator" { Role::Spectator } else { Role::Voter };
        let link = join_link.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match new_identity().await {
                Ok((secret, public, private)) => {
                    let me = Keys::from_secret(&secret).map(|k| k.public()).unwrap_or_default();
                    let room = Room::join(me, founder, name, role, public.clone(), now_ms());
                    if let Ok((_, Some(why))) | Err(why) =
                        slot.change_and_save(stored(&link, &secret, &public, &private, room))
                    {
                        message.try_set(Some(why));
                    }
                }
                Err(e) => {
                    message.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let problem = slot.problem();
    view! {
        {move || {
            problem
                .get()
                .map(|p| {
                    view! {
                        <p class="notice notice-error" role="alert">
                            {p}
                        </p>
                    }
                })
        }}
        {move || {
            if joined.get() {
                view! { <OneTab link=link.clone() doc=slot store /> }.into_any()
            } else {
                view! {
                    <section class="card" aria-labelledby="join-heading">
                        <h2 id="join-heading">"Join the room"</h2>
                        <form class="stack" on:submit=submit.clone()>
                            <label class="field">
                                <span>"Your name"</span>
                                <input class="input" name="name" maxlength="40" autocomplete="nickname" required />
                            </label>
                            <fieldset class="field">
                                <legend>"How you take part"</legend>
                                <label class="check-field">
                                    <input type="radio" name="role" value="voter" checked />
                                    <span>"Vote"</span>
                                </label>
                                <label class="check-field">
                                    <input type="radio" name="role" value="spectator" />
                                    <span>"Watch only (spectator)"</span>
                                </label>
                            </fieldset>
                            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                                "Join"
                            </button>
                        </form>
                        <p role="status" class="round-message">
                            {move || message.get()}
                        </p>
                    </section>
                }
                    .into_any()
            }
        }}
    }
}

/// The room, live in one tab of this browser at a time: two tabs of one member would both send
/// and both store the room (a facilitator's two desks would publish over each other). Another
/// tab says so and offers to take the room; it takes it by itself when the other tab goes.
#[component]
fn OneTab(link: RoomLink, doc: Document<Slot>, store: Store) -> impl IntoView {
    let lock = use_tab_lock(format!("sprintdeck-room-{}", hex(&link.room)));
    let here = Memo::new(move |_| match lock.state.get() {
        TabLock::Asking => None,
        TabLock::Held | TabLock::Unsupported => Some(true),
        TabLock::Elsewhere => Some(false),
    });
    move || {
        match here.get() {
        None => ().into_any(),
        Some(true) => {
            let live = Live::start(doc, link.clone(), store);
            view! { <room_view::RoomView live /> }.into_any()
        }
        Some(false) => {
            view! {
                <section class="card" aria-labelledby="elsewhere-heading">
                    <h2 id="elsewhere-heading">"This room is open in another tab"</h2>
                    <p class="muted">
                        "A room takes part from one tab of this browser at a time, so you count once. This tab takes over by itself when the other one closes."
                    </p>
                    <button type="button" class="btn btn-primary" on:click=move |_| lock.take()>
                        "Use the room in this tab"
                    </button>
                </section>
            }
                .into_any()
        }
    }
    }
}
