//! The small stored documents besides boards: a board's live poker round, its async round with
//! the answers and the keys that open them, and a voter's draft answers. Every format version
//! ever written has a fixture here, read by these tests.

use sprintdeck_core::domain::batch::{Batch, BatchStory};
use sprintdeck_core::domain::ids::SaveId;
use sprintdeck_core::domain::ids::StoryId;
use sprintdeck_core::domain::poker::{Confidence, Round, Topic, builtin_decks};
use sprintdeck_core::storage::format::{self, BatchState, Draft, DraftPick, RoundKeys, RoundState};
use sprintdeck_core::storage::sync::Lineage;

fn fixtures() -> String {
    format!("{}/tests/fixtures/storage", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", fixtures())).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const NOW: i64 = 1_764_500_000_000;

fn keys() -> RoundKeys {
    RoundKeys { public: vec![4; 65], private: vec![7; 138] }
}

fn round() -> Round {
    let mut r = Round::new(
        0x5eed,
        Topic::Story(StoryId(0x1_0000_0001)),
        "Card checkout".into(),
        builtin_decks().remove(0),
        NOW,
    );
    for (who, card) in [("Ann", "5"), ("Bo", "8")] {
        r.join(who).unwrap();
        let i = r.deck.find(card).unwrap();
        r.vote(who, i, Some(Confidence::Sure), NOW + 1000).unwrap();
    }
    r.join("Cy").unwrap();
    r
}

fn batch() -> Batch {
    let stories = vec![
        BatchStory { story: StoryId(0x1_0000_0001), title: "Card checkout".into(), criteria: "Pays by card".into() },
        BatchStory { story: StoryId(0x1_0000_0002), title: "Refunds".into(), criteria: String::new() },
    ];
    let mut b = Batch::new(0xba7c, builtin_decks().remove(0), stories, None, NOW).unwrap();
    let five = b.deck.find("5").unwrap();
    b.add_answer("Ann", &[4; 65], NOW + 10, NOW + 20, &[Some((five, Some(Confidence::Sure), 40)), None]).unwrap();
    b
}

fn draft() -> Draft {
    Draft {
        name: "Ann".into(),
        picks: vec![
            DraftPick { card: Some("5".into()), confidence: Some(Confidence::Unsure), seconds: 12 },
            DraftPick::default(),
        ],
    }
}

fn saves() -> Lineage {
    Lineage::default().then(SaveId(0x1111)).then(SaveId(0x2222))
}

#[test]
#[ignore = "writes the fixtures of the small documents' current formats; run once when a format is introduced"]
fn write_document_fixtures() {
    let dir = fixtures();
    let round = RoundState { round: Some(round()), keys: Some(keys()) };
    std::fs::write(format!("{dir}/round-v3.json"), format::encode_round(&round, &saves())).unwrap();
    let mut b = batch();
    b.accepted_at = Some(NOW + 60);
    let batch = BatchState { batch: Some(b), keys: Some(keys()) };
    std::fs::write(format!("{dir}/batch-v3.json"), format::encode_batch(&batch, &saves())).unwrap();
    std::fs::write(format!("{dir}/draft-v2.json"), format::encode_draft(&draft(), &Some(keys()), &saves())).unwrap();
}

#[test]
fn every_round_format_reads() {
    let (old, saves_2) = format::decode_round(&read("round-v2.json")).unwrap();
    assert_eq!(old, RoundState { round: Some(round()), keys: Some(keys()) });
    assert!(saves_2.is_empty(), "format 2 had no lineage");
    let (new, saves_3) = format::decode_round(&read("round-v3.json")).unwrap();
    assert_eq!((new, saves_3.clone()), (old, saves()));
    // What is written reads back as it was.
    let state = RoundState { round: Some(round()), keys: Some(keys()) };
    assert_eq!(format::encode_round(&state, &saves()), read("round-v3.json"));
}

#[test]
fn every_async_round_format_reads() {
    let (old, saves_2) = format::decode_batch(&read("batch-v2.json")).unwrap();
    let b = old.batch.as_ref().unwrap();
    assert!(saves_2.is_empty());
    // Format 2 kept no voter keys: those answers are told apart by name.
    assert!(b.answers[0].key.is_empty() && b.accepted_at.is_none());
    assert_eq!(b.answered(), ["Ann"]);
    let (new, saves_3) = format::decode_batch(&read("batch-v3.json")).unwrap();
    let nb = new.batch.unwrap();
    assert_eq!((nb.answers[0].key.clone(), nb.accepted_at, saves_3), (vec![4; 65], Some(NOW + 60), saves()));
}

#[test]
fn every_draft_format_reads() {
    let (old, key, saves_1) = format::decode_draft(&read("draft-v1.json"), 2).unwrap();
    assert_eq!((old, key, saves_1.is_empty()), (draft(), None, true));
    let (new, key, saves_2) = format::decode_draft(&read("draft-v2.json"), 2).unwrap();
    assert_eq!((new, key, saves_2), (draft(), Some(keys()), saves()));
    assert!(format::decode_draft(&read("draft-v2.json").replace(r#""schema":2"#, r#""schema":3"#), 2).is_err());
}
