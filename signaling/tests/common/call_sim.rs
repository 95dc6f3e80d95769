//! Test support for call control: a deterministic user ↔ network pair of `UniStack`s over
//! SSCOP with virtual time and optional seeded loss (`Sim`), and a single `CallControl`
//! driven with hand-made messages (`Raw`).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hal::time::{Duration, Instant};
use signaling::call::{CallControl, CallHandle, CallState, Config, Event, Side, UniStack};
use signaling::codec::ie::{
    Cause, CauseValue, ConnectionIdentifier, Diagnostic, Location, UniVersion,
};
use signaling::codec::{CallReference, Context, Direction, Ie, Message, MessageType};
use signaling::saal::sscf::LinkStatus;
use signaling::saal::sscop::pdu::{Limits, Repr};
use signaling::saal::sscop::Config as SscopConfig;

/// SplitMix64: small, seedable, good enough for loss decisions.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn chance(&mut self, per_mille: u64) -> bool {
        per_mille > 0 && self.next_u64() % 1000 < per_mille
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The UNI 4.0 SETUP of atm-reference.md byte for byte. Its broadband bearer capability
/// `10 80` lacks the mandatory octet 6 (octet 5 has ext = 0, so `80` is octet 5a): a
/// mandatory IE with invalid contents (Q.2931 §5.6.7.2).
pub const REFERENCE_SETUP: [u8; 72] = [
    0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x3f, 0x58, 0x80, 0x00, 0x09, 0x05, 0x8c, 0x23,
    0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00, 0x59, 0x80, 0x00, 0x09, 0x84, 0x05, 0x63, 0xb7, 0x85, 0x05,
    0x63, 0xb7, 0xbe, 0x5e, 0x80, 0x00, 0x02, 0x10, 0x80, 0x70, 0x80, 0x00, 0x15, 0x82, 0x47, 0x00,
    0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00, 0x20, 0x48, 0x1a, 0x00,
    0x00, 0x01, 0x5c, 0x80, 0x00, 0x02, 0x00, 0x00,
];

/// The same SETUP with a complete bearer capability (`10 80 80`: BCOB-X, octet 5a, octet 6
/// point-to-point).
pub fn setup_bytes() -> Vec<u8> {
    let mut v = REFERENCE_SETUP.to_vec();
    v[8] = 0x40;
    v.insert(41, 0x80);
    v[38] = 0x03;
    v
}

/// A SETUP template (its call reference is replaced by call control).
pub fn setup_template() -> Message {
    let cx = Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };
    Message::decode(&setup_bytes(), cx).unwrap().message
}

/// A point-to-multipoint SETUP (user plane point-to-multipoint, endpoint reference 0).
pub fn p2mp_setup() -> Message {
    let mut m = setup_template();
    let mut bbc = m.ies.broadband_bearer_capability.unwrap();
    bbc.contents.user_plane =
        signaling::codec::ie::bearer::UserPlaneConfiguration::PointToMultipoint;
    m.ies.broadband_bearer_capability = Some(bbc);
    m.ies.endpoint_reference = Some(Ie::new(signaling::codec::ie::EndpointReference {
        reference_type: signaling::codec::ie::EndpointReferenceType::LocallyDefinedInteger,
        flag: false,
        value: 0,
    }));
    m
}

/// IEs for ADD PARTY (the called party of the SETUP template).
pub fn add_party_template() -> Message {
    let mut m = Message::new(CallReference::Dummy, MessageType::AddParty);
    m.ies.called_party_number = setup_template().ies.called_party_number;
    m
}

pub fn t(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

pub fn cause_of(m: &Message) -> Option<CauseValue> {
    m.ies.cause.first().map(|c| c.contents.value)
}

pub fn cause_diag(m: &Message) -> Option<Diagnostic> {
    m.ies.cause.first().and_then(|c| c.contents.diagnostic)
}

pub fn cause(v: CauseValue) -> Cause {
    Cause::new(Location::User, v)
}

/// Which way a message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    UserToNetwork,
    NetworkToUser,
}

/// Two stacks joined by a wire.
pub struct Sim {
    pub user: UniStack,
    pub net: UniStack,
    pub now: Instant,
    pub ev_u: Vec<Event>,
    pub ev_n: Vec<Event>,
    /// Q.2931 messages carried by SD PDUs (every transmission, including SSCOP
    /// retransmissions), decoded.
    pub log: Vec<(Dir, Message)>,
    pub rng: SplitMix64,
    /// Per mille of PDUs lost in each direction.
    pub loss: u64,
    /// Drop everything (cable cut).
    pub cut: bool,
    pub delivered: u64,
}

pub fn user_config() -> Config {
    Config::new(Side::User)
}

pub fn net_config() -> Config {
    Config::new(Side::Network)
}

impl Sim {
    pub fn with(user: Config, net: Config, loss: u64, seed: u64) -> Self {
        let mut s = Sim {
            user: UniStack::new(SscopConfig::default(), user).unwrap(),
            net: UniStack::new(SscopConfig::default(), net).unwrap(),
            now: Instant::ZERO,
            ev_u: vec![],
            ev_n: vec![],
            log: vec![],
            rng: SplitMix64(seed),
            loss,
            cut: false,
            delivered: 0,
        };
        s.user.start(s.now);
        s.run_for(t(5));
        assert!(s.user.calls().is_link_up() && s.net.calls().is_link_up(), "link up");
        s.ev_u.clear();
        s.ev_n.clear();
        s.log.clear();
        s
    }

    pub fn new() -> Self {
        Self::with(user_config(), net_config(), 0, 1)
    }

    fn tap(&mut self, dir: Dir, pdu: &[u8]) {
        if let Ok(Repr::Sd { info, .. }) = Repr::parse_bytes(pdu, &Limits::SSCF_UNI) {
            let direction = match dir {
                Dir::UserToNetwork => Direction::UserToNetwork,
                Dir::NetworkToUser => Direction::NetworkToUser,
            };
            let cx = Context { version: UniVersion::Uni40, direction };
            if let Ok(d) = Message::decode(info, cx) {
                self.log.push((dir, d.message));
            }
        }
    }

    /// Moves PDUs both ways once; true when something moved.
    pub fn step(&mut self) -> bool {
        let mut moved = false;
        while let Some(p) = self.user.poll_transmit(self.now) {
            moved = true;
            self.tap(Dir::UserToNetwork, &p);
            if !self.cut && !self.rng.chance(self.loss) {
                self.delivered += 1;
                self.net.handle_pdu(self.now, &p);
            }
        }
        while let Some(p) = self.net.poll_transmit(self.now) {
            moved = true;
            self.tap(Dir::NetworkToUser, &p);
            if !self.cut && !self.rng.chance(self.loss) {
                self.delivered += 1;
                self.user.handle_pdu(self.now, &p);
            }
        }
        self.ev_u.extend(std::iter::from_fn(|| self.user.poll_event()));
        self.ev_n.extend(std::iter::from_fn(|| self.net.poll_event()));
        moved
    }

    /// Exchanges PDUs until quiet, without moving time.
    pub fn settle(&mut self) {
        for _ in 0..10_000 {
            if !self.step() {
                return;
            }
        }
        panic!("no quiescence");
    }

    /// Runs timers and the wire until `now + d`.
    pub fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        self.settle();
        for _ in 0..1_000_000 {
            let next =
                [self.user.poll_timeout(), self.net.poll_timeout()].into_iter().flatten().min();
            match next {
                Some(at) if at <= end => {
                    if at > self.now {
                        self.now = at;
                    }
                    self.user.handle_timeout(self.now);
                    self.net.handle_timeout(self.now);
                    self.settle();
                }
                _ => break,
            }
        }
        self.now = end;
        self.user.handle_timeout(self.now);
        self.net.handle_timeout(self.now);
        self.settle();
    }

    pub fn u(&mut self) -> &mut CallControl {
        self.user.call_control()
    }

    pub fn n(&mut self) -> &mut CallControl {
        self.net.call_control()
    }

    pub fn take(&mut self) -> (Vec<Event>, Vec<Event>) {
        (std::mem::take(&mut self.ev_u), std::mem::take(&mut self.ev_n))
    }

    /// Message types sent in `dir`, in order.
    pub fn sent(&self, dir: Dir) -> Vec<MessageType> {
        self.log.iter().filter(|(d, _)| *d == dir).map(|(_, m)| m.message_type).collect()
    }

    /// The last message of type `mt` sent in `dir`.
    pub fn last(&self, dir: Dir, mt: MessageType) -> Option<&Message> {
        self.log.iter().rev().find(|(d, m)| *d == dir && m.message_type == mt).map(|(_, m)| m)
    }

    /// The network's handle of the call the user placed (the last incoming SETUP).
    pub fn incoming(ev: &[Event]) -> Option<CallHandle> {
        ev.iter().rev().find_map(|e| match e {
            Event::IncomingSetup { call, .. } => Some(*call),
            _ => None,
        })
    }

    /// An active call placed by the user: (user handle, network handle).
    pub fn active_call(&mut self) -> (CallHandle, CallHandle) {
        let now = self.now;
        let cu = self.u().setup(now, &setup_template()).unwrap();
        self.settle();
        let cn = Sim::incoming(&self.ev_n).unwrap();
        self.n().proceeding(now, cn).unwrap();
        self.n().connect(now, cn).unwrap();
        self.settle();
        assert_eq!(self.u().state(cu), CallState::Active);
        assert_eq!(self.n().state(cn), CallState::Active);
        (cu, cn)
    }
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new()
    }
}

/// One `CallControl` with the link up, fed hand-made messages.
pub struct Raw {
    pub cc: CallControl,
    pub now: Instant,
    pub side: Side,
}

impl Raw {
    pub fn new(side: Side) -> Self {
        Self::with(Config::new(side))
    }

    pub fn with(cfg: Config) -> Self {
        let mut cc = CallControl::new(cfg).unwrap();
        cc.handle_link(Instant::ZERO, LinkStatus::Up);
        let mut r = Raw { cc, now: Instant::ZERO, side: cfg.side };
        r.events();
        r
    }

    /// Direction of messages this instance sends.
    fn out_direction(&self) -> Direction {
        match self.side {
            Side::User => Direction::UserToNetwork,
            Side::Network => Direction::NetworkToUser,
        }
    }

    fn in_direction(&self) -> Direction {
        match self.side {
            Side::User => Direction::NetworkToUser,
            Side::Network => Direction::UserToNetwork,
        }
    }

    /// Everything sent since the last call, decoded.
    pub fn out(&mut self) -> Vec<Message> {
        let cx = Context { version: self.cc.config().version, direction: self.out_direction() };
        std::iter::from_fn(|| self.cc.poll_transmit())
            .map(|b| Message::decode(&b, cx).unwrap().message)
            .collect()
    }

    pub fn events(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.cc.poll_event()).collect()
    }

    /// Feeds `m` (encoded).
    pub fn feed(&mut self, m: &Message) {
        let mut buf = vec![0u8; m.buffer_len()];
        let n = m.encode(&mut buf).unwrap();
        self.cc.handle_message(self.now, &buf[..n]);
    }

    pub fn feed_bytes(&mut self, b: &[u8]) {
        self.cc.handle_message(self.now, b);
    }

    /// Advances time, running timers.
    pub fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        while let Some(at) = self.cc.poll_timeout() {
            if at > end {
                break;
            }
            self.now = self.now.max(at);
            self.cc.handle_timeout(self.now);
        }
        self.now = end;
        self.cc.handle_timeout(end);
    }

    /// A message from the peer on `cr` (the peer's view: the flag as it sends it).
    pub fn msg(cr: CallReference, mt: MessageType) -> Message {
        Message::new(cr, mt)
    }

    /// The call reference the peer uses for our call `h`.
    pub fn peer_cr(&self, h: CallHandle) -> CallReference {
        self.cc.call_reference(h).unwrap().reply()
    }

    /// A SETUP from the peer on call reference value `v` (with a connection identifier
    /// when the peer is the network).
    pub fn peer_setup(&self, v: u32) -> Message {
        let mut m = setup_template();
        m.call_reference = CallReference::Value { flag: false, value: v };
        if self.side == Side::User {
            m.ies.connection_identifier = Some(Ie::new(ConnectionIdentifier::exclusive(0, 77)));
        }
        m
    }

    /// Decodes `bytes` as a message we would receive (for checks).
    pub fn decode_in(&self, bytes: &[u8]) -> Message {
        let cx = Context { version: self.cc.config().version, direction: self.in_direction() };
        Message::decode(bytes, cx).unwrap().message
    }

    /// An incoming call in U6 / N1 on value `v`; returns its handle.
    pub fn incoming(&mut self, v: u32) -> CallHandle {
        let m = self.peer_setup(v);
        self.feed(&m);
        let ev = self.events();
        self.out();
        Sim::incoming(&ev).unwrap()
    }

    /// Our outgoing call, answered by CALL PROCEEDING (U3 / N9).
    pub fn outgoing_proceeding(&mut self) -> CallHandle {
        let h = self.cc.setup(self.now, &setup_template()).unwrap();
        self.out();
        let mut m = Message::new(self.peer_cr(h), MessageType::CallProceeding);
        if self.side == Side::User {
            m.ies.connection_identifier = Some(Ie::new(ConnectionIdentifier::exclusive(0, 99)));
        }
        self.feed(&m);
        self.events();
        h
    }

    /// An active call: ours, answered with CONNECT.
    pub fn active(&mut self) -> CallHandle {
        let h = self.outgoing_proceeding();
        let m = Message::new(self.peer_cr(h), MessageType::Connect);
        self.feed(&m);
        self.out();
        self.events();
        assert_eq!(self.cc.state(h), CallState::Active);
        h
    }
}

pub fn released(ev: &[Event], h: CallHandle) -> Option<CauseValue> {
    ev.iter().find_map(|e| match e {
        Event::Released { call, cause } if *call == h => Some(cause.value),
        _ => None,
    })
}

pub fn types(ms: &[Message]) -> Vec<MessageType> {
    ms.iter().map(|m| m.message_type).collect()
}
