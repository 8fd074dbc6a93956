//! The steering summary card: where we are, where we are going, what is stopping us; its
//! burn-up; and the ways it leaves (Markdown, a read-only link), with the whole program as a
//! link or a file.

use leptos::prelude::*;

use super::desk::Desk;
use super::import_program::ImportProgram;
use super::summary_view::SummaryView;
use crate::codec::program_link;
use crate::codec::share;
use crate::domain::program::steering::Simulations;
use crate::state::Route;
use crate::state::route::share_url;
use crate::ui::charts::{BarChart, Series};
use crate::ui::copy_button::CopyButton;
use crate::ui::link_output::LinkOutput;

/// The steering summary, its burn-up, and the ways it leaves: Markdown and a read-only link;
/// and the whole program as a file or a link.
#[component]
pub fn SteeringCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    // The teams' simulated futures are kept until a snapshot changes: a vote, a dependency or
    // a booking does not make them again.
    let sims = StoredValue::new(None::<Simulations>);
    let summary = Memo::new(move |_| {
        program.with(|p| {
            if p.milestones.is_empty() {
                return p.summary(crate::browser::today(), crate::browser::now_ms());
            }
            sims.update_value(|s| {
                if s.as_ref().is_none_or(|s| !s.fits(p)) {
                    *s = Some(p.simulate(crate::browser::today()));
                }
            });
            sims.with_value(|s| s.as_ref().map(|s| p.summary_with(s, crate::browser::now_ms())))
                .unwrap_or_else(|| p.summary(crate::browser::today(), crate::browser::now_ms()))
        })
    });
    let message = RwSignal::new(None::<String>);
    let link = Signal::derive(move || share_url(&summary.with(program_link::encode_summary)));
    // The whole program's link is made on demand: deflating every team's board costs tens of
    // milliseconds for 8 teams × 100 stories, too much to pay on every change.
    let program_payload = RwSignal::new(None::<String>);
    Effect::new(move || {
        program.track();
        program_payload.set(None);
    });
    let make_link = move |_| program_payload.set(Some(program.with_untracked(program_link::encode_program)));
    let program_url = Signal::derive(move || program_payload.with(|p| p.as_deref().map(share_url).unwrap_or_default()));
    let too_long = move || program_payload.with(|p| p.as_ref().is_some_and(|p| p.len() > share::MAX_LINK_CHARS));
    let markdown = Signal::derive(move || summary.with(|s| s.markdown()));
    let download_md = move |_| {
        let name = summary.with_untracked(|s| crate::browser::file_stem(&s.name));
        if let Err(e) =
            crate::browser::download(&format!("{name}-summary.md"), "text/markdown", &markdown.get_untracked())
        {
            message.set(Some(e));
        }
    };
    let export = move |_| {
        let (name, text) =
            program.with_untracked(|p| (crate::browser::file_stem(&p.name), crate::storage::format::encode_program(p)));
        if let Err(e) = crate::browser::download(&format!("{name}-program.json"), "application/json", &text) {
            message.set(Some(e));
        }
    };
    let chart = move || {
        summary.with(|s| {
            (s.burnup.len() > 1).then(|| {
                let labels = s.burnup.iter().map(|b| b.date.to_string()).collect();
                let done = s.burnup.iter().map(|b| b.done.as_f64()).collect();
                let scope = s.burnup.iter().map(|b| b.scope.as_f64()).collect();
                view! {
                    <BarChart
                        title="Program burn-up"
                        unit="points"
                        labels
                        series=vec![
                            Series {
                                name: "Scope",
                                class: "s-committed",
                                values: scope,
                                line: true,
                            },
                            Series {
                                name: "Done",
                                class: "s-done",
                                values: done,
                                line: true,
                            },
                        ]
                    />
                }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="steer-heading">
            <h2 id="steer-heading">"Steering summary"</h2>
            {move || view! { <SummaryView summary=summary.get() /> }}
            {chart}
            <div class="toolbar">
                <CopyButton label="Copy as Markdown" text=markdown done="Summary copied as Markdown." message />
                <button type="button" class="btn" on:click=download_md>
                    "Download Markdown"
                </button>
            </div>
            <LinkOutput
                label="Read-only summary link"
                text=link
                copy="Copy summary link"
                done="Summary link copied."
                message
                length=true
            />
            <h3>"The whole program"</h3>
            <p class="muted">
                "For another person who runs the program with you: the link or the file holds every team's snapshot."
            </p>
            {move || {
                if program_payload.with(Option::is_none) {
                    view! {
                        <div class="toolbar">
                            <button type="button" class="btn" on:click=make_link>
                                "Make a program link"
                            </button>
                        </div>
                    }
                        .into_any()
                } else if too_long() {
                    view! {
                        <p class="muted">
                            {format!(
                                "This program is too large for a link ({} characters; links hold at most 16,384): export it as a file instead.",
                                program_payload.with(|p| p.as_ref().map_or(0, String::len)),
                            )}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <LinkOutput
                            label="Program link"
                            text=program_url
                            copy="Copy program link"
                            done="Program link copied."
                            message
                            length=true
                        />
                    }
                        .into_any()
                }
            }}
            <div class="toolbar">
                <button type="button" class="btn" on:click=export>
                    "Export program (JSON)"
                </button>
                <ImportProgram message />
            </div>
            <p role="status" class="muted">
                {move || message.get()}
            </p>
            <a class="btn" href=Route::Backlog.href()>
                "Back to the backlog"
            </a>
        </section>
    }
}
