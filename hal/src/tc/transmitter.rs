//! The transmit side of the TC sublayer (I.432.1 §4.3): cell rate decoupling with idle
//! cells, HEC generation (coset included) and information field scrambling.

use super::scrambler::PayloadScrambler;
use crate::cell::hec::hec;
use crate::cell::preassigned::idle_cell;
use crate::cell::{Cell, CELL_LEN, HEADER_LEN};

/// Transmitter counts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct TransmitCounters {
    /// ATM layer cells sent.
    pub cells: u64,
    /// Idle cells inserted because the ATM layer had nothing to send (I.432.1 §4.3.1).
    pub idle_cells: u64,
}

/// Turns ATM layer cells into the line's byte stream.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct TcTransmitter {
    scrambler: Option<PayloadScrambler>,
    counters: TransmitCounters,
}

impl TcTransmitter {
    /// A transmitter; with `scramble` the information field of every cell (idle cells
    /// included) passes through the x^43 + 1 scrambler.
    pub const fn new(scramble: bool) -> Self {
        TcTransmitter {
            scrambler: if scramble { Some(PayloadScrambler::new()) } else { None },
            counters: TransmitCounters { cells: 0, idle_cells: 0 },
        }
    }

    /// A scrambling transmitter starting from the given scrambler (for tests).
    pub const fn with_scrambler(scrambler: PayloadScrambler) -> Self {
        TcTransmitter {
            scrambler: Some(scrambler),
            counters: TransmitCounters { cells: 0, idle_cells: 0 },
        }
    }

    /// The counters so far.
    pub const fn counters(&self) -> TransmitCounters {
        self.counters
    }

    /// The line form of one cell slot: `cell` (its octet 5 is replaced by the HEC computed
    /// over octets 1–4) or, for `None`, an idle cell; the information field scrambled when
    /// scrambling is on.
    pub fn transmit(&mut self, cell: Option<&Cell>) -> Cell {
        let mut out = match cell {
            Some(cell) => {
                self.counters.cells = self.counters.cells.saturating_add(1);
                *cell
            }
            None => {
                self.counters.idle_cells = self.counters.idle_cells.saturating_add(1);
                idle_cell()
            }
        };
        if let Some(header) = out.first_chunk_mut::<HEADER_LEN>() {
            let [a, b, c, d, _] = *header;
            header[4] = hec([a, b, c, d]);
        }
        if let (Some(scrambler), Some(payload)) =
            (self.scrambler.as_mut(), out.get_mut(HEADER_LEN..))
        {
            scrambler.scramble(payload);
        }
        out
    }

    /// Fill `out` with whole cell slots, taking cells from `next` (`None`: no cell ready,
    /// an idle cell is sent). Returns the octets written, a multiple of 53; a tail shorter
    /// than a cell is left untouched.
    pub fn fill<F: FnMut() -> Option<Cell>>(&mut self, out: &mut [u8], mut next: F) -> usize {
        let mut written = 0;
        for slot in out.chunks_exact_mut(CELL_LEN) {
            let cell = next();
            let line = self.transmit(cell.as_ref());
            slot.copy_from_slice(&line);
            written += CELL_LEN;
        }
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::preassigned::IDLE_HEADER;
    use crate::tc::scrambler::PayloadDescrambler;

    #[test]
    fn hec_filled_and_idle_inserted() {
        let mut tx = TcTransmitter::new(false);
        let mut cell = [0x11u8; CELL_LEN];
        cell[..5].copy_from_slice(&[0, 0, 0, 0x52, 0x00]);
        let line = tx.transmit(Some(&cell));
        assert_eq!(line[..5], [0, 0, 0, 0x52, 0xEC]);
        assert_eq!(line[5..], cell[5..]);
        let idle = tx.transmit(None);
        assert_eq!(idle[..5], IDLE_HEADER);
        assert!(idle[5..].iter().all(|&b| b == 0x6A));
        assert_eq!(tx.counters(), TransmitCounters { cells: 1, idle_cells: 1 });
    }

    #[test]
    fn scrambles_payload_only() {
        let mut tx = TcTransmitter::new(true);
        let mut cell = [0u8; CELL_LEN];
        cell[..4].copy_from_slice(&[0, 0, 0, 0x50]);
        let mut rx = PayloadDescrambler::new();
        let mut cells = alloc::vec::Vec::new();
        for i in 0..4u8 {
            cell[5..].fill(i);
            let mut line = tx.transmit(Some(&cell));
            assert_eq!(line[..5], [0, 0, 0, 0x50, 0xE2], "header left clear");
            rx.descramble(&mut line[5..]);
            cells.push(line);
        }
        for (i, line) in cells.iter().enumerate() {
            assert!(line[5..].iter().all(|&b| b == i as u8));
        }
    }

    #[test]
    fn fill_writes_whole_slots() {
        let mut tx = TcTransmitter::new(false);
        let mut out = [0xEEu8; 2 * CELL_LEN + 10];
        let mut n = 0;
        let written = tx.fill(&mut out, || {
            n += 1;
            if n == 1 {
                Some([0u8; CELL_LEN])
            } else {
                None
            }
        });
        assert_eq!(written, 2 * CELL_LEN);
        assert_eq!(out[..5], [0, 0, 0, 0, 0x55]);
        assert_eq!(out[CELL_LEN..CELL_LEN + 5], IDLE_HEADER);
        assert!(out[2 * CELL_LEN..].iter().all(|&b| b == 0xEE));
    }
}
