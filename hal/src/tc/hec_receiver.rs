//! The receiver's HEC state machine (I.432.1 §4.3.2.3, Figure 3).
//!
//! Two modes. In correction mode (the default) a single-bit error is corrected and the
//! receiver moves to detection mode; a detected multi-bit error discards the cell and also
//! moves to detection mode. In detection mode every cell with a detected error is
//! discarded; a cell whose header is found valid moves the receiver back to correction
//! mode. The asymmetry protects against error bursts, where a "single-bit" syndrome is
//! more likely to be a miscorrected multi-bit error.

use crate::cell::hec::{self, HecCheck};
use crate::cell::{Cell, HEADER_LEN};

/// The receiver mode (I.432.1 Figure 3).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum HecMode {
    /// Single-bit errors are corrected.
    #[default]
    Correction,
    /// All errored headers are discarded.
    Detection,
}

/// What the receiver did with one header.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum HecOutcome {
    /// The HEC matched; the cell is passed on.
    Valid,
    /// A single-bit error at header bit `bit` (0 = the most significant bit of octet 1,
    /// 39 = the least significant bit of the HEC) was corrected; the cell is passed on.
    Corrected {
        /// The corrected bit, in transmission order.
        bit: u8,
    },
    /// An error was detected and not corrected; the cell must be discarded.
    Discarded,
}

impl HecOutcome {
    /// Whether the cell is passed on to the ATM layer.
    pub const fn is_accepted(self) -> bool {
        !matches!(self, HecOutcome::Discarded)
    }
}

/// Per-receiver counts (the input to OID_ATM_HW_CURRENT / CELLS_HEC_ERROR style counters).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct HecCounters {
    /// Headers that arrived with a matching HEC.
    pub valid: u64,
    /// Headers with a corrected single-bit error.
    pub corrected: u64,
    /// Cells discarded for a detected header error.
    pub discarded: u64,
}

/// The I.432.1 HEC receiver: feed it every header, in order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct HecReceiver {
    mode: HecMode,
    counters: HecCounters,
}

impl HecReceiver {
    /// A receiver in correction mode with zero counters.
    pub const fn new() -> Self {
        HecReceiver {
            mode: HecMode::Correction,
            counters: HecCounters { valid: 0, corrected: 0, discarded: 0 },
        }
    }

    /// The current mode.
    pub const fn mode(&self) -> HecMode {
        self.mode
    }

    /// The counters so far.
    pub const fn counters(&self) -> HecCounters {
        self.counters
    }

    /// Return to correction mode (for example after cell delineation was re-acquired);
    /// counters are kept.
    pub fn reset_mode(&mut self) {
        self.mode = HecMode::Correction;
    }

    /// Process one 5-octet header in place: a single-bit error corrected in correction mode
    /// is fixed in `header`.
    pub fn handle_header(&mut self, header: &mut [u8; HEADER_LEN]) -> HecOutcome {
        let check = hec::check(*header);
        self.handle_check(header, check)
    }

    /// Process the header of a whole cell in place.
    pub fn handle_cell(&mut self, cell: &mut Cell) -> HecOutcome {
        match cell.first_chunk_mut::<HEADER_LEN>() {
            Some(header) => self.handle_header(header),
            // A cell always has a header; kept total instead of indexing.
            None => HecOutcome::Discarded,
        }
    }

    /// Apply the state machine to a header already classified by [`hec::check`].
    pub fn handle_check(&mut self, header: &mut [u8; HEADER_LEN], check: HecCheck) -> HecOutcome {
        match (self.mode, check) {
            (_, HecCheck::Valid) => {
                self.mode = HecMode::Correction;
                self.counters.valid = self.counters.valid.saturating_add(1);
                HecOutcome::Valid
            }
            (HecMode::Correction, HecCheck::SingleBit { bit }) => {
                hec::flip_bit(header, bit);
                self.mode = HecMode::Detection;
                self.counters.corrected = self.counters.corrected.saturating_add(1);
                HecOutcome::Corrected { bit }
            }
            (HecMode::Correction, HecCheck::MultiBit)
            | (HecMode::Detection, HecCheck::SingleBit { .. })
            | (HecMode::Detection, HecCheck::MultiBit) => {
                self.mode = HecMode::Detection;
                self.counters.discarded = self.counters.discarded.saturating_add(1);
                HecOutcome::Discarded
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: [u8; 5] = [0, 0, 0, 0x50, 0xE2];

    #[test]
    fn valid_headers_stay_in_correction_mode() {
        let mut rx = HecReceiver::new();
        for _ in 0..3 {
            let mut h = GOOD;
            assert_eq!(rx.handle_header(&mut h), HecOutcome::Valid);
            assert_eq!(rx.mode(), HecMode::Correction);
        }
        assert_eq!(rx.counters().valid, 3);
    }

    #[test]
    fn single_bit_corrected_then_detection_mode() {
        let mut rx = HecReceiver::new();
        let mut h = GOOD;
        h[3] ^= 0x40; // bit 25
        assert_eq!(rx.handle_header(&mut h), HecOutcome::Corrected { bit: 25 });
        assert_eq!(h, GOOD);
        assert_eq!(rx.mode(), HecMode::Detection);
        // In detection mode the same single-bit error is discarded, not corrected.
        let mut h = GOOD;
        h[3] ^= 0x40;
        assert_eq!(rx.handle_header(&mut h), HecOutcome::Discarded);
        assert_eq!(rx.mode(), HecMode::Detection);
        // A valid header returns to correction mode.
        let mut h = GOOD;
        assert_eq!(rx.handle_header(&mut h), HecOutcome::Valid);
        assert_eq!(rx.mode(), HecMode::Correction);
        assert_eq!(rx.counters(), HecCounters { valid: 1, corrected: 1, discarded: 1 });
    }

    #[test]
    fn multi_bit_discarded_and_detection_mode() {
        let mut rx = HecReceiver::new();
        let mut h = GOOD;
        h[0] ^= 0x81;
        assert_eq!(rx.handle_header(&mut h), HecOutcome::Discarded);
        assert_eq!(rx.mode(), HecMode::Detection);
        assert!(!HecOutcome::Discarded.is_accepted());
        rx.reset_mode();
        assert_eq!(rx.mode(), HecMode::Correction);
    }

    #[test]
    fn handle_cell_corrects_in_place() {
        let mut rx = HecReceiver::new();
        let mut cell = crate::cell::idle_cell();
        cell[4] ^= 0x01;
        assert_eq!(rx.handle_cell(&mut cell), HecOutcome::Corrected { bit: 39 });
        assert_eq!(cell, crate::cell::idle_cell());
    }
}
