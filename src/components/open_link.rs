//! Opening a share link: decode (asking for the passphrase if it is protected), then preview
//! before anything local changes, or show a read-only plan. A bad link only shows why.

use leptos::prelude::*;

use crate::codec::poker_link;
use crate::codec::share::{self, Envelope, Part, Shared};
use crate::components::batch_vote::{AnswerArrival, BatchVoteForm};
use crate::components::modal::Modal;
use crate::components::receive::{ReceivePreview, describe, to_backlog};
use crate::components::vote_link::{VoteArrival, VoteForm};
use crate::domain::Board;
use crate::state::route::open_payload;
use crate::state::{Arrival, Library, NoticeKind, Notices, crypto};

#[derive(Clone)]
enum Stage {
    Failed(String),
    Passphrase { body: u8, salt: Vec<u8>, iv: Vec<u8>, ciphertext: Vec<u8> },
    Invite(poker_link::Invite),
    Vote(String),
    BatchInvite(poker_link::BatchInvite),
    Answer(poker_link::SealedVote),
    Preview(Board, Part),
    Plan(Board),
    Program(crate::codec::program_link::ProgramLink),
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
    let poker = payload.as_deref().and_then(poker_link::kind).filter(|k| {
        matches!(
            *k,
            poker_link::INVITE
                | poker_link::VOTE
                | poker_link::VOTE_2
                | poker_link::BATCH_INVITE
                | poker_link::BATCH_VOTE
        )
    });
    let program = payload.as_deref().and_then(crate::codec::program_link::kind);
    let first = match (poker, payload.as_deref()) {
        (_, Some(p)) if program.is_some() => match crate::codec::program_link::decode(p) {
            Ok(link) => Stage::Program(link),
            Err(e) => Stage::Failed(format!("This program link cannot be opened: {e}.")),
        },
        (Some(poker_link::VOTE | poker_link::VOTE_2), Some(p)) => Stage::Vote(p.to_owned()),
        (Some(_), Some(p)) => match poker_link::decode(p) {
            Ok(poker_link::PokerLink::Invite(i)) => Stage::Invite(i),
            Ok(poker_link::PokerLink::Vote(_)) => Stage::Vote(p.to_owned()),
            Ok(poker_link::PokerLink::BatchInvite(i)) => Stage::BatchInvite(i),
            Ok(poker_link::PokerLink::Answer(v)) => Stage::Answer(v),
            Err(e) => Stage::Failed(format!("This poker link cannot be opened: {e}.")),
        },
        _ => match payload.as_deref().map(share::open) {
            None => Stage::Failed("This link cannot be opened: it carries no board.".into()),
            Some(Err(e)) => Stage::Failed(format!("This link cannot be opened: {e}.")),
            Some(Ok(Envelope::Plain { body, deflated })) => stage_of(share::inflate(&deflated, body)),
            Some(Ok(Envelope::Sealed { body, salt, iv, ciphertext })) => {
                Stage::Passphrase { body, salt, iv, ciphertext }
            }
        },
    };
    let stage = RwSignal::new(first);
    let close = Callback::new(|_| to_backlog());
    move || {
        match stage.get() {
        Stage::Failed(message) => view! {
            <Modal title="This link cannot be opened" on_close=close>
                <p role="alert">{message}</p>
                <p class="muted">"Nothing in this browser was changed. Ask for the link again; it may have been cut when it was copied."</p>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button type="button" class="btn btn-primary" on:click=move |_| to_backlog()>"Go to my backlog"</button>
                </div>
            </Modal>
        }
        .into_any(),
        Stage::Passphrase { body, salt, iv, ciphertext } => {
            view! { <PassphraseForm body salt iv ciphertext stage close /> }.into_any()
        }
        Stage::Invite(invite) => view! { <VoteForm invite /> }.into_any(),
        Stage::Vote(payload) => view! { <VoteArrival payload /> }.into_any(),
        Stage::BatchInvite(invite) => view! { <BatchVoteForm invite /> }.into_any(),
        Stage::Answer(vote) => view! { <AnswerArrival vote /> }.into_any(),
        Stage::Preview(board, part) => view! {
            <ReceivePreview boards=vec![board] part title="Open a shared board" on_done=close on_cancel=close />
        }
        .into_any(),
        Stage::Plan(board) => view! { <PlanView board close /> }.into_any(),
        Stage::Program(link) => view! { <crate::components::program_views::ProgramArrival link close /> }.into_any(),
    }
    }
}

#[component]
fn PassphraseForm(
    body: u8,
    salt: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    stage: RwSignal<Stage>,
    close: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let passphrase = crate::browser::form_field(&ev)("passphrase");
        let (salt, iv, ciphertext) = (salt.clone(), iv.clone(), ciphertext.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crypto::unseal(&passphrase, &salt, &iv, &ciphertext).await {
                Ok(deflated) => stage.set(stage_of(share::inflate(&deflated, body))),
                Err(e) => error.set(Some(format!("The link did not open: {e}."))),
            }
            busy.set(false);
        });
    };
    view! {
        <Modal title="This link is protected" on_close=close>
            <form class="editor" on:submit=submit>
                <p>"Whoever shared it chose a passphrase. Type it to open the board; it never leaves this browser."</p>
                <label class="field">
                    <span>"Passphrase"</span>
                    <input class="input" name="passphrase" type="password" autocomplete="off" required autofocus />
                </label>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn-primary" disabled=busy>"Open"</button>
                </div>
            </form>
        </Modal>
    }
}

/// A read-only plan: the shared board as it is, with a way to keep a copy.
#[component]
fn PlanView(board: Board, close: Callback<()>) -> impl IntoView {
    let library = expect_context::<Library>();
    let notices = expect_context::<Notices>();
    let summary = describe(&board);
    let rows = board
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <td>{s.title.clone()}</td>
                    <td>{s.estimate.map(|p| p.to_string()).unwrap_or_default()}</td>
                    <td>{s.status.label()}</td>
                </tr>
            }
        })
        .collect_view();
    let team = board.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", ");
    let name = board.name.clone();
    let copy = move |_| {
        match library.receive(board.clone(), Arrival::NewBoard) {
            Ok(_) => notices.notify(NoticeKind::Info(format!("“{}” is now a board of your own.", board.name))),
            Err(e) => library.report(&e),
        }
        close.run(());
    };
    view! {
        <Modal title="Read-only plan" class="dialog-wide" on_close=close>
            <h3>{name}</h3>
            <p class="muted">{summary}</p>
            {(!team.is_empty()).then(|| view! { <p>"Team: " {team}</p> })}
            <div class="table-scroll">
                <table class="preview" aria-label="Stories of the plan">
                    <thead>
                        <tr><th scope="col">"#"</th><th scope="col">"Story"</th><th scope="col">"Points"</th><th scope="col">"Status"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>"Close"</button>
                <button type="button" class="btn btn-primary" on:click=copy>"Make my own copy"</button>
            </div>
        </Modal>
    }
}
