//! Every CSV export in tests/fixtures/csv (real files from Jira, Azure DevOps, GitHub, Rally,
//! Trello, Plane, Linear and spreadsheets; see SOURCES.md there) imports as expected, and broken
//! files get the exact errors users will read.
#![cfg(not(target_arch = "wasm32"))]

use sprintdeck_core::codec::backlog_csv::{RowOutcome, detect, prepare, rows};
use sprintdeck_core::codec::csv::{self, CsvError, Encoding};

struct Expect {
    file: &'static str,
    source: &'static str,
    imported: usize,
    skipped: usize,
    estimated: usize,
    first_title: &'static str,
}

const EXPECTED: &[Expect] = &[
    Expect {
        file: "azure-devops-assigned-to-me-bom-quoted.csv",
        source: "Azure DevOps",
        imported: 142,
        skipped: 0,
        estimated: 0,
        first_title: "HMD Admin Product Parts - PI25B - DAY1",
    },
    Expect {
        file: "azure-devops-fa-persian-html-desc-bom-truncated.csv",
        source: "Azure DevOps",
        imported: 625,
        skipped: 0,
        estimated: 0,
        first_title: "اشکالات دیتامدلی و اکچر",
    },
    Expect {
        file: "azure-devops-query-export-basic.csv",
        source: "Azure DevOps",
        imported: 55,
        skipped: 0,
        estimated: 0,
        first_title: "Implement the home page in HTML/CSS",
    },
    Expect {
        file: "azure-devops-tree-titles-semicolon-bom.csv",
        source: "Azure DevOps",
        imported: 18,
        skipped: 0,
        estimated: 0,
        first_title: "Emergency Response Management",
    },
    Expect {
        file: "azure-devops-tree-titles-semicolon-crlf.csv",
        source: "Azure DevOps",
        imported: 52,
        skipped: 0,
        estimated: 52,
        first_title: "User Management",
    },
    Expect {
        file: "generic-backlog-zh-cjk-quoted-truncated.csv",
        source: "a spreadsheet or another tool",
        imported: 131,
        skipped: 0,
        estimated: 0,
        first_title: "[#001] 清理 analyzer：lib/features/provider/pages/provider_detail_page.dart（100 条）",
    },
    Expect {
        file: "github-csv-tools-title-body-labels.csv",
        source: "a spreadsheet or another tool",
        imported: 116,
        skipped: 0,
        estimated: 0,
        first_title: "Add npx convex deploy command to Vercel",
    },
    Expect {
        file: "github-gh-cli-issue-list-tsv-openra-truncated.csv",
        source: "a list without a header row",
        imported: 1859,
        skipped: 0,
        estimated: 0,
        first_title: "Engine / Mod credit tab highlighting doesn't work",
    },
    Expect {
        file: "github-import-malformed-unescaped-quotes.csv",
        source: "a spreadsheet or another tool",
        imported: 19,
        skipped: 17,
        estimated: 0,
        first_title: "Create Basic UI - Main Window",
    },
    Expect {
        file: "github-issues-de-semicolon-space-no-header.csv",
        source: "a list without a header row",
        imported: 68,
        skipped: 0,
        estimated: 0,
        first_title: "OVI Abteilung ergänzen",
    },
    Expect {
        file: "github-issues-ePO-trailing-empty-headers.csv",
        source: "a spreadsheet or another tool",
        imported: 102,
        skipped: 0,
        estimated: 0,
        first_title: "Remove LotAwardLimit the mapping of the current forms uses hasMaximumNumberOfLotsToBeAwarded",
    },
    Expect {
        file: "github-rest-api-flattened-bom-crlf.csv",
        source: "GitHub",
        imported: 1,
        skipped: 0,
        estimated: 0,
        first_title: "testissue",
    },
    Expect {
        file: "jira-ala-taxonomic-cp1252.csv",
        source: "Jira",
        imported: 44,
        skipped: 0,
        estimated: 0,
        first_title: "Different NSL Namespaces for different taxon IDs in ALA",
    },
    Expect {
        file: "jira-cloud-cs4483-game-course.csv",
        source: "Jira",
        imported: 68,
        skipped: 0,
        estimated: 0,
        first_title: "Deliverable 1 — Final Integration & Formatting (Bella)",
    },
    Expect {
        file: "jira-cloud-current-fields-ascii-bom.csv",
        source: "Jira",
        imported: 20,
        skipped: 0,
        estimated: 0,
        first_title: "As a delivery person, I want to view my assigned deliveries and use the \"Get Directions\" feature to navigate to the customer's address.",
    },
    Expect {
        file: "jira-cloud-es-localized-headers-crlf.csv",
        source: "Jira",
        imported: 106,
        skipped: 0,
        estimated: 0,
        first_title: "Front - Pantalla Clientes Accion Detalles Vista Operadores",
    },
    Expect {
        file: "jira-cloud-es-notas-hexagonal.csv",
        source: "Jira",
        imported: 56,
        skipped: 0,
        estimated: 0,
        first_title: "Desarrollo de CRUDS",
    },
    Expect {
        file: "jira-cloud-extreme-dup-columns-bom-truncated.csv",
        source: "Jira",
        imported: 47,
        skipped: 0,
        estimated: 1,
        first_title: "",
    },
    Expect {
        file: "jira-cloud-nautilus-wallet-multi-sprint.csv",
        source: "Jira",
        imported: 192,
        skipped: 0,
        estimated: 0,
        first_title: "Bookmarked Payment: Send or Pull from Deleted Wallet",
    },
    Expect {
        file: "jira-cloud-nl-points-9-logwork-cols.csv",
        source: "Jira",
        imported: 83,
        skipped: 0,
        estimated: 42,
        first_title: "Readme klaarmaken voor overdracht",
    },
    Expect {
        file: "jira-cloud-pl-qa-links.csv",
        source: "Jira",
        imported: 34,
        skipped: 0,
        estimated: 0,
        first_title: "Walidacja pola \"Description\" test case",
    },
    Expect {
        file: "jira-cloud-pt-br-game-bugs-truncated.csv",
        source: "Jira",
        imported: 69,
        skipped: 0,
        estimated: 0,
        first_title: "BUG: Valor de troféu não é atualizado durante a sessão",
    },
    Expect {
        file: "jira-cloud-redisprint-multiline.csv",
        source: "Jira",
        imported: 5,
        skipped: 0,
        estimated: 0,
        first_title: "Create Comprehensive Project Documentation",
    },
    Expect {
        file: "jira-cloud-testautogen-comments.csv",
        source: "Jira",
        imported: 22,
        skipped: 0,
        estimated: 0,
        first_title: "Enable Selinium scripts to also test Pega apps/iframes/etc",
    },
    Expect {
        file: "jira-cloud-vi-attendance-bom.csv",
        source: "Jira",
        imported: 239,
        skipped: 0,
        estimated: 32,
        first_title: "Tạo các folder cần thiết để code backend",
    },
    Expect {
        file: "jira-cloud-vi-current-fields-bom.csv",
        source: "Jira",
        imported: 111,
        skipped: 0,
        estimated: 0,
        first_title: "Biểu đồ UseCase Chi Tiết",
    },
    Expect {
        file: "jira-import-style-semicolon-bom.csv",
        source: "a spreadsheet or another tool",
        imported: 20,
        skipped: 0,
        estimated: 0,
        first_title: "Account",
    },
    Expect {
        file: "jira-one-issue-739-empty-comma-rows-crlf.csv",
        source: "Jira",
        imported: 1,
        skipped: 0,
        estimated: 0,
        first_title: "",
    },
    Expect {
        file: "linear-importer-input-pipe-criteria.csv",
        source: "a spreadsheet or another tool",
        imported: 10,
        skipped: 0,
        estimated: 0,
        first_title: "Authentication",
    },
    Expect {
        file: "plane-export-single-row.csv",
        source: "a spreadsheet or another tool",
        imported: 1,
        skipped: 0,
        estimated: 0,
        first_title: "Make smooth",
    },
    Expect {
        file: "rally-features-quadruple-quotes.csv",
        source: "Rally",
        imported: 28,
        skipped: 0,
        estimated: 0,
        first_title: "",
    },
    Expect {
        file: "rally-user-stories-pt-bom-quoted.csv",
        source: "Rally",
        imported: 86,
        skipped: 0,
        estimated: 86,
        first_title: "",
    },
    Expect {
        file: "spreadsheet-backlog-es-cp1252-multiline.csv",
        source: "a spreadsheet or another tool",
        imported: 31,
        skipped: 0,
        estimated: 31,
        first_title: "",
    },
    Expect {
        file: "spreadsheet-backlog-nb-norwegian-ragged-rows.csv",
        source: "a spreadsheet or another tool",
        imported: 7,
        skipped: 1,
        estimated: 0,
        first_title: "",
    },
    Expect {
        file: "trello-export-vi-lossy-cp1252-crlf.csv",
        source: "Trello",
        imported: 11,
        skipped: 0,
        estimated: 0,
        first_title: "Xây d?ng website ??t phòng khách s?n+ database",
    },
];

fn import(file: &str) -> (String, Vec<RowOutcome>, csv::Table) {
    let path = format!("{}/tests/fixtures/csv/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = csv::read(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (table, detected) = prepare(table);
    let out = rows(&table, detected.has_header, &detected.mapping);
    (detected.source.to_owned(), out, table)
}

#[test]
fn every_fixture_imports_as_expected() {
    let listed: Vec<&str> = EXPECTED.iter().map(|e| e.file).collect();
    let on_disk = std::fs::read_dir(format!("{}/tests/fixtures/csv", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .count();
    assert_eq!(on_disk, listed.len(), "every fixture has an expectation");
    for e in EXPECTED {
        let (source, out, _) = import(e.file);
        let imported: Vec<_> = out.iter().filter_map(|r| r.draft.as_ref()).collect();
        assert_eq!(source, e.source, "{}", e.file);
        assert_eq!(imported.len(), e.imported, "{} imported", e.file);
        assert_eq!(out.len() - imported.len(), e.skipped, "{} skipped", e.file);
        assert_eq!(imported.iter().filter(|d| d.estimate.is_some()).count(), e.estimated, "{} estimated", e.file);
        if !e.first_title.is_empty() {
            assert_eq!(imported[0].title, e.first_title, "{}", e.file);
        }
        for d in &imported {
            let clean = d.clean().unwrap_or_else(|err| panic!("{}: {err} in {:?}", e.file, d.title));
            assert!(!clean.title.is_empty());
        }
        for r in out.iter().filter(|r| r.draft.is_none()) {
            assert!(!r.notes.is_empty(), "{} line {} skipped without a reason", e.file, r.line);
        }
    }
}

#[test]
fn details_of_notable_files() {
    // Non-UTF-8 spreadsheets are read as Windows-1252, accents intact.
    let (_, out, table) = import("spreadsheet-backlog-es-cp1252-multiline.csv");
    assert_eq!(table.encoding, Encoding::Windows1252);
    let first = out[0].draft.as_ref().unwrap();
    assert_eq!(first.title, "Definir la tecnología e infraestructura requerida para la BD espacial de producción");
    assert_eq!(first.estimate.map(|p| p.to_string()).as_deref(), Some("3"));
    assert!(first.acceptance.contains('\n'), "multi-line acceptance criteria survive");

    // Jira: labels from several columns plus the issue type become tags; statuses map.
    let (_, out, _) = import("jira-cloud-cs4483-game-course.csv");
    let first = out[0].draft.as_ref().unwrap();
    assert_eq!(first.tags, ["Task", "documentation"]);
    assert_eq!(first.status, sprintdeck_core::domain::Status::Done);

    // Rally: Plan Estimate is the points column; acceptance criteria have their own column.
    let (_, out, _) = import("rally-user-stories-pt-bom-quoted.csv");
    let first = out[0].draft.as_ref().unwrap();
    assert_eq!(first.estimate.map(|p| p.to_string()).as_deref(), Some("2"));
    assert!(out.iter().filter_map(|r| r.draft.as_ref()).any(|d| !d.acceptance.is_empty()));

    // No header, "; " separator: the title column is found and labels become tags.
    let (_, out, table) = import("github-issues-de-semicolon-space-no-header.csv");
    assert_eq!(table.delimiter, b';');
    assert_eq!(
        out[0].draft.as_ref().unwrap().tags,
        ["disposition", "dringend", "ENHANCEMENT", "fahrer", "fahrgast-auftrag", "P4", "wichtig"]
    );

    // A title longer than 200 characters keeps its start; the whole text moves to the description.
    let (_, out, _) = import("spreadsheet-backlog-nb-norwegian-ragged-rows.csv");
    let long = out.iter().find(|r| !r.notes.is_empty() && r.draft.is_some()).unwrap();
    let d = long.draft.as_ref().unwrap();
    assert!(d.title.ends_with('…') && d.title.chars().count() == 200);
    assert!(d.description.starts_with(d.title.trim_end_matches('…')));
    let skipped = out.iter().find(|r| r.draft.is_none()).unwrap();
    assert_eq!(skipped.line, 14);
    assert_eq!(
        skipped.notes[0],
        "has 12 fields where the other rows have 10, so its columns do not line up (usually a quote inside a field that is not doubled, or an unquoted comma); skipped"
    );

    // Doubled quotes inside already-quoted titles are collapsed once more.
    let (_, out, _) = import("rally-features-quadruple-quotes.csv");
    assert!(out.iter().filter_map(|r| r.draft.as_ref()).all(|d| !d.title.contains("\"\"")));
}

#[test]
fn broken_files_get_exact_errors() {
    assert_eq!(csv::read(b""), Err(CsvError::Empty));
    assert_eq!(CsvError::Empty.to_string(), "The file is empty.");
    let unbalanced = b"Title,Points\nFirst,3\n\"Second, with a stray quote,5\nThird,8\n";
    assert_eq!(csv::read(unbalanced), Err(CsvError::UnclosedQuote { line: 3 }));
    let mut five_mb = "Title,Points\n".to_string() + &"A story title that repeats,3\n".repeat(5 * 1024 * 1024 / 29 + 1);
    five_mb.truncate(5 * 1024 * 1024);
    let err = csv::read(five_mb.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The file is 5.0 MB; files up to 4 MB can be imported. Split it, or export fewer columns."
    );
    // Wrong column count: the row is skipped with its line and the reason.
    let ragged = csv::read(b"Title,Points,Status\nGood,3,Done\nBad,3,Done,extra,more\nAlso good,5,New\n").unwrap();
    let d = detect(&ragged);
    let out = rows(&ragged, d.has_header, &d.mapping);
    assert_eq!(out.iter().filter(|r| r.draft.is_some()).count(), 2);
    assert_eq!(out[1].line, 3);
    assert_eq!(
        out[1].notes,
        [
            "has 5 fields where the other rows have 3, so its columns do not line up (usually a quote inside a field that is not doubled, or an unquoted comma); skipped"
        ]
    );
}

/// Small files made for the cases the real exports above do not cover: headers in the languages
/// Jira, Azure DevOps and GitHub export in, a header row below other lines, and title columns
/// chosen by what their headers mean.
mod headers_by_meaning {
    use sprintdeck_core::codec::backlog_csv::{Target, prepare, rows};
    use sprintdeck_core::codec::csv;
    use sprintdeck_core::domain::{Points, Status};

    /// A story as imported: its title, estimate and status.
    type Imported = (String, Option<Points>, Status);

    /// The stories a file imports as, with the tool it was taken for and the lines left out
    /// above its header.
    fn import(text: &str) -> (&'static str, usize, Vec<Imported>) {
        let (table, d) = prepare(csv::read(text.as_bytes()).unwrap());
        let stories = rows(&table, d.has_header, &d.mapping)
            .into_iter()
            .filter_map(|r| r.draft)
            .map(|d| (d.title, d.estimate, d.status))
            .collect();
        (d.source, d.preamble, stories)
    }

    #[test]
    fn jira_exports_in_other_languages_read_their_summary_estimate_and_status() {
        let files = [
            // French, with the story points in Jira's custom-field wrapper.
            "Résumé,Clé de ticket,Type de ticket,État,Priorité,Champ personnalisé (Story Points),Description\n\
             Paiement par carte,PAY-1,Story,À faire,Haute,5,Le client paie\n",
            "Zusammenfassung,Vorgangsschlüssel,Vorgangstyp,Status,Priorität,Benutzerdefiniertes Feld (Story Points)\n\
             Paiement par carte,PAY-1,Story,Zu erledigen,Hoch,5\n",
            "Resumen,Clave de incidencia,Tipo de incidencia,Estado,Prioridad,Campo personalizado (Puntos de historia)\n\
             Paiement par carte,PAY-1,Historia,Por hacer,Alta,5\n",
            "Resumo,Chave do item,Tipo de item,Status,Prioridade,Campo personalizado (Story Points)\n\
             Paiement par carte,PAY-1,História,A fazer,Alta,5\n",
            "Riepilogo,Chiave ticket,Tipo di ticket,Stato,Priorità,Campo personalizzato (Story Points)\n\
             Paiement par carte,PAY-1,Storia,Da fare,Alta,5\n",
            "Samenvatting,Sleutel,Type,Status,Prioriteit,Aangepast veld (Story Points)\n\
             Paiement par carte,PAY-1,Story,Te doen,Hoog,5\n",
            "Podsumowanie,Klucz zgłoszenia,Typ zgłoszenia,Status,Priorytet,Pole niestandardowe (Story Points)\n\
             Paiement par carte,PAY-1,Historyjka,Do zrobienia,Wysoki,5\n",
            "要約,課題キー,課題タイプ,ステータス,優先度,カスタムフィールド (ストーリーポイント)\n\
             Paiement par carte,PAY-1,ストーリー,未着手,高,5\n",
            "概要,问题关键字,问题类型,状态,优先级,自定义字段 (故事点)\nPaiement par carte,PAY-1,故事,待办,高,5\n",
        ];
        for file in files {
            let (source, _, stories) = import(file);
            assert_eq!(source, "Jira", "{file}");
            assert_eq!(stories, [("Paiement par carte".into(), Some(Points::from_whole(5)), Status::New)], "{file}");
        }
        // Azure DevOps and GitHub in other languages: the title and the estimate.
        for file in [
            "ID,Work Item Type,Título,Estado,Story Points\n7,User Story,Paiement par carte,Nuevo,5\n",
            "title,body,labels,Story Points\nPaiement par carte,Le client paie,\"web, pay\",5\n",
            "Titel,Beschreibung,Schätzung\nPaiement par carte,Le client paie,5\n",
            "Titre,Description,Estimation\nPaiement par carte,Le client paie,5\n",
            "标题,描述,估算\nPaiement par carte,Le client paie,5\n",
        ] {
            let (_, _, stories) = import(file);
            assert_eq!(stories[0].0, "Paiement par carte", "{file}");
            assert_eq!(stories[0].1, Some(Points::from_whole(5)), "{file}");
        }
    }

    #[test]
    fn a_header_row_below_a_title_line_is_found() {
        let (source, preamble, stories) = import(
            "Product backlog,,,\nExported 2026-11-30,,,\nSummary,Story Points,Status,Notes\nSign up,3,Done,\nLog in,5,,\n",
        );
        assert_eq!((source, preamble), ("a spreadsheet or another tool", 2));
        assert_eq!(
            stories,
            [
                ("Sign up".into(), Some(Points::from_whole(3)), Status::Done),
                ("Log in".into(), Some(Points::from_whole(5)), Status::New)
            ]
        );
    }

    #[test]
    fn a_spreadsheet_with_epics_stories_and_an_estimate_in_sp_takes_the_story_as_title() {
        // What a planning sheet looks like: a row of empty cells, a title, then the header.
        let text = ",,,,\nQ3 plan,,,,\nEpics,User Story,Tasks,Estimate (SP),Owner\n\
                    Payments,Pay by card,\"API, UI\",5,Ann\nPayments,Refunds,,3,Bo\n,Invoices,,8,Cy\n";
        let (table, d) = prepare(csv::read(text.as_bytes()).unwrap());
        assert_eq!(d.preamble, 1, "the empty row is no record; the title line is left out");
        let column = |t: Target| d.mapping.get(t).iter().map(|c| d.columns[*c].as_str()).collect::<Vec<_>>();
        assert_eq!(column(Target::Title), ["User Story"]);
        assert_eq!(column(Target::Estimate), ["Estimate (SP)"]);
        assert_eq!(column(Target::Tags), ["Epics"]);
        assert_eq!(column(Target::Description), ["Tasks"]);
        let drafts: Vec<_> = rows(&table, d.has_header, &d.mapping).into_iter().filter_map(|r| r.draft).collect();
        assert_eq!(drafts.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Pay by card", "Refunds", "Invoices"]);
        assert_eq!(
            drafts.iter().map(|d| d.estimate.map(|p| p.0 / 100)).collect::<Vec<_>>(),
            [Some(5), Some(3), Some(8)]
        );
        assert_eq!(drafts[0].tags, ["Payments"]);
    }

    #[test]
    fn title_columns_are_ranked_by_what_they_name() {
        let title = |header: &str| {
            let (_, d) = prepare(
                csv::read(format!("{header}\n{}\n", vec!["x"; header.split(',').count()].join(",")).as_bytes())
                    .unwrap(),
            );
            d.mapping.get(Target::Title).iter().map(|c| d.columns[*c].clone()).collect::<Vec<_>>().join("+")
        };
        assert_eq!(title("Epic,Feature,Story,Summary"), "Summary");
        assert_eq!(title("Epics,Stories"), "Stories");
        assert_eq!(title("Epic,Feature"), "Feature");
        assert_eq!(title("Epics,Tasks"), "Tasks");
        assert_eq!(title("Epics,Estimate"), "Epics");
        assert_eq!(title("Title 1 (Epic),Title 2 (Feature),Title 3"), "Title 1 (Epic)+Title 2 (Feature)+Title 3");
    }
}

/// The figures of the async round's links for 30 real stories (titles and acceptance criteria
/// from a real backlog export) and answers from 8 voters: each must fit a chat message.
#[test]
fn async_links_for_thirty_real_stories_fit_a_chat_message() {
    use sprintdeck_core::codec::base64url;
    use sprintdeck_core::codec::poker_link::{self, BatchInvite, Picks};
    use sprintdeck_core::domain::batch::{CHAT_MAX, CRITERIA_MAX};
    use sprintdeck_core::domain::poker::{Confidence, builtin_decks};
    // What a deployed link adds before the payload.
    let origin = "https://sprintdeck.example.org/#/open/".len();
    // Stories with acceptance criteria first (from every export that has them), then others.
    let mut all: Vec<_> = EXPECTED.iter().flat_map(|e| import(e.file).1.into_iter().filter_map(|r| r.draft)).collect();
    all.sort_by_key(|d| d.acceptance.trim().is_empty());
    let drafts: Vec<_> = all.into_iter().take(30).collect();
    let with_criteria = drafts.iter().filter(|d| !d.acceptance.trim().is_empty()).count();
    let invite = |with_criteria: bool| BatchInvite {
        round: u64::MAX / 3,
        deadline: Some("2026-12-11".parse().unwrap()),
        deck: builtin_decks().remove(0),
        stories: drafts
            .iter()
            .map(|d| {
                let criteria: String = d.acceptance.chars().take(CRITERIA_MAX).collect();
                (d.title.clone(), if with_criteria { criteria } else { String::new() })
            })
            .collect(),
        facilitator_key: vec![4; 65],
    };
    let bare = origin + poker_link::encode_batch_invite(&invite(false)).len();
    let full = origin + poker_link::encode_batch_invite(&invite(true)).len();
    let names = ["Ann", "Bogdan", "Chiara", "Dmitri", "Esperanza", "Fatima", "Guðrún", "Hiroshi Takahashi"];
    let answers: Vec<usize> = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let picks: Picks = (0..30)
                .map(|i| Some(((i + k) % 8, Some(Confidence::ALL[(i + k) % 3]), 20 + (i * 37 % 400) as u32)))
                .collect();
            let plain = poker_link::answer_plain(name, 1_764_000_000_000, &picks);
            // Header (82 bytes), IV (12), ciphertext (the plaintext and a 16-byte tag).
            origin + base64url::encode(&vec![0u8; 82 + 12 + plain.len() + 16]).len()
        })
        .collect();
    println!(
        "30 stories ({with_criteria} with acceptance criteria): invite {bare} characters with titles only, {full} with criteria; answers from 8 voters {}..{} characters",
        answers.iter().min().unwrap(),
        answers.iter().max().unwrap()
    );
    assert!(bare <= CHAT_MAX && answers.iter().all(|a| *a <= CHAT_MAX), "titles-only invites and answers fit");
    assert!(full <= CHAT_MAX, "with criteria cut to {CRITERIA_MAX} characters each: {full}");
}
