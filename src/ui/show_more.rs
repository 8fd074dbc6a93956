//! A long list shown a page at a time. A program at the gate's limits holds 2,000 risks and
//! 2,000 dependencies: drawn whole, they made 30,000 elements, and the Program page took 1.6 s
//! to lay out on the bench machine; the first page of each keeps it under a second.

use leptos::prelude::*;

/// "Show 50 more risks (50 of 2,000 shown)", while some are hidden; it adds a page to `shown`.
#[component]
pub fn ShowMore(
    /// How many are shown; the button adds `page` to it.
    shown: RwSignal<usize>,
    /// How many there are.
    #[prop(into)]
    total: Signal<usize>,
    page: usize,
    /// What they are, plural ("risks").
    what: &'static str,
) -> impl IntoView {
    move || {
        let (n, all) = (shown.get(), total.get());
        (all > n).then(|| {
            let next = page.min(all - n);
            view! {
                <button type="button" class="btn btn-quiet show-more" on:click=move |_| shown.update(|s| *s += page)>
                    {format!("Show {next} more {what} ({n} of {all} shown)")}
                </button>
            }
        })
    }
}
