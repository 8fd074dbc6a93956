//! The question before a program from a file or a link replaces this browser's program.

use leptos::prelude::*;

use super::desk::Desk;
use crate::domain::program::Program;
use crate::ui::modal::Modal;

/// Asks before a program from a file or link replaces this browser's.
#[component]
pub fn ReplaceProgram(
    program: Program,
    /// Called when the dialog closes without the program replaced (cancelled or failed).
    close: Callback<()>,
    /// Where the outcome is said.
    message: RwSignal<Option<String>>,
    /// Called instead of `close` once the program is opened; `close` by default.
    #[prop(optional)]
    opened: Option<Callback<()>>,
) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let current = desk.program().with_untracked(|p| (p.name.clone(), p.teams.len()));
    let teams = program.teams.iter().map(|t| t.board.name.clone()).collect::<Vec<_>>().join(", ");
    let name = program.name.clone();
    let p = StoredValue::new(program);
    let replace = move |_| match desk.replace(p.get_value()) {
        Ok(None) => {
            message.set(Some("Program opened.".into()));
            opened.unwrap_or(close).run(());
        }
        Ok(Some(unsaved)) => {
            message.set(Some(format!("Program opened in this tab only. {unsaved}")));
            opened.unwrap_or(close).run(());
        }
        Err(e) => {
            message.set(Some(e));
            close.run(());
        }
    };
    view! {
        <Modal title="Open a program" on_close=close>
            <p>
                <strong>{name}</strong>
                {format!(": {teams}.")}
            </p>
            {(current.1 > 0)
                .then(|| {
                    view! {
                        <p>
                            {format!(
                                "It replaces “{}” ({} teams) in this browser; that one is kept aside in this browser's storage first, not lost.",
                                current.0,
                                current.1,
                            )}
                        </p>
                    }
                })}
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| close.run(())>
                    "Cancel"
                </button>
                <button type="button" class="btn btn-primary" on:click=replace>
                    "Open this program"
                </button>
            </div>
        </Modal>
    }
}
