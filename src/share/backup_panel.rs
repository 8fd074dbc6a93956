//! Backups: every board to one file and back, and the browser's promise to keep the data.

use leptos::prelude::*;

use super::receive_preview::ReceivePreview;
use crate::browser::download;
use crate::codec::share::Part;
use crate::state::{Library, Store};
use crate::storage::format::{BACKUP_MAX_BYTES, decode_file, encode_all};

#[component]
pub fn BackupPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let library = expect_context::<Library>();
    let message = RwSignal::new(None::<String>);
    let incoming = RwSignal::new(None::<Vec<crate::domain::Board>>);
    let export_all = move |_| {
        store.save_now();
        let (boards, unreadable) = library.all_boards();
        let n = boards.len();
        message.set(Some(match download("sprintdeck-all-boards.json", "application/json", &encode_all(&boards)) {
            Ok(()) if unreadable.is_empty() => format!("{n} boards exported."),
            Ok(()) => {
                format!("{n} boards exported. Left out because they could not be read: {}.", unreadable.join("; "))
            }
            Err(e) => format!("The export failed: {e}."),
        }));
    };
    let export_one = move |_| {
        if let Err(e) = store.board().with_untracked(crate::browser::download_board) {
            message.set(Some(format!("The export failed: {e}.")));
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            let too_large = |size: usize| {
                format!("It is {} MB; a backup is at most {} MB.", size.div_ceil(1 << 20), BACKUP_MAX_BYTES >> 20)
            };
            let name = file.name();
            let read = crate::browser::read_file(&file, BACKUP_MAX_BYTES, too_large).await.and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| format!("{name} cannot be imported: it is not a text file."))
            });
            match read.map(|text| decode_file(&text)) {
                Ok(Ok(boards)) => {
                    message.set(None);
                    incoming.set(Some(boards));
                }
                Ok(Err(e)) => message.set(Some(format!("{name} cannot be imported: {e}."))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let persistence = move || match library.persistent().get() {
        Some(true) => "This browser has promised to keep SprintDeck's data, even when space runs low.",
        Some(false) => {
            "This browser may clear SprintDeck's data when space runs low (it did not promise to keep it). Export your boards now and then."
        }
        None => "This browser does not say whether it will keep SprintDeck's data. Export your boards now and then.",
    };
    view! {
        <section class="card" aria-labelledby="backup-heading">
            <h2 id="backup-heading">"Backup"</h2>
            <p>{persistence}</p>
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=export_all>
                    "Export all boards"
                </button>
                <button type="button" class="btn" on:click=export_one>
                    "Export the open board"
                </button>
                <button type="button" class="btn btn-quiet" on:click=move |_| library.request_persistence()>
                    "Ask the browser to keep my data"
                </button>
            </div>
            <label class="field">
                <span>"Import boards from a SprintDeck file (a board or an “all boards” export)"</span>
                <input class="input" type="file" accept=".json,application/json" on:change=on_file />
            </label>
            <p role="status">{move || message.get()}</p>
            {move || {
                incoming
                    .get()
                    .map(|boards| {
                        view! {
                            <ReceivePreview
                                boards
                                part=Part::Board
                                title="Import boards"
                                on_done=Callback::new(move |_| {
                                    incoming.set(None);
                                    message.set(Some("Imported.".into()));
                                })
                                on_cancel=Callback::new(move |_| incoming.set(None))
                            />
                        }
                    })
            }}
        </section>
    }
}
