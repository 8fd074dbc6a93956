//! Remote planning poker by links: the facilitator's invite and each voter's sealed vote.
//!
//! * Invite (format 5): `[5] · deflate(round id · title · deck · facilitator's public key)`.
//! * Vote (format 6): `[6] · round id (8) · key tag (8) · voter's one-time public key (65) · IV
//!   (12) · AES-GCM ciphertext of (voter name · card label)`. The key tag is the first 8 bytes
//!   of the facilitator's public key hash-free fingerprint (see [`key_tag`]); the whole clear
//!   header is the cipher's additional data, so changing any byte of the link makes it fail.
//!
//! * Vote (format 13): as format 6, the plaintext followed by the voter's confidence (one byte:
//!   0 none, 1 unsure, 2 fairly sure, 3 sure).
//! * Async invite (format 11): `[11] · deflate(round id · deadline · deck · stories (title,
//!   acceptance criteria) · facilitator's public key)`.
//! * Async answer (format 12): the header and sealing of a vote, its plaintext being
//!   `voter name · time sealed · story count · per story: card (0 none, else index + 1),
//!   confidence, seconds spent`.
//!
//! The round id and key tag are in clear so a vote for another round, or for another
//! facilitator, is refused with a precise message before any decryption is tried.

use super::base64url;
use super::bin::{BinError, Reader, Writer};
use super::kinds::{ASYNC_ANSWER, ASYNC_INVITE, POKER_INVITE, POKER_VOTE, POKER_VOTE_2};
use super::share::LinkError;
use crate::domain::batch::{CRITERIA_MAX, STORIES_MAX};
use crate::domain::poker::{CARDS_MAX, Card, Confidence, Deck, LABEL_MAX, VOTER_NAME_MAX};
use crate::domain::text::{NAME_MAX, TITLE_MAX};
use crate::domain::{Date, Millis, Points};

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

/// What a facilitator sends for an async round over many stories.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchInvite {
    pub round: u64,
    pub deadline: Option<Date>,
    pub deck: Deck,
    /// Title and acceptance criteria of each story.
    pub stories: Vec<(String, String)>,
    pub facilitator_key: Vec<u8>,
}

/// A voter's answer to an async round, once opened: per story, the card's index in the
/// round's deck, the confidence and the seconds spent.
pub type Picks = Vec<Option<(usize, Option<Confidence>, u32)>>;

/// A sealed vote or answer as it travels: readable header, encrypted content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedVote {
    /// [`POKER_VOTE`], [`POKER_VOTE_2`] or [`ASYNC_ANSWER`].
    pub kind: u8,
    pub round: u64,
    pub key_tag: [u8; 8],
    pub voter_key: Vec<u8>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

impl SealedVote {
    /// The bytes the cipher authenticates besides the content.
    pub fn header(&self) -> Vec<u8> {
        header(self.kind, self.round, self.key_tag, &self.voter_key)
    }
}

/// The clear header of a vote link of `kind`.
pub fn header(kind: u8, round: u64, key_tag: [u8; 8], voter_key: &[u8]) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.push(kind);
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
    BatchInvite(BatchInvite),
    Answer(SealedVote),
}

fn write_deck(w: &mut Writer, deck: &Deck) {
    w.str(&deck.name);
    w.varint(deck.cards.len() as u64);
    for c in &deck.cards {
        w.str(&c.label);
        match c.value {
            None => w.varint(0),
            Some(v) => w.varint(u64::from(v.0) + 1),
        }
    }
}

fn read_deck(r: &mut Reader<'_>) -> Result<Deck, LinkError> {
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
    Deck { key: String::new(), name, cards }.clean().map_err(LinkError::Invalid)
}

fn sealed_text(kind: u8, w: Writer) -> String {
    let mut raw = vec![kind];
    raw.extend(miniz_oxide::deflate::compress_to_vec(&w.buf, 10));
    base64url::encode(&raw)
}

pub fn encode_invite(invite: &Invite) -> String {
    let mut w = Writer::default();
    w.bytes(&invite.round.to_le_bytes());
    w.str(&invite.title);
    write_deck(&mut w, &invite.deck);
    w.bytes(&invite.facilitator_key);
    sealed_text(POKER_INVITE, w)
}

pub fn encode_batch_invite(invite: &BatchInvite) -> String {
    let mut w = Writer::default();
    w.bytes(&invite.round.to_le_bytes());
    w.varint(invite.deadline.map_or(0, |d| u64::from(d.0.max(0) as u32) + 1));
    write_deck(&mut w, &invite.deck);
    w.varint(invite.stories.len() as u64);
    for (title, _) in &invite.stories {
        w.str(title);
    }
    for (_, criteria) in &invite.stories {
        w.str(criteria);
    }
    w.bytes(&invite.facilitator_key);
    sealed_text(ASYNC_INVITE, w)
}

pub fn encode_vote(vote: &SealedVote) -> String {
    let mut raw = vote.header();
    raw.extend_from_slice(&vote.iv);
    raw.extend_from_slice(&vote.ciphertext);
    base64url::encode(&raw)
}

/// The plaintext of a vote (format [`POKER_VOTE_2`]).
pub fn vote_plain(voter: &str, label: &str, confidence: Option<Confidence>) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(voter);
    w.str(label);
    w.u8(confidence.map_or(0, Confidence::code));
    w.buf
}

fn read_confidence(r: &mut Reader<'_>) -> Result<Option<Confidence>, LinkError> {
    Confidence::from_code(r.u8()?).ok_or(LinkError::Body(BinError::Unknown("confidence")))
}

/// Reads the plaintext of a vote of `kind` (after decryption): format 6 had no confidence.
pub fn read_vote_plain(kind: u8, bytes: &[u8]) -> Result<(String, String, Option<Confidence>), LinkError> {
    let mut r = Reader::new(bytes);
    let voter = r.str("voter name", VOTER_NAME_MAX)?;
    let label = r.str("card", LABEL_MAX)?;
    let confidence = if kind == POKER_VOTE { None } else { read_confidence(&mut r)? };
    r.finish()?;
    Ok((voter, label, confidence))
}

/// The plaintext of an async answer.
pub fn answer_plain(voter: &str, at: Millis, picks: &Picks) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(voter);
    w.zigzag(at);
    w.varint(picks.len() as u64);
    for p in picks {
        match p {
            None => w.varint(0),
            Some((card, confidence, seconds)) => {
                w.varint(*card as u64 + 1);
                w.u8(confidence.map_or(0, Confidence::code));
                w.varint(u64::from(*seconds));
            }
        }
    }
    w.buf
}

/// Reads an async answer's plaintext (after decryption); card indexes are checked against the
/// round's deck when the answer is added.
pub fn read_answer_plain(bytes: &[u8]) -> Result<(String, Millis, Picks), LinkError> {
    let mut r = Reader::new(bytes);
    let voter = r.str("voter name", VOTER_NAME_MAX)?;
    let at = r.zigzag()?;
    let n = r.count("number of stories", STORIES_MAX, 1)?;
    let mut picks = Vec::with_capacity(n);
    for _ in 0..n {
        picks.push(match r.bounded("card", CARDS_MAX as u64)? {
            0 => None,
            card => {
                let confidence = read_confidence(&mut r)?;
                let seconds = r.bounded("seconds", 7 * 24 * 3600)? as u32;
                Some((card as usize - 1, confidence, seconds))
            }
        });
    }
    r.finish()?;
    Ok((voter, at, picks))
}

/// Reads an invite or vote payload; everything else is an error.
pub fn decode(text: &str) -> Result<PokerLink, LinkError> {
    let raw = super::share::raw_bytes(text)?;
    match raw.first().copied() {
        Some(POKER_INVITE) => decode_invite(&raw[1..]).map(PokerLink::Invite),
        Some(POKER_VOTE | POKER_VOTE_2) => decode_vote(&raw).map(PokerLink::Vote),
        Some(ASYNC_INVITE) => decode_batch_invite(&raw[1..]).map(PokerLink::BatchInvite),
        Some(ASYNC_ANSWER) => decode_vote(&raw).map(PokerLink::Answer),
        Some(v) if super::kinds::is_newer(v) => Err(LinkError::Newer(v)),
        Some(v) => Err(LinkError::Unknown(v)),
        None => Err(LinkError::Empty),
    }
}

fn decode_invite(deflated: &[u8]) -> Result<Invite, LinkError> {
    let body = super::share::inflate_bounded(deflated)?;
    let mut r = Reader::new(&body);
    let round = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| BinError::Overflow)?);
    let title = r.str("title", TITLE_MAX)?;
    let deck = read_deck(&mut r)?;
    let facilitator_key = r.take(PUBLIC_KEY_LEN)?.to_vec();
    r.finish()?;
    let title =
        crate::domain::text::one_line(crate::domain::Field::Title, &title, TITLE_MAX).map_err(LinkError::Invalid)?;
    Ok(Invite { round, title, deck, facilitator_key })
}

fn decode_batch_invite(deflated: &[u8]) -> Result<BatchInvite, LinkError> {
    use crate::domain::Field;
    use crate::domain::text::{multi_line, one_line};
    let body = super::share::inflate_bounded(deflated)?;
    let mut r = Reader::new(&body);
    let round = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| BinError::Overflow)?);
    let deadline = match r.bounded("deadline", u64::from(u32::MAX))? {
        0 => None,
        d => Some(Date((d - 1) as i32)),
    };
    let deck = read_deck(&mut r)?;
    let n = r.count("number of stories", STORIES_MAX, 2)?;
    if n == 0 {
        return Err(LinkError::Body(BinError::Unknown("round without stories")));
    }
    let titles = (0..n).map(|_| r.str("title", TITLE_MAX)).collect::<Result<Vec<_>, _>>()?;
    let criteria = (0..n).map(|_| r.str("acceptance criteria", CRITERIA_MAX)).collect::<Result<Vec<_>, _>>()?;
    let facilitator_key = r.take(PUBLIC_KEY_LEN)?.to_vec();
    r.finish()?;
    let mut stories = Vec::with_capacity(n);
    for (t, c) in titles.iter().zip(&criteria) {
        let title = one_line(Field::Title, t, TITLE_MAX).map_err(LinkError::Invalid)?;
        let criteria = if c.trim().is_empty() {
            String::new()
        } else {
            multi_line(Field::Acceptance, c, CRITERIA_MAX).map_err(LinkError::Invalid)?
        };
        stories.push((title, criteria));
    }
    if let Some(d) = deadline {
        let (first, last) = crate::domain::calendar::date_range();
        if d < first || d > last {
            return Err(LinkError::Body(BinError::Unknown("deadline")));
        }
    }
    Ok(BatchInvite { round, deadline, deck, stories, facilitator_key })
}

fn decode_vote(raw: &[u8]) -> Result<SealedVote, LinkError> {
    // At least the header, the IV and the 16-byte authentication tag.
    if raw.len() < HEADER_LEN + 12 + 16 {
        return Err(LinkError::Body(BinError::Truncated));
    }
    let kind = raw[0];
    let round = u64::from_le_bytes(raw[1..9].try_into().map_err(|_| BinError::Overflow)?);
    let key_tag: [u8; 8] = raw[9..17].try_into().map_err(|_| BinError::Overflow)?;
    let voter_key = raw[17..HEADER_LEN].to_vec();
    let iv = raw[HEADER_LEN..HEADER_LEN + 12].to_vec();
    let ciphertext = raw[HEADER_LEN + 12..].to_vec();
    Ok(SealedVote { kind, round, key_tag, voter_key, iv, ciphertext })
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
            kind: POKER_VOTE_2,
            round: 7,
            key_tag: key_tag(&[4; 65]),
            voter_key: vec![4; 65],
            iv: vec![1; 12],
            ciphertext: vec![9; 30],
        };
        let text = encode_vote(&v);
        assert_eq!(decode(&text), Ok(PokerLink::Vote(v.clone())));
        assert_eq!(v.header().len(), HEADER_LEN);
        let plain = vote_plain("Ann", "13", Some(Confidence::Sure));
        assert_eq!(read_vote_plain(POKER_VOTE_2, &plain), Ok(("Ann".into(), "13".into(), Some(Confidence::Sure))));
        // Format 6 had no confidence byte.
        let old = &plain[..plain.len() - 1];
        assert_eq!(read_vote_plain(POKER_VOTE, old), Ok(("Ann".into(), "13".into(), None)));
        assert!(read_vote_plain(POKER_VOTE_2, old).is_err());
    }

    fn batch_invite(n: usize, criteria: &str) -> BatchInvite {
        BatchInvite {
            round: 0xfeed_0000_0000_0001,
            deadline: Some(Date(20_800)),
            deck: builtin_decks().remove(0),
            stories: (0..n)
                .map(|i| {
                    (
                        format!(
                            "As a shopper I can {} item {i} so that checkout is quicker",
                            ["save", "share", "compare"][i % 3]
                        ),
                        criteria.to_owned(),
                    )
                })
                .collect(),
            facilitator_key: vec![4; 65],
        }
    }

    #[test]
    fn async_invites_and_answers_round_trip() {
        let i = batch_invite(3, "Given a cart\nWhen I pay\nThen I get a receipt");
        let Ok(PokerLink::BatchInvite(mut back)) = decode(&encode_batch_invite(&i)) else { panic!("invite") };
        back.deck.key = i.deck.key.clone();
        assert_eq!(back, i);
        let picks: Picks = vec![Some((3, Some(Confidence::Unsure), 42)), None, Some((9, None, 7))];
        let plain = answer_plain("Bo", 1_764_000_000_000, &picks);
        assert_eq!(read_answer_plain(&plain), Ok(("Bo".into(), 1_764_000_000_000, picks)));
        assert!(read_answer_plain(&plain[..plain.len() - 1]).is_err());
    }

    /// The figures the issue asks for: 30 stories, answers from 8 voters.
    #[test]
    fn thirty_story_links_fit_a_chat_message() {
        let bare = encode_batch_invite(&batch_invite(30, ""));
        let criteria =
            "Given a signed-in shopper, when they open the cart, then the saved items are listed with prices.";
        let full = encode_batch_invite(&batch_invite(30, criteria));
        let picks: Picks = (0..30).map(|i| Some((i % 8, Some(Confidence::FairlySure), 30 + i as u32 * 7))).collect();
        let plain = answer_plain("Alexandra Longname", 1_764_000_000_000, &picks);
        // Sealed: header, IV, ciphertext (plaintext + 16-byte tag).
        let answer = base64url::encode(&vec![0u8; HEADER_LEN + 12 + plain.len() + 16]);
        println!(
            "30-story invite: {} chars bare, {} with criteria; answer: {} chars",
            bare.len(),
            full.len(),
            answer.len()
        );
        assert!(bare.len() <= 4000 && full.len() <= 4000 && answer.len() <= 4000);
    }

    #[test]
    fn broken_poker_links_are_refused() {
        assert_eq!(decode(""), Err(LinkError::Empty));
        assert!(matches!(decode("!!!"), Err(LinkError::NotBase64(_))));
        let short = base64url::encode(&[POKER_VOTE, 1, 2, 3]);
        assert!(matches!(decode(&short), Err(LinkError::Body(_))));
        let mut text = encode_invite(&invite());
        text.truncate(text.len() / 2);
        assert!(decode(&text).is_err());
        assert_eq!(decode(&base64url::encode(&[22, 0])), Err(LinkError::Newer(22)));
        assert_eq!(decode(&base64url::encode(&[21, 0])), Err(LinkError::Unknown(21)), "a room link");
        assert_eq!(decode(&base64url::encode(&[14, 0])), Err(LinkError::Unknown(14)), "a board link of body 5");
        assert_eq!(decode(&base64url::encode(&[9, 0])), Err(LinkError::Unknown(9)), "a share link");
    }
}
