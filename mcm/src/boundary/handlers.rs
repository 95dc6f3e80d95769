//! The entry points the core implements: the miniport half (NDIS_MINIPORT_DRIVER_CHARACTERISTICS
//! and NDIS_MINIPORT_CO_CHARACTERISTICS) and the call-manager half
//! (NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS), condis-reference.md §2.
//!
//! Conventions for every method:
//! - `irql` is the level NDIS called at; the method passes a level at least as high to every
//!   upcall it makes on `up`.
//! - VCs, AFs, SAPs and parties are named by their NDIS handles: the glue returns the NDIS
//!   handle as the protocol context (CallMgrVcContext = NdisVcHandle, CallMgrAfContext =
//!   NdisAfHandle, CallMgrSapContext = NdisSapHandle, CallMgrPartyContext = NdisPartyHandle),
//!   so the context NDIS passes back is the handle.
//! - Structures arrive parsed (crate::abi); the glue returns the [`AbiError::status`] of a
//!   structure that does not parse without calling the core.
//! - A handler returning `Pending` makes exactly one completion upcall later; a handler
//!   returning a final status makes none (§7 invariant 2). The return types allow PENDING only
//!   where NDIS does.
//!
//! [`AbiError::status`]: crate::abi::AbiError::status

use super::packet::PacketList;
use super::types::{
    CancelId, CmOidTarget, HaltProgress, HandlerStatus, Irql, NblId, NdisAfHandle, NdisPartyHandle,
    NdisSapHandle, NdisVcHandle, OidCompletion, OidRequest, OidRequestId, OidStatus, PauseStatus,
    ResetStatus, SyncStatus,
};
use super::upcalls::NdisUpcalls;
use crate::abi::co::{CoAddressFamily, CoCallParameters, CoSap};
use crate::abi::NdisStatus;

/// The miniport half's NDIS entry points. All run at ≤ DISPATCH except `pause`, `restart` and
/// `halt_ex` (PASSIVE).
pub trait MiniportHandlers {
    /// MiniportCoActivateVc (≤ DISPATCH): program the NIC for `vc` with `params`; validation
    /// failures return INVALID_DATA, exhaustion RESOURCES; `Pending` → NdisMCoActivateVcComplete.
    fn co_activate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// MiniportCoDeactivateVc (≤ DISPATCH): stop transfers on `vc` (complete in-flight sends,
    /// wait for indicated receives); `Pending` → NdisMCoDeactivateVcComplete.
    fn co_deactivate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// MiniportCoSendNetBufferLists (≤ DISPATCH): every NBL in `nbls` is completed exactly
    /// once through NdisMCoSendNetBufferListsComplete, with a per-NBL status (PAUSED while
    /// paused, VC_NOT_ACTIVATED on an inactive VC, RESOURCES on exhaustion).
    fn co_send_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        nbls: &dyn PacketList,
        up: &mut dyn NdisUpcalls,
    );

    /// MiniportCoOidRequest (≤ DISPATCH): OID_GEN_CO_*, OID_ATM_* with a NULL AF handle; `vc`
    /// is the VC the request names, if any. `Pending` → NdisMCoOidRequestComplete. NDIS does
    /// not serialize CO OIDs.
    fn co_oid_request(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        request: OidRequest<'_>,
        up: &mut dyn NdisUpcalls,
    ) -> OidStatus;

    /// MiniportReturnNetBufferLists (≤ DISPATCH): NDIS gives back indicated receive NBLs.
    fn return_net_buffer_lists(&mut self, irql: Irql, nbls: &[NblId], up: &mut dyn NdisUpcalls);

    /// MiniportPause (PASSIVE): reject new sends with PAUSED, drain, stop indicating receives;
    /// calls persist. Cannot fail.
    fn pause(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> PauseStatus;

    /// MiniportRestart (PASSIVE): resume; `Pending` → NdisMRestartComplete.
    fn restart(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HandlerStatus;

    /// MiniportResetEx (≤ DISPATCH): queued sends complete with REQUEST_ABORTED; `Pending` →
    /// NdisMResetComplete (at DISPATCH).
    fn reset_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> ResetStatus;

    /// MiniportHaltEx (PASSIVE): NdisMCmNotifyCloseAddressFamily for each open AF, then (once
    /// the clients closed them) free everything. See [`HaltProgress`] for the two-step wait.
    fn halt_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HaltProgress;

    /// MiniportCancelSend (≤ DISPATCH): complete queued NBLs carrying `cancel_id` with
    /// REQUEST_ABORTED.
    fn cancel_send(&mut self, irql: Irql, cancel_id: CancelId, up: &mut dyn NdisUpcalls);

    /// MiniportCancelOidRequest (≤ DISPATCH): complete the pended request `request` with
    /// REQUEST_ABORTED if it is still pending.
    fn cancel_oid_request(&mut self, irql: Irql, request: OidRequestId, up: &mut dyn NdisUpcalls);

    /// MiniportCheckForHangEx (≤ DISPATCH): `true` asks NDIS to reset the adapter.
    fn check_for_hang_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> bool;
}

/// The call-manager half's 17 NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS (all ≤ DISPATCH; every
/// one exists; unsupported requests return NOT_SUPPORTED).
pub trait CallManagerHandlers {
    /// CmCreateVc / ProtocolCoCreateVc: a client created `vc` on `af`; allocate the per-VC
    /// state. Never pends (the return type can't).
    fn cm_create_vc(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        vc: NdisVcHandle,
        up: &mut dyn NdisUpcalls,
    ) -> SyncStatus;

    /// CmDeleteVc / ProtocolCoDeleteVc: the client deletes its `vc`. Never pends; NOT_ACCEPTED
    /// while the VC has a call or is active.
    fn cm_delete_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        up: &mut dyn NdisUpcalls,
    ) -> SyncStatus;

    /// CmOpenAf: a client opens `family` as `af`; `Pending` → NdisMCmOpenAddressFamilyComplete.
    fn cm_open_af(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        family: &CoAddressFamily,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmCloseAf: with calls or SAPs open, `Pending` (preferred) or NOT_ACCEPTED;
    /// `Pending` → NdisMCmCloseAddressFamilyComplete.
    fn cm_close_af(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmRegisterSap: `sap` (the SAP `desc`) on `af`; a SAP another client registered →
    /// INVALID_DATA; `Pending` → NdisMCmRegisterSapComplete.
    fn cm_register_sap(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        sap: NdisSapHandle,
        desc: &CoSap,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmDeregisterSap: calls on the SAP are unaffected; `Pending` →
    /// NdisMCmDeregisterSapComplete.
    fn cm_deregister_sap(
        &mut self,
        irql: Irql,
        sap: NdisSapHandle,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmMakeCall: an outgoing call on `vc` (`party` for point-to-multipoint). Usually
    /// `Pending`; before NdisMCmMakeCallComplete(SUCCESS) the core calls NdisMCmActivateVc.
    fn cm_make_call(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmCloseCall: `party` is the last party of a point-to-multipoint call; unsupported
    /// `close_data` → INVALID_DATA; `Pending` → (deactivate) NdisMCmCloseCallComplete.
    fn cm_close_call(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        close_data: &[u8],
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmIncomingCallComplete (void): the client accepted (`status` SUCCESS) or rejected the
    /// call dispatched on `vc`.
    fn cm_incoming_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    );

    /// CmAddParty: add `party` to the call on `vc`; `Pending` → NdisMCmAddPartyComplete.
    fn cm_add_party(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: NdisPartyHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmDropParty: drop `party` (not the last one); `Pending` → NdisMCmDropPartyComplete.
    fn cm_drop_party(
        &mut self,
        irql: Irql,
        party: NdisPartyHandle,
        drop_data: &[u8],
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmActivateVcComplete: must exist; NDIS does not call it for an MCM.
    fn cm_activate_vc_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    );

    /// CmDeactivateVcComplete: must exist; NDIS does not call it for an MCM.
    fn cm_deactivate_vc_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        up: &mut dyn NdisUpcalls,
    );

    /// CmModifyCallQoS: on failure restore the prior state and return FAILURE; `Pending` →
    /// (NdisMCmActivateVc(new)) NdisMCmModifyCallQoSComplete.
    fn cm_modify_call_qos(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus;

    /// CmOidRequest / ProtocolCoOidRequest: OID_CO_* on an open AF; `Pending` →
    /// NdisMCmOidRequestComplete.
    fn cm_oid_request(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequest<'_>,
        up: &mut dyn NdisUpcalls,
    ) -> OidStatus;

    /// CmOidRequestComplete: a client completed the request `request` the MCM sent with
    /// NdisMCmOidRequest.
    fn cm_oid_request_complete(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequestId,
        result: OidCompletion<'_>,
        up: &mut dyn NdisUpcalls,
    );

    /// CmNotifyCloseAfComplete: the client finished the AF close the MCM started with
    /// NdisMCmNotifyCloseAddressFamily.
    fn cm_notify_close_af_complete(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        status: NdisStatus,
        up: &mut dyn NdisUpcalls,
    );
}
