//! What the program says to one team, opened from its feedback link, beside the team's own plan
//! where this browser has its board. Nothing of the board is changed.

use leptos::prelude::*;

use super::summary_view::tenths;
use crate::browser::local_time;
use crate::domain::Board;
use crate::domain::program::Light;
use crate::domain::program::steering::{Link, TeamView};
use crate::state::Library;
use crate::ui::modal::Modal;

/// The program's view for one team, beside the team's own plan if this browser has its board.
/// Nothing of the board is changed.
#[component]
pub fn TeamFeedback(view: TeamView, close: Callback<()>) -> impl IntoView {
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
                        <span class=light(l.light)>{light_word(l.light)}</span>
                        " "
                        {text}
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
                        <li>
                            <strong>{format!("{} ({} to {})", s.name, s.start, s.end())}</strong>
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
            local_time(view.made_at),
            local_time(view.taken_at)
        )
    } else {
        format!(
            "From the program as of {}. This browser has no board of {}: open the link where the team's board is to see it beside your plan.",
            local_time(view.made_at),
            view.team_name
        )
    };
    view! {
        <Modal title="What the program says to your team" class="dialog-wide" on_close=close>
            <p>
                <strong>{heading}</strong>
            </p>
            <p class="muted">{intro}</p>
            <div class="feedback-grid">
                <div>
                    <h3>"Other teams need from you"</h3>
                    {if view.incoming.is_empty() {
                        view! { <p class="muted">"Nothing."</p> }.into_any()
                    } else {
                        view! { <ul class="dep-list">{links(&view.incoming, true)}</ul> }.into_any()
                    }}
                    <h3>"You need from other teams"</h3>
                    {if view.outgoing.is_empty() {
                        view! { <p class="muted">"Nothing."</p> }.into_any()
                    } else {
                        view! { <ul class="dep-list">{links(&view.outgoing, false)}</ul> }.into_any()
                    }}
                    <h3>"Your bookings"</h3>
                    {list(bookings, "No booking.")}
                    <h3>"Risks"</h3>
                    {list(risks, "No open risk.")}
                    <h3>"Impediments"</h3>
                    {list(impediments, "No open impediment.")}
                    <p>{vote}</p>
                </div>
                {plan
                    .map(|items| {
                        view! {
                            <div>
                                <h3>"Your plan"</h3>
                                <ul class="plan-list">{items}</ul>
                            </div>
                        }
                    })}
            </div>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn btn-primary" on:click=move |_| close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}
