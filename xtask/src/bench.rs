//! `cargo xtask bench`: the figures the project holds itself to, on a release build.
//!
//! * Size of every file in the build: raw, gzip (level 9) and brotli (quality 11), and totals;
//!   then what three kinds of visit (first, through a shared link, with a stored board and
//!   nothing cached) download before the app is ready, measured in headless Chromium
//!   (`bench/visits.mjs`).
//! * Start: median first contentful paint of the app next to an empty Leptos CSR page built
//!   with the same profile in the same run, over repeated loads in headless Chromium.
//! * Room: a live room of a facilitator and three voters over a Nostr relay on loopback
//!   (`bench/room.mjs`): vote latency, a late joiner's wait, events per member, a flood.

use std::path::{Path, PathBuf};
use std::process::Command;

use sprintdeck_core::storage::Key;
use sprintdeck_core::storage::format;

use crate::bench_data;
use crate::build::{build_app, build_baseline};
use crate::http;
use crate::setup::{self, Need};
use crate::util::{self, Result, root, step};

pub fn run(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask bench [--loads N] [--only first-story|sizes|links|start|backlog|forecast|program|room] [--no-build] [--app DIR]";
    let mut loads = 15usize;
    let mut only: Option<String> = None;
    let mut build = true;
    let mut app = root().join("target/bench/app");
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--no-build" {
            build = false;
            continue;
        }
        let value = it.next().ok_or(USAGE)?;
        match flag.as_str() {
            "--loads" => loads = value.parse().map_err(|_| format!("not a number: {value}"))?,
            "--only" => only = Some(value.clone()),
            // Another build of the app to measure (an earlier commit's `dist`, say), as it is.
            "--app" => {
                app = std::path::PathBuf::from(value);
                build = false;
            }
            _ => return Err(USAGE.into()),
        }
    }
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if only.as_deref() == Some("links") {
        step("share links");
        links();
        return Ok(());
    }
    let tools = setup::ensure(Need::Everything)?;
    let empty = root().join("target/bench/empty");
    if build || !app.join("index.html").is_file() {
        build_app(&tools, &app)?;
    }
    if build || !empty.join("index.html").is_file() {
        build_baseline(&tools, &empty)?;
    }

    let app_server = http::spawn(app.clone(), 0, "/")?;
    let empty_server = http::spawn(empty.clone(), 0, "/")?;
    let data = root().join("target/bench/data");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;

    // Each file's brotli size, for the scripts that add up what a visit fetched.
    let (files, app_total) = size_table(&app)?;
    let sizes: Vec<String> = files.iter().map(|(name, [_, _, brotli])| format!("{name:?}: {brotli}")).collect();
    let sizes_file = data.join("sizes.json");
    std::fs::write(&sizes_file, format!("{{{}}}", sizes.join(", "))).map_err(|e| e.to_string())?;

    if wants("first-story") {
        step("first visit on a slow phone: navigation until the first story typed is shown");
        util::run(
            Command::new("node")
                .current_dir(root())
                .arg("bench/first-story.mjs")
                .arg(app_server.url())
                .arg(empty_server.url())
                .arg(&sizes_file)
                .arg(loads.min(9).to_string())
                .env("CHROMIUM", tools.chromium()?)
                .env("PATH", tools.path_with_tools()),
        )?;
    }

    if wants("sizes") {
        step("sizes");
        print_sizes("SprintDeck release build: every file", &files, app_total);
        let (empty_files, empty_total) = size_table(&empty)?;
        print_sizes("Empty Leptos page, same profile", &empty_files, empty_total);
        // What is loaded at start depends on the visit: measured in the browser, not guessed
        // from file names.
        step("what each kind of visit loads at start");
        let board = bench_data::board(100, 8, 2);
        let shared = sprintdeck_core::codec::share::Shared::Board {
            part: sprintdeck_core::codec::share::Part::Board,
            board: bench_data::board(20, 5, 3),
        };
        let link = format!("#/open/{}", sprintdeck_core::codec::share::encode(&shared));
        run_board_bench(&tools, &app_server.url(), &data, "visits", &board, &[&sizes_file.to_string_lossy(), &link])?;
        println!(
            "Every file of the build, brotli: {:.1} KB (the service worker precaches it all after the first start); empty Leptos page: {:.1} KB",
            kb(app_total[2]),
            kb(empty_total[2])
        );
    }

    if wants("links") {
        step("share links");
        links();
    }

    if wants("start") {
        step("start time");
        util::run(
            Command::new("node")
                .current_dir(root())
                .arg("bench/start.mjs")
                .arg(app_server.url())
                .arg(empty_server.url())
                .arg(loads.to_string())
                .env("CHROMIUM", tools.chromium()?)
                .env("PATH", tools.path_with_tools()),
        )?;
    }

    if wants("forecast") {
        step("forecast of 1,000 stories, 10,000 trials");
        let board = bench_data::planned_board(1000, 8, 6);
        run_board_bench(&tools, &app_server.url(), &data, "forecast", &board, &[&loads.to_string()])?;
    }
    if wants("program") {
        step("program of 8 teams × 100 stories");
        program_links();
        let program = bench_data::program(8, 100);
        let program_file = data.join("program.json");
        std::fs::write(&program_file, format::encode_program(&program)).map_err(|e| e.to_string())?;
        let board = bench_data::board(20, 5, 3);
        run_board_bench(
            &tools,
            &app_server.url(),
            &data,
            "program",
            &board,
            &[&program_file.to_string_lossy(), &Key::Program.to_string(), &loads.to_string()],
        )?;
    }
    if wants("room") {
        step("live room: a facilitator and three voters over a loopback Nostr relay");
        let (python, script) = crate::relay::ensure()?;
        util::run(
            Command::new("node")
                .current_dir(root())
                .arg("bench/room.mjs")
                .arg(app_server.url())
                .arg(python)
                .arg(script)
                .arg(loads.min(8).to_string())
                .env("CHROMIUM", tools.chromium()?)
                .env("PATH", tools.path_with_tools()),
        )?;
    }
    if !wants("backlog") {
        return Ok(());
    }
    step("backlog of 1,000 stories");
    run_board_bench(&tools, &app_server.url(), &data, "backlog", &bench_data::board(1000, 8, 1), &["10", "60"])
}

/// Runs `bench/<name>.mjs` against the app with `board` stored in the browser: the script gets
/// the app's URL, the board and index files, the board's storage key, then `extra`.
fn run_board_bench(
    tools: &crate::setup::Tools,
    url: &str,
    data: &Path,
    name: &str,
    board: &sprintdeck_core::domain::Board,
    extra: &[&str],
) -> Result {
    let mut index = format::BoardIndex::default();
    index.upsert(board);
    index.current = Some(board.id);
    let (board_file, index_file) = (data.join(format!("board-{name}.json")), data.join(format!("index-{name}.json")));
    std::fs::write(&board_file, format::encode_board(board)).map_err(|e| e.to_string())?;
    std::fs::write(&index_file, format::encode_index(&index)).map_err(|e| e.to_string())?;
    util::run(
        Command::new("node")
            .current_dir(root())
            .arg(format!("bench/{name}.mjs"))
            .arg(url)
            .arg(&board_file)
            .arg(&index_file)
            .arg(Key::Board(board.id).to_string())
            .args(extra)
            .env("CHROMIUM", tools.chromium()?)
            .env("PATH", tools.path_with_tools()),
    )
}

/// Link lengths for generated boards, next to the same board as JSON + deflate + base64url.
fn links() {
    use sprintdeck_core::codec::{base64url, share};
    let packed = |bytes: &[u8]| base64url::encode(&miniz_oxide::deflate::compress_to_vec(bytes, 10)).len();
    println!("Share link of a whole board (characters after `#/open/`), realistic titles of 30–80 characters");
    println!("  {:<28} {:>8} {:>22} {:>26}", "board", "link", "JSON+deflate+base64url", "postcard+deflate+base64url");
    for (stories, members) in [(20, 5), (100, 8), (300, 12)] {
        let board = bench_data::board(stories, members, stories as u64);
        let link = share::encode(&share::Shared::Board { part: share::Part::Board, board: board.clone() }).len();
        let json = packed(format::encode_board(&board).as_bytes());
        // Row by row through the domain's serde derives. A lower bound for a postcard link
        // format: those derives leave empty fields out, which postcard cannot read back, so a
        // real one would need derives of its own and be longer.
        let postcard = postcard::to_allocvec(&board).map(|b| packed(&b)).unwrap_or(0);
        println!("  {:<28} {:>8} {:>22} {:>26}", format!("{stories} stories, {members} members"), link, json, postcard);
    }
    println!("  goal: 100 stories, 8 members ≤ 3,000 characters");
}

/// The lengths of the links of the bench's program (whole URLs on a 38-character origin, as
/// the async round's figures).
fn program_links() {
    use sprintdeck_core::codec::program_link;
    const ORIGIN: &str = "https://sprintdeck.example.org/#/open/";
    let program = bench_data::program(8, 100);
    let today = sprintdeck_core::domain::Date::from_ymd(2026, 11, 30).expect("a real date");
    let summary = program.summary(today, 1_764_500_000_000);
    let views: Vec<usize> = program
        .teams
        .iter()
        .filter_map(|t| program.team_view(t.board.id, 1_764_500_000_000))
        .map(|v| ORIGIN.len() + program_link::encode_team_view(&v).len())
        .collect();
    println!(
        "Program links, 8 teams × 100 stories ({} dependencies, {} bookings, {} risks, {} milestones):",
        program.dependencies.len(),
        program.bookings.len(),
        program.risks.len(),
        program.milestones.len()
    );
    println!(
        "  read-only summary link     {:>7} characters",
        ORIGIN.len() + program_link::encode_summary(&summary).len()
    );
    println!(
        "  feedback links (8 teams)   {:>7} to {} characters",
        views.iter().min().unwrap_or(&0),
        views.iter().max().unwrap_or(&0)
    );
    println!(
        "  whole program link         {:>7} characters (links open up to {}; longer programs travel as files)",
        ORIGIN.len() + program_link::encode_program(&program).len(),
        sprintdeck_core::codec::share::MAX_LINK_CHARS
    );
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1000.0
}

/// Each file of `dir` (by its path relative to `dir`) with its raw, gzip and brotli sizes,
/// sorted by name, and the totals.
type Sizes = (Vec<(String, [usize; 3])>, [usize; 3]);
fn size_table(dir: &Path) -> Result<Sizes> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    files.sort();
    let mut total = [0; 3];
    let mut sizes = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| e.to_string())?;
        let row = [bytes.len(), crate::compress::gzip(&bytes).len(), crate::compress::brotli(&bytes).len()];
        for (t, n) in total.iter_mut().zip(row) {
            *t += n;
        }
        sizes.push((file.strip_prefix(dir).unwrap_or(&file).display().to_string(), row));
    }
    Ok((sizes, total))
}

fn print_sizes(title: &str, files: &[(String, [usize; 3])], total: [usize; 3]) {
    println!("{title}");
    println!("  {:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for (name, [raw, gz, br]) in files {
        println!("  {name:<48} {raw:>10} {gz:>10} {br:>10}");
    }
    println!("  {:<48} {:>10} {:>10} {:>10}\n", "total", total[0], total[1], total[2]);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
