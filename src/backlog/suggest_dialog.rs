//! The suggested order, previewed beside the current one, applied only when the PO accepts.

use leptos::prelude::*;

use super::view_state::{BacklogUi, Dialog};
use crate::domain::Action;
use crate::domain::priority::{suggested_order, wsjf};
use crate::state::Store;
use crate::ui::modal::Modal;

/// Current and suggested order side by side, with how far each story would move.
#[component]
pub fn SuggestDialog() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let (current, suggested) = store.board().with_untracked(|b| (b.stories.clone(), suggested_order(&b.stories)));
    let same = current.iter().map(|s| s.id).eq(suggested.iter().copied());
    let suggested_ids = suggested.clone();
    let apply = move |_| {
        match store.dispatch(Action::Reorder { ids: suggested_ids.clone() }) {
            Ok(_) => ui.announcement.set("Suggested order applied. Undo brings the previous order back.".into()),
            Err(e) => ui.announcement.set(e.to_string()),
        }
        ui.dialog.set(Dialog::None);
    };
    let rows_current = current.iter().map(|s| view! { <li>{s.title.clone()}</li> }).collect_view();
    let rows_suggested = suggested
        .iter()
        .enumerate()
        .filter_map(|(to, id)| {
            let from = current.iter().position(|s| s.id == *id)?;
            let s = &current[from];
            let shift = match from.cmp(&to) {
                std::cmp::Ordering::Greater => format!("▲{}", from - to),
                std::cmp::Ordering::Less => format!("▼{}", to - from),
                std::cmp::Ordering::Equal => String::new(),
            };
            let score = wsjf(s).map(|w| format!("WSJF {w}")).unwrap_or_else(|| "no score".into());
            Some(view! { <li>{s.title.clone()} " " <span class="muted">{score}</span> " " <span class="shift">{shift}</span></li> })
        })
        .collect_view();
    view! {
        <Modal title="Suggested order" class="dialog-wide" on_close=Callback::new(move |_| ui.dialog.set(Dialog::None))>
            <p class="muted">
                "Stories in the sprint stay first and done ones last. The rest is ordered by WSJF (business value + time criticality + risk reduction, divided by the estimate), highest first; stories without a score follow in their current order. Nothing changes until you apply it, and Undo reverts it."
            </p>
            <div class="compare">
                <section>
                    <h3>"Current order"</h3>
                    <ol aria-label="Current order">{rows_current}</ol>
                </section>
                <section>
                    <h3>"Suggested order"</h3>
                    <ol aria-label="Suggested order">{rows_suggested}</ol>
                </section>
            </div>
            <div class="dialog-actions">
                {same.then(|| view! { <p class="muted">"The backlog already follows the suggestion."</p> })}
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| ui.dialog.set(Dialog::None)>
                    "Cancel"
                </button> <button type="button" class="btn btn-primary" disabled=same on:click=apply>
                    "Apply suggested order"
                </button>
            </div>
        </Modal>
    }
}
