//! An answer link opened in the facilitator's browser: added to the async round it answers, on
//! whichever board of this browser holds that round.

use leptos::prelude::*;

use super::arrived::Arrived;
use super::async_desk::Desk;
use crate::codec::poker_link::SealedVote;
use crate::state::Library;
use crate::storage::format::decode_batch;
use crate::storage::keys::Key;
use crate::storage::local;

/// The board of this browser whose async round is `round`, if any.
fn board_with_round(round: u64) -> Option<crate::domain::BoardId> {
    local::own_keys().into_iter().find_map(|k| match k {
        Key::Batch(board) => {
            let text = local::read(&k).ok()??;
            let (state, _) = decode_batch(&text).ok()?;
            (state.batch?.id == round).then_some(board)
        }
        _ => None,
    })
}

/// An answer link opened in the facilitator's browser: added to the async round it answers.
#[component]
pub fn AnswerArrival(vote: SealedVote) -> impl IntoView {
    let library = expect_context::<Library>();
    let message = RwSignal::new("Opening the answer…".to_owned());
    match board_with_round(vote.round) {
        None => message.set(
            "This browser has no async round this answer belongs to: it was sent to another facilitator, or the round was ended."
                .into(),
        ),
        Some(board) => {
            let desk = Desk::open(board);
            let elsewhere = library.boards().with_untracked(|i| {
                (i.current != Some(board)).then(|| i.boards.iter().find(|b| b.id == board).map(|b| b.name.clone()))
            });
            leptos::task::spawn_local(async move {
                let result = desk.add_answer(&vote).await;
                let text = match (result, elsewhere.flatten()) {
                    (Ok(m), Some(name)) => format!("{m} (The round is on the board “{name}”.)"),
                    (Ok(m), None) => m,
                    (Err(e), _) => e,
                };
                message.try_set(text);
            });
        }
    }
    view! { <Arrived title="An async round answer" message /> }
}
