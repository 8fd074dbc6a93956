//! One source of truth for each tool version and for the wasm-opt flags, and checks that the
//! other places that must name them agree.
//!
//! * trunk: [`TRUNK_VERSION`], here; leptosfmt: [`LEPTOSFMT_VERSION`], here.
//! * wasm-bindgen: `Cargo.lock` (Trunk reads it too; the CLI is installed at that version).
//! * wasm-opt: `Trunk.toml`'s `[tools] wasm_opt` (Trunk checks the binary's version against
//!   it); `package.json` must pin the same binaryen release, and the bench's empty page's
//!   `Trunk.toml` the same line.
//! * wasm-opt flags: `index.html`'s `data-wasm-opt` and `data-wasm-opt-params`, which Trunk uses
//!   for the main module; the splitter runs wasm-opt on each chunk with the same flags
//!   ([`wasm_opt_flags`]), and the bench's empty page must use them too (a fair baseline).
//! * The splitter (`wasm_split_cli_support`, in xtask) must speak the same protocol as the
//!   helpers Leptos compiles into the app (`wasm_split_helpers`): same 0.x line, per `Cargo.lock`.

use crate::util::{Result, root};

/// The trunk release the set-up installs (0.22 needs a newer compiler than these machines have).
pub const TRUNK_VERSION: &str = "0.21.14";

/// The leptosfmt release the set-up installs: it formats the `view!` macros, which rustfmt
/// leaves alone (`cargo xtask test` checks them, `cargo xtask fmt` formats them).
pub const LEPTOSFMT_VERSION: &str = "0.1.33";

/// The `nostr-sdk` wheel (rust-nostr's bindings, from PyPI) whose `LocalRelay` is the Nostr
/// relay of `cargo xtask relay` and of the end-to-end tests.
pub const NOSTR_SDK_VERSION: &str = "0.45.1";

fn read(rel: &str) -> Result<String> {
    std::fs::read_to_string(root().join(rel)).map_err(|e| format!("cannot read {rel}: {e}"))
}

/// The versions `Cargo.lock` pins for a package (several, if the graph holds several).
pub fn locked(lock: &str, package: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            out.push(v.trim_end_matches('"').to_owned());
        }
    }
    out
}

/// The wasm-bindgen version `Cargo.lock` pins.
pub fn wasm_bindgen() -> Result<String> {
    locked(&read("Cargo.lock")?, "wasm-bindgen")
        .into_iter()
        .next()
        .ok_or_else(|| "Cargo.lock does not pin wasm-bindgen".into())
}

/// The value of `attr="…"` in the first tag of `html` that has it.
fn attribute<'a>(html: &'a str, attr: &str) -> Option<&'a str> {
    let start = html.find(&format!("{attr}=\""))? + attr.len() + 2;
    html[start..].split('"').next()
}

/// The wasm-opt flags of `index.html`, as command-line arguments (`-Oz` and the `--enable-…`).
pub fn wasm_opt_flags() -> Result<Vec<String>> {
    flags_of(&read("index.html")?)
}

fn flags_of(html: &str) -> Result<Vec<String>> {
    let level = attribute(html, "data-wasm-opt").ok_or("index.html sets no data-wasm-opt")?;
    let mut flags = vec![format!("-O{level}")];
    flags.extend(attribute(html, "data-wasm-opt-params").unwrap_or_default().split_whitespace().map(str::to_owned));
    Ok(flags)
}

/// The `[tools]` table of a `Trunk.toml`, as its lines.
fn tools_of(trunk_toml: &str) -> Vec<String> {
    let Some(tools) = trunk_toml.split("[tools]").nth(1) else { return Vec::new() };
    tools
        .lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Every disagreement between the places that name a tool version or the wasm-opt flags.
pub fn disagreements() -> Result<Vec<String>> {
    let mut found = Vec::new();
    let trunk_toml = read("Trunk.toml")?;
    let tools = tools_of(&trunk_toml);
    let wasm_opt = tools
        .iter()
        .find_map(|l| l.strip_prefix("wasm_opt = \"version_"))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or("Trunk.toml names no wasm_opt version")?;
    let package = read("package.json")?;
    if !package.contains(&format!("\"binaryen\": \"{wasm_opt}.0.0\"")) {
        found.push(format!("package.json does not pin binaryen {wasm_opt}.0.0, which Trunk.toml names"));
    }
    if tools_of(&read("bench/empty-app/Trunk.toml")?) != tools {
        found.push("bench/empty-app/Trunk.toml's [tools] differ from Trunk.toml's".into());
    }
    if flags_of(&read("bench/empty-app/index.html")?)? != wasm_opt_flags()? {
        found.push("the bench's empty page is optimised with other wasm-opt flags than the app".into());
    }
    let lock = read("Cargo.lock")?;
    let minor = |v: &String| v.rsplit_once('.').map(|(m, _)| m.to_owned()).unwrap_or_default();
    let splitter = locked(&lock, "wasm_split_cli_support");
    let helpers = locked(&lock, "wasm_split_helpers");
    if splitter.len() != 1 || helpers.len() != 1 || minor(&splitter[0]) != minor(&helpers[0]) {
        found.push(format!(
            "the splitter (wasm_split_cli_support {splitter:?}) and the helpers Leptos uses (wasm_split_helpers {helpers:?}) are not one 0.x line"
        ));
    }
    if locked(&lock, "wasm-bindgen").len() != 1 {
        found.push("Cargo.lock holds more than one wasm-bindgen".into());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_that_names_a_tool_version_or_the_wasm_opt_flags_agrees() {
        assert_eq!(disagreements().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn flags_and_tools_are_read_as_written() {
        let html = r#"<link data-trunk rel="rust" data-wasm-opt="z" data-wasm-opt-params="--enable-a  --enable-b" />"#;
        assert_eq!(flags_of(html).unwrap(), ["-Oz", "--enable-a", "--enable-b"]);
        assert!(flags_of("<html>").is_err());
        let toml = "[build]\ndist = \"dist\"\n\n[tools]\n# why\nwasm_opt = \"version_132\"\n\n[serve]\nport = 1\n";
        assert_eq!(tools_of(toml), ["wasm_opt = \"version_132\""]);
        assert_eq!(locked("name = \"x\"\nversion = \"1.2.3\"\n", "x"), ["1.2.3"]);
    }
}
