//! CPCS + SAR receive side (I.363.5 §8.2, §10.1.2): per-VC reassembly of SAR-PDUs into a
//! CPCS-PDU held in a pool buffer, with the receiver checks and separate error counters.
//!
//! Sans-IO: the caller passes each cell payload with its AUU (end of PDU) bit and the current
//! time; [`Reassembler::poll_timeout`] tells when to call [`Reassembler::handle_timeout`].
//! Nothing panics and no input leaves the VC in a bad state: every error bumps one counter,
//! releases the VC's buffer and returns the VC to [`State::Idle`] (or discards the rest of the
//! offending PDU first).
//!
//! Each PDU that starts (first cell) ends in exactly one outcome, counted once:
//! `pdus_ok`, `crc_errors`, `length_errors`, `oversize`, `timeouts` or `buffer_exhaustion`.
//! An error detected at the last cell (CRC, length, CPI, Length > max SDU) happens on a PDU
//! held whole in a buffer; with [`ReassemblyConfig::deliver_errored`] (NDIS
//! `NDIS_ATM_INDICATE_ERRED_PACKETS`-style) such PDUs are delivered flagged instead of dropped.
//! Oversize detected while receiving, timeouts and buffer exhaustion leave no whole PDU and are
//! never delivered.
//!
//! The reassembly timer (I.363.5 leaves its value to the implementation) runs from the first
//! cell of a PDU: a PDU must complete within [`ReassemblyConfig::timeout`], which bounds how
//! long a lost end-of-PDU cell can hold a buffer.

use super::cpcs::{cpcs_pdu_len, Trailer, CPI_ALIGNMENT, MAX_PAD_LEN, MAX_SDU_LEN, TRAILER_LEN};
use super::crc32::{Crc32, RESIDUE};
use super::pool::{BufferId, BufferPool};
use super::{Aal5Error, SAR_PDU_LEN};
use crate::time::{Duration, Instant};

/// Per-VC reassembly parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReassemblyConfig {
    /// Largest CPCS-PDU payload accepted on this VC (the signalled max SDU, ≤ 65535).
    pub max_sdu: usize,
    /// Longest time from the first to the last cell of a PDU.
    pub timeout: Duration,
    /// Deliver PDUs failing CRC / length / CPI / max-SDU checks, flagged, instead of dropping.
    pub deliver_errored: bool,
}

impl ReassemblyConfig {
    /// Pool buffer size needed for this VC: the CPCS-PDU of a max-size SDU.
    pub const fn buffer_len_needed(&self) -> usize {
        cpcs_pdu_len(self.max_sdu)
    }
}

/// Why a delivered PDU is flagged (only with [`ReassemblyConfig::deliver_errored`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReassemblyError {
    /// CRC-32 check failed (I.363.5 §10.1.2.2); counted in `crc_errors`.
    Crc,
    /// Length greater than the received payload space, or a PAD of 48 octets or more
    /// (I.363.5 §10.1.2.2); counted in `length_errors`.
    Length,
    /// CPI not 0 (I.363.5 §9.2.2.3: a format error); counted in `length_errors`.
    InvalidCpi,
    /// Length above the VC's max SDU; counted in `oversize`.
    Oversize,
}

/// A reassembled CPCS-PDU payload, left in its pool buffer until the consumer releases
/// [`Reassembled::buffer`] with [`BufferPool::release`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reassembled {
    /// The buffer holding the payload at offset 0.
    pub buffer: BufferId,
    /// Payload octets: the Length field; for an errored PDU, at most the received payload
    /// space (received octets minus the trailer).
    pub len: usize,
    /// CPCS-UU from the trailer.
    pub uu: u8,
    /// CPI from the trailer.
    pub cpi: u8,
    /// `Some` only when delivering an errored PDU.
    pub error: Option<ReassemblyError>,
}

impl Reassembled {
    /// The payload octets in `pool`.
    pub fn data<'p>(&self, pool: &'p BufferPool) -> Option<&'p [u8]> {
        pool.get(self.buffer)?.get(..self.len)
    }
}

/// Receive counters of one VC (the NDIS ATM OIDs and RCV_REASSEMBLY_ERROR sum these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Aal5Counters {
    /// PDUs delivered without error.
    pub pdus_ok: u64,
    /// PDUs with a CRC-32 error.
    pub crc_errors: u64,
    /// PDUs with a Length/PAD inconsistency or a CPI other than 0.
    pub length_errors: u64,
    /// PDUs exceeding the VC's max SDU (while receiving, or by their Length field).
    pub oversize: u64,
    /// Partial PDUs discarded by the reassembly timer.
    pub timeouts: u64,
    /// PDUs dropped because the pool had no free buffer at their first cell.
    pub buffer_exhaustion: u64,
    /// Errored PDUs delivered flagged (also counted in their error counter).
    pub errored_delivered: u64,
    /// Cells passed to [`Reassembler::push_cell`].
    pub cells: u64,
}

impl Aal5Counters {
    /// All PDU-level errors (RCV_REASSEMBLY_ERROR).
    pub fn errors(&self) -> u64 {
        self.crc_errors
            .saturating_add(self.length_errors)
            .saturating_add(self.oversize)
            .saturating_add(self.timeouts)
            .saturating_add(self.buffer_exhaustion)
    }
}

/// Reassembly state of a VC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Between PDUs: the next cell starts a PDU.
    Idle,
    /// Receiving a PDU into `buffer`; `received` octets so far.
    Assembling {
        /// The pool buffer.
        buffer: BufferId,
        /// Octets received (a multiple of 48).
        received: usize,
        /// When the reassembly timer expires.
        deadline: Instant,
    },
    /// Dropping the rest of a PDU (already counted) until its last cell.
    Discarding,
}

/// Per-VC AAL5 reassembly.
#[derive(Debug, Clone)]
pub struct Reassembler {
    config: ReassemblyConfig,
    /// CPCS-PDU length of a max-size SDU: more octets than this is oversize.
    max_pdu_len: usize,
    state: State,
    /// CRC over the cells of the PDU being assembled, advanced as each cell is copied in.
    crc: Crc32,
    counters: Aal5Counters,
}

impl Reassembler {
    /// A reassembler for one VC; fails for a max SDU above 65535.
    pub fn new(config: ReassemblyConfig) -> Result<Self, Aal5Error> {
        if config.max_sdu > MAX_SDU_LEN {
            return Err(Aal5Error::InvalidConfig);
        }
        Ok(Reassembler {
            config,
            max_pdu_len: config.buffer_len_needed(),
            state: State::Idle,
            crc: Crc32::new(),
            counters: Aal5Counters::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ReassemblyConfig {
        &self.config
    }

    /// The counters.
    pub fn counters(&self) -> &Aal5Counters {
        &self.counters
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// When [`Reassembler::handle_timeout`] must next be called, if a PDU is in progress.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            State::Assembling { deadline, .. } => Some(deadline),
            State::Idle | State::Discarding => None,
        }
    }

    /// Expires the reassembly timer: a partial PDU older than the timeout is discarded and
    /// counted. Returns true if that happened.
    pub fn handle_timeout(&mut self, pool: &mut BufferPool, now: Instant) -> bool {
        match self.state {
            State::Assembling { buffer, deadline, .. } if now >= deadline => {
                pool.release(buffer);
                self.counters.timeouts = self.counters.timeouts.saturating_add(1);
                self.state = State::Idle;
                true
            }
            State::Assembling { .. } | State::Idle | State::Discarding => false,
        }
    }

    /// Drops any PDU in progress (VC close or reset) without counting it.
    pub fn reset(&mut self, pool: &mut BufferPool) {
        if let State::Assembling { buffer, .. } = self.state {
            pool.release(buffer);
        }
        self.state = State::Idle;
    }

    /// Accepts one SAR-PDU (I.363.5 §8.2); `end_of_pdu` is the AUU bit from the PTI. Returns
    /// the PDU when this cell completed one that is delivered.
    pub fn push_cell(
        &mut self,
        pool: &mut BufferPool,
        now: Instant,
        payload: &[u8; SAR_PDU_LEN],
        end_of_pdu: bool,
    ) -> Option<Reassembled> {
        self.counters.cells = self.counters.cells.saturating_add(1);
        // Fast path, most cells: a middle cell of a PDU in progress, in time and in bounds.
        if let State::Assembling { buffer, received, deadline } = &mut self.state {
            let end = received.saturating_add(SAR_PDU_LEN);
            if !end_of_pdu && now < *deadline && end <= self.max_pdu_len {
                let dst = pool.get_mut(*buffer).and_then(|b| b.get_mut(*received..end));
                if let Some(dst) = dst.and_then(|d| <&mut [u8; SAR_PDU_LEN]>::try_from(d).ok()) {
                    self.crc.copy_update_cell(payload, dst);
                    *received = end;
                    return None;
                }
            }
        }
        self.push_cell_general(pool, now, payload, end_of_pdu)
    }

    /// Every other case: first and last cells, timer expiry, bounds, exhaustion, discarding.
    fn push_cell_general(
        &mut self,
        pool: &mut BufferPool,
        now: Instant,
        payload: &[u8; SAR_PDU_LEN],
        end_of_pdu: bool,
    ) -> Option<Reassembled> {
        // The timer may not have been serviced yet: a stale partial PDU must not absorb this
        // cell.
        self.handle_timeout(pool, now);
        let (buffer, received, deadline) = match self.state {
            State::Discarding => {
                if end_of_pdu {
                    self.state = State::Idle;
                }
                return None;
            }
            State::Idle => match pool.allocate() {
                Some(buffer) => {
                    self.crc = Crc32::new();
                    (buffer, 0, now.saturating_add(self.config.timeout))
                }
                None => {
                    self.counters.buffer_exhaustion =
                        self.counters.buffer_exhaustion.saturating_add(1);
                    self.state = if end_of_pdu { State::Idle } else { State::Discarding };
                    return None;
                }
            },
            State::Assembling { buffer, received, deadline } => (buffer, received, deadline),
        };
        let limit = self.max_pdu_len.min(pool.buffer_len());
        let end = received.saturating_add(SAR_PDU_LEN);
        let Some(buf) = pool.get_mut(buffer) else {
            // Our buffer was released behind our back (a consumer bug): the PDU is lost.
            return self.lost_buffer(end_of_pdu);
        };
        let dst = if end <= limit { buf.get_mut(received..end) } else { None };
        match dst.and_then(|d| <&mut [u8; SAR_PDU_LEN]>::try_from(d).ok()) {
            Some(dst) => self.crc.copy_update_cell(payload, dst),
            None => {
                // More cells than the largest PDU this VC accepts: oversize, detected now;
                // drop the rest of the PDU.
                pool.release(buffer);
                self.counters.oversize = self.counters.oversize.saturating_add(1);
                self.state = if end_of_pdu { State::Idle } else { State::Discarding };
                return None;
            }
        }
        if !end_of_pdu {
            self.state = State::Assembling { buffer, received: end, deadline };
            return None;
        }
        self.state = State::Idle;
        self.complete(pool, buffer, end)
    }

    /// The VC's buffer is no longer allocated to it: count the PDU as lost for want of a
    /// buffer and resynchronise at the end of the PDU.
    fn lost_buffer(&mut self, end_of_pdu: bool) -> Option<Reassembled> {
        self.counters.buffer_exhaustion = self.counters.buffer_exhaustion.saturating_add(1);
        self.state = if end_of_pdu { State::Idle } else { State::Discarding };
        None
    }

    /// Receiver checks on a whole CPCS-PDU of `received` octets (I.363.5 §10.1.2.2).
    fn complete(
        &mut self,
        pool: &mut BufferPool,
        buffer: BufferId,
        received: usize,
    ) -> Option<Reassembled> {
        let at = received.saturating_sub(TRAILER_LEN);
        let Some(trailer) = pool.get(buffer).and_then(|b| b.get(at..received)) else {
            return self.lost_buffer(true);
        };
        let trailer = Trailer::new_unchecked(trailer);
        let (uu, cpi, length) = (trailer.uu(), trailer.cpi(), usize::from(trailer.length()));
        let space = at;
        // The CRC first: a corrupted trailer is a transmission error, not a format error.
        let error = if !crc_ok(&self.crc) {
            Some(ReassemblyError::Crc)
        } else if cpi != CPI_ALIGNMENT {
            Some(ReassemblyError::InvalidCpi)
        } else if length > space || space - length > MAX_PAD_LEN {
            Some(ReassemblyError::Length)
        } else if length > self.config.max_sdu {
            Some(ReassemblyError::Oversize)
        } else {
            None
        };
        let counter = match error {
            None => &mut self.counters.pdus_ok,
            Some(ReassemblyError::Crc) => &mut self.counters.crc_errors,
            Some(ReassemblyError::Length | ReassemblyError::InvalidCpi) => {
                &mut self.counters.length_errors
            }
            Some(ReassemblyError::Oversize) => &mut self.counters.oversize,
        };
        *counter = counter.saturating_add(1);
        if error.is_some() {
            if !self.config.deliver_errored {
                pool.release(buffer);
                return None;
            }
            self.counters.errored_delivered = self.counters.errored_delivered.saturating_add(1);
        }
        Some(Reassembled { buffer, len: length.min(space), uu, cpi, error })
    }
}

/// The CRC residue check. Fuzzing builds (`--cfg fuzzing`, set by cargo-fuzz) skip it so the
/// fuzzer reaches the checks behind it (style.md).
#[allow(unexpected_cfgs)]
fn crc_ok(crc: &Crc32) -> bool {
    cfg!(fuzzing) || crc.register() == RESIDUE
}
