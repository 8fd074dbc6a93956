//! Remote voting by links: the invite, and the sealed vote links pasted back in.

use leptos::prelude::*;

use super::paste_form::{PasteForm, on_paste};
use super::table::{Keys, Table};
use crate::browser::crypto;
use crate::codec::poker_link::{self, Invite};
use crate::state::route::share_url;
use crate::ui::link_output::LinkOutput;

/// Remote voting: the invite link, and pasting vote links back in.
#[component]
pub fn Remote(message: RwSignal<Option<String>>) -> impl IntoView {
    let table = expect_context::<Table>();
    let round = table.round();
    let invite = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let make_invite = move |_| {
        let Some(r) = round.get_untracked() else { return };
        busy.set(true);
        let existing = table.keys().get_untracked();
        leptos::task::spawn_local(async move {
            let keys = match existing {
                Some(k) => Ok(k),
                None => crypto::facilitator_keys().await.map(|(public, private)| Keys { public, private }),
            };
            busy.try_set(false);
            match keys {
                Ok(keys) => {
                    let link = poker_link::encode_invite(&Invite {
                        round: r.id,
                        title: r.title.clone(),
                        deck: r.deck.clone(),
                        facilitator_key: keys.public.clone(),
                    });
                    table.set_keys(keys);
                    invite.try_set(share_url(&link));
                }
                Err(e) => {
                    message.try_set(Some(format!("The invite could not be made: {e}.")));
                }
            }
        });
    };
    let add = on_paste("vote", message, move |text| async move { table.add_vote_link(&text).await });
    view! {
        <details class="remote">
            <summary>"Remote voters (by link)"</summary>
            <p class="muted">
                "Send the invite in any chat. Each voter picks a card and sends back a short vote link, sealed so only this browser can open it."
            </p>
            <button type="button" class="btn" disabled=busy on:click=make_invite>
                "Create invite link"
            </button>
            {move || {
                (!invite.get().is_empty())
                    .then(|| {
                        view! {
                            <LinkOutput
                                label="Invite link"
                                text=invite
                                copy="Copy invite"
                                done="Invite copied."
                                message
                            />
                        }
                    })
            }}
            <PasteForm label="Paste a vote link" field="vote" button="Add vote" on_submit=add />
        </details>
    }
}
