//! The one way a stored document is kept besides the open board itself: a program, a board's
//! async round, a voter's draft answers, a board's live poker round. Each kind says only how
//! it reads, writes and changes ([`Kept`]); the handle ([`Document`]) does the rest, as the
//! board's own saving does (`state::persist`):
//!
//! * It reads what is stored; text that cannot be read is kept aside under a backup key, said,
//!   and a new document starts.
//! * Every change goes through [`Kept::apply`] (the document's domain operation and its gate)
//!   on a copy; a refused change leaves the document as it was.
//! * Saves hold the Web Lock every tab shares. A save reads the stored document first: if
//!   another tab saved meanwhile, this tab's unsaved changes, and those of its saves the other
//!   tab wrote over, are replayed on it (`storage::ledger`), so two tabs never lose an edit.
//! * It follows other tabs' saves (`storage` events) and saves when the page is hidden.
//! * A write that storage refuses (full) keeps the document in the tab and says so; the next
//!   change or save tries again.
//! * [`Document::backup_stored`] keeps aside what is stored (not this tab's copy) before it is
//!   replaced.

use leptos::prelude::*;

use crate::browser::{now_ms, random_u64};
use crate::domain::ids::SaveId;
use crate::storage::ledger::Ledger;
use crate::storage::sync::{Lineage, Peek};
use crate::storage::{Key, StorageError, local};

/// What a kind of stored document says about itself.
pub trait Kept: Clone + Send + Sync + 'static {
    /// One change made to it, replayed on another tab's newer copy.
    type Change: Clone + Send + Sync + 'static;
    /// What making a change tells its maker (the changes that undo it, say).
    type Done;
    /// Reads a stored text (any format version) with the lineage of the save that wrote it;
    /// `fresh` is the document a new one starts as (it carries what decoding needs to know,
    /// such as how many stories a draft answers).
    fn decode(fresh: &Self, text: &str) -> Result<(Self, Lineage), String>;
    /// The text to store, with the lineage of the save that writes it.
    fn encode(&self, saves: &Lineage) -> String;
    /// Makes `change`, through the document's gate; on error nothing changed.
    fn apply(&mut self, change: &Self::Change) -> Result<Self::Done, String>;
    /// Makes a change this tab made on the newer document another tab saved: as
    /// [`Kept::apply`] unless the kind merges (a round's votes).
    fn replay(&mut self, change: &Self::Change) -> Result<(), String> {
        self.apply(change).map(drop)
    }
    /// A document worth no key (a round that was ended): its key is removed instead.
    fn is_empty(&self) -> bool {
        false
    }
}

/// The Web Lock every save of every tab holds (the board's saves too).
pub const SAVE_LOCK: &str = crate::state::persist::SAVE_LOCK;
/// How long a save keeps the lock after writing, for the write to reach the other tabs.
const LOCK_HOLD_MS: i32 = 30;

/// A stored document, shared through context. Copyable: it holds arena handles only.
pub struct Document<K: Kept> {
    key: StoredValue<Key>,
    /// What the messages call it ("program", "async round").
    name: &'static str,
    value: RwSignal<K>,
    fresh: StoredValue<K>,
    ledger: StoredValue<Ledger<K::Change>>,
    /// Why it could not be read or saved, if it could not; `None` once a save works.
    problem: RwSignal<Option<String>>,
}

impl<K: Kept> Clone for Document<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Kept> Copy for Document<K> {}

impl<K: Kept> Document<K> {
    /// The document stored under `key` (`fresh` if there is none, or if it cannot be read: then
    /// it is kept aside and said), following other tabs for as long as the calling owner lives.
    pub fn open(key: Key, name: &'static str, fresh: K) -> Document<K> {
        let (value, base, problem) = match local::read(&key) {
            Ok(None) => (fresh.clone(), Peek::default(), None),
            Ok(Some(text)) => match K::decode(&fresh, &text) {
                Ok((value, lineage)) => (value, Peek { revision: 0, lineage }, None),
                Err(e) => {
                    let kept = local::move_aside(&key, &text, now_ms());
                    let problem = match kept {
                        Ok(()) => format!(
                            "The saved {name} could not be read ({e}); it was kept aside in this browser's storage, and a new one started."
                        ),
                        // Not kept aside: it stays where it is and is not written over.
                        Err(_) => format!(
                            "The saved {name} could not be read ({e}), and there is no room to keep it aside: it is left as it is, and nothing here is saved until there is room."
                        ),
                    };
                    (fresh.clone(), Peek::default(), Some(problem))
                }
            },
            Err(e) => {
                (fresh.clone(), Peek::default(), Some(format!("The {name} cannot be kept in this browser: {e}.")))
            }
        };
        let doc = Document {
            key: StoredValue::new(key),
            name,
            value: RwSignal::new(value),
            fresh: StoredValue::new(fresh),
            ledger: StoredValue::new(Ledger::new(base)),
            problem: RwSignal::new(problem),
        };
        doc.listen();
        doc
    }

    fn listen(self) {
        let storage = window_event_listener(leptos::ev::storage, move |ev| {
            let mine = self.key.try_with_value(|k| ev.key().is_some_and(|e| e == k.to_string()));
            if mine == Some(true) {
                self.follow();
            }
        });
        let hide = window_event_listener(leptos::ev::pagehide, move |_| {
            if self.ledger.try_with_value(Ledger::has_pending) == Some(true) {
                let _ = self.save();
            }
        });
        on_cleanup(move || {
            storage.remove();
            hide.remove();
        });
    }

    /// The document.
    pub fn value(&self) -> ReadSignal<K> {
        self.value.read_only()
    }

    /// Why it could not be read or saved, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<String>> {
        self.problem.read_only()
    }

    /// Makes `change` (see [`Kept::apply`]) and saves it, as soon as this tab holds the save
    /// lock. On error nothing changed.
    pub fn change(&self, change: K::Change) -> Result<K::Done, String> {
        let done = self.change_unsaved(change)?;
        self.save_locked();
        Ok(done)
    }

    /// Makes `change` and saves it at once, without waiting for the lock, for a change the user
    /// is told about only once it is stored. `Err`: refused, nothing changed; `Ok` with a
    /// message: made in this tab, but storage refused it (the message says so).
    pub fn change_and_save(&self, change: K::Change) -> Result<(K::Done, Option<String>), String> {
        let done = self.change_unsaved(change)?;
        let unsaved = self.save().err().map(|e| self.unsaved_message(&e));
        Ok((done, unsaved))
    }

    fn change_unsaved(&self, change: K::Change) -> Result<K::Done, String> {
        let mut next = self.value.get_untracked();
        let done = next.apply(&change)?;
        self.value.set(next);
        self.ledger.update_value(|l| l.record(change));
        Ok(done)
    }

    fn unsaved_message(&self, e: &StorageError) -> String {
        format!(
            "The {} could not be saved in this browser ({e}); your changes stay in this tab until it is closed.",
            self.name
        )
    }

    fn save_locked(self) {
        let _ = crate::browser::web_lock::use_web_lock(SAVE_LOCK, LOCK_HOLD_MS, move || {
            let _ = self.save();
        });
    }

    /// Reads the stored document, replays on it what this tab has that it lacks, and writes.
    fn save(self) -> Result<(), StorageError> {
        let Some(key) = self.key.try_get_value() else { return Ok(()) };
        let theirs = self.stored(&key)?;
        let seen = theirs.as_ref().map(|(_, p)| p.clone()).unwrap_or_default();
        if !self.ledger.with_value(|l| l.needs_saving(Some(&seen))) {
            if !self.ledger.with_value(|l| l.is_base(&seen)) {
                self.take(theirs, seen);
            }
            return Ok(());
        }
        if !self.ledger.with_value(|l| l.is_base(&seen)) {
            self.rebase(theirs.map(|(v, _)| v), seen);
        }
        let id = SaveId(random_u64());
        let lineage = self.ledger.with_value(|l| l.lineage_for(id));
        let written = self.value.with_untracked(|v| {
            if v.is_empty() { local::remove(&key) } else { local::write_text(&key, &v.encode(&lineage)) }
        });
        match written {
            Ok(()) => {
                self.ledger.update_value(|l| l.saved(id, lineage, 0));
                self.problem.set(None);
                Ok(())
            }
            Err(e) => {
                self.problem.set(Some(self.unsaved_message(&e)));
                Err(e)
            }
        }
    }

    /// The stored document and its peek, if there is one that reads. Text that does not read
    /// (another tab of an older version, a hand-edited entry) is kept aside and counts as none.
    fn stored(self, key: &Key) -> Result<Option<(K, Peek)>, StorageError> {
        let Some(text) = local::read(key)? else { return Ok(None) };
        let fresh = self.fresh.get_value();
        match K::decode(&fresh, &text) {
            Ok((v, lineage)) => Ok(Some((v, Peek { revision: 0, lineage }))),
            Err(e) => {
                local::keep_aside(key, &text, now_ms())?;
                self.problem.set(Some(format!(
                    "Another tab stored a {} this one cannot read ({e}); it was kept aside, and this tab's is saved.",
                    self.name
                )));
                Ok(None)
            }
        }
    }

    /// Takes another tab's document (`None`: it was removed) as this tab's.
    fn take(self, theirs: Option<(K, Peek)>, seen: Peek) {
        let value = theirs.map_or_else(|| self.fresh.get_value(), |(v, _)| v);
        self.value.set(value);
        self.ledger.update_value(|l| l.reset(seen));
    }

    /// Replays this tab's changes on another tab's newer document; says which no longer apply.
    fn rebase(self, theirs: Option<K>, seen: Peek) {
        let mut value = theirs.unwrap_or_else(|| self.fresh.get_value());
        let replays = self.ledger.try_update_value(|l| l.rebase(seen)).unwrap_or_default();
        let dropped: Vec<String> = replays.iter().filter_map(|c| value.replay(c).err()).collect();
        self.value.set(value);
        if !dropped.is_empty() {
            self.problem.set(Some(format!(
                "Another tab changed the {} at the same time. These changes of yours no longer applied: {}.",
                self.name,
                dropped.join("; ")
            )));
        }
    }

    /// Follows another tab's save: takes it if nothing of this tab's is missing from it, and
    /// otherwise saves on top of it.
    fn follow(self) {
        let Some(key) = self.key.try_get_value() else { return };
        let Ok(theirs) = self.stored(&key) else { return };
        let seen = theirs.as_ref().map(|(_, p)| p.clone()).unwrap_or_default();
        if self.ledger.with_value(|l| l.is_base(&seen)) {
            return;
        }
        if self.ledger.with_value(|l| l.needs_saving(Some(&seen))) {
            self.save_locked();
        } else {
            self.take(theirs, seen);
        }
    }

    /// Keeps aside what is stored under this document's key (whatever tab wrote it), before it
    /// is replaced; `Ok(false)` if nothing worth keeping is stored.
    pub fn backup_stored(&self) -> Result<bool, StorageError> {
        let key = self.key.get_value();
        let Some(text) = local::read(&key)? else { return Ok(false) };
        let fresh = self.fresh.get_value();
        if K::decode(&fresh, &text).is_ok_and(|(v, _)| v.is_empty()) {
            return Ok(false);
        }
        local::keep_aside(&key, &text, now_ms())?;
        Ok(true)
    }
}
