//! The ROAM board of the program's risks, and the teams' open impediments.

use leptos::prelude::*;

use super::desk::Desk;
use crate::browser::local_time;
use crate::domain::program::{ProgramChange, Roam};
use crate::ui::show_more::ShowMore;
use crate::ui::status_line::Status;

/// How many risks each column lists at first, and adds by each "Show more".
const RISKS_PAGE: usize = 50;

#[component]
pub fn RisksCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let program = desk.program();
    let raise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let done = desk.apply(ProgramChange::Raise { title: f("risk"), owner: f("owner") });
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        status.say(done, "Risk raised.");
    };
    // The first page of each column (a program may hold 2,000 risks; see `ui::show_more`).
    let shown = Roam::ALL.map(|_| RwSignal::new(RISKS_PAGE));
    let columns = move || {
        program.with(|p| {
            Roam::ALL
                .iter()
                .zip(shown)
                .map(|(&column, shown)| {
                    let total = p.risks.iter().filter(|r| r.roam == column).count();
                    let cards = p
                        .risks
                        .iter()
                        .filter(|r| r.roam == column)
                        .take(shown.get())
                        .map(|r| {
                            let move_label = format!("Where “{}” stands", r.title);
                            let risk = StoredValue::new(r.clone());
                            let options = Roam::ALL
                                .iter()
                                .map(|x| {
                                    view! {
                                        <option value=x.label() selected=*x == column>
                                            {x.heading()}
                                        </option>
                                    }
                                })
                                .collect_view();
                            let set = move |ev: leptos::ev::Event| {
                                let v = event_target_value(&ev);
                                let Some(to) = Roam::ALL.into_iter().find(|x| x.label() == v) else { return };
                                status.say(
                                    desk.apply(ProgramChange::MoveRisk { risk: risk.get_value(), to }),
                                    &format!("Risk moved to {}.", to.label()),
                                );
                            };
                            view! {
                                <li class="risk">
                                    <span class="risk-title">{r.title.clone()}</span>
                                    <span class="muted">"Owner: " {r.owner.clone()}</span>
                                    <select class="input input-small" aria-label=move_label on:change=set>
                                        {options}
                                    </select>
                                </li>
                            }
                        })
                        .collect_view();
                    let heading = column.heading().to_owned();
                    let group = heading.clone();
                    view! {
                        <div class="roam-col" role="group" aria-label=group>
                            <h3>{heading}</h3>
                            <ul>{cards}</ul>
                            <ShowMore shown total=Signal::stored(total) page=RISKS_PAGE what="risks" />
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
                .map(|(team, x)| {
                    view! {
                        <li>
                            {x.title.clone()}
                            <span class="muted">
                                {format!(" — {}, raised {}", p.team_name(team), local_time(x.raised_at))}
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="risks-heading">
            <h2 id="risks-heading">"Risks and impediments"</h2>
            <form class="inline-form" on:submit=raise aria-label="Raise a risk">
                <label class="field field-wide">
                    <span>"Risk"</span>
                    <input class="input" name="risk" maxlength="200" required />
                </label>
                <label class="field">
                    <span>"Owner"</span>
                    <input class="input" name="owner" maxlength="120" required />
                </label>
                <button type="submit" class="btn">
                    "Raise risk"
                </button>
            </form>
            <div class="roam-board">{columns}</div>
            <h3>"Open impediments raised by the teams"</h3>
            {move || {
                program
                    .with(|p| p.open_impediments().is_empty())
                    .then(|| {
                        view! {
                            <p class="muted">
                                "None. Teams raise impediments on their Capacity page; they appear here when their snapshot is added."
                            </p>
                        }
                    })
            }}
            <ul class="impediments">{impediments}</ul>
        </section>
    }
}
