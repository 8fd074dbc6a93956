//! A live poker room across devices: the protocol's data and its pure state machine
//! ([`machine::Room`]). Messages come in as values (already decrypted, their signature and shape
//! checked by `codec::room_msg`), effects go out as values; no clock, no randomness, no I/O here.
//!
//! Who is who: every member has an ephemeral Nostr key (a [`Peer`], its x-only public key), made
//! when they first open the room and kept with the room in their browser. The room link names
//! the founder's key; the facilitator of epoch `e` is the founder's, or whoever the chain of
//! [`Appointment`]s in the newest state names. Only the facilitator's [`Snapshot`]s are the
//! room's state; votes travel sealed for the facilitator's P-256 key (as vote links are) and
//! are published only at the reveal.

pub mod machine;

use serde::{Deserialize, Serialize};

use super::StoryId;
use super::poker::{Card, Confidence, Deck, RoundRecord};

pub use machine::{Effect, Ignored, Reason, Room, RoomError};

/// A member's ephemeral Nostr public key (x-only, 32 bytes), hex text in JSON.
pub type Peer = [u8; 32];

/// Members (voters and spectators) a room seats; a hello beyond them is turned away.
pub const MEMBERS_MAX: usize = 64;
/// Handovers and takeovers a room's state carries (each one is a signed appointment).
pub const CHAIN_MAX: usize = 32;
/// Bytes of one sealed vote (IV and AES-GCM ciphertext of a card label and a confidence).
pub const SEAL_MAX: usize = 256;
/// A P-256 public key in uncompressed form, which votes are sealed for.
pub const ECDH_LEN: usize = 65;
/// Upcoming stories a room's state lists (title only), for the facilitator to pick the next.
pub const QUEUE_MAX: usize = 30;
/// Accepted estimates a room's state keeps for the board's owner to apply.
pub const AGREED_MAX: usize = 40;

/// How a member takes part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Voter,
    /// Sees everything, never votes, never counted as "not voted yet".
    Spectator,
}

/// Whether a member is still with the room, as the facilitator last heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Here,
    /// Not heard for more than [`machine::AWAY_AFTER_MS`].
    Away,
    /// Said goodbye.
    Left,
}

/// One signed step of the facilitator's role: `by` (the facilitator of `epoch - 1`, or `to`
/// itself for a takeover) hands epoch `epoch` to `to`. The signature (BIP-340, by `by`) is
/// checked by the gate (`codec::room_msg`); the machine checks the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Appointment {
    pub epoch: u32,
    #[serde(with = "hex_array")]
    pub to: Peer,
    #[serde(with = "hex_array")]
    pub by: Peer,
    #[serde(with = "hex_array")]
    pub sig: [u8; 64],
}

impl Appointment {
    /// A takeover: the member appointed itself after the facilitator was gone.
    pub fn is_takeover(&self) -> bool {
        self.to == self.by
    }
}

/// One member, as the facilitator's state lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Seat {
    #[serde(with = "hex_array")]
    pub peer: Peer,
    pub name: String,
    pub role: Role,
    pub presence: Presence,
    /// The member's P-256 public key: what its sealed votes are opened with.
    #[serde(with = "hex_vec")]
    pub ecdh: Vec<u8>,
}

/// The story on the table: what voters see (they need no board).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct RoomStory {
    /// The story on the founder's board, if it is one (a free topic has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<StoryId>,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub criteria: String,
}

/// "This member has voted": the vote's sequence number, so a member whose changed vote was
/// lost sees that the facilitator holds an older one and sends it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Mark {
    #[serde(with = "hex_array")]
    pub peer: Peer,
    pub seq: u32,
}

/// One revealed vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Ballot {
    #[serde(with = "hex_array")]
    pub peer: Peer,
    pub card: Card,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// Where the round on the table is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum Phase {
    /// No story on the table yet.
    Waiting,
    /// Voting: who has voted, never what.
    Voting { voted: Vec<Mark> },
    /// The votes, published.
    Revealed { votes: Vec<Ballot> },
}

/// An estimate the facilitator accepted, kept in the state until the board's owner has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Agreed {
    /// Counts up from 1 in a room, so the owner applies each once.
    pub seq: u32,
    pub story: StoryId,
    pub card: Card,
    /// The rounds played on the story, re-votes first, the accepted one last.
    pub rounds: Vec<RoundRecord>,
}

/// The countdown on the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Timer {
    /// Milliseconds left when the state was published.
    pub left_ms: u64,
    pub running: bool,
}

/// The room's state as its facilitator publishes it. Newer states have a greater
/// `(epoch, rev)`; a member keeps the newest it has seen from a rightful facilitator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Snapshot {
    pub epoch: u32,
    pub rev: u64,
    /// The appointments from the founder to this epoch's facilitator, one per epoch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<Appointment>,
    /// The facilitator's P-256 public key: votes are sealed for it.
    #[serde(with = "hex_vec")]
    pub ecdh: Vec<u8>,
    pub seats: Vec<Seat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<RoomStory>,
    pub deck: Deck,
    /// Counts up with every new vote (a new story, a re-vote); votes name it.
    pub round: u32,
    #[serde(flatten)]
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer: Option<Timer>,
    /// Seconds spent on the round when the state was published.
    #[serde(default)]
    pub seconds: u32,
    /// The rounds played on this story before the one on the table (re-votes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<RoundRecord>,
    /// The stories still to estimate, in the board's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queue: Vec<RoomStory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreed: Vec<Agreed>,
}

impl Snapshot {
    /// The member the chain names as this epoch's facilitator.
    pub fn facilitator(&self, founder: &Peer) -> Peer {
        self.chain.last().map_or(*founder, |a| a.to)
    }

    /// The order of two states: the greater one is newer.
    pub fn version(&self) -> (u32, u64) {
        (self.epoch, self.rev)
    }

    pub fn seat(&self, peer: &Peer) -> Option<&Seat> {
        self.seats.iter().find(|s| &s.peer == peer)
    }
}

/// What members say to each other, inside the room's encryption.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case", tag = "t")]
pub enum Msg {
    /// "I am here": on joining, and as a heartbeat. `seen` is the newest state's version the
    /// member holds (`(0, 0)` for none), so the facilitator republishes for someone behind.
    Hello {
        name: String,
        role: Role,
        #[serde(with = "hex_vec")]
        ecdh: Vec<u8>,
        seen: (u32, u64),
    },
    /// "I am leaving."
    Bye,
    /// The facilitator's state.
    State(Box<Snapshot>),
    /// A vote, sealed for the facilitator: `seq` counts up per member, so a changed vote
    /// replaces the earlier one however they arrive.
    Vote {
        round: u32,
        seq: u32,
        #[serde(with = "hex_vec")]
        sealed: Vec<u8>,
    },
    /// A handover in flight: the appointment, sent until the new facilitator's state is seen.
    Claim(Appointment),
}

/// Fixed-size byte arrays as hex text.
pub(crate) mod hex_array {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer, const N: usize>(bytes: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        super::hex_vec::serialize(bytes, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let bytes =
            super::unhex(&text, N).ok_or_else(|| D::Error::custom(format_args!("a key is not {N} bytes of hex")))?;
        bytes.try_into().map_err(|_| D::Error::custom(format_args!("a key is not {N} bytes of hex")))
    }
}

/// Bytes (at most [`super::SEAL_MAX`]) as hex text.
pub(crate) mod hex_vec {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if text.len() > 2 * super::SEAL_MAX {
            return Err(D::Error::custom("bytes too long"));
        }
        super::unhex(&text, text.len() / 2).ok_or_else(|| D::Error::custom("bytes are not hex text"))
    }
}

/// Lower-case hex text of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The `len` bytes hex `text` spells, or `None` if it spells anything else.
pub fn unhex(text: &str, len: usize) -> Option<Vec<u8>> {
    if text.len() != 2 * len {
        return None;
    }
    let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
    text.as_bytes().chunks_exact(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}
