//! The async round of the open board (many stories, answered in each voter's own time), kept
//! in the facilitator's browser with the keys that open the answers; and a voter's draft
//! answers, kept in the voter's browser until they send them (and after, to come back).

use leptos::prelude::*;

use super::sealed::{Sealed, open_sealed};
use super::table::Keys;
use crate::browser::now_ms;
use crate::codec::poker_link::{self, SealedVote};
use crate::domain::BoardId;
use crate::domain::batch::{Added, Batch};
use crate::domain::poker::PokerError;
use crate::storage::format::{Draft, decode_batch, decode_draft, encode_batch, encode_draft};
use crate::storage::keys::Key;
use crate::storage::local::{self, Unread};

/// A board's async round, shared through context by its views.
#[derive(Clone, Copy)]
pub struct Desk {
    board: BoardId,
    batch: RwSignal<Option<Batch>>,
    keys: RwSignal<Option<Keys>>,
    /// Why the stored round could not be read or saved, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Desk {
    /// The async round of `board` as stored; an unreadable one is kept aside and said.
    pub fn open(board: BoardId) -> Desk {
        let (stored, problem) = match local::read_or_set_aside(&Key::Batch(board), now_ms(), decode_batch) {
            Ok(stored) => (stored, None),
            Err(Unread::Unreadable(e)) => {
                (None, Some(format!("The saved async round could not be read ({e}); it was kept aside.")))
            }
            Err(Unread::Storage(e)) => (None, Some(e.to_string())),
        };
        let (batch, keys) = stored.unwrap_or((None, None));
        Desk { board, batch: RwSignal::new(batch), keys: RwSignal::new(keys), problem: RwSignal::new(problem) }
    }

    pub fn batch(&self) -> ReadSignal<Option<Batch>> {
        self.batch.read_only()
    }

    pub fn keys(&self) -> ReadSignal<Option<Keys>> {
        self.keys.read_only()
    }

    fn save(&self) {
        let text = encode_batch(&self.batch.get_untracked(), &self.keys.get_untracked());
        let key = Key::Batch(self.board);
        let result = if self.batch.with_untracked(Option::is_none) {
            local::remove(&key)
        } else {
            local::write_text(&key, &text)
        };
        match result {
            Ok(()) => self.problem.set(None),
            Err(e) => self.problem.set(Some(format!(
                "The async round could not be saved in this browser ({e}); it goes on in this tab until it is closed."
            ))),
        }
    }

    /// Starts `batch` with the keys that open its answers, replacing any other.
    pub fn start(&self, batch: Batch, keys: Keys) {
        self.batch.set(Some(batch));
        self.keys.set(Some(keys));
        self.save();
    }

    /// Ends the round.
    pub fn close(&self) {
        self.batch.set(None);
        self.keys.set(None);
        self.save();
    }

    /// Opens an answer link with the round's keys and adds it. Returns the message to show
    /// either way; nothing changes on failure.
    pub async fn add_answer(&self, vote: &SealedVote) -> Result<String, String> {
        let Some(batch) = self.batch.get_untracked() else {
            return Err("There is no async round open on this board to add the answer to.".into());
        };
        let what = Sealed { noun: "answer", round: "async round" };
        let plain = open_sealed(vote, batch.id, self.keys.get_untracked(), what).await?;
        let (voter, at, picks) =
            poker_link::read_answer_plain(&plain).map_err(|e| format!("This answer cannot be read: {e}."))?;
        let mut next = self.batch.get_untracked().ok_or("The async round was closed meanwhile.")?;
        let added = next.add_answer(&voter, at, &picks).map_err(|e: PokerError| e.to_string())?;
        let voted = picks.iter().filter(|p| p.is_some()).count();
        self.batch.set(Some(next));
        self.save();
        Ok(match added {
            Added::New => format!("{voter}'s answer added ({voted} of {} stories voted).", picks.len()),
            Added::Replaced => format!("{voter}'s newer answer replaces their earlier one ({voted} stories voted)."),
        })
    }
}

impl Desk {
    /// Reads an answer link (pasted, or opened as a link) and adds it to the round.
    pub async fn add_answer_link(&self, text: &str) -> Result<String, String> {
        let payload = crate::state::route::payload_of(text);
        match poker_link::decode(payload) {
            Ok(poker_link::PokerLink::Answer(v)) => self.add_answer(&v).await,
            Ok(poker_link::PokerLink::Vote(_)) => {
                Err("That is a vote for a live round; paste it under “Remote voters” in the live round.".into())
            }
            Ok(_) => Err("That is an invite link, not an answer.".into()),
            Err(e) => Err(format!("This answer link cannot be read: {e}.")),
        }
    }
}

/// A voter's draft answers to the async round `round`, read from this browser.
pub fn read_draft(round: u64, stories: usize) -> (Draft, Option<String>) {
    match local::read_or_set_aside(&Key::Answer(round), now_ms(), |text| decode_draft(text, stories)) {
        Ok(draft) => (draft.unwrap_or_default(), None),
        Err(Unread::Unreadable(e)) => {
            (Draft::default(), Some(format!("Your saved answers could not be read ({e}); they were kept aside.")))
        }
        Err(Unread::Storage(e)) => (Draft::default(), Some(e.to_string())),
    }
}

/// Keeps a voter's draft in this browser; the error says why it could not be kept.
pub fn save_draft(round: u64, draft: &Draft) -> Result<(), String> {
    local::write_text(&Key::Answer(round), &encode_draft(draft)).map_err(|e| {
        format!("Your answers could not be kept in this browser ({e}); finish and send them from this tab.")
    })
}
