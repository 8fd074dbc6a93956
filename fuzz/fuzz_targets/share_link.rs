//! Any text after `#/open/`, and any bytes inside a link, must decode or fail with an error:
//! never panic, never allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintdeck_core::codec::{base64url, share};

fuzz_target!(|data: &[u8]| {
    // The input as link text.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = share::decode(text);
    }
    // The input as the bytes of a plain link (after the version byte), compressed or not.
    let compressed = miniz_oxide_free_compress(data);
    for body in [1, 2] {
        let _ = share::inflate(data, body);
        let _ = share::inflate(&compressed, body);
    }
    for version in [share::PLAIN, share::PLAIN_2] {
        let mut raw = vec![version];
        raw.extend_from_slice(data);
        let _ = share::decode(&base64url::encode(&raw));
    }
    // Poker invites and votes.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sprintdeck_core::codec::poker_link::decode(text);
    }
    let _ = sprintdeck_core::codec::poker_link::read_vote_plain(data);
});

/// Stored (uncompressed) deflate blocks wrapping `data`, so the body reader sees arbitrary bytes.
fn miniz_oxide_free_compress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / 65535 + 1));
    let mut chunks = data.chunks(65535).peekable();
    if chunks.peek().is_none() {
        return vec![1, 0, 0, 0xff, 0xff];
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}
