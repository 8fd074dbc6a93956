//! The passphrase of a protected link, asked before it opens; it never leaves this browser.

use leptos::prelude::*;

use crate::browser::crypto;
use crate::ui::modal::Modal;

/// Asks for the passphrase of a protected link and opens its sealed body with it; `opened` gets
/// the body (still deflated) once the passphrase is right.
#[component]
pub fn PassphraseForm(
    /// How many PBKDF2 iterations the link's kind names.
    iterations: u32,
    salt: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    opened: Callback<Vec<u8>>,
    close: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let passphrase = crate::browser::form_field(&ev)("passphrase");
        let (salt, iv, ciphertext) = (salt.clone(), iv.clone(), ciphertext.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crypto::unseal(&passphrase, iterations, &salt, &iv, &ciphertext).await {
                Ok(deflated) => opened.run(deflated),
                Err(e) => drop(error.try_set(Some(format!("The link did not open: {e}.")))),
            }
            busy.try_set(false);
        });
    };
    view! {
        <Modal title="This link is protected" on_close=close>
            <form class="editor" on:submit=submit>
                <p>"Whoever shared it chose a passphrase. Type it to open the board; it never leaves this browser."</p>
                <label class="field">
                    <span>"Passphrase"</span>
                    <input class="input" name="passphrase" type="password" autocomplete="off" required autofocus />
                </label>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| close.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="btn btn-primary" disabled=busy>
                        "Open"
                    </button>
                </div>
            </form>
        </Modal>
    }
}
