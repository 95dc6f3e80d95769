//! The receive buffer pool shared by the reassemblers of an adapter.
//!
//! Bounded memory (design.md principle 3): `count` buffers of `buffer_len` octets are
//! allocated once, at creation; nothing is allocated afterwards. A reassembled PDU stays in its
//! buffer until the consumer releases it — the NDIS receive-indicate / return model — so a
//! slow consumer shows up as buffer exhaustion on the reassemblers, never as growth.
//!
//! A [`BufferId`] carries a generation number: releasing an id twice, or after the buffer went
//! to someone else, is detected and ignored instead of freeing another owner's buffer.

use alloc::vec::Vec;

use super::Aal5Error;

/// Handle of one pool buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BufferId {
    index: u32,
    generation: u32,
}

impl BufferId {
    /// Position of the buffer in the pool (0..capacity), e.g. for a per-buffer descriptor table.
    pub fn index(&self) -> usize {
        self.index as usize
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    generation: u32,
    in_use: bool,
}

/// Fixed count × fixed size receive buffers.
#[derive(Debug)]
pub struct BufferPool {
    storage: Vec<u8>,
    buffer_len: usize,
    slots: Vec<Slot>,
    /// Free buffer indices, used as a stack (the most recently freed buffer is still cached).
    free: Vec<u32>,
}

impl BufferPool {
    /// Allocates `count` buffers of `buffer_len` octets. Fails with
    /// [`Aal5Error::InvalidConfig`] for zero sizes or more than 2^32 buffers, and with
    /// [`Aal5Error::OutOfMemory`] when the allocation fails (no abort).
    pub fn new(count: usize, buffer_len: usize) -> Result<Self, Aal5Error> {
        if count == 0 || buffer_len == 0 || u32::try_from(count).is_err() {
            return Err(Aal5Error::InvalidConfig);
        }
        let total = count.checked_mul(buffer_len).ok_or(Aal5Error::InvalidConfig)?;
        let mut storage = Vec::new();
        storage.try_reserve_exact(total).map_err(|_| Aal5Error::OutOfMemory)?;
        storage.resize(total, 0);
        let mut slots = Vec::new();
        slots.try_reserve_exact(count).map_err(|_| Aal5Error::OutOfMemory)?;
        slots.resize(count, Slot { generation: 0, in_use: false });
        let mut free = Vec::new();
        free.try_reserve_exact(count).map_err(|_| Aal5Error::OutOfMemory)?;
        // Hand out low indices first.
        free.extend((0..count).rev().filter_map(|i| u32::try_from(i).ok()));
        Ok(BufferPool { storage, buffer_len, slots, free })
    }

    /// Octets in each buffer.
    pub fn buffer_len(&self) -> usize {
        self.buffer_len
    }

    /// Number of buffers.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Buffers currently free.
    pub fn free_count(&self) -> usize {
        self.free.len()
    }

    /// Takes a free buffer; `None` when all are in use.
    pub fn allocate(&mut self) -> Option<BufferId> {
        let index = self.free.pop()?;
        let slot = self.slots.get_mut(index as usize)?;
        slot.in_use = true;
        Some(BufferId { index, generation: slot.generation })
    }

    /// Returns a buffer to the pool. Returns false (and changes nothing) for an id that is not
    /// currently allocated: a double release or a stale id.
    pub fn release(&mut self, id: BufferId) -> bool {
        let Some(slot) = self.slots.get_mut(id.index as usize) else { return false };
        if !slot.in_use || slot.generation != id.generation {
            return false;
        }
        slot.in_use = false;
        slot.generation = slot.generation.wrapping_add(1);
        // Cannot exceed the reserved capacity: each index is free at most once.
        self.free.push(id.index);
        true
    }

    fn range(&self, id: BufferId) -> Option<core::ops::Range<usize>> {
        let slot = self.slots.get(id.index as usize)?;
        if !slot.in_use || slot.generation != id.generation {
            return None;
        }
        let start = (id.index as usize).checked_mul(self.buffer_len)?;
        Some(start..start.checked_add(self.buffer_len)?)
    }

    /// The whole buffer behind an allocated id (`None` for a free or stale id).
    pub fn get(&self, id: BufferId) -> Option<&[u8]> {
        let range = self.range(id)?;
        self.storage.get(range)
    }

    /// The whole buffer behind an allocated id, writable.
    pub fn get_mut(&mut self, id: BufferId) -> Option<&mut [u8]> {
        let range = self.range(id)?;
        self.storage.get_mut(range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocate_until_exhausted_then_recover() {
        let mut pool = BufferPool::new(2, 96).unwrap();
        assert_eq!((pool.capacity(), pool.free_count(), pool.buffer_len()), (2, 2, 96));
        let a = pool.allocate().unwrap();
        let b = pool.allocate().unwrap();
        assert_ne!(a, b);
        assert_eq!(pool.allocate(), None);
        pool.get_mut(a).unwrap()[0] = 0xAB;
        assert_eq!(pool.get(a).unwrap()[0], 0xAB);
        assert_eq!(pool.get(a).unwrap().len(), 96);
        assert!(pool.release(a));
        assert_eq!(pool.free_count(), 1);
        let c = pool.allocate().unwrap();
        assert_eq!(c.index(), a.index());
        assert!(pool.release(b));
        assert!(pool.release(c));
        assert_eq!(pool.free_count(), 2);
    }

    #[test]
    fn stale_and_double_release_are_ignored() {
        let mut pool = BufferPool::new(1, 48).unwrap();
        let a = pool.allocate().unwrap();
        assert!(pool.release(a));
        assert!(!pool.release(a));
        let b = pool.allocate().unwrap();
        // `a` names the same buffer but an older generation: it cannot free `b`.
        assert!(!pool.release(a));
        assert_eq!(pool.get(a), None);
        assert!(pool.get(b).is_some());
        assert_eq!(pool.free_count(), 0);
        assert!(pool.release(b));
    }

    #[test]
    fn rejects_zero_sizes() {
        assert_eq!(BufferPool::new(0, 48).unwrap_err(), Aal5Error::InvalidConfig);
        assert_eq!(BufferPool::new(1, 0).unwrap_err(), Aal5Error::InvalidConfig);
        assert_eq!(BufferPool::new(usize::MAX, 2).unwrap_err(), Aal5Error::InvalidConfig);
    }
}
