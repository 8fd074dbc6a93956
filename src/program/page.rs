//! The Program page: several teams' boards planned together. Teams come in as snapshots (from
//! this browser, a board link or a file, after a preview); the grid aligns their sprints by
//! date with the dependencies drawn over it; shared resources are booked; risks sit on a ROAM
//! board; the steering summary goes out as Markdown and as a read-only link, and each team gets
//! its own view back as a link. All the figures come from `domain::program`.

use leptos::prelude::*;

use super::dependencies::DependenciesCard;
use super::desk::{Desk, mark, measure};
use super::grid::GridCard;
use super::milestones::MilestonesCard;
use super::resources::ResourcesCard;
use super::risks::RisksCard;
use super::snapshot_preview::{Pending, PreviewDialog};
use super::steering::SteeringCard;
use super::teams::TeamsCard;
use crate::ui::status_line::{Status, StatusLine};
use crate::ui::step_button::StepButton;

/// The Program page.
#[component]
pub fn ProgramPage() -> impl IntoView {
    mark("sprintdeck-program-render-start");
    let desk = Desk::open();
    measure("sprintdeck-program-read", "sprintdeck-program-render-start", false);
    provide_context(desk);
    let status = Status::provide();
    let pending = Pending(RwSignal::new(Vec::new()));
    provide_context(pending);
    let program = desk.program();
    // The bench's measures: the first render, then each change, until the browser has laid out
    // and painted the result (the next animation frame, then a task after it).
    Effect::new(move |first: Option<()>| {
        program.track();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if first.is_none() {
                        measure("sprintdeck-program-render", "sprintdeck-program-render-start", true);
                    } else {
                        measure("sprintdeck-program-update", "sprintdeck-program-update-start", true);
                    }
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let has_teams = Memo::new(move |_| program.with(|p| !p.teams.is_empty()));
    let Pending(queue) = pending;
    view! {
        <section class="page program-page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Program"</h1>
                    <p class="page-summary">
                        "Several teams' plans together: the grid, dependencies, shared resources, risks and the steering summary."
                    </p>
                </div>
                <UndoRedo />
            </header>
            {move || {
                desk.problem()
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {p}
                            </p>
                        }
                    })
            }}
            <StatusLine status />
            <TeamsCard />
            {move || {
                has_teams
                    .get()
                    .then(|| {
                        view! {
                            <GridCard />
                            <DependenciesCard />
                            <ResourcesCard />
                            <RisksCard />
                            <MilestonesCard />
                            <SteeringCard />
                        }
                    })
            }}
            {move || queue.with(|q| q.first().cloned()).map(|board| view! { <PreviewDialog board /> })}
        </section>
    }
}

/// Undo and redo of the program's changes (in this tab, since the page opened).
#[component]
fn UndoRedo() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let owned = |l: Signal<Option<&'static str>>| Signal::derive(move || l.get().map(str::to_owned));
    let (undo_label, redo_label) = (owned(desk.undo_label()), owned(desk.redo_label()));
    let say = move |result: Result<Option<&'static str>, String>, done: &str, none: &str| {
        status.tell(match result {
            Ok(Some(what)) => format!("{done}: {what}."),
            Ok(None) => none.to_owned(),
            Err(e) => e,
        });
    };
    view! {
        <div class="toolbar">
            <StepButton verb="Undo" label=undo_label on_press=move || say(desk.undo(), "Undone", "Nothing to undo.") />
            <StepButton verb="Redo" label=redo_label on_press=move || say(desk.redo(), "Redone", "Nothing to redo.") />
        </div>
    }
}
