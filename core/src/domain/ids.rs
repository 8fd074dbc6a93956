//! Stable identifiers for boards and the things on them.
//!
//! Ids are 64-bit numbers. Story and member ids are `site << 32 | sequence`: every browser picks a
//! random 32-bit site number once, so copies of a board edited in two browsers never mint the
//! same id for different stories, which is what lets a shared board be merged back by id. Their
//! text form is hex (JavaScript numbers, and so JSON read elsewhere, cannot hold 64 bits).

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:x}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if s.is_empty() || s.len() > 16 {
                    return Err(IdParseError);
                }
                u64::from_str_radix(s, 16).map($name).map_err(|_| IdParseError)
            }
        }

    };
}

id_type!(
    /// Identifies a board across browsers; random, chosen when the board is created.
    BoardId
);
id_type!(
    /// Identifies a story on a board; see the module docs for how it is minted.
    StoryId
);
id_type!(
    /// Identifies a team member on a board.
    MemberId
);
id_type!(
    /// Identifies a sprint on a board.
    SprintId
);

id_type!(
    /// Identifies one save of a board to this browser's storage; random, so two tabs that save
    /// the same revision at the same moment still write different saves (see `storage::sync`).
    SaveId
);

serde_as_text!(BoardId, StoryId, MemberId, SprintId, SaveId);

impl SprintId {
    /// Not a sprint: where a story done outside any sprint is placed (ids minted for sprints
    /// start at 1).
    pub const OUTSIDE: SprintId = SprintId(0);
}

/// Where each story sits in a list of stories, by id: a table sorted by id and searched by
/// halving. (A hash map would do as well, at several kilobytes of WebAssembly more per key and
/// value type.) If an id appears twice, either place may be found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdIndex(Vec<(StoryId, u32)>);

impl IdIndex {
    /// Indexes `ids` by their place in the sequence.
    pub fn new(ids: impl Iterator<Item = StoryId>) -> IdIndex {
        let mut table: Vec<(StoryId, u32)> = ids.zip(0..).collect();
        super::sort::sort_by_key(&mut table, |e| e.0);
        IdIndex(table)
    }

    /// The place of `id`, if it is there.
    pub fn get(&self, id: StoryId) -> Option<usize> {
        let i = self.0.partition_point(|e| e.0 < id);
        self.0.get(i).filter(|e| e.0 == id).map(|e| e.1 as usize)
    }

    pub fn contains(&self, id: StoryId) -> bool {
        self.get(id).is_some()
    }
}

/// A text that is not a hex id of at most 16 digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an id (expected up to 16 hexadecimal digits)")]
pub struct IdParseError;

/// The next `site << 32 | n` id after every existing id minted by `site`.
pub(crate) fn next_on_site(site: u32, existing: impl Iterator<Item = u64>) -> u64 {
    let base = u64::from(site) << 32;
    let last = existing.filter(|id| id >> 32 == u64::from(site)).map(|id| id & 0xffff_ffff).max().unwrap_or(0);
    base | (last + 1).min(0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_hex_text() {
        let id = StoryId(0xdead_beef_0000_0001);
        assert_eq!(id.to_string(), "deadbeef00000001");
        assert_eq!("deadbeef00000001".parse::<StoryId>(), Ok(id));
        assert_eq!("".parse::<StoryId>(), Err(IdParseError));
        assert_eq!("xyz".parse::<StoryId>(), Err(IdParseError));
        assert_eq!("12345678901234567".parse::<StoryId>(), Err(IdParseError));
    }

    #[test]
    fn an_id_index_finds_each_place() {
        let ids = [StoryId(30), StoryId(10), StoryId(20)];
        let at = IdIndex::new(ids.into_iter());
        assert_eq!((at.get(StoryId(30)), at.get(StoryId(10)), at.get(StoryId(20))), (Some(0), Some(1), Some(2)));
        assert_eq!(at.get(StoryId(15)), None);
        assert!(!IdIndex::default().contains(StoryId(1)));
    }

    #[test]
    fn next_on_site_counts_only_its_own_site() {
        let ids = [(7u64 << 32) | 3, (9u64 << 32) | 40, (7u64 << 32) | 1];
        assert_eq!(next_on_site(7, ids.into_iter()), (7 << 32) | 4);
        assert_eq!(next_on_site(8, ids.into_iter()), (8 << 32) | 1);
    }
}
