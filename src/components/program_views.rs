//! Views of a program that also open from links: the steering summary (on the Program page and
//! read-only from a summary link), a team's feedback beside its own plan, and opening a whole
//! program.

use leptos::prelude::*;

use crate::codec::program_link::ProgramLink;
use crate::components::copy_button::CopyButton;
use crate::components::modal::Modal;
use crate::domain::Board;
use crate::domain::program::Light;
use crate::domain::program::steering::{Link, Outlook, Summary, TeamView};
use crate::state::Library;
use crate::state::route::replace_route;
use crate::state::{Route, program::Desk};

/// A time as the reader's browser writes it ("30/11/2026, 14:02").
pub fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
    d.to_locale_string("default", &opts).into()
}

fn tenths(t: u8) -> String {
    crate::domain::decimal(f64::from(t) / 10.0, 1)
}

fn outlook_class(o: Outlook) -> &'static str {
    match o {
        Outlook::OnTrack => "flag flag-ok",
        Outlook::AtRisk | Outlook::Unknown => "flag",
        Outlook::Late => "flag flag-warn",
    }
}

/// Where we are, where we are going, what is stopping us.
#[component]
pub fn SummaryView(summary: Summary) -> impl IntoView {
    let progress = |rows: &[crate::domain::program::steering::Progress]| {
        rows.iter()
            .map(|p| {
                let pct = if p.total.0 == 0 { 0.0 } else { f64::from(p.done.0) / f64::from(p.total.0) * 100.0 };
                view! {
                    <li class="progress-row">
                        <span>{p.name.clone()}</span>
                        <span class="meter" aria-hidden="true"><span style:width=format!("{pct:.0}%")></span></span>
                        <span class="muted">{format!("{} of {} points done", p.done, p.total)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let milestones = summary
        .milestones
        .iter()
        .map(|m| {
            let d = |x: Option<crate::domain::Date>| x.map_or_else(|| "—".to_owned(), |d| d.to_string());
            let scope = if m.feature.is_empty() { String::new() } else { format!(" ({})", m.feature) };
            view! {
                <tr>
                    <th scope="row">{format!("{}{scope}", m.name)}</th>
                    <td>{m.date.to_string()}</td>
                    <td>{d(m.p50)}</td>
                    <td>{d(m.p85)}</td>
                    <td><span class=outlook_class(m.outlook)>{m.outlook.label()}</span> " " <span class="muted">{m.note.clone()}</span></td>
                </tr>
            }
        })
        .collect_view();
    let stops = summary
        .stopping
        .iter()
        .map(|s| view! { <li><strong>{s.kind.label()} ": "</strong>{s.text.clone()}</li> })
        .collect_view();
    let none = summary.stopping.is_empty();
    let no_milestones = summary.milestones.is_empty();
    let features = (!summary.features.is_empty()).then(|| {
        view! {
            <h4>"By feature"</h4>
            <ul class="progress-list">{progress(&summary.features)}</ul>
        }
    });
    let confidence = summary.confidence.map(|c| {
        format!(
            "Confidence (fist of five): {} of 5 on average, {} of {} teams voted.",
            tenths(c),
            summary.voted,
            summary.teams.len()
        )
    });
    view! {
        <div class="summary">
            <h3>"Where we are"</h3>
            <ul class="progress-list">{progress(&summary.teams)}</ul>
            {features}
            {confidence.map(|c| view! { <p>{c}</p> })}
            <h3>"Where we are going"</h3>
            {if no_milestones {
                view! { <p class="muted">"No milestone yet: add one to get its forecast at 50 % and 85 %."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="milestones">
                            <thead><tr><th scope="col">"Milestone"</th><th scope="col">"Date"</th><th scope="col">"Done by (50 %)"</th><th scope="col">"Done by (85 %)"</th><th scope="col">"Outlook"</th></tr></thead>
                            <tbody>{milestones}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h3>"What is stopping us"</h3>
            {none.then(|| view! { <p class="muted">"Nothing: no red dependency, booking conflict, open impediment or risk."</p> })}
            <ul class="stops">{stops}</ul>
        </div>
    }
}

/// A program link opened: a summary or a team's view to read, or a program to open.
#[component]
pub fn ProgramArrival(link: ProgramLink, close: Callback<()>) -> impl IntoView {
    match link {
        ProgramLink::Summary(summary) => {
            let message = RwSignal::new(None::<String>);
            let md = summary.markdown();
            let title = summary.name.clone();
            let made = when(summary.made_at);
            view! {
                <Modal title="Steering summary (read-only)" class="dialog-wide" on_close=close>
                    <p><strong>{title}</strong> <span class="muted">{format!(" — as of {made}")}</span></p>
                    <SummaryView summary />
                    <div class="dialog-actions">
                        <CopyButton label="Copy as Markdown" text=Signal::stored(md) done="Summary copied as Markdown." message />
                        <span role="status" class="muted">{move || message.get()}</span>
                        <span class="spacer"></span>
                        <button type="button" class="btn btn-primary" on:click=move |_| close.run(())>"Close"</button>
                    </div>
                </Modal>
            }
            .into_any()
        }
        ProgramLink::TeamView(view) => view! { <TeamFeedback view close /> }.into_any(),
        ProgramLink::Program(program) => {
            let desk = Desk::open();
            provide_context(desk);
            let message = RwSignal::new(None::<String>);
            let done = Callback::new(move |_| {
                if message.get_untracked().as_deref() == Some("Program opened.") {
                    replace_route(Route::Program);
                } else {
                    close.run(());
                }
            });
            view! { <crate::pages::ReplaceProgram program close=done message /> }.into_any()
        }
    }
}

/// The program's view for one team, beside the team's own plan if this browser has its board.
/// Nothing of the board is changed.
#[component]
fn TeamFeedback(view: TeamView, close: Callback<()>) -> impl IntoView {
    let library = expect_context::<Library>();
    let own: Option<Board> = library.local_board(view.team).and_then(|_| library.read_board(view.team));
    let has_own = own.is_some();
    let own = StoredValue::new(own);
    // Where the team's own story is in its plan now (it may have moved since the snapshot).
    let now_in = move |l: &Link| -> String {
        own.with_value(|b| {
            let Some(b) = b else { return String::new() };
            match b.story(l.own) {
                None => "no longer on your board".into(),
                Some(s) => {
                    let sprint = s.committed_to.and_then(|id| b.sprints.iter().find(|x| x.id == id));
                    format!(
                        "in your plan now: {}",
                        sprint.map_or_else(|| "not in a sprint".to_owned(), |x| x.name.clone())
                    )
                }
            }
        })
    };
    let light = |l: Light| match l {
        Light::Red => "flag flag-warn",
        Light::Amber => "flag",
        Light::Green => "flag flag-ok",
        Light::Grey => "chip",
    };
    let light_word = |l: Light| match l {
        Light::Red => "red: planned in the wrong order",
        Light::Amber => "amber: same sprint",
        Light::Green => "green: in order",
        Light::Grey => "grey: not planned",
    };
    let links = move |items: &[Link], incoming: bool| {
        items
            .iter()
            .map(|l| {
                let other = format!(
                    "“{}” ({}{})",
                    l.other_title,
                    l.other_team,
                    l.other_sprint.as_ref().map_or(String::new(), |s| format!(", {s}"))
                );
                let text = if incoming {
                    format!("{other} needs your “{}”", l.own_title)
                } else {
                    format!("Your “{}” needs {other}", l.own_title)
                };
                view! {
                    <li>
                        <span class=light(l.light)>{light_word(l.light)}</span> " " {text}
                        {has_own.then(|| view! { <span class="muted">{format!(" — {}", now_in(l))}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    let list = |items: Vec<String>, empty: &'static str| {
        if items.is_empty() {
            view! { <p class="muted">{empty}</p> }.into_any()
        } else {
            view! { <ul>{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
        }
    };
    let bookings: Vec<String> = view
        .bookings
        .iter()
        .map(|b| {
            let c = if b.conflicts.is_empty() { "no conflict".to_owned() } else { b.conflicts.join(" ") };
            format!("{}: {} to {} — {c}", b.resource, b.start, b.end)
        })
        .collect();
    let risks: Vec<String> = view.risks.iter().map(|r| r.text.clone()).collect();
    let impediments: Vec<String> = view.impediments.iter().map(|r| r.text.clone()).collect();
    let plan = own.with_value(|b| {
        b.as_ref().map(|b| {
            let mut sprints: Vec<_> = b.sprints.iter().filter(|s| s.result.is_none()).collect();
            sprints.sort_by_key(|s| s.start);
            sprints
                .into_iter()
                .take(4)
                .map(|s| {
                    let titles: Vec<String> = b
                        .stories
                        .iter()
                        .filter(|x| x.committed_to == Some(s.id))
                        .map(|x| x.title.clone())
                        .take(12)
                        .collect();
                    view! {
                        <li><strong>{format!("{} ({} to {})", s.name, s.start, s.end())}</strong>
                            <ul>{titles.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                        </li>
                    }
                })
                .collect_view()
        })
    });
    let vote = match (view.own_vote, view.confidence) {
        (Some(o), Some(a)) => {
            format!("Your confidence vote: {} of 5; the program's average: {} of 5.", tenths(o), tenths(a))
        }
        (None, Some(a)) => format!("You have not voted; the program's average: {} of 5.", tenths(a)),
        _ => "No team has voted its confidence yet.".to_owned(),
    };
    let heading = format!("{} — feedback for {}", view.program, view.team_name);
    let intro = if has_own {
        format!(
            "From the program as of {}, made from your snapshot of {}. Shown beside your own board; nothing on it was changed.",
            when(view.made_at),
            when(view.taken_at)
        )
    } else {
        format!(
            "From the program as of {}. This browser has no board of {}: open the link where the team's board is to see it beside your plan.",
            when(view.made_at),
            view.team_name
        )
    };
    view! {
        <Modal title="What the program says to your team" class="dialog-wide" on_close=close>
            <p><strong>{heading}</strong></p>
            <p class="muted">{intro}</p>
            <div class="feedback-grid">
                <div>
                    <h3>"Other teams need from you"</h3>
                    {if view.incoming.is_empty() { view! { <p class="muted">"Nothing."</p> }.into_any() } else { view! { <ul class="dep-list">{links(&view.incoming, true)}</ul> }.into_any() }}
                    <h3>"You need from other teams"</h3>
                    {if view.outgoing.is_empty() { view! { <p class="muted">"Nothing."</p> }.into_any() } else { view! { <ul class="dep-list">{links(&view.outgoing, false)}</ul> }.into_any() }}
                    <h3>"Your bookings"</h3>
                    {list(bookings, "No booking.")}
                    <h3>"Risks"</h3>
                    {list(risks, "No open risk.")}
                    <h3>"Impediments"</h3>
                    {list(impediments, "No open impediment.")}
                    <p>{vote}</p>
                </div>
                {plan.map(|items| view! {
                    <div>
                        <h3>"Your plan"</h3>
                        <ul class="plan-list">{items}</ul>
                    </div>
                })}
            </div>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn btn-primary" on:click=move |_| close.run(())>"Close"</button>
            </div>
        </Modal>
    }
}
