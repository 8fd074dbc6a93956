//! The smallest Leptos CSR page with one text box: the baseline SprintDeck's start and
//! first-story figures are compared with.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <label>"Title " <input type="text" /></label>
        }
    });
}
