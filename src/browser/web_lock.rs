//! The Web Locks API (`navigator.locks`), in leptos-use's shape: [`use_web_lock`] runs work
//! holding a lock that every tab of this origin shares, and says, as a value, whether it could
//! ask for one.
//!
//! leptos-use's own `use_web_lock` needs the whole build compiled with
//! `--cfg=web_sys_unstable_apis`, and it releases the lock when the work's future ends; the
//! saves need the lock held a moment longer, for their write to reach the other tabs, and they
//! must run even where the browser has no Web Locks. So this one is ours. [`use_tab_lock`] is
//! a lock one tab holds while a component is mounted (a live room takes part from one tab).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// How the work of [`use_web_lock`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebLock {
    /// The lock was asked for; the work runs once this tab holds it.
    Requested,
    /// The work ran at once, without the lock: the browser has no Web Locks.
    Unsupported,
    /// The work ran at once, without the lock: the browser refused the request (a sandboxed
    /// frame, say).
    Refused,
}

type Work = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

fn run(work: &Work) {
    let taken = work.borrow_mut().take();
    if let Some(f) = taken {
        f();
    }
}

/// Runs `work` while holding the Web Lock `name`, so no two tabs run it at once; the lock is
/// held `hold_ms` longer, for the writes `work` made to reach the other tabs. Where the browser
/// has no Web Locks or refuses the request, `work` runs at once, unlocked, and the value says
/// so: the caller must be correct without the lock, which only makes collisions rarer.
pub fn use_web_lock(name: &str, hold_ms: i32, work: impl FnOnce() + 'static) -> WebLock {
    let work: Work = Rc::new(RefCell::new(Some(Box::new(work))));
    let Some((locks, request)) = lock_manager() else {
        run(&work);
        return WebLock::Unsupported;
    };
    let held = work.clone();
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        run(&held);
        js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, hold_ms);
            }
        })
    });
    match request.call2(&locks, &JsValue::from_str(name), &callback) {
        Ok(promise) => {
            // A request the browser rejects later still runs the work, unlocked.
            if let Ok(p) = promise.dyn_into::<js_sys::Promise>() {
                wasm_bindgen_futures::spawn_local(async move {
                    if wasm_bindgen_futures::JsFuture::from(p).await.is_err() {
                        run(&work);
                    }
                });
            }
            WebLock::Requested
        }
        Err(_) => {
            run(&work);
            WebLock::Refused
        }
    }
}

/// Where a lock that one tab holds for as long as it needs stands, for this tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabLock {
    /// Asked for; the answer comes within a moment.
    Asking,
    /// This tab holds it.
    Held,
    /// Another tab of this browser holds it. This tab gets it when that one lets go.
    Elsewhere,
    /// The browser has no Web Locks, or refused the request: go on as if held.
    Unsupported,
}

/// A lock that one tab at a time holds until its component is unmounted (or the tab goes), in
/// leptos-use's shape: the state as a signal, and [`UseTabLock::take`] to take it from the tab
/// that holds it (whose state then turns to [`TabLock::Elsewhere`]). A tab that does not hold
/// it waits in line, so it gets the lock as soon as the holder lets go (a reload, a closed tab).
#[derive(Clone, Copy)]
pub struct UseTabLock {
    pub state: ReadSignal<TabLock>,
    set: WriteSignal<TabLock>,
    name: StoredValue<String>,
    /// Lets go of the lock held (resolves the promise the lock is held by).
    release: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Whether this tab is already waiting in line.
    waiting: StoredValue<bool>,
}

/// `navigator.locks` and its `request`, where the browser has them.
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|l| l.is_object())?;
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into().ok()?;
    Some((locks, request))
}

/// Asks for the tab lock `name` at once (see [`UseTabLock`]).
pub fn use_tab_lock(name: String) -> UseTabLock {
    let (state, set) = signal(TabLock::Asking);
    let lock = UseTabLock {
        state,
        set,
        name: StoredValue::new(name),
        release: StoredValue::new_local(None),
        waiting: StoredValue::new(false),
    };
    lock.request(Ask::IfAvailable);
    on_cleanup(move || lock.let_go());
    lock
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    IfAvailable,
    Wait,
    Steal,
}

impl UseTabLock {
    /// Takes the lock from the tab that holds it.
    pub fn take(self) {
        self.request(Ask::Steal);
    }

    fn let_go(self) {
        if let Some(resolve) = self.release.try_update_value(Option::take).flatten() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Another tab holds the lock: wait in line for it, once.
    fn elsewhere(self) {
        self.set.try_set(TabLock::Elsewhere);
        if self.waiting.try_update_value(|w| !std::mem::replace(w, true)) == Some(true) {
            self.request(Ask::Wait);
        }
    }

    fn request(self, ask: Ask) {
        let Some((locks, request)) = lock_manager() else {
            self.set.set(TabLock::Unsupported);
            return;
        };
        let options = js_sys::Object::new();
        let option = match ask {
            Ask::IfAvailable => Some("ifAvailable"),
            Ask::Steal => Some("steal"),
            Ask::Wait => None,
        };
        if let Some(option) = option {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(option), &JsValue::TRUE);
        }
        let granted = wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
            if lock.is_null() {
                self.elsewhere();
                return js_sys::Promise::resolve(&JsValue::UNDEFINED);
            }
            if ask == Ask::Wait {
                self.waiting.try_set_value(false);
            }
            // Unmounted meanwhile, or held already (a wait granted after a take): let go at once.
            if self.state.try_get_untracked().is_none_or(|s| s == TabLock::Held) {
                return js_sys::Promise::resolve(&JsValue::UNDEFINED);
            }
            let held = js_sys::Promise::new(&mut |resolve, _| {
                self.release.try_set_value(Some(resolve));
            });
            self.set.try_set(TabLock::Held);
            held
        });
        let Some(name) = self.name.try_get_value() else { return };
        match request.call3(&locks, &JsValue::from_str(&name), &options, &granted) {
            Ok(promise) => {
                let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return };
                wasm_bindgen_futures::spawn_local(async move {
                    if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
                        // Taken by another tab (an AbortError), or refused.
                        let was = self.state.try_get_untracked();
                        self.release.try_set_value(None);
                        if was == Some(TabLock::Held) {
                            self.elsewhere();
                        } else if was == Some(TabLock::Asking) {
                            self.set.try_set(TabLock::Unsupported);
                        }
                    }
                });
            }
            Err(_) => self.set.set(TabLock::Unsupported),
        }
    }
}
