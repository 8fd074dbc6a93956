//! Sprint capacity: the sprint's calendar, the team's availability, points from velocity, the
//! commitment cut line, the velocity history, a Monte Carlo forecast, and the team's
//! impediments, one card each.

use leptos::prelude::*;

use super::capacity_card::CapacityCard;
use super::forecast_card::ForecastCard;
use super::history_card::HistoryCard;
use super::impediments_card::ImpedimentsCard;
use super::sprint_card::SprintCard;
use super::team_card::TeamCard;
use crate::domain::capacity;
use crate::state::Store;
use crate::ui::status_line::{Status, StatusLine};

/// The Capacity page.
#[component]
pub fn CapacityPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = Status::provide();
    let has_sprint = move || store.board().with(|b| capacity::planned(b).is_some());
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <div class="page-title">
                    <h1 id="page-heading">"Capacity"</h1>
                    <p class="page-summary">"What fits into this sprint, and when the rest is likely done."</p>
                </div>
            </header>
            <StatusLine status />
            <SprintCard />
            {move || {
                has_sprint()
                    .then(|| {
                        view! {
                            <TeamCard />
                            <CapacityCard />
                        }
                    })
            }}
            <HistoryCard />
            <ForecastCard />
            <ImpedimentsCard />
        </section>
    }
}
