//! `cargo xtask test`: every tier, in order, stopping at the first failure.
//!
//! 1. `cargo fmt --check`
//! 2. `cargo clippy --all-targets --all-features -- -D warnings`
//! 3. native unit and property tests (`cargo test`)
//! 4. browser tests: `tests/web.rs` compiled to wasm and run by wasm-bindgen-test-runner in
//!    headless Chromium through ChromeDriver
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
    step("cargo clippy --all-targets --all-features -- -D warnings");
    util::run(cargo().args(["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]))?;
    step("native unit and property tests");
    util::run(cargo().args(["test", "--workspace"]))?;
    browser_tests(&tools)?;
    end_to_end(&tools, filter)
}

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
        .args(["test", "--target", "wasm32-unknown-unknown", "--test", "web"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", driver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &caps)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    tools.wasm_env(&mut cmd, WasmBuild::Tests);
    util::run(&mut cmd)
}

fn end_to_end(tools: &Tools, filter: Option<&str>) -> Result {
    let out = root().join("target/e2e-dist");
    build_app(tools, &root(), &out)?;
    step("end-to-end tests (Playwright driving headless Chromium)");
    let server = http::spawn(out, 0, "/sprintdeck/")?;
    let mut cmd = Command::new(tools.node_bin.join("playwright"));
    cmd.current_dir(root().join("tests/e2e"))
        .args(["test", "--config", "playwright.config.mjs"])
        .env("BASE_URL", server.url())
        .env("CHROMIUM", tools.chromium()?)
        .env("PATH", tools.path_with_tools());
    if let Some(f) = filter {
        cmd.arg(f);
    }
    util::run(&mut cmd)
}
