//! Code splitting: the app's `#[lazy]` functions go into WebAssembly chunks loaded on first use.
//!
//! Trunk runs `wasm-bindgen` on the linked module; on the app build `xtask` puts a wrapper named
//! `wasm-bindgen` first on PATH (see [`install_wrapper`]). The wrapper splits the module with
//! `wasm_split_cli_support` (the splitter `cargo leptos --split` uses) before handing the main
//! part to the real wasm-bindgen:
//!
//! * the chunks and their loader go to `lazy-<tag>/` in Trunk's staging directory (the tag is a
//!   hash of the module, so a new build never mixes with cached chunks of an old one), each
//!   chunk optimised with wasm-opt like the main module;
//! * the loader imports the main module by the name Trunk will give it: the `--out-name` plus a
//!   SeaHash of the linked module, exactly as Trunk 0.21 computes it (an end-to-end test that
//!   opens a lazily loaded view fails if that ever drifts).
//!
//! A module without split points (the bench's empty page) is passed through with only the linking
//! sections that `--emit-relocs` adds removed: they are metadata for the splitter, which would
//! otherwise ship (half a megabyte for an empty page) and make that page an unfair baseline.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::shrink;
use crate::util::{Result, root, run};

/// The environment variable through which xtask tells the wrapper where Trunk stages the build.
pub const STAGE_ENV: &str = "SPRINTDECK_STAGE_DIR";
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Writes `target/xtask-bin/wasm-bindgen`, which runs this xtask's splitting wrapper, and
/// returns its directory (to put first on PATH for Trunk).
pub fn install_wrapper() -> Result<PathBuf> {
    let dir = root().join("target/xtask-bin");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let script = dir.join("wasm-bindgen");
    let text = format!("#!/bin/sh\nexec '{}' wasm-bindgen-split \"$@\"\n", exe.display());
    std::fs::write(&script, text).map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// The real wasm-bindgen: the first on PATH that is not this wrapper.
fn real_wasm_bindgen() -> Result<PathBuf> {
    let ours = root().join("target/xtask-bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .filter(|d| *d != ours)
        .map(|d| d.join("wasm-bindgen"))
        .find(|p| p.is_file())
        .ok_or_else(|| "wasm-bindgen is not installed".to_owned())
}

/// The wrapper: `wasm-bindgen-split <wasm-bindgen arguments>`.
pub fn wrapper(args: &[String]) -> Result {
    let real = real_wasm_bindgen()?;
    let input = args.iter().find(|a| !a.starts_with('-') && a.ends_with(".wasm")).cloned();
    let out_dir = args.iter().find_map(|a| a.strip_prefix("--out-dir=")).map(PathBuf::from);
    let (Some(input), Some(out_dir)) = (input, out_dir) else {
        return run(Command::new(real).args(args)); // --version and the like
    };
    let out_name = args.iter().find_map(|a| a.strip_prefix("--out-name=")).ok_or("wasm-bindgen got no --out-name")?;
    let bytes = std::fs::read(&input).map_err(|e| format!("cannot read {input}: {e}"))?;
    if !has_split_points(&bytes) {
        let stripped = out_dir.join("unsplit.wasm");
        std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
        std::fs::write(&stripped, without_linking_sections(&bytes)?).map_err(|e| e.to_string())?;
        let forwarded: Vec<String> =
            args.iter().map(|a| if *a == input { stripped.display().to_string() } else { a.clone() }).collect();
        run(Command::new(real).args(&forwarded))?;
        return shrink::bindgen_output(&out_dir, out_name);
    }
    let stage = std::env::var_os(STAGE_ENV)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{STAGE_ENV} is not set: build the app with `cargo xtask`"))?;
    // Named after the module and how it is packed, so that no two different loaders share a name.
    let digest = Sha256::new().chain_update(&bytes).chain_update(PACK_JS).chain_update(format!("{PACKS:?}")).finalize();
    let tag: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let lazy_dir = format!("lazy-{tag}");
    std::fs::create_dir_all(stage.join(&lazy_dir)).map_err(|e| e.to_string())?;
    let main_out = out_dir.join("split-main.wasm");
    let link_name = format!("./{lazy_dir}/loader.js");
    let main_module = format!("../{out_name}-{}.js", trunk_hash(Path::new(&input))?);
    let mut opts = wasm_split_cli_support::Options::new(&bytes);
    opts.output_dir = &stage;
    opts.main_out_path = &main_out;
    opts.link_name = &link_name;
    opts.main_module = &main_module;
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("splitting the wasm failed: {e:#}"))?;
    for chunk in &split.split_modules {
        let name = chunk.file_name().ok_or("a chunk has no file name")?;
        let dest = stage.join(&lazy_dir).join(name);
        std::fs::rename(chunk, &dest).map_err(|e| e.to_string())?;
        run(Command::new("wasm-opt").args(WASM_OPT_FLAGS).arg(&dest).arg("-o").arg(&dest))?;
    }
    let mut forwarded: Vec<String> =
        args.iter().map(|a| if *a == input { main_out.display().to_string() } else { a.clone() }).collect();
    forwarded.push("--keep-lld-exports".into());
    run(Command::new(real).args(&forwarded))?;
    shrink::bindgen_output(&out_dir, out_name)?;
    pack(&stage.join(&lazy_dir), &split.prefetch_map)?;
    shrink::minify(Path::new("esbuild"), &stage.join(&lazy_dir).join("loader.js"), true)
}

/// The packs: each file and the split points (by name, or a name's prefix for `#[lazy]`
/// functions, which the macro suffixes with a hash) whose shared chunks go into it, in order; a
/// chunk goes into the first pack that wants it. Each file is several WebAssembly modules end
/// to end, named `.wasm` so that hosts serve it compressed like the others.
///
/// * `pack-board`: what a visit with a stored board needs at start (`app::start`): the decoders
///   of stored boards and the list of stories;
/// * `pack-edit`: the rest of what the editing code needs (the first change of every visit);
/// * `pack-link`: the rest of what receiving a shared link needs (a share-link's first visit).
const PACKS: &[(&str, &[&str])] = &[
    ("pack-board.wasm", &["sprintdeck_open", "sprintdeck_list"]),
    ("pack-edit.wasm", &["sprintdeck_editing"]),
    ("pack-link.wasm", &["open_link_"]),
];

/// The splitter puts code used by several split points into chunks of its own, one per
/// combination of split points: the two split points of a stored board's start need some 80 of
/// them, mostly a few hundred bytes each, and fetching those one by one made a stored
/// 1,000-story board render three times slower. So the shared chunks of the split points in
/// [`PACKS`] go into those files, each fetched once by the loader, and their separate files are
/// removed. The split points' own modules stay separate files, and so do chunks only other split
/// points need. Another split point that needs a packed chunk fetches that pack (usually cached
/// by then: the first change of a visit loads the editing code and the list).
fn pack(dir: &Path, prefetch: &std::collections::HashMap<String, Vec<String>>) -> Result {
    let mut taken: Vec<&String> = Vec::new();
    let mut packs = Vec::new();
    for (file, splits) in PACKS {
        let mut chunks = Vec::new();
        for split in *splits {
            let mut found = false;
            for (_, deps) in
                prefetch.iter().filter(|(name, _)| *name == split || (split.ends_with('_') && name.starts_with(split)))
            {
                found = true;
                for stem in deps.iter().filter(|s| s.starts_with("chunk_")) {
                    if !taken.contains(&stem) {
                        taken.push(stem);
                        let path = dir.join(format!("{stem}.wasm"));
                        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                        chunks.push((stem.clone(), bytes));
                    }
                }
            }
            if !found {
                return Err(format!("the splitter made no module `{split}` (for {file})"));
            }
        }
        packs.push((*file, chunks));
    }
    let loader_path = dir.join("loader.js");
    let loader = std::fs::read_to_string(&loader_path).map_err(|e| format!("cannot read the chunk loader: {e}"))?;
    let (loader, files) = pack_chunks(&loader, &packs)?;
    for ((file, _), bytes) in packs.iter().zip(files) {
        std::fs::write(dir.join(file), bytes).map_err(|e| e.to_string())?;
    }
    std::fs::write(&loader_path, loader).map_err(|e| e.to_string())?;
    for stem in taken {
        std::fs::remove_file(dir.join(format!("{stem}.wasm"))).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A pack: its file name and its chunks (file stem, bytes).
type Pack<'a> = (&'a str, Vec<(String, Vec<u8>)>);

/// The loader rewritten to take the chunks of `packs` from their packed files, and those files.
/// Fails if the loader does not fetch each chunk exactly once in the form the splitter writes
/// (a changed splitter must not ship a loader that fetches files that are gone).
fn pack_chunks(loader: &str, packs: &[Pack]) -> Result<(String, Vec<Vec<u8>>)> {
    let mut loader = loader.to_owned();
    let mut files = Vec::new();
    let mut table = Vec::new();
    for (index, (_, chunks)) in packs.iter().enumerate() {
        let mut packed = Vec::new();
        for (stem, bytes) in chunks {
            let fetch = format!("fetch(new URL(\"./{stem}.wasm\", import.meta.url))");
            if loader.matches(&fetch).count() != 1 {
                return Err(format!("the chunk loader does not fetch {stem}.wasm exactly once as `{fetch}`"));
            }
            loader = loader.replace(&fetch, &format!("__packed(\"{stem}\")"));
            table.push(format!("\"{stem}\": [{index}, {}, {}]", packed.len(), packed.len() + bytes.len()));
            packed.extend_from_slice(bytes);
        }
        files.push(packed);
    }
    let names: Vec<String> = packs.iter().map(|(file, _)| format!("\"{file}\"")).collect();
    loader.push_str(&PACK_JS.replace("__FILES__", &names.join(", ")).replace("__TABLE__", &table.join(", ")));
    Ok((loader, files))
}

const PACK_JS: &str = r#"
// Chunks packed into a few files by xtask (split.rs): each file fetched once, each chunk handed
// out as a response.
const packFetches = [];
function __packed(name) {
  const [pack, from, to] = ({ __TABLE__ })[name];
  if (packFetches[pack] === undefined) {
    const file = [__FILES__][pack];
    const p = fetch(new URL(`./${file}`, import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    // A failed fetch is tried again by the next load.
    p.catch(() => { if (packFetches[pack] === p) packFetches[pack] = undefined; });
    packFetches[pack] = p;
  }
  return packFetches[pack].then((b) => new Response(b.slice(from, to), { headers: { "content-type": "application/wasm" } }));
}
"#;

/// `wasm` without its `linking` and `reloc.*` custom sections.
fn without_linking_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut out = wasm.get(..8).ok_or("not a WebAssembly module")?.to_vec();
    for section in crate::wasm::sections(wasm)? {
        let name = section.custom_name().unwrap_or_default();
        if !(name == b"linking" || name.starts_with(b"reloc.")) {
            out.extend_from_slice(section.whole);
        }
    }
    Ok(out)
}

/// True if the module has functions marked for splitting.
fn has_split_points(wasm: &[u8]) -> bool {
    const MARK: &[u8] = b"__wasm_split_00";
    wasm.windows(MARK.len()).any(|w| w == MARK)
}

/// The cache-busting hash Trunk puts in the names of the files it makes of `wasm`: SeaHash of the
/// file, in lower-case hex (trunk 0.21's `RustApp::hashed`).
fn trunk_hash(wasm: &Path) -> Result<String> {
    use std::hash::Hasher;
    let mut file = std::fs::File::open(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut hasher = seahash::SeaHasher::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| e.to_string())?;
    Ok(format!("{:x}", hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_chunks_are_fetched_from_their_pack_and_nothing_else_changes() {
        let fetch = |stem: &str| format!("const src = fetch(new URL(\"./{stem}.wasm\", import.meta.url));\n");
        let loader = [fetch("chunk_1"), fetch("chunk_2"), fetch("chunk_3"), fetch("split_other")].concat();
        let board = ("pack-a.wasm", vec![("chunk_1".to_owned(), vec![1, 2, 3]), ("chunk_2".to_owned(), vec![4, 5])]);
        let edit = ("pack-b.wasm", vec![("chunk_3".to_owned(), vec![6])]);
        let (rewritten, files) = pack_chunks(&loader, &[board.clone(), edit]).unwrap();
        assert_eq!(files, [vec![1, 2, 3, 4, 5], vec![6]]);
        assert!(rewritten.starts_with(
            "const src = __packed(\"chunk_1\");\nconst src = __packed(\"chunk_2\");\nconst src = __packed(\"chunk_3\");\nconst src = fetch(new URL(\"./split_other.wasm\""
        ));
        assert!(rewritten.contains(r#"({ "chunk_1": [0, 0, 3], "chunk_2": [0, 3, 5], "chunk_3": [1, 0, 1] })[name]"#));
        assert!(rewritten.contains(r#"["pack-a.wasm", "pack-b.wasm"][pack]"#));
        // A loader that fetches a chunk differently (a changed splitter) stops the build.
        assert!(pack_chunks(&fetch("chunk_2"), std::slice::from_ref(&board)).is_err());
        assert!(pack_chunks(&loader.replace(", import", ",import"), &[board]).is_err());
    }

    #[test]
    fn only_the_linking_sections_are_removed() {
        let custom = |name: &str, body: &[u8]| {
            let mut s = vec![0u8, (1 + name.len() + body.len()) as u8, name.len() as u8];
            s.extend_from_slice(name.as_bytes());
            s.extend_from_slice(body);
            s
        };
        let header = b"\0asm\x01\0\0\0".to_vec();
        let types = vec![1u8, 4, 1, 0x60, 0, 0];
        let module = [
            header.clone(),
            custom("linking", &[2, 0]),
            types.clone(),
            custom("reloc.CODE", &[9]),
            custom("name", &[1]),
        ]
        .concat();
        let kept = [header, types, custom("name", &[1])].concat();
        assert_eq!(without_linking_sections(&module).unwrap(), kept);
        assert!(without_linking_sections(&module[..module.len() - 1]).is_err());
    }
}
