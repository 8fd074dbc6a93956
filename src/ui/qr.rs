//! A QR code of a link, drawn as SVG (the encoding is the qrcodegen crate's).

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The SVG path of `text` as a QR code and its size in modules, or `None` if it does not fit
/// in one (version 40 holds about 2,900 bytes at the lowest error correction).
pub fn qr_path(text: &str) -> Option<(String, i32)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Low).ok()?;
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                d.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
    }
    Some((d, size))
}

/// The QR code of `text` (a link), or a note that it is too long for one.
#[component]
pub fn QrCodeView(
    /// What to encode.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    move || {
        let text = text.get();
        if text.is_empty() {
            return ().into_any();
        }
        match qr_path(&text) {
            Some((d, size)) => {
                let view_box = format!("-4 -4 {} {}", size + 8, size + 8);
                view! {
                    <figure class="qr">
                        <svg viewBox=view_box role="img" aria-label="QR code of the link" shape-rendering="crispEdges">
                            <rect x="-4" y="-4" width="100%" height="100%" fill="#fff"></rect>
                            <path d=d fill="#000"></path>
                        </svg>
                        <figcaption class="muted">
                            {if size > 73 {
                                "Scan it from a screen at full size; long links make dense codes."
                            } else {
                                "Scan to open on a phone."
                            }}
                        </figcaption>
                    </figure>
                }
                .into_any()
            }
            None => view! { <p class="muted">"This link is too long for a QR code."</p> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn short_texts_fit_and_huge_ones_do_not() {
        let (path, size) = qr_path("https://example.org/#/open/abc").unwrap();
        assert!(size >= 21 && path.starts_with('M'));
        assert!(qr_path(&"x".repeat(5000)).is_none());
    }
}
