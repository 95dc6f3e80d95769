//! Shared helpers for the boundary and checker tests: handle constructors, a terse event-stream
//! builder over the contract checker, the §4 sequences as reusable fragments, and `MiniCore`, a
//! small but coherent MCM model implementing the handler traits over a counting pool.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::std_instead_of_alloc)] // test helper on std

use std::collections::BTreeMap;

use mcm::abi::co::{CallFlags, CoAddressFamily, CoCallParameters, CoSap};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{ContractChecker, Event, HandlerCall, HandlerReturn, Upcall, Violation};
use mcm::boundary::pool::{CountingPool, PoolAllocator, PoolGrant, PoolTag};
use mcm::boundary::{
    CallManagerHandlers, CancelId, CmOidTarget, HaltProgress, HandlerStatus, Irql,
    MiniportHandlers, NblId, NdisAfHandle, NdisPartyHandle, NdisSapHandle, NdisUpcalls,
    NdisVcHandle, OidCompletion, OidRequest, OidRequestId, OidResult, OidStatus, PacketList,
    PauseStatus, ResetStatus, SendCompletion, StatusIndication, SyncStatus,
};

pub const P: Irql = Irql::Passive;
pub const D: Irql = Irql::Dispatch;
pub const OK: NdisStatus = NdisStatus::SUCCESS;
pub const PEND: NdisStatus = NdisStatus::PENDING;
pub const FAIL: NdisStatus = NdisStatus::FAILURE;

pub fn vc(n: u64) -> NdisVcHandle {
    NdisVcHandle::from_raw(0x7C00_0000 | n).unwrap()
}
pub fn af(n: u64) -> NdisAfHandle {
    NdisAfHandle::from_raw(0xAF00_0000 | n).unwrap()
}
pub fn sap(n: u64) -> NdisSapHandle {
    NdisSapHandle::from_raw(0x5A00_0000 | n).unwrap()
}
pub fn party(n: u64) -> NdisPartyHandle {
    NdisPartyHandle::from_raw(0x9A00_0000 | n).unwrap()
}
pub fn nbl(n: u64) -> NblId {
    NblId::from_raw(0xB100_0000 | n).unwrap()
}
pub fn oid(n: u64) -> OidRequestId {
    OidRequestId::from_raw(0x0100_0000 | n).unwrap()
}

pub fn params() -> CoCallParameters {
    CoCallParameters { flags: CallFlags(0), call_mgr_parameters: None, media_parameters: None }
}

pub fn q2931() -> CoAddressFamily {
    CoAddressFamily { address_family: 1, major_version: 3, minor_version: 1 }
}

/// An event stream fed straight into a checker (and kept, for replay tests).
#[derive(Debug, Default)]
pub struct Script {
    pub checker: ContractChecker,
    pub events: Vec<Event>,
}

impl Script {
    pub fn new() -> Self {
        Script::default()
    }

    pub fn event(&mut self, e: Event) -> &mut Self {
        self.checker.on_event(&e);
        self.events.push(e);
        self
    }

    pub fn enter(&mut self, irql: Irql, call: HandlerCall) -> &mut Self {
        self.event(Event::Enter { irql, call })
    }

    pub fn ret(&mut self, status: NdisStatus) -> &mut Self {
        self.event(Event::Return(HandlerReturn::Status(status)))
    }

    pub fn ret_void(&mut self) -> &mut Self {
        self.event(Event::Return(HandlerReturn::Void))
    }

    /// A handler called and returning `status` with no upcall inside.
    pub fn call(&mut self, irql: Irql, call: HandlerCall, status: NdisStatus) -> &mut Self {
        self.enter(irql, call).ret(status)
    }

    /// A VOID handler.
    pub fn call_void(&mut self, irql: Irql, call: HandlerCall) -> &mut Self {
        self.enter(irql, call).ret_void()
    }

    /// An upcall made from the core's own DISPATCH context (DPC/timer).
    pub fn dpc(&mut self, u: Upcall) -> &mut Self {
        self.event(Event::EnterContext { irql: D });
        self.event(Event::Upcall { irql: D, upcall: u });
        self.event(Event::ExitContext)
    }

    /// An upcall at `irql` in whatever context is current.
    pub fn up(&mut self, irql: Irql, u: Upcall) -> &mut Self {
        self.event(Event::Upcall { irql, upcall: u })
    }

    pub fn violations(&self) -> &[Violation] {
        self.checker.violations()
    }

    #[track_caller]
    pub fn assert_clean(&self) {
        assert_eq!(self.violations(), &[] as &[Violation], "events: {:#?}", self.events);
    }

    #[track_caller]
    pub fn assert_only(&self, v: Violation) {
        assert_eq!(self.violations(), &[v]);
    }

    // ---- §4 fragments ----------------------------------------------------------------------

    /// Client opens the AF: CmOpenAf pends, the core completes from its DPC.
    pub fn open_af(&mut self, a: NdisAfHandle) -> &mut Self {
        self.call(D, HandlerCall::CmOpenAf { af: a }, PEND)
            .dpc(Upcall::CmOpenAddressFamilyComplete { status: OK, af: a })
    }

    /// Client registers a SAP, synchronously.
    pub fn register_sap(&mut self, a: NdisAfHandle, s: NdisSapHandle) -> &mut Self {
        self.call(D, HandlerCall::CmRegisterSap { af: a, sap: s }, OK)
    }

    /// Client creates a VC (CmCreateVc, synchronous).
    pub fn client_vc(&mut self, a: NdisAfHandle, v: NdisVcHandle) -> &mut Self {
        self.call(D, HandlerCall::CmCreateVc { af: a, vc: v }, OK)
    }

    /// Outgoing call: CmMakeCall pends → (signaling) → NdisMCmActivateVc →
    /// NdisMCmMakeCallComplete(SUCCESS).
    pub fn make_call(&mut self, v: NdisVcHandle, p: Option<NdisPartyHandle>) -> &mut Self {
        self.call(D, HandlerCall::CmMakeCall { vc: v, party: p }, PEND)
            .event(Event::EnterContext { irql: D })
            .up(D, Upcall::CmActivateVc { vc: v, result: OK })
            .up(D, Upcall::CmMakeCallComplete { status: OK, vc: v, party: p })
            .event(Event::ExitContext)
    }

    /// Client close: CmCloseCall pends → NdisMCmDeactivateVc → NdisMCmCloseCallComplete.
    pub fn close_call(&mut self, v: NdisVcHandle, p: Option<NdisPartyHandle>) -> &mut Self {
        self.call(D, HandlerCall::CmCloseCall { vc: v, party: p }, PEND)
            .event(Event::EnterContext { irql: D })
            .up(D, Upcall::CmDeactivateVc { vc: v, result: OK })
            .up(D, Upcall::CmCloseCallComplete { status: OK, vc: v, party: p })
            .event(Event::ExitContext)
    }

    /// Incoming call up to CallConnected on MCM-created VC `v` for SAP `s`.
    pub fn incoming_call(
        &mut self,
        a: NdisAfHandle,
        s: NdisSapHandle,
        v: NdisVcHandle,
    ) -> &mut Self {
        self.dispatch_incoming(a, s, v, PEND)
            .event(Event::ExitContext)
            .enter(D, HandlerCall::CmIncomingCallComplete { status: OK, vc: v })
            .up(D, Upcall::CmDispatchCallConnected { vc: v })
            .ret_void()
    }

    /// The MCM's half of an incoming call (§4): in one DPC context it creates the VC, activates
    /// it and dispatches the call to SAP `s`; NdisCmDispatchIncomingCall returns `result`.
    /// The context stays open so the caller can add upcalls before `Event::ExitContext`.
    pub fn dispatch_incoming(
        &mut self,
        a: NdisAfHandle,
        s: NdisSapHandle,
        v: NdisVcHandle,
        result: NdisStatus,
    ) -> &mut Self {
        self.event(Event::EnterContext { irql: D })
            .up(D, Upcall::CmCreateVc { af: a, result: Ok(v) })
            .up(D, Upcall::CmActivateVc { vc: v, result: OK })
            .up(D, Upcall::CmDispatchIncomingCall { sap: s, vc: v, result })
    }

    /// A client's OID request on its AF (NdisCoOidRequest → CmOidRequest with no VC or party)
    /// returning `status` with `bytes_written`.
    pub fn af_oid(
        &mut self,
        a: NdisAfHandle,
        request: OidRequestId,
        buffer_len: usize,
        status: NdisStatus,
        bytes_written: u32,
    ) -> &mut Self {
        self.enter(
            D,
            HandlerCall::CmOidRequest { af: a, vc: None, party: None, request, buffer_len },
        )
        .event(Event::Return(HandlerReturn::Oid { status, bytes_written }))
    }

    /// Client closes the AF (no calls, no SAPs): CmCloseAf synchronous.
    pub fn close_af(&mut self, a: NdisAfHandle) -> &mut Self {
        self.call(D, HandlerCall::CmCloseAf { af: a }, OK)
    }

    /// MiniportHaltEx returning Halted.
    pub fn halt(&mut self) -> &mut Self {
        self.enter(P, HandlerCall::HaltEx)
            .event(Event::Return(HandlerReturn::Halt(HaltProgress::Halted)))
    }
}

// ---- MiniCore ----------------------------------------------------------------------------

pub const TAG_VC: PoolTag = PoolTag(*b"McVc");
pub const TAG_AF: PoolTag = PoolTag(*b"McAf");
pub const TAG_SAP: PoolTag = PoolTag(*b"McSp");

/// Deliberate bugs `MiniCore` can be told to have, to see the checker catch them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bugs {
    /// Complete CmMakeCall without NdisMCmActivateVc.
    pub skip_activate: bool,
    /// Forget to free the VC state in CmDeleteVc.
    pub leak_vc: bool,
    /// Complete sends twice.
    pub double_send_complete: bool,
    /// Return NOT_SUPPORTED instead of RESOURCES on exhaustion.
    pub wrong_exhaustion_status: bool,
}

#[derive(Debug)]
pub struct MiniVc {
    grant: Option<PoolGrant>,
    pub active: bool,
    pub in_call: bool,
}

/// A small MCM model: allocates per-AF, per-SAP and per-VC state through its pool, pends
/// CmMakeCall and finishes it in `signaling_connected` (as the call-control DPC would),
/// completes sends at once, and notifies/awaits AF closes at halt.
#[derive(Debug)]
pub struct MiniCore {
    pub pool: CountingPool,
    pub bugs: Bugs,
    pub afs: BTreeMap<NdisAfHandle, Option<PoolGrant>>,
    pub saps: BTreeMap<NdisSapHandle, Option<PoolGrant>>,
    pub vcs: BTreeMap<NdisVcHandle, MiniVc>,
    pub pending_calls: Vec<(NdisVcHandle, Option<NdisPartyHandle>)>,
    pub paused: bool,
    pub halting: bool,
    /// Grants the `leak_vc` bug never frees.
    pub forgotten: Vec<PoolGrant>,
}

impl MiniCore {
    pub fn new(pool: CountingPool) -> Self {
        MiniCore {
            pool,
            bugs: Bugs::default(),
            afs: BTreeMap::new(),
            saps: BTreeMap::new(),
            vcs: BTreeMap::new(),
            pending_calls: Vec::new(),
            paused: false,
            halting: false,
            forgotten: Vec::new(),
        }
    }

    fn exhausted(&self) -> SyncStatus {
        if self.bugs.wrong_exhaustion_status {
            SyncStatus::NOT_SUPPORTED
        } else {
            SyncStatus::RESOURCES
        }
    }

    /// Call control saw CONNECT for every pending outgoing call (runs in the DPC).
    pub fn signaling_connected(&mut self, up: &mut dyn NdisUpcalls) {
        for (v, p) in core::mem::take(&mut self.pending_calls) {
            if !self.bugs.skip_activate {
                let st = up.cm_activate_vc(D, v, &params());
                if st.is_success() {
                    if let Some(r) = self.vcs.get_mut(&v) {
                        r.active = true;
                    }
                }
            }
            if let Some(r) = self.vcs.get_mut(&v) {
                r.in_call = true;
            }
            up.cm_make_call_complete(D, OK, v, p, None);
        }
    }

    /// Indicate one received PDU on `v` (the receive DPC).
    pub fn receive(&mut self, v: NdisVcHandle, id: NblId, data: &[u8], up: &mut dyn NdisUpcalls) {
        let nbl = mcm::boundary::ReceiveNbl { id, source_handle: v, data, status: OK };
        up.co_indicate_receive_net_buffer_lists(D, v, &[nbl], Default::default());
    }
}

impl MiniportHandlers for MiniCore {
    fn co_activate_vc(
        &mut self,
        _irql: Irql,
        vc: NdisVcHandle,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        match self.vcs.get_mut(&vc) {
            Some(r) => {
                r.active = true;
                HandlerStatus::SUCCESS
            }
            None => HandlerStatus::Complete(SyncStatus::INVALID_DATA),
        }
    }

    fn co_deactivate_vc(
        &mut self,
        _irql: Irql,
        vc: NdisVcHandle,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        if let Some(r) = self.vcs.get_mut(&vc) {
            r.active = false;
        }
        HandlerStatus::SUCCESS
    }

    fn co_send_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        nbls: &dyn PacketList,
        up: &mut dyn NdisUpcalls,
    ) {
        let status = if self.paused {
            NdisStatus::PAUSED
        } else if self.vcs.get(&vc).is_some_and(|r| r.active) {
            OK
        } else {
            NdisStatus::VC_NOT_ACTIVATED
        };
        let done: Vec<SendCompletion> = mcm::boundary::packet::ids_of(nbls)
            .into_iter()
            .map(|id| SendCompletion { id, status })
            .collect();
        up.co_send_net_buffer_lists_complete(irql, vc, &done);
        if self.bugs.double_send_complete {
            up.co_send_net_buffer_lists_complete(irql, vc, &done);
        }
    }

    fn co_oid_request(
        &mut self,
        _irql: Irql,
        _vc: Option<NdisVcHandle>,
        request: OidRequest<'_>,
        _up: &mut dyn NdisUpcalls,
    ) -> OidStatus {
        // Answers OID_GEN_CO_VENDOR_ID-like queries with four bytes; everything else is
        // unsupported.
        match request.buffer {
            mcm::boundary::OidBuffer::Query(buf) => match buf.get_mut(..4) {
                Some(dst) => {
                    dst.copy_from_slice(&[0, 0x50, 0xF2, 0]);
                    OidStatus::Complete(OidResult {
                        status: SyncStatus::SUCCESS,
                        bytes_written: 4,
                        bytes_read: 0,
                        bytes_needed: 0,
                    })
                }
                None => OidStatus::Complete(OidResult {
                    status: SyncStatus::new(NdisStatus::BUFFER_TOO_SHORT).unwrap(),
                    bytes_written: 0,
                    bytes_read: 0,
                    bytes_needed: 4,
                }),
            },
            mcm::boundary::OidBuffer::Set(_) => {
                OidStatus::Complete(OidResult::status(SyncStatus::NOT_SUPPORTED))
            }
        }
    }

    fn return_net_buffer_lists(&mut self, _irql: Irql, _nbls: &[NblId], _up: &mut dyn NdisUpcalls) {
    }

    fn pause(&mut self, _irql: Irql, up: &mut dyn NdisUpcalls) -> PauseStatus {
        self.paused = true;
        up.pause_complete(P);
        PauseStatus::Pending
    }

    fn restart(&mut self, _irql: Irql, _up: &mut dyn NdisUpcalls) -> HandlerStatus {
        self.paused = false;
        HandlerStatus::SUCCESS
    }

    fn reset_ex(&mut self, _irql: Irql, _up: &mut dyn NdisUpcalls) -> ResetStatus {
        ResetStatus::Pending
    }

    fn halt_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HaltProgress {
        if !self.halting && !self.afs.is_empty() {
            self.halting = true;
            let afs: Vec<NdisAfHandle> = self.afs.keys().copied().collect();
            for a in afs {
                let _ = up.cm_notify_close_address_family(irql, a);
            }
            return HaltProgress::WaitForClients;
        }
        if self.afs.is_empty() {
            HaltProgress::Halted
        } else {
            HaltProgress::WaitForClients
        }
    }

    fn cancel_send(&mut self, _irql: Irql, _cancel_id: CancelId, _up: &mut dyn NdisUpcalls) {}

    fn cancel_oid_request(&mut self, _irql: Irql, _r: OidRequestId, _up: &mut dyn NdisUpcalls) {}

    fn check_for_hang_ex(&mut self, _irql: Irql, _up: &mut dyn NdisUpcalls) -> bool {
        false
    }
}

impl CallManagerHandlers for MiniCore {
    fn cm_create_vc(
        &mut self,
        _irql: Irql,
        _af: NdisAfHandle,
        vc: NdisVcHandle,
        _up: &mut dyn NdisUpcalls,
    ) -> SyncStatus {
        match self.pool.try_alloc(TAG_VC, 256) {
            Ok(g) => {
                self.vcs.insert(vc, MiniVc { grant: Some(g), active: false, in_call: false });
                SyncStatus::SUCCESS
            }
            Err(_) => self.exhausted(),
        }
    }

    fn cm_delete_vc(
        &mut self,
        _irql: Irql,
        vc: NdisVcHandle,
        _up: &mut dyn NdisUpcalls,
    ) -> SyncStatus {
        match self.vcs.get(&vc) {
            Some(r) if r.active || r.in_call => SyncStatus::NOT_ACCEPTED,
            Some(_) => {
                if let Some(mut r) = self.vcs.remove(&vc) {
                    if let Some(g) = r.grant.take() {
                        if self.bugs.leak_vc {
                            self.forgotten.push(g);
                        } else {
                            self.pool.free(g);
                        }
                    }
                }
                SyncStatus::SUCCESS
            }
            None => SyncStatus::INVALID_DATA,
        }
    }

    fn cm_open_af(
        &mut self,
        _irql: Irql,
        af: NdisAfHandle,
        _family: &CoAddressFamily,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        match self.pool.try_alloc(TAG_AF, 64) {
            Ok(g) => {
                self.afs.insert(af, Some(g));
                // Completes inside the handler, then returns PENDING (legal in NDIS).
                up.cm_open_address_family_complete(D, OK, af);
                HandlerStatus::Pending
            }
            Err(_) => HandlerStatus::Complete(self.exhausted()),
        }
    }

    fn cm_close_af(
        &mut self,
        _irql: Irql,
        af: NdisAfHandle,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        if !self.saps.is_empty() || self.vcs.values().any(|v| v.in_call) {
            return HandlerStatus::Complete(SyncStatus::NOT_ACCEPTED);
        }
        if let Some(Some(g)) = self.afs.remove(&af) {
            self.pool.free(g);
        }
        HandlerStatus::SUCCESS
    }

    fn cm_register_sap(
        &mut self,
        _irql: Irql,
        _af: NdisAfHandle,
        sap: NdisSapHandle,
        _desc: &CoSap,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        match self.pool.try_alloc(TAG_SAP, 128) {
            Ok(g) => {
                self.saps.insert(sap, Some(g));
                HandlerStatus::SUCCESS
            }
            Err(_) => HandlerStatus::Complete(self.exhausted()),
        }
    }

    fn cm_deregister_sap(
        &mut self,
        _irql: Irql,
        sap: NdisSapHandle,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        if let Some(Some(g)) = self.saps.remove(&sap) {
            self.pool.free(g);
        }
        HandlerStatus::SUCCESS
    }

    fn cm_make_call(
        &mut self,
        _irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        if !self.vcs.contains_key(&vc) {
            return HandlerStatus::Complete(SyncStatus::INVALID_DATA);
        }
        self.pending_calls.push((vc, party));
        HandlerStatus::Pending
    }

    fn cm_close_call(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        party: Option<NdisPartyHandle>,
        _close_data: &[u8],
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        if self.vcs.get(&vc).is_some_and(|r| r.active) {
            let _ = up.cm_deactivate_vc(irql, vc);
        }
        if let Some(r) = self.vcs.get_mut(&vc) {
            r.active = false;
            r.in_call = false;
        }
        up.cm_close_call_complete(irql, OK, vc, party);
        HandlerStatus::Pending
    }

    fn cm_incoming_call_complete(
        &mut self,
        _irql: Irql,
        _status: NdisStatus,
        _vc: NdisVcHandle,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) {
    }

    fn cm_add_party(
        &mut self,
        _irql: Irql,
        _vc: NdisVcHandle,
        _party: NdisPartyHandle,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        HandlerStatus::Complete(SyncStatus::NOT_SUPPORTED)
    }

    fn cm_drop_party(
        &mut self,
        _irql: Irql,
        _party: NdisPartyHandle,
        _drop_data: &[u8],
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        HandlerStatus::Complete(SyncStatus::NOT_SUPPORTED)
    }

    fn cm_activate_vc_complete(
        &mut self,
        _irql: Irql,
        _status: NdisStatus,
        _vc: NdisVcHandle,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) {
    }

    fn cm_deactivate_vc_complete(
        &mut self,
        _irql: Irql,
        _status: NdisStatus,
        _vc: NdisVcHandle,
        _up: &mut dyn NdisUpcalls,
    ) {
    }

    fn cm_modify_call_qos(
        &mut self,
        _irql: Irql,
        _vc: NdisVcHandle,
        _params: &CoCallParameters,
        _up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        HandlerStatus::Complete(SyncStatus::NOT_SUPPORTED)
    }

    fn cm_oid_request(
        &mut self,
        _irql: Irql,
        _target: CmOidTarget,
        _request: OidRequest<'_>,
        _up: &mut dyn NdisUpcalls,
    ) -> OidStatus {
        OidStatus::Complete(OidResult::status(SyncStatus::NOT_SUPPORTED))
    }

    fn cm_oid_request_complete(
        &mut self,
        _irql: Irql,
        _target: CmOidTarget,
        _request: OidRequestId,
        _result: OidCompletion<'_>,
        _up: &mut dyn NdisUpcalls,
    ) {
    }

    fn cm_notify_close_af_complete(
        &mut self,
        _irql: Irql,
        _af: NdisAfHandle,
        _status: NdisStatus,
        _up: &mut dyn NdisUpcalls,
    ) {
    }
}

/// Status indication helper.
pub fn media_connect() -> StatusIndication<'static> {
    StatusIndication { code: NdisStatus(0x4001_000B), buffer: &[] }
}
