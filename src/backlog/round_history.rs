//! A story's poker rounds, as the story editor shows them.

use leptos::prelude::*;

/// The planning poker rounds played on a story, newest first.
#[component]
pub fn PokerHistory(rounds: Vec<crate::domain::poker::RoundRecord>) -> impl IntoView {
    (!rounds.is_empty()).then(|| {
        let items = rounds
            .iter()
            .rev()
            .map(|r| {
                let stats = r.stats();
                let votes = r.vote_texts().iter().map(|(who, c)| format!("{who}: {c}")).collect::<Vec<_>>().join(", ");
                let median =
                    stats.median.map(|m| format!("median {}", crate::domain::decimal(m, 2))).unwrap_or_default();
                let accepted = r.accepted.as_ref().map(|c| format!(" · accepted {}", c.label)).unwrap_or_default();
                let when = crate::domain::Date::from_millis(r.at);
                let time = crate::domain::poker::duration_text(r.seconds);
                view! {
                    <li>
                        <strong>{format!("{when} · {} · {time}{accepted}", r.deck)}</strong>
                        <br />
                        <span class="muted">
                            {format!(
                                "{votes} ({median}{}{})",
                                if stats.consensus { ", consensus" } else { "" },
                                if stats.low_confidence() { ", low confidence" } else { "" },
                            )}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="poker-history" aria-labelledby="poker-history-heading">
                <h3 id="poker-history-heading">"Planning poker rounds"</h3>
                <ul>{items}</ul>
            </section>
        }
    })
}
