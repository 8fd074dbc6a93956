//! A revealed round's histogram and figures.

use leptos::prelude::*;

use crate::domain::decimal;
use crate::domain::poker::Stats;

/// A revealed round's histogram and figures.
#[component]
pub fn StatsView(stats: Stats) -> impl IntoView {
    let max = stats.histogram.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bars = stats
        .histogram
        .iter()
        .filter(|(_, n)| *n > 0 || stats.histogram.len() <= 14)
        .map(|(c, n)| {
            let pct = (*n * 100) / max;
            view! {
                <li class="bar-row">
                    <span class="bar-label">{c.label.clone()}</span>
                    <span class="bar">
                        <span class="bar-fill" style:width=format!("{pct}%")></span>
                    </span>
                    <span class="bar-count">{format!("{n} {}", if *n == 1 { "vote" } else { "votes" })}</span>
                </li>
            }
        })
        .collect_view();
    let row = |term: &'static str, value: String| {
        view! {
            <div>
                <dt>{term}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let none = || "—".to_owned();
    let flags = if stats.shaky_consensus() {
        Some("Consensus, but the voters were not sure of it: talk it through before accepting.")
    } else if stats.split {
        Some("The votes span more than two neighbouring cards: discuss before accepting.")
    } else if stats.low_confidence() {
        Some("Low confidence: the voters were, on average, less than fairly sure.")
    } else {
        None
    };
    let explain = (!stats.highest.is_empty()).then(|| {
        format!(
            "Highest: {}. Lowest: {}. Explain your cards, then re-vote or accept.",
            stats.highest.join(", "),
            stats.lowest.join(", ")
        )
    });
    view! {
        <div class="results">
            <ul class="histogram" aria-label="Votes per card">
                {bars}
            </ul>
            <dl class="stats">
                {row("Mean", stats.mean.map_or_else(none, |x| decimal(x, 2)))}
                {row("Median", stats.median.map_or_else(none, |x| decimal(x, 2)))}
                {row("Nearest card", stats.snapped.as_ref().map_or_else(none, |c| c.label.clone()))}
                {row(
                    "Mode",
                    if stats.mode.is_empty() {
                        none()
                    } else {
                        stats.mode.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(", ")
                    },
                )} {row("Spread", stats.spread.map_or_else(none, |x| decimal(x, 2)))}
                {row("Consensus", if stats.consensus { "Yes".into() } else { "No".into() })}
                {row("Special cards (not counted)", stats.special.to_string())}
                {row("Confidence", if stats.confidence_text().is_empty() { none() } else { stats.confidence_text() })}
            </dl>
            {explain.map(|e| view! { <p class="explain">{e}</p> })}
            {flags.map(|f| view! { <p class="flag flag-warn">{f}</p> })}
        </div>
    }
}
