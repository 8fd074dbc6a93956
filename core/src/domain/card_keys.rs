//! Picking a poker card by typing its label on the shared screen: "5" picks 5 at once, "1"
//! waits a moment for a "3" that would make it "13", "c" is ☕ and "h" is ½.
//!
//! The timing is the caller's (the view runs the delayed pick); this only decides, from the
//! keys typed and when, what a key press means.

use super::Millis;
use super::text::lowercase;

/// Keys typed within this long of each other continue one label.
pub const CONTINUE_MS: Millis = 1000;
/// How long a label that a longer one starts with ("1" of "13") waits before it is picked.
pub const WAIT_MS: u64 = 700;

/// What a key press does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    /// The key names no card: it belongs to someone else (the page, a shortcut).
    Ignored,
    /// The key starts or continues a label that is not whole yet ("1" of "10" in a deck
    /// without "1"): it is taken, nothing is picked.
    Typing,
    /// The card at this index is picked now.
    Pick(usize),
    /// The card at this index is picked after [`WAIT_MS`], if [`CardKeys::still`] says no
    /// key came in between.
    PickSoon { card: usize, press: u32 },
}

/// The keys typed so far, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardKeys {
    typed: String,
    at: Millis,
    /// Counts presses, so a delayed pick knows whether another key came after it.
    presses: u32,
}

/// The label a typed text stands for: its lower case, with the letters for ☕ and ½.
fn alias(text: &str) -> String {
    match lowercase(text).as_str() {
        "c" => "☕".to_owned(),
        "h" => "½".to_owned(),
        other => other.to_owned(),
    }
}

impl CardKeys {
    /// What pressing `key` at `now` does with a deck whose labels are `labels`. `key` is the
    /// browser's `KeyboardEvent.key`: a single character, or a name such as "Shift" (ignored).
    pub fn press(&mut self, key: &str, now: Millis, labels: &[String]) -> Press {
        if key.chars().count() != 1 || key == " " {
            return Press::Ignored;
        }
        let labels: Vec<String> = labels.iter().map(|l| lowercase(l)).collect();
        let prefix_of_some = |text: &str| {
            let wanted = alias(text);
            labels.iter().any(|l| l.starts_with(&wanted))
        };
        let mut text = if now - self.at < CONTINUE_MS { format!("{}{key}", self.typed) } else { key.to_owned() };
        if !prefix_of_some(&text) {
            text = key.to_owned();
        }
        self.presses = self.presses.wrapping_add(1);
        if !prefix_of_some(&text) {
            self.typed.clear();
            self.at = now;
            return Press::Ignored;
        }
        let wanted = alias(&text);
        let exact = labels.iter().position(|l| *l == wanted);
        let longer = labels.iter().any(|l| l.len() > wanted.len() && l.starts_with(&wanted));
        self.typed = text;
        self.at = now;
        match (exact, longer) {
            (Some(card), false) => Press::Pick(card),
            (Some(card), true) => Press::PickSoon { card, press: self.presses },
            _ => Press::Typing,
        }
    }

    /// Whether no key was pressed since the press numbered `press`.
    pub fn still(&self, press: u32) -> bool {
        self.presses == press
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_whole_label_is_picked_at_once_and_a_prefix_of_a_longer_one_waits() {
        let deck = labels("0 1 2 3 5 8 13 21 ? ☕");
        let mut k = CardKeys::default();
        assert_eq!(k.press("5", 0, &deck), Press::Pick(4));
        let Press::PickSoon { card: 1, press } = k.press("1", 5_000, &deck) else { panic!("1 waits for 13") };
        assert!(k.still(press));
        // "3" within a second makes "13".
        assert_eq!(k.press("3", 5_300, &deck), Press::Pick(6));
        assert!(!k.still(press), "the delayed 1 is not picked");
        // Later than a second, "3" is a label of its own.
        let _ = k.press("1", 9_000, &deck);
        assert_eq!(k.press("3", 10_500, &deck), Press::Pick(3));
    }

    #[test]
    fn letters_stand_for_the_special_cards_and_case_does_not_matter() {
        let mut k = CardKeys::default();
        assert_eq!(k.press("c", 0, &labels("0 1 2 3 5 8 13 21 ? ☕")), Press::Pick(9));
        assert_eq!(k.press("H", 5_000, &labels("0 ½ 1 2 3 5 8 13 20 40 100 ? ☕")), Press::Pick(1));
        assert_eq!(k.press("x", 10_000, &labels("XS S M L XL XXL ? ☕")), Press::Typing);
        assert_eq!(k.press("L", 10_100, &labels("XS S M L XL XXL ? ☕")), Press::Pick(4));
        assert_eq!(k.press("?", 20_000, &labels("1 ?")), Press::Pick(1));
    }

    #[test]
    fn other_keys_are_left_alone() {
        let deck = labels("0 1 2 3 5 8 13 21 ? ☕");
        let mut k = CardKeys::default();
        for key in ["Shift", "Tab", " ", "ArrowLeft", "q", "9"] {
            assert_eq!(k.press(key, 0, &deck), Press::Ignored, "{key}");
        }
        // A key that continues nothing starts afresh: "2" then "5" is 5, not "25".
        assert_eq!(k.press("2", 100, &deck), Press::PickSoon { card: 2, press: k.presses });
        assert_eq!(k.press("5", 200, &deck), Press::Pick(4));
    }
}
