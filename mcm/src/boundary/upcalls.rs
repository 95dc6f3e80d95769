//! The NDIS functions the core calls (condis-reference.md §3), as a trait: the Windows glue
//! implements it over ndis.sys, the host port ([`super::host::HostPort`]) records and checks
//! every call.
//!
//! Every method takes the IRQL the core is running at. Statuses are raw `NdisStatus` values
//! because they cross the boundary unchanged; the contract checker rejects PENDING in a
//! completion. Only NdisMCmNotifyCloseAddressFamily and NdisMCmRegisterAddressFamilyEx are
//! PASSIVE-only; NdisMResetComplete runs at DISPATCH; everything else at ≤ DISPATCH.

use super::packet::{ReceiveFlags, ReceiveNbl, SendCompletion};
use super::types::{
    CmOidTarget, Irql, NdisAfHandle, NdisPartyHandle, NdisSapHandle, NdisVcHandle, OidCompletion,
    OidRequestId, OutgoingOidRequest, StatusIndication,
};
use crate::abi::co::{CoAddressFamily, CoCallParameters};
use crate::abi::NdisStatus;

/// NDIS as seen by the core.
pub trait NdisUpcalls {
    /// NdisMCoActivateVcComplete: completes a pended MiniportCoActivateVc.
    fn co_activate_vc_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    );
    /// NdisMCoDeactivateVcComplete: completes a pended MiniportCoDeactivateVc.
    fn co_deactivate_vc_complete(&mut self, irql: Irql, status: NdisStatus, vc: NdisVcHandle);
    /// NdisMCoSendNetBufferListsComplete: returns sent NBLs, each with its status.
    fn co_send_net_buffer_lists_complete(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        completions: &[SendCompletion],
    );
    /// NdisMCoIndicateReceiveNetBufferLists: `SourceHandle` of every NBL is `vc`.
    fn co_indicate_receive_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        nbls: &[ReceiveNbl<'_>],
        flags: ReceiveFlags,
    );
    /// NdisMCoIndicateStatusEx: adapter-wide (`vc` None) or per-VC status; never after
    /// MiniportHaltEx returned.
    fn co_indicate_status_ex(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        indication: &StatusIndication<'_>,
    );
    /// NdisMCoOidRequestComplete: completes a pended MiniportCoOidRequest.
    fn co_oid_request_complete(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        request: OidRequestId,
        result: &OidCompletion<'_>,
    );

    /// NdisMCmRegisterAddressFamilyEx (PASSIVE, from MiniportInitializeEx).
    fn cm_register_address_family_ex(&mut self, irql: Irql, family: &CoAddressFamily)
        -> NdisStatus;
    /// NdisMCmCreateVc: a VC for an incoming call on `af`; the client's ProtocolCoCreateVc
    /// runs inside. Returns NDIS's handle, or the client's failure.
    fn cm_create_vc(&mut self, irql: Irql, af: NdisAfHandle) -> Result<NdisVcHandle, NdisStatus>;
    /// NdisMCmDeleteVc: only MCM-created, deactivated VCs (else NOT_ACCEPTED). Synchronous.
    fn cm_delete_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> NdisStatus;
    /// NdisMCmActivateVc: the VC is ready for data, or its parameters changed.
    fn cm_activate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) -> NdisStatus;
    /// NdisMCmDeactivateVc: no further transfers; NOT_ACCEPTED if already inactive.
    fn cm_deactivate_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> NdisStatus;
    /// NdisMCmDispatchIncomingCall → ProtocolClIncomingCall. Returns PENDING when the client
    /// answers later through CmIncomingCallComplete; any other value is the client's answer
    /// now (SUCCESS accepts), and NDIS will not call CmIncomingCallComplete — the core handles
    /// the answer itself.
    fn cm_dispatch_incoming_call(
        &mut self,
        irql: Irql,
        sap: NdisSapHandle,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) -> NdisStatus;
    /// NdisMCmDispatchCallConnected → ProtocolClCallConnected.
    fn cm_dispatch_call_connected(&mut self, irql: Irql, vc: NdisVcHandle);
    /// NdisMCmDispatchIncomingCloseCall → ProtocolClIncomingCloseCall.
    fn cm_dispatch_incoming_close_call(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        close_data: &[u8],
    );
    /// NdisMCmDispatchIncomingDropParty (never for the last party).
    fn cm_dispatch_incoming_drop_party(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        party: NdisPartyHandle,
        drop_data: &[u8],
    );
    /// NdisMCmDispatchIncomingCallQoSChange (after NdisMCmActivateVc with the new QoS).
    fn cm_dispatch_incoming_call_qos_change(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    );
    /// NdisMCmMakeCallComplete; `negotiated` is written back into the client's parameters
    /// when the core set CALL_PARAMETERS_CHANGED.
    fn cm_make_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        negotiated: Option<&CoCallParameters>,
    );
    /// NdisMCmCloseCallComplete.
    fn cm_close_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
    );
    /// NdisMCmAddPartyComplete.
    fn cm_add_party_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        party: NdisPartyHandle,
        negotiated: Option<&CoCallParameters>,
    );
    /// NdisMCmDropPartyComplete.
    fn cm_drop_party_complete(&mut self, irql: Irql, status: NdisStatus, party: NdisPartyHandle);
    /// NdisMCmModifyCallQoSComplete.
    fn cm_modify_call_qos_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    );
    /// NdisMCmOpenAddressFamilyComplete.
    fn cm_open_address_family_complete(&mut self, irql: Irql, status: NdisStatus, af: NdisAfHandle);
    /// NdisMCmCloseAddressFamilyComplete.
    fn cm_close_address_family_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        af: NdisAfHandle,
    );
    /// NdisMCmRegisterSapComplete.
    fn cm_register_sap_complete(&mut self, irql: Irql, status: NdisStatus, sap: NdisSapHandle);
    /// NdisMCmDeregisterSapComplete.
    fn cm_deregister_sap_complete(&mut self, irql: Irql, status: NdisStatus, sap: NdisSapHandle);
    /// NdisMCmNotifyCloseAddressFamily (PASSIVE): ask the client of `af` to close it; PENDING
    /// → CmNotifyCloseAfComplete.
    fn cm_notify_close_address_family(&mut self, irql: Irql, af: NdisAfHandle) -> NdisStatus;
    /// NdisMCmOidRequest: an OID to the client of `af`; PENDING → CmOidRequestComplete.
    fn cm_oid_request(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: &OutgoingOidRequest<'_>,
    ) -> NdisStatus;
    /// NdisMCmOidRequestComplete: completes a pended CmOidRequest.
    fn cm_oid_request_complete(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequestId,
        result: &OidCompletion<'_>,
    );
    /// NdisMPauseComplete.
    fn pause_complete(&mut self, irql: Irql);
    /// NdisMRestartComplete.
    fn restart_complete(&mut self, irql: Irql, status: NdisStatus);
    /// NdisMResetComplete (DISPATCH).
    fn reset_complete(&mut self, irql: Irql, status: NdisStatus, addressing_reset: bool);
}
