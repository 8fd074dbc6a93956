//! Booking conflicts of a program's shared resources, found by a sweep over the bookings of
//! each resource in start order.
//!
//! A program may hold 2,000 bookings (the gate's limit), all of one resource and all
//! overlapping: that is two million conflicting pairs. So the sweep counts every pair, marks
//! every booking in a conflict, and keeps only the first [`CONFLICTS_SHOWN`] pairs; a booking's
//! own conflicts are counted by halving (over its resource's starts and ends, each sorted once)
//! and listed, a few, only for the bookings a view shows. A pair listed gets its first free
//! window, found once per booking, in a pass that stops where no later booking is in the way.
//! The work is bounded by the bookings of one resource times those running at once, in plain
//! comparisons, never by a sort per conflict (which took 23 s for 500 bookings). At the gate's
//! limits everything here takes about a millisecond (`core/tests/limits.rs` prints it).

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

/// The bookings of each resource, each sorted by start (then list order).
fn by_resource(bookings: &[Booking]) -> Vec<Group> {
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
    groups.into_iter().map(|order| Group::of(bookings, order)).collect()
}

/// One resource's bookings sorted by start, with what the sweeps look up.
struct Group {
    /// The bookings' indices, by start (then list order).
    order: Vec<usize>,
    /// Their ends, sorted.
    ends: Vec<Date>,
    /// From each position on, the latest end.
    tail: Vec<Date>,
}

impl Group {
    fn of(bookings: &[Booking], order: Vec<usize>) -> Group {
        let mut ends: Vec<Date> = order.iter().map(|&i| bookings[i].end).collect();
        let mut tail = ends.clone();
        for p in (0..tail.len().saturating_sub(1)).rev() {
            tail[p] = tail[p].max(tail[p + 1]);
        }
        ends.sort_unstable();
        Group { order, ends, tail }
    }

    /// How many other bookings of the group overlap booking `i`: those that start by its end,
    /// less those that end before its start (which all start before it), less itself.
    fn overlapping(&self, bookings: &[Booking], i: usize) -> usize {
        let b = &bookings[i];
        let started = self.order.partition_point(|&k| bookings[k].start <= b.end);
        let ended = self.ends.partition_point(|e| *e < b.start);
        started - ended - 1
    }

    /// The first day from booking `i`'s start on which it would fit for as many days, clear of
    /// the group's other bookings: one pass in start order, moving the candidate day past each
    /// booking in the way, and stopping once no later booking reaches it.
    fn first_free(&self, bookings: &[Booking], i: usize) -> Date {
        let b = &bookings[i];
        let len = b.days();
        let mut from = b.start;
        for (p, &k) in self.order.iter().enumerate() {
            if self.tail[p] < from {
                break;
            }
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
}

/// Each booking's first free window, worked out when first asked for.
struct FreeFrom(Vec<Option<Date>>);

impl FreeFrom {
    fn get(&mut self, bookings: &[Booking], group: &Group, i: usize) -> Date {
        *self.0[i].get_or_insert_with(|| group.first_free(bookings, i))
    }
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
            for (arrived, &i) in group.order.iter().enumerate() {
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
                if group.order.len() > at + 1 {
                    out.in_conflict[a] = true;
                }
            }
        }
        out.shown = pairs
            .into_iter()
            .map(|(first, second, g)| Conflict { first, second, free_from: groups[g].first_free(bookings, second) })
            .collect();
        out
    }

    /// The conflicts of booking `i` with the other bookings of its resource: the first `limit`
    /// (by when the other booking starts), and how many there are in all.
    pub fn conflicts_of(&self, i: usize, limit: usize) -> (Vec<Conflict>, usize) {
        self.conflicts_by_booking(limit, |k| k == i).into_iter().nth(i).unwrap_or_default()
    }

    /// For every booking (in list order), how many other bookings of its resource it overlaps;
    /// and for those `listed` picks, the first `limit` of those conflicts by when the other
    /// booking starts (the ones not listed get none). One sweep per resource: at each booking,
    /// those still running started before it, and those it reaches start after it.
    pub fn conflicts_by_booking(&self, limit: usize, listed: impl Fn(usize) -> bool) -> Vec<(Vec<Conflict>, usize)> {
        let bookings = &self.bookings;
        let mut out: Vec<(Vec<Conflict>, usize)> = vec![(Vec::new(), 0); bookings.len()];
        let mut free = FreeFrom(vec![None; bookings.len()]);
        for group in by_resource(bookings) {
            let mut active: Vec<usize> = Vec::new();
            for (p, &i) in group.order.iter().enumerate() {
                let b = &bookings[i];
                active.retain(|&a| bookings[a].end >= b.start);
                out[i].1 = group.overlapping(bookings, i);
                if listed(i) && limit > 0 {
                    let later = group.order[p + 1..].iter().copied().take_while(|&k| bookings[k].start <= b.end);
                    let others: Vec<usize> = active.iter().copied().chain(later).take(limit).collect();
                    out[i].0 = others
                        .into_iter()
                        .map(|k| {
                            let (first, second) = (k.min(i), k.max(i));
                            Conflict { first, second, free_from: free.get(bookings, &group, second) }
                        })
                        .collect();
                }
                active.push(i);
            }
        }
        out
    }
}
