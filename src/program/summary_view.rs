//! The steering summary as the Program page and a read-only summary link both show it.

use leptos::prelude::*;

use crate::domain::program::steering::{Outlook, Summary};
use crate::ui::show_more::ShowMore;

/// How many of the things that stop the program are listed at first, and added by each "Show
/// more".
const STOPS_PAGE: usize = 50;

pub fn tenths(t: u8) -> String {
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
                let pct = if p.total.0 == 0 { 0.0 } else { p.done.as_f64() / p.total.as_f64() * 100.0 };
                view! {
                    <li class="progress-row">
                        <span>{p.name.clone()}</span>
                        <span class="meter" aria-hidden="true">
                            <span style:width=format!("{pct:.0}%")></span>
                        </span>
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
                    <td>
                        <span class=outlook_class(m.outlook)>{m.outlook.label()}</span>
                        " "
                        <span class="muted">{m.note.clone()}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    // The first page of what stops the program (2,000 risks may; see `ui::show_more`).
    let shown = RwSignal::new(STOPS_PAGE);
    let total = summary.stopping.len();
    let stopping = StoredValue::new(summary.stopping.clone());
    let stops = move || {
        stopping.with_value(|all| {
            all.iter()
                .take(shown.get())
                .map(|s| {
                    view! {
                        <li>
                            <strong>{s.kind.label()} ": "</strong>
                            {s.text.clone()}
                        </li>
                    }
                })
                .collect_view()
        })
    };
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
                view! { <p class="muted">"No milestone yet: add one to get its forecast at 50 % and 85 %."</p> }
                    .into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="milestones">
                            <thead>
                                <tr>
                                    <th scope="col">"Milestone"</th>
                                    <th scope="col">"Date"</th>
                                    <th scope="col">"Done by (50 %)"</th>
                                    <th scope="col">"Done by (85 %)"</th>
                                    <th scope="col">"Outlook"</th>
                                </tr>
                            </thead>
                            <tbody>{milestones}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            <h3>"What is stopping us"</h3>
            {none
                .then(|| {
                    view! {
                        <p class="muted">"Nothing: no red dependency, booking conflict, open impediment or risk."</p>
                    }
                })}
            <ul class="stops">{stops}</ul>
            <ShowMore shown total=Signal::stored(total) page=STOPS_PAGE what="items" />
        </div>
    }
}
