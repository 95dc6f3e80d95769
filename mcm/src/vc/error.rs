//! Errors of the VC table: values, never panics (design.md, principle 3).

use core::fmt;

use super::state::{VcOp, VcState};
use super::VcAddress;

/// Why a VC table operation was refused.
///
/// The NDIS glue maps them: [`VcError::Resources`] → `NDIS_STATUS_RESOURCES`;
/// [`VcError::InvalidTransition`], [`VcError::NotCreator`], [`VcError::CallPresent`] →
/// `NDIS_STATUS_NOT_ACCEPTED`; [`VcError::AddressOutOfRange`], [`VcError::AddressInUse`],
/// [`VcError::AddressChange`] → `NDIS_STATUS_INVALID_DATA`; [`VcError::StaleHandle`] →
/// `NDIS_STATUS_INVALID_PARAMETER`; [`VcError::Halted`] → `NDIS_STATUS_ADAPTER_NOT_READY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VcError {
    /// The configuration is outside the documented limits of [`super::VcConfig`].
    InvalidConfig,
    /// Every slot is in use, a VPI needs a second-level block and none is free, or the
    /// allocation at initialization failed (design.md principle 3: exhaustion is an error).
    Resources,
    /// The handle's slot was deleted (its generation moved on), never existed, or belongs to
    /// another table.
    StaleHandle,
    /// The operation is not an edge of the VC state machine from the current state.
    InvalidTransition {
        /// The state the VC was in.
        state: VcState,
        /// The operation that was refused.
        op: VcOp,
    },
    /// Only the creator of a VC may delete it (condis-reference §4, VC rules).
    NotCreator,
    /// The VC still carries a call; close it before deleting the VC (§4, VC rules).
    CallPresent,
    /// VPI or VCI beyond the bits the table was configured for (ILMI MaxVpiBits/MaxVciBits).
    AddressOutOfRange(VcAddress),
    /// Another VC is bound to this VPI/VCI.
    AddressInUse(VcAddress),
    /// A re-activation asked for a different VPI/VCI; the connection identifier of an active
    /// VC does not change.
    AddressChange,
    /// The deactivation cannot complete yet: references are outstanding.
    RundownPending,
    /// The adapter is halting (MiniportHaltEx): no new VCs, activations or references.
    Halted,
    /// The reference count would overflow its field (more than [`super::MAX_REFS`]).
    TooManyReferences,
    /// A reference did not belong to this table (another table id, or no counted reference on
    /// that slot and generation): nothing was released.
    ForeignReference,
}

impl fmt::Display for VcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VcError::InvalidConfig => f.write_str("VC table configuration out of range"),
            VcError::Resources => f.write_str("VC table resources exhausted"),
            VcError::StaleHandle => f.write_str("stale VC handle"),
            VcError::InvalidTransition { state, op } => {
                write!(f, "{op:?} is not allowed in VC state {state:?}")
            }
            VcError::NotCreator => f.write_str("only the creator may delete a VC"),
            VcError::CallPresent => f.write_str("the VC still has a call"),
            VcError::AddressOutOfRange(a) => write!(f, "VPI/VCI {a} out of configured range"),
            VcError::AddressInUse(a) => write!(f, "VPI/VCI {a} already bound"),
            VcError::AddressChange => f.write_str("an active VC cannot change VPI/VCI"),
            VcError::RundownPending => f.write_str("VC references still outstanding"),
            VcError::Halted => f.write_str("adapter halting"),
            VcError::TooManyReferences => f.write_str("VC reference count overflow"),
            VcError::ForeignReference => f.write_str("reference not from this table"),
        }
    }
}
