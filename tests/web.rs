//! Browser tests: storage and components in a real (headless) Chromium, run by
//! `cargo xtask test` through wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use sprintdeck::backlog::quick_add::QuickAdd;
use sprintdeck::backlog::story_list::StoryList;
use sprintdeck::backlog::view_state::BacklogUi;
use sprintdeck::domain::{Action, AddAt, Board, BoardId, StoryDraft};
use sprintdeck::state::decoders::Decoders;
use sprintdeck::state::{Library, Notices, Store, persist};
use sprintdeck::storage::format::{decode_board, encode_board};
use sprintdeck::storage::{Key, StorageError, local};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A store over what this browser has stored, as the app opens it.
fn open_stored() -> Store {
    Store::open(persist::open_stored(sprintdeck::browser::now_ms(), &Decoders::direct()), Notices::new())
}

fn clear_storage() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
fn a_board_round_trips_through_local_storage() {
    clear_storage();
    let mut board = Board::new(BoardId(42), "Round trip".into(), 1);
    let ctx = sprintdeck::domain::Ctx { now: 2, site: 3 };
    for title in ["Ünïcödé ✓", "<b>not bold</b>", "line\nbreak"] {
        board.apply(&Action::AddStory { draft: StoryDraft::titled(title), at: AddAt::Bottom }, &ctx).unwrap();
    }
    let key = Key::Board(board.id);
    local::write_text(&key, &encode_board(&board)).unwrap();
    let text = local::read(&key).unwrap().expect("stored");
    assert_eq!(decode_board(&text).unwrap(), board);
    assert!(local::own_keys().contains(&key));
}

#[wasm_bindgen_test]
fn a_full_storage_is_reported_as_full() {
    clear_storage();
    let patch = js_sys::Function::new_no_args(
        "window.__setItem = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };",
    );
    let restore = js_sys::Function::new_no_args("Storage.prototype.setItem = window.__setItem;");
    patch.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let result = local::write(&Key::Site, "x");
    let text_result = local::write_text(&Key::Site, "x");
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(result, Err(StorageError::Full));
    assert_eq!(text_result, Err(StorageError::Full));
    assert_eq!(local::write(&Key::Site, "x"), Ok(()));
}

#[wasm_bindgen_test]
async fn the_store_saves_what_is_dispatched() {
    clear_storage();
    let store = open_stored();
    let id = store.board().get_untracked().id;
    store.dispatch(Action::AddStory { draft: StoryDraft::titled("Persist me"), at: AddAt::Bottom }).unwrap();
    store.save_now();
    let text = local::read(&Key::Board(id)).unwrap().expect("saved");
    let saved = decode_board(&text).unwrap();
    assert_eq!(saved.stories[0].title, "Persist me");
}

#[wasm_bindgen_test]
async fn quick_add_adds_a_row_when_clicked() {
    clear_storage();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), || {
        let store = Store::in_memory(Board::new(BoardId(7), "Test".into(), 0));
        provide_context(store);
        provide_context(BacklogUi::new(store));
        view! {
            <QuickAdd />
            <StoryList />
        }
    });
    let input: web_sys::HtmlInputElement = host.query_selector("input").unwrap().unwrap().unchecked_into();
    let button: web_sys::HtmlElement =
        host.query_selector(".quick-add button[type=submit]").unwrap().unwrap().unchecked_into();
    assert!(host.query_selector("li.story").unwrap().is_none());

    input.set_value("Clicked into existence");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    button.click();
    leptos::task::tick().await;

    let row = host.query_selector("li.story").unwrap().expect("a row after the click");
    assert!(row.text_content().unwrap().contains("Clicked into existence"));
    assert_eq!(input.value(), "", "the field is cleared for the next story");

    // An empty title is refused with a message and adds nothing.
    button.click();
    leptos::task::tick().await;
    assert_eq!(host.query_selector_all("li.story").unwrap().length(), 1);
    let alert = host.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(alert.text_content().unwrap(), "The title cannot be empty.");
}

#[wasm_bindgen_test]
fn a_backup_of_all_boards_names_the_boards_it_cannot_read() {
    clear_storage();
    let readable = Board::new(BoardId(0xa), "Readable".into(), 1);
    local::write_text(&Key::Board(readable.id), &encode_board(&readable)).unwrap();
    let store = open_stored();
    assert_eq!(store.board().get_untracked().id, readable.id);
    // A board that became unreadable after the app opened (another tab, an extension, a disk error).
    local::write_text(&Key::Board(BoardId(0xb)), "{ not json").unwrap();
    let (boards, unreadable) = Library::new(store, Notices::new()).all_boards();
    assert_eq!(boards.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["Readable"]);
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].starts_with("“board b” ("), "{}", unreadable[0]);
}

/// The sealed link fixtures (sealed with WebCrypto as the app seals them) still open with their
/// passphrase and key, to what their plain counterparts hold.
#[wasm_bindgen_test]
async fn sealed_link_fixtures_still_open() {
    use sprintdeck::browser::crypto;
    use sprintdeck::codec::share::{self, Envelope};
    use sprintdeck::codec::{base64url, kinds, poker_link};
    const PASSPHRASE: &str = "correct horse battery staple";
    let fixtures = [
        (
            include_str!("../core/tests/fixtures/links/board-sealed-v1.txt"),
            include_str!("../core/tests/fixtures/links/board-v1.txt"),
        ),
        (
            include_str!("../core/tests/fixtures/links/board-sealed-v2.txt"),
            include_str!("../core/tests/fixtures/links/board-v2-poker-capacity.txt"),
        ),
        (
            include_str!("../core/tests/fixtures/links/board-sealed-v3.txt"),
            include_str!("../core/tests/fixtures/links/board-v3.txt"),
        ),
        (
            include_str!("../core/tests/fixtures/links/board-sealed-v4.txt"),
            include_str!("../core/tests/fixtures/links/board-v5.txt"),
        ),
    ];
    for (sealed, plain) in fixtures {
        let Ok(Envelope::Sealed { body, iterations, salt, iv, ciphertext }) = share::open(sealed.trim()) else {
            panic!("sealed")
        };
        assert!(crypto::unseal("wrong", iterations, &salt, &iv, &ciphertext).await.is_err());
        let deflated = crypto::unseal(PASSPHRASE, iterations, &salt, &iv, &ciphertext).await.unwrap();
        assert_eq!(share::inflate(&deflated, body), share::decode(plain.trim()));
    }
    let keys = include_str!("../core/tests/fixtures/links/vote-v1-facilitator-keys.txt");
    let mut lines = keys.lines().map(|l| base64url::decode(l).unwrap());
    let (_public, private) = (lines.next().unwrap(), lines.next().unwrap());
    let Ok(poker_link::PokerLink::Vote(vote)) =
        poker_link::decode(include_str!("../core/tests/fixtures/links/vote-v1.txt").trim())
    else {
        panic!("vote")
    };
    let plain = crypto::open_from(&private, &vote.voter_key, &vote.iv, &vote.ciphertext, &vote.header()).await.unwrap();
    assert_eq!(poker_link::read_vote_plain(vote.kind, &plain), Ok(("Ann".to_owned(), "13".to_owned(), None)));
    // Format 13 carries the voter's confidence; format 12 is an async round's answer.
    use sprintdeck::domain::poker::Confidence;
    let Ok(poker_link::PokerLink::Vote(v2)) =
        poker_link::decode(include_str!("../core/tests/fixtures/links/vote-v2.txt").trim())
    else {
        panic!("vote v2")
    };
    let plain = crypto::open_from(&private, &v2.voter_key, &v2.iv, &v2.ciphertext, &v2.header()).await.unwrap();
    assert_eq!(
        poker_link::read_vote_plain(v2.kind, &plain),
        Ok(("Ann".to_owned(), "13".to_owned(), Some(Confidence::Sure)))
    );
    let Ok(poker_link::PokerLink::Answer(answer)) =
        poker_link::decode(include_str!("../core/tests/fixtures/links/answer-v1.txt").trim())
    else {
        panic!("answer")
    };
    let plain =
        crypto::open_from(&private, &answer.voter_key, &answer.iv, &answer.ciphertext, &answer.header()).await.unwrap();
    let (voter, at, picks) = poker_link::read_answer_plain(&plain).unwrap();
    assert_eq!((voter.as_str(), at), ("Bo", 1_764_000_000_000));
    assert_eq!(picks, vec![Some((3, Some(Confidence::Unsure), 42)), None, Some((5, Some(Confidence::Sure), 7))]);
    let mut changed = answer.clone();
    changed.kind = kinds::POKER_VOTE_2;
    assert!(
        crypto::open_from(&private, &changed.voter_key, &changed.iv, &changed.ciphertext, &changed.header())
            .await
            .is_err(),
        "an answer passed off as a vote is refused"
    );
    let mut tampered = vote.clone();
    tampered.round ^= 1;
    assert!(
        crypto::open_from(&private, &tampered.voter_key, &tampered.iv, &tampered.ciphertext, &tampered.header())
            .await
            .is_err()
    );
}
