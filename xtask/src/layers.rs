//! Checks on the code's structure that the compiler does not make: the modules of the domain,
//! and those of the app's state layer, depend on each other without cycles.

/// The modules of `dir` (one file each) and the sibling modules each one uses outside its
/// tests and comments (through `super::name` or `crate::<layer>::name`).
fn module_graph(dir: &std::path::Path, layer: &str) -> Vec<(String, Vec<String>)> {
    let mut graph = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Some(name) = path.file_stem().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if name == "mod" || path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut deps: Vec<String> = Vec::new();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for prefix in ["super::".to_owned(), format!("crate::{layer}::")] {
                for (at, _) in line.match_indices(&prefix) {
                    let rest = &line[at + prefix.len()..];
                    let module: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if !module.is_empty() && module != name && !deps.contains(&module) {
                        deps.push(module);
                    }
                }
            }
        }
        graph.push((name, deps));
    }
    graph.sort();
    graph
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn cycle(graph: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &[(String, Vec<String>)],
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.iter().any(|n| n == node) {
            return None;
        }
        path.push(node.to_owned());
        let deps = graph.iter().find(|(n, _)| n == node).map(|(_, d)| d.clone()).unwrap_or_default();
        for dep in deps.iter().filter(|d| graph.iter().any(|(n, _)| n == *d)) {
            if let Some(found) = visit(dep, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(node.to_owned());
        None
    }
    let mut done = Vec::new();
    graph.iter().find_map(|(node, _)| visit(node, graph, &mut Vec::new(), &mut done))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::root;

    #[test]
    fn the_domain_and_the_state_layer_have_no_module_cycles() {
        for (dir, layer) in [("core/src/domain", "domain"), ("src/state", "state")] {
            let graph = module_graph(&root().join(dir), layer);
            assert!(graph.len() > 5, "{dir} has modules");
            assert_eq!(cycle(&graph), None, "{dir}");
        }
    }

    #[test]
    fn cycles_are_found() {
        let g = |edges: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
            edges.iter().map(|(n, d)| (n.to_string(), d.iter().map(|x| x.to_string()).collect())).collect()
        };
        assert_eq!(cycle(&g(&[("a", &["b"]), ("b", &["c"]), ("c", &[])])), None);
        assert_eq!(
            cycle(&g(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])])),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
    }
}
