//! Inputs at the gate's limits: a program of 20 teams with 5,000 stories in all, 2,000
//! overlapping bookings of one resource, 2,000 dependencies, 2,000 risks and 50 milestones; and
//! a board of 5,000 stories with 200 members of 366 days off each and 500 sprints. Each is
//! built here, written as the app stores it and read back through the gate; then what the
//! views compute from it (the summary, the grid, the conflicts, the forecasts, a team's view; a
//! board's plan and every sprint's person-days) must finish within a guard of one second of this
//! thread's CPU time (the core is built optimised in tests too), and reading the 1.4 MB text and
//! its gate within five. The guards catch work that runs away (a quadratic walk over 2,000
//! bookings, a loop that does not end); they are not the speed figures, which `cargo xtask bench`
//! measures on a release build. What each step took is printed (`-- --nocapture`): about 50 ms
//! for the whole program view alone on these machines, 133 ms once under a parallel build,
//! which is why the guard is not the fuzz targets' 100 ms per input.

use std::sync::Arc;
use std::time::Duration;

use sprintdeck_core::domain::board::{Member, Sprint, SprintResult};
use sprintdeck_core::domain::calendar::Date;
use sprintdeck_core::domain::ids::{MemberId, SprintId};
use sprintdeck_core::domain::program::{Booking, Dependency, Program, StoryRef};
use sprintdeck_core::domain::validate;
use sprintdeck_core::domain::{Board, BoardId, Points, Status, Story, StoryId};
use sprintdeck_core::storage::format;

const NOW: i64 = 1_764_500_000_000;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn story(id: u64, i: usize, sprint: Option<SprintId>) -> Story {
    Story {
        id: StoryId(id),
        title: format!("Story {i} of the limits"),
        description: String::new(),
        acceptance: String::new(),
        estimate: Some(Points::from_whole((i % 13) as u32 + 1)),
        value: None,
        time_criticality: None,
        risk_reduction: None,
        tags: vec![format!("feature-{}", i % 40)],
        status: if i.is_multiple_of(5) { Status::Done } else { Status::Ready },
        updated_at: NOW,
        earlier: Vec::new(),
        rounds: Vec::new(),
        committed_to: sprint,
        completed_in: None,
    }
}

/// A board of `stories` stories, `members` members of `days_off` days off each and `sprints`
/// two-week sprints (all but the last completed).
fn board(id: u64, stories: usize, members: usize, days_off: usize, sprints: usize) -> Board {
    let mut b = Board::new(BoardId(id), format!("Team {id}"), NOW);
    let first = day("2010-01-04");
    for k in 0..sprints {
        let mut s = Sprint::two_weeks(&format!("Sprint {k}"), first.add_days(14 * k as i32));
        s.id = SprintId(k as u64 + 1);
        s.result = (k + 1 < sprints).then(|| SprintResult {
            committed: Points::from_whole(30),
            completed: Points::from_whole(20 + (k % 11) as u32),
            person_days: 5000,
            scope: None,
        });
        b.sprints.push(s);
    }
    for m in 0..members {
        b.members.push(Member {
            id: MemberId((id << 32) | (m as u64 + 1)),
            name: format!("Member {m}"),
            role: String::new(),
            allocation: 80,
            days_off: (0..days_off)
                .map(|d| first.add_days((d * 17 + m) as i32))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            focus: Some(90),
        });
    }
    let open = (sprints > 0).then_some(SprintId(sprints as u64));
    for i in 0..stories {
        b.stories.push(Arc::new(story((id << 32) | (i as u64 + 1), i, open.filter(|_| i % 3 == 0))));
    }
    b
}

fn program() -> Program {
    let mut p = Program { name: "At the limits".into(), ..Program::default() };
    for t in 0..20u64 {
        p.add_team(board(t + 1, 250, 10, 30, 60), NOW).unwrap();
    }
    let refs: Vec<StoryRef> = p
        .teams
        .iter()
        .flat_map(|t| t.board.stories.iter().map(|s| StoryRef { team: t.board.id, story: s.id }))
        .collect();
    // A long chain across teams: the worst the cycle check sees.
    for i in 0..2000 {
        p.add_dependency(Dependency { needs: refs[i], needed: refs[i + 1] }).unwrap();
    }
    p.add_resource("Lab").unwrap();
    for i in 0..2000 {
        let start = day("2026-12-01").add_days(i % 10);
        let b = Booking { resource: "Lab".into(), team: BoardId(1 + (i % 20) as u64), start, end: day("2026-12-31") };
        p.book(b).unwrap();
    }
    for i in 0..2000 {
        p.raise(&format!("Risk {i}"), "Ann").unwrap();
    }
    for i in 0..50 {
        p.add_milestone(&format!("M{i}"), day("2027-01-01").add_days(7 * i), &format!("feature-{i}")).unwrap();
    }
    p
}

/// The CPU time this thread has used so far.
fn cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec and the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Runs `f`, failing if it took `limit` of CPU time or more (work that ran away); prints what
/// it took.
fn within<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = cpu();
    let out = f();
    let took = cpu() - start;
    println!("{what}: {took:?} of CPU");
    assert!(took < limit, "{what} took {took:?} of CPU time (the bound is {limit:?})");
    out
}

const BOUND: Duration = Duration::from_secs(1);
const READ: Duration = Duration::from_secs(5);

#[test]
fn a_program_at_the_limits_passes_the_gate_and_is_summarised_gridded_and_forecast() {
    let text = format::encode_program(&program());
    let p = within("reading the program", READ, || format::decode_program(&text)).unwrap();
    assert_eq!((p.teams.len(), p.bookings.len(), p.dependencies.len()), (20, 2000, 2000));
    within("the gate", READ, || validate::program(&p)).unwrap();
    let today = day("2026-11-30");
    within("the summary, the grid, the conflicts and a team's view", BOUND, || {
        let s = within("summary", BOUND, || p.summary(today, NOW));
        assert_eq!(s.milestones.len(), 50);
        within("grid", BOUND, || p.aligned(today));
        assert_eq!(within("conflicts", BOUND, || p.conflicts()).total, 2000 * 1999 / 2);
        within("by booking", BOUND, || p.conflicts_by_booking(3, |i| i < 200));
        within("team view", BOUND, || p.team_view(BoardId(1), NOW));
    });
}

#[test]
fn a_board_at_the_limits_passes_the_gate_and_its_capacity_is_worked_out() {
    let text = format::encode_board(&board(99, 5000, 200, 366, 500));
    let b = within("reading the board", READ, || format::decode_board(&text)).unwrap();
    assert_eq!((b.members.len(), b.sprints.len(), b.members[0].days_off.len()), (200, 500, 366));
    within("every sprint's person-days and the plan", BOUND, || {
        let days: u32 =
            b.sprints.iter().map(|s| sprintdeck_core::domain::capacity::team_person_days(&b.members, s)).sum();
        assert!(days > 0);
        sprintdeck_core::domain::capacity::plan(&b)
    });
}
