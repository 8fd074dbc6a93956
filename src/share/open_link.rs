//! Opening a link: what it carries is told by its first byte; a board is decoded (asking for
//! the passphrase if it is protected) and previewed before anything local changes, or shown as
//! a read-only plan; poker and program links go to their features. A bad link only shows why.

use leptos::prelude::*;

use super::passphrase_form::PassphraseForm;
use super::plan_view::PlanView;
use super::receive_preview::ReceivePreview;
use crate::codec::kinds::{self, Kind};
use crate::codec::share::{self, Envelope, Part, Shared};
use crate::codec::{poker_link, program_link};
use crate::domain::Board;
use crate::poker::answer_arrival::AnswerArrival;
use crate::poker::async_vote_form::BatchVoteForm;
use crate::poker::vote_arrival::VoteArrival;
use crate::poker::vote_form::VoteForm;
use crate::program::arrival::ProgramArrival;
use crate::state::route::{open_payload, to_backlog};
use crate::ui::modal::Modal;

/// Where opening the link has got to.
#[derive(Clone)]
enum Stage {
    Failed(String),
    Passphrase { body: u8, iterations: u32, salt: Vec<u8>, iv: Vec<u8>, ciphertext: Vec<u8> },
    Invite(poker_link::Invite),
    Vote(String),
    BatchInvite(poker_link::BatchInvite),
    Answer(poker_link::SealedVote),
    Preview(Board, Part),
    Plan(Board),
    Program(program_link::ProgramLink),
}

fn stage_of(result: Result<Shared, share::LinkError>) -> Stage {
    match result {
        Ok(Shared::Board { part: Part::Plan, board }) => Stage::Plan(board),
        Ok(Shared::Board { part, board }) => Stage::Preview(board, part),
        Err(e) => Stage::Failed(format!("This link cannot be opened: {e}.")),
    }
}

/// The whole open-a-link flow, for the link in the current URL.
#[component]
pub fn OpenLink() -> impl IntoView {
    let payload = open_payload();
    let first = match payload.as_deref() {
        None => Stage::Failed("This link cannot be opened: it carries no board.".into()),
        Some(p) => match kinds::of_payload(p) {
            Some(Kind::Program(_)) => match program_link::decode(p) {
                Ok(link) => Stage::Program(link),
                Err(e) => Stage::Failed(format!("This program link cannot be opened: {e}.")),
            },
            // Votes are opened with the round's keys, which the arrival reads.
            Some(Kind::Poker(kinds::POKER_VOTE | kinds::POKER_VOTE_2)) => Stage::Vote(p.to_owned()),
            Some(Kind::Poker(_)) => match poker_link::decode(p) {
                Ok(poker_link::PokerLink::Invite(i)) => Stage::Invite(i),
                Ok(poker_link::PokerLink::Vote(_)) => Stage::Vote(p.to_owned()),
                Ok(poker_link::PokerLink::BatchInvite(i)) => Stage::BatchInvite(i),
                Ok(poker_link::PokerLink::Answer(v)) => Stage::Answer(v),
                Err(e) => Stage::Failed(format!("This poker link cannot be opened: {e}.")),
            },
            _ => match share::open(p) {
                Err(e) => Stage::Failed(format!("This link cannot be opened: {e}.")),
                Ok(Envelope::Plain { body, deflated }) => stage_of(share::inflate(&deflated, body)),
                Ok(Envelope::Sealed { body, iterations, salt, iv, ciphertext }) => {
                    Stage::Passphrase { body, iterations, salt, iv, ciphertext }
                }
            },
        },
    };
    let stage = RwSignal::new(first);
    let close = Callback::new(|_| to_backlog());
    move || {
        match stage.get() {
        Stage::Failed(message) => view! {
            <Modal title="This link cannot be opened" on_close=close>
                <p role="alert">{message}</p>
                <p class="muted">
                    "Nothing in this browser was changed. Ask for the link again; it may have been cut when it was copied."
                </p>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button type="button" class="btn btn-primary" on:click=move |_| to_backlog()>
                        "Go to my backlog"
                    </button>
                </div>
            </Modal>
        }
        .into_any(),
        Stage::Passphrase { body, iterations, salt, iv, ciphertext } => {
            let opened = Callback::new(move |deflated: Vec<u8>| stage.set(stage_of(share::inflate(&deflated, body))));
            view! { <PassphraseForm iterations salt iv ciphertext opened close /> }.into_any()
        }
        Stage::Invite(invite) => view! { <VoteForm invite /> }.into_any(),
        Stage::Vote(payload) => view! { <VoteArrival payload /> }.into_any(),
        Stage::BatchInvite(invite) => view! { <BatchVoteForm invite /> }.into_any(),
        Stage::Answer(vote) => view! { <AnswerArrival vote /> }.into_any(),
        Stage::Preview(board, part) => view! { <ReceivePreview boards=vec![board] part title="Open a shared board" on_done=close on_cancel=close /> }
        .into_any(),
        Stage::Plan(board) => view! { <PlanView board close /> }.into_any(),
        Stage::Program(link) => view! { <ProgramArrival link close /> }.into_any(),
    }
    }
}
