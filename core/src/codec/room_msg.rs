//! A live room's messages on the wire (inside the room key's encryption): versioned JSON,
//! `{"v":1,"m":{"t":"hello",…}}`, serde-derived from [`Msg`], and the one gate every received
//! message passes before the room's state machine sees it.
//!
//! The gate bounds the size, refuses a newer version with its own message, checks every text
//! (names, titles, cards and decks as the app's own editors do), every list's length, every
//! key's length, and the BIP-340 signature of every appointment in a chain, so a state machine
//! fed only through it computes with nothing a member could not have made in the app.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::nostr::{Keys, verify};
use crate::domain::batch::CRITERIA_MAX;
use crate::domain::error::Field;
use crate::domain::poker::{Card, Deck, LABEL_MAX, RECORDS_PER_STORY_MAX, RoundRecord, clean_name};
use crate::domain::room::{
    AGREED_MAX, Appointment, CHAIN_MAX, ECDH_LEN, MEMBERS_MAX, Msg, Peer, Phase, QUEUE_MAX, Reason, RoomStory,
    SEAL_MAX, Snapshot,
};
use crate::domain::text::{self, TITLE_MAX};

/// The version of the messages this app writes.
pub const VERSION: u32 = 1;
/// The largest message read, in bytes of JSON (a full room's state is about a third of it).
pub const MSG_MAX: usize = 64 * 1024;

/// Why a received message was ignored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MsgError {
    #[error("a message of {0} bytes, more than the {MSG_MAX} read")]
    TooLarge(usize),
    #[error("a message of a newer version ({0}) of SprintDeck's rooms")]
    Newer(u32),
    #[error("not a room message: {0}")]
    Malformed(String),
    #[error("a room message that breaks a rule: {0}")]
    Invalid(String),
    #[error("an appointment whose signature is wrong")]
    BadSignature,
}

impl MsgError {
    /// How the room counts it.
    pub fn reason(&self) -> Reason {
        match self {
            MsgError::TooLarge(_) => Reason::TooLarge,
            MsgError::BadSignature => Reason::BadSignature,
            MsgError::Newer(_) | MsgError::Malformed(_) | MsgError::Invalid(_) => Reason::Invalid,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Wire<M> {
    v: u32,
    m: M,
}

#[derive(Deserialize)]
struct Version {
    v: u32,
}

/// `msg` as the JSON that is encrypted and sent.
pub fn write(msg: &Msg) -> Vec<u8> {
    serde_json::to_vec(&Wire { v: VERSION, m: msg }).unwrap_or_default()
}

/// A decrypted message through the gate, for the room `room`.
pub fn read(room: &[u8; 16], bytes: &[u8]) -> Result<Msg, MsgError> {
    if bytes.len() > MSG_MAX {
        return Err(MsgError::TooLarge(bytes.len()));
    }
    let version: Version = serde_json::from_slice(bytes).map_err(|e| MsgError::Malformed(e.to_string()))?;
    if version.v > VERSION {
        return Err(MsgError::Newer(version.v));
    }
    let wire: Wire<Msg> = serde_json::from_slice(bytes).map_err(|e| MsgError::Malformed(e.to_string()))?;
    check(room, wire.m)
}

fn invalid(why: impl std::fmt::Display) -> MsgError {
    MsgError::Invalid(why.to_string())
}

fn check(room: &[u8; 16], msg: Msg) -> Result<Msg, MsgError> {
    Ok(match msg {
        Msg::Hello { name, role, ecdh, seen } => {
            check_ecdh(&ecdh)?;
            Msg::Hello { name: clean_name(&name).map_err(invalid)?, role, ecdh, seen }
        }
        Msg::Bye => Msg::Bye,
        Msg::State(s) => Msg::State(Box::new(check_state(room, *s)?)),
        Msg::Vote { round, seq, sealed } => {
            if sealed.len() < 12 + 16 || sealed.len() > SEAL_MAX {
                return Err(invalid("a sealed vote of the wrong size"));
            }
            Msg::Vote { round, seq, sealed }
        }
        Msg::Claim(a) => {
            check_appointment(room, &a)?;
            Msg::Claim(a)
        }
    })
}

fn check_ecdh(key: &[u8]) -> Result<(), MsgError> {
    if key.len() == ECDH_LEN && key.first() == Some(&4) {
        Ok(())
    } else {
        Err(invalid("a public key that is not P-256"))
    }
}

fn check_story(story: RoomStory) -> Result<RoomStory, MsgError> {
    let title = text::one_line(Field::Title, &story.title, TITLE_MAX).map_err(invalid)?;
    if story.criteria.chars().count() > CRITERIA_MAX {
        return Err(invalid("acceptance criteria that are too long"));
    }
    Ok(RoomStory { story: story.story, title, criteria: story.criteria })
}

fn check_card(deck: &Deck, card: &Card) -> Result<(), MsgError> {
    if deck.cards.contains(card) { Ok(()) } else { Err(invalid("a card that is not in the deck")) }
}

fn check_record(r: &RoundRecord) -> Result<(), MsgError> {
    let short = |c: &Card| c.label.chars().count() <= LABEL_MAX;
    if r.votes.len() > MEMBERS_MAX
        || r.confidence.len() > MEMBERS_MAX
        || r.deck.chars().count() > text::NAME_MAX
        || !r.votes.iter().all(|(n, c)| n.chars().count() <= 2 * crate::domain::poker::VOTER_NAME_MAX && short(c))
        || !r.accepted.as_ref().is_none_or(short)
    {
        return Err(invalid("a round record that breaks a bound"));
    }
    Ok(())
}

fn check_state(room: &[u8; 16], mut s: Snapshot) -> Result<Snapshot, MsgError> {
    check_ecdh(&s.ecdh)?;
    if s.chain.len() > CHAIN_MAX
        || s.seats.len() > MEMBERS_MAX
        || s.queue.len() > QUEUE_MAX
        || s.agreed.len() > AGREED_MAX
    {
        return Err(invalid("a list longer than a room holds"));
    }
    for a in &s.chain {
        check_appointment(room, a)?;
    }
    let mut peers: Vec<Peer> = Vec::with_capacity(s.seats.len());
    for seat in &mut s.seats {
        check_ecdh(&seat.ecdh)?;
        seat.name = clean_name(&seat.name).map_err(invalid)?;
        if peers.contains(&seat.peer) {
            return Err(invalid("a member seated twice"));
        }
        peers.push(seat.peer);
    }
    if s.deck.key.chars().count() > text::NAME_MAX {
        return Err(invalid("a deck key that is too long"));
    }
    s.deck = s.deck.clean().map_err(invalid)?;
    s.story = s.story.map(check_story).transpose()?;
    s.queue = s.queue.into_iter().map(check_story).collect::<Result<_, _>>()?;
    match &s.phase {
        Phase::Waiting => {}
        Phase::Voting { voted } => {
            if voted.len() > MEMBERS_MAX || !voted.iter().all(|m| peers.contains(&m.peer)) {
                return Err(invalid("a vote from someone not seated"));
            }
        }
        Phase::Revealed { votes } => {
            if votes.len() > MEMBERS_MAX || !votes.iter().all(|b| peers.contains(&b.peer)) {
                return Err(invalid("a vote from someone not seated"));
            }
            for b in votes {
                check_card(&s.deck, &b.card)?;
            }
        }
    }
    if s.earlier.len() > RECORDS_PER_STORY_MAX {
        return Err(invalid("too many earlier rounds"));
    }
    for r in s.earlier.iter().chain(s.agreed.iter().flat_map(|a| a.rounds.iter())) {
        check_record(r)?;
    }
    if s.agreed.iter().any(|a| a.rounds.len() > RECORDS_PER_STORY_MAX || a.card.label.chars().count() > LABEL_MAX) {
        return Err(invalid("an accepted estimate that breaks a bound"));
    }
    Ok(s)
}

/// A stored room's state, through the same gate as a received one.
pub fn check_room(room: &[u8; 16], stored: &crate::domain::room::Room) -> Result<(), MsgError> {
    match stored.state() {
        Some(s) => check_state(room, s.clone()).map(drop),
        None => Ok(()),
    }
}

/// What an appointment's signature signs: the room, the epoch, and both members.
fn appointment_hash(room: &[u8; 16], epoch: u32, to: &Peer, by: &Peer) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"sprintdeck room appointment v1");
    h.update(room);
    h.update(epoch.to_be_bytes());
    h.update(to);
    h.update(by);
    h.finalize().into()
}

fn check_appointment(room: &[u8; 16], a: &Appointment) -> Result<(), MsgError> {
    if verify(&a.by, &appointment_hash(room, a.epoch, &a.to, &a.by), &a.sig) {
        Ok(())
    } else {
        Err(MsgError::BadSignature)
    }
}

/// The appointment of `to` as facilitator of `epoch`, signed by `keys` (for a takeover, `to`
/// is the signer's own key).
pub fn appoint(keys: &Keys, room: &[u8; 16], epoch: u32, to: Peer, aux: &[u8; 32]) -> Appointment {
    let by = keys.public();
    Appointment { epoch, to, by, sig: keys.sign(&appointment_hash(room, epoch, &to, &by), aux) }
}

/// The room's tag on relays (`#h`): its id in hex. Relays see it; it opens nothing.
pub fn room_tag(room: &[u8; 16]) -> String {
    crate::domain::room::hex(room)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::poker::builtin_decks;
    use crate::domain::room::{Mark, Presence, Role, Seat};

    const ROOM: [u8; 16] = [7; 16];

    fn ecdh(n: u8) -> Vec<u8> {
        let mut k = vec![n; ECDH_LEN];
        k[0] = 4;
        k
    }

    fn state() -> Snapshot {
        let f = Keys::from_secret(&[1; 32]).unwrap();
        let m = Keys::from_secret(&[2; 32]).unwrap();
        let seat = |k: &Keys, name: &str| Seat {
            peer: k.public(),
            name: name.into(),
            role: Role::Voter,
            presence: Presence::Here,
            ecdh: ecdh(1),
        };
        Snapshot {
            epoch: 1,
            rev: 3,
            chain: vec![appoint(&f, &ROOM, 1, m.public(), &[0; 32])],
            ecdh: ecdh(2),
            seats: vec![seat(&f, "Ada"), seat(&m, "Grace")],
            story: Some(RoomStory { story: None, title: "Log in".into(), criteria: "Given…".into() }),
            deck: builtin_decks().remove(0),
            round: 2,
            phase: Phase::Voting { voted: vec![Mark { peer: m.public(), seq: 1 }] },
            timer: None,
            seconds: 4,
            earlier: Vec::new(),
            queue: Vec::new(),
            agreed: Vec::new(),
        }
    }

    #[test]
    fn every_message_reads_back_through_the_gate() {
        let msgs = [
            Msg::Hello { name: "Ada".into(), role: Role::Spectator, ecdh: ecdh(3), seen: (0, 0) },
            Msg::Bye,
            Msg::State(Box::new(state())),
            Msg::Vote { round: 2, seq: 1, sealed: vec![9; 40] },
            Msg::Claim(state().chain[0].clone()),
        ];
        for m in msgs {
            assert_eq!(read(&ROOM, &write(&m)), Ok(m));
        }
    }

    #[test]
    fn the_gate_refuses_what_no_member_could_send() {
        let forged = {
            let mut s = state();
            s.chain[0].to = [9; 32];
            Msg::State(Box::new(s))
        };
        assert_eq!(read(&ROOM, &write(&forged)), Err(MsgError::BadSignature));
        assert_eq!(
            read(&[8; 16], &write(&Msg::State(Box::new(state())))),
            Err(MsgError::BadSignature),
            "another room's chain"
        );
        let long_name = Msg::Hello { name: "x".repeat(41), role: Role::Voter, ecdh: ecdh(3), seen: (0, 0) };
        assert!(matches!(read(&ROOM, &write(&long_name)), Err(MsgError::Invalid(_))));
        let bad_key = Msg::Hello { name: "A".into(), role: Role::Voter, ecdh: vec![4; 10], seen: (0, 0) };
        assert!(matches!(read(&ROOM, &write(&bad_key)), Err(MsgError::Invalid(_))));
        let stranger = {
            let mut s = state();
            s.phase = Phase::Voting { voted: vec![Mark { peer: [5; 32], seq: 1 }] };
            Msg::State(Box::new(s))
        };
        assert!(matches!(read(&ROOM, &write(&stranger)), Err(MsgError::Invalid(_))));
        assert!(matches!(read(&ROOM, br#"{"v":2,"m":{"t":"bye"}}"#), Err(MsgError::Newer(2))));
        assert!(matches!(read(&ROOM, b"{\"v\":1}"), Err(MsgError::Malformed(_))));
        assert!(matches!(read(&ROOM, &vec![b' '; MSG_MAX + 1]), Err(MsgError::TooLarge(_))));
        assert!(matches!(
            read(&ROOM, br#"{"v":1,"m":{"t":"vote","round":1,"seq":1,"sealed":"00"}}"#),
            Err(MsgError::Invalid(_))
        ));
    }
}
