//! The smallest Leptos CSR page: the baseline SprintDeck's start time is compared with.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <h1>"Empty Leptos page"</h1> });
}
