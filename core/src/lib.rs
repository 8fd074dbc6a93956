//! SprintDeck's core: everything that does not need a browser.
//!
//! * [`domain`] — boards, stories, ordering, poker, capacity, undo history: pure rules.
//! * [`codec`] — share links, poker links and CSV: the domain as bytes and text.
//! * [`storage`] — the versioned JSON formats of localStorage and files, and the key registry.
//!
//! The app crate adds the browser edge (localStorage through gloo-storage, WebCrypto), the
//! reactive state and the views on top. Nothing here depends on leptos, web-sys, wasm-bindgen,
//! js-sys or gloo, so the compiler enforces the layering and `cargo test -p sprintdeck-core`
//! runs without compiling the UI.

pub mod codec;
pub mod domain;
#[cfg(feature = "arbitrary")]
pub mod fuzz;
pub mod storage;

#[cfg(test)]
mod tests {
    /// The core stays free of browser and UI crates: its manifest names none of them.
    #[test]
    fn the_core_depends_on_no_browser_crate() {
        let manifest = include_str!("../Cargo.toml");
        let deps = manifest.split("[dependencies]").nth(1).unwrap_or_default();
        let deps = deps.split("\n[").next().unwrap_or_default();
        for banned in ["leptos", "web-sys", "wasm-bindgen", "js-sys", "gloo"] {
            assert!(
                !deps.lines().any(|l| l.trim_start().starts_with(banned)),
                "sprintdeck-core must not depend on {banned}"
            );
        }
    }
}
