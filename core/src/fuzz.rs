//! What the fuzz targets run (`fuzz/fuzz_targets`), and what the smoke test in
//! `tests/fuzz_smoke.rs` runs on their seeds: everything that enters from outside, decoded,
//! then everything a view computes from what was accepted.
//!
//! Byte-level targets feed raw input to the decoders of links, stored data, files and CSV;
//! structure-aware targets build boards and sequences of actions with `arbitrary`. Each
//! asserts what must hold whatever the input: no panic, every board the gate accepts can be
//! stored and shared and read back, and every board the reducer produces passes the gate. The
//! fuzz targets add the time bound (an input slower than 100 ms is a failure).

use std::sync::Arc;

use arbitrary::{Arbitrary, Unstructured};

use crate::codec::backlog_csv::{self, prepare, rows};
use crate::codec::kinds::{self, Kind};
use crate::codec::{base64url, csv, poker_link, share};
use crate::domain::filter::{Filter, all_tags};
use crate::domain::ids::{MemberId, SprintId, StoryId};
use crate::domain::poker::builtin_decks;
use crate::domain::{
    Action, AddAt, Board, BoardId, Ctx, History, MoveTo, Status, StoryDraft, capacity, merge, priority, validate,
};
use crate::storage::format;

/// The trials of a forecast, as the Capacity page runs it.
pub const FORECAST_TRIALS: u32 = 10_000;

/// Runs on an accepted board everything a view runs, and checks that it can be stored and
/// shared and read back.
pub fn exercise(board: &Board) {
    let _ = capacity::plan(board);
    for s in &board.sprints {
        let _ = s.team_days();
        let _ = s.next_start();
        let _ = capacity::result_of(board, s);
        let _ = capacity::unfinished(&board.stories, s.id);
        let _ = capacity::team_person_days(&board.members, s);
    }
    let _ = capacity::unplaced(&board.stories);
    let velocities: Vec<u32> =
        capacity::completed(&board.sprints).iter().filter_map(|s| s.result).map(|r| r.completed.0).collect();
    let forecast = capacity::forecast(&board.stories, &velocities, FORECAST_TRIALS, board.id.0);
    for level in capacity::LEVELS {
        let _ = forecast.sprint_for(0, level);
        let _ = forecast.stories_by(3, level);
    }
    for s in &board.stories {
        let _ = (priority::value_per_point(s), priority::wsjf(s));
        for r in &s.rounds {
            let _ = r.stats();
        }
    }
    let _ = priority::suggested_order(&board.stories);
    let words = board.stories.first().map(|s| s.title.split_whitespace().take(2).collect::<Vec<_>>().join(" "));
    let tags = all_tags(board.stories.iter().map(|s| &**s));
    let filter = Filter { text: words.unwrap_or_default(), tag: tags.first().cloned(), status: Some(Status::Ready) };
    let keep = filter.matcher();
    let _ = board.stories.iter().filter(|s| keep(s)).count();
    let _ = merge::preview(board, board);
    let _ = backlog_csv::to_csv(board.stories.iter().map(|s| &**s));
    let _ = backlog_csv::to_markdown(&board.name, board.stories.iter().map(|s| &**s));
    let pretty = format::encode_board_pretty(board);
    assert_eq!(format::decode_board(&pretty).as_ref(), Ok(board), "an accepted board is read back as it was written");
    for part in [share::Part::Board, share::Part::Backlog, share::Part::Plan] {
        let link = share::encode(&share::Shared::Board { part, board: board.clone() });
        // A board too large for a link is sent as a file (the Share page says so).
        if link.len() > share::MAX_LINK_CHARS {
            continue;
        }
        if let Err(e) = share::decode(&link) {
            panic!("an accepted board cannot be shared as a {part:?} link: {e}");
        }
    }
}

/// Any text or bytes as a share link or a poker link, and as the body of one.
pub fn link(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(share::Shared::Board { board, .. }) = share::decode(text) {
            exercise(&board);
        }
        let _ = poker_link::decode(text);
        match crate::codec::program_link::decode(text) {
            Ok(crate::codec::program_link::ProgramLink::Program(p)) => exercise_program(&p),
            Ok(crate::codec::program_link::ProgramLink::Summary(s)) => drop(s.markdown()),
            _ => {}
        }
    }
    for body in 1..=share::BODY {
        if let Ok(share::Shared::Board { board, .. }) = share::inflate(data, body) {
            exercise(&board);
        }
        if let Ok(share::Shared::Board { board, .. }) = share::inflate(&stored_deflate(data), body) {
            exercise(&board);
        }
    }
    // The bytes behind every board and poker kind (sealed board links only reach their envelope).
    for version in (1..=kinds::NEWEST).filter(|k| matches!(kinds::of(*k), Some(Kind::Board { .. } | Kind::Poker(_)))) {
        let mut raw = vec![version];
        raw.extend_from_slice(data);
        let text = base64url::encode(&raw);
        let _ = share::decode(&text);
        let _ = poker_link::decode(&text);
    }
    // The bytes as the deflated JSON of each program link kind.
    for kind in (1..=kinds::NEWEST).filter(|k| matches!(kinds::of(*k), Some(Kind::Program(_)))) {
        let mut raw = vec![kind];
        raw.extend(stored_deflate(data));
        if let Ok(crate::codec::program_link::ProgramLink::Program(p)) =
            crate::codec::program_link::decode(&base64url::encode(&raw))
        {
            exercise_program(&p);
        }
    }
    let _ = poker_link::read_vote_plain(kinds::POKER_VOTE, data);
    let _ = poker_link::read_vote_plain(kinds::POKER_VOTE_2, data);
    if let Ok((voter, at, picks)) = poker_link::read_answer_plain(data) {
        // An answer meets a round of as many stories, and its results are computed.
        let stories = (0..picks.len())
            .map(|i| crate::domain::batch::BatchStory {
                story: crate::domain::StoryId(i as u64 + 1),
                title: format!("S{i}"),
                criteria: String::new(),
            })
            .collect();
        let deck = crate::domain::poker::builtin_decks().remove(1);
        if let Ok(mut batch) = crate::domain::batch::Batch::new(1, deck, stories, None, 0) {
            let _ = batch.add_answer(&voter, &[4; 65], at, 1_764_500_000_000, &picks);
            let _ = batch.agreed(0);
        }
    }
}

/// `data` in stored (uncompressed) deflate blocks, so the body readers see arbitrary bytes.
fn stored_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / 65535 + 1));
    let mut chunks = data.chunks(65535).peekable();
    if chunks.peek().is_none() {
        return vec![1, 0, 0, 0xff, 0xff];
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// Any text as a stored board, board list or poker round, and as a SprintDeck file.
pub fn stored(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut seen = None;
    if let Ok(stored) = format::decode_stored(&text) {
        exercise(&stored.board);
        seen = Some(stored.board.clone());
        if let Ok(mut history) = stored.history {
            let mut board = stored.board;
            while matches!(history.undo(&mut board, 1), Ok(Some(_))) {}
        }
    }
    // A stored board also reads as a file of one board: the views run once per board, so a
    // board already exercised is not run again (each run's forecast alone is 10,000 trials).
    if let Ok(boards) = format::decode_file(&text) {
        boards.iter().filter(|b| seen.as_ref() != Some(*b)).for_each(exercise);
    }
    let _ = format::decode_index(&text);
    let _ = format::peek(&text);
    if let Ok((format::RoundState { round: Some(round), .. }, _)) = format::decode_round(&text) {
        let _ = round.stats();
    }
    if let Ok((format::BatchState { batch: Some(batch), .. }, _)) = format::decode_batch(&text) {
        let _ = batch.agreed(0);
        for i in 0..batch.stories.len() {
            let _ = batch.cards_of(i);
        }
    }
    let _ = format::decode_draft(&text, crate::domain::batch::STORIES_MAX);
    if let Ok(program) = format::decode_program(&text) {
        exercise_program(&program);
    }
}

/// Everything the Program page computes from a program that passed the gate.
pub fn exercise_program(p: &crate::domain::program::Program) {
    let today = crate::domain::Date(20_787); // 2026-11-30
    let summary = p.summary(today, 1_764_500_000_000);
    let _ = summary.markdown();
    let _ = p.aligned(today);
    for t in &p.teams {
        let _ = p.team_view(t.board.id, 1_764_500_000_000);
        let _ = p.preview(&t.board);
    }
    // Whatever the app writes, its own readers open.
    let link = crate::codec::program_link::encode_summary(&summary);
    if link.len() <= crate::codec::share::MAX_LINK_CHARS {
        assert!(crate::codec::program_link::decode(&link).is_ok(), "a summary link the app cannot open");
    }
}

/// Any bytes as a CSV file to import, imported into an empty board.
pub fn csv(data: &[u8]) {
    let Ok(table) = csv::read(data) else { return };
    let (table, detected) = prepare(table);
    let drafts: Vec<StoryDraft> =
        rows(&table, detected.has_header, &detected.mapping).into_iter().filter_map(|r| r.draft).collect();
    let mut board = Board::new(BoardId(1), "Import".into(), 0);
    let ctx = Ctx { now: 1, site: 1 };
    if board.apply(&Action::ImportStories { drafts, at: AddAt::Bottom }, &ctx).is_ok() {
        exercise(&board);
    }
}

/// Any bytes as what a relay sends (a relay message, a decrypted room message, a room link):
/// nothing panics, an accepted message reads back as itself, and a room's state machine,
/// facilitator's and member's, takes it with bounded work.
pub fn room(data: &[u8]) {
    use crate::codec::{nostr, room_link, room_msg};
    use crate::domain::room::{Role, Room};
    const ROOM: [u8; 16] = [7; 16];
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(nostr::Relay::Event { event, .. }) = nostr::parse(text) {
            let _ = event.verified();
        }
        if let Ok(link) = room_link::decode(text) {
            assert_eq!(room_link::decode(&room_link::encode(&link)), Ok(link), "a room link reads back");
        }
    }
    let Ok(msg) = room_msg::read(&ROOM, data) else { return };
    assert_eq!(room_msg::read(&ROOM, &room_msg::write(&msg)).as_ref(), Ok(&msg), "an accepted message reads back");
    let mut key = vec![1u8; 65];
    key[0] = 4;
    let deck = crate::domain::poker::builtin_decks().remove(0);
    let mut facilitator = Room::found([1; 32], "F".into(), Role::Voter, key.clone(), deck, Vec::new(), 0);
    let mut member = Room::join([2; 32], [1; 32], "M".into(), Role::Voter, key, 0);
    for room in [&mut facilitator, &mut member] {
        let _ = room.tick(0);
        for from in [[1; 32], [2; 32], [3; 32]] {
            let _ = room.receive(10, from, msg.clone());
        }
        let _ = room.tick(1_000_000);
    }
}

/// A board built by `arbitrary`: what the gate accepts is exercised; what it refuses is what
/// the decoders refuse too.
pub fn board(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(board) = Board::arbitrary(&mut u) else { return };
    match validate::board(&board) {
        Ok(()) => exercise(&board),
        Err(_) => assert!(format::decode_board(&format::encode_board(&board)).is_err(), "the decoders use the gate"),
    }
}

/// The most actions one input applies.
const ACTIONS_MAX: usize = 64;

/// A sequence of actions (and undos and redos), each on the board the ones before left. Every
/// board the reducer and the history produce passes the gate.
pub fn actions(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut board = Board::arbitrary(&mut u)
        .ok()
        .filter(|b| validate::board(b).is_ok())
        .unwrap_or_else(|| Board::new(BoardId(1), "Fuzzed".into(), 1_764_000_000_000));
    let mut history = History::default();
    let mut now = board.updated_at;
    for _ in 0..ACTIONS_MAX {
        if u.is_empty() {
            break;
        }
        now += 1000;
        let step: u8 = u.arbitrary().unwrap_or(0);
        match step % 8 {
            0 => {
                let _ = history.undo(&mut board, now);
            }
            1 => {
                let _ = history.redo(&mut board, now);
            }
            _ => {
                let Ok(action) = action(&mut u, &board) else { break };
                let site: u32 = u.int_in_range(1..=3).unwrap_or(1);
                let before = board.clone();
                if history.apply(&mut board, &action, &Ctx { now, site }).is_err() {
                    assert_eq!(board, before, "a refused action leaves the board as it was");
                }
            }
        }
        if let Err(e) = validate::board(&board) {
            panic!("the reducer produced a board the gate refuses: {e}");
        }
    }
    exercise(&board);
}

/// An action, often about the stories, members and sprints the board has.
fn action(u: &mut Unstructured<'_>, board: &Board) -> arbitrary::Result<Action> {
    let story = |u: &mut Unstructured<'_>| -> arbitrary::Result<StoryId> {
        if board.stories.is_empty() || u.ratio(1, 8)? { u.arbitrary() } else { Ok(u.choose(&board.stories)?.id) }
    };
    let stories = |u: &mut Unstructured<'_>| -> arbitrary::Result<Vec<StoryId>> {
        let n = u.int_in_range(0..=4)?;
        (0..n).map(|_| story(u)).collect()
    };
    let sprint = |u: &mut Unstructured<'_>| -> arbitrary::Result<SprintId> {
        if board.sprints.is_empty() || u.ratio(1, 8)? { u.arbitrary() } else { Ok(u.choose(&board.sprints)?.id) }
    };
    let member = |u: &mut Unstructured<'_>| -> arbitrary::Result<MemberId> {
        if board.members.is_empty() || u.ratio(1, 8)? { u.arbitrary() } else { Ok(u.choose(&board.members)?.id) }
    };
    let status = |u: &mut Unstructured<'_>| -> arbitrary::Result<Status> { Ok(*u.choose(&Status::ALL)?) };
    let to = |u: &mut Unstructured<'_>| -> arbitrary::Result<MoveTo> {
        Ok(match u.int_in_range(0..=4)? {
            0 => MoveTo::Top,
            1 => MoveTo::Bottom,
            2 => MoveTo::Position(u.int_in_range(0..=board.stories.len() + 1)?),
            3 => MoveTo::Before(story(u)?),
            _ => MoveTo::After(story(u)?),
        })
    };
    Ok(match u.int_in_range(0..=26)? {
        0 => Action::AddStory { draft: u.arbitrary()?, at: u.arbitrary()? },
        1 => Action::AddStory { draft: StoryDraft::titled(String::arbitrary(u)?), at: AddAt::Bottom },
        2 => Action::UpdateStory { id: story(u)?, draft: u.arbitrary()? },
        3 => Action::RetitleStory { id: story(u)?, title: u.arbitrary()? },
        4 => Action::DeleteStories { ids: stories(u)? },
        5 => Action::MoveStories { ids: stories(u)?, to: to(u)? },
        6 => {
            let mut ids: Vec<StoryId> = board.stories.iter().map(|s| s.id).collect();
            ids.reverse();
            Action::Reorder { ids }
        }
        7 => Action::SetStatus { ids: stories(u)?, status: status(u)? },
        8 => Action::AddTag { ids: stories(u)?, tag: u.arbitrary()? },
        9 => Action::ImportStories { drafts: u.arbitrary()?, at: u.arbitrary()? },
        10 => {
            let mut remote = board.clone();
            if let Some(s) = remote.stories.first_mut() {
                Arc::make_mut(s).title = u.arbitrary()?;
                Arc::make_mut(s).updated_at += 1;
            }
            Action::Merge { remote: Box::new(remote) }
        }
        11 => Action::ReplaceWith { remote: Box::new(u.arbitrary()?) },
        12 => Action::RenameBoard { name: u.arbitrary()? },
        13 => Action::SetQuickAdd { at: u.arbitrary()? },
        14 => {
            let deck = u.choose(&builtin_decks())?.clone();
            let card = u.choose(&deck.cards)?.clone();
            Action::AcceptEstimate { id: story(u)?, card, rounds: u.arbitrary()? }
        }
        15 => Action::SaveDeck { deck: u.arbitrary()? },
        16 => Action::DeleteDeck { key: u.arbitrary()? },
        17 => {
            let mut m: crate::domain::board::Member = u.arbitrary()?;
            m.id = if u.arbitrary()? { MemberId(0) } else { member(u)? };
            Action::SaveMember { member: m }
        }
        18 => Action::DeleteMember { id: member(u)? },
        19 => {
            let mut s: crate::domain::board::Sprint = u.arbitrary()?;
            s.id = if u.arbitrary()? { SprintId(0) } else { sprint(u)? };
            Action::SaveSprint { sprint: s }
        }
        20 => Action::DeleteSprint { id: sprint(u)? },
        21 => Action::NextSprint,
        22 => Action::CompleteSprint { id: sprint(u)? },
        23 => Action::CarryOver { from: sprint(u)? },
        24 => {
            Action::PlaceDone { ids: stories(u)?, sprint: if u.arbitrary()? { SprintId::OUTSIDE } else { sprint(u)? } }
        }
        25 => Action::SetCapacitySettings {
            velocity_window: u.arbitrary()?,
            guess_focus: u.arbitrary()?,
            guess_points_per_day: u.arbitrary()?,
        },
        _ => u.arbitrary()?,
    })
}
