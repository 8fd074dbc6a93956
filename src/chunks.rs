//! WebAssembly chunks loaded on demand (where the release build splits, see `lazy_fn!` in the
//! crate root): the one way fetching one can fail.

/// The WebAssembly chunk of a part of the app could not be fetched (offline before the service
/// worker has cached it). Nothing is lost: the next call tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this part of SprintDeck could not be loaded (are you offline?)")]
pub struct ChunkUnavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}
