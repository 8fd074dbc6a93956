//! A team's feedback link: the program's view for that team, to send back to it.

use leptos::prelude::*;

use super::desk::Desk;
use crate::codec::program_link;
use crate::domain::BoardId;
use crate::state::route::share_url;
use crate::ui::link_output::LinkOutput;
use crate::ui::modal::Modal;

/// The team's view of the program as a link, to send back to it.
#[component]
pub fn FeedbackDialog(id: BoardId, name: String, close: Callback<()>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let message = RwSignal::new(None::<String>);
    let link = desk
        .program()
        .with_untracked(|p| p.team_view(id, crate::browser::now_ms()))
        .map(|v| share_url(&program_link::encode_team_view(&v)))
        .unwrap_or_default();
    view! {
        <Modal title="Feedback link" on_close=close>
            <p>
                {format!(
                    "Send this to {name}. Opened in a browser that has the team's board, it shows the team its dependencies in both directions, its bookings, the program's risks and impediments beside its own plan. It changes nothing there.",
                )}
            </p>
            <LinkOutput
                label="Feedback link"
                text=Signal::stored(link)
                copy="Copy feedback link"
                done="Feedback link copied."
                message
                length=true
            />
            <p role="status" class="muted">
                {move || message.get()}
            </p>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}
