//! The CoNDIS contract checker: the host's stand-in for Driver Verifier, Static Driver
//! Verifier's NDIS rules and ndis.sys's own assertions (condis-reference.md §7).
//!
//! It consumes [`Event`]s — handler entries and returns reported by the harness, upcalls
//! reported by the host port — keeps a model of the adapter, the AFs, SAPs, VCs, parties,
//! outstanding NBLs, OID requests and pending operations, and records a typed [`Violation`]
//! for every rule broken. It never panics and never stops: after a violation it keeps the
//! most plausible state so later violations are still reported.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::fmt;

use super::event::{
    Event, HandlerCall, HandlerKind, HandlerReturn, IrqlRule, RegistrationDescription, Upcall,
    UpcallKind,
};
use crate::abi::registration::RegistrationError;
use crate::abi::NdisStatus;
use crate::boundary::pool::{Leak, PoolTag};
use crate::boundary::types::{
    HaltProgress, Irql, NblId, NdisAfHandle, NdisPartyHandle, NdisSapHandle, NdisVcHandle,
    OidRequestId,
};

/// The numbered invariants of condis-reference.md §7, plus the two extra rules of the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Invariant {
    /// 1. IRQL table.
    Irql,
    /// 2. One completion per PENDING, never PENDING, none after a synchronous return;
    ///    CmCreateVc/CmDeleteVc never pend.
    Completion,
    /// 3. VC state machine, deletion rules, data only while active.
    VcLifecycle,
    /// 4. Call ordering: MakeCallComplete after ActivateVc, incoming-call preconditions,
    ///    CallConnected after acceptance.
    CallOrder,
    /// 5. Parties: no IncomingDropParty for the last party; CloseCall passes the last party.
    Parties,
    /// 6. NBLs: completed once with a valid status, SourceHandle, nothing outstanding at
    ///    deactivate/pause/halt, returned NBLs were indicated.
    NetBufferLists,
    /// 7. Halt: AFs closed, no upcall after halt, allocations balanced.
    Halt,
    /// 8. Registration tables.
    Registration,
    /// MiniportPause returns only SUCCESS or PENDING.
    PauseStatus,
    /// OID completions: no double completion, BytesWritten ≤ buffer, only pending OIDs.
    OidCompletion,
}

impl Invariant {
    /// The §7 number (9 and 10 for the two extra rules).
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Invariant::Irql => 1,
            Invariant::Completion => 2,
            Invariant::VcLifecycle => 3,
            Invariant::CallOrder => 4,
            Invariant::Parties => 5,
            Invariant::NetBufferLists => 6,
            Invariant::Halt => 7,
            Invariant::Registration => 8,
            Invariant::PauseStatus => 9,
            Invariant::OidCompletion => 10,
        }
    }
}

/// Either side of the boundary, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// A handler.
    Handler(HandlerKind),
    /// An upcall.
    Upcall(UpcallKind),
}

/// An operation that completes asynchronously after a PENDING return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PendingOp {
    /// CmMakeCall → NdisMCmMakeCallComplete.
    MakeCall(NdisVcHandle),
    /// CmCloseCall → NdisMCmCloseCallComplete.
    CloseCall(NdisVcHandle),
    /// CmAddParty → NdisMCmAddPartyComplete.
    AddParty(NdisPartyHandle),
    /// CmDropParty → NdisMCmDropPartyComplete.
    DropParty(NdisPartyHandle),
    /// CmModifyCallQoS → NdisMCmModifyCallQoSComplete.
    ModifyCallQoS(NdisVcHandle),
    /// CmOpenAf → NdisMCmOpenAddressFamilyComplete.
    OpenAf(NdisAfHandle),
    /// CmCloseAf → NdisMCmCloseAddressFamilyComplete.
    CloseAf(NdisAfHandle),
    /// CmRegisterSap → NdisMCmRegisterSapComplete.
    RegisterSap(NdisSapHandle),
    /// CmDeregisterSap → NdisMCmDeregisterSapComplete.
    DeregisterSap(NdisSapHandle),
    /// MiniportCoActivateVc → NdisMCoActivateVcComplete.
    CoActivateVc(NdisVcHandle),
    /// MiniportCoDeactivateVc or NdisMCmDeactivateVc → NdisMCoDeactivateVcComplete.
    CoDeactivateVc(NdisVcHandle),
    /// MiniportCoOidRequest → NdisMCoOidRequestComplete.
    MiniportOid(OidRequestId),
    /// CmOidRequest → NdisMCmOidRequestComplete.
    CmOid(OidRequestId),
    /// NdisMCmOidRequest → CmOidRequestComplete (client side).
    ClientOid(OidRequestId),
    /// NdisMCmNotifyCloseAddressFamily → CmNotifyCloseAfComplete (client side).
    NotifyCloseAf(NdisAfHandle),
    /// MiniportPause → NdisMPauseComplete.
    Pause,
    /// MiniportRestart → NdisMRestartComplete.
    Restart,
    /// MiniportResetEx → NdisMResetComplete.
    Reset,
}

/// Who created a VC (only the creator deletes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Creator {
    /// A client (NdisCoCreateVc → CmCreateVc).
    Client,
    /// The MCM (NdisMCmCreateVc).
    Mcm,
}

/// §7 invariant 3's VC states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VcState {
    /// Created, never activated.
    Created,
    /// Activated (possibly re-activated with new parameters).
    Active,
    /// Deactivation pended.
    Deactivating,
    /// Deactivated; may be activated again for another call or deleted.
    Inactive,
}

/// The call on a VC, as the checker follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallState {
    /// No call.
    Idle,
    /// CmMakeCall accepted, completion outstanding.
    MakingCall,
    /// NdisMCmDispatchIncomingCall made, client's answer outstanding.
    IncomingDispatched,
    /// The client accepted (CmIncomingCallComplete SUCCESS); CallConnected outstanding.
    IncomingAccepted,
    /// The client rejected; the MCM deactivates and deletes the VC.
    IncomingRejected,
    /// Connected (MakeCallComplete SUCCESS or CallConnected).
    Connected,
    /// CmCloseCall received, completion outstanding.
    Closing,
}

/// The adapter's NDIS 6 state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdapterState {
    /// Running.
    Running,
    /// MiniportPause pended.
    Pausing,
    /// Paused.
    Paused,
    /// MiniportRestart pended.
    Restarting,
    /// MiniportHaltEx returned.
    Halted,
}

/// The point at which nothing may be outstanding (invariant 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrainPoint {
    /// The VC became inactive.
    Deactivate(NdisVcHandle),
    /// The adapter became paused.
    Pause,
    /// MiniportHaltEx returned.
    Halt,
    /// The end of a test run ([`ContractChecker::check_quiescent`]).
    Quiescent,
}

/// One broken rule: which invariant ([`Violation::invariant`]), which handle, what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A call at an IRQL its rule forbids (inv. 1).
    WrongIrql { call: Call, irql: Irql, rule: IrqlRule },
    /// An upcall claiming a lower IRQL than the handler or context it runs in (inv. 1).
    IrqlBelowCaller { call: UpcallKind, claimed: Irql, current: Irql },
    /// A completion carrying NDIS_STATUS_PENDING (inv. 2).
    CompletedWithPending { call: UpcallKind, op: Option<PendingOp> },
    /// A completion for an operation that is not pending: a second completion or one after a
    /// synchronous return (inv. 2, DoubleComplete).
    CompletionNotPending { call: Call, op: PendingOp },
    /// A handler completed its operation inside the call and then returned a final status
    /// instead of PENDING (inv. 2).
    CompletedThenReturnedStatus { op: PendingOp, status: NdisStatus },
    /// CmCreateVc or CmDeleteVc returned PENDING (inv. 2).
    MustNotPend { handler: HandlerKind },
    /// A second PENDING for an operation already pending (inv. 2).
    AlreadyPending { op: PendingOp },
    /// A pended operation never completed by halt (inv. 2).
    PendingAtHalt { op: PendingOp },
    /// A pended operation not completed when the test declared the system quiescent.
    StillPending { op: PendingOp },
    /// A VC handle the checker does not know (never created, or deleted) (inv. 3).
    UnknownVc { vc: NdisVcHandle, call: Call },
    /// A VC handle reused while still alive (inv. 3).
    VcHandleReused { vc: NdisVcHandle },
    /// An activation or deactivation not allowed from the VC's state (inv. 3).
    IllegalVcTransition { vc: NdisVcHandle, from: VcState, call: Call },
    /// A VC deleted while not inactive (inv. 3).
    DeleteWhileActive { vc: NdisVcHandle, state: VcState, call: Call },
    /// A VC deleted while a call is on it (inv. 3).
    DeleteWithCall { vc: NdisVcHandle, call_state: CallState, call: Call },
    /// A VC deleted by who did not create it (inv. 3).
    DeleteByNonCreator { vc: NdisVcHandle, creator: Creator, call: Call },
    /// A receive indicated on a VC that is not active (inv. 3).
    DataWhileNotActive { vc: NdisVcHandle, state: VcState },
    /// NdisMCmCloseCallComplete(SUCCESS) while the VC is still active (§4: deactivate first).
    CloseCompleteWhileActive { vc: NdisVcHandle },
    /// NdisMCmMakeCallComplete(SUCCESS) (or a synchronous SUCCESS) before NdisMCmActivateVc
    /// on the VC (inv. 4).
    MakeCallCompleteBeforeActivate { vc: NdisVcHandle, state: VcState },
    /// NdisMCmDispatchIncomingCall on a SAP that is not registered (inv. 4).
    IncomingCallOnUnregisteredSap { sap: NdisSapHandle, vc: NdisVcHandle },
    /// NdisMCmDispatchIncomingCall on a VC not created by the MCM and activated (inv. 4).
    IncomingCallVcNotReady { vc: NdisVcHandle, creator: Creator, state: VcState },
    /// NdisMCmDispatchCallConnected without an accepting CmIncomingCallComplete (inv. 4).
    CallConnectedWithoutAccept { vc: NdisVcHandle, call_state: CallState },
    /// A call operation on a VC in the wrong call state (e.g. CloseCall with no call,
    /// MakeCall with a call already on it) (inv. 4).
    WrongCallState { vc: NdisVcHandle, call_state: CallState, call: Call },
    /// An unknown or dead party handle (inv. 5).
    UnknownParty { party: NdisPartyHandle, call: Call },
    /// A drop (IncomingDropParty or CmDropParty) of the last party of a call (inv. 5).
    DropLastParty { vc: NdisVcHandle, party: NdisPartyHandle, call: Call },
    /// CmCloseCall with more than one party left, or not passing the last party (inv. 5).
    CloseCallNotLastParty { vc: NdisVcHandle, party: Option<NdisPartyHandle>, remaining: usize },
    /// A send completion for an NBL that is not outstanding (twice, or never sent) (inv. 6).
    SendCompletionNotOutstanding { vc: NdisVcHandle, nbl: NblId },
    /// A send completion on another VC than the send (inv. 6).
    SendCompletedOnWrongVc { nbl: NblId, sent_on: NdisVcHandle, completed_on: NdisVcHandle },
    /// A send accepted while its VC was not active or the adapter not running, completed
    /// with SUCCESS: data only while active (inv. 3), sends rejected while paused (§4).
    SendSucceededWithoutActiveVc { vc: NdisVcHandle, nbl: NblId },
    /// A send completed with PENDING (inv. 6).
    SendCompletedWithPending { nbl: NblId },
    /// An indicated NBL whose SourceHandle is not the VC (inv. 6).
    WrongSourceHandle { nbl: NblId, vc: NdisVcHandle, source: NdisVcHandle },
    /// An NBL handed over while the same NBL is still outstanding (inv. 6).
    NblInUse { nbl: NblId },
    /// ReturnNetBufferLists for an NBL that is not indicated (inv. 6).
    ReturnedNotIndicated { nbl: NblId },
    /// A receive indicated while the adapter is paused (§4 "Pause") (inv. 6).
    ReceiveWhilePaused { vc: NdisVcHandle },
    /// NBLs still outstanding at a drain point (inv. 6).
    OutstandingAt { point: DrainPoint, sends: usize, receives: usize },
    /// An AF still open when MiniportHaltEx returned (inv. 7).
    AfOpenAtHalt { af: NdisAfHandle },
    /// A VC still alive when MiniportHaltEx returned (inv. 7).
    VcAtHalt { vc: NdisVcHandle },
    /// An upcall after MiniportHaltEx returned (inv. 7).
    UpcallAfterHalt { call: UpcallKind },
    /// A handler call after MiniportHaltEx returned (NDIS-side misuse, reported under 7).
    HandlerAfterHalt { call: HandlerKind },
    /// Allocations outstanding at halt (inv. 7, Pool Tracking).
    Leak { tag: PoolTag, count: u64, bytes: u64 },
    /// A registration table is wrong (inv. 8).
    Registration(RegistrationError),
    /// MiniportPause returned something other than SUCCESS or PENDING.
    PauseStatus { status: NdisStatus },
    /// MiniportPause or MiniportRestart in the wrong adapter state.
    IllegalAdapterTransition { from: AdapterState, call: Call },
    /// BytesWritten larger than the request's buffer (bug check 0x7C/0x1D).
    OidBytesWrittenTooLarge { request: OidRequestId, written: u32, buffer_len: usize },
    /// An OID request id handed over while the same request is pending.
    OidRequestReused { request: OidRequestId },
    /// CmCloseAf succeeded while SAPs or calls remain on the AF (§2: PENDING or NOT_ACCEPTED;
    /// §4: client close of an AF requires no calls or SAPs).
    AfClosedWithCallsOrSaps { af: NdisAfHandle, saps: usize, calls: usize },
    /// An unknown or closed AF handle.
    UnknownAf { af: NdisAfHandle, call: Call },
    /// An unknown or deregistered SAP handle.
    UnknownSap { sap: NdisSapHandle, call: Call },
    /// A handler return with no handler on the stack (or an ExitContext without a context).
    UnbalancedReturn,
}

impl Violation {
    /// The invariant the violation breaks.
    #[must_use]
    pub fn invariant(&self) -> Invariant {
        use Violation as V;
        match self {
            V::WrongIrql { .. } | V::IrqlBelowCaller { .. } => Invariant::Irql,
            V::CompletedWithPending { .. }
            | V::CompletionNotPending { .. }
            | V::CompletedThenReturnedStatus { .. }
            | V::MustNotPend { .. }
            | V::AlreadyPending { .. }
            | V::PendingAtHalt { .. }
            | V::StillPending { .. }
            | V::UnbalancedReturn => Invariant::Completion,
            V::UnknownVc { .. }
            | V::VcHandleReused { .. }
            | V::IllegalVcTransition { .. }
            | V::DeleteWhileActive { .. }
            | V::DeleteWithCall { .. }
            | V::DeleteByNonCreator { .. }
            | V::DataWhileNotActive { .. }
            | V::SendSucceededWithoutActiveVc { .. }
            | V::CloseCompleteWhileActive { .. } => Invariant::VcLifecycle,
            V::MakeCallCompleteBeforeActivate { .. }
            | V::IncomingCallOnUnregisteredSap { .. }
            | V::IncomingCallVcNotReady { .. }
            | V::CallConnectedWithoutAccept { .. }
            | V::WrongCallState { .. }
            | V::UnknownAf { .. }
            | V::AfClosedWithCallsOrSaps { .. }
            | V::UnknownSap { .. } => Invariant::CallOrder,
            V::UnknownParty { .. } | V::DropLastParty { .. } | V::CloseCallNotLastParty { .. } => {
                Invariant::Parties
            }
            V::SendCompletionNotOutstanding { .. }
            | V::SendCompletedOnWrongVc { .. }
            | V::SendCompletedWithPending { .. }
            | V::WrongSourceHandle { .. }
            | V::NblInUse { .. }
            | V::ReturnedNotIndicated { .. }
            | V::ReceiveWhilePaused { .. }
            | V::OutstandingAt { .. } => Invariant::NetBufferLists,
            V::AfOpenAtHalt { .. }
            | V::VcAtHalt { .. }
            | V::UpcallAfterHalt { .. }
            | V::HandlerAfterHalt { .. }
            | V::Leak { .. } => Invariant::Halt,
            V::Registration(_) => Invariant::Registration,
            V::PauseStatus { .. } | V::IllegalAdapterTransition { .. } => Invariant::PauseStatus,
            V::OidBytesWrittenTooLarge { .. } | V::OidRequestReused { .. } => {
                Invariant::OidCompletion
            }
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "condis-reference §7 invariant {}: {:?}", self.invariant().number(), self)
    }
}

#[derive(Debug, Clone)]
struct VcRecord {
    creator: Creator,
    /// The AF the VC was created on.
    af: NdisAfHandle,
    state: VcState,
    call: CallState,
    /// The party CmMakeCall named, until the call completes.
    first_party: Option<NdisPartyHandle>,
    /// The call state CmCloseCall found, restored if the close fails.
    before_close: CallState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfState {
    Opening,
    Open,
    Closing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SapState {
    Registering,
    Registered,
    Deregistering,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartyState {
    Adding,
    Member,
    Dropping,
}

#[derive(Debug, Clone, Copy)]
struct PartyRecord {
    vc: NdisVcHandle,
    state: PartyState,
}

#[derive(Debug, Clone)]
struct Frame {
    /// `None` for a DPC/timer context.
    call: Option<HandlerCall>,
    irql: Irql,
    op: Option<PendingOp>,
    completed_inside: bool,
}

/// Bound on stored violations; more are counted in [`ContractChecker::dropped`].
pub const MAX_VIOLATIONS: usize = 256;

/// The checker. Feed it with [`ContractChecker::on_event`]; read
/// [`ContractChecker::violations`].
#[derive(Debug)]
pub struct ContractChecker {
    stack: Vec<Frame>,
    pending: BTreeSet<PendingOp>,
    vcs: BTreeMap<NdisVcHandle, VcRecord>,
    afs: BTreeMap<NdisAfHandle, AfState>,
    saps: BTreeMap<NdisSapHandle, SapState>,
    /// The AF each SAP was registered on.
    sap_af: BTreeMap<NdisSapHandle, NdisAfHandle>,
    parties: BTreeMap<NdisPartyHandle, PartyRecord>,
    /// Pending OID requests (MiniportCoOidRequest / CmOidRequest) and their buffer length.
    oids: BTreeMap<OidRequestId, usize>,
    /// Outstanding sends: the VC and whether it could carry data when the NBL arrived.
    sends: BTreeMap<NblId, (NdisVcHandle, bool)>,
    receives: BTreeMap<NblId, NdisVcHandle>,
    adapter: AdapterState,
    violations: Vec<Violation>,
    dropped: usize,
}

impl Default for ContractChecker {
    fn default() -> Self {
        Self::new()
    }
}

impl ContractChecker {
    /// A checker for a freshly initialized, running adapter.
    #[must_use]
    pub fn new() -> Self {
        ContractChecker {
            stack: Vec::new(),
            pending: BTreeSet::new(),
            vcs: BTreeMap::new(),
            afs: BTreeMap::new(),
            saps: BTreeMap::new(),
            sap_af: BTreeMap::new(),
            parties: BTreeMap::new(),
            oids: BTreeMap::new(),
            sends: BTreeMap::new(),
            receives: BTreeMap::new(),
            adapter: AdapterState::Running,
            violations: Vec::new(),
            dropped: 0,
        }
    }

    /// Every violation seen so far (at most [`MAX_VIOLATIONS`]).
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Violations not stored because the list was full.
    #[must_use]
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The adapter's state.
    #[must_use]
    pub fn adapter_state(&self) -> AdapterState {
        self.adapter
    }

    /// A VC's state, `None` if unknown or deleted.
    #[must_use]
    pub fn vc_state(&self, vc: NdisVcHandle) -> Option<VcState> {
        self.vcs.get(&vc).map(|r| r.state)
    }

    /// The call state on a VC.
    #[must_use]
    pub fn call_state(&self, vc: NdisVcHandle) -> Option<CallState> {
        self.vcs.get(&vc).map(|r| r.call)
    }

    /// Whether `op` is pending.
    #[must_use]
    pub fn is_pending(&self, op: PendingOp) -> bool {
        self.pending.contains(&op)
    }

    /// Outstanding (sent, not completed) and indicated (not returned) NBLs.
    #[must_use]
    pub fn outstanding_nbls(&self) -> (usize, usize) {
        (self.sends.len(), self.receives.len())
    }

    /// The IRQL of the innermost handler or context, if any.
    #[must_use]
    pub fn current_irql(&self) -> Option<Irql> {
        self.stack.last().map(|f| f.irql)
    }

    fn violate(&mut self, v: Violation) {
        if self.violations.len() < MAX_VIOLATIONS {
            self.violations.push(v);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Feeds one event.
    pub fn on_event(&mut self, event: &Event) {
        match event {
            Event::Enter { irql, call } => self.enter(*irql, call),
            Event::Return(ret) => self.returned(*ret),
            Event::Upcall { irql, upcall } => self.upcall(*irql, upcall),
            Event::EnterContext { irql } => {
                let irql = self.current_irql().map_or(*irql, |c| c.max(*irql));
                self.stack.push(Frame { call: None, irql, op: None, completed_inside: false });
            }
            Event::ExitContext => match self.stack.last() {
                Some(Frame { call: None, .. }) => {
                    self.stack.pop();
                }
                _ => self.violate(Violation::UnbalancedReturn),
            },
            Event::Registration(desc) => self.registration(desc),
            Event::AllocationsAtHalt(leaks) => self.leaks(leaks),
            Event::Quiescent => self.check_quiescent(),
        }
    }

    /// Checks the registration tables (invariant 8).
    pub fn registration(&mut self, desc: &RegistrationDescription) {
        if let Err(e) = desc.co.check() {
            self.violate(Violation::Registration(e));
        }
        if let Err(e) = desc.cm.check(desc.co.co_oid_request()) {
            self.violate(Violation::Registration(e));
        }
    }

    /// Declares the system idle (end of a scenario, after every DPC ran): every pended
    /// operation must have completed and no NBL may be outstanding. Records
    /// [`Violation::StillPending`] / [`Violation::OutstandingAt`]`{ point: Quiescent, .. }`.
    pub fn check_quiescent(&mut self) {
        let pending: Vec<PendingOp> = self.pending.iter().copied().collect();
        for op in pending {
            self.violate(Violation::StillPending { op });
        }
        self.drain_check(DrainPoint::Quiescent, None);
    }

    /// Reports the pool's outstanding allocations after halt (invariant 7).
    pub fn leaks(&mut self, leaks: &[Leak]) {
        for l in leaks {
            self.violate(Violation::Leak { tag: l.tag, count: l.count, bytes: l.bytes });
        }
    }

    // ---- handler entry -------------------------------------------------------------------

    fn enter(&mut self, irql: Irql, call: &HandlerCall) {
        let kind = call.kind();
        let me = Call::Handler(kind);
        if self.adapter == AdapterState::Halted {
            self.violate(Violation::HandlerAfterHalt { call: kind });
        }
        let rule = kind.irql_rule();
        if !rule.allows(irql) {
            self.violate(Violation::WrongIrql { call: me, irql, rule });
        }
        let mut op = None;
        match call {
            HandlerCall::CoActivateVc { vc } => {
                self.known_vc(*vc, me);
                op = Some(PendingOp::CoActivateVc(*vc));
            }
            HandlerCall::CoDeactivateVc { vc } => {
                match self.vc_state(*vc) {
                    Some(VcState::Active) => {}
                    Some(from) => {
                        self.violate(Violation::IllegalVcTransition { vc: *vc, from, call: me });
                    }
                    None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
                }
                op = Some(PendingOp::CoDeactivateVc(*vc));
            }
            HandlerCall::CoSendNetBufferLists { vc, nbls } => {
                for &nbl in nbls {
                    if self.sends.contains_key(&nbl) || self.receives.contains_key(&nbl) {
                        self.violate(Violation::NblInUse { nbl });
                    } else {
                        let can_send = self.vc_state(*vc) == Some(VcState::Active)
                            && self.adapter == AdapterState::Running;
                        self.sends.insert(nbl, (*vc, can_send));
                    }
                }
            }
            HandlerCall::CoOidRequest { request, buffer_len, .. } => {
                self.new_oid(*request, *buffer_len);
                op = Some(PendingOp::MiniportOid(*request));
            }
            HandlerCall::CmOidRequest { af, request, buffer_len, .. } => {
                self.known_af(*af, me);
                self.new_oid(*request, *buffer_len);
                op = Some(PendingOp::CmOid(*request));
            }
            HandlerCall::ReturnNetBufferLists { nbls } => {
                for &nbl in nbls {
                    if self.receives.remove(&nbl).is_none() {
                        self.violate(Violation::ReturnedNotIndicated { nbl });
                    }
                }
            }
            HandlerCall::Pause => {
                if self.adapter != AdapterState::Running {
                    self.violate(Violation::IllegalAdapterTransition {
                        from: self.adapter,
                        call: me,
                    });
                }
                self.adapter = AdapterState::Pausing;
                op = Some(PendingOp::Pause);
            }
            HandlerCall::Restart => {
                if self.adapter != AdapterState::Paused {
                    self.violate(Violation::IllegalAdapterTransition {
                        from: self.adapter,
                        call: me,
                    });
                }
                self.adapter = AdapterState::Restarting;
                op = Some(PendingOp::Restart);
            }
            HandlerCall::ResetEx => op = Some(PendingOp::Reset),
            HandlerCall::HaltEx
            | HandlerCall::CancelSend { .. }
            | HandlerCall::CancelOidRequest { .. }
            | HandlerCall::CheckForHangEx
            | HandlerCall::CmActivateVcComplete { .. }
            | HandlerCall::CmDeactivateVcComplete { .. } => {}
            HandlerCall::CmCreateVc { af, vc } => {
                self.known_af(*af, me);
                if self.vcs.contains_key(vc) {
                    self.violate(Violation::VcHandleReused { vc: *vc });
                } else {
                    self.vcs.insert(
                        *vc,
                        VcRecord {
                            creator: Creator::Client,
                            af: *af,
                            state: VcState::Created,
                            call: CallState::Idle,
                            first_party: None,
                            before_close: CallState::Idle,
                        },
                    );
                }
            }
            HandlerCall::CmDeleteVc { vc } => {
                self.known_vc(*vc, me);
            }
            HandlerCall::CmOpenAf { af } => {
                self.afs.insert(*af, AfState::Opening);
                op = Some(PendingOp::OpenAf(*af));
            }
            HandlerCall::CmCloseAf { af } => {
                if self.afs.contains_key(af) {
                    self.afs.insert(*af, AfState::Closing);
                } else {
                    self.violate(Violation::UnknownAf { af: *af, call: me });
                }
                op = Some(PendingOp::CloseAf(*af));
            }
            HandlerCall::CmRegisterSap { af, sap } => {
                self.known_af(*af, me);
                self.saps.insert(*sap, SapState::Registering);
                self.sap_af.insert(*sap, *af);
                op = Some(PendingOp::RegisterSap(*sap));
            }
            HandlerCall::CmDeregisterSap { sap } => {
                if self.saps.get(sap) == Some(&SapState::Registered) {
                    self.saps.insert(*sap, SapState::Deregistering);
                } else {
                    self.violate(Violation::UnknownSap { sap: *sap, call: me });
                }
                op = Some(PendingOp::DeregisterSap(*sap));
            }
            HandlerCall::CmMakeCall { vc, party } => {
                let mut wrong = None;
                if let Some(r) = self.vcs.get_mut(vc) {
                    if r.call == CallState::Idle {
                        r.call = CallState::MakingCall;
                        r.first_party = *party;
                    } else {
                        wrong = Some(r.call);
                    }
                } else {
                    self.violate(Violation::UnknownVc { vc: *vc, call: me });
                }
                if let Some(call_state) = wrong {
                    self.violate(Violation::WrongCallState { vc: *vc, call_state, call: me });
                }
                if let Some(p) = party {
                    self.parties.insert(*p, PartyRecord { vc: *vc, state: PartyState::Adding });
                }
                op = Some(PendingOp::MakeCall(*vc));
            }
            HandlerCall::CmCloseCall { vc, party } => {
                self.close_call(*vc, *party, me);
                op = Some(PendingOp::CloseCall(*vc));
            }
            HandlerCall::CmIncomingCallComplete { status, vc } => match self.vcs.get_mut(vc) {
                Some(r) if r.call == CallState::IncomingDispatched => {
                    r.call = if status.is_success() {
                        CallState::IncomingAccepted
                    } else {
                        CallState::IncomingRejected
                    };
                }
                Some(r) => {
                    let call_state = r.call;
                    self.violate(Violation::WrongCallState { vc: *vc, call_state, call: me });
                }
                None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
            },
            HandlerCall::CmAddParty { vc, party } => {
                self.connected_call(*vc, me);
                self.parties.insert(*party, PartyRecord { vc: *vc, state: PartyState::Adding });
                op = Some(PendingOp::AddParty(*party));
            }
            HandlerCall::CmDropParty { party } => {
                self.drop_party(*party, me);
                if let Some(p) = self.parties.get_mut(party) {
                    p.state = PartyState::Dropping;
                }
                op = Some(PendingOp::DropParty(*party));
            }
            HandlerCall::CmModifyCallQoS { vc } => {
                self.connected_call(*vc, me);
                op = Some(PendingOp::ModifyCallQoS(*vc));
            }
            HandlerCall::CmOidRequestComplete { request, status, .. } => {
                self.complete(PendingOp::ClientOid(*request), *status, me);
            }
            HandlerCall::CmNotifyCloseAfComplete { af, status } => {
                self.complete(PendingOp::NotifyCloseAf(*af), *status, me);
            }
        }
        let irql = self.current_irql().map_or(irql, |c| c.max(irql));
        self.stack.push(Frame { call: Some(call.clone()), irql, op, completed_inside: false });
    }

    fn new_oid(&mut self, request: OidRequestId, buffer_len: usize) {
        if self.oids.insert(request, buffer_len).is_some() {
            self.violate(Violation::OidRequestReused { request });
        }
    }

    fn known_vc(&mut self, vc: NdisVcHandle, call: Call) -> bool {
        let known = self.vcs.contains_key(&vc);
        if !known {
            self.violate(Violation::UnknownVc { vc, call });
        }
        known
    }

    fn known_af(&mut self, af: NdisAfHandle, call: Call) {
        if self.afs.get(&af) != Some(&AfState::Open) {
            self.violate(Violation::UnknownAf { af, call });
        }
    }

    fn connected_call(&mut self, vc: NdisVcHandle, call: Call) {
        match self.vcs.get(&vc) {
            Some(r) if r.call == CallState::Connected => {}
            Some(r) => {
                let call_state = r.call;
                self.violate(Violation::WrongCallState { vc, call_state, call });
            }
            None => self.violate(Violation::UnknownVc { vc, call }),
        }
    }

    fn members(&self, vc: NdisVcHandle) -> impl Iterator<Item = NdisPartyHandle> + '_ {
        self.parties
            .iter()
            .filter(move |(_, p)| p.vc == vc && p.state != PartyState::Adding)
            .map(|(h, _)| *h)
    }

    /// A party drop (client's CmDropParty or the MCM's IncomingDropParty): never the last.
    fn drop_party(&mut self, party: NdisPartyHandle, call: Call) {
        let Some(rec) = self.parties.get(&party).copied() else {
            self.violate(Violation::UnknownParty { party, call });
            return;
        };
        if rec.state != PartyState::Member {
            self.violate(Violation::UnknownParty { party, call });
            return;
        }
        let others = self.members(rec.vc).filter(|p| *p != party).count();
        if others == 0 {
            self.violate(Violation::DropLastParty { vc: rec.vc, party, call });
        }
    }

    fn close_call(&mut self, vc: NdisVcHandle, party: Option<NdisPartyHandle>, call: Call) {
        let state = match self.vcs.get(&vc) {
            Some(r) => r.call,
            None => {
                self.violate(Violation::UnknownVc { vc, call });
                return;
            }
        };
        match state {
            CallState::Connected | CallState::MakingCall | CallState::IncomingAccepted => {}
            call_state => self.violate(Violation::WrongCallState { vc, call_state, call }),
        }
        let members: Vec<NdisPartyHandle> = self.members(vc).collect();
        let last_passed = match (members.as_slice(), party) {
            ([], None) => true,
            ([only], Some(p)) => *only == p,
            _ => false,
        };
        if !last_passed {
            self.violate(Violation::CloseCallNotLastParty { vc, party, remaining: members.len() });
        }
        if let Some(r) = self.vcs.get_mut(&vc) {
            r.before_close = r.call;
            r.call = CallState::Closing;
        }
    }

    // ---- handler return ------------------------------------------------------------------

    fn returned(&mut self, ret: HandlerReturn) {
        let Some(frame) = self.stack.pop() else {
            self.violate(Violation::UnbalancedReturn);
            return;
        };
        let Some(call) = frame.call else {
            self.violate(Violation::UnbalancedReturn);
            return;
        };
        let kind = call.kind();
        let status = match ret {
            HandlerReturn::Status(s) | HandlerReturn::Oid { status: s, .. } => Some(s),
            HandlerReturn::Void | HandlerReturn::Halt(_) => None,
        };
        if let HandlerReturn::Oid { bytes_written, .. } = ret {
            let request = match call {
                HandlerCall::CoOidRequest { request, .. }
                | HandlerCall::CmOidRequest { request, .. } => Some(request),
                _ => None,
            };
            if let (Some(request), Some(false)) = (request, status.map(NdisStatus::is_pending)) {
                self.check_bytes_written(request, bytes_written);
            }
        }
        match (kind, status) {
            (HandlerKind::CmCreateVc, Some(s)) | (HandlerKind::CmDeleteVc, Some(s))
                if s.is_pending() =>
            {
                self.violate(Violation::MustNotPend { handler: kind });
            }
            (HandlerKind::Pause, Some(s)) if !s.is_success() && !s.is_pending() => {
                self.violate(Violation::PauseStatus { status: s });
            }
            _ => {}
        }
        match call {
            // The client's VC creation failed: the handle dies with it.
            HandlerCall::CmCreateVc { vc, .. } if !status.is_some_and(NdisStatus::is_success) => {
                self.vcs.remove(&vc);
            }
            HandlerCall::CmDeleteVc { vc } if status.is_some_and(NdisStatus::is_success) => {
                self.delete_vc(vc, Creator::Client, Call::Handler(kind), true);
            }
            HandlerCall::HaltEx if ret == HandlerReturn::Halt(HaltProgress::Halted) => {
                self.halted();
            }
            _ => {}
        }
        if let (Some(op), Some(status)) = (frame.op, status) {
            match (status.is_pending(), frame.completed_inside) {
                (true, true) => {}
                (true, false) => {
                    if !self.pending.insert(op) {
                        self.violate(Violation::AlreadyPending { op });
                    }
                    if let PendingOp::CoDeactivateVc(vc) = op {
                        if let Some(r) = self.vcs.get_mut(&vc) {
                            r.state = VcState::Deactivating;
                        }
                    }
                }
                (false, true) => {
                    self.violate(Violation::CompletedThenReturnedStatus { op, status });
                }
                (false, false) => self.finish(op, status, Call::Handler(kind)),
            }
        }
    }

    fn check_bytes_written(&mut self, request: OidRequestId, written: u32) {
        if let Some(buffer_len) = self.oids.remove(&request) {
            if written as usize > buffer_len {
                self.violate(Violation::OidBytesWrittenTooLarge { request, written, buffer_len });
            }
        }
    }

    /// Checks a deletion by `by`; `done` says whether it took effect.
    fn delete_vc(&mut self, vc: NdisVcHandle, by: Creator, call: Call, done: bool) {
        let Some(r) = self.vcs.get(&vc).cloned() else {
            self.violate(Violation::UnknownVc { vc, call });
            return;
        };
        if r.creator != by {
            self.violate(Violation::DeleteByNonCreator { vc, creator: r.creator, call });
        }
        if !matches!(r.state, VcState::Created | VcState::Inactive) {
            self.violate(Violation::DeleteWhileActive { vc, state: r.state, call });
        }
        if !matches!(r.call, CallState::Idle | CallState::IncomingRejected) {
            self.violate(Violation::DeleteWithCall { vc, call_state: r.call, call });
        }
        if done {
            self.vcs.remove(&vc);
            self.parties.retain(|_, p| p.vc != vc);
        }
    }

    fn halted(&mut self) {
        let afs: Vec<NdisAfHandle> = self.afs.keys().copied().collect();
        for af in afs {
            self.violate(Violation::AfOpenAtHalt { af });
        }
        let vcs: Vec<NdisVcHandle> = self.vcs.keys().copied().collect();
        for vc in vcs {
            self.violate(Violation::VcAtHalt { vc });
        }
        self.drain_check(DrainPoint::Halt, None);
        let pending: Vec<PendingOp> = self.pending.iter().copied().collect();
        for op in pending {
            self.violate(Violation::PendingAtHalt { op });
        }
        self.adapter = AdapterState::Halted;
    }

    fn drain_check(&mut self, point: DrainPoint, vc: Option<NdisVcHandle>) {
        let on = |v: &NdisVcHandle| vc.is_none_or(|x| x == *v);
        let sends = self.sends.values().filter(|(v, _)| on(v)).count();
        let receives = self.receives.values().filter(|v| on(v)).count();
        if sends != 0 || receives != 0 {
            self.violate(Violation::OutstandingAt { point, sends, receives });
        }
    }

    // ---- completions ---------------------------------------------------------------------

    /// A completion of `op` with `status`, from an upcall or (client side) a handler.
    fn complete(&mut self, op: PendingOp, status: NdisStatus, call: Call) {
        if status.is_pending() {
            if let Call::Upcall(u) = call {
                self.violate(Violation::CompletedWithPending { call: u, op: Some(op) });
            }
            return;
        }
        if self.pending.remove(&op) {
            self.finish(op, status, call);
            return;
        }
        // Completion from inside the handler that is about to return PENDING.
        let inside = self.stack.iter_mut().rev().find(|f| f.op == Some(op) && !f.completed_inside);
        if let Some(frame) = inside {
            frame.completed_inside = true;
            self.finish(op, status, call);
            return;
        }
        self.violate(Violation::CompletionNotPending { call, op });
    }

    /// The effect of a finished operation (synchronous return or completion).
    fn finish(&mut self, op: PendingOp, status: NdisStatus, call: Call) {
        let ok = status.is_success();
        match op {
            PendingOp::MakeCall(vc) => {
                let Some(r) = self.vcs.get(&vc).cloned() else { return };
                if ok && r.state != VcState::Active {
                    self.violate(Violation::MakeCallCompleteBeforeActivate { vc, state: r.state });
                }
                if let Some(p) = r.first_party {
                    if ok {
                        self.set_party(p, PartyState::Member);
                    } else {
                        self.parties.remove(&p);
                    }
                }
                if let Some(r) = self.vcs.get_mut(&vc) {
                    r.call = if ok { CallState::Connected } else { CallState::Idle };
                    r.first_party = None;
                }
            }
            PendingOp::CloseCall(vc) => {
                if self.vc_state(vc) == Some(VcState::Active) && ok {
                    self.violate(Violation::CloseCompleteWhileActive { vc });
                }
                if !ok {
                    // A refused close (e.g. unsupported CloseData) leaves the call as it was.
                    if let Some(r) = self.vcs.get_mut(&vc) {
                        r.call = r.before_close;
                    }
                    return;
                }
                if let Some(r) = self.vcs.get_mut(&vc) {
                    r.call = CallState::Idle;
                }
                self.parties.retain(|_, p| p.vc != vc);
            }
            PendingOp::AddParty(p) => {
                if ok {
                    self.set_party(p, PartyState::Member);
                } else {
                    self.parties.remove(&p);
                }
            }
            PendingOp::DropParty(p) => {
                if ok {
                    self.parties.remove(&p);
                } else {
                    self.set_party(p, PartyState::Member);
                }
            }
            PendingOp::OpenAf(af) => {
                if ok {
                    self.afs.insert(af, AfState::Open);
                } else {
                    self.afs.remove(&af);
                }
            }
            PendingOp::CloseAf(af) => {
                if ok {
                    let saps =
                        self.saps.keys().filter(|sap| self.sap_af.get(sap) == Some(&af)).count();
                    let calls = self
                        .vcs
                        .values()
                        .filter(|r| r.af == af && r.call != CallState::Idle)
                        .count();
                    if saps != 0 || calls != 0 {
                        self.violate(Violation::AfClosedWithCallsOrSaps { af, saps, calls });
                    }
                    self.afs.remove(&af);
                } else if self.afs.contains_key(&af) {
                    self.afs.insert(af, AfState::Open);
                }
            }
            PendingOp::RegisterSap(sap) => {
                if ok {
                    self.saps.insert(sap, SapState::Registered);
                } else {
                    self.saps.remove(&sap);
                }
            }
            PendingOp::DeregisterSap(sap) => {
                if ok {
                    self.saps.remove(&sap);
                } else if self.saps.contains_key(&sap) {
                    self.saps.insert(sap, SapState::Registered);
                }
            }
            PendingOp::CoActivateVc(vc) => {
                if ok {
                    self.activate(vc, call);
                }
            }
            PendingOp::CoDeactivateVc(vc) => self.deactivated(vc),
            PendingOp::Pause => {
                self.adapter = AdapterState::Paused;
                self.drain_check(DrainPoint::Pause, None);
            }
            PendingOp::Restart => {
                self.adapter = if ok { AdapterState::Running } else { AdapterState::Paused };
            }
            PendingOp::MiniportOid(req) | PendingOp::CmOid(req) => {
                self.oids.remove(&req);
            }
            PendingOp::ModifyCallQoS(_)
            | PendingOp::ClientOid(_)
            | PendingOp::NotifyCloseAf(_)
            | PendingOp::Reset => {}
        }
    }

    fn set_party(&mut self, p: NdisPartyHandle, state: PartyState) {
        if let Some(r) = self.parties.get_mut(&p) {
            r.state = state;
        }
    }

    fn activate(&mut self, vc: NdisVcHandle, call: Call) {
        let Some(r) = self.vcs.get_mut(&vc) else {
            self.violate(Violation::UnknownVc { vc, call });
            return;
        };
        match r.state {
            VcState::Created | VcState::Active | VcState::Inactive => r.state = VcState::Active,
            from @ VcState::Deactivating => {
                self.violate(Violation::IllegalVcTransition { vc, from, call });
            }
        }
    }

    fn deactivated(&mut self, vc: NdisVcHandle) {
        self.drain_check(DrainPoint::Deactivate(vc), Some(vc));
        if let Some(r) = self.vcs.get_mut(&vc) {
            r.state = VcState::Inactive;
        }
    }

    // ---- upcalls -------------------------------------------------------------------------

    fn upcall(&mut self, irql: Irql, up: &Upcall) {
        let kind = up.kind();
        let me = Call::Upcall(kind);
        if self.adapter == AdapterState::Halted {
            self.violate(Violation::UpcallAfterHalt { call: kind });
            return;
        }
        let rule = kind.irql_rule();
        if !rule.allows(irql) {
            self.violate(Violation::WrongIrql { call: me, irql, rule });
        }
        if let Some(current) = self.current_irql() {
            if irql < current {
                self.violate(Violation::IrqlBelowCaller { call: kind, claimed: irql, current });
            }
        }
        match up {
            Upcall::CoActivateVcComplete { status, vc } => {
                self.complete(PendingOp::CoActivateVc(*vc), *status, me);
            }
            Upcall::CoDeactivateVcComplete { status, vc } => {
                self.complete(PendingOp::CoDeactivateVc(*vc), *status, me);
            }
            Upcall::CoSendNetBufferListsComplete { vc, completions } => {
                for c in completions {
                    if c.status.is_pending() {
                        self.violate(Violation::SendCompletedWithPending { nbl: c.id });
                    }
                    match self.sends.remove(&c.id) {
                        None => self.violate(Violation::SendCompletionNotOutstanding {
                            vc: *vc,
                            nbl: c.id,
                        }),
                        Some((sent_on, _)) if sent_on != *vc => {
                            self.violate(Violation::SendCompletedOnWrongVc {
                                nbl: c.id,
                                sent_on,
                                completed_on: *vc,
                            });
                        }
                        Some((_, false)) if c.status.is_success() => {
                            self.violate(Violation::SendSucceededWithoutActiveVc {
                                vc: *vc,
                                nbl: c.id,
                            });
                        }
                        Some(_) => {}
                    }
                }
            }
            Upcall::CoIndicateReceiveNetBufferLists { vc, nbls, resources } => {
                match self.vc_state(*vc) {
                    Some(VcState::Active) => {}
                    Some(state) => self.violate(Violation::DataWhileNotActive { vc: *vc, state }),
                    None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
                }
                if self.adapter == AdapterState::Paused {
                    self.violate(Violation::ReceiveWhilePaused { vc: *vc });
                }
                for &(nbl, source) in nbls {
                    if source != *vc {
                        self.violate(Violation::WrongSourceHandle { nbl, vc: *vc, source });
                    }
                    if self.sends.contains_key(&nbl) || self.receives.contains_key(&nbl) {
                        self.violate(Violation::NblInUse { nbl });
                    } else if !resources {
                        self.receives.insert(nbl, *vc);
                    }
                }
            }
            Upcall::CoIndicateStatusEx { vc, .. } => {
                if let Some(vc) = vc {
                    self.known_vc(*vc, me);
                }
            }
            Upcall::CoOidRequestComplete { request, status, bytes_written, .. } => {
                self.oid_complete(PendingOp::MiniportOid(*request), *status, *bytes_written, me);
            }
            Upcall::CmOidRequestComplete { request, status, bytes_written, .. } => {
                self.oid_complete(PendingOp::CmOid(*request), *status, *bytes_written, me);
            }
            Upcall::CmRegisterAddressFamilyEx { .. } => {}
            Upcall::CmCreateVc { af, result } => {
                self.known_af(*af, me);
                if let Ok(vc) = result {
                    if self.vcs.contains_key(vc) {
                        self.violate(Violation::VcHandleReused { vc: *vc });
                    }
                    self.vcs.insert(
                        *vc,
                        VcRecord {
                            creator: Creator::Mcm,
                            af: *af,
                            state: VcState::Created,
                            call: CallState::Idle,
                            first_party: None,
                            before_close: CallState::Idle,
                        },
                    );
                }
            }
            Upcall::CmDeleteVc { vc, result } => {
                self.delete_vc(*vc, Creator::Mcm, me, result.is_success());
            }
            Upcall::CmActivateVc { vc, result } => {
                if result.is_success() {
                    self.activate(*vc, me);
                } else {
                    self.known_vc(*vc, me);
                }
            }
            Upcall::CmDeactivateVc { vc, result } => {
                if let Some(from) = self.vc_state(*vc) {
                    if from != VcState::Active {
                        self.violate(Violation::IllegalVcTransition { vc: *vc, from, call: me });
                    } else if result.is_pending() {
                        if let Some(r) = self.vcs.get_mut(vc) {
                            r.state = VcState::Deactivating;
                        }
                        self.pending.insert(PendingOp::CoDeactivateVc(*vc));
                    } else {
                        self.deactivated(*vc);
                    }
                } else {
                    self.violate(Violation::UnknownVc { vc: *vc, call: me });
                }
            }
            Upcall::CmDispatchIncomingCall { sap, vc, result } => {
                if self.saps.get(sap) != Some(&SapState::Registered) {
                    self.violate(Violation::IncomingCallOnUnregisteredSap { sap: *sap, vc: *vc });
                }
                match self.vcs.get(vc).cloned() {
                    Some(r) => {
                        if r.creator != Creator::Mcm || r.state != VcState::Active {
                            self.violate(Violation::IncomingCallVcNotReady {
                                vc: *vc,
                                creator: r.creator,
                                state: r.state,
                            });
                        }
                        if r.call != CallState::Idle {
                            let call_state = r.call;
                            self.violate(Violation::WrongCallState {
                                vc: *vc,
                                call_state,
                                call: me,
                            });
                        }
                        let next = if result.is_pending() {
                            CallState::IncomingDispatched
                        } else if result.is_success() {
                            CallState::IncomingAccepted
                        } else {
                            CallState::IncomingRejected
                        };
                        if let Some(r) = self.vcs.get_mut(vc) {
                            r.call = next;
                        }
                    }
                    None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
                }
            }
            Upcall::CmDispatchCallConnected { vc } => match self.vcs.get_mut(vc) {
                Some(r) if r.call == CallState::IncomingAccepted => r.call = CallState::Connected,
                Some(r) => {
                    let call_state = r.call;
                    self.violate(Violation::CallConnectedWithoutAccept { vc: *vc, call_state });
                }
                None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
            },
            Upcall::CmDispatchIncomingCloseCall { vc, .. } => match self.vcs.get(vc) {
                Some(r) if matches!(r.call, CallState::Connected | CallState::IncomingAccepted) => {
                }
                Some(r) => {
                    let call_state = r.call;
                    self.violate(Violation::WrongCallState { vc: *vc, call_state, call: me });
                }
                None => self.violate(Violation::UnknownVc { vc: *vc, call: me }),
            },
            Upcall::CmDispatchIncomingDropParty { party, .. } => self.drop_party(*party, me),
            Upcall::CmDispatchIncomingCallQoSChange { vc } => {
                self.connected_call(*vc, me);
                if let Some(state) = self.vc_state(*vc) {
                    if state != VcState::Active {
                        self.violate(Violation::DataWhileNotActive { vc: *vc, state });
                    }
                }
            }
            Upcall::CmMakeCallComplete { status, vc, .. } => {
                self.complete(PendingOp::MakeCall(*vc), *status, me);
            }
            Upcall::CmCloseCallComplete { status, vc, .. } => {
                self.complete(PendingOp::CloseCall(*vc), *status, me);
            }
            Upcall::CmAddPartyComplete { status, party } => {
                self.complete(PendingOp::AddParty(*party), *status, me);
            }
            Upcall::CmDropPartyComplete { status, party } => {
                self.complete(PendingOp::DropParty(*party), *status, me);
            }
            Upcall::CmModifyCallQoSComplete { status, vc } => {
                self.complete(PendingOp::ModifyCallQoS(*vc), *status, me);
            }
            Upcall::CmOpenAddressFamilyComplete { status, af } => {
                self.complete(PendingOp::OpenAf(*af), *status, me);
            }
            Upcall::CmCloseAddressFamilyComplete { status, af } => {
                self.complete(PendingOp::CloseAf(*af), *status, me);
            }
            Upcall::CmRegisterSapComplete { status, sap } => {
                self.complete(PendingOp::RegisterSap(*sap), *status, me);
            }
            Upcall::CmDeregisterSapComplete { status, sap } => {
                self.complete(PendingOp::DeregisterSap(*sap), *status, me);
            }
            Upcall::CmNotifyCloseAddressFamily { af, result } => {
                self.known_af(*af, me);
                if result.is_pending() {
                    self.pending.insert(PendingOp::NotifyCloseAf(*af));
                }
            }
            Upcall::CmOidRequest { af, request, result } => {
                self.known_af(*af, me);
                if result.is_pending() && !self.pending.insert(PendingOp::ClientOid(*request)) {
                    self.violate(Violation::AlreadyPending { op: PendingOp::ClientOid(*request) });
                }
            }
            Upcall::PauseComplete => self.complete(PendingOp::Pause, NdisStatus::SUCCESS, me),
            Upcall::RestartComplete { status } => self.complete(PendingOp::Restart, *status, me),
            Upcall::ResetComplete { status } => self.complete(PendingOp::Reset, *status, me),
        }
    }

    fn oid_complete(&mut self, op: PendingOp, status: NdisStatus, written: u32, call: Call) {
        let request = match op {
            PendingOp::MiniportOid(r) | PendingOp::CmOid(r) => Some(r),
            _ => None,
        };
        if let Some(request) = request {
            let buffer_len = self.oids.get(&request).copied();
            if let Some(buffer_len) = buffer_len {
                if written as usize > buffer_len && !status.is_pending() {
                    self.violate(Violation::OidBytesWrittenTooLarge {
                        request,
                        written,
                        buffer_len,
                    });
                }
            }
        }
        self.complete(op, status, call);
    }
}
