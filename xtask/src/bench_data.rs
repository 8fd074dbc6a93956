//! Generated boards for the bench: realistic titles (30–80 characters), estimates, tags and
//! team members, the same on every run (a fixed-seed generator).

use std::sync::Arc;

use sprintdeck::domain::board::Member;
use sprintdeck::domain::{Board, BoardId, MemberId, Points, Status, Story, StoryId};

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
        }));
    }
    for i in 0..members {
        b.members.push(Member {
            id: MemberId(site | (i as u64 + 1)),
            name: NAMES[i % NAMES.len()].to_owned(),
            role: "Developer".into(),
            allocation: 100,
            days_off: Vec::new(),
        });
    }
    b.revision = 1;
    b
}
