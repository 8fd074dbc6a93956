//! Planning poker: decks, a round's state machine, and the statistics shown after the reveal.
//!
//! A [`Round`] is live state (votes arrive, the timer runs) and is kept outside the board and its
//! undo history; when the team accepts an estimate the round becomes a [`RoundRecord`] on the
//! story, through one undoable [`Action::AcceptEstimate`](super::Action).
//!
//! Statistics use the numeric values of the cards; special cards (`?`, `☕`, pass, and any custom
//! card without a value) are counted as votes but never enter the figures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Millis;
use super::error::{DomainError, Field};
use super::ids::StoryId;
use super::points::Points;
use super::text::{self, NAME_MAX};

/// The most cards a deck may hold.
pub const CARDS_MAX: usize = 30;
/// The longest card label, in characters.
pub const LABEL_MAX: usize = 12;
/// The most people in one round.
pub const VOTERS_MAX: usize = 50;
/// How many finished rounds a story keeps.
pub const RECORDS_PER_STORY_MAX: usize = 20;
/// The most custom decks on a board.
pub const DECKS_MAX: usize = 20;

/// One estimate to accept: the story, its card and the rounds played on it.
pub type Estimate = (StoryId, Card, Vec<RoundRecord>);

/// One card: a label of any text and, unless it is special, a value in points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Card {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Points>,
}

impl Card {
    fn new(label: &str, value: Option<u32>) -> Card {
        Card { label: label.to_owned(), value: value.map(Points) }
    }

    /// A card that never enters the statistics.
    pub fn is_special(&self) -> bool {
        self.value.is_none()
    }

    /// The card's accessible name, as a card button says it ("Card 5", "Card ? (unsure)").
    pub fn spoken_name(&self) -> String {
        match self.label.as_str() {
            "☕" => "Card ☕ (break)".into(),
            "?" => "Card ? (unsure)".into(),
            l => format!("Card {l}"),
        }
    }
}

/// A named set of cards. Built-in decks have fixed keys; a board may override one (the T-shirt
/// values, say) or add its own (`custom-…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Deck {
    pub key: String,
    pub name: String,
    pub cards: Vec<Card>,
}

fn specials() -> [Card; 2] {
    [Card::new("?", None), Card::new("☕", None)]
}

fn numeric(key: &str, name: &str, values: &[(&str, u32)], extra: &[Card]) -> Deck {
    let mut cards: Vec<Card> = values.iter().map(|(l, v)| Card::new(l, Some(*v))).collect();
    cards.extend_from_slice(extra);
    Deck { key: key.into(), name: name.into(), cards }
}

/// The decks every board has.
pub fn builtin_decks() -> Vec<Deck> {
    let whole = |ns: &[u32]| ns.iter().map(|n| (n.to_string(), n * 100)).collect::<Vec<_>>();
    let fib = whole(&[0, 1, 2, 3, 5, 8, 13, 21]);
    let fib: Vec<(&str, u32)> = fib.iter().map(|(l, v)| (l.as_str(), *v)).collect();
    let mut modified = vec![("0", 0), ("½", 50)];
    let rest = whole(&[1, 2, 3, 5, 8, 13, 20, 40, 100]);
    modified.extend(rest.iter().map(|(l, v)| (l.as_str(), *v)));
    let pow = whole(&[0, 1, 2, 4, 8, 16, 32, 64]);
    let pow: Vec<(&str, u32)> = pow.iter().map(|(l, v)| (l.as_str(), *v)).collect();
    let shirts = [("XS", 100), ("S", 200), ("M", 300), ("L", 500), ("XL", 800), ("XXL", 1300)];
    vec![
        numeric("fibonacci", "Fibonacci", &fib, &specials()),
        numeric("modified", "Modified Fibonacci", &modified, &specials()),
        numeric("tshirt", "T-shirt sizes", &shirts, &specials()),
        numeric("pow2", "Powers of 2", &pow, &specials()),
    ]
}

/// The deck of `decks` whose key is `key`; the first one if none is (a deck deleted meanwhile),
/// and Fibonacci if `decks` is empty.
pub fn deck_by_key(decks: &[Deck], key: &str) -> Deck {
    match decks.iter().find(|d| d.key == key).or(decks.first()) {
        Some(d) => d.clone(),
        None => builtin_decks().swap_remove(0),
    }
}

/// The decks a board offers: the built-in ones (as the board overrides them), then its own.
pub fn decks_of(custom: &[Deck]) -> Vec<Deck> {
    let mut all: Vec<Deck> =
        builtin_decks().into_iter().map(|d| custom.iter().find(|c| c.key == d.key).cloned().unwrap_or(d)).collect();
    let builtin: Vec<String> = all.iter().map(|d| d.key.clone()).collect();
    all.extend(custom.iter().filter(|c| !builtin.contains(&c.key)).cloned());
    all
}

impl Deck {
    /// Checks a deck typed in the editor: a name, 2 to 30 cards, non-empty distinct labels.
    pub fn clean(&self) -> Result<Deck, DomainError> {
        let name = text::one_line(Field::DeckName, &self.name, NAME_MAX)?;
        if self.cards.len() < 2 {
            return Err(DomainError::Invalid {
                field: Field::Card,
                text: name,
                why: "a deck needs at least two cards",
            });
        }
        if self.cards.len() > CARDS_MAX {
            return Err(DomainError::TooMany { what: "cards in a deck", max: CARDS_MAX });
        }
        let mut cards = Vec::with_capacity(self.cards.len());
        for c in &self.cards {
            let label = text::one_line(Field::Card, &c.label, LABEL_MAX)?;
            if cards.iter().any(|k: &Card| k.label == label) {
                return Err(DomainError::Invalid { field: Field::Card, text: label, why: "two cards have this label" });
            }
            cards.push(Card { label, value: c.value });
        }
        Ok(Deck { key: self.key.clone(), name, cards })
    }

    /// The cards' labels, in deck order.
    pub fn labels(&self) -> Vec<String> {
        self.cards.iter().map(|c| c.label.clone()).collect()
    }

    /// The index of the card labelled `label` (ignoring case).
    pub fn find(&self, label: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.label.eq_ignore_ascii_case(label))
    }

    /// The numeric card nearest to `points`; a tie goes to the larger card, because an estimate
    /// between two cards usually hides work nobody has mentioned yet.
    pub fn snap(&self, points: f64) -> Option<usize> {
        let mut best: Option<(usize, f64, Points)> = None;
        for (i, c) in self.cards.iter().enumerate() {
            let Some(v) = c.value else { continue };
            let d = (v.as_f64() - points).abs();
            let better = match best {
                None => true,
                Some((_, bd, bv)) => d < bd - 1e-9 || ((d - bd).abs() <= 1e-9 && v > bv),
            };
            if better {
                best = Some((i, d, v));
            }
        }
        best.map(|(i, _, _)| i)
    }
}

/// What a round estimates: stored as `"story": id` or `"topic": text` beside the round's other
/// fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Story(StoryId),
    #[serde(rename = "topic")]
    Free(String),
}

/// How sure a voter is of their card, given with every vote (optional: a vote without it
/// still counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Unsure,
    FairlySure,
    Sure,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Unsure, Confidence::FairlySure, Confidence::Sure];

    pub fn label(self) -> &'static str {
        match self {
            Confidence::Unsure => "unsure",
            Confidence::FairlySure => "fairly sure",
            Confidence::Sure => "sure",
        }
    }

    /// 1, 2 or 3 in links.
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// The confidence a link's byte names (`Some(None)` for 0, none given); `None` for a
    /// byte that names nothing.
    pub fn from_code(code: u8) -> Option<Option<Confidence>> {
        match code {
            0 => Some(None),
            1..=3 => Some(Some(Confidence::ALL[usize::from(code - 1)])),
            _ => None,
        }
    }
}

/// One person's vote: the card's label and value at the time (the deck may change later).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Vote {
    pub voter: String,
    pub card: Card,
    #[serde(default)]
    pub at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A round in progress or just revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Round {
    /// Random, chosen when the round starts; vote links name it. Hex text in JSON.
    #[serde(with = "hex_u64")]
    pub id: u64,
    #[serde(flatten)]
    pub topic: Topic,
    /// The title shown to voters (the story's title when the round started).
    pub title: String,
    pub deck: Deck,
    /// People who vote, in the order they joined.
    #[serde(default)]
    pub voters: Vec<String>,
    #[serde(default)]
    pub votes: Vec<Vote>,
    #[serde(default)]
    pub revealed: bool,
    /// Reveal by itself when everyone has voted.
    #[serde(default)]
    pub auto_reveal: bool,
    #[serde(default)]
    pub started_at: Millis,
    /// When the votes were revealed; the time spent runs until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revealed_at: Option<Millis>,
    /// The countdown, in seconds, if one was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer_secs: Option<u32>,
    /// Earlier rounds on the same topic (re-votes), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<RoundRecord>,
}

/// A `u64` as hex text (a JavaScript number cannot hold 64 bits).
pub(crate) mod hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{n:x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(|_| D::Error::custom(format_args!("“{text}” is not a round id")))
    }
}

/// Bytes as hex text (a voter's public key in an async round's stored answers).
pub(crate) mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let bad = || D::Error::custom("a key is not hex text");
        if text.len() % 2 != 0 || text.len() > 2 * super::super::batch::VOTER_KEY_MAX {
            return Err(bad());
        }
        (0..text.len())
            .step_by(2)
            .map(|i| text.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or_else(bad))
            .collect()
    }
}

/// Why a poker operation was refused. Messages are shown as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PokerError {
    #[error("The votes are already revealed; start a re-vote to vote again.")]
    AlreadyRevealed,
    #[error("Nobody has voted yet, so there is nothing to reveal.")]
    NothingToReveal,
    #[error("The votes are still hidden; reveal them first.")]
    NotRevealed,
    #[error("{0} is already in this round.")]
    DuplicateVoter(String),
    #[error("{0} has already voted in this round.")]
    AlreadyVoted(String),
    #[error("{0} is not in this round; join first.")]
    UnknownVoter(String),
    #[error("This deck has no card “{0}”.")]
    UnknownCard(String),
    #[error("A round holds at most {VOTERS_MAX} people.")]
    TooManyVoters,
    #[error("{0}")]
    Invalid(DomainError),
    /// An async round's own refusals, said as they are.
    #[error("{0}")]
    Batch(String),
}

impl From<DomainError> for PokerError {
    fn from(e: DomainError) -> Self {
        PokerError::Invalid(e)
    }
}

/// The longest voter name, in characters.
pub const VOTER_NAME_MAX: usize = 40;

/// A voter's name as typed: one line, not empty, at most 40 characters.
pub fn clean_name(raw: &str) -> Result<String, PokerError> {
    Ok(text::one_line(Field::VoterName, raw, VOTER_NAME_MAX)?)
}

impl Round {
    pub fn new(id: u64, topic: Topic, title: String, deck: Deck, now: Millis) -> Round {
        Round {
            id,
            topic,
            title,
            deck,
            voters: Vec::new(),
            votes: Vec::new(),
            revealed: false,
            auto_reveal: false,
            started_at: now,
            revealed_at: None,
            timer_secs: None,
            earlier: Vec::new(),
        }
    }

    fn has_voter(&self, name: &str) -> bool {
        self.voters.iter().any(|v| v.eq_ignore_ascii_case(name))
    }

    /// Adds a voter; the name must be new to the round (ignoring case).
    pub fn join(&mut self, name: &str) -> Result<String, PokerError> {
        let name = clean_name(name)?;
        if self.has_voter(&name) {
            return Err(PokerError::DuplicateVoter(name));
        }
        if self.voters.len() >= VOTERS_MAX {
            return Err(PokerError::TooManyVoters);
        }
        self.voters.push(name.clone());
        Ok(name)
    }

    /// Removes a voter and their vote (before the reveal).
    pub fn leave(&mut self, name: &str) -> Result<(), PokerError> {
        if self.revealed {
            return Err(PokerError::AlreadyRevealed);
        }
        self.voters.retain(|v| !v.eq_ignore_ascii_case(name));
        self.votes.retain(|v| !v.voter.eq_ignore_ascii_case(name));
        Ok(())
    }

    /// Records (or changes) `voter`'s card, face down. Reveals when that completes the round and
    /// auto-reveal is on. Returns whether the round is now revealed.
    pub fn vote(
        &mut self,
        voter: &str,
        card: usize,
        confidence: Option<Confidence>,
        now: Millis,
    ) -> Result<bool, PokerError> {
        if self.revealed {
            return Err(PokerError::AlreadyRevealed);
        }
        let name = self
            .voters
            .iter()
            .find(|v| v.eq_ignore_ascii_case(voter))
            .cloned()
            .ok_or_else(|| PokerError::UnknownVoter(voter.to_owned()))?;
        let card = self.deck.cards.get(card).cloned().ok_or_else(|| PokerError::UnknownCard(card.to_string()))?;
        self.votes.retain(|v| v.voter != name);
        self.votes.push(Vote { voter: name, card, at: now, confidence });
        if self.auto_reveal && self.everyone_voted() {
            self.reveal(now)?;
        }
        Ok(self.revealed)
    }

    /// Adds a vote that arrived by link from someone not yet in the round: a name already in
    /// the round with a vote is refused, so nobody votes twice.
    pub fn vote_remote(
        &mut self,
        voter: &str,
        label: &str,
        confidence: Option<Confidence>,
        now: Millis,
    ) -> Result<bool, PokerError> {
        if self.revealed {
            return Err(PokerError::AlreadyRevealed);
        }
        let name = clean_name(voter)?;
        let card = self.deck.find(label).ok_or_else(|| PokerError::UnknownCard(label.to_owned()))?;
        if self.votes.iter().any(|v| v.voter.eq_ignore_ascii_case(&name)) {
            return Err(PokerError::AlreadyVoted(name));
        }
        if !self.has_voter(&name) {
            self.join(&name)?;
        }
        self.vote(&name, card, confidence, now)
    }

    /// The voters who have not voted yet, in joining order (names only, never values).
    pub fn waiting_for(&self) -> Vec<&str> {
        self.voters.iter().filter(|v| !self.has_voted(v)).map(String::as_str).collect()
    }

    /// Changes the confidence of a vote already cast (before the reveal).
    pub fn set_confidence(&mut self, voter: &str, confidence: Option<Confidence>) -> Result<(), PokerError> {
        if self.revealed {
            return Err(PokerError::AlreadyRevealed);
        }
        let vote = self
            .votes
            .iter_mut()
            .find(|v| v.voter.eq_ignore_ascii_case(voter))
            .ok_or_else(|| PokerError::UnknownVoter(voter.to_owned()))?;
        vote.confidence = confidence;
        Ok(())
    }

    pub fn has_voted(&self, voter: &str) -> bool {
        self.votes.iter().any(|v| v.voter == voter)
    }

    /// The first voter (in joining order) who has not voted yet.
    pub fn next_voter(&self) -> Option<&String> {
        self.voters.iter().find(|v| !self.has_voted(v))
    }

    pub fn everyone_voted(&self) -> bool {
        !self.voters.is_empty() && self.voters.iter().all(|v| self.has_voted(v))
    }

    /// Turns the cards face up.
    pub fn reveal(&mut self, now: Millis) -> Result<(), PokerError> {
        if self.revealed {
            return Err(PokerError::AlreadyRevealed);
        }
        if self.votes.is_empty() {
            return Err(PokerError::NothingToReveal);
        }
        self.revealed = true;
        self.revealed_at = Some(now);
        Ok(())
    }

    /// Seconds spent on the round so far (until the reveal).
    pub fn seconds(&self, now: Millis) -> u32 {
        let end = self.revealed_at.unwrap_or(now);
        u32::try_from((end - self.started_at).max(0) / 1000).unwrap_or(u32::MAX)
    }

    /// Seconds left on the countdown, if one is set.
    pub fn remaining(&self, now: Millis) -> Option<u32> {
        self.timer_secs.map(|t| t.saturating_sub(self.seconds(now)))
    }

    /// The record of this round as it stands, with the estimate accepted from it, if any.
    pub fn record(&self, now: Millis, accepted: Option<Card>) -> RoundRecord {
        RoundRecord {
            at: self.revealed_at.unwrap_or(now),
            deck: self.deck.name.clone(),
            votes: self.votes.iter().map(|v| (v.voter.clone(), v.card.clone())).collect(),
            confidence: self.votes.iter().filter_map(|v| Some((v.voter.clone(), v.confidence?))).collect(),
            seconds: self.seconds(now),
            accepted,
        }
    }

    /// Starts again on the same topic as a new round (`new_id`, so votes sent for the old one
    /// are refused); the revealed round is kept in `earlier`.
    pub fn revote(&mut self, new_id: u64, now: Millis) -> Result<(), PokerError> {
        if !self.revealed {
            return Err(PokerError::NotRevealed);
        }
        let record = self.record(now, None);
        self.earlier.push(record);
        self.id = new_id;
        self.votes.clear();
        self.revealed = false;
        self.revealed_at = None;
        self.started_at = now;
        Ok(())
    }

    /// The statistics of the revealed votes.
    pub fn stats(&self) -> Result<Stats, PokerError> {
        if !self.revealed {
            return Err(PokerError::NotRevealed);
        }
        let votes: Vec<(String, Card)> = self.votes.iter().map(|v| (v.voter.clone(), v.card.clone())).collect();
        let sure: Vec<Confidence> = self.votes.iter().filter_map(|v| v.confidence).collect();
        Ok(Stats::of(&self.deck, &votes).with_confidence(&sure))
    }

    /// Brings in what another window of the same browser knows about this round: votes are
    /// united by voter (the later vote wins), a reveal anywhere is a reveal everywhere.
    /// A different round replaces this one if it started later.
    pub fn merge(&mut self, other: &Round) {
        if other.id != self.id {
            if other.started_at > self.started_at {
                *self = other.clone();
            }
            return;
        }
        if other.earlier.len() > self.earlier.len() {
            // The other window started a re-vote: its state is the newer one.
            *self = other.clone();
            return;
        }
        if other.earlier.len() < self.earlier.len() {
            return;
        }
        for v in &other.voters {
            if !self.has_voter(v) {
                self.voters.push(v.clone());
            }
        }
        for v in &other.votes {
            match self.votes.iter_mut().find(|m| m.voter == v.voter) {
                Some(mine) if mine.at < v.at && !self.revealed => *mine = v.clone(),
                Some(_) => {}
                None if !self.revealed => self.votes.push(v.clone()),
                None => {}
            }
        }
        if other.revealed && !self.revealed {
            self.revealed = true;
            self.revealed_at = other.revealed_at;
            self.votes = other.votes.clone();
        }
        self.auto_reveal = other.auto_reveal;
        self.timer_secs = other.timer_secs;
    }
}

/// The stories a team estimates next: open ones (not done), the unestimated first, each group
/// in backlog order, with whether each already has an estimate.
pub fn open_stories(board: &super::Board) -> Vec<(StoryId, String, bool)> {
    let mut open: Vec<(StoryId, String, bool)> = board
        .stories
        .iter()
        .filter(|s| s.status != super::Status::Done)
        .map(|s| (s.id, s.title.clone(), s.estimate.is_some()))
        .collect();
    open.sort_by_key(|(_, _, estimated)| *estimated);
    open
}

/// A duration as minutes and seconds ("1:05").
pub fn duration_text(secs: u32) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A finished round, kept on the story it estimated. Votes are stored as `[voter, card]` pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct RoundRecord {
    /// When the votes were revealed.
    pub at: Millis,
    /// The deck's name.
    pub deck: String,
    pub votes: Vec<(String, Card)>,
    /// How sure each voter who said so was, by voter name (format 7; absent before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidence: Vec<(String, Confidence)>,
    /// Time spent, from start to reveal.
    #[serde(default)]
    pub seconds: u32,
    /// The estimate accepted from this round, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Card>,
}

impl RoundRecord {
    /// The statistics of this round's votes.
    pub fn stats(&self) -> Stats {
        let mut cards: Vec<Card> = Vec::new();
        for (_, c) in &self.votes {
            if !cards.contains(c) {
                cards.push(c.clone());
            }
        }
        cards.sort_by_key(|c| (c.value.is_none(), c.value));
        // The neighbours of a card are those of the deck, where it is a built-in one.
        if let Some(d) = builtin_decks().into_iter().find(|d| d.name == self.deck) {
            cards = d.cards;
        }
        let sure: Vec<Confidence> = self.confidence.iter().map(|(_, c)| *c).collect();
        Stats::of(&Deck { key: String::new(), name: self.deck.clone(), cards }, &self.votes).with_confidence(&sure)
    }

    /// Each vote as its voter and the card with the voter's confidence, if given: ("Ann",
    /// "5 (sure)").
    pub fn vote_texts(&self) -> Vec<(&str, String)> {
        self.votes
            .iter()
            .map(|(who, c)| match self.confidence_of(who) {
                Some(sure) => (who.as_str(), format!("{} ({})", c.label, sure.label())),
                None => (who.as_str(), c.label.clone()),
            })
            .collect()
    }

    /// How sure `voter` was, if they said.
    pub fn confidence_of(&self, voter: &str) -> Option<Confidence> {
        self.confidence.iter().find(|(v, _)| v == voter).map(|(_, c)| *c)
    }
}

/// What the revealed votes say.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// How many chose each card, in deck order (cards nobody chose included, for the histogram).
    pub histogram: Vec<(Card, usize)>,
    /// Votes with a value, and special ones.
    pub counted: usize,
    pub special: usize,
    pub mean: Option<f64>,
    /// The median of the values (the mean of the two middle ones for an even count).
    pub median: Option<f64>,
    /// The card nearest to the median (ties go to the larger card).
    pub snapped: Option<Card>,
    /// The most chosen cards with a value (several when tied).
    pub mode: Vec<Card>,
    /// Highest minus lowest value.
    pub spread: Option<f64>,
    /// Every vote with a value is on the same card (and there are at least two such votes).
    pub consensus: bool,
    /// Who voted highest and lowest, when they differ ("explain your card").
    pub highest: Vec<String>,
    pub lowest: Vec<String>,
    /// The values span more than two neighbouring cards of the deck: worth discussing.
    pub split: bool,
    /// How many votes said unsure, fairly sure and sure.
    pub confidence: [usize; 3],
}

impl Stats {
    pub fn of(deck: &Deck, votes: &[(String, Card)]) -> Stats {
        let mut histogram: Vec<(Card, usize)> = deck.cards.iter().map(|c| (c.clone(), 0)).collect();
        for (_, c) in votes {
            match histogram.iter_mut().find(|(k, _)| k.label == c.label) {
                Some((_, n)) => *n += 1,
                None => histogram.push((c.clone(), 1)),
            }
        }
        let valued: Vec<(&str, Points)> =
            votes.iter().filter_map(|(who, c)| c.value.map(|v| (who.as_str(), v))).collect();
        let mut values: Vec<f64> = valued.iter().map(|(_, v)| v.as_f64()).collect();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let mean = (n > 0).then(|| values.iter().sum::<f64>() / n as f64);
        let median =
            (n > 0).then(|| if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 });
        let snapped = median.and_then(|m| deck.snap(m)).map(|i| deck.cards[i].clone());
        let mut counts: BTreeMap<Points, (usize, Card)> = BTreeMap::new();
        for (_, c) in votes {
            if let Some(v) = c.value {
                counts.entry(v).or_insert((0, c.clone())).0 += 1;
            }
        }
        let top = counts.values().map(|(k, _)| *k).max().unwrap_or(0);
        let mode: Vec<Card> = counts.values().filter(|(k, _)| *k == top && top > 0).map(|(_, c)| c.clone()).collect();
        let max = valued.iter().map(|(_, v)| *v).max();
        let min = valued.iter().map(|(_, v)| *v).min();
        let spread = match (max, min) {
            (Some(a), Some(b)) => Some(a.as_f64() - b.as_f64()),
            _ => None,
        };
        let differ = max != min;
        let named = |p: Option<Points>| -> Vec<String> {
            if !differ {
                return Vec::new();
            }
            valued.iter().filter(|(_, v)| Some(*v) == p).map(|(w, _)| (*w).to_owned()).collect()
        };
        Stats {
            histogram,
            counted: n,
            special: votes.len() - n,
            mean,
            median,
            snapped,
            mode,
            spread,
            consensus: n >= 2 && !differ,
            highest: named(max),
            lowest: named(min),
            split: spans_more_than_neighbours(deck, min, max),
            confidence: [0; 3],
        }
    }

    /// Adds the voters' confidence.
    pub fn with_confidence(mut self, given: &[Confidence]) -> Stats {
        for c in given {
            self.confidence[*c as usize] += 1;
        }
        self
    }

    /// The voters who said how sure they were were, on average, less than fairly sure
    /// (unsure counts 0, fairly sure 1, sure 2; the mean is below 1).
    pub fn low_confidence(&self) -> bool {
        let [unsure, fairly, sure] = self.confidence;
        let n = unsure + fairly + sure;
        n > 0 && fairly + 2 * sure < n
    }

    /// A consensus reached by voters who were not sure of it.
    pub fn shaky_consensus(&self) -> bool {
        self.consensus && self.low_confidence()
    }

    /// Worth talking about before accepting: the votes split, the voters were unsure, or no
    /// card with a value was chosen.
    pub fn needs_discussion(&self) -> bool {
        self.split || self.low_confidence() || self.counted == 0
    }

    /// One sentence saying what the revealed votes came to, for a status line ("Cards revealed:
    /// 3 votes, nearest card 5, consensus.").
    pub fn reveal_text(&self) -> String {
        let card = self
            .snapped
            .as_ref()
            .map_or_else(|| "no card with a value".to_owned(), |c| format!("nearest card {}", c.label));
        let agreement = if self.shaky_consensus() {
            "consensus, but with low confidence"
        } else if self.consensus {
            "consensus"
        } else if self.split {
            "the votes split"
        } else {
            "no consensus"
        };
        let n = self.counted + self.special;
        format!("Cards revealed: {n} {}, {card}, {agreement}.", if n == 1 { "vote" } else { "votes" })
    }

    /// "2 unsure, 1 sure", or an empty text when nobody said.
    pub fn confidence_text(&self) -> String {
        Confidence::ALL
            .iter()
            .zip(self.confidence)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| format!("{n} {}", c.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether the lowest and highest values lie further apart than two neighbouring numeric cards.
fn spans_more_than_neighbours(deck: &Deck, min: Option<Points>, max: Option<Points>) -> bool {
    let (Some(lo), Some(hi)) = (min, max) else { return false };
    let mut values: Vec<Points> = deck.cards.iter().filter_map(|c| c.value).collect();
    values.sort_unstable();
    values.dedup();
    let at = |p: Points| values.iter().position(|v| *v >= p).unwrap_or(values.len());
    at(hi).saturating_sub(at(lo)) > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn deck(key: &str) -> Deck {
        builtin_decks().into_iter().find(|d| d.key == key).unwrap()
    }

    fn round_with(key: &str, votes: &[(&str, &str)]) -> Round {
        let d = deck(key);
        let mut r = Round::new(1, Topic::Free("t".into()), "t".into(), d, 0);
        for (who, label) in votes {
            r.join(who).unwrap();
            let i = r.deck.find(label).unwrap();
            r.vote(who, i, None, 10).unwrap();
        }
        r
    }

    fn stats(key: &str, votes: &[(&str, &str)]) -> Stats {
        let mut r = round_with(key, votes);
        r.reveal(20).unwrap();
        r.stats().unwrap()
    }

    #[test]
    fn builtin_decks_hold_the_documented_cards() {
        let labels = |k: &str| deck(k).cards.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(" ");
        assert_eq!(labels("fibonacci"), "0 1 2 3 5 8 13 21 ? ☕");
        assert_eq!(labels("modified"), "0 ½ 1 2 3 5 8 13 20 40 100 ? ☕");
        assert_eq!(labels("tshirt"), "XS S M L XL XXL ? ☕");
        assert_eq!(labels("pow2"), "0 1 2 4 8 16 32 64 ? ☕");
    }

    #[test]
    fn a_deck_is_found_by_key_or_falls_back_to_the_first() {
        let decks = decks_of(&[]);
        assert_eq!(deck_by_key(&decks, "tshirt").key, "tshirt");
        assert_eq!(deck_by_key(&decks, "gone").key, "fibonacci");
        assert_eq!(deck_by_key(&[], "tshirt").key, "fibonacci");
    }

    #[test]
    fn the_reveal_is_said_in_one_sentence() {
        assert_eq!(
            stats("fibonacci", &[("a", "5"), ("b", "5"), ("c", "?")]).reveal_text(),
            "Cards revealed: 3 votes, nearest card 5, consensus."
        );
        assert_eq!(
            stats("fibonacci", &[("a", "2"), ("b", "13")]).reveal_text(),
            "Cards revealed: 2 votes, nearest card 8, the votes split."
        );
        assert_eq!(
            stats("fibonacci", &[("a", "☕")]).reveal_text(),
            "Cards revealed: 1 vote, no card with a value, no consensus."
        );
        assert_eq!(
            stats("fibonacci", &[("a", "3"), ("b", "5")]).reveal_text(),
            "Cards revealed: 2 votes, nearest card 5, no consensus."
        );
        let mut shaky = stats("fibonacci", &[("a", "3"), ("b", "3")]);
        shaky.confidence = [2, 0, 0];
        assert_eq!(shaky.reveal_text(), "Cards revealed: 2 votes, nearest card 3, consensus, but with low confidence.");
        let names: Vec<String> = deck("fibonacci").cards.iter().map(Card::spoken_name).collect();
        assert_eq!(names[0], "Card 0");
        assert_eq!(names[8..], ["Card ? (unsure)", "Card ☕ (break)"]);
    }

    #[test]
    fn fibonacci_statistics() {
        let s = stats("fibonacci", &[("Ann", "3"), ("Bob", "5"), ("Cy", "8"), ("Di", "?")]);
        assert_eq!(s.counted, 3);
        assert_eq!(s.special, 1);
        assert!((s.mean.unwrap() - 16.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.median, Some(5.0));
        assert_eq!(s.snapped.unwrap().label, "5");
        assert_eq!(s.spread, Some(5.0));
        assert!(!s.consensus);
        assert_eq!(s.highest, ["Cy"]);
        assert_eq!(s.lowest, ["Ann"]);
        assert_eq!(s.mode.len(), 3, "every card once: all tie");
        let q = s.histogram.iter().find(|(c, _)| c.label == "?").unwrap();
        assert_eq!(q.1, 1);
    }

    #[test]
    fn even_count_median_snaps_up_on_a_tie() {
        // Median of 3 and 8 is 5.5: between 5 and 8, nearer 5.
        let s = stats("fibonacci", &[("a", "3"), ("b", "8")]);
        assert_eq!(s.median, Some(5.5));
        assert_eq!(s.snapped.unwrap().label, "5");
        // Median of 2 and 3 is 2.5: exactly between 2 and 3, the larger card wins.
        let s = stats("fibonacci", &[("a", "2"), ("b", "3")]);
        assert_eq!(s.snapped.unwrap().label, "3");
    }

    #[test]
    fn tshirt_values_and_consensus() {
        let s = stats("tshirt", &[("a", "M"), ("b", "M"), ("c", "☕")]);
        assert!(s.consensus);
        assert_eq!(s.mean, Some(3.0));
        assert_eq!(s.snapped.unwrap().label, "M");
        assert!(s.highest.is_empty() && s.lowest.is_empty());
        assert_eq!(s.mode[0].label, "M");
    }

    #[test]
    fn only_special_cards_give_no_figures() {
        let s = stats("fibonacci", &[("a", "?"), ("b", "☕")]);
        assert_eq!((s.mean, s.median, s.spread), (None, None, None));
        assert!(s.snapped.is_none() && s.mode.is_empty() && !s.consensus);
    }

    #[test]
    fn the_state_machine_refuses_what_makes_no_sense() {
        let mut r = round_with("fibonacci", &[]);
        assert_eq!(r.reveal(1), Err(PokerError::NothingToReveal));
        r.join("Ann").unwrap();
        assert_eq!(r.join("ann"), Err(PokerError::DuplicateVoter("ann".into())));
        assert_eq!(r.vote("Zed", 1, None, 1), Err(PokerError::UnknownVoter("Zed".into())));
        assert!(matches!(r.vote("Ann", 99, None, 1), Err(PokerError::UnknownCard(_))));
        assert_eq!(r.stats(), Err(PokerError::NotRevealed));
        r.vote("Ann", 3, None, 2).unwrap();
        r.reveal(3).unwrap();
        assert_eq!(r.vote("Ann", 2, None, 4), Err(PokerError::AlreadyRevealed));
        assert_eq!(r.reveal(4), Err(PokerError::AlreadyRevealed));
    }

    #[test]
    fn revote_keeps_the_earlier_round() {
        let mut r = round_with("fibonacci", &[("a", "3"), ("b", "13")]);
        assert_eq!(r.revote(2, 5), Err(PokerError::NotRevealed));
        r.reveal(5_000).unwrap();
        r.revote(2, 6_000).unwrap();
        assert_eq!(r.id, 2, "votes for the first round no longer count");
        assert_eq!(r.earlier.len(), 1);
        assert_eq!(r.earlier[0].votes.len(), 2);
        assert_eq!(r.earlier[0].seconds, 5);
        assert!(r.votes.is_empty() && !r.revealed);
        assert_eq!(r.voters, ["a", "b"], "the same people vote again");
        assert_eq!(r.earlier[0].stats().median, Some(8.0));
    }

    #[test]
    fn auto_reveal_when_everyone_voted() {
        let mut r = round_with("fibonacci", &[]);
        r.auto_reveal = true;
        r.join("a").unwrap();
        r.join("b").unwrap();
        assert!(!r.vote("a", 1, None, 1).unwrap());
        assert!(r.vote("b", 2, None, 2).unwrap());
        assert!(r.revealed);
    }

    #[test]
    fn remote_votes_refuse_a_second_vote_under_one_name() {
        let mut r = round_with("fibonacci", &[]);
        r.vote_remote("Ann", "5", None, 1).unwrap();
        assert_eq!(r.vote_remote("ann", "8", None, 2), Err(PokerError::AlreadyVoted("ann".into())));
        assert!(matches!(r.vote_remote("Bo", "7", None, 2), Err(PokerError::UnknownCard(_))));
        assert_eq!(r.votes.len(), 1);
    }

    #[test]
    fn merging_unites_votes_from_two_windows() {
        let mut a = round_with("fibonacci", &[]);
        a.join("x").unwrap();
        a.join("y").unwrap();
        let mut b = a.clone();
        a.vote("x", 1, None, 5).unwrap();
        b.vote("y", 2, None, 6).unwrap();
        a.merge(&b);
        b.merge(&a);
        assert_eq!(a.votes.len(), 2);
        assert_eq!(b.votes.len(), 2);
        b.reveal(7).unwrap();
        a.merge(&b);
        assert!(a.revealed);
    }

    #[test]
    fn confidence_is_counted_kept_and_flags_a_shaky_consensus() {
        let mut r = round_with("fibonacci", &[]);
        for (who, card, sure) in
            [("a", "5", Confidence::Unsure), ("b", "5", Confidence::FairlySure), ("c", "5", Confidence::Unsure)]
        {
            r.join(who).unwrap();
            let i = r.deck.find(card).unwrap();
            r.vote(who, i, Some(sure), 1).unwrap();
        }
        assert_eq!(r.waiting_for(), Vec::<&str>::new());
        r.reveal(2).unwrap();
        let s = r.stats().unwrap();
        assert!(s.consensus && s.low_confidence() && s.shaky_consensus());
        assert_eq!(s.confidence_text(), "2 unsure, 1 fairly sure");
        let rec = r.record(3, None);
        assert_eq!(rec.confidence_of("b"), Some(Confidence::FairlySure));
        assert!(rec.stats().shaky_consensus(), "the history keeps it");
        // Sure voters are not flagged; nobody saying is not low.
        let s = Stats::of(&deck("fibonacci"), &[]).with_confidence(&[Confidence::Sure, Confidence::Unsure]);
        assert!(!s.low_confidence());
        assert!(!Stats::of(&deck("fibonacci"), &[]).low_confidence());
    }

    #[test]
    fn who_has_not_voted_is_named_in_joining_order() {
        let mut r = round_with("fibonacci", &[]);
        for n in ["Cy", "Ann", "Bo"] {
            r.join(n).unwrap();
        }
        r.vote("Ann", 2, None, 1).unwrap();
        assert_eq!(r.waiting_for(), ["Cy", "Bo"]);
        r.set_confidence("ann", Some(Confidence::Sure)).unwrap();
        assert_eq!(r.votes[0].confidence, Some(Confidence::Sure));
        assert!(r.set_confidence("Cy", None).is_err(), "no vote to qualify");
    }

    #[test]
    fn votes_split_when_they_span_more_than_neighbouring_cards() {
        assert!(!stats("fibonacci", &[("a", "3"), ("b", "5")]).split, "neighbours");
        assert!(!stats("fibonacci", &[("a", "5"), ("b", "5")]).split);
        assert!(stats("fibonacci", &[("a", "3"), ("b", "8")]).split);
        assert!(stats("fibonacci", &[("a", "1"), ("b", "2"), ("c", "3")]).split, "1 to 3 skips 2's neighbour");
        assert!(!stats("fibonacci", &[("a", "?"), ("b", "8")]).split);
        let s = stats("fibonacci", &[("a", "?"), ("b", "☕")]);
        assert!(s.needs_discussion(), "no value at all");
    }

    #[test]
    fn custom_decks_are_checked() {
        let mut d = deck("fibonacci");
        d.name = "Mine".into();
        d.cards.truncate(1);
        assert!(d.clean().is_err());
        d.cards = (0..31).map(|i| Card::new(&i.to_string(), Some(i))).collect();
        assert!(matches!(d.clean(), Err(DomainError::TooMany { .. })));
        d.cards = vec![Card::new("🐢", Some(100)), Card::new("🐇", Some(500)), Card::new("🐢", None)];
        assert!(d.clean().is_err());
        d.cards.pop();
        assert_eq!(d.clean().unwrap().cards.len(), 2);
    }

    fn any_votes() -> impl Strategy<Value = (String, Vec<usize>)> {
        (
            prop::sample::select(vec!["fibonacci", "modified", "tshirt", "pow2"]),
            prop::collection::vec(0usize..13, 1..12),
        )
            .prop_map(|(k, v)| (k.to_owned(), v))
    }

    proptest! {
        #[test]
        fn statistics_stay_within_the_votes((key, picks) in any_votes()) {
            let d = deck(&key);
            let votes: Vec<(String, Card)> =
                picks.iter().enumerate().map(|(i, p)| (format!("v{i}"), d.cards[p % d.cards.len()].clone())).collect();
            let s = Stats::of(&d, &votes);
            let values: Vec<f64> = votes.iter().filter_map(|(_, c)| c.value.map(Points::as_f64)).collect();
            prop_assert_eq!(s.counted + s.special, votes.len());
            prop_assert_eq!(s.histogram.iter().map(|(_, n)| n).sum::<usize>(), votes.len());
            if values.is_empty() {
                prop_assert!(s.mean.is_none() && s.snapped.is_none());
            } else {
                let lo = values.iter().cloned().fold(f64::MAX, f64::min);
                let hi = values.iter().cloned().fold(f64::MIN, f64::max);
                let mean = s.mean.unwrap();
                let median = s.median.unwrap();
                prop_assert!(lo - 1e-9 <= mean && mean <= hi + 1e-9);
                prop_assert!(lo <= median && median <= hi);
                let snapped = s.snapped.clone().unwrap();
                prop_assert!(snapped.value.is_some(), "a special card is never the estimate");
                let sv = snapped.value.unwrap().as_f64();
                prop_assert!(lo <= sv && sv <= hi, "snapping stays between the votes");
                prop_assert_eq!(s.consensus, values.len() >= 2 && lo == hi);
            }
        }
    }
}
