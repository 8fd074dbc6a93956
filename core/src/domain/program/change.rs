//! Every change made to a program, as one value: [`Program::apply`] performs it, runs the
//! same gate as a read (`validate::program`), and leaves the program as it was if either
//! refuses, so whatever was accepted always reads back. It returns the changes that undo it.
//!
//! Changes name what they change by value, not by position ("the booking of the lab by Web
//! from 12-01"), so a change made in one tab still means the same thing when it is replayed on
//! the program another tab saved meanwhile.

use super::{Booking, Dependency, Milestone, Program, ProgramError, Risk, Roam, Team};
use crate::domain::board::Board;
use crate::domain::calendar::Date;
use crate::domain::ids::BoardId;
use crate::domain::{DomainError, Millis};

/// One change to a program.
#[derive(Clone, Debug, PartialEq)]
pub enum ProgramChange {
    Rename {
        name: String,
    },
    /// Adds a team's snapshot, or replaces the older snapshot of that board.
    AddTeam {
        board: Box<Board>,
        taken_at: Millis,
    },
    /// Removes a team with its dependencies, bookings and vote.
    RemoveTeam {
        team: BoardId,
    },
    /// Puts back a removed team as it was, at its place among the teams (what undoing a
    /// removal does).
    RestoreTeam {
        team: Box<Team>,
        at: usize,
        dependencies: Vec<Dependency>,
        bookings: Vec<Booking>,
        vote: Option<u8>,
    },
    AddDependency {
        dependency: Dependency,
    },
    RemoveDependency {
        dependency: Dependency,
    },
    AddResource {
        name: String,
    },
    RemoveResource {
        name: String,
    },
    Book {
        booking: Booking,
    },
    CancelBooking {
        booking: Booking,
    },
    Raise {
        title: String,
        owner: String,
    },
    /// Takes back the risk `risk` (what undoing a raise does).
    RemoveRisk {
        risk: Risk,
    },
    MoveRisk {
        risk: Risk,
        to: Roam,
    },
    AddMilestone {
        name: String,
        date: Date,
        feature: String,
    },
    RemoveMilestone {
        milestone: Milestone,
    },
    /// A team's fist-of-five vote, or none.
    Vote {
        team: BoardId,
        fingers: Option<u8>,
    },
    /// Replaces the whole program (one opened from a file or a link).
    Open {
        program: Box<Program>,
    },
}

impl ProgramChange {
    /// What the change is called where it can be undone ("Undo: raise risk").
    pub fn label(&self) -> &'static str {
        match self {
            ProgramChange::Rename { .. } => "rename the program",
            ProgramChange::AddTeam { .. } => "add a team",
            ProgramChange::RemoveTeam { .. } => "remove a team",
            ProgramChange::RestoreTeam { .. } => "bring back a team",
            ProgramChange::AddDependency { .. } => "add a dependency",
            ProgramChange::RemoveDependency { .. } => "remove a dependency",
            ProgramChange::AddResource { .. } => "add a resource",
            ProgramChange::RemoveResource { .. } => "remove a resource",
            ProgramChange::Book { .. } => "book a resource",
            ProgramChange::CancelBooking { .. } => "cancel a booking",
            ProgramChange::Raise { .. } => "raise a risk",
            ProgramChange::RemoveRisk { .. } => "take back a risk",
            ProgramChange::MoveRisk { .. } => "move a risk",
            ProgramChange::AddMilestone { .. } => "add a milestone",
            ProgramChange::RemoveMilestone { .. } => "remove a milestone",
            ProgramChange::Vote { .. } => "record a vote",
            ProgramChange::Open { .. } => "open a program",
        }
    }
}

fn gone(what: &'static str) -> ProgramError {
    ProgramError::Gone(what)
}

fn position<T: PartialEq>(items: &[T], item: &T, what: &'static str) -> Result<usize, ProgramError> {
    items.iter().position(|x| x == item).ok_or(gone(what))
}

impl Program {
    /// Makes `change`, then checks the whole program with the gate a read uses; if either
    /// refuses, the program is left as it was. Returns the changes that undo it, in order.
    pub fn apply(&mut self, change: &ProgramChange) -> Result<Vec<ProgramChange>, ProgramError> {
        let before = self.clone();
        let done = self.perform(change).and_then(|undo| {
            crate::domain::validate::program(self).map_err(|e| ProgramError::Text(DomainError::OutOfRange(e)))?;
            Ok(undo)
        });
        if done.is_err() {
            *self = before;
        }
        done
    }

    fn perform(&mut self, change: &ProgramChange) -> Result<Vec<ProgramChange>, ProgramError> {
        use ProgramChange as C;
        Ok(match change {
            C::Rename { name } => {
                let old = self.name.clone();
                // A program may have no name (what undoing the first rename of one gives back).
                if name.is_empty() {
                    self.name.clear();
                } else {
                    self.rename(name).map_err(ProgramError::Text)?;
                }
                vec![C::Rename { name: old }]
            }
            C::AddTeam { board, taken_at } => {
                let old = self.team(board.id).cloned();
                let dropped = self.preview(board).dropped;
                self.add_team((**board).clone(), *taken_at)?;
                match old {
                    None => vec![C::RemoveTeam { team: board.id }],
                    Some(old) => {
                        // Back to the older snapshot, with the dependencies that went with it.
                        let mut undo = vec![C::AddTeam { board: Box::new(old.board), taken_at: old.taken_at }];
                        undo.extend(dropped.into_iter().map(|dependency| C::AddDependency { dependency }));
                        undo
                    }
                }
            }
            C::RemoveTeam { team } => {
                let at = self.teams.iter().position(|t| t.board.id == *team).ok_or(ProgramError::UnknownTeam)?;
                let kept = self.teams[at].clone();
                let dependencies = self
                    .dependencies
                    .iter()
                    .filter(|d| d.needs.team == *team || d.needed.team == *team)
                    .copied()
                    .collect();
                let bookings = self.bookings.iter().filter(|b| b.team == *team).cloned().collect();
                let vote = self.confidence.iter().find(|(t, _)| t == team).map(|(_, f)| *f);
                self.remove_team(*team);
                vec![C::RestoreTeam { team: Box::new(kept), at, dependencies, bookings, vote }]
            }
            C::RestoreTeam { team, at, dependencies, bookings, vote } => {
                let id = team.board.id;
                if self.team(id).is_some() {
                    return Err(ProgramError::Duplicate);
                }
                self.add_team(team.board.clone(), team.taken_at)?;
                if let Some(t) = self.teams.pop() {
                    self.teams.insert((*at).min(self.teams.len()), t);
                }
                // Those whose other team has gone meanwhile stay out.
                for d in dependencies {
                    if self.title(d.needs).is_some() && self.title(d.needed).is_some() && !self.dependencies.contains(d)
                    {
                        self.add_dependency(*d)?;
                    }
                }
                for b in bookings {
                    self.book(b.clone())?;
                }
                if let Some(f) = vote {
                    self.vote_confidence(id, *f);
                }
                vec![C::RemoveTeam { team: id }]
            }
            C::AddDependency { dependency } => {
                self.add_dependency(*dependency)?;
                vec![C::RemoveDependency { dependency: *dependency }]
            }
            C::RemoveDependency { dependency } => {
                let i = position(&self.dependencies, dependency, "dependency")?;
                self.dependencies.remove(i);
                vec![C::AddDependency { dependency: *dependency }]
            }
            C::AddResource { name } => {
                let before = self.resources.len();
                self.add_resource(name).map_err(ProgramError::Text)?;
                match self.resources.get(before) {
                    // A name already in the list adds nothing, and undoing it removes nothing.
                    Some(added) => vec![C::RemoveResource { name: added.clone() }],
                    None => Vec::new(),
                }
            }
            C::RemoveResource { name } => {
                let i = position(&self.resources, name, "resource")?;
                if self.bookings.iter().any(|b| &b.resource == name) {
                    return Err(ProgramError::InUse);
                }
                self.resources.remove(i);
                vec![C::AddResource { name: name.clone() }]
            }
            C::Book { booking } => {
                self.book(booking.clone())?;
                vec![C::CancelBooking { booking: booking.clone() }]
            }
            C::CancelBooking { booking } => {
                let i = position(&self.bookings, booking, "booking")?;
                self.bookings.remove(i);
                vec![C::Book { booking: booking.clone() }]
            }
            C::Raise { title, owner } => {
                self.raise(title, owner)?;
                let risk = self.risks.last().cloned().ok_or(gone("risk"))?;
                vec![C::RemoveRisk { risk }]
            }
            C::RemoveRisk { risk } => {
                let i = self.risks.iter().rposition(|r| r == risk).ok_or(gone("risk"))?;
                self.risks.remove(i);
                vec![C::Raise { title: risk.title.clone(), owner: risk.owner.clone() }]
            }
            C::MoveRisk { risk, to } => {
                let i = position(&self.risks, risk, "risk")?;
                self.move_risk(i, *to)?;
                let moved = Risk { roam: *to, ..risk.clone() };
                vec![C::MoveRisk { risk: moved, to: risk.roam }]
            }
            C::AddMilestone { name, date, feature } => {
                let before = self.milestones.clone();
                self.add_milestone(name, *date, feature).map_err(ProgramError::Text)?;
                let added = self.milestones.iter().find(|m| !before.contains(m)).cloned().ok_or(gone("milestone"))?;
                vec![C::RemoveMilestone { milestone: added }]
            }
            C::RemoveMilestone { milestone } => {
                let i = position(&self.milestones, milestone, "milestone")?;
                self.milestones.remove(i);
                let Milestone { name, date, feature } = milestone.clone();
                vec![C::AddMilestone { name, date, feature }]
            }
            C::Vote { team, fingers } => {
                if self.team(*team).is_none() {
                    return Err(ProgramError::UnknownTeam);
                }
                let old = self.confidence.iter().find(|(t, _)| t == team).map(|(_, f)| *f);
                match fingers {
                    Some(f) => self.vote_confidence(*team, *f),
                    None => self.clear_confidence(*team),
                }
                vec![C::Vote { team: *team, fingers: old }]
            }
            C::Open { program } => {
                let old = std::mem::replace(self, (**program).clone());
                vec![C::Open { program: Box::new(old) }]
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::StoryId;
    use crate::domain::program::StoryRef;

    fn board(id: u64) -> Board {
        let mut b = Board::new(BoardId(id), format!("Team {id}"), 0);
        let ctx = crate::domain::Ctx { now: 1, site: id as u32 };
        for t in ["a", "b"] {
            let draft = crate::domain::StoryDraft::titled(t);
            b.apply(&crate::domain::Action::AddStory { draft, at: crate::domain::AddAt::Bottom }, &ctx).unwrap();
        }
        b
    }

    fn sref(b: &Board, i: usize) -> StoryRef {
        StoryRef { team: b.id, story: b.stories[i].id }
    }

    #[test]
    fn every_change_is_undone_by_what_it_returns() {
        let (a, b) = (board(1), board(2));
        let day = |s: &str| s.parse::<Date>().unwrap();
        let steps = vec![
            ProgramChange::Rename { name: "Checkout".into() },
            ProgramChange::AddTeam { board: Box::new(a.clone()), taken_at: 5 },
            ProgramChange::AddTeam { board: Box::new(b.clone()), taken_at: 6 },
            ProgramChange::AddDependency { dependency: Dependency { needs: sref(&a, 0), needed: sref(&b, 1) } },
            ProgramChange::AddResource { name: "Lab".into() },
            ProgramChange::Book {
                booking: Booking {
                    resource: "Lab".into(),
                    team: a.id,
                    start: day("2026-12-01"),
                    end: day("2026-12-03"),
                },
            },
            ProgramChange::Raise { title: "Vendor late".into(), owner: "Ann".into() },
            ProgramChange::AddMilestone { name: "Release".into(), date: day("2027-01-15"), feature: String::new() },
            ProgramChange::Vote { team: b.id, fingers: Some(4) },
            ProgramChange::RemoveTeam { team: a.id },
        ];
        let mut p = Program::default();
        let mut states = vec![p.clone()];
        let mut undos = Vec::new();
        for step in &steps {
            undos.push(p.apply(step).unwrap_or_else(|e| panic!("{step:?}: {e}")));
            states.push(p.clone());
        }
        assert!(p.team(a.id).is_none() && p.bookings.is_empty() && p.dependencies.is_empty());
        // Undoing each step, latest first, walks back through every state.
        for (undo, state) in undos.iter().rev().zip(states.iter().rev().skip(1)) {
            for u in undo {
                p.apply(u).unwrap();
            }
            assert_eq!(&p, state);
        }
    }

    #[test]
    fn a_refused_change_leaves_the_program_as_it_was() {
        let mut p = Program::default();
        p.apply(&ProgramChange::AddTeam { board: Box::new(board(1)), taken_at: 5 }).unwrap();
        let before = p.clone();
        // A milestone in year 202 (a three-digit year typed in a date box) is outside the gate.
        let early = ProgramChange::AddMilestone { name: "Old".into(), date: Date(-640_000), feature: String::new() };
        assert!(p.apply(&early).unwrap_err().to_string().contains("outside the years 1900 to 2200"));
        let far = ProgramChange::AddMilestone {
            name: "Far".into(),
            date: "2300-01-01".parse().unwrap(),
            feature: String::new(),
        };
        assert!(p.apply(&far).is_err());
        let ghost = StoryRef { team: BoardId(1), story: StoryId(77) };
        let dep = Dependency { needs: ghost, needed: ghost };
        assert!(p.apply(&ProgramChange::AddDependency { dependency: dep }).is_err());
        assert!(
            p.apply(&ProgramChange::RemoveRisk {
                risk: Risk { title: "x".into(), owner: "y".into(), roam: Roam::Raised }
            })
            .is_err()
        );
        assert_eq!(p, before);
    }
}
