//! Nostr (NIP-01) as the room uses it: events signed with BIP-340 Schnorr over secp256k1 (the
//! `k256` crate, RustCrypto's), the three client messages (`EVENT`, `REQ`, `CLOSE`) and the
//! relay messages read back through one bounded gate.
//!
//! An event's id is the SHA-256 of the compact JSON `[0, pubkey, created_at, kind, tags,
//! content]` (serde_json writes NIP-01's escapes); its signature signs that id.

use k256::schnorr::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::room::{hex, unhex};

/// The ephemeral kind room messages travel as: relays pass ephemeral events (20000–29999) on
/// and keep none of them.
pub const ROOM_KIND: u32 = 24_917;
/// The longest relay message read: a room's largest state, encrypted and in base64, is well
/// under it.
pub const FRAME_MAX: usize = 96 * 1024;
/// Tags an event of ours carries (one: the room's `h` tag); a relay's event with more is refused.
const TAGS_MAX: usize = 8;

/// Why an event or relay message was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NostrError {
    #[error("the message is {0} bytes, more than the {FRAME_MAX} read")]
    TooLarge(usize),
    #[error("the message is not a relay message: {0}")]
    Malformed(String),
    #[error("the event's id is not the hash of its content")]
    BadId,
    #[error("the event's signature is wrong")]
    BadSignature,
    #[error("the key is not a valid secp256k1 key")]
    BadKey,
}

/// A signed Nostr event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub pubkey: String,
    pub created_at: u64,
    pub kind: u32,
    pub tags: Vec<Vec<String>>,
    pub content: String,
    pub sig: String,
}

/// A member's signing key: 32 random bytes from the app (a valid scalar, nearly always).
pub struct Keys(SigningKey);

impl Keys {
    pub fn from_secret(secret: &[u8; 32]) -> Result<Keys, NostrError> {
        SigningKey::from_slice(secret).map(Keys).map_err(|_| NostrError::BadKey)
    }

    /// The x-only public key: the member's [`Peer`](crate::domain::room::Peer).
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes().into()
    }

    /// A BIP-340 signature of `msg` (32 bytes of a hash), `aux` being fresh randomness.
    pub fn sign(&self, msg: &[u8; 32], aux: &[u8; 32]) -> [u8; 64] {
        // sign_raw fails only for a message of the wrong length, which a [u8; 32] is not.
        self.0.sign_raw(msg, aux).map(|s| s.to_bytes()).unwrap_or([0; 64])
    }

    /// A signed event of `kind` with `tags` and `content`.
    pub fn event(&self, created_at: u64, kind: u32, tags: Vec<Vec<String>>, content: String, aux: &[u8; 32]) -> Event {
        let pubkey = hex(&self.public());
        let id = event_id(&pubkey, created_at, kind, &tags, &content);
        let sig = hex(&self.sign(&id, aux));
        Event { id: hex(&id), pubkey, created_at, kind, tags, content, sig }
    }
}

/// Whether `sig` is `by`'s BIP-340 signature of `msg`.
pub fn verify(by: &[u8; 32], msg: &[u8; 32], sig: &[u8; 64]) -> bool {
    let (Ok(key), Ok(sig)) = (VerifyingKey::from_slice(by), Signature::try_from(&sig[..])) else {
        return false;
    };
    key.verify_raw(msg, &sig).is_ok()
}

fn event_id(pubkey: &str, created_at: u64, kind: u32, tags: &[Vec<String>], content: &str) -> [u8; 32] {
    let text = serde_json::to_string(&(0, pubkey, created_at, kind, tags, content)).unwrap_or_default();
    Sha256::digest(text.as_bytes()).into()
}

impl Event {
    /// The author's key, once the id and the signature have been checked.
    pub fn verified(&self) -> Result<[u8; 32], NostrError> {
        let id = unhex(&self.id, 32).ok_or(NostrError::BadId)?;
        if id != event_id(&self.pubkey, self.created_at, self.kind, &self.tags, &self.content) {
            return Err(NostrError::BadId);
        }
        let by: [u8; 32] = unhex(&self.pubkey, 32).and_then(|b| b.try_into().ok()).ok_or(NostrError::BadSignature)?;
        let sig: [u8; 64] = unhex(&self.sig, 64).and_then(|b| b.try_into().ok()).ok_or(NostrError::BadSignature)?;
        let id: [u8; 32] = id.try_into().map_err(|_| NostrError::BadId)?;
        if verify(&by, &id, &sig) { Ok(by) } else { Err(NostrError::BadSignature) }
    }

    /// The value of the event's first tag named `name`.
    pub fn tag(&self, name: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| t.first().map(String::as_str) == Some(name))
            .and_then(|t| t.get(1))
            .map(String::as_str)
    }
}

/// Why a relay turned something down, by NIP-01's machine-readable prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `rate-limited:` — back off and try again later.
    RateLimited,
    /// `auth-required:` — this relay wants NIP-42 authentication, which rooms do not do.
    AuthRequired,
    /// Anything else (`blocked:`, `invalid:`, `restricted:`, `error:`…).
    Other,
}

impl Refusal {
    pub fn of(message: &str) -> Refusal {
        if message.starts_with("rate-limited:") {
            Refusal::RateLimited
        } else if message.starts_with("auth-required:") {
            Refusal::AuthRequired
        } else {
            Refusal::Other
        }
    }
}

/// A message from a relay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relay {
    Event {
        sub: String,
        event: Box<Event>,
    },
    /// Whether an event we sent was taken.
    Ok {
        id: String,
        accepted: bool,
        message: String,
    },
    /// The stored events of a subscription have all been sent.
    Eose(String),
    /// The relay ended a subscription.
    Closed {
        sub: String,
        message: String,
    },
    Notice(String),
    /// A NIP-42 challenge.
    Auth(String),
}

/// A relay's message, read through the gate: bounded in size, and shaped as NIP-01 says (an
/// event's id and signature are checked by [`Event::verified`], separately).
pub fn parse(text: &str) -> Result<Relay, NostrError> {
    if text.len() > FRAME_MAX {
        return Err(NostrError::TooLarge(text.len()));
    }
    let bad = |what: &str| NostrError::Malformed(what.to_owned());
    let parts: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| NostrError::Malformed(e.to_string()))?;
    let word = |i: usize| parts.get(i).and_then(serde_json::Value::as_str).map(str::to_owned);
    match word(0).as_deref() {
        Some("EVENT") => {
            let sub = word(1).ok_or_else(|| bad("an EVENT without a subscription"))?;
            let value = parts.get(2).cloned().ok_or_else(|| bad("an EVENT without an event"))?;
            let event: Event = serde_json::from_value(value).map_err(|e| NostrError::Malformed(e.to_string()))?;
            if event.tags.len() > TAGS_MAX {
                return Err(bad("an event with too many tags"));
            }
            Ok(Relay::Event { sub, event: Box::new(event) })
        }
        Some("OK") => Ok(Relay::Ok {
            id: word(1).ok_or_else(|| bad("an OK without an id"))?,
            accepted: parts
                .get(2)
                .and_then(serde_json::Value::as_bool)
                .ok_or_else(|| bad("an OK without true or false"))?,
            message: word(3).unwrap_or_default(),
        }),
        Some("EOSE") => Ok(Relay::Eose(word(1).ok_or_else(|| bad("an EOSE without a subscription"))?)),
        Some("CLOSED") => Ok(Relay::Closed {
            sub: word(1).ok_or_else(|| bad("a CLOSED without a subscription"))?,
            message: word(2).unwrap_or_default(),
        }),
        Some("NOTICE") => Ok(Relay::Notice(word(1).unwrap_or_default())),
        Some("AUTH") => Ok(Relay::Auth(word(1).unwrap_or_default())),
        _ => Err(bad("an unknown relay message")),
    }
}

/// `["EVENT", event]`.
pub fn publish(event: &Event) -> String {
    serde_json::to_string(&("EVENT", event)).unwrap_or_default()
}

/// `["REQ", sub, filter]` for the room's events (its `h` tag) since `since`.
pub fn subscribe(sub: &str, room_tag: &str, since: u64) -> String {
    let filter = serde_json::json!({ "kinds": [ROOM_KIND], "#h": [room_tag], "since": since });
    serde_json::to_string(&("REQ", sub, filter)).unwrap_or_default()
}

/// `["CLOSE", sub]`.
pub fn close(sub: &str) -> String {
    serde_json::to_string(&("CLOSE", sub)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: u8) -> Keys {
        Keys::from_secret(&[n; 32]).expect("a valid key")
    }

    /// BIP-340's own test vector 0 (secret key 3, aux and message all zero).
    #[test]
    fn signs_as_bip340_says() {
        let mut secret = [0u8; 32];
        secret[31] = 3;
        let k = Keys::from_secret(&secret).unwrap();
        assert_eq!(hex(&k.public()), "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");
        let sig = k.sign(&[0; 32], &[0; 32]);
        assert_eq!(
            hex(&sig),
            "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca821525f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0"
        );
        assert!(verify(&k.public(), &[0; 32], &sig));
    }

    /// NIP-01's id: the hash of the serialised array, as every relay checks it.
    #[test]
    fn an_event_verifies_and_any_change_breaks_it() {
        let k = keys(7);
        let e =
            k.event(1_700_000_000, ROOM_KIND, vec![vec!["h".into(), "ab".into()]], "hi \"there\"\n".into(), &[1; 32]);
        assert_eq!(e.verified(), Ok(k.public()));
        let text = publish(&e);
        assert!(text.starts_with("[\"EVENT\",{"));
        let mut changed = e.clone();
        changed.content.push('!');
        assert_eq!(changed.verified(), Err(NostrError::BadId));
        let mut other = e.clone();
        other.pubkey = hex(&keys(8).public());
        assert!(other.verified().is_err());
        let mut sig = e;
        sig.sig = hex(&[9; 64]);
        assert_eq!(sig.verified(), Err(NostrError::BadSignature));
    }

    #[test]
    fn relay_messages_are_read_through_a_bounded_gate() {
        let e = keys(3).event(5, ROOM_KIND, vec![], "x".into(), &[0; 32]);
        let text = format!("[\"EVENT\",\"s1\",{}]", serde_json::to_string(&e).unwrap());
        assert_eq!(parse(&text), Ok(Relay::Event { sub: "s1".into(), event: Box::new(e) }));
        assert_eq!(
            parse(r#"["OK","ab",false,"rate-limited: slow down"]"#),
            Ok(Relay::Ok { id: "ab".into(), accepted: false, message: "rate-limited: slow down".into() })
        );
        assert_eq!(Refusal::of("rate-limited: slow down"), Refusal::RateLimited);
        assert_eq!(Refusal::of("auth-required: we only serve members"), Refusal::AuthRequired);
        assert_eq!(Refusal::of("blocked: no"), Refusal::Other);
        assert_eq!(parse(r#"["EOSE","s1"]"#), Ok(Relay::Eose("s1".into())));
        assert_eq!(
            parse(r#"["CLOSED","s1","error: gone"]"#),
            Ok(Relay::Closed { sub: "s1".into(), message: "error: gone".into() })
        );
        assert!(matches!(parse(r#"["WHAT"]"#), Err(NostrError::Malformed(_))));
        assert!(matches!(parse("{}"), Err(NostrError::Malformed(_))));
        assert!(matches!(parse(&"x".repeat(FRAME_MAX + 1)), Err(NostrError::TooLarge(_))));
        assert!(subscribe("s", "ab", 9).contains(r##""#h":["ab"]"##));
        assert_eq!(close("s"), r#"["CLOSE","s"]"#);
    }
}
