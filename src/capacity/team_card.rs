//! The team: each member's allocation, focus and days off, and the days, person-days and hours
//! they bring to the sprint.

use leptos::prelude::*;

use crate::domain::board::Member;
use crate::domain::calendar;
use crate::domain::capacity::{self, member_capacity};
use crate::domain::{Action, MemberId, Points};
use crate::state::Store;
use crate::ui::status_line::Status;

#[component]
pub fn TeamCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let board = store.board();
    let rows = move || {
        board.with(|b| {
            let Some(s) = capacity::planned(b).cloned() else { return Vec::new() };
            b.members.iter().map(|m| (m.clone(), member_capacity(m, &s), s.hours_per_day)).collect::<Vec<_>>()
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = crate::browser::form_field(&ev);
        let member = Member {
            id: MemberId(0),
            name: f("name"),
            role: f("role"),
            allocation: f("allocation").parse().unwrap_or(100),
            days_off: Vec::new(),
            focus: None,
        };
        let r = store.dispatch(Action::SaveMember { member });
        let ok = r.is_ok();
        status.say(r, "Team member added.");
        if ok {
            crate::browser::reset_form(&ev);
        }
    };
    view! {
        <section class="card" aria-labelledby="team-heading">
            <h2 id="team-heading">"Team"</h2>
            <div class="table-scroll">
                <table class="team">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Allocation %"</th>
                            <th scope="col">"Focus %"</th>
                            <th scope="col">"Days off"</th>
                            <th scope="col">"Days"</th>
                            <th scope="col">"Person-days"</th>
                            <th scope="col">"Hours"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows()
                                .into_iter()
                                .map(|(m, c, hours)| view! { <MemberRow member=m cap=c hours /> })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <form class="inline-form" on:submit=add>
                <label class="field">
                    <span>"Name"</span>
                    <input class="input" name="name" maxlength="80" required />
                </label>
                <label class="field">
                    <span>"Role"</span>
                    <input class="input" name="role" maxlength="80" />
                </label>
                <label class="field">
                    <span>"Allocation %"</span>
                    <input class="input" type="number" min="0" max="100" name="allocation" value="100" />
                </label>
                <button type="submit" class="btn">
                    "Add member"
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn MemberRow(member: Member, cap: capacity::MemberCapacity, hours: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let status = expect_context::<Status>();
    let name = member.name.clone();
    let m = StoredValue::new(member.clone());
    let save = move |f: &dyn Fn(&mut Member)| {
        let mut next = m.get_value();
        f(&mut next);
        status.say(store.dispatch(Action::SaveMember { member: next }), "Saved.");
    };
    let person_hours = u64::from(cap.person_days) * u64::from(hours) / 100;
    view! {
        <tr>
            <th scope="row">
                <input
                    class="input input-inline"
                    aria-label=format!("Name of {name}")
                    value=member.name.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        save(&|x: &mut Member| x.name = v.clone())
                    }
                />
            </th>
            <td>
                <input
                    class="input input-inline"
                    aria-label=format!("Role of {name}")
                    value=member.role.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        save(&|x: &mut Member| x.role = v.clone())
                    }
                />
            </td>
            <td>
                <input
                    class="input input-inline num"
                    type="number"
                    min="0"
                    max="100"
                    aria-label=format!("Allocation of {name}")
                    value=member.allocation.to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse().unwrap_or(100);
                        save(&|x: &mut Member| x.allocation = v)
                    }
                />
            </td>
            <td>
                <input
                    class="input input-inline num"
                    type="number"
                    min="0"
                    max="100"
                    aria-label=format!("Focus of {name}")
                    placeholder="100"
                    value=member.focus.map(|f| f.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse().ok();
                        save(&|x: &mut Member| x.focus = v)
                    }
                />
            </td>
            <td>
                <input
                    class="input input-inline dates"
                    aria-label=format!("Days off of {name}")
                    placeholder="YYYY-MM-DD, …"
                    value=calendar::list_text(&member.days_off)
                    on:change=move |ev| {
                        match calendar::parse_list(&event_target_value(&ev)) {
                            Ok(d) => save(&|x: &mut Member| x.days_off = d.clone()),
                            Err(e) => {
                                status.tell(format!("Days off: {e}."));
                            }
                        }
                    }
                />
            </td>
            <td class="num">{cap.days.to_string()}</td>
            <td class="num">{Points(cap.person_days).to_string()}</td>
            <td class="num">{Points(person_hours as u32).to_string()}</td>
            <td>
                <button
                    type="button"
                    class="btn btn-quiet btn-danger-text"
                    aria-label=format!("Remove {}", member.name)
                    on:click=move |_| {
                        status
                            .say(
                                store
                                    .dispatch(Action::DeleteMember {
                                        id: m.get_value().id,
                                    }),
                                "Team member removed.",
                            )
                    }
                >
                    "×"
                </button>
            </td>
        </tr>
    }
}
