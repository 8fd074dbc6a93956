//! Backlog import and export: CSV files of other tools, pasted lines, and our CSV and Markdown.
//!
//! Import is in three steps so nothing happens behind the user's back: [`detect`] guesses whether
//! the first record is a header and which columns hold the title, estimate and so on (knowing
//! the headers of Jira, Azure DevOps, GitHub, Rally, Trello and common spreadsheets, in several
//! languages); the user can change that [`Mapping`]; [`rows`] turns each record into a story
//! draft or says, with its line number, why it was skipped. Only then does the UI import.

use crate::domain::text::{LONG_TEXT_MAX, TAG_MAX, TAGS_PER_STORY_MAX, TITLE_MAX};
use crate::domain::{Points, Status, Story, StoryDraft};

use super::csv::{Record, Table};

/// Which column(s) feed each story field. Several title columns mean "the first non-empty one"
/// (Azure DevOps tree exports put each level in its own column); several description or tag
/// columns are combined.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    pub title: Vec<usize>,
    pub description: Vec<usize>,
    pub acceptance: Vec<usize>,
    pub estimate: Vec<usize>,
    pub value: Vec<usize>,
    /// Priority words (High, Must have, P1 …) become a business value from 1 to 5 when the file
    /// has no value column.
    pub priority: Vec<usize>,
    pub tags: Vec<usize>,
    pub status: Vec<usize>,
}

/// A story field a column can feed, for the mapping step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Title,
    Description,
    Acceptance,
    Estimate,
    Value,
    Priority,
    Tags,
    Status,
}

impl Target {
    pub const ALL: [Target; 8] = [
        Target::Title,
        Target::Description,
        Target::Acceptance,
        Target::Estimate,
        Target::Value,
        Target::Priority,
        Target::Tags,
        Target::Status,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Target::Title => "Title",
            Target::Description => "Description",
            Target::Acceptance => "Acceptance criteria",
            Target::Estimate => "Estimate (points)",
            Target::Value => "Business value",
            Target::Priority => "Priority → value",
            Target::Tags => "Tags",
            Target::Status => "Status",
        }
    }
}

impl Mapping {
    pub fn get(&self, t: Target) -> &Vec<usize> {
        match t {
            Target::Title => &self.title,
            Target::Description => &self.description,
            Target::Acceptance => &self.acceptance,
            Target::Estimate => &self.estimate,
            Target::Value => &self.value,
            Target::Priority => &self.priority,
            Target::Tags => &self.tags,
            Target::Status => &self.status,
        }
    }

    pub fn get_mut(&mut self, t: Target) -> &mut Vec<usize> {
        match t {
            Target::Title => &mut self.title,
            Target::Description => &mut self.description,
            Target::Acceptance => &mut self.acceptance,
            Target::Estimate => &mut self.estimate,
            Target::Value => &mut self.value,
            Target::Priority => &mut self.priority,
            Target::Tags => &mut self.tags,
            Target::Status => &mut self.status,
        }
    }
}

/// What [`detect`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub has_header: bool,
    /// Column names: the header's, or "Column 1", "Column 2" … without one.
    pub columns: Vec<String>,
    pub mapping: Mapping,
    /// The tool the file seems to come from, for the preview ("Jira", "Azure DevOps" …).
    pub source: &'static str,
}

/// Lower-cased header without the wrappers Jira adds ("Custom field (Story Points)").
fn normalize(header: &str) -> String {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    for prefix in [
        "custom field (",
        "campo personalizado (",
        "benutzerdefiniertes feld (",
        "campo personalizzato (",
        "champ personnalisé (",
    ] {
        if let Some(inner) = h.strip_prefix(prefix) {
            return inner.trim_end_matches(')').trim().to_owned();
        }
    }
    h
}

fn target_of(header: &str) -> Option<Target> {
    let h = normalize(header);
    let h = h.as_str();
    if h.starts_with("title ") && h[6..].starts_with(|c: char| c.is_ascii_digit()) {
        return Some(Target::Title); // Azure DevOps "Title 1 (Epic)", "Title 2" …
    }
    Some(match h {
        "summary" | "title" | "name" | "card name" | "user story" | "story" | "resumen" | "título" | "titulo"
        | "titel" | "nome" | "nom" | "tiêu đề" | "标题" | "subject" | "work item title" | "story title"
        | "issue title" | "issue summary" | "story name" | "task name" => Target::Title,
        "description"
        | "body"
        | "issue description"
        | "card description"
        | "descripción"
        | "descripcion"
        | "beschreibung"
        | "descrição"
        | "descricao"
        | "user story / description"
        | "content"
        | "details"
        | "tasks"
        | "mô tả"
        | "描述"
        | "内容" => Target::Description,
        "acceptance criteria"
        | "acceptance criterias"
        | "acceptance criteria (ac)"
        | "criterios de aceptación"
        | "criterios de aceptacion"
        | "critérios de aceitação"
        | "akzeptanzkriterien"
        | "验收标准" => Target::Acceptance,
        "story points"
        | "story point estimate"
        | "story point"
        | "points"
        | "estimate"
        | "estimates"
        | "estimated effort"
        | "effort"
        | "plan estimate"
        | "size"
        | "puntos de historia"
        | "storypunkte"
        | "sp"
        | "story points (sp)"
        | "pontos"
        | "estimación"
        | "estimativa"
        | "microsoft.vsts.scheduling.storypoints" => Target::Estimate,
        "business value" | "value" | "valor de negocio" | "valor de negócio" | "geschäftswert" | "bv" => {
            Target::Value
        }
        "priority" | "prioridad" | "priorität" | "prioridade" | "priorité" | "priorytet" | "ưu tiên" | "优先级" => {
            Target::Priority
        }
        "labels" | "label" | "tags" | "tag" | "etiquetas" | "etiqueta" | "theme" | "themes" | "work item type"
        | "issue type" | "tipo de incidencia" | "tipo de item" | "type" => Target::Tags,
        "status" | "state" | "estado" | "schedule state" | "list name" | "stage" | "zustand" | "trạng thái"
        | "状态" => Target::Status,
        _ => return None,
    })
}

/// Guesses the header and the mapping of a table.
pub fn detect(table: &Table) -> Detected {
    let first = &table.records[0].fields;
    let known: Vec<Option<Target>> = first.iter().map(|h| target_of(h)).collect();
    let has_header = known.iter().any(Option::is_some);
    let width = table.records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
    let columns: Vec<String> = (0..width)
        .map(|i| match first.get(i) {
            Some(h) if has_header && !h.is_empty() => h.clone(),
            _ => format!("Column {}", i + 1),
        })
        .collect();
    let mut mapping = Mapping::default();
    if has_header {
        for (i, t) in known.iter().enumerate() {
            if let Some(t) = t {
                // One column is enough for single-valued fields; the first wins.
                let single = matches!(t, Target::Estimate | Target::Value | Target::Priority | Target::Status);
                let cols = mapping.get_mut(*t);
                if !single || cols.is_empty() {
                    cols.push(i);
                }
            }
        }
        // A points or value column must hold numbers; a "Value" column of prose is left for the
        // user to map by hand rather than producing a note on every row.
        for t in [Target::Estimate, Target::Value] {
            let cols = mapping.get_mut(t);
            cols.retain(|c| mostly_numbers(&table.records[1..], *c));
        }
        // A spreadsheet with no title column often uses its description as the title.
        if mapping.title.is_empty() && !mapping.description.is_empty() {
            mapping.title = std::mem::take(&mut mapping.description);
        }
    } else {
        guess_without_header(&table.records, width, &mut mapping);
    }
    let lower: Vec<String> = first.iter().map(|h| normalize(h)).collect();
    let has = |name: &str| lower.iter().any(|h| h == name);
    let source = if !has_header {
        "a list without a header row"
    } else if has("issue key") || has("clave de incidencia") || has("issue id") {
        "Jira"
    } else if has("work item type") || lower.iter().any(|h| h.starts_with("title 1")) {
        "Azure DevOps"
    } else if has("formatted id") {
        "Rally"
    } else if has("card name") {
        "Trello"
    } else if has("html_url") || has("repository_url") {
        "GitHub"
    } else {
        "a spreadsheet or another tool"
    };
    Detected { has_header, columns, mapping, source }
}

/// True if most non-empty values of column `col` read as numbers of points.
fn mostly_numbers(records: &[Record], col: usize) -> bool {
    let values: Vec<&str> =
        records.iter().filter_map(|r| r.fields.get(col)).map(String::as_str).filter(|v| !v.is_empty()).collect();
    values.is_empty() || values.iter().filter(|v| v.parse::<Points>().is_ok()).count() * 2 >= values.len()
}

/// Without a header: a column of status words is the status; a column of short comma-separated
/// words is the tags; the title is the column of plain text with the richest vocabulary (titles
/// rarely repeat their words; label lists and states do).
fn guess_without_header(records: &[Record], width: usize, mapping: &mut Mapping) {
    let sample = &records[..records.len().min(60)];
    let mut best: Option<(usize, usize)> = None;
    for col in 0..width {
        let values: Vec<&str> =
            sample.iter().filter_map(|r| r.fields.get(col)).map(String::as_str).filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            continue;
        }
        let statuses = values.iter().filter(|v| status_word(v).is_some()).count();
        if statuses * 10 >= values.len() * 8 && mapping.status.is_empty() {
            mapping.status.push(col);
            continue;
        }
        let lists =
            values.iter().filter(|v| v.contains(", ") && v.split(", ").all(|t| t.chars().count() <= 24)).count();
        if lists * 2 >= values.len() && mapping.tags.is_empty() {
            mapping.tags.push(col);
            continue;
        }
        let plain = values.iter().filter(|v| !looks_like_data(v)).count();
        if plain * 2 < values.len() {
            continue;
        }
        let mut words: Vec<String> = values.iter().flat_map(|v| v.split_whitespace()).map(str::to_lowercase).collect();
        words.sort_unstable();
        words.dedup();
        if best.is_none_or(|(_, n)| words.len() > n) {
            best = Some((col, words.len()));
        }
    }
    if let Some((col, _)) = best {
        mapping.title.push(col);
    }
}

/// Links, numbers, dates and ids: never a title.
fn looks_like_data(v: &str) -> bool {
    v.starts_with("http://")
        || v.starts_with("https://")
        || v.chars().all(|c| c.is_ascii_digit() || "-.:/ +#".contains(c))
        || (v.len() >= 10 && v.as_bytes()[4] == b'-' && v[..4].bytes().all(|b| b.is_ascii_digit()))
}

/// The status a status word (in several tools and languages) stands for.
pub fn status_word(v: &str) -> Option<Status> {
    let w = v.trim().to_lowercase();
    Some(match w.as_str() {
        "to do" | "todo" | "open" | "opened" | "new" | "backlog" | "por hacer" | "tareas por hacer" | "abierto"
        | "nuevo" | "nueva" | "defined" | "idea" | "proposed" | "draft" | "aberto" | "a fazer" | "offen" | "neu"
        | "reopened" => Status::New,
        "ready"
        | "selected for development"
        | "ready for development"
        | "approved"
        | "refined"
        | "pronto"
        | "ready for dev"
        | "committed" => Status::Ready,
        "in progress" | "doing" | "active" | "in review" | "review" | "testing" | "in test" | "en curso"
        | "en progreso" | "em andamento" | "em progresso" | "in bearbeitung" | "in-progress" | "wip" | "blocked"
        | "code review" | "qa" | "in sprint" | "in_sprint" | "sprint" => Status::InSprint,
        "done" | "closed" | "resolved" | "completed" | "complete" | "accepted" | "listo" | "hecho" | "cerrado"
        | "resuelto" | "finalizada" | "finalizado" | "concluído" | "concluido" | "fechado" | "erledigt"
        | "geschlossen" | "released" | "shipped" | "merged" | "finished" => Status::Done,
        _ => return None,
    })
}

/// A business value from 1 (lowest) to 5 (highest) for a priority word.
pub fn priority_value(v: &str) -> Option<u32> {
    let w = v.trim().to_lowercase();
    Some(match w.as_str() {
        "highest" | "blocker" | "critical" | "urgent" | "p0" | "muy alta" | "más alta" | "crítica" | "crítico"
        | "bloqueante" | "höchste" | "kritisch" => 5,
        "high" | "major" | "must" | "must have" | "p1" | "alta" | "alto" | "hoch" | "importante" => 4,
        "medium" | "normal" | "should" | "should have" | "p2" | "media" | "medio" | "média" | "mittel" | "moderate" => {
            3
        }
        "low" | "minor" | "could" | "could have" | "p3" | "baja" | "bajo" | "baixa" | "niedrig" => 2,
        "lowest" | "trivial" | "won't have" | "wont have" | "won't" | "p4" | "muy baja" | "más baja" => 1,
        _ => return None,
    })
}

/// What one record became.
#[derive(Clone, Debug, PartialEq)]
pub struct RowOutcome {
    /// The line the record starts on.
    pub line: usize,
    /// The story to import, or `None` if the row is skipped.
    pub draft: Option<StoryDraft>,
    /// Why the row is skipped, or what was adjusted (shortened text, an unreadable estimate).
    pub notes: Vec<String>,
}

/// Shortens `text` to `max` characters, noting it.
fn fit(text: String, max: usize, what: &str, notes: &mut Vec<String>) -> String {
    if text.chars().count() <= max {
        return text;
    }
    notes.push(format!("{what} shortened to {max} characters"));
    text.chars().take(max).collect()
}

fn cell(r: &Record, col: usize) -> &str {
    r.fields.get(col).map_or("", |f| f.as_str())
}

/// Splits a tag cell: "a, b", "a; b", "a|b" and Python-style "['a', 'b']" all give a and b. A
/// comma splits only lists of short words, so a theme written as a phrase stays one tag.
fn split_tags(v: &str) -> Vec<String> {
    let v = v.trim().trim_start_matches('[').trim_end_matches(']');
    let mut out = Vec::new();
    for piece in v.split([';', '|']) {
        let parts: Vec<&str> = piece.split(',').collect();
        let short = parts.iter().all(|p| p.trim().chars().count() <= 30);
        let parts = if short { parts } else { vec![piece] };
        out.extend(
            parts.iter().map(|t| t.trim().trim_matches(['\'', '"']).trim().to_owned()).filter(|t| !t.is_empty()),
        );
    }
    out
}

/// Turns every record (after the header, if any) into a story draft or a reason to skip it.
pub fn rows(table: &Table, has_header: bool, mapping: &Mapping) -> Vec<RowOutcome> {
    let body = if has_header { &table.records[1..] } else { &table.records[..] };
    let usual = most_common_width(body);
    let header = if has_header { table.records[0].fields.len() } else { usual };
    body.iter()
        .map(|r| {
            let w = r.fields.len();
            let extra = r.fields.iter().skip(header).any(|f| !f.is_empty());
            if (w != header && w != usual) || extra { misaligned(r, header) } else { row(r, mapping) }
        })
        .collect()
}

/// A row whose fields do not line up with the others: its columns cannot be trusted.
fn misaligned(r: &Record, header: usize) -> RowOutcome {
    RowOutcome {
        line: r.line,
        draft: None,
        notes: vec![format!(
            "has {} fields where the other rows have {header}, so its columns do not line up (usually a quote inside a field that is not doubled, or an unquoted comma); skipped",
            r.fields.len()
        )],
    }
}

fn most_common_width(records: &[Record]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for r in records {
        match counts.iter_mut().find(|(w, _)| *w == r.fields.len()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.fields.len(), 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map_or(0, |(w, _)| w)
}

fn row(r: &Record, m: &Mapping) -> RowOutcome {
    let mut notes = Vec::new();
    let title = m.title.iter().map(|c| cell(r, *c)).find(|v| !v.is_empty()).unwrap_or("");
    if title.is_empty() {
        return RowOutcome { line: r.line, draft: None, notes: vec!["has no title, so it was skipped".into()] };
    }
    // Titles are one line of at most TITLE_MAX characters. A longer or multi-line title keeps
    // its beginning; the whole text goes to the top of the description, so nothing is lost.
    let title = title.replace("\"\"", "\"");
    let (first_line, rest) = title.split_once('\n').unwrap_or((&title, ""));
    let long = first_line.chars().count() > TITLE_MAX;
    let short_title: String = if long {
        notes.push(format!("title shortened to {TITLE_MAX} characters; the whole text is in the description"));
        let cut: String = first_line.chars().take(TITLE_MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        first_line.trim().to_owned()
    };
    let join =
        |cols: &[usize]| cols.iter().map(|c| cell(r, *c)).filter(|v| !v.is_empty()).collect::<Vec<_>>().join("\n\n");
    let mut description = join(&m.description);
    let spill = if long { title.trim() } else { rest.trim() };
    if !spill.is_empty() {
        description = if description.is_empty() { spill.to_owned() } else { format!("{spill}\n\n{description}") };
    }
    let title = short_title;
    let description = fit(description, LONG_TEXT_MAX, "description", &mut notes);
    let acceptance = fit(join(&m.acceptance), LONG_TEXT_MAX, "acceptance criteria", &mut notes);
    let estimate =
        m.estimate.iter().map(|c| cell(r, *c)).find(|v| !v.is_empty()).and_then(|v| match v.parse::<Points>() {
            Ok(p) => Some(p),
            Err(_) => {
                notes.push(format!("estimate “{v}” is not a number of points, left empty"));
                None
            }
        });
    let value = m.value.iter().map(|c| cell(r, *c)).find(|v| !v.is_empty()).and_then(|v| match v.parse::<Points>() {
        Ok(p) => Some(p.0 / 100),
        Err(_) => {
            notes.push(format!("business value “{v}” is not a whole number, left empty"));
            None
        }
    });
    let value = value.or_else(|| m.priority.iter().map(|c| cell(r, *c)).find_map(priority_value));
    let mut tags: Vec<String> = Vec::new();
    for t in m.tags.iter().flat_map(|c| split_tags(cell(r, *c))) {
        let t: String = t.chars().take(TAG_MAX).collect();
        if !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            tags.push(t);
        }
    }
    if tags.len() > TAGS_PER_STORY_MAX {
        notes.push(format!("only the first {TAGS_PER_STORY_MAX} of {} tags kept", tags.len()));
        tags.truncate(TAGS_PER_STORY_MAX);
    }
    let status = m.status.iter().map(|c| cell(r, *c)).find_map(status_word).unwrap_or_default();
    let draft = StoryDraft {
        title,
        description,
        acceptance,
        estimate,
        value,
        time_criticality: None,
        risk_reduction: None,
        tags,
        status,
    };
    RowOutcome { line: r.line, draft: Some(draft), notes }
}

/// One story per non-empty line of pasted text; list markers ("- ", "* ", "1. ") are dropped.
pub fn lines(text: &str) -> Vec<RowOutcome> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let mut notes = Vec::new();
            let t = l.trim();
            let t = t.strip_prefix("- [ ] ").or_else(|| t.strip_prefix("- [x] ")).unwrap_or(t);
            let t = t.trim_start_matches(['-', '*', '•']).trim_start();
            let t = match t.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
                _ => t,
            };
            let title = fit(t.trim().to_owned(), TITLE_MAX, "title", &mut notes);
            let draft = (!title.is_empty()).then(|| StoryDraft::titled(title));
            RowOutcome { line: i + 1, draft, notes }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Export

/// The CSV export's header; Azure DevOps and Jira map these names, and our import reads them.
pub const EXPORT_HEADER: [&str; 9] = [
    "Title",
    "Description",
    "Acceptance Criteria",
    "Story Points",
    "Business Value",
    "Time Criticality",
    "Risk Reduction",
    "Tags",
    "Status",
];

fn csv_field(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

/// The backlog as CSV (UTF-8 with BOM so spreadsheet programs read accents right, CRLF lines).
pub fn to_csv<'a>(stories: impl Iterator<Item = &'a Story>) -> String {
    let mut out = String::from("\u{feff}");
    let line = |fields: &[&str], out: &mut String| {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(out, f);
        }
        out.push_str("\r\n");
    };
    line(&EXPORT_HEADER, &mut out);
    for s in stories {
        let num = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
        let estimate = s.estimate.map(|p| p.to_string()).unwrap_or_default();
        let (value, tc, rr) = (num(s.value), num(s.time_criticality), num(s.risk_reduction));
        let tags = s.tags.join("; ");
        line(
            &[&s.title, &s.description, &s.acceptance, &estimate, &value, &tc, &rr, &tags, s.status.label()],
            &mut out,
        );
    }
    out
}

/// Markdown text is escaped where it would otherwise format.
fn md_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if "\\`*_[]<>#|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The backlog as a readable Markdown list with estimates, status and tags.
pub fn to_markdown<'a>(board_name: &str, stories: impl Iterator<Item = &'a Story>) -> String {
    let mut out = format!("# {}\n\n", md_escape(board_name));
    let mut total = 0u32;
    let mut n = 0;
    for (i, s) in stories.enumerate() {
        n += 1;
        let points = s.estimate.map_or_else(
            || "not estimated".to_owned(),
            |p| {
                total += p.0;
                format!("{p} pt")
            },
        );
        out.push_str(&format!("{}. **{}** — {points} · {}", i + 1, md_escape(&s.title), s.status.label()));
        if !s.tags.is_empty() {
            out.push_str(" · ");
            out.push_str(&s.tags.iter().map(|t| format!("`{}`", t.replace('`', "'"))).collect::<Vec<_>>().join(" "));
        }
        out.push('\n');
        for text in [&s.description, &s.acceptance] {
            if !text.is_empty() {
                for l in text.lines() {
                    out.push_str("   > ");
                    out.push_str(&md_escape(l));
                    out.push('\n');
                }
            }
        }
        for r in &s.rounds {
            let votes = r
                .votes
                .iter()
                .map(|(who, c)| format!("{} {}", md_escape(who), md_escape(&c.label)))
                .collect::<Vec<_>>();
            let accepted =
                r.accepted.as_ref().map(|c| format!(", accepted {}", md_escape(&c.label))).unwrap_or_default();
            out.push_str(&format!(
                "   - Poker {} ({}, {}): {}{accepted}\n",
                crate::domain::Date::from_millis(r.at),
                md_escape(&r.deck),
                crate::domain::poker::duration_text(r.seconds),
                votes.join(", ")
            ));
        }
    }
    let noun = if n == 1 { "story" } else { "stories" };
    out.push_str(&format!("\n{n} {noun}, {} points in total.\n", Points(total)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StoryDraft;
    use crate::domain::poker::{Card, RoundRecord};

    #[test]
    fn markdown_lists_stories_with_their_poker_rounds() {
        let mut d = StoryDraft::titled("Pay *by* invoice");
        d.estimate = Some(Points::from_whole(5));
        let mut s = d.clean().unwrap().into_story(crate::domain::StoryId(1), 0);
        let five = Card { label: "5".into(), value: Some(Points(500)) };
        s.rounds.push(RoundRecord {
            at: 1_763_800_000_000,
            deck: "Fibonacci".into(),
            votes: vec![
                ("Ann".into(), five.clone()),
                ("Bo".into(), Card { label: "8".into(), value: Some(Points(800)) }),
            ],
            seconds: 75,
            accepted: Some(five),
        });
        let md = to_markdown("Team", [&s].into_iter());
        assert_eq!(
            md,
            "# Team\n\n1. **Pay \\*by\\* invoice** — 5 pt · New\n   - Poker 2025-11-22 (Fibonacci, 1:15): Ann 5, Bo 8, accepted 5\n\n1 story, 5 points in total.\n"
        );
    }
}
