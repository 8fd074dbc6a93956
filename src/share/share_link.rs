//! The open board (all of it, its backlog, or a read-only plan) as a link, optionally behind a
//! passphrase, with its length, where it fits, and its QR code.

use leptos::prelude::*;

use crate::browser::crypto;
use crate::codec::share::{self, Part, Shared};
use crate::state::Store;
use crate::state::route::share_url;
use crate::ui::copy_button::CopyButton;
use crate::ui::qr::QrCodeView;

/// Where a link of `len` characters can go.
pub fn fit_note(len: usize) -> &'static str {
    match len {
        0..=2000 => "Fits anywhere: chat, email, documents, QR codes.",
        2001..=4000 => "Fits Slack, Teams and iMessage; SMS and some older tools cut links this long.",
        4001..=8000 => "Fits most browsers and email, but chat apps may cut it. The file export is safer.",
        _ => "Too long for most places. Send the board as a file instead (Backup, below).",
    }
}

#[component]
pub fn ShareLink() -> impl IntoView {
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
                <input
                    type="radio"
                    name="part"
                    prop:checked=move || part.get() == value
                    on:change=move |_| part.set(value)
                />
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
                <CopyButton
                    label="Copy link"
                    text=link
                    done="Link copied. Paste it into a chat or an email."
                    message=status
                    primary=true
                />
                <a class="btn" href=move || link.get() target="_blank" rel="noopener">
                    "Open in a new tab"
                </a>
            </div>
            <p role="status">{move || status.get()}</p>
            <QrCodeView text=Signal::derive(move || link.get()) />
        </section>
    }
}
