//! Opening a program file, which asks before it replaces the program of this browser.

use leptos::prelude::*;

use super::replace_program::ReplaceProgram;
use crate::domain::program::Program;

/// Reads a program file, asking before it replaces the program of this browser.
#[component]
pub fn ImportProgram(message: RwSignal<Option<String>>) -> impl IntoView {
    let incoming = RwSignal::new(None::<Program>);
    let picked = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            match crate::browser::read_text(&file, crate::storage::format::BACKUP_MAX_BYTES).await {
                Err(e) => drop(message.try_set(Some(e))),
                Ok(text) => match crate::storage::format::decode_program(&text) {
                    Ok(p) => drop(incoming.try_set(Some(p))),
                    Err(e) => {
                        drop(message.try_set(Some(format!("{} cannot be opened as a program: {e}.", file.name()))))
                    }
                },
            }
        });
    };
    view! {
        <label class="btn file-btn">
            "Import program file"
            <input class="visually-hidden" type="file" accept=".json,application/json" on:change=picked />
        </label>
        {move || {
            incoming
                .get()
                .map(|p| {
                    view! { <ReplaceProgram program=p close=Callback::new(move |_| incoming.set(None)) message /> }
                })
        }}
    }
}
