//! Changing the open board: code loaded on the first change.
//!
//! Applying actions, recording undo history, replaying unsaved changes on a newer stored board
//! and writing the board to localStorage make up a good part of the app's WebAssembly, and a
//! visit that only reads the backlog needs none of it. So the release build puts them in one
//! chunk, loaded on the first change (from the service worker's cache, in milliseconds). Changes
//! made meanwhile wait in order and are applied as soon as it has arrived; after that every
//! change is applied at once, synchronously, as before.
//!
//! * Pages and dialogs that change the board with [`Store::dispatch`] (which answers at once)
//!   load the chunk together with their own code: see [`ready`].
//! * A save is only ever due after a change, so the code that saves is always here by then, also
//!   when the page is being closed.
//!
//! Builds without the `split` feature (tests, native tools) call straight through.

use crate::domain::{Action, Ctx, DomainError, StoryId};

use super::store::Store;

/// A change to make, or a save to do.
pub(crate) enum Edit {
    Apply(Action, Ctx),
    Step {
        undo: bool,
    },
    Save,
    /// Another tab wrote `key` (see `persist`).
    Follow {
        key: Option<String>,
        new_value: Option<String>,
    },
}

#[cfg(feature = "split")]
impl Edit {
    /// Following another tab is not a change of this tab's: if it cannot be done, nobody is told.
    fn is_follow(&self) -> bool {
        matches!(self, Edit::Follow { .. })
    }
}

/// What an [`Edit`] did.
pub(crate) enum Done {
    Applied(Result<Option<StoryId>, DomainError>),
    Stepped(Option<String>),
    Saved,
    Followed,
}

fn perform(store: Store, edit: Edit) -> Done {
    match edit {
        Edit::Apply(action, ctx) => Done::Applied(store.apply_now(action, ctx)),
        Edit::Step { undo } => Done::Stepped(store.step_now(undo)),
        Edit::Save => {
            store.write_now();
            Done::Saved
        }
        Edit::Follow { key, new_value } => {
            store.on_storage(key, new_value);
            Done::Followed
        }
    }
}

/// Runs `edit`, then `then` with its result: at once if the editing code is loaded (always, in
/// builds without code splitting), else as soon as it is, in the order the edits were asked for.
pub(crate) fn run(store: Store, edit: Edit, then: impl FnOnce(Done) + 'static) {
    #[cfg(not(feature = "split"))]
    then(perform(store, edit));
    #[cfg(feature = "split")]
    chunk::run(store, edit, Box::new(then));
}

/// Starts loading the editing code in the background, if it is not loaded or loading. Called
/// on the first pointer press or key press of a visit: a change almost always follows one, so
/// by the time it comes the code is usually here.
pub fn warm_up() {
    #[cfg(feature = "split")]
    chunk::warm_up();
}

/// Resolves once the editing code is loaded (at once when it is, or in builds without
/// splitting). Lazily loaded views that change the board await this before they show.
pub async fn ready() {
    #[cfg(feature = "split")]
    chunk::load().await;
}

#[cfg(feature = "split")]
mod chunk {
    use std::cell::RefCell;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use leptos::wasm_split::SplitLoaderError;

    use super::{Done, Edit, Store, perform};
    use crate::state::NoticeKind;

    type Then = Box<dyn FnOnce(Done)>;

    // `fallible`: a chunk that cannot be fetched (offline before the service worker has cached
    // it) is an error to report, not a panic that would stop the app.
    #[leptos::wasm_split::wasm_split(
        sprintdeck_editing,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_editing),
        fallible
    )]
    fn perform_loaded(store: Store, edit: Edit) -> Result<Done, SplitLoaderError> {
        Ok(perform(store, edit))
    }

    enum Chunk {
        Absent,
        Loading(Vec<(Store, Edit, Then)>),
        Here,
    }

    thread_local! {
        static CHUNK: RefCell<Chunk> = const { RefCell::new(Chunk::Absent) };
    }

    pub(super) fn run(store: Store, edit: Edit, then: Then) {
        warm_up();
        let mut item = Some((store, edit, then));
        CHUNK.with_borrow_mut(|c| {
            if let Chunk::Loading(queue) = c {
                queue.extend(item.take());
            }
        });
        if let Some((store, edit, then)) = item {
            call(store, edit, then);
        }
    }

    pub(super) fn warm_up() {
        let start = CHUNK.with_borrow_mut(|c| {
            let absent = matches!(c, Chunk::Absent);
            if absent {
                *c = Chunk::Loading(Vec::new());
            }
            absent
        });
        if start {
            leptos::task::spawn_local(load());
        }
    }

    /// Loads the chunk, then applies what waited for it, in order. If it cannot be loaded, the
    /// waiting changes are not made and a banner says so; the next change tries again.
    pub(super) async fn load() {
        if CHUNK.with_borrow(|c| matches!(c, Chunk::Here)) {
            return;
        }
        let loaded = preload_editing().await.is_ok();
        let (here, waiting) = CHUNK.with_borrow_mut(|c| {
            let here = loaded || matches!(c, Chunk::Here);
            match std::mem::replace(c, if here { Chunk::Here } else { Chunk::Absent }) {
                Chunk::Loading(queue) => (here, queue),
                _ => (here, Vec::new()),
            }
        });
        for (store, edit, then) in waiting {
            if here {
                call(store, edit, then);
            } else {
                not_loaded(store, edit.is_follow());
            }
        }
    }

    /// Calls into the loaded chunk: the call completes on its first poll.
    fn call(store: Store, edit: Edit, then: Then) {
        let follow = edit.is_follow();
        let mut fut = Box::pin(perform_loaded(store, edit));
        let finish = move |result: Result<Done, SplitLoaderError>| match result {
            Ok(done) => then(done),
            Err(_) => not_loaded(store, follow),
        };
        match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(result) => finish(result),
            Poll::Pending => leptos::task::spawn_local(async move { finish(fut.await) }),
        }
    }

    /// Says a change could not be made (`follow`: the edit followed another tab). Following another tab is not a change this tab made: if
    /// that cannot be done, the next save rebases onto the other tab's board all the same.
    fn not_loaded(store: Store, follow: bool) {
        if follow {
            return;
        }
        store.notify(NoticeKind::Refused(
            "the part of the app that makes changes could not be loaded (are you offline?); try again in a moment"
                .into(),
        ));
    }
}
