//! The program's milestones, each for the whole program or one feature.

use leptos::prelude::*;

use super::desk::Desk;
use super::remove_button::remove_button;
use crate::domain::Date;
use crate::domain::program::ProgramChange;
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::ui::status_line::Status;

#[component]
pub fn MilestonesCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let status = expect_context::<Status>();
    let program = desk.program();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let Ok(date) = f("date").parse::<Date>() else {
            status.tell("Give the milestone's date.");
            return;
        };
        let done = desk.apply(ProgramChange::AddMilestone { name: f("name"), date, feature: f("feature") });
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        status.say(done, "Milestone added.");
    };
    let features = move || {
        program.with(|p| {
            p.progress_by_feature()
                .into_iter()
                .map(|(t, _, _)| view! { <option value=t.clone()>{t.clone()}</option> })
                .collect_view()
        })
    };
    let list = move || {
        program.with(|p| {
            p.milestones
                .iter()
                .map(|m| {
                    let label = format!("Remove milestone {}", m.name);
                    let scope = if m.feature.is_empty() {
                        "whole program".to_owned()
                    } else {
                        format!("feature {}", m.feature)
                    };
                    view! {
                        <li>
                            <span>{format!("{} — {} ({scope})", m.name, m.date)}</span>
                            {remove_button(
                                (desk, status),
                                label,
                                "Remove",
                                "Milestone removed.",
                                ProgramChange::RemoveMilestone {
                                    milestone: m.clone(),
                                },
                            )}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="ms-heading">
            <h2 id="ms-heading">"Milestones"</h2>
            <form class="inline-form" on:submit=add aria-label="Add a milestone">
                <label class="field">
                    <span>"Milestone"</span>
                    <input class="input" name="name" maxlength="120" required placeholder="Release 2.0" />
                </label>
                <label class="field">
                    <span>"Date"</span>
                    <input class="input" type="date" min=DATE_MIN max=DATE_MAX name="date" required />
                </label>
                <label class="field">
                    <span>"For"</span>
                    <select class="input" name="feature">
                        <option value="">"The whole program"</option>
                        {features}
                    </select>
                </label>
                <button type="submit" class="btn">
                    "Add milestone"
                </button>
            </form>
            <ul class="milestone-list">{list}</ul>
        </section>
    }
}
