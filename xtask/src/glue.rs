//! Short names for the imports between the WebAssembly and its JS glue.
//!
//! wasm-bindgen names each function the module imports from its JS glue after the Rust item
//! plus a 16-digit hash (`__wbg_getItem_0a1b2c3d4e5f6789`) from the module `./<name>_bg.js`, and
//! every name is written twice: in the WebAssembly import section and as a key of the glue's
//! import object. [`short_import_names`] renames them to one or two letters in both files.
//!
//! Measured (`cargo xtask bench --only sizes`, 2026-11-30): 5.1 KB less brotli before the first
//! story (main module and glue), the one custom shrinking step that pays for itself under the
//! project's rule (5 KB or 100 ms); dropping unused exports (1.3 KB) and minifying the glue with
//! esbuild (1.8 KB) did not, and were removed.

use std::path::Path;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Parser, Payload};

use crate::util::Result;

/// The import module the short names are given under.
const SHORT_MODULE: &str = "w";

/// Renames the glue imports of wasm-bindgen's output `<out_dir>/<out_name>_bg.wasm` and
/// `<out_dir>/<out_name>.js` in place.
pub fn shorten(out_dir: &Path, out_name: &str) -> Result {
    let wasm_path = out_dir.join(format!("{out_name}_bg.wasm"));
    let js_path = out_dir.join(format!("{out_name}.js"));
    let read_err = |p: &Path, e: std::io::Error| format!("cannot read {}: {e}", p.display());
    let module = std::fs::read(&wasm_path).map_err(|e| read_err(&wasm_path, e))?;
    let js = std::fs::read_to_string(&js_path).map_err(|e| read_err(&js_path, e))?;
    let (module, js) = short_import_names(&module, &js, &format!("./{out_name}_bg.js"))?;
    std::fs::write(&wasm_path, module).map_err(|e| e.to_string())?;
    std::fs::write(&js_path, js).map_err(|e| e.to_string())
}

/// `wasm` and its glue `js` with every function imported from `module` renamed to a short name
/// (and `module` itself renamed). Every other section is copied as it is. Fails if the glue does
/// not define each import exactly once as a key of its import object: a new wasm-bindgen that
/// writes its glue differently must stop the build, not ship a page that cannot start.
pub fn short_import_names(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String)> {
    let bad = |e: wasmparser::BinaryReaderError| format!("the WebAssembly cannot be read: {e}");
    let mut js = replace_key(js, &format!("\"{module}\""), &format!("\"{SHORT_MODULE}\""))?;
    let mut out = wasm_encoder::Module::new();
    let mut renamed = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(bad)?;
        match &payload {
            Payload::ImportSection(reader) => {
                let mut section = wasm_encoder::ImportSection::new();
                for import in reader.clone().into_imports() {
                    let import = import.map_err(bad)?;
                    let ty = RoundtripReencoder.entity_type(import.ty).map_err(|e| format!("{e:?}"))?;
                    if import.module == module {
                        let new = short_name(renamed);
                        renamed += 1;
                        js = replace_key(&js, import.name, &new)?;
                        section.import(SHORT_MODULE, &new, ty);
                    } else {
                        section.import(import.module, import.name, ty);
                    }
                }
                out.section(&section);
            }
            Payload::Version { .. } | Payload::End(_) => {}
            // Function bodies arrive one by one; the code section is copied whole from its start.
            Payload::CodeSectionEntry(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    let data = wasm.get(range.start as usize..range.end as usize).ok_or("a section is cut short")?;
                    out.section(&wasm_encoder::RawSection { id, data });
                }
            }
        }
    }
    if renamed == 0 {
        return Err(format!("the module imports nothing from {module}; did wasm-bindgen change?"));
    }
    Ok((out.finish(), js))
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
        let mut m = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut section = wasm_encoder::ImportSection::new();
        for (module, field) in imports {
            section.import(module, field, wasm_encoder::EntityType::Function(0));
        }
        m.section(&section);
        let mut funcs = wasm_encoder::FunctionSection::new();
        funcs.function(0);
        m.section(&funcs);
        let mut code = wasm_encoder::CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instructions().call(0).end();
        code.function(&body);
        m.section(&code);
        m.finish()
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
        wasmparser::Validator::new().validate_all(&small).unwrap();
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
        assert!(short_import_names(b"\0asm\x01\0\0\0\x02\x05", GLUE, "./app_bg.js").is_err());
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
