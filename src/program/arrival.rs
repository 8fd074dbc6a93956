//! A program link opened: a summary or a team's view to read, or a whole program to open.

use leptos::prelude::*;

use super::desk::Desk;
use super::replace_program::ReplaceProgram;
use super::summary_view::SummaryView;
use super::team_feedback::TeamFeedback;
use crate::browser::local_time;
use crate::codec::program_link::ProgramLink;
use crate::state::Route;
use crate::state::route::replace_route;
use crate::ui::copy_button::CopyButton;
use crate::ui::modal::Modal;

/// A program link opened: a summary or a team's view to read, or a program to open.
#[component]
pub fn ProgramArrival(link: ProgramLink, close: Callback<()>) -> impl IntoView {
    match link {
        ProgramLink::Summary(summary) => {
            let message = RwSignal::new(None::<String>);
            let md = summary.markdown();
            let title = summary.name.clone();
            let made = local_time(summary.made_at);
            view! {
                <Modal title="Steering summary (read-only)" class="dialog-wide" on_close=close>
                    <p>
                        <strong>{title}</strong>
                        <span class="muted">{format!(" — as of {made}")}</span>
                    </p>
                    <SummaryView summary />
                    <div class="dialog-actions">
                        <CopyButton
                            label="Copy as Markdown"
                            text=Signal::stored(md)
                            done="Summary copied as Markdown."
                            message
                        />
                        <span role="status" class="muted">
                            {move || message.get()}
                        </span>
                        <span class="spacer"></span>
                        <button type="button" class="btn btn-primary" on:click=move |_| close.run(())>
                            "Close"
                        </button>
                    </div>
                </Modal>
            }
            .into_any()
        }
        ProgramLink::TeamView(view) => view! { <TeamFeedback view close /> }.into_any(),
        ProgramLink::Program(program) => {
            let desk = Desk::open();
            provide_context(desk);
            let message = RwSignal::new(None::<String>);
            let opened = Callback::new(move |_| replace_route(Route::Program));
            view! { <ReplaceProgram program close message opened /> }.into_any()
        }
    }
}
