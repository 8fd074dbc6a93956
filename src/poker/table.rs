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
    channel: StoredValue<Option<UseBroadcastChannel>, LocalStorage>,
    /// Why the stored round could not be read or saved, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Table {
    /// The round of `board` as stored, listening to the other windows.
    pub fn open(board: BoardId) -> Table {
        let (stored, problem) = match local::read_or_set_aside(&Key::Round(board), now_ms(), decode) {
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
        let this = *self;
        let channel = use_broadcast_channel(&format!("sprintdeck-round-{}", self.board), move |text| {
            // Another window's round passes the same gate as a stored one.
            if let Ok((incoming, _)) = decode(&text) {
                this.receive(incoming);
            }
        });
        self.channel.set_value(Some(channel));
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
            self.channel.with_value(|c| c.map(|c| c.post(&public)));
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
