//! What adding a team's snapshot would change, shown before it is added; snapshots wait here
//! in turn ([`Pending`]) when a file brings several.

use leptos::prelude::*;

use super::desk::Desk;
use crate::browser::local_time;
use crate::domain::Board;
use crate::domain::program::{Preview, ProgramChange};
use crate::ui::modal::Modal;
use crate::ui::status_line::Status;

/// The snapshots waiting for their preview to be confirmed, first shown first; shared by the
/// Program page's views through context.
#[derive(Clone, Copy)]
pub struct Pending(pub RwSignal<Vec<Board>>);

/// What adding a snapshot would change, before it is added.
#[component]
pub fn PreviewDialog(board: Board) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let Pending(queue) = expect_context::<Pending>();
    let preview: Preview = desk.program().with_untracked(|p| p.preview(&board));
    let titles: Vec<String> = desk.program().with_untracked(|p| {
        preview
            .dropped
            .iter()
            .map(|d| {
                format!("“{}” needs “{}”", p.title(d.needs).unwrap_or_default(), p.title(d.needed).unwrap_or_default())
            })
            .collect()
    });
    let next = move || {
        queue.update(|q| {
            if !q.is_empty() {
                q.remove(0);
            }
        })
    };
    let name = board.name.clone();
    let replaces = preview.replaces;
    let older = replaces.is_some_and(|t| board.updated_at < t);
    let taken = if board.updated_at > 0 { board.updated_at } else { crate::browser::now_ms() };
    let b = StoredValue::new(board);
    let add = move |_| {
        let board = b.get_value();
        let name = board.name.clone();
        let done = desk.apply(ProgramChange::AddTeam { board: Box::new(board), taken_at: taken });
        status.say(
            done,
            &if replaces.is_some() {
                format!("{name}'s snapshot replaced.")
            } else {
                format!("{name} added to the program.")
            },
        );
        next();
    };
    let summary = if replaces.is_some() {
        format!(
            "{} stories: {} new, {} gone, {} changed (title, estimate, status or sprint). {} open impediments.",
            preview.stories, preview.added, preview.removed, preview.changed, preview.open_impediments
        )
    } else {
        format!("{} stories, {} open impediments.", preview.stories, preview.open_impediments)
    };
    view! {
        <Modal title="Add a team's snapshot" on_close=Callback::new(move |_| next())>
            <p>
                <strong>{name.clone()}</strong>
                {match replaces {
                    Some(t) => {
                        format!(
                            " is already in the program (snapshot taken {}). This snapshot (board last changed {}) replaces it.",
                            local_time(t),
                            local_time(taken),
                        )
                    }
                    None => format!(" joins the program (board last changed {}).", local_time(taken)),
                }}
            </p>
            <p>{summary}</p>
            {older
                .then(|| view! { <p class="flag flag-warn">"This snapshot is older than the one in the program."</p> })}
            {(!titles.is_empty())
                .then(|| {
                    view! {
                        <p>"These dependencies go with it (their stories are no longer on the team's board):"</p>
                        <ul>{titles.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    }
                })}
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| next()>
                    "Cancel"
                </button>
                <button type="button" class="btn btn-primary" on:click=add>
                    {if replaces.is_some() { "Replace snapshot" } else { "Add team" }}
                </button>
            </div>
        </Modal>
    }
}
