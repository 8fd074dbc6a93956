//! Small wrappers over browser APIs the app needs outside storage: time, randomness, files.
//! Each reports failure as a value; none panics.

use wasm_bindgen::{JsCast, JsValue};

/// `Date.now()` in whole milliseconds.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Random bytes from `crypto.getRandomValues`, falling back to `Math.random` where WebCrypto is
/// missing (ids only need to be unlikely to collide, not secret).
pub fn random_u64() -> u64 {
    let mut buf = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut buf).is_ok());
    if filled {
        u64::from_le_bytes(buf)
    } else {
        let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        hi << 32 | lo
    }
}

/// Offers `text` to the user as a file download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| e.as_string().unwrap_or_else(|| "the browser refused the download".into());
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // The click has started the download synchronously; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name made of a board name: letters, digits and dashes only.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if crate::domain::text::is_name_char(c) { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() { "board".into() } else { stem.chars().take(60).collect() }
}

/// Reads the fields of the form a submit event belongs to, by name; a missing field reads as "".
pub fn form_field(ev: &web_sys::SubmitEvent) -> impl Fn(&str) -> String {
    let data = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        .and_then(|f| web_sys::FormData::new_with_form(&f).ok());
    move |name| data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default()
}

/// The file picked in the `<input type="file">` that `ev` came from.
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?.files()?.get(0)
}

/// Reads `file` whole. A file larger than `max_bytes` is refused without being read (`too_large`
/// says why, given its size in bytes); a failed read says so. Errors name the file.
pub async fn read_file(
    file: &web_sys::File,
    max_bytes: usize,
    too_large: impl FnOnce(usize) -> String,
) -> Result<Vec<u8>, String> {
    let name = file.name();
    let size = file.size() as usize;
    if size > max_bytes {
        return Err(format!("{name} cannot be imported. {}", too_large(size)));
    }
    match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buf) => Ok(js_sys::Uint8Array::new(&buf).to_vec()),
        Err(_) => Err(format!("{name} could not be read; try saving it again.")),
    }
}

/// Offers `board` as a SprintDeck JSON file named after it.
pub fn download_board(board: &crate::domain::Board) -> Result<(), String> {
    let text = crate::storage::format::encode_board_pretty(board);
    download(&format!("{}.sprintdeck.json", file_stem(&board.name)), "application/json", &text)
}

/// Clears the form a submit event belongs to.
pub fn reset_form(ev: &web_sys::SubmitEvent) {
    if let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) {
        form.reset();
    }
}

/// Sets the `value` of each named control of `form` (inputs, text areas, selects).
pub fn fill_form(form: &web_sys::HtmlFormElement, values: &[(&str, &str)]) {
    let controls = form.elements();
    for (name, value) in values {
        if let Some(control) = controls.named_item(name) {
            let _ = js_sys::Reflect::set(&control, &JsValue::from_str("value"), &JsValue::from_str(value));
        }
    }
}

/// The `data-act` of the element an event happened in (or its closest ancestor with one).
pub fn data_act(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("[data-act]").ok()??.get_attribute("data-act")
}

/// Runs `f` once the browser is idle (`requestIdleCallback`, at most two seconds from now), or
/// after a moment where it has no such thing: for work the first screen does not wait for.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from(2000));
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback")).ok();
    match idle.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(request) => {
            let _ = request.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 200);
        }
    }
}

/// Registers the service worker that makes the app work offline, if the browser has them.
/// Development builds (`trunk serve`) have none: a cached copy would hide the change just made.
/// Failure (an insecure origin) only means no offline use.
pub fn register_service_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    let nav = window_navigator();
    let Some(nav) = nav else { return };
    if !js_sys::Reflect::has(&nav, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = nav.service_worker().register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

fn window_navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// Asks the browser to keep this site's storage (`navigator.storage.persist()`); `None` where the
/// browser has no such thing.
pub async fn persist_storage() -> Option<bool> {
    let nav = web_sys::window()?.navigator();
    if !js_sys::Reflect::has(&nav, &JsValue::from_str("storage")).unwrap_or(false) {
        return None;
    }
    let promise = nav.storage().persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// Puts `text` on the clipboard; `false` if the browser refused.
pub async fn copy_text(text: &str) -> bool {
    match web_sys::window().map(|w| w.navigator().clipboard().write_text(text)) {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// Sets the `sprintdeck-ready` performance mark, the first time only.
pub fn mark_ready() {
    thread_local! {
        static MARKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !MARKED.replace(true)
        && let Some(perf) = leptos::prelude::window().performance()
    {
        let _ = perf.mark("sprintdeck-ready");
    }
}

/// Runs `work` while holding the Web Lock `name` (`navigator.locks.request`), which every tab of
/// this origin shares, so no two tabs run it at once; the lock is held `hold_ms` longer, for the
/// writes `work` made to reach the other tabs. Where the browser has no Web Locks, or the
/// request fails, `work` runs at once, unlocked: the caller must be correct without the lock
/// (see `state::persist`), which only makes collisions rarer.
pub fn with_lock(name: &str, hold_ms: i32, work: impl FnOnce() + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    type Work = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
    let work: Work = Rc::new(RefCell::new(Some(Box::new(work))));
    let run = |work: &Work| {
        let taken = work.borrow_mut().take();
        if let Some(f) = taken {
            f();
        }
    };
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok())
        .filter(|l| l.is_object());
    let request = locks.as_ref().and_then(|l| js_sys::Reflect::get(l, &JsValue::from_str("request")).ok());
    let (Some(locks), Some(request)) = (locks, request.and_then(|r| r.dyn_into::<js_sys::Function>().ok())) else {
        return run(&work);
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
            // A request the browser rejects (a sandboxed frame) still saves, unlocked.
            if let Ok(p) = promise.dyn_into::<js_sys::Promise>() {
                wasm_bindgen_futures::spawn_local(async move {
                    if wasm_bindgen_futures::JsFuture::from(p).await.is_err() {
                        run(&work);
                    }
                });
            }
        }
        Err(_) => run(&work),
    }
}
