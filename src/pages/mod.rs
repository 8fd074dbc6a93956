//! One view per route. Pages compose components and hold only view state (what is open,
//! what is being edited).

mod backlog_page;
mod capacity_page;
mod poker_async;
mod poker_page;
mod poker_sizing;
mod program_page;
mod share_page;

pub use backlog_page::BacklogPage;
pub use capacity_page::CapacityPage;
pub use poker_async::add_answer_link;
pub use poker_page::{PokerPage, add_vote_link};
pub use program_page::{ProgramPage, ReplaceProgram};
pub use share_page::SharePage;
