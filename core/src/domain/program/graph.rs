//! The dependency graph of a program: whether one story needs another through others, and the
//! first dependency of a list that closes a cycle, each in time linear in the dependencies
//! (a map from each story to those it needs, built once; the old check rescanned the whole list
//! at every step and took 15 to 22 s for 2,000 dependencies).

use std::collections::{HashMap, HashSet};

use super::{Dependency, StoryRef};

/// Each story to the stories it needs.
fn needs_map(deps: &[Dependency]) -> HashMap<StoryRef, Vec<StoryRef>> {
    let mut map: HashMap<StoryRef, Vec<StoryRef>> = HashMap::with_capacity(deps.len());
    for d in deps {
        map.entry(d.needs).or_default().push(d.needed);
    }
    map
}

/// Whether `from` needs `to` through `deps`, directly or through other stories. Each story is
/// visited once.
pub(super) fn reaches(deps: &[Dependency], from: StoryRef, to: StoryRef) -> bool {
    let map = needs_map(deps);
    let mut seen: HashSet<StoryRef> = HashSet::from([from]);
    let mut todo = vec![from];
    while let Some(s) = todo.pop() {
        if s == to {
            return true;
        }
        for next in map.get(&s).into_iter().flatten() {
            if seen.insert(*next) {
                todo.push(*next);
            }
        }
    }
    false
}

/// Whether `deps` hold a cycle: Kahn's order over the stories they name.
fn has_cycle(deps: &[Dependency]) -> bool {
    let map = needs_map(deps);
    let mut waiting: HashMap<StoryRef, usize> = HashMap::with_capacity(deps.len() * 2);
    for d in deps {
        waiting.entry(d.needs).or_default();
        *waiting.entry(d.needed).or_default() += 1;
    }
    let mut ready: Vec<StoryRef> = waiting.iter().filter(|(_, n)| **n == 0).map(|(s, _)| *s).collect();
    let mut done = 0;
    while let Some(s) = ready.pop() {
        done += 1;
        for next in map.get(&s).into_iter().flatten() {
            if let Some(n) = waiting.get_mut(next) {
                *n -= 1;
                if *n == 0 {
                    ready.push(*next);
                }
            }
        }
    }
    done < waiting.len()
}

/// The index of the first dependency of `deps` that closes a cycle with those before it, if
/// any: the shortest cyclic prefix, found by halving (each check linear).
pub(super) fn first_cycle(deps: &[Dependency]) -> Option<usize> {
    if !has_cycle(deps) {
        return None;
    }
    // The prefix of `hi` dependencies has a cycle; that of `lo` has none.
    let (mut lo, mut hi) = (0, deps.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if has_cycle(&deps[..mid]) { hi = mid } else { lo = mid }
    }
    Some(hi - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{BoardId, StoryId};

    fn r(n: u64) -> StoryRef {
        StoryRef { team: BoardId(1), story: StoryId(n) }
    }

    fn d(a: u64, b: u64) -> Dependency {
        Dependency { needs: r(a), needed: r(b) }
    }

    #[test]
    fn reach_and_the_first_cycle_are_found() {
        let deps = [d(1, 2), d(2, 3), d(4, 1)];
        assert!(reaches(&deps, r(4), r(3)));
        assert!(!reaches(&deps, r(3), r(1)));
        assert_eq!(first_cycle(&deps), None);
        assert_eq!(first_cycle(&[d(1, 2), d(2, 3), d(5, 6), d(3, 1), d(6, 5)]), Some(3));
        assert_eq!(first_cycle(&[d(1, 1)]), Some(0));
    }

    #[test]
    fn two_thousand_dependencies_are_checked_at_once() {
        // A chain of 1,999 and the link that closes it.
        let mut deps: Vec<Dependency> = (0..1999).map(|i| d(i, i + 1)).collect();
        let start = std::time::Instant::now();
        assert_eq!(first_cycle(&deps), None);
        deps.push(d(1999, 0));
        assert_eq!(first_cycle(&deps), Some(1999));
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
    }
}
