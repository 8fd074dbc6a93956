//! A small static file server for `serve`, the end-to-end tests and the bench.
//!
//! It serves one directory under an optional sub-path (to prove the build works from one), with
//! the right MIME types (WebAssembly streaming compilation needs `application/wasm`), no
//! caching, and compressed as static hosts serve files (brotli where the browser accepts it,
//! else gzip; compressed once per file and kept), on loopback only.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

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

/// Serves `root` at `http://127.0.0.1:<port><base>` on a background thread (`port` 0 picks one).
pub fn spawn(root: PathBuf, port: u16, base: &str) -> Result<Server> {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("/{}/", base.trim_matches('/')).replace("//", "/");
    let prefix = base.clone();
    let cache = Cache::default();
    warm(&cache, &root);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let prefix = prefix.clone();
            let cache = cache.clone();
            thread::spawn(move || {
                let _ = handle(stream, &root, &prefix, &cache);
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

fn handle(mut stream: TcpStream, root: &Path, prefix: &str, cache: &Cache) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut accepts = String::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("accept-encoding")
            {
                accepts = value.to_ascii_lowercase();
            }
        }
        let encoding = if accepts.contains("br") {
            Some("br")
        } else if accepts.contains("gzip") {
            Some("gzip")
        } else {
            None
        };
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let head = method == "HEAD";
        let response = if method != "GET" && !head {
            (405, "text/plain", b"method not allowed".to_vec(), None)
        } else if path == prefix.trim_end_matches('/') {
            // `/sub` → `/sub/`, as static hosts do, so relative asset URLs resolve.
            write!(stream, "HTTP/1.1 301 Moved\r\nLocation: {prefix}\r\nContent-Length: 0\r\n\r\n")?;
            continue;
        } else {
            match path.strip_prefix(prefix).and_then(|rest| resolve(root, rest)) {
                Some(file) => match std::fs::read(&file) {
                    Ok(body) => match encoding {
                        Some(e) if body.len() <= COMPRESS_MAX => {
                            (200, mime(&file), compressed(cache, e, &file, &body), Some(e))
                        }
                        _ => (200, mime(&file), body, None),
                    },
                    Err(_) => (404, "text/plain", b"not found".to_vec(), None),
                },
                None => (404, "text/plain", b"not found".to_vec(), None),
            }
        };
        let (status, kind, body, encoded) = response;
        let content_encoding = match encoded {
            Some(e) => format!("Content-Encoding: {e}\r\nVary: Accept-Encoding\r\n"),
            None => String::new(),
        };
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        write!(
            stream,
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{content_encoding}Cache-Control: no-cache\r\n\r\n",
            body.len()
        )?;
        if !head {
            stream.write_all(&body)?;
        }
    }
}

/// The file a URL path names inside `root`; `None` for anything that would leave it.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let rest = percent_decode(rest)?;
    let rel = Path::new(&rest);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if rest.is_empty() || rest.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
