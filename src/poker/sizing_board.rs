//! Relative sizing: one column per card, stories moved into columns by dragging (mouse or
//! touch), by keyboard (←/→) or by picking a story and then a column; reference stories sit in
//! their columns as anchors; "Apply" writes every estimate as one undoable change.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::deck_options::DeckOptions;

use crate::domain::poker::{deck_by_key, decks_of};
use crate::domain::sizing::{self, Placement};
use crate::domain::{Action, StoryId};
use crate::state::Store;

use super::undo_card::UndoCard;

/// Where a column is, for the view: `None` is "not sized yet".
fn column_name(columns: &[crate::domain::poker::Card], c: Option<usize>) -> String {
    match c.and_then(|i| columns.get(i)) {
        Some(card) => format!("column {}", card.label),
        None => "not sized yet".to_owned(),
    }
}

/// The column under a point of the page, if any: `Some(None)` is the "not sized yet" column.
fn column_at(x: f64, y: f64) -> Option<Option<usize>> {
    let el = document().element_from_point(x as f32, y as f32)?;
    let col = el.closest("[data-column]").ok()??;
    let raw = col.get_attribute("data-column")?;
    Some(raw.parse::<usize>().ok())
}

/// The `data-column` of a column.
fn column_key(c: Option<usize>) -> String {
    c.map(|c| c.to_string()).unwrap_or_else(|| "none".into())
}

/// Focuses a story's card if it is shown in `column`; says whether it was.
fn focus_card(id: StoryId, column: Option<usize>) -> bool {
    let selector = format!("[data-column=\"{}\"] [data-story=\"{id}\"]", column_key(column));
    match document().query_selector(&selector) {
        Ok(Some(el)) => el.dyn_into::<web_sys::HtmlElement>().is_ok_and(|el| el.focus().is_ok()),
        _ => false,
    }
}

/// Moves keyboard focus back to a story's card once the view has placed it in its new column:
/// as soon as the view has updated (before the next key press), or at the next frame.
fn refocus(id: StoryId, column: Option<usize>) {
    leptos::task::spawn_local(async move {
        if !focus_card(id, column) {
            request_animation_frame(move || {
                focus_card(id, column);
            });
        }
    });
}

/// A drag in progress: the story, where the pointer went down, and whether it has moved.
#[derive(Clone, Copy)]
struct Drag {
    id: StoryId,
    x: f64,
    y: f64,
    moved: bool,
}

#[component]
pub fn SizingBoard() -> impl IntoView {
    let store = expect_context::<Store>();
    let board = store.board();
    let decks = Memo::new(move |_| board.with(|b| decks_of(&b.decks)));
    let deck_key = RwSignal::new(String::from("fibonacci"));
    let columns = Memo::new(move |_| sizing::columns(&deck_by_key(&decks.get(), &deck_key.get())));
    let placement = RwSignal::new(Placement::new(&board.with_untracked(sizing::to_size)));
    let anchors = RwSignal::new(Vec::<StoryId>::new());
    // A new deck: its columns, its suggested anchors, and every story back to "not sized yet".
    Effect::new(move || {
        let cols = columns.get();
        anchors.set(board.with_untracked(|b| sizing::suggested_anchors(b, &cols)));
        placement.set(Placement::new(&board.with_untracked(sizing::to_size)));
    });
    let announce = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<StoryId>);
    let over = RwSignal::new(None::<Option<usize>>);
    let drag = StoredValue::new(None::<Drag>);
    let accepted = RwSignal::new(None::<String>);
    let title_of =
        move |id: StoryId| board.with_untracked(|b| b.story(id).map(|s| s.title.clone()).unwrap_or_default());
    let place = move |id: StoryId, column: Option<usize>| {
        let cols = columns.get_untracked();
        let changed = placement.try_update(|p| p.place(id, column, cols.len())).unwrap_or(false);
        if changed {
            announce.set(format!("“{}” moved to {}.", title_of(id), column_name(&cols, column)));
        }
        selected.set(None);
        refocus(id, placement.with_untracked(|p| p.column_of(id)));
    };
    let on_key = move |id: StoryId, ev: web_sys::KeyboardEvent| {
        let right = match ev.key().as_str() {
            "ArrowRight" => true,
            "ArrowLeft" => false,
            "Escape" => {
                selected.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let cols = columns.get_untracked();
        match placement.try_update(|p| p.step(id, right, cols.len())).flatten() {
            Some(to) => {
                announce.set(format!("“{}” moved to {}.", title_of(id), column_name(&cols, to)));
                refocus(id, to);
            }
            None => announce.set(format!(
                "“{}” is already in the {} column.",
                title_of(id),
                if right { "last" } else { "first" }
            )),
        }
    };
    let on_down = move |id: StoryId, ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        drag.set_value(Some(Drag { id, x: f64::from(ev.client_x()), y: f64::from(ev.client_y()), moved: false }));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(mut d) = drag.get_value() else { return };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !d.moved && (x - d.x).hypot(y - d.y) < 6.0 {
            return;
        }
        d.moved = true;
        drag.set_value(Some(d));
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let style = el.style();
        let _ = style.set_property("transform", &format!("translate({}px, {}px)", x - d.x, y - d.y));
        // The card follows the pointer, so it is under it: look through it for the column.
        let _ = style.set_property("pointer-events", "none");
        over.set(column_at(x, y));
        let _ = style.remove_property("pointer-events");
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_value() else { return };
        drag.set_value(None);
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.style().remove_property("transform");
        }
        let target = over.get_untracked();
        over.set(None);
        if d.moved {
            if let Some(column) = target {
                place(d.id, column);
            }
        } else {
            // A tap or click picks the story; a column's button then places it.
            let pick = (selected.get_untracked() != Some(d.id)).then_some(d.id);
            selected.set(pick);
            if pick.is_some() {
                announce.set(format!("“{}” picked: choose its column.", title_of(d.id)));
            }
        }
    };
    let apply = move |_| {
        let items = placement.with_untracked(|p| p.items(&columns.get_untracked()));
        let n = items.len();
        if n == 0 {
            announce.set("Move at least one story into a column first.".into());
            return;
        }
        match store.dispatch(Action::AcceptEstimates { items }) {
            Ok(_) => {
                let text = format!("{n} {} written as one change.", if n == 1 { "estimate" } else { "estimates" });
                // The status card below says it (and reads it out).
                announce.set(String::new());
                accepted.set(Some(text));
                placement.set(Placement::new(&board.with_untracked(sizing::to_size)));
            }
            Err(e) => announce.set(e.to_string()),
        }
    };
    // The cards of one column: its anchors, then the stories placed in it.
    let column_view = move |column: Option<usize>| {
        let cols = columns.get();
        let (heading, value) = match column.and_then(|i| cols.get(i)) {
            Some(c) => (c.label.clone(), c.value),
            None => ("Not sized yet".to_owned(), None),
        };
        let refs: Vec<(StoryId, String)> = match value {
            None => Vec::new(),
            Some(v) => board.with(|b| {
                anchors
                    .get()
                    .iter()
                    .filter_map(|id| b.story(*id))
                    .filter(|s| s.estimate == Some(v))
                    .map(|s| (s.id, s.title.clone()))
                    .collect()
            }),
        };
        let stories: Vec<(StoryId, String)> =
            placement.with(|p| p.at.iter().filter(|(_, c)| *c == column).map(|(id, _)| (*id, title_of(*id))).collect());
        let where_ = column_name(&cols, column);
        let head_label = heading.clone();
        view! {
            <section
                class="size-column"
                class:drop-target=move || over.get() == Some(column)
                data-column=column_key(column)
                aria-label=if column.is_some() { format!("Column {heading}") } else { heading.clone() }
            >
                <button
                    type="button"
                    class="size-head"
                    disabled=move || selected.get().is_none()
                    aria-label=move || match selected.get() {
                        Some(id) => format!("Put “{}” in {}", title_of(id), where_),
                        None => format!("{head_label} (pick a story first to put it here)"),
                    }
                    on:click=move |_| {
                        if let Some(id) = selected.get_untracked() {
                            place(id, column);
                        }
                    }
                >
                    {heading.clone()}
                </button>
                <ul class="size-cards">
                    {refs
                        .into_iter()
                        .map(|(_, title)| {
                            view! {
                                <li class="size-anchor">
                                    <span class="visually-hidden">"Reference: "</span>
                                    {title}
                                </li>
                            }
                        })
                        .collect_view()}
                    {stories
                        .into_iter()
                        .map(|(id, title)| {
                            let name = format!("{title}, {}", column_name(&columns.get_untracked(), column));
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="size-card"
                                        data-story=id.to_string()
                                        aria-label=name
                                        aria-pressed=move || (selected.get() == Some(id)).to_string()
                                        aria-keyshortcuts="ArrowLeft ArrowRight"
                                        on:keydown=move |ev| on_key(id, ev)
                                        on:pointerdown=move |ev| on_down(id, ev)
                                        on:pointermove=on_move
                                        on:pointerup=on_up
                                        on:pointercancel=move |ev: web_sys::PointerEvent| {
                                            drag.set_value(None);
                                            over.set(None);
                                            if let Some(el) = ev
                                                .current_target()
                                                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                                            {
                                                let _ = el.style().remove_property("transform");
                                            }
                                        }
                                    >
                                        {title}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    };
    let estimated = Memo::new(move |_| {
        board.with(|b| {
            b.stories.iter().filter_map(|s| Some((s.id, s.title.clone(), s.estimate?))).take(200).collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card" aria-labelledby="sizing-heading">
            <h2 id="sizing-heading">"Relative sizing"</h2>
            <p class="muted">
                "Drag each story into the column of the card it is worth, beside the reference stories. On a keyboard: Tab to a story, ← and → move it. Or pick a story, then a column's heading."
            </p>
            <div class="field-row">
                <label class="field">
                    <span>"Deck"</span>
                    <select class="input" prop:value=deck_key on:change=move |ev| deck_key.set(event_target_value(&ev))>
                        <DeckOptions decks />
                    </select>
                </label>
            </div>
            <details class="anchors-pick">
                <summary>{move || format!("Reference stories ({} shown)", anchors.with(Vec::len))}</summary>
                <ul class="pick-list">
                    {move || {
                        estimated
                            .get()
                            .into_iter()
                            .map(|(id, title, points)| {
                                view! {
                                    <li>
                                        <label class="check-field">
                                            <input
                                                type="checkbox"
                                                prop:checked=move || anchors.with(|a| a.contains(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    anchors
                                                        .update(|a| {
                                                            a.retain(|x| *x != id);
                                                            if on {
                                                                a.push(id);
                                                            }
                                                        });
                                                }
                                            />
                                            <span>{format!("{title} ({points})")}</span>
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </details>
            <p class="visually-hidden" aria-live="assertive">
                {move || announce.get()}
            </p>
            {move || {
                let n = placement.with(|p| p.at.len());
                (n == 0).then(|| view! { <p class="empty">"Every open story has an estimate: nothing to size."</p> })
            }}
            <div class="sizing" role="group" aria-label="Sizing board">
                {move || column_view(None)}
                {move || (0..columns.with(Vec::len)).map(|i| column_view(Some(i))).collect_view()}
            </div>
            <UndoCard
                text=accepted
                on_undone=Callback::new(move |()| placement.set(Placement::new(&board.with_untracked(sizing::to_size))))
            />
            <div class="dialog-actions">
                <span class="muted">
                    {move || {
                        let (placed, all) = placement.with(|p| (p.placed(), p.at.len()));
                        format!("{placed} of {all} stories placed")
                    }}
                </span>
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=apply
                    disabled=move || placement.with(|p| p.placed() == 0)
                >
                    "Apply estimates"
                </button>
            </div>
        </section>
    }
}
