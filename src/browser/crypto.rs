//! The browser's WebCrypto, for passphrase-protected links (and, later, sealed poker votes).
//!
//! A passphrase becomes an AES-256-GCM key through PBKDF2 (SHA-256, 600,000 iterations since
//! link kind 19, 310,000 before: the link's kind says which; a random 16-byte salt); each sealing
//! uses a random 12-byte IV. The cryptography is the browser's;
//! this module only wires it up and reports failures as values.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

async fn key_from_passphrase(
    passphrase: &str,
    iterations: u32,
    salt: &[u8],
) -> Result<web_sys::CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let base = subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(failed)?;
    let base: web_sys::CryptoKey = JsFuture::from(base).await.map_err(failed)?.unchecked_into();
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let target = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = subtle.derive_key_with_object_and_object(&params, &base, &target, false, &usages).map_err(failed)?;
    Ok(JsFuture::from(key).await.map_err(failed)?.unchecked_into())
}

/// Encrypts `plain` with a key from `passphrase` (through the iterations of the links this app
/// makes, `codec::kinds::PBKDF2_ITERATIONS`): returns salt, IV and ciphertext.
pub async fn seal(passphrase: &str, plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let salt = random_bytes(16)?;
    let iv = random_bytes(12)?;
    let key = key_from_passphrase(passphrase, crate::codec::kinds::PBKDF2_ITERATIONS, &salt).await?;
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv.as_slice()).into())]);
    let data = plain.to_vec();
    let sealed = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(sealed).await.map_err(failed)?;
    Ok((salt, iv, Uint8Array::new(&buf).to_vec()))
}

/// Decrypts what [`seal`] produced (or an older link's sealing, with its `iterations`).
pub async fn unseal(
    passphrase: &str,
    iterations: u32,
    salt: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let key = key_from_passphrase(passphrase, iterations, salt).await?;
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv).into())]);
    let data = ciphertext.to_vec();
    let opened = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    // A wrong key and a changed ciphertext both fail the authentication tag check.
    let buf = JsFuture::from(opened).await.map_err(|_| CryptoError::WrongKey)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

// ---------------------------------------------------------------------------------------------
// Sealed poker votes: ECDH (P-256) key agreement + AES-GCM

fn ecdh() -> Object {
    obj(&[("name", "ECDH".into()), ("namedCurve", "P-256".into())])
}

async fn export(format: &str, key: &JsValue) -> Result<Vec<u8>, CryptoError> {
    let key: &web_sys::CryptoKey = key.unchecked_ref();
    let p = subtle()?.export_key(format, key).map_err(failed)?;
    Ok(Uint8Array::new(&JsFuture::from(p).await.map_err(failed)?).to_vec())
}

async fn generate() -> Result<(JsValue, JsValue), CryptoError> {
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let p = subtle()?.generate_key_with_object(&ecdh(), true, &usages).map_err(failed)?;
    let pair = JsFuture::from(p).await.map_err(failed)?;
    let get = |k: &str| Reflect::get(&pair, &JsValue::from_str(k)).map_err(failed);
    Ok((get("publicKey")?, get("privateKey")?))
}

/// A new key pair: the public key (65 bytes, raw) to give out (a facilitator's, in the invite),
/// the private key (PKCS #8) kept in this browser (to open the votes; a voter's, to seal them).
pub async fn facilitator_keys() -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let (public, private) = generate().await?;
    Ok((export("raw", &public).await?, export("pkcs8", &private).await?))
}

async fn import(format: &str, data: &[u8], usages: &js_sys::Array) -> Result<web_sys::CryptoKey, CryptoError> {
    let bytes = Uint8Array::from(data);
    let p = subtle()?.import_key_with_object(format, &bytes, &ecdh(), false, usages).map_err(failed)?;
    Ok(JsFuture::from(p).await.map_err(|_| CryptoError::WrongKey)?.unchecked_into())
}

async fn shared_key(
    public: &web_sys::CryptoKey,
    private: &web_sys::CryptoKey,
) -> Result<web_sys::CryptoKey, CryptoError> {
    let params = obj(&[("name", "ECDH".into()), ("public", public.into())]);
    let target = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let p = subtle()?.derive_key_with_object_and_object(&params, private, &target, false, &usages).map_err(failed)?;
    Ok(JsFuture::from(p).await.map_err(failed)?.unchecked_into())
}

/// Encrypts `plain` so only the holder of the private key behind `recipient` (raw public key)
/// can read it; `aad` is authenticated too. Returns the one-time public key, IV and ciphertext.
pub async fn seal_for(
    recipient: &[u8],
    plain: &[u8],
    aad: impl Fn(&[u8]) -> Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let (public, private) = generate().await?;
    let mine = export("raw", &public).await?;
    seal_with(recipient, &mine, private.unchecked_ref(), plain, aad).await
}

/// As [`seal_for`], but sealed with the sender's own key pair (`public` raw, `private_pkcs8`),
/// kept from one message to the next: the recipient knows a later message for the same
/// sender's whatever it says inside.
pub async fn seal_as(
    recipient: &[u8],
    public: &[u8],
    private_pkcs8: &[u8],
    plain: &[u8],
    aad: impl Fn(&[u8]) -> Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let private = import("pkcs8", private_pkcs8, &usages).await?;
    seal_with(recipient, public, &private, plain, aad).await
}

async fn seal_with(
    recipient: &[u8],
    mine: &[u8],
    private: &web_sys::CryptoKey,
    plain: &[u8],
    aad: impl Fn(&[u8]) -> Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let their = import("raw", recipient, &js_sys::Array::new()).await?;
    let key = shared_key(&their, private).await?;
    let iv = random_bytes(12)?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
        ("additionalData", Uint8Array::from(aad(mine).as_slice()).into()),
    ]);
    let data = plain.to_vec();
    let p = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(p).await.map_err(failed)?;
    Ok((mine.to_vec(), iv, Uint8Array::new(&buf).to_vec()))
}

/// Decrypts what [`seal_for`] produced, with the recipient's private key (PKCS #8).
pub async fn open_from(
    private_pkcs8: &[u8],
    sender: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let private = import("pkcs8", private_pkcs8, &usages).await?;
    let sender = import("raw", sender, &js_sys::Array::new()).await?;
    let key = shared_key(&sender, &private).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ]);
    let data = ciphertext.to_vec();
    let p = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(p).await.map_err(|_| CryptoError::WrongKey)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

async fn aes_key(raw: &[u8]) -> Result<web_sys::CryptoKey, CryptoError> {
    let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let algo = obj(&[("name", "AES-GCM".into())]);
    let data = raw.to_vec();
    let p = subtle()?
        .import_key_with_object("raw", &Uint8Array::from(data.as_slice()), &algo, false, &usages)
        .map_err(failed)?;
    Ok(JsFuture::from(p).await.map_err(failed)?.unchecked_into())
}

/// AES-256-GCM under a raw 32-byte key (a live room's key, from its link): the IV (12 bytes)
/// and the ciphertext, `aad` authenticated too.
pub async fn aes_seal(key: &[u8], plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let key = aes_key(key).await?;
    let iv = random_bytes(12)?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ]);
    let data = plain.to_vec();
    let p = subtle()?.encrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(p).await.map_err(failed)?;
    let mut out = iv;
    out.extend(Uint8Array::new(&buf).to_vec());
    Ok(out)
}

/// Reads what [`aes_seal`] made; [`CryptoError::WrongKey`] for anything else.
pub async fn aes_open(key: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < 12 + 16 {
        return Err(CryptoError::WrongKey);
    }
    let key = aes_key(key).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&sealed[..12]).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ]);
    let data = sealed[12..].to_vec();
    let p = subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data).map_err(failed)?;
    let buf = JsFuture::from(p).await.map_err(|_| CryptoError::WrongKey)?;
    Ok(Uint8Array::new(&buf).to_vec())
}
