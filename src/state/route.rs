//! Pages live in the URL fragment (`#/backlog`), the one source of truth for "where am I".
//!
//! Fragment routes need no server rewrites: the static build works from any sub-path of any host
//! and a reload always lands on `index.html`. Browsers never send the fragment to the server,
//! which also keeps shared boards private.

use std::fmt;
use std::str::FromStr;

use leptos::prelude::*;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Route {
    #[default]
    Backlog,
    Poker,
    Capacity,
    Program,
    Share,
    /// A shared board arriving in the fragment: `#/open/<payload>`.
    Open,
    /// A live poker room: `#/room/<link>` (`#/room` to start one).
    Room,
}

/// The fragment prefix of a share link.
pub const OPEN_PREFIX: &str = "#/open/";

/// The payload of a share link in the current URL, if the URL is one.
pub fn open_payload() -> Option<String> {
    let hash = window().location().hash().ok()?;
    hash.strip_prefix(OPEN_PREFIX).map(str::to_owned)
}

/// The payload of a link pasted as text: what follows `#/open/` in a whole URL, or the text
/// itself if it is a bare payload.
pub fn payload_of(text: &str) -> &str {
    let text = text.trim();
    text.rsplit_once(OPEN_PREFIX).map_or(text, |(_, p)| p)
}

/// The URL of a share link carrying `payload`: this page's address with the payload in the
/// fragment (which browsers never send to a server).
pub fn share_url(payload: &str) -> String {
    let loc = window().location();
    let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
    format!("{base}{OPEN_PREFIX}{payload}")
}

/// Leaves the current fragment (a share link, say) for `route`, without a history entry.
pub fn replace_route(route: Route) {
    let _ = window().location().replace(&route.href());
}

/// Leaves a link's fragment for the backlog.
pub fn to_backlog() {
    replace_route(Route::Backlog);
}

impl Route {
    pub const ALL: [Route; 5] = [Route::Backlog, Route::Poker, Route::Capacity, Route::Program, Route::Share];

    /// The name in navigation and the document title.
    pub fn title(self) -> &'static str {
        match self {
            Route::Backlog => "Backlog",
            Route::Poker => "Poker",
            Route::Capacity => "Capacity",
            Route::Program => "Program",
            Route::Share => "Share",
            Route::Open => "Open a shared board",
            Route::Room => "Live room",
        }
    }

    /// The `href` that leads to this page.
    pub fn href(self) -> String {
        format!("#/{self}")
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Route::Backlog => "backlog",
            Route::Poker => "poker",
            Route::Capacity => "capacity",
            Route::Program => "program",
            Route::Share => "share",
            Route::Open => "open",
            Route::Room => "room",
        })
    }
}

/// A fragment that names no page.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no page is called “{0}”")]
pub struct UnknownRoute(pub String);

impl FromStr for Route {
    type Err = UnknownRoute;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let path = s.trim_start_matches('#').trim_start_matches('/');
        let first = path.split(['/', '?']).next().unwrap_or("");
        match first {
            "" | "backlog" => Ok(Route::Backlog),
            "poker" => Ok(Route::Poker),
            "capacity" => Ok(Route::Capacity),
            "program" => Ok(Route::Program),
            "share" => Ok(Route::Share),
            "open" => Ok(Route::Open),
            "room" => Ok(Route::Room),
            other => Err(UnknownRoute(other.to_owned())),
        }
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The page the URL fragment names now. An unknown fragment shows the backlog.
pub fn current() -> Route {
    current_hash().parse().unwrap_or_default()
}

/// The current page, following `hashchange`.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(current());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(current()));
    on_cleanup(move || handle.remove());
    route
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn routes_round_trip_through_their_href() {
        for r in Route::ALL {
            assert_eq!(r.href().parse::<Route>(), Ok(r));
        }
        assert_eq!("".parse::<Route>(), Ok(Route::Backlog));
        assert_eq!("#/".parse::<Route>(), Ok(Route::Backlog));
        assert_eq!("#/poker/abc".parse::<Route>(), Ok(Route::Poker));
        assert_eq!("#/open/AbC-_".parse::<Route>(), Ok(Route::Open));
        assert_eq!("#/nope".parse::<Route>(), Err(UnknownRoute("nope".into())));
    }
}
