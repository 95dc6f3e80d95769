//! HEC-based cell delineation (I.432.1 §4.5.1.1, Figure 7) on an unframed byte stream.
//!
//! ```text
//!            correct HEC                 DELTA consecutive correct HECs
//!   HUNT ─────────────────▶ PRESYNC ─────────────────────────────────▶ SYNC
//!    ▲  ◀───────────────────  │                                        │
//!    │      incorrect HEC                                              │
//!    └──────────────────────── ALPHA consecutive incorrect HECs ◀──────┘
//! ```
//!
//! - HUNT: the header is searched for at every octet position (a byte-aligned search, as
//!   on SDH-based and other octet-oriented interfaces where the TC sublayer receives
//!   octets: I.432.2 §4.5.1.1). A position whose fifth octet is the HEC of the four before
//!   it starts PRESYNC.
//! - PRESYNC: headers are checked cell by cell; DELTA further correct HECs in a row lead
//!   to SYNC, an incorrect one back to HUNT (resuming one octet after the rejected
//!   header). Cells are not delivered in PRESYNC.
//! - SYNC: every header goes through the [`HecReceiver`] (correction / detection mode);
//!   accepted cells are delivered, the rest counted as HEC discards. ALPHA consecutive
//!   headers with a non-zero syndrome (corrected ones included) mean loss of delineation
//!   and HUNT resumes one octet after the last header.
//!
//! Defaults are the I.432.1 values for SDH-based interfaces, ALPHA = 7, DELTA = 6 (for the
//! cell-based physical layer I.432.1 suggests DELTA = 8: set it in the configuration). Idle cells can be dropped here
//! (physical layer cells, I.432.1 §4.3.1). With descrambling on, every information field
//! seen in PRESYNC and SYNC (delivered or not) passes the x^43 + 1 descrambler so it stays
//! in step with the transmitter's scrambler.
//!
//! Memory: one 53-octet cell buffer and a 5-octet search window, whatever the input.

use super::hec_receiver::{HecCounters, HecOutcome, HecReceiver};
use super::scrambler::PayloadDescrambler;
use crate::cell::hec::{self, HecCheck};
use crate::cell::preassigned::is_idle_octets;
use crate::cell::{Cell, CELL_LEN, HEADER_LEN};

/// Default ALPHA: consecutive incorrect HECs that end SYNC (I.432.1 §4.5.1.1).
pub const DEFAULT_ALPHA: u8 = 7;
/// Default DELTA: consecutive correct HECs that confirm PRESYNC (I.432.1 §4.5.1.1).
pub const DEFAULT_DELTA: u8 = 6;

/// Delineation parameters.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct DelineationConfig {
    /// Consecutive incorrect HECs in SYNC before delineation is declared lost (0 is taken
    /// as 1).
    pub alpha: u8,
    /// Consecutive correct HECs in PRESYNC before SYNC (0: SYNC right after HUNT).
    pub delta: u8,
    /// Drop idle cells instead of delivering them.
    pub drop_idle: bool,
    /// Descramble the information field (x^43 + 1) after delineation.
    pub descramble: bool,
}

impl Default for DelineationConfig {
    fn default() -> Self {
        DelineationConfig {
            alpha: DEFAULT_ALPHA,
            delta: DEFAULT_DELTA,
            drop_idle: true,
            descramble: false,
        }
    }
}

/// The delineation state (I.432.1 Figure 7).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum DelineationState {
    /// Searching octet by octet for a correct HEC.
    Hunt,
    /// A correct HEC was found; confirming cell by cell.
    Presync,
    /// Delineated: cells are delivered.
    Sync,
}

/// Delineation counts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct DelineationCounters {
    /// Cells handed to the ATM layer.
    pub cells_delivered: u64,
    /// Cells discarded in SYNC for a header error the HEC receiver did not correct (the
    /// ALPHA-th incorrect header, which ends SYNC, counts as a loss of delineation instead).
    pub hec_discards: u64,
    /// Idle cells dropped (with `drop_idle`).
    pub idle_cells: u64,
    /// Transitions SYNC → HUNT (loss of cell delineation).
    pub losses_of_delineation: u64,
    /// Transitions PRESYNC → SYNC.
    pub syncs_acquired: u64,
    /// Octets consumed while in HUNT.
    pub hunt_octets: u64,
}

/// The result of [`CellDelineator::push_into`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct PushResult {
    /// Input octets consumed; the caller passes the rest again later.
    pub consumed: usize,
    /// Cells written to the output slice.
    pub cells: usize,
}

/// A streaming HEC cell delineator.
#[derive(Clone, Debug)]
pub struct CellDelineator {
    config: DelineationConfig,
    state: DelineationState,
    /// HUNT: the last octets seen, newest in the least significant byte.
    window: u64,
    /// HUNT: valid octets in `window` (0..=5).
    window_len: u8,
    /// PRESYNC/SYNC: the cell being received.
    cell: Cell,
    /// PRESYNC/SYNC: octets of the current cell received so far (0..53).
    fill: usize,
    /// Whether the current cell will be delivered once complete.
    deliver: bool,
    /// PRESYNC: consecutive correct HECs; SYNC: consecutive incorrect HECs.
    run: u8,
    hec: HecReceiver,
    descrambler: PayloadDescrambler,
    counters: DelineationCounters,
}

impl Default for CellDelineator {
    fn default() -> Self {
        CellDelineator::new(DelineationConfig::default())
    }
}

impl CellDelineator {
    /// A delineator in HUNT.
    pub fn new(config: DelineationConfig) -> Self {
        CellDelineator {
            config,
            state: DelineationState::Hunt,
            window: 0,
            window_len: 0,
            cell: [0; CELL_LEN],
            fill: 0,
            deliver: false,
            run: 0,
            hec: HecReceiver::new(),
            descrambler: PayloadDescrambler::new(),
            counters: DelineationCounters::default(),
        }
    }

    /// The configuration.
    pub const fn config(&self) -> DelineationConfig {
        self.config
    }

    /// The current state.
    pub const fn state(&self) -> DelineationState {
        self.state
    }

    /// Delineation counters.
    pub const fn counters(&self) -> DelineationCounters {
        self.counters
    }

    /// The SYNC-state HEC receiver's counters.
    pub const fn hec_counters(&self) -> HecCounters {
        self.hec.counters()
    }

    /// Forget the stream position and return to HUNT (counters are kept), for example after
    /// the line went down.
    pub fn reset(&mut self) {
        self.enter_hunt_empty();
    }

    /// Consume all of `bytes` (any split of the stream), calling `deliver` for every cell
    /// delineated.
    pub fn push<F: FnMut(&Cell)>(&mut self, bytes: &[u8], mut deliver: F) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let (consumed, complete) = self.step(rest);
            if complete {
                deliver(&self.cell);
            }
            rest = rest.get(consumed..).unwrap_or(&[]);
        }
    }

    /// Consume `bytes` until they are used up or `out` is full; the caller passes the
    /// unconsumed rest again once it has drained `out`.
    pub fn push_into(&mut self, bytes: &[u8], out: &mut [Cell]) -> PushResult {
        let mut result = PushResult::default();
        let mut rest = bytes;
        let mut slots = out.iter_mut();
        let mut slot = slots.next();
        while slot.is_some() && !rest.is_empty() {
            let (consumed, complete) = self.step(rest);
            result.consumed += consumed;
            rest = rest.get(consumed..).unwrap_or(&[]);
            if complete {
                if let Some(dst) = slot {
                    *dst = self.cell;
                    result.cells += 1;
                }
                slot = slots.next();
            }
        }
        result
    }

    /// Process octets until they run out or a cell is ready for delivery in `self.cell`.
    /// Returns the octets consumed and whether a cell is ready.
    fn step(&mut self, bytes: &[u8]) -> (usize, bool) {
        let mut used = 0;
        while let Some(rest) = bytes.get(used..).filter(|r| !r.is_empty()) {
            match self.state {
                DelineationState::Hunt => used += self.hunt(rest),
                DelineationState::Presync | DelineationState::Sync => {
                    let (n, complete) = self.receive(rest);
                    used += n;
                    if complete {
                        return (used, true);
                    }
                }
            }
        }
        (used, false)
    }

    /// HUNT: slide the 5-octet window over `bytes`; returns the octets consumed (all, or up
    /// to and including the HEC octet of a found header).
    fn hunt(&mut self, bytes: &[u8]) -> usize {
        for (i, &octet) in bytes.iter().enumerate() {
            self.window = (self.window << 8) | u64::from(octet);
            self.window_len = self.window_len.saturating_add(1).min(HEADER_LEN as u8);
            if self.window_len as usize == HEADER_LEN {
                let header = self.window_header();
                if hec::syndrome(header) == 0 {
                    let consumed = i + 1;
                    self.counters.hunt_octets =
                        self.counters.hunt_octets.saturating_add(consumed as u64);
                    self.enter_presync(header);
                    return consumed;
                }
            }
        }
        self.counters.hunt_octets = self.counters.hunt_octets.saturating_add(bytes.len() as u64);
        bytes.len()
    }

    fn window_header(&self) -> [u8; HEADER_LEN] {
        let [_, _, _, a, b, c, d, e] = self.window.to_be_bytes();
        [a, b, c, d, e]
    }

    fn enter_presync(&mut self, header: [u8; HEADER_LEN]) {
        self.state = DelineationState::Presync;
        self.run = 0;
        self.start_cell(header, false);
        if self.config.delta == 0 {
            self.enter_sync();
        }
    }

    fn enter_sync(&mut self) {
        self.state = DelineationState::Sync;
        self.run = 0;
        self.hec.reset_mode();
        self.counters.syncs_acquired = self.counters.syncs_acquired.saturating_add(1);
    }

    /// Back to HUNT with the rejected header in the window, so the search resumes at the
    /// octet after its first octet.
    fn enter_hunt_from(&mut self, header: [u8; HEADER_LEN]) {
        self.state = DelineationState::Hunt;
        self.run = 0;
        self.fill = 0;
        self.deliver = false;
        self.window = header.iter().fold(0u64, |acc, &octet| (acc << 8) | u64::from(octet));
        self.window_len = HEADER_LEN as u8;
    }

    fn enter_hunt_empty(&mut self) {
        self.state = DelineationState::Hunt;
        self.run = 0;
        self.fill = 0;
        self.deliver = false;
        self.window = 0;
        self.window_len = 0;
    }

    /// Begin a cell whose header is known: the payload follows.
    fn start_cell(&mut self, header: [u8; HEADER_LEN], deliver: bool) {
        if let Some(dst) = self.cell.first_chunk_mut::<HEADER_LEN>() {
            *dst = header;
        }
        self.fill = HEADER_LEN;
        self.deliver = deliver;
    }

    /// PRESYNC / SYNC: take header or payload octets of the current cell.
    fn receive(&mut self, bytes: &[u8]) -> (usize, bool) {
        if self.fill < HEADER_LEN {
            let n = (HEADER_LEN - self.fill).min(bytes.len());
            if let (Some(dst), Some(src)) =
                (self.cell.get_mut(self.fill..self.fill + n), bytes.get(..n))
            {
                dst.copy_from_slice(src);
            }
            self.fill += n;
            if self.fill == HEADER_LEN {
                self.on_header();
            }
            return (n, false);
        }
        let n = (CELL_LEN - self.fill).min(bytes.len());
        let src = bytes.get(..n).unwrap_or(&[]);
        if self.deliver {
            if let Some(dst) = self.cell.get_mut(self.fill..self.fill + n) {
                dst.copy_from_slice(src);
                if self.config.descramble {
                    self.descrambler.descramble(dst);
                }
            }
        } else if self.config.descramble {
            self.descrambler.absorb(src);
        }
        self.fill += n;
        if self.fill == CELL_LEN {
            self.fill = 0;
            let complete = self.deliver;
            self.deliver = false;
            if complete {
                self.counters.cells_delivered = self.counters.cells_delivered.saturating_add(1);
            }
            return (n, complete);
        }
        (n, false)
    }

    /// A complete header arrived in PRESYNC or SYNC.
    fn on_header(&mut self) {
        let mut header = self.cell.first_chunk::<HEADER_LEN>().copied().unwrap_or([0; HEADER_LEN]);
        let check = hec::check(header);
        match self.state {
            DelineationState::Presync => {
                if check == HecCheck::Valid {
                    self.run = self.run.saturating_add(1);
                    self.deliver = false;
                    if self.run >= self.config.delta {
                        self.enter_sync();
                    }
                } else {
                    self.enter_hunt_from(header);
                }
            }
            DelineationState::Sync => {
                if check == HecCheck::Valid {
                    self.run = 0;
                } else {
                    self.run = self.run.saturating_add(1);
                    if self.run >= self.config.alpha.max(1) {
                        self.counters.losses_of_delineation =
                            self.counters.losses_of_delineation.saturating_add(1);
                        self.enter_hunt_from(header);
                        return;
                    }
                }
                match self.hec.handle_check(&mut header, check) {
                    HecOutcome::Valid | HecOutcome::Corrected { .. } => {
                        let [a, b, c, d, _] = header;
                        if self.config.drop_idle && is_idle_octets([a, b, c, d]) {
                            self.counters.idle_cells = self.counters.idle_cells.saturating_add(1);
                            self.deliver = false;
                        } else {
                            self.start_cell(header, true);
                        }
                    }
                    HecOutcome::Discarded => {
                        self.counters.hec_discards = self.counters.hec_discards.saturating_add(1);
                        self.deliver = false;
                    }
                }
            }
            // Headers are only assembled in PRESYNC and SYNC.
            DelineationState::Hunt => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::{idle_cell, HeaderRepr};
    use crate::tc::TcTransmitter;
    use alloc::vec::Vec;

    fn user_cell(vci: u16, fill: u8) -> Cell {
        let mut cell = [fill; CELL_LEN];
        HeaderRepr { vci, ..HeaderRepr::default() }.emit(&mut cell).unwrap();
        cell
    }

    fn stream(cells: &[Cell]) -> Vec<u8> {
        cells.iter().flatten().copied().collect()
    }

    fn collect(d: &mut CellDelineator, bytes: &[u8]) -> Vec<Cell> {
        let mut out = Vec::new();
        d.push(bytes, |c| out.push(*c));
        out
    }

    #[test]
    fn syncs_after_one_plus_delta_headers() {
        let cells: Vec<Cell> = (0..20).map(|i| user_cell(32 + i, i as u8)).collect();
        let mut d = CellDelineator::default();
        let got = collect(&mut d, &stream(&cells));
        // Cell 0 found in HUNT, cells 1..=6 confirm, delivery starts at cell 7.
        assert_eq!(got, cells[7..]);
        assert_eq!(d.state(), DelineationState::Sync);
        assert_eq!(d.counters().cells_delivered, 13);
        assert_eq!(d.counters().syncs_acquired, 1);
        assert_eq!(d.counters().hunt_octets, 5);
    }

    #[test]
    fn state_transitions_step_by_step() {
        let cell = user_cell(40, 0x33);
        let mut d = CellDelineator::default();
        assert_eq!(d.state(), DelineationState::Hunt);
        collect(&mut d, &cell[..5]);
        assert_eq!(d.state(), DelineationState::Presync);
        for _ in 0..5 {
            collect(&mut d, &cell[5..]);
            collect(&mut d, &cell[..5]);
            assert_eq!(d.state(), DelineationState::Presync);
        }
        collect(&mut d, &cell[5..]);
        collect(&mut d, &cell[..5]);
        assert_eq!(d.state(), DelineationState::Sync);
    }

    #[test]
    fn presync_incorrect_hec_returns_to_hunt() {
        let good = user_cell(40, 0x33);
        let mut bad = good;
        bad[4] ^= 0x01;
        let mut d = CellDelineator::default();
        collect(&mut d, &good);
        assert_eq!(d.state(), DelineationState::Presync);
        collect(&mut d, &bad[..5]);
        assert_eq!(d.state(), DelineationState::Hunt);
    }

    #[test]
    fn alpha_incorrect_hecs_lose_delineation() {
        let good = user_cell(40, 0x33);
        let mut bad = good;
        bad[0] ^= 0x11; // two-bit error: discarded
        let mut d = CellDelineator::default();
        collect(&mut d, &stream(&[good; 8]));
        assert_eq!(d.state(), DelineationState::Sync);
        let got = collect(&mut d, &stream(&[bad; 6]));
        assert!(got.is_empty());
        assert_eq!(d.state(), DelineationState::Sync);
        assert_eq!(d.counters().hec_discards, 6);
        // A good cell resets the count.
        assert_eq!(collect(&mut d, &good), [good]);
        collect(&mut d, &stream(&[bad; 6]));
        assert_eq!(d.state(), DelineationState::Sync);
        collect(&mut d, &bad[..5]);
        collect(&mut d, &good[5..]);
        collect(&mut d, &bad[..5]);
        assert_eq!(d.state(), DelineationState::Hunt);
        assert_eq!(d.counters().losses_of_delineation, 1);
    }

    #[test]
    fn single_bit_errors_corrected_in_sync() {
        let good = user_cell(40, 0x33);
        let mut one = good;
        one[2] ^= 0x04;
        let mut d = CellDelineator::default();
        collect(&mut d, &stream(&[good; 7]));
        let got = collect(&mut d, &stream(&[one, one, good, one]));
        // Correction mode corrects, detection mode discards the next, a valid header
        // returns to correction mode.
        assert_eq!(got, [good, good, good]);
        assert_eq!(d.hec_counters().corrected, 2);
        assert_eq!(d.counters().hec_discards, 1);
    }

    #[test]
    fn idle_cells_dropped_or_kept() {
        let good = user_cell(40, 0x33);
        let idle = idle_cell();
        let cells = [good, idle, good, idle, good, good, idle, good, idle, good, good];
        let mut d = CellDelineator::default();
        let got = collect(&mut d, &stream(&cells));
        // Headers 0..=6 delineate; of cells 7..=10 the idle one is dropped.
        assert_eq!(got, [good, good, good]);
        assert_eq!(d.counters().idle_cells, 1);
        let mut keep = CellDelineator::new(DelineationConfig {
            drop_idle: false,
            ..DelineationConfig::default()
        });
        assert_eq!(collect(&mut keep, &stream(&cells)), [good, idle, good, good]);
    }

    #[test]
    fn descrambles_after_delineation() {
        let mut tx = TcTransmitter::new(true);
        let cells: Vec<Cell> = (0..12).map(|i| user_cell(100, i)).collect();
        let mut line = Vec::new();
        for c in &cells {
            line.extend_from_slice(&tx.transmit(Some(c)));
            line.extend_from_slice(&tx.transmit(None));
        }
        let mut d = CellDelineator::new(DelineationConfig {
            descramble: true,
            ..DelineationConfig::default()
        });
        let got = collect(&mut d, &line);
        // Headers 0..=6 (cells 0..=3 and three idle cells) delineate; the nine idle cells
        // from header 7 on are dropped in SYNC.
        assert_eq!(got, cells[4..]);
        assert_eq!(d.counters().idle_cells, 9);
    }

    #[test]
    fn push_into_is_bounded_and_resumable() {
        let cells: Vec<Cell> = (0..17).map(|i| user_cell(50, i)).collect();
        let bytes = stream(&cells);
        let mut d = CellDelineator::default();
        let mut out = [[0u8; CELL_LEN]; 3];
        let mut got = Vec::new();
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let r = d.push_into(rest, &mut out);
            assert!(r.cells <= 3);
            got.extend_from_slice(&out[..r.cells]);
            rest = &rest[r.consumed..];
        }
        assert_eq!(got, cells[7..]);
        let r = d.push_into(&bytes, &mut []);
        assert_eq!(r, PushResult::default());
    }

    #[test]
    fn garbage_only_never_syncs_when_hec_never_matches() {
        // 0x00 octets: the HEC of 00 00 00 00 is 0x55, so an all-zero stream never matches.
        let mut d = CellDelineator::default();
        assert!(collect(&mut d, &[0u8; 1000]).is_empty());
        assert_eq!(d.state(), DelineationState::Hunt);
        assert_eq!(d.counters().hunt_octets, 1000);
        d.reset();
        assert_eq!(d.state(), DelineationState::Hunt);
    }

    #[test]
    fn delta_zero_syncs_immediately() {
        let good = user_cell(40, 0x33);
        let mut d =
            CellDelineator::new(DelineationConfig { delta: 0, ..DelineationConfig::default() });
        assert_eq!(collect(&mut d, &stream(&[good; 2])), [good]);
    }
}
