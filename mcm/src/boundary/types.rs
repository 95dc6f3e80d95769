//! Scalar types of the NDIS boundary: the IRQL model, opaque handles, the statuses a handler
//! may return (with PENDING only where NDIS allows it), OID request descriptors and status
//! indications (condis-reference.md §2, §3).

use core::fmt;
use core::num::NonZeroU64;

use crate::abi::oid::{Oid, RequestType};
use crate::abi::NdisStatus;

/// The interrupt request level a call runs at, reduced to the two levels an NDIS miniport
/// sees (condis-reference.md §3: "PASSIVE only" and "≤DISPATCH"). Ordered: `Passive <
/// Dispatch`.
///
/// Handlers receive the level NDIS called them at; the core passes the level it is running
/// at to every upcall (never lower than the level it was entered at: a driver may raise the
/// IRQL by taking a spin lock, never lower it below its caller's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Irql {
    /// PASSIVE_LEVEL (0): may block; the only level for NdisMCmNotifyCloseAddressFamily,
    /// NdisMCmRegisterAddressFamilyEx, MiniportHaltEx, MiniportPause, MiniportRestart.
    Passive,
    /// DISPATCH_LEVEL (2): DPCs, timers, code holding a spin lock.
    Dispatch,
}

/// Defines an opaque, never-NULL NDIS handle over the raw pointer value.
macro_rules! opaque_handle {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// Opaque: the Windows glue makes one from the pointer NDIS passed (`from_raw`) and
        /// turns it back (`as_raw`); NULL is not a handle (`Option<Self>` stands for a
        /// NULL argument). The core only compares and stores it.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(NonZeroU64);

        impl $name {
            /// The handle for a raw non-NULL value; `None` for NULL.
            #[must_use]
            pub const fn from_raw(raw: u64) -> Option<Self> {
                match NonZeroU64::new(raw) {
                    Some(v) => Some($name(v)),
                    None => None,
                }
            }

            /// The handle for a non-zero value (host ports minting handles).
            #[must_use]
            pub const fn from_nonzero(raw: NonZeroU64) -> Self {
                $name(raw)
            }

            /// The raw value handed back to NDIS.
            #[must_use]
            pub const fn as_raw(self) -> u64 {
                self.0.get()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#x})"), self.0.get())
            }
        }
    };
}

opaque_handle!(
    /// `NdisVcHandle`: NDIS's handle of a VC, created by the client (CmCreateVc) or by the
    /// MCM (NdisMCmCreateVc). The glue returns it as the CallMgrVcContext / MiniportVcContext,
    /// so every handler names a VC by its NDIS handle (design.md principle 4).
    NdisVcHandle
);
opaque_handle!(
    /// `NdisAfHandle`: one client's open of the Q.2931 address family (CmOpenAf).
    NdisAfHandle
);
opaque_handle!(
    /// `NdisSapHandle`: a SAP a client registered (CmRegisterSap).
    NdisSapHandle
);
opaque_handle!(
    /// `NdisPartyHandle`: a party of a point-to-multipoint call (CmMakeCall, CmAddParty).
    NdisPartyHandle
);
opaque_handle!(
    /// Identity of one `NDIS_OID_REQUEST` (the request pointer in the glue) from the moment
    /// it is handed over until it is completed.
    OidRequestId
);
opaque_handle!(
    /// Identity of one `NET_BUFFER_LIST` (the NBL pointer in the glue; a pool slot on receive).
    NblId
);
opaque_handle!(
    /// `NDIS_SET_NET_BUFFER_LIST_CANCEL_ID` value given to MiniportCancelSend.
    CancelId
);

/// A status that is final: anything but `NDIS_STATUS_PENDING`. Handlers that can't pend
/// (CmCreateVc, CmDeleteVc — condis-reference.md §2) return it, so "never PENDING" is a
/// type-level fact.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SyncStatus(NdisStatus);

impl SyncStatus {
    /// `NDIS_STATUS_SUCCESS`.
    pub const SUCCESS: SyncStatus = SyncStatus(NdisStatus::SUCCESS);
    /// `NDIS_STATUS_FAILURE`.
    pub const FAILURE: SyncStatus = SyncStatus(NdisStatus::FAILURE);
    /// `NDIS_STATUS_RESOURCES`: pool exhaustion (design.md principle 3).
    pub const RESOURCES: SyncStatus = SyncStatus(NdisStatus::RESOURCES);
    /// `NDIS_STATUS_NOT_SUPPORTED`.
    pub const NOT_SUPPORTED: SyncStatus = SyncStatus(NdisStatus::NOT_SUPPORTED);
    /// `NDIS_STATUS_NOT_ACCEPTED`: e.g. CmDeleteVc on a VC with a call.
    pub const NOT_ACCEPTED: SyncStatus = SyncStatus(NdisStatus::NOT_ACCEPTED);
    /// `NDIS_STATUS_INVALID_DATA`.
    pub const INVALID_DATA: SyncStatus = SyncStatus(NdisStatus::INVALID_DATA);

    /// `status` as a final status; `None` for PENDING.
    #[must_use]
    pub const fn new(status: NdisStatus) -> Option<SyncStatus> {
        if status.is_pending() {
            None
        } else {
            Some(SyncStatus(status))
        }
    }

    /// The raw status.
    #[must_use]
    pub const fn status(self) -> NdisStatus {
        self.0
    }

    /// `NDIS_STATUS_SUCCESS` exactly.
    #[must_use]
    pub const fn is_success(self) -> bool {
        self.0.is_success()
    }
}

impl From<SyncStatus> for NdisStatus {
    fn from(s: SyncStatus) -> NdisStatus {
        s.0
    }
}

impl TryFrom<NdisStatus> for SyncStatus {
    type Error = NdisStatus;
    fn try_from(s: NdisStatus) -> Result<Self, NdisStatus> {
        SyncStatus::new(s).ok_or(s)
    }
}

impl fmt::Debug for SyncStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// What a handler that may pend returns: a final status now, or `Pending` and exactly one
/// completion upcall later (condis-reference.md §7 invariant 2).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandlerStatus {
    /// Done; no completion upcall follows.
    Complete(SyncStatus),
    /// `NDIS_STATUS_PENDING`: the matching completion upcall follows, once.
    Pending,
}

impl HandlerStatus {
    /// `Complete(SUCCESS)`.
    pub const SUCCESS: HandlerStatus = HandlerStatus::Complete(SyncStatus::SUCCESS);

    /// The raw status returned to NDIS.
    #[must_use]
    pub const fn status(self) -> NdisStatus {
        match self {
            HandlerStatus::Complete(s) => s.status(),
            HandlerStatus::Pending => NdisStatus::PENDING,
        }
    }
}

impl From<SyncStatus> for HandlerStatus {
    fn from(s: SyncStatus) -> Self {
        HandlerStatus::Complete(s)
    }
}

/// What MiniportPause returns: it cannot fail (condis-reference.md §2, §7 "MiniportPause
/// returns only SUCCESS or PENDING").
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PauseStatus {
    /// Paused now.
    Success,
    /// NdisMPauseComplete follows.
    Pending,
}

impl PauseStatus {
    /// The raw status returned to NDIS.
    #[must_use]
    pub const fn status(self) -> NdisStatus {
        match self {
            PauseStatus::Success => NdisStatus::SUCCESS,
            PauseStatus::Pending => NdisStatus::PENDING,
        }
    }
}

/// What MiniportResetEx returns (status and the `AddressingReset` out parameter).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResetStatus {
    /// Reset done.
    Complete {
        /// The reset's status.
        status: SyncStatus,
        /// `*AddressingReset`: NDIS must restore the addressing information.
        addressing_reset: bool,
    },
    /// NdisMResetComplete follows.
    Pending,
}

impl ResetStatus {
    /// The raw status returned to NDIS.
    #[must_use]
    pub const fn status(self) -> NdisStatus {
        match self {
            ResetStatus::Complete { status, .. } => status.status(),
            ResetStatus::Pending => NdisStatus::PENDING,
        }
    }
}

/// Progress of MiniportHaltEx (condis-reference.md §1: "NdisMCmNotifyCloseAddressFamily for
/// each open AF, wait for the clients to close, free everything").
///
/// The core is sans-IO and can't block, so the wait is the glue's: when `halt_ex` returns
/// `WaitForClients`, the glue waits at PASSIVE (on an event the core's CmCloseAf /
/// CmNotifyCloseAfComplete path lets it set) until every AF is closed, then calls `halt_ex`
/// again. MiniportHaltEx returns to NDIS only with `Halted`; that is the point at which
/// invariant 7 is checked.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HaltProgress {
    /// Everything is closed and freed; MiniportHaltEx may return.
    Halted,
    /// AF close notifications are out; call `halt_ex` again once clients closed their AFs.
    WaitForClients,
}

/// The information buffer of an `NDIS_OID_REQUEST`.
#[derive(Debug)]
pub enum OidBuffer<'a> {
    /// A query (or statistics query): the answer is written here when the request completes
    /// synchronously. A pended query returns its answer in [`OidCompletion::data`].
    Query(&'a mut [u8]),
    /// A set: the data to read. A pended set must copy what it needs before returning.
    Set(&'a [u8]),
}

impl OidBuffer<'_> {
    /// `InformationBufferLength`.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            OidBuffer::Query(b) => b.len(),
            OidBuffer::Set(b) => b.len(),
        }
    }

    /// Zero-length buffer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An `NDIS_OID_REQUEST` handed to MiniportCoOidRequest or CmOidRequest.
#[derive(Debug)]
pub struct OidRequest<'a> {
    /// Identity for the completion.
    pub id: OidRequestId,
    /// `DATA.*.Oid`.
    pub oid: Oid,
    /// `RequestType`.
    pub request_type: RequestType,
    /// `InformationBuffer` / `InformationBufferLength`.
    pub buffer: OidBuffer<'a>,
}

/// The counters of a finished OID request (`BytesWritten`, `BytesRead`, `BytesNeeded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OidResult {
    /// Final status.
    pub status: SyncStatus,
    /// `BytesWritten` (query); never more than the buffer length (bug check 0x7C/0x1D).
    pub bytes_written: u32,
    /// `BytesRead` (set).
    pub bytes_read: u32,
    /// `BytesNeeded` (too-short buffer).
    pub bytes_needed: u32,
}

impl OidResult {
    /// A result with `status` and no byte counts.
    #[must_use]
    pub const fn status(status: SyncStatus) -> Self {
        OidResult { status, bytes_written: 0, bytes_read: 0, bytes_needed: 0 }
    }
}

/// What an OID handler returns.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OidStatus {
    /// Completed synchronously; a query's answer is already in [`OidBuffer::Query`].
    Complete(OidResult),
    /// The matching OID completion upcall follows, once.
    Pending,
}

impl OidStatus {
    /// The raw status returned to NDIS.
    #[must_use]
    pub const fn status(self) -> NdisStatus {
        match self {
            OidStatus::Complete(r) => r.status.status(),
            OidStatus::Pending => NdisStatus::PENDING,
        }
    }
}

/// Completion of a pended OID request (NdisMCoOidRequestComplete, NdisMCmOidRequestComplete),
/// or of an OID the MCM sent (CmOidRequestComplete). The status is a raw `NdisStatus` because
/// it crosses the boundary as is; the contract checker rejects PENDING.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OidCompletion<'a> {
    /// Final status (never PENDING).
    pub status: NdisStatus,
    /// `BytesWritten`; at most the request's buffer length.
    pub bytes_written: u32,
    /// `BytesRead`.
    pub bytes_read: u32,
    /// `BytesNeeded`.
    pub bytes_needed: u32,
    /// A query's answer, copied by the port into the request's InformationBuffer
    /// (`bytes_written` bytes of it are meaningful). Empty for sets.
    pub data: &'a [u8],
}

impl OidCompletion<'_> {
    /// A completion with `status`, no data and no byte counts.
    #[must_use]
    pub const fn status(status: NdisStatus) -> OidCompletion<'static> {
        OidCompletion { status, bytes_written: 0, bytes_read: 0, bytes_needed: 0, data: &[] }
    }
}

/// Whom a call-manager OID request concerns: the AF it was made on, and the VC and party it
/// names (CmOidRequest, NdisMCmOidRequest and their completions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CmOidTarget {
    /// The AF (never NULL: a NULL-AF request goes to MiniportCoOidRequest).
    pub af: NdisAfHandle,
    /// The VC, if the request names one.
    pub vc: Option<NdisVcHandle>,
    /// The party, if the request names one.
    pub party: Option<NdisPartyHandle>,
}

impl CmOidTarget {
    /// A request on `af` alone.
    #[must_use]
    pub const fn af(af: NdisAfHandle) -> Self {
        CmOidTarget { af, vc: None, party: None }
    }
}

/// An OID request the MCM sends to a client with NdisMCmOidRequest (OID_CO_ADDRESS_CHANGE,
/// OID_CO_SIGNALING_ENABLED/DISABLED; condis-reference.md §4 "AF").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OutgoingOidRequest<'a> {
    /// The MCM's identity for the request (returned in CmOidRequestComplete).
    pub id: OidRequestId,
    /// The OID.
    pub oid: Oid,
    /// Request type.
    pub request_type: RequestType,
    /// Set data (the glue copies it into a request buffer it owns).
    pub data: &'a [u8],
}

/// `NDIS_STATUS_INDICATION` passed to NdisMCoIndicateStatusEx.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusIndication<'a> {
    /// `StatusCode` (e.g. NDIS_STATUS_MEDIA_CONNECT / DISCONNECT).
    pub code: NdisStatus,
    /// `StatusBuffer`.
    pub buffer: &'a [u8],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_never_null() {
        assert_eq!(NdisVcHandle::from_raw(0), None);
        let h = NdisVcHandle::from_raw(0xFFFF_8000_1234_0000).unwrap();
        assert_eq!(h.as_raw(), 0xFFFF_8000_1234_0000);
        assert_eq!(std::format!("{h:?}"), "NdisVcHandle(0xffff800012340000)");
    }

    #[test]
    fn sync_status_rejects_pending() {
        assert_eq!(SyncStatus::new(NdisStatus::PENDING), None);
        assert_eq!(SyncStatus::try_from(NdisStatus::PENDING), Err(NdisStatus::PENDING));
        let s = SyncStatus::new(NdisStatus::RESOURCES).unwrap();
        assert_eq!(s, SyncStatus::RESOURCES);
        assert_eq!(NdisStatus::from(s), NdisStatus::RESOURCES);
        assert!(!s.is_success());
    }

    #[test]
    fn raw_statuses() {
        assert_eq!(HandlerStatus::Pending.status(), NdisStatus::PENDING);
        assert_eq!(HandlerStatus::SUCCESS.status(), NdisStatus::SUCCESS);
        assert_eq!(PauseStatus::Pending.status(), NdisStatus::PENDING);
        assert_eq!(PauseStatus::Success.status(), NdisStatus::SUCCESS);
        assert_eq!(ResetStatus::Pending.status(), NdisStatus::PENDING);
        let r = OidStatus::Complete(OidResult::status(SyncStatus::NOT_SUPPORTED));
        assert_eq!(r.status(), NdisStatus::NOT_SUPPORTED);
        assert!(Irql::Passive < Irql::Dispatch);
    }

    #[test]
    fn oid_buffer_len() {
        let mut q = [0u8; 6];
        assert_eq!(OidBuffer::Query(&mut q).len(), 6);
        assert!(OidBuffer::Set(&[]).is_empty());
    }
}
