//! The browser edge of storage: localStorage through gloo-storage, failures as values.
//!
//! Documents (boards, the board list, poker rounds) are written with gloo-storage's typed
//! [`LocalStorage::set`] straight from their serde form ([`write`]). They are read back as text
//! ([`read`], through gloo-storage's [`LocalStorage::raw`] handle): the versioned decoders of
//! `format` must see the format number before they deserialize, name the path of a bad value,
//! and keep a blob they cannot read aside exactly as it was, none of which gloo's typed `get`
//! can do. Copies of such blobs (backups, the trash) and the site number are text, written
//! with [`write_text`].
//!
//! Storage can be missing (blocked site data, some private modes, sandboxed frames) or full,
//! and both must reach the UI as messages, never as panics: gloo-storage throws when there is
//! no localStorage at all, so every call first checks that there is one.

use gloo_storage::errors::StorageError as GlooError;
use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;
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

/// Whether this page may use localStorage at all.
fn available() -> Result<(), StorageError> {
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(_))) => Ok(()),
        _ => Err(StorageError::Unavailable),
    }
}

/// The quota `DOMException` is "storage is full", its own error; anything else is a refusal.
fn classified(name: &str, message: String) -> StorageError {
    match name {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageError::Full,
        _ => StorageError::Refused(message),
    }
}

fn from_gloo(err: GlooError) -> StorageError {
    match err {
        GlooError::JsError(e) => classified(&e.name, e.message),
        other => StorageError::Refused(other.to_string()),
    }
}

fn from_js(err: JsValue) -> StorageError {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => classified(&String::from(e.name()), e.message().into()),
        None => StorageError::Refused(err.as_string().unwrap_or_else(|| "unknown error".into())),
    }
}

/// The text stored under `key`, if any.
pub fn read(key: &Key) -> Result<Option<String>, StorageError> {
    available()?;
    LocalStorage::raw().get_item(&key.to_string()).map_err(from_js)
}

/// Keeps a copy of `text`, read from `key`, under a backup key stamped `now` (before it is
/// written over, or because it cannot be read).
pub fn keep_aside(key: &Key, text: &str, now: i64) -> Result<(), StorageError> {
    write_text(&key.backup_of(now), text)
}

/// Moves `text`, read from `key`, to a backup key stamped `now`. If the copy cannot be written,
/// the text stays where it is.
pub fn move_aside(key: &Key, text: &str, now: i64) -> Result<(), StorageError> {
    keep_aside(key, text, now)?;
    remove(key)
}

/// Stores the JSON of `value` under `key`.
pub fn write<T: Serialize + ?Sized>(key: &Key, value: &T) -> Result<(), StorageError> {
    available()?;
    LocalStorage::set(key.to_string(), value).map_err(from_gloo)
}

/// Stores `text` under `key` as it is (a copy of a stored blob, the site number).
pub fn write_text(key: &Key, text: &str) -> Result<(), StorageError> {
    available()?;
    LocalStorage::raw().set_item(&key.to_string(), text).map_err(from_js)
}

/// Removes `key`; removing a missing key is not an error.
pub fn remove(key: &Key) -> Result<(), StorageError> {
    available()?;
    LocalStorage::delete(key.to_string());
    Ok(())
}

/// Every key SprintDeck owns in this browser.
pub fn own_keys() -> Vec<Key> {
    if available().is_err() {
        return Vec::new();
    }
    let raw = LocalStorage::raw();
    (0..LocalStorage::length())
        .filter_map(|i| raw.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .filter_map(|k| Key::parse(&k))
        .collect()
}
