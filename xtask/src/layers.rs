//! Checks on the code's structure that the compiler does not make: no two modules of the app or
//! of the core depend on each other in a cycle, file by file, and the app's folders point
//! downward only, from the app through the features and the generic views to the state layer
//! and the browser's edge.
//!
//! A module's dependencies are read from its code outside its tests and comments: every path
//! that starts at `crate::`, `super::` or `self::` (in `use` lines, groups included, and in
//! expressions), resolved to the deepest module of the crate it names.

use std::collections::BTreeMap;
use std::path::Path;

/// The modules of a crate (`poker::table`; the root is ``) and the modules each one uses.
pub type Graph = BTreeMap<String, Vec<String>>;

/// The module path of a source file `rel` (relative to the crate's `src/`): `a/b.rs` is
/// `a::b`, `a/mod.rs` is `a`, `lib.rs` and `main.rs` are the root.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_owned();
    }
    if matches!(parts.last().map(String::as_str), Some("mod")) || parts == ["lib"] || parts == ["main"] {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its tests (everything from the first `#[cfg(test)]`), comments
/// and string literals (a path inside a message is no dependency).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            'r' if chars.peek() == Some(&'#') => {
                // A raw string `r#"…"#`: skipped whole.
                chars.next();
                if chars.peek() == Some(&'"') {
                    let mut last = ' ';
                    for c in chars.by_ref() {
                        if last == '"' && c == '#' {
                            break;
                        }
                        last = c;
                    }
                    out.push_str("\"\"");
                } else {
                    out.push_str("r#");
                }
            }
            '\'' => {
                // A char literal ('"', '\'') is skipped; a lifetime ('a) is kept.
                let ahead: Vec<char> = chars.clone().take(3).collect();
                match ahead.as_slice() {
                    ['\\', _, '\''] => {
                        let _ = chars.nth(2);
                    }
                    ['\\', ..] => {
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    [_, '\'', ..] => {
                        let _ = chars.nth(1);
                    }
                    _ => out.push(c),
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if !escaped && c == '"' {
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path in `code` that starts at `crate`, `super` or `self`, as its segments (the first
/// being that keyword); a group (`crate::a::{b, c::d}`) gives one path per member.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == '$' || bytes[i - 1] == ':');
        if starts_word
            && let Some(kw) = ["crate", "super", "self"].iter().find(|kw| {
                let end = i + kw.len();
                bytes[i..].iter().take(kw.len()).copied().eq(kw.chars())
                    && bytes.get(end) == Some(&':')
                    && bytes.get(end + 1) == Some(&':')
            })
        {
            let mut j = i + kw.len();
            let mut prefix = vec![(*kw).to_owned()];
            read_tree(&bytes, &mut j, &mut prefix, &mut out);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `::seg::seg…` (or a `::{…}` group) at `*j`, pushing each whole path onto `out`.
fn read_tree(bytes: &[char], j: &mut usize, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let depth = prefix.len();
    loop {
        if bytes.get(*j) != Some(&':') || bytes.get(*j + 1) != Some(&':') {
            break;
        }
        *j += 2;
        while bytes.get(*j).is_some_and(|c| c.is_whitespace()) {
            *j += 1;
        }
        if bytes.get(*j) == Some(&'{') {
            *j += 1;
            loop {
                while bytes.get(*j).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    *j += 1;
                }
                match bytes.get(*j) {
                    None => break,
                    Some('}') => {
                        *j += 1;
                        break;
                    }
                    Some(_) => {
                        let start = *j;
                        while bytes.get(*j).is_some_and(|c| is_ident(*c)) {
                            *j += 1;
                        }
                        if *j == start {
                            // Something else inside the group (`*`, `self as x`): skip a char.
                            *j += 1;
                            continue;
                        }
                        let name: String = bytes[start..*j].iter().collect();
                        let mut inner = prefix.clone();
                        inner.push(name);
                        read_tree(bytes, j, &mut inner, out);
                    }
                }
            }
            prefix.truncate(depth);
            return;
        }
        let start = *j;
        while bytes.get(*j).is_some_and(|c| is_ident(*c)) {
            *j += 1;
        }
        if *j == start {
            break;
        }
        prefix.push(bytes[start..*j].iter().collect());
    }
    out.push(prefix.clone());
    prefix.truncate(depth);
}

/// The deepest module of `modules` that `path` (written in module `from`) names, if any.
fn resolve(path: &[String], from: &str, modules: &[String]) -> Option<String> {
    let mut base: Vec<&str> = if from.is_empty() { Vec::new() } else { from.split("::").collect() };
    let (first, rest) = path.split_first()?;
    match first.as_str() {
        "crate" => base.clear(),
        // `self` of `a/b.rs` is `a::b`; `super` of it is `a`; `super` of `a/mod.rs` is the root.
        "self" => {}
        "super" => {
            base.pop();
        }
        _ => return None,
    }
    let mut rest = rest.iter().peekable();
    while rest.peek().is_some_and(|s| *s == "super") {
        base.pop();
        rest.next();
    }
    let mut best = None;
    let mut current: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
    if modules.contains(&current.join("::")) && !current.is_empty() {
        best = Some(current.join("::"));
    }
    for seg in rest {
        current.push(seg.clone());
        let name = current.join("::");
        if modules.contains(&name) {
            best = Some(name);
        }
    }
    best
}

/// The module graph of the crate whose sources are under `src`: every file a node (the root
/// left out: it only declares the modules), an edge for each module a file's code names.
pub fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    // Bounded: a source tree is finite and holds no links back up.
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let modules: Vec<String> =
        files.iter().map(|f| module_of(f.strip_prefix(src).unwrap_or(f))).filter(|m| !m.is_empty()).collect();
    let mut graph = Graph::new();
    for file in &files {
        let rel = file.strip_prefix(src).unwrap_or(file);
        let module = module_of(rel);
        if module.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut deps: Vec<String> = paths_in(&code_of(&text))
            .iter()
            .filter_map(|p| resolve(p, &module, &modules))
            .filter(|m| *m != module)
            .collect();
        deps.sort();
        deps.dedup();
        graph.insert(module, deps);
    }
    graph
}

/// A cycle in `graph`, if there is one, as the modules along it.
pub fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &Graph, path: &mut Vec<String>, done: &mut Vec<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.iter().any(|n| n == node) {
            return None;
        }
        path.push(node.to_owned());
        for dep in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(dep, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(node.to_owned());
        None
    }
    let mut done = Vec::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

/// The app's top-level modules, lowest first: a module may use its own rank or a lower one.
/// Features (rank 4) may use each other only without a cycle (the share page's link opener hands
/// poker and program links to those features).
pub const APP_LAYERS: &[(&str, u8)] = &[
    ("chunks", 1),
    ("browser", 1),
    ("storage", 1),
    ("state", 2),
    ("ui", 3),
    ("backlog", 4),
    ("capacity", 4),
    ("poker", 4),
    ("program", 4),
    ("share", 4),
    ("app", 5),
];

/// The edges of `graph` between top-level modules that break [`APP_LAYERS`]: each
/// `(from, to)` by module, and any top-level module the list does not place.
pub fn layer_breaks(graph: &Graph) -> Vec<String> {
    let top = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    let rank = |m: &str| APP_LAYERS.iter().find(|(n, _)| *n == top(m)).map(|(_, r)| *r);
    let mut breaks = Vec::new();
    for (from, deps) in graph {
        let Some(r) = rank(from) else {
            breaks.push(format!("{from}: its folder `{}` has no place in APP_LAYERS", top(from)));
            continue;
        };
        for to in deps {
            if rank(to).is_some_and(|t| t > r) {
                breaks.push(format!("{from} uses {to}, a layer above it"));
            }
        }
    }
    breaks
}

/// The graph of the top-level modules: an edge where some module of one uses one of another.
pub fn folders(graph: &Graph) -> Graph {
    let top = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    let mut out = Graph::new();
    for (from, deps) in graph {
        let entry = out.entry(top(from)).or_default();
        for to in deps {
            if top(to) != top(from) && !entry.contains(&top(to)) {
                entry.push(top(to));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::root;

    #[test]
    fn the_app_has_no_module_cycles_anywhere_and_its_layers_point_down() {
        let g = graph(&root().join("src"));
        assert!(g.len() > 60, "src/ has its modules ({})", g.len());
        assert_eq!(cycle(&g), None, "a cycle among the app's modules");
        assert_eq!(cycle(&folders(&g)), None, "a cycle among the app's folders");
        assert_eq!(layer_breaks(&g), Vec::<String>::new());
        // The reader sees through groups and `super`: the poker page uses its table.
        assert!(g["poker::page"].contains(&"poker::table".to_owned()), "{:?}", g["poker::page"]);
        assert!(g["share::open_link"].contains(&"poker::vote_form".to_owned()));
    }

    #[test]
    fn the_core_has_no_module_cycles() {
        let g = graph(&root().join("core/src"));
        assert!(g.len() > 30, "core/src has its modules");
        assert_eq!(cycle(&g), None);
    }

    #[test]
    fn paths_are_read_through_groups_and_resolved_from_where_they_are_written() {
        let code = code_of(
            "use crate::a::{b::C, d};\nuse super::e::F; // crate::x::y\nlet s = \"crate::z::w\";\nlet q = '\"';\nfn f<'a>() {}\nfoo(self::g::h());",
        );
        let paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
        assert_eq!(paths, ["crate::a::b::C", "crate::a::d", "super::e::F", "self::g::h"]);
        let modules: Vec<String> = ["a", "a::b", "a::d", "p::e", "p::q", "p::q::g"].map(String::from).to_vec();
        let at = |p: &str, from: &str| resolve(&p.split("::").map(String::from).collect::<Vec<_>>(), from, &modules);
        assert_eq!(at("crate::a::b::C", "p::q").as_deref(), Some("a::b"));
        assert_eq!(at("crate::a::X", "p::q").as_deref(), Some("a"));
        assert_eq!(at("super::e::F", "p::q").as_deref(), Some("p::e"));
        assert_eq!(at("self::g::h", "p::q").as_deref(), Some("p::q::g"));
        assert_eq!(at("crate::domain::X", "p::q"), None, "outside the crate's files");
        assert_eq!(module_of(Path::new("a/mod.rs")), "a");
        assert_eq!(module_of(Path::new("a/b.rs")), "a::b");
        assert_eq!(module_of(Path::new("lib.rs")), "");
    }

    #[test]
    fn cycles_and_upward_uses_are_found() {
        let g = |edges: &[(&str, &[&str])]| -> Graph {
            edges.iter().map(|(n, d)| (n.to_string(), d.iter().map(|x| x.to_string()).collect())).collect()
        };
        assert_eq!(cycle(&g(&[("a", &["b"]), ("b", &["c"]), ("c", &[])])), None);
        assert_eq!(
            cycle(&g(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])])),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
        let upward = g(&[("state::store", &["ui::modal"]), ("ui::modal", &[]), ("extras::x", &[])]);
        assert_eq!(
            layer_breaks(&upward),
            [
                "extras::x: its folder `extras` has no place in APP_LAYERS",
                "state::store uses ui::modal, a layer above it"
            ]
        );
        let features = g(&[("share::a", &["poker::b"]), ("poker::b", &["share::c"]), ("share::c", &[])]);
        assert!(cycle(&features).is_none() && cycle(&folders(&features)).is_some());
    }
}
