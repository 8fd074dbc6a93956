//! `cargo xtask test`: every tier, in order, stopping at the first failure.
//!
//! 1. `cargo fmt --check`, and `leptosfmt --check` for the `view!` macros
//! 2. clippy with `-D warnings`: the core and tools natively, the app for wasm32
//! 3. native unit and property tests (`cargo test`: the core and tools, no Leptos compiled)
//! 4. browser tests: the app's unit tests and `tests/web.rs` compiled to wasm and run by
//!    wasm-bindgen-test-runner in headless Chromium through ChromeDriver
//! 5. end-to-end tests: the release build served on loopback, driven by Playwright
//!    (`tests/e2e/*.spec.mjs`) in headless Chromium
//!
//! A tier that cannot run is an error, never a skip.

use std::process::Command;

use crate::build::build_app;
use crate::http;
use crate::setup::{self, Need, Tools, WasmBuild};
use crate::util::{self, Result, root, step};

pub fn run_all(filter: Option<&str>) -> Result {
    let tools = setup::ensure(Need::Everything)?;
    let cargo = || {
        let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        c.current_dir(root());
        c
    };
    step("cargo fmt --check");
    util::run(cargo().args(["fmt", "--all", "--check"]))?;
    step("leptosfmt --check (the view! macros, which rustfmt leaves alone)");
    util::run(leptosfmt(&tools).arg("--check"))?;
    // The app crate is checked for the target it runs on; the rest (the core, xtask, the bench's
    // page) natively, without compiling Leptos for the host.
    step("cargo clippy (natively: the core and tools) -- -D warnings");
    util::run(cargo().args(CLIPPY_NATIVE))?;
    step("cargo clippy (wasm32: the app) -- -D warnings");
    let mut clippy_app = cargo();
    clippy_app.args(CLIPPY_APP);
    tools.wasm_env(&mut clippy_app, WasmBuild::Tests);
    util::run(&mut clippy_app)?;
    step("native unit and property tests (cargo test, the core and tools)");
    util::run(cargo().args(["test", "--workspace", "--exclude", "sprintdeck", "--all-features"]))?;
    browser_tests(&tools)?;
    development_build(&tools)?;
    end_to_end(&tools, filter)
}

/// leptosfmt over the app's sources (with the settings of `leptosfmt.toml`).
pub fn leptosfmt(tools: &Tools) -> Command {
    let mut cmd = Command::new("leptosfmt");
    cmd.current_dir(root()).env("PATH", tools.path_with_tools()).args(["src", "tests/web.rs"]);
    cmd
}

/// `cargo xtask fmt`: formats the Rust code and the `view!` macros in it. rustfmt re-indents
/// a macro it moves, which leptosfmt then lays out again: two rounds settle both.
pub fn format() -> Result {
    let tools = setup::ensure(Need::Everything)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for _ in 0..2 {
        util::run(leptosfmt(&tools).arg("--quiet"))?;
        util::run(Command::new(&cargo).current_dir(root()).args(["fmt", "--all"]))?;
    }
    Ok(())
}

const CLIPPY_NATIVE: &[&str] =
    &["clippy", "--workspace", "--exclude", "sprintdeck", "--all-targets", "--all-features", "--", "-D", "warnings"];
const CLIPPY_APP: &[&str] = &[
    "clippy",
    "-p",
    "sprintdeck",
    "--target",
    "wasm32-unknown-unknown",
    "--all-targets",
    "--all-features",
    "--",
    "-D",
    "warnings",
];

pub fn run(args: &[String]) -> Result {
    match args {
        [] => run_all(None),
        [flag, f] if flag == "--e2e-only" => {
            let tools = setup::ensure(Need::Everything)?;
            end_to_end(&tools, Some(f))
        }
        _ => Err("usage: cargo xtask test".into()),
    }
}

fn browser_tests(tools: &Tools) -> Result {
    step("browser tests (wasm-bindgen-test in headless Chromium)");
    let chromium = tools.chromium()?;
    let driver = tools.chromedriver.as_ref().ok_or("ChromeDriver is not installed")?;
    let caps = root().join("target/webdriver.json");
    let profile = root().join("target/chromium-wasm-test");
    let _ = std::fs::remove_dir_all(&profile);
    let json = format!(
        r#"{{"goog:chromeOptions":{{"binary":"{}","args":["--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--user-data-dir={}"]}}}}"#,
        chromium.display(),
        profile.display()
    );
    std::fs::create_dir_all(root().join("target")).map_err(|e| e.to_string())?;
    std::fs::write(&caps, json).map_err(|e| format!("cannot write {}: {e}", caps.display()))?;
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root())
        .args(["test", "-p", "sprintdeck", "--target", "wasm32-unknown-unknown", "--lib", "--test", "web"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", driver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &caps)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    tools.wasm_env(&mut cmd, WasmBuild::Tests);
    util::run(&mut cmd)
}

/// The build `trunk serve` makes (debug, not split, no service worker), started once in
/// headless Chromium: `tests/e2e/dev-build.check.mjs` adds a story, reloads and opens every page.
fn development_build(tools: &Tools) -> Result {
    step("development build (`trunk build`, as `trunk serve` makes it) in headless Chromium");
    let out = root().join("target/dev-dist");
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root()).arg("build").arg("--dist").arg(&out);
    tools.wasm_env(&mut cmd, WasmBuild::Dev);
    util::run(&mut cmd)?;
    let server = http::spawn(out, 0, "/")?;
    playwright(tools, &server.url(), Some("dev-build.check.mjs"), None, &[])
}

/// Runs Playwright on the tests of `tests/e2e` (or only the files `files` matches, a glob), those
/// whose path matches `filter` if given, against the app at `url`.
fn playwright(
    tools: &Tools,
    url: &str,
    files: Option<&str>,
    filter: Option<&str>,
    env: &[(&str, std::path::PathBuf)],
) -> Result {
    let mut cmd = Command::new(tools.node_bin.join("playwright"));
    cmd.current_dir(root().join("tests/e2e"))
        .args(["test", "--config", "playwright.config.mjs"])
        .env("BASE_URL", url)
        .env("CHROMIUM", tools.chromium()?)
        .env("PATH", tools.path_with_tools());
    if let Some(f) = files {
        cmd.env("E2E_FILES", f);
    }
    cmd.envs(env.iter().map(|(k, v)| (*k, v)));
    cmd.args(filter);
    util::run(&mut cmd)
}

fn end_to_end(tools: &Tools, filter: Option<&str>) -> Result {
    let out = root().join("target/e2e-dist");
    build_app(tools, &out)?;
    step("end-to-end tests (Playwright driving headless Chromium)");
    let server = http::spawn(out, 0, "/sprintdeck/")?;
    // The live room's tests start and stop their own relays with this.
    let (python, script) = crate::relay::ensure()?;
    playwright(tools, &server.url(), None, filter, &[("NOSTR_RELAY_PYTHON", python), ("NOSTR_RELAY_SCRIPT", script)])
}
