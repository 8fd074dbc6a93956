//! The text formats of localStorage entries and of the JSON files: versioned envelopes over the
//! domain's serde derives.
//!
//! A stored board is `{"schema": N, "board": {...}, "history": {...}}` (the undo history is
//! stored with the board, so undo works across reloads; exports leave it out). Decoding reads
//! the schema number first, refuses a newer one, reads the board with the path of any bad value
//! (`board.stories[3].title`), brings an older version up to date ([`upgrade`]) and checks the
//! board's invariants, so everything past this module can trust a decoded board. Decoding never
//! panics; every failure is a [`FormatError`] whose message can be shown to the user as is.
//!
//! Every version ever written has a fixture in `tests/fixtures/storage`, decoded by the tests.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::codec::base64url;
use crate::domain::batch::Batch;
use crate::domain::poker::{LABEL_MAX, Round};
use crate::domain::{Board, BoardId, DomainError, History, Millis, SCHEMA_VERSION, validate};
use crate::storage::sync::{Lineage, Peek};

/// Why a stored or imported text could not be read as a board.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("it is not valid JSON ({0})")]
    NotJson(String),
    #[error("it has no format version, so it is not SprintDeck data")]
    NoVersion,
    #[error(
        "it was saved by a newer version of SprintDeck (format {found}; this one reads up to {SCHEMA_VERSION}); reload the page to update"
    )]
    Newer { found: u32 },
    #[error("its fields do not match format {schema} ({detail})")]
    Shape { schema: u32, detail: String },
    #[error("it is inconsistent: {0}")]
    Inconsistent(DomainError),
    #[error("its undo history cannot be read")]
    History,
}

/// Why a stored poker round, async round or voter's draft could not be read. Messages complete
/// "… could not be read (…)".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// Not JSON of the document's shape; serde's message with the path of the bad value.
    #[error("{0}")]
    Shape(String),
    #[error("it was saved by a newer version of SprintDeck (format {0}); reload the page to update")]
    Newer(u32),
    /// A value out of the gate's bounds.
    #[error("{0}")]
    Invalid(crate::domain::error::Invalid),
    /// A stored key that is not base64url.
    #[error("{0}")]
    Key(base64url::Base64Error),
    #[error("it has more answers than the round has stories")]
    TooManyAnswers,
    #[error("the name is too long")]
    NameTooLong,
    #[error("a card label is too long")]
    LabelTooLong,
}

impl DocError {
    fn shape<E: std::fmt::Display>(e: E) -> DocError {
        DocError::Shape(e.to_string())
    }
}

/// Why a program file, a stored program or a program link's content could not be read.
/// Messages complete "This program cannot be read: …".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProgramFormatError {
    #[error("it is not a SprintDeck program")]
    NotProgram,
    #[error("it is not valid JSON ({0})")]
    NotJson(String),
    #[error("it has no program in it (is it a board? open it on the Backlog page)")]
    NoProgram,
    #[error("it has no format version, so it is not a SprintDeck program")]
    NoVersion,
    #[error(
        "it was saved by a newer version of SprintDeck (program format {0}; this one reads up to {PROGRAM_SCHEMA}); reload the page to update"
    )]
    Newer(u32),
    #[error("{0}")]
    Shape(FormatError),
    #[error("it has {0} teams; a program holds at most {max}", max = crate::domain::program::TEAMS_MAX)]
    TooManyTeams(usize),
    #[error("the board of team {team} cannot be read: {error}")]
    Team { team: usize, error: FormatError },
    #[error("{0}")]
    Invalid(crate::domain::error::Invalid),
}

/// A board as stored in this browser: with its undo history, or why that could not be read
/// (the board opens all the same; see `state::persist`).
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub board: Board,
    pub history: Result<History, FormatError>,
    /// The saves it descends from (format 6 on; see `storage::sync`).
    pub lineage: Lineage,
}

impl Stored {
    /// What identifies the state read, to compare with storage later.
    pub fn peek(&self) -> Peek {
        Peek { revision: self.board.revision, lineage: self.lineage.clone() }
    }
}

/// A board document as written, in the current format: the envelope around a board (and its
/// history, in storage). localStorage gets it through gloo-storage, files as text.
#[derive(Serialize)]
pub struct BoardDoc<'a> {
    schema: u32,
    board: &'a Board,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a History>,
    /// The saves this one descends from, the last its own (format 6 on).
    #[serde(skip_serializing_if = "Option::is_none")]
    saves: Option<&'a Lineage>,
}

impl<'a> BoardDoc<'a> {
    /// A board and its undo history, as stored in this browser by the save `lineage` ends with.
    pub fn stored(board: &'a Board, history: &'a History, lineage: &'a Lineage) -> BoardDoc<'a> {
        let saves = Some(lineage).filter(|l| !l.ids().is_empty());
        BoardDoc { schema: SCHEMA_VERSION, board, history: Some(history), saves }
    }

    /// A board alone (a board stored before its first change, a file).
    pub fn board(board: &'a Board) -> BoardDoc<'a> {
        BoardDoc { schema: SCHEMA_VERSION, board, history: None, saves: None }
    }
}

/// The text stored for a board and its history (by no particular save: fixtures, the bench).
pub fn encode_stored(board: &Board, history: &History) -> String {
    to_text(&BoardDoc::stored(board, history, &Lineage::default()))
}

/// A board alone, as text (fixtures, the bench's stored boards).
pub fn encode_board(board: &Board) -> String {
    to_text(&BoardDoc::board(board))
}

/// A board alone, indented for people to read: the JSON export.
pub fn encode_board_pretty(board: &Board) -> String {
    to_pretty(&BoardDoc::board(board))
}

/// Every board of this browser in one file (the "export everything" backup), indented.
pub fn encode_all(boards: &[Board]) -> String {
    #[derive(Serialize)]
    struct All<'a> {
        schema: u32,
        boards: &'a [Board],
    }
    to_pretty(&All { schema: SCHEMA_VERSION, boards })
}

fn to_text(value: &impl Serialize) -> String {
    // Serializing plain data (string keys, no floats, no maps with other keys) cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn to_pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The top-level members of a document, left unread; the document must be a JSON object.
type Members<'a> = BTreeMap<String, &'a RawValue>;

/// Splits a document into its top-level members and reads its format version: a syntax error is
/// [`FormatError::NotJson`]; anything but an object with a known `schema` number is refused.
fn open(text: &str) -> Result<(Members<'_>, u32), FormatError> {
    let members: Members<'_> = serde_json::from_str(text)
        .map_err(|e| if e.is_data() { FormatError::NoVersion } else { FormatError::NotJson(without_position(&e)) })?;
    let schema = members.get("schema").and_then(|raw| serde_json::from_str::<u32>(raw.get()).ok());
    match schema {
        None | Some(0) => Err(FormatError::NoVersion),
        Some(found) if found > SCHEMA_VERSION => Err(FormatError::Newer { found }),
        Some(n) => Ok((members, n)),
    }
}

/// Reads the member `key` of a document of format `schema` as a `T`, naming the path of the
/// first bad value in the error.
fn member<T: DeserializeOwned>(members: &Members<'_>, key: &str, schema: u32) -> Result<T, FormatError> {
    let raw = members.get(key).ok_or_else(|| FormatError::Shape { schema, detail: format!("{key}: is missing") })?;
    let de = &mut serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { key.to_owned() } else { format!("{key}.{path}") };
        FormatError::Shape { schema, detail: format!("{at}: {}", without_position(e.inner())) }
    })
}

/// serde_json's message without "at line 1 column 80": positions inside a member are not
/// positions in the file, and the path says where the value is.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).map(str::to_owned).unwrap_or(text)
}

/// Brings a board read in format `from` up to the current one. Formats 1 to 3 only lacked
/// fields that later versions added (the undo history; WSJF inputs; merged versions; poker
/// rounds, decks and capacity settings), all optional with the defaults an older board meant,
/// so they read as they are. Format 5 added the sprint each story was committed to and
/// completed in: older boards get them from the stories' status and dates, where the dates say
/// (`capacity::place_by_dates`); done stories they do not place are left for the team to place.
/// Format 6 added the lineage of saves beside the board (`storage::sync`); an older board has
/// none, which only means no tab's save is known to be in it. Every format: each member's days
/// off are put in order, each once (what the gate asks for; older versions let a file repeat one).
fn upgrade(mut board: Board, from: u32) -> Board {
    if from < 5 {
        crate::domain::capacity::place_by_dates(&mut board);
    }
    crate::domain::capacity::tidy_days_off(&mut board);
    board
}

/// Reads a board of any known format and checks it.
fn board_of(members: &Members<'_>, schema: u32) -> Result<Board, FormatError> {
    let board = upgrade(member(members, "board", schema)?, schema);
    validate::board(&board).map_err(|e| FormatError::Inconsistent(DomainError::OutOfRange(e)))?;
    Ok(board)
}

/// Reads a stored or exported board of any known format version, with its undo history if it
/// has one. A history that cannot be read does not keep the board from opening: it is reported
/// in [`Stored::history`].
pub fn decode_stored(text: &str) -> Result<Stored, FormatError> {
    let (members, schema) = open(text)?;
    let board = board_of(&members, schema)?;
    // A history that does not pass the gate is set aside like one that does not read.
    let history = if members.contains_key("history") {
        member(&members, "history", schema)
            .and_then(|h: History| crate::domain::history::check(&h).map(|()| h).map_err(|_| FormatError::History))
    } else {
        Ok(History::default())
    };
    // The lineage is bookkeeping: one that cannot be read only means no save is known to be in
    // the board (this tab then replays its own unsaved changes on it), so the board still opens.
    let lineage = if members.contains_key("saves") {
        member::<Lineage>(&members, "saves", schema).unwrap_or_default().bounded()
    } else {
        Lineage::default()
    };
    Ok(Stored { board, history, lineage })
}

/// Reads a stored or exported board, ignoring any history.
pub fn decode_board(text: &str) -> Result<Board, FormatError> {
    let (members, schema) = open(text)?;
    board_of(&members, schema)
}

/// The largest backup file read: far more than browser storage holds (a few MB), so a real backup
/// always fits, while a wrong pick (a video) is refused before it is read into memory.
pub const BACKUP_MAX_BYTES: usize = 32 << 20;

/// Reads a file of SprintDeck boards: one board (a board export, a stored board) or many (the
/// "export everything" backup).
pub fn decode_file(text: &str) -> Result<Vec<Board>, FormatError> {
    let (members, schema) = open(text)?;
    let boards: Vec<Board> = if members.contains_key("boards") {
        member(&members, "boards", schema)?
    } else {
        vec![member(&members, "board", schema)?]
    };
    let boards: Vec<Board> = boards.into_iter().map(|b| upgrade(b, schema)).collect();
    if boards.is_empty() {
        return Err(FormatError::Shape { schema, detail: "boards: the file holds no board".into() });
    }
    for b in &boards {
        validate::board(b).map_err(|e| FormatError::Inconsistent(DomainError::OutOfRange(e)))?;
    }
    Ok(boards)
}

/// The revision and lineage of a stored board, without reading the board; `None` if unreadable.
pub fn peek(text: &str) -> Option<Peek> {
    #[derive(Deserialize)]
    struct Doc {
        board: Revision,
        #[serde(default)]
        saves: Lineage,
    }
    #[derive(Deserialize)]
    struct Revision {
        #[serde(default)]
        revision: u64,
    }
    let doc = serde_json::from_str::<Doc>(text).ok()?;
    Some(Peek { revision: doc.board.revision, lineage: doc.saves.bounded() })
}

// ---------------------------------------------------------------------------------------------
// The board index

/// The list of boards in this browser and the one that is open.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoardIndex {
    #[serde(default)]
    pub current: Option<BoardId>,
    #[serde(default)]
    pub boards: Vec<IndexEntry>,
}

/// What the board list shows without loading a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub id: BoardId,
    pub name: String,
    #[serde(default)]
    pub stories: usize,
    #[serde(default)]
    pub updated_at: Millis,
}

impl IndexEntry {
    pub fn of(board: &Board) -> IndexEntry {
        IndexEntry {
            id: board.id,
            name: board.name.clone(),
            stories: board.stories.len(),
            updated_at: board.updated_at,
        }
    }
}

impl BoardIndex {
    /// Records `board`'s name and size, adding it if it is new.
    pub fn upsert(&mut self, board: &Board) {
        let entry = IndexEntry::of(board);
        match self.boards.iter_mut().find(|e| e.id == board.id) {
            Some(e) => *e = entry,
            None => self.boards.push(entry),
        }
    }
}

/// The board list as written, in the current format.
#[derive(Serialize)]
pub struct IndexDoc<'a> {
    schema: u32,
    #[serde(flatten)]
    index: &'a BoardIndex,
}

impl<'a> IndexDoc<'a> {
    pub fn of(index: &'a BoardIndex) -> IndexDoc<'a> {
        IndexDoc { schema: SCHEMA_VERSION, index }
    }
}

pub fn encode_index(index: &BoardIndex) -> String {
    to_text(&IndexDoc::of(index))
}

pub fn decode_index(text: &str) -> Result<BoardIndex, FormatError> {
    let (members, schema) = open(text)?;
    let current = match members.get("current") {
        Some(_) => member(&members, "current", schema)?,
        None => None,
    };
    let boards = match members.get("boards") {
        Some(_) => member(&members, "boards", schema)?,
        None => Vec::new(),
    };
    Ok(BoardIndex { current, boards })
}

// ---------------------------------------------------------------------------------------------
// The live poker round

/// The key pair that opens sealed votes for a round: public key (raw) and private key (PKCS #8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundKeys {
    pub public: Vec<u8>,
    pub private: Vec<u8>,
}

/// A board's live poker round and the keys that open its sealed remote votes, as this browser
/// keeps them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundState {
    pub round: Option<Round>,
    pub keys: Option<RoundKeys>,
}

/// A board's async round and the keys that open its answers, as the facilitator's browser
/// keeps them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchState {
    pub batch: Option<Batch>,
    pub keys: Option<RoundKeys>,
}

/// A board's live poker round as stored. Format 3 adds the lineage of saves (`saves`, see
/// `storage::sync`); format 2 had none, format 1 no confidence on votes. The keys are base64url.
#[derive(Serialize, Deserialize)]
struct RoundDoc {
    schema: u32,
    round: Option<Round>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private: Option<String>,
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    saves: Lineage,
}

/// The format of the round and async round documents this app writes.
pub const ROUND_SCHEMA: u32 = 3;

fn keys_text(keys: &Option<RoundKeys>) -> (Option<String>, Option<String>) {
    match keys {
        Some(k) => (Some(base64url::encode(&k.public)), Some(base64url::encode(&k.private))),
        None => (None, None),
    }
}

/// The stored text of a board's live round, with the lineage of the save that writes it.
pub fn encode_round(state: &RoundState, saves: &Lineage) -> String {
    let (public, private) = keys_text(&state.keys);
    to_text(&RoundDoc { schema: ROUND_SCHEMA, round: state.round.clone(), public, private, saves: saves.clone() })
}

/// The round as it is sent to the other windows of this browser: no keys, no lineage.
pub fn encode_round_public(round: &Option<Round>) -> String {
    encode_round(&RoundState { round: round.clone(), keys: None }, &Lineage::default())
}

fn round_keys(schema: u32, public: Option<String>, private: Option<String>) -> Result<Option<RoundKeys>, DocError> {
    if schema > ROUND_SCHEMA {
        return Err(DocError::Newer(schema));
    }
    Ok(match (public, private) {
        (Some(a), Some(b)) => Some(RoundKeys {
            public: base64url::decode(&a).map_err(DocError::Key)?,
            private: base64url::decode(&b).map_err(DocError::Key)?,
        }),
        _ => None,
    })
}

/// Reads what [`encode_round`] wrote (any format), through the gate, with its lineage.
pub fn decode_round(text: &str) -> Result<(RoundState, Lineage), DocError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: RoundDoc = serde_path_to_error::deserialize(de).map_err(DocError::shape)?;
    if let Some(round) = &doc.round {
        crate::domain::validate::round(round).map_err(DocError::Invalid)?;
    }
    let keys = round_keys(doc.schema, doc.public, doc.private)?;
    Ok((RoundState { round: doc.round, keys }, doc.saves.bounded()))
}

/// A board's async round as stored in the facilitator's browser, with the keys that open its
/// answers. Format 3 adds the lineage of saves, each answer's voter key and when the agreed
/// estimates were accepted.
#[derive(Serialize, Deserialize)]
struct BatchDoc {
    schema: u32,
    batch: Option<Batch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private: Option<String>,
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    saves: Lineage,
}

/// The stored text of a board's async round and its keys.
pub fn encode_batch(state: &BatchState, saves: &Lineage) -> String {
    let (public, private) = keys_text(&state.keys);
    to_text(&BatchDoc { schema: ROUND_SCHEMA, batch: state.batch.clone(), public, private, saves: saves.clone() })
}

/// Reads what [`encode_batch`] wrote (any format), through the gate, with its lineage.
pub fn decode_batch(text: &str) -> Result<(BatchState, Lineage), DocError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: BatchDoc = serde_path_to_error::deserialize(de).map_err(DocError::shape)?;
    if let Some(b) = &doc.batch {
        crate::domain::validate::batch(b).map_err(DocError::Invalid)?;
    }
    let keys = round_keys(doc.schema, doc.public, doc.private)?;
    Ok((BatchState { batch: doc.batch, keys }, doc.saves.bounded()))
}

pub use crate::domain::batch::{Draft, DraftPick};

/// A voter's draft answers as stored in their browser. Format 2 adds the format number, the
/// voter's own key pair (the one their answers are sealed with, so the facilitator knows a
/// newer answer for theirs) and the lineage of saves; format 1 was the bare draft.
#[derive(Serialize, Deserialize)]
struct DraftDoc {
    #[serde(default = "one")]
    schema: u32,
    #[serde(flatten)]
    draft: Draft,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private: Option<String>,
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    saves: Lineage,
}

fn one() -> u32 {
    1
}

/// The format of a voter's draft this app writes.
pub const DRAFT_SCHEMA: u32 = 2;

/// The stored text of a voter's draft, their key pair and the lineage of the save.
pub fn encode_draft(draft: &Draft, key: &Option<RoundKeys>, saves: &Lineage) -> String {
    let (public, private) = keys_text(key);
    to_text(&DraftDoc { schema: DRAFT_SCHEMA, draft: draft.clone(), public, private, saves: saves.clone() })
}

/// Reads a voter's draft of a round of `stories` stories (any format), with their key pair
/// and its lineage; anything unreadable or out of bounds is refused (the caller starts afresh
/// and keeps the text aside).
pub fn decode_draft(text: &str, stories: usize) -> Result<(Draft, Option<RoundKeys>, Lineage), DocError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: DraftDoc = serde_path_to_error::deserialize(de).map_err(DocError::shape)?;
    if doc.schema > DRAFT_SCHEMA {
        return Err(DocError::Newer(doc.schema));
    }
    let draft = doc.draft;
    if draft.picks.len() > stories.min(crate::domain::batch::STORIES_MAX) {
        return Err(DocError::TooManyAnswers);
    }
    if draft.name.chars().count() > crate::domain::poker::VOTER_NAME_MAX {
        return Err(DocError::NameTooLong);
    }
    if draft.picks.iter().any(|p| p.card.as_ref().is_some_and(|c| c.chars().count() > LABEL_MAX)) {
        return Err(DocError::LabelTooLong);
    }
    let key = match (doc.public, doc.private) {
        (Some(a), Some(b)) => Some(RoundKeys {
            public: base64url::decode(&a).map_err(DocError::Key)?,
            private: base64url::decode(&b).map_err(DocError::Key)?,
        }),
        _ => None,
    };
    Ok((draft, key, doc.saves.bounded()))
}

// ---------------------------------------------------------------------------------------------
// Programs

/// The format version of a stored or exported program. Format 2 adds, to a stored program,
/// the lineage of its saves (`saves`, see `storage::sync`); format 1 had none.
pub const PROGRAM_SCHEMA: u32 = 2;

/// A program as written: each team's board is a board document of its own, with its own format
/// version, so a program stored before a board format change still reads (through
/// [`decode_board`]'s upgrades).
#[derive(Serialize, Deserialize)]
struct ProgramData<T> {
    #[serde(default)]
    name: String,
    teams: Vec<TeamData<T>>,
    #[serde(default)]
    dependencies: Vec<crate::domain::program::Dependency>,
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    bookings: Vec<crate::domain::program::Booking>,
    #[serde(default)]
    risks: Vec<crate::domain::program::Risk>,
    #[serde(default)]
    confidence: Vec<(BoardId, u8)>,
    #[serde(default)]
    milestones: Vec<crate::domain::program::Milestone>,
}

#[derive(Serialize, Deserialize)]
struct TeamData<T> {
    taken_at: Millis,
    board: T,
}

/// The text of a program for a file or a link: `{"schema": 2, "program": {...}}`.
pub fn encode_program(p: &crate::domain::program::Program) -> String {
    encode_program_doc(p, &Lineage::default())
}

/// The stored text of a program, with the lineage of the save that writes it.
pub fn encode_program_doc(p: &crate::domain::program::Program, saves: &Lineage) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: u32,
        program: ProgramData<Box<RawValue>>,
        #[serde(skip_serializing_if = "Lineage::is_empty")]
        saves: &'a Lineage,
    }
    let teams = p
        .teams
        .iter()
        .map(|t| TeamData {
            taken_at: t.taken_at,
            board: RawValue::from_string(encode_board(&t.board)).unwrap_or_else(|_| RawValue::NULL.to_owned()),
        })
        .collect();
    let program = ProgramData {
        name: p.name.clone(),
        teams,
        dependencies: p.dependencies.clone(),
        resources: p.resources.clone(),
        bookings: p.bookings.clone(),
        risks: p.risks.clone(),
        confidence: p.confidence.clone(),
        milestones: p.milestones.clone(),
    };
    to_text(&Doc { schema: PROGRAM_SCHEMA, program, saves })
}

/// Reads a program of any known format, each team's board in its own format, and checks it.
/// Messages complete "This program cannot be read: …".
pub fn decode_program(text: &str) -> Result<crate::domain::program::Program, ProgramFormatError> {
    decode_program_doc(text).map(|(p, _)| p)
}

/// [`decode_program`], with the lineage of the save that stored it (none for a file or a
/// link, or a program stored in format 1).
pub fn decode_program_doc(text: &str) -> Result<(crate::domain::program::Program, Lineage), ProgramFormatError> {
    use crate::domain::program::{Program, Team};
    let members: Members<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_data() { ProgramFormatError::NotProgram } else { ProgramFormatError::NotJson(without_position(&e)) }
    })?;
    if !members.contains_key("program") {
        return Err(ProgramFormatError::NoProgram);
    }
    let schema = members.get("schema").and_then(|raw| serde_json::from_str::<u32>(raw.get()).ok());
    match schema {
        None | Some(0) => return Err(ProgramFormatError::NoVersion),
        Some(n) if n > PROGRAM_SCHEMA => return Err(ProgramFormatError::Newer(n)),
        Some(_) => {}
    }
    let data: ProgramData<Box<RawValue>> =
        member(&members, "program", PROGRAM_SCHEMA).map_err(ProgramFormatError::Shape)?;
    if data.teams.len() > crate::domain::program::TEAMS_MAX {
        return Err(ProgramFormatError::TooManyTeams(data.teams.len()));
    }
    let mut teams = Vec::with_capacity(data.teams.len());
    for (i, t) in data.teams.into_iter().enumerate() {
        let board = decode_board(t.board.get()).map_err(|error| ProgramFormatError::Team { team: i + 1, error })?;
        teams.push(Team { board, taken_at: t.taken_at });
    }
    let p = Program {
        name: data.name,
        teams,
        dependencies: data.dependencies,
        bookings: data.bookings,
        risks: data.risks,
        confidence: data.confidence,
        resources: data.resources,
        milestones: data.milestones,
    };
    // Each board was checked by `decode_board`: the rest of the program is checked here.
    validate::program(&p).map_err(ProgramFormatError::Invalid)?;
    let saves = if members.contains_key("saves") {
        member::<Lineage>(&members, "saves", PROGRAM_SCHEMA).unwrap_or_default().bounded()
    } else {
        Lineage::default()
    };
    Ok((p, saves))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::calendar::MON_TO_FRI;
    use crate::domain::poker::Topic;
    use crate::domain::{Action, AddAt, Change, Ctx, MoveTo, Points, StoryDraft};

    fn sample() -> Board {
        let mut b = Board::new(BoardId(0x5eed), "Team <b>".into(), 10);
        let ctx = Ctx { now: 20, site: 1 };
        for t in ["First", "Second \"quoted\"", "Третья"] {
            b.apply(&Action::AddStory { draft: StoryDraft::titled(t), at: AddAt::Bottom }, &ctx).unwrap();
        }
        b
    }

    fn fixture(version: u32) -> String {
        let path = format!("{}/tests/fixtures/storage/board-v{version}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn board_round_trips() {
        let b = sample();
        assert_eq!(decode_board(&encode_board(&b)), Ok(b.clone()));
        assert_eq!(decode_board(&encode_board_pretty(&b)), Ok(b.clone()));
        assert_eq!(peek(&encode_board(&b)), Some(Peek { revision: 3, lineage: Lineage::default() }));
    }

    #[test]
    fn a_sprint_may_complete_more_points_than_one_story_holds_and_still_be_read_back() {
        // Found by fuzzing: the gate allowed it (a sum of stories), the JSON reader did not.
        use crate::domain::board::{Sprint, SprintResult};
        use crate::domain::ids::SprintId;
        let mut b = sample();
        let big = Points::from_whole(Points::MAX_WHOLE * 3);
        let result = Some(SprintResult { committed: big, completed: big, person_days: 1000, scope: Some(big) });
        b.sprints.push(Sprint {
            id: SprintId(1),
            result,
            ..Sprint::two_weeks("Sprint 1", "2026-11-23".parse().unwrap())
        });
        assert_eq!(validate::board(&b), Ok(()));
        assert_eq!(decode_board(&encode_board(&b)), Ok(b));
    }

    #[test]
    fn history_round_trips_with_the_board() {
        let mut b = sample();
        let mut history = History::default();
        let ctx = Ctx { now: 30, site: 1 };
        let actions = [
            Action::MoveStories { ids: vec![b.stories[2].id], to: MoveTo::Top },
            Action::RenameBoard { name: "Renamed".into() },
            Action::DeleteStories { ids: vec![b.stories[0].id] },
        ];
        for a in &actions {
            let before = b.clone();
            b.apply(a, &ctx).unwrap();
            history.record(Change::between(&before, &b, a.label()).unwrap());
        }
        history.undo(&mut b, 40).unwrap();
        let back = decode_stored(&encode_stored(&b, &history)).unwrap();
        assert_eq!(back, Stored { board: b.clone(), history: Ok(history), lineage: Lineage::default() });
    }

    #[test]
    fn an_unreadable_history_does_not_keep_the_board_from_opening() {
        let b = sample();
        let text = encode_board(&b).replacen('{', r#"{"history":{"undo":[{"label":7}]},"#, 1);
        let stored = decode_stored(&text).unwrap();
        assert_eq!(stored.board, b);
        let err = stored.history.unwrap_err().to_string();
        assert!(err.contains("history.undo[0].label: invalid type: integer `7`, expected a string"), "{err}");
        assert_eq!(decode_board(&text).unwrap(), b);
        // No history at all is an empty one.
        assert_eq!(decode_stored(&encode_board(&b)).unwrap().history, Ok(History::default()));
    }

    #[test]
    fn the_version_1_fixture_still_decodes() {
        let stored = decode_stored(&fixture(1)).unwrap();
        assert_eq!(stored.history, Ok(History::default()));
        let b = stored.board;
        assert_eq!(b.name, "Fixture board");
        assert_eq!(b.stories.len(), 3);
        assert_eq!(b.stories[1].estimate.map(|p| p.to_string()).as_deref(), Some("0.5"));
        assert_eq!(b.members[0].days_off[0].to_string(), "2026-11-24");
        assert_eq!(b.sprints[0].result.map(|r| r.completed), Some(Points(1800)));
        assert_eq!(b.settings.quick_add, AddAt::Top);
        // Re-encoding gives the same board back.
        assert_eq!(decode_board(&encode_board(&b)), Ok(b));
    }

    #[test]
    fn the_version_2_fixture_still_decodes_with_its_history() {
        let Stored { mut board, history, .. } = decode_stored(&fixture(2)).unwrap();
        let mut history = history.unwrap();
        assert_eq!(board.name, "Fixture v2");
        assert_eq!(board.stories[0].title, "Третья");
        assert_eq!(history.undo.len(), 2);
        history.undo(&mut board, 40).unwrap();
        history.undo(&mut board, 41).unwrap();
        assert_eq!(board.name, "Team <b>");
        assert_eq!(board.stories[0].title, "First");
    }

    #[test]
    fn the_version_3_fixture_reads_with_the_capacity_defaults() {
        let Stored { board, history, .. } = decode_stored(&fixture(3)).unwrap();
        assert_eq!(history.unwrap().undo.len(), 2);
        assert_eq!(board.stories[0].earlier.len(), 1);
        assert!(board.stories.iter().all(|s| s.rounds.is_empty()));
        let sprint = &board.sprints[0];
        assert_eq!(sprint.weekdays, MON_TO_FRI);
        assert_eq!(sprint.hours_per_day, 800);
        assert_eq!(sprint.result.and_then(|r| r.scope), None);
        assert_eq!(board.members[0].focus, None);
        assert_eq!(board.settings.velocity_window, 3);
        assert!(board.decks.is_empty());
        assert_eq!(decode_board(&encode_board(&board)), Ok(board));
    }

    #[test]
    fn the_version_4_fixture_decodes_with_poker_and_capacity() {
        let Stored { mut board, history, .. } = decode_stored(&fixture(4)).unwrap();
        let mut history = history.unwrap();
        assert_eq!(board.name, "Fixture v4");
        let rounds = &board.stories.iter().find(|s| !s.rounds.is_empty()).unwrap().rounds;
        assert_eq!(rounds[0].votes.len(), 2);
        assert_eq!(rounds[0].accepted.as_ref().map(|c| c.label.as_str()), Some("M"));
        assert_eq!(board.decks.len(), 1);
        let sprint = &board.sprints[0];
        assert_eq!(sprint.weekdays, 0b0001_1110);
        assert_eq!(sprint.holidays.len(), 1);
        assert_eq!(sprint.hours_per_day, 750);
        assert!(sprint.result.and_then(|r| r.scope).is_some());
        assert_eq!(board.members[0].focus, Some(80));
        assert_eq!(board.settings.velocity_window, 4);
        // Nothing in it to place in a sprint (no story is done or in a sprint), so today's writer
        // writes the same text the format-4 writer wrote, but for the format number.
        assert_eq!(encode_stored(&board, &history), fixture(4).replacen(r#""schema":4"#, r#""schema":8"#, 1));
        assert!(matches!(history.undo(&mut board, 50), Ok(Some(_))));
    }

    /// Format 5, with stories placed in sprints.
    #[test]
    fn the_version_5_fixture_decodes_with_the_sprints_of_its_stories() {
        use crate::domain::ids::SprintId;
        let Stored { board, history, lineage } = decode_stored(&fixture(5)).unwrap();
        assert_eq!(lineage, Lineage::default(), "format 5 knew no saves");
        let history = history.unwrap();
        let sprint = board.sprints[0].id;
        let done: Vec<_> = board.stories.iter().filter(|s| s.completed_in == Some(sprint)).collect();
        assert_eq!(done.len(), 2);
        assert!(board.stories.iter().any(|s| s.completed_in == Some(SprintId::OUTSIDE)));
        assert_eq!(board.sprints[0].result.map(|r| r.completed), Some(Points::from_whole(8)));
        let today = fixture(5).replacen(r#""schema":5"#, r#""schema":8"#, 1);
        assert_eq!(encode_stored(&board, &history), today, "today's writer writes it as it was");
    }

    /// The current format: format 5 and the lineage of the saves (written by `write_fixture`).
    #[test]
    fn the_version_6_fixture_decodes_with_its_saves() {
        use crate::domain::ids::SaveId;
        let stored = decode_stored(&fixture(6)).unwrap();
        assert_eq!(stored.lineage.ids(), [SaveId(0xa11ce), SaveId(0xb0b)]);
        assert_eq!(peek(&fixture(6)), Some(stored.peek()));
        let Stored { board, history, lineage } = stored;
        assert_eq!(board.name, "Fixture v6");
        assert_eq!(board.stories.len(), 4);
        let history = history.unwrap();
        assert_eq!(history.undo.len(), 9);
        let text = to_text(&BoardDoc::stored(&board, &history, &lineage));
        let today = fixture(6).replacen(r#""schema":6"#, r#""schema":8"#, 1);
        assert_eq!(text, today, "the current writer writes it as it was");
    }

    /// The current format: format 6 and the confidence of each recorded poker vote (written by
    /// `write_fixture`).
    #[test]
    fn the_version_7_fixture_keeps_the_confidence_of_each_vote() {
        use crate::domain::poker::Confidence;
        let Stored { board, history, lineage } = decode_stored(&fixture(7)).unwrap();
        let rounds = &board.stories.iter().find(|s| !s.rounds.is_empty()).unwrap().rounds;
        assert_eq!(rounds[0].confidence_of("Ann"), Some(Confidence::Unsure));
        assert_eq!(rounds[0].confidence_of("Bo"), Some(Confidence::Sure));
        assert!(rounds[0].stats().consensus);
        let text = to_text(&BoardDoc::stored(&board, history.as_ref().unwrap(), &lineage));
        let today = fixture(7).replacen(r#""schema":7"#, r#""schema":8"#, 1);
        assert_eq!(text, today, "today's writer writes it as it was");
        assert!(board.impediments.is_empty(), "format 7 knew no impediments");
    }

    /// The current format: format 7 and the impediments the team raised (written by
    /// `write_fixture`).
    #[test]
    fn the_version_8_fixture_keeps_the_teams_impediments() {
        let Stored { mut board, history, lineage } = decode_stored(&fixture(8)).unwrap();
        let titles: Vec<(&str, bool)> = board.impediments.iter().map(|x| (x.title.as_str(), x.resolved)).collect();
        assert_eq!(titles, [("Test environment down", false), ("Waiting for the card provider's keys", true)]);
        let mut history = history.unwrap();
        let text = to_text(&BoardDoc::stored(&board, &history, &lineage));
        assert_eq!(text, fixture(8), "the current writer writes it as it is");
        assert_eq!(history.undo(&mut board, 60).unwrap().as_deref(), Some("resolve impediment"));
        assert!(!board.impediments[1].resolved);
    }

    #[test]
    #[ignore = "writes the fixture of the current format; run once when the format version is bumped"]
    fn write_fixture() {
        use crate::domain::board::Sprint;
        use crate::domain::ids::SprintId;
        use crate::domain::{Status, StoryDraft};
        let ctx = Ctx { now: 1_764_000_000_000, site: 1 };
        use crate::domain::ids::SaveId;
        let mut board = Board::new(BoardId(0x5eed), format!("Fixture v{SCHEMA_VERSION}"), ctx.now);
        let mut history = History::default();
        let mut act = |b: &mut Board, a: Action| history.apply(b, &a, &ctx).unwrap();
        for (title, points) in [("Pay by card", 5), ("Refunds", 3), ("Old report", 2), ("Export", 8)] {
            let draft = StoryDraft { estimate: Some(Points::from_whole(points)), ..StoryDraft::titled(title) };
            act(&mut board, Action::AddStory { draft, at: AddAt::Bottom });
        }
        let sprint = Sprint {
            id: SprintId(0),
            name: "Sprint 1".into(),
            start: "2025-11-24".parse().unwrap(),
            working_days: 10,
            goal: "Payments".into(),
            result: None,
            weekdays: 0b1_1111,
            holidays: vec![],
            hours_per_day: 800,
        };
        act(&mut board, Action::SaveSprint { sprint });
        let ids: Vec<_> = board.stories.iter().map(|s| s.id).collect();
        act(&mut board, Action::SetStatus { ids: ids[..2].to_vec(), status: Status::Done });
        act(&mut board, Action::SetStatus { ids: vec![ids[3]], status: Status::InSprint });
        let id = board.sprints[0].id;
        act(&mut board, Action::CompleteSprint { id });
        // A poker round on the last story, each voter saying how sure they were.
        {
            use crate::domain::poker::{Confidence, Round, Topic, builtin_decks};
            let deck = builtin_decks().remove(0);
            let mut round = Round::new(7, Topic::Story(ids[3]), "Export".into(), deck.clone(), ctx.now - 90_000);
            for (who, sure) in [("Ann", Confidence::Unsure), ("Bo", Confidence::Sure)] {
                round.join(who).unwrap();
                round.vote(who, 6, Some(sure), ctx.now - 60_000).unwrap();
            }
            round.reveal(ctx.now - 30_000).unwrap();
            let rounds = vec![round.record(ctx.now, Some(deck.cards[6].clone()))];
            act(&mut board, Action::AcceptEstimate { id: ids[3], card: deck.cards[6].clone(), rounds });
        }
        // A story done before any sprint, placed outside one.
        let s = std::sync::Arc::make_mut(&mut board.stories[2]);
        s.status = Status::Done;
        act(&mut board, Action::PlaceDone { ids: vec![ids[2]], sprint: SprintId::OUTSIDE });
        act(&mut board, Action::RaiseImpediment { title: "Test environment down".into() });
        act(&mut board, Action::RaiseImpediment { title: "Waiting for the card provider's keys".into() });
        act(&mut board, Action::ResolveImpediment { index: 1, resolved: true });
        let path = format!("{}/tests/fixtures/storage/board-v{SCHEMA_VERSION}.json", env!("CARGO_MANIFEST_DIR"));
        let lineage = Lineage::default().then(SaveId(0xa11ce)).then(SaveId(0xb0b));
        std::fs::write(path, to_text(&BoardDoc::stored(&board, &history, &lineage))).unwrap();
    }

    #[test]
    fn bad_texts_give_specific_errors() {
        assert!(matches!(decode_board(""), Err(FormatError::NotJson(_))));
        assert!(matches!(decode_board("{\"schema\":1,"), Err(FormatError::NotJson(_))));
        assert_eq!(decode_board("{}"), Err(FormatError::NoVersion));
        assert_eq!(decode_board("[1,2]"), Err(FormatError::NoVersion));
        assert_eq!(decode_board("{\"schema\":\"4\"}"), Err(FormatError::NoVersion));
        assert_eq!(decode_board("{\"schema\":99}"), Err(FormatError::Newer { found: 99 }));
        let err = decode_board("{\"schema\":1,\"board\":{}}").unwrap_err();
        assert_eq!(err.to_string(), "its fields do not match format 1 (board: missing field `id`)");
        assert_eq!(
            decode_board("{\"schema\":2}").unwrap_err().to_string(),
            "its fields do not match format 2 (board: is missing)"
        );
        let err = decode_board(r#"{"schema":1,"board":{"id":"1","name":"x","stories":[{"id":"zz","title":"t"}]}}"#)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "its fields do not match format 1 (board.stories[0].id: “zz” is not an id (expected up to 16 hexadecimal digits))"
        );
        let err = decode_board(
            r#"{"schema":4,"board":{"id":"1","name":"x","stories":[{"id":"1","title":"t","estimate":1000001}]}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("board.stories[0].estimate: "), "{err}");
    }

    #[test]
    fn files_of_one_or_many_boards_decode() {
        let a = sample();
        let mut b = sample();
        b.id = BoardId(77);
        b.name = "Other".into();
        assert_eq!(decode_file(&encode_all(&[a.clone(), b.clone()])), Ok(vec![a.clone(), b]));
        assert_eq!(decode_file(&encode_board_pretty(&a)), Ok(vec![a]));
        assert!(matches!(decode_file("{\"schema\":3}"), Err(FormatError::Shape { .. })));
        assert!(matches!(decode_file("{\"schema\":3,\"boards\":[]}"), Err(FormatError::Shape { .. })));
    }

    #[test]
    fn a_stored_history_the_gate_refuses_is_set_aside_and_the_board_opens() {
        let mut b = Board::new(BoardId(9), "B".into(), 10);
        let mut h = History::default();
        let ctx = Ctx { now: 20, site: 1 };
        h.apply(&mut b, &Action::AddStory { draft: StoryDraft::titled("fine"), at: AddAt::Bottom }, &ctx).unwrap();
        // Only the history's copy of the story is changed (the board's comes first).
        let text = encode_stored(&b, &h);
        let at = text.rfind(r#""title":"fine""#).unwrap();
        let text =
            format!("{}\"title\":\"{}\"{}", &text[..at], "x".repeat(600), &text[at + r#""title":"fine""#.len()..]);
        let stored = decode_stored(&text).unwrap();
        assert_eq!(stored.board.stories.len(), 1);
        assert_eq!(stored.history, Err(FormatError::History));
    }

    #[test]
    fn duplicate_story_ids_are_refused() {
        let mut b = sample();
        let first = b.stories[0].clone();
        b.stories.push(first);
        assert!(matches!(decode_board(&encode_board(&b)), Err(FormatError::Inconsistent(_))));
    }

    #[test]
    fn index_round_trips() {
        let mut index = BoardIndex::default();
        index.upsert(&sample());
        index.current = Some(BoardId(0x5eed));
        assert_eq!(decode_index(&encode_index(&index)), Ok(index.clone()));
        assert_eq!(
            encode_index(&index),
            r#"{"schema":8,"current":"5eed","boards":[{"id":"5eed","name":"Team <b>","stories":3,"updated_at":20}]}"#
        );
    }

    /// The fuzz seeds of the async round's documents read back (they are hand-written).
    #[test]
    fn async_round_documents_read_and_round_trip() {
        let dir = format!("{}/../fuzz/seeds/stored", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(format!("{dir}/batch-v2.json")).unwrap();
        let (state, saves) = decode_batch(&text).unwrap();
        let batch = state.batch.clone().unwrap();
        assert!(saves.is_empty());
        assert_eq!(batch.answered(), ["Ann", "Bo"]);
        assert_eq!(state.keys.as_ref().map(|k| k.public.clone()), Some(vec![4, 4, 4]));
        let saved = Lineage::default().then(crate::domain::ids::SaveId(7));
        assert_eq!(decode_batch(&encode_batch(&state, &saved)), Ok((state.clone(), saved.clone())));
        assert_eq!(decode_batch(&text.replace(r#""schema":2"#, r#""schema":4"#)), Err(DocError::Newer(4)));
        let (draft, key, _) = decode_draft(&std::fs::read_to_string(format!("{dir}/draft.json")).unwrap(), 3).unwrap();
        assert_eq!(draft.picks[0].card.as_deref(), Some("5"));
        assert_eq!(key, None);
        let key = Some(RoundKeys { public: vec![4; 65], private: vec![9; 3] });
        assert_eq!(decode_draft(&encode_draft(&draft, &key, &saved), 3), Ok((draft.clone(), key.clone(), saved)));
        assert!(
            decode_draft(&encode_draft(&draft, &key, &Lineage::default()), 2).is_err(),
            "more answers than stories"
        );
    }

    #[test]
    fn poker_rounds_and_their_keys_round_trip() {
        use crate::domain::poker::builtin_decks;
        let mut b = sample();
        let deck = builtin_decks().remove(2);
        let mut round = Round::new(0xabc, Topic::Story(b.stories[0].id), "t".into(), deck.clone(), 5);
        round.join("Ann").unwrap();
        round.vote("Ann", 2, None, 6).unwrap();
        round.reveal(7).unwrap();
        let mut s = (*b.stories[0]).clone();
        s.rounds.push(round.record(8, Some(deck.cards[2].clone())));
        b.stories[0] = Arc::new(s);
        b.decks.push(deck);
        assert_eq!(decode_board(&encode_board(&b)), Ok(b));
        let keys = Some(RoundKeys { public: vec![4; 65], private: vec![1, 2, 3] });
        let state = RoundState { round: Some(round.clone()), keys: keys.clone() };
        let none = Lineage::default();
        let text = encode_round(&state, &none);
        assert!(text.contains(r#""id":"abc","story":"100000001""#), "{text}");
        assert_eq!(decode_round(&text), Ok((state.clone(), none.clone())));
        // Formats 1 (before confidence) and 2 (before the lineage) still read; a newer one is
        // refused.
        assert_eq!(decode_round(&text.replace(r#""schema":3"#, r#""schema":1"#)), Ok((state.clone(), none.clone())));
        assert!(decode_round(&text.replace(r#""schema":3"#, r#""schema":9"#)).is_err());
        let mut free = round;
        free.topic = Topic::Free("Spike".into());
        let text = encode_round_public(&Some(free.clone()));
        assert!(text.contains(r#""topic":"Spike""#), "{text}");
        assert_eq!(decode_round(&text), Ok((RoundState { round: Some(free), keys: None }, none)));
        assert!(decode_round("{\"schema\":1,\"round\":{\"id\":\"zz\"}}").is_err());
    }
}

/// The version of a stored live room ([`RoomDoc`]).
pub const ROOM_SCHEMA: u32 = 1;

/// A live room as this browser keeps it: the link it was joined by, this member's keys (its
/// Nostr secret key and its P-256 key pair for sealed votes) and the room's state machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomDoc {
    pub schema: u32,
    /// The room link's payload.
    pub link: String,
    /// Hex text.
    pub secret: String,
    /// base64url text: the raw P-256 public key and the PKCS #8 private key.
    pub ecdh_public: String,
    pub ecdh_private: String,
    pub room: crate::domain::room::Room,
    #[serde(default, skip_serializing_if = "Lineage::is_empty")]
    pub saves: Lineage,
}

pub fn encode_room(doc: &RoomDoc, saves: &Lineage) -> String {
    to_text(&RoomDoc { saves: saves.clone(), ..doc.clone() })
}

/// Reads what [`encode_room`] wrote, through the gate (the room's state as a received state
/// is checked), with its lineage.
pub fn decode_room(text: &str) -> Result<(RoomDoc, Lineage), DocError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: RoomDoc = serde_path_to_error::deserialize(de).map_err(DocError::shape)?;
    if doc.schema > ROOM_SCHEMA {
        return Err(DocError::Newer(doc.schema));
    }
    let link =
        crate::codec::room_link::decode(&doc.link).map_err(|e| DocError::Shape(format!("its room link: {e}")))?;
    crate::codec::room_msg::check_room(&link.room, &doc.room).map_err(|e| DocError::Shape(e.to_string()))?;
    let saves = doc.saves.clone().bounded();
    Ok((doc, saves))
}
