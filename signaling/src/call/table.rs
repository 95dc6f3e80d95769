//! Fixed-size lookup structures: remote call references → call slot, and the VPCI/VCI
//! pool of the network side.

use alloc::vec::Vec;

const EMPTY: u32 = u32::MAX;

/// Open-addressing hash table (linear probing, backward-shift deletion) from a call
/// reference value allocated by the peer to the slab index of its call. Capacity is a power
/// of two at least twice the number of calls, so probes stay short and it never fills.
#[derive(Debug, Clone)]
pub(crate) struct CrMap {
    keys: Vec<u32>,
    vals: Vec<u32>,
    mask: usize,
}

impl CrMap {
    pub(crate) fn new(max: usize) -> Self {
        let cap = (max.saturating_mul(2)).max(8).next_power_of_two();
        CrMap { keys: alloc::vec![EMPTY; cap], vals: alloc::vec![0; cap], mask: cap - 1 }
    }

    fn home(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) as usize ^ (key as usize >> 7)) & self.mask
    }

    pub(crate) fn get(&self, key: u32) -> Option<u32> {
        let mut i = self.home(key);
        for _ in 0..=self.mask {
            match self.keys.get(i) {
                Some(&k) if k == key => return self.vals.get(i).copied(),
                Some(&EMPTY) | None => return None,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
        None
    }

    /// Inserts; false when the key is present or the table is full.
    pub(crate) fn insert(&mut self, key: u32, val: u32) -> bool {
        let mut i = self.home(key);
        for _ in 0..=self.mask {
            match self.keys.get(i).copied() {
                Some(EMPTY) => {
                    if let (Some(k), Some(v)) = (self.keys.get_mut(i), self.vals.get_mut(i)) {
                        *k = key;
                        *v = val;
                        return true;
                    }
                    return false;
                }
                Some(k) if k == key => return false,
                Some(_) => i = (i + 1) & self.mask,
                None => return false,
            }
        }
        false
    }

    pub(crate) fn remove(&mut self, key: u32) {
        let mut i = self.home(key);
        let mut found = None;
        for _ in 0..=self.mask {
            match self.keys.get(i).copied() {
                Some(k) if k == key => {
                    found = Some(i);
                    break;
                }
                Some(EMPTY) | None => return,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
        let Some(mut hole) = found else { return };
        // Backward shift: move later members of the cluster into the hole when their home
        // position does not lie cyclically in (hole, j].
        let mut j = hole;
        loop {
            j = (j + 1) & self.mask;
            let Some(&k) = self.keys.get(j) else { break };
            if k == EMPTY {
                break;
            }
            let h = self.home(k);
            let between = if hole <= j { hole < h && h <= j } else { hole < h || h <= j };
            if !between {
                let v = self.vals.get(j).copied().unwrap_or(0);
                if let (Some(kk), Some(vv)) = (self.keys.get_mut(hole), self.vals.get_mut(hole)) {
                    *kk = k;
                    *vv = v;
                }
                hole = j;
            }
        }
        if let Some(k) = self.keys.get_mut(hole) {
            *k = EMPTY;
        }
    }
}

const NIL: u32 = u32::MAX;

/// The connection identifiers of the configured range, each free or in use, with a doubly
/// linked free list per VPCI so that "any VCI", "this VCI" and "free" are all O(1).
#[derive(Debug, Clone)]
pub(crate) struct VcPool {
    vpci_first: u16,
    vpci_count: u32,
    vci_first: u16,
    vci_count: u32,
    next: Vec<u32>,
    prev: Vec<u32>,
    used: Vec<bool>,
    head: Vec<u32>,
    tail: Vec<u32>,
}

impl VcPool {
    pub(crate) fn new(vpci_first: u16, vpci_last: u16, vci_first: u16, vci_last: u16) -> Self {
        let vpci_count = u32::from(vpci_last.saturating_sub(vpci_first)) + 1;
        let vci_count = u32::from(vci_last.saturating_sub(vci_first)) + 1;
        let n = (vpci_count * vci_count) as usize;
        let mut p = VcPool {
            vpci_first,
            vpci_count,
            vci_first,
            vci_count,
            next: alloc::vec![NIL; n],
            prev: alloc::vec![NIL; n],
            used: alloc::vec![true; n],
            head: alloc::vec![NIL; vpci_count as usize],
            tail: alloc::vec![NIL; vpci_count as usize],
        };
        for i in 0..n as u32 {
            p.release_index(i);
        }
        p
    }

    fn index(&self, vpci: u16, vci: u16) -> Option<u32> {
        let vp = u32::from(vpci.checked_sub(self.vpci_first)?);
        let vc = u32::from(vci.checked_sub(self.vci_first)?);
        (vp < self.vpci_count && vc < self.vci_count).then_some(vp * self.vci_count + vc)
    }

    fn ids(&self, i: u32) -> (u16, u16) {
        let vp = i / self.vci_count;
        let vc = i % self.vci_count;
        (self.vpci_first.wrapping_add(vp as u16), self.vci_first.wrapping_add(vc as u16))
    }

    /// True when `vpci` lies in the range.
    pub(crate) fn has_vpci(&self, vpci: u16) -> bool {
        vpci.checked_sub(self.vpci_first).is_some_and(|v| u32::from(v) < self.vpci_count)
    }

    fn unlink(&mut self, i: u32) {
        let vp = (i / self.vci_count) as usize;
        let n = self.next.get(i as usize).copied().unwrap_or(NIL);
        let p = self.prev.get(i as usize).copied().unwrap_or(NIL);
        match self.prev.get_mut(n as usize) {
            Some(x) if n != NIL => *x = p,
            _ => {
                if let Some(t) = self.tail.get_mut(vp) {
                    *t = p;
                }
            }
        }
        match self.next.get_mut(p as usize) {
            Some(x) if p != NIL => *x = n,
            _ => {
                if let Some(h) = self.head.get_mut(vp) {
                    *h = n;
                }
            }
        }
        if let Some(u) = self.used.get_mut(i as usize) {
            *u = true;
        }
    }

    /// Takes `(vpci, vci)` if it is in range and free.
    pub(crate) fn take(&mut self, vpci: u16, vci: u16) -> bool {
        let Some(i) = self.index(vpci, vci) else { return false };
        if self.used.get(i as usize).copied().unwrap_or(true) {
            return false;
        }
        self.unlink(i);
        true
    }

    /// Takes any free VCI of `vpci` (the one free longest).
    pub(crate) fn take_any_in(&mut self, vpci: u16) -> Option<(u16, u16)> {
        let vp = vpci.checked_sub(self.vpci_first)?;
        let i = *self.head.get(usize::from(vp))?;
        if i == NIL {
            return None;
        }
        self.unlink(i);
        Some(self.ids(i))
    }

    /// Takes any free connection identifier.
    pub(crate) fn take_any(&mut self) -> Option<(u16, u16)> {
        let first = self.head.iter().position(|&h| h != NIL)?;
        let vpci = self.vpci_first.wrapping_add(first as u16);
        self.take_any_in(vpci)
    }

    fn release_index(&mut self, i: u32) {
        if !self.used.get(i as usize).copied().unwrap_or(false) {
            return;
        }
        let vp = (i / self.vci_count) as usize;
        let t = self.tail.get(vp).copied().unwrap_or(NIL);
        if let Some(x) = self.prev.get_mut(i as usize) {
            *x = t;
        }
        if let Some(x) = self.next.get_mut(i as usize) {
            *x = NIL;
        }
        match self.next.get_mut(t as usize) {
            Some(x) if t != NIL => *x = i,
            _ => {
                if let Some(h) = self.head.get_mut(vp) {
                    *h = i;
                }
            }
        }
        if let Some(tt) = self.tail.get_mut(vp) {
            *tt = i;
        }
        if let Some(u) = self.used.get_mut(i as usize) {
            *u = false;
        }
    }

    /// Returns `(vpci, vci)` to the pool (appended: reused last).
    pub(crate) fn release(&mut self, vpci: u16, vci: u16) {
        if let Some(i) = self.index(vpci, vci) {
            self.release_index(i);
        }
    }

    /// Number of free identifiers (O(n); for tests and invariants).
    pub(crate) fn free_count(&self) -> usize {
        self.used.iter().filter(|u| !**u).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_map_insert_get_remove() {
        let mut m = CrMap::new(8);
        for k in 1..=8u32 {
            assert!(m.insert(k * 977, k));
        }
        assert!(!m.insert(977, 5));
        for k in 1..=8u32 {
            assert_eq!(m.get(k * 977), Some(k));
        }
        for k in (1..=8u32).step_by(2) {
            m.remove(k * 977);
        }
        for k in 1..=8u32 {
            assert_eq!(m.get(k * 977), if k % 2 == 1 { None } else { Some(k) });
        }
        m.remove(12345);
    }

    #[test]
    fn cr_map_matches_model_under_churn() {
        let mut m = CrMap::new(64);
        let mut model = std::collections::HashMap::new();
        let mut x = 7u64;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let key = ((x >> 33) % 300) as u32;
            if model.len() < 64 && (x >> 20).is_multiple_of(2) {
                assert_eq!(m.insert(key, key + 1), !model.contains_key(&key));
                model.entry(key).or_insert(key + 1);
            } else {
                m.remove(key);
                model.remove(&key);
            }
            for k in 0..300u32 {
                if k % 37 == (x % 37) as u32 {
                    assert_eq!(m.get(k), model.get(&k).copied());
                }
            }
        }
    }

    #[test]
    fn vc_pool_allocates_each_once() {
        let mut p = VcPool::new(0, 1, 32, 35);
        assert_eq!(p.free_count(), 8);
        assert!(p.take(1, 33));
        assert!(!p.take(1, 33));
        assert!(!p.take(2, 33));
        assert!(!p.take(0, 31));
        assert_eq!(p.take_any_in(1), Some((1, 32)));
        assert_eq!(p.take_any_in(1), Some((1, 34)));
        assert_eq!(p.take_any_in(1), Some((1, 35)));
        assert_eq!(p.take_any_in(1), None);
        assert_eq!(p.take_any(), Some((0, 32)));
        p.release(1, 33);
        p.release(1, 33);
        assert_eq!(p.free_count(), 4);
        assert_eq!(p.take_any_in(1), Some((1, 33)));
        for _ in 0..3 {
            assert!(p.take_any().is_some());
        }
        assert_eq!(p.take_any(), None);
        assert!(p.has_vpci(1) && !p.has_vpci(2));
    }
}
