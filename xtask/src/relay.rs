//! A real Nostr relay on loopback: rust-nostr's `LocalRelay` (an existing implementation, the
//! `nostr-sdk` wheel from PyPI at [`NOSTR_SDK_VERSION`](crate::versions::NOSTR_SDK_VERSION)),
//! run by `relay/relay.py` in a virtual environment under `target/`. `cargo xtask relay` starts
//! one to try rooms by hand; the end-to-end tests start and stop their own (they are given the
//! command).

use std::path::PathBuf;
use std::process::Command;

use crate::util::{Result, root, run};
use crate::versions::NOSTR_SDK_VERSION;

/// The relay's Python and script, installed if they are not.
pub fn ensure() -> Result<(PathBuf, PathBuf)> {
    let venv = root().join("target/nostr-relay");
    let python = venv.join("bin/python");
    let script = root().join("xtask/src/relay/relay.py");
    let stamp = venv.join(format!("nostr-sdk-{NOSTR_SDK_VERSION}"));
    if stamp.is_file() && python.is_file() {
        return Ok((python, script));
    }
    if Command::new("python3").arg("-c").arg("import venv, ensurepip").output().map_or(true, |o| !o.status.success()) {
        crate::setup::apt_install(&["python3", "python3-venv"], "runs the loopback Nostr relay")?;
    }
    println!("xtask: installing a Nostr relay (nostr-sdk {NOSTR_SDK_VERSION} from PyPI) into target/nostr-relay");
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "-q", "--disable-pip-version-check"])
        .arg(format!("nostr-sdk=={NOSTR_SDK_VERSION}")))?;
    std::fs::write(&stamp, "").map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok((python, script))
}

/// `cargo xtask relay [--port N]`: a relay on `ws://127.0.0.1:N/` (7777 unless told) until
/// Ctrl-C.
pub fn serve(args: &[String]) -> Result {
    let port = match args {
        [] => 7777,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("`{n}` is not a port"))?,
        _ => return Err("usage: cargo xtask relay [--port N]".into()),
    };
    let (python, script) = ensure()?;
    println!("xtask: a Nostr relay on ws://127.0.0.1:{port}/ — put it in a room's relay list; Ctrl-C stops it");
    run(Command::new(python).arg(script).arg(port.to_string()))
}
