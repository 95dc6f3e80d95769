//! The receive lookup: VPI/VCI → channel in O(1).
//!
//! An open-addressing hash table with linear probing, sized once to a power of two at least
//! twice the channel count, so the load factor stays ≤ 1/2 and a probe sequence is short.
//! Removal shifts the following entries back (no tombstones), so lookups never degrade.

use alloc::vec;
use alloc::vec::Vec;

use crate::cell::VpiVci;

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u32,
    value: u32,
}

/// A fixed-capacity map from VPI/VCI to a channel index.
#[derive(Debug, Clone)]
pub struct VcTable {
    slots: Vec<Option<Slot>>,
    mask: usize,
    len: usize,
    capacity: usize,
}

fn key(v: VpiVci) -> u32 {
    (u32::from(v.vpi) << 16) | u32::from(v.vci)
}

impl VcTable {
    /// A table for up to `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        let size = capacity.saturating_mul(2).max(2).next_power_of_two();
        VcTable { slots: vec![None; size], mask: size.saturating_sub(1), len: 0, capacity }
    }

    /// Fibonacci hashing: the high bits of key × 2^32/φ spread consecutive VCIs.
    fn home(&self, k: u32) -> usize {
        let h = k.wrapping_mul(0x9E37_79B9);
        usize::try_from(h.rotate_left(16)).unwrap_or(0) & self.mask
    }

    /// Entries in the table.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The channel index for `vpi_vci`.
    pub fn get(&self, vpi_vci: VpiVci) -> Option<u32> {
        let k = key(vpi_vci);
        let mut i = self.home(k);
        for _ in 0..self.slots.len() {
            match self.slots.get(i).copied().flatten() {
                None => return None,
                Some(s) if s.key == k => return Some(s.value),
                Some(_) => i = (i + 1) & self.mask,
            }
        }
        None
    }

    /// Adds an entry. `Err(existing)` if the key is present; `Err(u32::MAX)` if full.
    pub fn insert(&mut self, vpi_vci: VpiVci, value: u32) -> Result<(), u32> {
        if let Some(existing) = self.get(vpi_vci) {
            return Err(existing);
        }
        if self.len >= self.capacity {
            return Err(u32::MAX);
        }
        let k = key(vpi_vci);
        let mut i = self.home(k);
        for _ in 0..self.slots.len() {
            match self.slots.get_mut(i) {
                Some(slot @ None) => {
                    *slot = Some(Slot { key: k, value });
                    self.len += 1;
                    return Ok(());
                }
                Some(Some(_)) => i = (i + 1) & self.mask,
                None => break,
            }
        }
        Err(u32::MAX)
    }

    /// Removes an entry, returning its value.
    pub fn remove(&mut self, vpi_vci: VpiVci) -> Option<u32> {
        let k = key(vpi_vci);
        let mut i = self.home(k);
        let mut found = None;
        for _ in 0..self.slots.len() {
            match self.slots.get(i).copied().flatten() {
                None => return None,
                Some(s) if s.key == k => {
                    found = Some((i, s.value));
                    break;
                }
                Some(_) => i = (i + 1) & self.mask,
            }
        }
        let (mut hole, value) = found?;
        if let Some(slot) = self.slots.get_mut(hole) {
            *slot = None;
        }
        self.len -= 1;
        // Backward-shift deletion: move later entries of the cluster into the hole when their
        // home position does not lie cyclically in (hole, j].
        let mut j = hole;
        loop {
            j = (j + 1) & self.mask;
            let Some(s) = self.slots.get(j).copied().flatten() else {
                break;
            };
            let home = self.home(s.key);
            let dist_home = j.wrapping_sub(home) & self.mask;
            let dist_hole = j.wrapping_sub(hole) & self.mask;
            if dist_home >= dist_hole {
                if let Some(h) = self.slots.get_mut(hole) {
                    *h = Some(s);
                }
                if let Some(js) = self.slots.get_mut(j) {
                    *js = None;
                }
                hole = j;
            }
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn insert_get_remove() {
        let mut t = VcTable::new(4);
        assert!(t.is_empty());
        t.insert(VpiVci::new(0, 5), 1).unwrap();
        t.insert(VpiVci::new(0, 16), 2).unwrap();
        assert_eq!(t.insert(VpiVci::new(0, 5), 9), Err(1));
        assert_eq!(t.get(VpiVci::new(0, 5)), Some(1));
        assert_eq!(t.get(VpiVci::new(0, 16)), Some(2));
        assert_eq!(t.get(VpiVci::new(1, 5)), None);
        assert_eq!(t.remove(VpiVci::new(0, 5)), Some(1));
        assert_eq!(t.remove(VpiVci::new(0, 5)), None);
        assert_eq!(t.get(VpiVci::new(0, 16)), Some(2));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn capacity_is_enforced() {
        let mut t = VcTable::new(2);
        t.insert(VpiVci::new(0, 32), 0).unwrap();
        t.insert(VpiVci::new(0, 33), 1).unwrap();
        assert_eq!(t.insert(VpiVci::new(0, 34), 2), Err(u32::MAX));
    }

    proptest::proptest! {
        #[test]
        fn behaves_like_a_map(ops in proptest::collection::vec((0u16..4, 0u16..64, proptest::bool::ANY), 0..400)) {
            let mut t = VcTable::new(64);
            let mut m: HashMap<(u16, u16), u32> = HashMap::new();
            for (n, (vpi, vci, ins)) in ops.into_iter().enumerate() {
                let v = VpiVci::new(vpi, vci);
                if ins {
                    let r = t.insert(v, n as u32);
                    if let Some(old) = m.get(&(vpi, vci)) {
                        proptest::prop_assert_eq!(r, Err(*old));
                    } else if m.len() >= 64 {
                        proptest::prop_assert_eq!(r, Err(u32::MAX));
                    } else {
                        proptest::prop_assert_eq!(r, Ok(()));
                        m.insert((vpi, vci), n as u32);
                    }
                } else {
                    proptest::prop_assert_eq!(t.remove(v), m.remove(&(vpi, vci)));
                }
                proptest::prop_assert_eq!(t.len(), m.len());
                for (&(p, c), &val) in &m {
                    proptest::prop_assert_eq!(t.get(VpiVci::new(p, c)), Some(val));
                }
            }
        }
    }
}
