//! Showing views whose code is loaded on demand.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// A view that arrives later: what a `#[lazy]` function returns, boxed.
pub type LazyView = Pin<Box<dyn Future<Output = AnyView> + Send>>;

/// Boxes a lazily loaded view so every call site shares one `Suspense` instance (one copy of its
/// code in the WebAssembly, instead of one per lazy view).
pub fn boxed(fut: impl Future<Output = AnyView> + Send + 'static) -> LazyView {
    Box::pin(fut)
}

/// Renders what `load` yields once its WebAssembly chunk and the stylesheet of views loaded on
/// demand have arrived (from the service worker's cache this takes a few milliseconds; nothing
/// is shown meanwhile, so nothing flashes).
pub fn lazy_view(load: impl Fn() -> LazyView + Send + Sync + 'static) -> AnyView {
    lazy_erased(std::sync::Arc::new(load))
}

#[inline(never)]
fn lazy_erased(load: std::sync::Arc<dyn Fn() -> LazyView + Send + Sync>) -> AnyView {
    view! { <Suspense fallback=|| ()>{move || Suspend::new(styled(load()))}</Suspense> }.into_any()
}

/// The view, once both its code and the stylesheet of views loaded on demand are here (fetched
/// side by side), so it never shows unstyled.
async fn styled(view: LazyView) -> AnyView {
    let sheet = crate::browser::lazy_stylesheet();
    let view = view.await;
    sheet.await;
    view
}
