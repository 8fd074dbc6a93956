//! Share links: every shareable part round-trips (property tests, 10,000+ cases each), version-1
//! links from the fixtures still open, and broken or hostile links fail with an error, never a
//! panic and never unbounded memory.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use proptest::prelude::*;
use sprintdeck_core::codec::share::{self, LinkError, Part, Shared};
use sprintdeck_core::codec::{base64url, kinds};
use sprintdeck_core::domain::board::{Member, Sprint, SprintResult};
use sprintdeck_core::domain::ids::SprintId;
use sprintdeck_core::domain::poker::{Card, Confidence, Deck, RoundRecord};
use sprintdeck_core::domain::{AddAt, Board, BoardId, Date, MemberId, Points, Status, Story, StoryId};

fn clean_line() -> impl Strategy<Value = String> {
    // Already-clean one-line text: what the app stores (no control characters, single spaces).
    proptest::string::string_regex("[a-zA-Z0-9éü漢😀<>&\"'/#?=]{1,12}( [a-zA-Z0-9éü漢😀<>&\"'/#?=]{1,12}){0,5}")
        .unwrap()
}

fn clean_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        proptest::string::string_regex("[a-z]([a-z ]{0,20}[a-z])?(\n[a-z]{1,10}){0,3}").unwrap()
    ]
}

fn story(seq: u64, site: u64, now: i64) -> impl Strategy<Value = Story> {
    (
        clean_line(),
        clean_text(),
        clean_text(),
        proptest::option::of(0u32..=1_000_000),
        proptest::option::of(0u32..=1000),
        proptest::option::of(0u32..=1000),
        proptest::option::of(0u32..=1000),
        proptest::collection::vec("[a-z]{1,8}", 0..4),
        0usize..4,
        0i64..10_000_000,
        proptest::collection::vec(round(now), 0..3),
    )
        .prop_map(
            move |(title, description, acceptance, estimate, value, tc, rr, mut tags, status, age, rounds)| {
                tags.sort();
                tags.dedup();
                Story {
                    id: StoryId((site << 32) | seq),
                    title,
                    description,
                    acceptance,
                    estimate: estimate.map(Points),
                    value,
                    time_criticality: tc,
                    risk_reduction: rr,
                    tags,
                    status: Status::ALL[status],
                    // Links keep whole seconds before the board's last change.
                    updated_at: now - age * 1000,
                    earlier: Vec::new(),
                    rounds,
                    committed_to: None,
                    completed_in: None,
                }
            },
        )
}

fn card() -> impl Strategy<Value = Card> {
    ("[0-9A-Z?½☕]{1,4}", proptest::option::of(0u32..1_000_000))
        .prop_map(|(label, value)| Card { label, value: value.map(Points) })
}

fn round(now: i64) -> impl Strategy<Value = RoundRecord> {
    (
        0i64..10_000_000,
        clean_line(),
        proptest::collection::vec(("[A-Z][a-z]{0,8}", card()), 0..6),
        0u32..100_000,
        proptest::option::of(card()),
        proptest::collection::vec(proptest::option::of(0usize..3), 6),
    )
        .prop_map(move |(ago, deck, votes, seconds, accepted, sure)| {
            // One confidence per voter name, as a round records it.
            let mut confidence: Vec<(String, Confidence)> = Vec::new();
            for (i, ((who, _), c)) in votes.iter().zip(sure).enumerate() {
                if let Some(c) = c
                    && !votes[..i].iter().any(|(w, _)| w == who)
                {
                    confidence.push((who.clone(), Confidence::ALL[c]));
                }
            }
            RoundRecord { at: now - ago * 1000, deck, votes, confidence, seconds, accepted }
        })
}

fn deck(i: usize) -> impl Strategy<Value = Deck> {
    (clean_line(), proptest::collection::vec(card(), 2..8)).prop_map(move |(name, cards)| {
        let mut seen = std::collections::HashSet::new();
        let mut cards: Vec<Card> = cards.into_iter().filter(|c| seen.insert(c.label.clone())).collect();
        if cards.len() < 2 {
            cards = vec![Card { label: "A".into(), value: None }, Card { label: "B".into(), value: Some(Points(100)) }];
        }
        Deck { key: format!("custom-{i}"), name, cards }
    })
}

fn board() -> impl Strategy<Value = Board> {
    let now = 1_763_800_000_000i64;
    (
        any::<u64>(),
        clean_line(),
        0u64..1_000_000,
        proptest::collection::vec((1u64..3, 1u64..1_000_000), 0..25),
        proptest::collection::vec((clean_line(), 0u8..=100, proptest::collection::vec(19_000i32..21_000, 0..4)), 0..6),
        proptest::collection::vec(
            (clean_line(), 19_000i32..21_000, 1u16..30, proptest::option::of((0u32..9000, 0u32..9000, 0u32..9000))),
            0..5,
        ),
        any::<bool>(),
        (1u8..=12, 0u8..=100, 0u32..100_000, 0usize..3, 1u8..128, proptest::option::of(0u8..=100)),
    )
        .prop_flat_map(move |(id, name, revision, ids, members, sprints, top, extra)| {
            let mut seen = std::collections::HashSet::new();
            let ids: Vec<(u64, u64)> = ids.into_iter().filter(|i| seen.insert(*i)).collect();
            let stories: Vec<_> = ids.iter().map(|(site, seq)| story(*seq, *site, now)).collect();
            let decks: Vec<_> = (0..extra.3).map(deck).collect();
            (Just((id, name, revision, members, sprints, top, extra)), stories, decks)
        })
        .prop_map(move |((id, name, revision, members, sprints, top, extra), stories, decks)| {
            let mut b = Board::new(BoardId(id), name, now);
            b.revision = revision;
            b.stories = stories.into_iter().map(Arc::new).collect();
            b.members = members
                .into_iter()
                .enumerate()
                .map(|(i, (name, allocation, days))| Member {
                    id: MemberId((7 << 32) | (i as u64 + 1)),
                    name,
                    role: if i % 2 == 0 { String::new() } else { "Developer".into() },
                    allocation,
                    // In order, each once, as the gate keeps them.
                    days_off: days
                        .into_iter()
                        .collect::<std::collections::BTreeSet<i32>>()
                        .into_iter()
                        .map(Date)
                        .collect(),
                    focus: extra.5,
                })
                .collect();
            b.sprints = sprints
                .into_iter()
                .enumerate()
                .map(|(i, (name, start, days, result))| Sprint {
                    id: SprintId(i as u64 + 1),
                    name,
                    start: Date(start),
                    working_days: days,
                    goal: String::new(),
                    result: result.map(|(a, b, c)| SprintResult {
                        committed: Points(a),
                        completed: Points(b),
                        person_days: c,
                        scope: (c % 2 == 0).then_some(Points(c * 3)),
                    }),
                    weekdays: extra.4,
                    holidays: vec![Date(start + 3)],
                    hours_per_day: 750,
                })
                .collect();
            // Some stories placed in a sprint, or outside any.
            let sprint_ids: Vec<SprintId> = b.sprints.iter().map(|s| s.id).collect();
            for (i, s) in b.stories.iter_mut().enumerate() {
                let place = match (i % 4, sprint_ids.get(i % sprint_ids.len().max(1))) {
                    (0, Some(id)) => Some(*id),
                    (1, _) => Some(SprintId::OUTSIDE),
                    _ => None,
                };
                let s = Arc::make_mut(s);
                s.committed_to = place;
                s.completed_in = place.filter(|_| s.status == Status::Done);
            }
            b.settings.quick_add = if top { AddAt::Top } else { AddAt::Bottom };
            b.settings.velocity_window = extra.0;
            b.settings.guess_focus = extra.1;
            b.settings.guess_points_per_day = Points(extra.2);
            b.decks = decks;
            b
        })
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 10_000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn whole_boards_round_trip(board in board()) {
        let shared = Shared::Board { part: Part::Board, board };
        prop_assert_eq!(share::decode(&share::encode(&shared)), Ok(shared));
    }

    #[test]
    fn read_only_plans_round_trip(board in board()) {
        let shared = Shared::Board { part: Part::Plan, board };
        prop_assert_eq!(share::decode(&share::encode(&shared)), Ok(shared));
    }

    #[test]
    fn backlogs_round_trip_without_the_team(board in board()) {
        let shared = Shared::Board { part: Part::Backlog, board: board.clone() };
        let mut expected = board;
        expected.members.clear();
        expected.sprints.clear();
        // Without its sprints, a story keeps only "outside any sprint".
        for s in expected.stories.iter_mut() {
            let s = Arc::make_mut(s);
            s.committed_to = s.committed_to.filter(|id| *id == SprintId::OUTSIDE);
            s.completed_in = s.completed_in.filter(|id| *id == SprintId::OUTSIDE);
        }
        prop_assert_eq!(share::decode(&share::encode(&shared)), Ok(Shared::Board { part: Part::Backlog, board: expected }));
    }

    #[test]
    fn any_text_is_refused_or_read_never_a_panic(text in "[A-Za-z0-9_-]{0,400}") {
        let _ = share::decode(&text);
    }

    #[test]
    fn any_bytes_after_the_version_are_refused_or_read(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for version in [kinds::BOARD_1, kinds::BOARD_2] {
            let mut raw = vec![version];
            raw.extend(bytes.iter().copied());
            let _ = share::decode(&base64url::encode(&raw));
        }
    }
}

fn sample() -> Board {
    let mut b = Board::new(BoardId(0x5eed_cafe), "Fixture team".into(), 1_763_800_000_000);
    b.revision = 42;
    for (i, t) in
        ["Sign in with a magic link", "Export the backlog as CSV", "<img src=x onerror=alert(1)>"].iter().enumerate()
    {
        b.stories.push(Arc::new(Story {
            id: StoryId((0x1234 << 32) | (i as u64 + 1)),
            title: t.to_string(),
            description: if i == 0 { "So nobody needs a password.".into() } else { String::new() },
            acceptance: String::new(),
            estimate: Some(Points::from_whole(i as u32 * 3 + 2)),
            value: Some(10),
            time_criticality: None,
            risk_reduction: None,
            tags: vec!["auth".into()],
            status: Status::Ready,
            updated_at: 1_763_800_000_000 - 60_000,
            earlier: Vec::new(),
            rounds: Vec::new(),
            committed_to: None,
            completed_in: None,
        }));
    }
    b.members.push(Member {
        id: MemberId((0x1234 << 32) | 1),
        name: "Ada".into(),
        role: "Dev".into(),
        allocation: 80,
        days_off: vec![Date(20_420)],
        focus: None,
    });
    b
}

/// The sample with what body version 2 added: poker rounds, a deck, capacity settings.
fn sample_v2() -> Board {
    let mut b = sample();
    let mut s = (*b.stories[0]).clone();
    let five = Card { label: "5".into(), value: Some(Points(500)) };
    s.rounds.push(RoundRecord {
        at: 1_763_800_000_000 - 120_000,
        deck: "Fibonacci".into(),
        votes: vec![("Ada".into(), five.clone()), ("Bo".into(), Card { label: "?".into(), value: None })],
        confidence: Vec::new(),
        seconds: 95,
        accepted: Some(five),
    });
    b.stories[0] = Arc::new(s);
    b.members[0].focus = Some(80);
    b.decks.push(Deck {
        key: "custom-1".into(),
        name: "Animals".into(),
        cards: vec![Card { label: "🐢".into(), value: Some(Points(100)) }, Card { label: "🐇".into(), value: None }],
    });
    b.sprints.push(Sprint {
        id: SprintId(1),
        name: "Sprint 1".into(),
        start: Date(20_415),
        working_days: 10,
        goal: "Ship sign-in".into(),
        result: Some(SprintResult {
            committed: Points(2000),
            completed: Points(1800),
            person_days: 4000,
            scope: Some(Points(9000)),
        }),
        weekdays: 0b0011111,
        holidays: vec![Date(20_418)],
        hours_per_day: 750,
    });
    b.settings.velocity_window = 4;
    b
}

#[test]
fn version_1_link_fixtures_still_open() {
    let dir = format!("{}/tests/fixtures/links", env!("CARGO_MANIFEST_DIR"));
    let board_link = std::fs::read_to_string(format!("{dir}/board-v1.txt")).unwrap();
    assert_eq!(share::decode(board_link.trim()), Ok(Shared::Board { part: Part::Board, board: sample() }));
    let backlog_link = std::fs::read_to_string(format!("{dir}/backlog-v1.txt")).unwrap();
    let Ok(Shared::Board { part: Part::Backlog, board }) = share::decode(backlog_link.trim()) else {
        panic!("backlog link")
    };
    assert_eq!(board.stories, sample().stories);
    assert!(board.members.is_empty());
}

#[test]
fn version_2_link_fixtures_still_open() {
    let dir = format!("{}/tests/fixtures/links", env!("CARGO_MANIFEST_DIR"));
    let link = std::fs::read_to_string(format!("{dir}/board-v2.txt")).unwrap();
    assert_eq!(share::decode(link.trim()), Ok(Shared::Board { part: Part::Board, board: sample_v2() }));
}

/// Links written by the format-2 encoder of a board with poker rounds, decks and capacity
/// settings (the storage fixture `board-v4.json`), one per part, and a poker invite: each
/// still opens, to what today's encoder makes of the same board.
#[test]
fn every_link_kind_of_the_last_version_still_opens() {
    use sprintdeck_core::codec::poker_link::{self, PokerLink};
    use sprintdeck_core::storage::format;
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let board = format::decode_board(&read("storage/board-v4.json")).unwrap();
    for (file, part) in
        [("board-v2-poker-capacity.txt", Part::Board), ("plan-v2.txt", Part::Plan), ("backlog-v2.txt", Part::Backlog)]
    {
        let old = share::decode(read(&format!("links/{file}")).trim()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let now = share::decode(&share::encode(&Shared::Board { part, board: board.clone() })).unwrap();
        assert_eq!(old, now, "{file}");
        let Shared::Board { board: opened, .. } = old;
        assert_eq!(opened.stories.len(), 3, "{file}");
        assert!(opened.stories.iter().any(|s| s.rounds.len() == 1), "{file}: the poker round travels");
        assert_eq!(opened.members.is_empty(), part == Part::Backlog, "{file}");
    }
    let Ok(PokerLink::Invite(invite)) = poker_link::decode(read("links/invite-v1.txt").trim()) else {
        panic!("the invite fixture does not open")
    };
    assert_eq!((invite.title.as_str(), invite.deck.name.as_str()), ("Log in with SSO", "Fibonacci"));
    assert_eq!(invite.facilitator_key, vec![4; 65]);
}

/// Passphrase-protected links of both body versions and a sealed remote vote, sealed with
/// WebCrypto as the app seals them: their envelopes open here; the browser tests open what is
/// inside (`tests/web.rs`), with the fixtures' passphrase and the facilitator's key.
#[test]
fn sealed_link_fixtures_open_as_far_as_their_envelope() {
    use sprintdeck_core::codec::poker_link::{self, PokerLink};
    let dir = format!("{}/tests/fixtures/links", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    for (file, body, rounds) in [
        ("board-sealed-v1.txt", 1, 310_000),
        ("board-sealed-v2.txt", 2, 310_000),
        ("board-sealed-v3.txt", 3, 310_000),
        ("board-sealed-v4.txt", 5, 600_000),
    ] {
        let link = read(file);
        assert_eq!(share::decode(link.trim()), Err(LinkError::Sealed), "{file}");
        let Ok(share::Envelope::Sealed { body: b, iterations, salt, iv, ciphertext }) = share::open(link.trim()) else {
            panic!("{file} is not a sealed envelope")
        };
        assert_eq!((b, iterations, salt.len(), iv.len()), (body, rounds, 16, 12), "{file}");
        assert!(ciphertext.len() > 16, "{file}");
    }
    let keys = read("vote-v1-facilitator-keys.txt");
    let public = base64url::decode(keys.lines().next().unwrap()).unwrap();
    let Ok(PokerLink::Vote(vote)) = poker_link::decode(read("vote-v1.txt").trim()) else { panic!("the vote fixture") };
    assert_eq!(vote.round, 0x1234_5678_9abc_def0);
    assert_eq!(vote.key_tag, poker_link::key_tag(&public), "the vote names the facilitator's key");
    assert_eq!(vote.voter_key.len(), poker_link::PUBLIC_KEY_LEN);
}

/// A link of the current version (body 3: stories placed in sprints), written by today's
/// encoder from the storage fixture `board-v5.json`.
#[test]
fn version_3_link_fixtures_still_open() {
    use sprintdeck_core::storage::format;
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let board = format::decode_board(&read("storage/board-v5.json")).unwrap();
    let Ok(Shared::Board { part: Part::Board, board: opened }) = share::decode(read("links/board-v3.txt").trim())
    else {
        panic!("the version-3 link does not open")
    };
    let placed = |b: &Board| b.stories.iter().map(|s| (s.committed_to, s.completed_in)).collect::<Vec<_>>();
    assert_eq!(placed(&opened), placed(&board));
    assert_eq!(
        share::decode(&share::encode(&Shared::Board { part: Part::Board, board })),
        Ok(Shared::Board { part: Part::Board, board: opened })
    );
}

/// A link of body 4 (the confidence of each recorded vote), written by that version's encoder
/// from the storage fixture `board-v7.json`.
#[test]
fn version_4_link_fixtures_keep_the_confidence_of_votes() {
    use sprintdeck_core::domain::poker::Confidence;
    use sprintdeck_core::storage::format;
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let board = format::decode_board(&read("storage/board-v7.json")).unwrap();
    let Ok(Shared::Board { part: Part::Board, board: opened }) = share::decode(read("links/board-v4.txt").trim())
    else {
        panic!("the version-4 link does not open")
    };
    let rec = &opened.stories.iter().find(|s| !s.rounds.is_empty()).unwrap().rounds[0];
    assert_eq!(rec.confidence_of("Ann"), Some(Confidence::Unsure));
    assert_eq!(rec.confidence_of("Bo"), Some(Confidence::Sure));
    assert!(opened.impediments.is_empty(), "body 4 carries no impediments");
    assert_eq!(board.impediments, opened.impediments);
}

/// A link of the current version (body 5: the team's impediments), written by today's encoder
/// from the storage fixture `board-v8.json`.
#[test]
fn version_5_link_fixtures_carry_the_teams_impediments() {
    use sprintdeck_core::storage::format;
    let dir = format!("{dir}/tests/fixtures", dir = env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let board = format::decode_board(&read("storage/board-v8.json")).unwrap();
    let Ok(Shared::Board { part: Part::Board, board: opened }) = share::decode(read("links/board-v5.txt").trim())
    else {
        panic!("the version-5 link does not open")
    };
    assert_eq!(opened.impediments, board.impediments);
    assert_eq!(opened.impediments.len(), 2);
    assert_eq!(
        share::decode(&share::encode(&Shared::Board { part: Part::Board, board })),
        Ok(Shared::Board { part: Part::Board, board: opened })
    );
}

#[test]
#[ignore = "writes the fixture of the current link version; run once when a new version is introduced"]
fn write_link_fixture() {
    // Earlier versions' fixtures were written by their own encoders and are kept as they are.
    use sprintdeck_core::storage::format;
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let board =
        format::decode_board(&std::fs::read_to_string(format!("{dir}/storage/board-v8.json")).unwrap()).unwrap();
    let link = share::encode(&Shared::Board { part: Part::Board, board });
    std::fs::write(format!("{dir}/links/board-v{}.txt", share::BODY), format!("{link}\n")).unwrap();
}

#[test]
fn broken_links_give_specific_errors() {
    let good = share::encode(&Shared::Board { part: Part::Board, board: sample() });
    assert_eq!(share::decode(""), Err(LinkError::Empty));
    for cut in 1..good.len() {
        assert!(share::decode(&good[..cut]).is_err(), "a link cut to {cut} characters");
    }
    assert!(matches!(share::decode(&format!("{good}!")), Err(LinkError::NotBase64(_))));
    // Every single-bit change is refused or yields a valid board, never a panic.
    let raw = base64url::decode(&good).unwrap();
    for i in 0..raw.len() * 8 {
        let mut flipped = raw.clone();
        flipped[i / 8] ^= 1 << (i % 8);
        let _ = share::decode(&base64url::encode(&flipped));
    }
    let mut newer = raw.clone();
    newer[0] = kinds::NEWEST + 1;
    assert_eq!(share::decode(&base64url::encode(&newer)), Err(LinkError::Newer(kinds::NEWEST + 1)));
    newer[0] = 16;
    assert_eq!(share::decode(&base64url::encode(&newer)), Err(LinkError::Program));
    newer[0] = 0x7b;
    assert_eq!(share::decode(&base64url::encode(&newer)), Err(LinkError::Unknown(0x7b)));
    assert_eq!(share::decode(&"A".repeat(20_000)), Err(LinkError::TooLong(20_000)));
    assert_eq!(
        share::decode(&"A".repeat(20_000)).unwrap_err().to_string(),
        "it is 20000 characters long; SprintDeck links are at most 16,384"
    );
}

#[test]
fn a_decompression_bomb_stops_at_one_megabyte() {
    // Under 16 KB of link that would inflate to 10 MB of zeros.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 10 << 20], 10);
    let mut raw = vec![kinds::BOARD_1];
    raw.extend(bomb);
    let text = base64url::encode(&raw);
    assert!(text.len() <= share::MAX_LINK_CHARS, "{}", text.len());
    assert_eq!(share::decode(&text), Err(LinkError::TooBig));
}

/// Found by the `stored` fuzz target: a story edited at the start of the time range (old data
/// defaults to 1970) on a board saved at its end could be stored but not shared.
#[test]
fn stories_as_old_as_the_time_range_allows_still_share() {
    let (first, last) = sprintdeck_core::domain::validate::time_range();
    let mut b = sample();
    b.updated_at = last;
    Arc::make_mut(&mut b.stories[0]).updated_at = first;
    let link = share::encode(&Shared::Board { part: Part::Board, board: b.clone() });
    let Ok(Shared::Board { board, .. }) = share::decode(&link) else { panic!("the link opens") };
    assert_eq!(board.stories[0].updated_at, first);
}

/// The async round's invite (format 11) and the fixtures sealed by WebCrypto from the
/// plaintexts below (an answer, format 12, and a vote with confidence, format 13): their
/// envelopes open here; the browser tests open what is inside with the facilitator's key.
#[test]
fn async_round_and_confidence_link_fixtures_open() {
    use sprintdeck_core::codec::poker_link::{self, PokerLink};
    let dir = format!("{}/tests/fixtures/links", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let Ok(PokerLink::BatchInvite(invite)) = poker_link::decode(read("batch-invite-v1.txt").trim()) else {
        panic!("the async invite fixture does not open")
    };
    assert_eq!(invite.stories.len(), 3);
    assert_eq!(invite.stories[1].1, "Given a cart\nWhen I pay\nThen I get a receipt");
    assert_eq!(invite.deadline.map(|d| d.to_string()).as_deref(), Some("2026-12-11"));
    let public = base64url::decode(read("vote-v1-facilitator-keys.txt").lines().next().unwrap()).unwrap();
    assert_eq!(invite.facilitator_key, public);
    let Ok(PokerLink::Answer(answer)) = poker_link::decode(read("answer-v1.txt").trim()) else { panic!("answer") };
    assert_eq!((answer.kind, answer.round), (kinds::ASYNC_ANSWER, invite.round));
    assert_eq!(answer.key_tag, poker_link::key_tag(&public));
    let Ok(PokerLink::Vote(vote)) = poker_link::decode(read("vote-v2.txt").trim()) else { panic!("vote v2") };
    assert_eq!((vote.kind, vote.round), (kinds::POKER_VOTE_2, 0x1234_5678_9abc_def0));
}

#[test]
#[ignore = "writes the async invite fixture and prints the plaintexts the sealed fixtures carry"]
fn write_async_fixtures() {
    use sprintdeck_core::codec::poker_link::{self, BatchInvite};
    use sprintdeck_core::domain::poker::builtin_decks;
    let dir = format!("{}/tests/fixtures/links", env!("CARGO_MANIFEST_DIR"));
    let keys = std::fs::read_to_string(format!("{dir}/vote-v1-facilitator-keys.txt")).unwrap();
    let public = base64url::decode(keys.lines().next().unwrap()).unwrap();
    let invite = BatchInvite {
        round: 0xfeed_0000_0000_0001,
        deadline: Some("2026-12-11".parse().unwrap()),
        deck: builtin_decks().remove(0),
        stories: vec![
            ("Pay by card".into(), String::new()),
            ("Refunds".into(), "Given a cart\nWhen I pay\nThen I get a receipt".into()),
            ("Export the backlog as CSV".into(), String::new()),
        ],
        facilitator_key: public,
    };
    std::fs::write(format!("{dir}/batch-invite-v1.txt"), format!("{}\n", poker_link::encode_batch_invite(&invite)))
        .unwrap();
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let picks = vec![Some((3, Some(Confidence::Unsure), 42)), None, Some((5, Some(Confidence::Sure), 7))];
    println!("answer plaintext {}", hex(&poker_link::answer_plain("Bo", 1_764_000_000_000, &picks)));
    println!("vote plaintext {}", hex(&poker_link::vote_plain("Ann", "13", Some(Confidence::Sure))));
}
