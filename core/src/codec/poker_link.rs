//! Remote planning poker by links: the facilitator's invite and each voter's sealed vote.
//!
//! * Invite (format 5): `[5] · deflate(round id · title · deck · facilitator's public key)`.
//! * Vote (format 6): `[6] · round id (8) · key tag (8) · voter's one-time public key (65) · IV
//!   (12) · AES-GCM ciphertext of (voter name · card label)`. The key tag is the first 8 bytes
//!   of the facilitator's public key hash-free fingerprint (see [`key_tag`]); the whole clear
//!   header is the cipher's additional data, so changing any byte of the link makes it fail.
//!
//! The round id and key tag are in clear so a vote for another round, or for another
//! facilitator, is refused with a precise message before any decryption is tried.

use super::base64url;
use super::bin::{BinError, Reader, Writer};
use super::share::{LinkError, MAX_LINK_CHARS};
use crate::domain::Points;
use crate::domain::poker::{CARDS_MAX, Card, Deck, LABEL_MAX};
use crate::domain::text::{NAME_MAX, TITLE_MAX};

pub const INVITE: u8 = 5;
pub const VOTE: u8 = 6;
/// A P-256 public key in uncompressed form.
pub const PUBLIC_KEY_LEN: usize = 65;
const HEADER_LEN: usize = 1 + 8 + 8 + PUBLIC_KEY_LEN;

/// What a facilitator sends to voters.
#[derive(Clone, Debug, PartialEq)]
pub struct Invite {
    pub round: u64,
    pub title: String,
    pub deck: Deck,
    pub facilitator_key: Vec<u8>,
}

/// A sealed vote as it travels: readable header, encrypted content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedVote {
    pub round: u64,
    pub key_tag: [u8; 8],
    pub voter_key: Vec<u8>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

impl SealedVote {
    /// The bytes the cipher authenticates besides the content.
    pub fn header(&self) -> Vec<u8> {
        header(self.round, self.key_tag, &self.voter_key)
    }
}

/// The clear header of a vote link.
pub fn header(round: u64, key_tag: [u8; 8], voter_key: &[u8]) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.push(VOTE);
    h.extend_from_slice(&round.to_le_bytes());
    h.extend_from_slice(&key_tag);
    h.extend_from_slice(voter_key);
    h
}

/// A short tag of a public key, so a vote names whose key sealed it: FNV-1a over the key.
pub fn key_tag(public_key: &[u8]) -> [u8; 8] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in public_key {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
    }
    h.to_le_bytes()
}

/// Any link payload this app reads.
#[derive(Clone, Debug, PartialEq)]
pub enum PokerLink {
    Invite(Invite),
    Vote(SealedVote),
}

/// The first byte of a payload, if the text is base64url at all.
pub fn kind(text: &str) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LINK_CHARS {
        return None;
    }
    base64url::decode(&text[..text.len().min(8)]).ok().and_then(|b| b.first().copied())
}

pub fn encode_invite(invite: &Invite) -> String {
    let mut w = Writer::default();
    w.bytes(&invite.round.to_le_bytes());
    w.str(&invite.title);
    w.str(&invite.deck.name);
    w.varint(invite.deck.cards.len() as u64);
    for c in &invite.deck.cards {
        w.str(&c.label);
        match c.value {
            None => w.varint(0),
            Some(v) => w.varint(u64::from(v.0) + 1),
        }
    }
    w.bytes(&invite.facilitator_key);
    let mut raw = vec![INVITE];
    raw.extend(miniz_oxide::deflate::compress_to_vec(&w.buf, 10));
    base64url::encode(&raw)
}

pub fn encode_vote(vote: &SealedVote) -> String {
    let mut raw = vote.header();
    raw.extend_from_slice(&vote.iv);
    raw.extend_from_slice(&vote.ciphertext);
    base64url::encode(&raw)
}

/// The plaintext of a vote.
pub fn vote_plain(voter: &str, label: &str) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(voter);
    w.str(label);
    w.buf
}

/// Reads a vote's plaintext (after decryption).
pub fn read_vote_plain(bytes: &[u8]) -> Result<(String, String), LinkError> {
    let mut r = Reader::new(bytes);
    let voter = r.str("voter name", crate::domain::poker::VOTER_NAME_MAX)?;
    let label = r.str("card", LABEL_MAX)?;
    r.finish()?;
    Ok((voter, label))
}

/// Reads an invite or vote payload; everything else is an error.
pub fn decode(text: &str) -> Result<PokerLink, LinkError> {
    let raw = super::share::raw_bytes(text)?;
    match raw.first().copied() {
        Some(INVITE) => decode_invite(&raw[1..]).map(PokerLink::Invite),
        Some(VOTE) => decode_vote(&raw).map(PokerLink::Vote),
        Some(v) if v > VOTE => Err(LinkError::Newer(v)),
        Some(v) => Err(LinkError::Unknown(v)),
        None => Err(LinkError::Empty),
    }
}

fn decode_invite(deflated: &[u8]) -> Result<Invite, LinkError> {
    let body = super::share::inflate_bounded(deflated)?;
    let mut r = Reader::new(&body);
    let round = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| BinError::Overflow)?);
    let title = r.str("title", TITLE_MAX)?;
    let name = r.str("deck name", NAME_MAX)?;
    let n = r.count("number of cards", CARDS_MAX, 2)?;
    let mut cards = Vec::with_capacity(n);
    for _ in 0..n {
        let label = r.str("card", LABEL_MAX)?;
        let value = match r.bounded("card value", u64::from(Points::MAX_WHOLE) * 100 + 1)? {
            0 => None,
            v => Some(Points((v - 1) as u32)),
        };
        cards.push(Card { label, value });
    }
    let facilitator_key = r.take(PUBLIC_KEY_LEN)?.to_vec();
    r.finish()?;
    let deck = Deck { key: String::new(), name, cards }.clean().map_err(LinkError::Invalid)?;
    let title =
        crate::domain::text::one_line(crate::domain::Field::Title, &title, TITLE_MAX).map_err(LinkError::Invalid)?;
    Ok(Invite { round, title, deck, facilitator_key })
}

fn decode_vote(raw: &[u8]) -> Result<SealedVote, LinkError> {
    // At least the header, the IV and the 16-byte authentication tag.
    if raw.len() < HEADER_LEN + 12 + 16 {
        return Err(LinkError::Body(BinError::Truncated));
    }
    let round = u64::from_le_bytes(raw[1..9].try_into().map_err(|_| BinError::Overflow)?);
    let key_tag: [u8; 8] = raw[9..17].try_into().map_err(|_| BinError::Overflow)?;
    let voter_key = raw[17..HEADER_LEN].to_vec();
    let iv = raw[HEADER_LEN..HEADER_LEN + 12].to_vec();
    let ciphertext = raw[HEADER_LEN + 12..].to_vec();
    Ok(SealedVote { round, key_tag, voter_key, iv, ciphertext })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::poker::builtin_decks;

    fn invite() -> Invite {
        Invite {
            round: 0x1234_5678_9abc_def0,
            title: "Log in with SSO".into(),
            deck: builtin_decks().remove(2),
            facilitator_key: vec![4; 65],
        }
    }

    #[test]
    fn invites_round_trip() {
        let i = invite();
        let text = encode_invite(&i);
        assert!(text.len() < 200, "an invite is short: {}", text.len());
        let mut back = match decode(&text).unwrap() {
            PokerLink::Invite(b) => b,
            other => panic!("{other:?}"),
        };
        back.deck.key = i.deck.key.clone();
        assert_eq!(back, i);
    }

    #[test]
    fn votes_round_trip_and_keep_their_header() {
        let v = SealedVote {
            round: 7,
            key_tag: key_tag(&[4; 65]),
            voter_key: vec![4; 65],
            iv: vec![1; 12],
            ciphertext: vec![9; 30],
        };
        let text = encode_vote(&v);
        assert_eq!(decode(&text), Ok(PokerLink::Vote(v.clone())));
        assert_eq!(v.header().len(), HEADER_LEN);
        assert_eq!(read_vote_plain(&vote_plain("Ann", "13")), Ok(("Ann".into(), "13".into())));
    }

    #[test]
    fn broken_poker_links_are_refused() {
        assert_eq!(decode(""), Err(LinkError::Empty));
        assert!(matches!(decode("!!!"), Err(LinkError::NotBase64(_))));
        let short = base64url::encode(&[VOTE, 1, 2, 3]);
        assert!(matches!(decode(&short), Err(LinkError::Body(_))));
        let mut text = encode_invite(&invite());
        text.truncate(text.len() / 2);
        assert!(decode(&text).is_err());
        assert_eq!(decode(&base64url::encode(&[9, 0])), Err(LinkError::Newer(9)));
    }
}
