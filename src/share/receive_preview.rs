//! The preview shown before boards from a link or a file change anything in this browser.

use leptos::prelude::*;

use crate::codec::share::Part;
use crate::domain::Board;
use crate::domain::merge::preview;
use crate::state::{Arrival, Library, NoticeKind, Notices};
use crate::ui::modal::Modal;

/// One line describing a board's size.
pub fn describe(board: &Board) -> String {
    let points = board.total_points();
    format!(
        "{} {}, {points} points · {} team {} · {} {}",
        board.stories.len(),
        if board.stories.len() == 1 { "story" } else { "stories" },
        board.members.len(),
        if board.members.len() == 1 { "member" } else { "members" },
        board.sprints.len(),
        if board.sprints.len() == 1 { "sprint" } else { "sprints" },
    )
}

/// Lists `boards` with, for each one this browser already has, the choice to open it as a new
/// board (the default), replace the local one, or merge into it. Nothing changes until the user
/// confirms; then `on_done` gets a sentence saying what happened.
#[component]
pub fn ReceivePreview(
    /// The boards that arrived.
    boards: Vec<Board>,
    /// What part of a board they carry (a backlog-only link keeps the local team).
    part: Part,
    /// The dialog's heading.
    title: &'static str,
    /// Called after the boards were taken in.
    on_done: Callback<()>,
    /// Called when the user closes the dialog without taking anything.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let library = expect_context::<Library>();
    let notices = expect_context::<Notices>();
    let choices = RwSignal::new(vec![Arrival::NewBoard; boards.len()]);
    let error = RwSignal::new(None::<String>);
    let rows = boards
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let local = library.read_board(b.id);
            let what = if part == Part::Backlog { " (the backlog only)" } else { "" };
            let options = local.map(|local| {
                let report = preview(&local, b);
                let merge_note = format!(
                    "adds {} stories, takes {} newer edits from the link, keeps {} of yours; replaced versions stay in each story's history",
                    report.added, report.updated, report.kept
                );
                let name = local.name.clone();
                let radio = move |arrival: Arrival, label: String| {
                    view! {
                        <label class="check-field">
                            <input
                                type="radio"
                                name=format!("arrival-{i}")
                                prop:checked=move || choices.with(|c| c[i] == arrival)
                                on:change=move |_| choices.update(|c| c[i] = arrival)
                            />
                            {label}
                        </label>
                    }
                };
                view! {
                    <p class="muted">{format!("This browser already has this board, as “{name}”.")}</p>
                    {radio(Arrival::NewBoard, "Open it as a new board (nothing of yours changes)".into())}
                    {radio(Arrival::Merge, format!("Merge it into “{name}”: {merge_note}"))}
                    {radio(Arrival::Replace, format!("Replace “{name}” with it (Undo brings yours back)"))}
                }
            });
            view! {
                <section class="card receive-card">
                    <h3>{b.name.clone()}{what}</h3>
                    <p>{describe(b)}</p>
                    {options}
                </section>
            }
        })
        .collect_view();
    let count = boards.len();
    let confirm = move |_| {
        let picked = choices.get_untracked();
        let mut opened = Vec::new();
        for (board, how) in boards.iter().cloned().zip(picked) {
            let mut board = board;
            if part == Part::Backlog && how == Arrival::Replace {
                // A backlog-only link replaces the backlog, not the team or the sprints.
                if let Some(local) = library.read_board(board.id) {
                    board.members = local.members;
                    board.sprints = local.sprints;
                }
            }
            let name = board.name.clone();
            match library.receive(board, how) {
                Ok(report) => opened.push(match (how, report) {
                    (Arrival::Merge, Some(r)) => format!(
                        "Merged “{name}”: {} stories added, {} updated, {} of yours kept.",
                        r.added, r.updated, r.kept
                    ),
                    (Arrival::Replace, _) => format!("Replaced “{name}”. Undo on the backlog brings yours back."),
                    _ => format!("Opened “{name}” as a new board."),
                }),
                Err(e) => {
                    library.report(&e);
                    error.set(Some(format!("“{name}” could not be taken in: {e}.")));
                    return;
                }
            }
        }
        notices.notify(NoticeKind::Info(opened.join(" ")));
        on_done.run(());
    };
    view! {
        <Modal title=title class="dialog-wide" on_close=on_cancel>
            {rows}
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <button type="button" class="btn btn-primary" on:click=confirm>
                    {if count == 1 { "Open".to_owned() } else { format!("Take in {count} boards") }}
                </button>
            </div>
        </Modal>
    }
}
