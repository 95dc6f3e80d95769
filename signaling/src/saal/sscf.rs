//! SSCF-UNI, the service-specific coordination function for the UNI (ITU-T Q.2130).
//!
//! Maps the AAL primitives Q.2931 uses (AAL-ESTABLISH, -RELEASE, -DATA, -UNITDATA) onto the
//! SSCOP AA-signals, answers SSCOP's AA-RECOVER and AA-RESYNC indications itself (Q.2130
//! §6: a peer-initiated resynchronisation or an error recovery is reported to layer 3 as
//! AAL-ESTABLISH.indication, since data may have been lost), and reports the link state
//! call control needs. T309 belongs to call control, not here.
//!
//! Sans-IO like [`Sscop`]: the same poll order (events, transmit, timeout) applies; the
//! SSCF reacts to SSCOP indications inside every `handle_*` call, so its own events are
//! ready when the call returns.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;

use hal::time::Instant;

use super::sscop::{
    BufferRelease, Config, ConfigError, Event, MaaError, Signal, SignalError, Sscop,
};

/// SSCF-UNI states (Q.2130 §6, numbered as there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SscfState {
    /// 1: Idle / released — no SAAL connection.
    Released,
    /// 2: Outgoing connection pending — awaiting AA-ESTABLISH.confirm.
    AwaitingEstablish,
    /// 4: Outgoing disconnection pending — awaiting AA-RELEASE.confirm.
    AwaitingRelease,
    /// 5: Outgoing resynchronization pending — AAL-ESTABLISH.request while established.
    AwaitingResynchronization,
    /// 10: Data transfer ready.
    Established,
}

impl SscfState {
    /// The Q.2130 state number.
    pub const fn number(self) -> u8 {
        match self {
            SscfState::Released => 1,
            SscfState::AwaitingEstablish => 2,
            SscfState::AwaitingRelease => 4,
            SscfState::AwaitingResynchronization => 5,
            SscfState::Established => 10,
        }
    }
}

impl fmt::Display for SscfState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({self:?})", self.number())
    }
}

/// The link state call control acts on (Q.2931 §5.5.6 / T309 handling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// The SAAL connection is (again) established: after AAL-ESTABLISH.confirm or
    /// .indication, including after a peer resynchronisation or an error recovery, where
    /// call control should check its calls (status enquiry).
    Up,
    /// An established SAAL connection was released by the peer or by SSCOP (start T309).
    Down,
    /// AAL-ESTABLISH.request failed (BGREJ, or no answer after MaxCC BGNs).
    EstablishmentFailed,
}

/// Indications and confirms to layer 3 (Q.2130 §5.1) and layer management.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SscfEvent {
    /// AAL-ESTABLISH.indication.
    EstablishIndication,
    /// AAL-ESTABLISH.confirm.
    EstablishConfirm,
    /// AAL-RELEASE.indication.
    ReleaseIndication,
    /// AAL-RELEASE.confirm.
    ReleaseConfirm,
    /// AAL-DATA.indication (a Q.2931 message).
    DataIndication(Vec<u8>),
    /// AAL-UNITDATA.indication.
    UnitdataIndication(Vec<u8>),
    /// The link-state change implied by the primitive just reported.
    Link(LinkStatus),
    /// MAA-ERROR.indication from SSCOP, for layer management.
    MaaError(MaaError),
}

/// Why an AAL primitive was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SscfError {
    /// Q.2130 defines no transition for the primitive in this state.
    InvalidInState {
        /// The primitive.
        primitive: &'static str,
        /// The state it arrived in.
        state: SscfState,
        /// States where it is valid.
        expected: &'static str,
    },
    /// SSCOP refused the AA-signal (too long, queue full, discarded during recovery).
    Sscop(SignalError),
}

impl fmt::Display for SscfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SscfError::InvalidInState { primitive, state, expected } => {
                write!(f, "{primitive} in SSCF state {state}: expected state {expected}")
            }
            SscfError::Sscop(e) => write!(f, "SSCOP refused: {e}"),
        }
    }
}

impl From<SignalError> for SscfError {
    fn from(e: SignalError) -> Self {
        SscfError::Sscop(e)
    }
}

/// An SSCF-UNI entity with its SSCOP.
#[derive(Debug, Clone)]
pub struct SscfUni {
    sscop: Sscop,
    state: SscfState,
    events: VecDeque<SscfEvent>,
}

impl SscfUni {
    /// A released SSCF-UNI over an SSCOP with `config` (use [`Config::default`] for the
    /// Q.2130 parameter set).
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        Ok(SscfUni {
            sscop: Sscop::new(config)?,
            state: SscfState::Released,
            events: VecDeque::new(),
        })
    }

    /// The SSCF state.
    pub fn state(&self) -> SscfState {
        self.state
    }

    /// True in state 10 (and 5, where data still flows until the RSAK).
    pub fn is_link_up(&self) -> bool {
        matches!(self.state, SscfState::Established | SscfState::AwaitingResynchronization)
    }

    /// The SSCOP entity (read-only: state, variables, counters).
    pub fn sscop(&self) -> &Sscop {
        &self.sscop
    }

    /// AAL-ESTABLISH.request (Q.2130 §6): establish, or resynchronise when established.
    pub fn establish_request(&mut self, now: Instant) -> Result<(), SscfError> {
        let result = match self.state {
            SscfState::Released | SscfState::AwaitingRelease => {
                self.state = SscfState::AwaitingEstablish;
                self.sscop.handle_signal(
                    now,
                    Signal::EstablishRequest { uu: Vec::new(), br: BufferRelease::Yes },
                )
            }
            SscfState::Established => {
                self.state = SscfState::AwaitingResynchronization;
                self.sscop.handle_signal(now, Signal::ResyncRequest { uu: Vec::new() })
            }
            SscfState::AwaitingEstablish | SscfState::AwaitingResynchronization => {
                return Err(self.invalid("AAL-ESTABLISH.request", "1, 4 or 10"));
            }
        };
        self.pump(now);
        result.map_err(SscfError::from)
    }

    /// AAL-RELEASE.request (Q.2130 §6). In state 1 it is confirmed at once.
    pub fn release_request(&mut self, now: Instant) -> Result<(), SscfError> {
        let result = match self.state {
            SscfState::Released => {
                self.events.push_back(SscfEvent::ReleaseConfirm);
                Ok(())
            }
            SscfState::AwaitingEstablish
            | SscfState::Established
            | SscfState::AwaitingResynchronization => {
                self.state = SscfState::AwaitingRelease;
                self.sscop.handle_signal(now, Signal::ReleaseRequest { uu: Vec::new() })
            }
            SscfState::AwaitingRelease => {
                return Err(self.invalid("AAL-RELEASE.request", "1, 2, 5 or 10"));
            }
        };
        self.pump(now);
        result.map_err(SscfError::from)
    }

    /// AAL-DATA.request: a Q.2931 message for assured transfer.
    pub fn data_request(&mut self, now: Instant, data: Vec<u8>) -> Result<(), SscfError> {
        match self.state {
            SscfState::Established => {
                let r = self.sscop.handle_signal(now, Signal::DataRequest(data));
                self.pump(now);
                r.map_err(SscfError::from)
            }
            SscfState::Released
            | SscfState::AwaitingEstablish
            | SscfState::AwaitingRelease
            | SscfState::AwaitingResynchronization => Err(self.invalid("AAL-DATA.request", "10")),
        }
    }

    /// AAL-UNITDATA.request (valid in every state).
    pub fn unitdata_request(&mut self, now: Instant, data: Vec<u8>) -> Result<(), SscfError> {
        let r = self.sscop.handle_signal(now, Signal::UnitdataRequest(data));
        self.pump(now);
        r.map_err(SscfError::from)
    }

    /// A received SSCOP PDU.
    pub fn handle_pdu(&mut self, now: Instant, pdu: &[u8]) {
        self.sscop.handle_pdu(now, pdu);
        self.pump(now);
    }

    /// Timer expiry.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.sscop.handle_timeout(now);
        self.pump(now);
    }

    /// The next PDU for AAL5 (see [`Sscop::poll_transmit`]).
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        self.sscop.poll_transmit(now)
    }

    /// The earliest SSCOP timer deadline.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.sscop.poll_timeout()
    }

    /// The next event for layer 3 / management.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<SscfEvent> {
        self.events.pop_front()
    }

    fn invalid(&self, primitive: &'static str, expected: &'static str) -> SscfError {
        SscfError::InvalidInState { primitive, state: self.state, expected }
    }

    fn up(&mut self, primitive: SscfEvent) {
        self.events.push_back(primitive);
        self.events.push_back(SscfEvent::Link(LinkStatus::Up));
    }

    /// Maps SSCOP indications/confirms to AAL primitives (Q.2130 §6 state transitions).
    fn pump(&mut self, now: Instant) {
        while let Some(event) = self.sscop.poll_event() {
            match event {
                Event::EstablishIndication { .. } => match self.state {
                    SscfState::Released => {
                        self.state = SscfState::Established;
                        // The AA-ESTABLISH.response is valid in SSCOP state 3, where this
                        // indication leaves it.
                        let _ = self.sscop.handle_signal(
                            now,
                            Signal::EstablishResponse { uu: Vec::new(), br: BufferRelease::Yes },
                        );
                        self.up(SscfEvent::EstablishIndication);
                    }
                    SscfState::AwaitingEstablish
                    | SscfState::AwaitingRelease
                    | SscfState::AwaitingResynchronization
                    | SscfState::Established => {}
                },
                Event::EstablishConfirm { .. } => match self.state {
                    SscfState::AwaitingEstablish => {
                        self.state = SscfState::Established;
                        self.up(SscfEvent::EstablishConfirm);
                    }
                    SscfState::Released
                    | SscfState::AwaitingRelease
                    | SscfState::AwaitingResynchronization
                    | SscfState::Established => {}
                },
                Event::ReleaseIndication { .. } => match self.state {
                    SscfState::AwaitingEstablish => {
                        self.state = SscfState::Released;
                        self.events.push_back(SscfEvent::ReleaseIndication);
                        self.events.push_back(SscfEvent::Link(LinkStatus::EstablishmentFailed));
                    }
                    SscfState::Established | SscfState::AwaitingResynchronization => {
                        self.state = SscfState::Released;
                        self.events.push_back(SscfEvent::ReleaseIndication);
                        self.events.push_back(SscfEvent::Link(LinkStatus::Down));
                    }
                    SscfState::Released | SscfState::AwaitingRelease => {}
                },
                Event::ReleaseConfirm => match self.state {
                    SscfState::AwaitingRelease => {
                        self.state = SscfState::Released;
                        self.events.push_back(SscfEvent::ReleaseConfirm);
                    }
                    SscfState::Released
                    | SscfState::AwaitingEstablish
                    | SscfState::AwaitingResynchronization
                    | SscfState::Established => {}
                },
                Event::DataIndication { data, .. } => match self.state {
                    SscfState::Established => {
                        self.events.push_back(SscfEvent::DataIndication(data))
                    }
                    SscfState::Released
                    | SscfState::AwaitingEstablish
                    | SscfState::AwaitingRelease
                    | SscfState::AwaitingResynchronization => {}
                },
                Event::RecoverIndication => match self.state {
                    SscfState::Established => {
                        let _ = self.sscop.handle_signal(now, Signal::RecoverResponse);
                        self.up(SscfEvent::EstablishIndication);
                    }
                    SscfState::Released
                    | SscfState::AwaitingEstablish
                    | SscfState::AwaitingRelease
                    | SscfState::AwaitingResynchronization => {}
                },
                Event::ResyncIndication { .. } => match self.state {
                    SscfState::Established => {
                        let _ = self.sscop.handle_signal(now, Signal::ResyncResponse);
                        self.up(SscfEvent::EstablishIndication);
                    }
                    SscfState::Released
                    | SscfState::AwaitingEstablish
                    | SscfState::AwaitingRelease
                    | SscfState::AwaitingResynchronization => {}
                },
                Event::ResyncConfirm => match self.state {
                    SscfState::AwaitingResynchronization => {
                        self.state = SscfState::Established;
                        self.up(SscfEvent::EstablishConfirm);
                    }
                    SscfState::Released
                    | SscfState::AwaitingEstablish
                    | SscfState::AwaitingRelease
                    | SscfState::Established => {}
                },
                Event::UnitdataIndication(data) => {
                    self.events.push_back(SscfEvent::UnitdataIndication(data))
                }
                Event::MaaError(e) => self.events.push_back(SscfEvent::MaaError(e)),
                // SSCF-UNI uses BR = Yes and never retrieves; MD is for layer management.
                Event::RetrieveIndication(_)
                | Event::RetrieveComplete
                | Event::MaaUnitdataIndication(_) => {}
            }
        }
    }
}
