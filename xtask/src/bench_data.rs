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
