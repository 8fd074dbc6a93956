//! "Move to position…": the keyboard- and pointer-friendly way to send stories far.

use leptos::prelude::*;

use super::view_state::{BacklogUi, Dialog};
use crate::browser::form_field;
use crate::domain::StoryId;
use crate::domain::ordering::MoveTo;
use crate::state::Store;
use crate::ui::modal::Modal;

/// Asks for a position and moves the selection there as a block.
#[component]
pub fn PositionDialog() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let error = RwSignal::new(None::<String>);
    let total = store.board().with_untracked(|b| b.stories.len());
    let ids: Vec<StoryId> = {
        let sel = ui.selected.get_untracked();
        store.board().with_untracked(|b| b.stories.iter().map(|s| s.id).filter(|id| sel.contains(id)).collect())
    };
    let focus = ids.first().copied();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = form_field(&ev)("position");
        let Ok(n) = text.trim().parse::<usize>() else {
            error.set(Some(format!("Type a position from 1 to {total}.")));
            return;
        };
        let Some(focus) = focus else { return };
        ui.move_to(store, ids.clone(), MoveTo::Position(n), focus, move |r| match r {
            Ok(()) => ui.dialog.set(Dialog::None),
            Err(e) => error.set(Some(e.to_string())),
        });
    };
    let heading = "Move to position";
    view! {
        <Modal title=heading on_close=Callback::new(move |_| ui.dialog.set(Dialog::None))>
            <form class="editor" on:submit=submit>
                <label class="field">
                    <span>{format!("New position (1 to {total})")}</span>
                    <input
                        class="input"
                        name="position"
                        type="number"
                        min="1"
                        max=total.to_string()
                        required
                        autofocus
                    />
                </label>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| ui.dialog.set(Dialog::None)>
                        "Cancel"
                    </button>
                    <button type="submit" class="btn btn-primary">
                        "Move"
                    </button>
                </div>
            </form>
        </Modal>
    }
}
