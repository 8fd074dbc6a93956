//! Everyone in the round, with a face-down card for each vote (face up after the reveal).

use leptos::prelude::*;

use super::table::Table;

/// Everyone in the round, with a face-down card for each vote (face up after the reveal).
#[component]
pub fn Seats() -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let seats = move || {
        round.with(|r| {
            let Some(r) = r else { return Vec::new() };
            r.voters
                .iter()
                .map(|v| {
                    let vote = r.votes.iter().find(|x| &x.voter == v);
                    let sure = vote.and_then(|x| x.confidence).filter(|_| r.revealed);
                    (v.clone(), vote.map(|x| x.card.label.clone()), sure, r.revealed)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="seats" aria-label="Voters">
            {move || {
                seats()
                    .into_iter()
                    .map(|(name, card, sure, revealed)| {
                        let state = match (&card, revealed) {
                            (Some(c), true) => {
                                match sure {
                                    Some(k) => format!("{c}, {}", k.label()),
                                    None => c.clone(),
                                }
                            }
                            (Some(_), false) => "voted".to_owned(),
                            (None, _) => "not voted yet".to_owned(),
                        };
                        let face = match (&card, revealed) {
                            (Some(c), true) => {
                                view! {
                                    <span class="poker-card face-up" aria-hidden="true">
                                        {c.clone()}
                                    </span>
                                }
                                    .into_any()
                            }
                            (Some(_), false) => {
                                view! { <span class="poker-card face-down" aria-hidden="true"></span> }.into_any()
                            }
                            (None, _) => view! { <span class="poker-card empty" aria-hidden="true"></span> }.into_any(),
                        };
                        let leave_name = name.clone();
                        view! {
                            <li class="seat">
                                {face} <span class="seat-name">{name.clone()}</span>
                                {sure
                                    .map(|k| {
                                        view! {
                                            <span class="seat-sure muted" aria-hidden="true">
                                                {k.label()}
                                            </span>
                                        }
                                    })} <span class="visually-hidden">{format!(": {state}")}</span>
                                {(!revealed)
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="btn btn-quiet seat-remove"
                                                aria-label=format!("Remove {name} from the round")
                                                on:click=move |_| {
                                                    let _ = table.update(|r| r.leave(&leave_name));
                                                }
                                            >
                                                "×"
                                            </button>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
