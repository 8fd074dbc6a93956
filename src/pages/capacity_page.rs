//! Sprint capacity: the sprint's calendar, the team's availability, points from velocity, the
//! commitment cut line, the velocity history, and a Monte Carlo forecast.

use leptos::prelude::*;

use crate::components::charts::{BarChart, Series};
use crate::domain::board::{Member, Sprint, SprintResult};
use crate::domain::calendar::{self, Weekday};
use crate::domain::capacity::{self, Basis, LEVELS, member_capacity, works_on};
use crate::domain::{Action, Board, Date, MemberId, Points, decimal};
use crate::state::Store;

/// Hundredths as text ("12.5").
fn hundredths(n: u32) -> String {
    Points(n).to_string()
}

/// The sprint being planned, as a copy.
fn planned(board: &Board) -> Option<Sprint> {
    capacity::planned(board).cloned()
}

/// The Capacity page.
#[component]
pub fn CapacityPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let message = RwSignal::new(None::<String>);
    provide_context(Msg(message));
    let has_sprint = move || store.board().with(|b| planned(b).is_some());
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Capacity"</h1>
                    <p class="page-summary">"What fits into this sprint, and when the rest is likely done."</p>
                </div>
            </header>
            <p role="status" class="toast-inline">{move || message.get()}</p>
            <SprintCard />
            {move || has_sprint().then(|| view! {
                <TeamCard />
                <CapacityCard />
            })}
            <HistoryCard />
            <ForecastCard />
            <ImpedimentsCard />
        </section>
    }
}

#[derive(Clone, Copy)]
struct Msg(RwSignal<Option<String>>);

/// Shows `text` in the page's status line.
fn tell(text: impl Into<String>) {
    let Msg(m) = expect_context::<Msg>();
    m.set(Some(text.into()));
}

/// Reports the outcome of a change: `ok`, or why it was refused.
fn say(r: Result<impl Sized, crate::domain::DomainError>, ok: &str) {
    tell(match r {
        Ok(_) => ok.to_owned(),
        Err(e) => e.to_string(),
    });
}

fn default_sprint(today: Date) -> Sprint {
    Sprint::two_weeks("Sprint 1", Sprint::first_start(today))
}

#[component]
fn SprintCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let current = Memo::new(move |_| board.with(planned));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let base =
            current.get_untracked().unwrap_or_else(|| default_sprint(Date::from_millis(crate::browser::now_ms())));
        let Ok(start) = f("start").parse::<Date>() else {
            tell("The start date is not a date (YYYY-MM-DD).");
            return;
        };
        let holidays = match calendar::parse_list(&f("holidays")) {
            Ok(h) => h,
            Err(e) => {
                tell(format!("Holidays: {e}."));
                return;
            }
        };
        let weekdays = Weekday::ALL
            .iter()
            .filter(|d| f(&format!("wd-{}", d.short())) == "on")
            .fold(0u8, |acc, d| acc | (1 << *d as u8));
        let hours = f("hours").replace(',', ".").parse::<Points>().map(|p| p.0).unwrap_or(base.hours_per_day);
        let sprint = Sprint {
            name: f("name"),
            start,
            working_days: f("days").parse().unwrap_or(0),
            weekdays,
            holidays,
            hours_per_day: hours,
            goal: f("goal"),
            ..base
        };
        say(store.dispatch(Action::SaveSprint { sprint }), "Sprint saved.");
    };
    let form = move || {
        let s = current.get().unwrap_or_else(|| default_sprint(Date::from_millis(crate::browser::now_ms())));
        let is_new = s.id.0 == 0;
        let weekday_boxes = Weekday::ALL
            .iter()
            .map(|d| {
                let on = works_on(s.weekdays, *d);
                view! {
                    <label class="check-field day-box">
                        <input type="checkbox" name=format!("wd-{}", d.short()) checked=on />
                        <span>{d.short()}</span>
                    </label>
                }
            })
            .collect_view();
        let span = s.span();
        let summary = if is_new {
            String::new()
        } else {
            format!(
                "{} to {}: {} working days, {} of them holidays.",
                span.first().map(Date::to_string).unwrap_or_default(),
                s.end(),
                span.len(),
                span.len() - s.team_days().len()
            )
        };
        view! {
            <form class="sprint-form" on:submit=submit>
                <div class="field-row">
                    <label class="field"><span>"Sprint name"</span><input class="input" name="name" maxlength="80" value=s.name.clone() /></label>
                    <label class="field"><span>"Start date"</span><input class="input" type="date" name="start" value=s.start.to_string() /></label>
                    <label class="field"><span>"Length (working days)"</span><input class="input" type="number" min="1" max="60" name="days" value=s.working_days.to_string() /></label>
                    <label class="field"><span>"Hours per day"</span><input class="input" inputmode="decimal" name="hours" value=hundredths(s.hours_per_day) /></label>
                </div>
                <fieldset class="weekdays">
                    <legend>"Working days"</legend>
                    {weekday_boxes}
                </fieldset>
                <label class="field">
                    <span>"Team holidays (dates, separated by commas)"</span>
                    <input class="input" name="holidays" placeholder="2026-12-24, 2026-12-25" value=calendar::list_text(&s.holidays) />
                </label>
                <label class="field"><span>"Sprint goal"</span><textarea class="input" name="goal" rows="2">{s.goal.clone()}</textarea></label>
                <p class="muted">{summary}</p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">{if is_new { "Plan this sprint" } else { "Save sprint" }}</button>
                </div>
            </form>
        }
    };
    view! {
        <section class="card" aria-labelledby="sprint-heading">
            <h2 id="sprint-heading">{move || if current.get().is_some() { "This sprint" } else { "Plan a sprint" }}</h2>
            {form}
        </section>
    }
}

#[component]
fn TeamCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let rows = move || {
        board.with(|b| {
            let Some(s) = planned(b) else { return Vec::new() };
            b.members.iter().map(|m| (m.clone(), member_capacity(m, &s), s.hours_per_day)).collect::<Vec<_>>()
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let member = Member {
            id: MemberId(0),
            name: f("name"),
            role: f("role"),
            allocation: f("allocation").parse().unwrap_or(100),
            days_off: Vec::new(),
            focus: None,
        };
        let r = store.dispatch(Action::SaveMember { member });
        let ok = r.is_ok();
        say(r, "Team member added.");
        if ok {
            crate::browser::reset_form(&ev);
        }
    };
    view! {
        <section class="card" aria-labelledby="team-heading">
            <h2 id="team-heading">"Team"</h2>
            <div class="table-scroll">
                <table class="team">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Allocation %"</th>
                            <th scope="col">"Focus %"</th>
                            <th scope="col">"Days off"</th>
                            <th scope="col">"Days"</th>
                            <th scope="col">"Person-days"</th>
                            <th scope="col">"Hours"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows().into_iter().map(|(m, c, hours)| view! { <MemberRow member=m cap=c hours /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form class="inline-form" on:submit=add>
                <label class="field"><span>"Name"</span><input class="input" name="name" maxlength="80" required /></label>
                <label class="field"><span>"Role"</span><input class="input" name="role" maxlength="80" /></label>
                <label class="field"><span>"Allocation %"</span><input class="input" type="number" min="0" max="100" name="allocation" value="100" /></label>
                <button type="submit" class="btn">"Add member"</button>
            </form>
        </section>
    }
}

#[component]
fn MemberRow(member: Member, cap: capacity::MemberCapacity, hours: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let name = member.name.clone();
    let m = StoredValue::new(member.clone());
    let save = move |f: &dyn Fn(&mut Member)| {
        let mut next = m.get_value();
        f(&mut next);
        say(store.dispatch(Action::SaveMember { member: next }), "Saved.");
    };
    let person_hours = u64::from(cap.person_days) * u64::from(hours) / 100;
    view! {
        <tr>
            <th scope="row">
                <input class="input input-inline" aria-label=format!("Name of {name}") value=member.name.clone()
                    on:change=move |ev| { let v = event_target_value(&ev); save(&|x: &mut Member| x.name = v.clone()) } />
            </th>
            <td>
                <input class="input input-inline" aria-label=format!("Role of {name}") value=member.role.clone()
                    on:change=move |ev| { let v = event_target_value(&ev); save(&|x: &mut Member| x.role = v.clone()) } />
            </td>
            <td>
                <input class="input input-inline num" type="number" min="0" max="100" aria-label=format!("Allocation of {name}") value=member.allocation.to_string()
                    on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(100); save(&|x: &mut Member| x.allocation = v) } />
            </td>
            <td>
                <input class="input input-inline num" type="number" min="0" max="100" aria-label=format!("Focus of {name}") placeholder="100"
                    value=member.focus.map(|f| f.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); save(&|x: &mut Member| x.focus = v) } />
            </td>
            <td>
                <input class="input input-inline dates" aria-label=format!("Days off of {name}") placeholder="YYYY-MM-DD, …"
                    value=calendar::list_text(&member.days_off)
                    on:change=move |ev| {
                        match calendar::parse_list(&event_target_value(&ev)) {
                            Ok(d) => save(&|x: &mut Member| x.days_off = d.clone()),
                            Err(e) => { tell(format!("Days off: {e}.")); }
                        }
                    } />
            </td>
            <td class="num">{cap.days.to_string()}</td>
            <td class="num">{hundredths(cap.person_days)}</td>
            <td class="num">{hundredths(person_hours as u32)}</td>
            <td>
                <button type="button" class="btn btn-quiet btn-danger-text" aria-label=format!("Remove {}", member.name)
                    on:click=move |_| say(store.dispatch(Action::DeleteMember { id: m.get_value().id }), "Team member removed.")>"×"</button>
            </td>
        </tr>
    }
}

#[component]
fn CapacityCard() -> impl IntoView {
    let store = expect_context::<Store>();
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
        say(
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
            {move || figures.get().map(|(pd, hours, pc, cut)| {
                let guess = pc.basis == Basis::Guess;
                let basis = match pc.basis {
                    Basis::Velocity { sprints } => format!("From the velocity of the last {sprints} completed sprints, scaled to this sprint's person-days; range {} to {}.", decimal(pc.low, 1), decimal(pc.high, 1)),
                    Basis::Guess => "A guess: no completed sprint yet, so person-days × focus factor × points per person-day. Complete sprints to replace it with your velocity.".into(),
                };
                let unestimated = cut.unestimated.len();
                view! {
                    <dl class="stats capacity-figures">
                        <div><dt>"Person-days"</dt><dd>{hundredths(pd)}</dd></div>
                        <div><dt>"Hours"</dt><dd>{hundredths(hours as u32)}</dd></div>
                        <div><dt>"Points capacity"</dt><dd aria-label="Points capacity">{decimal(pc.points, 1)}</dd></div>
                        <div><dt>"Fits above the line"</dt><dd>{format!("{} stories, {} points", cut.fits, cut.points)}</dd></div>
                        <div><dt>"Committed (in sprint)"</dt><dd>{cut.committed.to_string()}</dd></div>
                    </dl>
                    <p class:notice=guess class="muted">{basis}</p>
                    {cut.over_by.map(|o| view! { <p class="notice notice-error" role="alert">{format!("The stories marked “In sprint” exceed the capacity by {} points.", decimal(o, 1))}</p> })}
                    {(unestimated > 0).then(|| view! { <p class="notice">{if unestimated == 1 {
                        "1 story above the line has no estimate, so the line may be too low. Estimate it in Poker.".to_owned()
                    } else {
                        format!("{unestimated} stories above the line have no estimate, so the line may be too low. Estimate them in Poker.")
                    }}</p> })}
                }
            })}
            <form class="inline-form" on:submit=settings>
                <label class="field"><span>"Velocity over the last N sprints"</span><input class="input" type="number" min="1" max="12" name="window" prop:value=move || cur().velocity_window.to_string() /></label>
                <label class="field"><span>"Focus factor % (no history)"</span><input class="input" type="number" min="0" max="100" name="focus" prop:value=move || cur().guess_focus.to_string() /></label>
                <label class="field"><span>"Points per person-day (no history)"</span><input class="input" inputmode="decimal" name="ppd" prop:value=move || cur().guess_points_per_day.to_string() /></label>
                <button type="submit" class="btn">"Apply"</button>
            </form>
            <CutLineList />
        </section>
    }
}

/// The open backlog with the commitment line drawn where the capacity runs out.
#[component]
fn CutLineList() -> impl IntoView {
    let store = expect_context::<Store>();
    let rows = move || {
        store.board().with(|b| {
            let Some((_, _, cut)) = capacity::plan(b) else { return Vec::new() };
            let mut total = 0u32;
            capacity::open_stories(&b.stories)
                .take(cut.fits + 5)
                .enumerate()
                .map(|(i, st)| {
                    total += st.estimate.map_or(0, |p| p.0);
                    (i, st.title.clone(), st.estimate, Points(total), i + 1 == cut.fits, i < cut.fits)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>"The commitment line"</h3>
        <ol class="cut-list">
            {move || rows().into_iter().map(|(_, title, est, total, last, above)| view! {
                <li class:below=!above class:cut-after=last>
                    <span class="story-title">{title}</span>
                    <span class="points">{est.map_or_else(|| "no estimate".to_owned(), |p| format!("{p} pts"))}</span>
                    <span class="muted">{format!("Σ {total}")}</span>
                </li>
                {last.then(|| view! { <li class="cut-marker" role="separator" aria-label="Capacity line: the stories below do not fit">"Capacity line"</li> })}
            }).collect_view()}
        </ol>
    }
}

#[component]
fn HistoryCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let done =
        Memo::new(move |_| board.with(|b| capacity::completed(&b.sprints).into_iter().cloned().collect::<Vec<_>>()));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let Ok(start) = f("start").parse::<Date>() else {
            tell("Past sprint: the start is not a date (YYYY-MM-DD).");
            return;
        };
        let num = |k: &str| f(k).replace(',', ".").parse::<Points>().map_err(|e| format!("{k}: {e}"));
        let (committed, completed, pd) = match (num("committed"), num("completed"), num("person_days")) {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                tell(format!("Past sprint: {e}."));
                return;
            }
        };
        let mut sprint = default_sprint(start);
        sprint.start = start;
        sprint.name = f("name");
        sprint.result = Some(SprintResult { committed, completed, person_days: pd.0, scope: None });
        let r = store.dispatch(Action::SaveSprint { sprint });
        let ok = r.is_ok();
        say(r, "Past sprint added.");
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
        say(
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
                    <p id="carry-heading">{format!("{stories} ({points} points) committed to {name} are not done. Carry them into the next sprint?")}</p>
                    <div class="toolbar">
                        <button type="button" class="btn btn-primary" on:click=move |_| {
                            say(store.dispatch(Action::CarryOver { from: id }), "Carried into the next sprint.");
                            asking.set(None);
                        }>"Carry them over"</button>
                        <button type="button" class="btn" on:click=move |_| asking.set(None)>"Leave them"</button>
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
                <BarChart title="Velocity per sprint" unit="points" labels=labels.clone() series=vec![
                    Series { name: "Committed", class: "s-committed", values: committed, line: false },
                    Series { name: "Completed", class: "s-completed", values: completed, line: false },
                ] />
                <BarChart title="Burn-up" unit="points" labels series=vec![
                    Series { name: "Scope", class: "s-scope", values: scope, line: true },
                    Series { name: "Done", class: "s-done", values: done_cum, line: true },
                ] />
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"Velocity history"</h2>
            {move || board.with(|b| planned(b).is_some()).then(|| view! {
                <div class="toolbar">
                    <button type="button" class="btn" on:click=complete>"Complete this sprint"</button>
                    <button type="button" class="btn" on:click=move |_| say(store.dispatch(Action::NextSprint), "Next sprint planned with the same settings.")>"Plan the next sprint"</button>
                </div>
            })}
            {unfinished}
            <Unplaced />
            <div class="table-scroll">
                <table class="history">
                    <thead><tr>
                        <th scope="col">"Sprint"</th><th scope="col">"Start"</th><th scope="col">"Committed"</th>
                        <th scope="col">"Completed"</th><th scope="col">"Person-days"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {move || done.get().into_iter().map(|s| view! { <HistoryRow sprint=s /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form class="inline-form" on:submit=add aria-label="Add a past sprint">
                <label class="field"><span>"Past sprint name"</span><input class="input" name="name" maxlength="80" required /></label>
                <label class="field"><span>"Start"</span><input class="input" type="date" name="start" required /></label>
                <label class="field"><span>"Committed"</span><input class="input num" inputmode="decimal" name="committed" required /></label>
                <label class="field"><span>"Completed"</span><input class="input num" inputmode="decimal" name="completed" required /></label>
                <label class="field"><span>"Person-days"</span><input class="input num" inputmode="decimal" name="person_days" required /></label>
                <button type="submit" class="btn">"Add past sprint"</button>
            </form>
            {chart}
        </section>
    }
}

/// Done stories that no sprint holds (done before SprintDeck kept the sprint of each story):
/// the team says where they were done, or that they count in none. Until then no sprint counts
/// them, so velocity is never counted twice.
#[component]
fn Unplaced() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let waiting = Memo::new(move |_| {
        board.with(|b| {
            let ids: Vec<_> = capacity::unplaced(&b.stories).iter().map(|s| s.id).collect();
            let sprints: Vec<_> = b.sprints.iter().rev().map(|s| (s.id, s.name.clone())).collect();
            (ids, sprints)
        })
    });
    let chosen = RwSignal::new(String::new());
    move || {
        let (ids, sprints) = waiting.get();
        (!ids.is_empty() && !sprints.is_empty()).then(|| {
            let n = ids.len();
            let ids = StoredValue::new(ids);
            let place = move |sprint: crate::domain::ids::SprintId| {
                let done = store.dispatch(Action::PlaceDone { ids: ids.get_value(), sprint });
                say(done, "Placed.");
            };
            let options = sprints
                .iter()
                .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                .collect_view();
            view! {
                <div class="card card-inset" role="group" aria-labelledby="unplaced-heading">
                    <p id="unplaced-heading">{format!(
                        "{n} done {} no sprint counts yet (done before SprintDeck kept the sprint of each story). Which sprint were they done in?",
                        if n == 1 { "story" } else { "stories" }
                    )}</p>
                    <div class="inline-form">
                        <label class="field"><span>"Sprint"</span>
                            <select class="input" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="">"Choose…"</option>
                                {options}
                            </select>
                        </label>
                        <button type="button" class="btn" on:click=move |_| match chosen.get_untracked().parse() {
                            Ok(id) => place(id),
                            Err(_) => tell("Choose the sprint first."),
                        }>"Count them in this sprint"</button>
                        <button type="button" class="btn" on:click=move |_| place(crate::domain::ids::SprintId::OUTSIDE)>"In no sprint"</button>
                    </div>
                </div>
            }
        })
    }
}

#[component]
fn HistoryRow(sprint: Sprint) -> impl IntoView {
    let store = expect_context::<Store>();
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
                tell("Type a number.");
                return;
            };
            let mut sp = s.get_value();
            if let Some(res) = sp.result.as_mut() {
                f(res, v);
            }
            say(store.dispatch(Action::SaveSprint { sprint: sp }), "Saved.");
        }
    };
    view! {
        <tr>
            <th scope="row">{sprint.name.clone()}</th>
            <td>{sprint.start.to_string()}</td>
            <td><input class="input input-inline num" aria-label=format!("Committed in {name}") value=r.committed.to_string() on:change=edit(|x, v| x.committed = v) /></td>
            <td><input class="input input-inline num" aria-label=format!("Completed in {name}") value=r.completed.to_string() on:change=edit(|x, v| x.completed = v) /></td>
            <td><input class="input input-inline num" aria-label=format!("Person-days in {name}") value=hundredths(r.person_days) on:change=edit(|x, v| x.person_days = v.0) /></td>
            <td><button type="button" class="btn btn-quiet btn-danger-text" aria-label=format!("Delete {name}")
                on:click=move |_| say(store.dispatch(Action::DeleteSprint { id: s.get_value().id }), "Sprint deleted.")>"×"</button></td>
        </tr>
    }
}

/// Trials per forecast.
const TRIALS: u32 = 10_000;

#[component]
fn ForecastCard() -> impl IntoView {
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
            let open: Vec<(String, Option<Points>)> =
                capacity::open_stories(&b.stories).map(|s| (s.title.clone(), s.estimate)).collect();
            let start = planned(b).or_else(|| b.sprints.iter().max_by_key(|s| s.start).cloned());
            (f, open, velocities.len(), start)
        })
    });
    let chosen = RwSignal::new(0usize);
    let by_date = RwSignal::new(String::new());
    // Sprint k (1-based) of the forecast, with its end date when the calendar is known.
    let sprint_end = move |k: usize| -> Option<Date> {
        forecast.with(|(_, _, _, start)| {
            let mut s = start.clone()?;
            for _ in 1..k {
                s.start = s.next_start();
            }
            Some(s.end())
        })
    };
    let when = move |k: Option<usize>| match k {
        None => "not within 120 sprints".to_owned(),
        Some(k) => match sprint_end(k) {
            Some(d) => format!("sprint {k} (ends {d})"),
            None => format!("sprint {k}"),
        },
    };
    view! {
        <section class="card" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Forecast"</h2>
            {move || forecast.with(|(f, open, n, _)| {
                if f.trials == 0 {
                    return view! { <p class="notice">"No forecast yet: record at least one completed sprint with points done."</p> }.into_any();
                }
                let short = (*n < 3).then(|| view! { <p class="notice" role="note">{format!("Only {n} completed sprints: too little history for a reliable forecast (3 or more are needed). Treat these figures as rough.")}</p> });
                let rows = open.iter().enumerate().take(30).map(|(i, (title, est))| {
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
                }).collect_view();
                view! {
                    {short}
                    <p class="muted">{format!("{} simulated futures, drawing each sprint's points from your {} completed sprints. Sprint 1 is the sprint being planned.", f.trials, n)}</p>
                    <div class="table-scroll">
                        <table class="forecast">
                            <caption class="visually-hidden">"Likely sprint per story"</caption>
                            <thead><tr><th scope="col">"Story"</th><th scope="col">"Points"</th><th scope="col">"Likely (50 %)"</th><th scope="col">"Safe (85 %)"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            })}
            <div class="field-row">
                <label class="field">
                    <span>"When will this story be done?"</span>
                    <select class="input" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || forecast.with(|(_, open, _, _)| open.iter().enumerate().map(|(i, (t, _))| view! { <option value=i.to_string() selected=move || chosen.get() == i>{t.clone()}</option> }).collect_view())}
                    </select>
                </label>
                <label class="field">
                    <span>"How many stories by date"</span>
                    <input class="input" type="date" prop:value=by_date on:change=move |ev| by_date.set(event_target_value(&ev)) />
                </label>
            </div>
            <ul class="forecast-answers" aria-live="polite">
                {move || forecast.with(|(f, open, _, _)| {
                    if f.trials == 0 || open.is_empty() { return None; }
                    let i = chosen.get().min(open.len() - 1);
                    Some(LEVELS.iter().map(|l| view! { <li>{format!("{l} % sure: done by {}", when(f.sprint_for(i, *l)))}</li> }).collect_view())
                })}
                {move || {
                    let date = by_date.get().parse::<Date>().ok()?;
                    forecast.with(|(f, _, _, start)| {
                        if f.trials == 0 { return None; }
                        let mut s = start.clone()?;
                        let mut k = 0;
                        while s.end() <= date && k < capacity::HORIZON {
                            k += 1;
                            s.start = s.next_start();
                        }
                        Some(LEVELS.iter().map(|l| view! { <li>{format!("By {date}, {l} % sure: at least {} stories", f.stories_by(k, *l))}</li> }).collect_view())
                    })
                }}
            </ul>
            {move || forecast.with(|(f, open, _, _)| {
                if f.trials == 0 || open.is_empty() { return None; }
                let i = chosen.get().min(open.len() - 1);
                let hist = f.histogram(i);
                let last = hist.iter().rposition(|n| *n > 0)?;
                let first = hist.iter().position(|n| *n > 0)?;
                let labels: Vec<String> = (first..=last).map(|k| format!("S{}", k + 1)).collect();
                let values: Vec<f64> = hist[first..=last].iter().map(|n| f64::from(*n) * 100.0 / f64::from(f.trials)).collect();
                Some(view! { <BarChart title="Forecast distribution of the chosen story" unit="% of trials" labels series=vec![Series { name: "Trials finishing in this sprint", class: "s-completed", values, line: false }] /> })
            })}
        </section>
    }
}

/// What stops the team, raised here; a program shows the open ones when the team's snapshot is
/// added to it.
#[component]
fn ImpedimentsCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let raise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let title = crate::browser::form_field(&ev)("impediment");
        let done = store.dispatch(Action::RaiseImpediment { title });
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        say(done, "Impediment raised.");
    };
    let rows = move || {
        board.with(|b| {
            b.impediments
                .iter()
                .enumerate()
                .map(|(index, x)| {
                    let resolved = x.resolved;
                    let label = format!("{} resolved", x.title);
                    let toggle = move |_| {
                        let r = store.dispatch(Action::ResolveImpediment { index, resolved: !resolved });
                        say(r, if resolved { "Impediment open again." } else { "Impediment resolved." });
                    };
                    view! {
                        <li class:resolved=resolved>
                            <label class="check-field">
                                <input type="checkbox" checked=resolved aria-label=label on:change=toggle />
                                <span>{x.title.clone()}</span>
                            </label>
                            <span class="muted">{format!(" raised {}", Date::from_millis(x.raised_at))}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="impediments-heading">
            <h2 id="impediments-heading">"Impediments"</h2>
            <p class="muted">"What stops the team. A program that adds this board's snapshot shows the open ones."</p>
            <form class="inline-form" on:submit=raise aria-label="Raise an impediment">
                <label class="field field-wide"><span>"Impediment"</span><input class="input" name="impediment" maxlength="200" required /></label>
                <button type="submit" class="btn">"Raise impediment"</button>
            </form>
            <ul class="impediment-list">{rows}</ul>
        </section>
    }
}
