//! Editing poker decks: change a built-in deck's values (T-shirt sizes, say) or make a custom
//! deck of up to 30 cards with any labels, reorderable.

use leptos::prelude::*;

use crate::domain::poker::{CARDS_MAX, Card, Deck, builtin_decks, decks_of};
use crate::domain::{Action, Points};
use crate::state::Store;

/// A card row as typed.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    key: u32,
    label: String,
    value: String,
}

fn rows_of(deck: &Deck, next: &mut u32) -> Vec<Row> {
    deck.cards
        .iter()
        .map(|c| {
            *next += 1;
            Row { key: *next, label: c.label.clone(), value: c.value.map(|v| v.to_string()).unwrap_or_default() }
        })
        .collect()
}

/// The deck section of the poker page.
#[component]
pub fn DeckEditor() -> impl IntoView {
    let store = expect_context::<Store>();
    let decks = Memo::new(move |_| store.board().with(|b| decks_of(&b.decks)));
    let editing = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<Row>::new());
    let next = StoredValue::new(0u32);
    let message = RwSignal::new(None::<String>);
    let load = move |deck: Deck| {
        let mut n = next.get_value();
        rows.set(rows_of(&deck, &mut n));
        next.set_value(n);
        name.set(deck.name.clone());
        editing.set(Some(deck.key));
        message.set(None);
    };
    let pick = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if key == "new" {
            let key = format!("custom-{:x}", crate::browser::random_u64() & 0xffff_ffff);
            load(Deck {
                key,
                name: "My deck".into(),
                cards: vec![
                    Card { label: "1".into(), value: Some(Points::from_whole(1)) },
                    Card { label: "2".into(), value: Some(Points::from_whole(2)) },
                    Card { label: "?".into(), value: None },
                ],
            });
        } else if let Some(d) = decks.get_untracked().into_iter().find(|d| d.key == key) {
            load(d);
        }
    };
    let save = move |_| {
        let Some(key) = editing.get_untracked() else { return };
        let mut cards = Vec::new();
        for r in rows.get_untracked() {
            let value = if r.value.trim().is_empty() {
                None
            } else {
                match r.value.parse::<Points>() {
                    Ok(p) => Some(p),
                    Err(e) => {
                        message.set(Some(format!("Card “{}”: the value {e}.", r.label)));
                        return;
                    }
                }
            };
            cards.push(Card { label: r.label, value });
        }
        let deck = Deck { key, name: name.get_untracked(), cards };
        match store.dispatch(Action::SaveDeck { deck }) {
            Ok(_) => message.set(Some("Deck saved. New rounds can use it.".into())),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let delete = move |_| {
        let Some(key) = editing.get_untracked() else { return };
        let builtin = builtin_decks().iter().any(|d| d.key == key);
        match store.dispatch(Action::DeleteDeck { key }) {
            Ok(_) => {
                editing.set(None);
                message.set(Some(if builtin { "Deck reset to its standard cards." } else { "Deck deleted." }.into()));
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let move_row = move |key: u32, by: isize| {
        rows.update(|rs| {
            if let Some(i) = rs.iter().position(|r| r.key == key) {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < rs.len() {
                    rs.swap(i, j as usize);
                }
            }
        })
    };
    let set = move |key: u32, f: fn(&mut Row, String), value: String| {
        rows.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.key == key) {
                f(r, value);
            }
        })
    };
    view! {
        <details class="card decks">
            <summary>
                <h2 class="summary-heading">"Decks"</h2>
            </summary>
            <label class="field">
                <span>"Deck to edit"</span>
                <select class="input" on:change=pick>
                    <option value="" selected=move || editing.get().is_none()>
                        "Choose…"
                    </option>
                    {move || {
                        decks
                            .get()
                            .into_iter()
                            .map(|d| {
                                let key = d.key.clone();
                                view! {
                                    <option value=d.key selected=move || editing.get().as_deref() == Some(key.as_str())>
                                        {d.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                    <option value="new">"New deck…"</option>
                </select>
            </label>
            {move || {
                editing
                    .get()
                    .is_some()
                    .then(|| {
                        view! {
                            <label class="field">
                                <span>"Deck name"</span>
                                <input
                                    class="input"
                                    maxlength="80"
                                    prop:value=name
                                    on:input=move |ev| name.set(event_target_value(&ev))
                                />
                            </label>
                            <p class="muted">"Leave the value empty for a card that never counts (like ? or ☕)."</p>
                            <ol class="deck-rows">
                                <For each=move || rows.get() key=|r| r.key let:row>
                                    {
                                        let k = row.key;
                                        let label = row.label.clone();
                                        view! {
                                            <li class="deck-row">
                                                <input
                                                    class="input"
                                                    aria-label=format!("Label of card {label}")
                                                    maxlength="12"
                                                    prop:value=row.label.clone()
                                                    on:change=move |ev| set(
                                                        k,
                                                        |r, v| r.label = v,
                                                        event_target_value(&ev),
                                                    )
                                                />
                                                <input
                                                    class="input"
                                                    inputmode="decimal"
                                                    aria-label=format!("Value of card {label}")
                                                    prop:value=row.value.clone()
                                                    on:change=move |ev| set(
                                                        k,
                                                        |r, v| r.value = v,
                                                        event_target_value(&ev),
                                                    )
                                                />
                                                <button
                                                    type="button"
                                                    class="btn btn-quiet"
                                                    aria-label=format!("Move card {label} up")
                                                    on:click=move |_| move_row(k, -1)
                                                >
                                                    "↑"
                                                </button>
                                                <button
                                                    type="button"
                                                    class="btn btn-quiet"
                                                    aria-label=format!("Move card {label} down")
                                                    on:click=move |_| move_row(k, 1)
                                                >
                                                    "↓"
                                                </button>
                                                <button
                                                    type="button"
                                                    class="btn btn-quiet btn-danger-text"
                                                    aria-label=format!("Remove card {label}")
                                                    on:click=move |_| rows.update(|rs| rs.retain(|r| r.key != k))
                                                >
                                                    "×"
                                                </button>
                                            </li>
                                        }
                                    }
                                </For>
                            </ol>
                            <div class="dialog-actions">
                                <button
                                    type="button"
                                    class="btn"
                                    disabled=move || rows.with(|r| r.len() >= CARDS_MAX)
                                    on:click=move |_| {
                                        let k = next.get_value() + 1;
                                        next.set_value(k);
                                        rows.update(|rs| {
                                            rs.push(Row {
                                                key: k,
                                                label: String::new(),
                                                value: String::new(),
                                            })
                                        });
                                    }
                                >
                                    "Add card"
                                </button>
                                <span class="spacer"></span>
                                <button type="button" class="btn btn-quiet btn-danger-text" on:click=delete>
                                    {move || {
                                        if editing.get().is_some_and(|k| builtin_decks().iter().any(|d| d.key == k)) {
                                            "Reset to standard"
                                        } else {
                                            "Delete deck"
                                        }
                                    }}
                                </button>
                                <button type="button" class="btn btn-primary" on:click=save>
                                    "Save deck"
                                </button>
                            </div>
                        }
                    })
            }}
            <p role="status">{move || message.get()}</p>
        </details>
    }
}
