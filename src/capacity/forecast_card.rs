//! The seeded Monte Carlo forecast: when each open story is likely done, when a chosen one is
//! done at 50/85/95 %, and how many stories are done by a date.

use leptos::prelude::*;

use crate::domain::board::Sprint;
use crate::domain::capacity::{self, Forecast, LEVELS};
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::domain::{Date, Points};
use crate::state::Store;
use crate::ui::charts::{BarChart, Series};

/// Trials per forecast.
const TRIALS: u32 = 10_000;

/// What the card shows: the forecast, the open stories it is about (title, estimate), how many
/// completed sprints it drew from, and the sprint its "sprint 1" is (for the dates).
#[derive(Clone, PartialEq)]
struct Shown {
    forecast: Forecast,
    open: Vec<(String, Option<Points>)>,
    history: usize,
    first: Option<Sprint>,
}

#[component]
pub fn ForecastCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let forecast = Memo::new(move |_| {
        board.with(|b| {
            let velocities: Vec<u32> =
                capacity::completed(&b.sprints).iter().filter_map(|s| s.result).map(|r| r.completed.0).collect();
            let seed = capacity::seed_of(b, &velocities);
            // The bench reads the `sprintdeck-forecast` measure.
            let perf = window().performance();
            if let Some(p) = &perf {
                let _ = p.mark("sprintdeck-forecast-start");
            }
            let f = capacity::forecast(&b.stories, &velocities, TRIALS, seed);
            if let Some(p) = &perf {
                let _ = p.mark("sprintdeck-forecast-end");
                let _ = p.measure_with_start_mark_and_end_mark(
                    "sprintdeck-forecast",
                    "sprintdeck-forecast-start",
                    "sprintdeck-forecast-end",
                );
            }
            let open = capacity::open_stories(&b.stories).map(|s| (s.title.clone(), s.estimate)).collect();
            Shown {
                forecast: f,
                open,
                history: velocities.len(),
                first: capacity::forecast_start(b, crate::browser::today()),
            }
        })
    });
    let chosen = RwSignal::new(0usize);
    let by_date = RwSignal::new(String::new());
    // Sprint k (1-based) of the forecast, with its end date when the calendar is known.
    let when = move |k: Option<usize>| match k {
        None => "not within 120 sprints".to_owned(),
        Some(k) => match forecast.with(|s| s.first.as_ref().map(|first| capacity::sprint_end(first, k))) {
            Some(d) => format!("sprint {k} (ends {d})"),
            None => format!("sprint {k}"),
        },
    };
    view! {
        <section class="card" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Forecast"</h2>
            {move || {
                forecast
                    .with(|Shown { forecast: f, open, history: n, .. }| {
                        if f.trials == 0 {
                            return view! {
                                <p class="notice">
                                    "No forecast yet: record at least one completed sprint with points done."
                                </p>
                            }
                                .into_any();
                        }
                        let short = (*n < 3)
                            .then(|| {
                                view! {
                                    <p class="notice" role="note">
                                        {format!(
                                            "Only {n} completed sprints: too little history for a reliable forecast (3 or more are needed). Treat these figures as rough.",
                                        )}
                                    </p>
                                }
                            });
                        let rows = open
                            .iter()
                            .enumerate()
                            .take(30)
                            .map(|(i, (title, est))| {
                                let s50 = f.sprint_for(i, 50);
                                let s85 = f.sprint_for(i, 85);
                                view! {
                                    <tr>
                                        <th scope="row">{title.clone()}</th>
                                        <td class="num">{est.map_or_else(|| "—".to_owned(), |p| p.to_string())}</td>
                                        <td>{s50.map_or_else(|| "—".to_owned(), |k| format!("Sprint {k}"))}</td>
                                        <td>{s85.map_or_else(|| "—".to_owned(), |k| format!("Sprint {k}"))}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            {short}
                            <p class="muted">
                                {format!(
                                    "{} simulated futures, drawing each sprint's points from your {} completed sprints. Sprint 1 is the first sprint that has not ended yet.",
                                    f.trials,
                                    n,
                                )}
                            </p>
                            <div class="table-scroll">
                                <table class="forecast">
                                    <caption class="visually-hidden">"Likely sprint per story"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Story"</th>
                                            <th scope="col">"Points"</th>
                                            <th scope="col">"Likely (50 %)"</th>
                                            <th scope="col">"Safe (85 %)"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    })
            }}
            <div class="field-row">
                <label class="field">
                    <span>"When will this story be done?"</span>
                    <select class="input" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || {
                            forecast
                                .with(|s| {
                                    s.open
                                        .iter()
                                        .enumerate()
                                        .map(|(i, (t, _))| {
                                            view! {
                                                <option value=i.to_string() selected=move || chosen.get() == i>
                                                    {t.clone()}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </select>
                </label>
                <label class="field">
                    <span>"How many stories by date"</span>
                    <input
                        class="input"
                        type="date"
                        min=DATE_MIN
                        max=DATE_MAX
                        prop:value=by_date
                        on:change=move |ev| by_date.set(event_target_value(&ev))
                    />
                </label>
            </div>
            <ul class="forecast-answers" aria-live="polite">
                {move || {
                    forecast
                        .with(|Shown { forecast: f, open, .. }| {
                            if f.trials == 0 || open.is_empty() {
                                return None;
                            }
                            let i = chosen.get().min(open.len() - 1);
                            Some(
                                LEVELS
                                    .iter()
                                    .map(|l| {
                                        view! {
                                            <li>{format!("{l} % sure: done by {}", when(f.sprint_for(i, *l)))}</li>
                                        }
                                    })
                                    .collect_view(),
                            )
                        })
                }}
                {move || {
                    let date = by_date.get().parse::<Date>().ok()?;
                    forecast
                        .with(|Shown { forecast: f, first, .. }| {
                            if f.trials == 0 {
                                return None;
                            }
                            let k = capacity::sprints_ending_by(first.as_ref()?, date);
                            Some(
                                LEVELS
                                    .iter()
                                    .map(|l| {
                                        view! {
                                            <li>
                                                {format!(
                                                    "By {date}, {l} % sure: at least {} stories",
                                                    f.stories_by(k, *l),
                                                )}
                                            </li>
                                        }
                                    })
                                    .collect_view(),
                            )
                        })
                }}
            </ul>
            {move || {
                forecast
                    .with(|Shown { forecast: f, open, .. }| {
                        if f.trials == 0 || open.is_empty() {
                            return None;
                        }
                        let i = chosen.get().min(open.len() - 1);
                        let hist = f.histogram(i);
                        let last = hist.iter().rposition(|n| *n > 0)?;
                        let first = hist.iter().position(|n| *n > 0)?;
                        let labels: Vec<String> = (first..=last).map(|k| format!("S{}", k + 1)).collect();
                        let values: Vec<f64> = hist[first..=last]
                            .iter()
                            .map(|n| f64::from(*n) * 100.0 / f64::from(f.trials))
                            .collect();
                        Some(
                            view! {
                                <BarChart
                                    title="Forecast distribution of the chosen story"
                                    unit="% of trials"
                                    labels
                                    series=vec![
                                        Series {
                                            name: "Trials finishing in this sprint",
                                            class: "s-completed",
                                            values,
                                            line: false,
                                        },
                                    ]
                                />
                            },
                        )
                    })
            }}
        </section>
    }
}
