//! The app: banners and the page the URL fragment names, mounted under the static top bar of
//! `index.html` (which paints before the WebAssembly has loaded).

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::lazy::{boxed, lazy_part, lazy_view};
use crate::components::notices::Notices;
use crate::pages::{BacklogPage, CapacityPage, PokerPage, SharePage};
use crate::state::route::use_route;
use crate::state::{Route, Store};

/// Mounts [`App`] into `#app` (or the body, if the page has none). The performance marks
/// `sprintdeck-start` (the WebAssembly runs) and `sprintdeck-ready` (the page is rendered) are
/// what the bench reads.
pub fn start() {
    #[cfg(feature = "panic-messages")]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&wasm_bindgen::JsValue::from_str(&info.to_string()));
    }));
    if let Some(perf) = window().performance() {
        let _ = perf.mark("sprintdeck-start");
    }
    let target = document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match target {
        Some(el) => leptos::mount::mount_to(el, App).forget(),
        None => leptos::mount::mount_to_body(App),
    }
    if let Some(perf) = window().performance() {
        let _ = perf.mark("sprintdeck-ready");
    }
    crate::browser::register_service_worker();
}

/// The whole application below the top bar.
#[component]
pub fn App() -> impl IntoView {
    crate::domain::text::use_unicode_lowercase(crate::browser::lowercase);
    let store = Store::open();
    provide_context(store);
    let route = use_route();
    // The code that changes the board starts loading at the first press of a pointer or key.
    let _ = window_event_listener(leptos::ev::pointerdown, |_| crate::state::editing::warm_up());
    let _ = window_event_listener(leptos::ev::keydown, |_| crate::state::editing::warm_up());
    Effect::new(move || {
        let current = route.get();
        document().set_title(&format!("{} · SprintDeck", current.title()));
        mark_current_nav_link(current);
    });

    // The page to show: a shared board arriving (`Open`) is received over the backlog.
    let page = Memo::new(move |_| match route.get() {
        Route::Open => Route::Backlog,
        other => other,
    });
    let opening = Memo::new(move |_| route.get() == Route::Open);
    view! {
        {move || store.notices().with(|n| !n.is_empty()).then(|| lazy_part(|| boxed(notices())))}
        <main id="main" class="main">
            {move || match page.get() {
                // Not type-erased: erasing the backlog's view would compile it a second time.
                Route::Backlog | Route::Open => Either::Left(view! { <BacklogPage /> }),
                Route::Poker => Either::Right(lazy_view(|| boxed(poker_page()))),
                Route::Capacity => Either::Right(lazy_view(|| boxed(capacity_page()))),
                Route::Share => Either::Right(lazy_view(|| boxed(share_page()))),
            }}
            {move || opening.get().then(|| lazy_view(|| boxed(open_link())))}
        </main>
    }
}

// Every page but the backlog (where the app starts) is loaded on first visit, and so are the
// banners, which most sessions never show.

#[leptos::lazy]
fn notices() -> AnyView {
    view! { <Notices /> }.into_any()
}

#[leptos::lazy]
async fn poker_page() -> AnyView {
    crate::state::editing::ready().await;
    view! { <PokerPage /> }.into_any()
}

#[leptos::lazy]
async fn capacity_page() -> AnyView {
    crate::state::editing::ready().await;
    view! { <CapacityPage /> }.into_any()
}

#[leptos::lazy]
async fn share_page() -> AnyView {
    crate::state::editing::ready().await;
    view! { <SharePage /> }.into_any()
}

#[leptos::lazy]
async fn open_link() -> AnyView {
    crate::state::editing::ready().await;
    view! { <crate::components::open_link::OpenLink /> }.into_any()
}

/// Sets `aria-current="page"` on the top bar's link to `route` (the bar is static HTML).
fn mark_current_nav_link(route: Route) {
    let Ok(links) = document().query_selector_all(".nav-link") else { return };
    let href = route.href();
    for i in 0..links.length() {
        if let Some(link) = links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            let _ = if link.get_attribute("href").as_deref() == Some(href.as_str()) {
                link.set_attribute("aria-current", "page")
            } else {
                link.remove_attribute("aria-current")
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_static_navigation_links_every_route() {
        let html = include_str!("../index.html");
        for r in Route::ALL {
            let link = format!(r#"<a class="nav-link" href="{}">{}</a>"#, r.href(), r.title());
            assert!(html.contains(&link), "index.html lacks {link}");
        }
    }
}
