//! The room's relays: one WebSocket per relay, each subscribed to the room's events, each
//! reconnecting on its own with a growing wait (1 s doubling to 30 s). A relay that refuses
//! with `rate-limited:` is rested for a while and the others carry on; one that asks for
//! `auth-required:` is left alone (rooms do not sign in to relays). What each relay is doing
//! is a signal the page shows.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, WebSocket};

use crate::browser::now_ms;
use crate::codec::nostr::{self, Refusal, Relay};

/// How one relay is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayState {
    Connecting,
    Open,
    /// Closed or unreachable: tried again after a wait.
    Down,
    /// It turned the room down; why, in its words.
    Refused(String),
}

impl RelayState {
    pub fn text(&self) -> String {
        match self {
            RelayState::Connecting => "connecting…".into(),
            RelayState::Open => "connected".into(),
            RelayState::Down => "not reachable, trying again".into(),
            RelayState::Refused(why) => why.clone(),
        }
    }
}

/// What the pool hands the room.
pub struct Handlers {
    /// A relay's event for the room (already read through `nostr::parse`).
    pub event: Box<dyn Fn(nostr::Event)>,
    /// A relay (re)connected: the room catches up.
    pub opened: Box<dyn Fn()>,
    /// The subscription to send on connecting.
    pub subscribe: Box<dyn Fn() -> String>,
}

struct Conn {
    url: String,
    ws: Option<WebSocket>,
    fails: u32,
    /// Rested until then (ms) after a `rate-limited:` refusal.
    rest_until: i64,
    stopped: bool,
    _closures: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
}

/// The room's relays. Copyable: arena handles only.
#[derive(Clone, Copy)]
pub struct Pool {
    conns: StoredValue<Vec<Conn>, LocalStorage>,
    handlers: StoredValue<Option<Rc<Handlers>>, LocalStorage>,
    status: RwSignal<Vec<(String, RelayState)>>,
}

impl Pool {
    pub fn new(urls: &[String]) -> Pool {
        let conns = urls
            .iter()
            .map(|url| Conn {
                url: url.clone(),
                ws: None,
                fails: 0,
                rest_until: 0,
                stopped: false,
                _closures: Vec::new(),
                _on_message: None,
            })
            .collect();
        Pool {
            conns: StoredValue::new_local(conns),
            handlers: StoredValue::new_local(None),
            status: RwSignal::new(urls.iter().map(|u| (u.clone(), RelayState::Connecting)).collect()),
        }
    }

    pub fn status(&self) -> ReadSignal<Vec<(String, RelayState)>> {
        self.status.read_only()
    }

    /// Connects to every relay.
    pub fn start(self, handlers: Handlers) {
        self.handlers.set_value(Some(Rc::new(handlers)));
        let n = self.conns.with_value(Vec::len);
        for i in 0..n {
            self.connect(i);
        }
        on_cleanup(move || self.stop());
    }

    /// Closes every connection for good (the page is left).
    pub fn stop(self) {
        self.conns.try_update_value(|conns| {
            for c in conns.iter_mut() {
                c.stopped = true;
                if let Some(ws) = c.ws.take() {
                    detach(&ws);
                    let _ = ws.close();
                }
            }
        });
    }

    fn set(self, i: usize, state: RelayState) {
        self.status.try_update(|s| {
            if let Some(entry) = s.get_mut(i)
                && entry.1 != state
            {
                entry.1 = state;
            }
        });
    }

    fn connect(self, i: usize) {
        let Some(url) = self.conns.try_with_value(|c| c.get(i).filter(|c| !c.stopped).map(|c| c.url.clone())).flatten()
        else {
            return;
        };
        let Ok(ws) = WebSocket::new(&url) else {
            self.set(i, RelayState::Refused("this address cannot be opened".into()));
            return;
        };
        self.set(i, RelayState::Connecting);
        let handlers = self.handlers.with_value(Clone::clone);
        let sock = ws.clone();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new({
            let handlers = handlers.clone();
            move |_| {
                if let Some(h) = &handlers {
                    let _ = sock.send_with_str(&(h.subscribe)());
                    (h.opened)();
                }
                self.conns.try_update_value(|c| {
                    if let Some(c) = c.get_mut(i) {
                        c.fails = 0;
                    }
                });
                self.set(i, RelayState::Open);
            }
        });
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| self.closed(i));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else { return };
            self.frame(i, &text);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.conns.update_value(|c| {
            if let Some(c) = c.get_mut(i) {
                // The old socket's handlers go with its closures: it must not call them.
                if let Some(old) = c.ws.replace(ws) {
                    detach(&old);
                }
                c._closures = vec![on_open, on_close];
                c._on_message = Some(on_message);
            }
        });
    }

    fn closed(self, i: usize) {
        // The socket is done: it calls nothing more (its closures are dropped on reconnecting).
        self.conns.try_update_value(|c| {
            if let Some(ws) = c.get_mut(i).and_then(|c| c.ws.as_ref()) {
                detach(ws);
            }
        });
        let wait = self
            .conns
            .try_update_value(|c| {
                let c = c.get_mut(i)?;
                c.ws = None;
                if c.stopped {
                    return None;
                }
                c.fails = c.fails.saturating_add(1);
                Some(1000u64.saturating_mul(1 << c.fails.min(5)).min(30_000))
            })
            .flatten();
        let Some(wait) = wait else { return };
        if !matches!(self.status.with_untracked(|s| s.get(i).map(|x| x.1.clone())), Some(RelayState::Refused(_))) {
            self.set(i, RelayState::Down);
        }
        set_timeout(move || self.connect(i), Duration::from_millis(wait));
    }

    fn frame(self, i: usize, text: &str) {
        let Ok(message) = nostr::parse(text) else { return };
        match message {
            Relay::Event { event, .. } => {
                if let Some(h) = self.handlers.with_value(Clone::clone) {
                    (h.event)(*event);
                }
            }
            Relay::Ok { accepted: false, message, .. } => {
                self.refusal(i, &message);
            }
            Relay::Closed { message, .. } => self.refusal(i, &message),
            _ => {}
        }
    }

    fn refusal(self, i: usize, message: &str) {
        match Refusal::of(message) {
            Refusal::RateLimited => {
                self.conns.update_value(|c| {
                    if let Some(c) = c.get_mut(i) {
                        c.rest_until = now_ms() + 15_000;
                    }
                });
                self.set(i, RelayState::Refused("asks us to slow down (rate-limited); resting it for 15 s".into()));
                set_timeout(
                    move || {
                        if self.status.with_untracked(|s| matches!(s.get(i), Some((_, RelayState::Refused(_))))) {
                            self.set(i, RelayState::Open);
                        }
                    },
                    Duration::from_secs(15),
                );
            }
            Refusal::AuthRequired => {
                self.set(i, RelayState::Refused("wants its users to sign in (auth-required): not used".into()));
                self.conns.update_value(|c| {
                    if let Some(c) = c.get_mut(i) {
                        c.stopped = true;
                        if let Some(ws) = c.ws.take() {
                            detach(&ws);
                            let _ = ws.close();
                        }
                    }
                });
            }
            Refusal::Other => {}
        }
    }

    /// Sends `frame` to every connected relay not resting; how many it went to.
    pub fn send(self, frame: &str) -> usize {
        let now = now_ms();
        self.conns
            .try_with_value(|conns| {
                conns
                    .iter()
                    .filter(|c| c.rest_until <= now)
                    .filter_map(|c| c.ws.as_ref())
                    .filter(|ws| ws.ready_state() == WebSocket::OPEN)
                    .filter(|ws| ws.send_with_str(frame).is_ok())
                    .count()
            })
            .unwrap_or(0)
    }
}

fn detach(ws: &WebSocket) {
    ws.set_onopen(None);
    ws.set_onclose(None);
    ws.set_onmessage(None);
}
