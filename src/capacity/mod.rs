//! The Capacity page: what fits into the sprint being planned, and when the rest is likely
//! done. Each card is a view over the open board; every change is an `Action` through the
//! store, its outcome said in the page's one status line.

mod capacity_card;
mod cut_line;
mod forecast_card;
mod history_card;
mod impediments_card;
pub mod page;
mod sprint_card;
mod team_card;
mod unplaced;

pub use page::CapacityPage;
