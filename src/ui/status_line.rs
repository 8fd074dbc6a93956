//! A page's one status line: what the last change came to ("Sprint saved.", or why it was
//! refused), read out by screen readers.
//!
//! The page makes the handle ([`Status::provide`]); its components take it from context in
//! their bodies and carry it into their closures and async tasks, so nothing looks context up
//! where no owner is current (after an `.await`, say).

use leptos::prelude::*;

/// The handle of a page's status line. Copyable: it holds an arena handle only.
#[derive(Clone, Copy)]
pub struct Status(RwSignal<Option<String>>);

impl Status {
    /// A new, empty status line, provided to the calling component's descendants.
    pub fn provide() -> Status {
        let status = Status(RwSignal::new(None));
        provide_context(status);
        status
    }

    /// Shows `text`. A task that finishes after its page has gone says nothing.
    pub fn tell(&self, text: impl Into<String>) {
        self.0.try_set(Some(text.into()));
    }

    /// Says the outcome of a change: `ok`, or why it was refused.
    pub fn say<T, E: std::fmt::Display>(&self, outcome: Result<T, E>, ok: &str) {
        self.tell(match outcome {
            Ok(_) => ok.to_owned(),
            Err(e) => e.to_string(),
        });
    }
}

/// The status line itself: a polite live region under the page's heading.
#[component]
pub fn StatusLine(
    /// The page's handle, from [`Status::provide`].
    status: Status,
) -> impl IntoView {
    view! {
        <p role="status" class="toast-inline">
            {move || status.0.get()}
        </p>
    }
}
