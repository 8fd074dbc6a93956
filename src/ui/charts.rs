//! Small inline SVG charts with a data table beside them for screen readers (and anyone who
//! prefers numbers). Colours come from CSS custom properties through the series' class.

use leptos::prelude::*;

use crate::domain::decimal;

/// One series of values, drawn as bars or as a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: &'static str,
    /// CSS class that sets the colour (`s-committed`, `s-done`, …).
    pub class: &'static str,
    pub values: Vec<f64>,
    pub line: bool,
}

/// A chart of `series` over `labels`, with a legend and a table alternative.
#[component]
pub fn BarChart(title: &'static str, unit: &'static str, labels: Vec<String>, series: Vec<Series>) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 220.0;
    const PAD_L: f64 = 36.0;
    const PAD_B: f64 = 28.0;
    let n = labels.len().max(1);
    let max = series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0f64, f64::max).max(1.0);
    let plot_w = W - PAD_L - 8.0;
    let plot_h = H - PAD_B - 8.0;
    let slot = plot_w / n as f64;
    let y = move |v: f64| 8.0 + plot_h - v / max * plot_h;
    let bar_series: Vec<&Series> = series.iter().filter(|s| !s.line).collect();
    let bw = (slot * 0.8) / bar_series.len().max(1) as f64;
    let mut shapes = Vec::new();
    for (si, s) in bar_series.iter().enumerate() {
        for (i, v) in s.values.iter().enumerate() {
            let x = PAD_L + slot * i as f64 + slot * 0.1 + bw * si as f64;
            shapes.push(
                view! {
                    <rect
                        class=s.class
                        x=format!("{x:.1}")
                        y=format!("{:.1}", y(*v))
                        width=format!("{:.1}", bw.max(1.0))
                        height=format!("{:.1}", (plot_h + 8.0 - y(*v)).max(0.0))
                    ></rect>
                }
                .into_any(),
            );
        }
    }
    for s in series.iter().filter(|s| s.line) {
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", PAD_L + slot * (i as f64 + 0.5), y(*v)))
            .collect();
        shapes
            .push(view! { <polyline class=format!("line {}", s.class) points=points.join(" ")></polyline> }.into_any());
    }
    let ticks = [0.0, 0.5, 1.0]
        .iter()
        .map(|f| {
            let v = max * f;
            view! {
                <g class="tick">
                    <line
                        x1=format!("{PAD_L}")
                        x2=format!("{W}")
                        y1=format!("{:.1}", y(v))
                        y2=format!("{:.1}", y(v))
                    ></line>
                    <text x=format!("{}", PAD_L - 4.0) y=format!("{:.1}", y(v) + 4.0) text-anchor="end">
                        {decimal(v, 1)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let step = (n / 8).max(1);
    let xlabels = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, l)| {
            let x = PAD_L + slot * (i as f64 + 0.5);
            let short: String = l.chars().take(10).collect();
            view! {
                <text class="xlabel" x=format!("{x:.1}") y=format!("{}", H - 8.0) text-anchor="middle">
                    {short}
                </text>
            }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <li>
                    <span class=format!("swatch {}", s.class)></span>
                    {s.name}
                </li>
            }
        })
        .collect_view();
    let head = series.iter().map(|s| view! { <th scope="col">{format!("{} ({unit})", s.name)}</th> }).collect_view();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let cells = series
                .iter()
                .map(|s| view! { <td class="num">{s.values.get(i).map(|v| decimal(*v, 1)).unwrap_or_default()}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{l.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg
                viewBox=format!("0 0 {W} {H}")
                role="img"
                aria-label=format!("{title}; the table below has the figures")
                preserveAspectRatio="xMidYMid meet"
            >
                {ticks}
                {shapes}
                {xlabels}
            </svg>
            <ul class="legend">{legend}</ul>
            <details class="chart-table">
                <summary>{format!("{title}: table")}</summary>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Sprint"</th>
                                {head}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
