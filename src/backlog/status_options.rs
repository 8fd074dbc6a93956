//! The status choices, shared by every status `<select>`.

use leptos::prelude::*;

/// One `<option>` per status, valued by its stored key; static markup.
#[component]
pub fn StatusOptions() -> impl IntoView {
    view! {
        <option value="new">"New"</option>
        <option value="ready">"Ready"</option>
        <option value="in_sprint">"In sprint"</option>
        <option value="done">"Done"</option>
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Status;

    /// The literal options above match the domain's statuses.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn options_match_the_statuses() {
        let src = include_str!("status_options.rs");
        for s in Status::ALL {
            assert!(src.contains(&format!(r#"<option value="{}">"{}"</option>"#, s.key(), s.label())), "{s}");
        }
    }
}
