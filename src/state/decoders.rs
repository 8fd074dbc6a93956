//! The decoders of stored boards and board lists, loaded on demand.
//!
//! Reading JSON back into boards (serde's visitors for every stored type, and the paths named
//! in errors) is the largest part of the formats' code, and a first visit, which has nothing
//! stored, needs none of it to show the first story. Where the build splits, it is a
//! WebAssembly chunk of its own: a visit with something stored loads it before it opens (from
//! the service worker's cache), a first visit when something needs it (another tab's save).
//! Code that needs it synchronously (a save that finds another tab's newer board) asks [`get`]
//! and has a fallback until it has arrived.

use std::sync::OnceLock;

use crate::chunks::ChunkUnavailable;
use crate::storage::format::{self, BoardIndex, FormatError, Stored};

/// The decoders, as plain function pointers into their chunk.
pub struct Decoders {
    pub stored: fn(&str) -> Result<Stored, FormatError>,
    pub index: fn(&str) -> Result<BoardIndex, FormatError>,
}

impl Decoders {
    /// The decoders themselves: what their chunk hands out, and what tests call directly.
    pub fn direct() -> Decoders {
        Decoders { stored: format::decode_stored, index: format::decode_index }
    }
}

static LOADED: OnceLock<Decoders> = OnceLock::new();

lazy_fn! {
    fn decoders() -> Decoders {
        Decoders::direct()
    }
}

/// The decoders, if their code has arrived.
pub fn get() -> Option<&'static Decoders> {
    LOADED.get()
}

/// The decoders, fetching their code first if it has not arrived.
pub async fn load() -> Result<&'static Decoders, ChunkUnavailable> {
    if let Some(d) = LOADED.get() {
        return Ok(d);
    }
    let d = decoders().await?;
    Ok(LOADED.get_or_init(|| d))
}

/// Runs `f` with the decoders: at once if they are here, else once they have arrived. If their
/// code cannot be fetched (offline before the service worker has cached it), `f` does not run;
/// every caller is a follow-up that the next save or reload does again.
pub fn with(f: impl FnOnce(&'static Decoders) + 'static) {
    match get() {
        Some(d) => f(d),
        None => leptos::task::spawn_local(async move {
            if let Ok(d) = load().await {
                f(d);
            }
        }),
    }
}
