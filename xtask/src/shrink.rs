//! Fewer bytes for a first visit: short import names and minified JavaScript.
//!
//! wasm-bindgen names each function the module imports from its JS glue after the Rust item
//! plus a 16-digit hash (`__wbg_getItem_0a1b2c3d4e5f6789`) from the module `./<name>_bg.js`, and
//! every name is written twice: in the WebAssembly import section and as a key of the glue's
//! import object. [`short_import_names`] renames them to one or two letters in both files (for
//! SprintDeck about 11 KB raw, 4.7 KB brotli, less at start). esbuild then minifies the glue,
//! the chunk loader and the service worker ([`minify`]); Trunk's own minifier cannot parse the
//! glue and leaves it as it is. Exports nothing calls are dropped ([`UNUSED_EXPORTS`]).

use std::path::Path;
use std::process::Command;

use crate::util::{Result, run};
use crate::wasm;

/// The import module the short names are given under.
const SHORT_MODULE: &str = "w";

/// Exports no SprintDeck code calls: `wasm-streams` (which Leptos' `csr` feature pulls in
/// through `server_fn`, for server functions, which SprintDeck has none of) exports the
/// methods of three JS stream classes. Exports keep their code alive; without them wasm-opt
/// (which Trunk runs next) removes it. The glue's classes stay, and are never constructed.
const UNUSED_EXPORTS: &[&str] = &["intounderlying", "__wbg_intounderlying"];

/// `wasm` without the exports whose names start with one of `prefixes`.
pub fn without_exports(wasm: &[u8], prefixes: &[&str]) -> Result<Vec<u8>> {
    let mut out = wasm.get(..8).ok_or("not a WebAssembly module")?.to_vec();
    for section in wasm::sections(wasm)? {
        if section.id != 7 {
            out.extend_from_slice(section.whole);
            continue;
        }
        let b = section.body;
        let mut at = 0;
        let count = wasm::leb(b, &mut at)?;
        let mut kept = Vec::new();
        let mut n = 0;
        for _ in 0..count {
            let start = at;
            let len = wasm::leb(b, &mut at)?;
            let name = b.get(at..at + len).ok_or("truncated WebAssembly")?;
            at += len + 1; // the name, then the kind
            wasm::leb(b, &mut at)?;
            if !prefixes.iter().any(|p| name.starts_with(p.as_bytes())) {
                kept.extend_from_slice(b.get(start..at).ok_or("truncated WebAssembly")?);
                n += 1;
            }
        }
        let mut body = Vec::with_capacity(kept.len() + 5);
        wasm::put_leb(&mut body, n);
        body.extend_from_slice(&kept);
        wasm::put_section(&mut out, 7, &body);
    }
    Ok(out)
}

/// Renames the glue imports of wasm-bindgen's output `<out_dir>/<out_name>_bg.wasm` and
/// `<out_dir>/<out_name>.js` in place, then minifies the JS.
pub fn bindgen_output(out_dir: &Path, out_name: &str) -> Result {
    let wasm_path = out_dir.join(format!("{out_name}_bg.wasm"));
    let js_path = out_dir.join(format!("{out_name}.js"));
    let read_err = |p: &Path, e: std::io::Error| format!("cannot read {}: {e}", p.display());
    let module = std::fs::read(&wasm_path).map_err(|e| read_err(&wasm_path, e))?;
    let js = std::fs::read_to_string(&js_path).map_err(|e| read_err(&js_path, e))?;
    let (module, js) = short_import_names(&module, &js, &format!("./{out_name}_bg.js"))?;
    let module = without_exports(&module, UNUSED_EXPORTS)?;
    std::fs::write(&wasm_path, module).map_err(|e| e.to_string())?;
    std::fs::write(&js_path, js).map_err(|e| e.to_string())?;
    minify(Path::new("esbuild"), &js_path, true)
}

/// Minifies the JavaScript file `file` in place with esbuild (`module`: an ES module).
pub fn minify(esbuild: &Path, file: &Path, module: bool) -> Result {
    let mut cmd = Command::new(esbuild);
    cmd.arg(file)
        .arg("--minify")
        .arg("--legal-comments=none")
        .arg("--log-level=warning")
        // wasm-bindgen's glue names the chunk loader once per split point in one object.
        .arg("--log-override:duplicate-object-key=silent")
        .arg("--allow-overwrite")
        .arg(format!("--outfile={}", file.display()));
    if module {
        cmd.arg("--format=esm");
    }
    run(&mut cmd)
}

/// `wasm` and its glue `js` with every function imported from `module` renamed to a short name
/// (and `module` itself renamed). Fails if the glue does not define each import exactly once
/// as a key of its import object: a new wasm-bindgen that writes its glue differently must stop
/// the build, not ship a page that cannot start.
pub fn short_import_names(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String)> {
    let mut js = replace_key(js, &format!("\"{module}\""), &format!("\"{SHORT_MODULE}\""))?;
    let mut out = wasm.get(..8).ok_or("not a WebAssembly module")?.to_vec();
    let mut renamed = 0;
    for section in wasm::sections(wasm)? {
        if section.id != 2 {
            out.extend_from_slice(section.whole);
            continue;
        }
        let entries = wasm::imports(section.body)?;
        let mut body = Vec::with_capacity(section.body.len());
        wasm::put_leb(&mut body, entries.len());
        for entry in entries {
            if entry.module == module.as_bytes() {
                let old = std::str::from_utf8(entry.field).map_err(|_| "an import name is not UTF-8")?;
                let new = short_name(renamed);
                renamed += 1;
                js = replace_key(&js, old, &new)?;
                wasm::put_name(&mut body, SHORT_MODULE.as_bytes());
                wasm::put_name(&mut body, new.as_bytes());
            } else {
                wasm::put_name(&mut body, entry.module);
                wasm::put_name(&mut body, entry.field);
            }
            body.extend_from_slice(entry.desc);
        }
        wasm::put_section(&mut out, 2, &body);
    }
    if renamed == 0 {
        return Err(format!("the module imports nothing from {module}; did wasm-bindgen change?"));
    }
    Ok((out, js))
}

/// The `n`th short name: a … z, A … Z, aa, ab, …
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `js` with the object key `key` (the whole word, followed by `:`) replaced by `new`; an error
/// unless it occurs exactly once.
fn replace_key(js: &str, key: &str, new: &str) -> Result<String> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    let mut found = Vec::new();
    for (at, _) in js.match_indices(key) {
        let before = js[..at].chars().next_back();
        let after = &js[at + key.len()..];
        let word_start = !is_word(before) || key.starts_with('"');
        if word_start && after.trim_start_matches(' ').starts_with(':') {
            found.push(at);
        }
    }
    match found.as_slice() {
        [at] => Ok(format!("{}{new}{}", &js[..*at], &js[at + key.len()..])),
        _ => Err(format!(
            "the JS glue defines the import `{key}` {} times, not once; did wasm-bindgen change?",
            found.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(imports: &[(&str, &str)]) -> Vec<u8> {
        let mut body = Vec::new();
        wasm::put_leb(&mut body, imports.len());
        for (module, field) in imports {
            wasm::put_name(&mut body, module.as_bytes());
            wasm::put_name(&mut body, field.as_bytes());
            body.extend_from_slice(&[0, 0]); // a function of type 0
        }
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        wasm::put_section(&mut out, 1, &[1, 0x60, 0, 0]);
        wasm::put_section(&mut out, 2, &body);
        out
    }

    const GLUE: &str = "function imports() {\n    const import0 = {\n        __proto__: null,\n        \
        __wbg_get_0123456789abcdef: function(arg0) {\n            return __wbg_get_0123456789abcdef_x;\n        },\n        \
        __wbindgen_throw: function(a, b) {},\n    };\n    return {\n        \"./app_bg.js\": import0,\n        \
        \"./lazy/loader.js\": import1,\n    };\n}\n";

    #[test]
    fn glue_imports_get_short_names_in_both_files() {
        let wasm = module(&[
            ("./app_bg.js", "__wbg_get_0123456789abcdef"),
            ("./lazy/loader.js", "__wasm_split_load_x"),
            ("./app_bg.js", "__wbindgen_throw"),
        ]);
        let (small, js) = short_import_names(&wasm, GLUE, "./app_bg.js").unwrap();
        assert_eq!(small, module(&[("w", "a"), ("./lazy/loader.js", "__wasm_split_load_x"), ("w", "b")]));
        assert!(js.contains("\n        a: function(arg0) {\n            return __wbg_get_0123456789abcdef_x;"));
        assert!(js.contains("\n        b: function(a, b) {}"));
        assert!(js.contains("\"w\": import0,"));
        assert!(js.contains("\"./lazy/loader.js\": import1,"));
    }

    #[test]
    fn a_glue_that_does_not_define_an_import_once_stops_the_build() {
        let missing = module(&[("./app_bg.js", "__wbg_set_0123456789abcdef")]);
        let err = short_import_names(&missing, GLUE, "./app_bg.js").err().unwrap();
        assert!(err.contains("`__wbg_set_0123456789abcdef` 0 times"), "{err}");
        let twice = GLUE.replace("__wbindgen_throw: function(a, b) {},", "__wbindgen_throw: 1, __wbindgen_throw: 2,");
        let wasm = module(&[("./app_bg.js", "__wbindgen_throw")]);
        assert!(short_import_names(&wasm, &twice, "./app_bg.js").is_err());
        assert!(short_import_names(&wasm, GLUE, "./other_bg.js").is_err());
    }

    #[test]
    fn unused_exports_are_dropped() {
        let export = |name: &str, index: u8| {
            let mut e = Vec::new();
            wasm::put_name(&mut e, name.as_bytes());
            e.extend_from_slice(&[0, index]);
            e
        };
        let with = |names: &[(&str, u8)]| {
            let mut body = vec![names.len() as u8];
            for (name, index) in names {
                body.extend(export(name, *index));
            }
            let mut out = b"\0asm\x01\0\0\0".to_vec();
            wasm::put_section(&mut out, 7, &body);
            out
        };
        let all =
            with(&[("memory", 0), ("intounderlyingsink_write", 1), ("main", 2), ("__wbg_intounderlyingsink_free", 3)]);
        assert_eq!(without_exports(&all, UNUSED_EXPORTS).unwrap(), with(&[("memory", 0), ("main", 2)]));
    }

    #[test]
    fn short_names_are_distinct_and_short() {
        let names: Vec<String> = (0..52 * 53).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[51].as_str(), names[52].as_str()), ("a", "Z", "aa"));
        assert_eq!(names.last().map(String::as_str), Some("ZZ"));
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }
}
