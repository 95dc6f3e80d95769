//! The recorded form of every boundary crossing: handler entries and returns, upcalls, and
//! the execution contexts (DPC, timer) the harness runs the core in. Owned and free of
//! borrowed data, so a run can be logged, replayed into a fresh checker, or written by hand
//! as a test of the checker itself.

use alloc::vec::Vec;

use crate::abi::registration::{CallManagerOptionalHandlers, MiniportCoCharacteristics};
use crate::abi::NdisStatus;
use crate::boundary::packet::SendCompletion;
use crate::boundary::pool::Leak;
use crate::boundary::types::{
    CancelId, HaltProgress, Irql, NblId, NdisAfHandle, NdisPartyHandle, NdisSapHandle,
    NdisVcHandle, OidRequestId,
};

/// A handler NDIS called, with the arguments the checker needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandlerCall {
    /// MiniportCoActivateVc.
    CoActivateVc { vc: NdisVcHandle },
    /// MiniportCoDeactivateVc.
    CoDeactivateVc { vc: NdisVcHandle },
    /// MiniportCoSendNetBufferLists.
    CoSendNetBufferLists { vc: NdisVcHandle, nbls: Vec<NblId> },
    /// MiniportCoOidRequest.
    CoOidRequest { vc: Option<NdisVcHandle>, request: OidRequestId, buffer_len: usize },
    /// MiniportReturnNetBufferLists.
    ReturnNetBufferLists { nbls: Vec<NblId> },
    /// MiniportPause.
    Pause,
    /// MiniportRestart.
    Restart,
    /// MiniportResetEx.
    ResetEx,
    /// MiniportHaltEx.
    HaltEx,
    /// MiniportCancelSend.
    CancelSend { cancel_id: CancelId },
    /// MiniportCancelOidRequest.
    CancelOidRequest { request: OidRequestId },
    /// MiniportCheckForHangEx.
    CheckForHangEx,
    /// CmCreateVc.
    CmCreateVc { af: NdisAfHandle, vc: NdisVcHandle },
    /// CmDeleteVc.
    CmDeleteVc { vc: NdisVcHandle },
    /// CmOpenAf.
    CmOpenAf { af: NdisAfHandle },
    /// CmCloseAf.
    CmCloseAf { af: NdisAfHandle },
    /// CmRegisterSap.
    CmRegisterSap { af: NdisAfHandle, sap: NdisSapHandle },
    /// CmDeregisterSap.
    CmDeregisterSap { sap: NdisSapHandle },
    /// CmMakeCall.
    CmMakeCall { vc: NdisVcHandle, party: Option<NdisPartyHandle> },
    /// CmCloseCall.
    CmCloseCall { vc: NdisVcHandle, party: Option<NdisPartyHandle> },
    /// CmIncomingCallComplete.
    CmIncomingCallComplete { status: NdisStatus, vc: NdisVcHandle },
    /// CmAddParty.
    CmAddParty { vc: NdisVcHandle, party: NdisPartyHandle },
    /// CmDropParty.
    CmDropParty { party: NdisPartyHandle },
    /// CmActivateVcComplete.
    CmActivateVcComplete { status: NdisStatus, vc: NdisVcHandle },
    /// CmDeactivateVcComplete.
    CmDeactivateVcComplete { status: NdisStatus, vc: NdisVcHandle },
    /// CmModifyCallQoS.
    CmModifyCallQoS { vc: NdisVcHandle },
    /// CmOidRequest.
    CmOidRequest {
        af: NdisAfHandle,
        vc: Option<NdisVcHandle>,
        party: Option<NdisPartyHandle>,
        request: OidRequestId,
        buffer_len: usize,
    },
    /// CmOidRequestComplete.
    CmOidRequestComplete { af: NdisAfHandle, request: OidRequestId, status: NdisStatus },
    /// CmNotifyCloseAfComplete.
    CmNotifyCloseAfComplete { af: NdisAfHandle, status: NdisStatus },
}

/// What a handler returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerReturn {
    /// A VOID handler (or CheckForHangEx's BOOLEAN, which carries no contract).
    Void,
    /// An NDIS_STATUS.
    Status(NdisStatus),
    /// An OID handler's status and `BytesWritten`.
    Oid { status: NdisStatus, bytes_written: u32 },
    /// MiniportHaltEx's progress.
    Halt(HaltProgress),
}

/// An upcall the core made, with its result where NDIS returns one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upcall {
    /// NdisMCoActivateVcComplete.
    CoActivateVcComplete { status: NdisStatus, vc: NdisVcHandle },
    /// NdisMCoDeactivateVcComplete.
    CoDeactivateVcComplete { status: NdisStatus, vc: NdisVcHandle },
    /// NdisMCoSendNetBufferListsComplete.
    CoSendNetBufferListsComplete { vc: NdisVcHandle, completions: Vec<SendCompletion> },
    /// NdisMCoIndicateReceiveNetBufferLists: `(NBL, its SourceHandle)` pairs.
    CoIndicateReceiveNetBufferLists {
        vc: NdisVcHandle,
        nbls: Vec<(NblId, NdisVcHandle)>,
        resources: bool,
    },
    /// NdisMCoIndicateStatusEx.
    CoIndicateStatusEx { vc: Option<NdisVcHandle>, code: NdisStatus },
    /// NdisMCoOidRequestComplete.
    CoOidRequestComplete {
        vc: Option<NdisVcHandle>,
        request: OidRequestId,
        status: NdisStatus,
        bytes_written: u32,
    },
    /// NdisMCmRegisterAddressFamilyEx.
    CmRegisterAddressFamilyEx { result: NdisStatus },
    /// NdisMCmCreateVc.
    CmCreateVc { af: NdisAfHandle, result: Result<NdisVcHandle, NdisStatus> },
    /// NdisMCmDeleteVc.
    CmDeleteVc { vc: NdisVcHandle, result: NdisStatus },
    /// NdisMCmActivateVc.
    CmActivateVc { vc: NdisVcHandle, result: NdisStatus },
    /// NdisMCmDeactivateVc.
    CmDeactivateVc { vc: NdisVcHandle, result: NdisStatus },
    /// NdisMCmDispatchIncomingCall.
    CmDispatchIncomingCall { sap: NdisSapHandle, vc: NdisVcHandle, result: NdisStatus },
    /// NdisMCmDispatchCallConnected.
    CmDispatchCallConnected { vc: NdisVcHandle },
    /// NdisMCmDispatchIncomingCloseCall.
    CmDispatchIncomingCloseCall { status: NdisStatus, vc: NdisVcHandle },
    /// NdisMCmDispatchIncomingDropParty.
    CmDispatchIncomingDropParty { status: NdisStatus, party: NdisPartyHandle },
    /// NdisMCmDispatchIncomingCallQoSChange.
    CmDispatchIncomingCallQoSChange { vc: NdisVcHandle },
    /// NdisMCmMakeCallComplete.
    CmMakeCallComplete { status: NdisStatus, vc: NdisVcHandle, party: Option<NdisPartyHandle> },
    /// NdisMCmCloseCallComplete.
    CmCloseCallComplete { status: NdisStatus, vc: NdisVcHandle, party: Option<NdisPartyHandle> },
    /// NdisMCmAddPartyComplete.
    CmAddPartyComplete { status: NdisStatus, party: NdisPartyHandle },
    /// NdisMCmDropPartyComplete.
    CmDropPartyComplete { status: NdisStatus, party: NdisPartyHandle },
    /// NdisMCmModifyCallQoSComplete.
    CmModifyCallQoSComplete { status: NdisStatus, vc: NdisVcHandle },
    /// NdisMCmOpenAddressFamilyComplete.
    CmOpenAddressFamilyComplete { status: NdisStatus, af: NdisAfHandle },
    /// NdisMCmCloseAddressFamilyComplete.
    CmCloseAddressFamilyComplete { status: NdisStatus, af: NdisAfHandle },
    /// NdisMCmRegisterSapComplete.
    CmRegisterSapComplete { status: NdisStatus, sap: NdisSapHandle },
    /// NdisMCmDeregisterSapComplete.
    CmDeregisterSapComplete { status: NdisStatus, sap: NdisSapHandle },
    /// NdisMCmNotifyCloseAddressFamily.
    CmNotifyCloseAddressFamily { af: NdisAfHandle, result: NdisStatus },
    /// NdisMCmOidRequest (MCM → client).
    CmOidRequest { af: NdisAfHandle, request: OidRequestId, result: NdisStatus },
    /// NdisMCmOidRequestComplete.
    CmOidRequestComplete {
        af: NdisAfHandle,
        request: OidRequestId,
        status: NdisStatus,
        bytes_written: u32,
    },
    /// NdisMPauseComplete.
    PauseComplete,
    /// NdisMRestartComplete.
    RestartComplete { status: NdisStatus },
    /// NdisMResetComplete.
    ResetComplete { status: NdisStatus },
}

/// The registration tables passed to NdisSetOptionalHandlers (§1, §7 invariant 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationDescription {
    /// NDIS_MINIPORT_CO_CHARACTERISTICS.
    pub co: MiniportCoCharacteristics,
    /// NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS.
    pub cm: CallManagerOptionalHandlers,
}

/// One recorded crossing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// NDIS called a handler at `irql`.
    Enter { irql: Irql, call: HandlerCall },
    /// The innermost handler returned.
    Return(HandlerReturn),
    /// The core made an upcall, claiming to run at `irql`.
    Upcall { irql: Irql, upcall: Upcall },
    /// The core runs outside a handler (its DPC, timer or work item) at `irql`.
    EnterContext { irql: Irql },
    /// The innermost context ended.
    ExitContext,
    /// The registration tables.
    Registration(RegistrationDescription),
    /// The pool's outstanding allocations after MiniportHaltEx returned.
    AllocationsAtHalt(Vec<Leak>),
    /// The test declares the system idle: nothing may be pending or outstanding.
    Quiescent,
}

/// Handler names, for IRQL rules and violation reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum HandlerKind {
    CoActivateVc,
    CoDeactivateVc,
    CoSendNetBufferLists,
    CoOidRequest,
    ReturnNetBufferLists,
    Pause,
    Restart,
    ResetEx,
    HaltEx,
    CancelSend,
    CancelOidRequest,
    CheckForHangEx,
    CmCreateVc,
    CmDeleteVc,
    CmOpenAf,
    CmCloseAf,
    CmRegisterSap,
    CmDeregisterSap,
    CmMakeCall,
    CmCloseCall,
    CmIncomingCallComplete,
    CmAddParty,
    CmDropParty,
    CmActivateVcComplete,
    CmDeactivateVcComplete,
    CmModifyCallQoS,
    CmOidRequest,
    CmOidRequestComplete,
    CmNotifyCloseAfComplete,
}

/// Upcall names, for IRQL rules and violation reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum UpcallKind {
    CoActivateVcComplete,
    CoDeactivateVcComplete,
    CoSendNetBufferListsComplete,
    CoIndicateReceiveNetBufferLists,
    CoIndicateStatusEx,
    CoOidRequestComplete,
    CmRegisterAddressFamilyEx,
    CmCreateVc,
    CmDeleteVc,
    CmActivateVc,
    CmDeactivateVc,
    CmDispatchIncomingCall,
    CmDispatchCallConnected,
    CmDispatchIncomingCloseCall,
    CmDispatchIncomingDropParty,
    CmDispatchIncomingCallQoSChange,
    CmMakeCallComplete,
    CmCloseCallComplete,
    CmAddPartyComplete,
    CmDropPartyComplete,
    CmModifyCallQoSComplete,
    CmOpenAddressFamilyComplete,
    CmCloseAddressFamilyComplete,
    CmRegisterSapComplete,
    CmDeregisterSapComplete,
    CmNotifyCloseAddressFamily,
    CmOidRequest,
    CmOidRequestComplete,
    PauseComplete,
    RestartComplete,
    ResetComplete,
}

/// Where a call may run (condis-reference.md §2, §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IrqlRule {
    /// PASSIVE_LEVEL only.
    PassiveOnly,
    /// DISPATCH_LEVEL exactly.
    DispatchOnly,
    /// ≤ DISPATCH_LEVEL.
    AtMostDispatch,
}

impl IrqlRule {
    /// Whether `irql` satisfies the rule.
    #[must_use]
    pub fn allows(self, irql: Irql) -> bool {
        match self {
            IrqlRule::PassiveOnly => irql == Irql::Passive,
            IrqlRule::DispatchOnly => irql == Irql::Dispatch,
            IrqlRule::AtMostDispatch => true,
        }
    }
}

impl HandlerKind {
    /// The IRQL NDIS calls the handler at: MiniportHaltEx, MiniportPause and MiniportRestart
    /// at PASSIVE, every other one at ≤ DISPATCH (§2).
    #[must_use]
    pub fn irql_rule(self) -> IrqlRule {
        match self {
            HandlerKind::Pause | HandlerKind::Restart | HandlerKind::HaltEx => {
                IrqlRule::PassiveOnly
            }
            _ => IrqlRule::AtMostDispatch,
        }
    }
}

impl UpcallKind {
    /// The IRQL the upcall may be made at (§3): NdisMCmNotifyCloseAddressFamily and
    /// NdisMCmRegisterAddressFamilyEx PASSIVE only, NdisMResetComplete at DISPATCH, the rest
    /// ≤ DISPATCH.
    #[must_use]
    pub fn irql_rule(self) -> IrqlRule {
        match self {
            UpcallKind::CmNotifyCloseAddressFamily | UpcallKind::CmRegisterAddressFamilyEx => {
                IrqlRule::PassiveOnly
            }
            UpcallKind::ResetComplete => IrqlRule::DispatchOnly,
            _ => IrqlRule::AtMostDispatch,
        }
    }
}

impl HandlerCall {
    /// The handler's name.
    #[must_use]
    pub fn kind(&self) -> HandlerKind {
        use HandlerCall as C;
        use HandlerKind as K;
        match self {
            C::CoActivateVc { .. } => K::CoActivateVc,
            C::CoDeactivateVc { .. } => K::CoDeactivateVc,
            C::CoSendNetBufferLists { .. } => K::CoSendNetBufferLists,
            C::CoOidRequest { .. } => K::CoOidRequest,
            C::ReturnNetBufferLists { .. } => K::ReturnNetBufferLists,
            C::Pause => K::Pause,
            C::Restart => K::Restart,
            C::ResetEx => K::ResetEx,
            C::HaltEx => K::HaltEx,
            C::CancelSend { .. } => K::CancelSend,
            C::CancelOidRequest { .. } => K::CancelOidRequest,
            C::CheckForHangEx => K::CheckForHangEx,
            C::CmCreateVc { .. } => K::CmCreateVc,
            C::CmDeleteVc { .. } => K::CmDeleteVc,
            C::CmOpenAf { .. } => K::CmOpenAf,
            C::CmCloseAf { .. } => K::CmCloseAf,
            C::CmRegisterSap { .. } => K::CmRegisterSap,
            C::CmDeregisterSap { .. } => K::CmDeregisterSap,
            C::CmMakeCall { .. } => K::CmMakeCall,
            C::CmCloseCall { .. } => K::CmCloseCall,
            C::CmIncomingCallComplete { .. } => K::CmIncomingCallComplete,
            C::CmAddParty { .. } => K::CmAddParty,
            C::CmDropParty { .. } => K::CmDropParty,
            C::CmActivateVcComplete { .. } => K::CmActivateVcComplete,
            C::CmDeactivateVcComplete { .. } => K::CmDeactivateVcComplete,
            C::CmModifyCallQoS { .. } => K::CmModifyCallQoS,
            C::CmOidRequest { .. } => K::CmOidRequest,
            C::CmOidRequestComplete { .. } => K::CmOidRequestComplete,
            C::CmNotifyCloseAfComplete { .. } => K::CmNotifyCloseAfComplete,
        }
    }
}

impl Upcall {
    /// The upcall's name.
    #[must_use]
    pub fn kind(&self) -> UpcallKind {
        use Upcall as U;
        use UpcallKind as K;
        match self {
            U::CoActivateVcComplete { .. } => K::CoActivateVcComplete,
            U::CoDeactivateVcComplete { .. } => K::CoDeactivateVcComplete,
            U::CoSendNetBufferListsComplete { .. } => K::CoSendNetBufferListsComplete,
            U::CoIndicateReceiveNetBufferLists { .. } => K::CoIndicateReceiveNetBufferLists,
            U::CoIndicateStatusEx { .. } => K::CoIndicateStatusEx,
            U::CoOidRequestComplete { .. } => K::CoOidRequestComplete,
            U::CmRegisterAddressFamilyEx { .. } => K::CmRegisterAddressFamilyEx,
            U::CmCreateVc { .. } => K::CmCreateVc,
            U::CmDeleteVc { .. } => K::CmDeleteVc,
            U::CmActivateVc { .. } => K::CmActivateVc,
            U::CmDeactivateVc { .. } => K::CmDeactivateVc,
            U::CmDispatchIncomingCall { .. } => K::CmDispatchIncomingCall,
            U::CmDispatchCallConnected { .. } => K::CmDispatchCallConnected,
            U::CmDispatchIncomingCloseCall { .. } => K::CmDispatchIncomingCloseCall,
            U::CmDispatchIncomingDropParty { .. } => K::CmDispatchIncomingDropParty,
            U::CmDispatchIncomingCallQoSChange { .. } => K::CmDispatchIncomingCallQoSChange,
            U::CmMakeCallComplete { .. } => K::CmMakeCallComplete,
            U::CmCloseCallComplete { .. } => K::CmCloseCallComplete,
            U::CmAddPartyComplete { .. } => K::CmAddPartyComplete,
            U::CmDropPartyComplete { .. } => K::CmDropPartyComplete,
            U::CmModifyCallQoSComplete { .. } => K::CmModifyCallQoSComplete,
            U::CmOpenAddressFamilyComplete { .. } => K::CmOpenAddressFamilyComplete,
            U::CmCloseAddressFamilyComplete { .. } => K::CmCloseAddressFamilyComplete,
            U::CmRegisterSapComplete { .. } => K::CmRegisterSapComplete,
            U::CmDeregisterSapComplete { .. } => K::CmDeregisterSapComplete,
            U::CmNotifyCloseAddressFamily { .. } => K::CmNotifyCloseAddressFamily,
            U::CmOidRequest { .. } => K::CmOidRequest,
            U::CmOidRequestComplete { .. } => K::CmOidRequestComplete,
            U::PauseComplete => K::PauseComplete,
            U::RestartComplete { .. } => K::RestartComplete,
            U::ResetComplete { .. } => K::ResetComplete,
        }
    }
}

/// A deterministic event over a small handle space (four of each kind), for fuzzing and
/// property tests of the checker: `selector` picks the event, `a`/`b` the handles, `status`
/// a status among SUCCESS, PENDING, FAILURE, NOT_ACCEPTED.
#[must_use]
pub fn synthetic_event(selector: u8, a: u8, b: u8, status: u8) -> Event {
    use crate::boundary::types::{NblId as N, OidRequestId as O};
    fn h(base: u64, x: u8) -> core::num::NonZeroU64 {
        core::num::NonZeroU64::MIN.saturating_add(base | u64::from(x & 3))
    }
    let vc = NdisVcHandle::from_nonzero(h(0x7C00, a));
    let vc2 = NdisVcHandle::from_nonzero(h(0x7C00, b));
    let af = NdisAfHandle::from_nonzero(h(0xAF00, b));
    let sap = NdisSapHandle::from_nonzero(h(0x5A00, b));
    let party = NdisPartyHandle::from_nonzero(h(0x9A00, b));
    let nbl = N::from_nonzero(h(0xB100, b));
    let oid = O::from_nonzero(h(0x0100, a));
    let st = match status & 3 {
        0 => NdisStatus::SUCCESS,
        1 => NdisStatus::PENDING,
        2 => NdisStatus::FAILURE,
        _ => NdisStatus::NOT_ACCEPTED,
    };
    let irql = if status & 4 == 0 { Irql::Passive } else { Irql::Dispatch };
    let enter = |call| Event::Enter { irql, call };
    let up = |upcall| Event::Upcall { irql, upcall };
    match selector % 48 {
        0 => enter(HandlerCall::CoActivateVc { vc }),
        1 => enter(HandlerCall::CoDeactivateVc { vc }),
        2 => enter(HandlerCall::CoSendNetBufferLists { vc, nbls: alloc::vec![nbl] }),
        3 => {
            enter(HandlerCall::CoOidRequest { vc: None, request: oid, buffer_len: usize::from(b) })
        }
        4 => enter(HandlerCall::ReturnNetBufferLists { nbls: alloc::vec![nbl] }),
        5 => enter(HandlerCall::Pause),
        6 => enter(HandlerCall::Restart),
        7 => enter(HandlerCall::ResetEx),
        8 => enter(HandlerCall::HaltEx),
        9 => enter(HandlerCall::CmCreateVc { af, vc }),
        10 => enter(HandlerCall::CmDeleteVc { vc }),
        11 => enter(HandlerCall::CmOpenAf { af }),
        12 => enter(HandlerCall::CmCloseAf { af }),
        13 => enter(HandlerCall::CmRegisterSap { af, sap }),
        14 => enter(HandlerCall::CmDeregisterSap { sap }),
        15 => enter(HandlerCall::CmMakeCall { vc, party: Some(party) }),
        16 => enter(HandlerCall::CmCloseCall { vc, party: None }),
        17 => enter(HandlerCall::CmIncomingCallComplete { status: st, vc }),
        18 => enter(HandlerCall::CmAddParty { vc, party }),
        19 => enter(HandlerCall::CmDropParty { party }),
        20 => enter(HandlerCall::CmModifyCallQoS { vc }),
        21 => enter(HandlerCall::CmOidRequest {
            af,
            vc: None,
            party: None,
            request: oid,
            buffer_len: usize::from(b),
        }),
        22 => enter(HandlerCall::CmOidRequestComplete { af, request: oid, status: st }),
        23 => enter(HandlerCall::CmNotifyCloseAfComplete { af, status: st }),
        24 => Event::Return(HandlerReturn::Status(st)),
        25 => Event::Return(HandlerReturn::Oid { status: st, bytes_written: u32::from(a) }),
        26 => Event::Return(HandlerReturn::Halt(if status & 8 == 0 {
            HaltProgress::Halted
        } else {
            HaltProgress::WaitForClients
        })),
        27 => Event::EnterContext { irql },
        28 => Event::ExitContext,
        29 => up(Upcall::CoActivateVcComplete { status: st, vc }),
        30 => up(Upcall::CoDeactivateVcComplete { status: st, vc }),
        31 => up(Upcall::CoSendNetBufferListsComplete {
            vc,
            completions: alloc::vec![SendCompletion { id: nbl, status: st }],
        }),
        32 => up(Upcall::CoIndicateReceiveNetBufferLists {
            vc,
            nbls: alloc::vec![(nbl, vc2)],
            resources: status & 8 != 0,
        }),
        33 => up(Upcall::CoOidRequestComplete {
            vc: None,
            request: oid,
            status: st,
            bytes_written: u32::from(b),
        }),
        34 => up(Upcall::CmCreateVc { af, result: if st.is_success() { Ok(vc) } else { Err(st) } }),
        35 => up(Upcall::CmDeleteVc { vc, result: st }),
        36 => up(Upcall::CmActivateVc { vc, result: st }),
        37 => up(Upcall::CmDeactivateVc { vc, result: st }),
        38 => up(Upcall::CmDispatchIncomingCall { sap, vc, result: st }),
        39 => up(Upcall::CmDispatchCallConnected { vc }),
        40 => up(Upcall::CmDispatchIncomingCloseCall { status: st, vc }),
        41 => up(Upcall::CmDispatchIncomingDropParty { status: st, party }),
        42 => up(Upcall::CmMakeCallComplete { status: st, vc, party: Some(party) }),
        43 => up(Upcall::CmCloseCallComplete { status: st, vc, party: None }),
        44 => up(Upcall::CmAddPartyComplete { status: st, party }),
        45 => up(Upcall::CmOpenAddressFamilyComplete { status: st, af }),
        46 => up(Upcall::CmNotifyCloseAddressFamily { af, result: st }),
        _ => up(Upcall::PauseComplete),
    }
}
