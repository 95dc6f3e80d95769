//! The adapter's VC table: the meeting point of the call-manager and miniport halves
//! (design.md, principle 4).
//!
//! One [`VcTable`] per adapter holds a slab of VC contexts allocated once at initialization
//! ([`VcConfig`]); each [`VcContext`] carries the call-manager half's call state `C`, the data
//! path's state `D`, the NDIS handle the glue stores ([`NdisVcToken`]), who created the VC
//! ([`Creator`]) and its bound [`VcAddress`]. Each slot's atomic control word holds the VC's NDIS
//! state ([`VcState`], condis-reference §7 invariant 3), a generation (stale [`VcHandle`]s are
//! refused) and a reference count with rundown (like `EX_RUNDOWN_REF`, sans-IO): sends,
//! receives and completions hold a [`VcRef`]; deactivation and halt stop new references and
//! the release of the last one reports the rundown complete ([`Released`]).
//!
//! Concurrency (docs/architecture.md, "The VC table: lifetime and locking"): everything the data
//! path does takes `&self` and is lock-free; everything that creates, binds, unbinds, frees or
//! mutates `C`/`D` takes `&mut self`, which the glue obtains from the write side of the adapter's
//! `NDIS_RW_LOCK_EX`. No `unsafe`.

mod control;
mod error;
mod index;
mod state;
mod table;

pub use control::MAX_REFS;
pub use error::VcError;
pub use state::{VcOp, VcState};
#[cfg(loom)]
pub use table::LoomFault;
pub use table::{
    Activation, Creator, NdisVcToken, Released, Rundown, VcCall, VcConfig, VcContext, VcHandle,
    VcRef, VcTable,
};

use core::fmt;

/// A virtual connection's identifier on the link: VPI and VCI of the cell header (I.361 §2.2.3:
/// VPI 8 bits at the UNI, 12 at the NNI; VCI 16 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VcAddress {
    /// Virtual path identifier.
    pub vpi: u16,
    /// Virtual channel identifier.
    pub vci: u16,
}

impl VcAddress {
    /// The address `vpi`/`vci`.
    pub const fn new(vpi: u16, vci: u16) -> VcAddress {
        VcAddress { vpi, vci }
    }
}

impl fmt::Display for VcAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.vpi, self.vci)
    }
}
