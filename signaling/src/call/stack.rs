//! [`UniStack`]: SSCF-UNI (with its SSCOP) and call control on one signalling link.

use super::{CallControl, Config, ConfigError, Event};
use crate::saal::sscf::{SscfEvent, SscfUni};
use crate::saal::sscop;
use alloc::vec::Vec;
use hal::time::{Duration, Instant};

/// Delay between AAL-ESTABLISH attempts while the link is down.
const REESTABLISH_DELAY: Duration = Duration::from_secs(1);

/// A UNI signalling stack: SSCOP PDUs in and out, call control events out. Moves
/// AAL-DATA between SSCF-UNI and call control, and keeps the SAAL link established
/// (AAL-ESTABLISH at start and again after a release or failed attempt).
///
/// Poll order after any input: [`UniStack::poll_transmit`] until `None`,
/// [`UniStack::poll_event`] until `None`, then [`UniStack::poll_timeout`].
///
/// ```
/// use hal::time::Instant;
/// use signaling::call::{Config, Event, Side, UniStack};
/// use signaling::codec::{CallReference, Message, MessageType};
/// use signaling::saal::sscop;
///
/// let mut user = UniStack::new(sscop::Config::default(), Config::new(Side::User)).unwrap();
/// let mut net = UniStack::new(sscop::Config::default(), Config::new(Side::Network)).unwrap();
/// let now = Instant::ZERO;
/// let mut wire = |a: &mut UniStack, b: &mut UniStack| {
///     for _ in 0..8 {
///         while let Some(pdu) = a.poll_transmit(now) {
///             b.handle_pdu(now, &pdu);
///         }
///         while let Some(pdu) = b.poll_transmit(now) {
///             a.handle_pdu(now, &pdu);
///         }
///     }
/// };
/// user.start(now);
/// wire(&mut user, &mut net);
/// assert!(user.calls().is_link_up());
/// // An (incomplete) SETUP: the network answers it by the §5.6.7 rules.
/// let setup = Message::new(CallReference::Dummy, MessageType::Setup);
/// let call = user.call_control().setup(now, &setup).unwrap();
/// wire(&mut user, &mut net);
/// let released = std::iter::from_fn(|| user.poll_event())
///     .any(|e| matches!(e, Event::Released { call: c, .. } if c == call));
/// assert!(released);
/// ```
#[derive(Debug, Clone)]
pub struct UniStack {
    sscf: SscfUni,
    cc: CallControl,
    reestablish_at: Option<Instant>,
    /// AAL-DATA.requests SSCF refused (link down, queue full).
    dropped: u64,
}

/// Why a stack could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackConfigError {
    /// SSCOP parameters.
    Sscop(sscop::ConfigError),
    /// Call control parameters.
    Call(ConfigError),
}

impl UniStack {
    /// A stack with the given SSCOP and call control configurations; call
    /// [`UniStack::start`] to establish the link.
    pub fn new(sscop: sscop::Config, call: Config) -> Result<Self, StackConfigError> {
        Ok(UniStack {
            sscf: SscfUni::new(sscop).map_err(StackConfigError::Sscop)?,
            cc: CallControl::new(call).map_err(StackConfigError::Call)?,
            reestablish_at: None,
            dropped: 0,
        })
    }

    /// AAL-ESTABLISH.request (Q.2931 §5.5.6: the link is established at start).
    pub fn start(&mut self, now: Instant) {
        if self.sscf.establish_request(now).is_err() {
            self.reestablish_at = Some(now.saturating_add(REESTABLISH_DELAY));
        }
    }

    /// Call control, for requests (setup, release, …) and queries.
    pub fn call_control(&mut self) -> &mut CallControl {
        &mut self.cc
    }

    /// Call control, read-only.
    pub fn calls(&self) -> &CallControl {
        &self.cc
    }

    /// SSCF-UNI, read-only.
    pub fn sscf(&self) -> &SscfUni {
        &self.sscf
    }

    /// Messages call control produced that SSCF could not take.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// A received SSCOP PDU.
    pub fn handle_pdu(&mut self, now: Instant, pdu: &[u8]) {
        self.sscf.handle_pdu(now, pdu);
        self.pump(now);
    }

    /// Timer expiries up to `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.sscf.handle_timeout(now);
        self.pump(now);
        self.cc.handle_timeout(now);
        if self.reestablish_at.is_some_and(|t| t <= now) {
            self.reestablish_at = None;
            self.start(now);
        }
        self.pump(now);
    }

    /// The next SSCOP PDU to send.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        self.pump(now);
        self.sscf.poll_transmit(now)
    }

    /// The next call control event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.cc.poll_event()
    }

    /// The earliest deadline of SSCOP, call control and the re-establishment delay.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        [self.sscf.poll_timeout(), self.cc.poll_timeout(), self.reestablish_at]
            .into_iter()
            .flatten()
            .min()
    }

    /// Moves SSCF indications into call control and call control messages into SSCF.
    fn pump(&mut self, now: Instant) {
        // Bounded by the queues of both sides: each round drains what is there.
        for _ in 0..64 {
            let mut moved = false;
            while let Some(ev) = self.sscf.poll_event() {
                moved = true;
                match ev {
                    SscfEvent::DataIndication(b) => self.cc.handle_message(now, &b),
                    SscfEvent::Link(status) => {
                        self.cc.handle_link(now, status);
                        match status {
                            crate::saal::sscf::LinkStatus::Up => self.reestablish_at = None,
                            crate::saal::sscf::LinkStatus::Down
                            | crate::saal::sscf::LinkStatus::EstablishmentFailed => {
                                self.reestablish_at = Some(now.saturating_add(REESTABLISH_DELAY));
                            }
                        }
                    }
                    SscfEvent::EstablishIndication
                    | SscfEvent::EstablishConfirm
                    | SscfEvent::ReleaseIndication
                    | SscfEvent::ReleaseConfirm
                    | SscfEvent::UnitdataIndication(_)
                    | SscfEvent::MaaError(_) => {}
                }
            }
            while let Some(m) = self.cc.poll_transmit() {
                moved = true;
                if self.sscf.data_request(now, m).is_err() {
                    self.dropped += 1;
                }
            }
            if !moved {
                break;
            }
        }
    }
}
