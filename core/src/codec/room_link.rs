//! The live room's link (format 21): everything a device needs to join, in the URL's fragment,
//! which browsers never send to a server.
//!
//! `[21] · room id (16) · room key (32) · founder's Nostr key (32) · relay count · relays (text)`
//!
//! The room key encrypts every message (AES-256-GCM), so a relay carries ciphertext only; the
//! founder's key is where the chain of facilitators starts.

use super::base64url;
use super::bin::{BinError, Reader, Writer};
use super::kinds::ROOM;
use super::share::{LinkError, raw_bytes};

/// Relays a room link names: at least one, and the app offers four.
pub const RELAYS_MAX: usize = 5;
const RELAY_CHARS_MAX: usize = 200;

/// What a room link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomLink {
    pub room: [u8; 16],
    pub key: [u8; 32],
    pub founder: [u8; 32],
    pub relays: Vec<String>,
}

/// Why a relay address is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RelayError {
    #[error("“{0}” is not a relay address: it should start with wss:// (ws:// only for this computer's own relay)")]
    Scheme(String),
    #[error("“{0}” is not a relay address: it has no host, or characters no address has")]
    Host(String),
    #[error("a relay address is at most {RELAY_CHARS_MAX} characters")]
    TooLong,
    #[error("a room needs at least one relay")]
    None,
    #[error("a room uses at most {RELAYS_MAX} relays")]
    TooMany,
}

/// A relay's address, tidied (`wss://relay.example/`), or why it is not one. Plain `ws://` is
/// taken only for a relay on this computer (loopback), as `cargo xtask relay` runs one.
pub fn clean_relay(raw: &str) -> Result<String, RelayError> {
    let text = raw.trim();
    if text.len() > RELAY_CHARS_MAX {
        return Err(RelayError::TooLong);
    }
    let lower = text.to_ascii_lowercase();
    let (rest, local_only) = if let Some(r) = lower.strip_prefix("wss://") {
        (r, false)
    } else if let Some(r) = lower.strip_prefix("ws://") {
        (r, true)
    } else {
        return Err(RelayError::Scheme(text.to_owned()));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(h, port)| if port.parse::<u16>().is_ok() { h } else { authority });
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':');
    let path_fine = rest.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'));
    if host.is_empty() || !host.chars().all(fine) || !path_fine || authority.contains('@') {
        return Err(RelayError::Host(text.to_owned()));
    }
    if local_only && !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(RelayError::Scheme(text.to_owned()));
    }
    let tail = if rest.contains('/') { "" } else { "/" };
    Ok(format!("{}{rest}{tail}", if local_only { "ws://" } else { "wss://" }))
}

/// The relays of `list` tidied, duplicates dropped, or the first reason one is refused.
pub fn clean_relays<'a>(list: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, RelayError> {
    let mut out: Vec<String> = Vec::new();
    for raw in list.into_iter().filter(|r| !r.trim().is_empty()) {
        let relay = clean_relay(raw)?;
        if !out.contains(&relay) {
            if out.len() == RELAYS_MAX {
                return Err(RelayError::TooMany);
            }
            out.push(relay);
        }
    }
    if out.is_empty() { Err(RelayError::None) } else { Ok(out) }
}

pub fn encode(link: &RoomLink) -> String {
    let mut w = Writer::default();
    w.u8(ROOM);
    w.buf.extend_from_slice(&link.room);
    w.buf.extend_from_slice(&link.key);
    w.buf.extend_from_slice(&link.founder);
    w.varint(link.relays.len() as u64);
    for r in &link.relays {
        w.str(r);
    }
    base64url::encode(&w.buf)
}

/// A room link's payload (the text after `#/room/`), through the gate.
pub fn decode(text: &str) -> Result<RoomLink, LinkError> {
    let raw = raw_bytes(text)?;
    let mut r = Reader::new(&raw);
    match r.u8()? {
        ROOM => {}
        other => return Err(LinkError::Unknown(other)),
    }
    let mut fixed = |n| r.take(n).map(<[u8]>::to_vec);
    let room = fixed(16)?.try_into().map_err(|_| BinError::Truncated)?;
    let key = fixed(32)?.try_into().map_err(|_| BinError::Truncated)?;
    let founder = fixed(32)?.try_into().map_err(|_| BinError::Truncated)?;
    let n = r.count("relay list", RELAYS_MAX, 7)?;
    let mut relays = Vec::with_capacity(n);
    for _ in 0..n {
        relays.push(r.str("relay address", RELAY_CHARS_MAX)?);
    }
    r.finish()?;
    let relays = clean_relays(relays.iter().map(String::as_str)).map_err(|e| LinkError::Relay(e.to_string()))?;
    Ok(RoomLink { room, key, founder, relays })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> RoomLink {
        RoomLink {
            room: [1; 16],
            key: [2; 32],
            founder: [3; 32],
            relays: vec!["wss://relay.example/".into(), "ws://127.0.0.1:7777/".into()],
        }
    }

    #[test]
    fn a_room_link_reads_back() {
        let text = encode(&link());
        assert_eq!(decode(&text), Ok(link()));
        assert_eq!(super::super::kinds::first_byte(&text), Some(ROOM));
    }

    #[test]
    fn relays_are_checked() {
        assert_eq!(clean_relay(" WSS://Relay.Damus.io "), Ok("wss://relay.damus.io/".into()));
        assert_eq!(clean_relay("wss://r.example:443/nostr"), Ok("wss://r.example:443/nostr".into()));
        assert_eq!(clean_relay("ws://localhost:4848"), Ok("ws://localhost:4848/".into()));
        assert!(matches!(clean_relay("ws://relay.example"), Err(RelayError::Scheme(_))));
        assert!(matches!(clean_relay("https://relay.example"), Err(RelayError::Scheme(_))));
        assert!(matches!(clean_relay("wss://"), Err(RelayError::Host(_))));
        assert!(matches!(clean_relay("wss://a b"), Err(RelayError::Host(_))));
        assert!(matches!(clean_relay("wss://user@evil.example"), Err(RelayError::Host(_))));
        assert_eq!(clean_relays(["", " "]), Err(RelayError::None));
        let six: Vec<String> = (0..6).map(|i| format!("wss://r{i}.example")).collect();
        assert_eq!(clean_relays(six.iter().map(String::as_str)), Err(RelayError::TooMany));
        assert_eq!(clean_relays(["wss://a.example", "wss://A.example/"]), Ok(vec!["wss://a.example/".into()]));
    }

    #[test]
    fn a_damaged_room_link_says_why() {
        let text = encode(&link());
        assert!(decode(&text[..text.len() - 6]).is_err());
        let mut bad = link();
        bad.relays = vec!["http://x".into()];
        assert!(matches!(decode(&encode(&bad)), Err(LinkError::Relay(_))));
        assert!(decode("").is_err());
    }
}
