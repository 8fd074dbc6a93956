//! What stops the team: impediments raised and resolved on the team's own board.

use leptos::prelude::*;

use crate::domain::{Action, Date};
use crate::state::Store;
use crate::ui::status_line::Status;

/// What stops the team, raised here; a program shows the open ones when the team's snapshot is
/// added to it.
#[component]
pub fn ImpedimentsCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let board = store.board();
    let raise = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let title = crate::browser::form_field(&ev)("impediment");
        let done = store.dispatch(Action::RaiseImpediment { title });
        if done.is_ok() {
            crate::browser::reset_form(&ev);
        }
        status.say(done, "Impediment raised.");
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
                        status.say(r, if resolved { "Impediment open again." } else { "Impediment resolved." });
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
                <label class="field field-wide">
                    <span>"Impediment"</span>
                    <input class="input" name="impediment" maxlength="200" required />
                </label>
                <button type="submit" class="btn">
                    "Raise impediment"
                </button>
            </form>
            <ul class="impediment-list">{rows}</ul>
        </section>
    }
}
