//! The text formats of localStorage entries and of the JSON export: versioned envelopes.
//!
//! A stored board is `{"schema": N, "board": {...}, "history": {...}}` (the undo history is
//! stored with the board, so undo works across reloads; exports leave it out). Decoding reads
//! the schema number first,
//! migrates older shapes step by step to the current one, and checks the board's invariants, so
//! everything past this module can trust a decoded board. Decoding never panics; every failure
//! is a [`FormatError`] whose message can be shown to the user as is.

use std::sync::Arc;

use crate::codec::base64url;
use crate::codec::json::{self, FromJson, Json, JsonError, ObjBuilder, ObjReader, Path, ToJson, from_text};
use crate::domain::board::{Member, Sprint, SprintResult};
use crate::domain::capacity::MON_TO_FRI;
use crate::domain::history::{Change, Meta, OrderPatch};
use crate::domain::ids::SprintId;
use crate::domain::poker::{Card, Deck, Round, RoundRecord, Topic, Vote};
use crate::domain::{
    AddAt, Board, BoardId, BoardSettings, Date, DomainError, History, MemberId, Millis, Points, SCHEMA_VERSION, Status,
    Story, StoryId,
};

/// Why a stored or imported text could not be read as a board.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("it is not valid JSON ({0})")]
    NotJson(JsonError),
    #[error("it has no format version, so it is not SprintDeck data")]
    NoVersion,
    #[error(
        "it was saved by a newer version of SprintDeck (format {found}; this one reads up to {SCHEMA_VERSION}); reload the page to update"
    )]
    Newer { found: u32 },
    #[error("its fields do not match format {schema} ({detail})")]
    Shape { schema: u32, detail: JsonError },
    #[error("it is inconsistent: {0}")]
    Inconsistent(DomainError),
    #[error("its undo history cannot be read")]
    History,
}

/// A board as stored in this browser: with its undo history.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub board: Board,
    pub history: History,
}

/// The text stored for a board and its history.
pub fn encode_stored(board: &Board, history: &History) -> String {
    encode_stored_with(board, history.to_json())
}

/// The text stored for a board and its history, given as JSON (see [`decode_stored_lazily`]).
pub fn encode_stored_with(board: &Board, history: Json) -> String {
    ObjBuilder::new().put("schema", &SCHEMA_VERSION).put("board", board).put("history", &history).build().to_text()
}

/// A board alone, as stored without history (tests, fixtures).
pub fn encode_board(board: &Board) -> String {
    ObjBuilder::new().put("schema", &SCHEMA_VERSION).put("board", board).build().to_text()
}

/// A board alone, indented for people to read: the JSON export.
pub fn encode_board_pretty(board: &Board) -> String {
    ObjBuilder::new().put("schema", &SCHEMA_VERSION).put("board", board).build().to_pretty()
}

/// Reads a stored or exported board of any known format version, with its history if any.
pub fn decode_stored(text: &str) -> Result<Stored, FormatError> {
    let (board, history) = decode_stored_lazily(text)?;
    Ok(Stored { board, history: decode_history(&history)? })
}

/// Reads a stored board and leaves its undo history as JSON (`null` if it has none), to be
/// read with [`decode_history`] when it is first needed: the app opens a board with this, so
/// the history's decoder is part of the code that changes the board, loaded later.
pub fn decode_stored_lazily(text: &str) -> Result<(Board, Json), FormatError> {
    let doc = json::parse(text).map_err(FormatError::NotJson)?;
    let schema = schema_of(&doc)?;
    let mut doc = migrate(doc, schema)?;
    let root = Path::Root("file");
    let board: Board = ObjReader::new(&doc, &root)
        .and_then(|r| r.req("board"))
        .map_err(|detail| FormatError::Shape { schema, detail })?;
    board.check().map_err(FormatError::Inconsistent)?;
    let history = match &mut doc {
        Json::Obj(members) => members.iter_mut().find(|(k, _)| k == "history").map(|(_, v)| std::mem::take(v)),
        _ => None,
    };
    Ok((board, history.unwrap_or_default()))
}

/// The label of the step an undo (or, with `undo` false, a redo) would take in a history left
/// as JSON by [`decode_stored_lazily`], read without decoding the history.
pub fn next_history_label(history: &Json, undo: bool) -> Option<String> {
    match history.member(if undo { "undo" } else { "redo" })? {
        Json::Arr(steps) => match steps.last()?.member("label")? {
            Json::Str(label) => Some(label.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The undo history left as JSON by [`decode_stored_lazily`].
pub fn decode_history(history: &Json) -> Result<History, FormatError> {
    let path = Path::Key(&Path::Root("file"), "history");
    match history {
        Json::Null => Ok(History::default()),
        j => History::from_json(j, &path).map_err(|detail| FormatError::Shape { schema: SCHEMA_VERSION, detail }),
    }
}

/// Every board of this browser in one file (the "export everything" backup), indented.
pub fn encode_all(boards: &[Board]) -> String {
    ObjBuilder::new().put("schema", &SCHEMA_VERSION).put("boards", &boards.to_vec()).build().to_pretty()
}

/// The largest backup file read: far more than browser storage holds (a few MB), so a real backup
/// always fits, while a wrong pick (a video) is refused before it is read into memory.
pub const BACKUP_MAX_BYTES: usize = 32 << 20;

/// Reads a file of SprintDeck boards: one board (a board export, a stored board) or many (the
/// "export everything" backup).
pub fn decode_file(text: &str) -> Result<Vec<Board>, FormatError> {
    let doc = json::parse(text).map_err(FormatError::NotJson)?;
    let schema = schema_of(&doc)?;
    let doc = migrate(doc, schema)?;
    let root = Path::Root("file");
    let read = || -> Result<Vec<Board>, JsonError> {
        let r = ObjReader::new(&doc, &root)?;
        let many: Vec<Board> = r.opt("boards")?;
        if many.is_empty() { Ok(vec![r.req("board")?]) } else { Ok(many) }
    };
    let boards = read().map_err(|detail| FormatError::Shape { schema, detail })?;
    for b in &boards {
        b.check().map_err(FormatError::Inconsistent)?;
    }
    Ok(boards)
}

/// Reads a stored or exported board, ignoring any history.
pub fn decode_board(text: &str) -> Result<Board, FormatError> {
    decode_stored_lazily(text).map(|(board, _)| board)
}

/// The revision of a stored board; `None` if unreadable.
pub fn peek_revision(text: &str) -> Option<u64> {
    let doc = json::parse(text).ok()?;
    let root = Path::Root("file");
    let board: Json = ObjReader::new(&doc, &root).ok()?.req("board").ok()?;
    let path = Path::Key(&root, "board");
    ObjReader::new(&board, &path).ok()?.req("revision").ok()
}

fn schema_of(doc: &Json) -> Result<u32, FormatError> {
    let root = Path::Root("file");
    let schema: Option<u32> = ObjReader::new(doc, &root).and_then(|r| r.opt("schema")).unwrap_or(None);
    match schema {
        None | Some(0) => Err(FormatError::NoVersion),
        Some(found) if found > SCHEMA_VERSION => Err(FormatError::Newer { found }),
        Some(n) => Ok(n),
    }
}

/// Brings the JSON of an older format up to the current one, one version at a time.
///
/// * 1 → 2: the undo history joined the envelope and stories gained the WSJF inputs
///   `time_criticality` and `risk_reduction`. Both are optional, so a version-1 document reads
///   unchanged as version 2 with an empty history.
/// * 2 → 3: stories gained `earlier`, the versions a merge replaced; optional, so a version-2
///   document reads unchanged.
/// * 3 → 4: poker and capacity: stories gained `rounds`, boards `decks`, members `focus`,
///   sprints `weekdays`, `holidays` and `hours_per_day`, results `scope`, settings the velocity
///   and guess figures. All optional with the defaults a version-3 board meant (Monday to
///   Friday, 8 hours), so a version-3 document reads unchanged.
fn migrate(doc: Json, from: u32) -> Result<Json, FormatError> {
    let mut doc = doc;
    let mut version = from;
    while version < SCHEMA_VERSION {
        doc = match version {
            1..=3 => doc,
            other => return Err(FormatError::Newer { found: other }),
        };
        version += 1;
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// The board index

/// The list of boards in this browser and the one that is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardIndex {
    pub current: Option<BoardId>,
    pub boards: Vec<IndexEntry>,
}

/// What the board list shows without loading a board.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexEntry {
    pub id: BoardId,
    pub name: String,
    pub stories: usize,
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

pub fn encode_index(index: &BoardIndex) -> String {
    ObjBuilder::new()
        .put("schema", &SCHEMA_VERSION)
        .put("current", &index.current)
        .put("boards", &index.boards)
        .build()
        .to_text()
}

pub fn decode_index(text: &str) -> Result<BoardIndex, FormatError> {
    let doc = json::parse(text).map_err(FormatError::NotJson)?;
    let schema = schema_of(&doc)?;
    let root = Path::Root("index");
    let read = || -> Result<BoardIndex, JsonError> {
        let r = ObjReader::new(&doc, &root)?;
        Ok(BoardIndex { current: r.opt("current")?, boards: r.opt("boards")? })
    };
    read().map_err(|detail| FormatError::Shape { schema, detail })
}

impl ToJson for IndexEntry {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("id", &self.id)
            .put("name", &self.name)
            .put("stories", &self.stories)
            .put("updated_at", &self.updated_at)
            .build()
    }
}

impl FromJson for IndexEntry {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(IndexEntry {
            id: r.req("id")?,
            name: r.req("name")?,
            stories: r.opt("stories")?,
            updated_at: r.opt("updated_at")?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Domain types

/// Values stored as their text form.
macro_rules! text_json {
    ($($t:ty => $what:literal, $show:expr;)*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                let show: fn(&$t) -> String = $show;
                Json::Str(show(self))
            }
        }
        impl FromJson for $t {
            fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
                from_text(j, path, $what)
            }
        }
    )*};
}

text_json! {
    BoardId => "an id", |v| v.to_string();
    StoryId => "an id", |v| v.to_string();
    MemberId => "an id", |v| v.to_string();
    SprintId => "an id", |v| v.to_string();
    Date => "a date (YYYY-MM-DD)", |v| v.to_string();
    Status => "a status", |v| v.key().to_owned();
    AddAt => "top or bottom", |v| v.key().to_owned();
}

/// Points are stored in hundredths, as whole numbers.
impl ToJson for Points {
    fn to_json(&self) -> Json {
        Json::Int(i64::from(self.0))
    }
}

impl FromJson for Points {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let n = u32::from_json(j, path)?;
        if n > Points::MAX_WHOLE * 100 {
            return Err(JsonError::shape(path, "estimate too large"));
        }
        Ok(Points(n))
    }
}

impl ToJson for Story {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("id", &self.id)
            .put("title", &self.title)
            .put_nondefault("description", &self.description)
            .put_nondefault("acceptance", &self.acceptance)
            .put_nondefault("estimate", &self.estimate)
            .put_nondefault("value", &self.value)
            .put_nondefault("time_criticality", &self.time_criticality)
            .put_nondefault("risk_reduction", &self.risk_reduction)
            .put_nondefault("tags", &self.tags)
            .put("status", &self.status)
            .put("updated_at", &self.updated_at)
            .put_nondefault("earlier", &self.earlier)
            .put_nondefault("rounds", &self.rounds)
            .build()
    }
}

impl FromJson for Story {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Story {
            id: r.req("id")?,
            title: r.req("title")?,
            description: r.opt("description")?,
            acceptance: r.opt("acceptance")?,
            estimate: r.opt("estimate")?,
            value: r.opt("value")?,
            time_criticality: r.opt("time_criticality")?,
            risk_reduction: r.opt("risk_reduction")?,
            tags: r.opt("tags")?,
            status: r.opt("status")?,
            updated_at: r.opt("updated_at")?,
            earlier: r.opt("earlier")?,
            rounds: r.opt("rounds")?,
        })
    }
}

impl ToJson for Member {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("id", &self.id)
            .put("name", &self.name)
            .put_nondefault("role", &self.role)
            .put("allocation", &self.allocation)
            .put_nondefault("days_off", &self.days_off)
            .put_nondefault("focus", &self.focus)
            .build()
    }
}

impl FromJson for Member {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Member {
            id: r.req("id")?,
            name: r.req("name")?,
            role: r.opt("role")?,
            allocation: r.req::<u8>("allocation")?.min(100),
            days_off: r.opt("days_off")?,
            focus: r.opt::<Option<u8>>("focus")?.map(|f| f.min(100)),
        })
    }
}

impl ToJson for SprintResult {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("committed", &self.committed)
            .put("completed", &self.completed)
            .put("person_days", &self.person_days)
            .put_nondefault("scope", &self.scope)
            .build()
    }
}

impl FromJson for SprintResult {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(SprintResult {
            committed: r.req("committed")?,
            completed: r.req("completed")?,
            person_days: r.req("person_days")?,
            scope: r.opt("scope")?,
        })
    }
}

impl ToJson for Sprint {
    fn to_json(&self) -> Json {
        let b = ObjBuilder::new()
            .put("id", &self.id)
            .put("name", &self.name)
            .put("start", &self.start)
            .put("working_days", &self.working_days)
            .put_nondefault("goal", &self.goal)
            .put("weekdays", &self.weekdays)
            .put_nondefault("holidays", &self.holidays)
            .put("hours_per_day", &self.hours_per_day);
        match &self.result {
            Some(result) => b.put("result", result),
            None => b,
        }
        .build()
    }
}

impl FromJson for Sprint {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Sprint {
            id: r.req("id")?,
            name: r.req("name")?,
            start: r.req("start")?,
            working_days: r.req("working_days")?,
            goal: r.opt("goal")?,
            result: r.opt::<Option<SprintResult>>("result")?,
            weekdays: r.opt::<Option<u8>>("weekdays")?.unwrap_or(MON_TO_FRI) & 0x7f,
            holidays: r.opt("holidays")?,
            hours_per_day: r.opt::<Option<u32>>("hours_per_day")?.unwrap_or(800).min(2400),
        })
    }
}

impl ToJson for BoardSettings {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("quick_add", &self.quick_add)
            .put("velocity_window", &self.velocity_window)
            .put("guess_focus", &self.guess_focus)
            .put("guess_points_per_day", &self.guess_points_per_day)
            .build()
    }
}

impl FromJson for BoardSettings {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let d = BoardSettings::default();
        Ok(BoardSettings {
            quick_add: r.opt("quick_add")?,
            velocity_window: r.opt::<Option<u8>>("velocity_window")?.unwrap_or(d.velocity_window).clamp(1, 12),
            guess_focus: r.opt::<Option<u8>>("guess_focus")?.unwrap_or(d.guess_focus).min(100),
            guess_points_per_day: r.opt::<Option<Points>>("guess_points_per_day")?.unwrap_or(d.guess_points_per_day),
        })
    }
}

impl ToJson for Board {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("id", &self.id)
            .put("name", &self.name)
            .put("revision", &self.revision)
            .put("updated_at", &self.updated_at)
            .put("stories", &self.stories)
            .put("members", &self.members)
            .put("sprints", &self.sprints)
            .put("settings", &self.settings)
            .put_nondefault("decks", &self.decks)
            .build()
    }
}

impl FromJson for Board {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Board {
            id: r.req("id")?,
            name: r.req("name")?,
            revision: r.opt("revision")?,
            updated_at: r.opt("updated_at")?,
            stories: r.req::<Vec<Arc<Story>>>("stories")?,
            members: r.opt("members")?,
            sprints: r.opt("sprints")?,
            settings: r.opt("settings")?,
            decks: r.opt("decks")?,
        })
    }
}

impl ToJson for OrderPatch {
    fn to_json(&self) -> Json {
        let insert: Vec<Json> = self.insert.iter().map(|(i, id)| Json::Arr(vec![i.to_json(), id.to_json()])).collect();
        ObjBuilder::new().put_nondefault("remove", &self.remove).put_nondefault("insert", &insert).build()
    }
}

impl FromJson for OrderPatch {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let pairs: Vec<(usize, StoryId)> =
            r.opt::<Vec<Pair<usize, StoryId>>>("insert")?.into_iter().map(|p| (p.0, p.1)).collect();
        Ok(OrderPatch { remove: r.opt("remove")?, insert: pairs })
    }
}

/// A two-element JSON array read as a pair.
struct Pair<A, B>(A, B);

impl<A: FromJson, B: FromJson> FromJson for Pair<A, B> {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        match j {
            Json::Arr(items) if items.len() == 2 => Ok(Pair(
                A::from_json(&items[0], &Path::Index(path, 0))?,
                B::from_json(&items[1], &Path::Index(path, 1))?,
            )),
            _ => Err(JsonError::shape(path, "expected a pair")),
        }
    }
}

/// Stories as a change left them: by id, `None` where absent.
type StoryStates = Vec<(StoryId, Option<Arc<Story>>)>;

fn story_states_json(v: &[(StoryId, Option<Arc<Story>>)]) -> Json {
    Json::Arr(v.iter().map(|(id, s)| Json::Arr(vec![id.to_json(), s.to_json()])).collect())
}

impl ToJson for Meta {
    fn to_json(&self) -> Json {
        ObjBuilder::new()
            .put("name", &self.name)
            .put("members", &self.members)
            .put("sprints", &self.sprints)
            .put("settings", &self.settings)
            .put_nondefault("decks", &self.decks)
            .build()
    }
}

impl FromJson for Meta {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Meta {
            name: r.req("name")?,
            members: r.opt("members")?,
            sprints: r.opt("sprints")?,
            settings: r.opt("settings")?,
            decks: r.opt("decks")?,
        })
    }
}

impl ToJson for Change {
    fn to_json(&self) -> Json {
        let b = ObjBuilder::new()
            .put("label", &self.label)
            .put("before", &story_states_json(&self.before))
            .put("after", &story_states_json(&self.after))
            .put("undo_order", &self.undo_order)
            .put("redo_order", &self.redo_order);
        match (&self.meta_before, &self.meta_after) {
            (Some(before), Some(after)) => b.put("meta_before", &**before).put("meta_after", &**after),
            _ => b,
        }
        .build()
    }
}

impl FromJson for Change {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let states = |key: &str| -> Result<StoryStates, JsonError> {
            Ok(r.opt::<Vec<Pair<StoryId, Option<Arc<Story>>>>>(key)?.into_iter().map(|p| (p.0, p.1)).collect())
        };
        Ok(Change {
            label: r.req("label")?,
            before: states("before")?,
            after: states("after")?,
            undo_order: r.opt("undo_order")?,
            redo_order: r.opt("redo_order")?,
            meta_before: r.opt::<Option<Meta>>("meta_before")?.map(Box::new),
            meta_after: r.opt::<Option<Meta>>("meta_after")?.map(Box::new),
        })
    }
}

impl ToJson for History {
    fn to_json(&self) -> Json {
        ObjBuilder::new().put("undo", &self.undo).put("redo", &self.redo).build()
    }
}

impl FromJson for History {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(History { undo: r.opt("undo")?, redo: r.opt("redo")? })
    }
}

impl ToJson for Card {
    fn to_json(&self) -> Json {
        ObjBuilder::new().put("label", &self.label).put_nondefault("value", &self.value).build()
    }
}

impl FromJson for Card {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Card { label: r.req("label")?, value: r.opt("value")? })
    }
}

impl ToJson for Deck {
    fn to_json(&self) -> Json {
        ObjBuilder::new().put("key", &self.key).put("name", &self.name).put("cards", &self.cards).build()
    }
}

impl FromJson for Deck {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let deck = Deck { key: r.req("key")?, name: r.req("name")?, cards: r.req("cards")? };
        deck.clean().map_err(|e| JsonError::shape(path, e.to_string()))
    }
}

/// A vote as `[voter, card]`.
impl ToJson for RoundRecord {
    fn to_json(&self) -> Json {
        let votes: Vec<Json> = self.votes.iter().map(|(v, c)| Json::Arr(vec![v.to_json(), c.to_json()])).collect();
        ObjBuilder::new()
            .put("at", &self.at)
            .put("deck", &self.deck)
            .put("votes", &votes)
            .put("seconds", &self.seconds)
            .put_nondefault("accepted", &self.accepted)
            .build()
    }
}

impl FromJson for RoundRecord {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let votes: Vec<Pair<String, Card>> = r.req("votes")?;
        Ok(RoundRecord {
            at: r.req("at")?,
            deck: r.req("deck")?,
            votes: votes.into_iter().map(|Pair(a, b)| (a, b)).collect(),
            seconds: r.opt("seconds")?,
            accepted: r.opt("accepted")?,
        })
    }
}

impl ToJson for Vote {
    fn to_json(&self) -> Json {
        ObjBuilder::new().put("voter", &self.voter).put("card", &self.card).put("at", &self.at).build()
    }
}

impl FromJson for Vote {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        Ok(Vote { voter: r.req("voter")?, card: r.req("card")?, at: r.opt("at")? })
    }
}

/// A live poker round, as kept in this browser and sent between its windows.
impl ToJson for Round {
    fn to_json(&self) -> Json {
        let b = ObjBuilder::new().put("id", &format!("{:x}", self.id));
        let b = match &self.topic {
            Topic::Story(id) => b.put("story", id),
            Topic::Free(text) => b.put("topic", text),
        };
        b.put("title", &self.title)
            .put("deck", &self.deck)
            .put("voters", &self.voters)
            .put("votes", &self.votes)
            .put("revealed", &self.revealed)
            .put("auto_reveal", &self.auto_reveal)
            .put("started_at", &self.started_at)
            .put_nondefault("revealed_at", &self.revealed_at)
            .put_nondefault("timer_secs", &self.timer_secs)
            .put_nondefault("earlier", &self.earlier)
            .build()
    }
}

impl FromJson for Round {
    fn from_json(j: &Json, path: &Path<'_>) -> Result<Self, JsonError> {
        let r = ObjReader::new(j, path)?;
        let id: String = r.req("id")?;
        let id = u64::from_str_radix(&id, 16).map_err(|_| JsonError::shape(path, "a round id"))?;
        let topic = match r.opt::<Option<StoryId>>("story")? {
            Some(s) => Topic::Story(s),
            None => Topic::Free(r.req("topic")?),
        };
        Ok(Round {
            id,
            topic,
            title: r.req("title")?,
            deck: r.req("deck")?,
            voters: r.opt("voters")?,
            votes: r.opt("votes")?,
            revealed: r.opt("revealed")?,
            auto_reveal: r.opt("auto_reveal")?,
            started_at: r.opt("started_at")?,
            revealed_at: r.opt("revealed_at")?,
            timer_secs: r.opt("timer_secs")?,
            earlier: r.opt("earlier")?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The live poker round

/// The key pair that opens sealed votes for a round: public key (raw) and private key (PKCS #8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundKeys {
    pub public: Vec<u8>,
    pub private: Vec<u8>,
}

/// The text stored for a board's live poker round, with the facilitator's keys if given (the
/// copy sent to other windows leaves them out).
pub fn encode_round(round: &Option<Round>, keys: &Option<RoundKeys>) -> String {
    let b = ObjBuilder::new().put("schema", &1u32).put("round", round);
    let b = match keys {
        Some(k) => b.put("public", &base64url::encode(&k.public)).put("private", &base64url::encode(&k.private)),
        None => b,
    };
    b.build().to_text()
}

/// Reads what [`encode_round`] wrote; the error says why it cannot be read.
pub fn decode_round(text: &str) -> Result<(Option<Round>, Option<RoundKeys>), String> {
    let doc = json::parse(text).map_err(|e| e.to_string())?;
    let root = Path::Root("round");
    let r = ObjReader::new(&doc, &root).map_err(|e| e.to_string())?;
    let round: Option<Round> = r.opt("round").map_err(|e| e.to_string())?;
    let public: Option<String> = r.opt("public").map_err(|e| e.to_string())?;
    let private: Option<String> = r.opt("private").map_err(|e| e.to_string())?;
    let keys = match (public, private) {
        (Some(a), Some(b)) => Some(RoundKeys {
            public: base64url::decode(&a).map_err(|e| e.to_string())?,
            private: base64url::decode(&b).map_err(|e| e.to_string())?,
        }),
        _ => None,
    };
    Ok((round, keys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Action, Ctx, StoryDraft};

    fn sample() -> Board {
        let mut b = Board::new(BoardId(0x5eed), "Team <b>".into(), 10);
        let ctx = Ctx { now: 20, site: 1 };
        for t in ["First", "Second \"quoted\"", "Третья"] {
            b.apply(&Action::AddStory { draft: StoryDraft::titled(t), at: AddAt::Bottom }, &ctx).unwrap();
        }
        b
    }

    #[test]
    fn board_round_trips() {
        let b = sample();
        assert_eq!(decode_board(&encode_board(&b)), Ok(b.clone()));
        assert_eq!(decode_board(&encode_board_pretty(&b)), Ok(b.clone()));
        assert_eq!(peek_revision(&encode_board(&b)), Some(3));
    }

    #[test]
    #[ignore = "writes a fixture of the current format; run when the format version is bumped"]
    fn write_fixture_of_this_version() {
        use crate::domain::{Change, MoveTo};
        let mut b = sample();
        let mut history = History::default();
        let ctx = Ctx { now: 30, site: 1 };
        for a in [
            Action::MoveStories { ids: vec![b.stories[2].id], to: MoveTo::Top },
            Action::RenameBoard { name: "Fixture v2".into() },
        ] {
            let before = b.clone();
            b.apply(&a, &ctx).unwrap();
            history.record(Change::between(&before, &b, a.label()).unwrap());
        }
        let path = format!("{}/tests/fixtures/storage/board-v{SCHEMA_VERSION}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(path, encode_stored(&b, &history)).unwrap();
    }

    #[test]
    fn history_round_trips_with_the_board() {
        use crate::domain::{Change, MoveTo};
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
        history.undo(&mut b, 40);
        let text = encode_stored(&b, &history);
        let back = decode_stored(&text).unwrap();
        assert_eq!(back, Stored { board: b.clone(), history: history.clone() });

        // Opening leaves the history as JSON; decoded later it is the same, and written back
        // undecoded it is unchanged.
        let (board, json) = decode_stored_lazily(&text).unwrap();
        assert_eq!(board, b);
        assert_eq!(decode_history(&json).unwrap(), history);
        assert_eq!(encode_stored_with(&board, json), text);
    }

    #[test]
    fn an_unreadable_history_does_not_keep_the_board_from_opening() {
        let b = sample();
        let text = encode_stored_with(&b, json::parse(r#"{"undo": [{"label": 7}]}"#).unwrap());
        assert!(matches!(decode_stored(&text), Err(FormatError::Shape { .. })));
        let (board, json) = decode_stored_lazily(&text).unwrap();
        assert_eq!(board, b);
        let err = decode_history(&json).unwrap_err().to_string();
        assert!(err.contains("file.history.undo[0].label"), "{err}");
        assert_eq!(decode_board(&text).unwrap(), b);
        // No history at all is an empty one.
        let (_, none) = decode_stored_lazily(&encode_board(&b)).unwrap();
        assert_eq!(decode_history(&none).unwrap(), History::default());
    }

    #[test]
    fn the_version_1_fixture_still_decodes() {
        let text = include_str!("../../tests/fixtures/storage/board-v1.json");
        let stored = decode_stored(text).unwrap();
        assert_eq!(stored.history, History::default());
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
        let text = include_str!("../../tests/fixtures/storage/board-v2.json");
        let Stored { mut board, mut history } = decode_stored(text).unwrap();
        assert_eq!(board.name, "Fixture v2");
        assert_eq!(board.stories[0].title, "Третья");
        assert_eq!(history.undo.len(), 2);
        history.undo(&mut board, 40);
        history.undo(&mut board, 41);
        assert_eq!(board.name, "Team <b>");
        assert_eq!(board.stories[0].title, "First");
    }

    #[test]
    fn the_version_3_fixture_reads_with_the_capacity_defaults() {
        let text = include_str!("../../tests/fixtures/storage/board-v3.json");
        let Stored { board, .. } = decode_stored(text).unwrap();
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
    fn poker_rounds_and_decks_round_trip() {
        use crate::domain::poker::{Topic, builtin_decks};
        let mut b = sample();
        let deck = builtin_decks().remove(2);
        let mut round = Round::new(0xabc, Topic::Story(b.stories[0].id), "t".into(), deck.clone(), 5);
        round.join("Ann").unwrap();
        round.vote("Ann", 2, 6).unwrap();
        round.reveal(7).unwrap();
        let mut s = (*b.stories[0]).clone();
        s.rounds.push(round.record(8, Some(deck.cards[2].clone())));
        b.stories[0] = Arc::new(s);
        b.decks.push(deck);
        assert_eq!(decode_board(&encode_board(&b)), Ok(b));
        let text = ObjBuilder::new().put("round", &Some(round.clone())).build().to_text();
        let doc = json::parse(&text).unwrap();
        let root = Path::Root("r");
        let back: Option<Round> = ObjReader::new(&doc, &root).unwrap().opt("round").unwrap();
        assert_eq!(back, Some(round));
    }

    #[test]
    fn bad_texts_give_specific_errors() {
        assert!(matches!(decode_board(""), Err(FormatError::NotJson(_))));
        assert!(matches!(decode_board("{\"schema\":1,"), Err(FormatError::NotJson(_))));
        assert_eq!(decode_board("{}"), Err(FormatError::NoVersion));
        assert_eq!(decode_board("[1,2]"), Err(FormatError::NoVersion));
        assert_eq!(decode_board("{\"schema\":99}"), Err(FormatError::Newer { found: 99 }));
        let err = decode_board("{\"schema\":1,\"board\":{}}").unwrap_err();
        assert_eq!(err.to_string(), "its fields do not match format 1 (file.board.id: is missing)");
        assert!(matches!(decode_board("{\"schema\":2,\"board\":{}}"), Err(FormatError::Shape { schema: 2, .. })));
        let err = decode_board(r#"{"schema":1,"board":{"id":"1","name":"x","stories":[{"id":"zz","title":"t"}]}}"#)
            .unwrap_err();
        assert_eq!(err.to_string(), "its fields do not match format 1 (file.board.stories[0].id: “zz” is not an id)");
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
        assert_eq!(decode_index(&encode_index(&index)), Ok(index));
    }
}
