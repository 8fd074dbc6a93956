//! SprintDeck's project commands, run as `cargo xtask <command>`.
//!
//! Every command first makes sure the tools it needs are installed (see [`setup`]), so the same
//! two commands work on a laptop with rustup and on a fresh CI machine where rustup cannot add
//! the wasm target. Commands print what they install and nothing when all is in place.

mod bench;
mod bench_data;
mod build;
mod compress;
mod glue;
mod http;
#[cfg(test)]
mod layers;
mod postprocess;
mod relay;
mod setup;
mod split;
mod test;
mod util;
mod versions;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [--port N]   build the release app and serve it on http://127.0.0.1:8080 (default port)
  test               run every test: fmt, clippy, native, browser (wasm-bindgen-test), end-to-end
  fmt                format the code and its view! macros (rustfmt and leptosfmt)
  dist               build the static release into dist/ (deploy that folder)
  bench              build the release and print sizes, start time and the other figures
  relay [--port N]   run a Nostr relay on ws://127.0.0.1:7777 (default port) to try live rooms
  setup              only install the tools the other commands need
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = &args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("serve") => build::serve(rest),
        Some("test") => test::run(rest),
        Some("fmt") => test::format(),
        Some("dist") => build::dist().map(|_| ()),
        Some("bench") => bench::run(rest),
        Some("relay") => relay::serve(rest),
        Some("wasm-bindgen-split") => split::wrapper(rest),
        Some("setup") => setup::ensure(setup::Need::Everything).map(|_| ()),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
