//! The live poker round of the open board.
//!
//! A round is kept in localStorage (a reload, or a second window opened later, finds it) and sent
//! to every other window of this browser through a `BroadcastChannel` on each change, where
//! [`Round::merge`] unites it with what that window has: votes cast in two windows at once are
//! both kept. The facilitator's private key for sealed remote votes is stored with the round and
//! never sent anywhere.

use leptos::prelude::*;

use super::sealed::{Sealed, open_sealed};
use crate::browser::broadcast::{UseBroadcastChannel, use_broadcast_channel};
use crate::browser::now_ms;
use crate::codec::poker_link::{self, SealedVote};
use crate::domain::BoardId;
use crate::domain::poker::{PokerError, Round};
use crate::state::document::{Document, Kept};
use crate::storage::format::{RoundState, decode_round, encode_round, encode_round_public};
use crate::storage::keys::Key;
use crate::storage::sync::Lineage;

pub use crate::storage::format::RoundKeys as Keys;

/// A change to a board's live round.
#[derive(Clone, Debug, PartialEq)]
pub enum RoundChange {
    /// The round (and keys) as this window made them: started, voted on, revealed, ended.
    Put(RoundState),
    /// Another window's round, brought in (`None`: it ended the round).
    Merge(Option<Round>),
}

/// Brings `theirs` into `mine` as [`Round::merge`] does: votes united, a reveal anywhere a
/// reveal everywhere, an ended round ended.
fn merged(mine: &mut Option<Round>, theirs: &Option<Round>) {
    match (mine.as_mut(), theirs) {
        (Some(m), Some(t)) => m.merge(t),
        _ => *mine = theirs.clone(),
    }
}

impl Kept for RoundState {
    type Change = RoundChange;
    type Done = ();

    fn decode(_: &Self, text: &str) -> Result<(Self, Lineage), String> {
        decode_round(text).map_err(|e| e.to_string())
    }

    fn encode(&self, saves: &Lineage) -> String {
        encode_round(self, saves)
    }

    fn apply(&mut self, change: &RoundChange) -> Result<(), String> {
        match change {
            RoundChange::Put(state) => *self = state.clone(),
            RoundChange::Merge(theirs) => merged(&mut self.round, theirs),
        }
        if self.round.is_none() {
            self.keys = None;
        }
        Ok(())
    }

    /// On another tab's newer round, this window's round is merged, not put: votes cast in both
    /// are kept.
    fn replay(&mut self, change: &RoundChange) -> Result<(), String> {
        match change {
            RoundChange::Put(state) => {
                merged(&mut self.round, &state.round);
                if state.keys.is_some() {
                    self.keys = state.keys.clone();
                }
            }
            RoundChange::Merge(theirs) => merged(&mut self.round, theirs),
        }
        if self.round.is_none() {
            self.keys = None;
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.round.is_none() && self.keys.is_none()
    }
}

/// The round of one board, shared through context by the poker views.
#[derive(Clone, Copy)]
pub struct Table {
    pub board: BoardId,
    doc: Document<RoundState>,
    round: Memo<Option<Round>>,
    keys: Memo<Option<Keys>>,
    channel: StoredValue<Option<UseBroadcastChannel>, LocalStorage>,
}

impl Table {
    /// The round of `board` as stored, following the other windows and tabs.
    pub fn open(board: BoardId) -> Table {
        let doc = Document::open(Key::Round(board), "poker round", RoundState::default());
        let value = doc.value();
        let table = Table {
            board,
            doc,
            round: Memo::new(move |_| value.with(|s| s.round.clone())),
            keys: Memo::new(move |_| value.with(|s| s.keys.clone())),
            channel: StoredValue::new_local(None),
        };
        table.listen();
        table
    }

    fn listen(&self) {
        let this = *self;
        let channel = use_broadcast_channel(&format!("sprintdeck-round-{}", self.board), move |text| {
            // Another window's round passes the same gate as a stored one.
            if let Ok((incoming, _)) = decode_round(&text) {
                let _ = this.doc.change(RoundChange::Merge(incoming.round));
            }
        });
        self.channel.set_value(Some(channel));
    }

    pub fn round(&self) -> Memo<Option<Round>> {
        self.round
    }

    pub fn keys(&self) -> Memo<Option<Keys>> {
        self.keys
    }

    /// Why the stored round could not be read or saved, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<String>> {
        self.doc.problem()
    }

    /// Keeps `state` and sends the round (never the keys) to the other windows.
    fn put(&self, state: RoundState, broadcast: bool) {
        let round = state.round.clone();
        let _ = self.doc.change(RoundChange::Put(state));
        if broadcast {
            let public = encode_round_public(&round);
            self.channel.with_value(|c| c.map(|c| c.post(&public)));
        }
    }

    /// Starts `round`, replacing any other.
    pub fn start(&self, round: Round) {
        self.put(RoundState { round: Some(round), keys: None }, true);
    }

    /// Ends the round (after the estimate was accepted, or to discard it).
    pub fn close(&self) {
        self.put(RoundState::default(), true);
    }

    /// Changes the round; on error nothing changes.
    pub fn update<T>(&self, f: impl FnOnce(&mut Round) -> Result<T, PokerError>) -> Result<T, PokerError> {
        let mut round = self.round.get_untracked().ok_or(PokerError::NotRevealed)?;
        let out = f(&mut round)?;
        self.put(RoundState { round: Some(round), keys: self.keys.get_untracked() }, true);
        Ok(out)
    }

    /// Remembers the facilitator's keys for remote votes.
    pub fn set_keys(&self, keys: Keys) {
        self.put(RoundState { round: self.round.get_untracked(), keys: Some(keys) }, false);
    }

    /// Opens a vote link (pasted, or opened as a link) with the round's keys and adds the vote,
    /// face down. Returns the message to show either way; nothing changes on failure.
    pub async fn add_vote_link(&self, text: &str) -> Result<String, String> {
        let payload = crate::state::route::payload_of(text);
        let vote: SealedVote = match poker_link::decode(payload) {
            Ok(poker_link::PokerLink::Vote(v)) => v,
            Ok(poker_link::PokerLink::Answer(_)) => {
                return Err("That is an answer to an async round; add it in the async round.".into());
            }
            Ok(_) => return Err("That is an invite link, not a vote link.".into()),
            Err(e) => return Err(format!("This vote link cannot be read: {e}.")),
        };
        let Some(round) = self.round.get_untracked() else {
            return Err("There is no round open to add the vote to.".into());
        };
        let what = Sealed { noun: "vote", round: "round" };
        let plain = open_sealed(&vote, round.id, self.keys.get_untracked(), what).await?;
        let (voter, label, confidence) =
            poker_link::read_vote_plain(vote.kind, &plain).map_err(|e| format!("This vote cannot be read: {e}."))?;
        self.update(|r| r.vote_remote(&voter, &label, confidence, now_ms()))
            .map(|revealed| {
                if revealed {
                    format!("{voter}'s vote added; everyone has voted, the cards are revealed.")
                } else {
                    format!("{voter}'s vote added, face down.")
                }
            })
            .map_err(|e| e.to_string())
    }
}
