//! Generated boards for the bench: realistic titles (30–80 characters), estimates, tags and
//! team members, the same on every run (a fixed-seed generator).

use std::sync::Arc;

use sprintdeck_core::domain::board::Member;
use sprintdeck_core::domain::{Board, BoardId, MemberId, Points, Status, Story, StoryId};

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const ROLES: &[&str] = &["shopper", "admin", "team lead", "new user", "support agent", "guest", "developer", "manager"];
const ACTIONS: &[&str] = &[
    "export", "filter", "search", "reset", "share", "archive", "import", "edit", "review", "approve", "schedule",
    "compare", "download", "print", "tag", "merge",
];
const OBJECTS: &[&str] = &[
    "my invoices",
    "the order history",
    "saved payment cards",
    "team reports",
    "project settings",
    "notification emails",
    "the audit log",
    "shipping addresses",
    "user roles",
    "monthly statements",
    "draft articles",
    "support tickets",
    "the product catalogue",
    "release notes",
];
const BENEFITS: &[&str] = &[
    "I save time",
    "nothing gets lost",
    "I can plan ahead",
    "my team stays informed",
    "I trust the numbers",
    "I avoid mistakes",
    "I stay in control",
];
const TAGS: &[&str] = &["ux", "api", "billing", "mobile", "search", "security", "reporting", "onboarding"];
const NAMES: &[&str] =
    &["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy"];

/// A title of 30 to 80 characters.
fn title(rng: &mut Rng) -> String {
    loop {
        let t = match rng.next() % 3 {
            0 => format!(
                "As a {} I want to {} {} so that {}",
                rng.pick(ROLES),
                rng.pick(ACTIONS),
                rng.pick(OBJECTS),
                rng.pick(BENEFITS)
            ),
            1 => format!("{} {} from the dashboard", capitalise(rng.pick::<&str>(ACTIONS)), rng.pick(OBJECTS)),
            _ => format!("Let {}s {} {} in bulk", rng.pick(ROLES), rng.pick(ACTIONS), rng.pick(OBJECTS)),
        };
        if (30..=80).contains(&t.chars().count()) {
            return t;
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// A board of `stories` stories and `members` members.
pub fn board(stories: usize, members: usize, seed: u64) -> Board {
    let mut rng = Rng::new(seed);
    let mut b = Board::new(BoardId(0xbe4c_0000_0000_0000 | seed), format!("Bench board {stories}"), 1_763_800_000_000);
    let site = 0x5eed_0001u64 << 32;
    for i in 0..stories {
        let estimate = [1, 2, 3, 5, 8, 13][(rng.next() % 6) as usize];
        let tags = if rng.next().is_multiple_of(2) { vec![rng.pick(TAGS).to_string()] } else { Vec::new() };
        b.stories.push(Arc::new(Story {
            id: StoryId(site | (i as u64 + 1)),
            title: title(&mut rng),
            description: String::new(),
            acceptance: String::new(),
            estimate: (!rng.next().is_multiple_of(5)).then(|| Points::from_whole(estimate)),
            value: (rng.next().is_multiple_of(3)).then(|| (rng.next() % 20 + 1) as u32),
            time_criticality: None,
            risk_reduction: None,
            tags,
            status: if i < stories / 10 { Status::InSprint } else { Status::Ready },
            updated_at: 1_763_800_000_000,
            earlier: Vec::new(),
            rounds: Vec::new(),
            committed_to: None,
            completed_in: None,
        }));
    }
    for i in 0..members {
        b.members.push(Member {
            id: MemberId(site | (i as u64 + 1)),
            name: NAMES[i % NAMES.len()].to_owned(),
            role: "Developer".into(),
            allocation: 100,
            days_off: Vec::new(),
            focus: None,
        });
    }
    b.revision = 1;
    b
}

/// A board with `completed` finished sprints of varied velocity and one sprint being planned:
/// the input of the forecast bench.
pub fn planned_board(stories: usize, members: usize, completed: usize) -> Board {
    use sprintdeck_core::domain::board::{Sprint, SprintResult};
    use sprintdeck_core::domain::capacity::MON_TO_FRI;
    use sprintdeck_core::domain::ids::SprintId;
    let mut b = board(stories, members, 7);
    let mut rng = Rng::new(99);
    let first = sprintdeck_core::domain::Date::from_ymd(2026, 6, 1).expect("a real date");
    for i in 0..=completed {
        let velocity = 30 + (rng.next() % 25) as u32;
        b.sprints.push(Sprint {
            id: SprintId(i as u64 + 1),
            name: format!("Sprint {}", i + 1),
            start: first.add_days(14 * i as i32),
            working_days: 10,
            goal: String::new(),
            result: (i < completed).then(|| SprintResult {
                committed: Points::from_whole(velocity + 5),
                completed: Points::from_whole(velocity),
                person_days: 100 * 10 * members as u32,
                scope: None,
            }),
            weekdays: MON_TO_FRI,
            holidays: Vec::new(),
            hours_per_day: 800,
        });
    }
    b
}

/// A program of `teams` teams of `stories` stories each: every team with six completed sprints
/// and three planned from 2026-11-30, a tenth of its stories committed to each planned sprint,
/// an open impediment; dependencies between neighbouring teams (some planned in the wrong
/// order), two shared resources booked by every team (overlapping), risks, votes and three
/// milestones. The input of the program bench.
pub fn program(teams: usize, stories: usize) -> sprintdeck_core::domain::program::Program {
    use sprintdeck_core::domain::board::{Impediment, Sprint};
    use sprintdeck_core::domain::ids::SprintId;
    use sprintdeck_core::domain::program::{Booking, Dependency, Program, StoryRef};
    let mut p = Program { name: format!("Bench program, {teams} teams"), ..Program::default() };
    let mut rng = Rng::new(5);
    let start = sprintdeck_core::domain::Date::from_ymd(2026, 11, 30).expect("a real date");
    for t in 0..teams {
        let mut b = planned_board(stories, 6, 6);
        b.id = BoardId(0x7ea4_0000_0000_0000 | t as u64);
        b.name = format!("Team {}", t + 1);
        // Each team's stories on a site of its own, as boards made in different browsers.
        let site = (0x5eed_1000u64 + t as u64) << 32;
        for s in b.stories.iter_mut() {
            let s = Arc::make_mut(s);
            s.id = StoryId(site | (s.id.0 & 0xffff_ffff));
        }
        b.sprints.retain(|s| s.result.is_some());
        for k in 0..3 {
            let mut s = Sprint::two_weeks(&format!("Sprint {}", 7 + k), start.add_days(14 * k));
            s.id = SprintId(100 + k as u64);
            b.sprints.push(s);
        }
        for (i, s) in b.stories.iter_mut().enumerate() {
            let k = i / (stories / 10).max(1);
            if k < 3 {
                Arc::make_mut(s).committed_to = Some(SprintId(100 + k as u64));
            }
        }
        b.impediments.push(Impediment {
            title: format!("Waiting for access to the staging data ({})", t + 1),
            raised_at: 1_764_400_000_000,
            resolved: false,
        });
        p.add_team(b, 1_764_400_000_000).expect("at most 20 teams");
    }
    for t in 0..teams {
        let (a, b) = (&p.teams[t].board, &p.teams[(t + 1) % teams].board);
        let deps: Vec<Dependency> = (0..3)
            .map(|k| {
                let i = (rng.next() % (stories as u64 * 3 / 10)) as usize;
                let needs = StoryRef { team: a.id, story: a.stories[(i + k) % stories].id };
                let needed = StoryRef { team: b.id, story: b.stories[(i * 7 + k) % stories].id };
                Dependency { needs, needed }
            })
            .collect();
        for d in deps {
            // A pick that would close a cycle is refused; the others stay.
            let _ = p.add_dependency(d);
        }
    }
    for r in ["Test environment", "Release slot"] {
        p.add_resource(r).expect("a short name");
    }
    for t in 0..teams {
        let team = p.teams[t].board.id;
        let from = start.add_days(3 * t as i32);
        for (r, days) in [("Test environment", 4), ("Release slot", 1)] {
            p.book(Booking { resource: r.into(), team, start: from, end: from.add_days(days) })
                .expect("a valid booking");
        }
        p.vote_confidence(team, (t % 5 + 1) as u8);
    }
    for (i, r) in [
        "Card provider changes its API",
        "Two people leave in January",
        "Data migration slower than planned",
        "Pen test finds issues",
        "Budget review",
    ]
    .iter()
    .enumerate()
    {
        p.raise(r, NAMES[i % NAMES.len()]).expect("a short risk");
    }
    for (name, days, tag) in [("Beta", 28, "billing"), ("Release 1", 56, ""), ("Mobile launch", 84, "mobile")] {
        p.add_milestone(name, start.add_days(days), tag).expect("a valid milestone");
    }
    p
}
