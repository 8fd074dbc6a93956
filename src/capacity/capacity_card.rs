//! The sprint's capacity in person-days, hours and points, how it was worked out, and the
//! settings behind it.

use leptos::prelude::*;

use super::cut_line::CutLineList;
use crate::domain::capacity::{self, Basis};
use crate::domain::{Action, Points, decimal};
use crate::state::Store;
use crate::ui::status_line::Status;

#[component]
pub fn CapacityCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let board = store.board();
    let figures = Memo::new(move |_| {
        board.with(|b| {
            let hours_per_day = capacity::planned(b)?.hours_per_day;
            let (pd, pc, cut) = capacity::plan(b)?;
            Some((pd, u64::from(pd) * u64::from(hours_per_day) / 100, pc, cut))
        })
    });
    let settings = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let cur = board.with_untracked(|b| b.settings.clone());
        status.say(
            store.dispatch(Action::SetCapacitySettings {
                velocity_window: f("window").parse().unwrap_or(cur.velocity_window),
                guess_focus: f("focus").parse().unwrap_or(cur.guess_focus),
                guess_points_per_day: f("ppd").parse().unwrap_or(cur.guess_points_per_day),
            }),
            "Settings saved.",
        );
    };
    let cur = move || board.with(|b| b.settings.clone());
    view! {
        <section class="card" aria-labelledby="capacity-heading">
            <h2 id="capacity-heading">"Capacity"</h2>
            {move || {
                figures
                    .get()
                    .map(|(pd, hours, pc, cut)| {
                        let guess = pc.basis == Basis::Guess;
                        let basis = match pc.basis {
                            Basis::Velocity { sprints } => {
                                format!(
                                    "From the velocity of the last {sprints} completed sprints, scaled to this sprint's person-days; range {} to {}.",
                                    decimal(pc.low, 1),
                                    decimal(pc.high, 1),
                                )
                            }
                            Basis::Guess => {
                                "A guess: no completed sprint yet, so person-days × focus factor × points per person-day. Complete sprints to replace it with your velocity."
                                    .into()
                            }
                        };
                        let unestimated = cut.unestimated.len();
                        view! {
                            <dl class="stats capacity-figures">
                                <div>
                                    <dt>"Person-days"</dt>
                                    <dd>{Points(pd).to_string()}</dd>
                                </div>
                                <div>
                                    <dt>"Hours"</dt>
                                    <dd>{Points(hours as u32).to_string()}</dd>
                                </div>
                                <div>
                                    <dt>"Points capacity"</dt>
                                    <dd aria-label="Points capacity">{decimal(pc.points, 1)}</dd>
                                </div>
                                <div>
                                    <dt>"Fits above the line"</dt>
                                    <dd>{format!("{} stories, {} points", cut.fits, cut.points)}</dd>
                                </div>
                                <div>
                                    <dt>"Committed (in sprint)"</dt>
                                    <dd>{cut.committed.to_string()}</dd>
                                </div>
                            </dl>
                            <p class:notice=guess class="muted">
                                {basis}
                            </p>
                            {cut
                                .over_by
                                .map(|o| {
                                    view! {
                                        <p class="notice notice-error" role="alert">
                                            {format!(
                                                "The stories marked “In sprint” exceed the capacity by {} points.",
                                                decimal(o, 1),
                                            )}
                                        </p>
                                    }
                                })}
                            {(unestimated > 0)
                                .then(|| {
                                    view! {
                                        <p class="notice">
                                            {if unestimated == 1 {
                                                "1 story above the line has no estimate, so the line may be too low. Estimate it in Poker."
                                                    .to_owned()
                                            } else {
                                                format!(
                                                    "{unestimated} stories above the line have no estimate, so the line may be too low. Estimate them in Poker.",
                                                )
                                            }}
                                        </p>
                                    }
                                })}
                        }
                    })
            }}
            <form class="inline-form" on:submit=settings>
                <label class="field">
                    <span>"Velocity over the last N sprints"</span>
                    <input
                        class="input"
                        type="number"
                        min="1"
                        max="12"
                        name="window"
                        prop:value=move || cur().velocity_window.to_string()
                    />
                </label>
                <label class="field">
                    <span>"Focus factor % (no history)"</span>
                    <input
                        class="input"
                        type="number"
                        min="0"
                        max="100"
                        name="focus"
                        prop:value=move || cur().guess_focus.to_string()
                    />
                </label>
                <label class="field">
                    <span>"Points per person-day (no history)"</span>
                    <input
                        class="input"
                        inputmode="decimal"
                        name="ppd"
                        prop:value=move || cur().guess_points_per_day.to_string()
                    />
                </label>
                <button type="submit" class="btn">
                    "Apply"
                </button>
            </form>
            <CutLineList />
        </section>
    }
}
