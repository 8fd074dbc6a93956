//! The backlog's tools: undo and redo, import, export, suggested order.

use leptos::prelude::*;

use super::view_state::{BacklogUi, Dialog};
use crate::browser::{download, file_stem};
use crate::codec::backlog_csv::{to_csv, to_markdown};
use crate::domain::Board;
use crate::state::Store;
use crate::ui::step_button::StepButton;

/// Undoes the latest change through the store and announces what happened.
pub fn undo(store: Store, ui: &BacklogUi) {
    ui.announcement.set(match store.undo() {
        Ok(Some(label)) => format!("Undone: {label}."),
        Ok(None) => "Nothing to undo.".into(),
        Err(why) => why,
    });
}

/// Redoes the latest undone change through the store and announces what happened.
pub fn redo(store: Store, ui: &BacklogUi) {
    ui.announcement.set(match store.redo() {
        Ok(Some(label)) => format!("Redone: {label}."),
        Ok(None) => "Nothing to redo.".into(),
        Err(why) => why,
    });
}

lazy_fn! {
    /// Writes the board as a CSV, Markdown or JSON file and offers it as a download. Loaded on
    /// first use where the build splits (the CSV and Markdown writers are not needed at start).
    fn export_file(board: Board, kind: String) -> Result<(), String> {
        let stem = file_stem(&board.name);
        let stories = || board.stories.iter().map(|s| &**s);
        match kind.as_str() {
            "csv" => download(&format!("{stem}.csv"), "text/csv", &to_csv(stories())),
            "md" => download(&format!("{stem}.md"), "text/markdown", &to_markdown(&board.name, stories())),
            _ => crate::browser::download_board(&board),
        }
    }
}

/// Undo, redo, import, export and the order suggestion.
#[component]
pub fn BacklogToolbar() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let undo_label = Memo::new(move |_| store.history().with(|h| h.next_label(true).map(str::to_owned)));
    let redo_label = Memo::new(move |_| store.history().with(|h| h.next_label(false).map(str::to_owned)));
    let export = move |ev: web_sys::MouseEvent| {
        let Some(kind) = crate::browser::data_act(ev.target()) else { return };
        let board = store.board().get_untracked();
        leptos::task::spawn_local(async move {
            let result = export_file(board, kind).await.unwrap_or_else(|e| Err(e.to_string()));
            ui.announcement.set(match result {
                Ok(()) => "Export downloaded.".into(),
                Err(e) => format!("The export failed: {e}."),
            });
        });
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Backlog tools">
            <StepButton verb="Undo" label=undo_label keys="Ctrl+Z" on_press=move || undo(store, &ui) />
            <StepButton verb="Redo" label=redo_label keys="Ctrl+Shift+Z" on_press=move || redo(store, &ui) />
            <button type="button" class="btn" on:click=move |_| ui.dialog.set(Dialog::Import)>
                "Import…"
            </button>
            <details class="menu">
                <summary class="btn">"Export"</summary>
                <div class="menu-items" on:click=export>
                    <button type="button" class="btn btn-quiet" data-act="csv">
                        "CSV (Jira, Azure DevOps, spreadsheets)"
                    </button>
                    <button type="button" class="btn btn-quiet" data-act="json">
                        "JSON (the whole board)"
                    </button>
                    <button type="button" class="btn btn-quiet" data-act="md">
                        "Markdown (a readable list)"
                    </button>
                </div>
            </details>
            <button type="button" class="btn" on:click=move |_| ui.dialog.set(Dialog::Suggest)>
                "Suggest order…"
            </button>
        </div>
    }
}
