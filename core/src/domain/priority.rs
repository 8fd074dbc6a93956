//! Prioritisation helpers: value per point, WSJF, and a suggested order the PO can accept.
//!
//! Scores are computed in hundredths with integer arithmetic. The suggestion never reorders by
//! itself: it is a preview, applied only as an explicit (undoable) action.

use std::fmt;

use super::ids::StoryId;
use super::story::{Status, Story};

/// A ratio in hundredths, shown with up to two decimals ("2.5").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(pub u64);

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::points::write_hundredths(f, self.0)
    }
}

/// `numerator / points` where points are in hundredths; `None` when there is no size.
fn per_point(numerator: u64, estimate_hundredths: u32) -> Option<Score> {
    (estimate_hundredths > 0).then(|| Score(numerator * 100 * 100 / u64::from(estimate_hundredths)))
}

/// Business value per story point, where both are set.
pub fn value_per_point(s: &Story) -> Option<Score> {
    per_point(u64::from(s.value?), s.estimate?.0)
}

/// Weighted shortest job first: cost of delay (business value + time criticality + risk
/// reduction) divided by job size (the estimate). Missing parts of the cost of delay count as
/// zero; a story needs an estimate and some cost of delay to have a score.
pub fn wsjf(s: &Story) -> Option<Score> {
    let parts = [s.value, s.time_criticality, s.risk_reduction];
    if parts.iter().all(Option::is_none) {
        return None;
    }
    let cost_of_delay: u64 = parts.iter().flatten().map(|v| u64::from(*v)).sum();
    per_point(cost_of_delay, s.estimate?.0)
}

/// The order the helpers suggest: stories in the sprint first (committed), then the scored
/// stories by WSJF, highest first, then the unscored ones, then done stories. Within each group,
/// and between equal scores, the current order is kept.
pub fn suggested_order(stories: &[impl AsRef<Story>]) -> Vec<StoryId> {
    let mut keyed: Vec<(u8, std::cmp::Reverse<Option<Score>>, usize, StoryId)> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.as_ref();
            let score = wsjf(s);
            let group = match (s.status, score) {
                (Status::InSprint, _) => 0,
                (Status::Done, _) => 3,
                (_, Some(_)) => 1,
                (_, None) => 2,
            };
            (group, std::cmp::Reverse(score), i, s.id)
        })
        .collect();
    super::sort::sort_by_key(&mut keyed, |k| *k);
    keyed.into_iter().map(|k| k.3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::points::Points;
    use crate::domain::story::StoryDraft;

    fn story(id: u64, value: Option<u32>, estimate: Option<u32>, status: Status) -> Story {
        let mut d = StoryDraft::titled(format!("s{id}"));
        d.value = value;
        d.estimate = estimate.map(Points::from_whole);
        d.status = status;
        d.into_story(StoryId(id), 0)
    }

    #[test]
    fn scores_on_worked_examples() {
        let mut s = story(1, Some(40), Some(5), Status::Ready);
        assert_eq!(value_per_point(&s).map(|x| x.to_string()).as_deref(), Some("8"));
        assert_eq!(wsjf(&s).map(|x| x.to_string()).as_deref(), Some("8"));
        s.time_criticality = Some(8);
        s.risk_reduction = Some(2);
        assert_eq!(wsjf(&s).map(|x| x.to_string()).as_deref(), Some("10"));
        s.estimate = Some(Points(300)); // 3 points
        assert_eq!(wsjf(&s).map(|x| x.to_string()).as_deref(), Some("16.66"));
        s.estimate = Some(Points(0));
        assert_eq!(wsjf(&s), None, "no score without a size");
        let unvalued = story(2, None, Some(3), Status::Ready);
        assert_eq!((value_per_point(&unvalued), wsjf(&unvalued)), (None, None));
    }

    #[test]
    fn suggestion_groups_then_sorts_by_score_keeping_ties_in_order() {
        let stories = vec![
            story(1, Some(10), Some(5), Status::Ready),   // 2
            story(2, None, None, Status::New),            // unscored
            story(3, Some(30), Some(3), Status::Ready),   // 10
            story(4, Some(5), Some(5), Status::Done),     // done
            story(5, Some(20), Some(10), Status::New),    // 2 (tie with 1, keeps order)
            story(6, Some(1), Some(1), Status::InSprint), // committed
        ];
        let stories: Vec<std::sync::Arc<Story>> = stories.into_iter().map(std::sync::Arc::new).collect();
        let ids: Vec<u64> = suggested_order(&stories).into_iter().map(|i| i.0).collect();
        assert_eq!(ids, [6, 3, 1, 5, 2, 4]);
    }
}
