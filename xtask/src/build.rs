//! Building the static release (`dist`) and serving it (`serve`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup::{self, Need, Tools, WasmBuild};
use crate::util::{Result, root, run, step};
use crate::{http, postprocess, split};

/// Builds the release app into `dist/`.
pub fn dist() -> Result<PathBuf> {
    let tools = setup::ensure(Need::Build)?;
    let out = root().join("dist");
    build_app(&tools, &out)?;
    println!("xtask: the static app is in {} (deploy that folder as is, at any path)", out.display());
    Ok(out)
}

/// Runs `trunk build --release` for SprintDeck into `out`, split into chunks (see `split`),
/// then adds what Trunk does not make: the Content-Security-Policy and the service worker.
pub fn build_app(tools: &Tools, out: &Path) -> Result {
    step("building the release app (SprintDeck)");
    let mut cmd = trunk_release(tools, &root(), out, WasmBuild::App);
    // wasm-bindgen resolves to the splitting wrapper (see `split`), which writes the lazily
    // loaded chunks into Trunk's staging directory.
    let wrapper_dir = split::install_wrapper()?;
    let mut path = vec![wrapper_dir];
    path.extend(std::env::split_paths(&tools.path_with_tools()));
    cmd.env("PATH", std::env::join_paths(path).map_err(|e| e.to_string())?);
    cmd.env(split::STAGE_ENV, out.join(".stage"));
    run(&mut cmd)?;
    postprocess::content_security_policy(out)?;
    postprocess::service_worker(out)
}

/// Builds the bench's baseline, an empty Leptos page with one text box, with the same profile
/// (`bench/empty-app`), into `out`.
pub fn build_baseline(tools: &Tools, out: &Path) -> Result {
    step("building the release of an empty Leptos page (the bench's baseline)");
    run(&mut trunk_release(tools, &root().join("bench/empty-app"), out, WasmBuild::Baseline))
}

fn trunk_release(tools: &Tools, dir: &Path, out: &Path, kind: WasmBuild) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.current_dir(dir).arg("build").arg("--release").arg("--dist").arg(out);
    tools.wasm_env(&mut cmd, kind);
    cmd
}

/// Builds the release and serves it on http://127.0.0.1:8080 until interrupted.
pub fn serve(args: &[String]) -> Result {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("not a port number: {n}"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    let out = dist()?;
    let server = http::spawn(out, port, "/")?;
    println!("\nSprintDeck (release build) is served at {}  (Ctrl+C to stop)", server.url());
    loop {
        std::thread::park();
    }
}
