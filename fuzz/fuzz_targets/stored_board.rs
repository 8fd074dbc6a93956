//! Any text in localStorage or in an imported file must decode or fail with an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintdeck_core::storage::format;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = format::decode_stored(&text);
    let _ = format::decode_file(&text);
    let _ = format::decode_index(&text);
});
