//! Share links: a board (or part of it) carried whole in the URL fragment.
//!
//! A link's payload is base64url of `[version][body]`. Version 1: the body is raw deflate of the
//! binary encoding below. Version 2: the body is `salt (16) · iv (12) · AES-GCM ciphertext` of a
//! version-1 deflated body, sealed with a key derived from a passphrase (the browser does the
//! cryptography; see `state::crypto`). Old versions keep decoding forever: the fixtures in
//! `tests/fixtures/links` are decoded by the tests.
//!
//! Decoding is bounded: at most 16 KB of link text, at most 1 MB once inflated (inflating stops
//! there), every count and text length checked, and every text cleaned exactly like text typed
//! into the app. Each failure is a [`LinkError`] that tells the user what is wrong.

use std::sync::Arc;

use super::base64url::{self, Base64Error};
use super::bin::{BinError, Reader, Writer};
use super::kinds::{self, Kind};
use crate::domain::board::{Member, Sprint, SprintResult};
use crate::domain::capacity::MON_TO_FRI;
use crate::domain::ids::SprintId;
use crate::domain::poker::{
    CARDS_MAX, Card, Confidence, DECKS_MAX, Deck, LABEL_MAX, RECORDS_PER_STORY_MAX, RoundRecord, VOTERS_MAX, clean_name,
};
use crate::domain::text::{self, LONG_TEXT_MAX, NAME_MAX, STORIES_MAX, TAG_MAX, TAGS_PER_STORY_MAX, TITLE_MAX};
use crate::domain::validate::{self, DAYS_MAX, MEMBERS_MAX, SPRINTS_MAX};
use crate::domain::{AddAt, Board, BoardId, Date, DomainError, Field, MemberId, Points, Status, Story, StoryId};

/// The body version this app writes.
pub const BODY: u8 = 5;
/// The longest link payload read.
pub const MAX_LINK_CHARS: usize = 16 * 1024;
/// The most a link's body may inflate to.
pub const MAX_INFLATED: usize = 1024 * 1024;

/// Which part of a board a link carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Everything: backlog, team, sprints.
    Board,
    /// The backlog only.
    Backlog,
    /// Everything, to be viewed read-only (with a "make my own copy" button).
    Plan,
}

impl Part {
    fn code(self) -> u8 {
        match self {
            Part::Board => 0,
            Part::Backlog => 1,
            Part::Plan => 2,
        }
    }
}

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Shared {
    Board { part: Part, board: Board },
}

/// Why a link cannot be opened. Messages complete "This link cannot be opened: …".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("it is empty")]
    Empty,
    #[error("it is {0} characters long; SprintDeck links are at most 16,384")]
    TooLong(usize),
    #[error("{0}")]
    NotBase64(Base64Error),
    #[error("it was made by a newer version of SprintDeck (link format {0}); reload to update the app")]
    Newer(u8),
    #[error("it is not a SprintDeck link (unknown format {0})")]
    Unknown(u8),
    #[error("it is damaged: its compressed data does not unpack (was it cut short or changed?)")]
    Corrupt,
    #[error("it unpacks to more than 1 MB, more than any real board")]
    TooBig,
    #[error("its content is damaged: {0}")]
    Body(BinError),
    #[error("its board is not valid: {0}")]
    Invalid(DomainError),
    #[error("it is protected by a passphrase")]
    Sealed,
    #[error("it is a planning poker link; open it with the app to vote or add the vote")]
    Poker,
    #[error("it is a program link; open it with the app")]
    Program,
    #[error("it is a live room's link; open it with the app to join the room")]
    Room,
    #[error("{0}")]
    Relay(String),
}

impl From<BinError> for LinkError {
    fn from(e: BinError) -> Self {
        LinkError::Body(e)
    }
}

/// A link's payload after base64 and before the body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// A deflated body of the given body version.
    Plain { body: u8, deflated: Vec<u8> },
    /// A passphrase-protected body of the given body version, its key derived from the
    /// passphrase with `iterations` of PBKDF2.
    Sealed { body: u8, iterations: u32, salt: Vec<u8>, iv: Vec<u8>, ciphertext: Vec<u8> },
}

/// The payload text (what follows `#/open/`) of a link carrying `shared`.
pub fn encode(shared: &Shared) -> String {
    let mut raw = vec![kinds::BOARD_5];
    raw.extend(deflate(shared));
    base64url::encode(&raw)
}

/// The deflated body of `shared` (what a sealed link encrypts).
pub fn deflate(shared: &Shared) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(&body(shared), 10)
}

/// The payload text of a sealed link.
pub fn encode_sealed(salt: &[u8], iv: &[u8], ciphertext: &[u8]) -> String {
    let mut raw = vec![kinds::SEALED_BOARD_5_KDF2];
    raw.extend_from_slice(salt);
    raw.extend_from_slice(iv);
    raw.extend_from_slice(ciphertext);
    base64url::encode(&raw)
}

/// The bytes of a link payload: bounded in length, base64url-decoded.
pub fn raw_bytes(text: &str) -> Result<Vec<u8>, LinkError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(text.len()));
    }
    base64url::decode(text).map_err(LinkError::NotBase64)
}

/// Raw-inflates at most [`MAX_INFLATED`] bytes.
pub fn inflate_bounded(deflated: &[u8]) -> Result<Vec<u8>, LinkError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_INFLATED).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            LinkError::TooBig
        } else {
            LinkError::Corrupt
        }
    })
}

/// Reads a link's payload text as far as its envelope.
pub fn open(text: &str) -> Result<Envelope, LinkError> {
    let raw = raw_bytes(text)?;
    let Some((&byte, rest)) = raw.split_first() else { return Err(LinkError::Empty) };
    match kinds::of(byte) {
        Some(Kind::Board { body, sealed: false }) => Ok(Envelope::Plain { body, deflated: rest.to_vec() }),
        Some(Kind::Board { body, sealed: true }) if rest.len() >= 16 + 12 + 16 => Ok(Envelope::Sealed {
            body,
            iterations: kinds::iterations(byte),
            salt: rest[..16].to_vec(),
            iv: rest[16..28].to_vec(),
            ciphertext: rest[28..].to_vec(),
        }),
        Some(Kind::Board { sealed: true, .. }) => Err(LinkError::Body(BinError::Truncated)),
        Some(Kind::Poker(_)) => Err(LinkError::Poker),
        Some(Kind::Program(_)) => Err(LinkError::Program),
        Some(Kind::Room) => Err(LinkError::Room),
        None if kinds::is_newer(byte) => Err(LinkError::Newer(byte)),
        None => Err(LinkError::Unknown(byte)),
    }
}

/// Decodes a whole plain link's payload text.
pub fn decode(text: &str) -> Result<Shared, LinkError> {
    match open(text)? {
        Envelope::Plain { body, deflated } => inflate(&deflated, body),
        Envelope::Sealed { .. } => Err(LinkError::Sealed),
    }
}

/// Inflates (at most [`MAX_INFLATED`] bytes) and reads a deflated body of version `body`.
pub fn inflate(deflated: &[u8], body: u8) -> Result<Shared, LinkError> {
    read_body(&inflate_bounded(deflated)?, body)
}

// ---------------------------------------------------------------------------------------------
// The binary body

/// Ids are `site << 32 | n`; sites are written once in a table and referred to by index.
struct Sites(Vec<u32>);

impl Sites {
    fn index(&self, id: u64) -> u64 {
        self.0.iter().position(|s| u64::from(*s) == id >> 32).unwrap_or(0) as u64
    }
}

const F_DESCRIPTION: u8 = 1;
const F_ACCEPTANCE: u8 = 2;
const F_ESTIMATE: u8 = 4;
const F_VALUE: u8 = 8;
const F_TIME_CRITICALITY: u8 = 16;
const F_RISK_REDUCTION: u8 = 32;
const F_TAGS: u8 = 64;

fn status_code(s: Status) -> u8 {
    match s {
        Status::New => 0,
        Status::Ready => 1,
        Status::InSprint => 2,
        Status::Done => 3,
    }
}

fn body(shared: &Shared) -> Vec<u8> {
    let Shared::Board { part, board } = shared;
    let mut w = Writer::default();
    w.u8(part.code());
    w.varint(board.id.0);
    w.str(&board.name);
    w.varint(board.revision);
    w.zigzag(board.updated_at);
    w.u8(u8::from(board.settings.quick_add == AddAt::Top));
    let with_team = *part != Part::Backlog;
    let (members, sprints): (&[Member], &[Sprint]) =
        if with_team { (&board.members, &board.sprints) } else { (&[], &[]) };
    let mut sites: Vec<u32> = board.stories.iter().map(|s| (s.id.0 >> 32) as u32).collect();
    sites.extend(members.iter().map(|m| (m.id.0 >> 32) as u32));
    sites.sort_unstable();
    sites.dedup();
    w.varint(sites.len() as u64);
    for s in &sites {
        w.varint(u64::from(*s));
    }
    let sites = Sites(sites);
    // Stories are written column by column (all ids, all flags, all titles, …): similar values
    // side by side compress far better than interleaved records.
    let stories = &board.stories;
    w.varint(stories.len() as u64);
    let mut prev_seq = 0i64;
    for s in stories {
        w.varint(sites.index(s.id.0));
        let seq = (s.id.0 & 0xffff_ffff) as i64;
        w.zigzag(seq - prev_seq);
        prev_seq = seq;
    }
    let flags: Vec<u8> = stories
        .iter()
        .map(|s| {
            [
                (!s.description.is_empty(), F_DESCRIPTION),
                (!s.acceptance.is_empty(), F_ACCEPTANCE),
                (s.estimate.is_some(), F_ESTIMATE),
                (s.value.is_some(), F_VALUE),
                (s.time_criticality.is_some(), F_TIME_CRITICALITY),
                (s.risk_reduction.is_some(), F_RISK_REDUCTION),
                (!s.tags.is_empty(), F_TAGS),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .fold(0u8, |f, (_, bit)| f | bit)
        })
        .collect();
    w.bytes(&flags);
    for s in stories {
        w.u8(status_code(s.status));
    }
    for s in stories {
        w.str(&s.title);
    }
    for (s, f) in stories.iter().zip(&flags) {
        if f & F_DESCRIPTION != 0 {
            w.str(&s.description);
        }
    }
    for (s, f) in stories.iter().zip(&flags) {
        if f & F_ACCEPTANCE != 0 {
            w.str(&s.acceptance);
        }
    }
    for (bit, get) in [
        (F_ESTIMATE, (|s: &Story| s.estimate.map(|p| p.0)) as fn(&Story) -> Option<u32>),
        (F_VALUE, |s: &Story| s.value),
        (F_TIME_CRITICALITY, |s: &Story| s.time_criticality),
        (F_RISK_REDUCTION, |s: &Story| s.risk_reduction),
    ] {
        for (s, f) in stories.iter().zip(&flags) {
            if let Some(v) = get(s).filter(|_| f & bit != 0) {
                w.varint(u64::from(v));
            }
        }
    }
    for (s, f) in stories.iter().zip(&flags) {
        if f & F_TAGS != 0 {
            w.varint(s.tags.len() as u64);
            for t in &s.tags {
                w.str(t);
            }
        }
    }
    for s in stories {
        // How long before the board's last change the story was last changed, in seconds:
        // enough for "the newer edit wins" when merging, and a few bytes instead of eight.
        w.varint((board.updated_at.saturating_sub(s.updated_at).max(0) / 1000) as u64);
    }
    w.varint(members.len() as u64);
    for m in members {
        w.varint(sites.index(m.id.0));
        w.varint(m.id.0 & 0xffff_ffff);
        w.str(&m.name);
        w.str(&m.role);
        w.u8(m.allocation);
        write_dates(&mut w, &m.days_off);
    }
    w.varint(sprints.len() as u64);
    for s in sprints {
        w.varint(s.id.0);
        w.str(&s.name);
        w.zigzag(i64::from(s.start.0));
        w.varint(u64::from(s.working_days));
        w.str(&s.goal);
        match &s.result {
            None => w.u8(0),
            Some(r) => {
                w.u8(1);
                w.varint(u64::from(r.committed.0));
                w.varint(u64::from(r.completed.0));
                w.varint(u64::from(r.person_days));
            }
        }
    }
    write_ext(&mut w, board, members, sprints);
    write_sprints(&mut w, board, sprints);
    write_confidence(&mut w, board);
    write_impediments(&mut w, board);
    w.buf
}

/// Body version 5 appends the team's impediments: how many, then each one's title, when it was
/// raised (milliseconds) and whether it is resolved.
fn write_impediments(w: &mut Writer, board: &Board) {
    w.varint(board.impediments.len() as u64);
    for x in &board.impediments {
        w.str(&x.title);
        w.zigzag(x.raised_at);
        w.u8(u8::from(x.resolved));
    }
}

fn read_impediments(r: &mut Reader<'_>, board: &mut Board) -> Result<(), LinkError> {
    let n = r.count("number of impediments", validate::IMPEDIMENTS_MAX, 3)?;
    for _ in 0..n {
        let title = text::one_line(Field::Impediment, &r.str("impediment", TITLE_MAX)?, TITLE_MAX)
            .map_err(LinkError::Invalid)?;
        let raised_at = r.zigzag()?;
        let resolved = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(BinError::Unknown("impediment state").into()),
        };
        board.impediments.push(crate::domain::board::Impediment { title, raised_at, resolved });
    }
    Ok(())
}

/// Body version 4 appends, for every recorded vote of the rounds version 2 wrote (in the same
/// order), the voter's confidence: 0 for none, 1 unsure, 2 fairly sure, 3 sure.
fn write_confidence(w: &mut Writer, board: &Board) {
    for s in board.stories.iter().filter(|s| !s.rounds.is_empty()) {
        for rec in &s.rounds {
            for (who, _) in &rec.votes {
                w.u8(rec.confidence_of(who).map_or(0, Confidence::code));
            }
        }
    }
}

fn read_confidence(r: &mut Reader<'_>, board: &mut Board) -> Result<(), LinkError> {
    for story in board.stories.iter_mut().filter(|s| !s.rounds.is_empty()) {
        let s = Arc::make_mut(story);
        for rec in s.rounds.iter_mut() {
            let mut given = Vec::new();
            for (who, _) in &rec.votes {
                let c = Confidence::from_code(r.u8()?).ok_or(BinError::Unknown("confidence"))?;
                if let Some(c) = c
                    && !given.iter().any(|(w, _)| w == who)
                {
                    given.push((who.clone(), c));
                }
            }
            rec.confidence = given;
        }
    }
    Ok(())
}

/// Body version 3 appends, for every story in backlog order, the sprint it was committed to
/// and the one it was completed in: 0 for none, 1 for outside any sprint, 2 + the index of the
/// sprint in the link's sprint list. (A backlog-only link carries no sprints, so no sprint.)
fn write_sprints(w: &mut Writer, board: &Board, sprints: &[Sprint]) {
    let code = |id: Option<SprintId>| match id {
        None => 0,
        Some(SprintId::OUTSIDE) => 1,
        Some(id) => sprints.iter().position(|s| s.id == id).map_or(0, |i| i as u64 + 2),
    };
    for s in &board.stories {
        w.varint(code(s.committed_to));
        w.varint(code(s.completed_in));
    }
}

fn read_sprints(r: &mut Reader<'_>, board: &mut Board) -> Result<(), LinkError> {
    let ids: Vec<SprintId> = board.sprints.iter().map(|s| s.id).collect();
    let sprint = |r: &mut Reader<'_>| -> Result<Option<SprintId>, LinkError> {
        Ok(match small(r, "sprint", ids.len() as u64 + 1)? {
            0 => None,
            1 => Some(SprintId::OUTSIDE),
            i => Some(ids[i as usize - 2]),
        })
    };
    for story in board.stories.iter_mut() {
        let (committed, completed) = (sprint(r)?, sprint(r)?);
        if (committed, completed) != (None, None) {
            let s = Arc::make_mut(story);
            (s.committed_to, s.completed_in) = (committed, completed);
        }
    }
    Ok(())
}

fn write_card(w: &mut Writer, c: &Card) {
    w.str(&c.label);
    w.varint(c.value.map_or(0, |v| u64::from(v.0) + 1));
}

fn read_card(r: &mut Reader<'_>) -> Result<Card, LinkError> {
    let label = r.str("card", LABEL_MAX)?;
    let label = text::one_line(Field::Card, &label, LABEL_MAX).map_err(LinkError::Invalid)?;
    let value = match r.bounded("card value", u64::from(Points::MAX_WHOLE) * 100 + 1)? {
        0 => None,
        v => Some(Points((v - 1) as u32)),
    };
    Ok(Card { label, value })
}

/// Body version 2 appends what poker and capacity planning added, in the order the version-1
/// part wrote sprints and members: sprint calendars, member focus, capacity settings, decks,
/// and the poker rounds of the stories that have any.
fn write_ext(w: &mut Writer, board: &Board, members: &[Member], sprints: &[Sprint]) {
    for s in sprints {
        w.u8(s.weekdays);
        write_dates(w, &s.holidays);
        w.varint(u64::from(s.hours_per_day));
        w.varint(s.result.and_then(|r| r.scope).map_or(0, |p| u64::from(p.0) + 1));
    }
    for m in members {
        w.u8(m.focus.map_or(0, |f| f.min(100) + 1));
    }
    let st = &board.settings;
    w.u8(st.velocity_window);
    w.u8(st.guess_focus);
    w.varint(u64::from(st.guess_points_per_day.0));
    w.varint(board.decks.len() as u64);
    for d in &board.decks {
        w.str(&d.key);
        w.str(&d.name);
        w.varint(d.cards.len() as u64);
        for c in &d.cards {
            write_card(w, c);
        }
    }
    let with_rounds: Vec<(usize, &Arc<Story>)> =
        board.stories.iter().enumerate().filter(|(_, s)| !s.rounds.is_empty()).collect();
    w.varint(with_rounds.len() as u64);
    for (i, s) in with_rounds {
        w.varint(i as u64);
        w.varint(s.rounds.len() as u64);
        for rec in &s.rounds {
            w.zigzag(board.updated_at.saturating_sub(rec.at) / 1000);
            w.str(&rec.deck);
            w.varint(u64::from(rec.seconds));
            w.varint(rec.votes.len() as u64);
            for (who, c) in &rec.votes {
                w.str(who);
                write_card(w, c);
            }
            match &rec.accepted {
                None => w.u8(0),
                Some(c) => {
                    w.u8(1);
                    write_card(w, c);
                }
            }
        }
    }
}

fn read_ext(r: &mut Reader<'_>, board: &mut Board) -> Result<(), LinkError> {
    for s in board.sprints.iter_mut() {
        s.weekdays = r.u8()? & 0x7f;
        s.holidays = read_dates(r)?;
        s.hours_per_day = small(r, "hours per day", 2400)?;
        let scope = small(r, "points", u64::from(Points::MAX_WHOLE) * 100 * 5000 + 1)?;
        if let Some(res) = s.result.as_mut() {
            res.scope = scope.checked_sub(1).map(Points);
        }
    }
    for m in board.members.iter_mut() {
        m.focus = r.u8()?.checked_sub(1).map(|f| f.min(100));
    }
    board.settings.velocity_window = r.u8()?.clamp(1, 12);
    board.settings.guess_focus = r.u8()?.min(100);
    board.settings.guess_points_per_day = Points(small(r, "points", u64::from(Points::MAX_WHOLE) * 100)?);
    let n = r.count("number of decks", DECKS_MAX, 4)?;
    for _ in 0..n {
        let key = r.str("deck key", NAME_MAX)?;
        let name = r.str("deck name", NAME_MAX)?;
        let k = r.count("number of cards", CARDS_MAX, 2)?;
        let cards = (0..k).map(|_| read_card(r)).collect::<Result<Vec<_>, _>>()?;
        board.decks.push(Deck { key, name, cards }.clean().map_err(LinkError::Invalid)?);
    }
    let n = r.count("number of estimated stories", board.stories.len(), 2)?;
    for _ in 0..n {
        let i = small(r, "story", board.stories.len() as u64)? as usize;
        let story = board.stories.get_mut(i).ok_or(BinError::Unknown("story"))?;
        let k = r.count("number of rounds", RECORDS_PER_STORY_MAX, 5)?;
        let mut rounds = Vec::with_capacity(k);
        for _ in 0..k {
            let ago = r.zigzag()?.clamp(-(1 << 40), 1 << 40);
            let deck = r.str("deck name", NAME_MAX)?;
            let seconds = small(r, "seconds", u64::from(u32::MAX))?;
            let v = r.count("number of votes", VOTERS_MAX, 2)?;
            let mut votes = Vec::with_capacity(v);
            for _ in 0..v {
                let who = r.str("voter name", crate::domain::poker::VOTER_NAME_MAX)?;
                votes.push((clean_name(&who).map_err(|_| BinError::Unknown("voter name"))?, read_card(r)?));
            }
            let accepted = match r.u8()? {
                0 => None,
                1 => Some(read_card(r)?),
                _ => return Err(BinError::Unknown("accepted card").into()),
            };
            rounds.push(RoundRecord {
                at: board.updated_at.saturating_sub(ago * 1000),
                deck,
                votes,
                confidence: Vec::new(),
                seconds,
                accepted,
            });
        }
        Arc::make_mut(story).rounds = rounds;
    }
    Ok(())
}

fn write_dates(w: &mut Writer, dates: &[Date]) {
    w.varint(dates.len() as u64);
    let mut prev = 0i64;
    for d in dates {
        w.zigzag(i64::from(d.0) - prev);
        prev = i64::from(d.0);
    }
}

fn read_dates(r: &mut Reader<'_>) -> Result<Vec<Date>, LinkError> {
    let n = r.count("list of days off", DAYS_MAX, 1)?;
    let mut prev = 0i64;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        prev = prev.checked_add(r.zigzag()?).ok_or(BinError::Overflow)?;
        out.push(Date(i32::try_from(prev).map_err(|_| BinError::Overflow)?));
    }
    Ok(out)
}

fn small(r: &mut Reader<'_>, what: &'static str, max: u64) -> Result<u32, LinkError> {
    Ok(r.bounded(what, max)? as u32)
}

fn read_body(bytes: &[u8], version: u8) -> Result<Shared, LinkError> {
    let mut r = Reader::new(bytes);
    let part = match r.u8()? {
        0 => Part::Board,
        1 => Part::Backlog,
        2 => Part::Plan,
        _ => return Err(BinError::Unknown("kind of link").into()),
    };
    let id = BoardId(r.varint()?);
    let name =
        text::one_line(Field::BoardName, &r.str("board name", NAME_MAX)?, NAME_MAX).map_err(LinkError::Invalid)?;
    let revision = r.varint()?;
    let updated_at = r.zigzag()?;
    let quick_add = match r.u8()? {
        0 => AddAt::Bottom,
        1 => AddAt::Top,
        _ => return Err(BinError::Unknown("setting").into()),
    };
    let site_count = r.count("site table", STORIES_MAX + MEMBERS_MAX, 1)?;
    let sites: Vec<u64> = (0..site_count).map(|_| r.bounded("site", u64::from(u32::MAX))).collect::<Result<_, _>>()?;
    let id_of = |r: &mut Reader<'_>| -> Result<u64, LinkError> {
        let site = *sites.get(r.varint()? as usize).ok_or(BinError::Unknown("site"))?;
        Ok(site << 32 | r.bounded("id", u64::from(u32::MAX))?)
    };
    let n = r.count("number of stories", STORIES_MAX, 5)?;
    let mut ids = Vec::with_capacity(n);
    let mut seq = 0i64;
    for _ in 0..n {
        let site = *sites.get(r.varint()? as usize).ok_or(BinError::Unknown("site"))?;
        seq = seq.checked_add(r.zigzag()?).ok_or(BinError::Overflow)?;
        let low = u64::try_from(seq).ok().filter(|s| *s <= u64::from(u32::MAX)).ok_or(BinError::Overflow)?;
        ids.push(StoryId(site << 32 | low));
    }
    let flags = r.take(n)?.to_vec();
    let statuses = (0..n)
        .map(|_| match r.u8()? {
            0 => Ok(Status::New),
            1 => Ok(Status::Ready),
            2 => Ok(Status::InSprint),
            3 => Ok(Status::Done),
            _ => Err(BinError::Unknown("status")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let titles = (0..n)
        .map(|_| text::one_line(Field::Title, &r.str("title", TITLE_MAX)?, TITLE_MAX).map_err(LinkError::Invalid))
        .collect::<Result<Vec<_>, _>>()?;
    let long = |r: &mut Reader<'_>, bit: u8, field: Field| -> Result<Vec<String>, LinkError> {
        flags
            .iter()
            .map(|f| {
                if f & bit == 0 {
                    return Ok(String::new());
                }
                text::multi_line(field, &r.str("text", LONG_TEXT_MAX)?, LONG_TEXT_MAX).map_err(LinkError::Invalid)
            })
            .collect()
    };
    let descriptions = long(&mut r, F_DESCRIPTION, Field::Description)?;
    let acceptances = long(&mut r, F_ACCEPTANCE, Field::Acceptance)?;
    let numbers = |r: &mut Reader<'_>, bit: u8, max: u64| -> Result<Vec<Option<u32>>, LinkError> {
        flags.iter().map(|f| if f & bit == 0 { Ok(None) } else { small(r, "number", max).map(Some) }).collect()
    };
    let estimates = numbers(&mut r, F_ESTIMATE, u64::from(Points::MAX_WHOLE) * 100)?;
    let values = numbers(&mut r, F_VALUE, 1_000_000)?;
    let criticalities = numbers(&mut r, F_TIME_CRITICALITY, 1_000_000)?;
    let risks = numbers(&mut r, F_RISK_REDUCTION, 1_000_000)?;
    let mut tags = Vec::with_capacity(n);
    for f in &flags {
        tags.push(if f & F_TAGS != 0 {
            let k = r.count("number of tags", TAGS_PER_STORY_MAX, 1)?;
            let raw: Vec<String> = (0..k).map(|_| r.str("tag", TAG_MAX)).collect::<Result<_, _>>()?;
            text::tags(&raw).map_err(LinkError::Invalid)?
        } else {
            Vec::new()
        });
    }
    let ages_max = {
        let (first, last) = validate::time_range();
        (last - first).unsigned_abs() / 1000
    };
    let mut stories = Vec::with_capacity(n);
    for (i, id) in ids.into_iter().enumerate() {
        // Two time stamps the gate accepts are at most the time range apart (a story edited in
        // 1970, the default of old data, on a board saved in 2081 is 111 years older than it).
        let age = r.bounded("age", ages_max)? as i64;
        stories.push(Arc::new(Story {
            id,
            title: titles[i].clone(),
            description: descriptions[i].clone(),
            acceptance: acceptances[i].clone(),
            estimate: estimates[i].map(Points),
            value: values[i],
            time_criticality: criticalities[i],
            risk_reduction: risks[i],
            tags: std::mem::take(&mut tags[i]),
            status: statuses[i],
            updated_at: updated_at.saturating_sub(age * 1000),
            earlier: Vec::new(),
            rounds: Vec::new(),
            committed_to: None,
            completed_in: None,
        }));
    }
    let n = r.count("number of members", MEMBERS_MAX, 4)?;
    let mut members = Vec::with_capacity(n);
    for _ in 0..n {
        let id = MemberId(id_of(&mut r)?);
        let name =
            text::one_line(Field::MemberName, &r.str("name", NAME_MAX)?, NAME_MAX).map_err(LinkError::Invalid)?;
        let role = r.str("role", NAME_MAX)?;
        let role = if role.trim().is_empty() {
            String::new()
        } else {
            text::one_line(Field::Role, &role, NAME_MAX).map_err(LinkError::Invalid)?
        };
        let allocation = r.u8()?.min(100);
        let mut days_off = read_dates(&mut r)?;
        crate::domain::sort::sort_dedup(&mut days_off);
        members.push(Member { id, name, role, allocation, days_off, focus: None });
    }
    let n = r.count("number of sprints", SPRINTS_MAX, 5)?;
    let mut sprints = Vec::with_capacity(n);
    for _ in 0..n {
        let id = SprintId(r.varint()?);
        let name =
            text::one_line(Field::BoardName, &r.str("sprint name", NAME_MAX)?, NAME_MAX).map_err(LinkError::Invalid)?;
        let start = Date(i32::try_from(r.zigzag()?).map_err(|_| BinError::Overflow)?);
        let working_days = r.bounded("sprint length", 366)? as u16;
        let goal = text::multi_line(Field::Description, &r.str("goal", LONG_TEXT_MAX)?, LONG_TEXT_MAX)
            .map_err(LinkError::Invalid)?;
        let result = match r.u8()? {
            0 => None,
            1 => Some(SprintResult {
                committed: Points(small(&mut r, "points", u64::from(u32::MAX))?),
                completed: Points(small(&mut r, "points", u64::from(u32::MAX))?),
                person_days: small(&mut r, "person-days", u64::from(u32::MAX))?,
                scope: None,
            }),
            _ => return Err(BinError::Unknown("sprint result").into()),
        };
        sprints.push(Sprint {
            id,
            name,
            start,
            working_days,
            goal,
            result,
            weekdays: MON_TO_FRI,
            holidays: Vec::new(),
            hours_per_day: 800,
        });
    }
    let mut board = Board::new(id, name, updated_at);
    board.revision = revision;
    board.stories = stories;
    board.members = members;
    board.sprints = sprints;
    board.settings.quick_add = quick_add;
    if version >= 2 {
        read_ext(&mut r, &mut board)?;
    }
    if version >= 4 {
        read_sprints(&mut r, &mut board)?;
        read_confidence(&mut r, &mut board)?;
        if version >= 5 {
            read_impediments(&mut r, &mut board)?;
        }
    } else if version >= 3 {
        read_sprints(&mut r, &mut board)?;
    } else {
        // Older links do not say where done stories were done: placed as stored boards of
        // that time are (see `domain::capacity::place_by_dates`).
        crate::domain::capacity::place_by_dates(&mut board);
    }
    r.finish()?;
    crate::domain::validate::board(&board).map_err(|e| LinkError::Invalid(DomainError::OutOfRange(e)))?;
    Ok(Shared::Board { part, board })
}
