//! The host NDIS port: what stands in for ndis.sys in host tests and in the simulator
//! (design.md principle 5). `no_std` + `alloc`.
//!
//! - [`HostPort`] implements [`NdisUpcalls`]: it plays NDIS and the client (answering
//!   NdisMCmCreateVc, NdisMCmDispatchIncomingCall, … as configured in [`ClientResponses`]),
//!   records every crossing as an [`Event`], and feeds it to the [`ContractChecker`].
//! - [`Driven`] wraps a core: each of its methods reports the handler entry to the port, calls
//!   the core's handler with the port as `up`, and reports the return — so the checker sees
//!   both directions.
//! - [`sweep`] runs a scenario under every single allocation failure.
//!
//! A scenario test drives its core through [`Driven`] and ends with
//! `assert_eq!(driven.violations(), &[])`; the core's own DPC/timer work runs inside
//! [`Driven::in_context`]. The checker can also be fed recorded events directly:
//!
//! ```
//! use mcm::abi::NdisStatus;
//! use mcm::boundary::host::{
//!     Call, ContractChecker, Event, HandlerCall, HandlerReturn, PendingOp, Upcall, UpcallKind,
//!     Violation,
//! };
//! use mcm::boundary::{Irql, NdisAfHandle};
//!
//! let af = NdisAfHandle::from_raw(0xAF01).unwrap();
//! let mut checker = ContractChecker::new();
//! checker.on_event(&Event::Enter { irql: Irql::Dispatch, call: HandlerCall::CmOpenAf { af } });
//! checker.on_event(&Event::Return(HandlerReturn::Status(NdisStatus::SUCCESS)));
//! // Completing a request that returned SUCCESS synchronously is a double completion.
//! let status = NdisStatus::SUCCESS;
//! checker.on_event(&Event::Upcall {
//!     irql: Irql::Dispatch,
//!     upcall: Upcall::CmOpenAddressFamilyComplete { status, af },
//! });
//! assert_eq!(
//!     checker.violations(),
//!     &[Violation::CompletionNotPending {
//!         call: Call::Upcall(UpcallKind::CmOpenAddressFamilyComplete),
//!         op: PendingOp::OpenAf(af),
//!     }]
//! );
//! ```

pub mod checker;
pub mod event;
pub mod sweep;

use alloc::vec::Vec;
use core::num::NonZeroU64;

pub use checker::{
    AdapterState, Call, CallState, ContractChecker, Creator, DrainPoint, Invariant, PendingOp,
    VcState, Violation,
};
pub use event::{
    Event, HandlerCall, HandlerKind, HandlerReturn, IrqlRule, RegistrationDescription, Upcall,
    UpcallKind,
};

use super::handlers::{CallManagerHandlers, MiniportHandlers};
use super::packet::{ids_of, PacketList, ReceiveFlags, ReceiveNbl, SendCompletion};
use super::pool::Leak;
use super::types::{
    CancelId, CmOidTarget, HaltProgress, HandlerStatus, Irql, NblId, NdisAfHandle, NdisPartyHandle,
    NdisSapHandle, NdisVcHandle, OidCompletion, OidRequest, OidRequestId, OidStatus,
    OutgoingOidRequest, PauseStatus, ResetStatus, StatusIndication, SyncStatus,
};
use super::upcalls::NdisUpcalls;
use crate::abi::co::{CoAddressFamily, CoCallParameters, CoSap};
use crate::abi::NdisStatus;

/// How the simulated NDIS/client answers the upcalls that return a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientResponses {
    /// NdisMCmRegisterAddressFamilyEx.
    pub register_address_family: NdisStatus,
    /// NdisMCmCreateVc (the client's ProtocolCoCreateVc).
    pub create_vc: NdisStatus,
    /// NdisMCmDispatchIncomingCall: PENDING means the client answers later through
    /// CmIncomingCallComplete (the test calls it).
    pub dispatch_incoming_call: NdisStatus,
    /// NdisMCmNotifyCloseAddressFamily.
    pub notify_close_af: NdisStatus,
    /// NdisMCmOidRequest.
    pub cm_oid_request: NdisStatus,
    /// NdisMCmDeactivateVc on an active VC (SUCCESS, or PENDING →
    /// NdisMCoDeactivateVcComplete).
    pub deactivate_vc: NdisStatus,
}

impl Default for ClientResponses {
    fn default() -> Self {
        ClientResponses {
            register_address_family: NdisStatus::SUCCESS,
            create_vc: NdisStatus::SUCCESS,
            dispatch_incoming_call: NdisStatus::PENDING,
            notify_close_af: NdisStatus::PENDING,
            cm_oid_request: NdisStatus::PENDING,
            deactivate_vc: NdisStatus::SUCCESS,
        }
    }
}

/// Default bound on recorded events and captured payloads.
pub const DEFAULT_LOG_CAPACITY: usize = 4096;

/// The host NDIS port. See the module docs.
#[derive(Debug)]
pub struct HostPort {
    checker: ContractChecker,
    log: Vec<Event>,
    log_capacity: usize,
    log_dropped: usize,
    next_handle: u64,
    /// How the simulated client answers.
    pub responses: ClientResponses,
    /// Data of every indicated receive NBL, in order (bounded by the log capacity).
    pub received: Vec<(NdisVcHandle, NblId, Vec<u8>)>,
    /// Answers of completed OID requests (`data` of the completion), in order.
    pub oid_answers: Vec<(OidRequestId, Vec<u8>)>,
}

impl Default for HostPort {
    fn default() -> Self {
        Self::new()
    }
}

/// Handle value ranges, so a log shows what a handle is.
mod mint {
    pub const AF: u64 = 0xAF00_0000;
    pub const VC: u64 = 0x7C00_0000;
    pub const SAP: u64 = 0x5A00_0000;
    pub const PARTY: u64 = 0x9A00_0000;
    pub const OID: u64 = 0x0100_0000;
    pub const NBL: u64 = 0xB100_0000;
    pub const CANCEL: u64 = 0xCA00_0000;
}

impl HostPort {
    /// A port with [`DEFAULT_LOG_CAPACITY`].
    #[must_use]
    pub fn new() -> Self {
        Self::with_log_capacity(DEFAULT_LOG_CAPACITY)
    }

    /// A port recording at most `capacity` events (later ones are still checked).
    #[must_use]
    pub fn with_log_capacity(capacity: usize) -> Self {
        HostPort {
            checker: ContractChecker::new(),
            log: Vec::new(),
            log_capacity: capacity,
            log_dropped: 0,
            next_handle: 0,
            responses: ClientResponses::default(),
            received: Vec::new(),
            oid_answers: Vec::new(),
        }
    }

    /// The checker.
    #[must_use]
    pub fn checker(&self) -> &ContractChecker {
        &self.checker
    }

    /// Violations so far.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        self.checker.violations()
    }

    /// The recorded events.
    #[must_use]
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// Events not recorded because the log was full.
    #[must_use]
    pub fn log_dropped(&self) -> usize {
        self.log_dropped
    }

    /// Records `event` and feeds it to the checker.
    pub fn record(&mut self, event: Event) {
        self.checker.on_event(&event);
        if self.log.len() < self.log_capacity {
            self.log.push(event);
        } else {
            self.log_dropped = self.log_dropped.saturating_add(1);
        }
    }

    fn mint(&mut self, base: u64) -> NonZeroU64 {
        self.next_handle = self.next_handle.saturating_add(1);
        NonZeroU64::MIN.saturating_add((base | self.next_handle).saturating_sub(1))
    }

    /// A fresh AF handle (for CmOpenAf).
    pub fn new_af_handle(&mut self) -> NdisAfHandle {
        NdisAfHandle::from_nonzero(self.mint(mint::AF))
    }

    /// A fresh VC handle (for CmCreateVc; NdisMCmCreateVc mints its own).
    pub fn new_vc_handle(&mut self) -> NdisVcHandle {
        NdisVcHandle::from_nonzero(self.mint(mint::VC))
    }

    /// A fresh SAP handle.
    pub fn new_sap_handle(&mut self) -> NdisSapHandle {
        NdisSapHandle::from_nonzero(self.mint(mint::SAP))
    }

    /// A fresh party handle.
    pub fn new_party_handle(&mut self) -> NdisPartyHandle {
        NdisPartyHandle::from_nonzero(self.mint(mint::PARTY))
    }

    /// A fresh OID request id.
    pub fn new_oid_request_id(&mut self) -> OidRequestId {
        OidRequestId::from_nonzero(self.mint(mint::OID))
    }

    /// A fresh NBL id (for sends).
    pub fn new_nbl_id(&mut self) -> NblId {
        NblId::from_nonzero(self.mint(mint::NBL))
    }

    /// A fresh cancel id.
    pub fn new_cancel_id(&mut self) -> CancelId {
        CancelId::from_nonzero(self.mint(mint::CANCEL))
    }

    fn up(&mut self, irql: Irql, upcall: Upcall) {
        self.record(Event::Upcall { irql, upcall });
    }

    fn capture_oid(&mut self, request: OidRequestId, data: &[u8]) {
        if self.oid_answers.len() < self.log_capacity {
            self.oid_answers.push((request, data.to_vec()));
        }
    }
}

impl NdisUpcalls for HostPort {
    fn co_activate_vc_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
    ) {
        self.up(irql, Upcall::CoActivateVcComplete { status, vc });
    }

    fn co_deactivate_vc_complete(&mut self, irql: Irql, status: NdisStatus, vc: NdisVcHandle) {
        self.up(irql, Upcall::CoDeactivateVcComplete { status, vc });
    }

    fn co_send_net_buffer_lists_complete(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        completions: &[SendCompletion],
    ) {
        self.up(
            irql,
            Upcall::CoSendNetBufferListsComplete { vc, completions: completions.to_vec() },
        );
    }

    fn co_indicate_receive_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        nbls: &[ReceiveNbl<'_>],
        flags: ReceiveFlags,
    ) {
        for n in nbls {
            if self.received.len() < self.log_capacity {
                self.received.push((vc, n.id, n.data.to_vec()));
            }
        }
        let nbls = nbls.iter().map(|n| (n.id, n.source_handle)).collect();
        self.up(
            irql,
            Upcall::CoIndicateReceiveNetBufferLists { vc, nbls, resources: flags.resources },
        );
    }

    fn co_indicate_status_ex(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        indication: &StatusIndication<'_>,
    ) {
        self.up(irql, Upcall::CoIndicateStatusEx { vc, code: indication.code });
    }

    fn co_oid_request_complete(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        request: OidRequestId,
        result: &OidCompletion<'_>,
    ) {
        self.capture_oid(request, result.data);
        self.up(
            irql,
            Upcall::CoOidRequestComplete {
                vc,
                request,
                status: result.status,
                bytes_written: result.bytes_written,
            },
        );
    }

    fn cm_register_address_family_ex(
        &mut self,
        irql: Irql,
        _family: &CoAddressFamily,
    ) -> NdisStatus {
        let result = self.responses.register_address_family;
        self.up(irql, Upcall::CmRegisterAddressFamilyEx { result });
        result
    }

    fn cm_create_vc(&mut self, irql: Irql, af: NdisAfHandle) -> Result<NdisVcHandle, NdisStatus> {
        let result = if self.responses.create_vc.is_success() {
            Ok(self.new_vc_handle())
        } else {
            Err(self.responses.create_vc)
        };
        self.up(irql, Upcall::CmCreateVc { af, result });
        result
    }

    fn cm_delete_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> NdisStatus {
        // NDIS refuses to delete a VC that is not deactivated.
        let result = match self.checker.vc_state(vc) {
            Some(VcState::Created | VcState::Inactive) => NdisStatus::SUCCESS,
            _ => NdisStatus::NOT_ACCEPTED,
        };
        self.up(irql, Upcall::CmDeleteVc { vc, result });
        result
    }

    fn cm_activate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
    ) -> NdisStatus {
        let result = NdisStatus::SUCCESS;
        self.up(irql, Upcall::CmActivateVc { vc, result });
        result
    }

    fn cm_deactivate_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> NdisStatus {
        let result = match self.checker.vc_state(vc) {
            Some(VcState::Active) => self.responses.deactivate_vc,
            _ => NdisStatus::NOT_ACCEPTED,
        };
        self.up(irql, Upcall::CmDeactivateVc { vc, result });
        result
    }

    fn cm_dispatch_incoming_call(
        &mut self,
        irql: Irql,
        sap: NdisSapHandle,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
    ) -> NdisStatus {
        let result = self.responses.dispatch_incoming_call;
        self.up(irql, Upcall::CmDispatchIncomingCall { sap, vc, result });
        result
    }

    fn cm_dispatch_call_connected(&mut self, irql: Irql, vc: NdisVcHandle) {
        self.up(irql, Upcall::CmDispatchCallConnected { vc });
    }

    fn cm_dispatch_incoming_close_call(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        _close_data: &[u8],
    ) {
        self.up(irql, Upcall::CmDispatchIncomingCloseCall { status, vc });
    }

    fn cm_dispatch_incoming_drop_party(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        party: NdisPartyHandle,
        _drop_data: &[u8],
    ) {
        self.up(irql, Upcall::CmDispatchIncomingDropParty { status, party });
    }

    fn cm_dispatch_incoming_call_qos_change(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
    ) {
        self.up(irql, Upcall::CmDispatchIncomingCallQoSChange { vc });
    }

    fn cm_make_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        _negotiated: Option<&CoCallParameters>,
    ) {
        self.up(irql, Upcall::CmMakeCallComplete { status, vc, party });
    }

    fn cm_close_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
    ) {
        self.up(irql, Upcall::CmCloseCallComplete { status, vc, party });
    }

    fn cm_add_party_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        party: NdisPartyHandle,
        _negotiated: Option<&CoCallParameters>,
    ) {
        self.up(irql, Upcall::CmAddPartyComplete { status, party });
    }

    fn cm_drop_party_complete(&mut self, irql: Irql, status: NdisStatus, party: NdisPartyHandle) {
        self.up(irql, Upcall::CmDropPartyComplete { status, party });
    }

    fn cm_modify_call_qos_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
    ) {
        self.up(irql, Upcall::CmModifyCallQoSComplete { status, vc });
    }

    fn cm_open_address_family_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        af: NdisAfHandle,
    ) {
        self.up(irql, Upcall::CmOpenAddressFamilyComplete { status, af });
    }

    fn cm_close_address_family_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        af: NdisAfHandle,
    ) {
        self.up(irql, Upcall::CmCloseAddressFamilyComplete { status, af });
    }

    fn cm_register_sap_complete(&mut self, irql: Irql, status: NdisStatus, sap: NdisSapHandle) {
        self.up(irql, Upcall::CmRegisterSapComplete { status, sap });
    }

    fn cm_deregister_sap_complete(&mut self, irql: Irql, status: NdisStatus, sap: NdisSapHandle) {
        self.up(irql, Upcall::CmDeregisterSapComplete { status, sap });
    }

    fn cm_notify_close_address_family(&mut self, irql: Irql, af: NdisAfHandle) -> NdisStatus {
        let result = self.responses.notify_close_af;
        self.up(irql, Upcall::CmNotifyCloseAddressFamily { af, result });
        result
    }

    fn cm_oid_request(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: &OutgoingOidRequest<'_>,
    ) -> NdisStatus {
        let af = target.af;
        let result = self.responses.cm_oid_request;
        self.up(irql, Upcall::CmOidRequest { af, request: request.id, result });
        result
    }

    fn cm_oid_request_complete(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequestId,
        result: &OidCompletion<'_>,
    ) {
        let af = target.af;
        self.capture_oid(request, result.data);
        self.up(
            irql,
            Upcall::CmOidRequestComplete {
                af,
                request,
                status: result.status,
                bytes_written: result.bytes_written,
            },
        );
    }

    fn pause_complete(&mut self, irql: Irql) {
        self.up(irql, Upcall::PauseComplete);
    }

    fn restart_complete(&mut self, irql: Irql, status: NdisStatus) {
        self.up(irql, Upcall::RestartComplete { status });
    }

    fn reset_complete(&mut self, irql: Irql, status: NdisStatus, _addressing_reset: bool) {
        self.up(irql, Upcall::ResetComplete { status });
    }
}

/// A core driven through the checked boundary: `Driven::x(..)` reports the entry of handler
/// `x`, calls the core's `x` with the port as `up`, and reports the return.
#[derive(Debug, Default)]
pub struct Driven<C> {
    /// The core under test.
    pub core: C,
    /// NDIS and the client.
    pub port: HostPort,
}

impl<C> Driven<C> {
    /// Wraps `core` with a fresh port.
    pub fn new(core: C) -> Self {
        Driven { core, port: HostPort::new() }
    }

    /// Violations so far.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        self.port.violations()
    }

    /// Runs `f` as the core's own context (DPC, timer, work item) at `irql`: upcalls made
    /// inside are checked against it.
    pub fn in_context<R>(
        &mut self,
        irql: Irql,
        f: impl FnOnce(&mut C, &mut dyn NdisUpcalls) -> R,
    ) -> R {
        self.port.record(Event::EnterContext { irql });
        let r = f(&mut self.core, &mut self.port);
        self.port.record(Event::ExitContext);
        r
    }

    /// Checks the registration tables.
    pub fn register(&mut self, desc: RegistrationDescription) {
        self.port.record(Event::Registration(desc));
    }

    /// Declares the system idle: every pended operation must have completed and no NBL may
    /// be outstanding.
    pub fn quiescent(&mut self) {
        self.port.record(Event::Quiescent);
    }

    /// Reports the pool's outstanding allocations after MiniportHaltEx returned.
    pub fn allocations_at_halt(&mut self, leaks: Vec<Leak>) {
        self.port.record(Event::AllocationsAtHalt(leaks));
    }

    fn enter(&mut self, irql: Irql, call: HandlerCall) {
        self.port.record(Event::Enter { irql, call });
    }

    fn ret(&mut self, ret: HandlerReturn) {
        self.port.record(Event::Return(ret));
    }

    fn ret_status(&mut self, status: NdisStatus) {
        self.ret(HandlerReturn::Status(status));
    }
}

impl<C: MiniportHandlers> Driven<C> {
    /// MiniportCoActivateVc.
    pub fn co_activate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CoActivateVc { vc });
        let r = self.core.co_activate_vc(irql, vc, params, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// MiniportCoDeactivateVc.
    pub fn co_deactivate_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> HandlerStatus {
        self.enter(irql, HandlerCall::CoDeactivateVc { vc });
        let r = self.core.co_deactivate_vc(irql, vc, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// MiniportCoSendNetBufferLists.
    pub fn co_send_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        nbls: &dyn PacketList,
    ) {
        self.enter(irql, HandlerCall::CoSendNetBufferLists { vc, nbls: ids_of(nbls) });
        self.core.co_send_net_buffer_lists(irql, vc, nbls, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// MiniportCoOidRequest.
    pub fn co_oid_request(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        request: OidRequest<'_>,
    ) -> OidStatus {
        let (id, buffer_len) = (request.id, request.buffer.len());
        self.enter(irql, HandlerCall::CoOidRequest { vc, request: id, buffer_len });
        let r = self.core.co_oid_request(irql, vc, request, &mut self.port);
        self.ret(oid_return(r));
        r
    }

    /// MiniportReturnNetBufferLists.
    pub fn return_net_buffer_lists(&mut self, irql: Irql, nbls: &[NblId]) {
        self.enter(irql, HandlerCall::ReturnNetBufferLists { nbls: nbls.to_vec() });
        self.core.return_net_buffer_lists(irql, nbls, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// MiniportPause.
    pub fn pause(&mut self, irql: Irql) -> PauseStatus {
        self.enter(irql, HandlerCall::Pause);
        let r = self.core.pause(irql, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// MiniportRestart.
    pub fn restart(&mut self, irql: Irql) -> HandlerStatus {
        self.enter(irql, HandlerCall::Restart);
        let r = self.core.restart(irql, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// MiniportResetEx.
    pub fn reset_ex(&mut self, irql: Irql) -> ResetStatus {
        self.enter(irql, HandlerCall::ResetEx);
        let r = self.core.reset_ex(irql, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// MiniportHaltEx (one step; see [`HaltProgress`]).
    pub fn halt_ex(&mut self, irql: Irql) -> HaltProgress {
        self.enter(irql, HandlerCall::HaltEx);
        let r = self.core.halt_ex(irql, &mut self.port);
        self.ret(HandlerReturn::Halt(r));
        r
    }

    /// MiniportCancelSend.
    pub fn cancel_send(&mut self, irql: Irql, cancel_id: CancelId) {
        self.enter(irql, HandlerCall::CancelSend { cancel_id });
        self.core.cancel_send(irql, cancel_id, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// MiniportCancelOidRequest.
    pub fn cancel_oid_request(&mut self, irql: Irql, request: OidRequestId) {
        self.enter(irql, HandlerCall::CancelOidRequest { request });
        self.core.cancel_oid_request(irql, request, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// MiniportCheckForHangEx.
    pub fn check_for_hang_ex(&mut self, irql: Irql) -> bool {
        self.enter(irql, HandlerCall::CheckForHangEx);
        let r = self.core.check_for_hang_ex(irql, &mut self.port);
        self.ret(HandlerReturn::Void);
        r
    }
}

fn oid_return(r: OidStatus) -> HandlerReturn {
    match r {
        OidStatus::Complete(res) => {
            HandlerReturn::Oid { status: res.status.status(), bytes_written: res.bytes_written }
        }
        OidStatus::Pending => HandlerReturn::Oid { status: NdisStatus::PENDING, bytes_written: 0 },
    }
}

impl<C: CallManagerHandlers> Driven<C> {
    /// CmCreateVc.
    pub fn cm_create_vc(&mut self, irql: Irql, af: NdisAfHandle, vc: NdisVcHandle) -> SyncStatus {
        self.enter(irql, HandlerCall::CmCreateVc { af, vc });
        let r = self.core.cm_create_vc(irql, af, vc, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmDeleteVc.
    pub fn cm_delete_vc(&mut self, irql: Irql, vc: NdisVcHandle) -> SyncStatus {
        self.enter(irql, HandlerCall::CmDeleteVc { vc });
        let r = self.core.cm_delete_vc(irql, vc, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmOpenAf.
    pub fn cm_open_af(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        family: &CoAddressFamily,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmOpenAf { af });
        let r = self.core.cm_open_af(irql, af, family, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmCloseAf.
    pub fn cm_close_af(&mut self, irql: Irql, af: NdisAfHandle) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmCloseAf { af });
        let r = self.core.cm_close_af(irql, af, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmRegisterSap.
    pub fn cm_register_sap(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        sap: NdisSapHandle,
        desc: &CoSap,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmRegisterSap { af, sap });
        let r = self.core.cm_register_sap(irql, af, sap, desc, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmDeregisterSap.
    pub fn cm_deregister_sap(&mut self, irql: Irql, sap: NdisSapHandle) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmDeregisterSap { sap });
        let r = self.core.cm_deregister_sap(irql, sap, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmMakeCall.
    pub fn cm_make_call(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        params: &CoCallParameters,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmMakeCall { vc, party });
        let r = self.core.cm_make_call(irql, vc, party, params, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmCloseCall.
    pub fn cm_close_call(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        close_data: &[u8],
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmCloseCall { vc, party });
        let r = self.core.cm_close_call(irql, vc, party, close_data, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmIncomingCallComplete.
    pub fn cm_incoming_call_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) {
        self.enter(irql, HandlerCall::CmIncomingCallComplete { status, vc });
        self.core.cm_incoming_call_complete(irql, status, vc, params, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// CmAddParty.
    pub fn cm_add_party(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: NdisPartyHandle,
        params: &CoCallParameters,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmAddParty { vc, party });
        let r = self.core.cm_add_party(irql, vc, party, params, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmDropParty.
    pub fn cm_drop_party(
        &mut self,
        irql: Irql,
        party: NdisPartyHandle,
        drop_data: &[u8],
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmDropParty { party });
        let r = self.core.cm_drop_party(irql, party, drop_data, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmActivateVcComplete.
    pub fn cm_activate_vc_complete(
        &mut self,
        irql: Irql,
        status: NdisStatus,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) {
        self.enter(irql, HandlerCall::CmActivateVcComplete { status, vc });
        self.core.cm_activate_vc_complete(irql, status, vc, params, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// CmDeactivateVcComplete.
    pub fn cm_deactivate_vc_complete(&mut self, irql: Irql, status: NdisStatus, vc: NdisVcHandle) {
        self.enter(irql, HandlerCall::CmDeactivateVcComplete { status, vc });
        self.core.cm_deactivate_vc_complete(irql, status, vc, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// CmModifyCallQoS.
    pub fn cm_modify_call_qos(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
    ) -> HandlerStatus {
        self.enter(irql, HandlerCall::CmModifyCallQoS { vc });
        let r = self.core.cm_modify_call_qos(irql, vc, params, &mut self.port);
        self.ret_status(r.status());
        r
    }

    /// CmOidRequest.
    pub fn cm_oid_request(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequest<'_>,
    ) -> OidStatus {
        let (id, buffer_len) = (request.id, request.buffer.len());
        let CmOidTarget { af, vc, party } = target;
        self.enter(irql, HandlerCall::CmOidRequest { af, vc, party, request: id, buffer_len });
        let r = self.core.cm_oid_request(irql, target, request, &mut self.port);
        self.ret(oid_return(r));
        r
    }

    /// CmOidRequestComplete.
    pub fn cm_oid_request_complete(
        &mut self,
        irql: Irql,
        target: CmOidTarget,
        request: OidRequestId,
        result: OidCompletion<'_>,
    ) {
        let af = target.af;
        self.enter(irql, HandlerCall::CmOidRequestComplete { af, request, status: result.status });
        self.core.cm_oid_request_complete(irql, target, request, result, &mut self.port);
        self.ret(HandlerReturn::Void);
    }

    /// CmNotifyCloseAfComplete.
    pub fn cm_notify_close_af_complete(
        &mut self,
        irql: Irql,
        af: NdisAfHandle,
        status: NdisStatus,
    ) {
        self.enter(irql, HandlerCall::CmNotifyCloseAfComplete { af, status });
        self.core.cm_notify_close_af_complete(irql, af, status, &mut self.port);
        self.ret(HandlerReturn::Void);
    }
}
