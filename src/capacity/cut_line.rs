//! The open backlog with the commitment line where the sprint's capacity runs out.

use leptos::prelude::*;

use crate::domain::Points;
use crate::domain::capacity;
use crate::state::Store;

/// The open backlog with the commitment line drawn where the capacity runs out.
#[component]
pub fn CutLineList() -> impl IntoView {
    let store = expect_context::<Store>();
    let rows = move || {
        store.board().with(|b| {
            let Some((_, _, cut)) = capacity::plan(b) else { return Vec::new() };
            let mut total = 0u32;
            capacity::open_stories(&b.stories)
                .take(cut.fits + 5)
                .enumerate()
                .map(|(i, st)| {
                    total += st.estimate.map_or(0, |p| p.0);
                    (i, st.title.clone(), st.estimate, Points(total), i + 1 == cut.fits, i < cut.fits)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>"The commitment line"</h3>
        <ol class="cut-list">
            {move || {
                rows()
                    .into_iter()
                    .map(|(_, title, est, total, last, above)| {
                        view! {
                            <li class:below=!above class:cut-after=last>
                                <span class="story-title">{title}</span>
                                <span class="points">
                                    {est.map_or_else(|| "no estimate".to_owned(), |p| format!("{p} pts"))}
                                </span>
                                <span class="muted">{format!("Σ {total}")}</span>
                            </li>
                            {last
                                .then(|| {
                                    view! {
                                        <li
                                            class="cut-marker"
                                            role="separator"
                                            aria-label="Capacity line: the stories below do not fit"
                                        >
                                            "Capacity line"
                                        </li>
                                    }
                                })}
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}
