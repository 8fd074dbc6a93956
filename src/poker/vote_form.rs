//! A voter's view of a live round's invite: pick a card, say how sure, and get a vote link
//! sealed for the facilitator.

use leptos::prelude::*;

use super::confidence_picker::ConfidencePicker;
use crate::browser::crypto;
use crate::codec::kinds;
use crate::codec::poker_link::{self, Invite, SealedVote};
use crate::domain::poker::{Confidence, clean_name};
use crate::state::route::{share_url, to_backlog};
use crate::ui::link_output::LinkOutput;
use crate::ui::modal::Modal;

/// Seals `plain` for the facilitator whose public key is `key`, as a vote link of `kind` for
/// round `round` (with the voter's own key pair `me`, if given; else a one-time key); returns
/// the link.
pub async fn sealed_link(
    kind: u8,
    round: u64,
    key: &[u8],
    me: Option<&crate::storage::format::RoundKeys>,
    plain: &[u8],
) -> Result<String, crypto::CryptoError> {
    let tag = poker_link::key_tag(key);
    let aad = |mine: &[u8]| poker_link::header(kind, round, tag, mine);
    let (voter_key, iv, ciphertext) = match me {
        Some(me) => crypto::seal_as(key, &me.public, &me.private, plain, aad).await?,
        None => crypto::seal_for(key, plain, aad).await?,
    };
    let vote = SealedVote { kind, round, key_tag: tag, voter_key, iv, ciphertext };
    Ok(share_url(&poker_link::encode_vote(&vote)))
}

/// A voter's view of an invite.
#[component]
pub fn VoteForm(invite: Invite) -> impl IntoView {
    let close = Callback::new(|_| to_backlog());
    let chosen = RwSignal::new(None::<String>);
    let sure = RwSignal::new(None::<Confidence>);
    let link = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let invite = StoredValue::new(invite);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match clean_name(&crate::browser::form_field(&ev)("name")) {
            Ok(n) => n,
            Err(e) => {
                message.set(Some(e.to_string()));
                return;
            }
        };
        let Some(label) = chosen.get_untracked() else {
            message.set(Some("Pick a card first.".into()));
            return;
        };
        let inv = invite.get_value();
        leptos::task::spawn_local(async move {
            let plain = poker_link::vote_plain(&name, &label, sure.get_untracked());
            match sealed_link(kinds::POKER_VOTE_2, inv.round, &inv.facilitator_key, None, &plain).await {
                Ok(url) => {
                    link.try_set(url);
                    message.try_set(Some(format!(
                        "Your vote ({label}) is sealed. Send this link back to the facilitator; nobody else can read it."
                    )));
                }
                Err(e) => {
                    message.try_set(Some(format!("The vote could not be sealed: {e}.")));
                }
            }
        });
    };
    let cards = invite.with_value(|i| i.deck.cards.clone());
    view! {
        <Modal title="Planning poker: your vote" on_close=close class="dialog-wide">
            <p>
                "Estimate: " <strong>{invite.with_value(|i| i.title.clone())}</strong>
                <span class="muted">{format!(" ({})", invite.with_value(|i| i.deck.name.clone()))}</span>
            </p>
            <form on:submit=submit>
                <label class="field">
                    <span>"Your name"</span>
                    <input class="input" name="name" maxlength="40" autocomplete="name" required />
                </label>
                <div class="card-grid" role="group" aria-label="Cards">
                    {cards
                        .into_iter()
                        .map(|c| {
                            let label = c.label.clone();
                            let pressed = {
                                let label = label.clone();
                                move || chosen.get().as_deref() == Some(label.as_str())
                            };
                            view! {
                                <button
                                    type="button"
                                    class="poker-card pick"
                                    aria-pressed=move || pressed().to_string()
                                    aria-label=format!("Card {}", c.label)
                                    on:click=move |_| chosen.set(Some(label.clone()))
                                >
                                    {c.label.clone()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <ConfidencePicker
                    chosen=sure
                    on_pick=Callback::new(move |c| sure.set(Some(c)))
                    name="confidence-vote"
                />
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">
                        "Seal my vote"
                    </button>
                </div>
            </form>
            <p role="status">{move || message.get()}</p>
            {move || {
                (!link.get().is_empty())
                    .then(|| {
                        view! {
                            <LinkOutput
                                label="Vote link"
                                text=link
                                copy="Copy vote link"
                                done="Vote link copied."
                                message
                            />
                        }
                    })
            }}
        </Modal>
    }
}
