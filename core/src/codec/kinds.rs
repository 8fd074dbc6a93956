//! The first byte of every link payload SprintDeck has ever made, in one table: what the app
//! reads from a link's fragment is told apart by this byte alone, as `storage::keys` tells
//! localStorage entries apart by their key. A new link format takes the next free byte here
//! (never a byte used before), and every reader asks [`of`] what a byte is.

/// A board link with a version-1 body (before poker and capacity).
pub const BOARD_1: u8 = 1;
/// A passphrase-protected board link with a version-1 body.
pub const SEALED_BOARD_1: u8 = 2;
/// A board link with a version-2 body: poker rounds, decks and capacity settings added.
pub const BOARD_2: u8 = 3;
pub const SEALED_BOARD_2: u8 = 4;
/// A live poker round's invite.
pub const POKER_INVITE: u8 = 5;
/// A sealed vote for a live round.
pub const POKER_VOTE: u8 = 6;
/// A board link with a version-3 body: the sprint each story was committed to and done in.
pub const BOARD_3: u8 = 7;
pub const SEALED_BOARD_3: u8 = 8;
/// A board link with a version-4 body: the confidence of each recorded poker vote.
pub const BOARD_4: u8 = 9;
pub const SEALED_BOARD_4: u8 = 10;
/// An async round's invite (many stories).
pub const ASYNC_INVITE: u8 = 11;
/// A voter's sealed answers to an async round.
pub const ASYNC_ANSWER: u8 = 12;
/// A sealed vote for a live round, with the voter's confidence.
pub const POKER_VOTE_2: u8 = 13;
/// A board link with a version-5 body: the team's impediments.
pub const BOARD_5: u8 = 14;
pub const SEALED_BOARD_5: u8 = 15;
/// A whole program (its stored format inside).
pub const PROGRAM: u8 = 16;
/// A program's read-only steering summary.
pub const SUMMARY: u8 = 17;
/// One team's view of a program (the feedback link).
pub const TEAM_VIEW: u8 = 18;
/// A passphrase-protected board link with a version-5 body, its key derived with
/// [`PBKDF2_ITERATIONS`] (the sealed kinds before it used [`PBKDF2_ITERATIONS_OLD`]).
pub const SEALED_BOARD_5_KDF2: u8 = 19;
/// A program's read-only steering summary with 64-bit point totals (17 held them in 32 bits
/// and at most 10,000 points).
pub const SUMMARY_2: u8 = 20;
/// A live poker room's link (see `codec::room_link`).
pub const ROOM: u8 = 21;

/// The newest kind this app reads: a byte above it (and below `0x20`, where no base64url text
/// of ours begins) was made by a newer SprintDeck.
pub const NEWEST: u8 = ROOM;

/// PBKDF2-HMAC-SHA256 iterations of the passphrase links this app makes (OWASP's figure since
/// 2023).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// PBKDF2 iterations of the passphrase links made before [`SEALED_BOARD_5_KDF2`].
pub const PBKDF2_ITERATIONS_OLD: u32 = 310_000;

/// The PBKDF2 iterations of a passphrase-protected link of kind `byte`.
pub fn iterations(byte: u8) -> u32 {
    if byte == SEALED_BOARD_5_KDF2 { PBKDF2_ITERATIONS } else { PBKDF2_ITERATIONS_OLD }
}

/// What a link carries, by its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A board (or part of one), with the version of its body.
    Board { body: u8, sealed: bool },
    /// A live or async poker round's invite, vote or answer (see `codec::poker_link`).
    Poker(u8),
    /// A program, its summary, or a team's view of it (see `codec::program_link`).
    Program(u8),
    /// A live poker room (see `codec::room_link`).
    Room,
}

/// What the link whose first byte is `byte` carries; `None` for a byte no version has used.
pub fn of(byte: u8) -> Option<Kind> {
    let board = |body, sealed| Some(Kind::Board { body, sealed });
    match byte {
        BOARD_1 => board(1, false),
        SEALED_BOARD_1 => board(1, true),
        BOARD_2 => board(2, false),
        SEALED_BOARD_2 => board(2, true),
        BOARD_3 => board(3, false),
        SEALED_BOARD_3 => board(3, true),
        BOARD_4 => board(4, false),
        SEALED_BOARD_4 => board(4, true),
        BOARD_5 => board(5, false),
        SEALED_BOARD_5 | SEALED_BOARD_5_KDF2 => board(5, true),
        POKER_INVITE | POKER_VOTE | ASYNC_INVITE | ASYNC_ANSWER | POKER_VOTE_2 => Some(Kind::Poker(byte)),
        PROGRAM | SUMMARY | TEAM_VIEW | SUMMARY_2 => Some(Kind::Program(byte)),
        ROOM => Some(Kind::Room),
        _ => None,
    }
}

/// The first byte of a link payload (the text after `#/open/`), read from its first two
/// base64url characters, if the text is one at all.
pub fn first_byte(text: &str) -> Option<u8> {
    let first = text.trim().get(..2)?;
    super::base64url::decode(&format!("{first}AA")).ok()?.first().copied()
}

/// What the link payload `text` carries, by its first byte.
pub fn of_payload(text: &str) -> Option<Kind> {
    first_byte(text).and_then(of)
}

/// Whether `byte` is the kind of a link made by a newer version of SprintDeck.
pub fn is_newer(byte: u8) -> bool {
    byte > NEWEST && byte < 0x20
}

/// The board link kind of each body version (1 to 5), plain or sealed (the first sealed kind
/// of that body).
pub fn board_of_body(body: u8, sealed: bool) -> Option<u8> {
    (1..=NEWEST).find(|b| of(*b) == Some(Kind::Board { body, sealed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_up_to_the_newest_has_one_meaning_and_none_after_it() {
        for b in 1..=NEWEST {
            assert!(of(b).is_some(), "byte {b} is used");
        }
        assert_eq!(of(0), None);
        assert_eq!(of(NEWEST + 1), None);
        assert!(is_newer(NEWEST + 1) && !is_newer(NEWEST) && !is_newer(0x20));
        for body in 1..=5 {
            for sealed in [false, true] {
                let b = board_of_body(body, sealed).unwrap();
                assert_eq!(of(b), Some(Kind::Board { body, sealed }));
            }
        }
        assert_eq!(board_of_body(6, false), None);
        assert_eq!(first_byte(&super::super::base64url::encode(&[TEAM_VIEW, 1, 2])), Some(TEAM_VIEW));
        assert_eq!(of_payload(&super::super::base64url::encode(&[POKER_INVITE])), Some(Kind::Poker(POKER_INVITE)));
        for bad in ["", "A", "é1", "!!"] {
            assert_eq!(first_byte(bad), None, "{bad}");
        }
    }
}
