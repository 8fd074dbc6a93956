//! Banners about the user's data: unreadable blobs kept aside, failed saves, other tabs.

use leptos::prelude::*;

use crate::browser::download;
use crate::state::persist::{backup_text, delete_backup};
use crate::state::{Notice, NoticeKind, Notices as NoticeList, Store};

/// Every open banner, oldest first. Banners are few and rare, so the list is simply rebuilt when
/// it changes.
#[component]
pub fn Notices() -> impl IntoView {
    let notices = expect_context::<NoticeList>();
    view! {
        <div class="notices">
            {move || notices.list().get().into_iter().map(|n| view! { <NoticeBanner notice=n /> }).collect_view()}
        </div>
    }
}

#[component]
fn NoticeBanner(notice: Notice) -> impl IntoView {
    let store = expect_context::<Store>();
    let notices = expect_context::<NoticeList>();
    let Notice { id, kind } = notice;
    let failure = RwSignal::new(None::<String>);
    let report =
        move |result: Result<(), String>| failure.set(result.err().map(|e| format!("That did not work: {e}.")));
    // The first click arms a destructive button, the second performs it.
    let armed = RwSignal::new(false);

    let (primary, secondary): (&str, Option<&str>) = match &kind {
        NoticeKind::Recovered { .. } => ("Download the unreadable data", Some("Delete it…")),
        NoticeKind::Unmerged { .. } => ("Download the unmerged changes", Some("Delete them…")),
        NoticeKind::SaveFailed(_) => ("Export the board to a file", Some("Try saving again")),
        NoticeKind::Dropped(_)
        | NoticeKind::Refused(_)
        | NoticeKind::DeletedElsewhere
        | NoticeKind::HistoryLost(_)
        | NoticeKind::Info(_) => ("", None),
    };
    let for_primary = kind.clone();
    let on_primary = move |_| {
        report(match &for_primary {
            NoticeKind::Recovered { backup, .. } => backup_text(backup)
                .ok_or_else(|| "the copy is no longer there".to_owned())
                .and_then(|t| download("sprintdeck-unreadable-data.json", "application/json", &t)),
            NoticeKind::Unmerged { backup } => backup_text(backup)
                .ok_or_else(|| "the copy is no longer there".to_owned())
                .and_then(|t| download("sprintdeck-unmerged-changes.json", "application/json", &t)),
            _ => store.board().with_untracked(crate::browser::download_board),
        })
    };
    let for_secondary = kind.clone();
    let on_secondary = move |_| match &for_secondary {
        NoticeKind::Recovered { backup, .. } | NoticeKind::Unmerged { backup } if armed.get_untracked() => {
            delete_backup(notices, backup)
        }
        NoticeKind::Recovered { .. } | NoticeKind::Unmerged { .. } => armed.set(true),
        _ => store.save_now(),
    };
    let confirm = if matches!(kind, NoticeKind::Unmerged { .. }) {
        "Yes, delete the unmerged changes"
    } else {
        "Yes, delete the unreadable data"
    };
    let secondary_label = move || match (secondary, armed.get()) {
        (Some(_), true) => confirm,
        (label, _) => label.unwrap_or_default(),
    };

    view! {
        <div class="notice" class:notice-error=kind.is_error() role=if kind.is_error() { "alert" } else { "status" }>
            <p class="notice-text">{kind.message()}</p>
            <div class="notice-actions">
                {(!primary.is_empty())
                    .then(|| {
                        view! {
                            <button type="button" class="btn" on:click=on_primary>
                                {primary}
                            </button>
                        }
                    })}
                {secondary
                    .is_some()
                    .then(|| {
                        view! {
                            <button type="button" class="btn btn-quiet" class:btn-danger=armed on:click=on_secondary>
                                {secondary_label}
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="btn btn-quiet"
                    aria-label="Dismiss this message"
                    on:click=move |_| notices.dismiss(id)
                >
                    "Dismiss"
                </button>
            </div>
            <p class="field-error">{move || failure.get()}</p>
        </div>
    }
}
