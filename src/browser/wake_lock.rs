//! The Screen Wake Lock API, in leptos-use's shape: [`use_wake_lock`] keeps the screen on
//! while a signal says so, for as long as the calling component is mounted.
//!
//! leptos-use has no wake lock hook, so this one is ours. The API is reached through
//! `Reflect` (web-sys has it only behind its unstable flag).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The wake lock of a component.
#[derive(Clone, Copy, Debug)]
pub struct UseWakeLock {
    /// Whether the browser has the Screen Wake Lock API (the screen may still turn off where it
    /// has not).
    pub is_supported: bool,
}

fn wake_lock() -> Option<wasm_bindgen::JsValue> {
    let nav = window().navigator();
    js_sys::Reflect::get(&nav, &"wakeLock".into()).ok().filter(|l| !l.is_undefined())
}

/// Keeps the screen on while `on` is true, where the browser can; lets go when it turns false
/// and when the component is unmounted.
pub fn use_wake_lock(on: Signal<bool>) -> UseWakeLock {
    let sentinel: StoredValue<Option<wasm_bindgen::JsValue>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move || {
        let want = on.get();
        if let Some(s) = sentinel.try_get_value().flatten() {
            release(&s);
            sentinel.set_value(None);
        }
        if !want {
            return;
        }
        let Some(lock) = wake_lock() else { return };
        let Ok(request) = js_sys::Reflect::get(&lock, &"request".into()) else { return };
        let Some(request) = request.dyn_ref::<js_sys::Function>() else { return };
        let Ok(promise) = request.call1(&lock, &"screen".into()) else { return };
        let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(s) = wasm_bindgen_futures::JsFuture::from(promise).await {
                sentinel.try_set_value(Some(s));
            }
        });
    });
    on_cleanup(move || {
        if let Some(s) = sentinel.try_get_value().flatten() {
            release(&s);
        }
    });
    UseWakeLock { is_supported: wake_lock().is_some() }
}

/// Lets go of a wake lock.
fn release(sentinel: &wasm_bindgen::JsValue) {
    let f = js_sys::Reflect::get(sentinel, &"release".into()).ok();
    if let Some(f) = f.as_ref().and_then(|f| f.dyn_ref::<js_sys::Function>()) {
        let _ = f.call0(sentinel);
    }
}
