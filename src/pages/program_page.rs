//! The Program page: several teams' boards planned together. Teams come in as snapshots (from
//! this browser, a board link or a file, after a preview); the grid aligns their sprints by
//! date with the dependencies drawn over it; shared resources are booked; risks sit on a ROAM
//! board; the steering summary goes out as Markdown and as a read-only link, and each team gets
//! its own view back as a link. All the figures come from `domain::program`.

use leptos::prelude::*;

use crate::codec::program_link;
use crate::codec::share::{self, Shared};
use crate::components::charts::{BarChart, Series};
use crate::components::copy_button::{CopyButton, LinkOutput};
use crate::components::modal::Modal;
use crate::components::program_views::{SummaryView, when};
use crate::domain::program::steering::Simulations;
use crate::domain::program::{Booking, Dependency, Grid, Light, Preview, Program, Roam, StoryRef};
use crate::domain::{Board, BoardId, Date, StoryId};
use crate::state::program::{Desk, mark, measure};
use crate::state::route::share_url;
use crate::state::{Library, Route};

#[derive(Clone, Copy)]
struct Msg(RwSignal<Option<String>>);

/// Shows `text` in the page's status line.
fn tell(text: impl Into<String>) {
    let Msg(m) = expect_context::<Msg>();
    m.set(Some(text.into()));
}

/// Reports the outcome of a change.
fn say<T>(r: Result<T, String>, ok: &str) {
    tell(r.map_or_else(|e| e, |_| ok.to_owned()));
}

fn today() -> Date {
    Date::from_millis(crate::browser::now_ms())
}

/// A snapshot waiting for its preview to be confirmed.
#[derive(Clone)]
struct Pending(RwSignal<Vec<Board>>);

/// The Program page.
#[component]
pub fn ProgramPage() -> impl IntoView {
    mark("sprintdeck-program-render-start");
    let desk = Desk::open();
    measure("sprintdeck-program-read", "sprintdeck-program-render-start", false);
    provide_context(desk);
    let message = RwSignal::new(None::<String>);
    provide_context(Msg(message));
    let pending = Pending(RwSignal::new(Vec::new()));
    provide_context(pending.clone());
    let program = desk.program();
    // The bench's measures: the first render, then each change, until the browser has laid out
    // and painted the result (the next animation frame, then a task after it).
    Effect::new(move |first: Option<()>| {
        program.track();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if first.is_none() {
                        measure("sprintdeck-program-render", "sprintdeck-program-render-start", true);
                    } else {
                        measure("sprintdeck-program-update", "sprintdeck-program-update-start", true);
                    }
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let has_teams = Memo::new(move |_| program.with(|p| !p.teams.is_empty()));
    let Pending(queue) = pending;
    view! {
        <section class="page program-page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Program"</h1>
                    <p class="page-summary">"Several teams' plans together: the grid, dependencies, shared resources, risks and the steering summary."</p>
                </div>
            </header>
            {move || desk.problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
            <p role="status" class="toast-inline">{move || message.get()}</p>
            <TeamsCard />
            {move || has_teams.get().then(|| view! {
                <GridCard />
                <DependenciesCard />
                <ResourcesCard />
                <RisksCard />
                <MilestonesCard />
                <SteeringCard />
            })}
            {move || queue.with(|q| q.first().cloned()).map(|board| view! { <PreviewDialog board /> })}
        </section>
    }
}

/// The program's name and teams, and the ways to add one.
#[component]
fn TeamsCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let library = expect_context::<Library>();
    let Pending(queue) = expect_context::<Pending>();
    let program = desk.program();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("name");
        say(desk.change(|p| p.rename(&name)), "Program renamed.");
    };
    let from_here = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = crate::browser::form_field(&ev)("board");
        match id.parse::<BoardId>().ok().and_then(|id| library.read_board(id)) {
            Some(b) => queue.set(vec![b]),
            None => tell("That board could not be read from this browser."),
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
            Err(share::LinkError::Sealed) => tell(
                "This board link is protected by a passphrase: open it in this browser first, then add the board from “A board in this browser”.",
            ),
            Err(e) => tell(format!("This link cannot be added: {e}.")),
        }
    };
    let from_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            match read_text(&file).await {
                Err(e) => tell(e),
                Ok(text) => match crate::storage::format::decode_file(&text) {
                    Ok(boards) if boards.is_empty() => tell(format!("{} holds no board.", file.name())),
                    Ok(boards) => queue.set(boards),
                    Err(e) => tell(format!("{} cannot be added: {e}.", file.name())),
                },
            }
        });
    };
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
                    view! {
                        <TeamRow
                            id=t.board.id
                            name=t.board.name.clone()
                            stories=t.board.stories.len()
                            taken=t.taken_at
                            open
                            vote
                        />
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="teams-heading">
            <h2 id="teams-heading">"Teams"</h2>
            <form class="inline-form" on:submit=rename>
                <label class="field"><span>"Program name"</span>
                    <input class="input" name="name" maxlength="120" required prop:value=move || program.with(|p| p.name.clone()) />
                </label>
                <button type="submit" class="btn">"Rename"</button>
            </form>
            {move || program.with(|p| p.teams.is_empty()).then(|| view! {
                <p class="muted">"No team yet. Add each team's board: from this browser, from a board link the team sent (Share page → board link), or from a SprintDeck file. Adding a newer snapshot of a team replaces the older one after a preview."</p>
            })}
            {move || program.with(|p| !p.teams.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="program-teams">
                        <thead><tr>
                            <th scope="col">"Team"</th><th scope="col">"Stories"</th><th scope="col">"Snapshot taken"</th>
                            <th scope="col">"Open impediments"</th><th scope="col">"Fist of five"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
            <div class="add-team">
                <form class="inline-form" on:submit=from_here aria-label="Add a board in this browser">
                    <label class="field"><span>"A board in this browser"</span>
                        <select class="input" name="board">{options}</select>
                    </label>
                    <button type="submit" class="btn">"Add this board"</button>
                </form>
                <form class="inline-form" on:submit=from_link aria-label="Add a board from a link">
                    <label class="field field-wide"><span>"A board link"</span>
                        <input class="input" name="link" required placeholder="https://…#/open/…" autocomplete="off" />
                    </label>
                    <button type="submit" class="btn">"Add from link"</button>
                </form>
                <label class="field"><span>"A SprintDeck file (.json)"</span>
                    <input class="input" type="file" accept=".json,application/json" on:change=from_file />
                </label>
            </div>
        </section>
    }
}

#[component]
fn TeamRow(id: BoardId, name: String, stories: usize, taken: i64, open: usize, vote: Option<u8>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let feedback = RwSignal::new(false);
    let label = format!("Confidence of {name}, fist of five");
    let set_vote = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        match v.parse::<u8>() {
            Ok(f) => {
                desk.edit(|p| p.vote_confidence(id, f));
                tell("Vote recorded.");
            }
            Err(_) => {
                desk.edit(|p| p.confidence.retain(|(t, _)| *t != id));
                tell("Vote cleared.");
            }
        }
    };
    let remove_label = format!("Remove {name}");
    let feedback_label = format!("Feedback link for {name}");
    let team_name = name.clone();
    let remove = move |_| {
        let gone = team_name.clone();
        desk.edit(|p| p.remove_team(id));
        tell(format!("{gone} removed, with its dependencies, bookings and vote."));
    };
    let options = (0..=5u8)
        .map(|f| view! { <option value=f.to_string() selected=vote == Some(f)>{format!("{f} of 5")}</option> })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{stories}</td>
            <td>{when(taken)}</td>
            <td>{if open == 0 { "none".to_owned() } else { open.to_string() }}</td>
            <td>
                <select class="input input-small" aria-label=label on:change=set_vote>
                    <option value="" selected=vote.is_none()>"Not voted"</option>
                    {options}
                </select>
            </td>
            <td class="row-actions">
                <button type="button" class="btn btn-small" aria-label=feedback_label on:click=move |_| feedback.set(true)>"Feedback link"</button>
                <button type="button" class="btn btn-small btn-danger-text" aria-label=remove_label on:click=remove>"Remove"</button>
                {move || feedback.get().then(|| view! { <FeedbackDialog id name=name.clone() close=Callback::new(move |_| feedback.set(false)) /> })}
            </td>
        </tr>
    }
}

/// The team's view of the program as a link, to send back to it.
#[component]
fn FeedbackDialog(id: BoardId, name: String, close: Callback<()>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let message = RwSignal::new(None::<String>);
    let link = desk
        .program()
        .with_untracked(|p| p.team_view(id, crate::browser::now_ms()))
        .map(|v| share_url(&program_link::encode_team_view(&v)))
        .unwrap_or_default();
    view! {
        <Modal title="Feedback link" on_close=close>
            <p>{format!("Send this to {name}. Opened in a browser that has the team's board, it shows the team its dependencies in both directions, its bookings, the program's risks and impediments beside its own plan. It changes nothing there.")}</p>
            <LinkOutput label="Feedback link" text=Signal::stored(link) copy="Copy feedback link" done="Feedback link copied." message length=true />
            <p role="status" class="muted">{move || message.get()}</p>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>"Close"</button>
            </div>
        </Modal>
    }
}

/// What adding a snapshot would change, before it is added.
#[component]
fn PreviewDialog(board: Board) -> impl IntoView {
    let desk = expect_context::<Desk>();
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
    let next = move || queue.update(|q| drop(q.remove(0)));
    let name = board.name.clone();
    let replaces = preview.replaces;
    let older = replaces.is_some_and(|t| board.updated_at < t);
    let taken = if board.updated_at > 0 { board.updated_at } else { crate::browser::now_ms() };
    let b = StoredValue::new(board);
    let add = move |_| {
        let board = b.get_value();
        let name = board.name.clone();
        let done = desk.change(|p| p.add_team(board, taken));
        say(
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
            <p><strong>{name.clone()}</strong>{match replaces {
                Some(t) => format!(" is already in the program (snapshot taken {}). This snapshot (board last changed {}) replaces it.", when(t), when(taken)),
                None => format!(" joins the program (board last changed {}).", when(taken)),
            }}</p>
            <p>{summary}</p>
            {older.then(|| view! { <p class="flag flag-warn">"This snapshot is older than the one in the program."</p> })}
            {(!titles.is_empty()).then(|| view! {
                <p>"These dependencies go with it (their stories are no longer on the team's board):"</p>
                <ul>{titles.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| next()>"Cancel"</button>
                <button type="button" class="btn btn-primary" on:click=add>{if replaces.is_some() { "Replace snapshot" } else { "Add team" }}</button>
            </div>
        </Modal>
    }
}

/// Pixel geometry of the grid, shared by the table's CSS sizes and the SVG drawn over it.
const TEAM_W: f64 = 148.0;
const COL_W: f64 = 136.0;
const HEAD_H: f64 = 44.0;
const ROW_H: f64 = 100.0;

/// Teams × sprints, aligned by date, with the milestone row and the dependencies drawn.
#[component]
fn GridCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    let grid = Memo::new(move |_| program.with(|p| p.aligned(today())));
    move || {
        let g: Grid = grid.get();
        let p = program.get();
        let n = g.columns.len();
        let width = TEAM_W + COL_W * n as f64;
        let height = HEAD_H + ROW_H * (g.rows.len() + 1) as f64;
        let heads = g
            .columns
            .iter()
            .map(|(a, b)| view! { <th scope="col" class="grid-col">{format!("{a} – {b}")}</th> })
            .collect_view();
        let rows = g
            .rows
            .iter()
            .enumerate()
            .map(|(r, (id, cells))| {
                let name = p.team_name(*id);
                let tds = cells
                    .iter()
                    .enumerate()
                    .map(|(k, cs)| {
                        let clashes = g
                            .clashes
                            .iter()
                            .filter(|(row, col, _)| *row == r && *col == k)
                            .map(|(_, _, res)| view! { <span class="flag flag-warn">{format!("Booking conflict: {res}")}</span> })
                            .collect_view();
                        let items = cs
                            .iter()
                            .map(|c| {
                                let over = c.over();
                                view! {
                                    <div class="grid-cell" class:grid-over=over>
                                        <span class="grid-sprint">{c.name.clone()}</span>
                                        <span>{match c.capacity {
                                            Some(cap) => format!("{} of {} pts", c.committed, crate::domain::decimal(cap, 0)),
                                            None => format!("{} pts, capacity unknown", c.committed),
                                        }}</span>
                                        {over.then(|| view! { <span class="flag flag-warn">"Over capacity"</span> })}
                                        <span class="grid-features">{c.features.iter().map(|f| view! { <span class="chip">{f.clone()}</span> }).collect_view()}</span>
                                    </div>
                                }
                            })
                            .collect_view();
                        view! { <td>{items}{clashes}</td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{name}</th>{tds}</tr> }
            })
            .collect_view();
        let mut marks: Vec<Vec<String>> = vec![Vec::new(); n];
        for (m, col) in p.milestones.iter().zip(&g.milestones) {
            if let Some(k) = col {
                marks[*k].push(format!("◆ {} ({})", m.name, m.date));
            }
        }
        let milestone_cells = marks
            .into_iter()
            .map(|ms| view! { <td class="grid-milestones">{ms.into_iter().map(|m| view! { <span class="milestone">{m}</span> }).collect_view()}</td> })
            .collect_view();
        let lines = dependency_lines(&p, &g);
        view! {
            <section class="card" aria-labelledby="grid-heading">
                <h2 id="grid-heading">"Program grid"</h2>
                <p class="muted">"Committed points against each team's capacity, per sprint; sprints are aligned by date. Dependencies are drawn from the needed story's sprint to the sprint that needs it, coloured as in the list below."</p>
                <div class="table-scroll program-grid-wrap">
                    <div class="program-grid" style:width=format!("{width}px")>
                        <table class="program-grid-table" style:width=format!("{width}px")>
                            <colgroup>
                                <col style:width=format!("{TEAM_W}px") />
                                {(0..n).map(|_| view! { <col style:width=format!("{COL_W}px") /> }).collect_view()}
                            </colgroup>
                            <thead><tr><th scope="col">"Team"</th>{heads}</tr></thead>
                            <tbody>
                                {rows}
                                <tr class="grid-milestone-row"><th scope="row">"Milestones"</th>{milestone_cells}</tr>
                            </tbody>
                        </table>
                        <svg class="dependency-lines" aria-hidden="true" width=width.to_string() height=height.to_string() viewBox=format!("0 0 {width} {height}")>
                            <defs>
                                {["red", "amber", "green"].map(|c| view! {
                                    <marker id=format!("arrow-{c}") class=format!("dep-{c}") viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                        <path d="M 0 0 L 10 5 L 0 10 z"></path>
                                    </marker>
                                })}
                            </defs>
                            {lines}
                        </svg>
                    </div>
                </div>
            </section>
        }
    }
}

fn light_class(l: Light) -> &'static str {
    match l {
        Light::Red => "red",
        Light::Amber => "amber",
        Light::Green => "green",
        Light::Grey => "grey",
    }
}

/// What a dependency's colour means, in words (colour is never the only sign).
fn light_label(l: Light) -> &'static str {
    match l {
        Light::Red => "Red: needed later than it is needed",
        Light::Amber => "Amber: both in the same sprint",
        Light::Green => "Green: needed story comes first",
        Light::Grey => "Grey: not planned in a sprint yet",
    }
}

/// The SVG paths of the dependencies both of whose stories sit in a column of the grid.
fn dependency_lines(p: &Program, g: &Grid) -> Vec<AnyView> {
    let place = |r: StoryRef| -> Option<(f64, f64)> {
        let row = g.rows.iter().position(|(id, _)| *id == r.team)?;
        let col = g.column_of(p.sprint_of(r)?.start)?;
        Some((TEAM_W + COL_W * col as f64, HEAD_H + ROW_H * row as f64 + ROW_H / 2.0))
    };
    p.dependencies
        .iter()
        .filter_map(|d| {
            let light = p.light(d);
            let ((x1, y1), (x2, y2)) = (place(d.needed)?, place(d.needs)?);
            // From the needed story's cell to the cell that needs it; a loop within one cell.
            let (sx, ex) = if x2 > x1 { (x1 + COL_W - 8.0, x2 + 8.0) } else { (x1 + 12.0, x2 + COL_W - 12.0) };
            let bend = ((ex - sx).abs() / 2.0).max(40.0);
            let path =
                format!("M {sx:.0} {y1:.0} C {:.0} {y1:.0}, {:.0} {y2:.0}, {ex:.0} {y2:.0}", sx + bend, ex - bend);
            let c = light_class(light);
            Some(
                view! { <path class=format!("dep-line dep-{c}") d=path marker-end=format!("url(#arrow-{c})")></path> }
                    .into_any(),
            )
        })
        .collect()
}

/// A small button that removes something from the program (named by `label` for assistive
/// technology) and says `said`.
fn remove_button(
    desk: Desk,
    label: String,
    text: &'static str,
    said: &'static str,
    remove: impl Fn(&mut Program) + Copy + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="btn btn-small btn-danger-text" aria-label=label
            on:click=move |_| {
                desk.edit(remove);
                tell(said);
            }>{text}</button>
    }
}

/// Reads a picked file as text (at most the size of a backup).
async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let max = crate::storage::format::BACKUP_MAX_BYTES;
    let bytes = crate::browser::read_file(file, max, |n| format!("It is {n} bytes; at most {max} are read.")).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The stories of every team, as `<optgroup>`s for a select.
fn story_options(p: &Program) -> Vec<(String, Vec<(String, String)>)> {
    p.teams
        .iter()
        .map(|t| {
            let stories =
                t.board.stories.iter().map(|s| (format!("{}:{}", t.board.id, s.id), s.title.clone())).collect();
            (t.board.name.clone(), stories)
        })
        .collect()
}

fn parse_ref(v: &str) -> Option<StoryRef> {
    let (t, s) = v.split_once(':')?;
    Some(StoryRef { team: t.parse().ok()?, story: s.parse::<StoryId>().ok()? })
}

#[component]
fn DependenciesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    // Rebuilt only when the teams' stories change, not on every change of the program.
    let options = Memo::new(move |_| program.with(story_options));
    // A team first, then one of its stories: a hundred options rather than every team's.
    let select = move |name: &'static str, label: &'static str, team_label: &'static str, first: usize| {
        let team = RwSignal::new(first);
        view! {
            <label class="field"><span>{team_label}</span>
                <select class="input" on:change=move |ev| team.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || options.with(|o| o.iter().enumerate().map(|(i, (name, _))| view! {
                        <option value=i.to_string() selected=i == team.get_untracked()>{name.clone()}</option>
                    }).collect_view())}
                </select>
            </label>
            <label class="field field-wide"><span>{label}</span>
                <select class="input" name=name required>
                    <option value="">"Choose a story"</option>
                    {move || options.with(|o| o.get(team.get()).map(|(_, stories)| {
                        stories.iter().map(|(v, t)| view! { <option value=v.clone()>{t.clone()}</option> }).collect_view()
                    }))}
                </select>
            </label>
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let (Some(needs), Some(needed)) = (parse_ref(&f("needs")), parse_ref(&f("needed"))) else {
            tell("Choose both stories.");
            return;
        };
        let done = desk.change(|p| {
            p.add_dependency(Dependency { needs, needed }).map(|()| p.light(&Dependency { needs, needed }))
        });
        match done {
            Ok(l) => tell(format!("Dependency added. {}.", light_label(l))),
            Err(e) => tell(e),
        }
    };
    let list = move || {
        program.with(|p| {
            p.dependencies
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let l = p.light(d);
                    let text = format!(
                        "“{}” ({}) needs “{}” ({})",
                        p.title(d.needs).unwrap_or_default(),
                        p.team_name(d.needs.team),
                        p.title(d.needed).unwrap_or_default(),
                        p.team_name(d.needed.team)
                    );
                    let where_ = |r| p.sprint_of(r).map_or_else(|| "unplanned".to_owned(), |s| s.name.clone());
                    let sprints = format!("{} / {}", where_(d.needs), where_(d.needed));
                    let remove_label = format!("Remove dependency {text}");
                    view! {
                        <li class=format!("dep-item dep-{}", light_class(l))>
                            <span class="dep-swatch" aria-hidden="true"></span>
                            <span class="dep-text">{text}<br /><span class="muted">{light_label(l)} " · " {sprints}</span></span>
                            {remove_button(desk, remove_label, "Remove", "Dependency removed.", move |p| { p.dependencies.remove(i); })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="deps-heading">
            <h2 id="deps-heading">"Cross-team dependencies"</h2>
            <form class="inline-form" on:submit=add aria-label="Add a dependency">
                {select("needs", "Story that needs another", "Team that needs", 0)}
                {select("needed", "Needs this story", "Team needed", 1)}
                <button type="submit" class="btn">"Add dependency"</button>
            </form>
            {move || program.with(|p| p.dependencies.is_empty()).then(|| view! { <p class="muted">"No dependency yet."</p> })}
            <ul class="dep-list" aria-label="Dependencies">{list}</ul>
        </section>
    }
}

#[component]
fn ResourcesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    let add_resource = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("resource");
        crate::browser::reset_form(&ev);
        say(desk.change(|p| p.add_resource(&name)), "Resource added.");
    };
    let book = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let (Ok(start), Ok(end)) = (f("start").parse::<Date>(), f("end").parse::<Date>()) else {
            tell("Give the first and the last day of the booking.");
            return;
        };
        let Ok(team) = f("team").parse::<BoardId>() else {
            tell("Choose a team.");
            return;
        };
        let b = Booking { resource: f("resource"), team, start, end };
        let done = desk.change(|p| p.book(b).map(|()| p.conflicts().len()));
        match done {
            Ok(0) => tell("Booked."),
            Ok(n) => tell(format!("Booked. {n} booking conflicts in the program now: see the list.")),
            Err(e) => tell(e),
        }
    };
    let list = move || {
        program.with(|p| {
            let conflicts = p.conflicts();
            p.bookings
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let mine: Vec<String> = conflicts
                        .iter()
                        .filter_map(|c| c.other_than(i).map(|o| (o, c)))
                        .map(|(o, c)| {
                            let other = &p.bookings[o];
                            format!(
                                "Conflict with {} ({} to {}); first free window for {}: from {}",
                                p.team_name(other.team),
                                other.start,
                                other.end,
                                p.team_name(p.bookings[c.second].team),
                                c.free_from
                            )
                        })
                        .collect();
                    let text = format!("{}: {}, {} to {}", b.resource, p.team_name(b.team), b.start, b.end);
                    let remove_label = format!("Cancel booking {text}");
                    let conflict = !mine.is_empty();
                    view! {
                        <tr class:conflict=conflict>
                            <td>{b.resource.clone()}</td>
                            <td>{p.team_name(b.team)}</td>
                            <td>{b.start.to_string()}</td>
                            <td>{b.end.to_string()}</td>
                            <td>{if mine.is_empty() { view! { <span class="flag flag-ok">"No conflict"</span> }.into_any() } else {
                                mine.into_iter().map(|m| view! { <span class="flag flag-warn">{m}</span> }).collect_view().into_any()
                            }}</td>
                            <td>{remove_button(desk, remove_label, "Cancel", "Booking cancelled.", move |p| drop(p.bookings.remove(i)))}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let resources = move || {
        program
            .with(|p| p.resources.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view())
    };
    let teams = move || {
        program.with(|p| {
            p.teams
                .iter()
                .map(|t| view! { <option value=t.board.id.to_string()>{t.board.name.clone()}</option> })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="res-heading">
            <h2 id="res-heading">"Shared resources"</h2>
            <form class="inline-form" on:submit=add_resource aria-label="Add a shared resource">
                <label class="field"><span>"New resource"</span><input class="input" name="resource" maxlength="120" required placeholder="Test environment, release slot…" /></label>
                <button type="submit" class="btn">"Add resource"</button>
            </form>
            {move || program.with(|p| !p.resources.is_empty()).then(|| view! {
                <form class="inline-form" on:submit=book aria-label="Book a resource">
                    <label class="field"><span>"Resource"</span><select class="input" name="resource">{resources}</select></label>
                    <label class="field"><span>"Team"</span><select class="input" name="team">{teams}</select></label>
                    <label class="field"><span>"First day"</span><input class="input" type="date" name="start" required /></label>
                    <label class="field"><span>"Last day"</span><input class="input" type="date" name="end" required /></label>
                    <button type="submit" class="btn">"Book"</button>
                </form>
            })}
            {move || program.with(|p| !p.bookings.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="bookings">
                        <thead><tr><th scope="col">"Resource"</th><th scope="col">"Team"</th><th scope="col">"From"</th><th scope="col">"To"</th><th scope="col">"Conflicts"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>{list}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

#[component]
fn RisksCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    let raise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let done = desk.change(|p| p.raise(&f("risk"), &f("owner")));
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        say(done, "Risk raised.");
    };
    let columns = move || {
        program.with(|p| {
            Roam::ALL
                .iter()
                .map(|&column| {
                    let cards = p
                        .risks
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.roam == column)
                        .map(|(i, r)| {
                            let move_label = format!("Where “{}” stands", r.title);
                            let options = Roam::ALL
                                .iter()
                                .map(|x| view! { <option value=x.label() selected=*x == column>{capitalised(x.label())}</option> })
                                .collect_view();
                            let set = move |ev: leptos::ev::Event| {
                                let v = event_target_value(&ev);
                                let Some(to) = Roam::ALL.into_iter().find(|x| x.label() == v) else { return };
                                desk.edit(|p| p.risks[i].roam = to);
                                tell(format!("Risk moved to {}.", to.label()));
                            };
                            view! {
                                <li class="risk">
                                    <span class="risk-title">{r.title.clone()}</span>
                                    <span class="muted">"Owner: " {r.owner.clone()}</span>
                                    <select class="input input-small" aria-label=move_label on:change=set>{options}</select>
                                </li>
                            }
                        })
                        .collect_view();
                    let heading = capitalised(column.label());
                    let group = heading.clone();
                    view! {
                        <div class="roam-col" role="group" aria-label=group>
                            <h3>{heading}</h3>
                            <ul>{cards}</ul>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let impediments = move || {
        program.with(|p| {
            p.open_impediments()
                .into_iter()
                .map(|(team, x)| view! { <li>{x.title.clone()} <span class="muted">{format!(" — {}, raised {}", p.team_name(team), when(x.raised_at))}</span></li> })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="risks-heading">
            <h2 id="risks-heading">"Risks and impediments"</h2>
            <form class="inline-form" on:submit=raise aria-label="Raise a risk">
                <label class="field field-wide"><span>"Risk"</span><input class="input" name="risk" maxlength="200" required /></label>
                <label class="field"><span>"Owner"</span><input class="input" name="owner" maxlength="120" required /></label>
                <button type="submit" class="btn">"Raise risk"</button>
            </form>
            <div class="roam-board">{columns}</div>
            <h3>"Open impediments raised by the teams"</h3>
            {move || program.with(|p| p.open_impediments().is_empty()).then(|| view! { <p class="muted">"None. Teams raise impediments on their Capacity page; they appear here when their snapshot is added."</p> })}
            <ul class="impediments">{impediments}</ul>
        </section>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[component]
fn MilestonesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let Ok(date) = f("date").parse::<Date>() else {
            tell("Give the milestone's date.");
            return;
        };
        let done = desk.change(|p| p.add_milestone(&f("name"), date, &f("feature")));
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        say(done, "Milestone added.");
    };
    let features = move || {
        program.with(|p| {
            p.progress_by_feature()
                .into_iter()
                .map(|(t, _, _)| view! { <option value=t.clone()>{t.clone()}</option> })
                .collect_view()
        })
    };
    let list = move || {
        program.with(|p| {
            p.milestones
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let label = format!("Remove milestone {}", m.name);
                    let scope = if m.feature.is_empty() { "whole program".to_owned() } else { format!("feature {}", m.feature) };
                    view! {
                        <li>
                            <span>{format!("{} — {} ({scope})", m.name, m.date)}</span>
                            {remove_button(desk, label, "Remove", "Milestone removed.", move |p| drop(p.milestones.remove(i)))}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="ms-heading">
            <h2 id="ms-heading">"Milestones"</h2>
            <form class="inline-form" on:submit=add aria-label="Add a milestone">
                <label class="field"><span>"Milestone"</span><input class="input" name="name" maxlength="120" required placeholder="Release 2.0" /></label>
                <label class="field"><span>"Date"</span><input class="input" type="date" name="date" required /></label>
                <label class="field"><span>"For"</span><select class="input" name="feature"><option value="">"The whole program"</option>{features}</select></label>
                <button type="submit" class="btn">"Add milestone"</button>
            </form>
            <ul class="milestone-list">{list}</ul>
        </section>
    }
}

/// The steering summary, its burn-up, and the ways it leaves: Markdown and a read-only link;
/// and the whole program as a file or a link.
#[component]
fn SteeringCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    // The teams' simulated futures are kept until a snapshot changes: a vote, a dependency or
    // a booking does not make them again.
    let sims = StoredValue::new(None::<Simulations>);
    let summary = Memo::new(move |_| {
        program.with(|p| {
            if p.milestones.is_empty() {
                return p.summary(today(), crate::browser::now_ms());
            }
            sims.update_value(|s| {
                if s.as_ref().is_none_or(|s| !s.fits(p)) {
                    *s = Some(p.simulate(today()));
                }
            });
            sims.with_value(|s| s.as_ref().map(|s| p.summary_with(s, crate::browser::now_ms())))
                .unwrap_or_else(|| p.summary(today(), crate::browser::now_ms()))
        })
    });
    let message = RwSignal::new(None::<String>);
    let link = Signal::derive(move || share_url(&summary.with(program_link::encode_summary)));
    // The whole program's link is made on demand: deflating every team's board costs tens of
    // milliseconds for 8 teams × 100 stories, too much to pay on every change.
    let program_payload = RwSignal::new(None::<String>);
    Effect::new(move || {
        program.track();
        program_payload.set(None);
    });
    let make_link = move |_| program_payload.set(Some(program.with_untracked(program_link::encode_program)));
    let program_url = Signal::derive(move || program_payload.with(|p| p.as_deref().map(share_url).unwrap_or_default()));
    let too_long = move || program_payload.with(|p| p.as_ref().is_some_and(|p| p.len() > share::MAX_LINK_CHARS));
    let markdown = Signal::derive(move || summary.with(|s| s.markdown()));
    let download_md = move |_| {
        let name = summary.with_untracked(|s| crate::browser::file_stem(&s.name));
        if let Err(e) =
            crate::browser::download(&format!("{name}-summary.md"), "text/markdown", &markdown.get_untracked())
        {
            message.set(Some(e));
        }
    };
    let export = move |_| {
        let (name, text) =
            program.with_untracked(|p| (crate::browser::file_stem(&p.name), crate::storage::format::encode_program(p)));
        if let Err(e) = crate::browser::download(&format!("{name}-program.json"), "application/json", &text) {
            message.set(Some(e));
        }
    };
    let chart = move || {
        summary.with(|s| {
            (s.burnup.len() > 1).then(|| {
                let labels = s.burnup.iter().map(|b| b.date.to_string()).collect();
                let done = s.burnup.iter().map(|b| b.done.as_f64()).collect();
                let scope = s.burnup.iter().map(|b| b.scope.as_f64()).collect();
                view! {
                    <BarChart title="Program burn-up" unit="points" labels series=vec![
                        Series { name: "Scope", class: "s-committed", values: scope, line: true },
                        Series { name: "Done", class: "s-done", values: done, line: true },
                    ] />
                }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="steer-heading">
            <h2 id="steer-heading">"Steering summary"</h2>
            {move || view! { <SummaryView summary=summary.get() /> }}
            {chart}
            <div class="toolbar">
                <CopyButton label="Copy as Markdown" text=markdown done="Summary copied as Markdown." message />
                <button type="button" class="btn" on:click=download_md>"Download Markdown"</button>
            </div>
            <LinkOutput label="Read-only summary link" text=link copy="Copy summary link" done="Summary link copied." message length=true />
            <h3>"The whole program"</h3>
            <p class="muted">"For another person who runs the program with you: the link or the file holds every team's snapshot."</p>
            {move || if program_payload.with(Option::is_none) {
                view! { <div class="toolbar"><button type="button" class="btn" on:click=make_link>"Make a program link"</button></div> }.into_any()
            } else if too_long() {
                view! { <p class="muted">{format!("This program is too large for a link ({} characters; links hold at most 16,384): export it as a file instead.", program_payload.with(|p| p.as_ref().map_or(0, String::len)))}</p> }.into_any()
            } else {
                view! { <LinkOutput label="Program link" text=program_url copy="Copy program link" done="Program link copied." message length=true /> }.into_any()
            }}
            <div class="toolbar">
                <button type="button" class="btn" on:click=export>"Export program (JSON)"</button>
                <ImportProgram message />
            </div>
            <p role="status" class="muted">{move || message.get()}</p>
            <a class="btn" href=Route::Backlog.href()>"Back to the backlog"</a>
        </section>
    }
}

/// Reads a program file, asking before it replaces the program of this browser.
#[component]
fn ImportProgram(message: RwSignal<Option<String>>) -> impl IntoView {
    let incoming = RwSignal::new(None::<Program>);
    let picked = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            match read_text(&file).await {
                Err(e) => message.set(Some(e)),
                Ok(text) => match crate::storage::format::decode_program(&text) {
                    Ok(p) => incoming.set(Some(p)),
                    Err(e) => message.set(Some(format!("{} cannot be opened as a program: {e}.", file.name()))),
                },
            }
        });
    };
    view! {
        <label class="btn file-btn">
            "Import program file"
            <input class="visually-hidden" type="file" accept=".json,application/json" on:change=picked />
        </label>
        {move || incoming.get().map(|p| view! { <ReplaceProgram program=p close=Callback::new(move |_| incoming.set(None)) message /> })}
    }
}

/// Asks before a program from a file or link replaces this browser's.
#[component]
pub fn ReplaceProgram(program: Program, close: Callback<()>, message: RwSignal<Option<String>>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let current = desk.program().with_untracked(|p| (p.name.clone(), p.teams.len()));
    let teams = program.teams.iter().map(|t| t.board.name.clone()).collect::<Vec<_>>().join(", ");
    let name = program.name.clone();
    let p = StoredValue::new(program);
    let replace = move |_| {
        message.set(Some(match desk.replace(p.get_value()) {
            Ok(()) => "Program opened.".into(),
            Err(e) => e,
        }));
        close.run(());
    };
    view! {
        <Modal title="Open a program" on_close=close>
            <p><strong>{name}</strong>{format!(": {teams}.")}</p>
            {(current.1 > 0).then(|| view! {
                <p>{format!("It replaces “{}” ({} teams) in this browser; that one is kept aside in this browser's storage first, not lost.", current.0, current.1)}</p>
            })}
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>"Cancel"</button>
                <button type="button" class="btn btn-primary" on:click=replace>"Open this program"</button>
            </div>
        </Modal>
    }
}
