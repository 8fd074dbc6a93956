//! A live room in this tab: the core's state machine ([`Room`]) kept as a stored document,
//! fed by the relays through one gate, its effects carried out here (events signed and
//! published, votes sealed and opened with WebCrypto).
//!
//! What arrives passes, in order: the relay message's shape and size (`nostr::parse`), the
//! room's tag, a ring of the last 1,024 event ids (a duplicate is a replay), the time window
//! (an event more than ten minutes from now is a replay), the event's signature, the room
//! key's AES-GCM, and the message gate (`room_msg::read`). Only then does the room compute.
//! At most [`IN_FLIGHT_MAX`] messages are being decrypted at once; more are dropped, so a flood
//! never freezes the tab.

use std::collections::VecDeque;

use leptos::prelude::*;

use super::relays::{Handlers, Pool};
use crate::browser::crypto::{aes_open, aes_seal, open_from, random_bytes, seal_as};
use crate::browser::now_ms;
use crate::codec::base64url;
use crate::codec::kinds::POKER_VOTE_2;
use crate::codec::nostr::{self, Keys, ROOM_KIND};
use crate::codec::poker_link::{read_vote_plain, vote_plain};
use crate::codec::room_link::RoomLink;
use crate::codec::room_msg;
use crate::domain::Millis;
use crate::domain::action::Action;
use crate::domain::room::{Effect, Msg, Peer, Reason, Room, unhex};
use crate::state::Store;
use crate::state::document::{Document, Kept};
use crate::storage::format::{RoomDoc, decode_room, encode_room};
use crate::storage::keys::Key;
use crate::storage::sync::Lineage;

/// Messages being decrypted at once, at most.
const IN_FLIGHT_MAX: u32 = 64;
/// Event ids remembered, to drop duplicates.
const SEEN_MAX: usize = 1024;
/// An event further than this from now (seconds) is dropped as a replay.
const WINDOW_S: u64 = 600;

/// The stored room (`None` until this browser has joined).
#[derive(Clone, Debug, PartialEq)]
pub struct Slot(pub Option<RoomDoc>);

impl Kept for Slot {
    type Change = RoomDoc;
    type Done = ();

    fn decode(_: &Self, text: &str) -> Result<(Self, Lineage), String> {
        decode_room(text).map(|(d, l)| (Slot(Some(d)), l)).map_err(|e| e.to_string())
    }

    fn encode(&self, saves: &Lineage) -> String {
        self.0.as_ref().map(|d| encode_room(d, saves)).unwrap_or_default()
    }

    fn apply(&mut self, change: &RoomDoc) -> Result<(), String> {
        self.0 = Some(change.clone());
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

/// The room's stored document, under its key.
pub fn open_slot(room: &[u8; 16]) -> Document<Slot> {
    Document::open(Key::Room(*room), "live room", Slot(None))
}

/// What this tab counts of the room's traffic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    pub sent: u32,
    pub received: u32,
}

/// The live room in this tab. Copyable: arena handles only.
#[derive(Clone, Copy)]
pub struct Live {
    pub doc: Document<Slot>,
    pub link: StoredValue<RoomLink>,
    pub pool: Pool,
    seen: StoredValue<VecDeque<String>>,
    in_flight: StoredValue<u32>,
    pub traffic: RwSignal<Traffic>,
    /// Why the last operation was refused, or what it came to.
    pub message: RwSignal<Option<String>>,
    store: Store,
}

impl Live {
    /// Starts the room of `doc` (joined already): connects to its relays, ticks it.
    pub fn start(doc: Document<Slot>, link: RoomLink, store: Store) -> Live {
        let pool = Pool::new(&link.relays);
        let live = Live {
            doc,
            link: StoredValue::new(link),
            pool,
            seen: StoredValue::new(VecDeque::new()),
            in_flight: StoredValue::new(0),
            traffic: RwSignal::new(Traffic::default()),
            message: RwSignal::new(None),
            store,
        };
        // A reload's stored room heard the facilitator a while ago: its silence counts from now.
        live.apply(|r, now| {
            r.reopened(now);
            Vec::new()
        });
        let tag = room_msg::room_tag(&live.link.with_value(|l| l.room));
        pool.start(Handlers {
            event: Box::new(move |e| live.arrived(e)),
            opened: Box::new(move || {
                live.apply(|r, now| {
                    r.reconnected(now);
                    Vec::new()
                })
            }),
            subscribe: Box::new(move || {
                let since = u64::try_from(now_ms() / 1000).unwrap_or(0).saturating_sub(30);
                nostr::subscribe("room", &tag, since)
            }),
        });
        live
    }

    /// The room as it is now (`None` if the stored room has gone).
    pub fn room(&self) -> Signal<Option<Room>> {
        let value = self.doc.value();
        Signal::derive(move || value.with(|s| s.0.as_ref().map(|d| d.room.clone())))
    }

    /// This member's Nostr signing key, from the stored room.
    pub fn keys(&self) -> Option<Keys> {
        let secret = self.doc.value().with_untracked(|s| s.0.as_ref().map(|d| d.secret.clone()))?;
        let bytes: [u8; 32] = unhex(&secret, 32)?.try_into().ok()?;
        Keys::from_secret(&bytes).ok()
    }

    /// Changes the room with `f` (through its own operations), stores it, and carries out
    /// what it asks.
    pub fn apply(self, f: impl FnOnce(&mut Room, Millis) -> Vec<Effect>) {
        let Some(mut doc) = self.doc.value().try_with_untracked(|s| s.0.clone()).flatten() else { return };
        let now = now_ms();
        let effects = f(&mut doc.room, now);
        let agreed = if doc.room.me() == doc.room.founder() { doc.room.take_agreed() } else { Vec::new() };
        let _ = self.doc.change(doc);
        for a in agreed {
            let title = self
                .store
                .board()
                .with_untracked(|b| b.stories.iter().find(|s| s.id == a.story).map(|s| s.title.clone()));
            let label = a.card.label.clone();
            let outcome = self.store.dispatch(Action::AcceptEstimate { id: a.story, card: a.card, rounds: a.rounds });
            self.message.set(Some(match (outcome, title) {
                (Ok(_), Some(t)) => format!("Estimate {label} saved on “{t}”."),
                (Ok(_), None) => format!("Estimate {label} saved."),
                (Err(e), _) => format!("The estimate {label} could not be saved on the board: {e}"),
            }));
        }
        for e in effects {
            self.carry_out(e);
        }
    }

    /// Runs `op` (a facilitator's or member's choice) and says why, if it was refused.
    pub fn act<E: std::fmt::Display>(self, op: impl FnOnce(&mut Room, Millis) -> Result<Vec<Effect>, E>) {
        let mut refused = None;
        self.apply(|r, now| match op(r, now) {
            Ok(effects) => effects,
            Err(e) => {
                refused = Some(e.to_string());
                Vec::new()
            }
        });
        if let Some(why) = refused {
            self.message.set(Some(format!("{why}.")));
        }
    }

    /// Seals `msg` with the room key, signs it and sends it to every relay that takes it;
    /// whether any did.
    async fn publish(self, msg: Msg) -> bool {
        let (room_id, room_key) = self.link.with_value(|l| (l.room, l.key));
        let Some(keys) = self.keys() else { return false };
        let plain = room_msg::write(&msg);
        let Ok(sealed) = aes_seal(&room_key, &plain, &room_id).await else { return false };
        let now_s = u64::try_from(now_ms() / 1000).unwrap_or(0);
        let tags = vec![vec!["h".to_owned(), room_msg::room_tag(&room_id)]];
        let event = keys.event(now_s, ROOM_KIND, tags, base64url::encode(&sealed), &aux());
        let sent = self.pool.send(&nostr::publish(&event)) > 0;
        if sent {
            self.traffic.try_update(|t| t.sent = t.sent.saturating_add(1));
        }
        sent
    }

    /// Says goodbye to the room (the facilitator then counts this member as left), then runs
    /// `then`. The stored room stays: opening the link again rejoins as the same member.
    pub fn leave(self, then: impl FnOnce() + 'static) {
        let Some(msg) = self.doc.value().with_untracked(|s| s.0.as_ref().map(|d| d.room.leave())) else {
            return then();
        };
        leptos::task::spawn_local(async move {
            self.publish(msg).await;
            then();
        });
    }

    fn ecdh(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        self.doc.value().with_untracked(|s| {
            let d = s.0.as_ref()?;
            Some((base64url::decode(&d.ecdh_public).ok()?, base64url::decode(&d.ecdh_private).ok()?))
        })
    }

    fn carry_out(self, effect: Effect) {
        let room_id = self.link.with_value(|l| l.room);
        match effect {
            Effect::Send(msg) => leptos::task::spawn_local(async move {
                self.publish(msg).await;
            }),
            Effect::Seal { round, seq, to, card, confidence } => {
                let (Some((public, private)), Some(me)) =
                    (self.ecdh(), self.room().get_untracked().map(|r| (r.me(), r.name().to_owned())))
                else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    let plain = vote_plain(&me.1, &card.label, confidence);
                    let aad = vote_aad(&room_id, round, seq, &me.0);
                    match seal_as(&to, &public, &private, &plain, |_| aad.clone()).await {
                        Ok((_, iv, ct)) => {
                            let mut sealed = iv;
                            sealed.extend(ct);
                            self.apply(|r, now| r.sealed(now, round, seq, sealed));
                        }
                        Err(e) => self.message.set(Some(format!("Your vote could not be sealed: {e}."))),
                    }
                });
            }
            Effect::Open { from, ecdh, round, seq, sealed } => {
                let Some((_, private)) = self.ecdh() else { return };
                leptos::task::spawn_local(async move {
                    let aad = vote_aad(&room_id, round, seq, &from);
                    let opened = match sealed.split_at_checked(12) {
                        Some((iv, ct)) => open_from(&private, &ecdh, iv, ct, &aad).await.ok(),
                        None => None,
                    };
                    match opened.and_then(|plain| read_vote_plain(POKER_VOTE_2, &plain).ok()) {
                        Some((_, label, confidence)) => self.apply(|r, now| {
                            r.opened(now, from, round, seq, &label, confidence);
                            Vec::new()
                        }),
                        None => self.apply(|r, _| {
                            r.ignore(Reason::Undecryptable);
                            Vec::new()
                        }),
                    }
                });
            }
        }
    }

    fn ignore(self, reason: Reason) {
        self.apply(|r, _| {
            r.ignore(reason);
            Vec::new()
        });
    }

    /// An event from a relay, through the gate (see the module's docs).
    fn arrived(self, event: nostr::Event) {
        let (room_id, room_key) = self.link.with_value(|l| (l.room, l.key));
        if event.kind != ROOM_KIND || event.tag("h") != Some(room_msg::room_tag(&room_id).as_str()) {
            return;
        }
        let fresh = self
            .seen
            .try_update_value(|seen| {
                if seen.contains(&event.id) {
                    return false;
                }
                if seen.len() == SEEN_MAX {
                    seen.pop_front();
                }
                seen.push_back(event.id.clone());
                true
            })
            .unwrap_or(false);
        if !fresh {
            // The same event through a second relay is normal, and not counted.
            return;
        }
        let now_s = u64::try_from(now_ms() / 1000).unwrap_or(0);
        if event.created_at.abs_diff(now_s) > WINDOW_S {
            return self.ignore(Reason::Replay);
        }
        let from: Peer = match event.verified() {
            Ok(p) => p,
            Err(_) => return self.ignore(Reason::BadSignature),
        };
        if self.room().with_untracked(|r| r.as_ref().map(Room::me)) == Some(from) {
            return;
        }
        let Ok(sealed) = base64url::decode(&event.content) else {
            return self.ignore(Reason::Undecryptable);
        };
        if sealed.len() > room_msg::MSG_MAX + 28 {
            return self.ignore(Reason::TooLarge);
        }
        if self.in_flight.get_value() >= IN_FLIGHT_MAX {
            return self.ignore(Reason::Busy);
        }
        self.in_flight.update_value(|n| *n += 1);
        self.traffic.update(|t| t.received = t.received.saturating_add(1));
        leptos::task::spawn_local(async move {
            let plain = aes_open(&room_key, &sealed, &room_id).await;
            self.in_flight.try_update_value(|n| *n = n.saturating_sub(1));
            let Ok(plain) = plain else { return self.ignore(Reason::Undecryptable) };
            match room_msg::read(&room_id, &plain) {
                Ok(msg) => self.apply(|r, now| r.receive(now, from, msg)),
                Err(e) => self.ignore(e.reason()),
            }
        });
    }
}

/// Fresh randomness for a BIP-340 signature (all zeros, still a valid signature, if the
/// browser has none).
pub fn aux() -> [u8; 32] {
    random_bytes(32).ok().and_then(|b| b.try_into().ok()).unwrap_or([0; 32])
}

/// What a sealed vote's encryption authenticates besides its content: the room, the round,
/// the vote's number and the voter, so a vote cannot be replayed elsewhere.
fn vote_aad(room: &[u8; 16], round: u32, seq: u32, voter: &Peer) -> Vec<u8> {
    let mut aad = room.to_vec();
    aad.extend(round.to_be_bytes());
    aad.extend(seq.to_be_bytes());
    aad.extend(voter);
    aad
}
