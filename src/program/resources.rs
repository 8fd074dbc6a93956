//! Shared resources and their bookings by team, with the conflicts and the first free window.

use leptos::prelude::*;

use super::desk::Desk;
use super::remove_button::remove_button;
use crate::domain::program::{Booking, ProgramChange};

/// The most bookings the table lists (the program holds up to 2,000), and the most conflicts
/// it lists per booking; the rest are counted.
const BOOKINGS_SHOWN: usize = 200;
const CONFLICTS_PER_BOOKING: usize = 3;
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::domain::{BoardId, Date};
use crate::ui::status_line::Status;

#[component]
pub fn ResourcesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let program = desk.program();
    let add_resource = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("resource");
        crate::browser::reset_form(&ev);
        status.say(desk.apply(ProgramChange::AddResource { name }), "Resource added.");
    };
    let book = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let (Ok(start), Ok(end)) = (f("start").parse::<Date>(), f("end").parse::<Date>()) else {
            status.tell("Give the first and the last day of the booking.");
            return;
        };
        let Ok(team) = f("team").parse::<BoardId>() else {
            status.tell("Choose a team.");
            return;
        };
        let b = Booking { resource: f("resource"), team, start, end };
        let done = desk
            .apply(ProgramChange::Book { booking: b })
            .map(|()| desk.program().with_untracked(|p| p.conflicts().total));
        match done {
            Ok(0) => status.tell("Booked."),
            Ok(n) => status.tell(format!("Booked. {n} booking conflicts in the program now: see the list.")),
            Err(e) => status.tell(e),
        }
    };
    let list = move || {
        program.with(|p| {
            let conflicts = p.conflicts_by_booking(CONFLICTS_PER_BOOKING, |i| i < BOOKINGS_SHOWN);
            p.bookings
                .iter()
                .zip(conflicts)
                .enumerate()
                .take(BOOKINGS_SHOWN)
                .map(|(i, (b, (shown, total)))| {
                    let more = total - shown.len();
                    let mut mine: Vec<String> = shown
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
                    if more > 0 {
                        mine.push(format!("And {more} more overlapping bookings"));
                    }
                    let text = format!("{}: {}, {} to {}", b.resource, p.team_name(b.team), b.start, b.end);
                    let remove_label = format!("Cancel booking {text}");
                    let conflict = !mine.is_empty();
                    view! {
                        <tr class:conflict=conflict>
                            <td>{b.resource.clone()}</td>
                            <td>{p.team_name(b.team)}</td>
                            <td>{b.start.to_string()}</td>
                            <td>{b.end.to_string()}</td>
                            <td>
                                {if mine.is_empty() {
                                    view! { <span class="flag flag-ok">"No conflict"</span> }.into_any()
                                } else {
                                    mine.into_iter()
                                        .map(|m| view! { <span class="flag flag-warn">{m}</span> })
                                        .collect_view()
                                        .into_any()
                                }}
                            </td>
                            <td>
                                {remove_button(
                                    (desk, status),
                                    remove_label,
                                    "Cancel",
                                    "Booking cancelled.",
                                    ProgramChange::CancelBooking {
                                        booking: b.clone(),
                                    },
                                )}
                            </td>
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
                <label class="field">
                    <span>"New resource"</span>
                    <input
                        class="input"
                        name="resource"
                        maxlength="120"
                        required
                        placeholder="Test environment, release slot…"
                    />
                </label>
                <button type="submit" class="btn">
                    "Add resource"
                </button>
            </form>
            {move || {
                program
                    .with(|p| !p.resources.is_empty())
                    .then(|| {
                        view! {
                            <form class="inline-form" on:submit=book aria-label="Book a resource">
                                <label class="field">
                                    <span>"Resource"</span>
                                    <select class="input" name="resource">
                                        {resources}
                                    </select>
                                </label>
                                <label class="field">
                                    <span>"Team"</span>
                                    <select class="input" name="team">
                                        {teams}
                                    </select>
                                </label>
                                <label class="field">
                                    <span>"First day"</span>
                                    <input class="input" type="date" min=DATE_MIN max=DATE_MAX name="start" required />
                                </label>
                                <label class="field">
                                    <span>"Last day"</span>
                                    <input class="input" type="date" min=DATE_MIN max=DATE_MAX name="end" required />
                                </label>
                                <button type="submit" class="btn">
                                    "Book"
                                </button>
                            </form>
                        }
                    })
            }}
            {move || {
                program
                    .with(|p| !p.bookings.is_empty())
                    .then(|| {
                        view! {
                            <div class="table-scroll">
                                <table class="bookings">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Resource"</th>
                                            <th scope="col">"Team"</th>
                                            <th scope="col">"From"</th>
                                            <th scope="col">"To"</th>
                                            <th scope="col">"Conflicts"</th>
                                            <th scope="col">
                                                <span class="visually-hidden">"Actions"</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>{list}</tbody>
                                </table>
                            </div>
                            {move || {
                                let n = program.with(|p| p.bookings.len());
                                (n > BOOKINGS_SHOWN)
                                    .then(|| {
                                        view! {
                                            <p class="muted">
                                                {format!("The first {BOOKINGS_SHOWN} of {n} bookings are listed.")}
                                            </p>
                                        }
                                    })
                            }}
                        }
                    })
            }}
        </section>
    }
}
