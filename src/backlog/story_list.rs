//! The ordered backlog: rows, keyboard reordering, multi-select, drag and drop, inline rename.
//!
//! Rows carry no event handlers of their own: the list handles keys, clicks and pointer events
//! for all of them and finds the row from the event target (`li[data-id]`, `[data-act]`). Only
//! one row is in the Tab order at a time (roving tabindex); arrows move focus.
//!
//! Only the rows near the viewport are in the DOM (plus a margin), padded above and below to the
//! full height: rows have one fixed height, so a row's place is its index times the row pitch.
//! Creating, styling and laying out 1,000 rows on every change is what made a 1,000-story
//! backlog slow; with windowing a move re-renders a few dozen. Each row says its position
//! (`aria-posinset` of `aria-setsize`) so screen readers still hear "12 of 1,000".

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::story_row::{CutMemo, StoryRow};
use super::view_state::{BacklogUi, Dialog};
use crate::domain::StoryId;
use crate::domain::ordering::{MoveTo, Step};
use crate::state::Store;

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 12;
/// Row pitch (height plus gap) assumed until the first rows are measured.
const DEFAULT_PITCH: f64 = 64.0;

/// A drag in progress.
#[derive(Clone)]
struct Drag {
    ids: Vec<StoryId>,
    from: StoryId,
    target: Option<MoveTo>,
}

fn row_of(target: Option<web_sys::EventTarget>) -> Option<(web_sys::Element, StoryId)> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let row = el.closest("li[data-id]").ok()??;
    let id = row.get_attribute("data-id")?.parse().ok()?;
    Some((row, id))
}

/// Every visible story, in backlog order.
#[component]
pub fn StoryList() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    // A stored backlog counts as rendered once its rows are (the bench's `sprintdeck-ready`).
    Effect::new(crate::browser::mark_ready);
    // The sprint's commitment line, drawn under the last story that fits.
    let cut = Memo::new(move |_| {
        store.board().with(|b| crate::domain::capacity::plan(b).map(|(_, capacity, line)| (capacity.points, line)))
    });
    provide_context(CutMemo(cut));
    let wrap = NodeRef::<leptos::html::Div>::new();
    let drag = StoredValue::new(None::<Drag>);
    let drop_at = RwSignal::new(None::<f64>);
    let dragging = RwSignal::new(Vec::<StoryId>::new());
    let report = move |r: Result<(), crate::domain::DomainError>| {
        if let Err(e) = r {
            ui.announcement.set(e.to_string());
        }
    };

    let visible_ids = move || ui.visible.with_untracked(|v| v.iter().map(|s| s.id).collect::<Vec<_>>());
    let focus_visible = move |id: StoryId| ui.reveal(id);

    // Windowing: which slice of the visible stories is rendered.
    let list = NodeRef::<leptos::html::Ol>::new();
    let pitch = RwSignal::new(DEFAULT_PITCH);
    let range = RwSignal::new((0usize, 2 * OVERSCAN));
    // These run in animation frames, possibly after the list is gone: every read is a `try_`.
    let recompute = move || {
        let Some(ol) = list.try_get_untracked().flatten() else { return };
        let Some(p) = pitch.try_get_untracked() else { return };
        let top = ol.get_bounding_client_rect().top();
        let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(900.0);
        // The rows the viewport can show, whatever the list's length (the view clamps to it): a
        // list that grows (a filter cleared) shows its rows at once, not only after this reruns.
        let first = ((-top / p).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
        let last = ((((height - top) / p).ceil().max(0.0)) as usize + OVERSCAN).max(first);
        if range.try_get_untracked().is_some_and(|r| r != (first, last)) {
            range.set((first, last));
        }
    };
    let measure = move || {
        let Some(ol) = list.try_get_untracked().flatten() else { return };
        let rows = ol.children();
        if let (Some(a), Some(b)) = (rows.item(0), rows.item(1)) {
            let p = b.get_bounding_client_rect().top() - a.get_bounding_client_rect().top();
            if p > 8.0 && pitch.try_get_untracked().is_some_and(|old| (p - old).abs() > 0.5) {
                pitch.set(p);
            }
        }
        recompute();
    };
    let scheduled = StoredValue::new(false);
    let on_scroll = move || {
        if scheduled.try_get_value() == Some(false) {
            scheduled.set_value(true);
            request_animation_frame(move || {
                if scheduled.try_set_value(false).is_none() {
                    recompute();
                }
            });
        }
    };
    let scroll_listener = window_event_listener(leptos::ev::scroll, move |_| on_scroll());
    let resize_listener = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        scroll_listener.remove();
        resize_listener.remove();
    });
    // A different list (filter, added or deleted stories) needs a new window.
    Effect::new(move || {
        ui.visible.track();
        request_animation_frame(measure);
    });
    // Scroll a requested row into view, let it render, then focus it.
    Effect::new(move || {
        let Some(id) = ui.revealing.get() else { return };
        ui.revealing.set(None);
        let Some(index) = ui.visible.with_untracked(|v| v.iter().position(|s| s.id == id)) else { return };
        if let Some(ol) = list.get_untracked() {
            let p = pitch.get_untracked();
            let row_top = ol.get_bounding_client_rect().top() + index as f64 * p;
            let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(900.0);
            // Keep clear of the sticky top bar above and the toast below.
            if row_top < 120.0 || row_top + p > height - 80.0 {
                let y = window().scroll_y().unwrap_or(0.0) + row_top - height / 3.0;
                window().scroll_to_with_x_and_y(0.0, y.max(0.0));
            }
            recompute();
        }
        focus_when_rendered(id, 4);
    });

    // Keys are handled at the window: when a moved row's element is re-inserted the browser
    // drops its focus until the next frame, and a key pressed in between (a held Alt+↓) must still
    // reach the story that had focus.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let on_body = target.as_ref().is_none_or(|t| t.tag_name() == "BODY");
        let id = match row_of(ev.target()) {
            Some((_, id)) => id,
            // Right after a move the row is re-inserted and briefly loses focus; moves and
            // arrows pressed then still belong to it. Other keys on the page background
            // (Delete!) never act on a story.
            None if on_body
                && ui.reveal_pending()
                && (ev.alt_key() || matches!(ev.key().as_str(), "ArrowUp" | "ArrowDown" | "Home" | "End"))
                && ui.dialog.get_untracked() == Dialog::None =>
            {
                match ui.focused.get_untracked() {
                    Some(id) => id,
                    None => return,
                }
            }
            None => return,
        };
        if target.is_some_and(|t| t.tag_name() == "INPUT" && t.get_attribute("type").as_deref() == Some("text")) {
            return; // typing in the rename field
        }
        let (alt, shift, ctrl) = (ev.alt_key(), ev.shift_key(), ev.ctrl_key() || ev.meta_key());
        let ids = visible_ids();
        let pos = ids.iter().position(|x| *x == id);
        let mut handled = true;
        match ev.key().as_str() {
            "ArrowUp" if alt => ui.step(store, id, Step::Up, report),
            "ArrowDown" if alt => ui.step(store, id, Step::Down, report),
            "Home" if alt => ui.move_to(store, ui.block_for(id), MoveTo::Top, id, report),
            "End" if alt => ui.move_to(store, ui.block_for(id), MoveTo::Bottom, id, report),
            "ArrowUp" | "ArrowDown" | "Home" | "End" => {
                let next = match (ev.key().as_str(), pos) {
                    ("ArrowUp", Some(p)) => ids.get(p.saturating_sub(1)),
                    ("ArrowDown", Some(p)) => ids.get(p + 1),
                    ("Home", _) => ids.first(),
                    _ => ids.last(),
                };
                if let Some(next) = next.copied() {
                    if shift {
                        let anchor = ui.anchor.get_untracked().unwrap_or(id);
                        ui.anchor.set(Some(anchor));
                        ui.selected.set(super::view_state::visible_range(&ids, anchor, next));
                    }
                    focus_visible(next);
                }
            }
            _ if alt && ev.code() == "KeyM" => {
                if !ui.selected.with_untracked(|s| s.contains(&id)) {
                    ui.selected.set(vec![id]);
                }
                ui.dialog.set(Dialog::Position);
            }
            " " => ui.click(id, true, false),
            "a" | "A" if ctrl => ui.selected.set(ids),
            "Enter" => ui.dialog.set(Dialog::Edit(id)),
            "F2" => ui.renaming.set(Some(id)),
            "Delete" => ui.delete(store, ui.block_for(id), report),
            "Escape" => ui.selected.set(Vec::new()),
            _ => handled = false,
        }
        if handled {
            ev.prevent_default();
        }
    };

    let key_listener = window_event_listener(leptos::ev::keydown, on_keydown);
    on_cleanup(move || key_listener.remove());

    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((_, id)) = row_of(ev.target()) else { return };
        match crate::browser::data_act(ev.target()).as_deref() {
            Some("edit") => ui.dialog.set(Dialog::Edit(id)),
            Some("check") => ui.click(id, true, false),
            Some("drag") | Some("rename") => {}
            _ => ui.click(id, ev.ctrl_key() || ev.meta_key(), ev.shift_key()),
        }
    };

    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if crate::browser::data_act(ev.target()).as_deref() != Some("drag") || ev.button() != 0 {
            return;
        }
        let Some((_, id)) = row_of(ev.target()) else { return };
        ev.prevent_default();
        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let ids = ui.block_for(id);
        dragging.set(ids.clone());
        drag.set_value(Some(Drag { ids, from: id, target: None }));
    };

    let on_pointermove = move |ev: web_sys::PointerEvent| {
        if drag.with_value(Option::is_none) {
            return;
        }
        let (x, y) = (ev.client_x() as f32, ev.client_y() as f32);
        let win = window();
        let height = win.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0) as f32;
        if y < 64.0 {
            win.scroll_by_with_x_and_y(0.0, -16.0);
        } else if y > height - 64.0 {
            win.scroll_by_with_x_and_y(0.0, 16.0);
        }
        let Some(wrap_el) = wrap.get_untracked() else { return };
        let under = document().element_from_point(x, y).map(wasm_bindgen::JsValue::from).map(Into::into);
        let Some((row, over)) = row_of(under) else { return };
        let moving = drag.with_value(|d| d.as_ref().map(|d| d.ids.contains(&over)).unwrap_or(true));
        if moving {
            drop_at.set(None);
            drag.update_value(|d| {
                if let Some(d) = d {
                    d.target = None;
                }
            });
            return;
        }
        let rect = row.get_bounding_client_rect();
        let top = wrap_el.get_bounding_client_rect().top();
        let before = f64::from(y) < rect.top() + rect.height() / 2.0;
        let line = if before { rect.top() - top - 4.0 } else { rect.bottom() - top + 4.0 };
        drop_at.set(Some(line));
        drag.update_value(|d| {
            if let Some(d) = d {
                d.target = Some(if before { MoveTo::Before(over) } else { MoveTo::After(over) });
            }
        });
    };

    let end_drag = move |commit: bool| {
        let finished = drag.try_update_value(Option::take).flatten();
        drop_at.set(None);
        dragging.set(Vec::new());
        if let Some(Drag { ids, from, target: Some(to) }) = finished.filter(|_| commit) {
            ui.move_to(store, ids, to, from, report);
        }
    };

    view! {
        <div class="list-wrap" node_ref=wrap>
            <ol
                class="stories"
                node_ref=list
                style:padding-top=move || {
                    let n = ui.visible.with(Vec::len);
                    format!("{}px", (range.get().0.min(n) as f64 * pitch.get()) as i64)
                }
                style:padding-bottom=move || {
                    let n = ui.visible.with(Vec::len);
                    format!("{}px", (n.saturating_sub(range.get().1) as f64 * pitch.get()) as i64)
                }
                aria-label="Backlog"
                aria-describedby="list-help"
                on:click=on_click
                on:dblclick=move |ev| {
                    if let Some((_, id)) = row_of(ev.target()) && crate::browser::data_act(ev.target()).is_none() {
                        ui.renaming.set(Some(id));
                    }
                }
                on:focusin=move |ev| {
                    let on_row = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|e| e.tag_name() == "LI");
                    if let Some((_, id)) = row_of(ev.target()).filter(|_| on_row) {
                        ui.focused.set(Some(id));
                    }
                }
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=move |_| end_drag(true)
                on:pointercancel=move |_| end_drag(false)
            >
                <For
                    each=move || {
                        let (a, b) = range.get();
                        ui.visible.with(|v| v[a.min(v.len())..b.min(v.len())].to_vec())
                    }
                    key=|s| (s.id, Arc::as_ptr(s) as usize)
                    children=move |s| view! { <StoryRow story=s dragging /> }
                />
            </ol>
            <div
                class="drop-line"
                aria-hidden="true"
                class:shown=move || drop_at.with(Option::is_some)
                style:top=move || format!("{}px", drop_at.get().unwrap_or(0.0) as i32)
            ></div>
        </div>
    }
}

/// Focuses the row of `id`, waiting up to `frames` animation frames for it to be rendered.
fn focus_when_rendered(id: StoryId, frames: u8) {
    request_animation_frame(move || {
        let selector = format!("li[data-id=\"{id}\"]");
        match document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            Some(el) => {
                let _ = el.focus();
            }
            None if frames > 0 => focus_when_rendered(id, frames - 1),
            None => {}
        }
    });
}
