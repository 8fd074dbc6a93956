//! The BroadcastChannel API, in leptos-use's shape: [`use_broadcast_channel`] hears the other
//! windows of this browser on a channel and posts to them, closed with its owner.
//!
//! leptos-use's `use_broadcast_channel` hands messages over as a signal, which keeps only the
//! latest: two windows that post at once would leave one message unread. Each of SprintDeck's
//! messages is a whole round to merge, so every one must be heard: this one calls back for
//! each message.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A channel to the other windows of this browser.
#[derive(Clone, Copy)]
pub struct UseBroadcastChannel {
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

/// The browser has no BroadcastChannel here (or refused to open one): other windows are not
/// kept in step, and nothing else changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this browser cannot talk to its other windows")]
pub struct NoChannel;

impl UseBroadcastChannel {
    /// Sends `text` to every other window listening on the channel.
    pub fn post(&self, text: &str) -> Result<(), NoChannel> {
        self.channel.with_value(|c| match c {
            Some(c) => c.post_message(&wasm_bindgen::JsValue::from_str(text)).map_err(|_| NoChannel),
            None => Err(NoChannel),
        })
    }

    /// Whether the channel is open.
    pub fn is_supported(&self) -> bool {
        self.channel.with_value(Option::is_some)
    }
}

/// Opens the channel `name`; `on_message` hears every text another window posts on it, until
/// the calling owner is cleaned up.
pub fn use_broadcast_channel(name: &str, on_message: impl Fn(String) + 'static) -> UseBroadcastChannel {
    let channel = StoredValue::new_local(None);
    if let Ok(c) = web_sys::BroadcastChannel::new(name) {
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                on_message(text);
            }
        });
        c.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        // The listener lives as long as the channel, which the cleanup closes.
        listener.forget();
        channel.set_value(Some(c.clone()));
        on_cleanup(move || c.close());
    }
    UseBroadcastChannel { channel }
}
