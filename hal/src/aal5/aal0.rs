//! AAL0: raw cells passed through without adaptation (the NDIS `AAL_TYPE_AAL0` service).
//!
//! The user's buffer is a sequence of 48-octet cell payloads that go out unchanged; received
//! payloads are handed up one by one with the header bits the user may need (the PTI AUU bit
//! and CLP). No CRC, no trailer, no reassembly state.

use super::{Aal5Error, SarCell, SAR_PDU_LEN};

/// One received AAL0 cell payload with its header bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aal0Cell {
    /// The 48 payload octets, unchanged.
    pub payload: [u8; SAR_PDU_LEN],
    /// PTI ATM-user-to-ATM-user bit (I.361), passed through.
    pub auu: bool,
    /// Cell loss priority.
    pub clp: bool,
}

/// Sends a buffer of whole cell payloads unchanged; the AUU bit is set on the last cell
/// when requested (some raw-cell users mark frame ends themselves).
#[derive(Debug, Clone)]
pub struct Aal0Segmenter<'a> {
    cells: core::slice::ChunksExact<'a, u8>,
    mark_last: bool,
    clp: bool,
}

impl<'a> Aal0Segmenter<'a> {
    /// Fails with [`Aal5Error::LengthMismatch`] unless `data` is a whole number of payloads.
    pub fn new(data: &'a [u8], mark_last: bool, clp: bool) -> Result<Self, Aal5Error> {
        if !data.len().is_multiple_of(SAR_PDU_LEN) {
            return Err(Aal5Error::LengthMismatch);
        }
        Ok(Aal0Segmenter { cells: data.chunks_exact(SAR_PDU_LEN), mark_last, clp })
    }

    /// Cells still to come.
    pub fn cells_remaining(&self) -> usize {
        self.cells.len()
    }

    /// Writes the next payload; `None` when done.
    pub fn next_cell(&mut self, payload: &mut [u8; SAR_PDU_LEN]) -> Option<SarCell> {
        let chunk = self.cells.next()?;
        payload.copy_from_slice(chunk.first_chunk::<SAR_PDU_LEN>()?);
        Some(SarCell { end_of_pdu: self.mark_last && self.cells.len() == 0, clp: self.clp })
    }
}

/// Receive side: counts and passes cells through.
#[derive(Debug, Clone, Default)]
pub struct Aal0Receiver {
    cells: u64,
}

impl Aal0Receiver {
    /// A receiver with zeroed counters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Passes one received payload up unchanged.
    pub fn push_cell(&mut self, payload: &[u8; SAR_PDU_LEN], auu: bool, clp: bool) -> Aal0Cell {
        self.cells = self.cells.saturating_add(1);
        Aal0Cell { payload: *payload, auu, clp }
    }

    /// Cells received.
    pub fn cells(&self) -> u64 {
        self.cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_pass_through_unchanged() {
        let data: alloc::vec::Vec<u8> = (0..96u8).collect();
        let mut seg = Aal0Segmenter::new(&data, true, true).unwrap();
        assert_eq!(seg.cells_remaining(), 2);
        let mut rx = Aal0Receiver::new();
        let mut payload = [0u8; 48];
        let first = seg.next_cell(&mut payload).unwrap();
        assert_eq!(first, SarCell { end_of_pdu: false, clp: true });
        assert_eq!(rx.push_cell(&payload, first.end_of_pdu, first.clp).payload[..], data[..48]);
        let second = seg.next_cell(&mut payload).unwrap();
        assert!(second.end_of_pdu);
        let cell = rx.push_cell(&payload, second.end_of_pdu, second.clp);
        assert_eq!(cell.payload[..], data[48..]);
        assert!(cell.auu && cell.clp);
        assert_eq!(seg.next_cell(&mut payload), None);
        assert_eq!(rx.cells(), 2);
    }

    #[test]
    fn rejects_partial_cells() {
        assert_eq!(
            Aal0Segmenter::new(&[0u8; 47], false, false).unwrap_err(),
            Aal5Error::LengthMismatch
        );
        let mut seg = Aal0Segmenter::new(&[], false, false).unwrap();
        assert_eq!(seg.next_cell(&mut [0u8; 48]), None);
    }
}
