//! AAL type 5 (ITU-T I.363.5): the CPCS-PDU, its CRC-32, segmentation into 48-octet SAR-PDUs
//! and per-VC reassembly into a bounded buffer pool, plus AAL0 (raw cell) pass-through.
//!
//! Everything here works on 48-octet SAR-PDUs (cell payloads); the ATM layer (`hal::cell`)
//! adds the header and maps [`SarCell::end_of_pdu`] onto the PTI ATM-user-to-ATM-user bit
//! (I.363.5 §8: the SAR sublayer's AUU parameter, I.361 PTI bit 1 of user cells).
//!
//! - [`crc32`](mod@crc32): the CRC-32 (table and PCLMULQDQ kernels).
//! - [`cpcs`]: CPCS-PDU trailer view/repr, whole-PDU checks, a PDU builder.
//! - [`segment`]: the [`Segmenter`] (scatter/gather SDU → SAR-PDUs, no intermediate copy).
//! - [`pool`]: the shared [`BufferPool`] (fixed count × fixed size, allocated once).
//! - [`reassembly`]: the per-VC [`Reassembler`] and its [`Aal5Counters`].
//! - [`aal0`]: raw-cell pass-through.

pub mod aal0;
pub mod cpcs;
pub mod crc32;
pub mod pool;
pub mod reassembly;
pub mod segment;

pub use cpcs::{cpcs_pdu_len, CpcsPdu, Trailer, TrailerRepr, MAX_SDU_LEN, TRAILER_LEN};
pub use crc32::{crc32, Crc32};
pub use pool::{BufferId, BufferPool};
pub use reassembly::{Aal5Counters, Reassembled, Reassembler, ReassemblyConfig, ReassemblyError};
pub use segment::{SarCell, SegmentParams, Segmenter};

/// Length of a SAR-PDU: one cell payload (I.363.5 §8).
pub const SAR_PDU_LEN: usize = 48;

/// Errors of the AAL5 functions that can fail (not the data path: reassembly counts instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aal5Error {
    /// The SDU exceeds 65535 octets (I.363.5 §9.2.2.4), or the VC's maximum.
    SduTooLong,
    /// The buffer is shorter than the structure it must hold.
    Truncated,
    /// Length field inconsistent with the PDU size (I.363.5 §10.1.2.2: Length greater than the
    /// payload space, or a PAD of 48 octets or more), or a PDU that is no whole number of cells.
    LengthMismatch,
    /// CPI other than 0 (I.363.5 §9.2.2.3).
    InvalidCpi,
    /// CRC-32 check failed (I.363.5 §10.1.2.2).
    Crc,
    /// The output buffer is too small.
    BufferTooSmall,
    /// A configuration value is out of range (zero buffers, max SDU above 65535, ...).
    InvalidConfig,
    /// The pool's one-time allocation failed.
    OutOfMemory,
}

impl core::fmt::Display for Aal5Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = match self {
            Aal5Error::SduTooLong => "SDU longer than the maximum",
            Aal5Error::Truncated => "buffer too short",
            Aal5Error::LengthMismatch => "CPCS-PDU length field inconsistent",
            Aal5Error::InvalidCpi => "CPI is not zero",
            Aal5Error::Crc => "CRC-32 check failed",
            Aal5Error::BufferTooSmall => "output buffer too small",
            Aal5Error::InvalidConfig => "configuration out of range",
            Aal5Error::OutOfMemory => "allocation failed",
        };
        f.write_str(text)
    }
}
