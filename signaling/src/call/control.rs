//! The call control state machine (Q.2931 §5; UNI 3.1 §5.5; UNI Signalling 4.0 §5).

use super::state::{CallState, ModifyState, PartyState};
use super::table::{CrMap, VcPool};
use super::timer::{GlobalTimer, PartyTimer, Timer, TimerHeap};
use super::{
    CallHandle, Config, ConfigError, Counters, Error, Event, RestartState, RestartTarget, Side,
};
use crate::codec::ie::{
    Bytes, CallState as CallStateIe, CallStateValue, Cause, CauseValue, ConnectionIdentifier,
    Diagnostic, IeId, Location, PreferredExclusive, RestartClass, RestartIndicator, UniVersion,
};
use crate::codec::{
    CallReference, Context, DecodeError, Direction, Ie, IeProblemKind, IeResponse, Message,
    MessageAction, MessageResponse, MessageType, Problems,
};
use crate::saal::sscf::LinkStatus;
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use hal::time::{Duration, Instant};

mod lij;
mod modify;
mod party;

use lij::LeafSlot;
pub use lij::LijInfo;

/// T303, T308 and T322 are each tried twice (Q.2931 §5.1.1, §5.4.3, §5.6.11).
const MAX_TRIES: u8 = 2;

/// One call (any state but Null).
#[derive(Debug, Clone)]
struct Call {
    state: CallState,
    /// Call reference value.
    cr: u32,
    /// We allocated the call reference (we sent the SETUP).
    local: bool,
    /// Connection identifier in use (VPCI, VCI).
    vc: Option<(u16, u16)>,
    /// The connection identifier has been sent to / received from the peer.
    vc_agreed: bool,
    timers: [Option<Instant>; Timer::COUNT],
    t303_tries: u8,
    t308_tries: u8,
    t322_tries: u8,
    /// The encoded SETUP, for the T303 retransmission.
    setup: Option<Vec<u8>>,
    /// The cause of our RELEASE, for the T308 retransmission.
    release_cause: Option<Cause>,
    /// Parties of a point-to-multipoint call (party slab indices; the first is the party
    /// of the SETUP).
    parties: Vec<u32>,
    /// Next endpoint reference value to try for a party we add.
    next_eref: u16,
    /// Q.2963.1 modification sub-state (meaningful in Active).
    modify: ModifyState,
    /// The LIJ call identifier and parameters of the SETUP (UNI 4.0 §6.2).
    lij: Option<LijInfo>,
}

/// One party of a point-to-multipoint call (any state but P0).
#[derive(Debug, Clone)]
struct Party {
    call: u32,
    state: PartyState,
    /// Endpoint reference value.
    eref: u16,
    /// We allocated the endpoint reference.
    local: bool,
    timers: [Option<Instant>; PartyTimer::COUNT],
    /// The cause of our DROP PARTY, reported when the acknowledgement has none.
    drop_cause: Option<Cause>,
}

#[derive(Debug, Clone)]
struct PartySlot {
    generation: u32,
    party: Option<Party>,
}

#[derive(Debug, Clone)]
struct Slot {
    generation: u32,
    call: Option<Call>,
}

/// How a received call reference resolves (Q.2931 §5.6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Dummy,
    Global,
    Found(u32),
    Unknown,
}

/// UNI call control for one signalling link and side. See the module documentation for
/// the poll order.
#[derive(Debug, Clone)]
pub struct CallControl {
    cfg: Config,
    slots: Vec<Slot>,
    free: VecDeque<u32>,
    parties: Vec<PartySlot>,
    party_free: VecDeque<u32>,
    /// First timer-heap key of the party timers.
    party_base: u32,
    remote: CrMap,
    vcs: VcPool,
    heap: TimerHeap,
    global: [Option<Instant>; GlobalTimer::COUNT],
    link_up: bool,
    /// REST0..REST2 of the global call reference (Q.2931 §2.1.3).
    restart: RestartState,
    /// The state to return to after answering a RESTART.
    restart_pending: RestartState,
    /// What our pending RESTART restarts.
    restart_target: Option<RestartTarget>,
    restart_tries: u8,
    /// VCs in the maintenance condition after a second T308 expiry (at most one per call
    /// slot), waiting for a restart.
    maintenance: Vec<(u16, u16)>,
    /// Leaf-initiated join requests (UNI 4.0 §6), ours and the peer's.
    leaves: Vec<LeafSlot>,
    leaf_free: VecDeque<u32>,
    /// First timer-heap key of the T331 entries (one per leaf slot).
    leaf_base: u32,
    rx: Box<Message>,
    tx_msg: Box<Message>,
    /// Encoding buffer.
    scratch: Box<[u8]>,
    tx: VecDeque<Vec<u8>>,
    events: VecDeque<Event>,
    queue_cap: usize,
    counters: Counters,
}

impl CallControl {
    /// A call control instance with every call slot free and the link down.
    pub fn new(cfg: Config) -> Result<Self, ConfigError> {
        if cfg.max_calls == 0 || cfg.max_calls > 0x7F_FFFF {
            return Err(ConfigError::MaxCalls);
        }
        let r = cfg.vc_range;
        if r.vpci_first > r.vpci_last || r.vci_first > r.vci_last {
            return Err(ConfigError::VcRange);
        }
        if cfg.max_parties_per_call > 0x7FFF {
            return Err(ConfigError::MaxParties);
        }
        let n = cfg.max_calls as usize;
        let np = cfg.max_parties as usize;
        // Our LEAF SETUP REQUEST call references follow the call slots' (max_calls + 1..),
        // so the slots must fit the 23-bit call reference space too.
        let nl = (lij::MAX_LEAF_SETUPS as usize).min(0x7F_FFFF - n);
        let vcs = match cfg.side {
            Side::Network => VcPool::new(r.vpci_first, r.vpci_last, r.vci_first, r.vci_last),
            // The user side does not allocate; an empty pool keeps the type uniform.
            Side::User => VcPool::new(0, 0, 0, 0),
        };
        Ok(CallControl {
            cfg,
            slots: (0..n).map(|_| Slot { generation: 0, call: None }).collect(),
            free: (0..cfg.max_calls).collect(),
            parties: (0..np).map(|_| PartySlot { generation: 0, party: None }).collect(),
            party_free: (0..cfg.max_parties).collect(),
            party_base: (n * Timer::COUNT) as u32,
            remote: CrMap::new(n),
            vcs,
            heap: TimerHeap::new(n * Timer::COUNT + np * PartyTimer::COUNT + nl),
            global: [None; GlobalTimer::COUNT],
            link_up: false,
            restart: RestartState::Null,
            restart_pending: RestartState::Null,
            restart_target: None,
            restart_tries: 0,
            maintenance: Vec::with_capacity(n),
            leaves: (0..nl).map(|_| LeafSlot::default()).collect(),
            leaf_free: (0..nl as u32).collect(),
            leaf_base: (n * Timer::COUNT + np * PartyTimer::COUNT) as u32,
            rx: Box::new(Message::new(CallReference::Dummy, MessageType::Unknown(0))),
            tx_msg: Box::new(Message::new(CallReference::Dummy, MessageType::Unknown(0))),
            scratch: alloc::vec![0u8; 4096].into_boxed_slice(),
            tx: VecDeque::new(),
            events: VecDeque::new(),
            queue_cap: 4 * n + 64,
            counters: Counters::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Drop counters.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// True after [`LinkStatus::Up`].
    pub fn is_link_up(&self) -> bool {
        self.link_up
    }

    /// Number of calls not in the Null state.
    pub fn active_calls(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// The state of `call` (Null for a dead handle).
    pub fn state(&self, call: CallHandle) -> CallState {
        self.resolve(call).ok().and_then(|i| self.call(i)).map_or(CallState::Null, |c| c.state)
    }

    /// The connection identifier (VPCI, VCI) of `call`, once assigned.
    pub fn connection_identifier(&self, call: CallHandle) -> Option<(u16, u16)> {
        self.resolve(call).ok().and_then(|i| self.call(i)).and_then(|c| c.vc)
    }

    /// The call reference of `call` as this side sends it.
    pub fn call_reference(&self, call: CallHandle) -> Option<CallReference> {
        self.resolve(call).ok().and_then(|i| self.call(i)).map(wire_cr)
    }

    /// When `timer` of `call` expires, if it runs.
    pub fn timer(&self, call: CallHandle, timer: Timer) -> Option<Instant> {
        let c = self.resolve(call).ok().and_then(|i| self.call(i))?;
        c.timers.get(timer.index()).copied().flatten()
    }

    /// When the interface timer `timer` expires, if it runs.
    pub fn global_timer(&self, timer: GlobalTimer) -> Option<Instant> {
        self.global.get(timer.index()).copied().flatten()
    }

    /// Every live call and its state (O(max_calls); for diagnostics and tests).
    pub fn calls(&self) -> impl Iterator<Item = (CallHandle, CallState)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            s.call
                .as_ref()
                .map(|c| (CallHandle { index: i as u32, generation: s.generation }, c.state))
        })
    }

    /// Free connection identifiers (network side; O(range); for tests and invariants).
    pub fn free_connection_identifiers(&self) -> usize {
        self.vcs.free_count()
    }

    /// Pending timer entries (for invariants: at most `Timer::COUNT` per live call, plus
    /// the party timers and one T331 per leaf-initiated join request).
    pub fn pending_timers(&self) -> usize {
        self.heap.len()
    }

    // ----- outputs -------------------------------------------------------------------

    /// The next encoded message to send (AAL-DATA.request).
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.tx.pop_front()
    }

    /// The next indication.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earliest timer deadline.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        let call = self.heap.peek().map(|(t, _)| t);
        self.global.iter().flatten().copied().chain(call).min()
    }

    // ----- requests ------------------------------------------------------------------

    /// Sends SETUP built from `template` (its IEs; call reference and type are set here):
    /// U0 → U1 on the user side, N0 → N6 on the network side (which assigns the
    /// connection identifier unless the template names one). Q.2931 §5.1.1 / §5.2.1.
    pub fn setup(&mut self, now: Instant, template: &Message) -> Result<CallHandle, Error> {
        if !self.link_up {
            return Err(Error::LinkDown);
        }
        let idx = *self.free.front().ok_or(Error::TooManyCalls)?;
        if !super::versions::connection_identifier_allowed(
            self.cfg.version,
            template.ies.connection_identifier.map(|ie| ie.contents),
        ) {
            return Err(Error::InvalidParameters);
        }
        let vc;
        let mut agreed = false;
        if self.cfg.side == Side::User {
            // A VC the user asks for exclusively must be the one the network assigns.
            vc = template
                .ies
                .connection_identifier
                .map(|ie| ie.contents)
                .filter(|ci| {
                    ci.preferred_exclusive == PreferredExclusive::ExclusiveVpciExclusiveVci
                })
                .map(|ci| (ci.vpci, ci.vci));
        } else {
            agreed = true;
            let want = template.ies.connection_identifier.map(|ie| ie.contents);
            vc = match want {
                Some(ci) => {
                    if !self.vcs.take(ci.vpci, ci.vci) {
                        return Err(Error::NoVcAvailable);
                    }
                    Some((ci.vpci, ci.vci))
                }
                None => Some(self.vcs.take_any().ok_or(Error::NoVcAvailable)?),
            };
        }
        let cr = idx + 1;
        let fast = if agreed { None } else { encode_setup(template, cr, &mut self.scratch[..]) };
        let bytes = match fast {
            Some(b) => Some(b),
            None => {
                *self.tx_msg = *template;
                self.tx_msg.call_reference = CallReference::Value { flag: false, value: cr };
                self.tx_msg.message_type = MessageType::Setup;
                if let (true, Some((vpci, vci))) = (agreed, vc) {
                    self.tx_msg.ies.connection_identifier =
                        Some(Ie::new(ConnectionIdentifier::exclusive(vpci, vci)));
                }
                encode(&self.tx_msg, &mut self.scratch[..])
            }
        };
        let Some(bytes) = bytes else {
            if let (true, Some((p, c))) = (agreed, vc) {
                self.vcs.release(p, c);
            }
            return Err(Error::Encode);
        };
        self.free.pop_front();
        let state = match self.cfg.side {
            Side::User => CallState::CallInitiated,
            Side::Network => CallState::CallPresent,
        };
        let call = Call {
            state,
            cr,
            local: true,
            vc,
            vc_agreed: agreed,
            timers: [None; Timer::COUNT],
            t303_tries: 1,
            t308_tries: 0,
            t322_tries: 0,
            setup: Some(bytes.clone()),
            release_cause: None,
            parties: Vec::new(),
            next_eref: 1,
            modify: ModifyState::Idle,
            lij: None,
        };
        if let Some(slot) = self.slots.get_mut(idx as usize) {
            slot.call = Some(call);
        }
        self.push_tx(bytes);
        self.start(idx, Timer::T303, now);
        if let Some(er) = template.ies.endpoint_reference {
            // Point-to-multipoint: the SETUP adds the first party (Q.2971 §5.1.1).
            self.new_party(idx, er.contents.value, true, PartyState::AddPartyInitiated);
        }
        let info = LijInfo::of(template);
        if let Some(c) = self.call_mut(idx) {
            c.lij = info;
        }
        // UNI 4.0 §6.3.2: a SETUP with a leaf sequence number answers that LEAF SETUP
        // REQUEST.
        self.leaf_answered(template);
        Ok(self.handle(idx))
    }

    /// [`CallControl::setup`] from typed parameters.
    pub fn setup_with(
        &mut self,
        now: Instant,
        params: &super::SetupParams,
    ) -> Result<CallHandle, Error> {
        let m = params.to_message();
        self.setup(now, &m)
    }

    /// Sends CALL PROCEEDING: U6 → U9 (user), N1 → N3 (network, with the connection
    /// identifier). Q.2931 §5.1.2, §5.2.4.
    pub fn proceeding(&mut self, _now: Instant, call: CallHandle) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let state = self.state_of(idx)?;
        let next = match (self.cfg.side, state) {
            (Side::User, CallState::CallPresent) => CallState::IncomingCallProceeding,
            (Side::Network, CallState::CallInitiated) => CallState::OutgoingCallProceeding,
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => return Err(Error::InvalidState { state, request: "proceeding" }),
        };
        self.answer(idx, MessageType::CallProceeding, next)
    }

    /// Sends ALERTING: U6/U9 → U7 (user), N1/N3 → N4 (network). Q.2931 §5.2.5.
    pub fn alerting(&mut self, _now: Instant, call: CallHandle) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let state = self.state_of(idx)?;
        let next = match (self.cfg.side, state) {
            (Side::User, CallState::CallPresent | CallState::IncomingCallProceeding) => {
                CallState::CallReceived
            }
            (Side::Network, CallState::CallInitiated | CallState::OutgoingCallProceeding) => {
                CallState::CallDelivered
            }
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => return Err(Error::InvalidState { state, request: "alerting" }),
        };
        self.answer(idx, MessageType::Alerting, next)
    }

    /// Sends CONNECT: U6/U7/U9 → U8 with T313 (user, Q.2931 §5.2.6), N1/N3/N4 → N10
    /// (network, §5.1.6).
    pub fn connect(&mut self, now: Instant, call: CallHandle) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let state = self.state_of(idx)?;
        let next = match (self.cfg.side, state) {
            (
                Side::User,
                CallState::CallPresent
                | CallState::IncomingCallProceeding
                | CallState::CallReceived,
            ) => CallState::ConnectRequest,
            (
                Side::Network,
                CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered,
            ) => CallState::Active,
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => return Err(Error::InvalidState { state, request: "connect" }),
        };
        self.answer(idx, MessageType::Connect, next)?;
        if next == CallState::ConnectRequest {
            self.start(idx, Timer::T313, now);
        } else {
            self.first_party_active(idx);
        }
        Ok(())
    }

    /// Rejects an incoming call with RELEASE COMPLETE (U6 / N1 → Null; Q.2931 §5.2.3.2).
    pub fn reject(
        &mut self,
        _now: Instant,
        call: CallHandle,
        cause: CauseValue,
    ) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let state = self.state_of(idx)?;
        let ok = match (self.cfg.side, state) {
            (Side::User, CallState::CallPresent) | (Side::Network, CallState::CallInitiated) => {
                true
            }
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => false,
        };
        if !ok {
            return Err(Error::InvalidState { state, request: "reject" });
        }
        let cause = self.cause(cause, None);
        let cr = self.call(idx).map(wire_cr).ok_or(Error::NoSuchCall)?;
        self.send_clearing(cr, MessageType::ReleaseComplete, Some(cause));
        self.free_call(idx, cause);
        Ok(())
    }

    /// Sends RELEASE with `cause` and starts T308 (U11 / N12; Q.2931 §5.4.2, §5.4.3).
    pub fn release(
        &mut self,
        now: Instant,
        call: CallHandle,
        cause: CauseValue,
    ) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let state = self.state_of(idx)?;
        let releasing = self.release_state();
        match state {
            CallState::Null => return Err(Error::NoSuchCall),
            CallState::ReleaseRequest | CallState::ReleaseIndication if state == releasing => {
                return Err(Error::InvalidState { state, request: "release" })
            }
            CallState::CallInitiated
            | CallState::OutgoingCallProceeding
            | CallState::CallDelivered
            | CallState::CallPresent
            | CallState::CallReceived
            | CallState::ConnectRequest
            | CallState::IncomingCallProceeding
            | CallState::Active
            | CallState::ReleaseRequest
            | CallState::ReleaseIndication => {}
        }
        let cause = self.cause(cause, None);
        self.start_release(now, idx, cause);
        Ok(())
    }

    /// Sends STATUS ENQUIRY and starts T322 (Q.2931 §5.6.11).
    pub fn status_enquiry(&mut self, now: Instant, call: CallHandle) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        self.send_status_enquiry(now, idx);
        Ok(())
    }

    // ----- inputs --------------------------------------------------------------------

    /// A SAAL link indication (Q.2931 §5.5.6 / UNI 4.0 §5.5.6): when the link goes down,
    /// calls that are not active are cleared internally and T309 starts for the active
    /// ones; when it comes back before T309 expires, T309 stops and each active call is
    /// checked with STATUS ENQUIRY.
    pub fn handle_link(&mut self, now: Instant, status: LinkStatus) {
        match status {
            LinkStatus::Up => {
                let was_up = self.link_up;
                self.link_up = true;
                self.push_event(Event::LinkUp);
                let t309 = self.global_timer(GlobalTimer::T309).is_some();
                self.stop_global(GlobalTimer::T309);
                self.kick_restart(now);
                if was_up || t309 {
                    // Re-established (or resynchronised): check every active call.
                    for idx in 0..self.slots.len() as u32 {
                        if self.call(idx).is_some_and(|c| c.state == CallState::Active) {
                            self.send_status_enquiry(now, idx);
                        }
                    }
                }
            }
            LinkStatus::Down | LinkStatus::EstablishmentFailed => {
                let was_up = self.link_up;
                self.link_up = false;
                if !was_up {
                    return;
                }
                self.push_event(Event::LinkDown);
                let cause = self.cause(CauseValue::TemporaryFailure, None);
                let mut active = false;
                for idx in 0..self.slots.len() as u32 {
                    match self.call(idx).map(|c| c.state) {
                        Some(CallState::Active) => active = true,
                        Some(
                            CallState::Null
                            | CallState::CallInitiated
                            | CallState::OutgoingCallProceeding
                            | CallState::CallDelivered
                            | CallState::CallPresent
                            | CallState::CallReceived
                            | CallState::ConnectRequest
                            | CallState::IncomingCallProceeding
                            | CallState::ReleaseRequest
                            | CallState::ReleaseIndication,
                        ) => self.free_call(idx, cause),
                        None => {}
                    }
                }
                // Leaf-initiated join requests are calls not yet established: they end
                // with the link like the other non-active calls (Q.2931 §5.5.6).
                self.clear_leaf_setups(cause);
                if active {
                    self.start_global(GlobalTimer::T309, now);
                }
            }
        }
    }

    /// Timer expiries up to `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        // Bounded: each round removes one entry; a restarted timer moves past `now`.
        let bound = self.slots.len() * Timer::COUNT
            + self.parties.len() * PartyTimer::COUNT
            + self.leaves.len()
            + 1;
        for _ in 0..bound {
            let Some((at, key)) = self.heap.peek() else { break };
            if at > now {
                break;
            }
            self.heap.remove(key);
            if key >= self.leaf_base {
                self.expire_t331(now, key - self.leaf_base);
                continue;
            }
            if key >= self.party_base {
                let k = key - self.party_base;
                let p = k / PartyTimer::COUNT as u32;
                let t = PartyTimer::ALL.get(k as usize % PartyTimer::COUNT).copied();
                if let (Some(t), Some(party)) = (t, self.party_mut(p)) {
                    if let Some(slot) = party.timers.get_mut(t.index()) {
                        *slot = None;
                    }
                    self.expire_party(now, p, t);
                }
                continue;
            }
            let idx = key / Timer::COUNT as u32;
            let t = Timer::ALL.get(key as usize % Timer::COUNT).copied();
            if let (Some(t), Some(c)) = (t, self.call_mut(idx)) {
                if let Some(slot) = c.timers.get_mut(t.index()) {
                    *slot = None;
                }
                self.expire(now, idx, t);
            }
        }
        for t in GlobalTimer::ALL {
            if self.global_timer(t).is_some_and(|at| at <= now) {
                if let Some(s) = self.global.get_mut(t.index()) {
                    *s = None;
                }
                self.expire_global(now, t);
            }
        }
    }

    /// A received Q.2931 message (one AAL-DATA.indication), with the complete error
    /// handling of Q.2931 §5.6 and §5.7.
    pub fn handle_message(&mut self, now: Instant, bytes: &[u8]) {
        let direction = match self.cfg.side {
            Side::User => Direction::NetworkToUser,
            Side::Network => Direction::UserToNetwork,
        };
        let cx = Context { version: self.cfg.version, direction };
        match self.rx.decode_into(bytes, cx) {
            Ok(problems) => self.on_message(now, &problems),
            Err(e) => self.on_decode_error(now, &e),
        }
    }

    // ----- received messages -----------------------------------------------------------

    fn lookup(&self, cr: CallReference) -> Lookup {
        match cr {
            CallReference::Dummy => Lookup::Dummy,
            CallReference::Value { value: 0, .. } => Lookup::Global,
            // Flag set: the sender is the side that did not allocate, so we did.
            CallReference::Value { flag: true, value } => {
                let idx = value - 1;
                match self.call(idx) {
                    Some(c) if c.local && c.cr == value => Lookup::Found(idx),
                    _ => Lookup::Unknown,
                }
            }
            CallReference::Value { flag: false, value } => {
                self.remote.get(value).map_or(Lookup::Unknown, Lookup::Found)
            }
        }
    }

    fn on_message(&mut self, now: Instant, problems: &Problems) {
        let mt = self.rx.message_type;
        let cr = self.rx.call_reference;
        // UNI 4.0 §6: LEAF SETUP REQUEST / FAILURE live on their own call references,
        // never a call's (the codec rejects them on UNI 3.1 links).
        if let (MessageType::LeafSetupRequest | MessageType::LeafSetupFailure, Lookup::Unknown) =
            (mt, self.lookup(cr))
        {
            return self.on_leaf_message(now, mt, cr);
        }
        match self.lookup(cr) {
            Lookup::Dummy => self.counters.discarded += 1,
            Lookup::Global => self.on_global(now, mt, cr, None),
            Lookup::Unknown => self.on_unknown_cr(now, mt, cr, problems),
            Lookup::Found(idx) => {
                self.on_call_message(now, idx, mt);
                // §5.6.8: the message was processed; report the discarded IEs if the call
                // still exists.
                if problems.report_status() && self.call(idx).is_some() {
                    let cause = self.problem_cause(problems, |r| r == IeResponse::ReportStatus);
                    self.send_status(idx, cause);
                }
            }
        }
    }

    /// Messages on the global call reference (Q.2931 §5.5 restart, §5.6.3.2 e). `error`
    /// is the cause when the message could not be decoded as a whole.
    fn on_global(
        &mut self,
        now: Instant,
        mt: MessageType,
        cr: CallReference,
        error: Option<Cause>,
    ) {
        let reply = cr.reply();
        match (mt, error) {
            (
                MessageType::Restart | MessageType::RestartAcknowledge | MessageType::StatusEnquiry,
                Some(c),
            ) => {
                let state = self.restart.ie_value();
                self.send_status_raw(reply, state, c);
                self.protocol_error(None, Some(mt), c.value);
            }
            (MessageType::Restart, None) => self.rx_restart(now, reply),
            (MessageType::RestartAcknowledge, None) => self.rx_restart_ack(now, reply),
            (MessageType::StatusEnquiry, None) => {
                let c = self.cause(CauseValue::ResponseToStatusEnquiry, None);
                let state = self.restart.ie_value();
                self.send_status_raw(reply, state, c);
            }
            // STATUS on the global call reference reports on the peer's restart state;
            // nothing to do (and never answered, to avoid STATUS loops).
            (MessageType::Status, _) => {}
            _ => {
                let c = self.cause(CauseValue::InvalidCallReferenceValue, None);
                let state = self.restart.ie_value();
                self.send_status_raw(reply, state, c);
                self.protocol_error(None, Some(mt), CauseValue::InvalidCallReferenceValue);
            }
        }
    }

    /// RESTART received (Q.2931 §5.5.2): REST0 → REST2, the indicated calls are cleared
    /// internally (T317 bounds that; here it completes at once), RESTART ACKNOWLEDGE is
    /// sent with the same restart indicator and connection identifier, REST2 → REST0.
    fn rx_restart(&mut self, now: Instant, reply: CallReference) {
        let class = self.rx.ies.restart_indicator.map(|ie| ie.contents.class);
        // UNI 3.1 §5.4.8.2 knows classes 0 and 2 only (no VP restart): class 1 is an
        // invalid restart indicator there (`versions` table).
        let class = match (self.cfg.version, class) {
            (UniVersion::Uni31, Some(RestartClass::AllVirtualChannelsInVpc)) => {
                Some(RestartClass::Unknown(1))
            }
            (_, c) => c,
        };
        let ci = self.rx.ies.connection_identifier.map(|ie| ie.contents);
        let target = match (class, ci) {
            (Some(RestartClass::IndicatedVirtualChannel), Some(ci)) => {
                Some(RestartTarget::Vc(ci.vpci, ci.vci))
            }
            (Some(RestartClass::AllVirtualChannelsInVpc), Some(ci)) => {
                Some(RestartTarget::Vpc(ci.vpci))
            }
            (Some(RestartClass::AllVirtualChannels), _) => Some(RestartTarget::All),
            // Class 0 and 1 need the connection identifier (§5.5.2: cause 96).
            (
                Some(RestartClass::IndicatedVirtualChannel | RestartClass::AllVirtualChannelsInVpc),
                None,
            ) => {
                let c = self.cause(
                    CauseValue::MandatoryInformationElementMissing,
                    Some(ie_diag([IeId::ConnectionIdentifier].into_iter())),
                );
                self.on_global(now, MessageType::Restart, reply.reply(), Some(c));
                return;
            }
            (Some(RestartClass::Unknown(_)) | None, _) => {
                let c = self.cause(
                    CauseValue::InvalidInformationElementContents,
                    Some(ie_diag([IeId::RestartIndicator].into_iter())),
                );
                self.on_global(now, MessageType::Restart, reply.reply(), Some(c));
                return;
            }
        };
        let Some(target) = target else { return };
        self.restart_pending = self.restart;
        self.restart = RestartState::Restart;
        self.start_global(GlobalTimer::T317, now);
        let cause = self.cause(CauseValue::TemporaryFailure, None);
        self.clear_target(target, cause);
        self.release_maintenance(target);
        self.stop_global(GlobalTimer::T317);
        // Back to the state before (REST0, or REST1 when both sides restart at once).
        self.restart = self.restart_pending;
        let m = self.reset_tx(reply, MessageType::RestartAcknowledge);
        if let Some(class) = class {
            m.ies.restart_indicator = Some(Ie::new(RestartIndicator { class }));
        }
        if let Some(ci) = ci {
            m.ies.connection_identifier = Some(Ie::new(ci));
        }
        let _ = self.transmit();
        self.push_event(Event::Restart { target });
    }

    /// RESTART ACKNOWLEDGE (Q.2931 §5.5.1): REST1 → REST0.
    fn rx_restart_ack(&mut self, now: Instant, reply: CallReference) {
        match self.restart {
            RestartState::RestartRequest => {
                self.stop_global(GlobalTimer::T316);
                self.restart = RestartState::Null;
                self.restart_tries = 0;
                if let Some(target) = self.restart_target.take() {
                    self.release_maintenance(target);
                    self.push_event(Event::RestartComplete { target });
                }
                self.kick_restart(now);
            }
            RestartState::Null | RestartState::Restart => {
                let c = self.cause(
                    CauseValue::MessageNotCompatibleWithCallState,
                    Some(mt_diag(MessageType::RestartAcknowledge)),
                );
                let state = self.restart.ie_value();
                self.send_status_raw(reply, state, c);
                self.protocol_error(
                    None,
                    Some(MessageType::RestartAcknowledge),
                    CauseValue::MessageNotCompatibleWithCallState,
                );
            }
        }
    }

    /// Restarts the next VC in maintenance when no restart is in progress.
    fn kick_restart(&mut self, now: Instant) {
        if self.restart != RestartState::Null || !self.link_up {
            return;
        }
        if let Some(&(p, v)) = self.maintenance.first() {
            let _ = self.restart(now, RestartTarget::Vc(p, v));
        }
    }

    /// VCs in maintenance that `target` covers are idle again.
    fn release_maintenance(&mut self, target: RestartTarget) {
        let mut i = 0;
        while let Some(&(p, v)) = self.maintenance.get(i) {
            let hit = match target {
                RestartTarget::All => true,
                RestartTarget::Vpc(vp) => vp == p,
                RestartTarget::Vc(vp, vc) => (vp, vc) == (p, v),
            };
            if hit {
                self.maintenance.swap_remove(i);
                if self.cfg.side == Side::Network {
                    self.vcs.release(p, v);
                }
            } else {
                i += 1;
            }
        }
    }

    /// VCs held in the maintenance condition, waiting for a restart.
    pub fn maintenance_vcs(&self) -> &[(u16, u16)] {
        &self.maintenance
    }

    /// Clears internally (no message) every call on the VCs `target` names.
    fn clear_target(&mut self, target: RestartTarget, cause: Cause) {
        for idx in 0..self.slots.len() as u32 {
            let hit = self.call(idx).is_some_and(|c| match (target, c.vc) {
                (RestartTarget::All, _) => true,
                (RestartTarget::Vpc(p), Some((vp, _))) => p == vp,
                (RestartTarget::Vc(p, v), Some(vc)) => (p, v) == vc,
                (RestartTarget::Vpc(_) | RestartTarget::Vc(..), None) => false,
            });
            if hit {
                self.free_call(idx, cause);
            }
        }
    }

    /// Sends RESTART for `target` (Q.2931 §5.5.1): the calls on those VCs are cleared
    /// internally at once, REST0 → REST1 and T316 runs until RESTART ACKNOWLEDGE.
    pub fn restart(&mut self, now: Instant, target: RestartTarget) -> Result<(), Error> {
        match self.restart {
            RestartState::Null => {}
            RestartState::RestartRequest | RestartState::Restart => {
                return Err(Error::RestartInProgress)
            }
        }
        if !self.link_up {
            return Err(Error::LinkDown);
        }
        if let (UniVersion::Uni31, RestartTarget::Vpc(_)) = (self.cfg.version, target) {
            // UNI 3.1 has no VP restart class (`versions` table).
            return Err(Error::InvalidParameters);
        }
        let cause = self.cause(CauseValue::TemporaryFailure, None);
        self.clear_target(target, cause);
        self.restart = RestartState::RestartRequest;
        self.restart_target = Some(target);
        self.restart_tries = 1;
        self.send_restart();
        self.start_global(GlobalTimer::T316, now);
        Ok(())
    }

    /// The restart state of the global call reference.
    pub fn restart_state(&self) -> RestartState {
        self.restart
    }

    fn send_restart(&mut self) {
        let Some(target) = self.restart_target else { return };
        let (class, ci) = match target {
            RestartTarget::Vc(p, v) => {
                (RestartClass::IndicatedVirtualChannel, Some(ConnectionIdentifier::exclusive(p, v)))
            }
            RestartTarget::Vpc(p) => {
                (RestartClass::AllVirtualChannelsInVpc, Some(ConnectionIdentifier::exclusive(p, 0)))
            }
            RestartTarget::All => (RestartClass::AllVirtualChannels, None),
        };
        let m = self.reset_tx(CallReference::global(false), MessageType::Restart);
        m.ies.restart_indicator = Some(Ie::new(RestartIndicator { class }));
        if let Some(ci) = ci {
            m.ies.connection_identifier = Some(Ie::new(ci));
        }
        let _ = self.transmit();
    }

    /// §5.6.3.2 for a call reference that names no call.
    fn on_unknown_cr(
        &mut self,
        now: Instant,
        mt: MessageType,
        cr: CallReference,
        problems: &Problems,
    ) {
        let flag = matches!(cr, CallReference::Value { flag: true, .. });
        match mt {
            // c) SETUP with the flag set: the sender claims we allocated it; ignore.
            MessageType::Setup if flag => self.counters.discarded += 1,
            MessageType::Setup => self.incoming_setup(now, cr, problems),
            // b) RELEASE COMPLETE: nothing to do.
            MessageType::ReleaseComplete => {}
            // f) STATUS ENQUIRY: STATUS, call state Null, cause 30.
            MessageType::StatusEnquiry => {
                let c = self.cause(CauseValue::ResponseToStatusEnquiry, None);
                self.send_status_raw(cr.reply(), CallStateValue::Null, c);
            }
            // g) STATUS: Null → nothing; otherwise RELEASE COMPLETE cause 101.
            MessageType::Status => {
                let remote = self.rx.ies.call_state.map(|ie| ie.contents.state);
                if remote != Some(CallStateValue::Null) {
                    let c = self
                        .cause(CauseValue::MessageNotCompatibleWithCallState, Some(mt_diag(mt)));
                    self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c));
                    self.protocol_error(
                        None,
                        Some(mt),
                        CauseValue::MessageNotCompatibleWithCallState,
                    );
                }
            }
            // a) anything else: RELEASE COMPLETE cause 81.
            _ => {
                let c = self.cause(CauseValue::InvalidCallReferenceValue, None);
                self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c));
                self.protocol_error(None, Some(mt), CauseValue::InvalidCallReferenceValue);
            }
        }
    }

    /// SETUP on a new call reference (Q.2931 §5.2.1 user side, §5.1.1 network side).
    fn incoming_setup(&mut self, _now: Instant, cr: CallReference, problems: &Problems) {
        let CallReference::Value { value, .. } = cr else { return };
        let reply = cr.reply();
        let Some(&idx) = self.free.front() else {
            let c = self.cause(CauseValue::ResourceUnavailableUnspecified, None);
            self.send_clearing(reply, MessageType::ReleaseComplete, Some(c));
            return;
        };
        let ci = self.rx.ies.connection_identifier.map(|ie| ie.contents);
        let vc = match self.cfg.side {
            Side::User => match ci {
                Some(ci) => (ci.vpci, ci.vci),
                // The network must assign the VC in SETUP (UNI 3.1 §5.3.1.7 / UNI 4.0).
                None => {
                    let c = self.cause(
                        CauseValue::MandatoryInformationElementMissing,
                        Some(ie_diag([IeId::ConnectionIdentifier].into_iter())),
                    );
                    self.send_clearing(reply, MessageType::ReleaseComplete, Some(c));
                    self.protocol_error(
                        None,
                        Some(MessageType::Setup),
                        CauseValue::MandatoryInformationElementMissing,
                    );
                    return;
                }
            },
            Side::Network
                if !super::versions::connection_identifier_allowed(self.cfg.version, ci) =>
            {
                let c = self.cause(
                    CauseValue::InvalidInformationElementContents,
                    Some(ie_diag([IeId::ConnectionIdentifier].into_iter())),
                );
                self.send_clearing(reply, MessageType::ReleaseComplete, Some(c));
                self.protocol_error(
                    None,
                    Some(MessageType::Setup),
                    CauseValue::InvalidInformationElementContents,
                );
                return;
            }
            Side::Network => match self.assign_vc(ci) {
                Ok(vc) => vc,
                Err(c) => {
                    self.send_clearing(reply, MessageType::ReleaseComplete, Some(c));
                    return;
                }
            },
        };
        if !self.remote.insert(value, idx) {
            // Cannot happen (the lookup failed); answer as resource exhaustion.
            if self.cfg.side == Side::Network {
                self.vcs.release(vc.0, vc.1);
            }
            let c = self.cause(CauseValue::ResourceUnavailableUnspecified, None);
            self.send_clearing(reply, MessageType::ReleaseComplete, Some(c));
            return;
        }
        self.free.pop_front();
        let state = match self.cfg.side {
            Side::User => CallState::CallPresent,
            Side::Network => CallState::CallInitiated,
        };
        let call = Call {
            state,
            cr: value,
            local: false,
            vc: Some(vc),
            vc_agreed: self.cfg.side == Side::User,
            timers: [None; Timer::COUNT],
            t303_tries: 0,
            t308_tries: 0,
            t322_tries: 0,
            setup: None,
            release_cause: None,
            parties: Vec::new(),
            next_eref: 1,
            modify: ModifyState::Idle,
            lij: None,
        };
        if let Some(slot) = self.slots.get_mut(idx as usize) {
            slot.call = Some(call);
        }
        let party = self.rx.ies.endpoint_reference.and_then(|er| {
            self.new_party(idx, er.contents.value, false, PartyState::AddPartyReceived)
        });
        let info = LijInfo::of(&self.rx);
        let leaf_seq = self.rx.ies.leaf_sequence_number.map(|ie| ie.contents.value);
        if let Some(c) = self.call_mut(idx) {
            c.lij = info;
        }
        let h = self.handle(idx);
        // The received SETUP moves out with the event; decoding continues in a new box
        // (cheaper than copying the message).
        let fresh = Box::new(Message::new(CallReference::Dummy, MessageType::Unknown(0)));
        let mut setup = core::mem::replace(&mut self.rx, fresh);
        setup.ies.connection_identifier =
            Some(Ie::new(ConnectionIdentifier::exclusive(vc.0, vc.1)));
        self.push_event(Event::IncomingSetup { call: h, setup });
        self.push_event(Event::ConnectionIdentifier {
            call: h,
            id: ConnectionIdentifier::exclusive(vc.0, vc.1),
        });
        if let Some(seq) = leaf_seq {
            let party = party.map(|p| self.party_handle(p));
            self.leaf_joined(seq, h, party);
        }
        if problems.report_status() {
            let cause = self.problem_cause(problems, |r| r == IeResponse::ReportStatus);
            self.send_status(idx, cause);
        }
    }

    /// Network side: the connection identifier for a user's SETUP (Q.2931 §5.1.2; UNI 4.0
    /// §5.1.2.2: exclusive VPCI and VCI, exclusive VPCI and any VCI, or none = any).
    fn assign_vc(&mut self, ci: Option<ConnectionIdentifier>) -> Result<(u16, u16), Cause> {
        match ci {
            None => {
                self.vcs.take_any().ok_or_else(|| self.cause(CauseValue::NoVpciVciAvailable, None))
            }
            Some(ci) => match ci.preferred_exclusive {
                PreferredExclusive::ExclusiveVpciExclusiveVci => {
                    if self.vcs.take(ci.vpci, ci.vci) {
                        Ok((ci.vpci, ci.vci))
                    } else {
                        Err(self.cause(
                            CauseValue::RequestedVpciVciNotAvailable,
                            Some(Diagnostic::VpciVci { vpci: ci.vpci, vci: ci.vci }),
                        ))
                    }
                }
                PreferredExclusive::ExclusiveVpciAnyVci => {
                    if !self.vcs.has_vpci(ci.vpci) {
                        return Err(self.cause(
                            CauseValue::RequestedVpciVciNotAvailable,
                            Some(Diagnostic::VpciVci { vpci: ci.vpci, vci: ci.vci }),
                        ));
                    }
                    self.vcs
                        .take_any_in(ci.vpci)
                        .ok_or_else(|| self.cause(CauseValue::NoVpciVciAvailable, None))
                }
                // Switched virtual paths are not offered on this interface.
                PreferredExclusive::ExclusiveVpciNoVci | PreferredExclusive::Unknown(_) => {
                    Err(self.cause(
                        CauseValue::RequestedVpciVciNotAvailable,
                        Some(Diagnostic::VpciVci { vpci: ci.vpci, vci: ci.vci }),
                    ))
                }
            },
        }
    }

    fn on_call_message(&mut self, now: Instant, idx: u32, mt: MessageType) {
        match mt {
            // §5.6.3.2 d): SETUP for a call in progress is ignored.
            MessageType::Setup => self.counters.discarded += 1,
            MessageType::CallProceeding => self.rx_call_proceeding(now, idx),
            MessageType::Alerting => self.rx_alerting(now, idx),
            MessageType::Connect => self.rx_connect(now, idx),
            MessageType::ConnectAcknowledge => self.rx_connect_ack(now, idx),
            MessageType::Release => {
                let cause = self.rx_cause();
                self.rx_release(idx, cause, None);
            }
            MessageType::ReleaseComplete => {
                // Without a cause, the answer to our RELEASE confirms our own cause.
                let own = self.call(idx).and_then(|c| c.release_cause);
                let cause = match (self.rx.ies.cause.first(), own) {
                    (Some(ie), _) => ie.contents,
                    (None, Some(c)) => c,
                    (None, None) => self.rx_cause(),
                };
                self.free_call(idx, cause);
            }
            MessageType::Status => self.rx_status(now, idx),
            MessageType::StatusEnquiry => {
                // Q.2971 §5.6.11: an enquiry about one party gets its endpoint state too.
                let c = self.cause(CauseValue::ResponseToStatusEnquiry, None);
                let ep = self.endpoint_status(idx);
                let Some((cr, state)) = self.call(idx).map(|c| (wire_cr(c), c.state)) else {
                    return;
                };
                let m = self.reset_tx(cr, MessageType::Status);
                m.ies.call_state = Some(Ie::new(CallStateIe { state: state.ie_value() }));
                let _ = m.ies.cause.push(Ie::new(c));
                if let Some((er, es)) = ep {
                    m.ies.endpoint_reference = Some(Ie::new(er));
                    m.ies.endpoint_state = Some(Ie::new(es));
                }
                let _ = self.transmit();
            }
            // UNI 4.0 §5.7: NOTIFY carries information only; valid in any state.
            MessageType::Notify => {}
            // A restart message on a call's own reference (§5.6.3.2 e mirror).
            MessageType::Restart | MessageType::RestartAcknowledge => {
                let c = self.cause(CauseValue::InvalidCallReferenceValue, None);
                self.send_status(idx, c);
                let h = self.handle(idx);
                self.protocol_error(Some(h), Some(mt), CauseValue::InvalidCallReferenceValue);
            }
            MessageType::AddParty
            | MessageType::AddPartyAcknowledge
            | MessageType::AddPartyReject
            | MessageType::DropParty
            | MessageType::DropPartyAcknowledge
            | MessageType::PartyAlerting => self.on_party_message(now, idx, mt),
            MessageType::ModifyRequest
            | MessageType::ModifyAcknowledge
            | MessageType::ModifyReject
            | MessageType::ConnectionAvailable => self.on_modify_message(now, idx, mt),
            // UNI 4.0 §6: LEAF SETUP messages never use a call's reference; on one they are
            // out of place (cause 101).
            MessageType::LeafSetupFailure | MessageType::LeafSetupRequest => {
                self.unexpected_here(now, idx, mt)
            }
            MessageType::Unknown(_) => {
                let compat = self.rx.compatibility;
                self.unexpected(now, idx, mt, compat, CauseValue::MessageTypeNonExistent);
            }
        }
    }

    /// §5.6.4 / §5.7.1: a message not compatible with the call state (cause 101) or not
    /// recognized (cause 97), obeying the message compatibility instruction indicator.
    fn unexpected(
        &mut self,
        now: Instant,
        idx: u32,
        mt: MessageType,
        compat: crate::codec::MessageCompatibility,
        cause: CauseValue,
    ) {
        let h = self.handle(idx);
        self.protocol_error(Some(h), Some(mt), cause);
        let c = self.cause(cause, Some(mt_diag(mt)));
        if !compat.flag {
            self.send_status(idx, c);
            return;
        }
        match compat.action {
            MessageAction::ClearCall => {
                self.start_release(now, idx, c);
                self.push_event(Event::Releasing { call: h, cause: c });
            }
            MessageAction::DiscardAndIgnore => {}
            MessageAction::DiscardAndReportStatus | MessageAction::Reserved => {
                self.send_status(idx, c)
            }
        }
    }

    fn unexpected_here(&mut self, now: Instant, idx: u32, mt: MessageType) {
        let compat = self.rx.compatibility;
        self.unexpected(now, idx, mt, compat, CauseValue::MessageNotCompatibleWithCallState);
    }

    /// Common entry to CALL PROCEEDING, ALERTING and CONNECT, the answers to a SETUP: a message
    /// the call state does not allow (`ok` false) goes to the unexpected-message procedure
    /// (Q.2931 §5.6.4), an allowed one must carry an acceptable connection identifier. True
    /// when the caller goes on with the state change.
    fn accept_first_answer(&mut self, now: Instant, idx: u32, mt: MessageType, ok: bool) -> bool {
        if !ok {
            self.unexpected_here(now, idx, mt);
            return false;
        }
        self.take_first_answer_vc(now, idx)
    }

    /// Records the connection identifier of the first answer to our SETUP (user side):
    /// false when it is missing or not the one we asked for — the call is then cleared.
    fn take_first_answer_vc(&mut self, now: Instant, idx: u32) -> bool {
        if self.cfg.side == Side::Network {
            return true;
        }
        let ci = self.rx.ies.connection_identifier.map(|ie| ie.contents);
        let Some(c) = self.call(idx) else { return false };
        if c.vc_agreed {
            return true;
        }
        let asked = c.vc;
        match ci {
            Some(ci) => {
                if asked.is_some_and(|a| a != (ci.vpci, ci.vci)) {
                    let cause = self.cause(CauseValue::VpciVciAssignmentFailure, None);
                    self.clear_on_error(now, idx, cause);
                    return false;
                }
                if let Some(c) = self.call_mut(idx) {
                    c.vc = Some((ci.vpci, ci.vci));
                    c.vc_agreed = true;
                }
                let h = self.handle(idx);
                self.push_event(Event::ConnectionIdentifier {
                    call: h,
                    id: ConnectionIdentifier::exclusive(ci.vpci, ci.vci),
                });
                true
            }
            None => {
                let cause = self.cause(
                    CauseValue::MandatoryInformationElementMissing,
                    Some(ie_diag([IeId::ConnectionIdentifier].into_iter())),
                );
                self.clear_on_error(now, idx, cause);
                false
            }
        }
    }

    fn rx_call_proceeding(&mut self, now: Instant, idx: u32) {
        let Some(state) = self.call(idx).map(|c| c.state) else { return };
        let ok = match (self.cfg.side, state) {
            (Side::User, CallState::CallInitiated) | (Side::Network, CallState::CallPresent) => {
                true
            }
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => false,
        };
        if !self.accept_first_answer(now, idx, MessageType::CallProceeding, ok) {
            return;
        }
        self.stop(idx, Timer::T303);
        self.forget_setup(idx);
        self.start(idx, Timer::T310, now);
        self.set_state(
            idx,
            match self.cfg.side {
                Side::User => CallState::OutgoingCallProceeding,
                Side::Network => CallState::IncomingCallProceeding,
            },
        );
        let h = self.handle(idx);
        self.push_event(Event::Proceeding { call: h });
    }

    fn rx_alerting(&mut self, now: Instant, idx: u32) {
        let Some(state) = self.call(idx).map(|c| c.state) else { return };
        let ok = match (self.cfg.side, state) {
            (Side::User, CallState::CallInitiated | CallState::OutgoingCallProceeding)
            | (Side::Network, CallState::CallPresent | CallState::IncomingCallProceeding) => true,
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => false,
        };
        if !self.accept_first_answer(now, idx, MessageType::Alerting, ok) {
            return;
        }
        self.stop(idx, Timer::T303);
        self.forget_setup(idx);
        self.stop(idx, Timer::T310);
        // T301 is a UNI 4.0 timer (UNI 4.0 §5.7); UNI 3.1 waits for CONNECT without it.
        if self.cfg.version == UniVersion::Uni40 {
            self.start(idx, Timer::T301, now);
        }
        self.set_state(
            idx,
            match self.cfg.side {
                Side::User => CallState::CallDelivered,
                Side::Network => CallState::CallReceived,
            },
        );
        let h = self.handle(idx);
        self.push_event(Event::Alerting { call: h });
    }

    fn rx_connect(&mut self, now: Instant, idx: u32) {
        let Some(state) = self.call(idx).map(|c| c.state) else { return };
        let ok = match (self.cfg.side, state) {
            (
                Side::User,
                CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered,
            )
            | (
                Side::Network,
                CallState::CallPresent
                | CallState::IncomingCallProceeding
                | CallState::CallReceived,
            ) => true,
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => false,
        };
        if !self.accept_first_answer(now, idx, MessageType::Connect, ok) {
            return;
        }
        for t in [Timer::T301, Timer::T303, Timer::T310] {
            self.stop(idx, t);
        }
        if self.cfg.side == Side::Network {
            // N8 Connect Request lasts until CONNECT ACKNOWLEDGE is sent (Q.2931 §5.2.7).
            self.set_state(idx, CallState::ConnectRequest);
        }
        let Some(cr) = self.call(idx).map(wire_cr) else { return };
        self.send_simple(cr, MessageType::ConnectAcknowledge, None);
        self.set_state(idx, CallState::Active);
        if let Some(c) = self.call_mut(idx) {
            c.setup = None;
        }
        let h = self.handle(idx);
        self.push_event(Event::Connected { call: h });
        self.first_party_active(idx);
    }

    fn rx_connect_ack(&mut self, now: Instant, idx: u32) {
        let Some((state, local)) = self.call(idx).map(|c| (c.state, c.local)) else { return };
        let h = self.handle(idx);
        match (self.cfg.side, state) {
            // U8 → U10 (Q.2931 §5.2.8).
            (Side::User, CallState::ConnectRequest) => {
                self.stop(idx, Timer::T313);
                self.set_state(idx, CallState::Active);
                self.push_event(Event::Connected { call: h });
                self.first_party_active(idx);
            }
            // N10: the calling user acknowledges our CONNECT (Q.2931 §5.1.6).
            (Side::Network, CallState::Active) if !local => {
                self.push_event(Event::ConnectAcknowledged { call: h });
            }
            (
                Side::User | Side::Network,
                CallState::Null
                | CallState::CallInitiated
                | CallState::OutgoingCallProceeding
                | CallState::CallDelivered
                | CallState::CallPresent
                | CallState::CallReceived
                | CallState::ConnectRequest
                | CallState::IncomingCallProceeding
                | CallState::Active
                | CallState::ReleaseRequest
                | CallState::ReleaseIndication,
            ) => self.unexpected_here(now, idx, MessageType::ConnectAcknowledge),
        }
    }

    /// RELEASE (Q.2931 §5.4.3, §5.4.4): answered with RELEASE COMPLETE, except in our own
    /// release state, where it is a clear collision (§5.4.5). `reply_cause` overrides the
    /// cause of the RELEASE COMPLETE (96/100 when the received cause was unusable).
    fn rx_release(&mut self, idx: u32, cause: Cause, reply_cause: Option<Cause>) {
        let Some((state, cr)) = self.call(idx).map(|c| (c.state, wire_cr(c))) else { return };
        if state != self.release_state() {
            // U12 / N11 last until RELEASE COMPLETE is sent.
            let peer_release = match self.cfg.side {
                Side::User => CallState::ReleaseIndication,
                Side::Network => CallState::ReleaseRequest,
            };
            self.set_state(idx, peer_release);
            self.send_clearing(cr, MessageType::ReleaseComplete, reply_cause);
        }
        self.free_call(idx, cause);
    }

    /// STATUS (Q.2931 §5.6.11, §5.6.12).
    fn rx_status(&mut self, now: Instant, idx: u32) {
        let Some(local) = self.call(idx).map(|c| c.state) else { return };
        self.stop(idx, Timer::T322);
        if let Some(c) = self.call_mut(idx) {
            c.t322_tries = 0;
        }
        let cause = self.rx_cause();
        let value =
            self.rx.ies.call_state.map_or(CallStateValue::Unknown(0x3F), |ie| ie.contents.state);
        let remote = CallState::from_ie(value);
        let h = self.handle(idx);
        match remote {
            // The peer has no call: release the call reference without a message.
            Some(CallState::Null) => self.free_call(idx, cause),
            Some(_) if local == self.release_state() => {}
            Some(r) if local.compatible_with(r) => {
                self.push_event(Event::Status { call: Some(h), state: value, cause });
            }
            Some(_) | None => {
                self.push_event(Event::Status { call: Some(h), state: value, cause });
                let c = self.cause(
                    CauseValue::MessageNotCompatibleWithCallState,
                    Some(mt_diag(MessageType::Status)),
                );
                self.protocol_error(
                    Some(h),
                    Some(MessageType::Status),
                    CauseValue::MessageNotCompatibleWithCallState,
                );
                self.clear_on_error(now, idx, c);
            }
        }
    }

    /// A message that could not be decoded as a whole.
    fn on_decode_error(&mut self, now: Instant, e: &DecodeError) {
        match e {
            // §5.6.1-§5.6.3.1: discard.
            DecodeError::TooShort { .. }
            | DecodeError::BadProtocolDiscriminator(_)
            | DecodeError::BadCallReferenceLength(_) => self.counters.discarded += 1,
            DecodeError::LengthMismatch { header, .. } => {
                self.reject_message(now, header.call_reference, header.message_type, |s| {
                    s.cause(CauseValue::IncorrectMessageLength, None)
                });
            }
            DecodeError::IeTruncated { header, id, .. } => {
                let id = *id;
                self.reject_message(now, header.call_reference, header.message_type, |s| {
                    s.cause(
                        CauseValue::InvalidInformationElementContents,
                        Some(ie_diag([id].into_iter())),
                    )
                });
            }
            DecodeError::UnrecognizedMessageType { header } => {
                let cr = header.call_reference;
                let mt = header.message_type;
                match self.lookup(cr) {
                    Lookup::Dummy => self.counters.discarded += 1,
                    Lookup::Global => self.on_global(now, mt, cr, None),
                    Lookup::Found(idx) => self.unexpected(
                        now,
                        idx,
                        mt,
                        header.compatibility,
                        CauseValue::MessageTypeNonExistent,
                    ),
                    Lookup::Unknown => {
                        let explicit_discard = header.compatibility.flag
                            && header.compatibility.action != MessageAction::ClearCall;
                        if !explicit_discard {
                            let c = self.cause(CauseValue::InvalidCallReferenceValue, None);
                            self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c));
                        }
                        self.protocol_error(None, Some(mt), CauseValue::MessageTypeNonExistent);
                    }
                }
            }
            DecodeError::Rejected { header, response, problems } => {
                self.on_rejected(
                    now,
                    header.call_reference,
                    header.message_type,
                    *response,
                    problems,
                );
            }
        }
    }

    /// A message not processed because of a length or contents error: SETUP → RELEASE
    /// COMPLETE; RELEASE → cleared anyway with the error cause in RELEASE COMPLETE;
    /// RELEASE COMPLETE → the call is released; anything else → STATUS (§5.6.7).
    fn reject_message(
        &mut self,
        now: Instant,
        cr: CallReference,
        mt: MessageType,
        cause: impl FnOnce(&Self) -> Cause,
    ) {
        let c = cause(self);
        match self.lookup(cr) {
            Lookup::Dummy => self.counters.discarded += 1,
            Lookup::Global => self.on_global(now, mt, cr, Some(c)),
            Lookup::Unknown => {
                match mt {
                    MessageType::ReleaseComplete => {}
                    MessageType::Setup
                        if matches!(cr, CallReference::Value { flag: false, .. }) =>
                    {
                        self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c));
                    }
                    MessageType::Setup => {}
                    _ => {
                        let c81 = self.cause(CauseValue::InvalidCallReferenceValue, None);
                        self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c81));
                    }
                }
                self.protocol_error(None, Some(mt), c.value);
            }
            Lookup::Found(idx) => {
                let h = self.handle(idx);
                self.protocol_error(Some(h), Some(mt), c.value);
                match mt {
                    MessageType::Release => {
                        let c31 = self.cause(CauseValue::NormalUnspecified, None);
                        self.rx_release(idx, c31, Some(c));
                    }
                    MessageType::ReleaseComplete => {
                        let c31 = self.cause(CauseValue::NormalUnspecified, None);
                        self.free_call(idx, c31);
                    }
                    // SETUP on a known call reference is ignored whatever its contents.
                    MessageType::Setup => {}
                    _ => {
                        let _ = now;
                        self.send_status(idx, c);
                    }
                }
            }
        }
    }

    /// §5.6.7 / §5.7.2: the codec's whole-message verdict.
    fn on_rejected(
        &mut self,
        now: Instant,
        cr: CallReference,
        mt: MessageType,
        response: MessageResponse,
        problems: &Problems,
    ) {
        if let (MessageType::LeafSetupRequest | MessageType::LeafSetupFailure, Lookup::Unknown) =
            (mt, self.lookup(cr))
        {
            let c = match response {
                MessageResponse::MandatoryIeError => {
                    let missing =
                        problems.iter().any(|p| p.kind == IeProblemKind::MandatoryMissing);
                    let (value, code) = if missing {
                        (CauseValue::MandatoryInformationElementMissing, 96)
                    } else {
                        (CauseValue::InvalidInformationElementContents, 100)
                    };
                    self.cause(value, Some(ie_diag(problems.ids_with_cause(code))))
                }
                MessageResponse::DiscardMessage => {
                    self.problem_cause(problems, |r| r == IeResponse::DiscardMessage)
                }
                MessageResponse::DiscardMessageReportStatus => {
                    self.problem_cause(problems, |r| r == IeResponse::DiscardMessageReportStatus)
                }
                MessageResponse::ClearCall => {
                    self.problem_cause(problems, |r| r == IeResponse::ClearCall)
                }
            };
            self.protocol_error(None, Some(mt), c.value);
            let refuse =
                matches!(response, MessageResponse::MandatoryIeError | MessageResponse::ClearCall);
            return self.on_leaf_rejected(mt, cr, refuse, c);
        }
        match response {
            MessageResponse::MandatoryIeError => {
                let missing = problems.iter().any(|p| p.kind == IeProblemKind::MandatoryMissing);
                let value = if missing {
                    CauseValue::MandatoryInformationElementMissing
                } else {
                    CauseValue::InvalidInformationElementContents
                };
                let code = if missing { 96 } else { 100 };
                let d = ie_diag(problems.ids_with_cause(code));
                self.reject_message(now, cr, mt, |s| s.cause(value, Some(d)));
            }
            MessageResponse::DiscardMessage => {
                let h = match self.lookup(cr) {
                    Lookup::Found(idx) => Some(self.handle(idx)),
                    Lookup::Dummy | Lookup::Global | Lookup::Unknown => None,
                };
                let c = self.problem_cause(problems, |r| r == IeResponse::DiscardMessage);
                self.protocol_error(h, Some(mt), c.value);
            }
            MessageResponse::DiscardMessageReportStatus => {
                let c =
                    self.problem_cause(problems, |r| r == IeResponse::DiscardMessageReportStatus);
                match self.lookup(cr) {
                    Lookup::Found(idx) => {
                        let h = self.handle(idx);
                        self.protocol_error(Some(h), Some(mt), c.value);
                        self.send_status(idx, c);
                    }
                    Lookup::Unknown | Lookup::Global => {
                        self.protocol_error(None, Some(mt), c.value);
                        self.send_status_raw(cr.reply(), CallStateValue::Null, c);
                    }
                    Lookup::Dummy => self.counters.discarded += 1,
                }
            }
            MessageResponse::ClearCall => {
                let c = self.problem_cause(problems, |r| r == IeResponse::ClearCall);
                match self.lookup(cr) {
                    Lookup::Found(idx) => {
                        let h = self.handle(idx);
                        self.protocol_error(Some(h), Some(mt), c.value);
                        match mt {
                            MessageType::Release => self.rx_release(idx, c, Some(c)),
                            MessageType::ReleaseComplete => self.free_call(idx, c),
                            _ => self.clear_on_error(now, idx, c),
                        }
                    }
                    Lookup::Unknown | Lookup::Global => {
                        self.protocol_error(None, Some(mt), c.value);
                        if mt != MessageType::ReleaseComplete {
                            self.send_clearing(cr.reply(), MessageType::ReleaseComplete, Some(c));
                        }
                    }
                    Lookup::Dummy => self.counters.discarded += 1,
                }
            }
        }
    }

    // ----- timers ----------------------------------------------------------------------

    fn expire(&mut self, now: Instant, idx: u32, t: Timer) {
        let Some(c) = self.call(idx) else { return };
        let cr = wire_cr(c);
        match t {
            Timer::T303 => {
                if c.t303_tries < MAX_TRIES {
                    // First expiry: SETUP again (Q.2931 §5.1.1 / §5.2.1).
                    let again = c.setup.clone();
                    if let Some(c) = self.call_mut(idx) {
                        c.t303_tries += 1;
                    }
                    if let Some(b) = again {
                        self.push_tx(b);
                    }
                    self.start(idx, Timer::T303, now);
                } else {
                    let cause = self.timer_cause(t);
                    self.send_clearing(cr, MessageType::ReleaseComplete, Some(cause));
                    self.free_call(idx, cause);
                }
            }
            Timer::T308 => {
                if c.t308_tries < MAX_TRIES {
                    // First expiry: RELEASE again (Q.2931 §5.4.3 / §5.4.4).
                    let cause = c.release_cause;
                    if let Some(c) = self.call_mut(idx) {
                        c.t308_tries += 1;
                    }
                    self.send_clearing(cr, MessageType::Release, cause);
                    self.start(idx, Timer::T308, now);
                } else {
                    // Second expiry: release the call reference; the VC is placed in a
                    // maintenance condition and restarted (Q.2931 §5.4.3, §5.5.1).
                    let cause = self.timer_cause(t);
                    self.free_call_inner(idx, cause, true);
                    self.kick_restart(now);
                }
            }
            Timer::T301 | Timer::T310 | Timer::T313 => {
                let cause = self.timer_cause(t);
                self.clear_on_error(now, idx, cause);
            }
            Timer::T360 | Timer::T361 => self.expire_modify(idx, t),
            Timer::T322 => {
                if c.t322_tries < MAX_TRIES {
                    self.send_status_enquiry(now, idx);
                } else {
                    // No answer to two STATUS ENQUIRYs: clear with cause 41.
                    let cause = self.cause(CauseValue::TemporaryFailure, None);
                    self.clear_on_error(now, idx, cause);
                }
            }
        }
    }

    fn expire_global(&mut self, now: Instant, t: GlobalTimer) {
        match t {
            // T309: the link did not come back; every call is cleared internally with
            // cause 27 (Q.2931 §5.5.6).
            GlobalTimer::T309 => {
                let cause = self.cause(CauseValue::DestinationOutOfOrder, None);
                for idx in 0..self.slots.len() as u32 {
                    if self.call(idx).is_some() {
                        self.free_call(idx, cause);
                    }
                }
            }
            // T316: RESTART once more; after the second expiry, REST0 and a report
            // (Q.2931 §5.5.1).
            GlobalTimer::T316 => {
                if self.restart != RestartState::RestartRequest {
                    return;
                }
                if self.restart_tries < MAX_TRIES {
                    self.restart_tries += 1;
                    self.send_restart();
                    self.start_global(GlobalTimer::T316, now);
                } else {
                    self.restart = RestartState::Null;
                    self.restart_tries = 0;
                    if let Some(target) = self.restart_target.take() {
                        self.push_event(Event::RestartFailed { target });
                    }
                    // VCs still in maintenance are tried again.
                    self.kick_restart(now);
                }
            }
            // T317: internal clearing is synchronous here, so it never expires; should it,
            // the restart is reported as done (Q.2931 §5.5.2 leaves it to maintenance).
            GlobalTimer::T317 => {
                if self.restart == RestartState::Restart {
                    self.restart = RestartState::Null;
                }
            }
        }
    }

    // ----- helpers ---------------------------------------------------------------------

    /// The SETUP is answered: its copy for T303 is no longer needed.
    fn forget_setup(&mut self, idx: u32) {
        if let Some(c) = self.call_mut(idx) {
            c.setup = None;
        }
    }

    fn release_state(&self) -> CallState {
        match self.cfg.side {
            Side::User => CallState::ReleaseRequest,
            Side::Network => CallState::ReleaseIndication,
        }
    }

    /// Clearing started by call control itself: RELEASE + T308, and a `Releasing` event.
    fn clear_on_error(&mut self, now: Instant, idx: u32, cause: Cause) {
        if self.call(idx).is_some_and(|c| c.state == self.release_state()) {
            return;
        }
        self.start_release(now, idx, cause);
        let h = self.handle(idx);
        self.push_event(Event::Releasing { call: h, cause });
    }

    fn start_release(&mut self, now: Instant, idx: u32, cause: Cause) {
        let Some(cr) = self.call(idx).map(wire_cr) else { return };
        for t in Timer::ALL {
            self.stop(idx, t);
        }
        let rs = self.release_state();
        if let Some(c) = self.call_mut(idx) {
            c.state = rs;
            c.release_cause = Some(cause);
            c.t308_tries = 1;
            c.setup = None;
        }
        self.send_clearing(cr, MessageType::Release, Some(cause));
        self.start(idx, Timer::T308, now);
    }

    fn send_status_enquiry(&mut self, now: Instant, idx: u32) {
        let Some(cr) = self.call(idx).map(wire_cr) else { return };
        self.send_simple(cr, MessageType::StatusEnquiry, None);
        if let Some(c) = self.call_mut(idx) {
            c.t322_tries = c.t322_tries.saturating_add(1);
        }
        self.start(idx, Timer::T322, now);
    }

    /// Sends the response message of an answer request and moves to `next`.
    fn answer(&mut self, idx: u32, mt: MessageType, next: CallState) -> Result<(), Error> {
        let c = self.call(idx).ok_or(Error::NoSuchCall)?;
        let cr = wire_cr(c);
        // The network's first answer carries the connection identifier (Q.2931 §5.1.2).
        let ci = match (self.cfg.side, c.vc_agreed, c.vc) {
            (Side::Network, false, Some((p, v))) => Some(ConnectionIdentifier::exclusive(p, v)),
            _ => None,
        };
        let m = self.reset_tx(cr, mt);
        if let Some(ci) = ci {
            m.ies.connection_identifier = Some(Ie::new(ci));
        }
        self.transmit()?;
        if let Some(c) = self.call_mut(idx) {
            c.vc_agreed = true;
            c.state = next;
        }
        Ok(())
    }

    fn reset_tx(&mut self, cr: CallReference, mt: MessageType) -> &mut Message {
        let m = &mut *self.tx_msg;
        m.call_reference = cr;
        m.message_type = mt;
        m.compatibility = crate::codec::MessageCompatibility::REGULAR;
        m.ies.clear();
        m
    }

    fn send_simple(&mut self, cr: CallReference, mt: MessageType, cause: Option<Cause>) {
        let m = self.reset_tx(cr, mt);
        if let Some(c) = cause {
            let _ = m.ies.cause.push(Ie::new(c));
        }
        let _ = self.transmit();
    }

    fn send_clearing(&mut self, cr: CallReference, mt: MessageType, cause: Option<Cause>) {
        let cause = match (mt, cause) {
            // RELEASE requires a cause.
            (MessageType::Release, None) => Some(self.cause(CauseValue::NormalUnspecified, None)),
            (_, c) => c,
        };
        self.send_simple(cr, mt, cause);
    }

    fn send_status(&mut self, idx: u32, cause: Cause) {
        let Some((cr, state)) = self.call(idx).map(|c| (wire_cr(c), c.state)) else { return };
        self.send_status_raw(cr, state.ie_value(), cause);
    }

    fn send_status_raw(&mut self, cr: CallReference, state: CallStateValue, cause: Cause) {
        let m = self.reset_tx(cr, MessageType::Status);
        m.ies.call_state = Some(Ie::new(CallStateIe { state }));
        let _ = m.ies.cause.push(Ie::new(cause));
        let _ = self.transmit();
    }

    fn rx_cause(&self) -> Cause {
        self.rx
            .ies
            .cause
            .first()
            .map_or(Cause::new(self.peer_location(), CauseValue::NormalUnspecified), |ie| {
                ie.contents
            })
    }

    fn peer_location(&self) -> Location {
        match self.cfg.side {
            Side::User => Location::PrivateNetworkLocalUser,
            Side::Network => Location::User,
        }
    }

    fn cause(&self, value: CauseValue, diagnostic: Option<Diagnostic>) -> Cause {
        let location = match self.cfg.side {
            Side::User => Location::User,
            Side::Network => Location::PrivateNetworkLocalUser,
        };
        Cause { location, value, diagnostic }
    }

    fn timer_cause(&self, t: Timer) -> Cause {
        self.cause(CauseValue::RecoveryOnTimerExpiry, Some(Diagnostic::Timer(t.digits())))
    }

    /// The cause (99 or 100, with the IE identifiers) of the problems whose response
    /// satisfies `pick`.
    fn problem_cause(&self, problems: &Problems, pick: impl Fn(IeResponse) -> bool) -> Cause {
        let first = problems.iter().find(|p| pick(p.response()));
        let code = first.and_then(|p| p.cause()).unwrap_or(99);
        let value = CauseValue::from(code);
        let ids =
            problems.iter().filter(|p| pick(p.response()) && p.cause() == Some(code)).map(|p| p.id);
        self.cause(value, Some(ie_diag(ids)))
    }

    fn protocol_error(
        &mut self,
        call: Option<CallHandle>,
        mt: Option<MessageType>,
        cause: CauseValue,
    ) {
        self.push_event(Event::ProtocolError { call, message_type: mt, cause });
    }

    /// Encodes the message built in `tx_msg` and queues it for transmission; `Error::Encode`
    /// (nothing queued) when it cannot be encoded. Callers answering the peer ignore that
    /// error: there is no one to report it to, and the peer's timers recover.
    fn transmit(&mut self) -> Result<(), Error> {
        let b = encode(&self.tx_msg, &mut self.scratch[..]).ok_or(Error::Encode)?;
        self.push_tx(b);
        Ok(())
    }

    fn push_tx(&mut self, b: Vec<u8>) {
        if self.tx.len() >= self.queue_cap {
            self.counters.transmit_overflow += 1;
        } else {
            self.tx.push_back(b);
        }
    }

    fn push_event(&mut self, e: Event) {
        if self.events.len() >= self.queue_cap {
            self.counters.event_overflow += 1;
        } else {
            self.events.push_back(e);
        }
    }

    fn call(&self, idx: u32) -> Option<&Call> {
        self.slots.get(idx as usize).and_then(|s| s.call.as_ref())
    }

    fn call_mut(&mut self, idx: u32) -> Option<&mut Call> {
        self.slots.get_mut(idx as usize).and_then(|s| s.call.as_mut())
    }

    fn state_of(&self, idx: u32) -> Result<CallState, Error> {
        self.call(idx).map(|c| c.state).ok_or(Error::NoSuchCall)
    }

    fn set_state(&mut self, idx: u32, s: CallState) {
        if let Some(c) = self.call_mut(idx) {
            c.state = s;
        }
    }

    fn handle(&self, idx: u32) -> CallHandle {
        let generation = self.slots.get(idx as usize).map_or(0, |s| s.generation);
        CallHandle { index: idx, generation }
    }

    fn resolve(&self, h: CallHandle) -> Result<u32, Error> {
        match self.slots.get(h.index as usize) {
            Some(s) if s.generation == h.generation && s.call.is_some() => Ok(h.index),
            _ => Err(Error::NoSuchCall),
        }
    }

    fn timer_duration(&self, t: Timer) -> Duration {
        let ts = &self.cfg.timers;
        match t {
            Timer::T301 => ts.t301,
            Timer::T303 => ts.t303,
            Timer::T308 => ts.t308,
            Timer::T310 => ts.t310,
            Timer::T313 => ts.t313,
            Timer::T322 => ts.t322,
            Timer::T360 => ts.t360,
            Timer::T361 => ts.t361,
        }
    }

    fn start(&mut self, idx: u32, t: Timer, now: Instant) {
        let at = now.saturating_add(self.timer_duration(t));
        let Some(c) = self.call_mut(idx) else { return };
        if let Some(s) = c.timers.get_mut(t.index()) {
            *s = Some(at);
        }
        self.heap.set(idx * Timer::COUNT as u32 + t.index() as u32, at);
    }

    fn stop(&mut self, idx: u32, t: Timer) {
        let Some(c) = self.call_mut(idx) else { return };
        let was = c.timers.get_mut(t.index()).and_then(Option::take);
        if was.is_some() {
            self.heap.remove(idx * Timer::COUNT as u32 + t.index() as u32);
        }
    }

    fn start_global(&mut self, t: GlobalTimer, now: Instant) {
        let d = match t {
            GlobalTimer::T309 => self.cfg.timers.t309,
            GlobalTimer::T316 => self.cfg.timers.t316,
            GlobalTimer::T317 => self.cfg.timers.t317,
        };
        if let Some(s) = self.global.get_mut(t.index()) {
            *s = Some(now.saturating_add(d));
        }
    }

    fn stop_global(&mut self, t: GlobalTimer) {
        if let Some(s) = self.global.get_mut(t.index()) {
            *s = None;
        }
    }

    /// Returns the call to Null: timers, call reference and connection identifier freed,
    /// `Released` reported.
    fn free_call(&mut self, idx: u32, cause: Cause) {
        self.free_call_inner(idx, cause, false);
    }

    /// [`Self::free_call`]; with `maintain`, the VC goes to the maintenance list instead of
    /// back to the pool.
    fn free_call_inner(&mut self, idx: u32, cause: Cause, maintain: bool) {
        for t in Timer::ALL {
            self.stop(idx, t);
        }
        let h = self.handle(idx);
        let parties = self.call_mut(idx).map(|c| core::mem::take(&mut c.parties));
        for p in parties.into_iter().flatten() {
            self.free_party_slot(p);
        }
        let Some(slot) = self.slots.get_mut(idx as usize) else { return };
        let Some(call) = slot.call.take() else { return };
        slot.generation = slot.generation.wrapping_add(1);
        if !call.local {
            self.remote.remove(call.cr);
        }
        match (maintain, self.cfg.side, call.vc) {
            (true, Side::Network, Some(vc)) => self.maintenance.push(vc),
            // The user side does not own VCs: keep each once, within the slab's size.
            (true, Side::User, Some(vc)) => {
                if call.vc_agreed
                    && !self.maintenance.contains(&vc)
                    && self.maintenance.len() < self.slots.len()
                {
                    self.maintenance.push(vc);
                }
            }
            (_, Side::Network, Some((p, v))) => self.vcs.release(p, v),
            (_, Side::User | Side::Network, _) => {}
        }
        self.free.push_back(idx);
        self.push_event(Event::Released { call: h, cause });
    }
}

/// The call reference as this side sends it: the flag is set by the side that did not
/// allocate the value (Q.2931 §4.3).
fn wire_cr(c: &Call) -> CallReference {
    CallReference::Value { flag: !c.local, value: c.cr }
}

/// Encodes `m` through `scratch` (large enough for any usual message; bigger ones are
/// sized exactly), so the output vector is allocated once at its final size.
fn encode(m: &Message, scratch: &mut [u8]) -> Option<Vec<u8>> {
    match m.encode(scratch) {
        Ok(n) => scratch.get(..n).map(<[u8]>::to_vec),
        Err(crate::codec::EncodeError::BufferTooSmall) => {
            let mut v = alloc::vec![0u8; m.buffer_len()];
            let n = m.encode(&mut v).ok()?;
            v.truncate(n);
            Some(v)
        }
        Err(_) => None,
    }
}

/// Octets of the Q.2931 header (Q.2931 §4.1, with a 3-octet call reference) that SETUP
/// templates are patched at.
mod field {
    use core::ops::Range;
    /// Call reference length octet.
    pub const CALL_REF_LEN: usize = 1;
    /// Flag and call reference value.
    pub const CALL_REF: Range<usize> = 2..5;
    /// Message type.
    pub const MESSAGE_TYPE: usize = 5;
}

/// Encodes `template` as a SETUP on call reference `value` (flag clear) without copying
/// the template: the header octets are patched after encoding. `None` when the template
/// has no 3-octet call reference to patch.
fn encode_setup(template: &Message, value: u32, scratch: &mut [u8]) -> Option<Vec<u8>> {
    if template.call_reference.is_dummy() {
        return None;
    }
    let mut b = encode(template, scratch)?;
    if b.get(field::CALL_REF_LEN).copied() != Some(3) {
        return None;
    }
    let v = value.to_be_bytes();
    b.get_mut(field::CALL_REF)?.copy_from_slice(v.get(1..4)?);
    *b.get_mut(field::MESSAGE_TYPE)? = u8::from(MessageType::Setup);
    Some(b)
}

fn mt_diag(mt: MessageType) -> Diagnostic {
    Diagnostic::MessageType(u8::from(mt))
}

fn ie_diag(ids: impl Iterator<Item = IeId>) -> Diagnostic {
    let mut buf = [0u8; 28];
    let mut n = 0;
    for (slot, id) in buf.iter_mut().zip(ids) {
        *slot = u8::from(id);
        n += 1;
    }
    let d = Bytes::from_slice(buf.get(..n).unwrap_or(&[])).unwrap_or_default();
    if d.is_empty() {
        Diagnostic::InformationElements(Bytes::from_slice(&[0]).unwrap_or_default())
    } else {
        Diagnostic::InformationElements(d)
    }
}
