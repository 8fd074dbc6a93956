//! The Share page: the open board as a link, the boards kept in this browser, and backups.

use leptos::prelude::*;

use super::backup_panel::BackupPanel;
use super::boards_panel::BoardsPanel;
use super::share_link::ShareLink;

/// The Share page.
#[component]
pub fn SharePage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Share"</h1>
                    <p class="page-summary">
                        "Boards travel as links or files and stay in this browser; no server ever sees them."
                    </p>
                </div>
            </header>
            <ShareLink />
            <BoardsPanel />
            <BackupPanel />
        </section>
    }
}
