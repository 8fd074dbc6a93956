//! Sharing boards as links and files, and looking after the boards kept in this browser.

use leptos::prelude::*;

use crate::browser::download;
use crate::codec::share::{self, Part, Shared};
use crate::components::copy_button::CopyButton;
use crate::components::qr::QrCodeView;
use crate::components::receive::ReceivePreview;
use crate::domain::{Action, BoardId};
use crate::state::route::share_url;
use crate::state::{Library, Route, Store, crypto};
use crate::storage::format::{BACKUP_MAX_BYTES, decode_file, encode_all};

/// Where a link of `len` characters can go.
pub fn fit_note(len: usize) -> &'static str {
    match len {
        0..=2000 => "Fits anywhere: chat, email, documents, QR codes.",
        2001..=4000 => "Fits Slack, Teams and iMessage; SMS and some older tools cut links this long.",
        4001..=8000 => "Fits most browsers and email, but chat apps may cut it. The file export is safer.",
        _ => "Too long for most places. Send the board as a file instead (Backup, below).",
    }
}

/// The Share page.
#[component]
pub fn SharePage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Share"</h1>
                    <p class="page-summary">"Boards travel as links or files and stay in this browser; no server ever sees them."</p>
                </div>
            </header>
            <ShareLink />
            <BoardsPanel />
            <BackupPanel />
        </section>
    }
}

#[component]
fn ShareLink() -> impl IntoView {
    let store = expect_context::<Store>();
    let part = RwSignal::new(Part::Board);
    let passphrase = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);
    // The link follows the board, the part and the passphrase; sealing is asynchronous, so a
    // newer request supersedes a slower older one.
    Effect::new(move || {
        let shared = Shared::Board { part: part.get(), board: store.board().get() };
        let phrase = passphrase.get();
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        if phrase.is_empty() {
            link.set(share_url(&share::encode(&shared)));
            return;
        }
        let deflated = share::deflate(&shared);
        leptos::task::spawn_local(async move {
            let result = crypto::seal(&phrase, &deflated).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok((salt, iv, sealed)) => link.set(share_url(&share::encode_sealed(&salt, &iv, &sealed))),
                Err(e) => {
                    link.set(String::new());
                    status.set(Some(format!("The link could not be protected: {e}.")));
                }
            }
        });
    });
    let len = move || link.with(String::len);
    let choice = move |value: Part, label: &'static str, hint: &'static str| {
        view! {
            <label class="check-field">
                <input type="radio" name="part" prop:checked=move || part.get() == value on:change=move |_| part.set(value) />
                <span>
                    <strong>{label}</strong>
                    " "
                    <span class="muted">{hint}</span>
                </span>
            </label>
        }
    };
    view! {
        <section class="card" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share this board as a link"</h2>
            <fieldset>
                <legend>"What the link carries"</legend>
                {choice(Part::Board, "The whole board", "backlog, team and sprints; the receiver can merge it back")}
                {choice(Part::Backlog, "The backlog only", "stories without team or sprints")}
                {choice(Part::Plan, "A read-only plan", "opens as a view with a button to make a copy")}
            </fieldset>
            <label class="field">
                <span>"Passphrase (optional: the receiver must type it; tell it to them another way)"</span>
                <input
                    class="input"
                    type="password"
                    autocomplete="new-password"
                    prop:value=passphrase
                    on:input=move |ev| passphrase.set(event_target_value(&ev))
                />
            </label>
            <label class="field">
                <span>"Link"</span>
                <textarea class="input link-box" rows="3" readonly prop:value=link></textarea>
            </label>
            <p class="link-length" aria-live="polite">
                <strong>{move || format!("{} characters. ", len())}</strong>
                {move || fit_note(len())}
            </p>
            <div class="dialog-actions">
                <CopyButton label="Copy link" text=link done="Link copied. Paste it into a chat or an email." message=status primary=true />
                <a class="btn" href=move || link.get() target="_blank" rel="noopener">"Open in a new tab"</a>
            </div>
            <p role="status">{move || status.get()}</p>
            <QrCodeView text=Signal::derive(move || link.get()) />
        </section>
    }
}

#[component]
fn BoardsPanel() -> impl IntoView {
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
                                report(r.map(|_| "Board deleted.".into()).map_err(|e| format!("It was not deleted: {e}.")));
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
                    <input class="input" name="name" type="text" prop:value=move || store.board().with(|b| b.name.clone()) required />
                </label>
                <button type="submit" class="btn">"Rename"</button>
            </form>
            <form class="inline-form" on:submit=create>
                <label class="field">
                    <span>"New board"</span>
                    <input class="input" name="name" type="text" placeholder="Name" required />
                </label>
                <button type="submit" class="btn">"Create board"</button>
            </form>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| report(library.duplicate_board().map(|_| "Copy created and opened.".into()).map_err(|e| format!("It was not copied: {e}.")))
                >
                    "Duplicate the open board"
                </button>
                {move || can_undo_delete.get().then(|| view! {
                    <button
                        type="button"
                        class="btn"
                        on:click=move |_| {
                            can_undo_delete.set(false);
                            report(match library.undo_delete() {
                                Ok(true) => Ok("The board is back.".into()),
                                Ok(false) => Err("There is nothing to bring back.".into()),
                                Err(e) => Err(format!("It could not be brought back: {e}.")),
                            });
                        }
                    >
                        "Undo delete"
                    </button>
                })}
            </div>
            <p role="status">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn BackupPanel() -> impl IntoView {
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
                <button type="button" class="btn" on:click=export_all>"Export all boards"</button>
                <button type="button" class="btn" on:click=export_one>"Export the open board"</button>
                <button type="button" class="btn btn-quiet" on:click=move |_| library.request_persistence()>"Ask the browser to keep my data"</button>
            </div>
            <label class="field">
                <span>"Import boards from a SprintDeck file (a board or an “all boards” export)"</span>
                <input class="input" type="file" accept=".json,application/json" on:change=on_file />
            </label>
            <p role="status">{move || message.get()}</p>
            {move || incoming.get().map(|boards| view! {
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
            })}
        </section>
    }
}
