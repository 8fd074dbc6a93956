//! Sprint capacity planning.

use leptos::prelude::*;

use super::coming::Coming;

/// How much fits into the next sprint, and when the rest will be done.
#[component]
pub fn CapacityPage() -> impl IntoView {
    view! {
        <Coming
            title="Sprint capacity"
            what="Plan the next sprint: working days, who is away, capacity in person-days and in points from past velocity, the commitment line on the ordered backlog, and a forecast of when the rest will be done."
        />
    }
}
