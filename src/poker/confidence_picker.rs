//! How sure a voter is of their card: three radio buttons given with every vote.

use leptos::prelude::*;

use crate::domain::poker::Confidence;

/// "How sure are you?" as a radio group showing `chosen`; `name` keeps groups on one page
/// apart. A choice is reported through `on_pick`.
#[component]
pub fn ConfidencePicker(
    #[prop(into)] chosen: Signal<Option<Confidence>>,
    on_pick: Callback<Confidence>,
    #[prop(into)] name: String,
) -> impl IntoView {
    view! {
        <fieldset class="confidence">
            <legend>"How sure are you?"</legend>
            {Confidence::ALL
                .into_iter()
                .map(|c| {
                    view! {
                        <label class="confidence-option">
                            <input
                                type="radio"
                                name=name.clone()
                                value=c.label()
                                prop:checked=move || chosen.get() == Some(c)
                                on:change=move |_| on_pick.run(c)
                            />
                            <span>{c.label()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
