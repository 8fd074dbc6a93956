//! Small wrappers over browser APIs the app needs outside storage: time, randomness, files,
//! forms; and, as hooks in leptos-use's shape (a `use_*` function, errors as values), the Web
//! Locks, BroadcastChannel, Clipboard, Screen Wake Lock and service worker APIs. None panics.

use wasm_bindgen::{JsCast, JsValue};

pub mod broadcast;
pub mod clipboard;
pub mod crypto;
pub mod service_worker;
pub mod wake_lock;
pub mod web_lock;

/// Today (in UTC, as every date the app keeps).
pub fn today() -> crate::domain::Date {
    crate::domain::Date::from_millis(now_ms())
}

/// A time as the reader's browser writes it ("30/11/2026, 14:02").
pub fn local_time(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
    d.to_locale_string("default", &opts).into()
}

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

/// Reads a picked file as text, at most `max` bytes (a larger one is refused unread).
pub async fn read_text(file: &web_sys::File, max: usize) -> Result<String, String> {
    let bytes = read_file(file, max, |n| format!("It is {n} bytes; at most {max} are read.")).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
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
