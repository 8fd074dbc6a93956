//! The one gate every board passes: what comes from outside (links, files and backups, stored
//! blobs, poker links, merges, CSV imports) and what the reducer produces.
//!
//! A board that passes holds only what a person could have typed into the app: dates in a sane
//! calendar range, working weeks with at least one working day, bounded counts of stories,
//! members, sprints, days and votes, bounded texts and numbers, unique ids. Everything the app
//! computes from a board (calendars, capacity, forecasts, statistics, sums of points) relies
//! on these bounds to finish quickly and never overflow. A value out of range is refused with
//! the path of the value, so the message can say which field is wrong.

use std::fmt::Write;

use super::board::{Board, Member, Sprint};
use super::calendar::Date;
use super::error::Field;
use super::ids::SprintId;
use super::points::Points;
use super::poker::{
    CARDS_MAX, Card, DECKS_MAX, Deck, LABEL_MAX, RECORDS_PER_STORY_MAX, Round, RoundRecord, VOTERS_MAX,
};
use super::story::{EARLIER_MAX, Story, VALUE_MAX};
use super::text::{self, LONG_TEXT_MAX, NAME_MAX, STORIES_MAX, TAG_MAX, TAGS_PER_STORY_MAX, TITLE_MAX};

/// The most team members on a board.
pub const MEMBERS_MAX: usize = 200;
/// The most sprints on a board.
pub const SPRINTS_MAX: usize = 500;
/// The most days off per member, and holidays per sprint.
pub const DAYS_MAX: usize = 366;
/// The longest sprint, in working days.
pub const SPRINT_DAYS_MAX: u16 = 60;
/// The most working hours per day, in hundredths.
pub const HOURS_PER_DAY_MAX: u32 = 2400;
/// Revisions stay exact in JavaScript (2⁵³).
pub const REVISION_MAX: u64 = 1 << 53;

pub use super::calendar::{DATE_MAX, DATE_MIN, date_range, time_range};
pub use super::error::Invalid;

/// Collects the path of the value being checked.
pub(crate) struct Gate {
    path: String,
}

pub(crate) type Checked = Result<(), Invalid>;

impl Gate {
    /// A gate checking the value at `path`.
    pub(crate) fn new(path: &str) -> Gate {
        Gate { path: path.into() }
    }

    fn fail(&self, at: &str, problem: impl Into<String>) -> Invalid {
        let path = if at.is_empty() { self.path.clone() } else { format!("{}.{at}", self.path) };
        Invalid { path: path.trim_start_matches('.').to_owned(), problem: problem.into() }
    }

    /// Runs `f` one level down, at `key` (and `[index]`, if given).
    pub(crate) fn at<T>(
        &mut self,
        key: &str,
        index: Option<usize>,
        f: impl FnOnce(&mut Gate) -> Result<T, Invalid>,
    ) -> Result<T, Invalid> {
        let len = self.path.len();
        if !key.is_empty() {
            self.path.push('.');
            self.path.push_str(key);
        }
        if let Some(i) = index {
            let _ = write!(self.path, "[{i}]");
        }
        let out = f(self);
        self.path.truncate(len);
        out
    }

    pub(crate) fn count(&self, key: &str, n: usize, max: usize) -> Checked {
        if n > max { Err(self.fail(key, format!("{n} entries; at most {max} are allowed"))) } else { Ok(()) }
    }

    /// The text as stored must fit `max` (not only once cleaned: a link or file carries it as
    /// it is) and must still read as something once cleaned.
    pub(crate) fn one_line(&self, key: &str, field: Field, text: &str, max: usize) -> Checked {
        text::check_len(field, text, max)
            .and_then(|()| text::one_line(field, text, max))
            .map(drop)
            .map_err(|e| self.fail(key, e.to_string()))
    }

    fn optional_line(&self, key: &str, field: Field, text: &str, max: usize) -> Checked {
        if text.trim().is_empty() { Ok(()) } else { self.one_line(key, field, text, max) }
    }

    fn long_text(&self, key: &str, field: Field, text: &str) -> Checked {
        text::check_len(field, text, LONG_TEXT_MAX)
            .and_then(|()| text::multi_line(field, text, LONG_TEXT_MAX))
            .map(drop)
            .map_err(|e| self.fail(key, e.to_string()))
    }

    fn at_most(&self, key: &str, value: u64, max: u64) -> Checked {
        if value > max { Err(self.fail(key, format!("{value} is more than {max}"))) } else { Ok(()) }
    }

    fn points(&self, key: &str, p: Points, max_whole: u64) -> Checked {
        if u64::from(p.0) > max_whole * 100 {
            Err(self.fail(key, format!("{p} points is more than {max_whole}")))
        } else {
            Ok(())
        }
    }

    fn date(&self, key: &str, d: Date) -> Checked {
        let (first, last) = date_range();
        if d < first || d > last {
            Err(self.fail(key, format!("{d} is outside the years 1900 to 2200")))
        } else {
            Ok(())
        }
    }

    fn time(&self, key: &str, ms: i64) -> Checked {
        let (first, last) = time_range();
        if ms < first || ms > last { Err(self.fail(key, "a time outside the years 1900 to 2200")) } else { Ok(()) }
    }

    fn dates(&self, key: &str, dates: &[Date]) -> Checked {
        self.count(key, dates.len(), DAYS_MAX)?;
        dates.iter().enumerate().try_for_each(|(i, d)| self.date(&format!("{key}[{i}]"), *d))
    }

    fn unique<T: Ord + Copy>(&self, key: &str, ids: impl Iterator<Item = T>, what: &str) -> Checked {
        let mut ids: Vec<T> = ids.collect();
        let n = ids.len();
        super::sort::sort_dedup(&mut ids);
        if ids.len() == n { Ok(()) } else { Err(self.fail(key, format!("two {what} share one id"))) }
    }
}

/// The most impediments a board keeps.
pub const IMPEDIMENTS_MAX: usize = 100;

/// Checks a whole board.
pub fn board(b: &Board) -> Checked {
    let mut g = Gate { path: String::new() };
    g.one_line("name", Field::BoardName, &b.name, NAME_MAX)?;
    g.at_most("revision", b.revision, REVISION_MAX)?;
    g.time("updated_at", b.updated_at)?;
    g.count("stories", b.stories.len(), STORIES_MAX)?;
    g.unique("stories", b.stories.iter().map(|s| s.id), "stories")?;
    for (i, s) in b.stories.iter().enumerate() {
        g.at("stories", Some(i), |g| story(g, s, true))?;
    }
    g.count("members", b.members.len(), MEMBERS_MAX)?;
    g.unique("members", b.members.iter().map(|m| m.id), "members")?;
    for (i, m) in b.members.iter().enumerate() {
        g.at("members", Some(i), |g| member(g, m))?;
    }
    g.count("sprints", b.sprints.len(), SPRINTS_MAX)?;
    g.unique("sprints", b.sprints.iter().map(|s| s.id), "sprints")?;
    let known =
        |id: Option<SprintId>| id.is_none_or(|id| id == SprintId::OUTSIDE || b.sprints.iter().any(|s| s.id == id));
    for (i, s) in b.stories.iter().enumerate() {
        for (key, id) in [("committed_to", s.committed_to), ("completed_in", s.completed_in)] {
            if !known(id) {
                return Err(g.fail(&format!("stories[{i}].{key}"), "there is no sprint with this id on the board"));
            }
        }
    }
    for (i, s) in b.sprints.iter().enumerate() {
        g.at("sprints", Some(i), |g| sprint(g, s))?;
    }
    let st = &b.settings;
    g.at("settings", None, |g| {
        if !(1..=12).contains(&st.velocity_window) {
            return Err(g.fail("velocity_window", "the velocity is averaged over 1 to 12 sprints"));
        }
        g.at_most("guess_focus", u64::from(st.guess_focus), 100)?;
        g.points("guess_points_per_day", st.guess_points_per_day, u64::from(Points::MAX_WHOLE))
    })?;
    g.count("decks", b.decks.len(), DECKS_MAX)?;
    let mut keys: Vec<&str> = b.decks.iter().map(|d| d.key.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(g.fail("decks", "two decks share one key"));
    }
    for (i, d) in b.decks.iter().enumerate() {
        g.at("decks", Some(i), |g| deck_in(g, d))?;
    }
    g.count("impediments", b.impediments.len(), IMPEDIMENTS_MAX)?;
    for (i, x) in b.impediments.iter().enumerate() {
        g.at("impediments", Some(i), |g| {
            g.one_line("title", Field::Impediment, &x.title, TITLE_MAX)?;
            g.time("raised_at", x.raised_at)
        })?;
    }
    Ok(())
}

pub(crate) fn story(g: &mut Gate, s: &Story, with_earlier: bool) -> Checked {
    g.one_line("title", Field::Title, &s.title, TITLE_MAX)?;
    g.long_text("description", Field::Description, &s.description)?;
    g.long_text("acceptance", Field::Acceptance, &s.acceptance)?;
    if let Some(e) = s.estimate {
        g.points("estimate", e, u64::from(Points::MAX_WHOLE))?;
    }
    for (key, v) in [("value", s.value), ("time_criticality", s.time_criticality), ("risk_reduction", s.risk_reduction)]
    {
        if let Some(v) = v {
            g.at_most(key, u64::from(v), u64::from(VALUE_MAX))?;
        }
    }
    g.count("tags", s.tags.len(), TAGS_PER_STORY_MAX)?;
    for (i, t) in s.tags.iter().enumerate() {
        let key = format!("tags[{i}]");
        g.one_line(&key, Field::Tag, t, TAG_MAX)?;
        // Tags are typed and shared as a comma-separated list: a comma would make two.
        if t.contains(',') {
            return Err(g.fail(&key, "a tag cannot hold a comma"));
        }
    }
    g.time("updated_at", s.updated_at)?;
    if with_earlier {
        g.count("earlier", s.earlier.len(), EARLIER_MAX)?;
        for (i, e) in s.earlier.iter().enumerate() {
            g.at("earlier", Some(i), |g| story(g, e, false))?;
        }
    } else if !s.earlier.is_empty() {
        return Err(g.fail("earlier", "an earlier version has no earlier versions of its own"));
    }
    g.count("rounds", s.rounds.len(), RECORDS_PER_STORY_MAX)?;
    for (i, r) in s.rounds.iter().enumerate() {
        g.at("rounds", Some(i), |g| record(g, r))?;
    }
    Ok(())
}

pub(crate) fn member(g: &mut Gate, m: &Member) -> Checked {
    g.one_line("name", Field::MemberName, &m.name, NAME_MAX)?;
    g.optional_line("role", Field::Role, &m.role, NAME_MAX)?;
    g.at_most("allocation", u64::from(m.allocation), 100)?;
    if let Some(f) = m.focus {
        g.at_most("focus", u64::from(f), 100)?;
    }
    g.dates("days_off", &m.days_off)?;
    // In order, each once: capacity looks days off up by halving (the decoders sort them).
    if m.days_off.windows(2).any(|w| w[0] >= w[1]) {
        return Err(g.fail("days_off", "the days off are not in order, each once"));
    }
    Ok(())
}

pub(crate) fn sprint(g: &mut Gate, s: &Sprint) -> Checked {
    g.one_line("name", Field::SprintName, &s.name, NAME_MAX)?;
    g.long_text("goal", Field::Goal, &s.goal)?;
    g.date("start", s.start)?;
    if !(1..=SPRINT_DAYS_MAX).contains(&s.working_days) {
        return Err(g.fail("working_days", format!("a sprint lasts 1 to {SPRINT_DAYS_MAX} working days")));
    }
    if s.weekdays & 0x7f == 0 || s.weekdays > 0x7f {
        return Err(g.fail("weekdays", "a working week needs at least one working day"));
    }
    // With at least one working weekday, the sprint's last day is at most 7 × 60 days on.
    if s.start.add_days(i32::from(SPRINT_DAYS_MAX) * 7) > date_range().1 {
        return Err(g.fail("start", format!("{} is too late: the sprint would run past the year 2200", s.start)));
    }
    g.dates("holidays", &s.holidays)?;
    g.at_most("hours_per_day", u64::from(s.hours_per_day), u64::from(HOURS_PER_DAY_MAX))?;
    if let Some(r) = &s.result {
        // Sums of every story's points: 5,000 stories of at most 10,000 points.
        let most = STORIES_MAX as u64 * u64::from(Points::MAX_WHOLE);
        g.at("result", None, |g| {
            g.points("committed", r.committed, most)?;
            g.points("completed", r.completed, most)?;
            g.at_most("person_days", u64::from(r.person_days), MEMBERS_MAX as u64 * 366 * 100)?;
            match r.scope {
                Some(scope) => g.points("scope", scope, most),
                None => Ok(()),
            }
        })?;
    }
    Ok(())
}

fn card(g: &Gate, key: &str, c: &Card) -> Checked {
    g.one_line(key, Field::Card, &c.label, LABEL_MAX)?;
    match c.value {
        Some(v) => g.points(key, v, u64::from(Points::MAX_WHOLE)),
        None => Ok(()),
    }
}

fn record(g: &mut Gate, r: &RoundRecord) -> Checked {
    g.time("at", r.at)?;
    g.one_line("deck", Field::DeckName, &r.deck, NAME_MAX)?;
    g.count("votes", r.votes.len(), VOTERS_MAX)?;
    for (i, (voter, c)) in r.votes.iter().enumerate() {
        g.at("votes", Some(i), |g| {
            voter_name(g, "", voter)?;
            card(g, "", c)
        })?;
    }
    g.count("confidence", r.confidence.len(), VOTERS_MAX)?;
    for (i, (voter, _)) in r.confidence.iter().enumerate() {
        g.at("confidence", Some(i), |g| voter_name(g, "", voter))?;
    }
    if let Some(c) = &r.accepted {
        card(g, "accepted", c)?;
    }
    Ok(())
}

/// A voter's name, as stored and once cleaned.
fn voter_name(g: &Gate, key: &str, name: &str) -> Checked {
    text::check_len(Field::VoterName, name, super::poker::VOTER_NAME_MAX)
        .map_err(super::poker::PokerError::from)
        .and_then(|()| super::poker::clean_name(name))
        .map(drop)
        .map_err(|e| g.fail(key, e.to_string()))
}

fn deck_in(g: &mut Gate, d: &Deck) -> Checked {
    text::check_len(Field::DeckName, &d.key, NAME_MAX).map_err(|e| g.fail("key", e.to_string()))?;
    g.one_line("name", Field::DeckName, &d.name, NAME_MAX)?;
    g.count("cards", d.cards.len(), CARDS_MAX)?;
    for (i, c) in d.cards.iter().enumerate() {
        card(g, &format!("cards[{i}]"), c)?;
    }
    d.clean().map(drop).map_err(|e| g.fail("", e.to_string()))
}

/// Checks a deck on its own (a poker invite's).
pub fn deck(d: &Deck) -> Checked {
    deck_in(&mut Gate { path: "deck".into() }, d)
}

/// Checks a live poker round (as stored in this browser and sent between its windows).
pub fn round(r: &Round) -> Checked {
    let mut g = Gate { path: "round".into() };
    g.one_line("title", Field::Title, &r.title, TITLE_MAX)?;
    g.at("deck", None, |g| deck_in(g, &r.deck))?;
    g.count("voters", r.voters.len(), VOTERS_MAX)?;
    for (i, name) in r.voters.iter().enumerate() {
        g.at("voters", Some(i), |g| voter_name(g, "", name))?;
    }
    g.count("votes", r.votes.len(), VOTERS_MAX)?;
    for (i, v) in r.votes.iter().enumerate() {
        g.at("votes", Some(i), |g| {
            voter_name(g, "voter", &v.voter)?;
            card(g, "card", &v.card)
        })?;
    }
    g.count("earlier", r.earlier.len(), RECORDS_PER_STORY_MAX)?;
    for (i, rec) in r.earlier.iter().enumerate() {
        g.at("earlier", Some(i), |g| record(g, rec))?;
    }
    if let Some(t) = r.timer_secs {
        g.at_most("timer_secs", u64::from(t), 24 * 3600)?;
    }
    Ok(())
}

/// Checks a program: that every dependency, booking and vote refers to its teams, with no
/// dependency cycle, and its own names and counts. Its teams' boards are not checked again here:
/// each came through a board decoder (stored format, link or file), which checks it.
pub fn program(p: &super::program::Program) -> Checked {
    use super::program::{LINKS_MAX, MILESTONES_MAX, NAME_MAX as P_NAME_MAX, RESOURCES_MAX, TEAMS_MAX};
    let mut g = Gate { path: "program".into() };
    g.optional_line("name", Field::ProgramName, &p.name, P_NAME_MAX)?;
    g.count("teams", p.teams.len(), TEAMS_MAX)?;
    g.unique("teams", p.teams.iter().map(|t| t.board.id), "teams")?;
    for (i, t) in p.teams.iter().enumerate() {
        g.at("teams", Some(i), |g| g.time("taken_at", t.taken_at))?;
    }
    g.count("dependencies", p.dependencies.len(), LINKS_MAX)?;
    if let Some((i, e)) = p.dependency_fault() {
        return Err(g.fail(&format!("dependencies[{i}]"), e.to_string()));
    }
    g.count("resources", p.resources.len(), RESOURCES_MAX)?;
    for (i, r) in p.resources.iter().enumerate() {
        g.one_line(&format!("resources[{i}]"), Field::Resource, r, P_NAME_MAX)?;
    }
    g.count("bookings", p.bookings.len(), LINKS_MAX)?;
    for (i, b) in p.bookings.iter().enumerate() {
        g.at("bookings", Some(i), |g| {
            g.one_line("resource", Field::Resource, &b.resource, P_NAME_MAX)?;
            g.date("start", b.start)?;
            g.date("end", b.end)?;
            if b.end < b.start || b.end.0 - b.start.0 > super::program::BOOKING_DAYS_MAX {
                return Err(g.fail("end", "a booking ends on or after its start, within a year"));
            }
            if p.team(b.team).is_none() { Err(g.fail("team", "no team of the program has this id")) } else { Ok(()) }
        })?;
    }
    g.count("risks", p.risks.len(), LINKS_MAX)?;
    for (i, r) in p.risks.iter().enumerate() {
        g.at("risks", Some(i), |g| {
            g.one_line("title", Field::Risk, &r.title, TITLE_MAX)?;
            g.one_line("owner", Field::Owner, &r.owner, P_NAME_MAX)
        })?;
    }
    g.count("confidence", p.confidence.len(), TEAMS_MAX)?;
    g.unique("confidence", p.confidence.iter().map(|(t, _)| *t), "votes")?;
    for (i, (t, f)) in p.confidence.iter().enumerate() {
        g.at("confidence", Some(i), |g| {
            g.at_most("fingers", u64::from(*f), 5)?;
            if p.team(*t).is_none() { Err(g.fail("team", "no team of the program has this id")) } else { Ok(()) }
        })?;
    }
    g.count("milestones", p.milestones.len(), MILESTONES_MAX)?;
    for (i, m) in p.milestones.iter().enumerate() {
        g.at("milestones", Some(i), |g| {
            g.one_line("name", Field::Milestone, &m.name, P_NAME_MAX)?;
            g.date("date", m.date)?;
            g.optional_line("feature", Field::Tag, &m.feature, TAG_MAX)
        })?;
    }
    Ok(())
}

/// Checks a steering summary read from a link: every text a line of bounded length, every
/// list bounded.
pub fn summary(s: &super::program::steering::Summary) -> Checked {
    use super::program::steering::BURN_POINTS_MAX;
    use super::program::{LINKS_MAX, MILESTONES_MAX, NAME_MAX as P_NAME_MAX, TEAMS_MAX};
    let g = Gate { path: "summary".into() };
    g.optional_line("name", Field::ProgramName, &s.name, P_NAME_MAX)?;
    g.time("made_at", s.made_at)?;
    g.count("teams", s.teams.len(), TEAMS_MAX)?;
    g.count("features", s.features.len(), STORIES_MAX)?;
    for p in s.teams.iter().chain(&s.features) {
        g.one_line("teams", Field::BoardName, &p.name, NAME_MAX)?;
    }
    g.count("burnup", s.burnup.len(), BURN_POINTS_MAX)?;
    for b in &s.burnup {
        g.date("burnup", b.date)?;
    }
    g.count("milestones", s.milestones.len(), MILESTONES_MAX)?;
    for m in &s.milestones {
        g.one_line("milestones", Field::Milestone, &m.name, P_NAME_MAX)?;
        g.optional_line("milestones", Field::Tag, &m.feature, TAG_MAX)?;
        g.one_line("milestones", Field::Milestone, &m.note, STOP_MAX)?;
        for d in [Some(m.date), m.p50, m.p85].into_iter().flatten() {
            g.date("milestones", d)?;
        }
    }
    g.count("stopping", s.stopping.len(), 4 * LINKS_MAX)?;
    for x in &s.stopping {
        g.one_line("stopping", Field::Risk, &x.text, STOP_MAX)?;
    }
    g.at_most("confidence", u64::from(s.confidence.unwrap_or(0)), 50)
}

/// The longest sentence of a steering summary (two titles, two team names and dates).
pub const STOP_MAX: usize = 4 * TITLE_MAX;

/// Checks a team's view of a program read from a feedback link.
pub fn team_view(v: &super::program::steering::TeamView) -> Checked {
    use super::program::{LINKS_MAX, NAME_MAX as P_NAME_MAX};
    let g = Gate { path: "team view".into() };
    g.optional_line("program", Field::ProgramName, &v.program, P_NAME_MAX)?;
    g.one_line("team_name", Field::BoardName, &v.team_name, NAME_MAX)?;
    g.time("made_at", v.made_at)?;
    g.time("taken_at", v.taken_at)?;
    g.count("incoming", v.incoming.len(), LINKS_MAX)?;
    g.count("outgoing", v.outgoing.len(), LINKS_MAX)?;
    for l in v.incoming.iter().chain(&v.outgoing) {
        g.one_line("dependencies", Field::Title, &l.own_title, TITLE_MAX)?;
        g.one_line("dependencies", Field::Title, &l.other_title, TITLE_MAX)?;
        g.one_line("dependencies", Field::BoardName, &l.other_team, STOP_MAX)?;
        if let Some(sp) = &l.other_sprint {
            g.one_line("dependencies", Field::SprintName, sp, STOP_MAX)?;
        }
    }
    g.count("bookings", v.bookings.len(), LINKS_MAX)?;
    for b in &v.bookings {
        g.one_line("bookings", Field::Resource, &b.resource, P_NAME_MAX)?;
        g.date("bookings", b.start)?;
        g.date("bookings", b.end)?;
        g.count("bookings", b.conflicts.len(), LINKS_MAX)?;
        for c in &b.conflicts {
            g.one_line("bookings", Field::Resource, c, STOP_MAX)?;
        }
    }
    g.count("risks", v.risks.len(), LINKS_MAX)?;
    g.count("impediments", v.impediments.len(), LINKS_MAX)?;
    for x in v.risks.iter().chain(&v.impediments) {
        g.one_line("risks", Field::Risk, &x.text, STOP_MAX)?;
    }
    g.at_most("own_vote", u64::from(v.own_vote.unwrap_or(0)), 50)?;
    g.at_most("confidence", u64::from(v.confidence.unwrap_or(0)), 50)
}

/// Checks an async round (as stored in the facilitator's browser).
pub fn batch(b: &super::batch::Batch) -> Checked {
    use super::batch::{CRITERIA_MAX, STORIES_MAX};
    let mut g = Gate { path: "batch".into() };
    g.at("deck", None, |g| deck_in(g, &b.deck))?;
    g.time("started_at", b.started_at)?;
    if let Some(d) = b.deadline {
        g.date("deadline", d)?;
    }
    g.count("stories", b.stories.len(), STORIES_MAX)?;
    if b.stories.is_empty() {
        return Err(g.fail("stories", "an async round needs at least one story"));
    }
    for (i, s) in b.stories.iter().enumerate() {
        g.at("stories", Some(i), |g| {
            g.one_line("title", Field::Title, &s.title, TITLE_MAX)?;
            text::check_len(Field::Acceptance, &s.criteria, CRITERIA_MAX).map_err(|e| g.fail("criteria", e.to_string()))
        })?;
    }
    g.count("answers", b.answers.len(), VOTERS_MAX)?;
    for (i, a) in b.answers.iter().enumerate() {
        g.at("answers", Some(i), |g| {
            voter_name(g, "voter", &a.voter)?;
            g.time("at", a.at)?;
            if a.picks.len() != b.stories.len() {
                return Err(g.fail("picks", "one pick per story of the round"));
            }
            for (k, p) in a.picks.iter().enumerate() {
                if let Some(p) = p {
                    g.at("picks", Some(k), |g| {
                        card(g, "card", &p.card)?;
                        g.at_most("seconds", u64::from(p.seconds), 7 * 24 * 3600)
                    })?;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::board::SprintResult;
    use crate::domain::ids::{MemberId, SprintId};
    use crate::domain::{Action, AddAt, BoardId, Ctx, StoryDraft};

    fn good() -> Board {
        let mut b = Board::new(BoardId(1), "Team".into(), 1_700_000_000_000);
        let ctx = Ctx { now: 1_700_000_000_000, site: 1 };
        b.apply(&Action::AddStory { draft: StoryDraft::titled("A story"), at: AddAt::Bottom }, &ctx).unwrap();
        b.members.push(Member {
            id: MemberId(1),
            name: "Ada".into(),
            role: String::new(),
            allocation: 100,
            days_off: vec![],
            focus: None,
        });
        b.sprints.push(Sprint {
            id: SprintId(1),
            name: "Sprint 1".into(),
            start: Date::from_ymd(2026, 11, 23).unwrap(),
            working_days: 10,
            goal: String::new(),
            result: None,
            weekdays: 0b1_1111,
            holidays: vec![],
            hours_per_day: 800,
        });
        b.decks.push(crate::domain::poker::builtin_decks().remove(0));
        b
    }

    #[test]
    fn a_board_typed_into_the_app_passes() {
        assert_eq!(board(&good()), Ok(()));
    }

    #[test]
    fn each_value_out_of_range_is_refused_with_its_path() {
        type Break = Box<dyn Fn(&mut Board)>;
        let cases: Vec<(&str, Break)> = vec![
            ("sprints[0].weekdays", Box::new(|b| b.sprints[0].weekdays = 0)),
            ("sprints[0].start", Box::new(|b| b.sprints[0].start = Date(i32::MAX - 3))),
            ("sprints[0].start", Box::new(|b| b.sprints[0].start = Date::from_ymd(2200, 12, 1).unwrap())),
            ("sprints[0].working_days", Box::new(|b| b.sprints[0].working_days = 366)),
            ("sprints[0].holidays[0]", Box::new(|b| b.sprints[0].holidays = vec![Date(-1_000_000)])),
            ("sprints[0].hours_per_day", Box::new(|b| b.sprints[0].hours_per_day = 9000)),
            ("members[0].allocation", Box::new(|b| b.members[0].allocation = 101)),
            ("members[0].days_off", Box::new(|b| b.members[0].days_off = vec![Date(20000); 400])),
            ("stories[0].title", Box::new(|b| first_story(b).title = " ".into())),
            // Found by fuzzing: short once its spaces are collapsed, too long to travel as it is.
            ("stories[0].title", Box::new(|b| first_story(b).title = format!("a{}b", " ".repeat(TITLE_MAX)))),
            ("name", Box::new(|b| b.name = format!("a{}b", "\u{7}".repeat(NAME_MAX)))),
            ("decks[0].key", Box::new(|b| b.decks[0].key = "k".repeat(NAME_MAX + 1))),
            ("decks[0].name", Box::new(|b| b.decks[0].name = format!("a{}b", " ".repeat(NAME_MAX)))),
            ("stories[0].tags[0]", Box::new(|b| first_story(b).tags = vec!["a,b".into()])),
            ("stories[0].estimate", Box::new(|b| first_story(b).estimate = Some(Points(u32::MAX)))),
            ("stories[0].updated_at", Box::new(|b| first_story(b).updated_at = i64::MAX)),
            ("stories", Box::new(|b| b.stories.push(b.stories[0].clone()))),
            ("members", Box::new(|b| b.members.push(b.members[0].clone()))),
            ("revision", Box::new(|b| b.revision = u64::MAX)),
            ("settings.velocity_window", Box::new(|b| b.settings.velocity_window = 0)),
            (
                "sprints[0].result.person_days",
                Box::new(|b| {
                    b.sprints[0].result = Some(SprintResult {
                        committed: Points(0),
                        completed: Points(u32::MAX),
                        person_days: u32::MAX,
                        scope: None,
                    })
                }),
            ),
        ];
        for (path, break_it) in cases {
            let mut b = good();
            break_it(&mut b);
            let err = board(&b).expect_err(path);
            assert_eq!(err.path, path, "{err}");
        }
    }

    fn first_story(b: &mut Board) -> &mut Story {
        std::sync::Arc::make_mut(&mut b.stories[0])
    }

    #[test]
    fn a_sprint_that_never_reaches_its_working_day_ends_all_the_same() {
        // What a 54-character link once carried: the start at the end of the calendar and one
        // working weekday that never comes again. The gate refuses it; the calendar, given such
        // a sprint anyway, still stops.
        let mut s = good().sprints[0].clone();
        s.start = Date(i32::MAX - 3);
        s.weekdays = 1 << 6;
        s.working_days = u16::MAX;
        assert!(s.span().len() <= usize::from(u16::MAX));
        let mut b = good();
        b.sprints[0] = s;
        assert_eq!(board(&b).unwrap_err().path, "sprints[0].start");
    }
}
