//! A vote link opened in the facilitator's browser: added, face down, to the open round.

use leptos::prelude::*;

use super::arrived::Arrived;
use super::table::Table;
use crate::state::Store;

/// A vote link opened in the facilitator's browser: added to the open round of the board.
#[component]
pub fn VoteArrival(payload: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let table = Table::open(store.board().get_untracked().id);
    let message = RwSignal::new("Opening the vote…".to_owned());
    leptos::task::spawn_local(async move {
        let result = table.add_vote_link(&payload).await;
        message.try_set(result.unwrap_or_else(|e| e));
    });
    view! { <Arrived title="A poker vote" message /> }
}
