//! The program this browser builds from team boards (one per browser), a stored document
//! (`state::document`): two tabs lose nothing of each other's changes, an unreadable stored
//! program is kept aside and said, and a program that cannot be saved goes on in the tab and
//! says so.
//!
//! Every change is a [`ProgramChange`], made by the domain and checked by the same gate as a
//! read, so what was accepted always reads back; each can be undone and redone. The
//! performance measures `sprintdeck-program-render` (the page's first render) and
//! `sprintdeck-program-update` (a change until the page has re-rendered) are what the bench
//! reads.

use leptos::prelude::*;

use crate::domain::program::{Program, ProgramChange};
use crate::state::document::{Document, Kept};
use crate::storage::format::{decode_program_doc, encode_program_doc};
use crate::storage::keys::Key;
use crate::storage::sync::Lineage;

impl Kept for Program {
    type Change = ProgramChange;
    /// The changes that undo it.
    type Done = Vec<ProgramChange>;

    fn decode(_: &Self, text: &str) -> Result<(Self, Lineage), String> {
        decode_program_doc(text).map_err(|e| e.to_string())
    }

    fn encode(&self, saves: &Lineage) -> String {
        encode_program_doc(self, saves)
    }

    fn apply(&mut self, change: &ProgramChange) -> Result<Vec<ProgramChange>, String> {
        Program::apply(self, change).map_err(|e| e.to_string())
    }
}

/// The most changes the Program page can undo.
const UNDO_MAX: usize = 50;

/// One step of the program's undo or redo stack: what it is called, and the changes that make it.
type Step = (&'static str, Vec<ProgramChange>);

/// The program of this browser, shared through context by the Program page's views.
#[derive(Clone, Copy)]
pub struct Desk {
    doc: Document<Program>,
    undo: RwSignal<Vec<Step>>,
    redo: RwSignal<Vec<Step>>,
}

impl Desk {
    /// The program as stored (a new, empty one if there is none).
    pub fn open() -> Desk {
        let fresh = Program { name: "Our program".into(), ..Program::default() };
        Desk {
            doc: Document::open(Key::Program, "program", fresh),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
        }
    }

    pub fn program(&self) -> ReadSignal<Program> {
        self.doc.value()
    }

    /// Why the stored program could not be read or saved, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<String>> {
        self.doc.problem()
    }

    /// Makes `change` (checked by the domain and the gate) and saves it; it can be undone.
    /// The error says why it was refused; nothing changed then.
    pub fn apply(&self, change: ProgramChange) -> Result<(), String> {
        mark("sprintdeck-program-update-start");
        let label = change.label();
        let undo = self.doc.change(change)?;
        self.push(self.undo, (label, undo));
        self.redo.set(Vec::new());
        Ok(())
    }

    fn push(&self, stack: RwSignal<Vec<Step>>, step: Step) {
        stack.update(|s| {
            s.push(step);
            if s.len() > UNDO_MAX {
                s.remove(0);
            }
        });
    }

    /// The label of the change an undo would take back, if any.
    pub fn undo_label(&self) -> Signal<Option<&'static str>> {
        let undo = self.undo;
        Signal::derive(move || undo.with(|s| s.last().map(|(l, _)| *l)))
    }

    /// The label of the change a redo would make again, if any.
    pub fn redo_label(&self) -> Signal<Option<&'static str>> {
        let redo = self.redo;
        Signal::derive(move || redo.with(|s| s.last().map(|(l, _)| *l)))
    }

    /// Takes back the latest change; says what was undone, or why it could not be (another tab
    /// changed what it touched: the step is then dropped).
    pub fn undo(&self) -> Result<Option<&'static str>, String> {
        self.step(self.undo, self.redo)
    }

    /// Makes the latest undone change again.
    pub fn redo(&self) -> Result<Option<&'static str>, String> {
        self.step(self.redo, self.undo)
    }

    fn step(&self, from: RwSignal<Vec<Step>>, to: RwSignal<Vec<Step>>) -> Result<Option<&'static str>, String> {
        let Some((label, changes)) = from.try_update(Vec::pop).flatten() else { return Ok(None) };
        mark("sprintdeck-program-update-start");
        let mut back = Vec::new();
        for c in &changes {
            match self.doc.change(c.clone()) {
                Ok(undo) => back.splice(0..0, undo),
                Err(e) => return Err(format!("This cannot be taken back any more: {e}")),
            };
        }
        self.push(to, (label, back));
        Ok(Some(label))
    }

    /// Replaces the whole program (an opened program link or file) after keeping aside the
    /// program stored in this browser, whichever tab stored it; it can be undone. `Err` if it
    /// was not replaced (the old one could not be kept aside, or the new one is refused);
    /// `Ok(Some(why))` if it was, in this tab, but could not be saved.
    pub fn replace(&self, program: Program) -> Result<Option<String>, String> {
        self.doc.backup_stored().map_err(|e| {
            format!("The program in this browser could not be kept aside ({e}), so it was not replaced.")
        })?;
        let (undo, unsaved) = self.doc.change_and_save(ProgramChange::Open { program: Box::new(program) })?;
        self.push(self.undo, ("open a program", undo));
        self.redo.set(Vec::new());
        Ok(unsaved)
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
