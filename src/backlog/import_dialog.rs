//! Importing stories: pasted lines, CSV exports of other tools, or SprintDeck JSON.
//!
//! Nothing is imported until the user has seen what will be: the detected format, the column
//! mapping (which they can change), a preview, and every row that will be skipped or adjusted,
//! with its line number. The import is then one undoable step.

use std::sync::Arc;

use leptos::prelude::*;

use super::view_state::{BacklogUi, Dialog};
use crate::codec::backlog_csv::{Detected, Mapping, RowOutcome, Target, lines, prepare, rows};
use crate::codec::csv::{self, CsvError, Table};
use crate::domain::{Action, AddAt, StoryDraft};
use crate::state::Store;
use crate::storage::format::decode_file;
use crate::ui::modal::Modal;

/// What the dialog has read.
#[derive(Clone, PartialEq)]
enum Loaded {
    Nothing,
    Pasted,
    Csv { name: String, table: Arc<Table>, detected: Arc<Detected> },
    Json { name: String, drafts: Vec<StoryDraft> },
}

/// How many preview rows and notes are listed.
const PREVIEW_ROWS: usize = 8;
const NOTES_SHOWN: usize = 100;

/// Reads a file's bytes, decides between SprintDeck JSON and delimited text, and reports.
fn load(name: String, bytes: &[u8]) -> Result<Loaded, String> {
    let head = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if name.to_ascii_lowercase().ends_with(".json") || first == Some(&b'{') {
        let text = String::from_utf8_lossy(head);
        let boards = decode_file(&text).map_err(|e| format!("{name} is not a SprintDeck board file: {e}."))?;
        let drafts = boards.iter().flat_map(|b| &b.stories).map(|s| StoryDraft::of(s)).collect();
        return Ok(Loaded::Json { name, drafts });
    }
    let table = csv::read(bytes).map_err(|e| format!("{name} cannot be imported. {e}"))?;
    let (table, detected) = prepare(table);
    Ok(Loaded::Csv { name, table: Arc::new(table), detected: Arc::new(detected) })
}

/// The import dialog.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let store = expect_context::<Store>();
    let ui = expect_context::<BacklogUi>();
    let loaded = RwSignal::new(Loaded::Nothing);
    let pasted = RwSignal::new(String::new());
    let mapping = RwSignal::new(Mapping::default());
    let has_header = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let at = RwSignal::new(store.board().with_untracked(|b| b.settings.quick_add));

    let outcomes = Memo::new(move |_| -> Vec<RowOutcome> {
        match loaded.get() {
            Loaded::Nothing => Vec::new(),
            Loaded::Pasted => pasted.with(|t| lines(t)),
            Loaded::Csv { table, .. } => mapping.with(|m| rows(&table, has_header.get(), m)),
            Loaded::Json { drafts, .. } => drafts
                .into_iter()
                .enumerate()
                .map(|(i, d)| RowOutcome { line: i + 1, draft: Some(d), notes: Vec::new() })
                .collect(),
        }
    });
    let importable = move || outcomes.with(|o| o.iter().filter(|r| r.draft.is_some()).count());

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::picked_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            let read =
                crate::browser::read_file(&file, csv::MAX_BYTES, |size| CsvError::TooLarge(size).to_string()).await;
            let result = read.and_then(|bytes| load(file.name(), &bytes));
            match result {
                Ok(l) => {
                    if let Loaded::Csv { detected, .. } = &l {
                        mapping.set(detected.mapping.clone());
                        has_header.set(detected.has_header);
                    }
                    loaded.set(l);
                    error.set(None);
                }
                Err(e) => {
                    loaded.set(Loaded::Nothing);
                    error.set(Some(e));
                }
            }
        });
    };

    let confirm = move |_| {
        let drafts: Vec<StoryDraft> = outcomes.with_untracked(|o| o.iter().filter_map(|r| r.draft.clone()).collect());
        let n = drafts.len();
        match store.dispatch(Action::ImportStories { drafts, at: at.get_untracked() }) {
            Ok(_) => {
                ui.announcement.set(format!("Imported {n} {}.", if n == 1 { "story" } else { "stories" }));
                ui.dialog.set(Dialog::None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    let summary = move || match loaded.get() {
        Loaded::Csv { name, table, detected } => Some(format!(
            "{name}: looks like {}; {} rows, {}-separated, {}{}.",
            detected.source,
            table.records.len() - usize::from(has_header.get()),
            table.delimiter_name(),
            table.encoding,
            match detected.preamble {
                0 => String::new(),
                1 => "; the line above the header row is left out".into(),
                n => format!("; the {n} lines above the header row are left out"),
            }
        )),
        Loaded::Json { name, drafts } => Some(format!("{name}: a SprintDeck board with {} stories.", drafts.len())),
        _ => None,
    };

    let mapping_view = move || {
        let Loaded::Csv { table, detected, .. } = loaded.get() else { return None };
        let header = has_header.get();
        let names: Vec<String> = detected
            .columns
            .iter()
            .enumerate()
            .map(|(i, n)| if header { n.clone() } else { format!("Column {}", i + 1) })
            .collect();
        let sample_row = table.records.get(usize::from(header)).cloned();
        let options = move |names: &[String]| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let sample = sample_row
                        .as_ref()
                        .and_then(|r| r.fields.get(i))
                        .map(|s| s.chars().take(24).collect::<String>());
                    let text = match sample {
                        Some(s) if !s.is_empty() => format!("{n} (e.g. {s})"),
                        _ => n.clone(),
                    };
                    view! { <option value=i.to_string()>{text}</option> }
                })
                .collect_view()
        };
        let selects = Target::ALL
            .into_iter()
            .map(|t| {
                let auto = detected.mapping.get(t).clone();
                let multi = auto.len() > 1;
                let value = move || {
                    mapping.with(|m| match m.get(t).as_slice() {
                        [] => String::new(),
                        [i] => i.to_string(),
                        _ => "auto".into(),
                    })
                };
                let auto_for_change = auto.clone();
                view! {
                    <label class="field">
                        <span>{t.label()}</span>
                        <select
                            class="input"
                            prop:value=value
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let cols = match v.as_str() {
                                    "" => Vec::new(),
                                    "auto" => auto_for_change.clone(),
                                    n => n.parse().map(|i| vec![i]).unwrap_or_default(),
                                };
                                mapping.update(|m| *m.get_mut(t) = cols);
                            }
                        >
                            <option value="">"— not imported —"</option>
                            {multi
                                .then(|| {
                                    view! {
                                        <option value="auto">{format!("{} columns, combined", auto.len())}</option>
                                    }
                                })}
                            {options(&names)}
                        </select>
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="mapping">
                <legend>"Columns"</legend>
                <label class="check-field">
                    <input
                        type="checkbox"
                        prop:checked=has_header
                        on:change=move |ev| has_header.set(event_target_checked(&ev))
                    />
                    "The first row is a header"
                </label>
                <div class="mapping-grid">{selects}</div>
            </fieldset>
        })
    };

    let preview = move || {
        outcomes.with(|o| {
            if o.is_empty() {
                return None;
            }
            let skipped = o.iter().filter(|r| r.draft.is_none()).count();
            let rows = o
                .iter()
                .filter_map(|r| r.draft.as_ref())
                .take(PREVIEW_ROWS)
                .map(|d| {
                    view! {
                        <tr>
                            <td>{d.title.clone()}</td>
                            <td>{d.estimate.map(|p| p.to_string()).unwrap_or_default()}</td>
                            <td>{d.status.label()}</td>
                            <td>{d.tags.join(", ")}</td>
                        </tr>
                    }
                })
                .collect_view();
            let noted: Vec<String> = o
                .iter()
                .filter(|r| !r.notes.is_empty())
                .map(|r| format!("Line {}: {}", r.line, r.notes.join("; ")))
                .collect();
            let more = noted.len().saturating_sub(NOTES_SHOWN);
            let notes = noted.into_iter().take(NOTES_SHOWN).map(|n| view! { <li>{n}</li> }).collect_view();
            Some(view! {
                <p class="import-count" role="status">
                    {format!("{} stories ready to import", o.len() - skipped)}
                    {(skipped > 0).then(|| format!("; {skipped} rows will be skipped"))}
                    "."
                </p>
                <div class="table-scroll">
                    <table class="preview" aria-label="Preview">
                        <thead>
                            <tr>
                                <th scope="col">"Title"</th>
                                <th scope="col">"Points"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Tags"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <ul class="notes" aria-label="Rows skipped or adjusted">
                    {notes}
                    {(more > 0).then(|| view! { <li>{format!("… and {more} more")}</li> })}
                </ul>
            })
        })
    };

    view! {
        <Modal title="Import stories" class="dialog-wide" on_close=Callback::new(move |_| ui.dialog.set(Dialog::None))>
            <div class="import-source">
                <label class="field">
                    <span>"Paste one story per line"</span>
                    <textarea
                        class="input"
                        rows="4"
                        on:input=move |ev| {
                            pasted.set(event_target_value(&ev));
                            loaded.set(Loaded::Pasted);
                            error.set(None);
                        }
                    ></textarea>
                </label>
                <label class="field">
                    <span>
                        "or choose a CSV export (Jira, Azure DevOps, GitHub, Rally, Trello, a spreadsheet) or a SprintDeck JSON file"
                    </span>
                    <input
                        class="input"
                        type="file"
                        accept=".csv,.tsv,.txt,.json,text/csv,text/plain,application/json"
                        on:change=on_file
                    />
                </label>
            </div>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <p class="muted">{summary}</p>
            {mapping_view}
            {preview}
            <div class="dialog-actions">
                <select
                    class="input input-inline"
                    aria-label="Where imported stories go"
                    on:change=move |ev| {
                        at.set(if event_target_value(&ev) == "top" { AddAt::Top } else { AddAt::Bottom })
                    }
                >
                    <option value="bottom" selected=move || at.get() == AddAt::Bottom>
                        "Add at the bottom"
                    </option>
                    <option value="top" selected=move || at.get() == AddAt::Top>
                        "Add at the top"
                    </option>
                </select>
                <span class="spacer"></span>
                <button type="button" class="btn" on:click=move |_| ui.dialog.set(Dialog::None)>
                    "Cancel"
                </button>
                <button type="button" class="btn btn-primary" disabled=move || importable() == 0 on:click=confirm>
                    {move || match importable() {
                        0 => "Import".to_owned(),
                        1 => "Import 1 story".to_owned(),
                        n => format!("Import {n} stories"),
                    }}
                </button>
            </div>
        </Modal>
    }
}
