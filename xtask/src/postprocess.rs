//! What the build does after Trunk: the service worker's precache list.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::Result;

const SW_TEMPLATE: &str = include_str!("sw.js");

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
