//! Opening a sealed vote or async answer with the facilitator's keys.

use crate::codec::poker_link::{self, SealedVote};
use crate::storage::format::RoundKeys as Keys;

/// What a sealed vote or answer is called in the messages about it.
pub struct Sealed {
    /// "vote" or "answer".
    pub noun: &'static str,
    /// "round" or "async round".
    pub round: &'static str,
}

/// Opens a sealed vote or answer for the round `round_id` with the facilitator's `keys`: a
/// vote for another round, another facilitator's, or one changed on the way is refused with a
/// message saying which; nothing is decrypted before the clear header says it is ours.
pub async fn open_sealed(
    vote: &SealedVote,
    round_id: u64,
    keys: Option<Keys>,
    what: Sealed,
) -> Result<Vec<u8>, String> {
    let Sealed { noun, round } = what;
    if vote.round != round_id {
        return Err(format!("This {noun} is for another {round} (or an earlier one), so it was not counted."));
    }
    let Some(keys) = keys else {
        return Err(format!(
            "This browser has no key for this round's {noun}s: the invite was made in another browser."
        ));
    };
    if vote.key_tag != poker_link::key_tag(&keys.public) {
        return Err(format!("This {noun} was sealed for another facilitator's key, so this browser cannot open it."));
    }
    crate::browser::crypto::open_from(&keys.private, &vote.voter_key, &vote.iv, &vote.ciphertext, &vote.header())
        .await
        .map_err(|_| format!("This {noun} link was changed or damaged after it was made; it was not counted."))
}
