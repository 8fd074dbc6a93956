//! The program this browser builds from team boards (one per browser), kept in localStorage
//! after every change. An unreadable stored program is kept aside under a backup key and said;
//! a program that cannot be saved goes on in the tab and says so.
//!
//! Every change goes through [`Desk::change`], which works on a copy, so a refused change leaves
//! the program as it was. The performance measures `sprintdeck-program-render` (the page's
//! first render) and `sprintdeck-program-update` (a change until the page has re-rendered) are
//! what the bench reads.

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::domain::program::Program;
use crate::storage::format::{decode_program, encode_program};
use crate::storage::keys::Key;
use crate::storage::local::{self, Unread};

/// The program of this browser, shared through context by the Program page's views.
#[derive(Clone, Copy)]
pub struct Desk {
    program: RwSignal<Program>,
    /// Why the stored program could not be read or saved, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Desk {
    /// The program as stored (a new, empty one if there is none).
    pub fn open() -> Desk {
        let (stored, problem) = match local::read_or_set_aside(&Key::Program, now_ms(), decode_program) {
            Ok(stored) => (stored, None),
            Err(Unread::Unreadable(e)) => (
                None,
                Some(format!(
                    "The saved program could not be read ({e}); it was kept aside in this browser's storage, and a new one started."
                )),
            ),
            Err(Unread::Storage(e)) => (None, Some(format!("The program cannot be kept in this browser: {e}."))),
        };
        let program = stored.unwrap_or_else(|| Program { name: "Our program".into(), ..Program::default() });
        Desk { program: RwSignal::new(program), problem: RwSignal::new(problem) }
    }

    pub fn program(&self) -> ReadSignal<Program> {
        self.program.read_only()
    }

    /// Applies `f` to a copy of the program; if it succeeds, the copy becomes the program and is
    /// saved. The error is returned as a message.
    pub fn change<T, E: std::fmt::Display>(&self, f: impl FnOnce(&mut Program) -> Result<T, E>) -> Result<T, String> {
        let mut next = self.program.get_untracked();
        let out = f(&mut next).map_err(|e| e.to_string())?;
        mark("sprintdeck-program-update-start");
        self.program.set(next);
        self.save();
        Ok(out)
    }

    /// Applies a change that cannot be refused.
    pub fn edit(&self, f: impl FnOnce(&mut Program)) {
        let _ = self.change(|p| {
            f(p);
            Ok::<(), String>(())
        });
    }

    /// Replaces the whole program (an opened program link or file), keeping the one it replaces
    /// aside under a backup key first if it has any team.
    pub fn replace(&self, program: Program) -> Result<(), String> {
        let old = self.program.get_untracked();
        if !old.teams.is_empty() {
            local::write_text(&Key::Program.backup_of(now_ms()), &encode_program(&old)).map_err(|e| {
                format!("The program in this browser could not be kept aside ({e}), so it was not replaced.")
            })?;
        }
        self.program.set(program);
        self.save();
        Ok(())
    }

    fn save(&self) {
        let text = self.program.with_untracked(encode_program);
        match local::write_text(&Key::Program, &text) {
            Ok(()) => self.problem.set(None),
            Err(e) => self.problem.set(Some(format!(
                "The program could not be saved in this browser ({e}); your changes stay in this tab until it is closed. Export it to keep it."
            ))),
        }
    }
}

/// Sets a performance mark (for the bench).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

/// Measures from the mark `start` to now as `name`, once `start` was set; `done` clears the
/// mark (the measure is complete).
pub fn measure(name: &str, start: &str, done: bool) {
    if let Some(p) = window().performance()
        && p.get_entries_by_name(start).length() > 0
    {
        let _ = p.measure_with_start_mark(name, start);
        if done {
            p.clear_marks_with_mark_name(start);
        }
    }
}
