//! The boards of this browser: open, rename, create, duplicate, delete (with undo).

use leptos::prelude::*;

use crate::domain::{Action, BoardId};
use crate::state::{Library, Route, Store};

#[component]
pub fn BoardsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let library = expect_context::<Library>();
    let message = RwSignal::new(None::<String>);
    let can_undo_delete = RwSignal::new(false);
    let armed = RwSignal::new(None::<BoardId>);
    let current = move || store.board().with(|b| b.id);
    let report = move |r: Result<String, String>| message.set(Some(r.unwrap_or_else(|e| e)));
    let rows = move || {
        library
            .boards()
            .get()
            .boards
            .into_iter()
            .map(|e| {
                let id = e.id;
                let name = e.name.clone();
                let is_current = move || current() == id;
                view! {
                    <li class="board-row" class:current=is_current>
                        <span class="board-name">
                            <strong>{e.name.clone()}</strong>
                            " "
                            <span class="muted">{format!("{} stories", e.stories)}</span>
                            {move || is_current().then(|| view! { <span class="chip">"open"</span> })}
                        </span>
                        <button
                            type="button"
                            class="btn"
                            aria-label=format!("Open “{name}”")
                            disabled=is_current
                            on:click=move |_| {
                                let opened = library.switch_to(id);
                                let ok = opened.is_ok();
                                report(opened.map(|_| "Opened.".into()).map_err(|e| format!("It did not open: {e}.")));
                                if ok {
                                    crate::state::route::replace_route(Route::Backlog);
                                }
                            }
                        >
                            "Open"
                        </button>
                        <button
                            type="button"
                            class="btn btn-quiet btn-danger-text"
                            aria-label=format!("Delete “{}”", e.name)
                            on:click=move |_| {
                                if armed.get_untracked() != Some(id) {
                                    armed.set(Some(id));
                                    return;
                                }
                                armed.set(None);
                                let r = library.delete_board(id);
                                can_undo_delete.set(r.is_ok());
                                report(
                                    r.map(|_| "Board deleted.".into()).map_err(|e| format!("It was not deleted: {e}.")),
                                );
                            }
                        >
                            {move || if armed.get() == Some(id) { "Yes, delete it" } else { "Delete…" }}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("name");
        report(
            library
                .create_board(&name)
                .map(|_| "New board created and opened.".into())
                .map_err(|e| format!("It was not created: {e}.")),
        );
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = crate::browser::form_field(&ev)("name");
        report(store.dispatch(Action::RenameBoard { name }).map(|_| "Renamed.".into()).map_err(|e| e.to_string()));
    };
    view! {
        <section class="card" aria-labelledby="boards-heading">
            <h2 id="boards-heading">"Boards in this browser"</h2>
            <ul class="board-list">{rows}</ul>
            <form class="inline-form" on:submit=rename>
                <label class="field">
                    <span>"Name of the open board"</span>
                    <input
                        class="input"
                        name="name"
                        type="text"
                        prop:value=move || store.board().with(|b| b.name.clone())
                        required
                    />
                </label>
                <button type="submit" class="btn">
                    "Rename"
                </button>
            </form>
            <form class="inline-form" on:submit=create>
                <label class="field">
                    <span>"New board"</span>
                    <input class="input" name="name" type="text" placeholder="Name" required />
                </label>
                <button type="submit" class="btn">
                    "Create board"
                </button>
            </form>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| report(
                        library
                            .duplicate_board()
                            .map(|_| "Copy created and opened.".into())
                            .map_err(|e| format!("It was not copied: {e}.")),
                    )
                >
                    "Duplicate the open board"
                </button>
                {move || {
                    can_undo_delete
                        .get()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn"
                                    on:click=move |_| {
                                        can_undo_delete.set(false);
                                        report(
                                            match library.undo_delete() {
                                                Ok(true) => Ok("The board is back.".into()),
                                                Ok(false) => Err("There is nothing to bring back.".into()),
                                                Err(e) => Err(format!("It could not be brought back: {e}.")),
                                            },
                                        );
                                    }
                                >
                                    "Undo delete"
                                </button>
                            }
                        })
                }}
            </div>
            <p role="status">{move || message.get()}</p>
        </section>
    }
}
