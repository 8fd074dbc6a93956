//! What the build does after Trunk: the Content-Security-Policy of `index.html` (with the hash
//! of Trunk's inline start script) and the service worker with the build's precache list.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::util::Result;

const SW_TEMPLATE: &str = include_str!("sw.js");

/// Puts `meta` into `dist/index.html` right after its charset declaration, before any script
/// (the minified page has no `<head>` tag).
fn insert_meta(dist: &Path, meta: &str) -> Result {
    let path = dist.join("index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let charset = html.find("<meta charset").ok_or("index.html has no <meta charset>")?;
    let at = html[charset..].find('>').ok_or("index.html has a broken <meta charset>")? + charset + 1;
    let out = format!("{}{meta}{}", &html[..at], &html[at..]);
    std::fs::write(&path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes `sw.js` into `dist`, listing every file of the build and versioned by their content.
pub fn service_worker(dist: &Path) -> Result {
    let mut files: Vec<String> = Vec::new();
    let mut hash = Sha256::new();
    let mut names = Vec::new();
    list_files(dist, dist, &mut names).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    names.retain(|n| n != "sw.js");
    names.sort();
    for name in &names {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| e.to_string())?;
        hash.update(name.as_bytes());
        hash.update(&bytes);
        files.push(format!("'./{name}'"));
    }
    files.insert(0, "'./'".into());
    let version: String = hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    let sw = SW_TEMPLATE.replace("__VERSION__", &version).replace("__FILES__", &format!("[{}]", files.join(", ")));
    std::fs::write(dist.join("sw.js"), sw).map_err(|e| format!("cannot write sw.js: {e}"))
}

/// Paths of every file under `dir`, relative to `base`, with `/` separators.
fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// The policy: only this origin's files run, plus Trunk's inline start script by its hash;
/// WebAssembly may compile; nothing may be framed, posted or loaded from elsewhere. Live rooms
/// connect to their Nostr relays (`wss:`, and `ws:` on loopback only, for `cargo xtask relay`).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {HASHES}; style-src 'self'; \
img-src 'self' data:; connect-src 'self' wss: ws://127.0.0.1:* ws://localhost:*; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// Adds a Content-Security-Policy `<meta>` to `dist/index.html` that allows the inline scripts
/// Trunk wrote into it by their SHA-256 hashes, and nothing inline besides.
pub fn content_security_policy(dist: &Path) -> Result {
    let path = dist.join("index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut hashes = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<script") {
        let tag_end = rest[start..].find('>').ok_or("index.html has an unclosed <script> tag")? + start;
        let close = rest[tag_end..].find("</script>").ok_or("index.html has no </script>")? + tag_end;
        let body = &rest[tag_end + 1..close];
        if !rest[start..tag_end].contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[close..];
    }
    if hashes.is_empty() {
        return Err("index.html has no inline start script; did Trunk change?".into());
    }
    let policy = CSP.replace("{HASHES}", &hashes.join(" "));
    insert_meta(dist, &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"))
}
