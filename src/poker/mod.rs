//! Planning poker: the Poker page ([`page`]) with its live rounds ([`table`] keeps the round
//! of the open board, shared with the other windows of this browser), async rounds over many
//! stories ([`async_desk`] keeps them) and the relative sizing board; and the poker links as
//! they arrive: invites, sealed votes and answers.

pub mod answer_arrival;
mod arrived;
pub mod async_desk;
mod async_results;
mod async_round;
mod async_setup;
pub mod async_vote_form;
mod card_in_hand;
mod confidence_picker;
mod context;
mod deck_editor;
mod deck_options;
pub mod page;
mod paste_form;
mod remote_voters;
mod results;
pub mod room;
mod round_setup;
mod round_view;
mod sealed;
mod seats;
mod shared_screen;
mod sizing_board;
mod stats_view;
pub mod table;
mod undo_card;
pub mod vote_arrival;
pub mod vote_form;

pub use page::PokerPage;
