//! CPCS + SAR transmit side (I.363.5 §10.1.1 CPCS, §8 SAR): an SDU given as a fragment list
//! becomes 48-octet SAR-PDUs, the last one carrying the trailer.
//!
//! Scatter/gather without an intermediate buffer: each SAR-PDU is copied straight from the
//! fragments (of any sizes, empty ones included) into the caller's 48-octet payload, and the
//! CRC-32 advances over each payload as it is produced, so the SDU is read exactly once.

use super::cpcs::{cell_count, sdu_len, CPI_ALIGNMENT, TRAILER_LEN};
use super::crc32::Crc32;
use super::{Aal5Error, SAR_PDU_LEN};

/// Octets of the last SAR-PDU before the trailer.
const LAST_CELL_ROOM: usize = SAR_PDU_LEN - TRAILER_LEN;
/// Offset of the CRC field in the last SAR-PDU.
const LAST_CELL_CRC: usize = SAR_PDU_LEN - 4;

/// Per-PDU parameters (I.363.5 §10.1.1: CPCS-UU and CPI from the user, CLP from the CPCS-LP
/// parameter; the same CLP for every cell of the PDU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegmentParams {
    /// CPCS-UU, carried transparently.
    pub uu: u8,
    /// CPI; only 0 is valid (I.363.5 §9.2.2.3).
    pub cpi: u8,
    /// Cell loss priority for every cell of this PDU.
    pub clp: bool,
}

/// What the ATM layer needs to build the header of one SAR-PDU (I.363.5 §8.1: SAR-UNITDATA
/// with the AUU parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SarCell {
    /// AUU = 1: last cell of the CPCS-PDU (PTI = 0b0x1 on a user cell).
    pub end_of_pdu: bool,
    /// Cell loss priority.
    pub clp: bool,
}

/// Produces the SAR-PDUs of one CPCS-PDU, one per [`Segmenter::next_cell`].
#[derive(Debug, Clone)]
pub struct Segmenter<'a> {
    fragments: &'a [&'a [u8]],
    /// Current fragment and the offset in it of the next SDU octet to send.
    fragment: usize,
    offset: usize,
    /// SDU octets not yet copied.
    data_left: usize,
    cells_left: usize,
    length: u16,
    params: SegmentParams,
    crc: Crc32,
}

impl<'a> Segmenter<'a> {
    /// A segmenter over the SDU formed by `fragments` in order. Fails for an SDU over 65535
    /// octets ([`Aal5Error::SduTooLong`]) or a CPI other than 0 ([`Aal5Error::InvalidCpi`]).
    /// An empty SDU is legal and yields one cell.
    pub fn new(fragments: &'a [&'a [u8]], params: SegmentParams) -> Result<Self, Aal5Error> {
        let len = sdu_len(fragments)?;
        if params.cpi != CPI_ALIGNMENT {
            return Err(Aal5Error::InvalidCpi);
        }
        let length = u16::try_from(len).map_err(|_| Aal5Error::SduTooLong)?;
        Ok(Segmenter {
            fragments,
            fragment: 0,
            offset: 0,
            data_left: len,
            cells_left: cell_count(len),
            length,
            params,
            crc: Crc32::new(),
        })
    }

    /// Cells still to come.
    pub fn cells_remaining(&self) -> usize {
        self.cells_left
    }

    /// Writes the next SAR-PDU into `payload`; `None` once the PDU is complete.
    pub fn next_cell(&mut self, payload: &mut [u8; SAR_PDU_LEN]) -> Option<SarCell> {
        self.cells_left = self.cells_left.checked_sub(1)?;
        let end_of_pdu = self.cells_left == 0;
        if end_of_pdu {
            let (body, trailer) = payload.split_at_mut(LAST_CELL_ROOM);
            let n = self.data_left.min(LAST_CELL_ROOM);
            let (data, pad) = body.split_at_mut(n);
            self.copy_data(data);
            pad.fill(0);
            let [len_hi, len_lo] = self.length.to_be_bytes();
            let fields = [self.params.uu, self.params.cpi, len_hi, len_lo];
            if let Some(dst) = trailer.get_mut(..4) {
                dst.copy_from_slice(&fields);
            }
            self.crc.update(payload.get(..LAST_CELL_CRC).unwrap_or(&[]));
            if let Some(dst) = payload.get_mut(LAST_CELL_CRC..) {
                dst.copy_from_slice(&self.crc.finish().to_be_bytes());
            }
        } else {
            let n = self.data_left.min(SAR_PDU_LEN);
            let whole = if n == SAR_PDU_LEN { self.whole_cell_source() } else { None };
            match whole {
                // The usual case: copy and CRC in one pass over the fragment.
                Some(src) => self.crc.copy_update_cell(src, payload),
                None => {
                    let (data, pad) = payload.split_at_mut(n);
                    self.copy_data(data);
                    // PAD may start in the last-but-one cell (SDU length mod 48 above 40).
                    pad.fill(0);
                    self.crc.update_cell(payload);
                }
            }
        }
        Some(SarCell { end_of_pdu, clp: self.params.clp })
    }

    /// The next 48 SDU octets when the current fragment holds them all; consumes them.
    #[inline]
    fn whole_cell_source(&mut self) -> Option<&'a [u8; SAR_PDU_LEN]> {
        let fragment: &'a [u8] = self.fragments.get(self.fragment)?;
        let src = fragment.get(self.offset..)?.first_chunk::<SAR_PDU_LEN>()?;
        self.offset += SAR_PDU_LEN;
        self.data_left = self.data_left.saturating_sub(SAR_PDU_LEN);
        if self.offset == fragment.len() {
            self.fragment += 1;
            self.offset = 0;
        }
        Some(src)
    }

    /// Fills `dst` with the next SDU octets, crossing fragment boundaries.
    fn copy_data(&mut self, mut dst: &mut [u8]) {
        while !dst.is_empty() {
            let Some(fragment) = self.fragments.get(self.fragment) else { return };
            let src = fragment.get(self.offset..).unwrap_or(&[]);
            let take = src.len().min(dst.len());
            let (head, tail) = core::mem::take(&mut dst).split_at_mut(take);
            if let Some(src) = src.get(..take) {
                head.copy_from_slice(src);
            }
            self.data_left = self.data_left.saturating_sub(take);
            if take == src.len() {
                self.fragment += 1;
                self.offset = 0;
            } else {
                self.offset += take;
            }
            dst = tail;
        }
    }
}

impl Iterator for Segmenter<'_> {
    type Item = ([u8; SAR_PDU_LEN], SarCell);

    fn next(&mut self) -> Option<Self::Item> {
        let mut payload = [0u8; SAR_PDU_LEN];
        let cell = self.next_cell(&mut payload)?;
        Some((payload, cell))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.cells_left, Some(self.cells_left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aal5::cpcs::{cpcs_pdu_len, emit_pdu, CpcsPdu};
    use alloc::vec;
    use alloc::vec::Vec;

    fn segment(fragments: &[&[u8]], params: SegmentParams) -> (Vec<u8>, Vec<SarCell>) {
        let mut seg = Segmenter::new(fragments, params).unwrap();
        let mut bytes = Vec::new();
        let mut cells = Vec::new();
        let mut payload = [0u8; 48];
        let total = seg.cells_remaining();
        while let Some(cell) = seg.next_cell(&mut payload) {
            bytes.extend_from_slice(&payload);
            cells.push(cell);
        }
        assert_eq!(cells.len(), total);
        assert_eq!(seg.next_cell(&mut payload), None);
        (bytes, cells)
    }

    #[test]
    fn known_answer_single_cell() {
        let payload: Vec<u8> = (1..=40).collect();
        let (bytes, cells) = segment(&[&payload[..20], &payload[20..]], SegmentParams::default());
        assert_eq!(cells, vec![SarCell { end_of_pdu: true, clp: false }]);
        assert_eq!(&bytes[40..], &[0, 0, 0, 0x28, 0xBF, 0x67, 0x1E, 0xD0]);
    }

    #[test]
    fn empty_sdu_is_one_cell() {
        let (bytes, cells) = segment(&[], SegmentParams { uu: 3, cpi: 0, clp: true });
        assert_eq!(cells, vec![SarCell { end_of_pdu: true, clp: true }]);
        let pdu = CpcsPdu::new_checked(&bytes[..]).unwrap();
        assert_eq!(pdu.check_crc(), Ok(()));
        assert_eq!(pdu.payload(), &[] as &[u8]);
        assert_eq!(pdu.trailer().uu(), 3);
    }

    #[test]
    fn matches_the_pdu_builder_for_every_length_near_cell_boundaries() {
        let data: Vec<u8> = (0..400u32).map(|i| (i * 31 + 5) as u8).collect();
        for len in 0..data.len() {
            let sdu = &data[..len];
            let third = len / 3;
            let frags: [&[u8]; 4] = [&sdu[..third], &[], &sdu[third..2 * third], &sdu[2 * third..]];
            let (bytes, cells) = segment(&frags, SegmentParams { uu: 0x42, cpi: 0, clp: false });
            let mut expected = vec![0u8; cpcs_pdu_len(len)];
            emit_pdu(&[sdu], 0x42, 0, &mut expected).unwrap();
            assert_eq!(bytes, expected, "len {len}");
            assert!(cells[..cells.len() - 1].iter().all(|c| !c.end_of_pdu));
            assert!(cells.last().unwrap().end_of_pdu);
        }
    }

    #[test]
    fn rejects_oversize_sdu_and_nonzero_cpi() {
        let big = vec![0u8; 65535];
        assert!(Segmenter::new(&[&big], SegmentParams::default()).is_ok());
        let one = [0u8; 1];
        let frags: [&[u8]; 2] = [&big, &one];
        assert_eq!(
            Segmenter::new(&frags, SegmentParams::default()).unwrap_err(),
            Aal5Error::SduTooLong
        );
        let params = SegmentParams { cpi: 1, ..SegmentParams::default() };
        assert_eq!(Segmenter::new(&[], params).unwrap_err(), Aal5Error::InvalidCpi);
    }

    #[test]
    fn iterator_yields_the_same_cells() {
        let data = [7u8; 100];
        let frags: [&[u8]; 1] = [&data];
        let (bytes, _) = segment(&frags, SegmentParams::default());
        let seg = Segmenter::new(&frags, SegmentParams::default()).unwrap();
        assert_eq!(seg.size_hint(), (3, Some(3)));
        let collected: Vec<u8> = seg.flat_map(|(p, _)| p).collect();
        assert_eq!(collected, bytes);
    }
}
