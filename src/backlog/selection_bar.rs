//! Actions on the selected stories, as a block: the single-pointer alternative to dragging.

use leptos::prelude::*;

use super::status_options::StatusOptions;

use super::view_state::{BacklogUi, Dialog};
use crate::domain::ordering::MoveTo;
use crate::domain::{Action, StoryId};
use crate::state::Store;

/// Shown while stories are selected (the page mounts it only then).
#[component]
pub fn SelectionBar() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let count = move || ui.selected.with(Vec::len);
    // The selection in backlog order, so blocks keep their internal order.
    let ordered = move || -> Vec<StoryId> {
        let sel = ui.selected.get_untracked();
        store.board().with_untracked(|b| b.stories.iter().map(|s| s.id).filter(|id| sel.contains(id)).collect())
    };
    let report = move |r: Result<(), crate::domain::DomainError>| {
        if let Err(e) = r {
            ui.announcement.set(e.to_string());
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let ids = ordered();
        let Some(first) = ids.first().copied() else { return };
        match crate::browser::data_act(ev.target()).as_deref() {
            Some("top") => ui.move_to(store, ids, MoveTo::Top, first, report),
            Some("bottom") => ui.move_to(store, ids, MoveTo::Bottom, first, report),
            Some("position") => ui.dialog.set(Dialog::Position),
            Some("delete") => ui.delete(store, ids, report),
            Some("clear") => ui.selected.set(Vec::new()),
            _ => {}
        }
    };
    let set_status = move |ev: leptos::ev::Event| {
        let Ok(status) = event_target_value(&ev).parse() else { return };
        report(store.dispatch(Action::SetStatus { ids: ordered(), status }).map(|_| ()));
        ui.announcement.set(format!("Status set on {} stories.", count()));
    };
    let add_tag = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = crate::browser::form_field(&ev)("tag");
        match store.dispatch(Action::AddTag { ids: ordered(), tag: tag.clone() }) {
            Ok(_) => ui.announcement.set(format!("Tag “{}” added to {} stories.", tag.trim(), count())),
            Err(e) => ui.announcement.set(e.to_string()),
        }
    };
    view! {
        <div class="selection-bar" role="region" aria-label="Selected stories" on:click=on_click>
            <strong>{move || format!("{} selected", count())}</strong>
            <button type="button" class="btn" data-act="top">
                "Move to top"
            </button>
            <button type="button" class="btn" data-act="bottom">
                "Move to bottom"
            </button>
            <button type="button" class="btn" data-act="position">
                "Move to position…"
            </button>
            <select class="input input-inline" aria-label="Set status of selected stories" on:change=set_status>
                <option value="">"Set status…"</option>
                <StatusOptions />
            </select>
            <form class="inline-form" on:submit=add_tag>
                <input class="input input-inline" name="tag" type="text" aria-label="Tag to add" placeholder="tag" />
                <button type="submit" class="btn">
                    "Add tag"
                </button>
            </form>
            <button type="button" class="btn btn-danger-text" data-act="delete">
                "Delete selected"
            </button>
            <button type="button" class="btn btn-quiet" data-act="clear">
                "Clear selection"
            </button>
        </div>
    }
}
