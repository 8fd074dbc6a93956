//! Base64url without padding (RFC 4648 §5): the alphabet that survives URLs, chat apps and email.
//!
//! The `base64` crate does the work; this module fixes the one configuration SprintDeck uses
//! and words its errors for people.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Writes no padding; reads text with or without it.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Encodes bytes as base64url text without padding.
pub fn encode(bytes: &[u8]) -> String {
    ENGINE.encode(bytes)
}

/// Why a text is not base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Base64Error {
    #[error("it contains “{0}”, which never appears in a link SprintDeck makes")]
    BadCharacter(char),
    #[error("it is cut short (its length is impossible)")]
    BadLength,
}

/// Decodes base64url (the standard alphabet's `+` and `/` are accepted too, as some chat apps
/// rewrite them; padding is ignored).
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let text = text.trim_end_matches('=');
    if let Some(c) = text.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/'))) {
        return Err(Base64Error::BadCharacter(c));
    }
    let text = text.replace('+', "-").replace('/', "_");
    ENGINE.decode(text).map_err(|_| Base64Error::BadLength)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        for (raw, enc) in
            [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")]
        {
            assert_eq!(encode(raw.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("Zm9vYg=="), Ok(b"foob".to_vec()));
    }

    #[test]
    fn bad_text_is_refused() {
        assert_eq!(decode("Zm9v!"), Err(Base64Error::BadCharacter('!')));
        assert_eq!(decode("Z"), Err(Base64Error::BadLength));
        assert_eq!(decode("Zm9vé"), Err(Base64Error::BadCharacter('é')));
    }

    #[test]
    fn every_byte_string_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        for n in 0..bytes.len() {
            assert_eq!(decode(&encode(&bytes[..n])).unwrap(), &bytes[..n]);
        }
    }
}
