//! The Clipboard API, in leptos-use's shape: [`use_clipboard`] says whether the browser can
//! write to the clipboard, and its copy reports a refusal as a value.
//!
//! leptos-use's `use_clipboard` reports a copy only when it worked (`copied`), never why it
//! did not; SprintDeck tells the user to copy by hand when the browser refuses, so this one is
//! ours.

use wasm_bindgen::JsValue;

/// The browser would not put the text on the clipboard (no Clipboard API here, no permission,
/// or the page is not focused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this browser refused to copy")]
pub struct CopyRefused;

/// The clipboard of this page.
#[derive(Clone, Copy, Debug)]
pub struct UseClipboard {
    /// Whether the browser has the asynchronous Clipboard API at all.
    pub is_supported: bool,
}

impl UseClipboard {
    /// Puts `text` on the clipboard.
    pub async fn copy(&self, text: &str) -> Result<(), CopyRefused> {
        if !self.is_supported {
            return Err(CopyRefused);
        }
        let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(text)).ok_or(CopyRefused)?;
        wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(|_| CopyRefused)
    }
}

/// The clipboard, and whether this browser can write to it.
pub fn use_clipboard() -> UseClipboard {
    let is_supported = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w.navigator(), &JsValue::from_str("clipboard")).unwrap_or(false));
    UseClipboard { is_supported }
}
