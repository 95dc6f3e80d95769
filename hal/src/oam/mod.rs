//! ITU-T I.610 OAM of the ATM layer, on 48-octet cell payloads.
//!
//! - [`crc10`](mod@crc10): the CRC-10 of OAM cells (§10.1).
//! - [`cell`]: the OAM cell view [`OamCell`] and [`OamRepr`] (§10).
//! - [`flow`]: F4 / F5 flows, segment and end-to-end, and their header fields.
//! - [`loopback`]: loopback responder and originator (§10.2).
//! - [`endpoint`]: a connection end point's AIS / RDI / LOC defect states and continuity
//!   check (§9.2).
//! - [`ais`]: AIS generation on a failed link (§9.2).
//!
//! The ATM header of OAM cells belongs to `hal::cell`; this module names flows with plain
//! numbers ([`OamFlow::header_fields`], [`OamFlow::classify`]). The state machines are
//! sans-IO: time is always an argument and output is polled.

pub mod ais;
pub mod cell;
pub mod crc10;
pub mod endpoint;
pub mod flow;
pub mod loopback;
pub mod queue;

pub use ais::AisGenerator;
pub use cell::{
    ActivationDeactivationFunction, ApsFunction, DefectRepr, FaultManagementFunction, LocationId,
    LoopbackRepr, OamCell, OamFunction, OamRepr, OamType, PerformanceManagementFunction,
    END_POINT_LOCATION_ID, FUNCTION_SPECIFIC_LEN, LOCATION_ID_LEN, OAM_PAYLOAD_LEN, UNUSED_OCTET,
};
pub use crc10::{crc10, crc10_check, crc10_update};
pub use endpoint::{
    Defect, DefectStatus, OamEndpoint, OamEndpointConfig, OamEndpointCounters, OamEvent,
};
pub use flow::{OamConnection, OamFlow, OamLevel};
pub use loopback::{
    LoopbackOriginator, LoopbackOutcome, LoopbackResponder, LoopbackResponderConfig,
    LOOPBACK_TIMEOUT,
};

/// Errors of the OAM module: what was expected and what arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OamError {
    /// The buffer is shorter than an OAM cell payload.
    Truncated {
        /// Octets needed.
        expected: usize,
        /// Octets present.
        got: usize,
    },
    /// The CRC-10 field does not match the payload (I.610 §10.1).
    BadCrc {
        /// CRC-10 computed over the payload.
        computed: u16,
        /// CRC-10 field as received.
        received: u16,
    },
    /// Bits I.610 codes as 0 are set.
    ReservedBitsSet {
        /// Which reserved field.
        field: &'static str,
        /// Its value.
        value: u8,
    },
    /// The OAM type is none of those in I.610 Table 3.
    UnknownOamType(u8),
    /// The function type is not defined for the OAM type (I.610 Table 3).
    UnknownFunctionType {
        /// The OAM type.
        oam_type: OamType,
        /// The function type nibble.
        function_type: u8,
    },
    /// The output buffer is too small.
    BufferTooSmall {
        /// Octets needed.
        needed: usize,
        /// Octets available.
        got: usize,
    },
    /// Too many loopback requests are outstanding.
    TooManyLoopbacks {
        /// The limit.
        limit: usize,
    },
    /// A fixed-capacity table is full.
    TableFull {
        /// Its capacity.
        capacity: usize,
    },
    /// The transmit queue is full; try after draining `poll_transmit`.
    QueueFull,
}

impl core::fmt::Display for OamError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            OamError::Truncated { expected, got } => {
                write!(f, "OAM cell truncated: expected {expected} octets, got {got}")
            }
            OamError::BadCrc { computed, received } => {
                write!(f, "OAM CRC-10 mismatch: computed {computed:#05x}, received {received:#05x}")
            }
            OamError::ReservedBitsSet { field, value } => {
                write!(f, "OAM {field} must be 0, got {value:#x}")
            }
            OamError::UnknownOamType(t) => write!(f, "unknown OAM type {t:#06b}"),
            OamError::UnknownFunctionType { oam_type, function_type } => {
                write!(f, "function type {function_type:#06b} undefined for OAM type {oam_type:?}")
            }
            OamError::BufferTooSmall { needed, got } => {
                write!(f, "buffer too small: need {needed} octets, got {got}")
            }
            OamError::TooManyLoopbacks { limit } => {
                write!(f, "{limit} loopback requests already outstanding")
            }
            OamError::TableFull { capacity } => write!(f, "table full ({capacity} entries)"),
            OamError::QueueFull => write!(f, "OAM transmit queue full"),
        }
    }
}
