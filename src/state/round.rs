//! The live poker round of the open board.
//!
//! A round is kept in localStorage (a reload, or a second window opened later, finds it) and sent
//! to every other window of this browser through a `BroadcastChannel` on each change, where
//! [`Round::merge`] unites it with what that window has: votes cast in two windows at once are
//! both kept. The facilitator's private key for sealed remote votes is stored with the round and
//! never sent anywhere.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::codec::poker_link::{self, SealedVote};
use crate::domain::BoardId;
use crate::domain::poker::{PokerError, Round};
use crate::storage::format::{RoundDoc, decode_round as decode, encode_round as encode};
use crate::storage::keys::Key;
use crate::storage::local::{self, Unread};

pub use crate::storage::format::RoundKeys as Keys;

/// The round of one board, shared through context by the poker views.
#[derive(Clone, Copy)]
pub struct Table {
    pub board: BoardId,
    round: RwSignal<Option<Round>>,
    keys: RwSignal<Option<Keys>>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Why the stored round could not be read or saved, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Table {
    /// The round of `board` as stored, listening to the other windows.
    pub fn open(board: BoardId) -> Table {
        let (stored, problem) = match local::read_or_set_aside(&Key::Round(board), crate::browser::now_ms(), decode) {
            Ok(stored) => (stored, None),
            Err(Unread::Unreadable(e)) => {
                (None, Some(format!("The saved poker round could not be read ({e}); a new round starts.")))
            }
            Err(Unread::Storage(e)) => (None, Some(e.to_string())),
        };
        let (round, keys) = stored.unwrap_or((None, None));
        let table = Table {
            board,
            round: RwSignal::new(round),
            keys: RwSignal::new(keys),
            channel: StoredValue::new_local(None),
            problem: RwSignal::new(problem),
        };
        table.listen();
        table
    }

    fn listen(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("sprintdeck-round-{}", self.board)) else { return };
        let this = *self;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(text) = ev.data().as_string() else { return };
            let Ok((incoming, _)) = decode(&text) else { return };
            this.receive(incoming);
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        self.channel.set_value(Some(channel.clone()));
        on_cleanup(move || channel.close());
    }

    /// Brings in another window's round (or its closing of the round).
    fn receive(&self, incoming: Option<Round>) {
        let Some(current) = self.round.try_get_untracked() else { return };
        let next = match (current, incoming) {
            (Some(mut mine), Some(theirs)) => {
                mine.merge(&theirs);
                Some(mine)
            }
            (None, Some(theirs)) => Some(theirs),
            (_, None) => None,
        };
        self.round.set(next);
        self.save(false);
    }

    pub fn round(&self) -> ReadSignal<Option<Round>> {
        self.round.read_only()
    }

    pub fn keys(&self) -> ReadSignal<Option<Keys>> {
        self.keys.read_only()
    }

    fn save(&self, broadcast: bool) {
        let doc = RoundDoc::of(&self.round.get_untracked(), &self.keys.get_untracked());
        if let Err(e) = local::write(&Key::Round(self.board), &doc) {
            self.problem
                .set(Some(format!("The round could not be saved in this browser ({e}); it goes on in this window.")));
        }
        if broadcast {
            // Other windows get the round without the private key.
            let public = encode(&self.round.get_untracked(), &None);
            self.channel.with_value(|c| {
                if let Some(c) = c {
                    let _ = c.post_message(&wasm_bindgen::JsValue::from_str(&public));
                }
            });
        }
    }

    /// Starts `round`, replacing any other.
    pub fn start(&self, round: Round) {
        self.keys.set(None);
        self.round.set(Some(round));
        self.save(true);
    }

    /// Ends the round (after the estimate was accepted, or to discard it).
    pub fn close(&self) {
        self.round.set(None);
        self.keys.set(None);
        self.save(true);
    }

    /// Changes the round; on error nothing changes.
    pub fn update<T>(&self, f: impl FnOnce(&mut Round) -> Result<T, PokerError>) -> Result<T, PokerError> {
        let mut round = self.round.get_untracked().ok_or(PokerError::NotRevealed)?;
        let out = f(&mut round)?;
        self.round.set(Some(round));
        self.save(true);
        Ok(out)
    }

    /// Remembers the facilitator's keys for remote votes.
    pub fn set_keys(&self, keys: Keys) {
        self.keys.set(Some(keys));
        self.save(false);
    }
}

/// What a sealed vote or answer is called in the messages about it.
pub struct Sealed {
    /// "vote" or "answer".
    pub noun: &'static str,
    /// "round" or "async round".
    pub round: &'static str,
}

/// Opens a sealed vote or answer for the round `round_id` with the facilitator's `keys`: a
/// vote for another round, another facilitator's, or one changed on the way is refused with a
/// message saying which; nothing is decrypted before the clear header says it is ours.
pub async fn open_sealed(
    vote: &SealedVote,
    round_id: u64,
    keys: Option<Keys>,
    what: Sealed,
) -> Result<Vec<u8>, String> {
    let Sealed { noun, round } = what;
    if vote.round != round_id {
        return Err(format!("This {noun} is for another {round} (or an earlier one), so it was not counted."));
    }
    let Some(keys) = keys else {
        return Err(format!(
            "This browser has no key for this round's {noun}s: the invite was made in another browser."
        ));
    };
    if vote.key_tag != poker_link::key_tag(&keys.public) {
        return Err(format!("This {noun} was sealed for another facilitator's key, so this browser cannot open it."));
    }
    crate::state::crypto::open_from(&keys.private, &vote.voter_key, &vote.iv, &vote.ciphertext, &vote.header())
        .await
        .map_err(|_| format!("This {noun} link was changed or damaged after it was made; it was not counted."))
}

/// Keeps the screen on while `on` is true, where the browser has the Wake Lock API.
pub fn keep_awake(on: Signal<bool>) {
    let sentinel: StoredValue<Option<wasm_bindgen::JsValue>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move || {
        let want = on.get();
        if let Some(s) = sentinel.try_get_value().flatten() {
            release(&s);
            sentinel.set_value(None);
        }
        if !want {
            return;
        }
        let nav = window().navigator();
        let Ok(lock) = js_sys::Reflect::get(&nav, &"wakeLock".into()) else { return };
        if lock.is_undefined() {
            return;
        }
        let Ok(request) = js_sys::Reflect::get(&lock, &"request".into()) else { return };
        let Some(request) = request.dyn_ref::<js_sys::Function>() else { return };
        let Ok(promise) = request.call1(&lock, &"screen".into()) else { return };
        let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(s) = wasm_bindgen_futures::JsFuture::from(promise).await {
                sentinel.try_set_value(Some(s));
            }
        });
    });
    on_cleanup(move || {
        if let Some(s) = sentinel.try_get_value().flatten() {
            release(&s);
        }
    });
}

/// Lets go of a wake lock.
fn release(sentinel: &wasm_bindgen::JsValue) {
    let f = js_sys::Reflect::get(sentinel, &"release".into()).ok();
    if let Some(f) = f.as_ref().and_then(|f| f.dyn_ref::<js_sys::Function>()) {
        let _ = f.call0(sentinel);
    }
}
