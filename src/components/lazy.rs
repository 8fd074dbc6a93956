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
    lazy_erased(std::sync::Arc::new(load), true)
}

/// [`lazy_view`] for a part of the backlog page, styled by `main.css` (the banners, the
/// selection bar): it does not wait for the stylesheet of the views loaded on demand.
pub fn lazy_part(load: impl Fn() -> LazyView + Send + Sync + 'static) -> AnyView {
    lazy_erased(std::sync::Arc::new(load), false)
}

#[inline(never)]
fn lazy_erased(load: std::sync::Arc<dyn Fn() -> LazyView + Send + Sync>, styled: bool) -> AnyView {
    view! { <Suspense fallback=|| ()>{move || Suspend::new(with_styles(load(), styled))}</Suspense> }.into_any()
}

/// The view, once its code and (if `styled`) the stylesheet of views loaded on demand are here
/// (fetched side by side), so it never shows unstyled.
async fn with_styles(view: LazyView, styled: bool) -> AnyView {
    let sheet = styled.then(crate::browser::lazy_stylesheet);
    let view = view.await;
    if let Some(sheet) = sheet {
        sheet.await;
    }
    view
}
