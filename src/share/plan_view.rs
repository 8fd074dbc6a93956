//! A read-only plan from a link: the shared board as it is, with a way to keep a copy.

use leptos::prelude::*;

use super::receive_preview::describe;
use crate::domain::Board;
use crate::state::{Arrival, Library, NoticeKind, Notices};
use crate::ui::modal::Modal;

/// A read-only plan: the shared board as it is, with a way to keep a copy.
#[component]
pub fn PlanView(board: Board, close: Callback<()>) -> impl IntoView {
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
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"Story"</th>
                            <th scope="col">"Points"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>
                    "Close"
                </button>
                <button type="button" class="btn btn-primary" on:click=copy>
                    "Make my own copy"
                </button>
            </div>
        </Modal>
    }
}
