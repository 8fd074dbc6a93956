//! The program's name and its teams: the table of snapshots and the three ways to add one (a
//! board of this browser, a board link, a SprintDeck file), each opening the preview.

use leptos::prelude::*;

use super::desk::Desk;
use super::feedback_dialog::FeedbackDialog;
use super::import_program::ImportProgram;
use super::snapshot_preview::Pending;
use crate::browser::local_time;
use crate::codec::share::{self, Shared};
use crate::domain::BoardId;
use crate::domain::program::ProgramChange;
use crate::state::Library;
use crate::ui::status_line::Status;

/// The program's name and teams, and the ways to add one.
#[component]
pub fn TeamsCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let library = expect_context::<Library>();
    let Pending(queue) = expect_context::<Pending>();
    let program = desk.program();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("name");
        status.say(desk.apply(ProgramChange::Rename { name }), "Program renamed.");
    };
    let from_here = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = crate::browser::form_field(&ev)("board");
        match id.parse::<BoardId>().ok().and_then(|id| library.read_board(id)) {
            Some(b) => queue.set(vec![b]),
            None => status.tell("That board could not be read from this browser."),
        }
    };
    let from_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = crate::browser::form_field(&ev)("link");
        let payload = crate::state::route::payload_of(&text);
        match share::decode(payload) {
            Ok(Shared::Board { board, .. }) => {
                crate::browser::reset_form(&ev);
                queue.set(vec![board]);
            }
            Err(share::LinkError::Sealed) => status.tell(
                "This board link is protected by a passphrase: open it in this browser first, then add the board from “A board in this browser”.",
            ),
            Err(e) => status.tell(format!("This link cannot be added: {e}.")),
        }
    };
    let from_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            match crate::browser::read_text(&file, crate::storage::format::BACKUP_MAX_BYTES).await {
                Err(e) => status.tell(e),
                Ok(text) => match crate::storage::format::decode_file(&text) {
                    Ok(boards) if boards.is_empty() => status.tell(format!("{} holds no board.", file.name())),
                    Ok(boards) => queue.set(boards),
                    Err(e) => status.tell(format!("{} cannot be added: {e}.", file.name())),
                },
            }
        });
    };
    // What opening a program file came to, said in the page's status line.
    let opened = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(m) = opened.get() {
            status.tell(m);
        }
    });
    let boards = library.boards();
    let options = move || {
        boards.with(|i| {
            i.boards.iter().map(|e| view! { <option value=e.id.to_string()>{e.name.clone()}</option> }).collect_view()
        })
    };
    let rows = move || {
        program.with(|p| {
            p.teams
                .iter()
                .map(|t| {
                    let vote = p.confidence.iter().find(|(x, _)| *x == t.board.id).map(|(_, f)| *f);
                    let open = t.board.impediments.iter().filter(|x| !x.resolved).count();
                    view! { <TeamRow id=t.board.id name=t.board.name.clone() stories=t.board.stories.len() taken=t.taken_at open vote /> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="teams-heading">
            <h2 id="teams-heading">"Teams"</h2>
            <form class="inline-form" on:submit=rename>
                <label class="field">
                    <span>"Program name"</span>
                    <input
                        class="input"
                        name="name"
                        maxlength="120"
                        required
                        prop:value=move || program.with(|p| p.name.clone())
                    />
                </label>
                <button type="submit" class="btn">
                    "Rename"
                </button>
            </form>
            {move || {
                program
                    .with(|p| p.teams.is_empty())
                    .then(|| {
                        view! {
                            <p class="muted">
                                "No team yet. Add each team's board: from this browser, from a board link the team sent (Share page → board link), or from a SprintDeck file. Adding a newer snapshot of a team replaces the older one after a preview. Or open a whole program someone exported:"
                            </p>
                            <div class="toolbar">
                                <ImportProgram message=opened />
                            </div>
                        }
                    })
            }}
            {move || {
                program
                    .with(|p| !p.teams.is_empty())
                    .then(|| {
                        view! {
                            <div class="table-scroll">
                                <table class="program-teams">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Team"</th>
                                            <th scope="col">"Stories"</th>
                                            <th scope="col">"Snapshot taken"</th>
                                            <th scope="col">"Open impediments"</th>
                                            <th scope="col">"Fist of five"</th>
                                            <th scope="col">
                                                <span class="visually-hidden">"Actions"</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                    })
            }}
            <div class="add-team">
                <form class="inline-form" on:submit=from_here aria-label="Add a board in this browser">
                    <label class="field">
                        <span>"A board in this browser"</span>
                        <select class="input" name="board">
                            {options}
                        </select>
                    </label>
                    <button type="submit" class="btn">
                        "Add this board"
                    </button>
                </form>
                <form class="inline-form" on:submit=from_link aria-label="Add a board from a link">
                    <label class="field field-wide">
                        <span>"A board link"</span>
                        <input
                            class="input"
                            name="link"
                            required
                            placeholder="https://…#/open/…"
                            autocomplete="off"
                        />
                    </label>
                    <button type="submit" class="btn">
                        "Add from link"
                    </button>
                </form>
                <label class="field">
                    <span>"A SprintDeck file (.json)"</span>
                    <input class="input" type="file" accept=".json,application/json" on:change=from_file />
                </label>
            </div>
        </section>
    }
}

#[component]
pub fn TeamRow(id: BoardId, name: String, stories: usize, taken: i64, open: usize, vote: Option<u8>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let feedback = RwSignal::new(false);
    let label = format!("Confidence of {name}, fist of five");
    let set_vote = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let fingers = v.parse::<u8>().ok();
        let said = if fingers.is_some() { "Vote recorded." } else { "Vote cleared." };
        status.say(desk.apply(ProgramChange::Vote { team: id, fingers }), said);
    };
    let remove_label = format!("Remove {name}");
    let feedback_label = format!("Feedback link for {name}");
    let team_name = name.clone();
    let remove = move |_| {
        let gone = team_name.clone();
        status.say(
            desk.apply(ProgramChange::RemoveTeam { team: id }),
            &format!("{gone} removed, with its dependencies, bookings and vote."),
        );
    };
    let options = (0..=5u8)
        .map(|f| {
            view! {
                <option value=f.to_string() selected=vote == Some(f)>
                    {format!("{f} of 5")}
                </option>
            }
        })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{stories}</td>
            <td>{local_time(taken)}</td>
            <td>{if open == 0 { "none".to_owned() } else { open.to_string() }}</td>
            <td>
                <select class="input input-small" aria-label=label on:change=set_vote>
                    <option value="" selected=vote.is_none()>
                        "Not voted"
                    </option>
                    {options}
                </select>
            </td>
            <td class="row-actions">
                <button
                    type="button"
                    class="btn btn-small"
                    aria-label=feedback_label
                    on:click=move |_| feedback.set(true)
                >
                    "Feedback link"
                </button>
                <button type="button" class="btn btn-small btn-danger-text" aria-label=remove_label on:click=remove>
                    "Remove"
                </button>
                {move || {
                    feedback
                        .get()
                        .then(|| {
                            view! {
                                <FeedbackDialog
                                    id
                                    name=name.clone()
                                    close=Callback::new(move |_| feedback.set(false))
                                />
                            }
                        })
                }}
            </td>
        </tr>
    }
}
