//! Booking conflicts of a program's shared resources, found by a sweep over the bookings of
//! each resource in start order.
//!
//! A program may hold 2,000 bookings (the gate's limit), all of one resource and all
//! overlapping: that is two million conflicting pairs. So the sweep counts every pair, marks
//! every booking in a conflict, and keeps only the first [`CONFLICTS_SHOWN`] pairs, each with
//! its first free window found in one pass over the resource's bookings (sorted once). The work
//! is bounded by the square of the bookings of one resource in plain comparisons, never by a
//! sort per conflict (which took 23 s for 500 bookings).

use super::{Booking, Conflict, Program};
use crate::domain::calendar::Date;

/// The most conflicts listed; the rest are counted.
pub const CONFLICTS_SHOWN: usize = 50;

/// The booking conflicts of a program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conflicts {
    /// The first conflicts, by the list order of their bookings (`first`, then `second`).
    pub shown: Vec<Conflict>,
    /// How many conflicts there are in all.
    pub total: usize,
    /// Per booking (in list order): whether it is in a conflict.
    pub in_conflict: Vec<bool>,
}

impl Conflicts {
    /// How many conflicts are not in [`Conflicts::shown`].
    pub fn more(&self) -> usize {
        self.total - self.shown.len()
    }
}

/// The indices of the bookings of each resource, each list sorted by start (then list order).
fn by_resource(bookings: &[Booking]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..bookings.len()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (&bookings[*a], &bookings[*b]);
        x.resource.cmp(&y.resource).then(x.start.cmp(&y.start)).then(a.cmp(b))
    });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match groups.last_mut() {
            Some(g) if bookings[g[0]].resource == bookings[i].resource => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

/// The first day from booking `i`'s start on which it would fit for as many days, clear of the
/// other bookings of `group` (its resource's, sorted by start): one pass, moving the candidate
/// day past each booking in the way.
fn first_free(bookings: &[Booking], group: &[usize], i: usize) -> Date {
    let b = &bookings[i];
    let len = b.days();
    let mut from = b.start;
    for &k in group {
        let o = &bookings[k];
        if k == i || o.end < from {
            continue;
        }
        if o.start > from.add_days(len - 1) {
            break;
        }
        from = o.end.add_days(1);
    }
    from
}

impl Program {
    /// Every pair of overlapping bookings of one resource: counted, the first
    /// [`CONFLICTS_SHOWN`] listed (by resource, then by when they start) with the first free
    /// window for the later-listed booking of the two, and which bookings are in one.
    pub fn conflicts(&self) -> Conflicts {
        let bookings = &self.bookings;
        let mut out = Conflicts { in_conflict: vec![false; bookings.len()], ..Conflicts::default() };
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        let groups = by_resource(bookings);
        for (g, group) in groups.iter().enumerate() {
            // The bookings that started earlier and may still overlap the next one, each with
            // how many bookings had arrived when it did: one that arrives while it is here
            // overlaps it.
            let mut active: Vec<(usize, usize)> = Vec::new();
            for (arrived, &i) in group.iter().enumerate() {
                let b = &bookings[i];
                active.retain(|&(a, at)| {
                    let stays = bookings[a].end >= b.start;
                    if !stays && arrived > at + 1 {
                        out.in_conflict[a] = true;
                    }
                    stays
                });
                out.total += active.len();
                if !active.is_empty() {
                    out.in_conflict[i] = true;
                }
                for &(a, _) in active.iter().take(CONFLICTS_SHOWN.saturating_sub(pairs.len())) {
                    pairs.push((a.min(i), a.max(i), g));
                }
                active.push((i, arrived));
            }
            for (a, at) in active {
                if group.len() > at + 1 {
                    out.in_conflict[a] = true;
                }
            }
        }
        out.shown = pairs
            .into_iter()
            .map(|(first, second, g)| Conflict { first, second, free_from: first_free(bookings, &groups[g], second) })
            .collect();
        out
    }

    /// The conflicts of booking `i` with the other bookings of its resource: the first `limit`
    /// (by the other booking's list order), and how many there are in all.
    pub fn conflicts_of(&self, i: usize, limit: usize) -> (Vec<Conflict>, usize) {
        self.conflicts_by_booking(limit).into_iter().nth(i).unwrap_or_default()
    }

    /// For every booking (in list order), its conflicts with the other bookings of its
    /// resource: the first `limit` by the other booking's list order, and how many there are.
    /// Each resource's bookings are sorted once; a booking's overlaps are found in that order,
    /// and only those shown get their free window.
    pub fn conflicts_by_booking(&self, limit: usize) -> Vec<(Vec<Conflict>, usize)> {
        let bookings = &self.bookings;
        let mut out: Vec<(Vec<Conflict>, usize)> = vec![(Vec::new(), 0); bookings.len()];
        for group in by_resource(bookings) {
            for &i in &group {
                let b = &bookings[i];
                let mut others: Vec<usize> = group
                    .iter()
                    .copied()
                    .take_while(|k| bookings[*k].start <= b.end)
                    .filter(|&k| k != i && bookings[k].end >= b.start)
                    .collect();
                others.sort_unstable();
                let total = others.len();
                let shown = others
                    .into_iter()
                    .take(limit)
                    .map(|k| {
                        let (first, second) = (k.min(i), k.max(i));
                        Conflict { first, second, free_from: first_free(bookings, &group, second) }
                    })
                    .collect();
                out[i] = (shown, total);
            }
        }
        out
    }
}
