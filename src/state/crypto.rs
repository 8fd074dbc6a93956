//! The browser's WebCrypto, for passphrase-protected links (and, later, sealed poker votes).
//!
//! A passphrase becomes an AES-256-GCM key through PBKDF2 (SHA-256, 310,000 iterations, a random
//! 16-byte salt); each sealing uses a random 12-byte IV. The cryptography is the browser's;
//! this module only wires it up and reports failures as values.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// PBKDF2 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
const ITERATIONS: u32 = 310_000;

/// Why sealing or unsealing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("this browser cannot encrypt (no WebCrypto here; it needs https or localhost)")]
    Unavailable,
    #[error("the passphrase is wrong, or the link was changed")]
    WrongKey,
    #[error("the browser's encryption failed ({0})")]
    Failed(String),
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(CryptoError::Unavailable)?;
    if !Reflect::has(&crypto, &JsValue::from_str("subtle")).unwrap_or(false) {
        return Err(CryptoError::Unavailable);
    }
    Ok(crypto.subtle())
}

fn obj(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn failed(e: JsValue) -> CryptoError {
    CryptoError::Failed(
        e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "unknown error".into()),
    )
}

/// `n` random bytes from the browser.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut buf = vec![0u8; n];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(CryptoError::Unavailable)?;
    crypto.get_random_values_with_u8_array(&mut buf).map_err(failed)?;
    Ok(buf)
}

async fn key_from_passphrase(passphrase: &str, salt: &[u8]) -> Result<web_sys::CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let base = subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(failed)?;
    let base: web_sys::CryptoKey = JsFuture::from(base).await.map_err(failed)?.unchecked_into();
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", ITERATIONS.into()),
        ("hash", "SHA-256".into()),
    ]);
    let target = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = subtle.derive_key_with_object_and_object(&params, &base, &target, false, &usages).map_err(failed)?;
    Ok(JsFuture::from(key).await.map_err(failed)?.unchecked_into())
}

/// Encrypts `plain` with a key from `passphrase`: returns salt, IV and ciphertext.
pub async fn seal(passphrase: &str, plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let salt = random_bytes(16)?;
    let iv = random_bytes(12)?;
    let key = key_from_passphrase(passphrase, &salt).await?;
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv.as_slice()).into())]);
    let data = plain.to_vec();
    let sealed = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(sealed).await.map_err(failed)?;
    Ok((salt, iv, Uint8Array::new(&buf).to_vec()))
}

/// Decrypts what [`seal`] produced.
pub async fn unseal(passphrase: &str, salt: &[u8], iv: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let key = key_from_passphrase(passphrase, salt).await?;
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv).into())]);
    let data = ciphertext.to_vec();
    let opened = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    // A wrong key and a changed ciphertext both fail the authentication tag check.
    let buf = JsFuture::from(opened).await.map_err(|_| CryptoError::WrongKey)?;
    Ok(Uint8Array::new(&buf).to_vec())
}
