//! A backlog item and the values it carries: estimate points, business value, status, tags.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use super::Millis;
use super::error::{DomainError, Field};
use super::ids::StoryId;
use super::poker::RoundRecord;
use super::text::{self, LONG_TEXT_MAX, TITLE_MAX};

/// Story points in hundredths, so ½ and 0.25 are exact and sums never drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub u32);

impl Points {
    /// The largest estimate accepted, in points.
    pub const MAX_WHOLE: u32 = 10_000;

    pub fn from_whole(n: u32) -> Points {
        Points(n.saturating_mul(100))
    }

    /// The value in points, for charts and statistics.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hundredths(f, u64::from(self.0))
    }
}

/// Writes a value kept in hundredths with at most two decimals and no trailing zeros
/// ("5", "0.5", "1.25").
pub(crate) fn write_hundredths(f: &mut fmt::Formatter<'_>, n: u64) -> fmt::Result {
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => write!(f, "{whole}"),
        x if x % 10 == 0 => write!(f, "{whole}.{}", x / 10),
        x => write!(f, "{whole}.{x:02}"),
    }
}

/// A figure rounded to at most `places` decimals, without trailing zeros ("5", "5.3", "5.33"),
/// for statistics and charts.
pub fn decimal(x: f64, places: i32) -> String {
    // Integer arithmetic only: formatting a float would add kilobytes of WebAssembly.
    let places = places.clamp(0, 6) as u32;
    let m = 10u64.pow(places);
    let scaled = (x.abs() * m as f64).round();
    if !scaled.is_finite() || scaled >= 1e18 {
        return "–".to_owned();
    }
    let n = scaled as u64;
    let sign = if x < 0.0 && n > 0 { "-" } else { "" };
    let (whole, mut frac, mut width) = (n / m, n % m, places as usize);
    while width > 0 && frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    if width == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{frac:0width$}") }
}

/// Text that is not a number of points between 0 and 10,000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a number of points between 0 and 10,000")]
pub struct PointsParseError;

impl FromStr for Points {
    type Err = PointsParseError;
    /// Reads "5", "0.5", "1,25", "½"; more than two decimals are rounded. Parsed with integer
    /// arithmetic only: float parsing would add kilobytes of WebAssembly for nothing.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s {
            "½" => return Ok(Points(50)),
            "¼" => return Ok(Points(25)),
            "¾" => return Ok(Points(75)),
            _ => {}
        }
        let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let whole_ok = digits(whole) || (whole.is_empty() && digits(frac));
        let frac_ok = frac.is_empty() || digits(frac);
        if !whole_ok || !frac_ok {
            return Err(PointsParseError);
        }
        if whole.len() > 6 {
            return Err(PointsParseError);
        }
        let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| PointsParseError)? };
        let f = frac.as_bytes();
        let digit = |i: usize| f.get(i).map_or(0, |b| u32::from(b - b'0'));
        let round_up = u32::from(digit(2) >= 5);
        let hundredths = whole * 100 + digit(0) * 10 + digit(1) + round_up;
        if hundredths > Self::MAX_WHOLE * 100 {
            return Err(PointsParseError);
        }
        Ok(Points(hundredths))
    }
}

/// Where a story stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    pub description: String,
    pub acceptance: String,
    pub estimate: Option<Points>,
    /// Business value on the team's own relative scale.
    pub value: Option<u32>,
    /// How much the value decays with delay (a WSJF input), same scale as value.
    pub time_criticality: Option<u32>,
    /// Risk reduction or opportunity enablement (a WSJF input), same scale as value.
    pub risk_reduction: Option<u32>,
    pub tags: Vec<String>,
    pub status: Status,
    pub updated_at: Millis,
    /// Versions replaced by a newer edit made elsewhere (kept when boards are merged), newest
    /// first, at most [`EARLIER_MAX`]; they have no earlier versions of their own.
    pub earlier: Vec<Arc<Story>>,
    /// The planning poker rounds played on this story, oldest first.
    pub rounds: Vec<RoundRecord>,
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
    }
}

/// The user-editable fields of a story, as typed; [`StoryDraft::clean`] validates them.
#[derive(Clone, Debug, Default, PartialEq)]
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
    fn decimals_are_rounded_without_trailing_zeros() {
        for (x, places, shown) in [
            (5.0, 1, "5"),
            (5.25, 1, "5.3"),
            (5.333, 2, "5.33"),
            (0.049, 1, "0"),
            (-0.04, 1, "0"),
            (-2.5, 1, "-2.5"),
            (19.96, 1, "20"),
            (1.05, 2, "1.05"),
            (1234.5, 0, "1235"),
            (f64::NAN, 1, "–"),
        ] {
            assert_eq!(decimal(x, places), shown, "{x} to {places} places");
        }
    }

    #[test]
    fn points_parse_and_print() {
        for (text, hundredths, shown) in [
            ("5", 500, "5"),
            ("0.5", 50, "0.5"),
            ("½", 50, "0.5"),
            ("1,25", 125, "1.25"),
            (" 13 ", 1300, "13"),
            (".5", 50, "0.5"),
            ("2.0", 200, "2"),
            ("0.333", 33, "0.33"),
            ("0.335", 34, "0.34"),
            ("10000", 1_000_000, "10000"),
        ] {
            let p: Points = text.parse().unwrap();
            assert_eq!(p, Points(hundredths));
            assert_eq!(p.to_string(), shown);
        }
        for bad in ["", "-1", "abc", "1e3", "10001", "NaN", "1.2.3", ".", "1 000", "99999999999", "1.x"] {
            assert_eq!(bad.parse::<Points>(), Err(PointsParseError), "{bad}");
        }
    }

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
