//! Transmit memory of the software SAR: 48-octet cell-payload blocks chained per PDU.
//!
//! A PDU is copied once, at `transmit`, into a chain of blocks holding exactly its
//! CPCS-PDU (I.363.5 §9.2: SDU, pad, trailer) — the layout a SAR engine's DMA would read.
//! Segmentation is then lazy and trivial: each slot the scheduler gives the VC sends the next
//! block behind a header. Memory is one array allocated at creation; a free list hands blocks
//! out and takes them back as cells leave, so there is no fragmentation and no allocation on
//! the data path.

use alloc::vec;
use alloc::vec::Vec;

use crate::aal5::{Crc32, TRAILER_LEN};

/// Octets of an ATM cell payload (I.361 §2.1).
pub(crate) const PAYLOAD: usize = 48;

/// Cells of the CPCS-PDU carrying an SDU of `sdu_len` octets (I.363.5 §9.2.2: pad to a
/// multiple of 48 with the 8-octet trailer).
pub(crate) fn aal5_cells(sdu_len: usize) -> usize {
    sdu_len.saturating_add(TRAILER_LEN).div_ceil(PAYLOAD)
}

const NIL: u32 = u32::MAX;

/// Fixed pool of chained cell-payload blocks.
#[derive(Debug)]
pub(crate) struct CellStore {
    blocks: Vec<[u8; PAYLOAD]>,
    next: Vec<u32>,
    free_head: u32,
    free: usize,
}

impl CellStore {
    pub(crate) fn new(count: usize) -> Self {
        let count = count.min(usize::try_from(NIL - 1).unwrap_or(usize::MAX));
        let next = (0..count)
            .map(|i| {
                let n = i.saturating_add(1);
                if n < count {
                    u32::try_from(n).unwrap_or(NIL)
                } else {
                    NIL
                }
            })
            .collect();
        CellStore {
            blocks: vec![[0u8; PAYLOAD]; count],
            next,
            free_head: if count > 0 { 0 } else { NIL },
            free: count,
        }
    }

    /// Blocks not in use.
    pub(crate) fn free(&self) -> usize {
        self.free
    }

    fn take(&mut self) -> Option<u32> {
        let i = self.free_head;
        let n = *self.next.get(usize::try_from(i).ok()?)?;
        self.free_head = n;
        self.free = self.free.saturating_sub(1);
        Some(i)
    }

    /// Returns block `i` to the free list and gives the block that followed it.
    pub(crate) fn release(&mut self, i: u32) -> u32 {
        let Some(next) = usize::try_from(i).ok().and_then(|x| self.next.get_mut(x)) else {
            return NIL;
        };
        let following = *next;
        *next = self.free_head;
        self.free_head = i;
        self.free = self.free.saturating_add(1);
        following
    }

    /// Frees a whole chain.
    pub(crate) fn release_chain(&mut self, mut head: u32) {
        let mut guard = self.blocks.len();
        while head != NIL && guard > 0 {
            head = self.release(head);
            guard -= 1;
        }
    }

    pub(crate) fn block(&self, i: u32) -> Option<&[u8; PAYLOAD]> {
        self.blocks.get(usize::try_from(i).ok()?)
    }

    fn set_next(&mut self, i: u32, n: u32) {
        if let Some(slot) = usize::try_from(i).ok().and_then(|x| self.next.get_mut(x)) {
            *slot = n;
        }
    }

    fn next_of(&self, i: u32) -> u32 {
        usize::try_from(i).ok().and_then(|x| self.next.get(x)).copied().unwrap_or(NIL)
    }

    /// Allocates a chain of `cells` linked blocks, or nothing when fewer are free.
    fn alloc_chain(&mut self, cells: usize) -> Option<u32> {
        if cells == 0 || cells > self.free {
            return None;
        }
        let head = self.take()?;
        let mut prev = head;
        for _ in 1..cells {
            let i = self.take()?;
            self.set_next(prev, i);
            prev = i;
        }
        self.set_next(prev, NIL);
        Some(head)
    }
}

/// A PDU waiting in (or being sent from) a channel's transmit queue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TxPdu {
    pub token: super::TxToken,
    /// Next block to send.
    pub head: u32,
    /// Cells not yet sent.
    pub cells_left: usize,
    pub clp: bool,
    /// At least one cell is on the wire: aborting it must terminate the far end's reassembly.
    pub started: bool,
    /// A cell was lost to a dead line: the PDU completes with `TxStatus::LinkDown`.
    pub lost: bool,
}

/// The payload of the cell that terminates a partially sent CPCS-PDU when the PDU is aborted
/// (reset, close, modify): an end-of-PDU cell whose trailer carries Length 0 and a CRC-32 that
/// is deliberately wrong, so the far end discards whatever it has assembled — counted there as
/// one CRC error — and starts the next PDU clean instead of merging it with the remnant.
pub(crate) fn aal5_abort_payload() -> [u8; PAYLOAD] {
    let mut cell = [0u8; PAYLOAD];
    let mut crc = Crc32::new();
    crc.update(cell.get(..PAYLOAD - 4).unwrap_or(&[]));
    let wrong = !crc.finish();
    if let Some(dst) = cell.get_mut(PAYLOAD - 4..) {
        dst.copy_from_slice(&wrong.to_be_bytes());
    }
    cell
}

/// Sequential writer over a block chain.
struct ChainWriter<'a> {
    store: &'a mut CellStore,
    block: u32,
    offset: usize,
}

impl ChainWriter<'_> {
    fn write(&mut self, mut data: &[u8], mut crc: Option<&mut Crc32>) {
        while !data.is_empty() {
            let Some(block) =
                usize::try_from(self.block).ok().and_then(|i| self.store.blocks.get_mut(i))
            else {
                return;
            };
            let room = PAYLOAD.saturating_sub(self.offset);
            let n = room.min(data.len());
            let (now, rest) = data.split_at(n);
            if let Some(dst) = block.get_mut(self.offset..self.offset + n) {
                dst.copy_from_slice(now);
            }
            if let Some(c) = crc.as_deref_mut() {
                c.update(now);
            }
            data = rest;
            self.offset += n;
            if self.offset == PAYLOAD {
                self.block = self.store.next_of(self.block);
                self.offset = 0;
            }
        }
    }
}

/// Builds the AAL5 CPCS-PDU of `fragments` (total `sdu_len` octets) into fresh blocks
/// (I.363.5 §9.2.2, CRC per §10.1.2). `None` when the store lacks blocks.
pub(crate) fn build_aal5(
    store: &mut CellStore,
    fragments: &[&[u8]],
    sdu_len: usize,
    uu: u8,
    cpi: u8,
) -> Option<(u32, usize)> {
    let cells = aal5_cells(sdu_len);
    let head = store.alloc_chain(cells)?;
    let mut crc = Crc32::new();
    let mut w = ChainWriter { store, block: head, offset: 0 };
    for f in fragments {
        w.write(f, Some(&mut crc));
    }
    // Pad with zeros up to the trailer of the last cell (I.363.5 §9.2.2.1: pad is 0..47
    // octets, coded zero).
    let pad = cells.saturating_mul(PAYLOAD).saturating_sub(TRAILER_LEN).saturating_sub(sdu_len);
    const ZEROS: [u8; PAYLOAD] = [0u8; PAYLOAD];
    w.write(ZEROS.get(..pad).unwrap_or(&[]), Some(&mut crc));
    let len = u16::try_from(sdu_len).unwrap_or(0);
    let [l0, l1] = len.to_be_bytes();
    w.write(&[uu, cpi, l0, l1], Some(&mut crc));
    w.write(&crc.finish().to_be_bytes(), None);
    Some((head, cells))
}

/// Copies an AAL0 packet (a multiple of 48 octets) into fresh blocks, one per cell.
pub(crate) fn build_aal0(
    store: &mut CellStore,
    fragments: &[&[u8]],
    len: usize,
) -> Option<(u32, usize)> {
    let cells = len / PAYLOAD;
    let head = store.alloc_chain(cells)?;
    let mut w = ChainWriter { store, block: head, offset: 0 };
    for f in fragments {
        w.write(f, None);
    }
    Some((head, cells))
}

/// The CPCS trailer fields of a last-cell payload, read through `hal::aal5`'s view.
#[cfg(test)]
pub(crate) fn trailer(last: &[u8; PAYLOAD]) -> (u8, u8, u16, u32) {
    let t = crate::aal5::Trailer::new_checked(&last[PAYLOAD - TRAILER_LEN..]).unwrap();
    (t.uu(), t.cpi(), t.length(), t.crc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(store: &CellStore, head: u32) -> alloc::vec::Vec<u8> {
        let mut out = alloc::vec::Vec::new();
        let mut i = head;
        while i != NIL {
            out.extend_from_slice(store.block(i).unwrap());
            i = store.next[i as usize];
        }
        out
    }

    #[test]
    fn aal5_known_answer_40_zero_octets() {
        // atm-reference.md / I.363.5 test vector: 40 × 0x00, UU 0, CPI 0 → CRC 86 4D 7F 99.
        let mut store = CellStore::new(4);
        let sdu = [0u8; 40];
        let (head, cells) = build_aal5(&mut store, &[&sdu[..20], &sdu[20..]], 40, 0, 0).unwrap();
        assert_eq!(cells, 1);
        let pdu = collect(&store, head);
        assert_eq!(pdu.len(), 48);
        assert_eq!(&pdu[40..], &[0, 0, 0, 0x28, 0x86, 0x4D, 0x7F, 0x99]);
        let last: [u8; 48] = pdu[..].try_into().unwrap();
        assert_eq!(trailer(&last), (0, 0, 40, 0x864D_7F99));
    }

    #[test]
    fn aal5_known_answer_counting_octets() {
        let sdu: alloc::vec::Vec<u8> = (1..=0x28).collect();
        let mut store = CellStore::new(1);
        let (head, _) = build_aal5(&mut store, &[&sdu], 40, 0, 0).unwrap();
        assert_eq!(&collect(&store, head)[44..], &[0xBF, 0x67, 0x1E, 0xD0]);
    }

    #[test]
    fn pdus_spanning_cells_leave_the_crc_residue() {
        for len in [0usize, 1, 39, 40, 41, 88, 89, 1000, 9180] {
            let sdu: alloc::vec::Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let mut store = CellStore::new(256);
            let (head, cells) =
                build_aal5(&mut store, &[&sdu[..len / 3], &sdu[len / 3..]], len, 7, 0).unwrap();
            assert_eq!(cells, aal5_cells(len));
            let pdu = collect(&store, head);
            assert_eq!(pdu.len(), cells * 48);
            assert_eq!(&pdu[..len], &sdu[..]);
            assert!(pdu[len..pdu.len() - 8].iter().all(|&b| b == 0));
            let mut c = Crc32::new();
            c.update(&pdu);
            assert_eq!(c.register(), 0xC704_DD7B, "len {len}");
            assert_eq!(store.free(), 256 - cells);
            store.release_chain(head);
            assert_eq!(store.free(), 256);
        }
    }

    #[test]
    fn abort_cell_never_passes_the_crc_alone() {
        let cell = aal5_abort_payload();
        assert_eq!(trailer(&cell).2, 0);
        let mut c = Crc32::new();
        c.update(&cell);
        assert_ne!(c.register(), 0xC704_DD7B);
    }

    #[test]
    fn store_refuses_when_short_and_recycles_blocks() {
        let mut store = CellStore::new(3);
        let (a, _) = build_aal5(&mut store, &[&[1u8; 50]], 50, 0, 0).unwrap();
        assert_eq!(store.free(), 1);
        assert!(build_aal5(&mut store, &[&[1u8; 50]], 50, 0, 0).is_none());
        assert_eq!(store.free(), 1);
        let rest = store.release(a);
        assert_ne!(rest, NIL);
        store.release_chain(rest);
        assert_eq!(store.free(), 3);
        let (b, cells) = build_aal0(&mut store, &[&[9u8; 96]], 96).unwrap();
        assert_eq!(cells, 2);
        assert_eq!(collect(&store, b), alloc::vec![9u8; 96]);
    }
}
