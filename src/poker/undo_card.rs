//! What was just written to the backlog, with the button that undoes it.

use leptos::prelude::*;

use crate::state::Store;

/// What was just written to the backlog, with a button that undoes it; `on_undone` runs after
/// an undo.
#[component]
pub fn UndoCard(text: RwSignal<Option<String>>, #[prop(optional)] on_undone: Option<Callback<()>>) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        text.get().map(|t| {
            view! {
                <div class="card accepted" role="status">
                    <p>{t}</p>
                    <button
                        type="button"
                        class="btn"
                        on:click=move |_| {
                            match store.undo() {
                                Ok(Some(what)) => {
                                    text.set(Some(format!("Undone: {what}.")));
                                    if let Some(f) = on_undone {
                                        f.run(());
                                    }
                                }
                                Ok(None) => {}
                                Err(why) => text.set(Some(why)),
                            }
                        }
                    >
                        "Undo"
                    </button>
                </div>
            }
        })
    }
}
