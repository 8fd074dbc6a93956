//! Narrowing the backlog by text, tag and status.

use super::story::{Status, Story};
use super::text::lowercase;

/// What the backlog view shows. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all appear (ignoring case) in the title, description, acceptance
    /// criteria or tags.
    pub text: String,
    pub tag: Option<String>,
    pub status: Option<Status>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.tag.is_some() || self.status.is_some()
    }

    /// A matcher for this filter; the search words are lower-cased once, not per story.
    pub fn matcher(&self) -> impl Fn(&Story) -> bool + '_ {
        let words: Vec<String> = self.text.split_whitespace().map(lowercase).collect();
        let tag = self.tag.as_deref().map(lowercase);
        move |s: &Story| {
            if self.status.is_some_and(|st| st != s.status) {
                return false;
            }
            if let Some(t) = &tag
                && !s.tags.iter().any(|x| lowercase(x) == *t)
            {
                return false;
            }
            if words.is_empty() {
                return true;
            }
            let hay = lowercase(&format!("{}\n{}\n{}\n{}", s.title, s.description, s.acceptance, s.tags.join(" ")));
            words.iter().all(|w| hay.contains(w.as_str()))
        }
    }
}

/// Every tag used in `stories`, once each (first spelling wins), sorted ignoring case.
pub fn all_tags<'a>(stories: impl Iterator<Item = &'a Story>) -> Vec<String> {
    let mut tags: Vec<(String, &String)> = stories.flat_map(|s| s.tags.iter()).map(|t| (lowercase(t), t)).collect();
    // Stable: of the spellings of one tag, the first one used stays first and is kept.
    super::sort::sort_by_key(&mut tags, |(key, _)| key.clone());
    tags.dedup_by(|a, b| a.0 == b.0);
    tags.into_iter().map(|(_, t)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::StoryId;
    use crate::domain::story::StoryDraft;

    fn story(title: &str, tags: &[&str], status: Status) -> Story {
        let mut d = StoryDraft::titled(title);
        d.tags = tags.iter().map(|t| t.to_string()).collect();
        d.status = status;
        d.description = "Pay faster".into();
        d.into_story(StoryId(1), 0)
    }

    #[test]
    fn every_word_text_tag_and_status_must_match() {
        let s = story("Checkout with Apple Pay", &["Payments"], Status::Ready);
        let f = |text: &str, tag: Option<&str>, status: Option<Status>| Filter {
            text: text.into(),
            tag: tag.map(str::to_owned),
            status,
        };
        assert!(f("", None, None).matcher()(&s));
        assert!(!f("", None, None).is_active());
        assert!(f("apple CHECKOUT", None, None).matcher()(&s));
        assert!(f("faster", None, None).matcher()(&s), "description is searched");
        assert!(f("payments", None, None).matcher()(&s), "tags are searched");
        assert!(!f("apple google", None, None).matcher()(&s));
        assert!(f("", Some("payments"), Some(Status::Ready)).matcher()(&s));
        assert!(!f("", Some("ux"), None).matcher()(&s));
        assert!(!f("", None, Some(Status::Done)).matcher()(&s));
    }

    #[test]
    fn tags_are_listed_once_sorted() {
        let a = story("a", &["ux", "API"], Status::New);
        let b = story("b", &["Ux", "billing"], Status::New);
        assert_eq!(all_tags([&a, &b].into_iter()), ["API", "billing", "ux"]);
    }
}
