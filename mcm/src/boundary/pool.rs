//! The allocation façade the core uses for its pools (design.md principle 3: exhaustion is a
//! value, never an abort), and its host implementation that fails a chosen allocation and
//! tracks outstanding allocations by pool tag (Driver Verifier's Low Resources Simulation and
//! Pool Tracking, condis-reference.md §7).
//!
//! The core asks [`PoolAllocator::try_alloc`] before it allocates (with `try_reserve`, so a
//! real allocator failure is also a value) and keeps the returned [`PoolGrant`] next to what
//! it allocated; freeing gives the grant back. A grant is neither `Clone` nor `Copy`, so it
//! can be released once.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::fmt;

/// A four-character pool tag, as ExAllocatePool2 takes (e.g. `*b"McVc"`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PoolTag(pub [u8; 4]);

impl fmt::Debug for PoolTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PoolTag(\"")?;
        for &b in &self.0 {
            if b.is_ascii_graphic() {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_str("\")")
    }
}

/// An allocation refused: the caller returns NDIS_STATUS_RESOURCES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllocError {
    /// The tag asked for.
    pub tag: PoolTag,
    /// Bytes asked for.
    pub bytes: usize,
}

/// Proof of one allocation accounted to the pool; give it back with
/// [`PoolAllocator::free`].
#[must_use = "a grant that is dropped is a leak the pool reports at halt"]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PoolGrant {
    tag: PoolTag,
    bytes: usize,
    serial: u64,
}

impl PoolGrant {
    /// The tag.
    #[must_use]
    pub fn tag(&self) -> PoolTag {
        self.tag
    }

    /// Bytes accounted.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The allocation's number (0 for the first allocation of a pool).
    #[must_use]
    pub fn serial(&self) -> u64 {
        self.serial
    }
}

/// The pool façade: every allocation of the core goes through it.
pub trait PoolAllocator {
    /// Account `bytes` under `tag`, or refuse.
    fn try_alloc(&mut self, tag: PoolTag, bytes: usize) -> Result<PoolGrant, AllocError>;
    /// Give an allocation back.
    fn free(&mut self, grant: PoolGrant);
}

/// A `Vec` with room for `capacity` elements, allocated through `pool` (exhaustion of either
/// the pool or the heap is an [`AllocError`], and nothing stays accounted on failure).
pub fn try_alloc_vec<T>(
    pool: &mut dyn PoolAllocator,
    tag: PoolTag,
    capacity: usize,
) -> Result<(Vec<T>, PoolGrant), AllocError> {
    let bytes = core::mem::size_of::<T>().saturating_mul(capacity);
    let grant = pool.try_alloc(tag, bytes)?;
    let mut v = Vec::new();
    if v.try_reserve_exact(capacity).is_err() {
        pool.free(grant);
        return Err(AllocError { tag, bytes });
    }
    Ok((v, grant))
}

/// Which allocations [`CountingPool`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FailPolicy {
    /// None.
    #[default]
    Never,
    /// Only the allocation with this serial (0-based).
    Nth(u64),
    /// This one and every later one (a pool that stays exhausted).
    FromNth(u64),
}

/// Allocations still outstanding under one tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Leak {
    /// The tag.
    pub tag: PoolTag,
    /// Outstanding allocations.
    pub count: u64,
    /// Outstanding bytes.
    pub bytes: u64,
}

/// A misuse of the pool seen by [`CountingPool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PoolMisuse {
    /// A grant freed that is not outstanding (double free).
    DoubleFree {
        /// The grant's tag.
        tag: PoolTag,
        /// The grant's serial.
        serial: u64,
    },
}

/// Host implementation of [`PoolAllocator`]: counts allocations, fails those its
/// [`FailPolicy`] selects, and tracks what is outstanding per tag.
#[derive(Debug, Default)]
pub struct CountingPool {
    policy: FailPolicy,
    attempts: u64,
    failures: u64,
    outstanding: BTreeMap<u64, (PoolTag, usize)>,
    misuse: Vec<PoolMisuse>,
}

/// Bound on recorded misuses (bounded memory even on a broken core).
const MAX_MISUSE: usize = 64;

impl CountingPool {
    /// A pool that fails according to `policy`.
    #[must_use]
    pub fn new(policy: FailPolicy) -> Self {
        CountingPool { policy, ..CountingPool::default() }
    }

    /// Allocation attempts so far (successful or not): after a run with
    /// [`FailPolicy::Never`], the scenario's allocation count.
    #[must_use]
    pub fn attempts(&self) -> u64 {
        self.attempts
    }

    /// Allocations refused so far.
    #[must_use]
    pub fn failures(&self) -> u64 {
        self.failures
    }

    /// Outstanding allocations.
    #[must_use]
    pub fn outstanding(&self) -> usize {
        self.outstanding.len()
    }

    /// Outstanding allocations grouped by tag (what Pool Tracking reports at unload).
    #[must_use]
    pub fn leaks(&self) -> Vec<Leak> {
        let mut by_tag: BTreeMap<PoolTag, Leak> = BTreeMap::new();
        for &(tag, bytes) in self.outstanding.values() {
            let e = by_tag.entry(tag).or_insert(Leak { tag, count: 0, bytes: 0 });
            e.count = e.count.saturating_add(1);
            e.bytes = e.bytes.saturating_add(bytes as u64);
        }
        by_tag.into_values().collect()
    }

    /// Double frees seen.
    #[must_use]
    pub fn misuse(&self) -> &[PoolMisuse] {
        &self.misuse
    }

    fn fails(&self, serial: u64) -> bool {
        match self.policy {
            FailPolicy::Never => false,
            FailPolicy::Nth(n) => serial == n,
            FailPolicy::FromNth(n) => serial >= n,
        }
    }
}

impl PoolAllocator for CountingPool {
    fn try_alloc(&mut self, tag: PoolTag, bytes: usize) -> Result<PoolGrant, AllocError> {
        let serial = self.attempts;
        self.attempts = self.attempts.saturating_add(1);
        if self.fails(serial) {
            self.failures = self.failures.saturating_add(1);
            return Err(AllocError { tag, bytes });
        }
        self.outstanding.insert(serial, (tag, bytes));
        Ok(PoolGrant { tag, bytes, serial })
    }

    fn free(&mut self, grant: PoolGrant) {
        if self.outstanding.remove(&grant.serial).is_none() && self.misuse.len() < MAX_MISUSE {
            self.misuse.push(PoolMisuse::DoubleFree { tag: grant.tag, serial: grant.serial });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VC: PoolTag = PoolTag(*b"McVc");
    const RX: PoolTag = PoolTag(*b"McRx");

    #[test]
    fn nth_fails_once() {
        let mut p = CountingPool::new(FailPolicy::Nth(1));
        let a = p.try_alloc(VC, 10).unwrap();
        assert_eq!(p.try_alloc(VC, 20), Err(AllocError { tag: VC, bytes: 20 }));
        let c = p.try_alloc(RX, 30).unwrap();
        assert_eq!((p.attempts(), p.failures(), p.outstanding()), (3, 1, 2));
        assert_eq!(c.serial(), 2);
        p.free(a);
        p.free(c);
        assert!(p.leaks().is_empty());
    }

    #[test]
    fn from_nth_stays_exhausted() {
        let mut p = CountingPool::new(FailPolicy::FromNth(0));
        assert!(p.try_alloc(VC, 1).is_err());
        assert!(p.try_alloc(VC, 1).is_err());
        assert_eq!(p.failures(), 2);
    }

    #[test]
    fn leaks_grouped_by_tag() {
        let mut p = CountingPool::new(FailPolicy::Never);
        let a = p.try_alloc(VC, 10).unwrap();
        let b = p.try_alloc(VC, 5).unwrap();
        let c = p.try_alloc(RX, 7).unwrap();
        p.free(c);
        assert_eq!(p.leaks(), alloc::vec![Leak { tag: VC, count: 2, bytes: 15 }]);
        p.free(a);
        p.free(b);
        assert!(p.leaks().is_empty());
    }

    #[test]
    fn double_free_is_recorded() {
        let mut p = CountingPool::new(FailPolicy::Never);
        let a = p.try_alloc(VC, 1).unwrap();
        let forged = PoolGrant { tag: a.tag, bytes: a.bytes, serial: a.serial };
        p.free(a);
        p.free(forged);
        assert_eq!(p.misuse(), &[PoolMisuse::DoubleFree { tag: VC, serial: 0 }]);
    }

    #[test]
    fn vec_through_pool() {
        let mut p = CountingPool::new(FailPolicy::Never);
        let (v, g) = try_alloc_vec::<u32>(&mut p, VC, 16).unwrap();
        assert!(v.capacity() >= 16);
        assert_eq!(g.bytes(), 64);
        p.free(g);
        let mut p = CountingPool::new(FailPolicy::Nth(0));
        assert!(try_alloc_vec::<u32>(&mut p, VC, 16).is_err());
        // Heap refusal: nothing stays accounted.
        let mut p = CountingPool::new(FailPolicy::Never);
        assert!(try_alloc_vec::<u64>(&mut p, VC, usize::MAX / 2).is_err());
        assert_eq!(p.outstanding(), 0);
        assert_eq!(std::format!("{:?}", PoolTag(*b"Mc\x01v")), "PoolTag(\"Mc\\x01v\")");
    }
}
