//! Velocity history: completing a sprint (and carrying over what is not done), past sprints
//! entered by hand, each editable, and the velocity and burn-up charts.

use leptos::prelude::*;

use super::unplaced::Unplaced;
use crate::domain::board::{Sprint, SprintResult};
use crate::domain::capacity;
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::domain::{Action, Date, Points};
use crate::state::Store;
use crate::ui::charts::{BarChart, Series};
use crate::ui::status_line::Status;

#[component]
pub fn HistoryCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let board = store.board();
    let done =
        Memo::new(move |_| board.with(|b| capacity::completed(&b.sprints).into_iter().cloned().collect::<Vec<_>>()));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let Ok(start) = f("start").parse::<Date>() else {
            status.tell("Past sprint: the start is not a date (YYYY-MM-DD).");
            return;
        };
        let num = |k: &str| f(k).replace(',', ".").parse::<Points>().map_err(|e| format!("{k}: {e}"));
        let (committed, completed, pd) = match (num("committed"), num("completed"), num("person_days")) {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                status.tell(format!("Past sprint: {e}."));
                return;
            }
        };
        let mut sprint = Sprint::first_for(start);
        sprint.start = start;
        sprint.name = f("name");
        sprint.result = Some(SprintResult { committed, completed, person_days: pd.0, scope: None });
        let r = store.dispatch(Action::SaveSprint { sprint });
        let ok = r.is_ok();
        status.say(r, "Past sprint added.");
        if ok {
            crate::browser::reset_form(&ev);
        }
    };
    // The sprint just completed, while its unfinished stories wait for the team's answer.
    let asking = RwSignal::new(None::<(crate::domain::ids::SprintId, String)>);
    let complete = move |_| {
        let Some((id, name)) = board.with_untracked(|b| capacity::planned(b).map(|s| (s.id, s.name.clone()))) else {
            return;
        };
        let r = store.dispatch(Action::CompleteSprint { id });
        let ok = r.is_ok();
        status.say(
            r,
            "Sprint completed: it records the stories committed to it and those done in it. Edit its figures below if they differ.",
        );
        if ok && board.with_untracked(|b| !capacity::unfinished(&b.stories, id).is_empty()) {
            asking.set(Some((id, name)));
        }
    };
    let unfinished = move || {
        let (id, name) = asking.get()?;
        let (n, points) = board.with(|b| {
            let open = capacity::unfinished(&b.stories, id);
            (open.len(), Points::sum(open.iter().filter_map(|s| s.estimate)))
        });
        (n > 0).then(|| {
            let stories = if n == 1 { "1 story".to_owned() } else { format!("{n} stories") };
            view! {
                <div class="card card-inset" role="group" aria-labelledby="carry-heading">
                    <p id="carry-heading">
                        {format!(
                            "{stories} ({points} points) committed to {name} are not done. Carry them into the next sprint?",
                        )}
                    </p>
                    <div class="toolbar">
                        <button
                            type="button"
                            class="btn btn-primary"
                            on:click=move |_| {
                                status
                                    .say(
                                        store.dispatch(Action::CarryOver { from: id }),
                                        "Carried into the next sprint.",
                                    );
                                asking.set(None);
                            }
                        >
                            "Carry them over"
                        </button>
                        <button type="button" class="btn" on:click=move |_| asking.set(None)>
                            "Leave them"
                        </button>
                    </div>
                </div>
            }
        })
    };
    let chart = move || {
        let d = done.get();
        (!d.is_empty()).then(|| {
            let labels: Vec<String> = d.iter().map(|s| s.name.clone()).collect();
            let committed: Vec<f64> = d.iter().map(|s| s.result.map_or(0.0, |r| r.committed.as_f64())).collect();
            let completed: Vec<f64> = d.iter().map(|s| s.result.map_or(0.0, |r| r.completed.as_f64())).collect();
            let mut cum = 0.0;
            let done_cum: Vec<f64> = completed
                .iter()
                .map(|c| {
                    cum += c;
                    cum
                })
                .collect();
            let total = board.with_untracked(|b| b.total_points().as_f64());
            let scope: Vec<f64> =
                d.iter().map(|s| s.result.and_then(|r| r.scope).map_or(total, Points::as_f64)).collect();
            view! {
                <BarChart
                    title="Velocity per sprint"
                    unit="points"
                    labels=labels.clone()
                    series=vec![
                        Series {
                            name: "Committed",
                            class: "s-committed",
                            values: committed,
                            line: false,
                        },
                        Series {
                            name: "Completed",
                            class: "s-completed",
                            values: completed,
                            line: false,
                        },
                    ]
                />
                <BarChart
                    title="Burn-up"
                    unit="points"
                    labels
                    series=vec![
                        Series {
                            name: "Scope",
                            class: "s-scope",
                            values: scope,
                            line: true,
                        },
                        Series {
                            name: "Done",
                            class: "s-done",
                            values: done_cum,
                            line: true,
                        },
                    ]
                />
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"Velocity history"</h2>
            {move || {
                board
                    .with(|b| capacity::planned(b).is_some())
                    .then(|| {
                        view! {
                            <div class="toolbar">
                                <button type="button" class="btn" on:click=complete>
                                    "Complete this sprint"
                                </button>
                                <button
                                    type="button"
                                    class="btn"
                                    on:click=move |_| {
                                        status
                                            .say(
                                                store.dispatch(Action::NextSprint),
                                                "Next sprint planned with the same settings.",
                                            )
                                    }
                                >
                                    "Plan the next sprint"
                                </button>
                            </div>
                        }
                    })
            }}
            {unfinished}
            <Unplaced />
            <div class="table-scroll">
                <table class="history">
                    <thead>
                        <tr>
                            <th scope="col">"Sprint"</th>
                            <th scope="col">"Start"</th>
                            <th scope="col">"Committed"</th>
                            <th scope="col">"Completed"</th>
                            <th scope="col">"Person-days"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || done.get().into_iter().map(|s| view! { <HistoryRow sprint=s /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form class="inline-form" on:submit=add aria-label="Add a past sprint">
                <label class="field">
                    <span>"Past sprint name"</span>
                    <input class="input" name="name" maxlength="80" required />
                </label>
                <label class="field">
                    <span>"Start"</span>
                    <input class="input" type="date" min=DATE_MIN max=DATE_MAX name="start" required />
                </label>
                <label class="field">
                    <span>"Committed"</span>
                    <input class="input num" inputmode="decimal" name="committed" required />
                </label>
                <label class="field">
                    <span>"Completed"</span>
                    <input class="input num" inputmode="decimal" name="completed" required />
                </label>
                <label class="field">
                    <span>"Person-days"</span>
                    <input class="input num" inputmode="decimal" name="person_days" required />
                </label>
                <button type="submit" class="btn">
                    "Add past sprint"
                </button>
            </form>
            {chart}
        </section>
    }
}

#[component]
pub fn HistoryRow(sprint: Sprint) -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let r = sprint.result.unwrap_or(SprintResult {
        committed: Points(0),
        completed: Points(0),
        person_days: 0,
        scope: None,
    });
    let s = StoredValue::new(sprint.clone());
    let name = sprint.name.clone();
    let edit = move |f: fn(&mut SprintResult, Points)| {
        move |ev: leptos::ev::Event| {
            let Ok(v) = event_target_value(&ev).replace(',', ".").parse::<Points>() else {
                status.tell("Type a number.");
                return;
            };
            let mut sp = s.get_value();
            if let Some(res) = sp.result.as_mut() {
                f(res, v);
            }
            status.say(store.dispatch(Action::SaveSprint { sprint: sp }), "Saved.");
        }
    };
    view! {
        <tr>
            <th scope="row">{sprint.name.clone()}</th>
            <td>{sprint.start.to_string()}</td>
            <td>
                <input
                    class="input input-inline num"
                    aria-label=format!("Committed in {name}")
                    value=r.committed.to_string()
                    on:change=edit(|x, v| x.committed = v)
                />
            </td>
            <td>
                <input
                    class="input input-inline num"
                    aria-label=format!("Completed in {name}")
                    value=r.completed.to_string()
                    on:change=edit(|x, v| x.completed = v)
                />
            </td>
            <td>
                <input
                    class="input input-inline num"
                    aria-label=format!("Person-days in {name}")
                    value=Points(r.person_days).to_string()
                    on:change=edit(|x, v| x.person_days = v.0)
                />
            </td>
            <td>
                <button
                    type="button"
                    class="btn btn-quiet btn-danger-text"
                    aria-label=format!("Delete {name}")
                    on:click=move |_| {
                        status
                            .say(
                                store
                                    .dispatch(Action::DeleteSprint {
                                        id: s.get_value().id,
                                    }),
                                "Sprint deleted.",
                            )
                    }
                >
                    "×"
                </button>
            </td>
        </tr>
    }
}
