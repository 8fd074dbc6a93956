//! The app: banners and the page the URL fragment names, mounted under the static top bar of
//! `index.html` (which paints before the WebAssembly has loaded).

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::lazy::{boxed, lazy_part, lazy_view};
use crate::components::notices::Notices;
use crate::pages::{BacklogPage, CapacityPage, PokerPage, SharePage};
use crate::state::route::use_route;
use crate::state::{Route, Store, persist};

/// Mounts [`App`] into `#app` (or the body, if the page has none). The performance marks
/// `sprintdeck-start` (the WebAssembly runs) and `sprintdeck-ready` (the page is rendered, see
/// [`crate::browser::mark_ready`]) are what the bench reads.
///
/// A first visit, with nothing stored, opens a new board at once. Reading stored boards needs
/// their decoders, which the release build keeps out of the code loaded at start: a returning
/// visit loads them (from the service worker's cache) before it mounts.
pub fn start() {
    #[cfg(feature = "panic-messages")]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&wasm_bindgen::JsValue::from_str(&info.to_string()));
    }));
    if let Some(perf) = window().performance() {
        let _ = perf.mark("sprintdeck-start");
    }
    let now = crate::browser::now_ms();
    if !persist::anything_stored() {
        mount(persist::open_new(now));
    } else {
        #[cfg(not(feature = "split"))]
        mount(persist::open_stored(now));
        // Leptos' executor starts when the app is mounted, so until then, the browser's.
        #[cfg(feature = "split")]
        wasm_bindgen_futures::spawn_local(async move {
            // The list's code is fetched alongside: a stored board usually has stories.
            wasm_bindgen_futures::spawn_local(crate::pages::preload_list());
            match open_stored_loaded(now).await {
                Ok(opened) => mount(opened),
                Err(_) => cannot_open(),
            }
        });
    }
    crate::browser::register_service_worker();
}

fn mount(opened: persist::Opened) {
    // The backlog is rendered when its list is; any other page when mounted.
    let waits_for_list =
        !opened.board.stories.is_empty() && matches!(crate::state::route::current(), Route::Backlog | Route::Open);
    let target = document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match target {
        Some(el) => leptos::mount::mount_to(el, move || view! { <App opened /> }).forget(),
        None => leptos::mount::mount_to_body(move || view! { <App opened /> }),
    }
    if !waits_for_list {
        crate::browser::mark_ready();
    }
}

// `fallible`: offline before the service worker has cached it, the chunk cannot be fetched;
// that is a message to show, not a panic.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    sprintdeck_open,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn open_stored_loaded(now: crate::domain::Millis) -> Result<persist::Opened, leptos::wasm_split::SplitLoaderError> {
    Ok(persist::open_stored(now))
}

/// Says, in place of the app, that the code reading stored boards could not be fetched. Nothing
/// stored has been touched.
#[cfg(feature = "split")]
fn cannot_open() {
    let doc = document();
    let (Some(app), Ok(box_), Ok(p)) =
        (doc.get_element_by_id("app"), doc.create_element("div"), doc.create_element("p"))
    else {
        return;
    };
    let _ = box_.set_attribute("class", "notices");
    let _ = p.set_attribute("role", "alert");
    let _ = p.set_attribute("class", "notice notice-error");
    p.set_text_content(Some(
        "SprintDeck could not load the part that opens your saved boards (are you offline?). \
         Your boards are untouched: reload the page to try again.",
    ));
    let _ = box_.append_child(&p);
    let _ = app.append_child(&box_);
}

/// The whole application below the top bar.
#[component]
pub fn App(opened: persist::Opened) -> impl IntoView {
    crate::domain::text::use_unicode_lowercase(crate::browser::lowercase);
    let store = Store::open(opened);
    provide_context(store);
    let route = use_route();
    // The code that changes the board, and the list a first story will need, start loading at
    // the first press of a pointer or key.
    let _ = window_event_listener(leptos::ev::pointerdown, |_| warm_up());
    let _ = window_event_listener(leptos::ev::keydown, |_| warm_up());
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

fn warm_up() {
    thread_local! {
        static WARM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !WARM.replace(true) {
        crate::state::editing::warm_up();
        leptos::task::spawn_local(crate::pages::preload_list());
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
