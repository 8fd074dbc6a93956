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
    /// Records above the header row that were left out (a title line, notes): see [`prepare`].
    pub preamble: usize,
    /// Column names: the header's, or "Column 1", "Column 2" … without one.
    pub columns: Vec<String>,
    pub mapping: Mapping,
    /// The tool the file seems to come from, for the preview ("Jira", "Azure DevOps" …).
    pub source: &'static str,
}

/// A header reduced to what it says: lower-cased, without Jira's custom-field wrapper
/// ("Custom field (Story Points)", in the languages Jira exports in), without a trailing
/// qualifier in parentheses ("Estimate (SP)"), with `_` and `-` read as spaces.
fn normalize(header: &str) -> String {
    let mut h = header.trim().trim_start_matches('\u{feff}').trim().to_lowercase();
    for prefix in [
        "custom field (",
        "campo personalizado (",
        "benutzerdefiniertes feld (",
        "campo personalizzato (",
        "champ personnalisé (",
        "aangepast veld (",
        "pole niestandardowe (",
        "カスタムフィールド (",
        "自定义字段 (",
    ] {
        if let Some(inner) = h.strip_prefix(prefix) {
            h = inner.trim_end_matches(')').trim().to_owned();
        }
    }
    let h: String = h.chars().map(|c| if c == '_' || c == '-' { ' ' } else { c }).collect();
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    // Azure DevOps names the levels of a tree "Title 1 (Epic)"; every other qualifier goes.
    match h.rsplit_once(" (") {
        Some((name, _)) if h.ends_with(')') && !name.starts_with("title ") => name.to_owned(),
        _ => h,
    }
}

/// How well a column that could hold the title says so: the best-ranked such column is the
/// title. A summary or title names the item itself; a story, feature, task or epic column
/// names it at that level, and in a sheet with several, each row is the most specific of them
/// (the story, not the epic it belongs to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TitleRank {
    Summary,
    Story,
    Feature,
    Task,
    Epic,
}

/// What a header means: the field it feeds (and, for title-like columns, how well it names
/// the item). Headers of Jira, Azure DevOps, GitHub, Rally, Trello and common spreadsheets, in
/// English, French, German, Spanish, Portuguese, Italian, Dutch, Polish, Japanese, Chinese and
/// Vietnamese.
fn meaning(header: &str) -> Option<(Target, Option<TitleRank>)> {
    let h = normalize(header);
    let h = h.as_str();
    if h.starts_with("title ") && h[6..].starts_with(|c: char| c.is_ascii_digit()) {
        return Some((Target::Title, Some(TitleRank::Summary))); // Azure DevOps "Title 1 (Epic)" …
    }
    let title = |rank| Some((Target::Title, Some(rank)));
    let plain = |t| Some((t, None));
    match h {
        "summary" | "title" | "name" | "card name" | "subject" | "work item title" | "story title" | "issue title"
        | "issue summary" | "story name" | "task name" | "headline"
        // French, German, Spanish, Portuguese, Italian, Dutch, Polish
        | "résumé" | "titre" | "intitulé" | "nom" | "zusammenfassung" | "titel" | "resumen" | "título" | "titulo"
        | "nombre" | "resumo" | "nome" | "riepilogo" | "sommario" | "titolo" | "samenvatting" | "naam"
        | "podsumowanie" | "tytuł" | "tytul" | "nazwa"
        // Japanese, Chinese, Vietnamese
        | "要約" | "タイトル" | "件名" | "概要" | "摘要" | "标题" | "標題" | "名称" | "tiêu đề" | "tóm tắt" => {
            title(TitleRank::Summary)
        }
        "user story" | "user stories" | "story" | "stories" | "histoire" | "histoires" | "récit utilisateur"
        | "historia" | "historias" | "historia de usuario" | "história" | "história de usuário" | "storia" | "storie"
        | "verhaal" | "historyjka" | "ストーリー" | "用户故事" | "故事" => title(TitleRank::Story),
        "feature" | "features" | "fonctionnalité" | "fonctionnalités" | "funktion" | "funcionalidad"
        | "funcionalidade" | "funzionalità" | "functie" | "funkcja" | "機能" | "功能" | "特性" => title(TitleRank::Feature),
        "task" | "tasks" | "tâche" | "tâches" | "aufgabe" | "aufgaben" | "tarea" | "tareas" | "tarefa" | "tarefas"
        | "attività" | "taak" | "taken" | "zadanie" | "zadania" | "タスク" | "任务" => title(TitleRank::Task),
        "epic" | "epics" | "épopée" | "épopées" | "epos" | "épica" | "épicas" | "epica" | "epiche" | "エピック"
        | "史诗" => title(TitleRank::Epic),
        "description" | "body" | "issue description" | "card description" | "content" | "details"
        | "descripción" | "descripcion" | "beschreibung" | "descrição" | "descricao" | "descrizione"
        | "beschrijving" | "opis" | "user story / description" | "mô tả" | "説明" | "描述" | "内容" | "詳細" => {
            plain(Target::Description)
        }
        "acceptance criteria" | "acceptance criterias" | "critères d'acceptation" | "criterios de aceptación"
        | "criterios de aceptacion" | "critérios de aceitação" | "criteri di accettazione" | "akzeptanzkriterien"
        | "acceptatiecriteria" | "kryteria akceptacji" | "受け入れ基準" | "受入基準" | "验收标准" => {
            plain(Target::Acceptance)
        }
        "story points" | "story point estimate" | "story point" | "storypoints" | "points" | "estimate"
        | "estimates" | "estimated effort" | "effort" | "plan estimate" | "size" | "sp" | "story pts"
        | "microsoft.vsts.scheduling.storypoints" | "points d'histoire" | "points de story" | "estimation"
        | "storypunkte" | "story punkte" | "schätzung" | "puntos de historia" | "estimación" | "estimacion"
        | "pontos" | "pontos de história" | "estimativa" | "punti storia" | "stima" | "verhaalpunten" | "schatting"
        | "punkty historyjki" | "szacunek" | "oszacowanie" | "ストーリーポイント" | "見積もり" | "見積" | "故事点"
        | "故事点数" | "估算" => plain(Target::Estimate),
        "business value" | "value" | "valor de negocio" | "valor de negócio" | "geschäftswert" | "valeur métier"
        | "valore di business" | "bedrijfswaarde" | "wartość biznesowa" | "bv" | "ビジネス価値" | "业务价值" => {
            plain(Target::Value)
        }
        "priority" | "prioridad" | "priorität" | "prioridade" | "priorité" | "priorità" | "prioriteit" | "priorytet"
        | "ưu tiên" | "優先度" | "优先级" => plain(Target::Priority),
        "labels" | "label" | "tags" | "tag" | "etiquetas" | "etiqueta" | "étiquettes" | "stichwörter" | "etichette"
        | "etykiety" | "ラベル" | "标签" | "theme" | "themes" | "work item type" | "issue type" | "type"
        | "tipo de incidencia" | "tipo de item" | "type de ticket" | "vorgangstyp" | "tipo di ticket"
        | "typ zgłoszenia" | "課題タイプ" | "问题类型" => plain(Target::Tags),
        "status" | "state" | "estado" | "schedule state" | "list name" | "stage" | "zustand" | "état" | "statut"
        | "stato" | "trạng thái" | "ステータス" | "状态" | "狀態" => plain(Target::Status),
        _ => None,
    }
}

/// How strongly a record reads as a header row: the number of columns whose names mean
/// something; 0 unless one of them names the title or two of them mean something.
fn header_score(record: &Record) -> usize {
    let meanings: Vec<_> = record.fields.iter().filter_map(|f| meaning(f)).collect();
    if meanings.iter().any(|(t, _)| *t == Target::Title) || meanings.len() >= 2 { meanings.len() } else { 0 }
}

/// The most records above a header row that are looked at (a title line, notes).
const PREAMBLE_MAX: usize = 10;

/// Finds the header row (not always the first: a spreadsheet may open with a title line or a
/// row of empty cells), leaves out the records above it, and guesses the mapping.
pub fn prepare(mut table: Table) -> (Table, Detected) {
    let scores: Vec<usize> = table.records.iter().take(PREAMBLE_MAX + 1).map(header_score).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    let preamble = if best == 0 { 0 } else { scores.iter().position(|s| *s == best).unwrap_or(0) };
    table.records.drain(..preamble);
    let mut detected = detect(&table);
    detected.preamble = preamble;
    (table, detected)
}

/// Guesses whether the first record is a header, and the mapping of a table.
pub fn detect(table: &Table) -> Detected {
    let first = &table.records[0].fields;
    let known: Vec<Option<(Target, Option<TitleRank>)>> = first.iter().map(|h| meaning(h)).collect();
    let has_header = header_score(&table.records[0]) > 0;
    let width = table.records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
    let columns: Vec<String> = (0..width)
        .map(|i| match first.get(i) {
            Some(h) if has_header && !h.is_empty() => h.clone(),
            _ => format!("Column {}", i + 1),
        })
        .collect();
    let mut mapping = Mapping::default();
    if has_header {
        let best = known.iter().flatten().filter_map(|(_, rank)| *rank).min();
        for (i, m) in known.iter().enumerate() {
            let Some((t, rank)) = m else { continue };
            // The best-named title-like columns are the title (several: the first non-empty);
            // of the others, the work inside (stories, tasks) is described, the groups
            // (features, epics) become tags.
            let t = match rank {
                Some(r) if Some(*r) == best => Target::Title,
                Some(TitleRank::Summary | TitleRank::Story | TitleRank::Task) => Target::Description,
                Some(TitleRank::Feature | TitleRank::Epic) => Target::Tags,
                None => *t,
            };
            // One column is enough for single-valued fields; the first wins.
            let single = matches!(t, Target::Estimate | Target::Value | Target::Priority | Target::Status);
            let cols = mapping.get_mut(t);
            if !single || cols.is_empty() {
                cols.push(i);
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
    let has = |names: &[&str]| lower.iter().any(|h| names.contains(&h.as_str()));
    let source = if !has_header {
        "a list without a header row"
    } else if has(&[
        "issue key",
        "issue id",
        "clave de incidencia",
        "clé de ticket",
        "clé",
        "vorgangsschlüssel",
        "schlüssel",
        "chave",
        "chave do item",
        "chiave",
        "chiave ticket",
        "sleutel",
        "klucz",
        "klucz zgłoszenia",
        "課題キー",
        "问题关键字",
        "关键字",
    ]) {
        "Jira"
    } else if has(&["work item type"]) || lower.iter().any(|h| h.starts_with("title 1")) {
        "Azure DevOps"
    } else if has(&["formatted id"]) {
        "Rally"
    } else if has(&["card name"]) {
        "Trello"
    } else if has(&["html_url", "html url", "repository_url", "repository url"]) {
        "GitHub"
    } else {
        "a spreadsheet or another tool"
    };
    Detected { has_header, preamble: 0, columns, mapping, source }
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
        | "reopened" | "à faire" | "a faire" | "ouvert" | "nouveau" | "zu erledigen" | "da fare" | "aperto"
        | "nuovo" | "te doen" | "nieuw" | "do zrobienia" | "otwarte" | "nowe" | "未着手" | "やること" | "待办"
        | "待處理" | "新建" => Status::New,
        "ready"
        | "selected for development"
        | "ready for development"
        | "approved"
        | "refined"
        | "pronto"
        | "ready for dev"
        | "committed"
        | "prêt"
        | "bereit"
        | "pronto per lo sviluppo"
        | "klaar voor ontwikkeling"
        | "gotowe do realizacji"
        | "準備完了"
        | "就绪" => Status::Ready,
        "in progress" | "doing" | "active" | "in review" | "review" | "testing" | "in test" | "en curso"
        | "en progreso" | "em andamento" | "em progresso" | "in bearbeitung" | "in-progress" | "wip" | "blocked"
        | "code review" | "qa" | "in sprint" | "in_sprint" | "sprint" | "en cours" | "in arbeit" | "in corso"
        | "bezig" | "in uitvoering" | "w toku" | "w trakcie" | "進行中" | "进行中" | "處理中" => {
            Status::InSprint
        }
        "done" | "closed" | "resolved" | "completed" | "complete" | "accepted" | "listo" | "hecho" | "cerrado"
        | "resuelto" | "finalizada" | "finalizado" | "concluído" | "concluido" | "fechado" | "erledigt"
        | "geschlossen" | "released" | "shipped" | "merged" | "finished" | "terminé" | "terminée" | "fait"
        | "fermé" | "résolu" | "fertig" | "completato" | "fatto" | "chiuso" | "gereed" | "klaar" | "afgerond"
        | "gotowe" | "zrobione" | "zamknięte" | "完了" | "完成" | "已完成" | "已解决" => Status::Done,
        _ => return None,
    })
}

/// A business value from 1 (lowest) to 5 (highest) for a priority word.
pub fn priority_value(v: &str) -> Option<u32> {
    let w = v.trim().to_lowercase();
    Some(match w.as_str() {
        "highest" | "blocker" | "critical" | "urgent" | "p0" | "muy alta" | "más alta" | "crítica" | "crítico"
        | "bloqueante" | "höchste" | "kritisch" | "la plus haute" | "critique" | "massima" | "hoogste"
        | "najwyższy" | "最高" => 5,
        "high" | "major" | "must" | "must have" | "p1" | "alta" | "alto" | "hoch" | "importante" | "haute"
        | "élevée" | "hoog" | "wysoki" | "高" => 4,
        "medium" | "normal" | "should" | "should have" | "p2" | "media" | "medio" | "média" | "mittel" | "moderate"
        | "moyenne" | "gemiddeld" | "średni" | "中" => 3,
        "low" | "minor" | "could" | "could have" | "p3" | "baja" | "bajo" | "baixa" | "niedrig" | "basse" | "bassa"
        | "laag" | "niski" | "低" => 2,
        "lowest" | "trivial" | "won't have" | "wont have" | "won't" | "p4" | "muy baja" | "más baja"
        | "la plus basse" | "minima" | "laagste" | "najniższy" | "最低" => 1,
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

/// The text of a field, without the apostrophe an export puts before a formula-like text.
fn cell(r: &Record, col: usize) -> &str {
    r.fields.get(col).map_or("", |f| f.strip_prefix('\'').filter(|rest| formula_like(rest)).unwrap_or(f))
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
        crate::domain::text::shorten(first_line, TITLE_MAX)
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
/// The last two columns say how long the team spent estimating each story: the number of poker
/// rounds recorded on it and their time in all (minutes:seconds). The import ignores them.
pub const EXPORT_HEADER: [&str; 11] = [
    "Title",
    "Description",
    "Acceptance Criteria",
    "Story Points",
    "Business Value",
    "Time Criticality",
    "Risk Reduction",
    "Tags",
    "Status",
    "Poker Rounds",
    "Poker Time",
];

/// Whether a spreadsheet would take a cell starting like `v` for a formula: `=`, `+`, `-`, `@`,
/// a tab or a carriage return (OWASP's list for CSV injection).
fn formula_like(v: &str) -> bool {
    v.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes one field. A text a spreadsheet would run as a formula (a story title from someone
/// else's link: `=HYPERLINK(…)`) gets a leading apostrophe, which spreadsheets keep as the mark
/// of a text cell and do not show, so it reads the same; SprintDeck's import removes it again.
fn csv_field(out: &mut String, v: &str) {
    let guarded;
    let v = if formula_like(v) {
        guarded = format!("'{v}");
        guarded.as_str()
    } else {
        v
    };
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
        let rounds = if s.rounds.is_empty() { String::new() } else { s.rounds.len().to_string() };
        let spent: u32 = s.rounds.iter().fold(0, |t, r| t.saturating_add(r.seconds));
        let time = if s.rounds.is_empty() { String::new() } else { crate::domain::poker::duration_text(spent) };
        line(
            &[
                &s.title,
                &s.description,
                &s.acceptance,
                &estimate,
                &value,
                &tc,
                &rr,
                &tags,
                s.status.label(),
                &rounds,
                &time,
            ],
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
                .vote_texts()
                .iter()
                .map(|(who, c)| format!("{} {}", md_escape(who), md_escape(c)))
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
            confidence: vec![("Bo".into(), crate::domain::poker::Confidence::Unsure)],
            seconds: 75,
            accepted: Some(five),
        });
        let md = to_markdown("Team", [&s].into_iter());
        assert_eq!(
            md,
            "# Team\n\n1. **Pay \\*by\\* invoice** — 5 pt · New\n   - Poker 2025-11-22 (Fibonacci, 1:15): Ann 5, Bo 8 (unsure), accepted 5\n\n1 story, 5 points in total.\n"
        );
        let csv = to_csv([&s].into_iter());
        assert!(csv.lines().next().unwrap().ends_with(",Poker Rounds,Poker Time"), "{csv}");
        assert!(csv.lines().nth(1).unwrap().ends_with(",New,1,1:15"), "the time spent estimating: {csv}");
    }

    #[test]
    fn exported_formulas_are_neutralised_and_read_back_as_they_were() {
        let titles =
            ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+1+1", "-2", "@SUM(A1)", "\tcmd", "Plain = fine"];
        let stories: Vec<Story> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| Story {
                title: (*t).to_owned(),
                ..StoryDraft::titled("x").into_story(crate::domain::StoryId(i as u64 + 1), 0)
            })
            .collect();
        let csv = to_csv(stories.iter());
        for line in csv.lines().skip(1) {
            let first = line.trim_start_matches('"');
            assert!(!formula_like(first), "a spreadsheet would run {line:?}");
        }
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""), "{csv}");
        assert!(csv.contains("\r\n'+1+1,"), "{csv}");
        let table = super::super::csv::read(csv.as_bytes()).unwrap();
        let found = detect(&table);
        let back: Vec<String> = rows(&table, found.has_header, &found.mapping)
            .into_iter()
            .filter_map(|r| r.draft.map(|d| d.title))
            .collect();
        assert_eq!(back, titles.iter().map(|t| t.trim().to_owned()).collect::<Vec<_>>());
    }
}
