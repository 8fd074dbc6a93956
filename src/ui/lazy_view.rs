//! Showing views whose code may be loaded on demand (see `lazy_fn!` in the crate root).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::chunks::ChunkUnavailable;

/// A view that arrives later: what a `lazy_fn!` view function returns, boxed.
pub type LazyView = Pin<Box<dyn Future<Output = Result<AnyView, ChunkUnavailable>> + Send>>;

/// Boxes a view that arrives later, so every call site shares one `Suspense` instance (one copy
/// of its code in the WebAssembly, instead of one per view).
pub fn boxed(fut: impl Future<Output = Result<AnyView, ChunkUnavailable>> + Send + 'static) -> LazyView {
    Box::pin(fut)
}

/// Renders what `load` yields once it has arrived. From the service worker's cache a chunk
/// takes milliseconds, so nothing shows meanwhile and nothing flashes; a first visit on a slow
/// network can take seconds, so after half a second (a CSS animation's delay, no timer) a
/// "Loading…" status appears instead of an empty page. If the code cannot be fetched, a message
/// says so in its place, with a button that tries again.
pub fn lazy_view(load: impl Fn() -> LazyView + Send + Sync + 'static) -> AnyView {
    lazy_erased(std::sync::Arc::new(load))
}

#[inline(never)]
fn lazy_erased(load: std::sync::Arc<dyn Fn() -> LazyView + Send + Sync>) -> AnyView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| {
            view! {
                <p class="lazy-loading" role="status">
                    "Loading…"
                </p>
            }
        }>
            {move || {
                attempt.track();
                Suspend::new(shown(load(), attempt))
            }}
        </Suspense>
    }
    .into_any()
}

async fn shown(view: LazyView, attempt: RwSignal<u32>) -> AnyView {
    match view.await {
        Ok(view) => view,
        Err(e) => view! {
            <div class="notice notice-error" role="alert">
                <p>{format!("Sorry, {e}. Your boards are safe; nothing was lost.")}</p>
                <button type="button" class="btn" on:click=move |_| attempt.update(|n| *n += 1)>
                    "Try again"
                </button>
            </div>
        }
        .into_any(),
    }
}
