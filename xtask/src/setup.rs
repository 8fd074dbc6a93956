//! Installs what the commands need, idempotently, saying what it installs.
//!
//! * The wasm32 target: rustup's when it is installed or can be added; otherwise the route of
//!   `../shared/WASM_TOOLCHAIN.md` (Debian's `rustc-web` with the std sources, std built from
//!   source, rustup's `rust-lld` as linker).
//! * trunk 0.21.14, leptosfmt (for the tests) and wasm-bindgen-cli at the version in
//!   Cargo.lock, with `cargo install`.
//! * wasm-opt (binaryen, the version `Trunk.toml` names) and Playwright from the npm registry,
//!   into `node_modules`.
//! * Chromium and ChromeDriver from Debian's packages, unless present (or named by `CHROMIUM`
//!   and `CHROMEDRIVER`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::util::{Result, find_program, output, root, run, run_with_timeout};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building the app.
    Build,
    /// Building and testing it in a browser.
    Everything,
}

/// How wasm is compiled on this machine.
#[derive(Clone, Debug)]
pub enum WasmRoute {
    /// rustup's prebuilt wasm32 standard library.
    Rustup,
    /// Debian's rustc-web, std built from source, linked with rustup's rust-lld.
    DebianBuildStd { linker: PathBuf },
}

/// The tools found or installed.
pub struct Tools {
    pub route: WasmRoute,
    pub node_bin: PathBuf,
    pub chromium: Option<PathBuf>,
    pub chromedriver: Option<PathBuf>,
}

/// What a wasm build is for; each kind gets its own target directory so their flags never
/// invalidate each other's caches.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WasmBuild {
    /// The release app, split into chunks (see `split`).
    App,
    /// The bench's empty Leptos page, built with the same profile, unsplit.
    Baseline,
    /// wasm-bindgen-test (panics must report their message).
    Tests,
    /// The development build `trunk serve` makes: debug, unsplit.
    Dev,
}

impl Tools {
    /// Sets the environment for a cargo or trunk command that compiles to wasm.
    pub fn wasm_env(&self, cmd: &mut Command, kind: WasmBuild) {
        let dir = match kind {
            WasmBuild::App => "wasm-app",
            WasmBuild::Baseline => "wasm-baseline",
            WasmBuild::Tests => "wasm-test",
            WasmBuild::Dev => "wasm-dev",
        };
        let route = if matches!(self.route, WasmRoute::Rustup) { "" } else { "-build-std" };
        cmd.env("CARGO_TARGET_DIR", root().join("target").join(format!("{dir}{route}")));
        cmd.env("PATH", self.path_with_tools());
        if let WasmRoute::DebianBuildStd { linker } = &self.route {
            cmd.env("RUSTC", "/usr/bin/rustc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker);
        }
        if kind == WasmBuild::App {
            // Relocations let the splitter move `#[lazy]` functions into chunks (see `split`).
            cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-Clink-args=--emit-relocs");
            let mut features = String::from("split");
            if std::env::var_os("SPRINTDECK_DEBUG").is_some() {
                features.push_str(",panic-messages");
            }
            cmd.env("TRUNK_BUILD_FEATURES", features);
        }
    }

    /// PATH with `node_modules/.bin` and cargo's bin directory in front.
    pub fn path_with_tools(&self) -> std::ffi::OsString {
        let mut dirs = vec![self.node_bin.clone()];
        if let Some(home) =
            std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| home().map(|h| h.join(".cargo")))
        {
            dirs.push(home.join("bin"));
        }
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_default()
    }

    pub fn chromium(&self) -> Result<&Path> {
        self.chromium.as_deref().ok_or_else(|| "Chromium is not installed".to_owned())
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Makes sure everything `need` calls for is installed.
pub fn ensure(need: Need) -> Result<Tools> {
    let disagreements = crate::versions::disagreements()?;
    if !disagreements.is_empty() {
        return Err(format!(
            "the tool versions disagree (see xtask/src/versions.rs):\n  {}",
            disagreements.join("\n  ")
        ));
    }
    let route = wasm_route()?;
    ensure_trunk()?;
    if need == Need::Everything {
        ensure_leptosfmt()?;
    }
    ensure_wasm_bindgen()?;
    let node_bin = ensure_node_tools()?;
    let (chromium, chromedriver) = if need == Need::Everything {
        let (c, d) = ensure_browser()?;
        (Some(c), Some(d))
    } else {
        (find_chromium(), find_chromedriver())
    };
    Ok(Tools { route, node_bin, chromium, chromedriver })
}

fn rustup_has_wasm() -> bool {
    output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|s| s.lines().any(|l| l.trim() == WASM_TARGET))
}

fn host_triple() -> Option<String> {
    let info = output(Command::new("rustc").arg("-vV"))?;
    info.lines().find_map(|l| l.strip_prefix("host: ")).map(str::to_owned)
}

fn debian_route() -> Option<WasmRoute> {
    let rustc_ok = Path::new("/usr/bin/rustc").is_file()
        && output(Command::new("/usr/bin/rustc").args(["--print", "target-list"]))
            .is_some_and(|s| s.lines().any(|l| l == WASM_TARGET));
    let src_ok = Path::new("/usr/lib/rustlib/src/rust/library/std").is_dir();
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"]))?;
    let linker = Path::new(sysroot.trim()).join("lib/rustlib").join(host_triple()?).join("bin/rust-lld");
    (rustc_ok && src_ok && linker.is_file()).then_some(WasmRoute::DebianBuildStd { linker })
}

fn wasm_route() -> Result<WasmRoute> {
    // `SPRINTDECK_WASM_ROUTE=build-std` measures the fallback on a machine that has both.
    if std::env::var("SPRINTDECK_WASM_ROUTE").as_deref() == Ok("build-std") {
        return debian_route()
            .ok_or_else(|| "SPRINTDECK_WASM_ROUTE=build-std, but Debian's rustc-web route is not installed".into());
    }
    if rustup_has_wasm() {
        return Ok(WasmRoute::Rustup);
    }
    if let Some(route) = debian_route() {
        return Ok(route);
    }
    println!("xtask: adding the {WASM_TARGET} target with rustup (waiting at most 2 minutes)");
    let added = run_with_timeout(Command::new("rustup").args(["target", "add", WASM_TARGET]), Duration::from_secs(120));
    if added && rustup_has_wasm() {
        return Ok(WasmRoute::Rustup);
    }
    println!("xtask: rustup could not add the target; using Debian's wasm-capable rustc instead");
    apt_install(
        &["rustc-web", "cargo-web", "rust-web-src"],
        "a Rust compiler that targets wasm, with the std sources",
    )?;
    debian_route().ok_or_else(|| {
        "Debian's rustc-web is installed but the wasm route is incomplete: it needs /usr/bin/rustc with the \
         wasm32 target, /usr/lib/rustlib/src/rust/library and rustup's rust-lld"
            .to_owned()
    })
}

fn cargo_install(krate: &str, version: &str, locked: bool, why: &str) -> Result {
    println!("xtask: installing {krate} {version} with cargo install ({why}); this takes a few minutes the first time");
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    // Build with the host toolchain, never with a wasm route's variables.
    for var in ["RUSTC", "RUSTC_BOOTSTRAP", "CARGO_UNSTABLE_BUILD_STD", "CARGO_TARGET_DIR", "RUSTFLAGS"] {
        cmd.env_remove(var);
    }
    run(&mut cmd)
}

fn version_of(program: &str) -> Option<String> {
    output(Command::new(program).arg("--version"))
        .or_else(|| output(Command::new(home()?.join(".cargo/bin").join(program)).arg("--version")))
}

fn ensure_trunk() -> Result {
    if version_of("trunk").is_some_and(|v| v.split_whitespace().nth(1) == Some(crate::versions::TRUNK_VERSION)) {
        return Ok(());
    }
    cargo_install("trunk", crate::versions::TRUNK_VERSION, true, "builds and bundles the app")
}

/// leptosfmt, which formats the `view!` macros (a check of `cargo xtask test`).
pub fn ensure_leptosfmt() -> Result {
    let want = crate::versions::LEPTOSFMT_VERSION;
    if version_of("leptosfmt").is_some_and(|v| v.split_whitespace().nth(1) == Some(want)) {
        return Ok(());
    }
    cargo_install("leptosfmt", want, true, "formats the view! macros, which rustfmt leaves alone")
}

fn ensure_wasm_bindgen() -> Result {
    let want = crate::versions::wasm_bindgen()?;
    if version_of("wasm-bindgen").is_some_and(|v| v.split_whitespace().nth(1) == Some(want.as_str())) {
        return Ok(());
    }
    // `--locked` fails for some versions (a locked dependency left the registry); without it works.
    cargo_install("wasm-bindgen-cli", &want, false, "must match the wasm-bindgen version in Cargo.lock")
}

fn ensure_node_tools() -> Result<PathBuf> {
    let dir = root();
    let bin = dir.join("node_modules/.bin");
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => {
            s.modified().ok() >= l.modified().ok()
                && ["wasm-opt", "playwright"].iter().all(|t| bin.join(t).is_file())
                && dir.join("node_modules/axe-core/axe.min.js").is_file()
        }
        _ => false,
    };
    if fresh {
        return Ok(bin);
    }
    if find_program(&[], &["npm"]).is_none() {
        apt_install(&["nodejs", "npm"], "runs wasm-opt and Playwright")?;
    }
    println!(
        "xtask: installing wasm-opt (binaryen), Playwright, axe-core and nostr-tools (the room tests' hostile member) from the npm registry into node_modules"
    );
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&dir))?;
    Ok(bin)
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    find_program(&["/usr/bin/chromium"], &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
}

fn find_chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    find_program(&["/usr/bin/chromedriver"], &["chromedriver"])
}

fn ensure_browser() -> Result<(PathBuf, PathBuf)> {
    if let (Some(c), Some(d)) = (find_chromium(), find_chromedriver()) {
        return Ok((c, d));
    }
    apt_install(&["chromium", "chromium-driver"], "the browser the tests and the bench run in")?;
    match (find_chromium(), find_chromedriver()) {
        (Some(c), Some(d)) => Ok((c, d)),
        _ => Err("Chromium or ChromeDriver is still missing after installing them".into()),
    }
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

pub fn apt_install(packages: &[&str], why: &str) -> Result {
    if find_program(&[], &["apt-get"]).is_none() {
        return Err(format!("please install {} ({why}); this machine has no apt-get", packages.join(", ")));
    }
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let sudo = !is_root && find_program(&[], &["sudo"]).is_some();
    if !is_root && !sudo {
        return Err(format!(
            "installing {} needs root: run `apt-get install {}` as root",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    let apt = |args: &[&str]| {
        let mut cmd = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            cmd.args(["-n", "apt-get"]);
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    println!("xtask: installing {} from Debian's packages ({why})", packages.join(" "));
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        run(&mut apt(&["update", "-q"]))?;
    }
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    run(&mut apt(&args))
}
