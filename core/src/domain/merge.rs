//! Merging two copies of one board: this browser's and one from a link or a file.
//!
//! The result is the union by story id. A story that differs on both sides keeps the newer edit;
//! the other version goes into the story's `earlier` list, so nothing is lost and the user can
//! look back. Local order is kept; stories only the other copy has are placed after the story
//! they follow there. Team members and sprints are united by id, local ones winning.

use std::sync::Arc;

use super::board::Board;
use super::poker::RoundRecord;
use super::story::{EARLIER_MAX, Story};

/// What a merge did, for the preview and the confirmation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Stories only the other copy had.
    pub added: usize,
    /// Stories where the other copy's edit was newer and now applies.
    pub updated: usize,
    /// Stories where this copy's edit was newer and stays.
    pub kept: usize,
    /// Team members and sprints only the other copy had.
    pub team_added: usize,
}

/// The story `winner` with `loser` remembered among its earlier versions.
fn with_earlier(winner: &Arc<Story>, loser: &Arc<Story>) -> Arc<Story> {
    let mut s = (**winner).clone();
    let mut old = (**loser).clone();
    old.earlier.clear();
    // Rounds are kept on the story itself (see `united_rounds`), not on its earlier versions.
    old.rounds.clear();
    s.earlier.retain(|e| !e.same_content(&old));
    s.earlier.insert(0, Arc::new(old));
    s.earlier.truncate(EARLIER_MAX);
    Arc::new(s)
}

/// The poker rounds played on either copy of a story, each once, in time order.
fn united_rounds(a: &Story, b: &Story) -> Vec<RoundRecord> {
    let mut rounds = a.rounds.clone();
    for r in &b.rounds {
        if !rounds.contains(r) {
            rounds.push(r.clone());
        }
    }
    super::sort::sort_by_key(&mut rounds, |r| r.at);
    rounds
}

/// Merges `remote` into `local`, returning what changed.
pub fn merge_into(local: &mut Board, remote: &Board) -> MergeReport {
    let mut report = MergeReport::default();
    for s in local.stories.iter_mut() {
        let Some(other) = remote.story(s.id) else { continue };
        let rounds = united_rounds(s, other);
        if !s.same_content(other) {
            if other.updated_at > s.updated_at {
                *s = with_earlier(other, s);
                report.updated += 1;
            } else {
                *s = with_earlier(s, other);
                report.kept += 1;
            }
        }
        if s.rounds != rounds {
            Arc::make_mut(s).rounds = rounds;
        }
    }
    for (i, s) in remote.stories.iter().enumerate() {
        if local.index_of(s.id).is_some() {
            continue;
        }
        // After the story it follows in the other copy, if this copy has that one.
        let at = remote.stories[..i].iter().rev().find_map(|p| local.index_of(p.id)).map_or(0, |p| p + 1);
        local.stories.insert(at, Arc::clone(s));
        report.added += 1;
    }
    for m in &remote.members {
        if !local.members.iter().any(|x| x.id == m.id) {
            local.members.push(m.clone());
            report.team_added += 1;
        }
    }
    for x in &remote.impediments {
        if !local.impediments.iter().any(|y| y.title == x.title && y.raised_at == x.raised_at) {
            local.impediments.push(x.clone());
        }
    }
    for d in &remote.decks {
        if !local.decks.iter().any(|x| x.key == d.key) {
            local.decks.push(d.clone());
        }
    }
    for sp in &remote.sprints {
        if !local.sprints.iter().any(|x| x.id == sp.id) {
            local.sprints.push(sp.clone());
            report.team_added += 1;
        }
    }
    report
}

/// What merging `remote` into `local` would do, without doing it.
pub fn preview(local: &Board, remote: &Board) -> MergeReport {
    let mut copy = local.clone();
    merge_into(&mut copy, remote)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::{Action, Ctx};
    use crate::domain::board::AddAt;
    use crate::domain::ids::{BoardId, StoryId};
    use crate::domain::story::StoryDraft;

    fn titles(b: &Board) -> Vec<&str> {
        b.stories.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn union_by_id_with_newer_edits_winning_and_losers_kept() {
        let ctx = |now| Ctx { now, site: 1 };
        let mut local = Board::new(BoardId(9), "Team".into(), 0);
        for t in ["a", "b", "c"] {
            local.apply(&Action::AddStory { draft: StoryDraft::titled(t), at: AddAt::Bottom }, &ctx(1)).unwrap();
        }
        let mut remote = local.clone();
        let (a, b, c) = (local.stories[0].id, local.stories[1].id, local.stories[2].id);
        // Remote: edits a late, adds d after b (its own site), edits c early.
        remote.apply(&Action::UpdateStory { id: a, draft: StoryDraft::titled("a (remote)") }, &ctx(50)).unwrap();
        remote.apply(&Action::UpdateStory { id: c, draft: StoryDraft::titled("c (remote)") }, &ctx(10)).unwrap();
        remote
            .apply(&Action::AddStory { draft: StoryDraft::titled("d"), at: AddAt::Bottom }, &Ctx { now: 60, site: 2 })
            .unwrap();
        let d = remote.stories[3].id;
        remote.apply(&Action::MoveStories { ids: vec![d], to: crate::domain::MoveTo::After(b) }, &ctx(61)).unwrap();
        // Local: edits c later than the remote did.
        local.apply(&Action::UpdateStory { id: c, draft: StoryDraft::titled("c (local)") }, &ctx(20)).unwrap();

        let report = preview(&local, &remote);
        assert_eq!(report, MergeReport { added: 1, updated: 1, kept: 1, team_added: 0 });
        local.apply(&Action::Merge { remote: Box::new(remote) }, &ctx(100)).unwrap();
        assert_eq!(titles(&local), ["a (remote)", "b", "d", "c (local)"]);
        assert_eq!(local.story(a).unwrap().earlier[0].title, "a");
        assert_eq!(local.story(c).unwrap().earlier[0].title, "c (remote)");
        assert_eq!(local.story(StoryId(d.0)).unwrap().title, "d");
        // Merging the same copy again changes nothing.
        let again = local.clone();
        let copy = local.clone();
        assert_eq!(preview(&again, &copy), MergeReport::default());
    }
}
