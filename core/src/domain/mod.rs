//! The pure core of SprintDeck: boards, stories, ordering, poker, capacity and history.
//!
//! Nothing in here touches the browser (the core crate has no web dependency at all), so every
//! rule is tested natively with `cargo test`. Time and identity come in as values ([`Ctx`]), never from a
//! clock or a random source inside this module, which keeps every operation deterministic.

/// Implements serde for a type stored as its text form (`Display` and `FromStr`), so ids and
/// dates read as `"5eed"` and `"2026-11-23"` in JSON, and a bad one is refused with the parse
/// error's message.
macro_rules! serde_as_text {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(|e| serde::de::Error::custom(format_args!("“{text}” is {e}")))
            }
        }
    )*};
}

pub mod action;
pub mod batch;
pub mod board;
pub mod calendar;
pub mod capacity;
pub mod card_keys;
pub mod error;
pub mod filter;
pub mod history;
pub mod ids;
pub mod merge;
pub mod ordering;
pub mod points;
pub mod poker;
pub mod priority;
pub mod program;
pub mod room;
pub mod sizing;
pub mod sort;
pub mod story;
pub mod text;
pub mod validate;

pub use action::{Action, Ctx};
pub use board::{AddAt, Board, BoardSettings, SCHEMA_VERSION};
pub use calendar::Date;
pub use error::{DomainError, Field};
pub use filter::Filter;
pub use history::{Change, History, Refused, Replay};
pub use ids::{BoardId, MemberId, SaveId, StoryId};
pub use ordering::{MoveTo, Step};
pub use points::{Points, Total, decimal};
pub use story::{Status, Story, StoryDraft, StoryForm};

/// Milliseconds since the Unix epoch, as the browser's `Date.now()` reports them.
pub type Millis = i64;

#[cfg(test)]
mod tests {
    /// Layers inside the core: the domain knows nothing of the formats built on it.
    #[test]
    fn the_domain_does_not_depend_on_the_formats() {
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain")];
        // Bounded: the source tree is finite and has no links back up.
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for layer in ["codec", "storage"] {
                    let banned = format!("crate::{layer}");
                    assert!(!text.contains(&banned), "{} uses {banned}", path.display());
                }
            }
        }
    }
}
