//! Sorting with one copy of the standard library's sort in the WebAssembly.
//!
//! `slice::sort*` is compiled anew for every element type and comparison: a few kilobytes each,
//! and the app used a dozen. The domain sorts through [`sort_by_key`] instead, which orders
//! positions by a comparison behind `dyn` (one compiled sort for the whole app) and then moves
//! the items into that order. Only the forecast, which sorts tens of thousands of numbers in a
//! hot loop, uses the standard sort directly.

use std::cmp::Ordering;

/// Sorts `items` by `key`, keeping items with equal keys in their order (a stable sort).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = positions(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i as usize].take()));
}

/// Sorts `items` and removes repeated values.
pub fn sort_dedup<T: Ord + Copy>(items: &mut Vec<T>) {
    sort_by_key(items, |x| *x);
    items.dedup();
}

/// The positions `0..n` in the order `cmp` gives them (stable).
#[inline(never)]
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|a, b| cmp(*a as usize, *b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v;
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_dedup_leaves_each_value_once_in_order(v in proptest::collection::vec(0u8..20, 0..60)) {
            let mut ours = v.clone();
            sort_dedup(&mut ours);
            let mut std = v;
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }
}
