//! `sprintdeck_core::fuzz::room` on every input, each within 100 ms of CPU time (a slower input
//! fails like a panic; see `bound.rs`); see `core/src/fuzz.rs` for what it decodes, runs and
//! asserts.
#![no_main]

mod bound;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bound::run(sprintdeck_core::fuzz::room, data));
