//! The two poker links as they arrive: an invite (a voter picks a card and gets a sealed vote
//! link to send back) and a vote link opened by the facilitator (added to the open round).

use leptos::prelude::*;

use crate::codec::poker_link::{self, Invite, SealedVote};
use crate::components::confidence::ConfidencePicker;
use crate::components::copy_button::LinkOutput;
use crate::components::modal::Modal;
use crate::components::receive::to_backlog;
use crate::domain::poker::{Confidence, clean_name};
use crate::state::round::Table;
use crate::state::route::share_url;
use crate::state::{Route, Store, crypto};

/// Seals `plain` for the facilitator whose public key is `key`, as a vote link of `kind` for
/// round `round`; returns the link.
pub async fn sealed_link(kind: u8, round: u64, key: &[u8], plain: &[u8]) -> Result<String, crypto::CryptoError> {
    let tag = poker_link::key_tag(key);
    let (voter_key, iv, ciphertext) =
        crypto::seal_for(key, plain, |mine| poker_link::header(kind, round, tag, mine)).await?;
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
            match sealed_link(poker_link::VOTE_2, inv.round, &inv.facilitator_key, &plain).await {
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
                    {cards.into_iter().map(|c| {
                        let label = c.label.clone();
                        let pressed = {
                            let label = label.clone();
                            move || chosen.get().as_deref() == Some(label.as_str())
                        };
                        view! {
                            <button type="button" class="poker-card pick" aria-pressed=move || pressed().to_string()
                                aria-label=format!("Card {}", c.label) on:click=move |_| chosen.set(Some(label.clone()))>
                                {c.label.clone()}
                            </button>
                        }
                    }).collect_view()}
                </div>
                <ConfidencePicker chosen=sure on_pick=Callback::new(move |c| sure.set(Some(c))) name="confidence-vote" />
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary">"Seal my vote"</button>
                </div>
            </form>
            <p role="status">{move || message.get()}</p>
            {move || (!link.get().is_empty()).then(|| view! {
                <LinkOutput label="Vote link" text=link copy="Copy vote link" done="Vote link copied." message />
            })}
        </Modal>
    }
}

/// A vote link opened in the facilitator's browser: added to the open round of the board.
#[component]
pub fn VoteArrival(payload: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let table = Table::open(store.board().get_untracked().id);
    let message = RwSignal::new("Opening the vote…".to_owned());
    leptos::task::spawn_local(async move {
        let result = crate::pages::add_vote_link(table, &payload).await;
        message.try_set(result.unwrap_or_else(|e| e));
    });
    view! { <Arrived title="A poker vote" message /> }
}

/// What became of a vote or an answer opened as a link, with the way to its round.
#[component]
pub fn Arrived(title: &'static str, message: RwSignal<String>) -> impl IntoView {
    let close = Callback::new(|_| to_backlog());
    view! {
        <Modal title on_close=close>
            <p role="status">{move || message.get()}</p>
            <div class="dialog-actions">
                <span class="spacer"></span>
                <button type="button" class="btn btn-primary" on:click=move |_| crate::state::route::replace_route(Route::Poker)>
                    "Go to the round"
                </button>
            </div>
        </Modal>
    }
}
