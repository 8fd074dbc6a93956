//! The service worker that makes the app work offline, in leptos-use's shape:
//! [`use_service_worker`] starts its registration and says, as a value, why it did not.
//!
//! leptos-use's `use_service_worker` keeps signals of the registration's states for an app that
//! offers updates; SprintDeck only registers its worker once the first screen is shown (see
//! `app::start`), outside any component, so this one is ours and small.

use wasm_bindgen::JsValue;

/// Why no service worker was registered (the app then simply does not work offline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoServiceWorker {
    /// Development builds (`trunk serve`) have none: a cached copy would hide the change just
    /// made.
    Development,
    /// The browser has no service workers here (an insecure origin, some private modes).
    Unsupported,
}

/// Registers the service worker script at `url` (relative to the page), if the browser has
/// service workers and this is a release build. The registration itself goes on in the
/// background; its failure only means no offline use.
pub fn use_service_worker(url: &str) -> Result<(), NoServiceWorker> {
    if cfg!(debug_assertions) {
        return Err(NoServiceWorker::Development);
    }
    let nav = web_sys::window().ok_or(NoServiceWorker::Unsupported)?.navigator();
    if !js_sys::Reflect::has(&nav, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return Err(NoServiceWorker::Unsupported);
    }
    let promise = nav.service_worker().register(url);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
    Ok(())
}
