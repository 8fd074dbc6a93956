//! A small static file server for `serve`, the end-to-end tests and the bench, on `tiny_http`.
//!
//! It serves one directory under an optional sub-path (to prove the build works from one), with
//! the right MIME types (WebAssembly streaming compilation needs `application/wasm`), no
//! caching, and compressed as static hosts serve files (brotli where the browser accepts it,
//! else gzip; compressed once per file and kept), on loopback only. Nothing outside the served
//! directory can be reached: a path that climbs out (`..`, also percent-encoded) is not found.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use tiny_http::{Header, Method, Request, Response, Server as Http};

use crate::util::Result;

/// A running server; it stops with the process.
pub struct Server {
    pub addr: SocketAddr,
    pub base: String,
}

impl Server {
    /// The URL of the served directory's index.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base)
    }
}

/// Serves `root` at `http://127.0.0.1:<port><base>` on background threads (`port` 0 picks one).
pub fn spawn(root: PathBuf, port: u16, base: &str) -> Result<Server> {
    let http = Http::http(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = http.server_addr().to_ip().ok_or("the server has no IP address")?;
    let base = format!("/{}/", base.trim_matches('/')).replace("//", "/");
    let prefix = base.clone();
    let cache = Cache::default();
    warm(&cache, &root);
    thread::spawn(move || {
        for request in http.incoming_requests() {
            let (root, prefix, cache) = (root.clone(), prefix.clone(), cache.clone());
            thread::spawn(move || {
                let _ = handle(request, &root, &prefix, &cache);
            });
        }
    });
    Ok(Server { addr, base })
}

/// Larger files (a debug build's WebAssembly) are served as they are: compressing them at the
/// highest settings would take longer than sending them over loopback.
const COMPRESS_MAX: usize = 4 << 20;

/// Compressed bodies by encoding and file, with the file's length and modification time.
type Cache = Arc<Mutex<HashMap<(&'static str, PathBuf), (u64, std::time::SystemTime, Vec<u8>)>>>;

/// Compresses every file under `root` before the first request, on both cores: compressing at
/// the highest settings on demand held up the first visit of a test by seconds.
fn warm(cache: &Cache, root: &Path) {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    let work = Arc::new(Mutex::new(files));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (work, cache) = (work.clone(), cache.clone());
            thread::spawn(move || {
                while let Some(file) = work.lock().ok().and_then(|mut w| w.pop()) {
                    let Ok(raw) = std::fs::read(&file) else { continue };
                    if raw.len() <= COMPRESS_MAX {
                        for encoding in ["br", "gzip"] {
                            compressed(&cache, encoding, &file, &raw);
                        }
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
}

/// The body of `file` in `encoding` ("br" or "gzip"), compressed once.
fn compressed(cache: &Cache, encoding: &'static str, file: &Path, raw: &[u8]) -> Vec<u8> {
    let stamp = std::fs::metadata(file).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
    let key = (encoding, file.to_path_buf());
    if let Ok(map) = cache.lock()
        && let Some((len, at, body)) = map.get(&key)
        && *len == raw.len() as u64
        && *at == stamp
    {
        return body.clone();
    }
    let body = if encoding == "br" { crate::compress::brotli(raw) } else { crate::compress::gzip(raw) };
    if let Ok(mut map) = cache.lock() {
        map.insert(key, (raw.len() as u64, stamp, body.clone()));
    }
    body
}

fn header(name: &str, value: &str) -> Header {
    // Every name and value here is an ASCII literal of this file or the sub-path the commands
    // give (`/`, `/sprintdeck/`), which a header always takes.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// What a request is answered with: status, MIME type, body and its encoding, or a redirect.
enum Answer {
    File { kind: &'static str, body: Vec<u8>, encoding: Option<&'static str> },
    Redirect(String),
    Status(u16, &'static str),
}

/// Answers `method` `target` (the request line's path and query) from `root` under `prefix`,
/// the encodings the client accepts given as its `Accept-Encoding` (lower case).
fn answer(method: &Method, target: &str, accepts: &str, root: &Path, prefix: &str, cache: &Cache) -> Answer {
    if !matches!(method, Method::Get | Method::Head) {
        return Answer::Status(405, "method not allowed");
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == prefix.trim_end_matches('/') {
        // `/sub` → `/sub/`, as static hosts do, so relative asset URLs resolve.
        return Answer::Redirect(prefix.to_owned());
    }
    let Some(file) = path.strip_prefix(prefix).and_then(|rest| resolve(root, rest)) else {
        return Answer::Status(404, "not found");
    };
    let Ok(body) = std::fs::read(&file) else { return Answer::Status(404, "not found") };
    let encoding = if accepts.contains("br") {
        Some("br")
    } else if accepts.contains("gzip") {
        Some("gzip")
    } else {
        None
    };
    match encoding {
        Some(e) if body.len() <= COMPRESS_MAX => {
            Answer::File { kind: mime(&file), body: compressed(cache, e, &file, &body), encoding: Some(e) }
        }
        _ => Answer::File { kind: mime(&file), body, encoding: None },
    }
}

fn handle(request: Request, root: &Path, prefix: &str, cache: &Cache) -> std::io::Result<()> {
    let accepts = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let no_cache = header("Cache-Control", "no-cache");
    match answer(request.method(), request.url(), &accepts, root, prefix, cache) {
        Answer::File { kind, body, encoding } => {
            let mut response =
                Response::from_data(body).with_header(header("Content-Type", kind)).with_header(no_cache);
            if let Some(e) = encoding {
                response =
                    response.with_header(header("Content-Encoding", e)).with_header(header("Vary", "Accept-Encoding"));
            }
            request.respond(response)
        }
        Answer::Redirect(to) => request.respond(Response::empty(301).with_header(header("Location", &to))),
        Answer::Status(code, text) => request.respond(
            Response::from_string(text)
                .with_status_code(code)
                .with_header(header("Content-Type", "text/plain"))
                .with_header(no_cache),
        ),
    }
}

/// The file a URL path names inside `root`; `None` for anything that would leave it.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let rest = percent_encoding::percent_decode_str(rest).decode_utf8().ok()?;
    let rel = Path::new(rest.as_ref());
    if rest.contains('\0') || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if rest.is_empty() || rest.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    /// A served folder `site/` (an index, an app file, a sub-folder) beside a secret file that
    /// must stay out of reach.
    fn site() -> (PathBuf, Server) {
        let dir = std::env::temp_dir().join(format!("sprintdeck-http-test-{}", std::process::id()));
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("assets")).unwrap();
        std::fs::write(site.join("index.html"), "<p>index</p>").unwrap();
        std::fs::write(site.join("app.wasm"), b"\0asm").unwrap();
        std::fs::write(site.join("assets/style.css"), "p{}").unwrap();
        std::fs::write(dir.join("secret.txt"), "do not serve").unwrap();
        let server = spawn(site, 0, "/sub/").unwrap();
        (dir, server)
    }

    /// The raw response to a request line sent exactly as written (no client normalises it).
    fn get(server: &Server, target: &str, extra: &str) -> String {
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        String::from_utf8_lossy(&out).into_owned()
    }

    fn status(response: &str) -> &str {
        response.split_whitespace().nth(1).unwrap_or_default()
    }

    #[test]
    fn files_are_served_with_their_type_under_the_sub_path() {
        let (_, server) = site();
        let index = get(&server, "/sub/", "");
        assert_eq!(status(&index), "200");
        assert!(index.contains("<p>index</p>") && index.to_ascii_lowercase().contains("content-type: text/html"));
        assert!(get(&server, "/sub/app.wasm", "").to_ascii_lowercase().contains("content-type: application/wasm"));
        assert_eq!(status(&get(&server, "/sub/assets/style.css?v=1", "")), "200");
        let moved = get(&server, "/sub", "");
        assert_eq!(status(&moved), "301");
        assert!(moved.contains("Location: /sub/"));
        assert_eq!(status(&get(&server, "/index.html", "")), "404", "outside the sub-path");
        assert_eq!(status(&get(&server, "/sub/missing.js", "")), "404");
        let br = get(&server, "/sub/index.html", "Accept-Encoding: gzip, br\r\n");
        assert!(br.to_ascii_lowercase().contains("content-encoding: br"));
    }

    #[test]
    fn no_path_leaves_the_served_folder() {
        let (_, server) = site();
        for target in [
            "/sub/../secret.txt",
            "/sub/assets/../../secret.txt",
            "/sub/%2e%2e/secret.txt",
            "/sub/%2E%2E%2Fsecret.txt",
            "/sub/..%2fsecret.txt",
            "/sub/assets/%2e%2e/%2e%2e/secret.txt",
            "/sub/%252e%252e/secret.txt",
            "/sub//etc/passwd",
            "/sub/%2fetc%2fpasswd",
            "/sub/..%5csecret.txt",
            "/sub/index.html%00.css",
            "/sub/%ff",
        ] {
            let response = get(&server, target, "");
            assert_eq!(status(&response), "404", "{target}");
            assert!(!response.contains("do not serve"), "{target}");
        }
    }
}
