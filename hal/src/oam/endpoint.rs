//! The OAM functions of a VP or VC connection end point (I.610 §9.2, F4 and
//! F5 alike): AIS / RDI defect states, continuity check with loss of continuity (LOC), and the
//! loopback responder and originator. Sans-IO.
//!
//! Defect states (I.610 §9.2):
//! - AIS state: entered when an AIS cell arrives (or the physical layer below us fails, see
//!   [`OamEndpoint::handle_link_state`]); left when a user cell or CC cell arrives or no AIS
//!   cell has arrived for 2.5 s. While in it, an RDI cell goes upstream at once and then
//!   once per second.
//! - RDI state: entered when an RDI cell arrives; left when none has arrived for 2.5 s.
//! - LOC (only while continuity check is active): no user cell or CC cell has arrived for
//!   3.5 s. Treated like AIS: RDI goes upstream once per second; left when a user cell or CC
//!   cell arrives. LOC is not declared in the AIS state, where the upstream failure is
//!   already known.
//!
//! Continuity check (I.610 §9.2): when active, a CC cell is sent whenever no
//! user cell has been sent for 1 s.
//!
//! Poll order after any `handle_*` call: drain [`OamEndpoint::poll_transmit`], then
//! [`OamEndpoint::poll_event`], then re-arm the host timer with
//! [`OamEndpoint::poll_timeout`].

use super::cell::{DefectRepr, LocationId, OamCell, OamRepr, OAM_PAYLOAD_LEN};
use super::flow::{OamConnection, OamFlow, OamLevel};
use super::loopback::{
    LoopbackOriginator, LoopbackOutcome, LoopbackResponder, LoopbackResponderConfig,
    LoopbackResponderCounters, SOURCE_ID_NOT_USED,
};
use super::queue::FixedQueue;
use super::OamError;
use crate::time::{Duration, Instant};

/// AIS state release: no AIS cell for 2.5 s (I.610 allows 2.5 ± 0.5 s).
pub const AIS_RELEASE: Duration = Duration::from_millis(2_500);
/// RDI state release: no RDI cell for 2.5 s (I.610 allows 2.5 ± 0.5 s).
pub const RDI_RELEASE: Duration = Duration::from_millis(2_500);
/// Period of RDI cells sent while a forward defect lasts (I.610: nominally 1 cell/s).
pub const RDI_PERIOD: Duration = Duration::from_secs(1);
/// Period of AIS cells generated downstream (I.610: nominally 1 cell/s).
pub const AIS_PERIOD: Duration = Duration::from_secs(1);
/// A CC cell is sent when no user cell has been sent for this long (I.610: 1 s).
pub const CC_PERIOD: Duration = Duration::from_secs(1);
/// LOC is declared when no user or CC cell has arrived for this long (I.610: 3.5 ± 0.5 s).
pub const LOC_DETECTION: Duration = Duration::from_millis(3_500);

/// Capacity of the transmit queue.
pub const TRANSMIT_QUEUE_LEN: usize = 8;
/// Capacity of the event queue.
pub const EVENT_QUEUE_LEN: usize = 16;

/// A defect an end point reports (I.610 §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Defect {
    /// AIS state: a failure upstream of us (AIS cells or a failed physical layer below us).
    Ais,
    /// RDI state: the far end reports a failure in the direction from us to it.
    Rdi,
    /// Loss of continuity: nothing arrives although continuity check is active.
    Loc,
}

/// What an [`OamEndpoint`] reports to its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OamEvent {
    /// A defect state was entered.
    DefectRaised(Defect),
    /// A defect state was left.
    DefectCleared(Defect),
    /// A loopback request we originated ended.
    Loopback(LoopbackOutcome),
}

/// The current defect states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefectStatus {
    /// In the AIS state.
    pub ais: bool,
    /// In the RDI state.
    pub rdi: bool,
    /// Loss of continuity declared.
    pub loc: bool,
}

/// Counters of an [`OamEndpoint`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OamEndpointCounters {
    /// OAM cells that parsed.
    pub cells_received: u64,
    /// OAM cells with a wrong CRC-10.
    pub crc_errors: u64,
    /// OAM cells rejected for another reason (code points, reserved bits, length).
    pub format_errors: u64,
    /// Valid OAM cells this end point does not act on (other level, PM, APS, ...).
    pub cells_ignored: u64,
    /// OAM cells queued for transmission.
    pub cells_sent: u64,
    /// Cells dropped because the transmit queue was full.
    pub transmit_overflow: u64,
    /// Events dropped because the event queue was full.
    pub event_overflow: u64,
}

/// Configuration of an [`OamEndpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OamEndpointConfig {
    /// The VP or VC this end point terminates.
    pub connection: OamConnection,
    /// The flow level whose AIS, RDI and CC cells this end point terminates and generates
    /// (end-to-end at a connection end point). Loopback is answered on both levels.
    pub level: OamLevel,
    /// Whether continuity check is active from the start.
    pub continuity_check: bool,
    /// Loopback location IDs and rate limit of the responder.
    pub loopback: LoopbackResponderConfig,
    /// Source ID put into our loopback requests.
    pub source_id: LocationId,
    /// Correlation tag of our first loopback request.
    pub first_correlation_tag: u32,
}

impl OamEndpointConfig {
    /// An end-to-end end point of `connection` with continuity check off, no own location
    /// IDs and the default loopback rate limit.
    pub fn new(connection: OamConnection) -> Self {
        OamEndpointConfig {
            connection,
            level: OamLevel::EndToEnd,
            continuity_check: false,
            loopback: LoopbackResponderConfig::default(),
            source_id: SOURCE_ID_NOT_USED,
            first_correlation_tag: 1,
        }
    }
}

/// The timers of an end point, indexing its fixed timer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    /// Leave the AIS state: 2.5 s after the last AIS cell.
    AisRelease,
    /// Leave the RDI state: 2.5 s after the last RDI cell.
    RdiRelease,
    /// Send the next RDI cell while a forward defect lasts.
    RdiGeneration,
    /// Send a CC cell: 1 s after the last cell we sent on the connection.
    CcGeneration,
    /// Declare LOC: 3.5 s after the last user or CC cell received.
    LocDetection,
    /// The earliest loopback request deadline.
    Loopback,
}

impl Timer {
    const ALL: [Timer; 6] = [
        Timer::AisRelease,
        Timer::RdiRelease,
        Timer::RdiGeneration,
        Timer::CcGeneration,
        Timer::LocDetection,
        Timer::Loopback,
    ];

    const fn index(self) -> usize {
        self as usize
    }
}

/// The fixed timer table.
#[derive(Debug, Clone, Copy, Default)]
struct TimerTable([Option<Instant>; Timer::ALL.len()]);

impl TimerTable {
    fn get(&self, timer: Timer) -> Option<Instant> {
        self.0.get(timer.index()).copied().flatten()
    }

    fn set(&mut self, timer: Timer, deadline: Option<Instant>) {
        if let Some(slot) = self.0.get_mut(timer.index()) {
            *slot = deadline;
        }
    }

    fn earliest(&self) -> Option<Instant> {
        self.0.iter().flatten().min().copied()
    }
}

/// The state of the forward (receive) direction of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ForwardState {
    /// No forward defect.
    Normal,
    /// AIS state; `defect` is what the AIS cell reported, echoed in our RDI cells.
    AisState { defect: DefectRepr },
    /// Loss of continuity.
    LossOfContinuity,
}

/// OAM at a VP or VC connection end point (I.610 §9.2).
#[derive(Debug, Clone)]
pub struct OamEndpoint {
    config: OamEndpointConfig,
    forward: ForwardState,
    rdi_state: bool,
    link_up: bool,
    continuity_check: bool,
    timers: TimerTable,
    responder: LoopbackResponder,
    originator: LoopbackOriginator,
    transmit: FixedQueue<(OamFlow, [u8; OAM_PAYLOAD_LEN]), TRANSMIT_QUEUE_LEN>,
    events: FixedQueue<OamEvent, EVENT_QUEUE_LEN>,
    counters: OamEndpointCounters,
}

/// The next deadline of a periodic timer that fired at `deadline`, without drifting but never
/// in the past.
fn next_period(deadline: Instant, period: Duration, now: Instant) -> Instant {
    let next = deadline.saturating_add(period);
    if next > now {
        next
    } else {
        now.saturating_add(period)
    }
}

impl OamEndpoint {
    /// A new end point at `now`, link up, no defects.
    pub fn new(now: Instant, config: OamEndpointConfig) -> Self {
        let mut endpoint = OamEndpoint {
            config,
            forward: ForwardState::Normal,
            rdi_state: false,
            link_up: true,
            continuity_check: false,
            timers: TimerTable::default(),
            responder: LoopbackResponder::new(config.loopback),
            originator: LoopbackOriginator::new(config.source_id, config.first_correlation_tag),
            transmit: FixedQueue::new(),
            events: FixedQueue::new(),
            counters: OamEndpointCounters::default(),
        };
        endpoint.set_continuity_check(now, config.continuity_check);
        endpoint
    }

    /// The configuration.
    pub fn config(&self) -> &OamEndpointConfig {
        &self.config
    }

    /// The current defect states.
    pub fn defects(&self) -> DefectStatus {
        DefectStatus {
            ais: matches!(self.forward, ForwardState::AisState { .. }),
            rdi: self.rdi_state,
            loc: self.forward == ForwardState::LossOfContinuity,
        }
    }

    /// Whether continuity check is active.
    pub fn continuity_check(&self) -> bool {
        self.continuity_check
    }

    /// The counters.
    pub fn counters(&self) -> OamEndpointCounters {
        self.counters
    }

    /// The loopback responder's counters.
    pub fn loopback_counters(&self) -> LoopbackResponderCounters {
        self.responder.counters()
    }

    /// Activate or deactivate continuity check (I.610 §9.2; the activation handshake of
    /// §10.2 is left to the owner). Deactivating clears LOC.
    pub fn set_continuity_check(&mut self, now: Instant, enabled: bool) {
        self.continuity_check = enabled;
        if enabled {
            self.timers.set(Timer::CcGeneration, Some(now.saturating_add(CC_PERIOD)));
            self.timers.set(Timer::LocDetection, Some(now.saturating_add(LOC_DETECTION)));
        } else {
            self.timers.set(Timer::CcGeneration, None);
            self.timers.set(Timer::LocDetection, None);
            if self.forward == ForwardState::LossOfContinuity {
                self.leave_forward_defect(Defect::Loc);
            }
        }
    }

    /// An OAM cell of this connection arrived on `level` (the owner classified it with
    /// [`OamFlow::classify`]). Invalid cells are counted and returned as errors.
    pub fn handle_cell(
        &mut self,
        now: Instant,
        level: OamLevel,
        payload: &[u8],
    ) -> Result<(), OamError> {
        let repr = match OamRepr::parse(&OamCell::new_unchecked(payload)) {
            Ok(repr) => repr,
            Err(error) => {
                match error {
                    OamError::BadCrc { .. } => {
                        self.counters.crc_errors = self.counters.crc_errors.saturating_add(1);
                    }
                    _ => {
                        self.counters.format_errors = self.counters.format_errors.saturating_add(1);
                    }
                }
                return Err(error);
            }
        };
        self.counters.cells_received = self.counters.cells_received.saturating_add(1);
        let ours = level == self.config.level;
        match repr {
            OamRepr::Loopback(loopback) if loopback.indication => {
                if let Some(reply) = self.responder.respond(now, level, &loopback) {
                    self.queue_cell(level, &OamRepr::Loopback(reply));
                }
            }
            OamRepr::Loopback(loopback) => {
                match self.originator.handle_reply(now, level, &loopback) {
                    Some(outcome) => self.push_event(OamEvent::Loopback(outcome)),
                    None => self.count_ignored(),
                }
                self.timers.set(Timer::Loopback, self.originator.poll_timeout());
            }
            OamRepr::Ais(defect) if ours => self.on_ais(now, defect),
            OamRepr::Rdi(_) if ours => self.on_rdi(now),
            OamRepr::ContinuityCheck if ours => self.on_user_or_cc(now),
            OamRepr::Ais(_)
            | OamRepr::Rdi(_)
            | OamRepr::ContinuityCheck
            | OamRepr::Other { .. } => self.count_ignored(),
        }
        Ok(())
    }

    /// A user cell of this connection arrived: it proves continuity and clears AIS and LOC.
    pub fn handle_user_cell(&mut self, now: Instant) {
        self.on_user_or_cc(now);
    }

    /// We sent a user cell on this connection: the next CC cell is due 1 s later.
    pub fn handle_user_cell_sent(&mut self, now: Instant) {
        if self.continuity_check {
            self.timers.set(Timer::CcGeneration, Some(now.saturating_add(CC_PERIOD)));
        }
    }

    /// The physical layer below this end point went down or came back. Down is a defect
    /// indication from the layer below: the end point enters the AIS state (and sends RDI
    /// upstream) until the link is back and the normal release rules apply.
    pub fn handle_link_state(&mut self, now: Instant, up: bool) {
        if up == self.link_up {
            return;
        }
        self.link_up = up;
        if up {
            if matches!(self.forward, ForwardState::AisState { .. }) {
                self.timers.set(Timer::AisRelease, Some(now.saturating_add(AIS_RELEASE)));
            }
            if self.continuity_check {
                self.timers.set(Timer::LocDetection, Some(now.saturating_add(LOC_DETECTION)));
            }
        } else {
            self.enter_ais(now, DefectRepr::NOT_USED);
            self.timers.set(Timer::AisRelease, None);
        }
    }

    /// Start a loopback test at `level` towards `location_id`; returns the correlation tag.
    /// The result arrives as [`OamEvent::Loopback`].
    pub fn send_loopback(
        &mut self,
        now: Instant,
        level: OamLevel,
        location_id: LocationId,
    ) -> Result<u32, OamError> {
        if self.transmit.len() >= TRANSMIT_QUEUE_LEN {
            return Err(OamError::QueueFull);
        }
        let request = self.originator.start(now, level, location_id)?;
        self.queue_cell(level, &OamRepr::Loopback(request));
        self.timers.set(Timer::Loopback, self.originator.poll_timeout());
        Ok(request.correlation_tag)
    }

    /// Run every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        for timer in Timer::ALL {
            let Some(deadline) = self.timers.get(timer) else {
                continue;
            };
            if deadline > now {
                continue;
            }
            self.timers.set(timer, None);
            match timer {
                Timer::AisRelease => {
                    if matches!(self.forward, ForwardState::AisState { .. }) {
                        self.leave_forward_defect(Defect::Ais);
                        if self.continuity_check {
                            self.timers
                                .set(Timer::LocDetection, Some(now.saturating_add(LOC_DETECTION)));
                        }
                    }
                }
                Timer::RdiRelease => {
                    if self.rdi_state {
                        self.rdi_state = false;
                        self.push_event(OamEvent::DefectCleared(Defect::Rdi));
                    }
                }
                Timer::RdiGeneration => {
                    if self.forward != ForwardState::Normal {
                        self.send_rdi();
                        self.timers.set(
                            Timer::RdiGeneration,
                            Some(next_period(deadline, RDI_PERIOD, now)),
                        );
                    }
                }
                Timer::CcGeneration => {
                    if self.continuity_check {
                        self.queue_cell(self.config.level, &OamRepr::ContinuityCheck);
                        self.timers
                            .set(Timer::CcGeneration, Some(next_period(deadline, CC_PERIOD, now)));
                    }
                }
                Timer::LocDetection => {
                    if self.continuity_check && self.forward == ForwardState::Normal {
                        self.forward = ForwardState::LossOfContinuity;
                        self.push_event(OamEvent::DefectRaised(Defect::Loc));
                        self.start_rdi(now);
                    }
                }
                Timer::Loopback => {
                    while let Some(outcome) = self.originator.poll_expired(now) {
                        self.push_event(OamEvent::Loopback(outcome));
                    }
                    self.timers.set(Timer::Loopback, self.originator.poll_timeout());
                }
            }
        }
    }

    /// When [`OamEndpoint::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.earliest()
    }

    /// The next OAM cell to send and the flow to send it on.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<(OamFlow, [u8; OAM_PAYLOAD_LEN])> {
        self.transmit.pop()
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<OamEvent> {
        self.events.pop()
    }

    fn on_ais(&mut self, now: Instant, defect: DefectRepr) {
        self.enter_ais(now, defect);
        if self.link_up {
            self.timers.set(Timer::AisRelease, Some(now.saturating_add(AIS_RELEASE)));
        }
    }

    fn enter_ais(&mut self, now: Instant, defect: DefectRepr) {
        match self.forward {
            ForwardState::Normal => {
                self.push_event(OamEvent::DefectRaised(Defect::Ais));
            }
            ForwardState::LossOfContinuity => {
                self.push_event(OamEvent::DefectCleared(Defect::Loc));
                self.push_event(OamEvent::DefectRaised(Defect::Ais));
            }
            ForwardState::AisState { .. } => {}
        }
        self.forward = ForwardState::AisState { defect };
        self.start_rdi(now);
    }

    fn on_rdi(&mut self, now: Instant) {
        if !self.rdi_state {
            self.rdi_state = true;
            self.push_event(OamEvent::DefectRaised(Defect::Rdi));
        }
        self.timers.set(Timer::RdiRelease, Some(now.saturating_add(RDI_RELEASE)));
    }

    fn on_user_or_cc(&mut self, now: Instant) {
        if self.continuity_check {
            self.timers.set(Timer::LocDetection, Some(now.saturating_add(LOC_DETECTION)));
        }
        match self.forward {
            ForwardState::Normal => {}
            // A cell that arrives while our own link is down cannot prove the path works.
            ForwardState::AisState { .. } if !self.link_up => {}
            ForwardState::AisState { .. } => self.leave_forward_defect(Defect::Ais),
            ForwardState::LossOfContinuity => self.leave_forward_defect(Defect::Loc),
        }
    }

    fn leave_forward_defect(&mut self, defect: Defect) {
        self.forward = ForwardState::Normal;
        self.timers.set(Timer::AisRelease, None);
        self.timers.set(Timer::RdiGeneration, None);
        self.push_event(OamEvent::DefectCleared(defect));
    }

    /// Send RDI now and once per second, unless already doing so.
    fn start_rdi(&mut self, now: Instant) {
        if self.timers.get(Timer::RdiGeneration).is_none() {
            self.send_rdi();
            self.timers.set(Timer::RdiGeneration, Some(now.saturating_add(RDI_PERIOD)));
        }
    }

    fn send_rdi(&mut self) {
        // The RDI cell echoes the defect type and location of the AIS that caused it.
        let defect = match self.forward {
            ForwardState::AisState { defect } => defect,
            ForwardState::Normal | ForwardState::LossOfContinuity => DefectRepr::NOT_USED,
        };
        self.queue_cell(self.config.level, &OamRepr::Rdi(defect));
    }

    fn queue_cell(&mut self, level: OamLevel, repr: &OamRepr) {
        let flow = self.config.connection.flow(level);
        match self.transmit.push((flow, repr.to_payload())) {
            Ok(()) => self.counters.cells_sent = self.counters.cells_sent.saturating_add(1),
            Err(_) => {
                self.counters.transmit_overflow = self.counters.transmit_overflow.saturating_add(1);
            }
        }
    }

    fn push_event(&mut self, event: OamEvent) {
        if self.events.push(event).is_err() {
            self.counters.event_overflow = self.counters.event_overflow.saturating_add(1);
        }
    }

    fn count_ignored(&mut self) {
        self.counters.cells_ignored = self.counters.cells_ignored.saturating_add(1);
    }
}
