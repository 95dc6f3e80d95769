//! The miniport half of the MCM (design.md "Data flows"; condis-reference.md §2, §4): the core's
//! [`MiniportHandlers`](crate::boundary::MiniportHandlers) over a [`hal::nic::Nic`].
//!
//! - [`MiniportCore`]: one adapter. Created at MiniportInitializeEx ([`MiniportCore::initialize`])
//!   from a [`MiniportConfig`]; every pool (VC table, send slab, receive slab, signaling queue,
//!   handle map) is sized then and accounted through the boundary's
//!   [`PoolAllocator`](crate::boundary::PoolAllocator), so exhaustion is `NDIS_STATUS_RESOURCES`.
//! - [`DataPath`]: the data-path state `D` of each VC context (HAL channel, parameters, per-VC
//!   counters, in-flight bookkeeping); the call state `C` belongs to the call-manager half
//!   ([`CallSlot`] is the placeholder it replaces; any `C: VcCall` works).
//!
//! Decisions:
//! - **Activation** completes synchronously by default: [`hal::nic::Nic::open_channel`] and
//!   `modify_channel` are synchronous, so MiniportCoActivateVc returns SUCCESS or the error.
//!   [`ActivationMode::Deferred`] models a NIC that programs channels asynchronously: the handler
//!   returns PENDING and the next [`MiniportCore::service`] calls NdisMCoActivateVcComplete.
//! - **Deactivation** stops the channel (the NIC completes unsent PDUs as aborted), completes
//!   those sends with REQUEST_ABORTED, and returns SUCCESS if no reference is left; otherwise
//!   PENDING, and the release of the last reference (a send completion or ReturnNetBufferLists)
//!   calls NdisMCoDeactivateVcComplete.
//! - **Time**: NDIS handlers carry no clock; the glue (or the simulator) stamps the core with
//!   [`MiniportCore::set_now`] before a handler and passes `now` to [`MiniportCore::service`].
//! - **CancelSend**: the core keeps no send queue of its own (every accepted NBL is in the NIC's
//!   queue, which it cannot withdraw), so there is nothing to cancel; NBLs refused synchronously
//!   are completed at once.
//! - **Concurrency**: every entry point takes `&mut self`, as [`hal::nic::Nic`] requires the
//!   adapter's data-path lock around every NIC call anyway; the glue serializes entry with that
//!   lock. Upcalls are made from inside the entry point (the boundary's shape), so the glue's
//!   `NdisUpcalls` must not call NDIS with the lock held (architecture.md, lock ordering
//!   rule 2): it queues completions and indications and issues them after dropping the lock,
//!   and a ReturnNetBufferLists that NDIS makes inside an indication is queued and replayed
//!   into [`MiniportCore`] afterwards. The per-VC state in [`DataPath`] is plain memory for that
//!   reason (no atomics needed under the lock).
//! - **Signaling** (VPI/VCI 0/5, ILMI 0/16): VCs without an NDIS handle are internal. Their PDUs
//!   are copied into a bounded queue the call-manager half drains
//!   ([`MiniportCore::pop_signaling`]); they are never indicated to NDIS.

mod core;
mod oid;

pub use self::core::{
    ActivationMode, CallSlot, DataPath, MiniportConfig, MiniportCore, MiniportCounters, VcCounters,
    MEDIA_CONNECT, MEDIA_DISCONNECT, MEDIA_DISCONNECTED, TAG_CHANNEL, TAG_HANDLES, TAG_RX,
    TAG_SIGNALING, TAG_TX, TAG_VC_TABLE,
};
pub use self::oid::{
    ALIGNMENT_REQUIRED, DRIVER_VERSION, VENDOR_DESCRIPTION, VENDOR_DRIVER_VERSION,
};
