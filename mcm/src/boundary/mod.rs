//! The NDIS boundary as Rust traits (design.md principles 1, 2, 5; condis-reference.md §2, §3,
//! §7): what the Windows glue (mcm/src/ndis/) and the host test port have in common.
//!
//! - [`handlers`]: [`MiniportHandlers`] and [`CallManagerHandlers`], the entry points the core
//!   implements (MiniportCo*, Pause/Restart/ResetEx/HaltEx, … and the 17 Cm* handlers), with
//!   return types that allow PENDING only where NDIS does ([`SyncStatus`] for CmCreateVc /
//!   CmDeleteVc, [`PauseStatus`] for MiniportPause).
//! - [`upcalls`]: [`NdisUpcalls`], the NdisMCo* / NdisMCm* / NdisM*Complete functions the core
//!   calls; the glue implements it over ndis.sys, [`host::HostPort`] records and checks.
//! - [`types`]: the IRQL model ([`Irql`]), opaque never-NULL handles ([`NdisVcHandle`],
//!   [`NdisAfHandle`], [`NdisSapHandle`], [`NdisPartyHandle`], [`OidRequestId`], [`NblId`]),
//!   statuses and OID request descriptors.
//! - [`packet`]: [`PacketList`] (NBL chains with each NET_BUFFER as a fragment list
//!   `&[&[u8]]`), [`ReceiveNbl`] indications and [`SendCompletion`]s.
//! - [`pool`]: [`PoolAllocator`], the allocation façade (exhaustion is a value), and
//!   [`pool::CountingPool`], its host implementation with failure injection and per-tag leak
//!   tracking.
//! - [`host`]: the host NDIS port, the contract checker of §7, the checked [`host::Driven`]
//!   harness and the allocation-failure [`host::sweep`].
//!
//! How the glue maps NDIS onto this: handles are the raw NDIS pointers (and are returned to
//! NDIS as the protocol contexts, so contexts and handles coincide); NBL chains are wrapped in
//! a [`PacketList`]; structures are parsed with [`crate::abi`] before the core is called;
//! completions pass the answer bytes, which the glue copies into the request's buffer.

pub mod handlers;
pub mod host;
pub mod packet;
pub mod pool;
pub mod types;
pub mod upcalls;

pub use handlers::{CallManagerHandlers, MiniportHandlers};
pub use packet::{PacketList, ReceiveFlags, ReceiveNbl, SendCompletion};
pub use pool::{AllocError, PoolAllocator, PoolGrant, PoolTag};
pub use types::{
    CancelId, CmOidTarget, HaltProgress, HandlerStatus, Irql, NblId, NdisAfHandle, NdisPartyHandle,
    NdisSapHandle, NdisVcHandle, OidBuffer, OidCompletion, OidRequest, OidRequestId, OidResult,
    OidStatus, OutgoingOidRequest, PauseStatus, ResetStatus, StatusIndication, SyncStatus,
};
pub use upcalls::NdisUpcalls;
