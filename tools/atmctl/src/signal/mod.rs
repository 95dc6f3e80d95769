//! `atmctl signal`: a UNI signalling peer on UDP (GitHub issue 5).
//!
//! Runs the whole UNI stack of the `signaling` crate — SSCF-UNI, SSCOP and Q.2931 call
//! control (UNI 3.1 or 4.0, user or network side) — in real time over a UDP socket on
//! loopback: one SSCOP PDU (with its trailer) per datagram, as other ATM signalling stacks'
//! UDP test modes and tshark's `sscop.udp.ports` expect. It places calls, answers incoming
//! ones, adds and drops parties, releases, logs every event as a JSON line on stdout, counts
//! the outcomes and can write a SunATM pcap of every PDU sent and received.

mod setup;

use std::collections::{HashMap, VecDeque};
use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant as StdInstant, SystemTime, UNIX_EPOCH};

use hal::capture::{Direction, SunAtmPcap, SunAtmTraffic};
use hal::time::{Duration, Instant};
use serde_json::{json, Map, Value};
use signaling::call::{CallHandle, CallState, Config, Event, PartyHandle, Side, UniStack};
use signaling::codec::ie::{AtmAddress, Cause, CauseValue, Location, UniVersion};
use signaling::codec::Message;
use signaling::saal::sscop;

use setup::{BearerArg, BlliArg, Category, TypedSetup};

/// Largest UDP datagram accepted (and the receive buffer size).
const MAX_DATAGRAM: usize = 65_535;
/// Largest pcap kept in memory.
const PCAP_LIMIT: usize = 64 << 20;
/// Signalling channel of the UNI (I.361 / UNI 3.1 §5.1: VPI 0, VCI 5).
const SIGNALLING_VCI: u16 = 5;
/// Most calls placed in one run.
const MAX_PLACED: u32 = 100_000;

/// Which side of the UNI to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideArg {
    /// The terminal (U-states).
    User,
    /// The switch (N-states).
    Network,
}

/// How incoming calls (and incoming ADD PARTYs) are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// CONNECT (ADD PARTY ACKNOWLEDGE).
    Accept,
    /// RELEASE COMPLETE (ADD PARTY REJECT) with this cause.
    Reject(u8),
}

/// Command-line arguments of `atmctl signal`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Local UDP address to bind (e.g. 127.0.0.1:5001; port 0 picks one).
    #[arg(long)]
    local: SocketAddr,
    /// UDP address of the peer's SSCOP.
    #[arg(long)]
    peer: SocketAddr,
    /// UNI side.
    #[arg(long, value_enum, default_value_t = SideArg::User)]
    side: SideArg,
    /// UNI version: 3.1 or 4.0.
    #[arg(long, value_parser = parse_uni, default_value = "4.0")]
    uni: UniVersion,
    /// Place a call to this called party (AESA in dotted hex, or E.164 digits / +digits).
    /// Repeatable.
    #[arg(long = "call", value_name = "ADDR", value_parser = parse_address)]
    call: Vec<AtmAddress>,
    /// Place N calls to the (first) --call address instead of one per --call.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_PLACED as i64))]
    calls: Option<u32>,
    /// Calling party number sent in SETUP.
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    calling: Option<AtmAddress>,
    /// SETUP from a file: its octets in hex (whitespace free, `#` comments); --call replaces
    /// its called party number. Overrides the typed SETUP options below.
    #[arg(long, value_name = "FILE")]
    setup_file: Option<PathBuf>,
    /// Service category (bearer capability and traffic descriptor shape).
    #[arg(long, value_enum, default_value_t = Category::Ubr)]
    category: Category,
    /// Bearer class.
    #[arg(long, value_enum, default_value_t = BearerArg::X)]
    bearer_class: BearerArg,
    /// Peak cell rate, both directions (cells/s).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(0..=0xFF_FFFF))]
    pcr: u32,
    /// Sustainable cell rate (VBR; cells/s).
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(0..=0xFF_FFFF))]
    scr: u32,
    /// Maximum burst size (VBR; cells).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(0..=0xFF_FFFF))]
    mbs: u32,
    /// AAL5 maximum CPCS-SDU size, both directions.
    #[arg(long, default_value_t = 9188)]
    max_sdu: u16,
    /// QoS class, both directions (0 unspecified, 1-4 ATM Forum classes).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=4))]
    qos: u8,
    /// B-LLI in SETUP.
    #[arg(long, value_enum, default_value_t = BlliArg::None)]
    blli: BlliArg,
    /// Make the calls placed point-to-multipoint (implied by --add-party).
    #[arg(long)]
    p2mp: bool,
    /// Once a placed point-to-multipoint call is active, add a party with this address.
    /// Repeatable. The added parties are dropped (cause --release-cause) before the release.
    #[arg(long = "add-party", value_name = "ADDR", value_parser = parse_address)]
    add_party: Vec<AtmAddress>,
    /// How to answer incoming calls and parties: `accept` or `reject:<cause>`.
    #[arg(long, value_parser = parse_answer, default_value = "accept")]
    answer: Answer,
    /// Per-called-address answer, `ADDR=accept` or `ADDR=reject:<cause>`. Repeatable.
    #[arg(long = "answer-for", value_name = "ADDR=ANSWER", value_parser = parse_answer_for)]
    answer_for: Vec<(AtmAddress, Answer)>,
    /// Send ALERTING (PARTY ALERTING on UNI 4.0) before accepting.
    #[arg(long)]
    alert: bool,
    /// How long a placed call stays active before it is released (e.g. 200ms, 2s).
    #[arg(long, value_parser = parse_duration, default_value = "0s")]
    hold: StdDuration,
    /// Cause of the releases (and party drops) this side starts.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u8).range(1..=127))]
    release_cause: u8,
    /// A cause with which the peer may reject a placed call without it counting as a failure.
    /// Repeatable.
    #[arg(long = "expect-cause", value_name = "CAUSE")]
    expect_cause: Vec<u8>,
    /// Incoming calls to wait for (answered and cleared) before --exit-after-calls exits.
    #[arg(long, value_name = "N", default_value_t = 0)]
    expect_incoming: u32,
    /// Exit once every call placed is done and --expect-incoming calls were cleared.
    #[arg(long)]
    exit_after_calls: bool,
    /// Exit after this long (e.g. 10s); calls still open then count as failed.
    #[arg(long, value_parser = parse_duration)]
    duration: Option<StdDuration>,
    /// Keep running this long after the last call is done (acknowledge the last PDUs).
    #[arg(long, value_parser = parse_duration, default_value = "50ms")]
    linger: StdDuration,
    /// Write every SSCOP PDU sent and received to this SunATM pcap (VPI 0 / VCI 5).
    #[arg(long)]
    pcap: Option<PathBuf>,
    /// SSCOP Timer_CC (BGN retransmission), e.g. 1s.
    #[arg(long, value_parser = parse_duration, default_value = "1s")]
    timer_cc: StdDuration,
    /// Most calls placed and not yet cleared at any time.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=65_535))]
    window: u32,
    /// Most simultaneous calls.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=65_535))]
    max_calls: u32,
}

fn parse_uni(s: &str) -> Result<UniVersion, String> {
    match s {
        "3.1" | "31" => Ok(UniVersion::Uni31),
        "4.0" | "40" | "4" => Ok(UniVersion::Uni40),
        _ => Err(format!("unknown UNI version {s:?} (3.1 or 4.0)")),
    }
}

fn parse_address(s: &str) -> Result<AtmAddress, String> {
    s.parse::<AtmAddress>().map_err(|e| format!("{e}"))
}

fn parse_answer(s: &str) -> Result<Answer, String> {
    if s == "accept" {
        return Ok(Answer::Accept);
    }
    let cause = s
        .strip_prefix("reject:")
        .ok_or_else(|| format!("{s:?}: expected accept or reject:<cause>"))?;
    let value: u8 = cause.parse().map_err(|_| format!("{cause:?}: not a cause value"))?;
    if !(1..=127).contains(&value) {
        return Err(format!("cause {value} is outside 1..=127"));
    }
    Ok(Answer::Reject(value))
}

fn parse_answer_for(s: &str) -> Result<(AtmAddress, Answer), String> {
    let (addr, answer) = s.split_once('=').ok_or_else(|| format!("{s:?}: expected ADDR=ANSWER"))?;
    Ok((parse_address(addr)?, parse_answer(answer)?))
}

/// `500ms`, `2s`, `1.5s`, `250us`, `1m`, or plain seconds.
fn parse_duration(s: &str) -> Result<StdDuration, String> {
    let (number, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = s.strip_suffix("us") {
        (n, 1e-6)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let v: f64 = number.trim().parse().map_err(|_| format!("{s:?}: not a duration"))?;
    let secs = v * scale;
    if !secs.is_finite() || !(0.0..=86_400.0 * 365.0).contains(&secs) {
        return Err(format!("{s:?}: out of range"));
    }
    Ok(StdDuration::from_secs_f64(secs))
}

/// A placed call's progress.
#[derive(Debug)]
struct Placed {
    /// Sequence number of the call in this run (1-based).
    n: u32,
    established: bool,
    /// When to start clearing (parties first, then the call).
    release_at: Option<Instant>,
    /// We sent RELEASE (or DROP PARTY for the parties).
    clearing: bool,
    /// Call control cleared on its own (timer, protocol error).
    local_clearing: bool,
    /// Parties this side added, live.
    parties: Vec<PartyHandle>,
    /// Parties added that are not yet active nor dropped.
    parties_pending: Vec<PartyHandle>,
}

/// Counts reported in the summary line.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    placed: u64,
    established: u64,
    released: u64,
    rejected: u64,
    rejected_expected: u64,
    failed: u64,
    incoming: u64,
    incoming_accepted: u64,
    incoming_rejected: u64,
    incoming_cleared: u64,
    parties_added: u64,
    parties_active: u64,
    parties_dropped: u64,
    parties_rejected: u64,
    incoming_parties: u64,
    pdus_sent: u64,
    pdus_received: u64,
    protocol_errors: u64,
}

/// The running peer.
struct Peer<'a> {
    args: &'a Args,
    side: Side,
    stack: UniStack,
    socket: UdpSocket,
    start: StdInstant,
    /// Wall-clock time at `start`, for pcap timestamps.
    epoch_nanos: u64,
    pcap: Option<SunAtmPcap>,
    template: Message,
    /// Calls still to place, by called address.
    to_place: VecDeque<AtmAddress>,
    placed: HashMap<CallHandle, Placed>,
    /// Incoming calls alive (handle → whether we accepted).
    incoming: HashMap<CallHandle, bool>,
    counts: Counts,
    link_up: bool,
    /// Sends that failed (the UDP peer not bound yet, …): SSCOP recovers them.
    send_errors: u64,
}

impl Peer<'_> {
    fn now(&self) -> Instant {
        let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        Instant::from_nanos(nanos)
    }

    fn side_name(&self) -> &'static str {
        match self.side {
            Side::User => "user",
            Side::Network => "network",
        }
    }

    fn state_name(&self, state: CallState) -> String {
        let prefix = match self.side {
            Side::User => 'U',
            Side::Network => 'N',
        };
        format!("{prefix}{}", state.number())
    }

    /// One JSON line on stdout.
    fn log(&self, now: Instant, kind: &str, call: Option<CallHandle>, extra: Value) {
        let mut obj = Map::new();
        obj.insert("t".into(), json!(now.as_nanos() as f64 / 1e9));
        obj.insert("side".into(), json!(self.side_name()));
        obj.insert("event".into(), json!(kind));
        if let Some(c) = call {
            obj.insert("call".into(), json!(c.index()));
            if let Some(p) = self.placed.get(&c) {
                obj.insert("n".into(), json!(p.n));
                obj.insert("direction".into(), json!("outgoing"));
            } else if self.incoming.contains_key(&c) {
                obj.insert("direction".into(), json!("incoming"));
            }
            let state = self.stack.calls().state(c);
            obj.insert("state".into(), json!(self.state_name(state)));
            if let Some(signaling::codec::CallReference::Value { value, .. }) =
                self.stack.calls().call_reference(c)
            {
                obj.insert("call_reference".into(), json!(value));
            }
        }
        if let Value::Object(more) = extra {
            obj.extend(more);
        }
        println!("{}", Value::Object(obj));
    }

    fn send(&mut self, now: Instant, pdu: &[u8]) {
        self.counts.pdus_sent += 1;
        self.capture(now, pdu, true);
        if self.socket.send_to(pdu, self.args.peer).is_err() {
            self.send_errors += 1;
        }
    }

    fn capture(&mut self, now: Instant, pdu: &[u8], sent: bool) {
        let at = Instant::from_nanos(self.epoch_nanos.saturating_add(now.as_nanos()));
        let user_sent = (self.side == Side::User) == sent;
        let direction = if user_sent { Direction::DteToDce } else { Direction::DceToDte };
        if let Some(p) = self.pcap.as_mut() {
            p.record(at, direction, SunAtmTraffic::Signaling, 0, SIGNALLING_VCI, pdu);
        }
    }

    fn cause(v: u8) -> CauseValue {
        CauseValue::from(v)
    }

    fn answer_for(&self, called: Option<AtmAddress>) -> Answer {
        called
            .and_then(|c| self.args.answer_for.iter().find(|(a, _)| *a == c).map(|(_, ans)| *ans))
            .unwrap_or(self.args.answer)
    }

    /// Places the calls still to place while the link is up and call slots are free.
    fn place_calls(&mut self, now: Instant) {
        // The window keeps the messages in flight within what SSCOP buffers (its transmit
        // queue and the peer's credit): each call is a handful of messages.
        while self.link_up && self.placed.len() < self.args.window as usize {
            let Some(&called) = self.to_place.front() else { break };
            let mut m = self.template;
            setup::set_called(&mut m, called);
            match self.stack.call_control().setup(now, &m) {
                Ok(call) => {
                    self.to_place.pop_front();
                    self.counts.placed += 1;
                    let n = u32::try_from(self.counts.placed).unwrap_or(u32::MAX);
                    self.placed.insert(
                        call,
                        Placed {
                            n,
                            established: false,
                            release_at: None,
                            clearing: false,
                            local_clearing: false,
                            parties: Vec::new(),
                            parties_pending: Vec::new(),
                        },
                    );
                    self.log(now, "setup_sent", Some(call), json!({"called": called.to_string()}));
                }
                Err(signaling::call::Error::TooManyCalls | signaling::call::Error::LinkDown) => {
                    break
                }
                Err(e) => {
                    self.to_place.pop_front();
                    self.counts.placed += 1;
                    self.counts.failed += 1;
                    self.log(
                        now,
                        "setup_failed",
                        None,
                        json!({"called": called.to_string(), "error": format!("{e:?}")}),
                    );
                }
            }
        }
    }

    /// Starts clearing placed calls whose hold time is over.
    fn release_due(&mut self, now: Instant) {
        let due: Vec<CallHandle> = self
            .placed
            .iter()
            .filter(|(_, p)| !p.clearing && p.release_at.is_some_and(|t| t <= now))
            .map(|(c, _)| *c)
            .collect();
        let cause = Self::cause(self.args.release_cause);
        for call in due {
            let parties = match self.placed.get_mut(&call) {
                Some(p) => {
                    p.clearing = true;
                    p.parties.clone()
                }
                None => continue,
            };
            if parties.is_empty() {
                self.release(now, call);
            } else {
                // Q.2971 §5.3: drop the added parties; the call is released once they are
                // gone (see PartyDropped).
                for party in parties {
                    let r = self.stack.call_control().drop_party(now, party, cause);
                    self.log(
                        now,
                        "drop_party_sent",
                        Some(call),
                        json!({"party": party.index(), "cause": self.args.release_cause,
                               "result": r.map_or_else(|e| format!("{e:?}"), |()| "ok".into())}),
                    );
                }
            }
        }
    }

    fn release(&mut self, now: Instant, call: CallHandle) {
        let cause = Self::cause(self.args.release_cause);
        let r = self.stack.call_control().release(now, call, cause);
        self.log(
            now,
            "release_sent",
            Some(call),
            json!({"cause": self.args.release_cause,
                   "result": r.map_or_else(|e| format!("{e:?}"), |()| "ok".into())}),
        );
    }

    /// The placed call is established: add parties or start the hold time.
    fn established(&mut self, now: Instant, call: CallHandle) {
        let hold =
            Duration::from_nanos(u64::try_from(self.args.hold.as_nanos()).unwrap_or(u64::MAX));
        let Some(p) = self.placed.get_mut(&call) else { return };
        if p.established {
            return;
        }
        p.established = true;
        self.counts.established += 1;
        if self.template.ies.endpoint_reference.is_some() && !self.args.add_party.is_empty() {
            for &addr in &self.args.add_party {
                let t = setup::add_party_template(&self.template, addr);
                match self.stack.call_control().add_party(now, call, &t) {
                    Ok(party) => {
                        self.counts.parties_added += 1;
                        if let Some(p) = self.placed.get_mut(&call) {
                            p.parties.push(party);
                            p.parties_pending.push(party);
                        }
                        self.log(
                            now,
                            "add_party_sent",
                            Some(call),
                            json!({"party": party.index(), "called": addr.to_string()}),
                        );
                    }
                    Err(e) => {
                        self.counts.failed += 1;
                        self.log(
                            now,
                            "add_party_failed",
                            Some(call),
                            json!({"error": format!("{e:?}")}),
                        );
                    }
                }
            }
        }
        if let Some(p) = self.placed.get_mut(&call) {
            if p.parties_pending.is_empty() {
                p.release_at = Some(now.saturating_add(hold));
            }
        }
    }

    /// A party of a placed call settled (active, or dropped while being added); returns
    /// whether it was pending.
    fn party_settled(&mut self, now: Instant, call: CallHandle, party: PartyHandle) -> bool {
        let hold =
            Duration::from_nanos(u64::try_from(self.args.hold.as_nanos()).unwrap_or(u64::MAX));
        let Some(p) = self.placed.get_mut(&call) else { return false };
        let Some(pos) = p.parties_pending.iter().position(|x| *x == party) else { return false };
        p.parties_pending.remove(pos);
        if p.parties_pending.is_empty() && p.release_at.is_none() {
            p.release_at = Some(now.saturating_add(hold));
        }
        true
    }

    fn answer_incoming(&mut self, now: Instant, call: CallHandle, setup: &Message) {
        self.counts.incoming += 1;
        let called = setup::called_of(setup);
        let answer = self.answer_for(called);
        self.incoming.insert(call, matches!(answer, Answer::Accept));
        self.log(
            now,
            "incoming_setup",
            Some(call),
            json!({"called": called.map(|a| a.to_string()),
                   "p2mp": setup::is_p2mp(setup)}),
        );
        match answer {
            Answer::Accept => self.counts.incoming_accepted += 1,
            Answer::Reject(_) => self.counts.incoming_rejected += 1,
        }
        let cc = self.stack.call_control();
        let result = match answer {
            Answer::Accept => {
                let alerted = if self.args.alert { cc.alerting(now, call) } else { Ok(()) };
                alerted.and_then(|()| cc.connect(now, call))
            }
            Answer::Reject(cause) => cc.reject(now, call, Self::cause(cause)),
        };
        let (kind, cause) = match answer {
            Answer::Accept => ("connect_sent", None),
            Answer::Reject(c) => ("reject_sent", Some(c)),
        };
        self.log(
            now,
            kind,
            Some(call),
            json!({"cause": cause, "alert": self.args.alert,
                   "result": result.map_or_else(|e| format!("{e:?}"), |()| "ok".into())}),
        );
    }

    fn answer_party(&mut self, now: Instant, call: CallHandle, party: PartyHandle, m: &Message) {
        self.counts.incoming_parties += 1;
        let called = setup::called_of(m);
        let answer = self.answer_for(called);
        self.log(
            now,
            "incoming_add_party",
            Some(call),
            json!({"party": party.index(), "called": called.map(|a| a.to_string())}),
        );
        let uni40 = self.args.uni == UniVersion::Uni40;
        let cc = self.stack.call_control();
        let result = match answer {
            Answer::Accept => {
                let alerted =
                    if self.args.alert && uni40 { cc.party_alerting(now, party) } else { Ok(()) };
                alerted.and_then(|()| cc.add_party_ack(now, party))
            }
            Answer::Reject(cause) => cc.add_party_reject(now, party, Self::cause(cause)),
        };
        let kind = match answer {
            Answer::Accept => "add_party_ack_sent",
            Answer::Reject(_) => "add_party_reject_sent",
        };
        self.log(
            now,
            kind,
            Some(call),
            json!({"party": party.index(),
                   "result": result.map_or_else(|e| format!("{e:?}"), |()| "ok".into())}),
        );
    }

    fn cause_json(cause: &Cause) -> Value {
        json!(u8::from(cause.value))
    }

    fn handle_event(&mut self, now: Instant, ev: Event) {
        match ev {
            Event::IncomingSetup { call, setup } => self.answer_incoming(now, call, &setup),
            Event::Proceeding { call } => self.log(now, "proceeding", Some(call), json!({})),
            Event::Alerting { call } => self.log(now, "alerting", Some(call), json!({})),
            Event::Connected { call } => {
                self.log(now, "connected", Some(call), json!({}));
                self.established(now, call);
            }
            Event::ConnectAcknowledged { call } => {
                self.log(now, "connect_acknowledged", Some(call), json!({}));
            }
            Event::Releasing { call, cause } => {
                if let Some(p) = self.placed.get_mut(&call) {
                    p.local_clearing = true;
                }
                self.log(now, "releasing", Some(call), json!({"cause": Self::cause_json(&cause)}));
            }
            Event::Released { call, cause } => self.released(now, call, &cause),
            Event::Status { call, state, cause } => self.log(
                now,
                "status",
                call,
                json!({"peer_state": format!("{state:?}"), "cause": Self::cause_json(&cause)}),
            ),
            Event::ProtocolError { call, message_type, cause } => {
                self.counts.protocol_errors += 1;
                self.log(
                    now,
                    "protocol_error",
                    call,
                    json!({"message_type": message_type.map(|m| format!("{m:?}")),
                           "cause": u8::from(cause)}),
                );
            }
            Event::Restart { target } => {
                self.log(now, "restart", None, json!({"target": format!("{target:?}")}));
            }
            Event::RestartComplete { target } => {
                self.log(now, "restart_complete", None, json!({"target": format!("{target:?}")}));
            }
            Event::RestartFailed { target } => {
                self.log(now, "restart_failed", None, json!({"target": format!("{target:?}")}));
            }
            Event::AddParty { call, party, message } => {
                self.answer_party(now, call, party, &message)
            }
            Event::PartyAlerting { call, party } => {
                self.log(now, "party_alerting", Some(call), json!({"party": party.index()}));
            }
            Event::PartyActive { call, party } => {
                self.log(now, "party_active", Some(call), json!({"party": party.index()}));
                if self.party_settled(now, call, party) {
                    self.counts.parties_active += 1;
                }
            }
            Event::PartyDropped { call, party, cause } => {
                self.party_dropped(now, call, party, &cause)
            }
            Event::ModifyRequest { call, .. } => {
                // Not one of ours to grant: refuse (Q.2963.1 §6.2; cause 63 service or
                // option not available).
                let r = self.stack.call_control().modify_reject(now, call, CauseValue::from(63));
                self.log(
                    now,
                    "modify_request",
                    Some(call),
                    json!({"result": r.map_or_else(|e| format!("{e:?}"), |()| "rejected".into())}),
                );
            }
            Event::Modified { call } => self.log(now, "modified", Some(call), json!({})),
            Event::LeafSetupRequest { request, call, .. } => {
                // The peer does not place leaf-initiated joins: refuse (UNI 4.0 LIJ; cause 63
                // service or option not available).
                let cause = Cause {
                    location: Location::User,
                    value: CauseValue::from(63),
                    diagnostic: None,
                };
                let r = self.stack.call_control().leaf_setup_failure(now, request, cause);
                self.log(
                    now,
                    "leaf_setup_request",
                    call,
                    json!({"request": request.index(),
                           "result": r.map_or_else(|e| format!("{e:?}"), |()| "refused".into())}),
                );
            }
            Event::LeafJoined { request, call, .. } => {
                self.log(now, "leaf_joined", Some(call), json!({"request": request.index()}));
            }
            Event::LeafSetupFailed { request, cause } => self.log(
                now,
                "leaf_setup_failed",
                None,
                json!({"request": request.index(), "cause": Self::cause_json(&cause)}),
            ),
            Event::ModifyRejected { call, cause } => {
                self.log(
                    now,
                    "modify_rejected",
                    Some(call),
                    json!({"cause": Self::cause_json(&cause)}),
                );
            }
            Event::ConnectionAvailable { call, confirmed } => {
                self.log(now, "connection_available", Some(call), json!({"confirmed": confirmed}));
            }
            Event::LinkDown => {
                self.link_up = false;
                self.log(now, "link_down", None, json!({}));
            }
            Event::LinkUp => {
                self.link_up = true;
                self.log(now, "link_up", None, json!({}));
            }
            Event::ConnectionIdentifier { call, id } => self.log(
                now,
                "connection_identifier",
                Some(call),
                json!({"vpci": id.vpci, "vci": id.vci}),
            ),
        }
    }

    fn party_dropped(&mut self, now: Instant, call: CallHandle, party: PartyHandle, cause: &Cause) {
        self.log(
            now,
            "party_dropped",
            Some(call),
            json!({"party": party.index(), "cause": Self::cause_json(cause)}),
        );
        let value = u8::from(cause.value);
        let Some(p) = self.placed.get_mut(&call) else { return };
        let Some(pos) = p.parties.iter().position(|x| *x == party) else { return };
        p.parties.remove(pos);
        let clearing = p.clearing;
        let call_done = clearing && p.parties.is_empty();
        if self.party_settled(now, call, party) {
            // Rejected (or timed out) while being added.
            self.counts.parties_rejected += 1;
            if !self.args.expect_cause.contains(&value) {
                self.counts.failed += 1;
            }
        } else {
            self.counts.parties_dropped += 1;
            // Dropped by the peer while active, for another reason than normal clearing.
            if !clearing && !matches!(value, 16 | 31) && !self.args.expect_cause.contains(&value) {
                self.counts.failed += 1;
            }
        }
        if call_done {
            self.release(now, call);
        }
    }

    fn released(&mut self, now: Instant, call: CallHandle, cause: &Cause) {
        let value = u8::from(cause.value);
        self.log(now, "released", Some(call), json!({"cause": value}));
        if let Some(p) = self.placed.remove(&call) {
            if p.established {
                self.counts.released += 1;
                // Cleared by call control itself (timer, protocol error), or by the peer
                // for another reason than normal clearing, before we released.
                let peer_abnormal = !p.clearing && !matches!(value, 16 | 31);
                if p.local_clearing || peer_abnormal {
                    self.counts.failed += 1;
                }
            } else {
                self.counts.rejected += 1;
                if self.args.expect_cause.contains(&value) && !p.local_clearing {
                    self.counts.rejected_expected += 1;
                } else {
                    self.counts.failed += 1;
                }
            }
        } else if self.incoming.remove(&call).is_some() {
            self.counts.incoming_cleared += 1;
        }
    }

    /// Every call placed and the expected incoming ones are done.
    fn done(&self) -> bool {
        self.to_place.is_empty()
            && self.placed.is_empty()
            && self.incoming.is_empty()
            && self.counts.incoming_cleared >= u64::from(self.args.expect_incoming)
    }

    /// Drains the stack: PDUs to the socket, events to the handlers (which may queue more).
    fn pump(&mut self, now: Instant) {
        // Bounded: each round empties the stack's (bounded) queues.
        for _ in 0..64 {
            // Requests first, so that what they queue goes out in this round.
            self.place_calls(now);
            self.release_due(now);
            let mut moved = false;
            while let Some(pdu) = self.stack.poll_transmit(now) {
                moved = true;
                self.send(now, &pdu);
            }
            while let Some(ev) = self.stack.poll_event() {
                moved = true;
                self.handle_event(now, ev);
            }
            if !moved {
                break;
            }
        }
    }

    /// The earliest of the stack's deadline and our hold timers.
    fn next_deadline(&self) -> Option<Instant> {
        let holds = self.placed.values().filter(|p| !p.clearing).filter_map(|p| p.release_at);
        self.stack.poll_timeout().into_iter().chain(holds).min()
    }

    fn summary(&self, now: Instant) {
        let c = self.counts;
        let counters = self.stack.calls().counters();
        self.log(
            now,
            "summary",
            None,
            json!({
                "placed": c.placed, "established": c.established, "released": c.released,
                "rejected": c.rejected, "rejected_expected": c.rejected_expected,
                "failed": c.failed, "incoming": c.incoming,
                "incoming_accepted": c.incoming_accepted,
                "incoming_rejected": c.incoming_rejected,
                "incoming_cleared": c.incoming_cleared,
                "parties_added": c.parties_added, "parties_active": c.parties_active,
                "parties_dropped": c.parties_dropped, "parties_rejected": c.parties_rejected,
                "incoming_parties": c.incoming_parties,
                "pdus_sent": c.pdus_sent, "pdus_received": c.pdus_received,
                "protocol_errors": c.protocol_errors, "send_errors": self.send_errors,
                "discarded": counters.discarded,
                "dropped": self.stack.dropped(),
                "pcap_records": self.pcap.as_ref().map(SunAtmPcap::records),
            }),
        );
    }
}

/// Runs `atmctl signal`.
pub fn run(args: &Args) -> Result<(), String> {
    let side = match args.side {
        SideArg::User => Side::User,
        SideArg::Network => Side::Network,
    };
    let mut template = match &args.setup_file {
        Some(path) => setup::setup_from_file(path, args.uni, side == Side::User)?,
        None => setup::typed_setup(
            &TypedSetup {
                category: args.category,
                bearer: args.bearer_class,
                pcr: args.pcr,
                scr: args.scr,
                mbs: args.mbs,
                max_sdu: args.max_sdu,
                qos: args.qos,
                blli: args.blli,
                calling: args.calling,
                p2mp: args.p2mp || !args.add_party.is_empty(),
            },
            args.uni,
            // Replaced per call.
            AtmAddress::E164("0".parse().map_err(|e| format!("{e}"))?),
        ),
    };
    if args.setup_file.is_some() && (args.p2mp || !args.add_party.is_empty()) {
        setup::make_p2mp(&mut template);
    }
    let mut to_place = VecDeque::new();
    match (args.calls, args.call.first()) {
        (Some(n), Some(&addr)) => to_place.extend(std::iter::repeat_n(addr, n as usize)),
        (Some(_), None) => return Err("--calls needs a --call address".into()),
        (None, _) => to_place.extend(args.call.iter().copied()),
    }
    if to_place.len() > MAX_PLACED as usize {
        return Err(format!("at most {MAX_PLACED} calls per run"));
    }
    if to_place.is_empty() && args.setup_file.is_some() {
        // The file's own called party number.
        let called = setup::called_of(&template)
            .ok_or("the SETUP file has no usable called party number; give --call")?;
        to_place.push_back(called);
    }

    let mut call_cfg = Config::new(side);
    call_cfg.version = args.uni;
    call_cfg.max_calls = args.max_calls;
    let sscop_cfg = sscop::Config {
        timer_cc: Duration::from_nanos(u64::try_from(args.timer_cc.as_nanos()).unwrap_or(u64::MAX)),
        ..sscop::Config::default()
    };
    let stack = UniStack::new(sscop_cfg, call_cfg).map_err(|e| format!("configuration: {e:?}"))?;
    let socket = UdpSocket::bind(args.local).map_err(|e| format!("bind {}: {e}", args.local))?;
    let epoch_nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    let mut peer = Peer {
        args,
        side,
        stack,
        socket,
        start: StdInstant::now(),
        epoch_nanos,
        pcap: args.pcap.as_ref().map(|_| SunAtmPcap::new(PCAP_LIMIT)),
        template,
        to_place,
        placed: HashMap::new(),
        incoming: HashMap::new(),
        counts: Counts::default(),
        link_up: false,
        send_errors: 0,
    };
    let local = peer.socket.local_addr().map_err(|e| format!("local address: {e}"))?;
    let now = peer.now();
    peer.log(
        now,
        "start",
        None,
        json!({"local": local.to_string(), "peer": args.peer.to_string(),
               "uni": match args.uni { UniVersion::Uni31 => "3.1", UniVersion::Uni40 => "4.0" },
               "calls": peer.to_place.len()}),
    );
    peer.stack.start(now);
    let result = event_loop(&mut peer);
    let now = peer.now();
    // Calls never placed (the link never came up) or still open count as failed.
    let open = peer.to_place.len() + peer.placed.len();
    peer.counts.failed += open as u64;
    peer.summary(now);
    if let (Some(path), Some(p)) = (&args.pcap, &peer.pcap) {
        std::fs::write(path, p.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    result?;
    let c = peer.counts;
    if c.failed > 0 {
        return Err(format!("{} call(s) failed", c.failed));
    }
    if c.incoming_cleared < u64::from(args.expect_incoming) {
        return Err(format!(
            "{} of {} expected incoming calls cleared",
            c.incoming_cleared, args.expect_incoming
        ));
    }
    Ok(())
}

fn to_hal(d: StdDuration) -> Duration {
    Duration::from_nanos(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn event_loop(peer: &mut Peer<'_>) -> Result<(), String> {
    let args = peer.args;
    let end = args.duration.map(to_hal).map(|d| peer.now().saturating_add(d));
    let mut done_at: Option<Instant> = None;
    let mut buf = vec![0u8; MAX_DATAGRAM];
    loop {
        let now = peer.now();
        if peer.stack.poll_timeout().is_some_and(|t| t <= now) {
            peer.stack.handle_timeout(now);
        }
        peer.pump(now);
        if args.exit_after_calls && peer.done() {
            let at = *done_at.get_or_insert(now.saturating_add(to_hal(args.linger)));
            if now >= at {
                return Ok(());
            }
        }
        if end.is_some_and(|e| now >= e) {
            return Ok(());
        }
        let deadline = [peer.next_deadline(), end, done_at].into_iter().flatten().min();
        // At least 1 ms (a zero read timeout is refused), at most 1 s.
        let wait = deadline.map_or(StdDuration::from_secs(1), |d| {
            StdDuration::from_nanos(d.saturating_duration_since(now).as_nanos())
        });
        let wait = wait.clamp(StdDuration::from_millis(1), StdDuration::from_secs(1));
        peer.socket.set_read_timeout(Some(wait)).map_err(|e| format!("socket: {e}"))?;
        match peer.socket.recv_from(&mut buf) {
            Ok((n, from)) => {
                let now = peer.now();
                let Some(pdu) = buf.get(..n) else { continue };
                if from != args.peer {
                    peer.log(
                        now,
                        "foreign_datagram",
                        None,
                        json!({"from": from.to_string(), "len": n}),
                    );
                    continue;
                }
                peer.counts.pdus_received += 1;
                peer.capture(now, pdu, false);
                peer.stack.handle_pdu(now, pdu);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock
                        | ErrorKind::TimedOut
                        | ErrorKind::Interrupted
                        | ErrorKind::ConnectionRefused
                        | ErrorKind::ConnectionReset
                ) => {}
            Err(e) => return Err(format!("receive: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms").unwrap(), StdDuration::from_millis(250));
        assert_eq!(parse_duration("2s").unwrap(), StdDuration::from_secs(2));
        assert_eq!(parse_duration("1.5s").unwrap(), StdDuration::from_millis(1500));
        assert_eq!(parse_duration("1m").unwrap(), StdDuration::from_secs(60));
        assert_eq!(parse_duration("40us").unwrap(), StdDuration::from_micros(40));
        assert_eq!(parse_duration("3").unwrap(), StdDuration::from_secs(3));
        for bad in ["", "s", "-1s", "soon", "NaNs", "1e30s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn answers() {
        assert_eq!(parse_answer("accept").unwrap(), Answer::Accept);
        assert_eq!(parse_answer("reject:21").unwrap(), Answer::Reject(21));
        for bad in ["reject", "reject:0", "reject:128", "reject:x", "ok"] {
            assert!(parse_answer(bad).is_err(), "{bad}");
        }
        let (addr, answer) = parse_answer_for("5550100=reject:17").unwrap();
        assert_eq!(addr.to_string(), "5550100");
        assert_eq!(answer, Answer::Reject(17));
        assert!(parse_answer_for("5550100").is_err());
        assert!(parse_answer_for("zz=accept").is_err());
    }

    #[test]
    fn uni_versions() {
        assert_eq!(parse_uni("3.1").unwrap(), UniVersion::Uni31);
        assert_eq!(parse_uni("4.0").unwrap(), UniVersion::Uni40);
        assert!(parse_uni("3.0").is_err());
    }
}
