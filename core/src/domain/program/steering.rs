//! The steering view of a program: where we are (progress by team and feature, the burn-up),
//! where we are going (each milestone's forecast at 50 % and 85 % from the teams' velocities),
//! what is stopping us (red dependencies, booking conflicts, open impediments and risks); and
//! each team's own view of the program, which goes back to it as a feedback link.
//!
//! Both are plain data computed from a [`Program`]: the links carry them as they are, so a
//! person who opens one sees what the program's owner saw, without the teams' boards.

use serde::{Deserialize, Serialize};

use super::{Light, Program, Roam};
use crate::domain::board::{Board, Sprint};
use crate::domain::calendar::Date;
use crate::domain::capacity;
use crate::domain::ids::{BoardId, StoryId};
use crate::domain::{Millis, Points};

/// Trials of each team's forecast. Milestone dates are sprint ends, read at 50 % and 85 %; with
/// 1,000 trials those percentiles move by at most one sprint against 10,000 only where two
/// sprints are within a percent of each other. The Program page keeps the simulations until a
/// team's snapshot changes (see [`Simulations`]).
pub const TRIALS: u32 = 1_000;
/// The most points on the program's burn-up.
pub const BURN_POINTS_MAX: usize = 60;

/// Done and total points of a team or a feature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub name: String,
    pub done: Points,
    pub total: Points,
}

/// One point of the program's burn-up: by the end of `date`, `done` points of `scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnPoint {
    pub date: Date,
    pub done: Points,
    pub scope: Points,
}

/// Whether a milestone's forecast makes its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outlook {
    /// Done by the date in 85 % of futures.
    OnTrack,
    /// In half of them, not in 85 %.
    AtRisk,
    /// Not even in half.
    Late,
    /// A team with work for it has no completed sprint, so no velocity.
    Unknown,
}

impl Outlook {
    pub fn label(self) -> &'static str {
        match self {
            Outlook::OnTrack => "on track",
            Outlook::AtRisk => "at risk",
            Outlook::Late => "late",
            Outlook::Unknown => "no forecast yet",
        }
    }
}

/// A milestone with the day its work is done by, at 50 % and 85 % confidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneForecast {
    pub name: String,
    pub date: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feature: String,
    pub p50: Option<Date>,
    pub p85: Option<Date>,
    pub outlook: Outlook,
    /// Why there is no forecast, or which team sets the date.
    pub note: String,
}

/// What stops the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StopKind {
    Dependency,
    Conflict,
    Impediment,
    Risk,
}

impl StopKind {
    pub fn label(self) -> &'static str {
        match self {
            StopKind::Dependency => "Red dependency",
            StopKind::Conflict => "Booking conflict",
            StopKind::Impediment => "Impediment",
            StopKind::Risk => "Risk",
        }
    }
}

/// One thing that stops the program, said in a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    pub kind: StopKind,
    pub text: String,
}

/// The steering summary: one view of where we are, where we are going, what is stopping us.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: String,
    /// When it was made.
    pub made_at: Millis,
    pub teams: Vec<Progress>,
    pub features: Vec<Progress>,
    pub burnup: Vec<BurnPoint>,
    pub milestones: Vec<MilestoneForecast>,
    pub stopping: Vec<Stop>,
    /// The average fist-of-five vote in tenths (35 is 3.5 of 5), if any team voted.
    pub confidence: Option<u8>,
    /// How many teams voted.
    pub voted: u8,
}

/// Each team's simulated futures (see [`Program::simulate`]), with what they were made from.
#[derive(Clone, Debug)]
pub struct Simulations {
    today: Date,
    sims: Vec<(BoardId, Millis, u64, Pace, capacity::Forecast)>,
}

impl Simulations {
    /// Whether these were made from the program's snapshots as they are.
    pub fn fits(&self, p: &Program) -> bool {
        self.sims.len() == p.teams.len()
            && self
                .sims
                .iter()
                .zip(&p.teams)
                .all(|(s, t)| s.0 == t.board.id && s.1 == t.taken_at && s.2 == t.board.revision)
    }
}

/// A team's velocity history and where its future sprints fall, for forecasts.
#[derive(Clone, Debug)]
struct Pace {
    velocities: Vec<u32>,
    /// The first day of the next sprint to forecast.
    from: Date,
    /// Calendar days from one sprint's start to the next one's.
    step: i32,
    /// Calendar days from a sprint's first day to its last.
    span: i32,
}

impl Pace {
    fn of(board: &Board, today: Date) -> Pace {
        let velocities: Vec<u32> =
            capacity::completed(&board.sprints).iter().filter_map(|s| s.result).map(|r| r.completed.0).collect();
        let mut sprints: Vec<&Sprint> = board.sprints.iter().collect();
        crate::domain::sort::sort_by_key(&mut sprints, |s| s.start);
        let open = sprints.iter().find(|s| s.result.is_none());
        let last = sprints.last();
        let step = last.map_or(14, |s| (s.next_start().0 - s.start.0).clamp(1, 120));
        let span = last.map_or(11, |s| (s.end().0 - s.start.0).clamp(0, 119));
        let from = match (open, last) {
            (Some(s), _) => s.start,
            (None, Some(s)) => s.next_start(),
            (None, None) => today,
        };
        Pace { velocities, from, step, span }
    }

    /// The last day of the `k`-th sprint from `from` (k = 1 is the next one).
    fn end_of(&self, k: usize) -> Date {
        self.from.add_days(self.step * (k as i32 - 1) + self.span)
    }
}

impl Program {
    /// The steering summary as of `today` (at `now`).
    pub fn summary(&self, today: Date, now: Millis) -> Summary {
        // Without milestones nothing is forecast, so nothing is simulated.
        let sims =
            if self.milestones.is_empty() { Simulations { today, sims: Vec::new() } } else { self.simulate(today) };
        self.summary_with(&sims, now)
    }

    /// [`Program::summary`] from simulations made earlier (see [`Program::forecasts_with`]).
    pub fn summary_with(&self, sims: &Simulations, now: Millis) -> Summary {
        let teams =
            self.progress_by_team().into_iter().map(|(name, done, total)| Progress { name, done, total }).collect();
        let features =
            self.progress_by_feature().into_iter().map(|(name, done, total)| Progress { name, done, total }).collect();
        let avg = self.average_confidence();
        Summary {
            name: self.name.clone(),
            made_at: now,
            teams,
            features,
            burnup: self.burnup(),
            milestones: self.forecasts_with(sims),
            stopping: self.stopping(),
            confidence: avg.map(|a| (a * 10.0).round() as u8),
            voted: self.confidence.len().min(usize::from(u8::MAX)) as u8,
        }
    }

    /// Done points by the end of each sprint of any team (in date order), against the
    /// program's whole scope; at most [`BURN_POINTS_MAX`] points (the latest).
    pub fn burnup(&self) -> Vec<BurnPoint> {
        let scope = Points(self.teams.iter().map(|t| t.board.total_points().0).fold(0, u32::saturating_add));
        let mut ends: Vec<Date> = self.teams.iter().flat_map(|t| t.board.sprints.iter().map(Sprint::end)).collect();
        ends.sort_unstable();
        ends.dedup();
        let skip = ends.len().saturating_sub(BURN_POINTS_MAX);
        ends[skip..]
            .iter()
            .map(|end| {
                let done: u32 = self
                    .teams
                    .iter()
                    .map(|t| {
                        let b = &t.board;
                        let by = |id| b.sprints.iter().find(|s| s.id == id).is_some_and(|s| s.end() <= *end);
                        super::points_where(b, |s| {
                            s.status == crate::domain::Status::Done && s.completed_in.is_some_and(by)
                        })
                        .0
                    })
                    .fold(0, u32::saturating_add);
                BurnPoint { date: *end, done: Points(done), scope }
            })
            .collect()
    }

    /// Each team's simulated futures, for [`Program::forecasts_with`]: they depend only on the
    /// teams' snapshots, so a view can keep them while the rest of the program changes.
    pub fn simulate(&self, today: Date) -> Simulations {
        let sims = self
            .teams
            .iter()
            .map(|t| {
                let pace = Pace::of(&t.board, today);
                let seed = capacity::seed_of(&t.board, &pace.velocities);
                let f = capacity::forecast(&t.board.stories, &pace.velocities, TRIALS, seed);
                (t.board.id, t.taken_at, t.board.revision, pace, f)
            })
            .collect();
        Simulations { today, sims }
    }

    /// Each milestone's forecast: for every team with open stories of the milestone's feature
    /// (every open story, for a milestone of the whole program), the end of the sprint by which
    /// its last such story is done in 50 % and in 85 % of 1,000 simulated futures of its
    /// velocity; the milestone's dates are the latest team's.
    pub fn forecasts(&self, today: Date) -> Vec<MilestoneForecast> {
        if self.milestones.is_empty() {
            return Vec::new();
        }
        self.forecasts_with(&self.simulate(today))
    }

    /// [`Program::forecasts`] from simulations made earlier (those of teams whose snapshot has
    /// changed since are made again).
    pub fn forecasts_with(&self, sims: &Simulations) -> Vec<MilestoneForecast> {
        if self.milestones.is_empty() {
            return Vec::new();
        }
        let fresh;
        let sims = if sims.fits(self) {
            sims
        } else {
            fresh = self.simulate(sims.today);
            &fresh
        };
        self.milestones
            .iter()
            .map(|m| {
                let mut p50: Option<Date> = None;
                let mut p85: Option<Date> = None;
                let mut unknown = Vec::new();
                let mut latest = String::new();
                for (t, (_, _, _, pace, f)) in self.teams.iter().zip(&sims.sims) {
                    let wanted = |s: &crate::domain::Story| m.feature.is_empty() || s.tags.contains(&m.feature);
                    let Some(last) =
                        capacity::open_stories(&t.board.stories).collect::<Vec<_>>().iter().rposition(|s| wanted(s))
                    else {
                        continue;
                    };
                    let at = |pct| f.sprint_for(last, pct).map(|k| pace.end_of(k));
                    match (at(50), at(85)) {
                        (Some(a), Some(b)) => {
                            if p85.is_none_or(|x| b > x) {
                                latest = t.board.name.clone();
                            }
                            p50 = Some(p50.map_or(a, |x| x.max(a)));
                            p85 = Some(p85.map_or(b, |x| x.max(b)));
                        }
                        _ => unknown.push(t.board.name.clone()),
                    }
                }
                let (outlook, note) = if !unknown.is_empty() {
                    {
                        let more = unknown.len().saturating_sub(3);
                        let mut names = unknown[..unknown.len().min(3)].join(", ");
                        if more > 0 {
                            names.push_str(&format!(" and {more} more"));
                        }
                        (Outlook::Unknown, format!("No velocity yet for {names}: complete a sprint there first."))
                    }
                } else {
                    match (p50, p85) {
                        (_, Some(b)) if b <= m.date => (Outlook::OnTrack, format!("Set by {latest}.")),
                        (Some(a), _) if a <= m.date => (Outlook::AtRisk, format!("Set by {latest}.")),
                        (Some(_), _) => (Outlook::Late, format!("Set by {latest}.")),
                        _ => (Outlook::OnTrack, "No open work for it.".into()),
                    }
                };
                MilestoneForecast {
                    name: m.name.clone(),
                    date: m.date,
                    feature: m.feature.clone(),
                    p50,
                    p85,
                    outlook,
                    note,
                }
            })
            .collect()
    }

    /// What stops the program: red dependencies, booking conflicts, open impediments, risks
    /// not resolved.
    pub fn stopping(&self) -> Vec<Stop> {
        let mut out = Vec::new();
        let name = |id| self.team_name(id);
        for d in self.dependencies.iter().filter(|d| self.light(d) == Light::Red) {
            let (a, b) = (self.title(d.needs).unwrap_or_default(), self.title(d.needed).unwrap_or_default());
            let text = format!(
                "“{a}” ({}) needs “{b}” ({}), which is planned later.",
                name(d.needs.team),
                name(d.needed.team)
            );
            out.push(Stop { kind: StopKind::Dependency, text });
        }
        for c in self.conflicts() {
            let (a, b) = (&self.bookings[c.first], &self.bookings[c.second]);
            let text = format!(
                "{}: {} books it {} to {}, {} books it {} to {}; free from {}.",
                a.resource,
                name(a.team),
                a.start,
                a.end,
                name(b.team),
                b.start,
                b.end,
                c.free_from
            );
            out.push(Stop { kind: StopKind::Conflict, text });
        }
        for (team, x) in self.open_impediments() {
            out.push(Stop { kind: StopKind::Impediment, text: format!("{} ({}).", x.title, name(team)) });
        }
        for r in self.risks.iter().filter(|r| r.roam != Roam::Resolved) {
            out.push(Stop {
                kind: StopKind::Risk,
                text: format!("{} ({}, owner {}).", r.title, r.roam.label(), r.owner),
            });
        }
        out
    }

    /// The steering summary as Markdown.
    pub fn summary_markdown(&self, today: Date, now: Millis) -> String {
        self.summary(today, now).markdown()
    }
}

impl Summary {
    /// The summary as Markdown, for a steering meeting's notes. Text from the boards is
    /// stripped of Markdown's special characters.
    pub fn markdown(&self) -> String {
        let esc = |t: &str| t.replace(['*', '_', '`', '[', ']', '<', '>', '#', '|'], " ");
        let mut out = format!("# {}\n\n## Where we are\n\n", esc(&self.name));
        for p in &self.teams {
            out.push_str(&format!("- {}: {} of {} points done\n", esc(&p.name), p.done, p.total));
        }
        if !self.features.is_empty() {
            out.push_str("\nBy feature:\n\n");
            for p in &self.features {
                out.push_str(&format!("- {}: {} of {} points done\n", esc(&p.name), p.done, p.total));
            }
        }
        if let Some(last) = self.burnup.iter().rev().find(|b| b.done.0 > 0).or(self.burnup.last()) {
            out.push_str(&format!("\nBurn-up: {} of {} points done by {}.\n", last.done, last.scope, last.date));
        }
        out.push_str("\n## Where we are going\n\n");
        if self.milestones.is_empty() {
            out.push_str("No milestones yet.\n");
        }
        for m in &self.milestones {
            let when = |d: Option<Date>| d.map_or_else(|| "unknown".into(), |d| d.to_string());
            let feature = if m.feature.is_empty() { String::new() } else { format!(" ({})", esc(&m.feature)) };
            out.push_str(&format!(
                "- {}{feature}, {}: {}; 50 %: {}, 85 %: {}. {}\n",
                esc(&m.name),
                m.date,
                m.outlook.label(),
                when(m.p50),
                when(m.p85),
                esc(&m.note)
            ));
        }
        out.push_str("\n## What is stopping us\n\n");
        for s in &self.stopping {
            out.push_str(&format!("- {}: {}\n", s.kind.label(), esc(&s.text)));
        }
        if self.stopping.is_empty() {
            out.push_str("Nothing.\n");
        }
        if let Some(c) = self.confidence {
            out.push_str(&format!(
                "\nConfidence (fist of five): {} of 5 on average ({} of {} teams voted).\n",
                crate::domain::decimal(f64::from(c) / 10.0, 1),
                self.voted,
                self.teams.len()
            ));
        }
        out
    }
}

/// A dependency as one team sees it: its own story, and the other team's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The team's own story (by id, so its own board can show where it is now).
    pub own: StoryId,
    pub own_title: String,
    pub other_team: String,
    pub other_title: String,
    /// The other story's sprint in the program, if it is planned.
    pub other_sprint: Option<String>,
    pub light: Light,
}

/// A booking of the team's, with the conflicts it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamBooking {
    pub resource: String,
    pub start: Date,
    pub end: Date,
    /// Other teams' overlapping bookings of it, and the first free window for the later one.
    pub conflicts: Vec<String>,
}

/// What the program says to one team: sent back to it as a link, shown beside its own plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub program: String,
    pub made_at: Millis,
    pub team: BoardId,
    pub team_name: String,
    /// When the program's snapshot of the team was taken.
    pub taken_at: Millis,
    /// Other teams' stories that need this team's.
    pub incoming: Vec<Link>,
    /// This team's stories that need other teams'.
    pub outgoing: Vec<Link>,
    pub bookings: Vec<TeamBooking>,
    /// Risks not resolved, with owners.
    pub risks: Vec<Stop>,
    /// Open impediments of every team, so a team sees what holds the others too.
    pub impediments: Vec<Stop>,
    /// The team's own fist-of-five vote and the program's average, in tenths.
    pub own_vote: Option<u8>,
    pub confidence: Option<u8>,
}

impl Program {
    /// What the program says to `team` (`None` if it is not in the program).
    pub fn team_view(&self, team: BoardId, now: Millis) -> Option<TeamView> {
        let t = self.team(team)?;
        let sprint_name = |r| self.sprint_of(r).map(|s: &Sprint| format!("{} ({} to {})", s.name, s.start, s.end()));
        let link = |own: super::StoryRef, other: super::StoryRef, d: &super::Dependency| Link {
            own: own.story,
            own_title: self.title(own).unwrap_or_default(),
            other_team: self.team_name(other.team),
            other_title: self.title(other).unwrap_or_default(),
            other_sprint: sprint_name(other),
            light: self.light(d),
        };
        let incoming =
            self.dependencies.iter().filter(|d| d.needed.team == team).map(|d| link(d.needed, d.needs, d)).collect();
        let outgoing =
            self.dependencies.iter().filter(|d| d.needs.team == team).map(|d| link(d.needs, d.needed, d)).collect();
        let conflicts = self.conflicts();
        let bookings = self
            .bookings
            .iter()
            .enumerate()
            .filter(|(_, b)| b.team == team)
            .map(|(i, b)| {
                let conflicts = conflicts
                    .iter()
                    .filter_map(|c| c.other_than(i).map(|o| (o, c)))
                    .map(|(o, c)| {
                        let other = &self.bookings[o];
                        let later = &self.bookings[c.second];
                        format!(
                            "Overlaps {}'s booking {} to {}; {} would be free from {}.",
                            self.team_name(other.team),
                            other.start,
                            other.end,
                            if later.team == team {
                                "yours".to_owned()
                            } else {
                                format!("{}'s", self.team_name(later.team))
                            },
                            c.free_from
                        )
                    })
                    .collect();
                TeamBooking { resource: b.resource.clone(), start: b.start, end: b.end, conflicts }
            })
            .collect();
        let stops = self.stopping();
        let of = |k: super::steering::StopKind| stops.iter().filter(|s| s.kind == k).cloned().collect::<Vec<_>>();
        Some(TeamView {
            program: self.name.clone(),
            made_at: now,
            team,
            team_name: t.board.name.clone(),
            taken_at: t.taken_at,
            incoming,
            outgoing,
            bookings,
            risks: of(StopKind::Risk),
            impediments: of(StopKind::Impediment),
            own_vote: self.confidence.iter().find(|(x, _)| *x == team).map(|(_, f)| f * 10),
            confidence: self.average_confidence().map(|a| (a * 10.0).round() as u8),
        })
    }
}
