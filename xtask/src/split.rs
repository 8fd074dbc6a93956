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
//! A module without split points (a build without the `split` feature) is passed through.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::glue;
use crate::util::{Result, root, run};

/// The environment variable through which xtask tells the wrapper where Trunk stages the build.
pub const STAGE_ENV: &str = "SPRINTDECK_STAGE_DIR";

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
        run(Command::new(real).args(args))?;
        return glue::shorten(&out_dir, out_name);
    }
    let stage = std::env::var_os(STAGE_ENV)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{STAGE_ENV} is not set: build the app with `cargo xtask`"))?;
    // Named after the module, so that no two different loaders share a name.
    let digest = Sha256::digest(&bytes);
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
    // The chunks get what Trunk gives the main module (the flags of index.html).
    let wasm_opt_flags = crate::versions::wasm_opt_flags()?;
    for chunk in &split.split_modules {
        let name = chunk.file_name().ok_or("a chunk has no file name")?;
        let dest = stage.join(&lazy_dir).join(name);
        std::fs::rename(chunk, &dest).map_err(|e| e.to_string())?;
        run(Command::new("wasm-opt").args(&wasm_opt_flags).arg(&dest).arg("-o").arg(&dest))?;
    }
    let mut forwarded: Vec<String> =
        args.iter().map(|a| if *a == input { main_out.display().to_string() } else { a.clone() }).collect();
    forwarded.push("--keep-lld-exports".into());
    run(Command::new(real).args(&forwarded))?;
    glue::shorten(&out_dir, out_name)
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
