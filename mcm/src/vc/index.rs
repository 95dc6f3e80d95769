//! The receive lookup: (VPI, VCI) → slot, a two-level direct table allocated once.
//!
//! Level 1 has one entry per VPI the configured VPI bits allow (ILMI atmfAtmLayerMaxVpiBits);
//! it names a level-2 block or none. Level 2 is a pool of `vpi_blocks` blocks, each with one
//! entry per VCI the configured VCI bits allow. A block is taken from the pool when the first VC
//! of a VPI is bound and returned when the last one is unbound, so a few VPIs with full VCI
//! ranges fit in bounded memory. A lookup is two dependent loads and no hashing.
//!
//! Mutation needs `&mut` (the table's owner holds the glue's write lock), lookups need `&`: the
//! index is plain memory, no atomics.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::error::VcError;
use super::VcAddress;

#[derive(Debug)]
pub(crate) struct AddressIndex {
    vpi_bits: u8,
    vci_bits: u8,
    /// Per VPI: 0 = no block, n = block n - 1.
    level1: Box<[u16]>,
    /// Per (block, VCI): 0 = unbound, n = slot n - 1.
    level2: Box<[u32]>,
    /// Bound VCIs per block, to return a block to the pool when it empties.
    block_use: Box<[u32]>,
    /// Free blocks (a stack; never holds more than `vpi_blocks` entries).
    free_blocks: Vec<u16>,
}

/// A boxed slice of `len` copies of `value`, or [`VcError::Resources`] if the allocation fails.
pub(crate) fn try_filled<T: Clone>(len: usize, value: T) -> Result<Box<[T]>, VcError> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| VcError::Resources)?;
    v.resize(len, value);
    Ok(v.into_boxed_slice())
}

impl AddressIndex {
    pub(crate) fn new(vpi_bits: u8, vci_bits: u8, vpi_blocks: u16) -> Result<Self, VcError> {
        let vpis = 1usize << vpi_bits;
        let vcis = 1usize << vci_bits;
        let blocks = usize::from(vpi_blocks);
        let mut free_blocks = Vec::new();
        free_blocks.try_reserve_exact(blocks).map_err(|_| VcError::Resources)?;
        free_blocks.extend((0..vpi_blocks).rev());
        Ok(AddressIndex {
            vpi_bits,
            vci_bits,
            level1: try_filled(vpis, 0)?,
            level2: try_filled(blocks.checked_mul(vcis).ok_or(VcError::InvalidConfig)?, 0)?,
            block_use: try_filled(blocks, 0)?,
            free_blocks,
        })
    }

    fn in_range(&self, a: VcAddress) -> bool {
        u32::from(a.vpi) >> self.vpi_bits == 0 && u32::from(a.vci) >> self.vci_bits == 0
    }

    fn level2_position(&self, block: u16, vci: u16) -> usize {
        (usize::from(block) << self.vci_bits) | usize::from(vci)
    }

    /// The slot bound to `a`, if any. Out-of-range addresses simply miss.
    #[inline]
    pub(crate) fn get(&self, a: VcAddress) -> Option<u32> {
        let block = *self.level1.get(usize::from(a.vpi))?;
        let block = block.checked_sub(1)?;
        if u32::from(a.vci) >> self.vci_bits != 0 {
            return None;
        }
        let slot = *self.level2.get(self.level2_position(block, a.vci))?;
        slot.checked_sub(1)
    }

    /// Binds `a` to `slot`.
    pub(crate) fn bind(&mut self, a: VcAddress, slot: u32) -> Result<(), VcError> {
        if !self.in_range(a) {
            return Err(VcError::AddressOutOfRange(a));
        }
        let stored = slot.checked_add(1).ok_or(VcError::Resources)?;
        let l1 = self.level1.get_mut(usize::from(a.vpi)).ok_or(VcError::AddressOutOfRange(a))?;
        let (block, fresh) = match l1.checked_sub(1) {
            Some(b) => (b, false),
            None => (self.free_blocks.pop().ok_or(VcError::Resources)?, true),
        };
        let position = (usize::from(block) << self.vci_bits) | usize::from(a.vci);
        let (Some(entry), Some(used)) =
            (self.level2.get_mut(position), self.block_use.get_mut(usize::from(block)))
        else {
            // Unreachable with a consistent index; refuse rather than corrupt it.
            if fresh {
                self.free_blocks.push(block);
            }
            return Err(VcError::Resources);
        };
        if *entry != 0 {
            return Err(VcError::AddressInUse(a));
        }
        *entry = stored;
        *used += 1;
        if fresh {
            *l1 = block + 1;
        }
        Ok(())
    }

    /// Unbinds `a` if it is bound to `slot`; returns whether it was.
    pub(crate) fn unbind(&mut self, a: VcAddress, slot: u32) -> bool {
        let Some(block) = self.level1.get(usize::from(a.vpi)).and_then(|b| b.checked_sub(1)) else {
            return false;
        };
        let position = self.level2_position(block, a.vci);
        let (Some(entry), Some(used)) =
            (self.level2.get_mut(position), self.block_use.get_mut(usize::from(block)))
        else {
            return false;
        };
        if entry.checked_sub(1) != Some(slot) {
            return false;
        }
        *entry = 0;
        *used = used.saturating_sub(1);
        if *used == 0 {
            if let Some(l1) = self.level1.get_mut(usize::from(a.vpi)) {
                *l1 = 0;
            }
            self.free_blocks.push(block);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(vpi: u16, vci: u16) -> VcAddress {
        VcAddress { vpi, vci }
    }

    #[test]
    fn bind_lookup_unbind() {
        let mut ix = AddressIndex::new(2, 4, 2).unwrap();
        assert_eq!(ix.get(a(1, 5)), None);
        ix.bind(a(1, 5), 9).unwrap();
        assert_eq!(ix.get(a(1, 5)), Some(9));
        assert_eq!(ix.get(a(1, 6)), None);
        assert_eq!(ix.get(a(0, 5)), None);
        assert_eq!(ix.bind(a(1, 5), 3), Err(VcError::AddressInUse(a(1, 5))));
        assert!(!ix.unbind(a(1, 5), 3), "only the bound slot unbinds");
        assert!(ix.unbind(a(1, 5), 9));
        assert_eq!(ix.get(a(1, 5)), None);
    }

    #[test]
    fn out_of_range_addresses() {
        let mut ix = AddressIndex::new(2, 4, 2).unwrap();
        assert_eq!(ix.bind(a(4, 0), 0), Err(VcError::AddressOutOfRange(a(4, 0))));
        assert_eq!(ix.bind(a(0, 16), 0), Err(VcError::AddressOutOfRange(a(0, 16))));
        assert_eq!(ix.get(a(4, 0)), None);
        assert_eq!(ix.get(a(0, 16)), None);
        assert_eq!(ix.get(a(u16::MAX, u16::MAX)), None);
    }

    #[test]
    fn vpi_blocks_are_bounded_and_recycled() {
        let mut ix = AddressIndex::new(2, 4, 2).unwrap();
        ix.bind(a(0, 1), 0).unwrap();
        ix.bind(a(1, 1), 1).unwrap();
        // A third VPI needs a third block: resources exhausted.
        assert_eq!(ix.bind(a(2, 1), 2), Err(VcError::Resources));
        // A second VCI on a VPI that has a block needs none.
        ix.bind(a(1, 2), 3).unwrap();
        assert!(ix.unbind(a(0, 1), 0));
        // VPI 0's block went back to the pool; VPI 2 can now take it, and the stale entry of
        // VPI 0 does not shine through.
        ix.bind(a(2, 7), 2).unwrap();
        assert_eq!(ix.get(a(0, 7)), None);
        assert_eq!(ix.get(a(2, 7)), Some(2));
        assert_eq!(ix.get(a(2, 1)), None);
    }
}
