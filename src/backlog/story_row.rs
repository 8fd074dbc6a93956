//! One story of the backlog list: its rank, title (renamed in place), status, estimate and value
//! figures, and the capacity line under the last story that fits. Its events are the list's.

use std::sync::Arc;

use leptos::prelude::*;

use super::view_state::BacklogUi;
use crate::domain::priority::{value_per_point, wsjf};
use crate::domain::{Action, Story, StoryId};
use crate::state::Store;

/// The capacity (points) and cut line of the sprint being planned, if any: provided by the list
/// to its rows.
#[derive(Clone, Copy)]
pub struct CutMemo(pub Memo<Option<(f64, crate::domain::capacity::CutLine)>>);

#[component]
pub fn StoryRow(story: Arc<Story>, dragging: RwSignal<Vec<StoryId>>) -> impl IntoView {
    let ui = expect_context::<BacklogUi>();
    let store = expect_context::<Store>();
    let CutMemo(cut) = expect_context::<CutMemo>();
    let id = story.id;
    let cut_note = move || {
        cut.with(|c| {
            let (capacity, line) = c.as_ref()?;
            (line.last_above == Some(id)).then(|| {
                format!(
                    "Capacity line: {} of {} points fit this sprint; the stories below do not.",
                    line.points,
                    crate::domain::decimal(*capacity, 1)
                )
            })
        })
    };
    let unestimated_above = move || cut.with(|c| c.as_ref().is_some_and(|(_, l)| l.unestimated.contains(&id)));
    let selected = move || ui.selected.with(|s| s.contains(&id));
    let tab_stop = move || if ui.tab_target.get() == Some(id) { "0" } else { "-1" };
    let rank = move || ui.ranks.with(|r| r.get(id).map(|i| (i + 1).to_string()).unwrap_or_default());
    let posinset =
        move || ui.visible.with(|v| v.iter().position(|s| s.id == id).map(|i| (i + 1).to_string()).unwrap_or_default());
    let setsize = move || ui.visible.with(|v| v.len().to_string());
    let title = story.title.clone();
    let status_class = format!("chip status-{}", story.status.key().replace('_', "-"));
    let ratio = value_per_point(&story).map(|r| format!("{r} value/pt"));
    let score = wsjf(&story).map(|r| format!("WSJF {r}"));
    let title_view = move || {
        if ui.renaming.get() == Some(id) {
            let input = NodeRef::<leptos::html::Input>::new();
            input.on_load(|el| {
                let _ = el.focus();
                el.select();
            });
            let done = move |commit: bool, value: String| {
                if ui.renaming.get_untracked() != Some(id) {
                    return;
                }
                if !commit {
                    ui.renaming.set(None);
                    ui.reveal(id);
                    return;
                }
                match store.dispatch(Action::RetitleStory { id, title: value }) {
                    Err(e) => ui.announcement.set(e.to_string()),
                    Ok(_) => {
                        ui.renaming.set(None);
                        ui.reveal(id);
                    }
                }
            };
            view! {
                <input
                    class="input rename"
                    type="text"
                    data-act="rename"
                    aria-label="Story title"
                    node_ref=input
                    value=title.clone()
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => done(true, event_target_value(&ev)),
                        "Escape" => done(false, String::new()),
                        _ => {}
                    }
                    on:blur=move |ev| done(true, event_target_value(&ev))
                />
            }
            .into_any()
        } else {
            view! {
                <span class="story-title" title=title.clone()>
                    {title.clone()}
                </span>
            }
            .into_any()
        }
    };
    view! {
        <li
            class="story"
            class:selected=selected
            class:dragging=move || dragging.with(|d| d.contains(&id))
            class:cut-after=move || cut_note().is_some()
            data-id=id.to_string()
            tabindex=tab_stop
            aria-label=story.title.clone()
            aria-posinset=posinset
            aria-setsize=setsize
        >
            <span class="handle" data-act="drag" aria-hidden="true" title="Drag to reorder"></span>
            <input
                type="checkbox"
                class="check"
                tabindex="-1"
                data-act="check"
                aria-label=format!("Select “{}”", story.title)
                prop:checked=selected
            />
            <span class="story-rank" aria-hidden="true">
                {rank}
            </span>
            <div class="story-main">
                {title_view} <span class="story-meta">
                    <span class=status_class>{story.status.label()}</span>
                    {story.tags.iter().map(|t| view! { <span class="chip tag">{t.clone()}</span> }).collect_view()}
                    {ratio
                        .map(|r| {
                            view! {
                                <span class="chip score" title="Business value per story point">
                                    {r}
                                </span>
                            }
                        })}
                    {score
                        .map(|r| {
                            view! {
                                <span class="chip score" title="Weighted shortest job first: cost of delay ÷ size">
                                    {r}
                                </span>
                            }
                        })}
                    {move || {
                        unestimated_above()
                            .then(|| {
                                view! {
                                    <span class="chip flag" title="Above the capacity line without an estimate">
                                        "not estimated"
                                    </span>
                                }
                            })
                    }}
                    {move || {
                        cut_note()
                            .map(|text| {
                                view! {
                                    <span class="chip cut-note" title=text.clone()>
                                        "▼ capacity line"
                                        <span class="visually-hidden">{format!(": {text}")}</span>
                                    </span>
                                }
                            })
                    }}
                </span>
            </div>
            <span class="points" class:points-none=story.estimate.is_none() title="Estimate in points">
                {story.estimate.map(|e| e.to_string()).unwrap_or_else(|| "–".into())}
            </span>
            <button
                type="button"
                class="btn btn-quiet"
                tabindex="-1"
                data-act="edit"
                aria-label=format!("Edit “{}”", story.title)
            >
                "Edit"
            </button>
        </li>
    }
}
