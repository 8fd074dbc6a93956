//! What the Poker page shares with its views through context: the kind of estimation shown,
//! whether the card in hand is open, and the estimate just accepted.

use leptos::prelude::*;

/// A kind of estimation the Poker page offers, one tab each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PokerMode {
    /// A live round on the open story: one screen, phones, several windows or links.
    Live,
    /// An async round over many stories, each voter in their own time.
    Async,
    /// The relative sizing board.
    Sizing,
}

impl PokerMode {
    /// Every mode, in the order of the tabs.
    pub const ALL: [PokerMode; 3] = [PokerMode::Live, PokerMode::Async, PokerMode::Sizing];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            PokerMode::Live => "Live round",
            PokerMode::Async => "Async round",
            PokerMode::Sizing => "Relative sizing",
        }
    }
}

/// The mode the page shows.
#[derive(Clone, Copy)]
pub struct Mode(pub RwSignal<PokerMode>);

/// Whether the full-screen card in hand is open.
#[derive(Clone, Copy)]
pub struct InHand(pub RwSignal<bool>);

/// What the last accepted estimate was, shown with an undo button until the next round.
#[derive(Clone, Copy)]
pub struct Accepted(pub RwSignal<Option<String>>);
