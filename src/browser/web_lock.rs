//! The Web Locks API (`navigator.locks`), in leptos-use's shape: [`use_web_lock`] runs work
//! holding a lock that every tab of this origin shares, and says, as a value, whether it could
//! ask for one.
//!
//! leptos-use's own `use_web_lock` needs the whole build compiled with
//! `--cfg=web_sys_unstable_apis`, and it releases the lock when the work's future ends; the
//! saves need the lock held a moment longer, for their write to reach the other tabs, and they
//! must run even where the browser has no Web Locks. So this one is ours.

use std::cell::RefCell;
use std::rc::Rc;

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
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|l| l.is_object());
    let request = locks.as_ref().and_then(|l| js_sys::Reflect::get(l, &JsValue::from_str("request")).ok());
    let (Some(locks), Some(request)) = (locks, request.and_then(|r| r.dyn_into::<js_sys::Function>().ok())) else {
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
