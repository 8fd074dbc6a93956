//! The pure core of SprintDeck: boards, stories, ordering, poker, capacity and history.
//!
//! Nothing in here touches the browser (no leptos, web_sys, js_sys or gloo), so every rule can be
//! tested natively with `cargo test`. Time and identity come in as values ([`Ctx`]), never from a
//! clock or a random source inside this module, which keeps every operation deterministic.

pub(crate) mod action;
pub mod board;
pub(crate) mod calendar;
pub mod capacity;
pub(crate) mod error;
pub(crate) mod filter;
pub(crate) mod history;
pub mod ids;
pub mod merge;
pub(crate) mod ordering;
pub mod poker;
pub(crate) mod priority;
pub(crate) mod sort;
pub(crate) mod story;
pub mod text;

pub use action::{Action, AddAt, Ctx};
pub use board::{Board, BoardSettings, SCHEMA_VERSION};
pub use calendar::Date;
pub use error::{DomainError, Field};
pub use filter::Filter;
pub use history::{Change, History};
pub use ids::{BoardId, MemberId, StoryId};
pub use ordering::{MoveTo, Step};
pub use story::{Points, Status, Story, StoryDraft, StoryForm, decimal};

/// Milliseconds since the Unix epoch, as the browser's `Date.now()` reports them.
pub type Millis = i64;

#[cfg(test)]
mod tests {
    /// The domain stays pure: no browser or UI crate may be imported here.
    #[test]
    fn domain_imports_no_browser_crates() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for banned in ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo", "crate::state", "crate::storage"] {
                assert!(!text.contains(&format!("use {banned}")), "{} imports {banned}", path.display());
                assert!(!text.contains(&format!("{banned}::")), "{} uses {banned}", path.display());
            }
        }
    }
}
