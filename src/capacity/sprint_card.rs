//! The sprint being planned: its name, dates, working weekdays, holidays, hours and goal.

use leptos::prelude::*;

use crate::domain::board::Sprint;
use crate::domain::calendar::{self, Weekday};
use crate::domain::capacity::{self, works_on};
use crate::domain::validate::{DATE_MAX, DATE_MIN};
use crate::domain::{Action, Date, Points};
use crate::state::Store;
use crate::ui::status_line::Status;

#[component]
pub fn SprintCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let board = store.board();
    let current = Memo::new(move |_| board.with(|b| capacity::planned(b).cloned()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let base = current.get_untracked().unwrap_or_else(|| Sprint::first_for(crate::browser::today()));
        let Ok(start) = f("start").parse::<Date>() else {
            status.tell("The start date is not a date (YYYY-MM-DD).");
            return;
        };
        let holidays = match calendar::parse_list(&f("holidays")) {
            Ok(h) => h,
            Err(e) => {
                status.tell(format!("Holidays: {e}."));
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
        status.say(store.dispatch(Action::SaveSprint { sprint }), "Sprint saved.");
    };
    let form = move || {
        let s = current.get().unwrap_or_else(|| Sprint::first_for(crate::browser::today()));
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
                    <label class="field">
                        <span>"Sprint name"</span>
                        <input class="input" name="name" maxlength="80" value=s.name.clone() />
                    </label>
                    <label class="field">
                        <span>"Start date"</span>
                        <input
                            class="input"
                            type="date"
                            min=DATE_MIN
                            max=DATE_MAX
                            name="start"
                            value=s.start.to_string()
                        />
                    </label>
                    <label class="field">
                        <span>"Length (working days)"</span>
                        <input
                            class="input"
                            type="number"
                            min="1"
                            max="60"
                            name="days"
                            value=s.working_days.to_string()
                        />
                    </label>
                    <label class="field">
                        <span>"Hours per day"</span>
                        <input
                            class="input"
                            inputmode="decimal"
                            name="hours"
                            value=Points(s.hours_per_day).to_string()
                        />
                    </label>
                </div>
                <fieldset class="weekdays">
                    <legend>"Working days"</legend>
                    {weekday_boxes}
                </fieldset>
                <label class="field">
                    <span>"Team holidays (dates, separated by commas)"</span>
                    <input
                        class="input"
                        name="holidays"
                        placeholder="2026-12-24, 2026-12-25"
                        value=calendar::list_text(&s.holidays)
                    />
                </label>
                <label class="field">
                    <span>"Sprint goal"</span>
                    <textarea class="input" name="goal" rows="2">
                        {s.goal.clone()}
                    </textarea>
                </label>
                <p class="muted">{summary}</p>
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">
                        {if is_new { "Plan this sprint" } else { "Save sprint" }}
                    </button>
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
