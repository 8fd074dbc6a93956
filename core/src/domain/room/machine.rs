//! The room as a pure state machine: [`Room::receive`] and [`Room::tick`] take what arrived and
//! the time, the member's and the facilitator's operations take what they chose, and each
//! returns the [`Effect`]s to carry out (messages to publish, votes to seal or open). The app
//! carries them out (relays, WebCrypto) and stores the room (it is serde) after each call.
//!
//! Every list is bounded ([`MEMBERS_MAX`](super::MEMBERS_MAX) and the rest), every message
//! costs work linear in its size, and nothing is sent more often than a heartbeat unless
//! something changed: a state is published at most every [`COALESCE_MS`] while things change,
//! and every [`HEARTBEAT_MS`] otherwise.

use serde::{Deserialize, Serialize};

use super::{
    AGREED_MAX, Agreed, Appointment, Ballot, CHAIN_MAX, MEMBERS_MAX, Mark, Msg, Peer, Phase, Presence, Role, RoomStory,
    Seat, Snapshot, Timer, hex_vec,
};
use crate::domain::Millis;
use crate::domain::poker::{Card, Confidence, Deck, RoundRecord, Stats};

/// How often a member says hello, and the facilitator republishes its state, when nothing
/// changes.
pub const HEARTBEAT_MS: Millis = 40_000;
/// A member not heard for this long shows as away.
pub const AWAY_AFTER_MS: Millis = 90_000;
/// How long the facilitator must be silent before a member may take the room over.
pub const TAKEOVER_AFTER_MS: Millis = 60_000;
/// Changes made within this time go out in one state.
pub const COALESCE_MS: Millis = 150;
/// A sealed vote is sent again after this, then after twice as long, until the state lists it.
pub const RESEND_FIRST_MS: Millis = 2_000;
pub const RESEND_MAX_MS: Millis = 20_000;
/// A member the facilitator's state does not seat (its hello was lost) says hello again this
/// soon, and this often while it is not seated and has heard the facilitator within
/// [`TAKEOVER_AFTER_MS`], not at the next heartbeat: its votes are ignored until it is seated.
pub const HELLO_AGAIN_MS: Millis = 2_000;
pub const HELLO_UNSEATED_MS: Millis = 5_000;
/// A handover's appointment is sent again this often until the new facilitator is heard.
pub const CLAIM_EVERY_MS: Millis = 3_000;

/// Why an operation was refused. Messages are shown as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    #[error("only the facilitator can do that")]
    NotFacilitator,
    #[error("the room has not heard from its facilitator yet")]
    NoState,
    #[error("there is no story on the table")]
    NoStory,
    #[error("the votes are not revealed yet")]
    NotRevealed,
    #[error("the votes are already revealed")]
    AlreadyRevealed,
    #[error("spectators do not vote")]
    Spectator,
    #[error("that card is not in this round's deck")]
    NoSuchCard,
    #[error("no story is left to estimate")]
    QueueEmpty,
    #[error("the facilitator was heard {0} seconds ago: a takeover waits until they have been silent for a minute")]
    FacilitatorHere(i64),
    #[error("that member is not in the room")]
    NoSuchMember,
    #[error("this room has been handed over {CHAIN_MAX} times, the most it can be")]
    ChainFull,
    #[error("that appointment does not follow from this room's facilitator")]
    BadAppointment,
}

/// Why a received message was ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It did not decrypt with the room key (or a sealed vote with the facilitator's key).
    Undecryptable,
    /// Its Nostr signature, or an appointment's, is wrong.
    BadSignature,
    /// An event already seen, or far from the present.
    Replay,
    /// Longer than any message of the room can be.
    TooLarge,
    /// Dropped unread because too many were being decrypted at once (a flood); a member's
    /// own messages are resent, so nothing of a real member's is lost.
    Busy,
    /// It is not a message of this version, or breaks a bound.
    Invalid,
    /// A state or claim from someone the chain does not make facilitator.
    Forged,
}

/// What was ignored, by reason: shown to the facilitator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignored {
    pub undecryptable: u32,
    pub bad_signature: u32,
    pub replay: u32,
    pub too_large: u32,
    pub invalid: u32,
    pub forged: u32,
    /// Added after the first rooms were stored: read as 0 from them.
    #[serde(default)]
    pub busy: u32,
}

impl Ignored {
    pub fn count(&mut self, reason: Reason) {
        let n = match reason {
            Reason::Undecryptable => &mut self.undecryptable,
            Reason::BadSignature => &mut self.bad_signature,
            Reason::Replay => &mut self.replay,
            Reason::TooLarge => &mut self.too_large,
            Reason::Invalid => &mut self.invalid,
            Reason::Forged => &mut self.forged,
            Reason::Busy => &mut self.busy,
        };
        *n = n.saturating_add(1);
    }

    pub fn total(&self) -> u32 {
        [self.undecryptable, self.bad_signature, self.replay, self.too_large, self.invalid, self.forged, self.busy]
            .iter()
            .fold(0u32, |a, b| a.saturating_add(*b))
    }
}

/// What the app is to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Publish this message to the room.
    Send(Msg),
    /// Seal this vote for the facilitator's key `to`, then call [`Room::sealed`].
    Seal { round: u32, seq: u32, to: Vec<u8>, card: Card, confidence: Option<Confidence> },
    /// Open this sealed vote from `from` (whose P-256 key is `ecdh`), then call
    /// [`Room::opened`] (or [`Room::ignore`] with [`Reason::Undecryptable`]).
    Open { from: Peer, ecdh: Vec<u8>, round: u32, seq: u32, sealed: Vec<u8> },
}

/// This member's vote in the round on the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct MyVote {
    round: u32,
    seq: u32,
    card: Card,
    confidence: Option<Confidence>,
    /// The facilitator's key it is (being) sealed for.
    #[serde(with = "hex_vec")]
    for_ecdh: Vec<u8>,
    #[serde(default)]
    sealed: Option<Vec<u8>>,
    #[serde(default)]
    next_send: Millis,
    #[serde(default)]
    wait: Millis,
}

/// A vote the facilitator has opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Opened {
    peer: Peer,
    seq: u32,
    card: Card,
    confidence: Option<Confidence>,
}

/// What only the facilitator holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Desk {
    opened: Vec<Opened>,
    /// When each member was last heard.
    heard: Vec<(Peer, Millis)>,
    started_at: Millis,
    revealed_at: Option<Millis>,
    /// A running countdown's end, or a paused one's milliseconds left.
    timer_end: Option<Millis>,
    dirty: bool,
    publish_at: Millis,
    next_agreed: u32,
}

impl Desk {
    fn new(now: Millis, seats: &[Seat], next_agreed: u32) -> Desk {
        Desk {
            opened: Vec::new(),
            heard: seats.iter().map(|s| (s.peer, now)).collect(),
            started_at: now,
            revealed_at: None,
            timer_end: None,
            dirty: true,
            publish_at: now,
            next_agreed,
        }
    }
}

/// One member's view of a room, and the facilitator's desk when the member is the facilitator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Room {
    me: Peer,
    founder: Peer,
    name: String,
    role: Role,
    #[serde(with = "hex_vec")]
    ecdh: Vec<u8>,
    state: Option<Snapshot>,
    received_at: Millis,
    heard_facilitator: Millis,
    desk: Option<Desk>,
    my_vote: Option<MyVote>,
    seq: u32,
    next_hello: Millis,
    claim: Option<(Appointment, Millis)>,
    /// The newest accepted estimate this member has taken (the board's owner applies them).
    applied: u32,
    pub ignored: Ignored,
}

impl Room {
    /// A new room with `me` as its founder and facilitator.
    pub fn found(
        me: Peer,
        name: String,
        role: Role,
        ecdh: Vec<u8>,
        deck: Deck,
        queue: Vec<RoomStory>,
        now: Millis,
    ) -> Room {
        let seat = Seat { peer: me, name: name.clone(), role, presence: Presence::Here, ecdh: ecdh.clone() };
        let state = Snapshot {
            epoch: 0,
            rev: 0,
            chain: Vec::new(),
            ecdh: ecdh.clone(),
            seats: vec![seat],
            story: None,
            deck,
            round: 0,
            phase: Phase::Waiting,
            timer: None,
            seconds: 0,
            earlier: Vec::new(),
            queue: queue.into_iter().take(super::QUEUE_MAX).collect(),
            agreed: Vec::new(),
        };
        let desk = Desk::new(now, &state.seats, 1);
        let mut room = Room::join(me, me, name, role, ecdh, now);
        room.state = Some(state);
        room.desk = Some(desk);
        room.heard_facilitator = now;
        room
    }

    /// A member joining the room founded by `founder`: it says hello at the first tick.
    pub fn join(me: Peer, founder: Peer, name: String, role: Role, ecdh: Vec<u8>, now: Millis) -> Room {
        Room {
            me,
            founder,
            name,
            role,
            ecdh,
            state: None,
            received_at: now,
            heard_facilitator: now,
            desk: None,
            my_vote: None,
            seq: 0,
            next_hello: now,
            claim: None,
            applied: 0,
            ignored: Ignored::default(),
        }
    }

    pub fn me(&self) -> Peer {
        self.me
    }

    pub fn founder(&self) -> Peer {
        self.founder
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The newest state this member holds (the facilitator's own, for the facilitator).
    pub fn state(&self) -> Option<&Snapshot> {
        self.state.as_ref()
    }

    pub fn is_facilitator(&self) -> bool {
        self.desk.is_some()
    }

    /// The member the newest state names as facilitator.
    pub fn facilitator(&self) -> Peer {
        self.state.as_ref().map_or(self.founder, |s| s.facilitator(&self.founder))
    }

    /// Milliseconds since the facilitator was last heard (0 for the facilitator).
    pub fn facilitator_silent(&self, now: Millis) -> Millis {
        if self.is_facilitator() { 0 } else { now.saturating_sub(self.heard_facilitator).max(0) }
    }

    /// This member's card in the round on the table.
    pub fn my_card(&self) -> Option<(&Card, Option<Confidence>)> {
        let round = self.state.as_ref()?.round;
        self.my_vote.as_ref().filter(|v| v.round == round).map(|v| (&v.card, v.confidence))
    }

    /// Whether the state lists this member as voted (its vote reached the facilitator).
    pub fn vote_counted(&self) -> bool {
        let seq = self.my_vote.as_ref().map_or(0, |v| v.seq);
        match self.state.as_ref().map(|s| &s.phase) {
            Some(Phase::Voting { voted }) => voted.iter().any(|m| m.peer == self.me && m.seq >= seq),
            Some(Phase::Revealed { votes }) => votes.iter().any(|b| b.peer == self.me),
            _ => false,
        }
    }

    /// The countdown's milliseconds left, as every member computes it from the state.
    pub fn timer_left(&self, now: Millis) -> Option<u64> {
        let s = self.state.as_ref()?;
        if let Some(desk) = &self.desk {
            return s.timer.map(|_| match desk.timer_end {
                Some(end) => u64::try_from(end.saturating_sub(now)).unwrap_or(0),
                None => 0,
            });
        }
        let t = s.timer?;
        let passed = u64::try_from(now.saturating_sub(self.received_at)).unwrap_or(0);
        Some(if t.running { t.left_ms.saturating_sub(passed) } else { t.left_ms })
    }

    /// Seconds spent on the round on the table.
    pub fn seconds(&self, now: Millis) -> u32 {
        let Some(s) = self.state.as_ref() else { return 0 };
        match (&self.desk, &s.phase) {
            (Some(desk), _) => secs(desk.revealed_at.unwrap_or(now).saturating_sub(desk.started_at)),
            (None, Phase::Voting { .. }) => s.seconds.saturating_add(secs(now.saturating_sub(self.received_at))),
            (None, _) => s.seconds,
        }
    }

    /// The voters present who have not voted yet (spectators never count).
    pub fn waiting_for(&self) -> Vec<&Seat> {
        let Some(s) = self.state.as_ref() else { return Vec::new() };
        let Phase::Voting { voted } = &s.phase else { return Vec::new() };
        s.seats
            .iter()
            .filter(|x| {
                x.role == Role::Voter && x.presence != Presence::Left && !voted.iter().any(|m| m.peer == x.peer)
            })
            .collect()
    }

    /// The revealed votes' statistics, as today's rounds show them.
    pub fn stats(&self) -> Option<Stats> {
        let s = self.state.as_ref()?;
        let Phase::Revealed { votes } = &s.phase else { return None };
        let named: Vec<(String, Card)> = votes.iter().map(|b| (name_of(s, &b.peer), b.card.clone())).collect();
        let sure: Vec<Confidence> = votes.iter().filter_map(|b| b.confidence).collect();
        Some(Stats::of(&s.deck, &named).with_confidence(&sure))
    }

    pub fn ignore(&mut self, reason: Reason) {
        self.ignored.count(reason);
    }

    /// What is due at `now`: hellos and resent votes for a member; presence, the countdown
    /// and a (coalesced or heartbeat) state for the facilitator.
    pub fn tick(&mut self, now: Millis) -> Vec<Effect> {
        let mut out = Vec::new();
        if let (Some(desk), Some(s)) = (self.desk.as_mut(), self.state.as_mut()) {
            for seat in s.seats.iter_mut().filter(|x| x.peer != self.me && x.presence == Presence::Here) {
                let heard = desk.heard.iter().find(|(p, _)| *p == seat.peer).map_or(now, |(_, t)| *t);
                if now.saturating_sub(heard) > AWAY_AFTER_MS {
                    seat.presence = Presence::Away;
                    desk.dirty = true;
                    desk.publish_at = desk.publish_at.min(now);
                }
            }
            if now >= desk.publish_at {
                if desk.dirty {
                    s.rev = s.rev.saturating_add(1);
                    desk.dirty = false;
                }
                let mut published = s.clone();
                if let (Some(t), Some(end)) = (published.timer.as_mut(), desk.timer_end) {
                    t.left_ms = u64::try_from(end.saturating_sub(now)).unwrap_or(0);
                }
                published.seconds = secs(desk.revealed_at.unwrap_or(now).saturating_sub(desk.started_at));
                out.push(Effect::Send(Msg::State(Box::new(published))));
                desk.publish_at = now.saturating_add(HEARTBEAT_MS);
            }
            if let Some((appointment, next)) = self.claim.as_mut()
                && now >= *next
            {
                out.push(Effect::Send(Msg::Claim(appointment.clone())));
                *next = now.saturating_add(CLAIM_EVERY_MS);
            }
            return out;
        }
        if now >= self.next_hello {
            out.push(Effect::Send(self.hello()));
            let soon = self.unseated() && now.saturating_sub(self.heard_facilitator) < TAKEOVER_AFTER_MS;
            self.next_hello = now.saturating_add(if soon { HELLO_UNSEATED_MS } else { HEARTBEAT_MS });
        }
        let counted = self.vote_counted();
        let round = self.state.as_ref().map(|s| s.round);
        if let Some(v) = self.my_vote.as_mut()
            && Some(v.round) == round
            && !counted
            && now >= v.next_send
            && let Some(sealed) = &v.sealed
        {
            out.push(Effect::Send(Msg::Vote { round: v.round, seq: v.seq, sealed: sealed.clone() }));
            v.wait = (v.wait.saturating_mul(2)).clamp(RESEND_FIRST_MS, RESEND_MAX_MS);
            v.next_send = now.saturating_add(v.wait);
        }
        out
    }

    /// When the next [`tick`](Room::tick) has something to do (the app sleeps until then, or
    /// until a message arrives).
    pub fn next_due(&self) -> Millis {
        if let Some(desk) = &self.desk {
            let claim = self.claim.as_ref().map_or(Millis::MAX, |(_, t)| *t);
            return desk.publish_at.min(claim);
        }
        let vote = match &self.my_vote {
            Some(v) if v.sealed.is_some() && !self.vote_counted() => v.next_send,
            _ => Millis::MAX,
        };
        self.next_hello.min(vote)
    }

    /// Whether the state this member holds has a free seat but not this member's.
    fn unseated(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.seats.len() < MEMBERS_MAX && !s.seats.iter().any(|x| x.peer == self.me))
    }

    fn hello(&self) -> Msg {
        let seen = self.state.as_ref().map_or((0, 0), Snapshot::version);
        Msg::Hello { name: self.name.clone(), role: self.role, ecdh: self.ecdh.clone(), seen }
    }

    /// A message from `from` (its signature checked, its shape passed by the gate).
    pub fn receive(&mut self, now: Millis, from: Peer, msg: Msg) -> Vec<Effect> {
        if from == self.me {
            return Vec::new();
        }
        match msg {
            Msg::Hello { name, role, ecdh, seen } => self.on_hello(now, from, name, role, ecdh, seen),
            Msg::Bye => {
                if let (Some(desk), Some(s)) = (self.desk.as_mut(), self.state.as_mut())
                    && let Some(seat) = s.seats.iter_mut().find(|x| x.peer == from)
                {
                    seat.presence = Presence::Left;
                    remove_vote(s, desk, &from);
                    touch(desk, now);
                }
                Vec::new()
            }
            Msg::State(s) => self.on_state(now, from, *s),
            Msg::Vote { round, seq, sealed } => self.on_vote(now, from, round, seq, sealed),
            Msg::Claim(appointment) => self.on_claim(now, from, appointment),
        }
    }

    fn on_hello(
        &mut self,
        now: Millis,
        from: Peer,
        name: String,
        role: Role,
        ecdh: Vec<u8>,
        seen: (u32, u64),
    ) -> Vec<Effect> {
        let (Some(desk), Some(s)) = (self.desk.as_mut(), self.state.as_mut()) else {
            return Vec::new();
        };
        match desk.heard.iter_mut().find(|(p, _)| *p == from) {
            Some(h) => h.1 = now,
            None => desk.heard.push((from, now)),
        }
        let seats = s.seats.len();
        match s.seats.iter().position(|x| x.peer == from) {
            Some(i) => {
                let seat = &s.seats[i];
                let changed =
                    seat.name != name || seat.role != role || seat.ecdh != ecdh || seat.presence != Presence::Here;
                let drop_vote = seat.role == Role::Voter && role == Role::Spectator || seat.ecdh != ecdh;
                s.seats[i] = Seat { peer: from, name, role, presence: Presence::Here, ecdh };
                if drop_vote {
                    remove_vote(s, desk, &from);
                }
                if changed {
                    touch(desk, now);
                }
            }
            None if seats < MEMBERS_MAX => {
                s.seats.push(Seat { peer: from, name, role, presence: Presence::Here, ecdh });
                touch(desk, now);
            }
            None => {
                desk.heard.retain(|(p, _)| *p != from);
                self.ignored.count(Reason::Invalid);
                return Vec::new();
            }
        }
        if seen < s.version() || desk.dirty {
            desk.publish_at = desk.publish_at.min(now.saturating_add(COALESCE_MS));
        }
        Vec::new()
    }

    fn on_state(&mut self, now: Millis, from: Peer, s: Snapshot) -> Vec<Effect> {
        if from != s.facilitator(&self.founder) || !self.chain_follows(now, &s) {
            self.ignored.count(Reason::Forged);
            return Vec::new();
        }
        let held = self.state.as_ref().map_or((0, 0), Snapshot::version);
        if s.version() <= held {
            if Some(from) == self.state.as_ref().map(|x| x.facilitator(&self.founder)) {
                self.heard_facilitator = now;
            }
            return Vec::new();
        }
        if self.desk.is_some() {
            // A newer epoch: this member handed the room over (or was taken over).
            self.desk = None;
            self.claim = None;
            self.next_hello = now;
        }
        let resealed = self.my_vote.as_ref().is_some_and(|v| v.round == s.round && v.for_ecdh != s.ecdh);
        if self.my_vote.as_ref().is_some_and(|v| v.round != s.round) {
            self.my_vote = None;
        }
        self.received_at = now;
        self.heard_facilitator = now;
        let voting = matches!(s.phase, Phase::Voting { .. });
        let ecdh = s.ecdh.clone();
        let was_unseated = self.unseated();
        self.state = Some(s);
        if self.unseated() {
            self.next_hello = self.next_hello.min(now.saturating_add(HELLO_AGAIN_MS));
        } else if was_unseated && !self.vote_counted() {
            // Votes sent before it was seated were ignored: send it again now, not after the
            // back-off.
            if let Some(v) = self.my_vote.as_mut() {
                v.next_send = v.next_send.min(now);
                v.wait = RESEND_FIRST_MS / 2;
            }
        }
        let mut out = Vec::new();
        if resealed
            && voting
            && let Some(v) = self.my_vote.as_mut()
        {
            self.seq = self.seq.saturating_add(1);
            v.seq = self.seq;
            v.for_ecdh = ecdh.clone();
            v.sealed = None;
            out.push(Effect::Seal {
                round: v.round,
                seq: v.seq,
                to: ecdh,
                card: v.card.clone(),
                confidence: v.confidence,
            });
        }
        out
    }

    /// Whether `s`'s chain extends the one this member holds, one signed step per epoch, each
    /// from the facilitator before it; a takeover counts only if that facilitator has been
    /// silent here for half the takeover wait. A member that has no state yet counts from its
    /// joining: a takeover signed only by its claimant is not believed by a newcomer while the
    /// facilitator it replaces could still answer (else anyone with the link could take the
    /// room for everyone who joins after).
    fn chain_follows(&self, now: Millis, s: &Snapshot) -> bool {
        let held: &[Appointment] = self.state.as_ref().map_or(&[], |x| &x.chain);
        if s.chain.len() != usize::try_from(s.epoch).unwrap_or(usize::MAX) || !s.chain.starts_with(held) {
            return false;
        }
        let mut before = held.last().map_or(self.founder, |a| a.to);
        for (i, a) in s.chain.iter().enumerate().skip(held.len()) {
            let epoch_ok = usize::try_from(a.epoch).is_ok_and(|e| e == i + 1);
            let from_ok = if a.is_takeover() {
                i > held.len() || now.saturating_sub(self.heard_facilitator) >= TAKEOVER_AFTER_MS / 2
            } else {
                a.by == before
            };
            if !epoch_ok || !from_ok {
                return false;
            }
            before = a.to;
        }
        true
    }

    fn on_vote(&mut self, now: Millis, from: Peer, round: u32, seq: u32, sealed: Vec<u8>) -> Vec<Effect> {
        let (Some(desk), Some(s)) = (self.desk.as_mut(), self.state.as_mut()) else {
            return Vec::new();
        };
        if let Some(h) = desk.heard.iter_mut().find(|(p, _)| *p == from) {
            h.1 = now;
        }
        let Some(seat) = s.seats.iter().find(|x| x.peer == from && x.role == Role::Voter) else {
            return Vec::new();
        };
        if round != s.round || !matches!(s.phase, Phase::Voting { .. }) {
            return Vec::new();
        }
        match desk.opened.iter().find(|o| o.peer == from) {
            Some(o) if o.seq >= seq => {
                // Sent again: the voter has not seen itself counted, so publish soon.
                desk.publish_at = desk.publish_at.min(now.saturating_add(COALESCE_MS));
                Vec::new()
            }
            _ => vec![Effect::Open { from, ecdh: seat.ecdh.clone(), round, seq, sealed }],
        }
    }

    fn on_claim(&mut self, now: Millis, from: Peer, a: Appointment) -> Vec<Effect> {
        let Some(s) = self.state.as_ref() else { return Vec::new() };
        let current = s.facilitator(&self.founder);
        if a.by != from || a.by != current || a.is_takeover() || a.epoch != s.epoch.saturating_add(1) {
            self.ignored.count(Reason::Forged);
            return Vec::new();
        }
        if a.to == self.me && self.desk.is_none() {
            self.become_facilitator(now, a);
        }
        Vec::new()
    }

    fn become_facilitator(&mut self, now: Millis, a: Appointment) {
        let Some(mut s) = self.state.take() else { return };
        s.epoch = a.epoch;
        s.chain.push(a);
        s.rev = 0;
        s.ecdh = self.ecdh.clone();
        if let Phase::Voting { voted } = &mut s.phase {
            voted.clear();
        }
        if !s.seats.iter().any(|x| x.peer == self.me) {
            s.seats.truncate(MEMBERS_MAX - 1);
            s.seats.push(Seat {
                peer: self.me,
                name: self.name.clone(),
                role: self.role,
                presence: Presence::Here,
                ecdh: self.ecdh.clone(),
            });
        }
        let next_agreed = s.agreed.iter().map(|x| x.seq).max().unwrap_or(0).saturating_add(1);
        let mut desk = Desk::new(now, &s.seats, next_agreed);
        desk.started_at = now.saturating_sub(Millis::from(s.seconds).saturating_mul(1000));
        if let Some(t) = s.timer.filter(|t| t.running) {
            desk.timer_end = Some(now.saturating_add(Millis::try_from(t.left_ms).unwrap_or(0)));
        }
        if let Phase::Revealed { .. } = s.phase {
            desk.revealed_at = Some(now);
        }
        // This member's own vote, sealed for the last facilitator, it now holds itself.
        if let (Some(v), Phase::Voting { voted }) = (self.my_vote.as_ref().filter(|v| v.round == s.round), &mut s.phase)
        {
            voted.push(Mark { peer: self.me, seq: v.seq });
            desk.opened.push(Opened { peer: self.me, seq: v.seq, card: v.card.clone(), confidence: v.confidence });
        }
        for seat in s.seats.iter_mut().filter(|x| x.peer == self.me) {
            seat.presence = Presence::Here;
        }
        self.state = Some(s);
        self.desk = Some(desk);
        self.claim = None;
        self.heard_facilitator = now;
    }

    /// This member's vote (again, to change it): for the facilitator, counted at once; for a
    /// member, an [`Effect::Seal`] (then [`Room::sealed`]).
    pub fn vote(&mut self, now: Millis, card: Card, confidence: Option<Confidence>) -> Result<Vec<Effect>, RoomError> {
        if self.role == Role::Spectator {
            return Err(RoomError::Spectator);
        }
        let s = self.state.as_ref().ok_or(RoomError::NoState)?;
        match &s.phase {
            Phase::Waiting => return Err(RoomError::NoStory),
            Phase::Revealed { .. } => return Err(RoomError::AlreadyRevealed),
            Phase::Voting { .. } => {}
        }
        let card = s.deck.find(&card.label).and_then(|i| s.deck.cards.get(i)).cloned().ok_or(RoomError::NoSuchCard)?;
        self.seq = self.seq.saturating_add(1);
        let (round, seq, to) = (s.round, self.seq, s.ecdh.clone());
        self.my_vote = Some(MyVote {
            round,
            seq,
            card: card.clone(),
            confidence,
            for_ecdh: to.clone(),
            sealed: None,
            next_send: now,
            wait: 0,
        });
        if self.desk.is_some() {
            let me = self.me;
            self.count_vote(now, me, seq, card, confidence);
            return Ok(Vec::new());
        }
        Ok(vec![Effect::Seal { round, seq, to, card, confidence }])
    }

    /// The vote [`Effect::Seal`] asked for, sealed: it is sent now and again until counted.
    pub fn sealed(&mut self, now: Millis, round: u32, seq: u32, sealed: Vec<u8>) -> Vec<Effect> {
        match self.my_vote.as_mut() {
            Some(v) if v.round == round && v.seq == seq => {
                v.sealed = Some(sealed.clone());
                v.wait = RESEND_FIRST_MS;
                v.next_send = now.saturating_add(RESEND_FIRST_MS);
                vec![Effect::Send(Msg::Vote { round, seq, sealed })]
            }
            _ => Vec::new(),
        }
    }

    /// A vote the facilitator opened (after [`Effect::Open`]): counted if it is still for the
    /// round on the table and its card is in the deck.
    pub fn opened(
        &mut self,
        now: Millis,
        from: Peer,
        round: u32,
        seq: u32,
        label: &str,
        confidence: Option<Confidence>,
    ) {
        let Some(s) = self.state.as_ref() else { return };
        let Some(card) = s.deck.find(label).and_then(|i| s.deck.cards.get(i)).cloned() else {
            self.ignored.count(Reason::Invalid);
            return;
        };
        if round == s.round {
            self.count_vote(now, from, seq, card, confidence);
        }
    }

    fn count_vote(&mut self, now: Millis, peer: Peer, seq: u32, card: Card, confidence: Option<Confidence>) {
        let (Some(desk), Some(s)) = (self.desk.as_mut(), self.state.as_mut()) else { return };
        let Phase::Voting { voted } = &mut s.phase else { return };
        if !s.seats.iter().any(|x| x.peer == peer && x.role == Role::Voter) {
            return;
        }
        match desk.opened.iter_mut().find(|o| o.peer == peer) {
            Some(o) if o.seq >= seq => return,
            Some(o) => *o = Opened { peer, seq, card, confidence },
            None => desk.opened.push(Opened { peer, seq, card, confidence }),
        }
        match voted.iter_mut().find(|m| m.peer == peer) {
            Some(m) => m.seq = seq,
            None => voted.push(Mark { peer, seq }),
        }
        touch(desk, now);
    }

    fn desk(&mut self) -> Result<(&mut Desk, &mut Snapshot), RoomError> {
        match (self.desk.as_mut(), self.state.as_mut()) {
            (Some(d), Some(s)) => Ok((d, s)),
            _ => Err(RoomError::NotFacilitator),
        }
    }

    /// The facilitator puts `story` on the table: a new round, nobody has voted.
    pub fn put_story(&mut self, now: Millis, story: RoomStory) -> Result<(), RoomError> {
        let (desk, s) = self.desk()?;
        if let Some(id) = story.story {
            s.queue.retain(|q| q.story != Some(id));
        }
        s.story = Some(story);
        s.earlier.clear();
        new_round(desk, s, now);
        Ok(())
    }

    /// The next story of the queue, on the table.
    pub fn next_story(&mut self, now: Millis) -> Result<(), RoomError> {
        let (_, s) = self.desk()?;
        if s.queue.is_empty() {
            return Err(RoomError::QueueEmpty);
        }
        let story = s.queue.remove(0);
        self.put_story(now, story)
    }

    /// The facilitator reveals: the opened votes are published, in the order people sit.
    pub fn reveal(&mut self, now: Millis) -> Result<(), RoomError> {
        let (desk, s) = self.desk()?;
        match s.phase {
            Phase::Waiting => return Err(RoomError::NoStory),
            Phase::Revealed { .. } => return Err(RoomError::AlreadyRevealed),
            Phase::Voting { .. } => {}
        }
        let votes = s
            .seats
            .iter()
            .filter_map(|seat| desk.opened.iter().find(|o| o.peer == seat.peer))
            .map(|o| Ballot { peer: o.peer, card: o.card.clone(), confidence: o.confidence })
            .collect();
        s.phase = Phase::Revealed { votes };
        desk.revealed_at = Some(now);
        if let (Some(t), Some(end)) = (s.timer.as_mut(), desk.timer_end.take()) {
            t.running = false;
            t.left_ms = u64::try_from(end.saturating_sub(now)).unwrap_or(0);
        }
        touch(desk, now);
        Ok(())
    }

    /// A re-vote: the revealed round is kept as an earlier round of the story.
    pub fn revote(&mut self, now: Millis) -> Result<(), RoomError> {
        let record = self.record(now, None)?;
        let (desk, s) = self.desk()?;
        if s.earlier.len() >= crate::domain::poker::RECORDS_PER_STORY_MAX - 1 {
            s.earlier.remove(0);
        }
        s.earlier.push(record);
        new_round(desk, s, now);
        Ok(())
    }

    fn record(&self, now: Millis, accepted: Option<Card>) -> Result<RoundRecord, RoomError> {
        let s = self.state.as_ref().filter(|_| self.desk.is_some()).ok_or(RoomError::NotFacilitator)?;
        let Phase::Revealed { votes } = &s.phase else { return Err(RoomError::NotRevealed) };
        Ok(RoundRecord {
            at: self.desk.as_ref().and_then(|d| d.revealed_at).unwrap_or(now),
            deck: s.deck.name.clone(),
            votes: votes.iter().map(|b| (name_of(s, &b.peer), b.card.clone())).collect(),
            confidence: votes.iter().filter_map(|b| Some((name_of(s, &b.peer), b.confidence?))).collect(),
            seconds: self.seconds(now),
            accepted,
        })
    }

    /// The facilitator accepts `card` for the story on the table: kept in the state for the
    /// board's owner (see [`Room::take_agreed`]), and the next story of the queue comes up.
    pub fn accept(&mut self, now: Millis, card: Card) -> Result<(), RoomError> {
        let s = self.state.as_ref().ok_or(RoomError::NoState)?;
        let card = s.deck.find(&card.label).and_then(|i| s.deck.cards.get(i)).cloned().ok_or(RoomError::NoSuchCard)?;
        let record = self.record(now, Some(card.clone()))?;
        let (desk, s) = self.desk()?;
        if let Some(story) = s.story.as_ref().and_then(|x| x.story) {
            let mut rounds = std::mem::take(&mut s.earlier);
            rounds.push(record);
            if s.agreed.len() >= AGREED_MAX {
                s.agreed.remove(0);
            }
            s.agreed.push(Agreed { seq: desk.next_agreed, story, card, rounds });
            desk.next_agreed = desk.next_agreed.saturating_add(1);
        }
        if s.queue.is_empty() {
            s.story = None;
            s.earlier.clear();
            s.phase = Phase::Waiting;
            s.timer = None;
            desk.timer_end = None;
            touch(desk, now);
            return Ok(());
        }
        self.next_story(now)
    }

    /// The estimates accepted since this member last asked (the board's owner applies them).
    pub fn take_agreed(&mut self) -> Vec<Agreed> {
        let Some(s) = self.state.as_ref() else { return Vec::new() };
        let fresh: Vec<Agreed> = s.agreed.iter().filter(|a| a.seq > self.applied).cloned().collect();
        if let Some(last) = fresh.iter().map(|a| a.seq).max() {
            self.applied = last;
        }
        fresh
    }

    /// The facilitator starts a countdown of `secs` seconds, or stops it (`None`).
    pub fn set_timer(&mut self, now: Millis, secs: Option<u32>) -> Result<(), RoomError> {
        let (desk, s) = self.desk()?;
        match secs {
            Some(n) => {
                let ms = u64::from(n).saturating_mul(1000);
                desk.timer_end = Some(now.saturating_add(Millis::from(n).saturating_mul(1000)));
                s.timer = Some(Timer { left_ms: ms, running: true });
            }
            None => {
                desk.timer_end = None;
                s.timer = None;
            }
        }
        touch(desk, now);
        Ok(())
    }

    /// The facilitator hands the room to another member: `a` (signed by this member) is sent
    /// until that member's state is heard, and this member stays facilitator until then.
    pub fn hand_over(&mut self, now: Millis, a: Appointment) -> Result<(), RoomError> {
        let me = self.me;
        let (_, s) = self.desk()?;
        if s.chain.len() >= super::CHAIN_MAX {
            return Err(RoomError::ChainFull);
        }
        if !s.seats.iter().any(|x| x.peer == a.to && x.peer != me && x.presence != Presence::Left) {
            return Err(RoomError::NoSuchMember);
        }
        if a.by != me || a.epoch != s.epoch.saturating_add(1) {
            return Err(RoomError::BadAppointment);
        }
        self.claim = Some((a, now));
        Ok(())
    }

    /// The appointment this member would sign to take the room over (epoch, and whether it
    /// may yet).
    pub fn takeover_epoch(&self, now: Millis) -> Result<u32, RoomError> {
        let s = self.state.as_ref().ok_or(RoomError::NoState)?;
        if self.is_facilitator() {
            return Err(RoomError::BadAppointment);
        }
        if s.chain.len() >= super::CHAIN_MAX {
            return Err(RoomError::ChainFull);
        }
        let silent = now.saturating_sub(self.heard_facilitator);
        if silent < TAKEOVER_AFTER_MS {
            return Err(RoomError::FacilitatorHere(silent / 1000));
        }
        Ok(s.epoch.saturating_add(1))
    }

    /// A member takes the room over after the facilitator has been silent for
    /// [`TAKEOVER_AFTER_MS`]: `a` appoints this member, signed by itself.
    pub fn take_over(&mut self, now: Millis, a: Appointment) -> Result<(), RoomError> {
        let epoch = self.takeover_epoch(now)?;
        if a.to != self.me || !a.is_takeover() || a.epoch != epoch {
            return Err(RoomError::BadAppointment);
        }
        self.become_facilitator(now, a);
        Ok(())
    }

    /// This member's tab opened the room again (a reload, a tab restored): what it heard
    /// before is as old as it is, so it says hello at once, and the facilitator's silence
    /// counts from now, as a newcomer's does. Else a room stored minutes ago would believe a
    /// takeover signed only by its claimant while the facilitator it replaces may still answer.
    pub fn reopened(&mut self, now: Millis) {
        self.next_hello = now;
        self.heard_facilitator = self.heard_facilitator.max(now);
    }

    /// A relay (re)connected: say hello, or publish the state, at the next tick, so whatever
    /// was missed meanwhile is caught up.
    pub fn reconnected(&mut self, now: Millis) {
        self.next_hello = now;
        if let Some(desk) = self.desk.as_mut() {
            desk.publish_at = now;
        }
    }

    /// The message to send on leaving.
    pub fn leave(&self) -> Msg {
        Msg::Bye
    }
}

fn secs(ms: Millis) -> u32 {
    u32::try_from(ms.max(0) / 1000).unwrap_or(u32::MAX)
}

fn name_of(s: &Snapshot, peer: &Peer) -> String {
    s.seat(peer).map_or_else(|| "someone".to_owned(), |x| x.name.clone())
}

fn touch(desk: &mut Desk, now: Millis) {
    desk.dirty = true;
    desk.publish_at = desk.publish_at.min(now.saturating_add(COALESCE_MS));
}

fn remove_vote(s: &mut Snapshot, desk: &mut Desk, peer: &Peer) {
    if let Phase::Voting { voted } = &mut s.phase {
        voted.retain(|m| &m.peer != peer);
        desk.opened.retain(|o| &o.peer != peer);
    }
}

fn new_round(desk: &mut Desk, s: &mut Snapshot, now: Millis) {
    s.round = s.round.saturating_add(1);
    s.phase = Phase::Voting { voted: Vec::new() };
    s.timer = None;
    desk.timer_end = None;
    desk.opened.clear();
    desk.started_at = now;
    desk.revealed_at = None;
    touch(desk, now);
}
