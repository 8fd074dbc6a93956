//! SprintDeck: planning poker, backlog ordering and sprint capacity planning in the browser.
//!
//! Layers, dependencies pointing downward only (`xtask`'s layer test checks them):
//! [`domain`] and [`codec`] (the `sprintdeck-core` crate: pure rules and formats, no browser)
//! → [`browser`] (browser APIs as values and small hooks), [`storage`] (the localStorage edge)
//! and [`chunks`] → [`state`] (signals, persistence) → [`ui`] (generic views) → the features,
//! each a folder with its page, its state handle and one component per file: [`backlog`],
//! [`poker`], [`capacity`], [`program`], [`share`] → [`app`].

/// Declares a function whose code goes into a WebAssembly chunk of its own where the build
/// splits (the `split` feature, see `app`), fetched on its first call. Written as
/// `lazy_fn! { fn name(args) -> T { body } }`, it becomes
/// `async fn name(args) -> Result<T, ChunkUnavailable>`: a chunk that cannot be fetched (offline
/// before the service worker has cached it) is an error to show, where Leptos' `#[lazy]` would
/// panic and stop the app. Without the feature it is a plain function that never fails.
macro_rules! lazy_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::chunks::ChunkUnavailable> {
            Ok($body)
        }

        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::chunks::ChunkUnavailable> {
            Ok($body)
        }
    };
}

pub mod app;
pub mod backlog;
pub mod browser;
pub mod capacity;
pub mod chunks;
pub mod poker;
pub mod program;
pub mod share;
pub mod state;
pub mod storage;
pub mod ui;

pub use app::{App, start};
pub use sprintdeck_core::{codec, domain};

// The app's unit tests run in headless Chromium with the browser tests (`cargo xtask test`).
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
