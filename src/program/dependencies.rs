//! Cross-team dependencies: pick a story that needs another, listed with their colour by sprint
//! order (a cycle is refused by the domain).

use leptos::prelude::*;

use super::desk::Desk;
use super::remove_button::remove_button;
use crate::domain::program::{Dependency, Program, ProgramChange, StoryRef};
use crate::ui::show_more::ShowMore;
use crate::ui::status_line::Status;

/// How many dependencies are listed at first, and added by each "Show more".
const DEPENDENCIES_PAGE: usize = 100;

/// The stories of every team, as `<optgroup>`s for a select.
fn story_options(p: &Program) -> Vec<(String, Vec<(String, String)>)> {
    p.teams
        .iter()
        .map(|t| {
            let stories = t
                .board
                .stories
                .iter()
                .map(|s| (StoryRef { team: t.board.id, story: s.id }.to_string(), s.title.clone()))
                .collect();
            (t.board.name.clone(), stories)
        })
        .collect()
}

#[component]
pub fn DependenciesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let program = desk.program();
    // Rebuilt only when the teams' stories change, not on every change of the program.
    let options = Memo::new(move |_| program.with(story_options));
    // A team first, then one of its stories: a hundred options rather than every team's.
    let select = move |name: &'static str, label: &'static str, team_label: &'static str, first: usize| {
        let team = RwSignal::new(first);
        view! {
            <label class="field">
                <span>{team_label}</span>
                <select class="input" on:change=move |ev| team.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || {
                        options
                            .with(|o| {
                                o.iter()
                                    .enumerate()
                                    .map(|(i, (name, _))| {
                                        view! {
                                            <option value=i.to_string() selected=i == team.get_untracked()>
                                                {name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
            </label>
            <label class="field field-wide">
                <span>{label}</span>
                <select class="input" name=name required>
                    <option value="">"Choose a story"</option>
                    {move || {
                        options
                            .with(|o| {
                                o.get(team.get())
                                    .map(|(_, stories)| {
                                        stories
                                            .iter()
                                            .map(|(v, t)| view! { <option value=v.clone()>{t.clone()}</option> })
                                            .collect_view()
                                    })
                            })
                    }}
                </select>
            </label>
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let (Ok(needs), Ok(needed)) = (f("needs").parse::<StoryRef>(), f("needed").parse::<StoryRef>()) else {
            status.tell("Choose both stories.");
            return;
        };
        let dependency = Dependency { needs, needed };
        match desk.apply(ProgramChange::AddDependency { dependency }) {
            Ok(()) => {
                let l = desk.program().with_untracked(|p| p.light(&dependency));
                status.tell(format!("Dependency added. {}.", l.meaning()))
            }
            Err(e) => status.tell(e),
        }
    };
    // The first page of them (a program may hold 2,000; see `ui::show_more`).
    let shown = RwSignal::new(DEPENDENCIES_PAGE);
    let total = Signal::derive(move || program.with(|p| p.dependencies.len()));
    let list = move || {
        program.with(|p| {
            p.dependencies
                .iter()
                .take(shown.get())
                .map(|d| {
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
                        <li class=format!("dep-item dep-{}", l.key())>
                            <span class="dep-swatch" aria-hidden="true"></span>
                            <span class="dep-text">
                                {text}<br /><span class="muted">{l.meaning()} " · " {sprints}</span>
                            </span>
                            {remove_button(
                                (desk, status),
                                remove_label,
                                "Remove",
                                "Dependency removed.",
                                ProgramChange::RemoveDependency {
                                    dependency: *d,
                                },
                            )}
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
                <button type="submit" class="btn">
                    "Add dependency"
                </button>
            </form>
            {move || {
                program.with(|p| p.dependencies.is_empty()).then(|| view! { <p class="muted">"No dependency yet."</p> })
            }}
            <ul class="dep-list" aria-label="Dependencies">
                {list}
            </ul>
            <ShowMore shown total page=DEPENDENCIES_PAGE what="dependencies" />
        </section>
    }
}
