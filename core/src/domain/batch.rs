//! Async estimation: one round over many stories, answered by each voter in their own time.
//!
//! The facilitator picks up to [`STORIES_MAX`] stories, a deck and a deadline, and sends one
//! invite. Each voter answers every story (a card, how sure they are, and the time they spent
//! on it) and sends back one sealed answer. The facilitator adds answers as they arrive; the
//! results per story are the statistics of a live round, and the stories whose votes split or
//! whose voters were unsure are flagged for a live discussion. The agreed ones are accepted as
//! one undoable change ([`Action::AcceptEstimates`](super::Action)).

use serde::{Deserialize, Serialize};

use super::Millis;
use super::calendar::Date;
use super::ids::StoryId;
use super::poker::{Card, Confidence, Deck, PokerError, RoundRecord, Stats, VOTERS_MAX, clean_name};

/// The most stories one async round carries.
pub const STORIES_MAX: usize = 30;
/// The longest acceptance criteria an invite carries, in characters (longer ones are cut, and
/// the invite says so).
pub const CRITERIA_MAX: usize = 600;

/// The most characters a chat message holds everywhere the team is likely to paste a link
/// (Slack's and Teams' limits are far higher; SMS splitting and some chat apps start near here).
pub const CHAT_MAX: usize = 4000;

/// Says how long a link is and whether it fits a chat message.
pub fn fits_chat(chars: usize) -> String {
    if chars <= CHAT_MAX {
        format!("{chars} characters: fits a chat message.")
    } else {
        format!("{chars} characters: longer than some chat apps take ({CHAT_MAX}); send it by mail or as a file.")
    }
}

/// A story as the round carries it: what voters read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct BatchStory {
    pub story: StoryId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub criteria: String,
}

impl BatchStory {
    /// What the round carries of `story`: its title, and its acceptance criteria (cut to
    /// [`CRITERIA_MAX`] characters) if they are to be sent.
    pub fn of(story: &super::Story, with_criteria: bool) -> BatchStory {
        BatchStory {
            story: story.id,
            title: story.title.clone(),
            criteria: if with_criteria { super::text::shorten(&story.acceptance, CRITERIA_MAX) } else { String::new() },
        }
    }
}

/// One voter's answer for one story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Pick {
    pub card: Card,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Time the voter spent on the story.
    #[serde(default)]
    pub seconds: u32,
}

/// One voter's answers, one per story of the round (none where they did not vote).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Answer {
    pub voter: String,
    /// The public key the answer was sealed with: the voter, whatever name they give. Empty for
    /// an answer kept before voters had keys of their own (then the name tells them apart).
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "super::poker::hex_bytes")]
    pub key: Vec<u8>,
    /// When the voter sealed it (as they said, within the round's time and the answer's
    /// arrival): a later answer from the same voter replaces an earlier one.
    pub at: Millis,
    pub picks: Vec<Option<Pick>>,
}

/// The most seconds one story's time counts (a week).
pub const SECONDS_MAX: u32 = 7 * 24 * 3600;

/// The most bytes of a voter's public key (an uncompressed P-256 point is 65).
pub const VOTER_KEY_MAX: usize = 65;

/// An async round as the facilitator keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Batch {
    /// Random; answers name it. Hex text in JSON.
    #[serde(with = "super::poker::hex_u64")]
    pub id: u64,
    pub deck: Deck,
    pub stories: Vec<BatchStory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    pub started_at: Millis,
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// When the agreed estimates were accepted into the board, if they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<Millis>,
}

/// What adding an answer did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    /// The voter had answered before; this later answer replaces it.
    Replaced,
}

/// One story's results.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryResult {
    pub stats: Stats,
    /// Who voted on it, and who of those who answered did not.
    pub voted: usize,
    /// The median time voters spent on it, in seconds.
    pub seconds: u32,
    /// The card to accept when the votes agree: at least two votes with a value, no "?", no
    /// split, sure enough.
    pub agreed: Option<Card>,
}

impl Batch {
    /// A new round; 1 to 30 stories, a deck with at least two cards.
    pub fn new(
        id: u64,
        deck: Deck,
        stories: Vec<BatchStory>,
        deadline: Option<Date>,
        now: Millis,
    ) -> Result<Batch, PokerError> {
        if stories.is_empty() {
            return Err(PokerError::Batch("Pick at least one story for the round.".into()));
        }
        if stories.len() > STORIES_MAX {
            return Err(PokerError::Batch(format!("An async round holds at most {STORIES_MAX} stories.")));
        }
        let deck = deck.clean()?;
        Ok(Batch { id, deck, stories, deadline, started_at: now, answers: Vec::new(), accepted_at: None })
    }

    /// Adds a voter's answer that arrived by link at `arrived`: `picks` holds, per story, the
    /// index of the card in the round's deck, the confidence and the seconds spent. The voter
    /// is `key`, the key that sealed it: a later answer sealed with the same key replaces the
    /// earlier one (an older one is refused), and an answer with a name already taken by
    /// another key is a voter of its own. The time it says it was sealed at is taken within the
    /// round's start and its arrival, so no answer can claim to come from the future.
    pub fn add_answer(
        &mut self,
        voter: &str,
        key: &[u8],
        at: Millis,
        arrived: Millis,
        picks: &[Option<(usize, Option<Confidence>, u32)>],
    ) -> Result<Added, PokerError> {
        let voter = clean_name(voter)?;
        if key.len() > VOTER_KEY_MAX {
            return Err(PokerError::Batch("This answer's key is not a voter's key.".into()));
        }
        if picks.len() != self.stories.len() {
            return Err(PokerError::Batch(format!(
                "This answer covers {} stories, but the round has {}: it is for another round.",
                picks.len(),
                self.stories.len()
            )));
        }
        let mut out = Vec::with_capacity(picks.len());
        for p in picks {
            out.push(match p {
                None => None,
                Some((i, confidence, seconds)) => {
                    let card = self
                        .deck
                        .cards
                        .get(*i)
                        .cloned()
                        .ok_or_else(|| PokerError::UnknownCard(format!("#{}", i + 1)))?;
                    Some(Pick { card, confidence: *confidence, seconds: (*seconds).min(SECONDS_MAX) })
                }
            });
        }
        if out.iter().all(Option::is_none) {
            return Err(PokerError::Batch(format!("{voter} sent an answer with no vote in it.")));
        }
        let at = at.clamp(self.started_at, arrived.max(self.started_at));
        let answer = Answer { voter: voter.clone(), key: key.to_vec(), at, picks: out };
        let full = self.answers.len() >= VOTERS_MAX;
        // The same voter: the same key; or, for an answer kept before voters had keys, the same
        // name (that answer then takes the key).
        let same = |a: &Answer| {
            if a.key.is_empty() || key.is_empty() { a.voter.eq_ignore_ascii_case(&voter) } else { a.key == key }
        };
        match self.answers.iter_mut().find(|a| same(a)) {
            Some(old) if old.at >= at => Err(PokerError::Batch(format!(
                "{voter} has already answered, and this answer is not newer than that one; it was not counted."
            ))),
            Some(old) => {
                *old = answer;
                Ok(Added::Replaced)
            }
            None if full => Err(PokerError::TooManyVoters),
            None => {
                self.answers.push(answer);
                Ok(Added::New)
            }
        }
    }

    /// The voters who answered, in the order their answers arrived, each named once: a name
    /// two voters gave is told apart by a number ("Ann", "Ann (2)").
    pub fn answered(&self) -> Vec<String> {
        let names: Vec<String> = self.answers.iter().map(|a| super::text::lowercase(&a.voter)).collect();
        (0..self.answers.len())
            .map(|i| match names[..i].iter().filter(|n| **n == names[i]).count() {
                0 => self.answers[i].voter.clone(),
                taken => format!("{} ({})", self.answers[i].voter, taken + 1),
            })
            .collect()
    }

    /// The votes on story `i`, as a round record would hold them.
    fn record(&self, i: usize, now: Millis, accepted: Option<Card>) -> RoundRecord {
        let picks = || self.answers.iter().filter_map(move |a| a.picks.get(i)?.as_ref().map(|p| (&a.voter, p)));
        let mut times: Vec<u32> = picks().map(|(_, p)| p.seconds).collect();
        times.sort_unstable();
        RoundRecord {
            at: now,
            deck: self.deck.name.clone(),
            votes: picks().map(|(v, p)| (v.clone(), p.card.clone())).collect(),
            confidence: picks().filter_map(|(v, p)| Some((v.clone(), p.confidence?))).collect(),
            seconds: times.get(times.len() / 2).copied().unwrap_or(0),
            accepted,
        }
    }

    /// The results of story `i`.
    pub fn result(&self, i: usize) -> StoryResult {
        let rec = self.record(i, 0, None);
        let sure: Vec<Confidence> = rec.confidence.iter().map(|(_, c)| *c).collect();
        let stats = Stats::of(&self.deck, &rec.votes).with_confidence(&sure);
        // Agreed: two numeric votes at least, no "?" among the votes, and nothing to discuss.
        let unsure_card = rec.votes.iter().any(|(_, c)| c.label == "?");
        let agreed =
            (!stats.needs_discussion() && stats.counted >= 2 && !unsure_card).then(|| stats.snapped.clone()).flatten();
        StoryResult { voted: rec.votes.len(), seconds: rec.seconds, stats, agreed }
    }

    /// The results of every story, in the round's order.
    pub fn results(&self) -> Vec<StoryResult> {
        (0..self.stories.len()).map(|i| self.result(i)).collect()
    }

    /// What accepting the agreed stories writes: each story, its card and the round's record.
    pub fn agreed(&self, now: Millis) -> Vec<super::poker::Estimate> {
        self.stories
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let card = self.result(i).agreed?;
                Some((s.story, card.clone(), vec![self.record(i, now, Some(card))]))
            })
            .collect()
    }

    /// Whether the deadline has passed on `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.deadline.is_some_and(|d| today > d)
    }

    /// What accepting the agreed estimates writes into a board that holds the stories `exists`
    /// keeps, and the titles of the agreed stories no longer on it.
    pub fn acceptable(
        &self,
        now: Millis,
        exists: impl Fn(StoryId) -> bool,
    ) -> (Vec<super::poker::Estimate>, Vec<String>) {
        let (here, gone): (Vec<_>, Vec<_>) = self.agreed(now).into_iter().partition(|(id, _, _)| exists(*id));
        let titles = gone
            .iter()
            .filter_map(|(id, _, _)| self.stories.iter().find(|s| s.story == *id).map(|s| s.title.clone()))
            .collect();
        (here, titles)
    }

    /// The cards each voter cast on story `i`, by voter (as [`Batch::answered`] names them), in
    /// the order the answers arrived.
    pub fn cards_of(&self, i: usize) -> Vec<(String, Card)> {
        self.answered()
            .into_iter()
            .zip(&self.answers)
            .filter_map(|(name, a)| Some((name, a.picks.get(i)?.as_ref()?.card.clone())))
            .collect()
    }
}

/// A change to a board's async round, as the facilitator's browser keeps it.
#[derive(Clone, Debug, PartialEq)]
pub enum BatchChange {
    /// Starts `batch`, replacing any other.
    Start(Box<Batch>),
    /// Ends the round.
    Close,
    /// An answer that arrived, already opened: voter, key, sealed at, arrived at, picks.
    Answer {
        voter: String,
        key: Vec<u8>,
        at: Millis,
        arrived: Millis,
        picks: Vec<Option<(usize, Option<Confidence>, u32)>>,
    },
    /// The agreed estimates were accepted at this time.
    Accepted(Millis),
}

impl BatchChange {
    /// Makes this change to the round `batch` (none, if no round is under way); what it
    /// refuses leaves the round as it was. The round that results still has to pass the gate
    /// (`validate::batch`), as its keeper checks (the gate reads this module's types).
    pub fn apply(&self, batch: &mut Option<Batch>) -> Result<Option<Added>, PokerError> {
        match self {
            BatchChange::Start(b) => {
                *batch = Some((**b).clone());
                Ok(None)
            }
            BatchChange::Close => {
                *batch = None;
                Ok(None)
            }
            BatchChange::Answer { voter, key, at, arrived, picks } => {
                let b =
                    batch.as_mut().ok_or_else(|| PokerError::Batch("The async round was closed meanwhile.".into()))?;
                let mut next = b.clone();
                let added = next.add_answer(voter, key, *at, *arrived, picks)?;
                *b = next;
                Ok(Some(added))
            }
            BatchChange::Accepted(at) => {
                if let Some(b) = batch {
                    b.accepted_at.get_or_insert(*at);
                }
                Ok(None)
            }
        }
    }
}

/// A voter's answers to an async round, kept in their browser until they send them (and
/// after, so they can come back and change them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub name: String,
    /// Per story: the card's label, the confidence and the seconds spent so far.
    #[serde(default)]
    pub picks: Vec<DraftPick>,
}

/// A voter's answer to one story, as they go.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftPick {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub seconds: u32,
}

/// A change a voter makes to their draft answers; each replays on the draft another of their
/// tabs saved meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftChange {
    /// The name, as it is typed (cut to the longest name).
    Name(String),
    /// The card chosen for story `i`.
    Card(usize, String),
    /// How sure the voter is of story `i`.
    Sure(usize, Confidence),
    /// Seconds spent on story `i`, added to those already counted.
    Spent(usize, u32),
}

impl Draft {
    /// Makes `change` to a draft of a round of `stories` stories (one out of range does
    /// nothing).
    pub fn apply(&mut self, change: &DraftChange, stories: usize) {
        let n = stories.min(STORIES_MAX);
        if self.picks.len() < n {
            self.picks.resize(n, DraftPick::default());
        }
        match change {
            DraftChange::Name(name) => self.name = name.chars().take(super::poker::VOTER_NAME_MAX).collect(),
            DraftChange::Card(i, label) => {
                if let Some(p) = self.picks.get_mut(*i) {
                    p.card = Some(label.chars().take(super::poker::LABEL_MAX).collect());
                }
            }
            DraftChange::Sure(i, c) => {
                if let Some(p) = self.picks.get_mut(*i) {
                    p.confidence = Some(*c);
                }
            }
            DraftChange::Spent(i, secs) => {
                if let Some(p) = self.picks.get_mut(*i) {
                    p.seconds = p.seconds.saturating_add(*secs).min(SECONDS_MAX);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::poker::builtin_decks;

    fn batch(n: usize) -> Batch {
        let stories = (0..n).map(|i| BatchStory {
            story: StoryId(i as u64 + 1),
            title: format!("S{i}"),
            criteria: String::new(),
        });
        Batch::new(9, builtin_decks().remove(0), stories.collect(), None, 0).unwrap()
    }

    /// Adds an answer sealed with the key of its voter's name (in lower case) that arrives at
    /// time 1,000.
    fn add(
        b: &mut Batch,
        voter: &str,
        at: Millis,
        picks: &[Option<(usize, Option<Confidence>, u32)>],
    ) -> Result<Added, PokerError> {
        b.add_answer(voter, voter.to_lowercase().as_bytes(), at, 1_000, picks)
    }

    /// The index of `label` in the Fibonacci deck.
    fn c(label: &str) -> usize {
        builtin_decks()[0].find(label).unwrap()
    }

    #[test]
    fn a_round_holds_one_to_thirty_stories() {
        assert!(Batch::new(1, builtin_decks().remove(0), vec![], None, 0).is_err());
        let many = (0..31).map(|i| BatchStory { story: StoryId(i), title: "t".into(), criteria: String::new() });
        assert!(Batch::new(1, builtin_decks().remove(0), many.collect(), None, 0).is_err());
        assert_eq!(batch(30).stories.len(), 30);
    }

    #[test]
    fn answers_give_results_flags_and_agreed_estimates() {
        let mut b = batch(3);
        let sure = Some(Confidence::Sure);
        let unsure = Some(Confidence::Unsure);
        assert_eq!(
            add(&mut b, "Ann", 10, &[Some((c("5"), sure, 40)), Some((c("3"), sure, 10)), Some((c("2"), unsure, 5))]),
            Ok(Added::New)
        );
        assert_eq!(
            add(&mut b, "Bo", 11, &[Some((c("5"), sure, 60)), Some((c("13"), sure, 20)), Some((c("2"), unsure, 7))]),
            Ok(Added::New)
        );
        assert_eq!(b.answered(), ["Ann", "Bo"]);
        let r = b.results();
        assert_eq!(r[0].agreed.as_ref().map(|c| c.label.as_str()), Some("5"));
        assert_eq!(r[0].seconds, 60, "the median of two is the later one");
        assert!(r[1].stats.split && r[1].agreed.is_none(), "3 and 13 split");
        assert!(r[2].stats.shaky_consensus() && r[2].agreed.is_none(), "agreed, but unsure");
        let agreed = b.agreed(99);
        assert_eq!(agreed.len(), 1);
        let (id, card, records) = &agreed[0];
        assert_eq!((*id, card.label.as_str()), (StoryId(1), "5"));
        assert_eq!(records[0].votes.len(), 2);
        assert_eq!(records[0].confidence_of("Bo"), sure);
        assert_eq!(records[0].accepted.as_ref(), Some(card));
    }

    #[test]
    fn a_later_answer_replaces_an_earlier_one_and_nothing_else_gets_in() {
        let mut b = batch(2);
        add(&mut b, "Ann", 10, &[Some((c("5"), None, 1)), None]).unwrap();
        assert_eq!(add(&mut b, "ann", 20, &[Some((c("8"), None, 1)), None]), Ok(Added::Replaced));
        assert!(add(&mut b, "ANN", 15, &[Some((c("1"), None, 1)), None]).is_err(), "older");
        assert_eq!(b.answers.len(), 1);
        assert_eq!(b.answers[0].picks[0].as_ref().unwrap().card.label, "8");
        assert!(add(&mut b, "Cy", 1, &[Some((c("5"), None, 1))]).is_err(), "another round's length");
        assert!(add(&mut b, "Cy", 1, &[Some((99, None, 1)), None]).is_err(), "no such card");
        assert!(add(&mut b, "Cy", 1, &[None, None]).is_err(), "empty");
        assert!(add(&mut b, "", 1, &[Some((1, None, 1)), None]).is_err(), "no name");
        assert_eq!(b.result(1).voted, 0);
        assert!(b.result(1).agreed.is_none(), "nobody voted on it");
    }

    #[test]
    fn agreement_needs_two_numeric_votes_and_no_question_mark() {
        let mut b = batch(3);
        add(&mut b, "Ann", 10, &[Some((c("5"), None, 1)), Some((c("5"), None, 1)), Some((c("8"), None, 1))]).unwrap();
        add(&mut b, "Bo", 11, &[Some((c("?"), None, 1)), Some((c("5"), None, 1)), None]).unwrap();
        add(&mut b, "Cy", 12, &[Some((c("?"), None, 1)), Some((c("☕"), None, 1)), None]).unwrap();
        let r = b.results();
        assert_eq!(r[0].agreed, None, "one 5 and two ?");
        assert_eq!(r[1].agreed.as_ref().map(|c| c.label.as_str()), Some("5"), "two 5s and a break");
        assert_eq!(r[2].agreed, None, "a single vote");
    }

    #[test]
    fn a_voter_is_the_key_that_sealed_the_answer_and_its_time_is_bounded() {
        let mut b = batch(1);
        let five = || [Some((c("5"), None, 1))];
        assert_eq!(b.add_answer("Ann", b"key-a", 10, 1_000, &five()), Ok(Added::New));
        // Someone else who calls themselves Ann is a voter of their own, told apart.
        assert_eq!(b.add_answer("Ann", b"key-x", 20, 1_000, &five()), Ok(Added::New));
        assert_eq!(b.answered(), ["Ann", "Ann (2)"]);
        // The first Ann, under another name, replaces her own answer only.
        assert_eq!(b.add_answer("Annie", b"key-a", 30, 1_000, &five()), Ok(Added::Replaced));
        assert_eq!(b.answers[0].voter, "Annie");
        // An answer that claims to be sealed in the future counts as sealed when it arrived:
        // it cannot shut out the voter's next real answer.
        assert_eq!(b.add_answer("Bo", b"key-b", i64::MAX / 2, 2_000, &five()), Ok(Added::New));
        assert_eq!(b.answers[2].at, 2_000);
        assert_eq!(b.add_answer("Bo", b"key-b", 2_500, 3_000, &five()), Ok(Added::Replaced));
        assert!(b.add_answer("Cy", &[0; 66], 10, 1_000, &five()).is_err(), "not a key");
        // The cards cast, by voter.
        assert_eq!(b.cards_of(0).len(), 3);
        assert_eq!(b.cards_of(0).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["Annie", "Ann", "Bo"]);
    }

    #[test]
    fn accepting_takes_the_stories_still_on_the_board_and_names_the_others() {
        let mut b = batch(2);
        add(&mut b, "Ann", 10, &[Some((c("5"), None, 1)), Some((c("3"), None, 1))]).unwrap();
        add(&mut b, "Bo", 11, &[Some((c("5"), None, 1)), Some((c("3"), None, 1))]).unwrap();
        let (items, gone) = b.acceptable(50, |id| id == StoryId(1));
        assert_eq!(items.len(), 1);
        assert_eq!(gone, ["S1"]);
        let mut kept = Some(b);
        BatchChange::Accepted(50).apply(&mut kept).unwrap();
        BatchChange::Accepted(60).apply(&mut kept).unwrap();
        assert_eq!(kept.as_ref().and_then(|b| b.accepted_at), Some(50), "accepted once");
    }

    #[test]
    fn a_draft_changes_as_the_voter_goes() {
        let mut d = Draft::default();
        d.apply(&DraftChange::Name("A".repeat(100)), 3);
        assert_eq!(d.name.chars().count(), crate::domain::poker::VOTER_NAME_MAX);
        d.apply(&DraftChange::Card(1, "8".into()), 3);
        d.apply(&DraftChange::Spent(1, 30), 3);
        d.apply(&DraftChange::Spent(1, u32::MAX), 3);
        d.apply(&DraftChange::Card(9, "8".into()), 3);
        assert_eq!(d.picks.len(), 3);
        assert_eq!((d.picks[1].card.as_deref(), d.picks[1].seconds), (Some("8"), SECONDS_MAX));
    }

    #[test]
    fn the_deadline_passes_after_its_day() {
        let mut b = batch(1);
        b.deadline = Some(Date(100));
        assert!(!b.overdue(Date(100)));
        assert!(b.overdue(Date(101)));
    }
}
