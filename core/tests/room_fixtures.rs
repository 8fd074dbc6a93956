//! A fixture of every room message kind (version 1), as the app writes them: each must keep
//! reading through the gate as the same message, in every later version of the format. The
//! same files seed the `room` fuzz target. `SPRINTDECK_WRITE_FIXTURES=1` writes them anew
//! (only when a new kind is added: an old fixture is never rewritten).

use sprintdeck_core::codec::nostr::Keys;
use sprintdeck_core::codec::room_msg::{appoint, read, write};
use sprintdeck_core::domain::StoryId;
use sprintdeck_core::domain::poker::{Confidence, RoundRecord, builtin_decks};
use sprintdeck_core::domain::room::{
    Agreed, Ballot, Mark, Msg, Phase, Presence, Role, RoomStory, Seat, Snapshot, Timer,
};

const ROOM: [u8; 16] = [0x5e; 16];

fn ecdh(n: u8) -> Vec<u8> {
    let mut k: Vec<u8> = (0..65u8).map(|i| i.wrapping_mul(n)).collect();
    k[0] = 4;
    k
}

fn fixtures() -> Vec<(&'static str, Msg)> {
    let founder = Keys::from_secret(&[11; 32]).unwrap();
    let ada = Keys::from_secret(&[12; 32]).unwrap();
    let grace = Keys::from_secret(&[13; 32]).unwrap();
    let deck = builtin_decks().remove(0);
    let card = |l: &str| deck.cards.iter().find(|c| c.label == l).unwrap().clone();
    let seat = |k: &Keys, name: &str, role, n| Seat {
        peer: k.public(),
        name: name.into(),
        role,
        presence: Presence::Here,
        ecdh: ecdh(n),
    };
    let handover = appoint(&founder, &ROOM, 1, ada.public(), &[0; 32]);
    let record = RoundRecord {
        at: 1_764_000_000_000,
        deck: deck.name.clone(),
        votes: vec![("Ada".into(), card("3")), ("Grace".into(), card("8"))],
        confidence: vec![("Ada".into(), Confidence::Sure)],
        seconds: 61,
        accepted: None,
    };
    let state = |phase| Snapshot {
        epoch: 1,
        rev: 7,
        chain: vec![handover.clone()],
        ecdh: ecdh(3),
        seats: vec![
            seat(&founder, "Lin", Role::Voter, 5),
            seat(&ada, "Ada", Role::Voter, 3),
            Seat { presence: Presence::Away, ..seat(&grace, "Grace", Role::Spectator, 7) },
        ],
        story: Some(RoomStory {
            story: Some(StoryId(0x2a)),
            title: "Log in with a passkey".into(),
            criteria: "Given a passkey…".into(),
        }),
        deck: deck.clone(),
        round: 4,
        phase,
        timer: Some(Timer { left_ms: 42_000, running: true }),
        seconds: 18,
        earlier: vec![record.clone()],
        queue: vec![RoomStory {
            story: Some(StoryId(0x2b)),
            title: "Reset a password".into(),
            criteria: String::new(),
        }],
        agreed: vec![Agreed {
            seq: 1,
            story: StoryId(0x29),
            card: card("5"),
            rounds: vec![RoundRecord { accepted: Some(card("5")), ..record.clone() }],
        }],
    };
    vec![
        ("hello", Msg::Hello { name: "Grace".into(), role: Role::Spectator, ecdh: ecdh(7), seen: (1, 6) }),
        ("bye", Msg::Bye),
        (
            "state-voting",
            Msg::State(Box::new(state(Phase::Voting { voted: vec![Mark { peer: founder.public(), seq: 2 }] }))),
        ),
        (
            "state-revealed",
            Msg::State(Box::new(state(Phase::Revealed {
                votes: vec![
                    Ballot { peer: founder.public(), card: card("3"), confidence: Some(Confidence::FairlySure) },
                    Ballot { peer: ada.public(), card: card("?"), confidence: None },
                ],
            }))),
        ),
        ("state-waiting", Msg::State(Box::new(Snapshot { story: None, timer: None, ..state(Phase::Waiting) }))),
        ("vote", Msg::Vote { round: 4, seq: 2, sealed: (0..60).collect() }),
        ("claim", Msg::Claim(handover)),
    ]
}

#[test]
fn every_room_message_kind_reads_back_from_its_fixture() {
    let base = format!("{}/tests/fixtures/room", env!("CARGO_MANIFEST_DIR"));
    let seeds = format!("{}/../fuzz/seeds/room", env!("CARGO_MANIFEST_DIR"));
    for (name, msg) in fixtures() {
        let path = format!("{base}/{name}-v1.json");
        if std::env::var_os("SPRINTDECK_WRITE_FIXTURES").is_some() && std::fs::metadata(&path).is_err() {
            std::fs::create_dir_all(&base).unwrap();
            std::fs::create_dir_all(&seeds).unwrap();
            std::fs::write(&path, write(&msg)).unwrap();
            std::fs::write(format!("{seeds}/{name}.json"), write(&msg)).unwrap();
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(read(&ROOM, &bytes), Ok(msg), "{name}");
    }
}

/// A stored room reads back, through the gate; a newer one, or one whose state breaks a rule,
/// says why.
#[test]
fn a_stored_room_reads_back_and_a_broken_one_says_why() {
    use sprintdeck_core::codec::room_link::{self, RoomLink};
    use sprintdeck_core::domain::room::Room;
    use sprintdeck_core::storage::format::{ROOM_SCHEMA, RoomDoc, decode_room, encode_room};
    let me = Keys::from_secret(&[11; 32]).unwrap().public();
    let link = RoomLink { room: ROOM, key: [1; 32], founder: me, relays: vec!["wss://relay.example/".into()] };
    let mut room = Room::found(me, "Lin".into(), Role::Voter, ecdh(5), builtin_decks().remove(0), Vec::new(), 0);
    room.put_story(1, RoomStory { story: None, title: "Log in".into(), criteria: String::new() }).unwrap();
    let doc = RoomDoc {
        schema: ROOM_SCHEMA,
        link: room_link::encode(&link),
        secret: "0b".repeat(32),
        ecdh_public: "BA".into(),
        ecdh_private: "AA".into(),
        room,
        saves: Default::default(),
    };
    let text = encode_room(&doc, &Default::default());
    assert_eq!(decode_room(&text).map(|(d, _)| d), Ok(doc.clone()));
    // A room stored before messages dropped in a flood had their own count (no "busy") reads
    // the same, with that count at 0.
    let path = format!("{}/tests/fixtures/storage/room-v1.json", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("SPRINTDECK_WRITE_FIXTURES").is_some() && std::fs::metadata(&path).is_err() {
        std::fs::write(&path, text.replacen(",\"busy\":0", "", 1)).unwrap();
    }
    let old = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(!old.contains("busy"));
    assert_eq!(decode_room(&old).map(|(d, _)| d), Ok(doc));
    let newer = text.replacen("\"schema\":1", "\"schema\":2", 1);
    assert!(decode_room(&newer).unwrap_err().to_string().contains('2'));
    let long_title = text.replacen("\"Log in\"", &format!("\"{}\"", "x".repeat(300)), 1);
    assert!(decode_room(&long_title).is_err());
    assert!(decode_room("{").is_err());
}
