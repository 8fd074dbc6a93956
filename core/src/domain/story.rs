//! A backlog item and the values it carries: estimate points, business value, status, tags.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Millis;
use super::error::{DomainError, Field};
use super::ids::{SprintId, StoryId};
use super::points::Points;
use super::poker::RoundRecord;
use super::text::{self, LONG_TEXT_MAX, TITLE_MAX};

/// Where a story stands. Stored as its [`Status::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not refined yet.
    #[default]
    New,
    /// Refined and estimated; can be pulled into a sprint.
    Ready,
    /// Committed to the current sprint.
    InSprint,
    Done,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::New, Status::Ready, Status::InSprint, Status::Done];

    /// The stable key used in stored boards ("in_sprint").
    pub fn key(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Ready => "ready",
            Status::InSprint => "in_sprint",
            Status::Done => "done",
        }
    }

    /// The word used in the UI and in exports.
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Ready => "Ready",
            Status::InSprint => "In sprint",
            Status::Done => "Done",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A text that is not one of the status words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a status (New, Ready, In sprint, Done)")]
pub struct StatusParseError(pub String);

impl FromStr for Status {
    type Err = StatusParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // The status words are ASCII: everything else (spacing, punctuation, other letters)
        // is left out.
        let norm: String = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
        match norm.as_str() {
            "new" => Ok(Status::New),
            "ready" => Ok(Status::Ready),
            "insprint" => Ok(Status::InSprint),
            "done" => Ok(Status::Done),
            _ => Err(StatusParseError(s.to_owned())),
        }
    }
}

/// A backlog item. Stories are shared between board versions through `Arc`, so an unchanged story
/// costs nothing to keep in the undo history and compares by pointer first.
///
/// Stored with its empty fields left out; every field but the id and title may be missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acceptance: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Points>,
    /// Business value on the team's own relative scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    /// How much the value decays with delay (a WSJF input), same scale as value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_criticality: Option<u32>,
    /// Risk reduction or opportunity enablement (a WSJF input), same scale as value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_reduction: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub updated_at: Millis,
    /// Versions replaced by a newer edit made elsewhere (kept when boards are merged), newest
    /// first, at most [`EARLIER_MAX`]; they have no earlier versions of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Arc<Story>>,
    /// The planning poker rounds played on this story, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<RoundRecord>,
    /// The sprint the story was committed to (it went "In sprint", or was done, while that sprint
    /// was open), or [`SprintId::OUTSIDE`]; `None` if not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_to: Option<SprintId>,
    /// The sprint the story was completed in, or [`SprintId::OUTSIDE`] (done outside any
    /// sprint); `None` if it is not done, or if that is not known (a story done before
    /// SprintDeck kept this, which the team is asked to place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_in: Option<SprintId>,
}

/// How many replaced versions a story keeps.
pub const EARLIER_MAX: usize = 5;

impl Story {
    /// True if both hold the same user-visible content (ignoring when it changed and history).
    pub fn same_content(&self, other: &Story) -> bool {
        self.title == other.title
            && self.description == other.description
            && self.acceptance == other.acceptance
            && self.estimate == other.estimate
            && self.value == other.value
            && self.time_criticality == other.time_criticality
            && self.risk_reduction == other.risk_reduction
            && self.tags == other.tags
            && self.status == other.status
            && self.committed_to == other.committed_to
            && self.completed_in == other.completed_in
    }
}

/// The user-editable fields of a story, as typed; [`StoryDraft::clean`] validates them.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct StoryDraft {
    pub title: String,
    pub description: String,
    pub acceptance: String,
    pub estimate: Option<Points>,
    pub value: Option<u32>,
    pub time_criticality: Option<u32>,
    pub risk_reduction: Option<u32>,
    pub tags: Vec<String>,
    pub status: Status,
}

/// The largest business value accepted.
pub const VALUE_MAX: u32 = 1_000_000;

impl StoryDraft {
    /// A draft with only a title.
    pub fn titled(title: impl Into<String>) -> StoryDraft {
        StoryDraft { title: title.into(), ..StoryDraft::default() }
    }

    /// The draft of an existing story, for editing.
    pub fn of(story: &Story) -> StoryDraft {
        StoryDraft {
            title: story.title.clone(),
            description: story.description.clone(),
            acceptance: story.acceptance.clone(),
            estimate: story.estimate,
            value: story.value,
            time_criticality: story.time_criticality,
            risk_reduction: story.risk_reduction,
            tags: story.tags.clone(),
            status: story.status,
        }
    }

    /// Trims and checks every field; the result is what gets stored.
    pub fn clean(&self) -> Result<StoryDraft, DomainError> {
        for (field, v) in [
            (Field::Value, self.value),
            (Field::TimeCriticality, self.time_criticality),
            (Field::RiskReduction, self.risk_reduction),
        ] {
            if let Some(v) = v.filter(|v| *v > VALUE_MAX) {
                return Err(DomainError::Invalid { field, text: v.to_string(), why: "values are at most 1,000,000" });
            }
        }
        if let Some(e) = self.estimate.filter(|e| e.0 > Points::MAX_WHOLE * 100) {
            return Err(DomainError::Invalid {
                field: Field::Estimate,
                text: e.to_string(),
                why: "an estimate is at most 10,000 points",
            });
        }
        Ok(StoryDraft {
            title: text::one_line(Field::Title, &self.title, TITLE_MAX)?,
            description: text::multi_line(Field::Description, &self.description, LONG_TEXT_MAX)?,
            acceptance: text::multi_line(Field::Acceptance, &self.acceptance, LONG_TEXT_MAX)?,
            estimate: self.estimate,
            value: self.value,
            time_criticality: self.time_criticality,
            risk_reduction: self.risk_reduction,
            tags: text::tags(&self.tags)?,
            status: self.status,
        })
    }

    /// A new story made of this (already cleaned) draft.
    pub(crate) fn into_story(self, id: StoryId, now: Millis) -> Story {
        Story {
            id,
            title: self.title,
            description: self.description,
            acceptance: self.acceptance,
            estimate: self.estimate,
            value: self.value,
            time_criticality: self.time_criticality,
            risk_reduction: self.risk_reduction,
            tags: self.tags,
            status: self.status,
            updated_at: now,
            earlier: Vec::new(),
            rounds: Vec::new(),
            committed_to: None,
            completed_in: None,
        }
    }
}

/// A story's fields as text, the way an edit form holds them; [`StoryForm::to_draft`] parses them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryForm {
    pub title: String,
    pub description: String,
    pub acceptance: String,
    pub estimate: String,
    pub value: String,
    pub time_criticality: String,
    pub risk_reduction: String,
    /// Comma-separated.
    pub tags: String,
    pub status: Status,
}

impl StoryForm {
    /// The form showing `story`.
    pub fn of(story: &Story) -> StoryForm {
        StoryForm {
            title: story.title.clone(),
            description: story.description.clone(),
            acceptance: story.acceptance.clone(),
            estimate: story.estimate.map(|p| p.to_string()).unwrap_or_default(),
            value: number_text(story.value),
            time_criticality: number_text(story.time_criticality),
            risk_reduction: number_text(story.risk_reduction),
            tags: story.tags.join(", "),
            status: story.status,
        }
    }

    /// Parses the numeric fields; blank ones mean "not set". Text limits are checked later, by
    /// [`StoryDraft::clean`], when the draft is applied.
    pub fn to_draft(&self) -> Result<StoryDraft, DomainError> {
        let estimate = match self.estimate.trim() {
            "" => None,
            text => Some(text.parse::<Points>().map_err(|_| DomainError::Invalid {
                field: Field::Estimate,
                text: text.to_owned(),
                why: "use a number of points such as 3, 0.5 or 13",
            })?),
        };
        let value = parse_whole(Field::Value, &self.value)?;
        let time_criticality = parse_whole(Field::TimeCriticality, &self.time_criticality)?;
        let risk_reduction = parse_whole(Field::RiskReduction, &self.risk_reduction)?;
        Ok(StoryDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            acceptance: self.acceptance.clone(),
            estimate,
            value,
            time_criticality,
            risk_reduction,
            tags: vec![self.tags.clone()],
            status: self.status,
        })
    }
}

fn number_text(n: Option<u32>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

/// A blank field is "not set"; otherwise a whole number.
fn parse_whole(field: Field, text: &str) -> Result<Option<u32>, DomainError> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<u32>().map(Some).map_err(|_| DomainError::Invalid {
            field,
            text: t.to_owned(),
            why: "use a whole number such as 8 or 100",
        }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_words_ignore_case_spacing_and_punctuation_but_not_other_letters() {
        for (text, status) in
            [("In sprint", Status::InSprint), ("in_sprint", Status::InSprint), (" DONE ", Status::Done)]
        {
            assert_eq!(text.parse::<Status>(), Ok(status), "{text}");
        }
        assert_eq!("In\u{a0}Sprint".parse::<Status>(), Ok(Status::InSprint));
        assert_eq!("In‑Sprint ✓".parse::<Status>(), Ok(Status::InSprint));
        // A Cyrillic "о" is not an "o".
        assert!("Dоne".parse::<Status>().is_err());
        assert!("Erledigt".parse::<Status>().is_err());
    }

    use super::*;

    #[test]
    fn status_round_trips_through_its_label() {
        for s in Status::ALL {
            assert_eq!(s.label().parse::<Status>(), Ok(s));
            assert_eq!(s.key().parse::<Status>(), Ok(s));
        }
        assert!("Doing".parse::<Status>().is_err());
    }

    #[test]
    fn forms_parse_to_drafts_and_back() {
        let form = StoryForm {
            title: "Pay by card".into(),
            estimate: " 2.5 ".into(),
            value: "40".into(),
            tags: "payments, web".into(),
            status: Status::Ready,
            ..StoryForm::default()
        };
        let draft = form.to_draft().unwrap().clean().unwrap();
        assert_eq!(draft.estimate, Some(Points(250)));
        assert_eq!(draft.tags, vec!["payments", "web"]);
        let story = draft.into_story(StoryId(1), 0);
        assert_eq!(StoryForm::of(&story), StoryForm { estimate: "2.5".into(), ..form.clone() });
        let bad = StoryForm { estimate: "lots".into(), ..form };
        assert!(matches!(bad.to_draft(), Err(DomainError::Invalid { field: Field::Estimate, .. })));
    }

    #[test]
    fn clean_refuses_bad_fields_with_the_field_named() {
        let mut d = StoryDraft::titled("   ");
        assert_eq!(d.clean(), Err(DomainError::Empty(Field::Title)));
        d.title = "ok".into();
        d.value = Some(VALUE_MAX + 1);
        assert!(matches!(d.clean(), Err(DomainError::Invalid { field: Field::Value, .. })));
        d.value = None;
        d.risk_reduction = Some(VALUE_MAX + 1);
        assert!(matches!(d.clean(), Err(DomainError::Invalid { field: Field::RiskReduction, .. })));
        d.risk_reduction = None;
        d.value = Some(3);
        d.tags = vec!["a,b".into()];
        assert_eq!(d.clean().unwrap().tags, vec!["a", "b"]);
    }
}
