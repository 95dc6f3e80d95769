//! Packets across the NDIS boundary: a send is a chain of `NET_BUFFER_LIST`s, each holding
//! `NET_BUFFER`s whose data is an MDL chain; a receive indication is a list of NBLs the
//! miniport owns until NDIS returns them (condis-reference.md §3, §4 "VC rules").
//!
//! The core never sees NBLs or MDLs: the glue implements [`PacketList`] over the NBL chain
//! (each NET_BUFFER's MDL chain, `DataOffset` applied, as `&[&[u8]]`), and host tests use
//! [`VecPacketList`] over plain buffers.

use alloc::vec::Vec;

use super::types::{CancelId, NblId, NdisVcHandle};
use crate::abi::NdisStatus;

/// A chain of NBLs handed to MiniportCoSendNetBufferLists. Indexing is by position in the
/// chain; out-of-range positions return `None` / 0.
pub trait PacketList {
    /// Number of NBLs in the chain.
    fn nbl_count(&self) -> usize;
    /// Identity of NBL `nbl` (for the send completion).
    fn nbl_id(&self, nbl: usize) -> Option<NblId>;
    /// Whether NBL `nbl` asks for cell-loss priority 1 (`CO_SEND_FLAG_SET_DISCARD_ELIBILITY`).
    fn discard_eligible(&self, nbl: usize) -> bool;
    /// NBL `nbl`'s cancel id (`NDIS_GET_NET_BUFFER_LIST_CANCEL_ID`), if set; a queued NBL
    /// with this id completes with REQUEST_ABORTED on MiniportCancelSend.
    fn cancel_id(&self, nbl: usize) -> Option<CancelId>;
    /// Number of NET_BUFFERs in NBL `nbl` (one AAL5 CPCS-SDU each).
    fn net_buffer_count(&self, nbl: usize) -> usize;
    /// The data of NET_BUFFER `nb` of NBL `nbl` as its fragment list (the MDL chain from
    /// `DataOffset`, `DataLength` bytes in total).
    fn fragments(&self, nbl: usize, nb: usize) -> Option<&[&[u8]]>;
}

/// One NBL of a [`PacketList`], for iteration.
#[derive(Debug, Clone, Copy)]
pub struct NblRef<'a, L: ?Sized> {
    list: &'a L,
    index: usize,
}

impl<'a, L: PacketList + ?Sized> NblRef<'a, L> {
    /// Position in the chain.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The NBL's identity.
    #[must_use]
    pub fn id(&self) -> Option<NblId> {
        self.list.nbl_id(self.index)
    }

    /// `CO_SEND_FLAG_SET_DISCARD_ELIBILITY`.
    #[must_use]
    pub fn discard_eligible(&self) -> bool {
        self.list.discard_eligible(self.index)
    }

    /// The cancel id, if any.
    #[must_use]
    pub fn cancel_id(&self) -> Option<CancelId> {
        self.list.cancel_id(self.index)
    }

    /// The fragment lists of its NET_BUFFERs, in order.
    pub fn net_buffers(&self) -> impl Iterator<Item = &'a [&'a [u8]]> + 'a {
        let (list, nbl) = (self.list, self.index);
        (0..list.net_buffer_count(nbl)).filter_map(move |nb| list.fragments(nbl, nb))
    }
}

/// Iterates the NBLs of a chain.
pub fn nbls<L: PacketList + ?Sized>(list: &L) -> impl Iterator<Item = NblRef<'_, L>> {
    (0..list.nbl_count()).map(move |index| NblRef { list, index })
}

/// Total bytes of a fragment list.
#[must_use]
pub fn fragments_len(fragments: &[&[u8]]) -> usize {
    fragments.iter().map(|f| f.len()).fold(0usize, usize::saturating_add)
}

/// Copies a fragment list into `out` (which must hold [`fragments_len`] bytes); returns the
/// bytes copied, or `None` without a partial guarantee if `out` is too short.
pub fn copy_fragments(fragments: &[&[u8]], out: &mut [u8]) -> Option<usize> {
    let mut at = 0usize;
    for f in fragments {
        let end = at.checked_add(f.len())?;
        out.get_mut(at..end)?.copy_from_slice(f);
        at = end;
    }
    Some(at)
}

/// The status of one sent NBL, passed to NdisMCoSendNetBufferListsComplete
/// (`NET_BUFFER_LIST_STATUS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SendCompletion {
    /// The NBL.
    pub id: NblId,
    /// Its status: SUCCESS, or e.g. PAUSED, REQUEST_ABORTED, VC_NOT_ACTIVATED, RESOURCES;
    /// never PENDING.
    pub status: NdisStatus,
}

/// One NBL indicated with NdisMCoIndicateReceiveNetBufferLists: the core's receive-pool slot,
/// the reassembled CPCS-SDU and the VC it arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReceiveNbl<'a> {
    /// The pool slot's NBL (returned later through ReturnNetBufferLists).
    pub id: NblId,
    /// `NET_BUFFER_LIST->SourceHandle`: must be the VC's handle (invariant 6).
    pub source_handle: NdisVcHandle,
    /// The received data.
    pub data: &'a [u8],
    /// `NET_BUFFER_LIST_STATUS` (SUCCESS; an error for an erred PDU indicated under
    /// INDICATE_ERRED_PACKETS).
    pub status: NdisStatus,
}

/// Flags of a receive indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReceiveFlags {
    /// `NDIS_RECEIVE_FLAGS_RESOURCES`: NDIS gives the NBLs back when the call returns; they are
    /// not returned through ReturnNetBufferLists.
    pub resources: bool,
}

/// One NBL of a [`VecPacketList`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecNbl<'a> {
    /// Identity.
    pub id: NblId,
    /// CLP request.
    pub discard_eligible: bool,
    /// Cancel id.
    pub cancel_id: Option<CancelId>,
    /// NET_BUFFERs, each a fragment list.
    pub net_buffers: Vec<Vec<&'a [u8]>>,
}

/// A [`PacketList`] over plain buffers, for host tests and the simulator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VecPacketList<'a> {
    /// The chain.
    pub nbls: Vec<VecNbl<'a>>,
}

impl<'a> VecPacketList<'a> {
    /// A chain of single-NET_BUFFER, single-fragment NBLs.
    #[must_use]
    pub fn single_buffers(items: &[(NblId, &'a [u8])]) -> Self {
        VecPacketList {
            nbls: items
                .iter()
                .map(|&(id, data)| VecNbl {
                    id,
                    discard_eligible: false,
                    cancel_id: None,
                    net_buffers: alloc::vec![alloc::vec![data]],
                })
                .collect(),
        }
    }

    /// The identities in the chain, in order.
    #[must_use]
    pub fn ids(&self) -> Vec<NblId> {
        self.nbls.iter().map(|n| n.id).collect()
    }
}

impl PacketList for VecPacketList<'_> {
    fn nbl_count(&self) -> usize {
        self.nbls.len()
    }

    fn nbl_id(&self, nbl: usize) -> Option<NblId> {
        self.nbls.get(nbl).map(|n| n.id)
    }

    fn discard_eligible(&self, nbl: usize) -> bool {
        self.nbls.get(nbl).is_some_and(|n| n.discard_eligible)
    }

    fn cancel_id(&self, nbl: usize) -> Option<CancelId> {
        self.nbls.get(nbl).and_then(|n| n.cancel_id)
    }

    fn net_buffer_count(&self, nbl: usize) -> usize {
        self.nbls.get(nbl).map_or(0, |n| n.net_buffers.len())
    }

    fn fragments(&self, nbl: usize, nb: usize) -> Option<&[&[u8]]> {
        self.nbls.get(nbl)?.net_buffers.get(nb).map(Vec::as_slice)
    }
}

/// The identities of every NBL in a chain (the checker records these at send time).
#[must_use]
pub fn ids_of<L: PacketList + ?Sized>(list: &L) -> Vec<NblId> {
    nbls(list).filter_map(|n| n.id()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u64) -> NblId {
        NblId::from_raw(n).unwrap()
    }

    #[test]
    fn iterate_nbls_and_fragments() {
        let a = [1u8, 2, 3];
        let b = [4u8, 5];
        let list = VecPacketList {
            nbls: alloc::vec![
                VecNbl {
                    id: id(7),
                    discard_eligible: true,
                    cancel_id: CancelId::from_raw(0xCA),
                    net_buffers: alloc::vec![alloc::vec![&a[..], &b[..]], alloc::vec![&b[..]]],
                },
                VecNbl {
                    id: id(8),
                    discard_eligible: false,
                    cancel_id: None,
                    net_buffers: alloc::vec![],
                },
            ],
        };
        let all: Vec<_> = nbls(&list).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id(), Some(id(7)));
        assert!(all[0].discard_eligible());
        assert!(!all[1].discard_eligible());
        assert_eq!(all[0].cancel_id(), CancelId::from_raw(0xCA));
        assert_eq!(all[1].cancel_id(), None);
        let nbs: Vec<_> = all[0].net_buffers().collect();
        assert_eq!(nbs.len(), 2);
        assert_eq!(fragments_len(nbs[0]), 5);
        let mut out = [0u8; 5];
        assert_eq!(copy_fragments(nbs[0], &mut out), Some(5));
        assert_eq!(out, [1, 2, 3, 4, 5]);
        assert_eq!(copy_fragments(nbs[0], &mut [0u8; 4]), None);
        assert_eq!(all[1].net_buffers().count(), 0);
        assert_eq!(ids_of(&list), alloc::vec![id(7), id(8)]);
        assert_eq!(list.nbl_id(2), None);
        assert_eq!(list.net_buffer_count(2), 0);
        assert!(list.fragments(0, 2).is_none());
    }

    #[test]
    fn single_buffers_builds_one_fragment_each() {
        let d = [9u8; 4];
        let list = VecPacketList::single_buffers(&[(id(1), &d), (id(2), &d[..2])]);
        assert_eq!(list.ids(), alloc::vec![id(1), id(2)]);
        assert_eq!(list.fragments(1, 0), Some(&[&d[..2]][..]));
    }
}
