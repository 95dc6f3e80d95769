//! UNI call control (Q.2931 §5, ATM Forum UNI 3.1 §5 / UNI Signalling 4.0 §5), user side
//! and network side, as a sans-IO state machine.
//!
//! - [`CallControl`]: one per signalling link and side. Inputs: user (or switch control
//!   logic) requests ([`CallControl::setup`], [`CallControl::alerting`], …), received Q.2931
//!   messages ([`CallControl::handle_message`]), SAAL link indications
//!   ([`CallControl::handle_link`]) and [`CallControl::handle_timeout`]. Outputs, polled in
//!   this order after every input: [`CallControl::poll_transmit`] (encoded messages for
//!   AAL-DATA.request), [`CallControl::poll_event`] (indications), then
//!   [`CallControl::poll_timeout`].
//! - [`UniStack`]: SSCF-UNI + SSCOP + call control glued together; signalling PDUs in and
//!   out are SSCOP PDUs.
//!
//! Calls are addressed by [`CallHandle`]s and parties by [`PartyHandle`]s (slab index +
//! generation). Memory is fixed at construction: slabs of [`Config::max_calls`] calls and
//! [`Config::max_parties`] parties, an O(1) call-reference table (our references are slab
//! index + 1; the peer's go through a fixed open-addressing table), an O(1) VPCI/VCI pool
//! and an indexed timer heap (O(log n) earliest deadline), so the cost of a message does
//! not grow with the number of calls. Queues of outgoing messages and events are capped
//! (overflow is counted in [`Counters`]).
//!
//! What is implemented:
//! - Q.2931 §5.1-§5.4 point-to-point calls on both sides, every call timer (T301, T303
//!   ×2, T308 ×2, T310, T313, T322 ×2; table on [`Timer`]), connection identifier
//!   assignment (exclusive VPCI/VCI, exclusive VPCI/any VCI, none), clear collisions;
//! - §5.5.6 SAAL link failure (T309; STATUS ENQUIRY for the surviving active calls);
//! - §5.5 restart (REST0-REST2, T316 ×2, T317, classes 0/1/2);
//! - §5.6 / §5.7 error handling: header errors, call reference procedures a)-g), dummy and
//!   global call references, unrecognized / unexpected messages with the message
//!   compatibility instruction, mandatory IE missing / invalid, unrecognized and invalid
//!   non-mandatory IEs obeying their action indicators, message length errors, STATUS and
//!   the call state compatibility check of §5.6.11;
//! - Q.2971 point-to-multipoint (root and leaf, P0-P12, T397/T398/T399, release with the
//!   last party);
//! - Q.2963.1 modification (UNI 4.0 links only; T360, T361);
//! - UNI 4.0 §6 leaf-initiated join: LEAF SETUP REQUEST / FAILURE, leaf sequence number,
//!   LIJ call identifier and parameters, T331 (leaf, root and network roles; see
//!   `control/lij.rs` and [`Event::LeafSetupRequest`]);
//! - UNI 3.1 or UNI 4.0 per instance ([`Config::version`]): the survey of where the
//!   procedures differ, with clauses and tests, is the table in [`versions`].
//!
//! Choices where the recommendations leave room (documented at each site): a length
//! mismatch is answered like a contents error (cause 104); after the second T308 expiry the
//! call reference is freed and the VC held in maintenance until a class-0 RESTART for it
//! (sent automatically) is acknowledged; RESTART clears the indicated calls synchronously,
//! so T317 never expires; a MODIFY REQUEST colliding with our own is refused with cause
//! 101.

mod control;
mod stack;
mod state;
mod table;
mod timer;
pub mod versions;

pub use control::{CallControl, LijInfo};
pub use stack::{StackConfigError, UniStack};
pub use state::{CallState, ModifyState, PartyState};
pub use timer::{GlobalTimer, PartyTimer, Timer};

use crate::codec::ie::{Cause, CauseValue, ConnectionIdentifier, UniVersion};
use crate::codec::{Message, MessageType};
use alloc::boxed::Box;
use hal::time::Duration;

/// Which side of the UNI this instance implements (Q.2931 §5: user side U-states, network
/// side N-states).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The terminal (the MCM).
    User,
    /// The switch.
    Network,
}

/// Timer values (Q.2931 §9 Tables 9-1 / 9-2; UNI 3.1 §5.7; UNI 4.0 §5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// T301: ALERTING received, waiting for CONNECT (3 min minimum).
    pub t301: Duration,
    /// T303: SETUP sent, waiting for the first answer (4 s, two tries).
    pub t303: Duration,
    /// T308: RELEASE sent (30 s, two tries).
    pub t308: Duration,
    /// T309: SAAL down, active calls survive until it expires (10 s).
    pub t309: Duration,
    /// T310: CALL PROCEEDING received (10 s UNI 3.1; 10-120 s UNI 4.0).
    pub t310: Duration,
    /// T313: CONNECT sent (user side, 4 s).
    pub t313: Duration,
    /// T316: RESTART sent (2 min, two tries).
    pub t316: Duration,
    /// T317: RESTART received, internal clearing of the indicated calls (< T316).
    pub t317: Duration,
    /// T322: STATUS ENQUIRY sent (4 s, two tries).
    pub t322: Duration,
    /// T360: MODIFY REQUEST sent (Q.2963.1, 4 s... 30 s; 10 s here).
    pub t360: Duration,
    /// T361: MODIFY ACKNOWLEDGE asking for confirmation sent (Q.2963.1, 10 s).
    pub t361: Duration,
    /// T397: PARTY ALERTING received (Q.2971; 3 min like T301).
    pub t397: Duration,
    /// T398: DROP PARTY sent (Q.2971, 4 s).
    pub t398: Duration,
    /// T399: ADD PARTY sent (Q.2971, 14 s = T303 + T310).
    pub t399: Duration,
    /// T331: LEAF SETUP REQUEST sent, waiting for SETUP / ADD PARTY / LEAF SETUP FAILURE
    /// (UNI Signalling 4.0 §6.3, 60 s, two tries).
    pub t331: Duration,
}

impl Default for Timers {
    fn default() -> Self {
        Timers {
            t301: Duration::from_secs(180),
            t303: Duration::from_secs(4),
            t308: Duration::from_secs(30),
            t309: Duration::from_secs(10),
            t310: Duration::from_secs(10),
            t313: Duration::from_secs(4),
            t316: Duration::from_secs(120),
            t317: Duration::from_secs(60),
            t322: Duration::from_secs(4),
            t360: Duration::from_secs(10),
            t361: Duration::from_secs(10),
            t397: Duration::from_secs(180),
            t398: Duration::from_secs(4),
            t399: Duration::from_secs(14),
            t331: Duration::from_secs(60),
        }
    }
}

/// The VPCI/VCI range calls use on this interface. The network side allocates from it; the
/// user side only checks what the network assigns against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VcRange {
    /// First VPCI.
    pub vpci_first: u16,
    /// Last VPCI (inclusive).
    pub vpci_last: u16,
    /// First VCI (32 and up: 0-31 are reserved, I.361 §2.2.3).
    pub vci_first: u16,
    /// Last VCI (inclusive).
    pub vci_last: u16,
}

impl Default for VcRange {
    fn default() -> Self {
        VcRange { vpci_first: 0, vpci_last: 0, vci_first: 32, vci_last: 1055 }
    }
}

/// Configuration of one [`CallControl`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// User or network side.
    pub side: Side,
    /// UNI 3.1 or UNI 4.0 procedures and codings.
    pub version: UniVersion,
    /// Most simultaneous calls (slab size; call reference values are 1..=max_calls).
    pub max_calls: u32,
    /// Timer values.
    pub timers: Timers,
    /// Connection identifiers.
    pub vc_range: VcRange,
    /// Parties of point-to-multipoint calls, over all calls (slab size).
    pub max_parties: u32,
    /// Parties of one point-to-multipoint call.
    pub max_parties_per_call: u32,
}

impl Config {
    /// Defaults for `side`: UNI 4.0, 1024 calls, Q.2931 timer values.
    pub fn new(side: Side) -> Self {
        Config {
            side,
            version: UniVersion::Uni40,
            max_calls: 1024,
            timers: Timers::default(),
            vc_range: VcRange::default(),
            max_parties: 1024,
            max_parties_per_call: 64,
        }
    }
}

/// The typed parameters of an outgoing call, for callers that do not keep a SETUP
/// template (Q.2931 §3.1.7: the mandatory IEs plus the usual optional ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetupParams {
    /// Called party number (mandatory).
    pub called: crate::codec::ie::CalledPartyNumber,
    /// ATM traffic descriptor (mandatory).
    pub traffic: crate::codec::ie::AtmTrafficDescriptor,
    /// Broadband bearer capability (mandatory).
    pub bearer: crate::codec::ie::BroadbandBearerCapability,
    /// QoS parameter (mandatory in UNI 3.1).
    pub qos: Option<crate::codec::ie::QosParameter>,
    /// AAL parameters.
    pub aal: Option<crate::codec::ie::AalParameters>,
    /// Broadband low-layer information.
    pub blli: Option<crate::codec::ie::Blli>,
    /// Calling party number.
    pub calling: Option<crate::codec::ie::CallingPartyNumber>,
    /// Requested connection identifier (network side: the VC to use; user side: a VC the
    /// network must assign, UNI 4.0).
    pub connection: Option<ConnectionIdentifier>,
    /// Point-to-multipoint: the first party's endpoint reference (Q.2971).
    pub endpoint_reference: Option<u16>,
}

impl SetupParams {
    /// The SETUP template these parameters describe.
    pub fn to_message(&self) -> Message {
        use crate::codec::{CallReference, Ie, MessageType};
        let mut m = Message::new(CallReference::Dummy, MessageType::Setup);
        m.ies.called_party_number = Some(Ie::new(self.called));
        m.ies.atm_traffic_descriptor = Some(Ie::new(self.traffic));
        m.ies.broadband_bearer_capability = Some(Ie::new(self.bearer));
        m.ies.qos_parameter = self.qos.map(Ie::new);
        m.ies.aal_parameters = self.aal.map(Ie::new);
        if let Some(b) = self.blli {
            let _ = m.ies.blli.push(Ie::new(b));
        }
        m.ies.calling_party_number = self.calling.map(Ie::new);
        m.ies.connection_identifier = self.connection.map(Ie::new);
        m.ies.endpoint_reference = self.endpoint_reference.map(|value| {
            Ie::new(crate::codec::ie::EndpointReference {
                reference_type: crate::codec::ie::EndpointReferenceType::LocallyDefinedInteger,
                flag: false,
                value,
            })
        });
        m
    }
}

/// Why a configuration was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// `max_calls` is 0 or above the 23-bit call reference space.
    MaxCalls,
    /// `max_parties_per_call` above the 15-bit endpoint reference space.
    MaxParties,
    /// An empty or inverted VPCI/VCI range.
    VcRange,
}

/// Restart states of the global call reference (Q.2931 §2.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartState {
    /// REST0 Null: no restart in progress.
    Null,
    /// REST1 Restart Request: RESTART sent, waiting for RESTART ACKNOWLEDGE (T316).
    RestartRequest,
    /// REST2 Restart: RESTART received, internal clearing in progress (T317).
    Restart,
}

impl RestartState {
    /// The Call state IE value for a STATUS on the global call reference (Q.2931 §4.5.5).
    pub const fn ie_value(self) -> crate::codec::ie::CallStateValue {
        use crate::codec::ie::CallStateValue as V;
        match self {
            RestartState::Null => V::Null,
            RestartState::RestartRequest => V::RestartRequest,
            RestartState::Restart => V::Restart,
        }
    }
}

/// What a RESTART covers (Q.2931 §4.5.21 restart indicator classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartTarget {
    /// Class 0: the indicated virtual channel (VPCI, VCI).
    Vc(u16, u16),
    /// Class 1: all virtual channels of the indicated VPCI.
    Vpc(u16),
    /// Class 2: all virtual channels controlled by this signalling channel.
    All,
}

/// A call, by slab index and generation: a handle of a cleared call never refers to a
/// later call in the same slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallHandle {
    index: u32,
    generation: u32,
}

impl CallHandle {
    /// The slab index (stable while the call exists).
    pub const fn index(self) -> u32 {
        self.index
    }
}

/// A party of a point-to-multipoint call, by slab index and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyHandle {
    index: u32,
    generation: u32,
}

impl PartyHandle {
    /// The slab index (stable while the party exists).
    pub const fn index(self) -> u32 {
        self.index
    }
}

/// A leaf-initiated join request (UNI Signalling 4.0 §6): our LEAF SETUP REQUEST waiting
/// for its answer, or the peer's waiting for ours. Slab index + generation, like
/// [`CallHandle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LeafHandle {
    index: u32,
    generation: u32,
}

impl LeafHandle {
    /// The slab index (stable while the request exists).
    pub const fn index(self) -> u32 {
        self.index
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The handle does not name a live call.
    NoSuchCall,
    /// The request is not valid in the call's state.
    InvalidState {
        /// The call's state.
        state: CallState,
        /// The request.
        request: &'static str,
    },
    /// All call slots are in use (Q.2931 cause 47, resource unavailable).
    TooManyCalls,
    /// No connection identifier left in the configured range (cause 45).
    NoVcAvailable,
    /// The signalling link is down: no new call can start.
    LinkDown,
    /// The request does not fit the message (encoding failed).
    Encode,
    /// No party slot left, or the call has its maximum of parties (cause 92).
    TooManyParties,
    /// The handle does not name a live party.
    NoSuchParty,
    /// The request is not valid in the party's state.
    InvalidPartyState {
        /// The party's state.
        state: PartyState,
        /// The request.
        request: &'static str,
    },
    /// A RESTART of ours is still waiting for its acknowledgement (REST1).
    RestartInProgress,
    /// The request's parameters do not apply (e.g. a SETUP template without mandatory IEs).
    InvalidParameters,
    /// The handle does not name a live leaf-initiated join request (or names one of the
    /// wrong direction for the request).
    NoSuchLeafSetup,
    /// All leaf-initiated join slots are in use.
    TooManyLeafSetups,
}

/// What call control tells its user (the MCM, or the switch's control logic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// SETUP received: user side U6 Call Present, network side N1 Call Initiated. Answer
    /// with proceeding / alerting / connect, or reject / release.
    IncomingSetup {
        /// The new call.
        call: CallHandle,
        /// The SETUP as received (its connection identifier is the one assigned).
        setup: Box<Message>,
    },
    /// CALL PROCEEDING received (U3 / N9).
    Proceeding {
        /// The call.
        call: CallHandle,
    },
    /// ALERTING received (U4 / N7).
    Alerting {
        /// The call.
        call: CallHandle,
    },
    /// The call is active: CONNECT received (calling user, U10; network towards the called
    /// user, N10 — CONNECT ACKNOWLEDGE is sent automatically) or CONNECT ACKNOWLEDGE
    /// received by the called user (U8 → U10).
    Connected {
        /// The call.
        call: CallHandle,
    },
    /// CONNECT ACKNOWLEDGE received by the network from the calling user (N10).
    ConnectAcknowledged {
        /// The call.
        call: CallHandle,
    },
    /// Call control started clearing on its own (timer expiry, protocol error, STATUS
    /// incompatibility): the connection should be torn down now; [`Event::Released`]
    /// follows when the call reference is free.
    Releasing {
        /// The call.
        call: CallHandle,
        /// The cause sent in RELEASE.
        cause: Cause,
    },
    /// The call is back in the Null state and its handle is dead.
    Released {
        /// The call.
        call: CallHandle,
        /// The cause received from the peer, or the local cause (e.g. 102 for a timer).
        cause: Cause,
    },
    /// STATUS received for a call whose state is compatible (or in answer to our
    /// STATUS ENQUIRY): the peer's report, e.g. cause 97/99/100/101 about our messages.
    Status {
        /// The call, when the call reference is known.
        call: Option<CallHandle>,
        /// The peer's call state (Q.2931 §4.5.5 coding).
        state: crate::codec::ie::CallStateValue,
        /// The peer's cause.
        cause: Cause,
    },
    /// A received message was handled by the Q.2931 §5.6 / §5.7 error procedures.
    ProtocolError {
        /// The call concerned, if any.
        call: Option<CallHandle>,
        /// The message type, when the header could be read.
        message_type: Option<MessageType>,
        /// The cause that describes the error (81, 96, 97, 99, 100, 101, 104, 111).
        cause: CauseValue,
    },
    /// The peer restarted `target` (RESTART received and acknowledged; the calls on it
    /// were released, each with its own `Released` event).
    Restart {
        /// What was restarted.
        target: RestartTarget,
    },
    /// Our RESTART was acknowledged (REST1 → REST0).
    RestartComplete {
        /// What was restarted.
        target: RestartTarget,
    },
    /// Our RESTART got no acknowledgement after two tries of T316 (for maintenance).
    RestartFailed {
        /// What was to be restarted.
        target: RestartTarget,
    },
    /// ADD PARTY received (P6; Q.2971 §5.1): answer with party_alerting, add_party_ack or
    /// add_party_reject.
    AddParty {
        /// The call.
        call: CallHandle,
        /// The new party.
        party: PartyHandle,
        /// The ADD PARTY as received.
        message: Box<Message>,
    },
    /// PARTY ALERTING received (P4).
    PartyAlerting {
        /// The call.
        call: CallHandle,
        /// The party.
        party: PartyHandle,
    },
    /// The party is active (P10): ADD PARTY ACKNOWLEDGE received, or the first party's
    /// call connected.
    PartyActive {
        /// The call.
        call: CallHandle,
        /// The party.
        party: PartyHandle,
    },
    /// The party is back in P0 and its handle is dead (ADD PARTY REJECT, DROP PARTY,
    /// DROP PARTY ACKNOWLEDGE, a party timer, or the call's release).
    PartyDropped {
        /// The call.
        call: CallHandle,
        /// The party.
        party: PartyHandle,
        /// The cause.
        cause: Cause,
    },
    /// MODIFY REQUEST received for an active call (Q.2963.1 §6.2): answer with
    /// modify_ack or modify_reject.
    ModifyRequest {
        /// The call.
        call: CallHandle,
        /// The requested traffic descriptor (new peak cell rates).
        traffic: crate::codec::ie::AtmTrafficDescriptor,
    },
    /// Our MODIFY REQUEST was acknowledged: the new rates apply (Q.2963.1 §6.1).
    Modified {
        /// The call.
        call: CallHandle,
    },
    /// Our MODIFY REQUEST was rejected, or T360 expired (cause 102): the old rates stay.
    ModifyRejected {
        /// The call.
        call: CallHandle,
        /// The cause.
        cause: Cause,
    },
    /// CONNECTION AVAILABLE received after our confirming MODIFY ACKNOWLEDGE
    /// (`confirmed`), or T361 expired without it (not `confirmed`).
    ConnectionAvailable {
        /// The call.
        call: CallHandle,
        /// True when the peer confirmed.
        confirmed: bool,
    },
    /// LEAF SETUP REQUEST received (UNI Signalling 4.0 §6.3.2 at the root, §6.3.1 at the
    /// network from a leaf): answer with [`CallControl::setup`] or
    /// [`CallControl::add_party`] carrying the request's leaf sequence number (which
    /// completes the request), or with [`CallControl::leaf_setup_failure`].
    LeafSetupRequest {
        /// The request.
        request: LeafHandle,
        /// The root's call on this interface with the same LIJ call identifier, if any
        /// ([`CallControl::lij_call`]; root: answer with ADD PARTY on it; none: answer
        /// with SETUP).
        call: Option<CallHandle>,
        /// The LEAF SETUP REQUEST as received.
        message: Box<Message>,
    },
    /// Our LEAF SETUP REQUEST was answered by SETUP or ADD PARTY with its leaf sequence
    /// number (the `IncomingSetup` / `AddParty` event for it comes just before): T331
    /// stopped, the request handle is dead.
    LeafJoined {
        /// The request.
        request: LeafHandle,
        /// The call the leaf joins.
        call: CallHandle,
        /// The party, when the answer was ADD PARTY (or a point-to-multipoint SETUP).
        party: Option<PartyHandle>,
    },
    /// A leaf-initiated join request ended without a join: LEAF SETUP FAILURE received for
    /// ours, T331 expired twice for ours (cause 102), the peer's expired unanswered after
    /// two T331 periods (cause 102), or the SAAL link failed (cause 41). The handle is
    /// dead.
    LeafSetupFailed {
        /// The request.
        request: LeafHandle,
        /// The cause.
        cause: Cause,
    },
    /// The SAAL link went down (T309 started when calls are active).
    LinkDown,
    /// The SAAL link is up (again).
    LinkUp,
    /// A connection identifier was assigned or confirmed for a call (first answer to
    /// SETUP, or our own allocation on the network side).
    ConnectionIdentifier {
        /// The call.
        call: CallHandle,
        /// VPCI / VCI.
        id: ConnectionIdentifier,
    },
}

/// Counters of things dropped rather than queued without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Messages received and discarded by §5.6.1-§5.6.3 (header errors, dummy call ref).
    pub discarded: u64,
    /// Outgoing messages dropped because the transmit queue was full.
    pub transmit_overflow: u64,
    /// Events dropped because the event queue was full.
    pub event_overflow: u64,
}
