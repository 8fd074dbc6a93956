//! The async round of the open board (many stories, answered in each voter's own time), kept
//! in the facilitator's browser with the keys that open the answers; and a voter's draft
//! answers, kept in the voter's browser until they send them (and after, to come back). Both
//! are stored documents (`state::document`): two tabs lose nothing of each other's.

use leptos::prelude::*;

use super::sealed::{Sealed, open_sealed};
use super::table::Keys;
use crate::browser::now_ms;
use crate::codec::poker_link::{self, SealedVote};
use crate::domain::BoardId;
use crate::domain::batch::{Batch, BatchChange, Draft, DraftChange};
use crate::state::document::{Document, Kept};
use crate::storage::format::{BatchState, decode_batch, decode_draft, encode_batch, encode_draft};
use crate::storage::keys::Key;
use crate::storage::sync::Lineage;

/// A change to a board's async round as the facilitator's browser keeps it.
#[derive(Clone, Debug, PartialEq)]
pub enum DeskChange {
    /// Starts `batch`, with the keys that open its answers, replacing any other.
    Start(Box<Batch>, Keys),
    /// A change to the round itself (an answer, the round ended, its estimates accepted).
    Round(BatchChange),
}

impl Kept for BatchState {
    type Change = DeskChange;
    type Done = Option<crate::domain::batch::Added>;

    fn decode(_: &Self, text: &str) -> Result<(Self, Lineage), String> {
        decode_batch(text).map_err(|e| e.to_string())
    }

    fn encode(&self, saves: &Lineage) -> String {
        encode_batch(self, saves)
    }

    fn apply(&mut self, change: &DeskChange) -> Result<Self::Done, String> {
        let done = change_round(self, change)?;
        // Every round this tab keeps passes the gate that reads it back.
        match &self.batch {
            Some(b) => crate::domain::validate::batch(b).map_err(|e| e.to_string()).map(|()| done),
            None => Ok(done),
        }
    }

    fn is_empty(&self) -> bool {
        self.batch.is_none()
    }
}

/// Makes `change` to `state`, unchecked ([`Kept::apply`] checks the result).
fn change_round(state: &mut BatchState, change: &DeskChange) -> Result<Option<crate::domain::batch::Added>, String> {
    match change {
        DeskChange::Start(batch, keys) => {
            state.batch = Some((**batch).clone());
            state.keys = Some(keys.clone());
            Ok(None)
        }
        DeskChange::Round(c) => {
            let done = c.apply(&mut state.batch).map_err(|e| e.to_string())?;
            if state.batch.is_none() {
                state.keys = None;
            }
            Ok(done)
        }
    }
}

/// A board's async round, shared through context by its views.
#[derive(Clone, Copy)]
pub struct Desk {
    doc: Document<BatchState>,
    batch: Memo<Option<Batch>>,
    keys: Memo<Option<Keys>>,
}

impl Desk {
    /// The async round of `board` as stored; an unreadable one is kept aside and said.
    pub fn open(board: BoardId) -> Desk {
        let doc = Document::open(Key::Batch(board), "async round", BatchState::default());
        let value = doc.value();
        Desk {
            doc,
            batch: Memo::new(move |_| value.with(|s| s.batch.clone())),
            keys: Memo::new(move |_| value.with(|s| s.keys.clone())),
        }
    }

    pub fn batch(&self) -> Memo<Option<Batch>> {
        self.batch
    }

    pub fn keys(&self) -> Memo<Option<Keys>> {
        self.keys
    }

    /// Why the stored round could not be read or saved, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<String>> {
        self.doc.problem()
    }

    /// Starts `batch` with the keys that open its answers, replacing any other.
    pub fn start(&self, batch: Batch, keys: Keys) {
        let _ = self.doc.change(DeskChange::Start(Box::new(batch), keys));
    }

    /// Ends the round.
    pub fn close(&self) {
        let _ = self.doc.change(DeskChange::Round(BatchChange::Close));
    }

    /// Records that the agreed estimates were accepted (the button is then done).
    pub fn accepted(&self, at: i64) {
        let _ = self.doc.change(DeskChange::Round(BatchChange::Accepted(at)));
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
        let voted = picks.iter().filter(|p| p.is_some()).count();
        let n = picks.len();
        let change =
            BatchChange::Answer { voter: voter.clone(), key: vote.voter_key.clone(), at, arrived: now_ms(), picks };
        let added = self.doc.change(DeskChange::Round(change))?;
        Ok(match added {
            Some(crate::domain::batch::Added::Replaced) => {
                format!("{voter}'s newer answer replaces their earlier one ({voted} stories voted).")
            }
            _ => format!("{voter}'s answer added ({voted} of {n} stories voted)."),
        })
    }

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

/// A voter's draft answers to one async round, with the key pair they seal them with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoterDraft {
    /// How many stories the round has.
    pub stories: usize,
    pub draft: Draft,
    /// The voter's own key pair: every answer they send is sealed with it, so the facilitator
    /// knows a newer answer for theirs whatever name it gives.
    pub key: Option<Keys>,
}

/// A change a voter makes to their draft.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftEdit {
    Answer(DraftChange),
    /// The voter's key pair, made once (another tab's, if it made one first, stays).
    Key(Keys),
}

impl Kept for VoterDraft {
    type Change = DraftEdit;
    type Done = ();

    fn decode(fresh: &Self, text: &str) -> Result<(Self, Lineage), String> {
        let (mut draft, key, saves) = decode_draft(text, fresh.stories).map_err(|e| e.to_string())?;
        draft.picks.resize(fresh.stories, Default::default());
        Ok((VoterDraft { stories: fresh.stories, draft, key }, saves))
    }

    fn encode(&self, saves: &Lineage) -> String {
        encode_draft(&self.draft, &self.key, saves)
    }

    fn apply(&mut self, change: &DraftEdit) -> Result<(), String> {
        match change {
            DraftEdit::Answer(c) => self.draft.apply(c, self.stories),
            DraftEdit::Key(k) => {
                self.key.get_or_insert_with(|| k.clone());
            }
        }
        Ok(())
    }
}

/// A voter's draft answers to the async round `round` of `stories` stories, kept in this
/// browser.
pub fn open_draft(round: u64, stories: usize) -> Document<VoterDraft> {
    let mut fresh = VoterDraft { stories, ..VoterDraft::default() };
    fresh.draft.picks.resize(stories, Default::default());
    Document::open(Key::Answer(round), "answers", fresh)
}
