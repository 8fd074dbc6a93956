//! The time bound every target keeps: an input that takes more than 100 ms of this thread's CPU
//! time fails like a panic. CPU time, not wall time, so that a fuzz run sharing a busy machine
//! does not report the scheduler's pauses as slow inputs. (libFuzzer's own `-timeout`, in whole
//! seconds of wall time, stays as the backstop for an input that never ends.)

use std::time::Duration;

/// The most CPU time one input may take.
pub const LIMIT: Duration = Duration::from_millis(100);

/// The CPU time this thread has used so far.
fn cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec and the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Runs `target` on `data` and fails if it took longer than [`LIMIT`].
pub fn run(target: fn(&[u8]), data: &[u8]) {
    let start = cpu();
    target(data);
    let took = cpu() - start;
    assert!(took < LIMIT, "a slow input: {took:?} of CPU time for {} bytes", data.len());
}
