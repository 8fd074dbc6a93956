//! Done stories that no sprint counts yet, and the question of where they were done.

use leptos::prelude::*;

use crate::domain::Action;
use crate::domain::capacity;
use crate::state::Store;
use crate::ui::status_line::Status;

/// Done stories that no sprint holds (done before SprintDeck kept the sprint of each story):
/// the team says where they were done, or that they count in none. Until then no sprint counts
/// them, so velocity is never counted twice.
#[component]
pub fn Unplaced() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
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
                status.say(done, "Placed.");
            };
            let options = sprints
                .iter()
                .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                .collect_view();
            view! {
                <div class="card card-inset" role="group" aria-labelledby="unplaced-heading">
                    <p id="unplaced-heading">
                        {format!(
                            "{n} done {} no sprint counts yet (done before SprintDeck kept the sprint of each story). Which sprint were they done in?",
                            if n == 1 { "story" } else { "stories" },
                        )}
                    </p>
                    <div class="inline-form">
                        <label class="field">
                            <span>"Sprint"</span>
                            <select class="input" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="">"Choose…"</option>
                                {options}
                            </select>
                        </label>
                        <button
                            type="button"
                            class="btn"
                            on:click=move |_| match chosen.get_untracked().parse() {
                                Ok(id) => place(id),
                                Err(_) => status.tell("Choose the sprint first."),
                            }
                        >
                            "Count them in this sprint"
                        </button>
                        <button
                            type="button"
                            class="btn"
                            on:click=move |_| place(crate::domain::ids::SprintId::OUTSIDE)
                        >
                            "In no sprint"
                        </button>
                    </div>
                </div>
            }
        })
    }
}
