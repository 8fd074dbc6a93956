//! Sharing the board as a link.

use leptos::prelude::*;

use super::coming::Coming;

/// Handing the whole board to someone else as a link.
#[component]
pub fn SharePage() -> impl IntoView {
    view! {
        <Coming
            title="Share"
            what="Send the whole board, or just the backlog, as a link that carries it in the URL fragment, which never reaches a server; optionally locked with a passphrase."
        />
    }
}
