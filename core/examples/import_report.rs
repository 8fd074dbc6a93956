//! Prints how every CSV fixture imports: format, mapping, counts and the first notes.
//! `cargo run --example import_report [dir]`
use sprintdeck_core::codec::backlog_csv::{Target, prepare, rows};
use sprintdeck_core::codec::csv;

fn main() {
    if let Ok(w) = std::env::var("WIDTHS") {
        return widths(&w);
    }
    let dir = std::env::args().nth(1).unwrap_or_else(|| "tests/fixtures/csv".into());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        match csv::read(&bytes) {
            Err(e) => println!("{name}: ERROR {e}"),
            Ok(t) => {
                let (t, d) = prepare(t);
                let out = rows(&t, d.has_header, &d.mapping);
                let ok = out.iter().filter(|r| r.draft.is_some()).count();
                let est = out.iter().filter(|r| r.draft.as_ref().is_some_and(|d| d.estimate.is_some())).count();
                let map: Vec<String> = Target::ALL
                    .iter()
                    .filter(|t| !d.mapping.get(**t).is_empty())
                    .map(|t| {
                        format!(
                            "{}={:?}",
                            t.label(),
                            d.mapping.get(*t).iter().map(|i| d.columns[*i].clone()).collect::<Vec<_>>()
                        )
                    })
                    .collect();
                println!(
                    "{name}: {} | {} | {} | header={} | rows={} ok={ok} skipped={} est={est}\n   {}",
                    d.source,
                    t.delimiter_name(),
                    t.encoding,
                    d.has_header,
                    out.len(),
                    out.len() - ok,
                    map.join("; ")
                );
                if let Some(first) = out.iter().find_map(|r| r.draft.as_ref()) {
                    println!(
                        "   first: {:?} est={:?} status={:?} tags={:?}",
                        first.title.chars().take(60).collect::<String>(),
                        first.estimate.map(|p| p.to_string()),
                        first.status,
                        first.tags
                    );
                }
                for r in out.iter().filter(|r| !r.notes.is_empty()).take(3) {
                    println!("   line {}: {}", r.line, r.notes.join("; "));
                }
            }
        }
    }
}
#[allow(dead_code)]
fn widths(path: &str) {
    let t = csv::read(&std::fs::read(path).unwrap()).unwrap();
    for r in &t.records {
        println!(
            "line {} width {} first={:?}",
            r.line,
            r.fields.len(),
            r.fields[0].chars().take(40).collect::<String>()
        );
    }
}
