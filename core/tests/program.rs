//! Programs: the stored format (with a fixture whose team board is in an older board format),
//! the three program links (fixtures of each), the steering figures, and broken input refused
//! with a message.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use sprintdeck_core::codec::kinds;
use sprintdeck_core::codec::program_link::{self, ProgramLink, ProgramLinkError};
use sprintdeck_core::domain::board::{Impediment, Sprint, SprintResult};
use sprintdeck_core::domain::ids::SaveId;
use sprintdeck_core::domain::ids::SprintId;
use sprintdeck_core::domain::program::steering::{Outlook, StopKind};
use sprintdeck_core::domain::program::{Booking, Dependency, Light, Program, Roam, StoryRef};
use sprintdeck_core::domain::{Board, BoardId, Date, Points, Status, Story, StoryId, Total};
use sprintdeck_core::storage::format::{self, ProgramFormatError};
use sprintdeck_core::storage::sync::Lineage;

const NOW: i64 = 1_764_500_000_000;

fn story(id: u64, title: String) -> Story {
    Story {
        id: StoryId(id),
        title,
        description: String::new(),
        acceptance: String::new(),
        estimate: None,
        value: None,
        time_criticality: None,
        risk_reduction: None,
        tags: Vec::new(),
        status: Status::Ready,
        updated_at: NOW,
        earlier: Vec::new(),
        rounds: Vec::new(),
        committed_to: None,
        completed_in: None,
    }
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A team with three completed two-week sprints (velocity 10), one open sprint from
/// 2026-11-16, and `n` stories of 3 points: the first two done in sprint 1, the third committed
/// to the open sprint, the rest open; every story tagged "checkout" on even positions.
fn team(id: u64, name: &str, n: usize) -> Board {
    let site = id << 32;
    let mut b = Board::new(BoardId(id), name.into(), NOW);
    let first = d("2026-10-05");
    for i in 0..4u64 {
        let mut s = Sprint::two_weeks(&format!("Sprint {}", i + 1), first.add_days(14 * i as i32));
        s.id = SprintId(i + 1);
        s.result = (i < 3).then(|| SprintResult {
            committed: Points::from_whole(10),
            completed: Points::from_whole(10),
            person_days: 1000,
            scope: None,
        });
        b.sprints.push(s);
    }
    for i in 0..n {
        let mut s = story(site | (i as u64 + 1), format!("{name} story {}", i + 1));
        s.estimate = Some(Points::from_whole(3));
        if i % 2 == 0 {
            s.tags = vec!["checkout".into()];
        }
        match i {
            0 | 1 => {
                s.status = Status::Done;
                s.completed_in = Some(SprintId(1));
                s.committed_to = Some(SprintId(1));
            }
            2 => {
                s.status = Status::InSprint;
                s.committed_to = Some(SprintId(4));
            }
            _ => {}
        }
        b.stories.push(Arc::new(s));
    }
    b
}

fn at(b: &Board, i: usize) -> StoryRef {
    StoryRef { team: b.id, story: b.stories[i].id }
}

/// Two teams; Payments' story 3 (open sprint) needs Web's story 5 (unplanned, then planned
/// into a later sprint: red); a booking conflict; a risk; an impediment; a milestone.
fn program() -> Program {
    let mut web = team(2, "Web", 8);
    let mut later = Sprint::two_weeks("Sprint 5", d("2026-12-14"));
    later.id = SprintId(5);
    web.sprints.push(later);
    Arc::make_mut(&mut web.stories[4]).committed_to = Some(SprintId(5));
    web.impediments.push(Impediment { title: "Staging database is read-only".into(), raised_at: NOW, resolved: false });
    let pay = team(1, "Payments", 8);
    let mut p = Program { name: "Checkout programme".into(), ..Program::default() };
    p.add_team(pay.clone(), NOW).unwrap();
    p.add_team(web.clone(), NOW).unwrap();
    p.add_dependency(Dependency { needs: at(&pay, 2), needed: at(&web, 4) }).unwrap();
    p.add_dependency(Dependency { needs: at(&web, 2), needed: at(&pay, 0) }).unwrap();
    p.add_resource("Test environment").unwrap();
    for (team, a, b) in [(1, "2026-12-01", "2026-12-04"), (2, "2026-12-03", "2026-12-05")] {
        p.book(Booking { resource: "Test environment".into(), team: BoardId(team), start: d(a), end: d(b) }).unwrap();
    }
    p.raise("Card provider changes its API", "Ann").unwrap();
    p.risks[0].roam = Roam::Owned;
    p.vote_confidence(BoardId(1), 4);
    p.vote_confidence(BoardId(2), 2);
    p.add_milestone("Checkout release", d("2027-01-29"), "checkout").unwrap();
    p.add_milestone("Everything", d("2026-12-04"), "").unwrap();
    p
}

#[test]
fn the_steering_summary_says_where_we_are_where_we_are_going_and_what_stops_us() {
    let p = program();
    let s = p.summary(d("2026-11-30"), NOW);
    assert_eq!(s.teams[0].done, Points::from_whole(6).into());
    assert_eq!(s.teams[0].total, Points::from_whole(24).into());
    assert_eq!(s.features[0].name, "checkout");
    // Burn-up: by the end of sprint 1 (2026-10-16) both teams' first two stories are done.
    let first = s.burnup.iter().find(|b| b.date == d("2026-10-16")).unwrap();
    assert_eq!((first.done, first.scope), (Points::from_whole(12).into(), Points::from_whole(48).into()));
    // 18 open points per team at 10 a sprint: two sprints, in every future. Payments' open sprint
    // ended before today, so its forecast starts with the sprint of today (to 2026-12-25); Web's
    // starts with the sprint it planned from 2026-12-14 (to 2027-01-08), and sets the date.
    let everything = s.milestones.iter().find(|m| m.name == "Everything").unwrap();
    assert_eq!(everything.p85, Some(d("2027-01-08")), "{everything:?}");
    assert_eq!(everything.note, "Set by Web.");
    assert_eq!(everything.outlook, Outlook::Late);
    let checkout = s.milestones.iter().find(|m| m.name == "Checkout release").unwrap();
    assert_eq!(checkout.outlook, Outlook::OnTrack, "{checkout:?}");
    let kinds: Vec<StopKind> = s.stopping.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [StopKind::Dependency, StopKind::Conflict, StopKind::Impediment, StopKind::Risk]);
    assert_eq!(s.confidence, Some(30));
    let md = s.markdown();
    assert!(md.contains("## Where we are going"), "{md}");
    assert!(md.contains("- Impediment: Staging database is read-only (Web).\n"), "{md}");
    assert!(md.contains("- Everything, 2026-12-04: late; 50 %: 2027-01-08, 85 %: 2027-01-08."), "{md}");
}

#[test]
fn each_team_gets_its_own_view_back() {
    let p = program();
    let web = p.team_view(BoardId(2), NOW).unwrap();
    assert_eq!(web.incoming.len(), 1);
    assert_eq!(web.incoming[0].other_team, "Payments");
    assert_eq!(web.incoming[0].light, Light::Red);
    assert_eq!(web.outgoing.len(), 1);
    assert_eq!(web.outgoing[0].light, Light::Green);
    assert_eq!(web.bookings.len(), 1);
    assert!(web.bookings[0].conflicts[0].contains("free from 2026-12-05"), "{:?}", web.bookings);
    assert_eq!(web.own_vote, Some(20));
    assert_eq!(web.impediments.len(), 1);
    assert!(p.team_view(BoardId(9), NOW).is_none());
}

#[test]
fn a_newer_snapshot_is_previewed_and_drops_dependencies_on_stories_that_are_gone() {
    let mut p = program();
    let mut web = p.team(BoardId(2)).unwrap().board.clone();
    web.stories.remove(4);
    Arc::make_mut(&mut web.stories[0]).title = "Renamed".into();
    web.stories.push(Arc::new(story(2 << 32 | 99, "New one".into())));
    let preview = p.preview(&web);
    assert_eq!((preview.added, preview.removed, preview.changed), (1, 1, 1));
    assert_eq!(preview.replaces, Some(NOW));
    assert_eq!(preview.dropped.len(), 1);
    p.add_team(web, NOW + 1).unwrap();
    assert_eq!(p.dependencies.len(), 1);
    assert_eq!(p.teams.len(), 2);
}

#[test]
fn programs_round_trip_through_storage_and_every_link() {
    let p = program();
    assert_eq!(format::decode_program(&format::encode_program(&p)), Ok(p.clone()));
    let link = program_link::encode_program(&p);
    assert_eq!(kinds::first_byte(&link), Some(kinds::PROGRAM));
    assert_eq!(program_link::decode(&link), Ok(ProgramLink::Program(p.clone())));
    let s = p.summary(d("2026-11-30"), NOW);
    assert_eq!(program_link::decode(&program_link::encode_summary(&s)), Ok(ProgramLink::Summary(s)));
    let v = p.team_view(BoardId(1), NOW).unwrap();
    assert_eq!(program_link::decode(&program_link::encode_team_view(&v)), Ok(ProgramLink::TeamView(v)));
}

#[test]
fn broken_programs_and_links_are_refused_with_a_reason() {
    let p = program();
    let text = format::encode_program(&p);
    let newer = text.replacen(r#""schema":2"#, r#""schema":3"#, 1);
    let err = |text: &str| format::decode_program(text).unwrap_err();
    assert_eq!(err(&newer), ProgramFormatError::Newer(3));
    assert!(err(&newer).to_string().contains("newer version"));
    assert!(matches!(err("{"), ProgramFormatError::NotJson(_)));
    assert!(err("{").to_string().contains("not valid JSON"));
    assert_eq!(err(r#"{"schema":8,"board":{}}"#), ProgramFormatError::NoProgram);
    // A cycle smuggled into the file.
    let mut cyclic = p.clone();
    let back = Dependency { needs: cyclic.dependencies[0].needed, needed: cyclic.dependencies[0].needs };
    cyclic.dependencies.push(back);
    let cycle = err(&format::encode_program(&cyclic)).to_string();
    assert!(cycle.contains("dependencies[2]") && cycle.contains("cycle"), "{cycle}");
    // A booking of a team that is not there.
    let mut ghost = p.clone();
    ghost.bookings[0].team = BoardId(77);
    assert!(err(&format::encode_program(&ghost)).to_string().contains("bookings[0].team"));
    // A damaged team board.
    let bad = text.replacen("Payments story 1", "", 1);
    assert!(matches!(err(&bad), ProgramFormatError::Team { team: 1, .. }), "{}", err(&bad));
    assert!(err(&bad).to_string().starts_with("the board of team 1 cannot be read: "));
    // Links cut short, or from the future.
    let link = program_link::encode_summary(&p.summary(d("2026-11-30"), NOW));
    assert!(program_link::decode(&link[..link.len() / 2]).is_err());
    let mut raw = sprintdeck_core::codec::base64url::decode(&link).unwrap();
    raw[0] = 19;
    let future = program_link::decode(&sprintdeck_core::codec::base64url::encode(&raw)).unwrap_err();
    assert_eq!(future, ProgramLinkError::Link(sprintdeck_core::codec::share::LinkError::Unknown(19)));
    assert!(future.to_string().contains("unknown"));
    // Every single-bit change of a team-view link is refused or reads as a valid view.
    let link = program_link::encode_team_view(&p.team_view(BoardId(2), NOW).unwrap());
    let raw = sprintdeck_core::codec::base64url::decode(&link).unwrap();
    for i in 0..raw.len() * 8 {
        let mut flipped = raw.clone();
        flipped[i / 8] ^= 1 << (i % 8);
        let _ = program_link::decode(&sprintdeck_core::codec::base64url::encode(&flipped));
    }
}

fn fixtures() -> String {
    format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

/// The stored program of format 1, whose second team's board is a board of format 7 (no
/// impediments): it reads, its board upgraded.
#[test]
fn the_version_1_program_fixture_reads_with_a_format_7_team_board() {
    let dir = fixtures();
    let text = std::fs::read_to_string(format!("{dir}/storage/program-v1.json")).unwrap();
    let p = format::decode_program(&text).unwrap();
    assert_eq!(p.name, "Checkout programme");
    assert_eq!(p.teams.len(), 3);
    assert_eq!(p.teams[2].board.name, "Fixture v7");
    assert!(p.teams[2].board.impediments.is_empty());
    assert_eq!(p.conflicts().total, 1);
    for (name, kind) in [("summary-v1.txt", kinds::SUMMARY), ("team-view-v1.txt", kinds::TEAM_VIEW)] {
        let link = std::fs::read_to_string(format!("{dir}/links/{name}")).unwrap();
        assert_eq!(kinds::first_byte(&link), Some(kind));
        assert!(program_link::decode(link.trim()).is_ok(), "{name}");
    }
}

#[test]
#[ignore = "writes the program fixtures of the current formats; run once when a program format is introduced"]
fn write_program_fixtures() {
    let dir = fixtures();
    let p = program();
    let saves = Lineage::default().then(SaveId(0xabc));
    std::fs::write(format!("{dir}/storage/program-v2.json"), format::encode_program_doc(&p, &saves)).unwrap();
    let s = p.summary(d("2026-11-30"), NOW);
    std::fs::write(format!("{dir}/links/summary-v2.txt"), program_link::encode_summary(&s) + "\n").unwrap();
}

/// The stored program of format 2 carries the lineage of its saves; its summary link (kind 20)
/// totals in 64 bits.
#[test]
fn the_version_2_program_fixture_reads_with_its_lineage() {
    let dir = fixtures();
    let text = std::fs::read_to_string(format!("{dir}/storage/program-v2.json")).unwrap();
    let (p, saves) = format::decode_program_doc(&text).unwrap();
    assert_eq!(p, program());
    assert_eq!(saves, Lineage::default().then(SaveId(0xabc)));
    // Format 1 has none.
    let v1 = std::fs::read_to_string(format!("{dir}/storage/program-v1.json")).unwrap();
    assert!(format::decode_program_doc(&v1).unwrap().1.is_empty());
    let link = std::fs::read_to_string(format!("{dir}/links/summary-v2.txt")).unwrap();
    assert_eq!(kinds::first_byte(&link), Some(kinds::SUMMARY_2));
    assert!(matches!(program_link::decode(link.trim()), Ok(ProgramLink::Summary(_))));
}

#[test]
fn the_grid_aligns_the_teams_sprints_by_date() {
    let p = program();
    let g = p.aligned(d("2026-11-30"));
    // From six weeks back: the columns of 10-19, 11-02, 11-16 (to the day before 12-14), 12-14.
    let starts: Vec<String> = g.columns.iter().map(|(a, _)| a.to_string()).collect();
    assert_eq!(starts, ["2026-10-19", "2026-11-02", "2026-11-16", "2026-12-14"]);
    assert_eq!(g.columns[2].1, d("2026-12-13"));
    let web = &g.rows[1].1;
    assert_eq!(web[3][0].name, "Sprint 5");
    assert_eq!(web[3][0].committed, Points::from_whole(3).into());
    // No members: the capacity is the mean velocity (10), so 3 points fit.
    assert_eq!(web[3][0].capacity, Some(10.0));
    assert!(!web[3][0].over());
    assert!(g.rows[0].1[3].is_empty(), "Payments has no sprint from 12-14");
    // "Everything" (12-04) sits in the column of 11-16; "Checkout release" (2027) in none.
    let at: Vec<Option<usize>> = g.milestones.clone();
    assert_eq!(at, [Some(2), None]);
    assert_eq!(g.column_of(d("2026-12-20")), Some(3));
    // Both teams' Test environment bookings (12-01 and 12-03) clash in the column of 11-16.
    assert_eq!(g.clashes, [(0, 2, "Test environment".to_owned()), (1, 2, "Test environment".to_owned())]);
}

/// A team whose sprints deliver 5, 15 or 15 points (at random in a forecast), planned from
/// 2026-11-30, with five open stories of 3 points, tagged "release".
fn uneven_team(id: u64, name: &str) -> Board {
    let mut b = Board::new(BoardId(id), name.into(), NOW);
    for (i, v) in [5, 15, 15].into_iter().enumerate() {
        let mut s = Sprint::two_weeks(&format!("S{i}"), d("2026-11-02").add_days(-14 * i as i32));
        s.id = SprintId(i as u64 + 1);
        s.result = Some(SprintResult {
            committed: Points::from_whole(v),
            completed: Points::from_whole(v),
            person_days: 1000,
            scope: None,
        });
        b.sprints.push(s);
    }
    let mut open = Sprint::two_weeks("Next", d("2026-11-30"));
    open.id = SprintId(9);
    b.sprints.push(open);
    for i in 0..5 {
        let mut s = story((id << 32) | (i + 1), format!("{name} {i}"));
        s.estimate = Some(Points::from_whole(3));
        s.tags = vec![if i % 2 == 0 { "Release".into() } else { "release".into() }];
        b.stories.push(Arc::new(s));
    }
    b
}

#[test]
fn a_milestone_is_read_off_each_future_where_its_latest_team_finishes() {
    // Each team alone is done by its second sprint in 8 futures of 9 (only 5 + 5 falls short),
    // so at 85 % by the end of sprint 2. Both are, in the same futures, only 64 of 81 times:
    // the program's 85 % date is sprint 3's end, not the later of the two teams' own dates.
    let mut one = Program::default();
    one.add_team(uneven_team(1, "A"), NOW).unwrap();
    one.add_milestone("Release", d("2027-06-01"), "RELEASE").unwrap();
    let alone = one.summary(d("2026-11-30"), NOW);
    assert_eq!(alone.milestones[0].p85, Some(d("2026-12-25")), "{:?}", alone.milestones[0]);
    let mut both = one.clone();
    both.add_team(uneven_team(2, "B"), NOW).unwrap();
    let s = both.summary(d("2026-11-30"), NOW);
    assert_eq!(s.milestones[0].p85, Some(d("2027-01-08")), "{:?}", s.milestones[0]);
    assert_eq!(s.milestones[0].p50, Some(d("2026-12-25")));
    // Features are matched whatever their case.
    assert_eq!(s.features.len(), 1);
    assert_eq!(s.features[0].total, Points::from_whole(30).into());
}

#[test]
fn a_forecast_never_starts_in_the_past() {
    // A plan left in 2026: on 2027-06-01 the milestone of 2027-03-01 cannot be "on track".
    let mut p = Program::default();
    p.add_team(uneven_team(1, "A"), NOW).unwrap();
    p.add_milestone("Spring", d("2027-03-01"), "").unwrap();
    let s = p.summary(d("2027-06-01"), NOW);
    assert_eq!(s.milestones[0].outlook, Outlook::Late, "{:?}", s.milestones[0]);
    assert!(s.milestones[0].p50.unwrap() > d("2027-06-01"));
}

#[test]
fn every_summary_the_app_makes_opens_as_a_link() {
    // Totals far past 10,000 points, sprints up to the gate's last year, forecasts past it.
    let mut big = uneven_team(1, "Big");
    for s in Arc::make_mut(&mut big.stories[0]).estimate.iter_mut() {
        *s = Points::from_whole(10_000);
    }
    for i in 0..40 {
        let mut s = story((1 << 32) | (100 + i), format!("Large {i}"));
        s.estimate = Some(Points::from_whole(10_000));
        s.status = if i % 2 == 0 { Status::Done } else { Status::Ready };
        big.stories.push(Arc::new(s));
    }
    let mut late = Sprint::two_weeks("Last", d("2200-12-25"));
    late.id = SprintId(20);
    big.sprints.push(late);
    let mut p = Program::default();
    p.add_team(big, NOW).unwrap();
    p.add_milestone("Far", d("2200-12-31"), "").unwrap();
    let s = p.summary(d("2200-12-01"), NOW);
    assert!(s.teams[0].total > Total(10_000 * 100), "{:?}", s.teams[0]);
    let link = program_link::encode_summary(&s);
    match program_link::decode(&link) {
        Ok(ProgramLink::Summary(back)) => assert_eq!(back, s),
        other => panic!("{other:?}"),
    }
}
