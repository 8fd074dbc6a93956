//! The app: banners and the page the URL fragment names, mounted under the static top bar of
//! `index.html` (which paints before the WebAssembly has loaded).
//!
//! Pages other than the backlog, and dialogs, are `lazy_fn!`s: where the release build splits
//! the WebAssembly (the `split` feature, which `cargo xtask` turns on) their code is fetched on
//! first use, so what a first visit waits for is the backlog alone. Without the feature
//! (`trunk serve`, tests) they are plain functions.

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::backlog::BacklogPage;
use crate::capacity::CapacityPage;
use crate::poker::PokerPage;
use crate::program::ProgramPage;
use crate::share::SharePage;
use crate::state::route::use_route;
use crate::state::{Library, Notices, Route, Store, decoders, persist};
use crate::ui::lazy_view::{boxed, lazy_view};
use crate::ui::notices::Notices as NoticeList;

/// Opens what this browser has stored and mounts [`App`] into `#app` (or the body, if the page
/// has none). The performance marks `sprintdeck-start` (the WebAssembly runs) and
/// `sprintdeck-ready` (the page is rendered) are what the bench reads.
///
/// A first visit, with nothing stored, opens a new board at once. Reading stored boards needs
/// their decoders, which the release build keeps out of the code loaded at start
/// ([`decoders`](crate::state::decoders)): a returning visit loads them (from the service
/// worker's cache) before it mounts.
pub fn start() {
    #[cfg(feature = "panic-messages")]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&wasm_bindgen::JsValue::from_str(&info.to_string()));
    }));
    if let Some(perf) = window().performance() {
        let _ = perf.mark("sprintdeck-start");
    }
    let now = crate::browser::now_ms();
    if persist::anything_stored() {
        // Leptos' executor starts when the app is mounted, so until then, the browser's.
        wasm_bindgen_futures::spawn_local(async move {
            match decoders::load().await {
                Ok(decode) => mount(persist::open_stored(now, decode)),
                Err(_) => cannot_open(),
            }
        });
    } else {
        // The decoders are fetched when something needs them (another tab's save).
        mount(persist::open_new(now));
    }
    crate::browser::when_idle(|| {
        // Without one (a development build, an insecure origin) the app only works online.
        let _ = crate::browser::service_worker::use_service_worker("./sw.js");
    });
}

fn mount(opened: persist::Opened) {
    // The backlog is ready when its list has rendered (the list marks it); any other page once
    // mounted.
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

/// Says, in place of the app, that the code reading stored boards could not be fetched. Nothing
/// stored has been touched. (Nothing is mounted yet, so plain DOM calls.)
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
    let notices = Notices::new();
    let store = Store::open(opened, notices);
    let library = Library::new(store, notices);
    library.request_persistence();
    provide_context(notices);
    provide_context(store);
    provide_context(library);
    let route = use_route();
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
    // The link being opened: a second link opened while the first one's dialog shows replaces it.
    let opening = Memo::new(move |_| (route.get() == Route::Open).then(crate::state::route::open_payload));
    view! {
        // Banners are part of the start: a full storage must be reported even offline.
        {move || notices.list().with(|n| !n.is_empty()).then(|| view! { <NoticeList /> })}
        <main id="main" class="main">
            {move || match page.get() {
                Route::Backlog | Route::Open => {
                    Either::Left(
                        // Not type-erased: erasing the backlog's view would compile it a second time.
                        view! { <BacklogPage /> },
                    )
                }
                Route::Poker => Either::Right(lazy_view(|| boxed(poker_page()))),
                Route::Capacity => Either::Right(lazy_view(|| boxed(capacity_page()))),
                Route::Program => Either::Right(lazy_view(|| boxed(program_page()))),
                Route::Share => Either::Right(lazy_view(|| boxed(share_page()))),
                Route::Room => Either::Right(lazy_view(|| boxed(room_page()))),
            }}
            {move || opening.get().map(|_| lazy_view(|| boxed(open_link())))}
        </main>
    }
}

lazy_fn! {
    fn poker_page() -> AnyView {
        view! { <PokerPage /> }.into_any()
    }
}

lazy_fn! {
    fn capacity_page() -> AnyView {
        view! { <CapacityPage /> }.into_any()
    }
}

lazy_fn! {
    fn program_page() -> AnyView {
        view! { <ProgramPage /> }.into_any()
    }
}

lazy_fn! {
    fn share_page() -> AnyView {
        view! { <SharePage /> }.into_any()
    }
}

lazy_fn! {
    fn room_page() -> AnyView {
        view! { <crate::poker::room::RoomPage /> }.into_any()
    }
}

lazy_fn! {
    fn open_link() -> AnyView {
        view! { <crate::share::open_link::OpenLink /> }.into_any()
    }
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

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_static_navigation_links_every_route() {
        let html = include_str!("../index.html");
        for r in Route::ALL {
            let link = format!(r#"<a class="nav-link" href="{}">{}</a>"#, r.href(), r.title());
            assert!(html.contains(&link), "index.html lacks {link}");
        }
    }
}
