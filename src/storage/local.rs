//! The browser edge of storage: strings in and out of localStorage, failures as values.
//!
//! Written against `web_sys::Storage` directly: storage can be missing (blocked site data,
//! sandboxed frames) or full, and both must reach the UI as messages, never as panics.

use wasm_bindgen::{JsCast, JsValue};

use super::keys::{Key, PREFIX};

/// Why localStorage could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("this browser does not let SprintDeck use its storage (private mode or blocked site data)")]
    Unavailable,
    #[error("the browser's storage for this site is full")]
    Full,
    #[error("the browser refused to save ({0})")]
    Refused(String),
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .map_err(|_| StorageError::Unavailable)?
        .ok_or(StorageError::Unavailable)
}

fn classify(err: JsValue) -> StorageError {
    match err.dyn_ref::<web_sys::DomException>() {
        Some(ex) if ex.name() == "QuotaExceededError" || ex.code() == 22 => StorageError::Full,
        Some(ex) => StorageError::Refused(ex.message()),
        None => StorageError::Refused(err.as_string().unwrap_or_else(|| "unknown error".into())),
    }
}

/// The text stored under `key`, if any.
pub fn read(key: &Key) -> Result<Option<String>, StorageError> {
    storage()?.get_item(&key.to_string()).map_err(classify)
}

/// Stores `value` under `key`.
pub fn write(key: &Key, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(&key.to_string(), value).map_err(classify)
}

/// Removes `key`; removing a missing key is not an error.
pub fn remove(key: &Key) -> Result<(), StorageError> {
    storage()?.remove_item(&key.to_string()).map_err(classify)
}

/// Every key SprintDeck owns in this browser.
pub fn own_keys() -> Vec<Key> {
    let Ok(s) = storage() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .filter_map(|k| Key::parse(&k))
        .collect()
}
