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
use crate::domain::{Millis, Total};

/// Trials of each team's forecast. Milestone dates are sprint ends, read at 50 % and 85 %; with
/// 1,000 trials those percentiles move by at most one sprint against 10,000 only where two
/// sprints are within a percent of each other. The Program page keeps the simulations until a
/// team's snapshot changes (see [`Simulations`]).
pub const TRIALS: u32 = 1_000;
/// The most conflicts a team's view lists per booking (the rest are counted).
pub const BOOKING_CONFLICTS_SHOWN: usize = 5;
/// The most points on the program's burn-up.
pub const BURN_POINTS_MAX: usize = 60;

/// Done and total points of a team or a feature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub name: String,
    pub done: Total,
    pub total: Total,
}

/// One point of the program's burn-up: by the end of `date`, `done` points of `scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnPoint {
    pub date: Date,
    pub done: Total,
    pub scope: Total,
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
    /// The last day of each future sprint, from the sprint of today on (`ends[0]` is sprint 1);
    /// one per sprint of the forecast's horizon.
    ends: Vec<Date>,
}

impl Pace {
    fn of(board: &Board, today: Date) -> Pace {
        let velocities: Vec<u32> =
            capacity::completed(&board.sprints).iter().filter_map(|s| s.result).map(|r| r.completed.0).collect();
        let mut ends = Vec::with_capacity(capacity::HORIZON);
        // From where the Capacity page starts, two weeks a sprint for a team with no sprint.
        let mut s =
            capacity::forecast_start(board, today).unwrap_or_else(|| Sprint::two_weeks("", Sprint::first_start(today)));
        for _ in 0..capacity::HORIZON {
            ends.push(s.end());
            s.start = s.next_start();
        }
        Pace { velocities, ends }
    }

    /// The last day of sprint `k` (1 is the sprint of today), if within the horizon.
    fn end_of(&self, k: usize) -> Option<Date> {
        self.ends.get(k.checked_sub(1)?).copied()
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
    /// program's whole scope; at most [`BURN_POINTS_MAX`] points (the latest). A done story
    /// counts from the end of the sprint it was done in, or, if it was done in none, from the
    /// day it last changed. Every done story is dated once and the points summed in date order,
    /// so each point of the line is read off in one halving search.
    pub fn burnup(&self) -> Vec<BurnPoint> {
        let scope: Total = self.teams.iter().map(|t| t.board.total_points()).sum();
        // Sprints end at most a few weeks past the gate's last day; the summary's points stay
        // within it, so its link opens wherever it is made.
        let (_, last_day) = crate::domain::calendar::date_range();
        let mut ends: Vec<Date> = self
            .teams
            .iter()
            .flat_map(|t| t.board.sprints.iter().map(Sprint::end))
            .filter(|d| *d <= last_day)
            .collect();
        ends.sort_unstable();
        ends.dedup();
        let mut done: Vec<(Date, Total)> = Vec::new();
        for t in &self.teams {
            let b = &t.board;
            let end_of: std::collections::HashMap<_, Date> = b.sprints.iter().map(|s| (s.id, s.end())).collect();
            for s in b.stories.iter().filter(|s| s.status == crate::domain::Status::Done) {
                let day =
                    s.completed_in.and_then(|id| end_of.get(&id).copied()).unwrap_or(Date::from_millis(s.updated_at));
                done.push((day, Total::from(s.estimate.unwrap_or_default())));
            }
        }
        done.sort_unstable_by_key(|(d, _)| *d);
        let mut running = Vec::with_capacity(done.len() + 1);
        running.push(Total(0));
        for (_, p) in &done {
            let last = running.last().copied().unwrap_or_default();
            running.push(last + *p);
        }
        let skip = ends.len().saturating_sub(BURN_POINTS_MAX);
        ends[skip..]
            .iter()
            .map(|end| {
                let by = done.partition_point(|(d, _)| d <= end);
                BurnPoint { date: *end, done: running[by], scope }
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
        let (_, last_day) = crate::domain::calendar::date_range();
        // A date past what the gate reads (a forecast far out) is no date: the summary link
        // must open in every browser that can make one.
        let day = |d: Option<Date>| d.filter(|d| *d <= last_day);
        self.milestones
            .iter()
            .map(|m| {
                let feature = crate::domain::text::lowercase(&m.feature);
                let wanted = |s: &crate::domain::Story| {
                    feature.is_empty() || s.tags.iter().any(|t| crate::domain::text::lowercase(t) == feature)
                };
                let mut unknown = Vec::new();
                // Each team with open work for the milestone: its pace, its forecast, and the
                // position of its last such story among its open stories.
                let mut involved = Vec::new();
                for (t, (_, _, _, pace, f)) in self.teams.iter().zip(&sims.sims) {
                    let Some(last) =
                        capacity::open_stories(&t.board.stories).collect::<Vec<_>>().iter().rposition(|s| wanted(s))
                    else {
                        continue;
                    };
                    if f.trials == 0 {
                        unknown.push(t.board.name.clone());
                    } else {
                        involved.push((t.board.name.as_str(), pace, f, last));
                    }
                }
                let (p50, p85, outlook, note) = if !unknown.is_empty() {
                    let more = unknown.len().saturating_sub(3);
                    let mut names = unknown[..unknown.len().min(3)].join(", ");
                    if more > 0 {
                        names.push_str(&format!(" and {more} more"));
                    }
                    (
                        None,
                        None,
                        Outlook::Unknown,
                        format!("No velocity yet for {names}: complete a sprint there first."),
                    )
                } else if involved.is_empty() {
                    (None, None, Outlook::OnTrack, "No open work for it.".into())
                } else {
                    // In each simulated future the milestone is done when its latest team is:
                    // the program's 50 % and 85 % dates are read off those, not off each team's
                    // own (the latest of those holds far less often than 85 % of the time).
                    let trials = involved.iter().map(|(_, _, f, _)| f.trials as usize).min().unwrap_or(0);
                    let mut finish: Vec<Option<Date>> = (0..trials)
                        .map(|trial| {
                            involved.iter().try_fold(Date(i32::MIN), |latest, (_, pace, f, last)| {
                                Some(latest.max(pace.end_of(f.trial_sprint(trial, *last)?)?))
                            })
                        })
                        .collect();
                    // Futures that do not finish within the horizon sort last.
                    finish.sort_unstable_by_key(|d| (d.is_none(), *d));
                    let at = |pct: usize| finish.get((trials * pct).div_ceil(100).saturating_sub(1)).copied().flatten();
                    let (p50, p85) = (at(50), at(85));
                    // The team that sets the date: the one done last at 85 % on its own.
                    let latest = involved
                        .iter()
                        .max_by_key(|(_, pace, f, last)| {
                            let own = f.sprint_for(*last, 85).and_then(|k| pace.end_of(k));
                            (own.is_none(), own)
                        })
                        .map(|(name, ..)| *name)
                        .unwrap_or_default();
                    let (outlook, note) = match (p50, p85) {
                        (_, Some(b)) if b <= m.date => (Outlook::OnTrack, format!("Set by {latest}.")),
                        (Some(a), _) if a <= m.date => (Outlook::AtRisk, format!("Set by {latest}.")),
                        (Some(_), _) => (Outlook::Late, format!("Set by {latest}.")),
                        (None, _) => {
                            (Outlook::Late, format!("Not done within {} sprints; set by {latest}.", capacity::HORIZON))
                        }
                    };
                    (day(p50), day(p85), outlook, note)
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
        let conflicts = self.conflicts();
        for c in &conflicts.shown {
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
        if conflicts.more() > 0 {
            let text = format!("{} more booking conflicts: see the shared resources.", conflicts.more());
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
        let by_booking = self.conflicts_by_booking(BOOKING_CONFLICTS_SHOWN, |i| self.bookings[i].team == team);
        let bookings = self
            .bookings
            .iter()
            .enumerate()
            .filter(|(_, b)| b.team == team)
            .map(|(i, b)| {
                let (shown, total) = &by_booking[i];
                let total = *total;
                let mut conflicts: Vec<String> = shown
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
                if total > shown.len() {
                    conflicts.push(format!("And {} more overlapping bookings.", total - shown.len()));
                }
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
