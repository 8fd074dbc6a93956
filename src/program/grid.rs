//! The program grid: teams × sprints aligned by date, committed points against capacity, the
//! milestone row, and the dependencies drawn over it in SVG.

use leptos::prelude::*;

use super::desk::Desk;
use crate::domain::program::{Grid, Program, StoryRef};

/// Pixel geometry of the grid, shared by the table's CSS sizes and the SVG drawn over it.
const TEAM_W: f64 = 148.0;
const COL_W: f64 = 136.0;
const HEAD_H: f64 = 44.0;
const ROW_H: f64 = 100.0;

/// Teams × sprints, aligned by date, with the milestone row and the dependencies drawn.
#[component]
pub fn GridCard() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let program = desk.program();
    let grid = Memo::new(move |_| program.with(|p| p.aligned(crate::browser::today())));
    move || {
        let g: Grid = grid.get();
        let p = program.get();
        let n = g.columns.len();
        let width = TEAM_W + COL_W * n as f64;
        let height = HEAD_H + ROW_H * (g.rows.len() + 1) as f64;
        let heads = g
            .columns
            .iter()
            .map(|(a, b)| {
                view! {
                    <th scope="col" class="grid-col">
                        {format!("{a} – {b}")}
                    </th>
                }
            })
            .collect_view();
        let rows = g
            .rows
            .iter()
            .enumerate()
            .map(|(r, (id, cells))| {
                let name = p.team_name(*id);
                let tds = cells
                    .iter()
                    .enumerate()
                    .map(|(k, cs)| {
                        let clashes = g
                            .clashes
                            .iter()
                            .filter(|(row, col, _)| *row == r && *col == k)
                            .map(|(_, _, res)| view! { <span class="flag flag-warn">{format!("Booking conflict: {res}")}</span> })
                            .collect_view();
                        let items = cs
                            .iter()
                            .map(|c| {
                                let over = c.over();
                                view! {
                                    <div class="grid-cell" class:grid-over=over>
                                        <span class="grid-sprint">{c.name.clone()}</span>
                                        <span>
                                            {match c.capacity {
                                                Some(cap) => {
                                                    format!("{} of {} pts", c.committed, crate::domain::decimal(cap, 0))
                                                }
                                                None => format!("{} pts, capacity unknown", c.committed),
                                            }}
                                        </span>
                                        {over.then(|| view! { <span class="flag flag-warn">"Over capacity"</span> })}
                                        <span class="grid-features">
                                            {c
                                                .features
                                                .iter()
                                                .map(|f| view! { <span class="chip">{f.clone()}</span> })
                                                .collect_view()}
                                        </span>
                                    </div>
                                }
                            })
                            .collect_view();
                        view! { <td>{items}{clashes}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        {tds}
                    </tr>
                }
            })
            .collect_view();
        let mut marks: Vec<Vec<String>> = vec![Vec::new(); n];
        for (m, col) in p.milestones.iter().zip(&g.milestones) {
            if let Some(k) = col {
                marks[*k].push(format!("◆ {} ({})", m.name, m.date));
            }
        }
        let milestone_cells = marks
            .into_iter()
            .map(|ms| {
                view! {
                    <td class="grid-milestones">
                        {ms.into_iter().map(|m| view! { <span class="milestone">{m}</span> }).collect_view()}
                    </td>
                }
            })
            .collect_view();
        let lines = dependency_lines(&p, &g);
        view! {
            <section class="card" aria-labelledby="grid-heading">
                <h2 id="grid-heading">"Program grid"</h2>
                <p class="muted">
                    "Committed points against each team's capacity, per sprint; sprints are aligned by date. Dependencies are drawn from the needed story's sprint to the sprint that needs it, coloured as in the list below."
                </p>
                <div class="table-scroll program-grid-wrap">
                    <div class="program-grid" style:width=format!("{width}px")>
                        <table class="program-grid-table" style:width=format!("{width}px")>
                            <colgroup>
                                <col style:width=format!("{TEAM_W}px") />
                                {(0..n).map(|_| view! { <col style:width=format!("{COL_W}px") /> }).collect_view()}
                            </colgroup>
                            <thead>
                                <tr>
                                    <th scope="col">"Team"</th>
                                    {heads}
                                </tr>
                            </thead>
                            <tbody>
                                {rows} <tr class="grid-milestone-row">
                                    <th scope="row">"Milestones"</th>
                                    {milestone_cells}
                                </tr>
                            </tbody>
                        </table>
                        <svg
                            class="dependency-lines"
                            aria-hidden="true"
                            width=width.to_string()
                            height=height.to_string()
                            viewBox=format!("0 0 {width} {height}")
                        >
                            <defs>
                                {["red", "amber", "green"]
                                    .map(|c| {
                                        view! {
                                            <marker
                                                id=format!("arrow-{c}")
                                                class=format!("dep-{c}")
                                                viewBox="0 0 10 10"
                                                refX="9"
                                                refY="5"
                                                markerWidth="7"
                                                markerHeight="7"
                                                orient="auto-start-reverse"
                                            >
                                                <path d="M 0 0 L 10 5 L 0 10 z"></path>
                                            </marker>
                                        }
                                    })}
                            </defs>
                            {lines}
                        </svg>
                    </div>
                </div>
            </section>
        }
    }
}

/// The SVG paths of the dependencies both of whose stories sit in a column of the grid.
fn dependency_lines(p: &Program, g: &Grid) -> Vec<AnyView> {
    let place = |r: StoryRef| -> Option<(f64, f64)> {
        let row = g.rows.iter().position(|(id, _)| *id == r.team)?;
        let col = g.column_of(p.sprint_of(r)?.start)?;
        Some((TEAM_W + COL_W * col as f64, HEAD_H + ROW_H * row as f64 + ROW_H / 2.0))
    };
    p.dependencies
        .iter()
        .filter_map(|d| {
            let light = p.light(d);
            let ((x1, y1), (x2, y2)) = (place(d.needed)?, place(d.needs)?);
            // From the needed story's cell to the cell that needs it; a loop within one cell.
            let (sx, ex) = if x2 > x1 { (x1 + COL_W - 8.0, x2 + 8.0) } else { (x1 + 12.0, x2 + COL_W - 12.0) };
            let bend = ((ex - sx).abs() / 2.0).max(40.0);
            let path =
                format!("M {sx:.0} {y1:.0} C {:.0} {y1:.0}, {:.0} {y2:.0}, {ex:.0} {y2:.0}", sx + bend, ex - bend);
            let c = light.key();
            Some(
                view! { <path class=format!("dep-line dep-{c}") d=path marker-end=format!("url(#arrow-{c})")></path> }
                    .into_any(),
            )
        })
        .collect()
}
