//! The shared layout of a page whose feature is not built yet.

use leptos::prelude::*;

use crate::state::Route;

/// States what the page will do and leads back to the backlog.
#[component]
pub fn Coming(
    /// The page heading.
    title: &'static str,
    /// One paragraph on what the page will offer.
    what: &'static str,
) -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-heading">
            <header class="page-head">
                <h1 id="page-heading">{title}</h1>
            </header>
            <div class="card">
                <p>{what}</p>
                <p class="muted">"This page is being built. Your backlog is ready to use now."</p>
                <a class="btn btn-primary" href=Route::Backlog.href()>"Go to the backlog"</a>
            </div>
        </section>
    }
}
